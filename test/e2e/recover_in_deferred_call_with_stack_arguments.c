// recover() called directly by a deferred function whose arguments do not
// all fit in registers -- ten integers and a 64-byte struct by value, passed
// on the stack -- recovers: the deferred function's frame address is what
// its thunk recorded at the call, whatever the thunk pushed for it. A helper
// with as many arguments, called by the deferred function, gets NULL. Every
// lowering, -O0 and -O2.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O1 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s

#include <defer.h>
#include <stdio.h>

struct block {
  long v[8];
};

__attribute__((noinline)) static void helper(int a, int b, int c, int d,
                                             int e, int f, int g, int h,
                                             int i, int j, struct block s) {
  const cdefer_panic_t *p = recover();
  printf("helper: %s (%d %d %ld)\n", p ? "recovered" : "NULL", a, j, s.v[7]);
}

static void many(int a, int b, int c, int d, int e, int f, int g, int h,
                 int i, int j, struct block s) {
  helper(a, b, c, d, e, f, g, h, i, j, s);
  const cdefer_panic_t *p = recover();
  printf("deferred: %s (%d %d %d %ld)\n",
         p ? cdefer_panic_message(p) : "NULL", a, e, j, s.v[0] + s.v[7]);
}

__attribute__((noinline)) static int panics(int n) {
  struct block s = {{1, 2, 3, 4, 5, 6, 7, 8}};
  __attribute__((defer)) many(n, 2, 3, 4, 5, 6, 7, 8, 9, 10, s);
  s.v[0] = 100;
  panic("with stack arguments %d", n);
  return 1;
}

// CHECK:      helper: NULL (1 10 8)
// CHECK-NEXT: deferred: with stack arguments 1 (1 5 10 9)
// CHECK-NEXT: returned 0
// CHECK-NEXT: helper: NULL (2 10 8)
// CHECK-NEXT: deferred: with stack arguments 2 (2 5 10 9)
// CHECK-NEXT: returned 0
int main(void) {
  for (int n = 1; n <= 2; n++)
    printf("returned %d\n", panics(n));
  return 0;
}
