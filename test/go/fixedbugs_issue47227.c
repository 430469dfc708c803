// Port of Go 1.19 test/fixedbugs/issue47227.go: deferring a cgo call,
// `defer C.f(&x)`, in a closure called at once. Here f is an ordinary
// extern C function (Go defines it in the cgo preamble), deferred in a
// helper that stands for the closure.
// Expected output: Inputs/fixedbugs_issue47227.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue47227.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue47227.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue47227.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue47227.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue47227.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue47227.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

__attribute__((noinline)) void f(int *p) { *p = 0x12345678; }

static void main_func1(int *x) { __attribute__((defer)) f(x); }

int main(void) {
  int x = 0;
  main_func1(&x);
  if (x != 0x12345678)
    panic("FAIL");
  printf("ok\n");
  return 0;
}
