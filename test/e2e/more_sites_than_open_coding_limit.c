// Functions with more defer sites than the open-coding limit (8 by default)
// use chained stack records; the order must stay LIFO across all sites.
// 8 sites (the limit, open-coded), 9, 12 and 40 sites; some sites are
// conditional, and one 12-site function has both calls and blocks.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=64 %s -o %t.open && %run %t.open | FileCheck %s

#include <defer.h>
#include <stdio.h>

static void put(int n) { printf(" %d", n); }
static void say(int n) { printf("deferred %d\n", n); }

#define D(n) __attribute__((defer)) put(n);
#define D10(t) D(t##0) D(t##1) D(t##2) D(t##3) D(t##4) D(t##5) D(t##6) D(t##7) D(t##8) D(t##9)

static void eight(void) {
  D(1) D(2) D(3) D(4) D(5) D(6) D(7) D(8)
  printf("eight:");
}

static void nine(void) {
  D(1) D(2) D(3) D(4) D(5) D(6) D(7) D(8) D(9)
  printf("nine:");
}

static void forty(void) {
  /* Sites 10..49 in program order. */
  D10(1) D10(2) D10(3) D10(4)
  printf("forty:");
}

volatile int yes = 1, no = 0;

static int twelve(int base) {
  int v = base;
  __attribute__((defer)) say(base + 1);
  __attribute__((defer)) say(base + 2);
  if (no)
    __attribute__((defer)) say(-3);
  __attribute__((defer)) { printf("block 4 v=%d\n", v); }
  __attribute__((defer)) say(base + 5);
  if (yes)
    __attribute__((defer)) say(base + 6);
  __attribute__((defer)) say(base + 7);
  v = base + 100;
  __attribute__((defer)) say(base + 8);
  __attribute__((defer)) { printf("block 9 v=%d\n", v); v++; }
  if (no)
    __attribute__((defer)) say(-10);
  __attribute__((defer)) say(base + 11);
  __attribute__((defer)) say(base + 12);
  printf("twelve body\n");
  return v;
}

int main(void) {
  eight();
  printf("\n");
  nine();
  printf("\n");
  forty();
  printf("\n");
  int r = twelve(1000);
  printf("twelve returned %d\n", r);
  printf("done\n");
  return 0;
}

// CHECK:      eight: 8 7 6 5 4 3 2 1
// CHECK-NEXT: nine: 9 8 7 6 5 4 3 2 1
// CHECK-NEXT: forty: 49 48 47 46 45 44 43 42 41 40 39 38 37 36 35 34 33 32 31 30 29 28 27 26 25 24 23 22 21 20 19 18 17 16 15 14 13 12 11 10
// CHECK-NEXT: twelve body
// CHECK-NEXT: deferred 1012
// CHECK-NEXT: deferred 1011
// CHECK-NEXT: block 9 v=1100
// CHECK-NEXT: deferred 1008
// CHECK-NEXT: deferred 1007
// CHECK-NEXT: deferred 1006
// CHECK-NEXT: deferred 1005
// CHECK-NEXT: block 4 v=1101
// CHECK-NEXT: deferred 1002
// CHECK-NEXT: deferred 1001
// CHECK-NEXT: twelve returned 1100
// CHECK-NEXT: done
