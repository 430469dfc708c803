// Deferred calls through function pointers cast to another type: a
// void * converted back to the right function type, a function cast to a
// type with a different (compatible) return, a pointer read from a struct
// whose value changes after the defer statement (the callee is evaluated at
// the defer statement), and a pointer returned by a call.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static long add3(long a, long b, long c) {
  printf("add3 %ld\n", a + b + c);
  return a + b + c;
}
static void say(const char *s) { printf("%s\n", s); }
static void shout(const char *s) { printf("%s!\n", s); }

struct ops { void (*speak)(const char *); };
static void (*pick(int loud))(const char *) { return loud ? shout : say; }

static void cast_pointers(void) {
  void *p = (void *)add3;
  __attribute__((defer)) ((long (*)(long, long, long))p)(1, 2, 3);
  __attribute__((defer)) ((void (*)(long, long, long))add3)(4, 5, 6);
  struct ops o = {say};
  __attribute__((defer)) o.speak("through the struct");
  o.speak = shout;
  __attribute__((defer)) pick(1)("picked");
  __attribute__((defer)) (*pick(0))("picked quietly");
  say("body");
}

int main(void) {
  // CHECK:      body
  // CHECK-NEXT: picked quietly
  // CHECK-NEXT: picked!
  // CHECK-NEXT: through the struct
  // CHECK-NEXT: add3 15
  // CHECK-NEXT: add3 6
  cast_pointers();
  return 0;
}
// CHECK-NOT: {{.}}
