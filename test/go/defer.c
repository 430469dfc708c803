// Port of Go 1.19 test/defer.go: defers in a loop run in LIFO order, for a
// plain call and for a variadic one (Go's `...interface{}` becomes a C
// variadic function taking a count).
// Expected output: Inputs/defer.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/defer.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/defer.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/defer.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/defer.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/defer.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/defer.check

#include <defer.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

static char result[64];

static void addInt(int i) {
  snprintf(result + strlen(result), sizeof result - strlen(result), "%d", i);
}

static void test1helper(void) {
  for (int i = 0; i < 10; i++)
    __attribute__((defer)) addInt(i);
}

static void test1(void) {
  result[0] = 0;
  test1helper();
  if (strcmp(result, "9876543210") != 0) {
    printf("test1: bad defer result (should be 9876543210): \"%s\"\n", result);
    panic("defer");
  }
}

static void addDotDotDot(int n, ...) {
  va_list ap;
  va_start(ap, n);
  for (int k = 0; k < n; k++)
    addInt(va_arg(ap, int));
  va_end(ap);
}

static void test2helper(void) {
  for (int i = 0; i < 10; i++)
    __attribute__((defer)) addDotDotDot(1, i);
}

static void test2(void) {
  result[0] = 0;
  test2helper();
  if (strcmp(result, "9876543210") != 0) {
    printf("test2: bad defer result (should be 9876543210): \"%s\"\n", result);
    panic("defer");
  }
}

int main(void) {
  test1();
  test2();
  printf("ok\n");
  return 0;
}
