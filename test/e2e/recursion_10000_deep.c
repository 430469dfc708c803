// Recursion 10000 deep with defers in every frame, for open-coded (1 site)
// and pooled records (a site in a loop, 2 records per frame), and 2500 deep
// with stack records (14 sites per frame; each record lives in the frame,
// so 10000 such frames would not fit in an 8 MB stack under ASan). The order in which deferred calls run is
// recorded in a global array and checked: the deepest frame's defers run
// first, and within a frame newest first.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

#define DEPTH 10000
#define STACK_DEPTH 2500
#define PER_FRAME_MAX 9

static int order[DEPTH * PER_FRAME_MAX];
static int n_run;
static long sum;

static void record(int v) {
  order[n_run++] = v;
  sum += v;
}

static void reset(void) {
  n_run = 0;
  sum = 0;
}

/* Checks that order[] holds, for depth d from max_depth down to 1, the
 * values d*10+k for k = per_frame-1 down to 0. */
static void report(const char *what, int max_depth, int per_frame) {
  int ok = n_run == max_depth * per_frame;
  for (int i = 0; ok && i < n_run; i++) {
    int depth = max_depth - i / per_frame;
    int k = per_frame - 1 - i % per_frame;
    if (order[i] != depth * 10 + k) {
      printf("%s: order[%d] = %d, expected %d\n", what, i, order[i],
             depth * 10 + k);
      ok = 0;
    }
  }
  printf("%s: runs=%d sum=%ld first=%d last=%d order %s\n", what, n_run, sum,
         n_run ? order[0] : -1, n_run ? order[n_run - 1] : -1,
         ok ? "ok" : "WRONG");
}

static int open_coded(int depth) {
  __attribute__((defer)) record(depth * 10);
  if (depth == DEPTH)
    return depth;
  return open_coded(depth + 1);
}

static int stack_records(int depth) {
  __attribute__((defer)) record(depth * 10 + 0);
  __attribute__((defer)) record(depth * 10 + 1);
  __attribute__((defer)) record(depth * 10 + 2);
  __attribute__((defer)) record(depth * 10 + 3);
  if (depth < STACK_DEPTH) {
    int r = stack_records(depth + 1);
    __attribute__((defer)) record(depth * 10 + 4);
    __attribute__((defer)) record(depth * 10 + 5);
    __attribute__((defer)) record(depth * 10 + 6);
    __attribute__((defer)) record(depth * 10 + 7);
    __attribute__((defer)) record(depth * 10 + 8);
    return r;
  }
  __attribute__((defer)) record(depth * 10 + 4);
  __attribute__((defer)) record(depth * 10 + 5);
  __attribute__((defer)) record(depth * 10 + 6);
  __attribute__((defer)) record(depth * 10 + 7);
  __attribute__((defer)) record(depth * 10 + 8);
  return depth;
}

static int pooled(int depth) {
  for (int k = 0; k < 2; k++)
    __attribute__((defer)) record(depth * 10 + k);
  if (depth == DEPTH)
    return depth;
  return pooled(depth + 1);
}

int main(void) {
  reset();
  printf("open_coded returned %d\n", open_coded(1));
  report("open_coded", DEPTH, 1);
  reset();
  printf("stack_records returned %d\n", stack_records(1));
  report("stack_records", STACK_DEPTH, 9);
  reset();
  printf("pooled returned %d\n", pooled(1));
  report("pooled", DEPTH, 2);
  /* Again, with the record pool already grown. */
  reset();
  printf("pooled returned %d\n", pooled(1));
  report("pooled again", DEPTH, 2);
  printf("done\n");
  return 0;
}

// sum over d=1..10000 of (10*d*per_frame + sum k):
//   open-coded: 10 * 50005000 = 500050000
//   stack (2500 deep): 90 * 3126250 + 36 * 2500 = 281452500
//   pooled:     20 * 50005000 + 1 * 10000 = 1000110000
// CHECK:      open_coded returned 10000
// CHECK-NEXT: open_coded: runs=10000 sum=500050000 first=100000 last=10 order ok
// CHECK-NEXT: stack_records returned 2500
// CHECK-NEXT: stack_records: runs=22500 sum=281452500 first=25008 last=10 order ok
// CHECK-NEXT: pooled returned 10000
// CHECK-NEXT: pooled: runs=20000 sum=1000110000 first=100001 last=10 order ok
// CHECK-NEXT: pooled returned 10000
// CHECK-NEXT: pooled again: runs=20000 sum=1000110000 first=100001 last=10 order ok
// CHECK-NEXT: done
