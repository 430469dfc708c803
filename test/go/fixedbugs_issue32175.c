// Port of Go 1.19 test/fixedbugs/issue32175.go: `defer func() func() {
// return func() { println(x) } }()()` - the function value deferred is the
// result of a call made at the defer statement, and the closure it returns
// reads the named result x by reference when it runs (Go once captured x by
// value and printed 0). Here the call at the defer statement returns a
// function pointer, deferred with the address of the result
// (&cdefer_result(int)); the callee and the argument are both evaluated at
// the defer statement (SPEC 3.1), x is read when the call runs.
// Expected output: Inputs/fixedbugs_issue32175.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32175.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32175.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32175.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32175.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32175.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32175.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void print_x(const int *x) { fprintf(stderr, "%d\n", *x); }

typedef void (*printer)(const int *);
static printer f_func1(void) { return print_x; }

static int f(void) {
  __attribute__((defer)) f_func1()(&cdefer_result(int));
  return 42;
}

int main(void) {
  f();
  printf("ok\n");
  return 0;
}
