// Reduced from Go 1.19 runtime/testdata/testprog
// RecoverBeforePanicAfterGoexit: a deferred call that pthread_exit runs
// panics, an earlier deferred call of the same frame recovers; the thread
// must still end (Go resumes the Goexit; POSIX's pthread_exit never
// returns), so nothing after the call of t runs.
//
// Regression test: the thread used to run on after pthread_exit (the
// recovering frame returned to its caller).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | FileCheck %s

#include <defer.h>
#include <pthread.h>
#include <stdio.h>

static void t(void) {
  __attribute__((defer)) { printf("recovered: %d\n", recover() != NULL); }
  __attribute__((defer)) { panic("hello"); }
  pthread_exit(NULL);
}

static void *run(void *arg) {
  t();
  printf("pthread_exit returned\n");
  return arg;
}

int main(void) {
  pthread_t th;
  pthread_create(&th, NULL, run, NULL);
  pthread_join(th, NULL);
  printf("joined\n");
  return 0;
}

// CHECK: recovered: 1
// CHECK-NEXT: joined
