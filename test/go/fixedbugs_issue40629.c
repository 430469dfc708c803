// Port of Go 1.19 test/fixedbugs/issue40629.go: a function whose return is
// unreachable (a fault, then an endless loop) has three deferred calls:
// one given the address of a stack array that it checks after recovering,
// one that runs a goroutine using stack (here a thread, joined), one that
// uses stack itself (in Go it moved the stack). The stack array must be
// intact when the first one runs. The fault (*g = 0 through a nil pointer)
// becomes a panic with cdefer_enable_fault_panics(); g is read from a
// volatile. fmt.Printf -> printf. main -> go_main, so that "ok" follows.
// This checks SPEC 3.4/3.10 for a fault in a function with no reachable
// return: its pending deferred calls run, the first one recovers, and the
// function returns normally to main, in every lowering at -O0 and -O2.
// Expected output: Inputs/fixedbugs_issue40629.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue40629.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue40629.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue40629.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue40629.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue40629.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue40629.check

#include <defer.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include "Inputs/goport.h"

#define N 40

static int64_t *volatile g;

static void useStack(int n) {
  volatile int keep = n;
  if (n == 0)
    return;
  useStack(n - 1);
  (void)keep;
}

static void check(long (*p)[N]) {
  recover();
  for (int i = 0; i < N; i++) {
    if ((*p)[i] != 0x999) {
      for (int j = 0; j < N; j++)
        printf("p[%d]=0x%lx\n", j, (*p)[j]);
      panic("corrupted stack variable");
    }
  }
}

static void *thread_useStack(void *arg) {
  useStack(1000);
  return arg;
}

static void go_main(void) {
  long x[N]; /* stack-allocated memory */
  for (int i = 0; i < N; i++)
    x[i] = 0x999;

  /* This defer checks to see if x is uncorrupted. */
  __attribute__((defer)) check(&x);

  /* This defer starts a new goroutine, which will (hopefully) overwrite x
   * on the garbage stack. */
  __attribute__((defer)) {
    pthread_t t;
    pthread_create(&t, NULL, thread_useStack, NULL);
    pthread_join(t, NULL);
  }

  /* This defer causes a stack copy. The old stack is now garbage. */
  __attribute__((defer)) { useStack(1000); }

  /* Trigger a segfault. */
  *g = 0;

  /* Make the return statement unreachable. */
  for (;;) {
  }
}

int main(void) {
  cdefer_enable_fault_panics();
  go_main();
  printf("ok\n");
  return 0;
}
