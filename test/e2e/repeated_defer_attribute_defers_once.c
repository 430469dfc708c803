// The attribute written twice on one statement (two attribute lists, two
// in one list, both spellings) makes one defer statement: the call is
// deferred once.
//
// RUN: %cdefer-cc -std=gnu23 -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -std=gnu23 -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -std=gnu23 -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -std=gnu23 -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static int n;
static void f(const char *how) { printf("%s %d\n", how, ++n); }

static void twice(void) {
  __attribute__((defer)) __attribute__((defer)) f("two lists");
  __attribute__((defer, defer)) f("one list");
  [[cdefer::defer]] __attribute__((defer)) f("both spellings");
  printf("body\n");
}

int main(void) {
  // CHECK:      body
  // CHECK-NEXT: both spellings 1
  // CHECK-NEXT: one list 2
  // CHECK-NEXT: two lists 3
  twice();
  return 0;
}
// CHECK-NOT: {{.}}
