// Eight threads panic and recover at the same time, up to 100,000 cycles
// each (SPEC.md 3.8, 3.9): every thread is its own task, with its own defer
// chain, panic chain and record pool, so no record or panic ever shows up on
// another thread. Each cycle panics through a frame with open-coded defers,
// a frame with pooled records (defers in a loop), a frame with chained stack
// records (more sites than the open-coding limit) and a frame without
// defers, and recovers at the top; recover() must return the panic of its
// own thread and cycle. Each cycle also returns normally through a loop of
// pooled defers and an open-coded frame. Per-thread counters (kept in the
// thread's own struct, passed by address to the deferred calls) are checked
// after every cycle and printed by main after joining, in thread order.
//
// The cycles per thread are argv[1]: 100,000 in the -O2 run, 20,000 in
// the other runs and under ASan, 1,000 under valgrind (valgrind makes a
// panic about a thousand times slower, and eight threads share the
// machine's cores). All threads' panics pass the same pcs: they share the
// runtime's cache of unwind rows. The last RUN line builds with
// -fsanitize=thread and runs with halt_on_error=1; it is not run in the
// asan variant (TSan cannot be combined with -fsanitize=address) nor under
// valgrind (which cannot run TSan binaries). The libcdefer runtime itself is not
// instrumented by TSan: it checks the test's code, the instrumented frames'
// landing pads, and the runtime's malloc/free and the memory it shares with
// user code (records, panic messages).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 -pthread && %run %t.O0 %if valgrind %{ 1000 | FileCheck %s -D#CYCLES=1000 %} %else %{ 20000 | FileCheck %s -D#CYCLES=20000 %}
// RUN: %cdefer-cc -O2 %s -o %t.O2 -pthread && %run %t.O2 %if valgrind %{ 1000 | FileCheck %s -D#CYCLES=1000 %} %else %{ %if asan %{ 20000 | FileCheck %s -D#CYCLES=20000 %} %else %{ 100000 | FileCheck %s -D#CYCLES=100000 %} %}
// RUN: %cdefer-cc -O0 -g %s -o %t.O0g -pthread && %run %t.O0g %if valgrind %{ 1000 | FileCheck %s -D#CYCLES=1000 %} %else %{ 20000 | FileCheck %s -D#CYCLES=20000 %}
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g -pthread && %run %t.O2g %if valgrind %{ 1000 | FileCheck %s -D#CYCLES=1000 %} %else %{ 20000 | FileCheck %s -D#CYCLES=20000 %}
// RUN: %if !asan && !valgrind %{ %cdefer-cc -fsanitize=thread -O1 -g %s -o %t.tsan -pthread && env TSAN_OPTIONS=halt_on_error=1 %run %t.tsan 20000 | FileCheck %s -D#CYCLES=20000 %}

#include <defer.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 8

struct counters {
  int id;
  long cycles;        /* cycles to run */
  long runs;          /* deferred calls run in the current cycle */
  long total_runs;    /* deferred calls run in all cycles */
  long recovered;     /* panics recovered with the expected message */
  long wrong_message; /* recover() returned another thread's or cycle's panic */
  long missed;        /* recover() returned NULL during the panic */
  long bad_cycles;    /* cycles whose counts were wrong */
  long first_bad;     /* the first such cycle */
};

static void count(struct counters *c, int n) { c->runs += n; }

/* Recovers and checks that the panic is this thread's and this cycle's. */
static void rec(struct counters *c, long cycle) {
  const cdefer_panic_t *p = recover();
  if (p == NULL) {
    c->missed++;
    return;
  }
  char want[64];
  snprintf(want, sizeof want, "thread %d cycle %ld", c->id, cycle);
  if (strcmp(cdefer_panic_message(p), want) == 0)
    c->recovered++;
  else
    c->wrong_message++;
}

/* Open-coded defers; the panic site. */
__attribute__((noinline)) void site(struct counters *c, long cycle) {
  __attribute__((defer)) count(c, 1);
  __attribute__((defer)) { c->runs += 2; }
  panic("thread %d cycle %ld", c->id, cycle);
}

/* No defers: the unwind passes through. */
__attribute__((noinline)) void plain(struct counters *c, long cycle) {
  site(c, cycle);
  c->runs = -1000000; /* not reached */
}

/* Pooled records: three defers in a loop. */
__attribute__((noinline)) void pooled(struct counters *c, long cycle) {
  for (int i = 0; i < 3; i++)
    __attribute__((defer)) count(c, 10);
  plain(c, cycle);
}

/* Nine sites: chained stack records. */
__attribute__((noinline)) void stacked(struct counters *c, long cycle) {
  __attribute__((defer)) count(c, 100);
  __attribute__((defer)) count(c, 100);
  __attribute__((defer)) count(c, 100);
  __attribute__((defer)) count(c, 100);
  __attribute__((defer)) count(c, 100);
  __attribute__((defer)) count(c, 100);
  __attribute__((defer)) count(c, 100);
  __attribute__((defer)) count(c, 100);
  __attribute__((defer)) count(c, 100);
  pooled(c, cycle);
}

/* Recovers; returns what the deferred block sets after the recovery. */
__attribute__((noinline)) int top(struct counters *c, long cycle) {
  __attribute__((defer)) {
    c->runs += 1000;
    cdefer_result(int) = 7;
  }
  __attribute__((defer)) rec(c, cycle);
  stacked(c, cycle);
  return 1;
}

/* Normal returns: an open-coded frame and a loop of pooled records. */
__attribute__((noinline)) int open_coded_return(struct counters *c, int v) {
  __attribute__((defer)) count(c, 10000);
  __attribute__((defer)) { c->runs += 20000; }
  return v + 1;
}

__attribute__((noinline)) int pooled_return(struct counters *c, int n) {
  int sum = 0;
  for (int i = 0; i < n; i++) {
    __attribute__((defer)) count(c, 100000);
    sum += open_coded_return(c, i);
  }
  return sum;
}

static void *worker(void *arg) {
  struct counters *c = arg;
  const long want = 1 + 2 + 30 + 900 + 1000 +                 /* the panic */
                    4 * (10000 + 20000) + 4 * 100000;          /* returns */
  for (long cycle = 1; cycle <= c->cycles; cycle++) {
    c->runs = 0;
    int r = top(c, cycle);
    int s = pooled_return(c, 4);
    if (r != 7 || s != 1 + 2 + 3 + 4 || c->runs != want ||
        c->recovered != cycle) {
      if (c->bad_cycles++ == 0)
        c->first_bad = cycle;
    }
    c->total_runs += c->runs;
  }
  return NULL;
}

int main(int argc, char **argv) {
  long cycles = argc > 1 ? atol(argv[1]) : 100000;
  pthread_t threads[NTHREADS];
  struct counters counters[NTHREADS];
  memset(counters, 0, sizeof counters);
  for (int i = 0; i < NTHREADS; i++) {
    counters[i].id = i;
    counters[i].cycles = cycles;
    if (pthread_create(&threads[i], NULL, worker, &counters[i]) != 0) {
      printf("BAD: pthread_create failed\n");
      return 1;
    }
  }
  for (int i = 0; i < NTHREADS; i++)
    pthread_join(threads[i], NULL);
  printf("%d threads, %ld cycles each\n", NTHREADS, cycles);
  for (int i = 0; i < NTHREADS; i++) {
    struct counters *c = &counters[i];
    printf("thread %d: %ld cycles, %ld recovered, %ld deferred calls\n", c->id,
           c->cycles, c->recovered, c->total_runs);
    if (c->wrong_message != 0 || c->missed != 0 || c->bad_cycles != 0)
      printf("BAD thread %d: %ld wrong messages, %ld missed recoveries, %ld "
             "bad cycles (first: %ld)\n",
             c->id, c->wrong_message, c->missed, c->bad_cycles, c->first_bad);
  }
  printf("done\n");
  return 0;
}

// Each cycle runs 1 + 2 + 30 + 900 + 1000 (the panic) + 4 * 30000 + 4 *
// 100000 (the normal returns) = 521933 units of deferred calls.
// CHECK:      8 threads, [[#CYCLES]] cycles each
// CHECK-NEXT: thread 0: [[#CYCLES]] cycles, [[#CYCLES]] recovered, [[#mul(CYCLES,521933)]] deferred calls
// CHECK-NEXT: thread 1: [[#CYCLES]] cycles, [[#CYCLES]] recovered, [[#mul(CYCLES,521933)]] deferred calls
// CHECK-NEXT: thread 2: [[#CYCLES]] cycles, [[#CYCLES]] recovered, [[#mul(CYCLES,521933)]] deferred calls
// CHECK-NEXT: thread 3: [[#CYCLES]] cycles, [[#CYCLES]] recovered, [[#mul(CYCLES,521933)]] deferred calls
// CHECK-NEXT: thread 4: [[#CYCLES]] cycles, [[#CYCLES]] recovered, [[#mul(CYCLES,521933)]] deferred calls
// CHECK-NEXT: thread 5: [[#CYCLES]] cycles, [[#CYCLES]] recovered, [[#mul(CYCLES,521933)]] deferred calls
// CHECK-NEXT: thread 6: [[#CYCLES]] cycles, [[#CYCLES]] recovered, [[#mul(CYCLES,521933)]] deferred calls
// CHECK-NEXT: thread 7: [[#CYCLES]] cycles, [[#CYCLES]] recovered, [[#mul(CYCLES,521933)]] deferred calls
// CHECK-NEXT: done
// CHECK-NOT:  {{.}}
