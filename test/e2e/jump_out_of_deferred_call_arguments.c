// A deferred call's arguments are evaluated at the defer statement, so a
// statement expression among them may return, goto, or break out of a loop:
// the call is then never deferred, and the defers before it still run.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }
static int g(int x) { printf("g %d\n", x); return x; }

static int return_in_arguments(int n) {
  __attribute__((defer)) say("first");
  __attribute__((defer)) g(({ if (n) return 7; 1; }));
  say("body");
  return 0;
}

static int goto_in_arguments(int n) {
  __attribute__((defer)) g(({ if (n) goto out; 2; }));
  say("NOT REACHED");
  return 0;
out:
  say("out");
  return 5;
}

static int break_in_arguments(void) {
  int r = 0;
  for (int i = 0; i < 3; i++) {
    __attribute__((defer)) g(({ if (i == 1) break; i + 10; }));
    r++;
  }
  return r;
}

int main(void) {
  // CHECK:      first
  // CHECK-NEXT: 7
  printf("%d\n", return_in_arguments(1));
  // CHECK-NEXT: body
  // CHECK-NEXT: g 1
  // CHECK-NEXT: first
  // CHECK-NEXT: 0
  printf("%d\n", return_in_arguments(0));
  // CHECK-NEXT: out
  // CHECK-NEXT: 5
  printf("%d\n", goto_in_arguments(1));
  // CHECK-NEXT: g 10
  // CHECK-NEXT: 1
  printf("%d\n", break_in_arguments());
  return 0;
}
// CHECK-NOT: {{.}}
