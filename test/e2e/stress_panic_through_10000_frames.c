// One panic unwinds 10,000 frames (plus the recovering one), each with a
// pending deferred call: all 10,000 run, exactly once, innermost first (the
// order is recorded in an array and checked), then the top frame recovers
// and returns normally. Done twice, so the second panic finds clean chains
// and reuses pooled records; the extra RUN lines use chained stack records
// and pooled records in every frame.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s

#include <defer.h>
#include <stdio.h>
#include <string.h>

#define DEPTH 10000

static int order[DEPTH + 1];
static int ran;
static int ran_in_frame[DEPTH];

static void mark(int depth) {
  if (ran <= DEPTH)
    order[ran] = depth;
  ran++;
  ran_in_frame[depth]++;
}

__attribute__((noinline)) void deep(int depth) {
  __attribute__((defer)) mark(depth);
  if (depth == 0)
    panic("bottom of %d frames", DEPTH);
  deep(depth - 1);
  printf("NOT REACHED deep\n");
}

/* A panic is valid only while the deferred call that recovered it runs:
 * keep a copy of its message. */
static char message[64];
static void rec(void) {
  const cdefer_panic_t *p = recover();
  snprintf(message, sizeof message, "%s", p ? cdefer_panic_message(p) : "NULL");
}

__attribute__((noinline)) int top(void) {
  __attribute__((defer)) rec();
  deep(DEPTH - 1);
  return 1;
}

int main(void) {
  for (int round = 1; round <= 2; round++) {
    ran = 0;
    strcpy(message, "(not set)");
    for (int i = 0; i < DEPTH; i++)
      ran_in_frame[i] = 0;
    int r = top();
    int in_order = 1, once = 1;
    for (int i = 0; i < DEPTH && i < ran; i++)
      if (order[i] != i)
        in_order = 0;
    for (int i = 0; i < DEPTH; i++)
      if (ran_in_frame[i] != 1)
        once = 0;
    printf("round %d: top returned %d, recovered \"%s\"\n", round, r, message);
    printf("round %d: %d deferred calls ran, each frame's once: %s, "
           "innermost first: %s\n",
           round, ran, once ? "yes" : "NO", in_order ? "yes" : "NO");
  }
  return 0;
}

// CHECK:      round 1: top returned 0, recovered "bottom of 10000 frames"
// CHECK-NEXT: round 1: 10000 deferred calls ran, each frame's once: yes, innermost first: yes
// CHECK-NEXT: round 2: top returned 0, recovered "bottom of 10000 frames"
// CHECK-NEXT: round 2: 10000 deferred calls ran, each frame's once: yes, innermost first: yes
// CHECK-NOT:  {{.}}
