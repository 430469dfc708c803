// Functions whose definition in this file may not be the one that runs: a
// C99 inline function (available_externally here at -O2, defined in the
// other file) and a weak function replaced by a strong one. Both link and
// run at every level (regression: the fault support of such a function
// referred to frame offsets of a body this file does not emit, and the
// link failed with "Undefined temporary symbol .L...$frame_escape_0").
// They get no fault frame of their own; a fault in their caller still
// recovers.
//
// RUN: %cdefer-cc -O0 %s %S/Inputs/inline_with_defers_other.c -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s %S/Inputs/inline_with_defers_other.c -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s %S/Inputs/inline_with_defers_other.c -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s %S/Inputs/inline_with_defers_other.c -o %t.O2g && %run %t.O2g | FileCheck %s %}
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind

#include "Inputs/inline_with_defers.h"

void note(const char *what, int x) { printf("deferred %s %d\n", what, x); }

__attribute__((weak)) int maybe_replaced(int x) {
  __attribute__((defer)) note("weak", x);
  return x;
}

static int *volatile null_pointer;

__attribute__((noinline)) static int faults_after_calls(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    printf("recovered: %s\n", cdefer_panic_message(p));
  }
  printf("inline returned %d\n", inline_with_defer(1));
  printf("maybe_replaced returned %d\n", maybe_replaced(2));
  return *null_pointer;
}

// CHECK:      deferred inline 1
// CHECK-NEXT: inline returned 2
// CHECK-NEXT: deferred strong 2
// CHECK-NEXT: maybe_replaced returned 20
// CHECK-NEXT: recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: returned 0
int main(void) {
  cdefer_enable_fault_panics();
  printf("returned %d\n", faults_after_calls());
  return 0;
}
