// A fiber may be switched out from inside a deferred call and resumed later
// (SPEC.md 3.8): during a normal return and during a panic, from an
// open-coded deferred call, from a deferred call of a chained stack record
// and of a pooled record, and from a deferred block. While it is switched
// out, other fibers run (and switch out of their own deferred calls); when
// it is resumed, the rest of its frame's deferred calls run in LIFO order,
// on its own task, and the panic continues to the frame that recovers it.
// The main thread's own task does the same: it panics, and a deferred call
// of that panic runs the scheduler; every fiber panics and recovers its own
// panic while main's is in flight, and when the fibers are done main's
// remaining deferred calls run, the last one recovering main's panic. Deferred calls record their
// order in each fiber's log, printed at the end.
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

struct log {
  char text[512];
};

static struct log logs[3];

/* Appends to the running fiber's log; checks the fiber's task is current. */
static void note(const char *what) {
  struct fiber *self = fiber_self();
  if (self == NULL || cdefer_task_current() != self->task) {
    printf("BAD: %s runs on the wrong task\n", what);
    return;
  }
  struct log *l = &logs[self->index];
  strncat(l->text, what, sizeof l->text - strlen(l->text) - 2);
  strcat(l->text, " ");
}

static void mark(const char *what) { note(what); }

/* Deferred: notes, switches out, notes again when resumed. */
static void switching(const char *what) {
  char buf[64];
  snprintf(buf, sizeof buf, "%s(", what);
  note(buf);
  printf("[%s] switches out of deferred %s\n", fiber_name(), what);
  fiber_yield();
  printf("[%s] resumed in deferred %s\n", fiber_name(), what);
  snprintf(buf, sizeof buf, ")%s", what);
  note(buf);
}

/* Deferred block's helper: switches out, without a log entry of its own. */
static void block_yield(void) {
  printf("[%s] switches out of a deferred block\n", fiber_name());
  fiber_yield();
  printf("[%s] resumed in a deferred block\n", fiber_name());
}

static void catcher(void) {
  const cdefer_panic_t *p = recover();
  char buf[96];
  snprintf(buf, sizeof buf, "recovered[%s]", p ? cdefer_panic_message(p) : "NULL");
  note(buf);
}

/* Open-coded, normal return. */
__attribute__((noinline)) int open_return(void) {
  __attribute__((defer)) mark("o1");
  __attribute__((defer)) switching("o2");
  __attribute__((defer)) mark("o3");
  return 5;
}

/* Chained stack records (nine sites), normal return. */
__attribute__((noinline)) void stacked_return(void) {
  __attribute__((defer)) mark("s1");
  __attribute__((defer)) mark("s2");
  __attribute__((defer)) mark("s3");
  __attribute__((defer)) switching("s4");
  __attribute__((defer)) mark("s5");
  __attribute__((defer)) mark("s6");
  __attribute__((defer)) mark("s7");
  __attribute__((defer)) mark("s8");
  __attribute__((defer)) mark("s9");
}

/* Pooled records, normal return; the middle one switches. */
__attribute__((noinline)) void pooled_return(void) {
  static const char *const names[] = {"p0", "p1", "p2"};
  for (int i = 0; i < 3; i++) {
    if (i == 1)
      __attribute__((defer)) switching(names[i]);
    else
      __attribute__((defer)) mark(names[i]);
  }
}

/* Open-coded, during a panic: the deferred block switches. */
__attribute__((noinline)) void open_panic(void) {
  __attribute__((defer)) mark("q1");
  __attribute__((defer)) {
    note("qblock(");
    block_yield();
    note(")qblock");
  }
  __attribute__((defer)) mark("q3");
  panic("%s open-coded panic", fiber_name());
}

/* Chained (pooled and stack records) during a panic, recovers. */
__attribute__((noinline)) int chained_panic(void) {
  __attribute__((defer)) catcher();
  __attribute__((defer)) switching("c1");
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) switching(i == 0 ? "cl0" : "cl1");
  open_panic();
  return 1;
}

static void body(void *arg) {
  (void)arg;
  note("start");
  int r = open_return();
  note(r == 5 ? "ret5" : "BADret");
  stacked_return();
  note("afterS");
  pooled_return();
  note("afterP");
  r = chained_panic();
  note(r == 0 ? "ret0" : "BADret");
}

static void run_fibers(void) {
  if (cdefer_task_current() != NULL)
    printf("BAD: main's deferred call runs on a fiber's task\n");
  fiber_run();
  printf("[main] fibers done\n");
}

/* Runs after run_fibers: destroys the finished fibers, prints the logs. */
static void main_last(struct fiber **f) {
  printf("[main] last deferred call, task %s\n",
         cdefer_task_current() == NULL ? "own" : "BAD");
  size_t pending = 0;
  for (int i = 0; i < 3; i++)
    pending += fiber_destroy(f[i]);
  printf("[main] pending after destroy: %zu\n", pending);
  for (int i = 0; i < 3; i++)
    printf("log %c: %s\n", 'A' + i, logs[i].text);
}

static void main_catcher(void) {
  const cdefer_panic_t *p = recover();
  printf("[main] recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

/* Chained (a loop); panics, and the scheduler runs during the panic. */
__attribute__((noinline)) int main_work(struct fiber **f) {
  __attribute__((defer)) main_catcher();
  for (int i = 0; i < 1; i++)
    __attribute__((defer)) main_last(f);
  __attribute__((defer)) run_fibers();
  printf("[main] panics; the scheduler runs in a deferred call\n");
  panic("main's panic");
  return 1;
}

int main(void) {
  struct fiber *f[3];
  f[0] = fiber_spawn("A", body, NULL);
  f[1] = fiber_spawn("B", body, NULL);
  f[2] = fiber_spawn("C", body, NULL);
  printf("[main] main_work returned %d\n", main_work(f));
  return 0;
}

// CHECK:      [main] panics; the scheduler runs in a deferred call
// CHECK-NEXT: [A] switches out of deferred o2
// CHECK-NEXT: [B] switches out of deferred o2
// CHECK-NEXT: [C] switches out of deferred o2
// CHECK-NEXT: [A] resumed in deferred o2
// CHECK-NEXT: [A] switches out of deferred s4
// CHECK-NEXT: [B] resumed in deferred o2
// CHECK-NEXT: [B] switches out of deferred s4
// CHECK-NEXT: [C] resumed in deferred o2
// CHECK-NEXT: [C] switches out of deferred s4
// CHECK-NEXT: [A] resumed in deferred s4
// CHECK-NEXT: [A] switches out of deferred p1
// CHECK-NEXT: [B] resumed in deferred s4
// CHECK-NEXT: [B] switches out of deferred p1
// CHECK-NEXT: [C] resumed in deferred s4
// CHECK-NEXT: [C] switches out of deferred p1
// CHECK-NEXT: [A] resumed in deferred p1
// CHECK-NEXT: [A] switches out of a deferred block
// CHECK-NEXT: [B] resumed in deferred p1
// CHECK-NEXT: [B] switches out of a deferred block
// CHECK-NEXT: [C] resumed in deferred p1
// CHECK-NEXT: [C] switches out of a deferred block
// CHECK-NEXT: [A] resumed in a deferred block
// CHECK-NEXT: [A] switches out of deferred cl1
// CHECK-NEXT: [B] resumed in a deferred block
// CHECK-NEXT: [B] switches out of deferred cl1
// CHECK-NEXT: [C] resumed in a deferred block
// CHECK-NEXT: [C] switches out of deferred cl1
// CHECK-NEXT: [A] resumed in deferred cl1
// CHECK-NEXT: [A] switches out of deferred cl0
// CHECK-NEXT: [B] resumed in deferred cl1
// CHECK-NEXT: [B] switches out of deferred cl0
// CHECK-NEXT: [C] resumed in deferred cl1
// CHECK-NEXT: [C] switches out of deferred cl0
// CHECK-NEXT: [A] resumed in deferred cl0
// CHECK-NEXT: [A] switches out of deferred c1
// CHECK-NEXT: [B] resumed in deferred cl0
// CHECK-NEXT: [B] switches out of deferred c1
// CHECK-NEXT: [C] resumed in deferred cl0
// CHECK-NEXT: [C] switches out of deferred c1
// CHECK-NEXT: [A] resumed in deferred c1
// CHECK-NEXT: [B] resumed in deferred c1
// CHECK-NEXT: [C] resumed in deferred c1
// CHECK-NEXT: [main] fibers done
// CHECK-NEXT: [main] last deferred call, task own
// CHECK-NEXT: [main] pending after destroy: 0
// CHECK-NEXT: log A: start o3 o2( )o2 o1 ret5 s9 s8 s7 s6 s5 s4( )s4 s3 s2 s1 afterS p2 p1( )p1 p0 afterP q3 qblock( )qblock q1 cl1( )cl1 cl0( )cl0 c1( )c1 recovered[A open-coded panic] ret0 {{$}}
// CHECK-NEXT: log B: start o3 o2( )o2 o1 ret5 s9 s8 s7 s6 s5 s4( )s4 s3 s2 s1 afterS p2 p1( )p1 p0 afterP q3 qblock( )qblock q1 cl1( )cl1 cl0( )cl0 c1( )c1 recovered[B open-coded panic] ret0 {{$}}
// CHECK-NEXT: log C: start o3 o2( )o2 o1 ret5 s9 s8 s7 s6 s5 s4( )s4 s3 s2 s1 afterS p2 p1( )p1 p0 afterP q3 qblock( )qblock q1 cl1( )cl1 cl0( )cl0 c1( )c1 recovered[C open-coded panic] ret0 {{$}}
// CHECK-NEXT: [main] recovered: main's panic
// CHECK-NEXT: [main] main_work returned 0
// CHECK-NOT:  {{.}}
