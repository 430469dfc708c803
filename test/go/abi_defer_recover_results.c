// Port of Go 1.19 test/abi/defer_recover_results.go: when a function
// recovers from a panic, it returns the correct results to the caller
// (Go: in the result registers). The results (a int, b string, _ int, c S,
// d [2]int) become a struct returned by value (in memory, through the
// hidden result pointer). Go assigns the named results before deferring;
// the body assigns them through cdefer_result as Go does, and the deferred
// block only recovers. The unnamed `_` member is never written: it must be
// zero, the zero value Go gives every result (SPEC 3.5). Go's string is a
// (pointer, length) pair.
// Expected output: Inputs/abi_defer_recover_results.check, from
// regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/abi_defer_recover_results.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/abi_defer_recover_results.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/abi_defer_recover_results.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/abi_defer_recover_results.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/abi_defer_recover_results.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/abi_defer_recover_results.check

#include <defer.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

struct S {
  uint8_t x;
  uint16_t y;
  uint32_t z;
  double w;
};

struct gostring {
  const char *p;
  size_t len;
};

struct results {
  long a;
  struct gostring b;
  long unnamed;
  struct S c;
  long d[2];
};

static const long a0 = 10;
static const struct gostring b0 = {"hello", 5};
static const struct S c0 = {1, 2, 3, 4};
static const long d0[2] = {111, 222};

__attribute__((noinline)) static struct results F(void) {
  cdefer_result(struct results).a = a0;
  cdefer_result(struct results).b = b0;
  cdefer_result(struct results).c = c0;
  memcpy(cdefer_result(struct results).d, d0, sizeof d0);
  __attribute__((defer)) { recover(); }
  panic("XXX");
}

int main(void) {
  struct results r = F();
  if (r.a != a0 || r.b.p != b0.p || r.b.len != b0.len || r.c.x != c0.x ||
      r.c.y != c0.y || r.c.z != c0.z || r.c.w != c0.w || r.d[0] != d0[0] ||
      r.d[1] != d0[1] || r.unnamed != 0) /* unnamed result gets zero value */
    panic("FAIL");
  printf("ok\n");
  return 0;
}
