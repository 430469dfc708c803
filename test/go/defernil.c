// Port of Go 1.19 test/defernil.go (issues 8047, 34926): deferring a nil
// function panics when the deferred call is made, not at the defer
// statement. C has no nil check on a call through a function pointer: the
// call jumps to address 0 and faults, which cdefer_enable_fault_panics()
// turns into the panic "runtime error: invalid memory address or nil
// pointer dereference" (the message Go gives too). The pointer is read from
// a volatile so that the compiler cannot treat the call as unreachable.
// Expected output: Inputs/defernil.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/defernil.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/defernil.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/defernil.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/defernil.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/defernil.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/defernil.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static int x = 0;
static void (*volatile nilfunc)(void);

static void f(void) {
  void (*nilf)(void) = nilfunc;
  __attribute__((defer)) nilf();
  x = 1;
}

static void go_main(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *err = recover();
    if (err == NULL)
      panic("did not panic");
    if (x != 1)
      panic("FAIL");
  }
  f();
}

int main(void) {
  cdefer_enable_fault_panics();
  go_main();
  printf("ok\n");
  return 0;
}
