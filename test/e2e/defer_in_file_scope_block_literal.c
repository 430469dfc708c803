// A block literal in a file-scope initializer is a function of its own like
// any other block: its defers run when the block returns. They used to be
// left unmarked (only function bodies were looked at), so the deferred
// call ran at once. (The block-runtime symbol the literals reference is
// defined here, so no BlocksRuntime library is needed.)
//
// RUN: %cdefer-cc -fblocks -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -fblocks -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -fblocks -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -fblocks -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -fblocks -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -fblocks -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>

void *_NSConcreteGlobalBlock[32];

static void say(const char *s) { printf("%s\n", s); }

static void (^global_block)(void) = ^{
  __attribute__((defer)) say("global block deferred");
  say("global block body");
};

static struct {
  int (^fn)(int);
} table[] = {{^(int x) {
  __attribute__((defer)) { say("table block's deferred block"); }
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say("table block deferred in loop");
  say("table block body");
  return x + 1;
}}};

int main(void) {
  global_block();
  printf("%d\n", table[0].fn(41));
  return 0;
}
// CHECK:      global block body
// CHECK-NEXT: global block deferred
// CHECK-NEXT: table block body
// CHECK-NEXT: table block deferred in loop
// CHECK-NEXT: table block deferred in loop
// CHECK-NEXT: table block's deferred block
// CHECK-NEXT: 42
// CHECK-NOT: {{.}}
