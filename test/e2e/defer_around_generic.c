// A deferred call whose callee is chosen by _Generic, and one whose
// argument is a _Generic selection: both are evaluated at the defer
// statement.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }
static void say_long(const char *s) { printf("long: %s\n", s); }

#define SAY(x) _Generic((x), int: say, long: say_long)
#define NAME(x) _Generic((x), int: "an int", default: "something else")

static void around_generic(void) {
  __attribute__((defer)) SAY(1)("generic callee int");
  __attribute__((defer)) SAY(1L)("generic callee long");
  __attribute__((defer)) say(NAME(2.0));
}

int main(void) {
  // CHECK:      something else
  // CHECK-NEXT: long: generic callee long
  // CHECK-NEXT: generic callee int
  around_generic();
  return 0;
}
