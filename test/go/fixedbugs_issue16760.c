// Port of Go 1.19 test/fixedbugs/issue16760.go: a panic in a function
// called through a function value is recovered, and the recovering
// deferred closure then uses 1000 frames of stack. Go's panic is an index
// out of range on a nil slice (x[5]); C has no index check, so x is a null
// char ** and x[5] a load from address 40, which faults:
// cdefer_enable_fault_panics() makes it the panic. The interface W is
// passed as nil, as in Go, and never used.
// Expected output: Inputs/fixedbugs_issue16760.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16760.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16760.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16760.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16760.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16760.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16760.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

struct W;
typedef void (*F)(struct W *);

static void usestack(int n) {
  volatile int keep = n;
  if (n == 0)
    return;
  usestack(n - 1);
  (void)keep;
}

static void foo(F f) {
  __attribute__((defer)) {
    if (recover() != NULL)
      usestack(1000);
  }
  f(NULL);
}

static const char **volatile nilslice;

static void main_func1(struct W *w) {
  (void)w;
  const char **x = nilslice;
  fprintf(stderr, "%s\n", x[5]); /* w.Write([]byte(x[5])) */
}

int main(void) {
  cdefer_enable_fault_panics();
  foo(main_func1);
  printf("ok\n");
  return 0;
}
