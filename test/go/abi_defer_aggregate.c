// Port of Go 1.19 test/abi/defer_aggregate.go: a deferred closure with
// arguments (a string, an aggregate, and a uint64) that also reads a
// captured parameter of the deferring function. Go's string is a (pointer,
// length) pair: here a struct passed by value. The closure becomes a
// static function whose parameters are the closure's (evaluated at the
// defer statement) plus a pointer to the captured p1 (read when it runs).
// //go:noinline and //go:registerparams -> noinline.
// Expected output: Inputs/abi_defer_aggregate.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/abi_defer_aggregate.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/abi_defer_aggregate.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/abi_defer_aggregate.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/abi_defer_aggregate.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/abi_defer_aggregate.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/abi_defer_aggregate.check

#include <defer.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

struct gostring {
  const char *p;
  size_t len;
};

#define p0exp "foo"
#define p1exp 10101
#define p2exp 3030303
#define p3exp 505050505
#define p4exp 70707070707

static int streq(struct gostring s, const char *t) {
  return s.len == strlen(t) && memcmp(s.p, t, s.len) == 0;
}

static void callee_func1(struct gostring p0, uint64_t p2, const uint64_t *p1) {
  if (!streq(p0, p0exp))
    panic("defer bad p0");
  if (*p1 != p1exp)
    panic("defer bad p1");
  if (p2 != p2exp)
    panic("defer bad p2");
}

__attribute__((noinline)) static void callee(struct gostring p0, uint64_t p1,
                                             uint64_t p2, uint64_t p3,
                                             uint64_t p4) {
  if (!streq(p0, p0exp))
    panic("bad p0");
  if (p1 != p1exp)
    panic("bad p1");
  if (p2 != p2exp)
    panic("bad p2");
  if (p3 != p3exp)
    panic("bad p3");
  if (p4 != p4exp)
    panic("bad p4");
  __attribute__((defer)) callee_func1(p0, p2, &p1);
}

int main(void) {
  callee((struct gostring){p0exp, 3}, p1exp, p2exp, p3exp, p4exp);
  printf("ok\n");
  return 0;
}
