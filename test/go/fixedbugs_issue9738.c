// Port of Go 1.19 test/fixedbugs/issue9738.go: a deferred closure reads the
// named result after `return 42` (cdefer_result(int)).
// Expected output: Inputs/fixedbugs_issue9738.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue9738.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue9738.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue9738.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue9738.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue9738.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue9738.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static int F(void) {
  __attribute__((defer)) {
    if (cdefer_result(int) != 42)
      fprintf(stderr, "BUG: x = %d\n", cdefer_result(int));
  }
  return 42;
}

int main(void) {
  F();
  printf("ok\n");
  return 0;
}
