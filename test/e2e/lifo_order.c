// Pending deferred calls run last-in first-out, deferred calls and deferred
// blocks interleaved, and each function's defers run when that function
// returns, before its caller continues (SPEC.md 3.2).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O3 %s -o %t.O3 && %run %t.O3 | FileCheck %s
// RUN: %cdefer-cc -Os %s -o %t.Os && %run %t.Os | FileCheck %s

#include <defer.h>
#include <stdio.h>

static void say(int n) { printf("deferred %d\n", n); }

static void five(void) {
  __attribute__((defer)) say(1);
  __attribute__((defer)) say(2);
  __attribute__((defer)) say(3);
  __attribute__((defer)) say(4);
  __attribute__((defer)) say(5);
  printf("five body\n");
}

static void interleaved(void) {
  int n = 0;
  __attribute__((defer)) say(10);
  __attribute__((defer)) { printf("block 11 n=%d\n", n); }
  __attribute__((defer)) say(12);
  __attribute__((defer)) { printf("block 13 n=%d\n", n); n = 99; }
  __attribute__((defer)) say(14);
  n = 7;
  printf("interleaved body\n");
}

static int callee(void) {
  __attribute__((defer)) say(21);
  __attribute__((defer)) say(22);
  printf("callee body\n");
  return 0;
}

static void caller(void) {
  __attribute__((defer)) say(31);
  callee();
  printf("caller after callee\n");
  __attribute__((defer)) say(32);
  callee();
  printf("caller body end\n");
}

int main(void) {
  five();
  printf("--\n");
  interleaved();
  printf("--\n");
  caller();
  printf("done\n");
  return 0;
}

// CHECK:      five body
// CHECK-NEXT: deferred 5
// CHECK-NEXT: deferred 4
// CHECK-NEXT: deferred 3
// CHECK-NEXT: deferred 2
// CHECK-NEXT: deferred 1
// CHECK-NEXT: --
// CHECK-NEXT: interleaved body
// CHECK-NEXT: deferred 14
// CHECK-NEXT: block 13 n=7
// CHECK-NEXT: deferred 12
// CHECK-NEXT: block 11 n=99
// CHECK-NEXT: deferred 10
// CHECK-NEXT: --
// CHECK-NEXT: callee body
// CHECK-NEXT: deferred 22
// CHECK-NEXT: deferred 21
// CHECK-NEXT: caller after callee
// CHECK-NEXT: callee body
// CHECK-NEXT: deferred 22
// CHECK-NEXT: deferred 21
// CHECK-NEXT: caller body end
// CHECK-NEXT: deferred 32
// CHECK-NEXT: deferred 31
// CHECK-NEXT: done
