// Port of Go 1.19 test/fixedbugs/bug293.go: a deferred closure increments
// a named result after `return` (bare, after assigning both results; and
// `return y()`). The results (a int, b bool) -> a struct; Go's named result
// a in the closure -> cdefer_result(struct r).a; the bare return of the
// assigned results -> returning the locals they were assigned to.
// Expected output: Inputs/fixedbugs_bug293.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug293.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug293.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug293.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug293.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug293.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug293.check

#include <defer.h>
#include <stdbool.h>
#include <stdio.h>
#include "Inputs/goport.h"

struct r {
  long a;
  bool b;
};

static struct r y(void) { return (struct r){4, false}; }

static struct r x(void) {
  __attribute__((defer)) { cdefer_result(struct r).a++; }
  struct r ab = y();
  return ab;
}

static struct r x2(void) {
  __attribute__((defer)) { cdefer_result(struct r).a++; }
  return y();
}

int main(void) {
  long a;
  if ((a = x().a) != 5)
    fprintf(stderr, "BUG %ld\n", a);
  if ((a = x2().a) != 5)
    fprintf(stderr, "BUG %ld\n", a);
  printf("ok\n");
  return 0;
}
