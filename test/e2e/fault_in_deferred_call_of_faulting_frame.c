// A deferred call of the faulting frame faults again (a nested fault, made
// while the runtime runs that frame's calls from outside it): the first
// fault is aborted, the frame's remaining deferred calls run for the
// second one, and an older one recovers it; the frame returns what its
// result holds. Also from a caller with pooled records. Nothing of either
// fault is left on the task: the final, unrecovered panic's report has one
// panic line.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %S/../expect-exit.sh 2 %run %t.O0 > %t.O0.out 2> %t.O0.err
// RUN: FileCheck %s < %t.O0.out && FileCheck %s --check-prefix=ERR < %t.O0.err
// RUN: %cdefer-cc -O2 %s -o %t.O2
// RUN: %S/../expect-exit.sh 2 %run %t.O2 > %t.O2.out 2> %t.O2.err
// RUN: FileCheck %s < %t.O2.out && FileCheck %s --check-prefix=ERR < %t.O2.err
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g > %t.O0g.out 2> %t.O0g.err %}
// RUN: %if !sampled %{ FileCheck %s < %t.O0g.out && FileCheck %s --check-prefix=ERR < %t.O0g.err %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g -mllvm -cdefer-max-open-coded=0 %s -o %t.chained %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.chained > %t.chained.out 2> %t.chained.err %}
// RUN: %if !sampled %{ FileCheck %s < %t.chained.out && FileCheck %s --check-prefix=ERR < %t.chained.err %}
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind

#include <defer.h>
#include <stdio.h>

static int *volatile null_pointer;

static void say(const char *s) { printf("%s\n", s); }

static void fault_again(void) {
  say("deferred call faults again");
  *null_pointer = 3;
}

__attribute__((noinline)) static int faults_twice(void) {
  __attribute__((defer)) say("oldest deferred call");
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    printf("recovered: %s\n", cdefer_panic_message(p));
    cdefer_result(int) = 9;
  }
  __attribute__((defer)) fault_again();
  return *null_pointer;
}

__attribute__((noinline)) static int caller(int n) {
  __attribute__((defer)) say("caller's deferred call");
  for (int i = 0; i < n; i++)
    __attribute__((defer)) say("caller's loop");
  return faults_twice() + n;
}

// CHECK:      deferred call faults again
// CHECK-NEXT: recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: oldest deferred call
// CHECK-NEXT: returned 9
// CHECK-NEXT: deferred call faults again
// CHECK-NEXT: recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: oldest deferred call
// CHECK-NEXT: caller's loop
// CHECK-NEXT: caller's loop
// CHECK-NEXT: caller's deferred call
// CHECK-NEXT: caller returned 11
// ERR:        {{^}}panic: final{{$}}
// ERR-EMPTY:
int main(void) {
  cdefer_enable_fault_panics();
  printf("returned %d\n", faults_twice());
  printf("caller returned %d\n", caller(2));
  fflush(stdout);
  panic("final");
}
