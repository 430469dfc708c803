// A defer statement in a loop pushes one deferred call per executed
// iteration: 0, 1 and 1000 iterations run the deferred call 0, 1 and 1000
// times, newest first (SPEC.md 3.3). for, while and do-while loops, and a
// loop whose `continue` skips the defer and whose `break` ends it early.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O3 %s -o %t.O3 && %run %t.O3 | FileCheck %s

#include <defer.h>
#include <stdio.h>

/* What the deferred calls of one invocation did. */
static int count, sum, first, last, expected_next, in_order;

static void reset(void) {
  count = 0;
  sum = 0;
  first = -1;
  last = -1;
  in_order = 1;
}

/* Deferred calls must arrive as n-1, n-2, ..., 0. */
static void record(int i, int n) {
  if (count == 0) {
    first = i;
    expected_next = n - 1;
  }
  if (i != expected_next)
    in_order = 0;
  expected_next = i - 1;
  count++;
  sum += i;
  last = i;
  if (i == n - 1)
    printf("  run first: i=%d\n", i);
  if (i == 0)
    printf("  run last: i=%d\n", i);
}

static void report(const char *what, int n) {
  printf("%s(%d): count=%d sum=%d first=%d last=%d in_order=%d\n", what, n,
         count, sum, first, last, in_order);
}

static void for_loop(int n) {
  __attribute__((defer)) printf("  for_loop(%d) before-loop defer\n", n);
  for (int i = 0; i < n; i++)
    __attribute__((defer)) record(i, n);
  printf("  for_loop(%d) body done\n", n);
}

static void while_loop(int n) {
  int i = 0;
  while (i < n) {
    __attribute__((defer)) record(i, n);
    i++;
  }
  printf("  while_loop(%d) body done\n", n);
}

static void do_while_loop(int n) {
  int i = 0;
  do {
    __attribute__((defer)) record(i, n);
    i++;
  } while (i < n);
  printf("  do_while_loop(%d) body done\n", n);
}

static void break_and_continue(int n) {
  for (int i = 0; i < n; i++) {
    if (i % 2)
      continue;
    __attribute__((defer)) printf("  break_and_continue i=%d\n", i);
    if (i >= 6)
      break;
  }
  printf("  break_and_continue body\n");
}

volatile int sizes[] = {0, 1, 1000};

int main(void) {
  for (int k = 0; k < 3; k++) {
    int n = sizes[k];
    reset();
    for_loop(n);
    report("for_loop", n);
  }
  for (int k = 0; k < 3; k++) {
    int n = sizes[k];
    reset();
    while_loop(n);
    report("while_loop", n);
  }
  /* A do-while body runs at least once. */
  for (int k = 1; k < 3; k++) {
    int n = sizes[k];
    reset();
    do_while_loop(n);
    report("do_while_loop", n);
  }
  break_and_continue(sizes[2]);
  printf("done\n");
  return 0;
}

// CHECK:      for_loop(0) body done
// CHECK-NEXT:   for_loop(0) before-loop defer
// CHECK-NEXT: for_loop(0): count=0 sum=0 first=-1 last=-1 in_order=1
// CHECK-NEXT:   for_loop(1) body done
// CHECK-NEXT:   run first: i=0
// CHECK-NEXT:   run last: i=0
// CHECK-NEXT:   for_loop(1) before-loop defer
// CHECK-NEXT: for_loop(1): count=1 sum=0 first=0 last=0 in_order=1
// CHECK-NEXT:   for_loop(1000) body done
// CHECK-NEXT:   run first: i=999
// CHECK-NEXT:   run last: i=0
// CHECK-NEXT:   for_loop(1000) before-loop defer
// CHECK-NEXT: for_loop(1000): count=1000 sum=499500 first=999 last=0 in_order=1
// CHECK-NEXT:   while_loop(0) body done
// CHECK-NEXT: while_loop(0): count=0 sum=0 first=-1 last=-1 in_order=1
// CHECK-NEXT:   while_loop(1) body done
// CHECK-NEXT:   run first: i=0
// CHECK-NEXT:   run last: i=0
// CHECK-NEXT: while_loop(1): count=1 sum=0 first=0 last=0 in_order=1
// CHECK-NEXT:   while_loop(1000) body done
// CHECK-NEXT:   run first: i=999
// CHECK-NEXT:   run last: i=0
// CHECK-NEXT: while_loop(1000): count=1000 sum=499500 first=999 last=0 in_order=1
// CHECK-NEXT:   do_while_loop(1) body done
// CHECK-NEXT:   run first: i=0
// CHECK-NEXT:   run last: i=0
// CHECK-NEXT: do_while_loop(1): count=1 sum=0 first=0 last=0 in_order=1
// CHECK-NEXT:   do_while_loop(1000) body done
// CHECK-NEXT:   run first: i=999
// CHECK-NEXT:   run last: i=0
// CHECK-NEXT: do_while_loop(1000): count=1000 sum=499500 first=999 last=0 in_order=1
// CHECK-NEXT:   break_and_continue body
// CHECK-NEXT:   break_and_continue i=6
// CHECK-NEXT:   break_and_continue i=4
// CHECK-NEXT:   break_and_continue i=2
// CHECK-NEXT:   break_and_continue i=0
// CHECK-NEXT: done
