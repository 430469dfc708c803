/* chain.c - the defer chain: the ABI entry points that generated code calls.
 *
 * Each task keeps its pending chained defers in a singly linked list, newest
 * first (task->defers). A function with chained defers pushes one record per
 * executed defer statement and, at its single exit, calls
 * __cdefer_run_frame with its frame identity to run its own records.
 *
 * Invariants:
 *  - A record is pushed on the chain of the task executing the defer
 *    statement and on no other.
 *  - Records of one frame are contiguous at the head of the chain when that
 *    frame returns: every younger frame has already run (or, during a panic,
 *    had run for it) its own records.
 *  - A record is unlinked - head moved past it, link cleared - before its
 *    thunk runs, so the thunk may push and run records of its own, and the
 *    chain is consistent if the thunk never returns.
 *  - A pooled record goes back to the pool of the task it was popped from,
 *    only after its thunk has returned. Stack records are never pooled.
 */
#include "internal.h"

#include <string.h>

void __cdefer_push(struct __cdefer_record *rec) {
  struct cdefer_task *task = cdefer_current_task();
  if (__builtin_expect(cdefer_checking, 0))
    cdefer_check_push(task, rec);
  rec->link = task->defers;
  task->defers = rec;
}

struct __cdefer_record *__cdefer_alloc_record(size_t payload_size) {
  struct __cdefer_record *rec =
      cdefer_pool_get(cdefer_current_task(), payload_size);
  rec->flags = CDEFER_RECORD_POOLED;
  return rec;
}

/* The current task, read anew. Inlined, the compiler would compute the
 * thread-local's address once per function; after a deferred call the
 * calling fiber may be running on another thread. */
static __attribute__((noinline)) struct cdefer_task *current_task_now(void) {
  return cdefer_current_task();
}

/* Pops the head of the current task's chain if it belongs to frame. The task
 * is looked up anew for every record: a deferred call may switch tasks, or
 * move the fiber to another thread. */
static struct __cdefer_record *pop_frame_record(void *frame,
                                                struct cdefer_task **from) {
  struct cdefer_task *task = current_task_now();
  struct __cdefer_record *rec = task->defers;
  if (rec == NULL || rec->frame != frame)
    return NULL;
  if (__builtin_expect(cdefer_checking, 0))
    cdefer_check_record("popped to run", task, rec);
  task->defers = rec->link;
  rec->link = NULL;
  *from = task;
  return rec;
}

/* Makes a deferred call as on a normal return (exc NULL) or for exc. */
static bool call(cdefer_thunk_t run, void *payload, void *exc) {
  if (exc == NULL) {
    struct cdefer_deferred_frame unused;
    run(payload, &unused);
    return false;
  }
  return __cdefer_call_deferred(run, payload, exc);
}

/* Runs one popped record. A pooled record's payload is first copied to
 * this frame and the record returned to the pool, so that a deferred call
 * that panics leaves no record behind. Returns true if the call recovered
 * the panic of exc. */
static bool run_record(struct cdefer_task *task, struct __cdefer_record *rec,
                       void *exc) {
  cdefer_thunk_t run = rec->run;
  if (!(rec->flags & CDEFER_RECORD_POOLED))
    return call(run, rec->payload, exc);
  if (__builtin_expect(rec->size_class == 0, 1)) {
    /* The smallest class, most deferred calls: a copy of known size. */
    _Alignas(16) unsigned char copy[CDEFER_POOL_MIN_SIZE -
                                    sizeof(struct __cdefer_record)];
    memcpy(copy, rec->payload, sizeof copy);
    cdefer_pool_put(task, rec);
    return call(run, copy, exc);
  }
  size_t size = cdefer_pool_payload_capacity(rec);
  if (size == 0) {
    /* Too large for a size class: the record is freed after the call (and
     * leaked if the call unwinds; see docs/limits.md). */
    bool recovered = call(run, rec->payload, exc);
    cdefer_pool_put(task, rec);
    return recovered;
  }
  unsigned char *copy = __builtin_alloca_with_align(size, 128);
  memcpy(copy, rec->payload, size);
  cdefer_pool_put(task, rec);
  return call(run, copy, exc);
}

static bool run_frame(void *frame, void *exc) {
  struct cdefer_task *task;
  struct __cdefer_record *rec;
  bool recovered = false;
  while ((rec = pop_frame_record(frame, &task)) != NULL)
    if (run_record(task, rec, exc)) {
      /* The rest of the frame's deferred calls run as on a normal return. */
      recovered = true;
      exc = NULL;
    }
  return recovered;
}

void __cdefer_run_frame(void *frame) { run_frame(frame, NULL); }

bool __cdefer_run_frame_unwinding(void *frame, void *exc) {
  return run_frame(frame, exc);
}
