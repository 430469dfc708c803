// Reduced from Go 1.19 test/fixedbugs/issue8158.go and testprog's
// GoexitInPanic: a deferred call that calls pthread_exit, after recovering
// the thread's panic (t1) or while the panic is still running (t2), ends
// the thread; the panic's record must not outlive it (SPEC 3.9: unlinked
// before its memory is freed; nothing may leak per thread).
// Built with AddressSanitizer's leak checker.
//
// Regression test: each case used to leak the panic record.
//
// RUN: %cdefer-cc -O0 -fsanitize=address -fno-omit-frame-pointer %s -o %t.O0 && env ASAN_OPTIONS=detect_leaks=1 %run %t.O0 2>&1 | FileCheck %s --implicit-check-not=LeakSanitizer
// RUN: %cdefer-cc -O2 %{chained} -fsanitize=address -fno-omit-frame-pointer %s -o %t.cO2 && env ASAN_OPTIONS=detect_leaks=1 %run %t.cO2 2>&1 | FileCheck %s --implicit-check-not=LeakSanitizer

#include <defer.h>
#include <pthread.h>
#include <stdio.h>

static void *t1(void *arg) {
  __attribute__((defer)) {
    recover();
    pthread_exit(NULL);
  }
  panic("p");
  return arg;
}

static void *t2(void *arg) {
  __attribute__((defer)) { pthread_exit(NULL); }
  panic("hello");
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, t1, NULL);
  pthread_join(t, NULL);
  pthread_create(&t, NULL, t2, NULL);
  pthread_join(t, NULL);
  printf("ok\n");
  return 0;
}

// CHECK: ok
