// Port of Go 1.19 runtime/testdata/testprog PanicTraceback (crash_test.go's
// TestPanicTraceback): "hello" is aborted by a deferred panic in pt2, which
// is aborted by one in pt1; the report lists all three (exit 2). Go's test
// also checks the goroutine traceback's frames, which C's report does not
// have in Go's form (left out).
// Expected output: Inputs/runtime_crash_PanicTraceback.check, from
// regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %{expect} 2 %run %t.O0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicTraceback.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %{expect} 2 %run %t.O2g 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicTraceback.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %{expect} 2 %run %t.cO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicTraceback.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %{expect} 2 %run %t.cO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicTraceback.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %{expect} 2 %run %t.pO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicTraceback.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %{expect} 2 %run %t.pO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicTraceback.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void pt2(void) {
  __attribute__((defer)) { panic("panic pt2"); }
  panic("hello");
}

static void pt1(void) {
  __attribute__((defer)) { panic("panic pt1"); }
  pt2();
}

int main(void) { pt1(); }
