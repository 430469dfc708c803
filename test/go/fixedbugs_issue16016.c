// Port of Go 1.19 test/fixedbugs/issue16016.go: many goroutines each defer
// a method call through an interface (with a freshly built slice argument)
// and sleep, so that the deferred calls run while other goroutines start
// and finish. Goroutines -> 100 threads (Go: 10000 goroutines) detached as
// Go's are, main sleeping 200 ms (Go: 1 s); the interface -> a struct of a
// function pointer and a receiver; time.Sleep -> nanosleep (10 ms; Go:
// 100 ms: the timings only keep the suite short).
// Expected output: Inputs/fixedbugs_issue16016.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16016.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16016.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16016.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16016.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16016.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16016.check

#include <defer.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "Inputs/goport.h"

struct T {
  char unused;
};

struct value {
  const char *str; /* a string inside an interface{}; NULL: another type */
};

static void T_Foo(struct T *t, struct value *vals, int n) {
  (void)t;
  if (n > 0 && vals[0].str != NULL) { /* switch v := vals[0].(type) */
    const char *v = vals[0].str;
    (void)v;
  }
}

struct R {
  struct T *T;
};

static void R_Foo(void *recv, struct value *vals, int n) {
  T_Foo(((struct R *)recv)->T, vals, n);
}

struct Q {
  void (*Foo)(void *, struct value *, int);
  void *recv;
};

static struct T t0;
static struct R r0 = {&t0};
static struct Q q = {R_Foo, &r0};

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&ts, NULL);
}

static void *main_func1(void *arg) {
  struct value vals[1] = {{"meow"}};
  __attribute__((defer)) q.Foo(q.recv, vals, 1);
  sleep_ms(10);
  return arg;
}

int main(void) {
  for (int i = 0; i < 100; i++) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_create(&t, &attr, main_func1, NULL);
    pthread_attr_destroy(&attr);
  }
  sleep_ms(200);
  printf("ok\n");
  return 0;
}
