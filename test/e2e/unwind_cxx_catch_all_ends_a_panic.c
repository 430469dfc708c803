// A C++ `catch (...)` that ends without rethrowing stops a panic that
// unwinds through it, as if it were recovered there: the panic leaves the
// task's chain (it must not show up in a later report as an earlier panic)
// and its record is freed (asan and valgrind variants). A `catch (...)`
// that rethrows lets the panic go on to the C frame that recovers it.
//
// RUN: %llvmbin/clang++ -c -O2 %S/Inputs/unwind_cxx_catch_all.cpp -o %t.cxx.o
// RUN: %cdefer-cc -O0 %s %t.cxx.o -lstdc++ -o %t.O0
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s %t.cxx.o -lstdc++ -o %t.O2g %}
// RUN: %S/../expect-exit.sh 2 %run %t.O0 > %t.O0.out 2>&1
// RUN: FileCheck %s < %t.O0.out
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g > %t.O2g.out 2>&1 %}
// RUN: %if !sampled %{ FileCheck %s < %t.O2g.out %}
//
// CHECK:      deferred in swallowed
// CHECK-NEXT: swallowed by C++
// CHECK-NEXT: deferred in rethrown
// CHECK-NEXT: recovered after the rethrow: rethrown
// CHECK-NEXT: panic: last
// CHECK-NOT:  panic:
// CHECK:      backtrace of the panic site:

#include <defer.h>
#include <stdio.h>

void cxx_swallow(void (*f)(void));
void cxx_rethrow(void (*f)(void));

static void say(const char *s) { printf("deferred in %s\n", s); }

static void swallowed(void) {
  __attribute__((defer)) say("swallowed");
  panic("swallowed");
}

static void rethrown(void) {
  __attribute__((defer)) say("rethrown");
  panic("rethrown");
}

static void recover_rethrown(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered after the rethrow: %s\n", cdefer_panic_message(p));
}

static void through_rethrow(void) {
  __attribute__((defer)) recover_rethrown();
  cxx_rethrow(rethrown);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  cxx_swallow(swallowed);
  printf("swallowed by C++\n");
  through_rethrow();
  panic("last");
}
