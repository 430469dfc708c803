// Defers in an always_inline function (lowered before inlining, so each
// inlined copy keeps its own frame's semantics: the deferred call runs when
// the inlined function returns, not when its caller does), also when the
// inlined function panics and its caller recovers.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void sayi(const char *what, int i) { printf("%s %d\n", what, i); }

static inline __attribute__((always_inline)) int twice(int x) {
  __attribute__((defer)) sayi("deferred in twice", x);
  if (x < 0)
    panic("negative %d", x);
  return x * 2;
}

static void guard(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

static int caller(int a, int b) {
  __attribute__((defer)) guard();
  int r = twice(a);
  sayi("between", r);
  r += twice(b);
  sayi("after", r);
  return r;
}

int main(void) {
  // CHECK:      deferred in twice 5
  // CHECK-NEXT: between 10
  // CHECK-NEXT: deferred in twice 6
  // CHECK-NEXT: after 22
  // CHECK-NEXT: recovered: NULL
  // CHECK-NEXT: 22
  printf("%d\n", caller(5, 6));
  // CHECK-NEXT: deferred in twice 1
  // CHECK-NEXT: between 2
  // CHECK-NEXT: deferred in twice -1
  // CHECK-NEXT: recovered: negative -1
  // CHECK-NEXT: 0
  printf("%d\n", caller(1, -1));
  return 0;
}
// CHECK-NOT: {{.}}
