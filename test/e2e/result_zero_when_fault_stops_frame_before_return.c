// The fault runner's side of the lazily zeroed result slot (see
// result_zero_when_panic_stops_frame_before_return.c): on a stack that the
// call before filled with 0x5a bytes, a frame that faults in its own code
// before its `return` shows its deferred code a zero result and returns
// zero, or what deferred code stored before faulting again; a frame whose
// return is running its deferred calls when one of them faults inside a
// nothrow function (no landing pad covers that call: the fault runner makes
// the remaining calls) keeps the return's value.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O1 %s -o %t.O1 && %run %t.O1 | FileCheck %s
// RUN: %cdefer-cc -O3 %s -o %t.O3 && %run %t.O3 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind

#include "Inputs/result_zero_cases.h"

/* Opaque to the optimiser. */
static int *volatile null_pointer;

/* Faults in a function that cannot unwind: the call to it has no landing
 * pad, so the fault reaches the caller's frame through its fault runner. */
__attribute__((noinline, nothrow)) static void faults_without_unwinding(void) {
  *null_pointer = 1;
}

// CHECK-LABEL: fault in the body
// CHECK-NEXT:  deferred code sees 0
// CHECK-NEXT:  recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT:  returned 0
__attribute__((noinline)) static int faults_in_body(int n) {
  __attribute__((defer)) rec();
  __attribute__((defer)) { printf("deferred code sees %d\n", cdefer_result(int)); }
  return *null_pointer + n;
}

// CHECK-LABEL: fault again after storing a result
// CHECK-NEXT:  recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT:  returned 7
__attribute__((noinline)) static int stores_then_faults(int n) {
  __attribute__((defer)) rec();
  __attribute__((defer)) {
    cdefer_result(int) = 7;
    *null_pointer = 2;
  }
  return *null_pointer + n;
}

// CHECK-LABEL: fault in a nothrow deferred call made by the return
// CHECK-NEXT:  recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT:  returned 103
__attribute__((noinline)) static int after_return(int n) {
  __attribute__((defer)) rec();
  __attribute__((defer)) faults_without_unwinding();
  return n + 100;
}

int main(void) {
  if (cdefer_enable_fault_panics() != 0)
    return 1;
  RUN_CASE("fault in the body", "%d", faults_in_body(1));
  RUN_CASE("fault again after storing a result", "%d", stores_then_faults(2));
  RUN_CASE("fault in a nothrow deferred call made by the return", "%d",
           after_return(3));
  return 0;
}
