// Port of Go 1.19 test/fixedbugs/issue8158.go: a goroutine's deferred
// closure recovers a panic, signals, then calls runtime.Goexit(); a second
// goroutine does the same after sleeping and walking the stack (Go's bug:
// Goexit left a stale Panic record on the goroutine's panic list).
// Goroutine -> thread (pthread_create; a channel -> a semaphore),
// runtime.Goexit() -> pthread_exit (SPEC 3.11: it runs deferred calls),
// time.Sleep -> nanosleep, runtime.GC() -> glibc's backtrace().
// Expected output: Inputs/fixedbugs_issue8158.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8158.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8158.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8158.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8158.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8158.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8158.check

#include <defer.h>
#include <execinfo.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>
#include "Inputs/goport.h"

static sem_t c;

static void sleep_ms(long ms) {
  struct timespec ts = {0, ms * 1000000};
  nanosleep(&ts, NULL);
}

static void *f1(void *done) {
  __attribute__((defer)) {
    recover();
    sem_post(done);
    pthread_exit(NULL); /* left stack-allocated Panic struct on gp->panic stack */
  }
  panic("p");
}

static void *f2(void *done) {
  __attribute__((defer)) {
    recover();
    sem_post(done);
    pthread_exit(NULL);
  }
  sleep_ms(10); /* overwrote Panic struct with Timer struct */
  void *pcs[64];
  backtrace(pcs, 64); /* walked gp->panic list, found mangled Panic struct, crashed */
  panic("p");
}

int main(void) {
  pthread_t t1, t2;
  sem_init(&c, 0, 0);
  pthread_create(&t1, NULL, f1, &c);
  sem_wait(&c);
  sleep_ms(10);
  pthread_create(&t2, NULL, f2, &c);
  sem_wait(&c);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("ok\n");
  return 0;
}
