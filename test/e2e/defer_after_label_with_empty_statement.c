// The way to put a defer statement right after a label (where an attribute
// would belong to the label, diag/defer_after_label.c): `label: ;` first, or
// braces. Jumping back to the label runs the defer statement again.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void say(int i) { printf("deferred %d\n", i); }

static void after_labels(void) {
  int i = 0;
again:;
  __attribute__((defer)) say(i);
  if (++i < 3)
    goto again;
braced: {
  __attribute__((defer)) say(10);
}
  (void)&&braced;
  printf("body\n");
}

int main(void) {
  // CHECK:      body
  // CHECK-NEXT: deferred 10
  // CHECK-NEXT: deferred 2
  // CHECK-NEXT: deferred 1
  // CHECK-NEXT: deferred 0
  after_labels();
  return 0;
}
// CHECK-NOT: {{.}}
