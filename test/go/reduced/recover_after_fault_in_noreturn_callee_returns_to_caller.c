// Reduced from Go 1.19 test/fixedbugs/issue32288.go: f calls spin, which
// faults inside an endless loop; f's deferred block recovers, and f returns
// normally to main.
// This checks it in every lowering at -O0 and -O2, where clang infers spin
// noreturn and nounwind, so f's call of spin has no landing pad and is
// followed by `unreachable`: f must still return to main, not land at a
// bad address and run its block again.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | FileCheck %s

#include <defer.h>
#include <stdio.h>

static volatile int *volatile g;

__attribute__((noinline)) static void spin(void) {
  for (;;)
    *g = 0; /* faults at once */
}

static void f(void) {
  __attribute__((defer)) { printf("recovered: %d\n", recover() != NULL); }
  spin();
}

int main(void) {
  cdefer_enable_fault_panics();
  f();
  printf("returned normally\n");
  return 0;
}

// CHECK: recovered: 1
// CHECK-NEXT: returned normally
