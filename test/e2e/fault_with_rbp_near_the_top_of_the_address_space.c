// A fault in a function with defers whose rbp holds any value at all (code
// compiled without a frame pointer may use rbp as an ordinary register):
// here the values around 2^64 and 0. The runtime tries rbp as the base its
// anchor is addressed from, and the anchor's address computed from such a
// value wraps around: its bounds check must not wrap with it (else the
// runtime reads the anchor at 0xfffffffffffffff8 and dies with "fault in
// the cdefer runtime"). Every fault is recovered and every deferred call
// runs.
//
// RUN: %cdefer-cc -O0 -fomit-frame-pointer %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 -fomit-frame-pointer %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O2 -g -fomit-frame-pointer %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O0 -fomit-frame-pointer -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O2 -fomit-frame-pointer -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind
// AddressSanitizer realigns the frame, which then keeps rbp as its frame
// pointer whatever -fomit-frame-pointer says: the asm would clobber it.
// UNSUPPORTED: asan

#include <defer.h>
#include <stdio.h>

static void catch_it(void) {
  if (recover() == NULL)
    printf("nothing recovered\n");
}

static int *volatile null_pointer;
static int deferred_ran;
static void note(void) { deferred_ran++; }

__attribute__((noinline)) static int store_with_rbp(unsigned long value) {
  __attribute__((defer)) catch_it();
  __attribute__((defer)) note();
  __asm__ volatile("movq %0, %%rbp\n\t"
                   "movl $1, (%1)" ::"r"(value),
                   "r"(null_pointer)
                   : "rbp", "memory");
  return 1;
}

int main(void) {
  cdefer_enable_fault_panics();
  int recovered = 0;
  /* rbp from 2^64 - 520 up to 2^64 - 8, then from 0 up to 504. */
  for (long j = -64; j <= 64; j++)
    recovered += store_with_rbp(0xfffffffffffffff8ul + 8ul * (unsigned long)j) == 0;
  printf("recovered %d of 129, deferred calls %d\n", recovered, deferred_ran);
  return 0;
}

// CHECK-NOT: nothing recovered
// CHECK-NOT: fatal
// CHECK: recovered 129 of 129, deferred calls 129
