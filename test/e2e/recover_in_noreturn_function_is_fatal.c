// A function declared noreturn cannot return, so when a deferred call
// recovers a panic in it (raised by a call, or by a fault) the process ends
// with a clear fatal error naming the function, instead of returning into
// code the caller does not have.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %S/../expect-exit.sh 134 %run %t.O0 call 2>&1 | FileCheck %s --check-prefix=CALL
// RUN: %S/../expect-exit.sh 134 %run %t.O0 fault 2>&1 | FileCheck %s --check-prefix=FAULT
// RUN: %cdefer-cc -O2 %s -o %t.O2
// RUN: %S/../expect-exit.sh 134 %run %t.O2 call 2>&1 | FileCheck %s --check-prefix=CALL
// RUN: %S/../expect-exit.sh 134 %run %t.O2 fault 2>&1 | FileCheck %s --check-prefix=FAULT
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack
// RUN: %S/../expect-exit.sh 134 %run %t.stack call 2>&1 | FileCheck %s --check-prefix=CALL
// RUN: %S/../expect-exit.sh 134 %run %t.stack fault 2>&1 | FileCheck %s --check-prefix=FAULT
// Valgrind reports the faulting access itself (docs/limits.md).
// UNSUPPORTED: valgrind

#include <defer.h>
#include <stdio.h>
#include <string.h>

static int *volatile nowhere;

static __attribute__((noinline)) void fails(void) { panic("boom"); }

static _Noreturn void serve_call(void) {
  __attribute__((defer)) {
    if (recover() != NULL)
      printf("recovered in serve_call\n");
  }
  fails();
  for (;;)
    ;
}

static _Noreturn void serve_fault(void) {
  __attribute__((defer)) {
    if (recover() != NULL)
      printf("recovered in serve_fault\n");
  }
  for (;;)
    *nowhere = 1;
}

int main(int argc, char **argv) {
  cdefer_enable_fault_panics();
  if (argc > 1 && strcmp(argv[1], "fault") == 0)
    serve_fault();
  serve_call();
}

// CALL:      recovered in serve_call
// CALL-NEXT: cdefer: fatal error: a deferred call recovered a panic in serve_call, which is declared noreturn and cannot return
// FAULT:      recovered in serve_fault
// FAULT-NEXT: cdefer: fatal error: a deferred call recovered a panic in serve_fault, which is declared noreturn and cannot return
