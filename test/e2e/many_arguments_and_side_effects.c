// Deferred calls with many arguments of mixed types (more than fit in
// registers, so some go on the stack), and with arguments that are calls
// with side effects or that modify variables (i++): every argument, and the
// callee, is evaluated exactly once, at the defer statement.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdint.h>
#include <stdio.h>

static void ten(char c, short s, int i, unsigned u, long l, long long ll,
                float f, double d, const char *str, void *p) {
  printf("ten c=%c s=%d i=%d u=%u l=%ld ll=%lld f=%.2f d=%.3f str=%s p=%s\n",
         c, s, i, u, l, ll, f, d, str, p ? "set" : "null");
}

static void sixteen(int a1, double b1, int a2, double b2, int a3, double b3,
                    int a4, double b4, int a5, double b5, int a6, double b6,
                    int a7, double b7, int a8, double b8, int a9, double b9,
                    long double ld, char last) {
  printf("sixteen %d %d %d %d %d %d %d %d %d | %.1f %.1f %.1f %.1f %.1f %.1f "
         "%.1f %.1f %.1f | %.1Lf %c\n",
         a1, a2, a3, a4, a5, a6, a7, a8, a9, b1, b2, b3, b4, b5, b6, b7, b8,
         b9, ld, last);
}

static int calls_a, calls_b, calls_c;
static int tick(int *counter, int value) {
  ++*counter;
  return value * 10 + *counter;
}

static void show3(int a, int b, int c) {
  printf("show3 %d %d %d (counts now a=%d b=%d c=%d)\n", a, b, c, calls_a,
         calls_b, calls_c);
}

static int callee_evals;
static void (*get_callee(void))(int, int, int) {
  callee_evals++;
  return show3;
}

static void many_args(void) {
  char c = 'a';
  short s = -2;
  int i = -3;
  unsigned u = 4000000000u;
  long l = -5000000000L;
  long long ll = 6000000000000LL;
  float f = 7.25f;
  double d = 8.125;
  const char *str = "nine";
  int dummy;
  void *p = &dummy;
  __attribute__((defer)) ten(c, s, i, u, l, ll, f, d, str, p);
  __attribute__((defer)) sixteen(1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6,
                                 6.5, 7, 7.5, 8, 8.5, i, d, 9.75L, c);
  c = 'z';
  s = i = 0;
  u = 0;
  l = ll = 0;
  f = d = 0;
  str = "changed";
  p = 0;
  printf("many_args body\n");
}

static void side_effects(void) {
  int i = 5;
  __attribute__((defer)) show3(tick(&calls_a, 1), tick(&calls_b, 2),
                               tick(&calls_c, 3));
  printf("after first defer: a=%d b=%d c=%d\n", calls_a, calls_b, calls_c);
  __attribute__((defer)) get_callee()(i++, 100, tick(&calls_a, 4));
  printf("after second defer: i=%d a=%d callee_evals=%d\n", i, calls_a,
         callee_evals);
  i = 1000;
  printf("side_effects body\n");
}

static void side_effects_in_loop(void) {
  int i = 0;
  int n = 0;
  while (n < 3)
    __attribute__((defer)) show3(n++, i += 10, tick(&calls_b, 0));
  printf("loop body n=%d i=%d b=%d\n", n, i, calls_b);
}

int main(void) {
  many_args();
  printf("--\n");
  side_effects();
  printf("after return: a=%d b=%d c=%d callee_evals=%d\n", calls_a, calls_b,
         calls_c, callee_evals);
  printf("--\n");
  side_effects_in_loop();
  printf("after return: b=%d\n", calls_b);
  printf("done\n");
  return 0;
}

// CHECK:      many_args body
// CHECK-NEXT: sixteen 1 2 3 4 5 6 7 8 -3 | 1.5 2.5 3.5 4.5 5.5 6.5 7.5 8.5 8.1 | 9.8 a
// CHECK-NEXT: ten c=a s=-2 i=-3 u=4000000000 l=-5000000000 ll=6000000000000 f=7.25 d=8.125 str=nine p=set
// CHECK-NEXT: --
// CHECK-NEXT: after first defer: a=1 b=1 c=1
// CHECK-NEXT: after second defer: i=6 a=2 callee_evals=1
// CHECK-NEXT: side_effects body
// CHECK-NEXT: show3 5 100 42 (counts now a=2 b=1 c=1)
// CHECK-NEXT: show3 11 21 31 (counts now a=2 b=1 c=1)
// CHECK-NEXT: after return: a=2 b=1 c=1 callee_evals=1
// CHECK-NEXT: --
// CHECK-NEXT: loop body n=3 i=30 b=4
// CHECK-NEXT: show3 2 30 4 (counts now a=2 b=4 c=1)
// CHECK-NEXT: show3 1 20 3 (counts now a=2 b=4 c=1)
// CHECK-NEXT: show3 0 10 2 (counts now a=2 b=4 c=1)
// CHECK-NEXT: after return: b=4
// CHECK-NEXT: done
