// Functions with defers that call setjmp and longjmp back to themselves
// (never over another frame): one whose defer statement ran before the
// setjmp, one that longjmps twice before reaching its defer statement. The
// defer runs once, at return. (A longjmp over a frame with pending defers
// is undefined: docs/limits.md.)
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <setjmp.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }

static jmp_buf env;

static int defer_then_setjmp(void) {
  __attribute__((defer)) say("setjmp function's defer");
  if (setjmp(env) == 0)
    longjmp(env, 1);
  say("after longjmp");
  return 1;
}

static int setjmp_then_defer(void) {
  volatile int rounds = 0;
  if (setjmp(env) < 2) {
    rounds++;
    longjmp(env, rounds);
  }
  __attribute__((defer)) say("setjmp function's defer");
  say("after the longjmps");
  return rounds;
}

int main(void) {
  // CHECK:      after longjmp
  // CHECK-NEXT: setjmp function's defer
  defer_then_setjmp();
  // CHECK-NEXT: after the longjmps
  // CHECK-NEXT: setjmp function's defer
  // CHECK-NEXT: rounds 2
  printf("rounds %d\n", setjmp_then_defer());
  return 0;
}
