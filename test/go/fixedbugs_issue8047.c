// Port of Go 1.19 test/fixedbugs/issue8047.go: a deferred nil function
// panics when it is called - here at main's normal return, after a
// 1000-deep recursion - and an earlier deferred closure recovers. In C the
// call jumps to address 0 and faults; cdefer_enable_fault_panics() makes
// that the panic. The null function pointer is read from a volatile. main
// -> go_main, so that "ok" follows.
// Expected output: Inputs/fixedbugs_issue8047.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8047.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void stackit(int n) {
  volatile int keep = n;
  if (n == 0)
    return;
  stackit(n - 1);
  (void)keep;
}

static void (*volatile nilfunc)(void);

static void go_main(void) {
  __attribute__((defer)) {
    /* catch & ignore panic from nil defer below */
    const cdefer_panic_t *err = recover();
    if (err == NULL)
      panic("defer of nil func didn't panic");
  }
  void (*nilf)(void) = nilfunc;
  __attribute__((defer)) nilf();
  stackit(1000);
}

int main(void) {
  cdefer_enable_fault_panics();
  go_main();
  printf("ok\n");
  return 0;
}
