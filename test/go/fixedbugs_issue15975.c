// Port of Go 1.19 test/fixedbugs/issue15975.go: `defer x.Close()` on a nil
// interface panics when the defer statement evaluates x.Close, not later,
// so the statement after it never runs. The interface -> a pointer to a
// struct holding the method's function pointer; it is null, and reading
// the callee at the defer statement (SPEC 3.1) faults, which
// cdefer_enable_fault_panics() makes a panic. The pointer is read from a
// volatile (C's dereference of a known null pointer is undefined).
// Expected output: Inputs/fixedbugs_issue15975.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue15975.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue15975.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue15975.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue15975.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue15975.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue15975.check

#include <defer.h>
#include <stdbool.h>
#include <stdio.h>
#include "Inputs/goport.h"

struct Closer {
  void (*Close)(struct Closer *);
};

static bool fail;
static struct Closer *volatile nilCloser;

static void nilInterfaceDeferCall(void) {
  struct Closer *x = nilCloser;
  __attribute__((defer)) x->Close(x);
  /* if it panics when evaluating x.Close, it should not reach here */
  fail = true;
}

static void shouldPanic(void (*f)(void)) {
  __attribute__((defer)) {
    if (recover() == NULL)
      panic("did not panic");
  }
  f();
}

int main(void) {
  cdefer_enable_fault_panics();
  shouldPanic(nilInterfaceDeferCall);
  if (fail)
    panic("fail");
  printf("ok\n");
  return 0;
}
