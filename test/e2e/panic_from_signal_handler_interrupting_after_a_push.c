// A panic raised by a signal handler walks into the interrupted frame at the
// exact pc that was interrupted, not one byte before it as for a return
// address: LLVM 19's libunwind looks the frame past a signal frame up at
// pc - 1, which (here, right after a push that moved the CFA, or at a
// function's first instruction) is the wrong row or the wrong function, so
// the walk went astray - the panic was reported as unrecovered, or
// libunwind asserted. The walk now steps such a frame itself when a row can
// hold its rules. Each function here traps (ud2, SIGILL) right after its
// first push, and at its first instruction; the handler panics; a deferred
// call further out recovers.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
//
// valgrind does not deliver the trap at the instruction's own pc:
// UNSUPPORTED: valgrind

#include <defer.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* trap_after_push: push %rbx, then ud2; trap_at_entry: ud2 first. The
 * handler never returns, so neither needs more. */
void trap_after_push(void);
void trap_at_entry(void);
__asm__(".text\n"
        ".globl trap_after_push\n"
        ".type trap_after_push, @function\n"
        "trap_after_push:\n"
        "  .cfi_startproc\n"
        "  pushq %rbx\n"
        "  .cfi_def_cfa_offset 16\n"
        "  .cfi_offset rbx, -16\n"
        "  ud2\n"
        "  .cfi_endproc\n"
        ".size trap_after_push, .-trap_after_push\n"
        ".globl trap_at_entry\n"
        ".type trap_at_entry, @function\n"
        "trap_at_entry:\n"
        "  .cfi_startproc\n"
        "  ud2\n"
        "  .cfi_endproc\n"
        ".size trap_at_entry, .-trap_at_entry\n");

static void on_sigill(int sig) {
  (void)sig;
  panic("from the SIGILL handler");
}

static void recoverer(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

static void say(const char *s) { printf("deferred %s\n", s); }

__attribute__((noinline)) static void calls(void (*trap)(void)) {
  __attribute__((defer)) say("calls");
  trap();
  printf("NOT REACHED calls\n");
}

__attribute__((noinline)) static int recovers(void (*trap)(void)) {
  __attribute__((defer)) recoverer();
  calls(trap);
  return 1;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigill;
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGILL, &sa, NULL);
  for (int i = 0; i < 2; i++) {
    printf("returned %d\n", recovers(trap_after_push));
    printf("returned %d\n", recovers(trap_at_entry));
  }
  return 0;
}

// CHECK:      deferred calls
// CHECK-NEXT: recovered: from the SIGILL handler
// CHECK-NEXT: returned 0
// CHECK-NEXT: deferred calls
// CHECK-NEXT: recovered: from the SIGILL handler
// CHECK-NEXT: returned 0
// CHECK-NEXT: deferred calls
// CHECK-NEXT: recovered: from the SIGILL handler
// CHECK-NEXT: returned 0
// CHECK-NEXT: deferred calls
// CHECK-NEXT: recovered: from the SIGILL handler
// CHECK-NEXT: returned 0
// CHECK-NOT:  {{.}}
