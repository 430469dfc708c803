// A defer statement on a path not taken pushes nothing; one on a taken path
// runs exactly once (SPEC.md 3.3). The conditions come from a volatile
// array so that -O2 cannot fold them.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("  deferred %s\n", s); }

volatile int inputs[] = {0, 1, 2, 3, 4, 7};

static void conditions(int flags) {
  printf("conditions(%d)\n", flags);
  __attribute__((defer)) say("always");
  if (flags & 1)
    __attribute__((defer)) say("bit0");
  if (flags & 2) {
    __attribute__((defer)) say("bit1");
  } else {
    __attribute__((defer)) say("not bit1");
  }
  if (flags & 4) {
    if (flags & 1)
      __attribute__((defer)) { printf("  block bit2+bit0 flags=%d\n", flags); }
  }
  flags = -1; /* deferred calls do not see this; the block above does */
}

/* Short-circuit operators decide whether a defer runs, too. */
static int guarded(int a, int b) {
  if (a && b)
    __attribute__((defer)) say("a&&b");
  if (a || b)
    __attribute__((defer)) say("a||b");
  return a + b;
}

int main(void) {
  for (int i = 0; i < 6; i++)
    conditions(inputs[i]);
  printf("guarded(0,0)=%d\n", guarded(inputs[0], inputs[0]));
  printf("guarded(1,0)=%d\n", guarded(inputs[1], inputs[0]));
  printf("guarded(1,1)=%d\n", guarded(inputs[1], inputs[1]));
  printf("done\n");
  return 0;
}

// CHECK:      conditions(0)
// CHECK-NEXT:   deferred not bit1
// CHECK-NEXT:   deferred always
// CHECK-NEXT: conditions(1)
// CHECK-NEXT:   deferred not bit1
// CHECK-NEXT:   deferred bit0
// CHECK-NEXT:   deferred always
// CHECK-NEXT: conditions(2)
// CHECK-NEXT:   deferred bit1
// CHECK-NEXT:   deferred always
// CHECK-NEXT: conditions(3)
// CHECK-NEXT:   deferred bit1
// CHECK-NEXT:   deferred bit0
// CHECK-NEXT:   deferred always
// CHECK-NEXT: conditions(4)
// CHECK-NEXT:   deferred not bit1
// CHECK-NEXT:   deferred always
// CHECK-NEXT: conditions(7)
// CHECK-NEXT:   block bit2+bit0 flags=-1
// CHECK-NEXT:   deferred bit1
// CHECK-NEXT:   deferred bit0
// CHECK-NEXT:   deferred always
// CHECK-NEXT: guarded(0,0)=0
// CHECK-NEXT:   deferred a||b
// CHECK-NEXT: guarded(1,0)=1
// CHECK-NEXT:   deferred a||b
// CHECK-NEXT:   deferred a&&b
// CHECK-NEXT: guarded(1,1)=2
// CHECK-NEXT: done
