// A fiber whose task travels with it from thread to thread, as in an M:N
// scheduler (SPEC.md 3.8, 3.9; docs/user-guide.md: "A fiber may be switched
// out anywhere, also inside a deferred call or while it panics"). Each time
// the fiber hops, it switches back to the thread that runs it (the
// carrier), and a new carrier thread makes the fiber's task current and
// resumes it. The fiber hops out of its deferred calls: during a normal
// return from a function with pooled records and from one with chained
// stack records, and during a panic, which a deferred call of the fiber
// then recovers. After every hop the remaining deferred calls of the frame
// run on the new carrier with the fiber's task current, in LIFO order, and
// nothing is left on the fiber's task at the end. The carriers stay alive
// until the fiber is done (a thread's defer state must not be used after it
// hopped away, and a carrier that exited would make that a use after free).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 -pthread && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 -pthread && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g -pthread && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g -pthread && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>

/* ASan is told about every stack switch (fiber annotations). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/common_interface_defs.h>
#define ASAN_FIBERS 1
#endif
#endif
#ifndef ASAN_FIBERS
#define __sanitizer_start_switch_fiber(save, bottom, size) ((void)(save))
#define __sanitizer_finish_switch_fiber(save, bottom, size) ((void)(save))
#endif
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef VALGRIND_STACK_REGISTER
#define VALGRIND_STACK_REGISTER(lo, hi) 0
#endif

#define MAX_CARRIERS 16

static cdefer_task_t *task;
static ucontext_t fiber_context;
static char fiber_stack[256 * 1024] __attribute__((aligned(16)));
static void *fiber_fake_stack;          /* ASan bookkeeping */
/* The stack of the carrier that resumed the fiber (ASan bookkeeping). */
static const void *carrier_stack_bottom __attribute__((unused));
static size_t carrier_stack_size __attribute__((unused));
static ucontext_t carrier_context[MAX_CARRIERS];
static int carrier;  /* index of the carrier running the fiber */
static int hops;     /* hops so far */
static int fiber_done;
static int switched_out; /* the fiber is back on its current carrier */
static int release;      /* carriers may exit */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;

static void check_task(const char *where) {
  if (cdefer_task_current() != task)
    printf("BAD: %s runs without the fiber's task\n", where);
}

/* On the fiber, after a carrier switched to it. */
static void arrived_on_fiber(void) {
  __sanitizer_finish_switch_fiber(fiber_fake_stack, &carrier_stack_bottom,
                                  &carrier_stack_size);
}

/* Switches the fiber out to its carrier; returns on the next carrier. */
static void hop(const char *where) {
  int from = carrier;
  cdefer_task_switch(NULL);
  __sanitizer_start_switch_fiber(&fiber_fake_stack, carrier_stack_bottom,
                                 carrier_stack_size);
  swapcontext(&fiber_context, &carrier_context[from]);
  arrived_on_fiber();
  check_task(where);
  hops++;
  printf("  %s: hopped from carrier %d to carrier %d\n", where, from, carrier);
}

static void say(const char *what, int n) {
  check_task(what);
  printf("deferred %s %d\n", what, n);
}

static void hopping(const char *what, int n) {
  say(what, n);
  hop(what);
}

static void catcher(void) {
  const cdefer_panic_t *p = recover();
  check_task("catcher");
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

/* Pooled records; the middle one hops. */
__attribute__((noinline)) void pooled(void) {
  for (int i = 0; i < 3; i++) {
    if (i == 1)
      __attribute__((defer)) hopping("pooled", i);
    else
      __attribute__((defer)) say("pooled", i);
  }
}

/* Ten sites: chained stack records; two of them hop. */
__attribute__((noinline)) void stacked(void) {
  __attribute__((defer)) say("stacked", 1);
  __attribute__((defer)) say("stacked", 2);
  __attribute__((defer)) hopping("stacked", 3);
  __attribute__((defer)) say("stacked", 4);
  __attribute__((defer)) say("stacked", 5);
  __attribute__((defer)) say("stacked", 6);
  __attribute__((defer)) hopping("stacked", 7);
  __attribute__((defer)) say("stacked", 8);
  __attribute__((defer)) say("stacked", 9);
  __attribute__((defer)) say("stacked", 10);
}

/* A panic: deferred calls of pooled records hop while it is in flight. */
__attribute__((noinline)) int panicking(void) {
  __attribute__((defer)) catcher();
  for (int i = 0; i < 3; i++) {
    if (i == 1)
      __attribute__((defer)) hopping("panicking", i);
    else
      __attribute__((defer)) say("panicking", i);
  }
  panic("the fiber's panic");
  return 1;
}

static void fiber_main(void) {
  arrived_on_fiber();
  check_task("fiber_main");
  pooled();
  printf("pooled returned\n");
  stacked();
  printf("stacked returned\n");
  printf("panicking returned %d\n", panicking());
  pthread_mutex_lock(&lock);
  fiber_done = 1;
  pthread_mutex_unlock(&lock);
  cdefer_task_switch(NULL);
  __sanitizer_start_switch_fiber(NULL, carrier_stack_bottom,
                                 carrier_stack_size);
  setcontext(&carrier_context[carrier]);
}

static void *carrier_thread(void *arg) {
  int me = (int)(long)arg;
  pthread_mutex_lock(&lock);
  carrier = me;
  pthread_mutex_unlock(&lock);
  cdefer_task_switch(task);
  void *fake_stack = NULL;
  __sanitizer_start_switch_fiber(&fake_stack, fiber_stack, sizeof fiber_stack);
  swapcontext(&carrier_context[me], &fiber_context);
  __sanitizer_finish_switch_fiber(fake_stack, NULL, NULL);
  /* The fiber hopped out, or finished. */
  if (cdefer_task_current() != NULL)
    printf("BAD: carrier %d is not back on its own task\n", me);
  pthread_mutex_lock(&lock);
  switched_out = 1;
  pthread_cond_broadcast(&cond);
  while (!release)
    pthread_cond_wait(&cond, &lock);
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  task = cdefer_task_create();
  cdefer_task_set_stack(task, fiber_stack, sizeof fiber_stack);
  (void)VALGRIND_STACK_REGISTER(fiber_stack, fiber_stack + sizeof fiber_stack);
  getcontext(&fiber_context);
  fiber_context.uc_stack.ss_sp = fiber_stack;
  fiber_context.uc_stack.ss_size = sizeof fiber_stack;
  fiber_context.uc_link = NULL;
  makecontext(&fiber_context, fiber_main, 0);

  pthread_t threads[MAX_CARRIERS];
  int n = 0;
  for (;;) {
    if (n == MAX_CARRIERS) {
      printf("BAD: too many hops\n");
      return 1;
    }
    pthread_mutex_lock(&lock);
    switched_out = 0;
    pthread_mutex_unlock(&lock);
    pthread_create(&threads[n], NULL, carrier_thread, (void *)(long)n);
    n++;
    pthread_mutex_lock(&lock);
    while (!switched_out)
      pthread_cond_wait(&cond, &lock);
    int done = fiber_done;
    pthread_mutex_unlock(&lock);
    if (done)
      break;
  }
  pthread_mutex_lock(&lock);
  release = 1;
  pthread_cond_broadcast(&cond);
  pthread_mutex_unlock(&lock);
  for (int i = 0; i < n; i++)
    pthread_join(threads[i], NULL);
  printf("%d carriers, %d hops\n", n, hops);
  fflush(stdout);
  printf("pending on the fiber's task: %zu\n", cdefer_task_destroy(task));
  return 0;
}

// CHECK:      deferred pooled 2
// CHECK-NEXT: deferred pooled 1
// CHECK-NEXT:   pooled: hopped from carrier 0 to carrier 1
// CHECK-NEXT: deferred pooled 0
// CHECK-NEXT: pooled returned
// CHECK-NEXT: deferred stacked 10
// CHECK-NEXT: deferred stacked 9
// CHECK-NEXT: deferred stacked 8
// CHECK-NEXT: deferred stacked 7
// CHECK-NEXT:   stacked: hopped from carrier 1 to carrier 2
// CHECK-NEXT: deferred stacked 6
// CHECK-NEXT: deferred stacked 5
// CHECK-NEXT: deferred stacked 4
// CHECK-NEXT: deferred stacked 3
// CHECK-NEXT:   stacked: hopped from carrier 2 to carrier 3
// CHECK-NEXT: deferred stacked 2
// CHECK-NEXT: deferred stacked 1
// CHECK-NEXT: stacked returned
// CHECK-NEXT: deferred panicking 2
// CHECK-NEXT: deferred panicking 1
// CHECK-NEXT:   panicking: hopped from carrier 3 to carrier 4
// CHECK-NEXT: deferred panicking 0
// CHECK-NEXT: recovered: the fiber's panic
// CHECK-NEXT: panicking returned 0
// CHECK-NEXT: 5 carriers, 4 hops
// CHECK-NEXT: pending on the fiber's task: 0
// CHECK-NOT:  {{.}}
