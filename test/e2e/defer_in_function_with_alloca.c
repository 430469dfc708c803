// A deferred call reads memory from alloca() (which lives until the
// function returns), in a function that also calls alloca in a loop and has
// a defer in that loop.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <alloca.h>
#include <defer.h>
#include <stdio.h>
#include <string.h>

static void say(const char *s) { printf("%s\n", s); }

static void with_alloca(int n) {
  char *p = alloca((size_t)n);
  snprintf(p, (size_t)n, "alloca of %d bytes", n);
  __attribute__((defer)) say(p);
  for (int i = 0; i < 3; i++) {
    char *q = alloca(32);
    snprintf(q, 32, "loop alloca %d", i);
    __attribute__((defer)) say(q);
  }
  memset(p, 'x', 3);
}

int main(void) {
  // CHECK:      loop alloca 2
  // CHECK-NEXT: loop alloca 1
  // CHECK-NEXT: loop alloca 0
  // CHECK-NEXT: xxxoca of 64 bytes
  with_alloca(64);
  return 0;
}
// CHECK-NOT: {{.}}
