// Port of Go 1.19 runtime/testdata/testprog PanicAfterGoexit (crash_test.go's
// TestPanicAfterGoexit): an uncaught panic still works after Goexit: main
// calls runtime.Goexit(), whose deferred call panics "hello", unrecovered
// (exit 2). runtime.Goexit() -> pthread_exit(NULL) on the main thread,
// which runs the pending deferred calls (SPEC 3.11).
//
// It found that the report showed a phantom empty panic line for the
// pthread_exit unwind before "panic: hello" (fixed).
// Expected output: Inputs/runtime_crash_PanicAfterGoexit.check, from
// regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %{expect} 2 %run %t.O0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicAfterGoexit.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %{expect} 2 %run %t.O2g 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicAfterGoexit.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %{expect} 2 %run %t.cO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicAfterGoexit.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %{expect} 2 %run %t.cO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicAfterGoexit.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %{expect} 2 %run %t.pO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicAfterGoexit.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %{expect} 2 %run %t.pO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_PanicAfterGoexit.check

#include <defer.h>
#include <pthread.h>
#include <stdio.h>
#include "Inputs/goport.h"

int main(void) {
  __attribute__((defer)) { panic("hello"); }
  pthread_exit(NULL);
}
