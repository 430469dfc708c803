// Deferred calls to functions that return a value, which is discarded:
// int, pointer, double, long double, bool, small struct (registers), large
// struct (returned through a hidden sret pointer). Straight code, a loop
// and a function with more than 8 sites. The callee also writes its result
// to a global so we can see it really ran with the right arguments.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdbool.h>
#include <stdio.h>

struct small { int a, b; };
struct large { long v[8]; };

static int r_int(int x) {
  printf("r_int(%d)\n", x);
  return x + 1;
}
static const char *r_ptr(const char *s) {
  printf("r_ptr(%s)\n", s);
  return s + 1;
}
static double r_double(double d) {
  printf("r_double(%.2f)\n", d);
  return d * 2;
}
static long double r_ldouble(long double d) {
  printf("r_ldouble(%.2Lf)\n", d);
  return d * 2;
}
static bool r_bool(int x) {
  printf("r_bool(%d)\n", x);
  return x != 0;
}
static struct small r_small(int a, int b) {
  printf("r_small(%d,%d)\n", a, b);
  struct small s = {a * 2, b * 2};
  return s;
}
static long large_sum;
static struct large r_large(long base) {
  struct large l;
  for (int i = 0; i < 8; i++)
    l.v[i] = base + i;
  large_sum += l.v[0] + l.v[7];
  printf("r_large(%ld)\n", base);
  return l;
}
/* sret and a byval argument together. */
static struct large r_large_from(struct large in) {
  printf("r_large_from({%ld..%ld})\n", in.v[0], in.v[7]);
  in.v[0] = -in.v[0];
  return in;
}

static void straight(void) {
  int x = 1;
  __attribute__((defer)) r_int(x);
  __attribute__((defer)) r_ptr("pointer");
  __attribute__((defer)) r_double(x + 0.25);
  __attribute__((defer)) r_ldouble(x + 0.5L);
  __attribute__((defer)) r_bool(x);
  __attribute__((defer)) r_small(x, x + 1);
  __attribute__((defer)) r_large(x * 100);
  struct large in = r_large(7);
  __attribute__((defer)) r_large_from(in);
  in.v[0] = 99;
  x = 2;
  printf("straight body\n");
}

static void in_loop(int n) {
  for (int i = 0; i < n; i++) {
    __attribute__((defer)) r_int(i);
    __attribute__((defer)) r_small(i, -i);
    __attribute__((defer)) r_large(i * 1000);
    __attribute__((defer)) r_double(i);
  }
  printf("in_loop body\n");
}

static int many_sites(void) {
  int x = 10;
  __attribute__((defer)) r_int(x++);
  __attribute__((defer)) r_ptr("many");
  __attribute__((defer)) r_double(x++);
  __attribute__((defer)) r_bool(0);
  __attribute__((defer)) r_small(x++, 0);
  __attribute__((defer)) r_large(x++);
  __attribute__((defer)) r_ldouble(x++);
  __attribute__((defer)) r_int(x++);
  __attribute__((defer)) r_large(x++);
  __attribute__((defer)) r_small(x++, 1);
  printf("many_sites body x=%d\n", x);
  return x;
}

int main(void) {
  straight();
  printf("large_sum=%ld\n", large_sum);
  printf("--\n");
  in_loop(2);
  printf("--\n");
  printf("many_sites returned %d\n", many_sites());
  printf("large_sum=%ld\n", large_sum);
  printf("done\n");
  return 0;
}

// CHECK:      r_large(7)
// CHECK-NEXT: straight body
// CHECK-NEXT: r_large_from({7..14})
// CHECK-NEXT: r_large(100)
// CHECK-NEXT: r_small(1,2)
// CHECK-NEXT: r_bool(1)
// CHECK-NEXT: r_ldouble(1.50)
// CHECK-NEXT: r_double(1.25)
// CHECK-NEXT: r_ptr(pointer)
// CHECK-NEXT: r_int(1)
// CHECK-NEXT: large_sum=228
// CHECK-NEXT: --
// CHECK-NEXT: in_loop body
// CHECK-NEXT: r_double(1.00)
// CHECK-NEXT: r_large(1000)
// CHECK-NEXT: r_small(1,-1)
// CHECK-NEXT: r_int(1)
// CHECK-NEXT: r_double(0.00)
// CHECK-NEXT: r_large(0)
// CHECK-NEXT: r_small(0,0)
// CHECK-NEXT: r_int(0)
// CHECK-NEXT: --
// CHECK-NEXT: many_sites body x=18
// CHECK-NEXT: r_small(17,1)
// CHECK-NEXT: r_large(16)
// CHECK-NEXT: r_int(15)
// CHECK-NEXT: r_ldouble(14.00)
// CHECK-NEXT: r_large(13)
// CHECK-NEXT: r_small(12,0)
// CHECK-NEXT: r_bool(0)
// CHECK-NEXT: r_double(11.00)
// CHECK-NEXT: r_ptr(many)
// CHECK-NEXT: r_int(10)
// CHECK-NEXT: many_sites returned 18
// CHECK-NEXT: large_sum=2314
// CHECK-NEXT: done
