// Port of Go 1.19 test/fixedbugs/bug266.go: a function that recovers from
// a panic before any return ran returns the zero value, even when a
// previous call (g) left another value where the result is kept.
// Expected output: Inputs/fixedbugs_bug266.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug266.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug266.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug266.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug266.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug266.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug266.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static int f(void) {
  __attribute__((defer)) { recover(); }
  panic("oops");
}

__attribute__((noinline)) static int g(void) { return 12345; }

int main(void) {
  g(); /* leave 12345 on stack */
  int x = f();
  if (x != 0)
    panic("%d", x);
  printf("ok\n");
  return 0;
}
