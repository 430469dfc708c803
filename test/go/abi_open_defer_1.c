// Port of Go 1.19 test/abi/open_defer_1.go (issue 45062, miscompilation of
// an open-coded defer of a method invocation): F defers i.M(x, y, z), a
// method call through an interface, then a recovering closure, then
// panics; the deferred method must get the values x, y, z had at the defer
// statement. The interface method value -> a function pointer and its
// receiver, both evaluated at the defer statement; the closure -> a
// deferred block. //go:noinline -> noinline.
// Expected output: Inputs/abi_open_defer_1.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/abi_open_defer_1.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/abi_open_defer_1.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/abi_open_defer_1.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/abi_open_defer_1.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/abi_open_defer_1.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/abi_open_defer_1.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

typedef long T;

static void T_M(T *t, long x, long y, long z) {
  (void)t;
  if (x == -1 && y == -2 && z == -3)
    return;
  fprintf(stderr, "FAIL: Expected -1, -2, -3, but x, y, z = %ld %ld %ld\n", x,
          y, z);
}

static T t = 42;

struct I {
  void (*M)(T *, long, long, long);
  T *recv;
};
static struct I i = {T_M, &t};

__attribute__((noinline)) static void F(long x, long y, long z) {
  __attribute__((defer)) i.M(i.recv, x, y, z);
  __attribute__((defer)) { recover(); }
  panic("XXX");
}

int main(void) {
  long x = -1, y = -2, z = -3;
  F(x, y, z);
  printf("ok\n");
  return 0;
}
