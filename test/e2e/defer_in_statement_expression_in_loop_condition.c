// A defer statement inside a statement expression in a loop condition (and
// in a for loop's increment, and nested in a call's argument inside the
// condition): it runs once per evaluation, all at return, newest first,
// with the arguments of each evaluation.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void sayi(const char *what, int i) { printf("%s %d\n", what, i); }
static int id(int x) { return x; }

static int loop_condition(void) {
  int i = 0;
  while (({
    __attribute__((defer)) sayi("while", i);
    i++ < 2;
  }))
    continue;
  for (int j = 0; j < 2; ({ __attribute__((defer)) sayi("for", j); j++; }))
    continue;
  int k = 0;
  while (id(({ __attribute__((defer)) sayi("nested", k); k++; })) < 1)
    continue;
  printf("body %d %d\n", i, k);
  return i;
}

int main(void) {
  // CHECK:      body 3 2
  // CHECK-NEXT: nested 1
  // CHECK-NEXT: nested 0
  // CHECK-NEXT: for 1
  // CHECK-NEXT: for 0
  // CHECK-NEXT: while 2
  // CHECK-NEXT: while 1
  // CHECK-NEXT: while 0
  // CHECK-NEXT: 3
  printf("%d\n", loop_condition());
  return 0;
}
// CHECK-NOT: {{.}}
