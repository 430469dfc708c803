// recover() in a helper returns NULL even when the helper is defined in
// another translation unit, where neither side's compiler can tell that the
// call leads to recover, and the deferred function is tail-call shaped
// (`void f(void) { helper(); }`, a jump at -O2 unless something prevents
// it). A deferred function of the other translation unit that calls
// recover() directly does recover (SPEC.md 3.5). Both files are compiled by
// cdefer-cc.
//
// RUN: %cdefer-cc -O0 -c %S/Inputs/recover_other_tu.c -o %t.other.O0.o
// RUN: %cdefer-cc -O2 -c %S/Inputs/recover_other_tu.c -o %t.other.O2.o
// RUN: %cdefer-cc -O0 %s %t.other.O0.o -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s %t.other.O2.o -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s %t.other.O0.o -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s %t.other.O2.o -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O3 %s %t.other.O2.o -o %t.O3 && %run %t.O3 | FileCheck %s

#include <defer.h>
#include <stdio.h>

void other_tu_recovers(void);
void other_tu_helper(void);
void other_tu_tail_shaped(void);

static void report(const char *who, const cdefer_panic_t *p) {
  printf("%s: %s\n", who, p ? cdefer_panic_message(p) : "NULL");
}

void main_tu_helper(void) { report("  main TU, helper", recover()); }

static void guard_recover(void) { report("  guard", recover()); }

static void run_guarded(const char *name, void (*fn)(void)) {
  printf("%s\n", name);
  __attribute__((defer)) guard_recover();
  fn();
  printf("  %s returned\n", name);
}

/* Deferred here, tail-calls the other TU's helper. */
void tail_to_other_tu(void) { other_tu_helper(); }

static void case_tail_to_other(void) {
  __attribute__((defer)) tail_to_other_tu();
  panic("tail call into the other TU");
}

static void case_tail_from_other(void) {
  __attribute__((defer)) other_tu_tail_shaped();
  panic("tail call from the other TU");
}

static void case_other_recovers(void) {
  __attribute__((defer)) other_tu_recovers();
  panic("deferred function of the other TU");
}

int main(void) {
  run_guarded("tail to other", case_tail_to_other);
  run_guarded("tail from other", case_tail_from_other);
  run_guarded("other recovers", case_other_recovers);
  printf("done\n");
  return 0;
}

// CHECK:      tail to other
// CHECK-NEXT:   other TU, helper: NULL
// CHECK-NEXT:   guard: tail call into the other TU
// CHECK-NEXT: tail from other
// CHECK-NEXT:   main TU, helper: NULL
// CHECK-NEXT:   guard: tail call from the other TU
// CHECK-NEXT: other recovers
// CHECK-NEXT:   other TU, deferred directly: deferred function of the other TU
// CHECK-NEXT:   other recovers returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: done
// CHECK-NOT:  {{.}}
