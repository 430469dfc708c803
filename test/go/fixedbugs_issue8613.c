// Port of Go 1.19 test/fixedbugs/issue8613.go: integer division by a zero
// variable panics however its result is used: stored to a global (test1),
// discarded (test2, test3), in a noinline function (test4). With
// cdefer_enable_fault_panics() the SIGFPE becomes the panic. C's compiler
// deletes a division whose result is unused and may compute 1 / x without
// dividing, so the operands are volatile and every quotient is stored to a
// volatile (for test2..test4 that is the port's "_ ="). test4 passes
// divby a volatile zero, not a literal 0: clang propagates a constant
// argument into a noinline function and deletes the division it makes
// undefined.
// Expected output: Inputs/fixedbugs_issue8613.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8613.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8613.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8613.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8613.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8613.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8613.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static volatile long out;
static volatile long zero;
static volatile long one = 1;
static volatile long discard;

static void wantPanic(const char *test, void (*fn)(void)) {
  __attribute__((defer)) {
    if (recover() == NULL)
      panic("%s: expected panic", test);
  }
  fn();
}

__attribute__((noinline)) static void divby(long v) { discard = one / v; }

static void test1(void) { out = one / zero; }
static void test2(void) { discard = one / zero; }
static void test3(void) {
  volatile long v = 0;
  discard = one / v;
}
static void test4(void) { divby(zero); /* Go: divby(0) */ }

int main(void) {
  cdefer_enable_fault_panics();
  wantPanic("test1", test1);
  wantPanic("test2", test2);
  wantPanic("test3", test3);
  wantPanic("test4", test4);
  printf("ok\n");
  return 0;
}
