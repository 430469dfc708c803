// -fsanitize=thread: four threads, each deferring calls (open-coded and in
// a loop, so pooled records from its own pool) and panicking and recovering
// 100 times in 300 rounds. Each thread's defer chain, panic chain and pool
// are its own: ThreadSanitizer reports no race (a report makes the program
// exit with status 66), and every thread counts what it should.
//
// RUN: %cdefer-cc -fsanitize=thread -O0 %s -o %t.O0 && %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -fsanitize=thread -O2 %s -o %t.O2 && %run %t.O2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -fsanitize=thread -O0 -g %s -o %t.O0g && %run %t.O0g 2>&1 | FileCheck %s
// RUN: %cdefer-cc -fsanitize=thread -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | FileCheck %s

#include <defer.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define THREADS 4
#define ROUNDS 300

struct result {
  int deferred, recovered, returned, messages_ok;
};
static struct result results[THREADS];

static void count(int *c) { (*c)++; }

static void guard(struct result *r, int id, int i) {
  const cdefer_panic_t *p = recover();
  if (p) {
    char want[64];
    snprintf(want, sizeof want, "thread %d round %d", id, i);
    r->recovered++;
    r->messages_ok += strcmp(cdefer_panic_message(p), want) == 0;
  }
}

__attribute__((noinline)) static void deep(struct result *r, int id, int i) {
  for (int k = 0; k < 2; k++)
    __attribute__((defer)) count(&r->deferred);
  if (i % 3 == 0)
    panic("thread %d round %d", id, i);
}

static int round_trip(struct result *r, int id, int i) {
  __attribute__((defer)) guard(r, id, i);
  __attribute__((defer)) count(&r->deferred);
  deep(r, id, i);
  return 1;
}

static void *worker(void *arg) {
  int id = (int)(long)arg;
  struct result *r = &results[id];
  for (int i = 0; i < ROUNDS; i++)
    r->returned += round_trip(r, id, i);
  return NULL;
}

int main(void) {
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  for (int i = 0; i < THREADS; i++)
    printf("thread %d: deferred %d recovered %d returned %d messages %d\n", i,
           results[i].deferred, results[i].recovered, results[i].returned,
           results[i].messages_ok);
  return 0;
}

// CHECK-NOT: ThreadSanitizer
// CHECK:      thread 0: deferred 900 recovered 100 returned 200 messages 100
// CHECK-NEXT: thread 1: deferred 900 recovered 100 returned 200 messages 100
// CHECK-NEXT: thread 2: deferred 900 recovered 100 returned 200 messages 100
// CHECK-NEXT: thread 3: deferred 900 recovered 100 returned 200 messages 100
// CHECK-NOT: {{.}}
