// An unrecovered panic inside a fiber (SPEC.md 3.7, 3.8): the fiber's own
// pending deferred calls run - open-coded, stack records, pooled records,
// also in the fiber's entry function - innermost first; the unwind stops at
// the bottom of the fiber's stack (glibc's __start_context marks the end of
// the stack for unwinders); the runtime writes Go's report with the
// backtrace of the panic site and the process exits with status 2. The
// deferred calls pending on the other fiber (parked in the middle of its
// functions) and on the main thread do not run, and the main thread never
// continues. An earlier panic of the same fiber that was recovered is not
// part of the report.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %S/../expect-exit.sh 2 %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2
// RUN: %S/../expect-exit.sh 2 %run %t.O2 2>&1 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g 2>&1 | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g 2>&1 | FileCheck %s %}

#include "Inputs/fiber_sched.h"

#include <defer.h>
#include <stdio.h>

static void say(const char *what, int n) {
  printf("[%s] deferred %s %d\n", fiber_name(), what, n);
}

static void rec(void) {
  const cdefer_panic_t *p = recover();
  printf("[%s] recovered: %s\n", fiber_name(),
         p ? cdefer_panic_message(p) : "NULL");
}

/* A recovered panic first: it must not show up in the report. */
__attribute__((noinline)) void recovers_first(void) {
  __attribute__((defer)) rec();
  panic("recovered earlier");
}

/* Open-coded; the panic site. */
__attribute__((noinline)) void fiber_panic_site(int n) {
  __attribute__((defer)) say("fiber_panic_site", 1);
  __attribute__((defer)) say("fiber_panic_site", 2);
  printf("[%s] panics\n", fiber_name());
  fflush(stdout);
  panic("fiber %s gives up at %d", fiber_name(), n);
}

/* Ten sites: stack records. */
#define S(n) __attribute__((defer)) say("fiber_stacked", n);
__attribute__((noinline)) void fiber_stacked(void) {
  S(1) S(2) S(3) S(4) S(5) S(6) S(7) S(8) S(9) S(10)
  fiber_yield();
  fiber_panic_site(42);
  printf("NOT REACHED fiber_stacked\n");
}
#undef S

/* Pooled records. */
__attribute__((noinline)) void fiber_pooled(void) {
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say("fiber_pooled", i);
  fiber_stacked();
  printf("NOT REACHED fiber_pooled\n");
}

static void panicking(void *arg) {
  (void)arg;
  __attribute__((defer)) say("panicking entry", 0);
  recovers_first();
  fiber_pooled();
  printf("NOT REACHED panicking\n");
}

/* Parks with pending deferred calls of every kind. */
__attribute__((noinline)) void bystander_frame(void) {
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say("NOT RUN bystander loop", i);
  __attribute__((defer)) say("NOT RUN bystander", 1);
  fiber_park();
}

static void bystander(void *arg) {
  (void)arg;
  __attribute__((defer)) say("NOT RUN bystander entry", 0);
  bystander_frame();
}

int main(void) {
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say("NOT RUN main", i);
  fiber_spawn("bystander", bystander, NULL);
  fiber_spawn("panicker", panicking, NULL);
  fiber_run();
  printf("NOT REACHED main\n");
  return 0;
}

// CHECK:      [panicker] recovered: recovered earlier
// CHECK-NEXT: [panicker] panics
// CHECK-NEXT: [panicker] deferred fiber_panic_site 2
// CHECK-NEXT: [panicker] deferred fiber_panic_site 1
// CHECK-NEXT: [panicker] deferred fiber_stacked 10
// CHECK-NEXT: [panicker] deferred fiber_stacked 9
// CHECK-NEXT: [panicker] deferred fiber_stacked 8
// CHECK-NEXT: [panicker] deferred fiber_stacked 7
// CHECK-NEXT: [panicker] deferred fiber_stacked 6
// CHECK-NEXT: [panicker] deferred fiber_stacked 5
// CHECK-NEXT: [panicker] deferred fiber_stacked 4
// CHECK-NEXT: [panicker] deferred fiber_stacked 3
// CHECK-NEXT: [panicker] deferred fiber_stacked 2
// CHECK-NEXT: [panicker] deferred fiber_stacked 1
// CHECK-NEXT: [panicker] deferred fiber_pooled 1
// CHECK-NEXT: [panicker] deferred fiber_pooled 0
// CHECK-NEXT: [panicker] deferred panicking entry 0
// CHECK-NEXT: panic: fiber panicker gives up at 42
// CHECK-EMPTY:
// CHECK-NEXT: backtrace of the panic site:
// CHECK-NEXT: {{^}}  #0 {{ *}}0x{{[0-9a-f]+}} in fiber_panic_site+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// CHECK-NEXT: {{^}}  #1 {{ *}}0x{{[0-9a-f]+}} in fiber_stacked+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// CHECK-NEXT: {{^}}  #2 {{ *}}0x{{[0-9a-f]+}} in fiber_pooled+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// CHECK-NEXT: {{^}}  #3 {{ *}}0x{{[0-9a-f]+}} in panicking+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// The fiber's stack ends below its entry trampoline.
// CHECK-NEXT: {{^}}  #4 {{ *}}0x{{[0-9a-f]+}} in fiber__trampoline+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// CHECK-NOT:  {{.}}
