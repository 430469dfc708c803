// One stack between the panic and the recovering frame mixes cdefer frames
// (open-coded and chained), C frames compiled without cdefer (one with
// nothing to clean up, one with __attribute__((cleanup)) variables, built
// with -fexceptions), a cdefer frame with cleanup variables and defers, and
// C++ frames (plain clang++) with destructors and typed catch clauses
// (SPEC.md 3.4). Every cleanup, destructor and deferred call runs exactly
// once, in stack order, innermost frame first; within a cdefer frame the
// cleanup variables run before the frame's deferred calls, as on a normal
// return. The scenario runs twice.
//
// RUN: %llvmbin/clang -c -O2 %S/Inputs/unwind_plain_c_pass_through.c -o %t.pass.o
// RUN: %llvmbin/clang -c -O2 -fexceptions %S/Inputs/unwind_plain_c_cleanup.c -o %t.cleanup.o
// RUN: %llvmbin/clang++ -c -O2 %S/Inputs/unwind_cxx_destructors.cpp -o %t.cxx.o
// RUN: %cdefer-cc -O0 %s %t.pass.o %t.cleanup.o %t.cxx.o -lstdc++ -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s %t.pass.o %t.cleanup.o %t.cxx.o -lstdc++ -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s %t.pass.o %t.cleanup.o %t.cxx.o -lstdc++ -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s %t.pass.o %t.cleanup.o %t.cxx.o -lstdc++ -o %t.O2g && %run %t.O2g | FileCheck %s %}
//
// The same with the non-cdefer frames unoptimised:
// RUN: %llvmbin/clang -c -O0 %S/Inputs/unwind_plain_c_pass_through.c -o %t.pass0.o
// RUN: %llvmbin/clang -c -O0 -fexceptions %S/Inputs/unwind_plain_c_cleanup.c -o %t.cleanup0.o
// RUN: %llvmbin/clang++ -c -O0 %S/Inputs/unwind_cxx_destructors.cpp -o %t.cxx0.o
// RUN: %cdefer-cc -O1 %s %t.pass0.o %t.cleanup0.o %t.cxx0.o -lstdc++ -o %t.O1 && %run %t.O1 | FileCheck %s

#include <defer.h>
#include <stdio.h>

void plain_pass_through(void (*next)(void));
void plain_with_cleanup(void (*next)(void));
void cxx_with_destructors(void (*next)(void));
void cxx_with_catch(void (*next)(void));

static void closer(const char **name) { printf("cleanup %s\n", *name); }
static void say(const char *what) { printf("deferred %s\n", what); }

/* The panic site: a cleanup variable and a defer. */
__attribute__((noinline)) void boom(void) {
  __attribute__((cleanup(closer))) const char *local = "boom local";
  __attribute__((defer)) say("boom");
  printf("boom panics\n");
  panic("mixed stack");
}

/* cdefer, chained stack records (nine sites, one printing). */
static void nothing(void) {}
#define QUIET __attribute__((defer)) nothing();
__attribute__((noinline)) void step_c(void) {
  QUIET QUIET QUIET QUIET
  __attribute__((defer)) say("step_c (stack record)");
  QUIET QUIET QUIET QUIET
  cxx_with_catch(boom);
  printf("NOT REACHED step_c\n");
}

/* cdefer, open-coded, no cleanups. */
__attribute__((noinline)) void step_b(void) {
  __attribute__((defer)) say("step_b 1");
  __attribute__((defer)) say("step_b 2");
  plain_pass_through(step_c);
  printf("NOT REACHED step_b\n");
}

/* cdefer frame with cleanup variables in two scopes and defers in both. */
__attribute__((noinline)) void step_a(void) {
  __attribute__((cleanup(closer))) const char *outer = "step_a outer";
  __attribute__((defer)) say("step_a outer");
  {
    __attribute__((cleanup(closer))) const char *inner = "step_a inner";
    __attribute__((defer)) say("step_a inner");
    plain_with_cleanup(step_b);
    printf("NOT REACHED step_a %s\n", inner);
  }
  printf("NOT REACHED step_a %s\n", outer);
}

static void recoverer(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "(null)");
}

__attribute__((noinline)) int top(void) {
  __attribute__((cleanup(closer))) const char *mine = "top";
  __attribute__((defer)) say("top");
  __attribute__((defer)) recoverer();
  cxx_with_destructors(step_a);
  printf("NOT REACHED top\n");
  return 1;
}

int main(void) {
  for (int round = 1; round <= 2; round++) {
    printf("round %d\n", round);
    printf("top returned %d\n", top());
  }
  printf("done\n");
  return 0;
}

// CHECK:      round 1
// CHECK-NEXT: construct cxx outer
// CHECK-NEXT: construct cxx inner
// CHECK-NEXT: plain_with_cleanup enter
// CHECK-NEXT: plain_pass_through calls next
// CHECK-NEXT: construct cxx catch guard
// CHECK-NEXT: construct cxx in try
// CHECK-NEXT: boom panics
// CHECK-NEXT: cleanup boom local
// CHECK-NEXT: deferred boom
// CHECK-NEXT: destructor cxx in try
// CHECK-NEXT: destructor cxx catch guard
// CHECK-NEXT: deferred step_c (stack record)
// CHECK-NEXT: deferred step_b 2
// CHECK-NEXT: deferred step_b 1
// CHECK-NEXT: cleanup plain inner
// CHECK-NEXT: cleanup plain outer
// CHECK-NEXT: cleanup step_a inner
// CHECK-NEXT: cleanup step_a outer
// CHECK-NEXT: deferred step_a inner
// CHECK-NEXT: deferred step_a outer
// CHECK-NEXT: destructor cxx inner
// CHECK-NEXT: destructor cxx outer
// CHECK-NEXT: cleanup top
// CHECK-NEXT: recovered: mixed stack
// CHECK-NEXT: deferred top
// CHECK-NEXT: top returned 0
// CHECK-NEXT: round 2
// CHECK-NEXT: construct cxx outer
// CHECK-NEXT: construct cxx inner
// CHECK-NEXT: plain_with_cleanup enter
// CHECK-NEXT: plain_pass_through calls next
// CHECK-NEXT: construct cxx catch guard
// CHECK-NEXT: construct cxx in try
// CHECK-NEXT: boom panics
// CHECK-NEXT: cleanup boom local
// CHECK-NEXT: deferred boom
// CHECK-NEXT: destructor cxx in try
// CHECK-NEXT: destructor cxx catch guard
// CHECK-NEXT: deferred step_c (stack record)
// CHECK-NEXT: deferred step_b 2
// CHECK-NEXT: deferred step_b 1
// CHECK-NEXT: cleanup plain inner
// CHECK-NEXT: cleanup plain outer
// CHECK-NEXT: cleanup step_a inner
// CHECK-NEXT: cleanup step_a outer
// CHECK-NEXT: deferred step_a inner
// CHECK-NEXT: deferred step_a outer
// CHECK-NEXT: destructor cxx inner
// CHECK-NEXT: destructor cxx outer
// CHECK-NEXT: cleanup top
// CHECK-NEXT: recovered: mixed stack
// CHECK-NEXT: deferred top
// CHECK-NEXT: top returned 0
// CHECK-NEXT: done
// CHECK-NOT:  {{.}}
