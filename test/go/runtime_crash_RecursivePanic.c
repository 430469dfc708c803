// Port of Go 1.19 runtime/testdata/testprog RecursivePanic (run by
// crash_test.go's TestRecursivePanic): a recovering deferred closure in a
// function with an 8 KB by-value argument re-panics with "wrap: " + the
// recovered value; one frame out it is recovered and printed; then main
// panics "again", unrecovered (exit 2). fmt.Println(recover()) -> the
// message, or <nil>. Closures called at once -> static helpers.
// Expected output: Inputs/runtime_crash_RecursivePanic.check, from
// regen-expected.sh (Go's stdout and its panic report).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %{expect} 2 %run %t.O0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %{expect} 2 %run %t.O2g 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %{expect} 2 %run %t.cO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %{expect} 2 %run %t.cO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %{expect} 2 %run %t.pO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %{expect} 2 %run %t.pO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void println_recovered(const cdefer_panic_t *r) {
  printf("%s\n", r ? cdefer_panic_message(r) : "<nil>");
}

struct big { unsigned char b[8192]; };

static void func1_func2(struct big x) {
  (void)x;
  __attribute__((defer)) {
    const cdefer_panic_t *err = recover();
    if (err != NULL)
      panic("wrap: %s", cdefer_panic_message(err));
  }
  panic("bad");
}

static void func1(void) {
  __attribute__((defer)) { println_recovered(recover()); }
  struct big x = {{0}};
  func1_func2(x);
}

int main(void) {
  func1();
  panic("again");
}
