// Faults in threads and fibers (SPEC.md 3.8-3.10, issue 4 items 3 and 5).
// Threads: four threads fault and recover 2,000 times each at the same time
// (two of them never call cdefer_enable_fault_panics themselves, so their
// fault handler runs without a signal stack of theirs). Fibers: fiber A
// faults with deferred calls pending; a deferred call of A's fault panic
// makes records in a loop (pooled) and yields to B in the middle of the
// panic; B, which has calls pending and a panic of its own in flight,
// faults in a deferred call, recovers that fault in its own fiber, and
// yields back; A recovers its own fault. Every record and panic made on the
// fault path belongs to the fiber that faulted (checked by each deferred
// call here and by the checking mode, which this test also runs in).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 -lpthread && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 -lpthread && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g -lpthread && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g -lpthread && %run %t.O2g | FileCheck %s %}
// RUN: env CDEFER_CHECK=1 %run %t.O2 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained -lpthread && %run %t.chained | FileCheck %s
// The threads alone under ThreadSanitizer:
// RUN: %if !asan %{ %cdefer-cc -fsanitize=thread -O1 -g %s -o %t.tsan -lpthread && env TSAN_OPTIONS=halt_on_error=1 %run %t.tsan threads | FileCheck %s --check-prefix=THREADS %}
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind

#include "Inputs/fiber_sched.h"

#include <defer.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int *volatile null_pointer;

/* --- Threads ------------------------------------------------------------- */

__attribute__((noinline)) static int fault_once(int i) {
  __attribute__((defer)) {
    if (recover() == NULL)
      puts("BAD: a thread's fault was not recovered");
  }
  for (int j = 0; j < (i & 3); j++)
    __attribute__((defer)) {}
  return *null_pointer + i;
}

static void *thread_main(void *arg) {
  long index = (long)arg;
  if (index & 1)
    cdefer_enable_fault_panics(); /* a signal stack for this thread */
  long recovered = 0;
  for (int i = 0; i < 2000; i++)
    recovered += fault_once(i) == 0;
  return (void *)recovered;
}

/* --- Fibers -------------------------------------------------------------- */

static void say(struct fiber *owner, const char *what) {
  fiber_check_owner(owner, what);
  printf("[%s] deferred %s\n", owner->name, what);
}

static void note(struct fiber *owner, int i) {
  fiber_check_owner(owner, "note");
  (void)i;
}

/* Pooled records, made while the fiber's fault panic is in flight. */
__attribute__((noinline)) static void loop_of_records(struct fiber *owner) {
  for (int i = 0; i < 5; i++)
    __attribute__((defer)) note(owner, i);
}

static void a_yields(struct fiber *owner) {
  fiber_check_owner(owner, "a_yields");
  loop_of_records(owner);
  printf("[%s] yields in the middle of its fault\n", owner->name);
  fiber_yield();
  fiber_check_owner(owner, "a_yields");
  printf("[%s] back\n", owner->name);
}

__attribute__((noinline)) static int a_faults(struct fiber *self) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    fiber_check_owner(self, "recover");
    printf("[%s] recovered: %s\n", self->name, cdefer_panic_message(p));
  }
  __attribute__((defer)) a_yields(self);
  __attribute__((defer)) say(self, "before the fault");
  return *null_pointer;
}

static void a_body(void *arg) {
  (void)arg;
  struct fiber *self = fiber_self();
  printf("[A] a_faults returned %d\n", a_faults(self));
}

static void b_deferred_fault(struct fiber *owner) {
  fiber_check_owner(owner, "b_deferred_fault");
  printf("[%s] faults in a deferred call\n", owner->name);
  *null_pointer = 2;
}

__attribute__((noinline)) static int b_work(struct fiber *self) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    fiber_check_owner(self, "recover");
    printf("[%s] recovered: %s\n", self->name, cdefer_panic_message(p));
  }
  __attribute__((defer)) b_deferred_fault(self);
  __attribute__((defer)) say(self, "b_work");
  panic("B: its own panic");
  return 1;
}

static void b_body(void *arg) {
  (void)arg;
  struct fiber *self = fiber_self();
  printf("[B] b_work returned %d\n", b_work(self));
}

// CHECK:      threads: 8000 faults recovered
// CHECK-NEXT: [A] deferred before the fault
// CHECK-NEXT: [A] yields in the middle of its fault
// CHECK-NEXT: [B] deferred b_work
// CHECK-NEXT: [B] faults in a deferred call
// CHECK-NEXT: [B] recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: [B] b_work returned 0
// CHECK-NEXT: [A] back
// CHECK-NEXT: [A] recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: [A] a_faults returned 0
// CHECK-NEXT: fibers done: 0 0
// CHECK-NOT:  BAD
// THREADS:     threads: 8000 faults recovered
// THREADS-NOT: {{.}}
int main(int argc, char **argv) {
  (void)argv;
  if (cdefer_enable_fault_panics() != 0)
    return 1;
  pthread_t threads[4];
  for (long i = 0; i < 4; i++)
    pthread_create(&threads[i], NULL, thread_main, (void *)i);
  long total = 0;
  for (int i = 0; i < 4; i++) {
    void *recovered;
    pthread_join(threads[i], &recovered);
    total += (long)recovered;
  }
  printf("threads: %ld faults recovered\n", total);
  if (argc > 1)
    return 0;

  struct fiber *a = fiber_spawn("A", a_body, NULL);
  struct fiber *b = fiber_spawn("B", b_body, NULL);
  fiber_run();
  size_t pending_a = fiber_destroy(a), pending_b = fiber_destroy(b);
  printf("fibers done: %zu %zu\n", pending_a, pending_b);
  return 0;
}
