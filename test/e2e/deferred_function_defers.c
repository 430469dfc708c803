// A deferred function that itself defers: its own defers run when it
// returns, while its caller's remaining defers are still pending, and they
// do not mix with the caller's. Three levels deep; the deferred function
// uses open-coded, stack-record and pooled-record strategies and is
// deferred from frames using each of them. A deferred block that calls a
// function that defers.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }

/* Level 3: open-coded. */
static void level3(const char *who) {
  __attribute__((defer)) printf("level3(%s) defer\n", who);
  printf("level3(%s) body\n", who);
}

/* Level 2: defers level3, itself deferred. */
static void level2(const char *who) {
  __attribute__((defer)) printf("level2(%s) defer a\n", who);
  __attribute__((defer)) level3(who);
  __attribute__((defer)) printf("level2(%s) defer b\n", who);
  printf("level2(%s) body\n", who);
}

/* Pooled: defers in a loop, and defers level2. */
static void pooled_deferrer(int n) {
  for (int i = 0; i < n; i++)
    __attribute__((defer)) printf("pooled_deferrer i=%d\n", i);
  __attribute__((defer)) level2("pooled");
  printf("pooled_deferrer body\n");
}

/* Stack records: 9 sites. */
static void stacked_deferrer(void) {
  __attribute__((defer)) say("stacked 1");
  __attribute__((defer)) say("stacked 2");
  __attribute__((defer)) say("stacked 3");
  __attribute__((defer)) say("stacked 4");
  __attribute__((defer)) level2("stacked");
  __attribute__((defer)) say("stacked 6");
  __attribute__((defer)) say("stacked 7");
  __attribute__((defer)) say("stacked 8");
  __attribute__((defer)) say("stacked 9");
  printf("stacked_deferrer body\n");
}

static void top_open_coded(void) {
  __attribute__((defer)) say("top 1");
  __attribute__((defer)) level2("top");
  __attribute__((defer)) { printf("top block\n"); level3("block"); }
  __attribute__((defer)) say("top 4");
  printf("top body\n");
}

static void top_pooled(void) {
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) printf("top_pooled i=%d\n", i);
  __attribute__((defer)) pooled_deferrer(2);
  __attribute__((defer)) stacked_deferrer();
  printf("top_pooled body\n");
}

int main(void) {
  top_open_coded();
  printf("--\n");
  top_pooled();
  printf("done\n");
  return 0;
}

// CHECK:      top body
// CHECK-NEXT: top 4
// CHECK-NEXT: top block
// CHECK-NEXT: level3(block) body
// CHECK-NEXT: level3(block) defer
// CHECK-NEXT: level2(top) body
// CHECK-NEXT: level2(top) defer b
// CHECK-NEXT: level3(top) body
// CHECK-NEXT: level3(top) defer
// CHECK-NEXT: level2(top) defer a
// CHECK-NEXT: top 1
// CHECK-NEXT: --
// CHECK-NEXT: top_pooled body
// CHECK-NEXT: stacked_deferrer body
// CHECK-NEXT: stacked 9
// CHECK-NEXT: stacked 8
// CHECK-NEXT: stacked 7
// CHECK-NEXT: stacked 6
// CHECK-NEXT: level2(stacked) body
// CHECK-NEXT: level2(stacked) defer b
// CHECK-NEXT: level3(stacked) body
// CHECK-NEXT: level3(stacked) defer
// CHECK-NEXT: level2(stacked) defer a
// CHECK-NEXT: stacked 4
// CHECK-NEXT: stacked 3
// CHECK-NEXT: stacked 2
// CHECK-NEXT: stacked 1
// CHECK-NEXT: pooled_deferrer body
// CHECK-NEXT: level2(pooled) body
// CHECK-NEXT: level2(pooled) defer b
// CHECK-NEXT: level3(pooled) body
// CHECK-NEXT: level3(pooled) defer
// CHECK-NEXT: level2(pooled) defer a
// CHECK-NEXT: pooled_deferrer i=1
// CHECK-NEXT: pooled_deferrer i=0
// CHECK-NEXT: top_pooled i=1
// CHECK-NEXT: top_pooled i=0
// CHECK-NEXT: done
