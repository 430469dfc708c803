// Port of Go 1.19 test/fixedbugs/issue32288.go: a fault in an endless
// append loop (*e through a nil *T, T being 136 bytes) after junk() left
// garbage on the stack; main's deferred closure uses stack (in Go: a stack
// copy) and recovers. append -> copying *e into a fixed buffer; the fault
// becomes a panic with cdefer_enable_fault_panics(); e is read from a
// volatile. main -> go_main, so that "ok" follows.
// This checks SPEC 3.4/3.10 when the faulting callee never returns (at -O2
// clang infers f noreturn and nounwind, so the call has no landing pad):
// main's deferred block still runs and recovers, and main returns normally.
// Expected output: Inputs/fixedbugs_issue32288.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32288.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32288.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32288.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32288.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32288.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32288.check

#include <defer.h>
#include <stdint.h>
#include <stdio.h>
#include "Inputs/goport.h"

typedef struct {
  const char *s[1][2];
  uintptr_t pad[16];
} T;

static T *volatile nilT;

__attribute__((noinline)) static T *f(int *t, int *p) {
  (void)t, (void)p;
  static T res[4];
  for (unsigned n = 0;; n++) {
    T *e = nilT;
    res[n % 4] = *e;
  }
}

static void useStack(int n) {
  volatile int keep = n;
  if (n == 0)
    return;
  useStack(n - 1);
  (void)keep;
}

__attribute__((noinline)) static uintptr_t junk(void) {
  volatile uintptr_t a[128]; /* 1k of bad pointers on the stack */
  for (int i = 0; i < 128; i++)
    a[i] = 0xaa;
  return a[12];
}

static void go_main(void) {
  __attribute__((defer)) {
    useStack(100); /* force a stack copy */
    /* We're expecting a panic. */
    recover();
  }
  junk(); /* fill the stack with invalid pointers */
  f(NULL, NULL);
}

int main(void) {
  cdefer_enable_fault_panics();
  go_main();
  printf("ok\n");
  return 0;
}
