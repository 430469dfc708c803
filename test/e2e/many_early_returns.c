// A function with six return points (plus falling off the end of a void
// function): each return computes its value, then runs exactly the defers
// pushed so far, newest first. Both an open-coded version (6 sites) and a
// chained one (12 sites) are checked, and returns from inside nested loops
// with pooled records pending.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("  %s\n", s); }

static int ret(const char *which, int v) {
  printf("  computing %s\n", which);
  return v;
}

/* 6 sites, no loop: open-coded. */
static int six_returns(int k) {
  __attribute__((defer)) say("A");
  if (k == 0)
    return ret("r0", 0);
  __attribute__((defer)) say("B");
  if (k == 1)
    return ret("r1", 10);
  __attribute__((defer)) say("C");
  if (k == 2)
    return ret("r2", 20);
  if (k == 3) {
    __attribute__((defer)) say("D");
    return ret("r3", 30);
  }
  __attribute__((defer)) say("E");
  if (k == 4)
    return ret("r4", 40);
  __attribute__((defer)) say("F");
  if (k == 5)
    return ret("r5", 50);
  return ret("r6", 60);
}

/* 12 sites, no loop: chained stack records. */
static int six_returns_chained(int k) {
  __attribute__((defer)) say("a1");
  __attribute__((defer)) say("a2");
  if (k == 0)
    return ret("r0", 0);
  __attribute__((defer)) say("b1");
  __attribute__((defer)) say("b2");
  if (k == 1)
    return ret("r1", 11);
  __attribute__((defer)) say("c1");
  __attribute__((defer)) say("c2");
  if (k == 2)
    return ret("r2", 22);
  if (k == 3) {
    __attribute__((defer)) say("d1");
    __attribute__((defer)) say("d2");
    return ret("r3", 33);
  }
  __attribute__((defer)) say("e1");
  __attribute__((defer)) say("e2");
  if (k == 4)
    return ret("r4", 44);
  __attribute__((defer)) say("f1");
  __attribute__((defer)) say("f2");
  if (k == 5)
    return ret("r5", 55);
  return ret("r6", 66);
}

/* void: `return;` and falling off the end. */
static void void_returns(int k) {
  __attribute__((defer)) say("v1");
  if (k == 0)
    return;
  __attribute__((defer)) say("v2");
  if (k == 1) {
    say("returning");
    return;
  }
  __attribute__((defer)) say("v3");
  say("falling off the end");
}

/* Returns from inside nested loops, with pooled records pending. */
static int search(int target) {
  __attribute__((defer)) printf("  search(%d) outer defer\n", target);
  for (int i = 0; i < 10; i++) {
    __attribute__((defer)) printf("  visited %d\n", i);
    for (int j = 0; j < 3; j++) {
      if (i * 3 + j == target) {
        __attribute__((defer)) printf("  found at %d,%d\n", i, j);
        return i * 3 + j;
      }
    }
    if (i == target)
      return -i;
  }
  return -100;
}

volatile int ks[] = {0, 1, 2, 3, 4, 5, 6};
volatile int targets[] = {4, 100};

int main(void) {
  for (int i = 0; i < 7; i++) {
    int k = ks[i];
    printf("six_returns(%d)\n", k);
    int r = six_returns(k);
    printf("= %d\n", r);
  }
  for (int i = 0; i < 7; i++) {
    int k = ks[i];
    printf("six_returns_chained(%d)\n", k);
    int r = six_returns_chained(k);
    printf("= %d\n", r);
  }
  for (int i = 0; i < 3; i++) {
    int k = ks[i];
    printf("void_returns(%d)\n", k);
    void_returns(k);
  }
  for (int i = 0; i < 2; i++) {
    int t = targets[i];
    printf("search(%d)\n", t);
    int r = search(t);
    printf("= %d\n", r);
  }
  printf("done\n");
  return 0;
}

// CHECK:      six_returns(0)
// CHECK-NEXT:   computing r0
// CHECK-NEXT:   A
// CHECK-NEXT: = 0
// CHECK-NEXT: six_returns(1)
// CHECK-NEXT:   computing r1
// CHECK-NEXT:   B
// CHECK-NEXT:   A
// CHECK-NEXT: = 10
// CHECK-NEXT: six_returns(2)
// CHECK-NEXT:   computing r2
// CHECK-NEXT:   C
// CHECK-NEXT:   B
// CHECK-NEXT:   A
// CHECK-NEXT: = 20
// CHECK-NEXT: six_returns(3)
// CHECK-NEXT:   computing r3
// CHECK-NEXT:   D
// CHECK-NEXT:   C
// CHECK-NEXT:   B
// CHECK-NEXT:   A
// CHECK-NEXT: = 30
// CHECK-NEXT: six_returns(4)
// CHECK-NEXT:   computing r4
// CHECK-NEXT:   E
// CHECK-NEXT:   C
// CHECK-NEXT:   B
// CHECK-NEXT:   A
// CHECK-NEXT: = 40
// CHECK-NEXT: six_returns(5)
// CHECK-NEXT:   computing r5
// CHECK-NEXT:   F
// CHECK-NEXT:   E
// CHECK-NEXT:   C
// CHECK-NEXT:   B
// CHECK-NEXT:   A
// CHECK-NEXT: = 50
// CHECK-NEXT: six_returns(6)
// CHECK-NEXT:   computing r6
// CHECK-NEXT:   F
// CHECK-NEXT:   E
// CHECK-NEXT:   C
// CHECK-NEXT:   B
// CHECK-NEXT:   A
// CHECK-NEXT: = 60
// CHECK-NEXT: six_returns_chained(0)
// CHECK-NEXT:   computing r0
// CHECK-NEXT:   a2
// CHECK-NEXT:   a1
// CHECK-NEXT: = 0
// CHECK-NEXT: six_returns_chained(1)
// CHECK-NEXT:   computing r1
// CHECK-NEXT:   b2
// CHECK-NEXT:   b1
// CHECK-NEXT:   a2
// CHECK-NEXT:   a1
// CHECK-NEXT: = 11
// CHECK-NEXT: six_returns_chained(2)
// CHECK-NEXT:   computing r2
// CHECK-NEXT:   c2
// CHECK-NEXT:   c1
// CHECK-NEXT:   b2
// CHECK-NEXT:   b1
// CHECK-NEXT:   a2
// CHECK-NEXT:   a1
// CHECK-NEXT: = 22
// CHECK-NEXT: six_returns_chained(3)
// CHECK-NEXT:   computing r3
// CHECK-NEXT:   d2
// CHECK-NEXT:   d1
// CHECK-NEXT:   c2
// CHECK-NEXT:   c1
// CHECK-NEXT:   b2
// CHECK-NEXT:   b1
// CHECK-NEXT:   a2
// CHECK-NEXT:   a1
// CHECK-NEXT: = 33
// CHECK-NEXT: six_returns_chained(4)
// CHECK-NEXT:   computing r4
// CHECK-NEXT:   e2
// CHECK-NEXT:   e1
// CHECK-NEXT:   c2
// CHECK-NEXT:   c1
// CHECK-NEXT:   b2
// CHECK-NEXT:   b1
// CHECK-NEXT:   a2
// CHECK-NEXT:   a1
// CHECK-NEXT: = 44
// CHECK-NEXT: six_returns_chained(5)
// CHECK-NEXT:   computing r5
// CHECK-NEXT:   f2
// CHECK-NEXT:   f1
// CHECK-NEXT:   e2
// CHECK-NEXT:   e1
// CHECK-NEXT:   c2
// CHECK-NEXT:   c1
// CHECK-NEXT:   b2
// CHECK-NEXT:   b1
// CHECK-NEXT:   a2
// CHECK-NEXT:   a1
// CHECK-NEXT: = 55
// CHECK-NEXT: six_returns_chained(6)
// CHECK-NEXT:   computing r6
// CHECK-NEXT:   f2
// CHECK-NEXT:   f1
// CHECK-NEXT:   e2
// CHECK-NEXT:   e1
// CHECK-NEXT:   c2
// CHECK-NEXT:   c1
// CHECK-NEXT:   b2
// CHECK-NEXT:   b1
// CHECK-NEXT:   a2
// CHECK-NEXT:   a1
// CHECK-NEXT: = 66
// CHECK-NEXT: void_returns(0)
// CHECK-NEXT:   v1
// CHECK-NEXT: void_returns(1)
// CHECK-NEXT:   returning
// CHECK-NEXT:   v2
// CHECK-NEXT:   v1
// CHECK-NEXT: void_returns(2)
// CHECK-NEXT:   falling off the end
// CHECK-NEXT:   v3
// CHECK-NEXT:   v2
// CHECK-NEXT:   v1
// CHECK-NEXT: search(4)
// CHECK-NEXT:   found at 1,1
// CHECK-NEXT:   visited 1
// CHECK-NEXT:   visited 0
// CHECK-NEXT:   search(4) outer defer
// CHECK-NEXT: = 4
// CHECK-NEXT: search(100)
// CHECK-NEXT:   visited 9
// CHECK-NEXT:   visited 8
// CHECK-NEXT:   visited 7
// CHECK-NEXT:   visited 6
// CHECK-NEXT:   visited 5
// CHECK-NEXT:   visited 4
// CHECK-NEXT:   visited 3
// CHECK-NEXT:   visited 2
// CHECK-NEXT:   visited 1
// CHECK-NEXT:   visited 0
// CHECK-NEXT:   search(100) outer defer
// CHECK-NEXT: = -100
// CHECK-NEXT: done
