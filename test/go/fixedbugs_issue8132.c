// Port of Go 1.19 test/fixedbugs/issue8132.go: a nil dereference in a
// function with an 8 KB by-value argument is recovered by its deferred
// closure, which then dereferences nil again; the new panic, raised in the
// recovering deferred call, is recovered one frame out (whose deferred
// closure also walks the stack: runtime.GC() -> glibc's backtrace()).
// Faults become panics with cdefer_enable_fault_panics(); p is read from a
// volatile and points to volatile so that the loads stay.
// Expected output: Inputs/fixedbugs_issue8132.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8132.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8132.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8132.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8132.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8132.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8132.check

#include <defer.h>
#include <execinfo.h>
#include <stdio.h>
#include "Inputs/goport.h"

static volatile long *volatile p;

struct big { unsigned char b[8192]; };

static void func1_func2(struct big x) {
  (void)x;
  __attribute__((defer)) {
    if (recover() != NULL)
      fprintf(stderr, "%ld\n", *p);
  }
  fprintf(stderr, "%ld\n", *p);
}

static void func1(void) {
  __attribute__((defer)) {
    void *pcs[64];
    backtrace(pcs, 64);
    recover();
  }
  struct big x = {{0}};
  func1_func2(x);
}

int main(void) {
  cdefer_enable_fault_panics();
  func1();
  printf("ok\n");
  return 0;
}
