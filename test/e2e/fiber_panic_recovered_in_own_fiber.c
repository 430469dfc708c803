// A panic in a fiber runs that fiber's deferred calls and is recovered in
// that fiber, while other fibers have deferred calls pending and panics of
// their own in flight (SPEC.md 3.5, 3.6, 3.8, 3.9): fiber A panics and a
// deferred call of its panic yields to B, which panics too and whose
// deferred call yields on to C (no panic) and D (a nested panic, raised
// by a deferred call after it yielded), and back to A. recover() in each
// fiber returns that fiber's own newest panic; in C, which is not
// panicking, recover() called directly by a deferred call returns NULL even
// though A, B and D are in the middle of panics. Every deferred call checks
// it runs on its own fiber with its own task current. A recovers a second
// panic later, from a frame with pooled records, after B and D finished.
// When everything is done, every task is destroyed with no pending call and
// no panic left (cdefer_task_destroy would stop the process otherwise).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O0 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s

#include "Inputs/fiber_sched.h"

#include <defer.h>
#include <stdio.h>
#include <string.h>

static void say(struct fiber *owner, const char *what) {
  fiber_check_owner(owner, what);
  printf("[%s] deferred %s\n", owner->name, what);
}

/* Deferred: recovers and prints what it got. */
static void catcher(struct fiber *owner) {
  const cdefer_panic_t *p = recover();
  fiber_check_owner(owner, "catcher");
  printf("[%s] recovered: %s\n", owner->name,
         p ? cdefer_panic_message(p) : "NULL");
  if (p != NULL && strncmp(cdefer_panic_message(p), owner->name,
                           strlen(owner->name)) != 0)
    printf("BAD: %s recovered another fiber's panic\n", owner->name);
}

/* Deferred: yields in the middle of its fiber's panic. */
static void yielder(struct fiber *owner) {
  fiber_check_owner(owner, "yielder");
  printf("[%s] yields while panicking\n", owner->name);
  fiber_yield();
  fiber_check_owner(owner, "yielder");
  printf("[%s] back, panic still in flight\n", owner->name);
}

/* Deferred: yields, then panics again (the older panic is aborted). */
static void nested_panicker(struct fiber *owner) {
  fiber_check_owner(owner, "nested_panicker");
  printf("[%s] yields before panicking again\n", owner->name);
  fiber_yield();
  printf("[%s] panics again\n", owner->name);
  panic("%s: second panic", owner->name);
}

/* Open-coded: the panic site of A's first panic. */
__attribute__((noinline)) void a_site(struct fiber *self) {
  __attribute__((defer)) say(self, "a_site");
  panic("%s: first panic", self->name);
}

/* Chained (a loop of pooled records), recovers. */
__attribute__((noinline)) int a_work(struct fiber *self) {
  __attribute__((defer)) catcher(self);
  __attribute__((defer)) yielder(self);
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say(self, i == 0 ? "a_work loop 0" : "a_work loop 1");
  a_site(self);
  return 1;
}

/* Pooled records in a loop that yields, then a panic. */
__attribute__((noinline)) int a_again(struct fiber *self) {
  __attribute__((defer)) catcher(self);
  for (int i = 0; i < 3; i++) {
    __attribute__((defer)) say(self, "a_again loop");
    fiber_yield();
  }
  panic("%s: third panic", self->name);
  return 1;
}

static void a_body(void *arg) {
  struct fiber *self = fiber_self();
  (void)arg;
  __attribute__((defer)) say(self, "a_body");
  printf("[A] a_work returned %d\n", a_work(self));
  printf("[A] a_again returned %d\n", a_again(self));
}

/* Open-coded, recovers its own panic after yielding. */
__attribute__((noinline)) int b_work(struct fiber *self) {
  __attribute__((defer)) catcher(self);
  __attribute__((defer)) say(self, "b_work");
  __attribute__((defer)) yielder(self);
  panic("%s: its only panic", self->name);
  return 1;
}

static void b_body(void *arg) {
  struct fiber *self = fiber_self();
  (void)arg;
  __attribute__((defer)) say(self, "b_body");
  printf("[B] b_work returned %d\n", b_work(self));
}

/* Deferred: recover() called directly during a normal return. */
static void not_panicking(struct fiber *owner) {
  const cdefer_panic_t *p = recover();
  fiber_check_owner(owner, "not_panicking");
  printf("[%s] recover during a normal return: %s\n", owner->name,
         p ? cdefer_panic_message(p) : "NULL");
}

__attribute__((noinline)) void c_work(struct fiber *self) {
  __attribute__((defer)) not_panicking(self);
  __attribute__((defer)) say(self, "c_work");
  printf("[C] works, defers pending\n");
  fiber_yield();
  printf("[C] returns\n");
}

static void c_body(void *arg) {
  struct fiber *self = fiber_self();
  (void)arg;
  c_work(self);
}

/* A nested panic: the second one is recovered, the first is aborted. */
__attribute__((noinline)) int d_work(struct fiber *self) {
  __attribute__((defer)) catcher(self);
  __attribute__((defer)) nested_panicker(self);
  panic("%s: first panic", self->name);
  return 1;
}

static void d_body(void *arg) {
  struct fiber *self = fiber_self();
  (void)arg;
  printf("[D] d_work returned %d\n", d_work(self));
}

int main(void) {
  struct fiber *f[4];
  f[0] = fiber_spawn("A", a_body, NULL);
  f[1] = fiber_spawn("B", b_body, NULL);
  f[2] = fiber_spawn("C", c_body, NULL);
  f[3] = fiber_spawn("D", d_body, NULL);
  fiber_run();
  printf("[main] all fibers done, recover in main: %s\n",
         recover() ? "BAD" : "NULL");
  size_t pending = 0;
  for (int i = 0; i < 4; i++)
    pending += fiber_destroy(f[i]);
  printf("[main] pending after destroy: %zu\n", pending);
  return 0;
}

// CHECK:      [A] deferred a_site
// CHECK-NEXT: [A] deferred a_work loop 1
// CHECK-NEXT: [A] deferred a_work loop 0
// CHECK-NEXT: [A] yields while panicking
// CHECK-NEXT: [B] yields while panicking
// CHECK-NEXT: [C] works, defers pending
// CHECK-NEXT: [D] yields before panicking again
// CHECK-NEXT: [A] back, panic still in flight
// CHECK-NEXT: [A] recovered: A: first panic
// CHECK-NEXT: [A] a_work returned 0
// CHECK-NEXT: [B] back, panic still in flight
// CHECK-NEXT: [B] deferred b_work
// CHECK-NEXT: [B] recovered: B: its only panic
// CHECK-NEXT: [B] b_work returned 0
// CHECK-NEXT: [B] deferred b_body
// CHECK-NEXT: [C] returns
// CHECK-NEXT: [C] deferred c_work
// CHECK-NEXT: [C] recover during a normal return: NULL
// CHECK-NEXT: [D] panics again
// CHECK-NEXT: [D] recovered: D: second panic
// CHECK-NEXT: [D] d_work returned 0
// CHECK-NEXT: [A] deferred a_again loop
// CHECK-NEXT: [A] deferred a_again loop
// CHECK-NEXT: [A] deferred a_again loop
// CHECK-NEXT: [A] recovered: A: third panic
// CHECK-NEXT: [A] a_again returned 0
// CHECK-NEXT: [A] deferred a_body
// CHECK-NEXT: [main] all fibers done, recover in main: NULL
// CHECK-NEXT: [main] pending after destroy: 0
// CHECK-NOT:  {{.}}
