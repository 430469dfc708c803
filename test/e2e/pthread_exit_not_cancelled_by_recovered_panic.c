// A thread exit cannot be cancelled (Go's Goexit, issue 13 item 3): when a
// deferred call that pthread_exit runs panics and a deferred call further
// out recovers that panic, the recovering function does not return to its
// caller; the thread exit goes on from there, running the remaining deferred
// calls of that frame and of every frame outward, and the thread ends with
// the value given to pthread_exit. Go's TestRecoverBeforePanicAfterGoexit
// (runtime/testdata/testprog/deadlock.go), here as `middle` and
// `after_goexit`, with pooled records as in RecoverBeforePanicAfterGoexit2.
// Go 1.19 prints the same for `middle` and `own` (go run of the same
// program); in `chain` two nested panics lie between the recovery and the
// exit, and Go 1.19 (whose recovery looks only at the panic right below the
// recovered one) lets the exit be cancelled there; Go 1.22's recovery stops
// at any Goexit it would pass, and so does cdefer. A panic recovered inside
// the deferred call that raised it (`own`) never reaches the exit, and that
// deferred call returns as usual.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 -pthread && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 -pthread && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g -pthread && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g -pthread && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained -pthread && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pooled -pthread && %run %t.pooled | FileCheck %s

#include <defer.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

static void say(const char *s) { printf("deferred %s\n", s); }

static void recoverer(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

static void panics(const char *msg) { panic("%s", msg); }

__attribute__((noinline)) static void inner(void) {
  __attribute__((defer)) say("inner");
  pthread_exit((void *)1);
}

/* The recovering frame has deferred calls left after the recovering one. */
__attribute__((noinline)) static void middle(void) {
  __attribute__((defer)) say("middle after recover");
  __attribute__((defer)) recoverer();
  __attribute__((defer)) say("middle between");
  __attribute__((defer)) panics("hello");
  inner();
  printf("NOT REACHED middle\n");
}

/* RecoverBeforePanicAfterGoexit2: pooled records too. */
__attribute__((noinline)) static void after_goexit(void) {
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say("loop");
  __attribute__((defer)) recoverer();
  __attribute__((defer)) panics("hello again");
  pthread_exit((void *)2);
}

/* Two nested panics between the recovery and the exit. */
__attribute__((noinline)) static void chain(void) {
  __attribute__((defer)) say("chain after recover");
  __attribute__((defer)) recoverer();
  __attribute__((defer)) panics("second");
  __attribute__((defer)) panics("first");
  pthread_exit((void *)3);
}

static void recovers_own_panic(void) {
  __attribute__((defer)) recoverer();
  panic("inside the deferred call");
}

/* The deferred call recovers its own panic: the exit is not involved. */
__attribute__((noinline)) static void own(void) {
  __attribute__((defer)) say("own after");
  __attribute__((defer)) recovers_own_panic();
  pthread_exit((void *)4);
}

/* The exit goes on through a frame that recovers, to outer frames. */
__attribute__((noinline)) static void outer(void (*body)(void)) {
  __attribute__((defer)) say("outer");
  body();
  printf("NOT REACHED outer\n");
}

static void *start(void *arg) {
  __attribute__((defer)) say("start routine");
  outer((void (*)(void))arg);
  printf("NOT REACHED start\n");
  return (void *)-1;
}

int main(void) {
  void (*bodies[])(void) = {middle, after_goexit, chain, own};
  for (int round = 0; round < 2; round++)
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
      pthread_t t;
      void *value = NULL;
      pthread_create(&t, NULL, start, (void *)bodies[i]);
      pthread_join(t, &value);
      printf("joined %ld\n", (long)(intptr_t)value);
      fflush(stdout);
    }
  /* Nothing was left behind: a panic now is recovered as usual. */
  recovers_own_panic();
  return 0;
}

// CHECK:      deferred inner
// CHECK-NEXT: deferred middle between
// CHECK-NEXT: recovered: hello
// CHECK-NEXT: deferred middle after recover
// CHECK-NEXT: deferred outer
// CHECK-NEXT: deferred start routine
// CHECK-NEXT: joined 1
// CHECK-NEXT: recovered: hello again
// CHECK-NEXT: deferred loop
// CHECK-NEXT: deferred loop
// CHECK-NEXT: deferred outer
// CHECK-NEXT: deferred start routine
// CHECK-NEXT: joined 2
// CHECK-NEXT: recovered: second
// CHECK-NEXT: deferred chain after recover
// CHECK-NEXT: deferred outer
// CHECK-NEXT: deferred start routine
// CHECK-NEXT: joined 3
// CHECK-NEXT: recovered: inside the deferred call
// CHECK-NEXT: deferred own after
// CHECK-NEXT: deferred outer
// CHECK-NEXT: deferred start routine
// CHECK-NEXT: joined 4
// CHECK-NEXT: deferred inner
// CHECK:      joined 4
// CHECK-NEXT: recovered: inside the deferred call
// CHECK-NOT:  {{.}}
