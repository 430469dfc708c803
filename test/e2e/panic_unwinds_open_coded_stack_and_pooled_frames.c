// A panic unwinds through frames using each lowering strategy: open-coded
// (few sites, no loop), chained stack records (more sites than the
// open-coding limit) and pooled records (defers in loops), plus a frame
// without defers and a deferred block. Every pending deferred call runs
// exactly once, LIFO within a frame, frame by frame outward (SPEC.md 3.4);
// defers that already ran on an earlier normal return are not run again; the
// top frame recovers and returns normally. The scenario runs twice so the
// second run reuses pooled records and finds the chains empty. The extra RUN
// lines force every function onto chained stack records, and every site onto
// pooled records.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O1 %s -o %t.O1 && %run %t.O1 | FileCheck %s
// RUN: %cdefer-cc -O3 %s -o %t.O3 && %run %t.O3 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O0 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s
// Without fault support (no frame state in memory) panics run the same:
// RUN: %cdefer-cc -O2 -mllvm -cdefer-fault-frames=0 %s -o %t.nofault && %run %t.nofault | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-fault-frames=0 -mllvm -cdefer-max-open-coded=0 %s -o %t.nofault.chained && %run %t.nofault.chained | FileCheck %s

#include <defer.h>
#include <stdio.h>

static int runs;

static void say(const char *frame, int n) {
  runs++;
  printf("%s %d\n", frame, n);
}

volatile int yes = 1, no = 0;

/* Open-coded: two calls and a block; the panic site. */
__attribute__((noinline)) void site(int v) {
  __attribute__((defer)) say("site", 1);
  __attribute__((defer)) {
    runs++;
    printf("site block v=%d\n", v);
  }
  if (no)
    __attribute__((defer)) say("site NOT TAKEN", -1);
  __attribute__((defer)) say("site", 3);
  v = 42;
  printf("site panics\n");
  panic("unwind me");
}

/* Open-coded, returns normally before the panic: its defers run then, once. */
__attribute__((noinline)) int done_early(int n) {
  __attribute__((defer)) say("done_early", n);
  return n + 1;
}

/* Ten sites: chained stack records. */
#define S(n) __attribute__((defer)) say("stacked", n);
__attribute__((noinline)) void stacked(void) {
  S(1) S(2) S(3)
  if (no)
    S(-4)
  S(5) S(6) S(7)
  if (yes)
    S(8)
  S(9) S(10)
  printf("stacked calls done_early -> %d\n", done_early(100));
  S(11)
  site(0);
  printf("NOT REACHED stacked\n");
}

/* Loops: pooled records, a straight-line site, a deferred block in a loop
 * and a nested loop. */
__attribute__((noinline)) void pooled(int n) {
  __attribute__((defer)) say("pooled straight", 0);
  for (int i = 0; i < n; i++)
    __attribute__((defer)) say("pooled loop", i);
  for (int i = 0; i < 2; i++) {
    for (int j = 0; j < 2; j++)
      __attribute__((defer)) say("pooled nested", i * 10 + j);
    __attribute__((defer)) {
      runs++;
      printf("pooled block i=%d\n", i); /* by reference: i is 2 by now */
    }
  }
  stacked();
  printf("NOT REACHED pooled\n");
}

/* Open-coded, with a value captured at the defer statement. */
__attribute__((noinline)) void open_coded(int x) {
  __attribute__((defer)) say("open_coded", x);
  x++;
  __attribute__((defer)) say("open_coded", x);
  pooled(3);
  printf("NOT REACHED open_coded\n");
}

/* No defers at all: passed through. */
__attribute__((noinline)) void passthrough(void) {
  open_coded(1);
  printf("NOT REACHED passthrough\n");
}

static void recoverer(void) {
  const cdefer_panic_t *p = recover();
  runs++;
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "(null)");
}

__attribute__((noinline)) int top(void) {
  __attribute__((defer)) say("top", 1);
  __attribute__((defer)) recoverer();
  __attribute__((defer)) say("top", 3);
  passthrough();
  printf("NOT REACHED top\n");
  return 1;
}

int main(void) {
  for (int round = 0; round < 2; round++) {
    runs = 0;
    int r = top();
    printf("top returned %d, %d deferred calls ran\n", r, runs);
  }
  return 0;
}

// CHECK:      done_early 100
// CHECK-NEXT: stacked calls done_early -> 101
// CHECK-NEXT: site panics
// CHECK-NEXT: site 3
// CHECK-NEXT: site block v=42
// CHECK-NEXT: site 1
// CHECK-NEXT: stacked 11
// CHECK-NEXT: stacked 10
// CHECK-NEXT: stacked 9
// CHECK-NEXT: stacked 8
// CHECK-NEXT: stacked 7
// CHECK-NEXT: stacked 6
// CHECK-NEXT: stacked 5
// CHECK-NEXT: stacked 3
// CHECK-NEXT: stacked 2
// CHECK-NEXT: stacked 1
// CHECK-NEXT: pooled block i=2
// CHECK-NEXT: pooled nested 11
// CHECK-NEXT: pooled nested 10
// CHECK-NEXT: pooled block i=2
// CHECK-NEXT: pooled nested 1
// CHECK-NEXT: pooled nested 0
// CHECK-NEXT: pooled loop 2
// CHECK-NEXT: pooled loop 1
// CHECK-NEXT: pooled loop 0
// CHECK-NEXT: pooled straight 0
// CHECK-NEXT: open_coded 2
// CHECK-NEXT: open_coded 1
// CHECK-NEXT: top 3
// CHECK-NEXT: recovered: unwind me
// CHECK-NEXT: top 1
// CHECK-NEXT: top returned 0, 29 deferred calls ran
// CHECK-NEXT: done_early 100
// CHECK-NEXT: stacked calls done_early -> 101
// CHECK-NEXT: site panics
// CHECK-NEXT: site 3
// CHECK-NEXT: site block v=42
// CHECK-NEXT: site 1
// CHECK-NEXT: stacked 11
// CHECK-NEXT: stacked 10
// CHECK-NEXT: stacked 9
// CHECK-NEXT: stacked 8
// CHECK-NEXT: stacked 7
// CHECK-NEXT: stacked 6
// CHECK-NEXT: stacked 5
// CHECK-NEXT: stacked 3
// CHECK-NEXT: stacked 2
// CHECK-NEXT: stacked 1
// CHECK-NEXT: pooled block i=2
// CHECK-NEXT: pooled nested 11
// CHECK-NEXT: pooled nested 10
// CHECK-NEXT: pooled block i=2
// CHECK-NEXT: pooled nested 1
// CHECK-NEXT: pooled nested 0
// CHECK-NEXT: pooled loop 2
// CHECK-NEXT: pooled loop 1
// CHECK-NEXT: pooled loop 0
// CHECK-NEXT: pooled straight 0
// CHECK-NEXT: open_coded 2
// CHECK-NEXT: open_coded 1
// CHECK-NEXT: top 3
// CHECK-NEXT: recovered: unwind me
// CHECK-NEXT: top 1
// CHECK-NEXT: top returned 0, 29 deferred calls ran
// CHECK-NOT:  {{.}}
