// Ports of Go's TestIssue43920 and TestIssue43941 (src/runtime/
// defer_test.go): panics raised by deferred calls that run during a normal
// return of a function that is itself a deferred call of an earlier panic,
// deferred calls of panic itself (`defer panic(3)`), panics recovered by the
// deferred calls of the frame whose return raised them, and an aborted
// panic dropped when a newer one is recovered. Every recover() must see the
// panic Go's recover sees, and the steps must run in Go's order.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O0 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s

#include <defer.h>
#include <stdio.h>
#include <string.h>

static int failures;

/* expect(t, n, recover()) */
static void expect(const char *want, const cdefer_panic_t *p) {
  const char *got = p ? cdefer_panic_message(p) : "nil";
  printf("expect %s: have %s\n", want, got);
  if (strcmp(want, got) != 0)
    failures++;
}

static void step(int *steps, int want) {
  ++*steps;
  printf("step %d\n", *steps);
  if (*steps != want) {
    printf("FAIL: step %d, want %d\n", *steps, want);
    failures++;
  }
}

static void nothing(void) {}

/* --- TestIssue43920 ------------------------------------------------------ */

static void expect1(void) { expect("1", recover()); }
static void expect3(void) { expect("3", recover()); }
static void expect5(void) { expect("5", recover()); }

__attribute__((noinline)) void panics4(void) { panic("4"); }

static void d43920_inner(void) {
  __attribute__((defer)) expect5();
  __attribute__((defer)) panic("5");
  panics4();
}

static void d43920_outer(void) {
  __attribute__((defer)) d43920_inner();
  __attribute__((defer)) expect3();
  __attribute__((defer)) panic("3");
}

__attribute__((noinline)) void f43920_body(int *steps) {
  __attribute__((defer)) step(steps, 1);
  panic("1");
}

__attribute__((noinline)) void test_issue43920(void) {
  int steps = 0;
  __attribute__((defer)) expect1();
  __attribute__((defer)) d43920_outer();
  f43920_body(&steps);
}

/* --- TestIssue43941 ------------------------------------------------------ */

static int steps43941;

static void d43941_top(void) {
  step(&steps43941, 14);
  expect("4", recover());
}

static void d43941_a(void) {
  __attribute__((defer)) expect3();
  __attribute__((defer)) panic("3");
  panic("2");
}

__attribute__((noinline)) void f43941_3(void) {
  __attribute__((defer)) d43941_a();
  __attribute__((defer)) expect1();
  __attribute__((defer)) panic("1");
}

__attribute__((noinline)) void f43941_2(void) {
  f43941_3();
  __attribute__((defer)) nothing();
  __attribute__((defer)) nothing();
  __attribute__((defer)) step(&steps43941, 10);
  __attribute__((defer)) step(&steps43941, 9);
  step(&steps43941, 8);
}

__attribute__((noinline)) void f43941_5(void) {
  __attribute__((defer)) step(&steps43941, 11);
  panic("4");
}

__attribute__((noinline)) void f43941_4(void) {
  __attribute__((defer)) step(&steps43941, 13);
  __attribute__((defer)) step(&steps43941, 12);
  f43941_5();
  /* Not executed. */
  __attribute__((defer)) nothing();
  __attribute__((defer)) panic("-1");
  __attribute__((defer)) step(&steps43941, -1);
  __attribute__((defer)) step(&steps43941, -1);
  __attribute__((defer)) nothing();
}

__attribute__((noinline)) void test_issue43941(void) {
  steps43941 = 7;
  __attribute__((defer)) d43941_top();
  f43941_2();
  f43941_4();
}

int main(void) {
  printf("TestIssue43920\n");
  test_issue43920();
  printf("TestIssue43941\n");
  test_issue43941();
  printf("%d failures\n", failures);
  return failures != 0;
}

// CHECK:      TestIssue43920
// CHECK-NEXT: step 1
// CHECK-NEXT: expect 3: have 3
// CHECK-NEXT: expect 5: have 5
// CHECK-NEXT: expect 1: have 1
// CHECK-NEXT: TestIssue43941
// CHECK-NEXT: expect 1: have 1
// CHECK-NEXT: expect 3: have 3
// CHECK-NEXT: step 8
// CHECK-NEXT: step 9
// CHECK-NEXT: step 10
// CHECK-NEXT: step 11
// CHECK-NEXT: step 12
// CHECK-NEXT: step 13
// CHECK-NEXT: step 14
// CHECK-NEXT: expect 4: have 4
// CHECK-NEXT: 0 failures
// CHECK-NOT:  {{.}}
