// Port of Go 1.19 test/recover2.go: recover from run-time errors.
//
// Only test7 (integer division by zero) has a C counterpart: with
// cdefer_enable_fault_panics() the SIGFPE becomes the recoverable panic
// "runtime error: integer divide by zero", the text Go's error has. Left
// out: test1..test6 (index out of range, slice bounds, failed interface
// conversion, comparing and hashing uncomparable values): C checks none of
// them at run time. The divisor is read from a volatile, since C's
// division by a known zero is undefined and compiled away.
// Expected output: Inputs/recover2.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/recover2.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/recover2.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/recover2.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/recover2.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/recover2.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/recover2.check

#include <defer.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

static void mustRecover(const char *s) {
  const cdefer_panic_t *v = recover();
  if (v == NULL)
    panic("expected panic");
  const char *e = cdefer_panic_message(v);
  if (strstr(e, s) == NULL)
    panic("want: %s; have: %s", s, e);
}

static volatile int vx, vy;

static void test7(void) {
  __attribute__((defer)) mustRecover("divide by zero");
  int x = vx, y = vy;
  fprintf(stderr, "%d\n", x / y);
}

int main(void) {
  cdefer_enable_fault_panics();
  test7();
  printf("ok\n");
  return 0;
}
