// Port of Go 1.19 runtime/testdata/testprog RecursivePanic2 (crash_test.go's
// TestRecursivePanic2): like RecursivePanic, but the first recover and the
// second panic are in separate deferred closures, which must run in order:
// "first panic" recovered and printed, then "second panic" raised,
// recovered and printed one frame out, then main panics "third panic",
// unrecovered (exit 2). fmt.Println(recover()) -> the message or <nil>.
// Expected output: Inputs/runtime_crash_RecursivePanic2.check, from
// regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %{expect} 2 %run %t.O0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic2.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %{expect} 2 %run %t.O2g 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic2.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %{expect} 2 %run %t.cO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic2.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %{expect} 2 %run %t.cO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic2.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %{expect} 2 %run %t.pO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic2.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %{expect} 2 %run %t.pO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic2.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void println_recovered(const cdefer_panic_t *r) {
  printf("%s\n", r ? cdefer_panic_message(r) : "<nil>");
}

struct big { unsigned char b[8192]; };

static void func1_func2(struct big x) {
  (void)x;
  __attribute__((defer)) { panic("second panic"); }
  __attribute__((defer)) { println_recovered(recover()); }
  panic("first panic");
}

static void func1(void) {
  __attribute__((defer)) { println_recovered(recover()); }
  struct big x = {{0}};
  func1_func2(x);
}

int main(void) {
  func1();
  panic("third panic");
}
