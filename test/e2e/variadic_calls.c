// Deferred variadic calls: printf itself with int / double / string /
// long long / long double / char arguments, a user variadic function that
// walks a va_list, and structs passed through `...`; in straight code, in
// a loop (pooled records) and in a function with more than 8 sites.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdarg.h>
#include <stdio.h>

/* Sums n ints and prints the result. */
static int sum_ints(const char *tag, int n, ...) {
  va_list ap;
  va_start(ap, n);
  long total = 0;
  for (int i = 0; i < n; i++)
    total += va_arg(ap, int);
  va_end(ap);
  printf("%s: sum of %d = %ld\n", tag, n, total);
  return (int)total;
}

/* A logger that forwards its va_list. */
static void logf_(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("log: ");
  vprintf(fmt, ap);
  va_end(ap);
}

struct small { int a, b; };
struct big { long v[8]; };

static void structs(int n, ...) {
  va_list ap;
  va_start(ap, n);
  struct small s = va_arg(ap, struct small);
  struct big b = va_arg(ap, struct big);
  double d = va_arg(ap, double);
  va_end(ap);
  printf("structs(%d): small={%d,%d} big={%ld..%ld} d=%g\n", n, s.a, s.b,
         b.v[0], b.v[7], d);
}

static void straight(void) {
  int i = 7;
  double d = 2.5;
  const char *s = "hello";
  long long ll = 1234567890123LL;
  long double ld = 1.25L;
  char c = 'x';
  float f = 0.5f; /* promoted to double */
  __attribute__((defer)) printf("printf i=%d d=%.3f s=%s ll=%lld ld=%.2Lf c=%c f=%.1f\n",
                                i, d, s, ll, ld, c, f);
  __attribute__((defer)) sum_ints("sum_ints", 5, i, i * 2, 3, 4, 5);
  __attribute__((defer)) logf_("%s/%d/%.1f\n", s, i, d);
  __attribute__((defer)) printf("no varargs\n");
  struct small sm = {1, 2};
  struct big bg = {{10, 11, 12, 13, 14, 15, 16, 17}};
  __attribute__((defer)) structs(1, sm, bg, d);
  i = -1;
  d = -1.0;
  s = "changed";
  ll = -1;
  ld = -1.0L;
  c = '?';
  f = -1.0f;
  sm.a = -1;
  bg.v[0] = -1;
  bg.v[7] = -1;
  printf("straight body\n");
}

static void in_loop(int n) {
  for (int i = 0; i < n; i++) {
    double d = i + 0.5;
    long long big = 10000000000LL * (i + 1);
    __attribute__((defer)) printf("loop i=%d d=%.1f big=%lld s=%s\n", i, d, big,
                                  i % 2 ? "odd" : "even");
    __attribute__((defer)) sum_ints("loop sum", i + 1, 1, 2, 3, 4);
  }
  printf("in_loop body\n");
}

static void many_sites(void) {
  int x = 1;
  __attribute__((defer)) printf("site 1 x=%d\n", x);
  x++;
  __attribute__((defer)) printf("site 2 x=%d %s\n", x, "two");
  x++;
  __attribute__((defer)) sum_ints("site 3", 3, x, x, x);
  x++;
  __attribute__((defer)) printf("site 4 x=%d %.2f\n", x, x / 4.0);
  x++;
  __attribute__((defer)) logf_("site 5 x=%d\n", x);
  x++;
  __attribute__((defer)) printf("site 6 x=%d %lld\n", x, (long long)x << 40);
  x++;
  __attribute__((defer)) printf("site 7 x=%d\n", x);
  x++;
  __attribute__((defer)) printf("site 8 x=%d\n", x);
  x++;
  __attribute__((defer)) printf("site 9 x=%d %c\n", x, 'A' + x);
  x++;
  __attribute__((defer)) printf("site 10 x=%d %s %d %d %d %d %d %d %d\n", x,
                                "many", 1, 2, 3, 4, 5, 6, 7);
  x = 1000;
  printf("many_sites body\n");
}

int main(void) {
  straight();
  printf("--\n");
  in_loop(3);
  printf("--\n");
  many_sites();
  printf("done\n");
  return 0;
}

// CHECK:      straight body
// CHECK-NEXT: structs(1): small={1,2} big={10..17} d=2.5
// CHECK-NEXT: no varargs
// CHECK-NEXT: log: hello/7/2.5
// CHECK-NEXT: sum_ints: sum of 5 = 33
// CHECK-NEXT: printf i=7 d=2.500 s=hello ll=1234567890123 ld=1.25 c=x f=0.5
// CHECK-NEXT: --
// CHECK-NEXT: in_loop body
// CHECK-NEXT: loop sum: sum of 3 = 6
// CHECK-NEXT: loop i=2 d=2.5 big=30000000000 s=even
// CHECK-NEXT: loop sum: sum of 2 = 3
// CHECK-NEXT: loop i=1 d=1.5 big=20000000000 s=odd
// CHECK-NEXT: loop sum: sum of 1 = 1
// CHECK-NEXT: loop i=0 d=0.5 big=10000000000 s=even
// CHECK-NEXT: --
// CHECK-NEXT: many_sites body
// CHECK-NEXT: site 10 x=10 many 1 2 3 4 5 6 7
// CHECK-NEXT: site 9 x=9 J
// CHECK-NEXT: site 8 x=8
// CHECK-NEXT: site 7 x=7
// CHECK-NEXT: site 6 x=6 6597069766656
// CHECK-NEXT: log: site 5 x=5
// CHECK-NEXT: site 4 x=4 1.00
// CHECK-NEXT: site 3: sum of 3 = 9
// CHECK-NEXT: site 2 x=2 two
// CHECK-NEXT: site 1 x=1
// CHECK-NEXT: done
