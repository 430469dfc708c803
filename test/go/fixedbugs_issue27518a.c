// Port of Go 1.19 test/fixedbugs/issue27518a.go: a deferred closure that
// recovers a fault (a store through a nil pointer) and then walks the stack
// (Go: runtime.GC(), which used the wrong liveness map at the fault; here
// glibc's backtrace()). The heap object and its liveness, the point of Go's
// bug, have no C counterpart and are left out. main -> go_main. The fault
// becomes a panic with cdefer_enable_fault_panics(); nilp is volatile.
// Expected output: Inputs/fixedbugs_issue27518a.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue27518a.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue27518a.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue27518a.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue27518a.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue27518a.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue27518a.check

#include <defer.h>
#include <execinfo.h>
#include <stdio.h>
#include "Inputs/goport.h"

static long *volatile nilp;

static void go_main(void) {
  /* Push a defer to be run when we panic below. */
  __attribute__((defer)) {
    /* Ignore the panic. */
    recover();
    /* Force a stack walk. */
    void *pcs[64];
    backtrace(pcs, 64);
  }
  /* Trigger a sigpanic. */
  *nilp = 0;
}

int main(void) {
  cdefer_enable_fault_panics();
  go_main();
  printf("ok\n");
  return 0;
}
