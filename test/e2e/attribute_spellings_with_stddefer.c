// With <stddefer.h> (C's defer TS, clang -fdefer-ts) `defer` is a macro for
// `_Defer`. The spellings that survive it still defer the call (none is
// dropped): [[cdefer::defer]] (which becomes [[cdefer::_Defer]]),
// [[cdefer::__defer__]] and __attribute__((__defer__)). The TS's own
// `defer` statement works beside them and runs at the end of its block.
//
// RUN: %cdefer-cc -fdefer-ts -Werror=unknown-attributes -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -fdefer-ts -Werror=unknown-attributes -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
//
// CHECK:      body
// CHECK-NEXT: block-scoped defer TS statement
// CHECK-NEXT: return
// CHECK-NEXT: deferred __attribute__((__defer__))
// CHECK-NEXT: deferred {{\[\[}}cdefer::__defer__{{\]\]}}
// CHECK-NEXT: deferred {{\[\[}}cdefer::defer{{\]\]}}

#include <stddefer.h>
#include <defer.h>
#include <stdio.h>

static void f(void) {
  [[cdefer::defer]] puts("deferred [[cdefer::defer]]");
  [[cdefer::__defer__]] puts("deferred [[cdefer::__defer__]]");
  __attribute__((__defer__)) puts("deferred __attribute__((__defer__))");
  {
    defer puts("block-scoped defer TS statement");
    puts("body");
  }
  puts("return");
}

int main(void) {
  f();
  return 0;
}
