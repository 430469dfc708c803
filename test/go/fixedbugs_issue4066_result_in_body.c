// Go 1.19 test/fixedbugs/issue4066.go with the named result written as Go
// writes it: in the function's body, through cdefer_result(int), before a
// call that panics; the deferred block only recovers. Go returns 2.
//
// XFAIL: *
// cdefer defect: cdefer_result(T) used outside deferred code compiles
// without a diagnostic (docs say deferred code only) and gives a result
// that depends on the lowering: the open-coded lowering returns 0 (the
// zero of "no return ran"), the chained and pooled ones return 2. Either a
// `cdefer:` compile error or Go's 2 everywhere would do.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void foo1(void) { panic("terr"); }

static int foo(void) {
  cdefer_result(int) = 0;
  __attribute__((defer)) { recover(); }
  for (;;) {
    cdefer_result(int) = 2;
    foo1();
  }
  panic("unreachable");
}

int main(void) {
  int n = foo();
  if (n != 2) {
    fprintf(stderr, "%d\n", n);
    panic("wrong return value");
  }
  printf("ok\n");
  return 0;
}
