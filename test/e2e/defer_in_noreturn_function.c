// Defers in _Noreturn functions: one that panics runs its deferred call
// during the panic (and its caller recovers), one that calls exit does not
// run it (exit runs no deferred calls).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>
#include <stdlib.h>

static void say(const char *s) { printf("%s\n", s); }

_Noreturn static void fail(const char *why) {
  __attribute__((defer)) say("fail's deferred call");
  panic("fail: %s", why);
}

_Noreturn static void leave(void) {
  __attribute__((defer)) say("never printed: leave's deferred call");
  say("leave exits");
  fflush(stdout);
  exit(0);
}

static void guard(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

static int calls_fail(void) {
  __attribute__((defer)) guard();
  fail("bad");
}

int main(void) {
  // CHECK:      fail's deferred call
  // CHECK-NEXT: recovered: fail: bad
  // CHECK-NEXT: calls_fail 0
  printf("calls_fail %d\n", calls_fail());
  // CHECK-NEXT: leave exits
  leave();
}
// CHECK-NOT: {{.}}
