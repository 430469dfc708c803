// A fiber abandoned in the middle of its functions - parked and never woken
// - still has chained deferred calls pending on its task: five pooled
// records (a defer in a loop) and ten stack records (a function with more
// sites than the open-coding limit), plus a frame with open-coded defers,
// which live only in the fiber's stack and are not counted. Destroying it
// (cdefer_task_destroy) runs none of them, prints one warning on stderr with
// the count, and returns the count (15). Destroying a fiber that finished
// returns 0 and prints nothing. The other fibers and the main thread keep
// their own deferred calls, which run normally afterwards; the pooled
// records of the destroyed task are freed (the asan and valgrind variants
// check for leaks).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>%t.O0.err | FileCheck %s && FileCheck %s --check-prefix=ERR < %t.O0.err
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 2>%t.O2.err | FileCheck %s && FileCheck %s --check-prefix=ERR < %t.O2.err
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g 2>%t.O0g.err | FileCheck %s && FileCheck %s --check-prefix=ERR < %t.O0g.err %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>%t.O2g.err | FileCheck %s && FileCheck %s --check-prefix=ERR < %t.O2g.err %}

#include "Inputs/fiber_sched.h"

#include <defer.h>
#include <stdio.h>

static void say(const char *what, int n) {
  printf("[%s] deferred %s %d\n", fiber_name(), what, n);
}

/* Open-coded: not counted by cdefer_task_destroy. */
__attribute__((noinline)) void open_coded(void) {
  __attribute__((defer)) say("NOT RUN open_coded", 1);
  __attribute__((defer)) say("NOT RUN open_coded", 2);
  printf("[%s] parks forever\n", fiber_name());
  fiber_park();
  printf("NOT REACHED open_coded\n");
}

/* Ten sites: ten stack records. */
#define S(n) __attribute__((defer)) say("NOT RUN stacked", n);
__attribute__((noinline)) void stacked(void) {
  S(1) S(2) S(3) S(4) S(5) S(6) S(7) S(8) S(9) S(10)
  open_coded();
  printf("NOT REACHED stacked\n");
}
#undef S

/* Five pooled records, one per loop iteration. */
__attribute__((noinline)) void pooled(int n) {
  for (int i = 0; i < n; i++)
    __attribute__((defer)) say("NOT RUN pooled", i);
  stacked();
  printf("NOT REACHED pooled\n");
}

static void abandoned(void *arg) {
  (void)arg;
  pooled(5);
  printf("NOT REACHED abandoned\n");
}

/* Returns normally after yielding while the other fiber parks. */
static void finishes(void *arg) {
  (void)arg;
  for (int i = 0; i < 3; i++)
    __attribute__((defer)) say("finishes", i);
  fiber_yield();
  printf("[%s] returns\n", fiber_name());
}

int main(void) {
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say("main", i);
  struct fiber *lost = fiber_spawn("lost", abandoned, NULL);
  struct fiber *done = fiber_spawn("done", finishes, NULL);
  fiber_run();
  printf("[main] no fiber is ready\n");
  fflush(stdout);
  printf("[main] destroying the finished fiber returns %zu\n",
         fiber_destroy(done));
  fflush(stdout);
  printf("[main] destroying the abandoned fiber returns %zu\n",
         fiber_destroy(lost));
  /* The thread's own task still works, pooled records included. */
  for (int i = 10; i < 12; i++)
    __attribute__((defer)) say("main", i);
  return 0;
}

// CHECK:      [lost] parks forever
// CHECK-NEXT: [done] returns
// CHECK-NEXT: [done] deferred finishes 2
// CHECK-NEXT: [done] deferred finishes 1
// CHECK-NEXT: [done] deferred finishes 0
// CHECK-NEXT: [main] no fiber is ready
// CHECK-NEXT: [main] destroying the finished fiber returns 0
// CHECK-NEXT: [main] destroying the abandoned fiber returns 15
// CHECK-NEXT: [main] deferred main 11
// CHECK-NEXT: [main] deferred main 10
// CHECK-NEXT: [main] deferred main 1
// CHECK-NEXT: [main] deferred main 0
// CHECK-NOT:  {{.}}

// Nothing else on stderr, except ASan's note (==PID==WARNING: ASan doesn't
// fully support makecontext/swapcontext ...) in the asan variant.
// ERR-NOT: {{^[^=]}}
// ERR:     {{^}}cdefer: warning: task 0x{{[0-9a-f]+}} destroyed with 15 pending deferred call(s); they will not run{{$}}
// ERR-NOT: {{.}}
