// Port of Go 1.19 test/fixedbugs/bug364.go: a deferred variadic call in a
// loop gets the float value its argument had at each defer statement.
// fmt.Sprintln of a float64 prints the shortest text that reads back as
// the same value; accum does the same with %.15g..%.17g.
// Expected output: Inputs/fixedbugs_bug364.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug364.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug364.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug364.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug364.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug364.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_bug364.check

#include <defer.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "Inputs/goport.h"

static char s[256];

static void accum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) {
    double v = va_arg(ap, double);
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
      snprintf(buf, sizeof buf, "%.*g", prec, v);
      if (strtod(buf, NULL) == v)
        break;
    }
    strcat(s, buf);
    strcat(s, i + 1 < n ? " " : "\n");
  }
  va_end(ap);
}

static void f(void) {
  double v = 0.0;
  for (int i = 0; i < 3; i++) {
    v += 0.1;
    __attribute__((defer)) accum(1, v);
  }
}

int main(void) {
  f();
  if (strcmp(s, "0.30000000000000004\n0.2\n0.1\n") != 0) {
    fprintf(stderr, "BUG: defer\n");
    fprintf(stderr, "%s", s);
  }
  printf("ok\n");
  return 0;
}
