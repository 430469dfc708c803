// Port of Go 1.19 test/abi/wrapdefer_largetmp.go: a deferred call whose
// argument is a large value (T = [45]int, 360 bytes, here a struct passed
// by value) computed before the defer statement, while the function goes
// on to call the same function again for a temporary. //go:noinline ->
// noinline; println -> fprintf(stderr).
// Expected output: Inputs/abi_wrapdefer_largetmp.check, from
// regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/abi_wrapdefer_largetmp.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/abi_wrapdefer_largetmp.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/abi_wrapdefer_largetmp.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/abi_wrapdefer_largetmp.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/abi_wrapdefer_largetmp.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/abi_wrapdefer_largetmp.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

typedef struct {
  long a[45];
} T;

static int x = 0;

__attribute__((noinline)) static T g(void) {
  x++;
  return (T){.a[20] = x};
}

__attribute__((noinline)) static void g2(T t) {
  if (t.a[20] != 1)
    fprintf(stderr, "FAIL %ld\n", t.a[20]);
}

__attribute__((noinline)) static void F(void) {
  T b = g();
  __attribute__((defer)) g2(b);
  long n = g().a[20];
  fprintf(stderr, "%ld\n", n);
}

int main(void) {
  F();
  printf("ok\n");
  return 0;
}
