// An open-coded frame with fault support does not zero its result slot at
// entry: the mask's not-returned bit, set by the anchor's initial store and
// cleared by the exit block's first bit-clearing store, tells a panic to
// zero it. On a stack that the call before filled with 0x5a bytes, a frame
// a panic stops before its `return` still shows its deferred code a zero
// result and returns zero (or what deferred code stored, also across a
// second panic made by that code); a frame a panic stops while its return
// runs the deferred calls keeps the return's value. 7 sites still have a
// free mask bit; 8 zero the slot at entry. Valgrind (the valgrind variant)
// reports any use of the slot before it was written.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O1 %s -o %t.O1 && %run %t.O1 | FileCheck %s
// RUN: %cdefer-cc -O3 %s -o %t.O3 && %run %t.O3 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-fault-frames=0 %s -o %t.nofault && %run %t.nofault | FileCheck %s

#include "Inputs/result_zero_cases.h"

__attribute__((noinline)) static void thrower(int n) {
  if (n >= 0)
    panic("body %d", n);
}

__attribute__((noinline)) static void panicker(void) { panic("deferred"); }

// CHECK-LABEL: int, panic in the body
// CHECK-NEXT:  deferred code sees 0
// CHECK-NEXT:  recovered: body 1
// CHECK-NEXT:  returned 0
__attribute__((noinline)) static int int_body(int n) {
  __attribute__((defer)) rec();
  __attribute__((defer)) { printf("deferred code sees %d\n", cdefer_result(int)); }
  thrower(n);
  return n + 100;
}

// CHECK-LABEL: long long, panic in the body
// CHECK-NEXT:  recovered: body 2
// CHECK-NEXT:  returned 0
__attribute__((noinline)) static long long long_body(int n) {
  __attribute__((defer)) rec();
  thrower(n);
  return n + 100;
}

// CHECK-LABEL: double, panic in the body
// CHECK-NEXT:  recovered: body 3
// CHECK-NEXT:  returned 0.000000
__attribute__((noinline)) static double double_body(int n) {
  __attribute__((defer)) rec();
  thrower(n);
  return n + 0.5;
}

// CHECK-LABEL: panic in a deferred call made by the return
// CHECK-NEXT:  recovered: deferred
// CHECK-NEXT:  returned 104
__attribute__((noinline)) static int after_return(int n) {
  __attribute__((defer)) rec();
  __attribute__((defer)) panicker();
  return n + 100;
}

// The newer deferred block stores 7 and panics again; the older call
// recovers the second panic: the 7 stays.
// CHECK-LABEL: second panic from deferred code that stored a result
// CHECK-NEXT:  recovered: deferred
// CHECK-NEXT:  returned 7
__attribute__((noinline)) static int stores_then_panics(int n) {
  __attribute__((defer)) rec();
  __attribute__((defer)) {
    cdefer_result(int) = 7;
    panicker();
  }
  thrower(n);
  return n + 100;
}

// CHECK-LABEL: 7 sites
// CHECK-NEXT:  recovered: body 6
// CHECK-NEXT:  returned 0
// CHECK-NEXT:  sites run 6
// CHECK-LABEL: 8 sites
// CHECK-NEXT:  recovered: body 7
// CHECK-NEXT:  returned 0
// CHECK-NEXT:  sites run 7
static int sites_run;
static void count(void) { sites_run++; }
#define DEFER_COUNT __attribute__((defer)) count()

__attribute__((noinline)) static int seven_sites(int n) {
  __attribute__((defer)) rec();
  DEFER_COUNT; DEFER_COUNT; DEFER_COUNT; DEFER_COUNT; DEFER_COUNT; DEFER_COUNT;
  thrower(n);
  return n + 100;
}

__attribute__((noinline)) static int eight_sites(int n) {
  __attribute__((defer)) rec();
  DEFER_COUNT; DEFER_COUNT; DEFER_COUNT; DEFER_COUNT; DEFER_COUNT; DEFER_COUNT;
  DEFER_COUNT;
  thrower(n);
  return n + 100;
}

int main(void) {
  RUN_CASE("int, panic in the body", "%d", int_body(1));
  RUN_CASE("long long, panic in the body", "%lld", long_body(2));
  RUN_CASE("double, panic in the body", "%f", double_body(3));
  RUN_CASE("panic in a deferred call made by the return", "%d",
           after_return(4));
  RUN_CASE("second panic from deferred code that stored a result", "%d",
           stores_then_panics(5));
  RUN_CASE("7 sites", "%d", seven_sites(6));
  printf("sites run %d\n", sites_run);
  sites_run = 0;
  RUN_CASE("8 sites", "%d", eight_sites(7));
  printf("sites run %d\n", sites_run);
  return 0;
}
