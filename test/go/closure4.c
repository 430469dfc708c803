// Port of Go 1.19 test/closure4.go: calling a nil func panics, and the
// panic is recovered by a deferred closure (here a deferred block). In C
// the call through a null function pointer faults at address 0;
// cdefer_enable_fault_panics() makes that the recoverable panic. The
// pointer is read from a volatile so that the compiler keeps the call.
// Expected output: Inputs/closure4.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/closure4.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/closure4.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/closure4.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/closure4.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/closure4.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/closure4.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void (*volatile nilfunc)(void);

static void go_main(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *err = recover();
    if (err == NULL)
      panic("panic expected");
  }

  void (*f)(void) = nilfunc;
  f();
}

int main(void) {
  cdefer_enable_fault_panics();
  go_main();
  printf("ok\n");
  return 0;
}
