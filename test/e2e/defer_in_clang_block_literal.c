// Defers inside Clang block literals (-fblocks): a block's body is a
// function of its own, so its deferred calls and blocks run when the block
// returns. (The two block-runtime symbols the literals reference are defined
// here, so no BlocksRuntime library is needed.)
//
// RUN: %cdefer-cc -fblocks -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -fblocks -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -fblocks -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -fblocks -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

void *_NSConcreteGlobalBlock[32];
void *_NSConcreteStackBlock[32];

static void say(const char *s) { printf("%s\n", s); }

int main(void) {
  __attribute__((defer)) say("main deferred");
  void (^b)(void) = ^{
    __attribute__((defer)) say("block deferred");
    say("block body");
  };
  b();
  int base = 40;
  int (^c)(int) = ^(int x) {
    __attribute__((defer)) { say("block's deferred block"); }
    return x + base;
  };
  printf("%d\n", c(2));
  return 0;
}
// CHECK:      block body
// CHECK-NEXT: block deferred
// CHECK-NEXT: block's deferred block
// CHECK-NEXT: 42
// CHECK-NEXT: main deferred
// CHECK-NOT: {{.}}
