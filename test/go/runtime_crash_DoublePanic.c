// Port of Go 1.19 runtime/testdata/testprog DoublePanic (crash_test.go's
// TestDoublePanic, issue 30150): the first panic's message must not be
// clobbered when a deferred call panics again (Go runs it with
// GODEBUG=clobberfree=1; the value P("XXX") is a string type whose Error
// runs the GC: its text is the message). Unrecovered: exit 2.
// Expected output: Inputs/runtime_crash_DoublePanic.check, from
// regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %{expect} 2 %run %t.O0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_DoublePanic.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %{expect} 2 %run %t.O2g 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_DoublePanic.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %{expect} 2 %run %t.cO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_DoublePanic.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %{expect} 2 %run %t.cO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_DoublePanic.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %{expect} 2 %run %t.pO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_DoublePanic.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %{expect} 2 %run %t.pO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_DoublePanic.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

int main(void) {
  __attribute__((defer)) { panic("YYY"); }
  panic("XXX");
}
