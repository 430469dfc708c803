// Reduced from Go 1.19 test/recover.go test4 and test/recover1.go test5,
// test6: `defer recover()` inside a function F that runs as a deferred call
// during a panic recovers that panic when F returns (Go: recover is then
// called by F's own deferreturn, "like a normal call from this func").
// This checks it in every lowering at -O0 and -O2, both when F's deferred
// calls run at its return (case 1) and when F has recovered a nested panic
// of its own, so that its remaining deferred calls run from the runtime
// (case 2).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | FileCheck %s

#include <defer.h>
#include <stdio.h>

static void inner(void) { __attribute__((defer)) recover(); }

static void case1(void) {
  __attribute__((defer)) inner();
  panic("1");
}

static void stop(void) { recover(); }

static void helper(void) {
  __attribute__((defer)) recover(); /* recovers "2" once "3" is stopped */
  __attribute__((defer)) stop();
  panic("3");
}

static void case2(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    printf("case2: left for the outer deferred call: %s\n",
           p ? cdefer_panic_message(p) : "nothing");
  }
  __attribute__((defer)) helper();
  panic("2");
}

int main(void) {
  case1();
  printf("case1 recovered\n");
  case2();
  return 0;
}

// CHECK: case1 recovered
// CHECK-NEXT: case2: left for the outer deferred call: nothing
