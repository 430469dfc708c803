// Port of Go 1.19 test/recover1.go: recover during recursive panics.
//
// Mapping: panic(N) -> panic("N"), values compared by message. Each Go
// closure that defers (a defer inside a deferred block is not cdefer
// syntax) is a static helper, deferred by a call; the one that only
// recovers (test4) is a deferred block. `defer recover()` is a deferred
// call of recover() itself, as in Go.
// Nothing left out. test5 and test6 check `defer recover()` in a function
// that runs as a deferred call: it recovers the panic when that function
// returns (test6: also after the function recovered a panic of its own).
// Expected output: Inputs/recover1.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/recover1.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/recover1.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/recover1.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/recover1.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/recover1.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/recover1.check

#include <defer.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

static void mustNotRecover(void) {
  const cdefer_panic_t *v = recover();
  if (v != NULL) {
    fprintf(stderr, "spurious recover\n");
    die();
  }
}

static void mustRecover(int x) {
  mustNotRecover(); /* because it's not a defer call */
  const cdefer_panic_t *v = recover();
  if (v == NULL) {
    fprintf(stderr, "missing recover\n");
    die(); /* panic is useless here */
  }
  char want[16];
  snprintf(want, sizeof want, "%d", x);
  if (strcmp(cdefer_panic_message(v), want) != 0) {
    fprintf(stderr, "wrong value %s %d\n", cdefer_panic_message(v), x);
    die();
  }

  /* the value should be gone now regardless */
  v = recover();
  if (v != NULL) {
    fprintf(stderr, "recover didn't recover\n");
    die();
  }
}

static void test1_func(void) {
  __attribute__((defer)) mustRecover(2);
  panic("2");
}

static void test1(void) {
  /* Easy nested recursive panic. */
  __attribute__((defer)) mustRecover(1);
  __attribute__((defer)) test1_func();
  panic("1");
}

static void test2_func(void) {
  const cdefer_panic_t *v = recover();
  if (v == NULL || strcmp(cdefer_panic_message(v), "2") != 0) {
    fprintf(stderr, "wrong value %s 2\n", cdefer_panic_message(v));
    die();
  }
  __attribute__((defer)) mustRecover(3);
  panic("3");
}

static void test2(void) {
  /* Sequential panic. */
  __attribute__((defer)) mustNotRecover();
  __attribute__((defer)) test2_func();
  panic("2");
}

static void test3_func(void) {
  recover();
  __attribute__((defer)) mustRecover(3);
  panic("3");
}

static void test3(void) {
  /* Sequential panic - like test2 but less picky. */
  __attribute__((defer)) mustNotRecover();
  __attribute__((defer)) test3_func();
  panic("2");
}

static void test4(void) {
  /* Single panic. */
  __attribute__((defer)) mustNotRecover();
  __attribute__((defer)) { recover(); }
  panic("4");
}

static void test5_func(void) { __attribute__((defer)) recover(); }

static void test5(void) {
  /* Single panic but recover called via defer */
  __attribute__((defer)) mustNotRecover();
  __attribute__((defer)) test5_func();
  panic("5");
}

static void test6_func(void) {
  __attribute__((defer)) recover(); /* like a normal call from this func; runs because mustRecover stops the panic */
  __attribute__((defer)) mustRecover(3);
  panic("3");
}

static void test6(void) {
  /* Sequential panic. Like test3, but changed recover to defer (same change
   * as test4 -> test5). */
  __attribute__((defer)) mustNotRecover();
  __attribute__((defer)) test6_func();
  panic("2");
}

static void test7_func(void) {
  __attribute__((defer)) mustRecover(3);
  __attribute__((defer)) recover(); /* now a no-op, unlike in test6. */
  panic("3");
}

static void test7(void) {
  /* Like test6, but swapped defer order. The recover in "defer recover()"
   * is now a no-op, because it runs called from panic, not from the func,
   * and therefore cannot see the panic of 2. */
  __attribute__((defer)) mustRecover(2);
  __attribute__((defer)) test7_func();
  panic("2");
}

int main(void) {
  test1();
  test2();
  test3();
  test4();
  test5();
  test6();
  test7();
  printf("ok\n");
  return 0;
}
