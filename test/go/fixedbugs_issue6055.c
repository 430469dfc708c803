// Port of Go 1.19 test/fixedbugs/issue6055.go: `defer x.Close()` on a nil
// interface panics at the defer statement, with an earlier deferred call
// pending that must still run (in Go it made a traceback happen with
// jmpdefer on the stack; runtime.GC() -> a call that walks the stack,
// glibc's backtrace()). The interface -> a pointer to a struct holding the
// method's function pointer, null and read from a volatile; the fault
// becomes a panic with cdefer_enable_fault_panics().
// Expected output: Inputs/fixedbugs_issue6055.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue6055.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue6055.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue6055.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue6055.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue6055.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue6055.check

#include <defer.h>
#include <execinfo.h>
#include <stdio.h>
#include "Inputs/goport.h"

struct Closer {
  void (*Close)(struct Closer *);
};

static struct Closer *volatile nilCloser;

static void nilInterfaceDeferCall(void) {
  __attribute__((defer)) {
    /* make sure a traceback happens with the deferred call on the stack */
    void *pcs[64];
    backtrace(pcs, 64);
  }
  struct Closer *x = nilCloser;
  __attribute__((defer)) x->Close(x);
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
  printf("ok\n");
  return 0;
}
