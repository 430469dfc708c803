// A panic raised while an older panic's unwind runs outside a deferred call
// - here by a signal handler that interrupts the walk while it asks a
// frame's personality routine - aborts the older panic once it passes the
// frame that unwind is in, as a panic raised by a deferred call does (issue
// 13: runtime state under nested panics). Recovering the newer panic then
// ends both; the older one is not left on the chain, to be reported with a
// later unrecovered panic or to block nothing. (A timer whose handler panics
// hits the same window at random; the personality routine, of a frame
// written in assembly, makes it deterministic.)
//
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %S/../expect-exit.sh 2 %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2
// RUN: %S/../expect-exit.sh 2 %run %t.O2 2>&1 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g 2>&1 | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g 2>&1 | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained
// RUN: %S/../expect-exit.sh 2 %run %t.chained 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pooled
// RUN: %S/../expect-exit.sh 2 %run %t.pooled 2>&1 | FileCheck %s

#include <defer.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unwind.h>

static volatile sig_atomic_t interrupt_next_walk;

static void on_usr1(int sig) {
  (void)sig;
  panic("from a signal handler");
}

/* The personality of through_personality: the walk of a panic calls it. */
_Unwind_Reason_Code test_personality(int version, _Unwind_Action actions,
                                     _Unwind_Exception_Class cls,
                                     struct _Unwind_Exception *exc,
                                     struct _Unwind_Context *context) {
  (void)version, (void)actions, (void)cls, (void)exc, (void)context;
  if (interrupt_next_walk) {
    interrupt_next_walk = 0;
    raise(SIGUSR1);
  }
  return _URC_CONTINUE_UNWIND;
}

/* through_personality(fn) calls fn(); its frame's personality is
 * test_personality. */
void through_personality(void (*fn)(int), int arg);
__asm__(".text\n"
        ".globl through_personality\n"
        ".type through_personality, @function\n"
        "through_personality:\n"
        "  .cfi_startproc\n"
        "  .cfi_personality 0x9b, DW.ref.test_personality\n"
        "  pushq %rbp\n"
        "  .cfi_def_cfa_offset 16\n"
        "  .cfi_offset rbp, -16\n"
        "  movq %rsp, %rbp\n"
        "  .cfi_def_cfa_register rbp\n"
        "  movq %rdi, %rax\n"
        "  movl %esi, %edi\n"
        "  callq *%rax\n"
        "  popq %rbp\n"
        "  .cfi_def_cfa rsp, 8\n"
        "  retq\n"
        "  .cfi_endproc\n"
        ".size through_personality, .-through_personality\n"
        ".hidden DW.ref.test_personality\n"
        ".weak DW.ref.test_personality\n"
        ".section .data.DW.ref.test_personality,\"awG\",@progbits,"
        "DW.ref.test_personality,comdat\n"
        ".p2align 3\n"
        ".type DW.ref.test_personality, @object\n"
        ".size DW.ref.test_personality, 8\n"
        "DW.ref.test_personality:\n"
        "  .quad test_personality\n"
        ".text\n");

static void recoverer(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

static void say(const char *s) { printf("deferred %s\n", s); }

__attribute__((noinline)) static void first(int n) {
  __attribute__((defer)) say("first");
  panic("first %d", n);
}

__attribute__((noinline)) static void recovers(int n) {
  __attribute__((defer)) recoverer();
  __attribute__((defer)) say("recovers");
  interrupt_next_walk = 1;
  through_personality(first, n);
  printf("NOT REACHED recovers\n");
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGUSR1, &sa, NULL);
  recovers(1);
  recovers(2);
  fflush(stdout);
  panic("final");
}

// CHECK-NOT:  panic:
// CHECK:      deferred first
// CHECK-NEXT: deferred recovers
// CHECK-NEXT: recovered: from a signal handler
// CHECK-NEXT: deferred first
// CHECK-NEXT: deferred recovers
// CHECK-NEXT: recovered: from a signal handler
// CHECK-NEXT: {{^}}panic: final{{$}}
// CHECK-EMPTY:
// CHECK-NEXT: backtrace of the panic site:
// CHECK-NOT:  panic:
