// A function with defers that has no return path of its own (an endless
// loop) returns after a deferred call recovers a fault in it:
//  * serve() loops over a handler LLVM proves nounwind, so at -O1 and above
//    its landing pad is gone and, with it, its last `ret`; it must not be
//    treated as noreturn, or main's code after the call is deleted and the
//    recovery runs into whatever follows main;
//  * forever() is a leaf that faults in its own code: at -O0 it keeps its
//    locals (the defer state) in the red zone below its stack pointer, and
//    its deferred block must still run, recover and set its result.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O1 %s -o %t.O1 && %run %t.O1 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O0 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack0 && %run %t.stack0 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s
// Valgrind reports the faulting access itself (docs/limits.md).
// UNSUPPORTED: valgrind

#include <defer.h>
#include <stdio.h>

static int *volatile table[4];
static int handled;

static __attribute__((noinline)) void handle(int i) {
  handled += *table[i & 3]; /* table[3] is null */
}

static void serve(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    printf("serve recovered: %s\n", p ? cdefer_panic_message(p) : "nothing");
  }
  for (int i = 0;; i++)
    handle(i);
}

static int forever(int x) {
  __attribute__((defer)) {
    if (recover() != NULL) {
      printf("forever recovered\n");
      cdefer_result(int) = 7;
    }
  }
  for (;;)
    x += *table[x & 3];
}

int main(void) {
  static int one = 1;
  table[0] = table[1] = table[2] = &one;
  cdefer_enable_fault_panics();
  serve();
  printf("after serve: handled %d\n", handled);
  printf("forever returned %d\n", forever(0));
  printf("done\n");
  return 0;
}

// CHECK:      serve recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: after serve: handled 3
// CHECK-NEXT: forever recovered
// CHECK-NEXT: forever returned 7
// CHECK-NEXT: done
// CHECK-NOT:  {{.}}
