// Faults that cannot become panics are fatal errors with a clear message
// (SPEC.md 3.10, issue 4): a fault while the runtime itself runs (here,
// formatting a panic message from a bad pointer), a fault in a signal
// handler running on the signal stack (a second fault there too), and a
// stack overflow. Each dies of SIGABRT after one line on stderr; no
// deferred call runs. A fault before cdefer_enable_fault_panics() and a
// SIGSEGV sent by raise() are not panics: the process dies of SIGSEGV.
//
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g %}
// RUN: %cdefer-cc -O2 %s -o %t.O2
// RUN: %if !sampled %{ %S/../expect-exit.sh 134 %run %t.O0g runtime 2>&1 | FileCheck %s --check-prefix=RUNTIME %}
// RUN: %S/../expect-exit.sh 134 %run %t.O2 runtime 2>&1 | FileCheck %s --check-prefix=RUNTIME
// RUN: %if !sampled %{ %S/../expect-exit.sh 134 %run %t.O0g signal-stack 2>&1 | FileCheck %s --check-prefix=SIGSTACK %}
// RUN: %S/../expect-exit.sh 134 %run %t.O2 signal-stack 2>&1 | FileCheck %s --check-prefix=SIGSTACK
// RUN: %if !sampled %{ %S/../expect-exit.sh 134 %run %t.O0g overflow 2>&1 | FileCheck %s --check-prefix=OVERFLOW %}
// RUN: %S/../expect-exit.sh 134 %run %t.O2 overflow 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// RUN: %S/../expect-exit.sh 139 %run %t.O2 not-enabled 2>&1 | FileCheck %s --check-prefix=PLAIN
// RUN: %S/../expect-exit.sh 139 %run %t.O2 raise 2>&1 | FileCheck %s --check-prefix=PLAIN
//
// ASan and valgrind catch these faults themselves:
// UNSUPPORTED: asan, valgrind

#include <defer.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static int *volatile null_pointer;
static const char *volatile bad_string = (const char *)16;

static void say(const char *what) { printf("deferred %s\n", what); }

// RUNTIME-NOT:  panic:
// RUNTIME:      cdefer: fatal error: fault in the cdefer runtime while formatting a panic message (is an argument of the format a bad pointer?) (SIGSEGV, fault address 0x10, pc 0x{{[0-9a-f]+}})
// RUNTIME-NOT:  panic:
// RUNTIME-NOT:  deferred
static void runtime_fault(void) {
  __attribute__((defer)) say("in runtime_fault");
  panic("message from %s", bad_string);
}

// SIGSTACK:     cdefer: fatal error: fault on the signal stack (in a signal handler, or a second fault while handling one) (SIGSEGV, fault address 0x0, pc 0x{{[0-9a-f]+}})
// SIGSTACK-NOT: deferred
static void on_usr1(int sig) {
  (void)sig;
  *null_pointer = 1;
}

static void signal_stack_fault(void) {
  __attribute__((defer)) say("in signal_stack_fault");
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_ONSTACK;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1);
}

// OVERFLOW:     cdefer: fatal error: stack overflow (SIGSEGV, fault address 0x{{[0-9a-f]+}}, pc 0x{{[0-9a-f]+}})
// OVERFLOW-NOT: deferred
__attribute__((noinline)) static int recurse(volatile int n) {
  volatile char pad[256];
  pad[n & 255] = (char)n;
  __attribute__((defer)) { pad[0]++; }
  return recurse(n + 1) + pad[3];
}

// PLAIN-NOT: panic
// PLAIN-NOT: deferred
// PLAIN-NOT: cdefer

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  if (strcmp(what, "not-enabled") == 0)
    return *null_pointer;
  cdefer_enable_fault_panics();
  if (strcmp(what, "runtime") == 0)
    runtime_fault();
  else if (strcmp(what, "signal-stack") == 0)
    signal_stack_fault();
  else if (strcmp(what, "overflow") == 0)
    return recurse(0);
  else if (strcmp(what, "raise") == 0)
    raise(SIGSEGV);
  return 0;
}
