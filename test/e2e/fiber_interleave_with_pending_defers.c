// Three fibers, each with its own cdefer task (SPEC.md 3.8, 3.9), interleave
// while each has deferred calls pending: they yield between defer
// statements, inside loops of pooled records, in an open-coded function, in
// a function with chained stack records (more sites than the open-coding
// limit) and in a deferred block. Each fiber's deferred calls run in its own
// LIFO order when its function returns, on that fiber and with its task
// current (every deferred call checks), never on another fiber, and the
// main thread's pending chained defers stay on the thread's own task until
// main returns.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O0 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s

#include "Inputs/fiber_sched.h"

#include <defer.h>
#include <stdio.h>

/* Every deferred call names the fiber that deferred it and checks that it
 * runs on that fiber, with that fiber's task current. */
static void say(struct fiber *owner, const char *what, int n) {
  if (fiber_self() != owner ||
      cdefer_task_current() != (owner ? owner->task : NULL))
    printf("BAD: %s's deferred call runs on %s\n",
           owner ? owner->name : "main", fiber_name());
  printf("[%s] deferred %s %d\n", owner ? owner->name : "main", what, n);
}

static void step(const char *what) {
  printf("[%s] %s\n", fiber_name(), what);
  fiber_yield();
}

/* Open-coded: a few sites, no loop; yields between them. */
__attribute__((noinline)) int open_coded(int base) {
  struct fiber *self = fiber_self();
  __attribute__((defer)) say(self, "open_coded", base + 1);
  step("open_coded after 1");
  __attribute__((defer)) {
    say(self, "open_coded block", base + 2);
  }
  step("open_coded after 2");
  __attribute__((defer)) say(self, "open_coded", base + 3);
  return base;
}

/* Chained stack records: ten sites. */
#define S(n)                                                                   \
  __attribute__((defer)) say(self, "stacked", n);                              \
  if ((n) % 3 == 0)                                                            \
    step("stacked yields");
__attribute__((noinline)) void stacked(void) {
  struct fiber *self = fiber_self();
  S(1) S(2) S(3) S(4) S(5) S(6) S(7) S(8) S(9) S(10)
}
#undef S

/* Pooled records: a defer in a loop that yields on every iteration. */
__attribute__((noinline)) void pooled(int n) {
  struct fiber *self = fiber_self();
  for (int i = 0; i < n; i++) {
    __attribute__((defer)) say(self, "pooled", i);
    step("pooled loop");
  }
  stacked();
  step("pooled after stacked");
}

static void body(void *arg) {
  struct fiber *self = fiber_self();
  int n = (int)(long)arg;
  __attribute__((defer)) say(self, "body", 0);
  step("body starts");
  pooled(n);
  open_coded(10 * n);
  __attribute__((defer)) say(self, "body", 1);
  printf("[%s] body returns\n", self->name);
}

int main(void) {
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say(NULL, "main loop", i);
  struct fiber *f[3];
  f[0] = fiber_spawn("A", body, (void *)1L);
  f[1] = fiber_spawn("B", body, (void *)2L);
  f[2] = fiber_spawn("C", body, (void *)3L);
  fiber_run();
  printf("[main] all fibers done\n");
  size_t pending = 0;
  for (int i = 0; i < 3; i++)
    pending += fiber_destroy(f[i]);
  printf("[main] pending after destroy: %zu\n", pending);
  return 0;
}

// CHECK:      [A] body starts
// CHECK-NEXT: [B] body starts
// CHECK-NEXT: [C] body starts
// CHECK-NEXT: [A] pooled loop
// CHECK-NEXT: [B] pooled loop
// CHECK-NEXT: [C] pooled loop
// A leaves the loop after one iteration (n = 1), B after two, C after three.
// CHECK-NEXT: [A] stacked yields
// CHECK-NEXT: [B] pooled loop
// CHECK-NEXT: [C] pooled loop
// CHECK-NEXT: [A] stacked yields
// CHECK-NEXT: [B] stacked yields
// CHECK-NEXT: [C] pooled loop
// CHECK-NEXT: [A] stacked yields
// CHECK-NEXT: [B] stacked yields
// CHECK-NEXT: [C] stacked yields
// A's stacked() returns: its ten records run, newest first, on A.
// CHECK-NEXT: [A] deferred stacked 10
// CHECK-NEXT: [A] deferred stacked 9
// CHECK-NEXT: [A] deferred stacked 8
// CHECK-NEXT: [A] deferred stacked 7
// CHECK-NEXT: [A] deferred stacked 6
// CHECK-NEXT: [A] deferred stacked 5
// CHECK-NEXT: [A] deferred stacked 4
// CHECK-NEXT: [A] deferred stacked 3
// CHECK-NEXT: [A] deferred stacked 2
// CHECK-NEXT: [A] deferred stacked 1
// CHECK-NEXT: [A] pooled after stacked
// CHECK-NEXT: [B] stacked yields
// CHECK-NEXT: [C] stacked yields
// CHECK-NEXT: [A] deferred pooled 0
// CHECK-NEXT: [A] open_coded after 1
// CHECK-NEXT: [B] deferred stacked 10
// CHECK-NEXT: [B] deferred stacked 9
// CHECK-NEXT: [B] deferred stacked 8
// CHECK-NEXT: [B] deferred stacked 7
// CHECK-NEXT: [B] deferred stacked 6
// CHECK-NEXT: [B] deferred stacked 5
// CHECK-NEXT: [B] deferred stacked 4
// CHECK-NEXT: [B] deferred stacked 3
// CHECK-NEXT: [B] deferred stacked 2
// CHECK-NEXT: [B] deferred stacked 1
// CHECK-NEXT: [B] pooled after stacked
// CHECK-NEXT: [C] stacked yields
// CHECK-NEXT: [A] open_coded after 2
// CHECK-NEXT: [B] deferred pooled 1
// CHECK-NEXT: [B] deferred pooled 0
// CHECK-NEXT: [B] open_coded after 1
// CHECK-NEXT: [C] deferred stacked 10
// CHECK-NEXT: [C] deferred stacked 9
// CHECK-NEXT: [C] deferred stacked 8
// CHECK-NEXT: [C] deferred stacked 7
// CHECK-NEXT: [C] deferred stacked 6
// CHECK-NEXT: [C] deferred stacked 5
// CHECK-NEXT: [C] deferred stacked 4
// CHECK-NEXT: [C] deferred stacked 3
// CHECK-NEXT: [C] deferred stacked 2
// CHECK-NEXT: [C] deferred stacked 1
// CHECK-NEXT: [C] pooled after stacked
// CHECK-NEXT: [A] deferred open_coded 13
// CHECK-NEXT: [A] deferred open_coded block 12
// CHECK-NEXT: [A] deferred open_coded 11
// CHECK-NEXT: [A] body returns
// CHECK-NEXT: [A] deferred body 1
// CHECK-NEXT: [A] deferred body 0
// CHECK-NEXT: [B] open_coded after 2
// CHECK-NEXT: [C] deferred pooled 2
// CHECK-NEXT: [C] deferred pooled 1
// CHECK-NEXT: [C] deferred pooled 0
// CHECK-NEXT: [C] open_coded after 1
// CHECK-NEXT: [B] deferred open_coded 23
// CHECK-NEXT: [B] deferred open_coded block 22
// CHECK-NEXT: [B] deferred open_coded 21
// CHECK-NEXT: [B] body returns
// CHECK-NEXT: [B] deferred body 1
// CHECK-NEXT: [B] deferred body 0
// CHECK-NEXT: [C] open_coded after 2
// CHECK-NEXT: [C] deferred open_coded 33
// CHECK-NEXT: [C] deferred open_coded block 32
// CHECK-NEXT: [C] deferred open_coded 31
// CHECK-NEXT: [C] body returns
// CHECK-NEXT: [C] deferred body 1
// CHECK-NEXT: [C] deferred body 0
// CHECK-NEXT: [main] all fibers done
// CHECK-NEXT: [main] pending after destroy: 0
// CHECK-NEXT: [main] deferred main loop 1
// CHECK-NEXT: [main] deferred main loop 0
// CHECK-NOT:  {{.}}
