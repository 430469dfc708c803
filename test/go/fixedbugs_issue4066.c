// Port of Go 1.19 test/fixedbugs/issue4066.go: foo sets its named result
// val to 2 in a loop whose call panics; the deferred closure recovers and
// foo must return 2 (Go's issue: return values not spilled eagerly enough).
// Go's named result val -> cdefer_result(int), written in the body as Go
// writes val, so this checks that a result the body writes survives a
// recovered panic in every lowering. `_ = x.(terr)` (the panic value must
// be a terr) -> the message must be "terr".
// Expected output: Inputs/fixedbugs_issue4066.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue4066.check

#include <defer.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

static void foo1(void) { panic("terr"); }

static int foo(void) {
  cdefer_result(int) = 0;
  __attribute__((defer)) {
    const cdefer_panic_t *x = recover();
    if (x != NULL) {
      if (strcmp(cdefer_panic_message(x), "terr") != 0)
        panic("interface conversion: interface {} is not main.terr");
    }
  }
  for (;;) {
    cdefer_result(int) = 2;
    foo1();
  }
  panic("unreachable");
}

int main(void) {
  int n = foo();
  if (n != 2) {
    fprintf(stderr, "%d\n", n);
    panic("wrong return value");
  }
  printf("ok\n");
  return 0;
}
