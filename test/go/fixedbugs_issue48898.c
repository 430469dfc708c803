// Port of Go 1.19 test/fixedbugs/issue48898.go: nested panics, a deferred
// panic call (`defer panic(3)`: here a deferred call of cdefer_panic
// itself), recovers at several levels, then a panic(4) that must run a
// pending `defer print(x)` on its way out to main's deferred closure,
// which prints the recovered value (Go once skipped that defer). Output:
// "123" from the deferred print, then "4".
// Mapping: Go's closures that defer -> static helpers; the others ->
// deferred blocks; main -> go_main, so that "ok" follows. The recovered
// value's `.(int)` -> the message.
// Expected output: Inputs/fixedbugs_issue48898.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue48898.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue48898.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue48898.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue48898.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue48898.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue48898.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

struct two { long a[2]; };
static struct two func1_func1(void) { return (struct two){{0}}; }

static void func1_func2_func1(void) {
  __attribute__((defer)) { recover(); }
  __attribute__((defer)) panic("3");
  panic("2");
}

static void func1_func2(void) {
  __attribute__((defer)) func1_func2_func1();
  __attribute__((defer)) { recover(); }
  panic("1");
}

static void func1(void) {
  func1_func1();
  func1_func2();
  __attribute__((defer)) {}
}

static void func2_func1(void) {
  __attribute__((defer)) {}
  panic("4");
}

static void func2(int x) {
  /* in the original issue, this defer was not executed (which is incorrect) */
  __attribute__((defer)) fprintf(stderr, "%d", x);
  func2_func1();
}

static void go_main(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *r = recover();
    fprintf(stderr, "%s\n", r ? cdefer_panic_message(r) : "interface conversion: interface is nil");
  }
  func1();
  int x = 123;
  func2(x);
}

int main(void) {
  go_main();
  printf("ok\n");
  return 0;
}
