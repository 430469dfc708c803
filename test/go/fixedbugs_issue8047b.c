// Port of Go 1.19 test/fixedbugs/issue8047b.go: while panic(1) runs f's
// deferred calls, the deferred nil function g panics in turn; main's
// deferred closure recovers that new panic (the first one was replaced)
// and the program completes normally. In C calling the null function
// pointer faults at address 0; cdefer_enable_fault_panics() makes that the
// panic. The pointer is read from a volatile. main -> go_main.
// Expected output: Inputs/fixedbugs_issue8047b.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047b.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047b.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047b.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047b.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047b.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047b.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void (*volatile nilfunc)(void);

static void f(void) {
  void (*g)(void) = nilfunc;
  __attribute__((defer)) g();
  panic("1");
}

static void go_main(void) {
  __attribute__((defer)) {
    /* This recover recovers the panic caused by the nil defer func g().
     * The original panic(1) was already aborted/replaced by this new
     * panic, so when this recover is done, the program completes
     * normally. */
    recover();
  }
  f();
}

int main(void) {
  cdefer_enable_fault_panics();
  go_main();
  printf("ok\n");
  return 0;
}
