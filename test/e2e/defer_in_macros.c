// Defer statements written through macros: a macro that wraps a deferred
// call, one that expands to the bare attribute before a block, and one
// with the do { ... } while (0) idiom (whose defer belongs to the
// function, not to the do-while: it runs at return).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

#define DEFER(call) __attribute__((defer)) call
#define SCOPE_EXIT __attribute__((defer))
#define DEFER_SAY(s)                                                           \
  do {                                                                         \
    __attribute__((defer)) say(s);                                             \
  } while (0)

static void say(const char *s) { printf("%s\n", s); }

static void in_macros(void) {
  DEFER(say("macro call"));
  SCOPE_EXIT { say("macro block"); }
  DEFER_SAY("do-while macro");
  say("macros body");
}

int main(void) {
  // CHECK:      macros body
  // CHECK-NEXT: do-while macro
  // CHECK-NEXT: macro block
  // CHECK-NEXT: macro call
  in_macros();
  // CHECK-NEXT: done
  say("done");
  return 0;
}
