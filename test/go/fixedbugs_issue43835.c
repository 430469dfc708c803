// Port of Go 1.19 test/fixedbugs/issue43835.go: when evaluating the values
// of an assignment or a return statement faults (a nil dereference), a
// result set by that statement must not be returned after the recovery:
// f's `bad, _ = true, *p` evaluates *p before assigning bad, and g's and
// h's `return true, *p` never completes, so all three return false. Go's
// tuple assignment evaluates every right-hand side first: in C the fault's
// operand is read into a temporary before the assignment. The results
// (bool, int) -> a struct. With cdefer_enable_fault_panics(). p is read
// from a volatile and points to volatile: C's compiler deletes a load whose
// value is unused (Go's `_ = *p` still faults) and may assume a pointer it
// can see is null is never dereferenced.
// Expected output: Inputs/fixedbugs_issue43835.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue43835.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue43835.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue43835.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue43835.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue43835.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue43835.check

#include <defer.h>
#include <stdbool.h>
#include <stdio.h>
#include "Inputs/goport.h"

struct bi {
  bool b;
  long i;
};

static volatile long *volatile nilp;

static bool f(void) {
  __attribute__((defer)) { recover(); }
  volatile long *p = nilp;
  bool bad = false;
  long tmp = *p;
  bad = true;
  (void)tmp;
  return bad;
}

static struct bi g(void) {
  __attribute__((defer)) { recover(); }
  volatile long *p = nilp;
  return (struct bi){true, *p};
}

static struct bi h(void) {
  __attribute__((defer)) { recover(); }
  volatile long *p = nilp;
  return (struct bi){true, *p};
}

int main(void) {
  cdefer_enable_fault_panics();
  if (f())
    panic("FAIL");
  if (g().b)
    panic("FAIL");
  if (h().b)
    panic("FAIL");
  printf("ok\n");
  return 0;
}
