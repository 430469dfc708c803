// Reduced from Go 1.19 runtime/testdata/testprog PanicAfterGoexit: a panic
// in a deferred call that pthread_exit runs, never recovered, is reported
// as that one panic (SPEC 3.7: one line per panic), exit status 2.
//
// Regression test: the report used to start with a phantom empty panic
// line for the pthread_exit unwind.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %{expect} 2 %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %{expect} 2 %run %t.cO2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %{expect} 2 %run %t.pO2 2>&1 | FileCheck %s

#include <defer.h>
#include <pthread.h>

int main(void) {
  __attribute__((defer)) { panic("hello"); }
  pthread_exit(NULL);
}

// CHECK: {{^}}panic: hello{{$}}
// CHECK-EMPTY:
// CHECK-NEXT: backtrace of the panic site:
