// Defer statements in a function with __attribute__((flatten)) (Clang marks
// every call in it always-inline), and under the statement attribute
// [[clang::always_inline]], run at return like any other: the deferred call
// itself is kept out of line. Both used to crash clang (a call marked both
// noinline and alwaysinline), at -O0 and -O2.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>

static void say(const char *s, int n) { printf("  %s %d\n", s, n); }
static int helper(int x) {
  say("helper", x);
  return x + 1;
}

__attribute__((flatten)) static int flat(int x) {
  printf("flat(%d)\n", x);
  __attribute__((defer)) say("deferred call", x);
  __attribute__((defer)) {
    say("deferred block sees", x);
    helper(100);
  }
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say("deferred in loop", i);
  x = helper(x);
  return x;
}

static int always_inline_statement(int x) {
  printf("always_inline_statement(%d)\n", x);
  [[clang::always_inline]] {
    __attribute__((defer)) say("deferred call", x);
    __attribute__((defer)) helper(x + 10);
  }
  return helper(x);
}

// A flatten function that panics: its deferred calls run while unwinding,
// and one of them recovers.
static void rescue(void) {
  const cdefer_panic_t *p = recover();
  printf("  rescue: %s\n", p ? cdefer_panic_message(p) : "(nil)");
}
__attribute__((flatten)) static int flat_panics(int x) {
  printf("flat_panics(%d)\n", x);
  __attribute__((defer)) rescue();
  __attribute__((defer)) say("deferred before panic", x);
  if (x > 0)
    panic("boom %d", x);
  return helper(x);
}

int main(void) {
  printf("= %d\n", flat(1));
  printf("= %d\n", always_inline_statement(5));
  printf("= %d\n", flat_panics(3));
  return 0;
}

// CHECK:      flat(1){{$}}
// CHECK-NEXT:   helper 1{{$}}
// CHECK-NEXT:   deferred in loop 1{{$}}
// CHECK-NEXT:   deferred in loop 0{{$}}
// CHECK-NEXT:   deferred block sees 2{{$}}
// CHECK-NEXT:   helper 100{{$}}
// CHECK-NEXT:   deferred call 1{{$}}
// CHECK-NEXT: = 2{{$}}
// CHECK-NEXT: always_inline_statement(5){{$}}
// CHECK-NEXT:   helper 5{{$}}
// CHECK-NEXT:   helper 15{{$}}
// CHECK-NEXT:   deferred call 5{{$}}
// CHECK-NEXT: = 6{{$}}
// CHECK-NEXT: flat_panics(3){{$}}
// CHECK-NEXT:   deferred before panic 3{{$}}
// CHECK-NEXT:   rescue: boom 3{{$}}
// CHECK-NEXT: = 0{{$}}
