// Port of Go 1.19 test/deferprint.go: deferring the predeclared print and
// println, here fprintf(stderr, ...) deferred directly (a variadic call
// with 12 and 21 arguments, most of them passed on the stack). Go prints
// nil chan/slice/map/func values as the formats below show; the C port
// passes the same values (null pointers, zero lengths) through the
// deferred call. Go prints 1.5 as +1.500000e+000 (three exponent digits):
// the port formats the mantissa with %+f and writes "e+000" literally.
// Expected output: Inputs/deferprint.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/deferprint.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/deferprint.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/deferprint.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/deferprint.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/deferprint.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/deferprint.check

#include <defer.h>
#include <stdio.h>
#include <stdint.h>
#include "Inputs/goport.h"

static void *volatile nilp;

int main(void) {
  __attribute__((defer)) printf("ok\n"); /* runs last: where Go's main returns */
  __attribute__((defer)) fprintf(
      stderr, "%d %s %s %s %+fe+000 %s 0x%lx [%d/%d]0x%lx 0x%lx 0x%lx %u\n", 42,
      "true", "false", "true", 1.5, "world", (unsigned long)(uintptr_t)nilp,
      0, 0, (unsigned long)(uintptr_t)nilp, (unsigned long)(uintptr_t)nilp,
      (unsigned long)(uintptr_t)nilp, (unsigned)(uint8_t)255);
  __attribute__((defer)) fprintf(
      stderr, "%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d\n",
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
  /* Disabled in Go so the test doesn't crash: defer panic("dead") */
  __attribute__((defer)) fprintf(stderr, "printing: ");
  return 0;
}
