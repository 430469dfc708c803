// Several functions with defers calling each other, including mutual
// recursion, a deferred call whose callee has its own defers, and frames
// using different strategies (open-coded, stack records, pooled records)
// nested inside one another: each frame runs only its own defers.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }

static int leaf(int x) {
  __attribute__((defer)) say("leaf defer");
  printf("leaf(%d)\n", x);
  return x * 2;
}

static int middle(int x) {
  __attribute__((defer)) say("middle defer 1");
  int r = leaf(x);
  __attribute__((defer)) say("middle defer 2");
  printf("middle got %d\n", r);
  return r + 1;
}

/* Deferred: a function that has its own defers. */
static void cleanup(const char *who) {
  __attribute__((defer)) printf("cleanup(%s) own defer\n", who);
  printf("cleanup(%s) body\n", who);
  leaf(7);
}

static void outer(void) {
  __attribute__((defer)) say("outer defer 1");
  __attribute__((defer)) cleanup("outer");
  printf("outer calls middle -> %d\n", middle(3));
  __attribute__((defer)) say("outer defer 3");
}

/* Mutual recursion, each level with a defer. */
static int odd(int n);
static int even(int n) {
  __attribute__((defer)) printf("even(%d) defer\n", n);
  if (n == 0)
    return 1;
  return odd(n - 1);
}
static int odd(int n) {
  __attribute__((defer)) printf("odd(%d) defer\n", n);
  if (n == 0)
    return 0;
  return even(n - 1);
}

/* Strategies nested: stack records (10 sites) call into pooled records
 * (loop) which call into open-coded (1 site), and a deferred call of the
 * stack-record frame calls the pooled one again while the outer frame's
 * defers are running. */
static void pooled(int n) {
  for (int i = 0; i < n; i++)
    __attribute__((defer)) printf("pooled(%d) i=%d\n", n, i);
  leaf(n);
}

static void stacked(void) {
  __attribute__((defer)) say("stacked 1");
  __attribute__((defer)) say("stacked 2");
  __attribute__((defer)) pooled(2);
  __attribute__((defer)) say("stacked 4");
  __attribute__((defer)) say("stacked 5");
  pooled(1);
  __attribute__((defer)) say("stacked 6");
  __attribute__((defer)) say("stacked 7");
  __attribute__((defer)) cleanup("stacked");
  __attribute__((defer)) say("stacked 9");
  __attribute__((defer)) say("stacked 10");
  printf("stacked body\n");
}

int main(void) {
  outer();
  printf("--\n");
  printf("even(3) = %d\n", even(3));
  printf("--\n");
  stacked();
  printf("done\n");
  return 0;
}

// CHECK:      leaf(3)
// CHECK-NEXT: leaf defer
// CHECK-NEXT: middle got 6
// CHECK-NEXT: middle defer 2
// CHECK-NEXT: middle defer 1
// CHECK-NEXT: outer calls middle -> 7
// CHECK-NEXT: outer defer 3
// CHECK-NEXT: cleanup(outer) body
// CHECK-NEXT: leaf(7)
// CHECK-NEXT: leaf defer
// CHECK-NEXT: cleanup(outer) own defer
// CHECK-NEXT: outer defer 1
// CHECK-NEXT: --
// CHECK-NEXT: odd(0) defer
// CHECK-NEXT: even(1) defer
// CHECK-NEXT: odd(2) defer
// CHECK-NEXT: even(3) defer
// CHECK-NEXT: even(3) = 0
// CHECK-NEXT: --
// CHECK-NEXT: leaf(1)
// CHECK-NEXT: leaf defer
// CHECK-NEXT: pooled(1) i=0
// CHECK-NEXT: stacked body
// CHECK-NEXT: stacked 10
// CHECK-NEXT: stacked 9
// CHECK-NEXT: cleanup(stacked) body
// CHECK-NEXT: leaf(7)
// CHECK-NEXT: leaf defer
// CHECK-NEXT: cleanup(stacked) own defer
// CHECK-NEXT: stacked 7
// CHECK-NEXT: stacked 6
// CHECK-NEXT: stacked 5
// CHECK-NEXT: stacked 4
// CHECK-NEXT: leaf(2)
// CHECK-NEXT: leaf defer
// CHECK-NEXT: pooled(2) i=1
// CHECK-NEXT: pooled(2) i=0
// CHECK-NEXT: stacked 2
// CHECK-NEXT: stacked 1
// CHECK-NEXT: done
