// Port of Go 1.19 test/fixedbugs/issue14725.go: a recovering deferred
// closure sets the named result x = 1 after panic(nil): in a defer inside
// an endless loop (f1), with x's address escaped (f2, f3), and after a
// plain return (f3(false)). Named result -> cdefer_result(int). Go's
// `sink = &x` (the result's address escapes) -> a deferred call given
// &cdefer_result(int), the one way C code may take the result's address
// (it runs last, so it does not change what the test checks). panic(nil)
// -> panic("nil") (Go 1.19's panic(nil) is recovered like any other).
// Expected output: Inputs/fixedbugs_issue14725.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue14725.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue14725.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue14725.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue14725.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue14725.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue14725.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static int *volatile sink;

static void keep(int *x) { sink = x; }

static int f1(void) {
  for (;;) {
    __attribute__((defer)) {
      recover();
      cdefer_result(int) = 1;
    }
    panic("nil");
  }
}

static int f2(void) {
  __attribute__((defer)) keep(&cdefer_result(int)); /* sink = &x */
  __attribute__((defer)) {
    recover();
    cdefer_result(int) = 1;
  }
  panic("nil");
}

static int f3(int b) {
  __attribute__((defer)) keep(&cdefer_result(int)); /* sink = &x */
  __attribute__((defer)) {
    recover();
    cdefer_result(int) = 1;
  }
  if (b)
    panic("nil");
  return 0; /* Go: a bare return of x, 0 here */
}

int main(void) {
  int x;
  if ((x = f1()) != 1)
    panic("f1 returned %d, wanted 1", x);
  if ((x = f2()) != 1)
    panic("f2 returned %d, wanted 1", x);
  if ((x = f3(1)) != 1)
    panic("f3(true) returned %d, wanted 1", x);
  if ((x = f3(0)) != 1)
    panic("f3(false) returned %d, wanted 1", x);
  printf("ok\n");
  return 0;
}
