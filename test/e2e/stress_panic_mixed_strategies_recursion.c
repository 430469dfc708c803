// Panics through 100-deep recursions whose frames cycle, by depth, through
// the lowerings: open-coded defers (with a conditional site and a block),
// chained stack records (ten sites, some conditional), pooled records (a
// loop running 0 to 3 times, and a block in the loop), and plain frames
// without defers. Every defer statement execution takes a fresh id as its
// argument (evaluated when the defer statement runs), so the whole task's
// pending calls must run in strictly decreasing id order, each id exactly
// once. 600 rounds vary the depth of the panic (1..100) and which frame
// recovers: the top frame, or a deferred call in a frame at some depth, in
// which case that frame returns normally and its callers' defers run on
// their normal returns -- the order is the same either way. A tenth of the
// rounds panic again in a deferred call on the way up.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O1 %s -o %t.O1 && %run %t.O1 | FileCheck %s
// RUN: %cdefer-cc -O3 %s -o %t.O3 && %run %t.O3 | FileCheck %s

#include <defer.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_DEPTH 100
#define MAX_IDS 4096

static int next_id;        /* ids handed out by defer statements */
static int last_run;       /* id of the last deferred call that ran */
static int runs;           /* deferred calls that ran this round */
static unsigned char seen[MAX_IDS];
static int errors;

static int panic_depth;    /* the frame at this depth panics */
static int recover_depth;  /* a deferred call of this frame recovers; -1: top */
static int repanic_depth;  /* a deferred call of this frame panics again; -1 */
static int recoveries;

static int take_id(void) { return next_id++; }

static void ran(int id) {
  if (id < 0 || id >= MAX_IDS || seen[id]) {
    if (errors++ < 10)
      printf("BAD: id %d ran twice or is out of range\n", id);
    return;
  }
  seen[id] = 1;
  if (last_run >= 0 && id >= last_run && errors++ < 10)
    printf("BAD: id %d ran after id %d (not LIFO)\n", id, last_run);
  last_run = id;
  runs++;
}

/* A deferred call that may recover: recover() is called by the deferred
 * function itself. */
static void ran_and_maybe_recover(int id, int depth) {
  ran(id);
  if (depth == recover_depth && recover() != NULL)
    recoveries++;
}

/* A deferred call that may start a second panic. */
static void ran_and_maybe_repanic(int id, int depth) {
  ran(id);
  if (depth == repanic_depth) {
    repanic_depth = -1; /* once */
    panic("again at depth %d", depth);
  }
}

static void level(int depth);

/* Open-coded: three sites, one conditional, one a block. */
__attribute__((noinline)) void f_open(int depth) {
  __attribute__((defer)) ran_and_maybe_recover(take_id(), depth);
  if (depth % 2)
    __attribute__((defer)) ran(take_id());
  int id = take_id();
  __attribute__((defer)) { ran(id); }
  __attribute__((defer)) ran_and_maybe_repanic(take_id(), depth);
  level(depth + 1);
}

/* Ten sites: chained stack records. */
__attribute__((noinline)) void f_stack(int depth) {
  __attribute__((defer)) ran(take_id());
  __attribute__((defer)) ran_and_maybe_recover(take_id(), depth);
  __attribute__((defer)) ran(take_id());
  if (depth % 3 == 0)
    __attribute__((defer)) ran(take_id());
  __attribute__((defer)) ran(take_id());
  __attribute__((defer)) ran_and_maybe_repanic(take_id(), depth);
  __attribute__((defer)) ran(take_id());
  if (depth % 3 == 1)
    __attribute__((defer)) ran(take_id());
  __attribute__((defer)) ran(take_id());
  __attribute__((defer)) ran(take_id());
  level(depth + 1);
}

/* Pooled: loops running 0..3 times, a block in a loop. */
__attribute__((noinline)) void f_pool(int depth) {
  __attribute__((defer)) ran_and_maybe_recover(take_id(), depth);
  for (int i = 0; i < depth % 4; i++)
    __attribute__((defer)) ran(take_id());
  for (int i = 0; i < 2; i++) {
    int id = take_id();
    __attribute__((defer)) ran(id);
  }
  __attribute__((defer)) ran_and_maybe_repanic(take_id(), depth);
  level(depth + 1);
}

/* No defers. */
__attribute__((noinline)) void f_plain(int depth) { level(depth + 1); }

static void level(int depth) {
  if (depth == panic_depth)
    panic("at depth %d", depth);
  switch (depth % 4) {
  case 0:
    f_open(depth);
    break;
  case 1:
    f_stack(depth);
    break;
  case 2:
    f_pool(depth);
    break;
  default:
    f_plain(depth);
    break;
  }
}

static void rec_top(void) {
  if (recover() != NULL)
    recoveries++;
}

__attribute__((noinline)) void top(void) {
  __attribute__((defer)) rec_top();
  level(0);
}

int main(void) {
  long total = 0;
  int rounds = 600;
  for (int round = 0; round < rounds; round++) {
    panic_depth = 1 + round % MAX_DEPTH;
    /* A third of the rounds recover in a frame at some depth (when that
     * frame has a recovering deferred call), the others at the top. */
    recover_depth = round % 3 == 1 ? (round * 7) % panic_depth : -1;
    repanic_depth = round % 10 == 5 ? (round * 3) % panic_depth : -1;
    next_id = 0;
    last_run = -1;
    runs = 0;
    for (int i = 0; i < MAX_IDS; i++)
      seen[i] = 0;
    int before = recoveries;
    top();
    if (runs != next_id && errors++ < 10)
      printf("BAD: round %d: %d defer statements ran, %d deferred calls ran\n",
             round, next_id, runs);
    if (recoveries == before && errors++ < 10)
      printf("BAD: round %d: nothing recovered\n", round);
    total += runs;
  }
  printf("%d rounds, %ld deferred calls, %d recoveries, %d errors\n", rounds,
         total, recoveries, errors);
  return errors != 0;
}

// CHECK-NOT:  BAD
// CHECK:      600 rounds, {{[0-9]+}} deferred calls, {{[0-9]+}} recoveries, 0 errors
