// An `asm goto` that jumps to a label of its own deferred block, and one in
// the function's body that jumps over code after a defer statement: both
// jump, and the deferred code runs once at return.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void inside(int k) {
  __attribute__((defer)) {
    __asm__ goto("jmp %l0" :::: skip);
    printf("NOT REACHED inside\n");
  skip:
    printf("deferred block %d\n", k);
  }
  printf("body %d\n", k);
}

static void outside(int k) {
  __attribute__((defer)) printf("deferred %d\n", k);
  __asm__ goto("jmp %l0" :::: done);
  printf("NOT REACHED outside\n");
done:
  printf("done %d\n", k);
}

int main(void) {
  inside(1);
  outside(2);
  return 0;
}

// CHECK:      body 1
// CHECK-NEXT: deferred block 1
// CHECK-NEXT: done 2
// CHECK-NEXT: deferred 2
// CHECK-NOT:  {{.}}
