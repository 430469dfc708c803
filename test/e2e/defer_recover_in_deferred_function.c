// `defer recover()` in a deferred function recovers the panic that runs
// that function when the function returns normally, also after the
// function recovered a nested panic of its own; made for a panic passing
// the function it does nothing (Go's recover.go test2/test4 and
// recover1.go test5/test6/test7, whose results Go 1.19 prints the same).
// The same in every lowering.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O0 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack0 && %run %t.stack0 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O0 -mllvm -cdefer-force-pooled %s -o %t.pool0 && %run %t.pool0 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>
#include <stdlib.h>

static void die(const char *what) {
  printf("FAIL: %s\n", what);
  exit(1);
}

static void must_not_recover(void) {
  const cdefer_panic_t *p = recover();
  if (p != NULL) {
    printf("FAIL: recovered %s\n", cdefer_panic_message(p));
    exit(1);
  }
}

static void must_recover(const char *want) {
  const cdefer_panic_t *p = recover();
  if (p == NULL)
    die("nothing to recover");
  printf("  recovered %s (want %s)\n", cdefer_panic_message(p), want);
}

/* recover.go test2: made for the panic itself, too early: a no-op. */
static void test2(void) {
  __attribute__((defer)) must_recover("2");
  __attribute__((defer)) recover();
  panic("2");
}

/* recover.go test4 / recover1.go test5: squelches the panic. */
static void defers_recover(void) { __attribute__((defer)) recover(); }
static void test4(void) {
  __attribute__((defer)) must_not_recover();
  __attribute__((defer)) defers_recover();
  panic("4");
}

/* recover1.go test6: runs when must_recover stops the nested panic, as on
 * a normal return of the deferred function: squelches panic 2. */
static void recovers_nested_then_defers_recover(void) {
  __attribute__((defer)) recover();
  __attribute__((defer)) must_recover("3");
  panic("3");
}
static void test6(void) {
  __attribute__((defer)) must_not_recover();
  __attribute__((defer)) recovers_nested_then_defers_recover();
  panic("2");
}

/* recover1.go test7: swapped, the deferred recover runs for panic 3 and
 * sees nothing; must_recover stops 3, the outer must_recover stops 2. */
static void defers_recover_then_recovers_nested(void) {
  __attribute__((defer)) must_recover("3");
  __attribute__((defer)) recover();
  panic("3");
}
static void test7(void) {
  __attribute__((defer)) must_recover("2");
  __attribute__((defer)) defers_recover_then_recovers_nested();
  panic("2");
}

/* Not panicking: returns NULL and does nothing. */
static int quiet(int x) {
  __attribute__((defer)) recover();
  return x + 1;
}

int main(void) {
  printf("test2\n");
  test2();
  printf("test4\n");
  test4();
  printf("test6\n");
  test6();
  printf("test7\n");
  test7();
  printf("quiet %d\n", quiet(41));
  return 0;
}

// CHECK:      test2
// CHECK-NEXT:   recovered 2 (want 2)
// CHECK-NEXT: test4
// CHECK-NEXT: test6
// CHECK-NEXT:   recovered 3 (want 3)
// CHECK-NEXT: test7
// CHECK-NEXT:   recovered 3 (want 3)
// CHECK-NEXT:   recovered 2 (want 2)
// CHECK-NEXT: quiet 42
// CHECK-NOT:  {{.}}
