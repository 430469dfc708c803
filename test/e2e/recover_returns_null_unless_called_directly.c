// recover() returns NULL everywhere except directly in a deferred call run
// because of the panic (SPEC.md 3.5): not when nothing is panicking, not in
// a deferred call run by a normal return, not in a function that a deferred
// function (or a deferred block) calls -- even when that call is the
// deferred function's last statement (a tail-call shape that -O2 could turn
// into a jump) or the callee is small enough to inline -- not in a deferred
// call run by a deferred function's own return, and not a second time once
// the panic was recovered. A panic that was not recovered keeps unwinding
// and the guard frame above recovers it. A deferred call in a frame further
// down that recovers makes that frame return normally to its caller, which
// then continues as if nothing happened.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O1 %s -o %t.O1 && %run %t.O1 | FileCheck %s
// RUN: %cdefer-cc -O3 %s -o %t.O3 && %run %t.O3 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s

#include <defer.h>
#include <stdio.h>

static void report(const char *who, const cdefer_panic_t *p) {
  printf("%s: %s\n", who, p ? cdefer_panic_message(p) : "NULL");
}

static void guard_recover(void) { report("  guard", recover()); }

static void run_guarded(const char *name, void (*fn)(void)) {
  printf("%s\n", name);
  __attribute__((defer)) guard_recover();
  fn();
  printf("  %s returned\n", name);
}

/* --- Not panicking, normal return ------------------------------------- */

static void rec_normal(void) { report("  normal return", recover()); }

static void case_normal_return(void) {
  __attribute__((defer)) rec_normal();
  printf("  body\n");
}

/* --- A helper called by the deferred function -------------------------- */

__attribute__((noinline)) void helper_noinline(const char *who) {
  report(who, recover());
}

static void calls_helper(void) {
  helper_noinline("  helper");
  printf("  calls_helper after helper\n");
}

static void case_helper(void) {
  __attribute__((defer)) calls_helper();
  panic("not for helpers");
}

/* Tail-call shaped: the deferred function's only statement is the call. */
__attribute__((noinline)) void tail_target(void) {
  const cdefer_panic_t *p = recover();
  report("  tail-call helper", p);
}

void tail_shaped(void) { tail_target(); }

static void case_tail_shaped(void) {
  __attribute__((defer)) tail_shaped();
  panic("not for tail-called helpers");
}

/* Tail-call shaped and the helper is small and static: it may be inlined
 * into the deferred function, and must still not recover. */
static void inlinable_target(void) { report("  inlinable helper", recover()); }

static void inline_shaped(void) { inlinable_target(); }

static void case_inline_shaped(void) {
  __attribute__((defer)) inline_shaped();
  panic("not for inlined helpers");
}

/* Through a function pointer, in tail position. */
static void (*volatile target_ptr)(void) = tail_target;
static void pointer_shaped(void) { target_ptr(); }

static void case_pointer_shaped(void) {
  __attribute__((defer)) pointer_shaped();
  panic("not through a pointer in tail position");
}

/* --- A helper called by a deferred block -------------------------------- */

static void case_block_helper(void) {
  __attribute__((defer)) { helper_noinline("  block's helper"); }
  __attribute__((defer)) { inlinable_target(); }
  panic("not for a block's helpers");
}

/* --- A deferred call run by a deferred function's return ---------------- */

static void rec_nested(void) { report("  nested deferred call", recover()); }

static void defers_a_recover(void) {
  __attribute__((defer)) rec_nested();
  printf("  defers_a_recover body\n");
}

static void case_nested_deferred(void) {
  __attribute__((defer)) defers_a_recover();
  panic("not for nested deferred calls");
}

/* --- Recovering twice ---------------------------------------------------- */

static void rec_twice(void) {
  report("  first recover", recover());
  report("  second recover", recover());
}

static void case_twice(void) {
  __attribute__((defer)) rec_normal(); /* runs after recovery: NULL */
  __attribute__((defer)) rec_twice();
  panic("only once");
}

/* --- A frame further down recovers ---------------------------------------- */

static void rec_lower(void) { report("  lower frame", recover()); }

__attribute__((noinline)) int lower(void) {
  __attribute__((defer)) rec_lower();
  panic("recovered below");
}

static void rec_upper(void) { report("  upper frame (normal return)", recover()); }

static void case_lower_frame(void) {
  __attribute__((defer)) rec_upper();
  int r = lower();
  printf("  lower returned %d, caller continues\n", r);
}

int main(void) {
  report("not panicking", recover());
  run_guarded("normal return", case_normal_return);
  run_guarded("helper", case_helper);
  run_guarded("tail shaped", case_tail_shaped);
  run_guarded("inline shaped", case_inline_shaped);
  run_guarded("pointer shaped", case_pointer_shaped);
  run_guarded("block helper", case_block_helper);
  run_guarded("nested deferred", case_nested_deferred);
  run_guarded("twice", case_twice);
  run_guarded("lower frame", case_lower_frame);
  report("not panicking any more", recover());
  printf("done\n");
  return 0;
}

// CHECK:      not panicking: NULL
// CHECK-NEXT: normal return
// CHECK-NEXT:   body
// CHECK-NEXT:   normal return: NULL
// CHECK-NEXT:   normal return returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: helper
// CHECK-NEXT:   helper: NULL
// CHECK-NEXT:   calls_helper after helper
// CHECK-NEXT:   guard: not for helpers
// CHECK-NEXT: tail shaped
// CHECK-NEXT:   tail-call helper: NULL
// CHECK-NEXT:   guard: not for tail-called helpers
// CHECK-NEXT: inline shaped
// CHECK-NEXT:   inlinable helper: NULL
// CHECK-NEXT:   guard: not for inlined helpers
// CHECK-NEXT: pointer shaped
// CHECK-NEXT:   tail-call helper: NULL
// CHECK-NEXT:   guard: not through a pointer in tail position
// CHECK-NEXT: block helper
// CHECK-NEXT:   inlinable helper: NULL
// CHECK-NEXT:   block's helper: NULL
// CHECK-NEXT:   guard: not for a block's helpers
// CHECK-NEXT: nested deferred
// CHECK-NEXT:   defers_a_recover body
// CHECK-NEXT:   nested deferred call: NULL
// CHECK-NEXT:   guard: not for nested deferred calls
// CHECK-NEXT: twice
// CHECK-NEXT:   first recover: only once
// CHECK-NEXT:   second recover: NULL
// CHECK-NEXT:   normal return: NULL
// CHECK-NEXT:   twice returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: lower frame
// CHECK-NEXT:   lower frame: recovered below
// CHECK-NEXT:   lower returned 0, caller continues
// CHECK-NEXT:   upper frame (normal return): NULL
// CHECK-NEXT:   lower frame returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: not panicking any more: NULL
// CHECK-NEXT: done
// CHECK-NOT:  {{.}}
