// A fault in a deferred call that pthread_exit runs becomes a panic like
// any other (fault panics enabled); recovered by a deferred call further
// out, it does not cancel the thread exit (issue 13 item 3): the remaining
// deferred calls run and the thread ends with its pthread_exit value.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 -pthread && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 -pthread && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g -pthread && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g -pthread && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained -pthread && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pooled -pthread && %run %t.pooled | FileCheck %s
//
// ASan and valgrind catch the fault themselves:
// UNSUPPORTED: asan, valgrind

#include <defer.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
static int *volatile null_pointer;
static void say(const char *s) { printf("deferred %s\n", s); }
static void recoverer(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}
static void faults(void) { *null_pointer = 1; }
__attribute__((noinline)) static void body(void) {
  __attribute__((defer)) say("body after recover");
  __attribute__((defer)) recoverer();
  __attribute__((defer)) faults();
  pthread_exit((void *)5);
}
static void *start(void *arg) {
  (void)arg;
  __attribute__((defer)) say("start");
  body();
  printf("NOT REACHED\n");
  return NULL;
}
int main(void) {
  cdefer_enable_fault_panics();
  for (int i = 0; i < 2; i++) {
    pthread_t t; void *v;
    pthread_create(&t, NULL, start, NULL);
    pthread_join(t, &v);
    printf("joined %ld\n", (long)(intptr_t)v);
  }
  return 0;
}

// CHECK:      recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: deferred body after recover
// CHECK-NEXT: deferred start
// CHECK-NEXT: joined 5
// CHECK-NEXT: recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: deferred body after recover
// CHECK-NEXT: deferred start
// CHECK-NEXT: joined 5
// CHECK-NOT:  {{.}}
