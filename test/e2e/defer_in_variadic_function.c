// Defers in variadic functions: va_end deferred in a block, va_end
// deferred directly (a builtin that cdefer accepts: it becomes a call of
// the va_end intrinsic), and a deferred variadic call that forwards
// arguments read with va_arg at the defer statement.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdarg.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }

static int sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  __attribute__((defer)) {
    va_end(ap);
    say("va_end deferred in a block");
  }
  int s = 0;
  for (int i = 0; i < n; i++)
    s += va_arg(ap, int);
  return s;
}

static int sum_direct(int n, ...) {
  va_list ap;
  va_start(ap, n);
  __attribute__((defer)) va_end(ap);
  int s = 0;
  for (int i = 0; i < n; i++)
    s += va_arg(ap, int);
  return s;
}

static void forward(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int a = va_arg(ap, int);
  const char *b = va_arg(ap, const char *);
  va_end(ap);
  __attribute__((defer)) printf(fmt, a, b);
  say("forward body");
}

int main(void) {
  // CHECK:      va_end deferred in a block
  // CHECK-NEXT: 6 15
  int a = sum(3, 1, 2, 3);
  int b = sum_direct(5, 1, 2, 3, 4, 5);
  printf("%d %d\n", a, b);
  // CHECK-NEXT: forward body
  // CHECK-NEXT: forwarded 7 seven
  forward("forwarded %d %s\n", 7, "seven");
  return 0;
}
