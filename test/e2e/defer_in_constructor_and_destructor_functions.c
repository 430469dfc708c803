// Defers in __attribute__((constructor)) and ((destructor)) functions,
// which run before main and after it returns: they run at their function's
// return, and a panic in a constructor is recovered there.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }

static void guard(void) {
  const cdefer_panic_t *p = recover();
  printf("constructor recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

__attribute__((constructor)) static void before_main(void) {
  __attribute__((defer)) guard();
  __attribute__((defer)) say("constructor deferred");
  say("constructor body");
  panic("in a constructor");
}

__attribute__((destructor)) static void after_main(void) {
  __attribute__((defer)) {
    say("destructor deferred");
    fflush(stdout);
  }
  say("destructor body");
}

int main(void) {
  say("main");
  return 0;
}
// CHECK:      constructor body
// CHECK-NEXT: constructor deferred
// CHECK-NEXT: constructor recovered: in a constructor
// CHECK-NEXT: main
// CHECK-NEXT: destructor body
// CHECK-NEXT: destructor deferred
// CHECK-NOT: {{.}}
