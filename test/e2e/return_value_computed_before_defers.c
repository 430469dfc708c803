// `return expr;` computes the function's result before the pending deferred
// calls run (SPEC.md 3.2): deferred code that changes the returned variable
// afterwards -- a deferred block writing it, or a deferred call given its
// address -- does not change what the caller receives. Checked for every
// way a C value is returned on x86-64: int, pointer, _Bool, double, long
// double (x87), _Complex double, a small struct (one register), a two-
// double struct (SSE registers), and a large struct (returned through a
// hidden sret pointer; `return s;` of a local struct is a candidate for
// Clang's named-return-value optimisation, which builds `s` directly in the
// caller's result object). Open-coded, stack-record and pooled functions.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdbool.h>
#include <stdio.h>

struct small { int a, b; };
struct medium { double x, y; };
struct large { long v[8]; };

static int ret_int(void) {
  int x = 1;
  __attribute__((defer)) { x = 100; }
  return x;
}

static const char *ret_ptr(void) {
  const char *p = "returned";
  __attribute__((defer)) { p = "changed by defer"; }
  return p;
}

static bool ret_bool(void) {
  bool b = true;
  __attribute__((defer)) { b = false; }
  return b;
}

static double ret_double(void) {
  double d = 1.5;
  __attribute__((defer)) { d = 100.5; }
  return d;
}

static long double ret_long_double(void) {
  long double d = 2.5L;
  __attribute__((defer)) { d = 100.5L; }
  return d;
}

static _Complex double ret_complex(void) {
  _Complex double z = 3.5;
  __attribute__((defer)) { z = 100.5; }
  return z;
}

static struct small ret_small(void) {
  struct small s = {1, 2};
  __attribute__((defer)) { s.a = 100; }
  return s;
}

static struct medium ret_medium(void) {
  struct medium m = {1.5, 2.5};
  __attribute__((defer)) { m.x = 100.5; }
  return m;
}

static struct large ret_large(void) {
  struct large l = {{1, 2, 3, 4, 5, 6, 7, 8}};
  __attribute__((defer)) { l.v[0] = 100; }
  return l;
}

static void clobber(struct large *l) { l->v[7] = -1; }

static struct large ret_large_deferred_call(void) {
  struct large l = {{10, 0, 0, 0, 0, 0, 0, 80}};
  __attribute__((defer)) clobber(&l);
  return l;
}

/* 9 sites: stack records. */
static struct large ret_large_stacked(void) {
  struct large l = {{20, 0, 0, 0, 0, 0, 0, 90}};
  int n = 0;
  __attribute__((defer)) { n++; }
  __attribute__((defer)) { n++; }
  __attribute__((defer)) { n++; }
  __attribute__((defer)) { n++; }
  __attribute__((defer)) { n++; }
  __attribute__((defer)) { n++; }
  __attribute__((defer)) { n++; }
  __attribute__((defer)) clobber(&l);
  __attribute__((defer)) { l.v[0] = n; }
  return l;
}

/* A site in a loop: pooled records. */
static struct large ret_large_pooled(int k) {
  struct large l = {{30, 0, 0, 0, 0, 0, 0, 100}};
  for (int i = 0; i < k; i++)
    __attribute__((defer)) { l.v[0] += 1000; }
  return l;
}

int main(void) {
  printf("int %d\n", ret_int());
  printf("ptr %s\n", ret_ptr());
  printf("bool %d\n", ret_bool());
  printf("double %.1f\n", ret_double());
  printf("long double %.1Lf\n", ret_long_double());
  printf("complex %.1f\n", __real__ ret_complex());
  struct small s = ret_small();
  printf("small {%d,%d}\n", s.a, s.b);
  struct medium m = ret_medium();
  printf("medium {%.1f,%.1f}\n", m.x, m.y);
  struct large l = ret_large();
  printf("large {%ld..%ld}\n", l.v[0], l.v[7]);
  l = ret_large_deferred_call();
  printf("large, deferred call {%ld..%ld}\n", l.v[0], l.v[7]);
  l = ret_large_stacked();
  printf("large, stack records {%ld..%ld}\n", l.v[0], l.v[7]);
  l = ret_large_pooled(3);
  printf("large, pooled {%ld..%ld}\n", l.v[0], l.v[7]);
  printf("done\n");
  return 0;
}

// CHECK:      int 1
// CHECK-NEXT: ptr returned
// CHECK-NEXT: bool 1
// CHECK-NEXT: double 1.5
// CHECK-NEXT: long double 2.5
// CHECK-NEXT: complex 3.5
// CHECK-NEXT: small {1,2}
// CHECK-NEXT: medium {1.5,2.5}
// CHECK-NEXT: large {1..8}
// CHECK-NEXT: large, deferred call {10..80}
// CHECK-NEXT: large, stack records {20..90}
// CHECK-NEXT: large, pooled {30..100}
// CHECK-NEXT: done
