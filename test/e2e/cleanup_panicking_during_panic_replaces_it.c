// A C cleanup variable whose function panics while a panic unwinds its
// frame: the new panic replaces the old one, as for a deferred call that
// panics (Go's rule), instead of Clang's terminate handler aborting the
// process. The frame's remaining cleanups and deferred calls run for the
// new panic; recovered, the old one is gone too; unrecovered, the report
// shows both, the old one first.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s
// RUN: %cdefer-cc -O2 -DUNRECOVERED %s -o %t.unrec
// RUN: %S/../expect-exit.sh 2 %run %t.unrec 2>&1 | FileCheck %s --check-prefix=UNREC

#include <defer.h>
#include <stdio.h>

static void release(int *p) {
  printf("  release %d\n", *p);
  if (*p == 2)
    panic("cleanup %d panicked", *p);
}

static void say(const char *s) { printf("  deferred %s\n", s); }

/* No defers of its own: its cleanups are Clang's alone. */
static __attribute__((noinline)) void cleanups_only(void) {
  __attribute__((cleanup(release))) int outer = 1;
  __attribute__((cleanup(release))) int inner = 2;
  panic("first");
}

/* Cleanups and a deferred call in one frame. */
static __attribute__((noinline)) void cleanups_and_defer(void) {
  __attribute__((defer)) say("in the panicking frame");
  __attribute__((cleanup(release))) int outer = 3;
  __attribute__((cleanup(release))) int inner = 2;
  panic("second");
}

/* Cleanups inside a deferred block, which panics. */
static __attribute__((noinline)) void cleanups_in_deferred_block(void) {
  __attribute__((defer)) {
    __attribute__((cleanup(release))) int outer = 4;
    __attribute__((cleanup(release))) int inner = 2;
    panic("third");
  }
  printf("  returning\n");
}

static void run(void (*fn)(void)) {
#ifndef UNRECOVERED
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    printf("  recovered: %s\n", p ? cdefer_panic_message(p) : "nothing");
  }
#endif
  fn();
}

int main(void) {
  printf("cleanups only\n");
  run(cleanups_only);
  printf("cleanups and defer\n");
  run(cleanups_and_defer);
  printf("cleanups in a deferred block\n");
  run(cleanups_in_deferred_block);
  /* Nothing of the replaced panics is left: recover finds nothing. */
  printf("after: %s\n", recover() ? "a panic" : "nothing");
  return 0;
}

// CHECK:      cleanups only
// CHECK-NEXT:   release 2
// CHECK-NEXT:   release 1
// CHECK-NEXT:   recovered: cleanup 2 panicked
// CHECK-NEXT: cleanups and defer
// CHECK-NEXT:   release 2
// CHECK-NEXT:   release 3
// CHECK-NEXT:   deferred in the panicking frame
// CHECK-NEXT:   recovered: cleanup 2 panicked
// CHECK-NEXT: cleanups in a deferred block
// CHECK-NEXT:   returning
// CHECK-NEXT:   release 2
// CHECK-NEXT:   release 4
// CHECK-NEXT:   recovered: cleanup 2 panicked
// CHECK-NEXT: after: nothing
// CHECK-NOT:  {{.}}

// UNREC:      cleanups only
// UNREC-NEXT:   release 2
// UNREC-NEXT:   release 1
// UNREC-NEXT: panic: first
// UNREC-NEXT: {{^	}}panic: cleanup 2 panicked
// UNREC-EMPTY:
// UNREC-NEXT: backtrace of the panic site:
