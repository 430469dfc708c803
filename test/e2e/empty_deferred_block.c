// Empty deferred blocks ({} and { ; }) are accepted and do nothing; the
// function's other deferred calls run in order around them.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }

static int empty_blocks(int n) {
  __attribute__((defer)) say("first");
  __attribute__((defer)) {}
  __attribute__((defer)) { ; }
  for (int i = 0; i < n; i++)
    __attribute__((defer)) {}
  __attribute__((defer)) say("last");
  return n;
}

int main(void) {
  // CHECK:      last
  // CHECK-NEXT: first
  // CHECK-NEXT: 3
  printf("%d\n", empty_blocks(3));
  return 0;
}
// CHECK-NOT: {{.}}
