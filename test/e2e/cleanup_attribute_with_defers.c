// __attribute__((cleanup)) variables and defers in one function: cleanups run
// when their scope ends, deferred calls and blocks when the function returns
// (after the return value is computed), newest first. cdefer compiles C with
// unwind edges, so the calls in these scopes are invokes: the deferred ones
// must still be found, moved and made once.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void closer(int *p) { printf("cleanup %d\n", *p); }
static void say(const char *s, int v) { printf("%s %d\n", s, v); }

static int f(int n) {
  __attribute__((cleanup(closer))) int a = 1;
  __attribute__((defer)) say("defer call", n);
  __attribute__((defer)) {
    __attribute__((cleanup(closer))) int c = 3;
    say("defer block", n);
  }
  {
    __attribute__((cleanup(closer))) int b = 2;
    __attribute__((defer)) say("inner defer", b);
    n++;
  }
  say("body", a);
  return n;
}

int main(void) {
  // CHECK:      cleanup 2
  // CHECK-NEXT: body 1
  // CHECK-NEXT: cleanup 1
  // CHECK-NEXT: inner defer 2
  // CHECK-NEXT: defer block 6
  // CHECK-NEXT: cleanup 3
  // CHECK-NEXT: defer call 5
  // CHECK-NEXT: ret 6
  printf("ret %d\n", f(5));
  return 0;
}
