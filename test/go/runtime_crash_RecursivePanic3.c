// Port of Go 1.19 runtime/testdata/testprog RecursivePanic3 (crash_test.go's
// TestRecursivePanic3): a deferred closure panics "second panic" while
// "first panic" runs, and its own deferred closure recovers the second;
// the first then finishes as an unrecovered panic (exit 2, report
// "panic: first panic"). The closure that defers -> a static helper.
// Expected output: Inputs/runtime_crash_RecursivePanic3.check, from
// regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %{expect} 2 %run %t.O0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic3.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %{expect} 2 %run %t.O2g 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic3.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %{expect} 2 %run %t.cO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic3.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %{expect} 2 %run %t.cO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic3.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %{expect} 2 %run %t.pO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic3.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %{expect} 2 %run %t.pO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic3.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void main_func1(void) {
  __attribute__((defer)) { recover(); }
  panic("second panic");
}

int main(void) {
  __attribute__((defer)) main_func1();
  panic("first panic");
}
