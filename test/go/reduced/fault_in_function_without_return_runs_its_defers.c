// Reduced from Go 1.19 test/fixedbugs/issue40629.go: a fault in a function
// whose end is unreachable (an endless loop follows) runs the function's
// deferred calls, which may recover; the function then returns normally.
// This checks it in every lowering at -O0 and -O2: the open-coded frame
// runs its block from the fault (it has no return for its not-returned
// bit), and the chained and pooled frames come back to the caller instead
// of landing at a bad address after the recovery.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | FileCheck %s

#include <defer.h>
#include <stdio.h>

static long *volatile g;

static void f(void) {
  __attribute__((defer)) { printf("recovered: %d\n", recover() != NULL); }
  *g = 0;
  for (;;) {
  }
}

int main(void) {
  cdefer_enable_fault_panics();
  f();
  printf("returned normally\n");
  return 0;
}

// CHECK: recovered: 1
// CHECK-NEXT: returned normally
