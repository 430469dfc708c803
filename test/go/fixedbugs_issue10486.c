// Port of Go 1.19 test/fixedbugs/issue10486.go: after an integer division
// by zero, the recovering deferred closure walks the stack
// (runtime.Callers -> glibc's backtrace(), which unwinds through the
// runtime's deferred-call frames and the faulting frame; runtime.GC() has
// no counterpart). The division becomes a panic with
// cdefer_enable_fault_panics(); A and B are volatile (C's division by a
// zero it can see is undefined).
// Expected output: Inputs/fixedbugs_issue10486.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue10486.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue10486.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue10486.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue10486.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue10486.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue10486.check

#include <defer.h>
#include <execinfo.h>
#include <stdio.h>
#include "Inputs/goport.h"

static volatile long A, B;

static long divZero(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    if (p != NULL) {
      void *pcs[512];
      backtrace(pcs, 512);
    }
  }
  return A / B;
}

int main(void) {
  cdefer_enable_fault_panics();
  A = 1;
  divZero();
  printf("ok\n");
  return 0;
}
