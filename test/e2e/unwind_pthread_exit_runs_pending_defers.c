// pthread_exit runs the calling thread's pending deferred calls (SPEC.md
// 3.11): those of every frame between the call and the thread's start
// routine, whatever their lowering (open-coded, stack records, pooled
// records, blocks), innermost first, each once; cleanup variables of those
// frames run too. recover() during that unwind returns NULL (like Go's
// Goexit). pthread_join then receives the value passed to pthread_exit.
// Other threads, and the main thread's defers, are not affected, and a
// thread can exit this way repeatedly (records are reused).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 -pthread && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 -pthread && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g -pthread && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g -pthread && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained -pthread && %run %t.chained | FileCheck %s

#include <defer.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

static void say(const char *s, int n) { printf("deferred %s %d\n", s, n); }

static void closer(const char **name) { printf("cleanup %s\n", *name); }

static void try_recover(void) {
  const cdefer_panic_t *p = recover();
  printf("recover during pthread_exit: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

/* Open-coded; calls pthread_exit. */
__attribute__((noinline)) void exits(intptr_t value) {
  __attribute__((defer)) say("exits", 1);
  __attribute__((defer)) try_recover();
  __attribute__((defer)) say("exits", 3);
  pthread_exit((void *)value);
}

/* Chained stack records, a block and a cleanup variable. */
__attribute__((noinline)) void stacked(intptr_t value) {
  __attribute__((cleanup(closer))) const char *name = "stacked";
  int state = 0;
  __attribute__((defer)) say("stacked", 1);
  __attribute__((defer)) say("stacked", 2);
  __attribute__((defer)) say("stacked", 3);
  __attribute__((defer)) say("stacked", 4);
  __attribute__((defer)) { printf("stacked block state=%d\n", state); }
  __attribute__((defer)) say("stacked", 6);
  __attribute__((defer)) say("stacked", 7);
  __attribute__((defer)) say("stacked", 8);
  __attribute__((defer)) say("stacked", 9);
  state = 1;
  exits(value);
  printf("NOT REACHED stacked %s\n", name);
}

/* Pooled records. */
__attribute__((noinline)) void pooled(intptr_t value) {
  for (int i = 0; i < 3; i++)
    __attribute__((defer)) say("pooled", i);
  stacked(value);
  printf("NOT REACHED pooled\n");
}

/* No defers. */
__attribute__((noinline)) void plain(intptr_t value) {
  pooled(value);
  printf("NOT REACHED plain\n");
}

static void *start(void *arg) {
  __attribute__((defer)) say("start routine", (int)(intptr_t)arg);
  plain((intptr_t)arg * 100);
  printf("NOT REACHED start\n");
  return NULL;
}

/* No defers at all on the thread. */
static void *start_without_defers(void *arg) { pthread_exit(arg); }

int main(void) {
  __attribute__((defer)) say("main", 0);
  for (intptr_t round = 1; round <= 2; round++) {
    pthread_t t;
    void *result = NULL;
    if (pthread_create(&t, NULL, start, (void *)round) != 0)
      return 1;
    pthread_join(t, &result);
    printf("joined, pthread_exit value %ld\n", (long)(intptr_t)result);
    fflush(stdout);
  }
  pthread_t t;
  void *result = NULL;
  pthread_create(&t, NULL, start_without_defers, (void *)7);
  pthread_join(t, &result);
  printf("joined, pthread_exit value %ld\n", (long)(intptr_t)result);
  return 0;
}

// CHECK:      deferred exits 3
// CHECK-NEXT: recover during pthread_exit: NULL
// CHECK-NEXT: deferred exits 1
// CHECK-NEXT: cleanup stacked
// CHECK-NEXT: deferred stacked 9
// CHECK-NEXT: deferred stacked 8
// CHECK-NEXT: deferred stacked 7
// CHECK-NEXT: deferred stacked 6
// CHECK-NEXT: stacked block state=1
// CHECK-NEXT: deferred stacked 4
// CHECK-NEXT: deferred stacked 3
// CHECK-NEXT: deferred stacked 2
// CHECK-NEXT: deferred stacked 1
// CHECK-NEXT: deferred pooled 2
// CHECK-NEXT: deferred pooled 1
// CHECK-NEXT: deferred pooled 0
// CHECK-NEXT: deferred start routine 1
// CHECK-NEXT: joined, pthread_exit value 100
// CHECK-NEXT: deferred exits 3
// CHECK-NEXT: recover during pthread_exit: NULL
// CHECK-NEXT: deferred exits 1
// CHECK-NEXT: cleanup stacked
// CHECK-NEXT: deferred stacked 9
// CHECK-NEXT: deferred stacked 8
// CHECK-NEXT: deferred stacked 7
// CHECK-NEXT: deferred stacked 6
// CHECK-NEXT: stacked block state=1
// CHECK-NEXT: deferred stacked 4
// CHECK-NEXT: deferred stacked 3
// CHECK-NEXT: deferred stacked 2
// CHECK-NEXT: deferred stacked 1
// CHECK-NEXT: deferred pooled 2
// CHECK-NEXT: deferred pooled 1
// CHECK-NEXT: deferred pooled 0
// CHECK-NEXT: deferred start routine 2
// CHECK-NEXT: joined, pthread_exit value 200
// CHECK-NEXT: joined, pthread_exit value 7
// CHECK-NEXT: deferred main 0
// CHECK-NOT:  {{.}}
