// Port of Go 1.19 test/fixedbugs/issue1304.go: a division by zero stops
// main after it stored a = 2; the recovering deferred closure must see 2
// (the store before the fault has happened, the one after has not). The
// fault becomes a panic with cdefer_enable_fault_panics(); b is computed
// from a volatile read of a (C's compiler would see a - a == 0 and drop
// the division as undefined). main -> go_main, so that "ok" follows.
// Expected output: Inputs/fixedbugs_issue1304.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check
// RUN: %cdefer-cc -O2 -g -DGOPORT_A_QUALIFIER=volatile %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check
// RUN: %cdefer-cc -O2 %{chained} -DGOPORT_A_QUALIFIER=volatile %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check
// RUN: %cdefer-cc -O2 %{pooled} -DGOPORT_A_QUALIFIER=volatile %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

/* At -O2 the RUN lines make a volatile. Otherwise a = 3 overwrites the
 * quotient with no read of a in between, so clang deletes the quotient's
 * store and then the unused division (division by zero is undefined in C;
 * LLVM's division has no side effects): nothing faults, the deferred block
 * runs at the normal return and sees 3. Volatile stores must happen, in
 * order, and the quotient's needs the division. A C-semantics limit
 * (docs/limits.md, "What the deferred code sees"); fixedbugs_issue1304_O2.c
 * runs the faithful port at -O2 (XFAIL). */
#ifndef GOPORT_A_QUALIFIER
#define GOPORT_A_QUALIFIER
#endif

static GOPORT_A_QUALIFIER int a = 1;

static void go_main(void) {
  __attribute__((defer)) {
    recover();
    if (a != 2)
      fprintf(stderr, "BUG a = %d\n", a);
  }
  a = 2;
  int b = *(volatile int *)&a - *(volatile int *)&a;
  int c = 4;
  a = c / b;
  a = 3;
}

int main(void) {
  cdefer_enable_fault_panics();
  go_main();
  printf("ok\n");
  return 0;
}
