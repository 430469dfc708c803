// Deferred calls with struct arguments passed by value: small (8 bytes, one
// register), medium (16 bytes, two doubles in SSE registers), odd (24
// bytes, mixed, in memory), large (64 bytes, byval) and, in the loop, huge
// (2 KB, bigger than the record pool's largest size class). The struct is
// modified after the defer statement; the deferred call must see the copy
// made at the defer statement. Straight code (open-coded), a loop (pooled
// records) and a function with more than 8 sites (stack records).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O1 %s -o %t.O1 && %run %t.O1 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>
#include <string.h>

struct small { int a, b; };              /* 8 bytes */
struct medium { double x, y; };          /* 16 bytes */
struct odd { char c; double d; int i; }; /* 24 bytes */
struct large { long v[7]; char name[8]; }; /* 64 bytes */
struct huge { long v[256]; };            /* 2048 bytes */

_Static_assert(sizeof(struct small) == 8, "small");
_Static_assert(sizeof(struct medium) == 16, "medium");
_Static_assert(sizeof(struct large) == 64, "large");

static void show_small(const char *tag, struct small s) {
  printf("%s small={%d,%d}\n", tag, s.a, s.b);
}
static void show_medium(const char *tag, struct medium m) {
  printf("%s medium={%.1f,%.1f}\n", tag, m.x, m.y);
}
static void show_odd(const char *tag, struct odd o) {
  printf("%s odd={%c,%.1f,%d}\n", tag, o.c, o.d, o.i);
}
static void show_large(const char *tag, struct large l) {
  long sum = 0;
  for (int i = 0; i < 7; i++)
    sum += l.v[i];
  printf("%s large={%ld..%ld sum=%ld %s}\n", tag, l.v[0], l.v[6], sum, l.name);
}
static void show_huge(const char *tag, struct huge h) {
  long sum = 0;
  for (int i = 0; i < 256; i++)
    sum += h.v[i];
  printf("%s huge={%ld..%ld sum=%ld}\n", tag, h.v[0], h.v[255], sum);
}
/* Several structs and scalars in one call, some beyond the registers. */
static void show_all(struct small s, double k, struct medium m, struct large l,
                     struct odd o, int tail) {
  printf("all small={%d,%d} k=%.1f medium={%.1f,%.1f} large={%ld,%s} "
         "odd={%c,%d} tail=%d\n",
         s.a, s.b, k, m.x, m.y, l.v[0], l.name, o.c, o.i, tail);
}

static struct large make_large(long base, const char *name) {
  struct large l;
  for (int i = 0; i < 7; i++)
    l.v[i] = base + i;
  strncpy(l.name, name, sizeof l.name);
  l.name[7] = 0;
  return l;
}

static void straight(void) {
  struct small s = {1, 2};
  struct medium m = {1.5, 2.5};
  struct odd o = {'a', 3.5, 4};
  struct large l = make_large(100, "first");
  __attribute__((defer)) show_small("straight", s);
  __attribute__((defer)) show_medium("straight", m);
  __attribute__((defer)) show_odd("straight", o);
  __attribute__((defer)) show_large("straight", l);
  __attribute__((defer)) show_all(s, 9.5, m, l, o, 77);
  s.a = -1;
  s.b = -2;
  m.x = -1.5;
  m.y = -2.5;
  o.c = 'z';
  o.i = -4;
  l = make_large(-100, "second");
  memset(&s, 0xff, sizeof s);
  printf("straight body\n");
}

static void in_loop(int n) {
  struct small s = {0, 0};
  struct medium m = {0, 0};
  struct large l = make_large(0, "loop");
  struct huge h;
  for (int i = 0; i < 256; i++)
    h.v[i] = i;
  for (int i = 0; i < n; i++) {
    h.v[0] = 1000 + i;
    s.a = i;
    s.b = i * 10;
    m.x = i + 0.5;
    m.y = i + 0.25 * 2;
    l.v[0] = i * 100;
    l.v[6] = i * 100 + 6;
    l.name[0] = 'a' + i;
    __attribute__((defer)) show_small("loop", s);
    __attribute__((defer)) show_medium("loop", m);
    __attribute__((defer)) show_large("loop", l);
    __attribute__((defer)) show_huge("loop", h);
  }
  h.v[255] = -1;
  s.a = s.b = -1;
  m.x = m.y = -1;
  l = make_large(-1, "gone");
  printf("in_loop body\n");
}

static void many_sites(void) {
  struct small s = {1, 1};
  struct medium m = {1.0, 1.0};
  struct large l = make_large(1, "s1");
  __attribute__((defer)) show_small("site 1", s);
  __attribute__((defer)) show_medium("site 2", m);
  __attribute__((defer)) show_large("site 3", l);
  s.a = 2;
  m.x = 2.0;
  l = make_large(2, "s2");
  __attribute__((defer)) show_small("site 4", s);
  __attribute__((defer)) show_medium("site 5", m);
  __attribute__((defer)) show_large("site 6", l);
  s.a = 3;
  m.x = 3.0;
  l = make_large(3, "s3");
  __attribute__((defer)) show_small("site 7", s);
  __attribute__((defer)) show_medium("site 8", m);
  __attribute__((defer)) show_large("site 9", l);
  struct odd o = {'q', 0.5, 10};
  __attribute__((defer)) show_odd("site 10", o);
  __attribute__((defer)) show_all(s, 1.5, m, l, o, 11);
  s.a = s.b = -1;
  m.x = m.y = -1;
  o.c = '!';
  l = make_large(-1, "gone");
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
// CHECK-NEXT: all small={1,2} k=9.5 medium={1.5,2.5} large={100,first} odd={a,4} tail=77
// CHECK-NEXT: straight large={100..106 sum=721 first}
// CHECK-NEXT: straight odd={a,3.5,4}
// CHECK-NEXT: straight medium={1.5,2.5}
// CHECK-NEXT: straight small={1,2}
// CHECK-NEXT: --
// CHECK-NEXT: in_loop body
// CHECK-NEXT: loop huge={1002..255 sum=33642}
// CHECK-NEXT: loop large={200..206 sum=421 coop}
// CHECK-NEXT: loop medium={2.5,2.5}
// CHECK-NEXT: loop small={2,20}
// CHECK-NEXT: loop huge={1001..255 sum=33641}
// CHECK-NEXT: loop large={100..106 sum=221 boop}
// CHECK-NEXT: loop medium={1.5,1.5}
// CHECK-NEXT: loop small={1,10}
// CHECK-NEXT: loop huge={1000..255 sum=33640}
// CHECK-NEXT: loop large={0..6 sum=21 aoop}
// CHECK-NEXT: loop medium={0.5,0.5}
// CHECK-NEXT: loop small={0,0}
// CHECK-NEXT: --
// CHECK-NEXT: many_sites body
// CHECK-NEXT: all small={3,1} k=1.5 medium={3.0,1.0} large={3,s3} odd={q,10} tail=11
// CHECK-NEXT: site 10 odd={q,0.5,10}
// CHECK-NEXT: site 9 large={3..9 sum=42 s3}
// CHECK-NEXT: site 8 medium={3.0,1.0}
// CHECK-NEXT: site 7 small={3,1}
// CHECK-NEXT: site 6 large={2..8 sum=35 s2}
// CHECK-NEXT: site 5 medium={2.0,1.0}
// CHECK-NEXT: site 4 small={2,1}
// CHECK-NEXT: site 3 large={1..7 sum=28 s1}
// CHECK-NEXT: site 2 medium={1.0,1.0}
// CHECK-NEXT: site 1 small={1,1}
// CHECK-NEXT: done
