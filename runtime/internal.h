/* internal.h - the runtime's shared definitions.
 *
 * Owns the layout of a defer record (the ABI of docs/design.md section 5,
 * which generated code relies on byte for byte), the per-task state, and the
 * prototypes that tie the runtime's files together.
 *
 * Invariants kept by everyone who includes this file:
 *  - A record is linked into at most one chain, the defer chain of the task
 *    that pushed it, and only while its deferred call is pending. It is
 *    unlinked (head moved past it, link set to NULL) before its thunk runs and
 *    before its memory is reused or freed.
 *  - A task's chains and pool are touched only by code running on that task.
 *  - Only the public API (defer.h) and the __cdefer_* ABI have default
 *    visibility; everything declared here with CDEFER_HIDDEN stays inside the
 *    library.
 */
#ifndef CDEFER_RUNTIME_INTERNAL_H
#define CDEFER_RUNTIME_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "defer.h"

#include <unwind.h>

#define CDEFER_HIDDEN __attribute__((visibility("hidden")))
#define CDEFER_ABI __attribute__((visibility("default")))

/* --- The defer record (ABI) --------------------------------------------- */

#define CDEFER_RECORD_POOLED 1u

/* A record pushed by generated code. Stack records are initialised by the
 * caller (frame, run, flags = 0; size_class is not read). Pooled records come
 * from __cdefer_alloc_record with flags = CDEFER_RECORD_POOLED. */
struct __cdefer_record {
  struct __cdefer_record *link; /* older record of the same task */
  void *frame;                  /* identity of the pushing frame */
  void (*run)(void *payload);   /* thunk making the deferred call */
  uint32_t flags;               /* CDEFER_RECORD_* */
  uint32_t size_class;          /* pool bookkeeping, pooled records only */
  _Alignas(16) unsigned char payload[];
};

_Static_assert(sizeof(void *) == 8, "cdefer supports 64-bit targets only");
_Static_assert(offsetof(struct __cdefer_record, link) == 0, "ABI");
_Static_assert(offsetof(struct __cdefer_record, frame) == 8, "ABI");
_Static_assert(offsetof(struct __cdefer_record, run) == 16, "ABI");
_Static_assert(offsetof(struct __cdefer_record, flags) == 24, "ABI");
_Static_assert(offsetof(struct __cdefer_record, size_class) == 28, "ABI");
_Static_assert(offsetof(struct __cdefer_record, payload) == 32, "ABI");
_Static_assert(sizeof(struct __cdefer_record) == 32, "ABI");
_Static_assert(_Alignof(struct __cdefer_record) == 16, "ABI");

CDEFER_ABI void __cdefer_push(struct __cdefer_record *rec);
CDEFER_ABI struct __cdefer_record *__cdefer_alloc_record(size_t payload_size);
CDEFER_ABI void __cdefer_run_frame(void *frame);
/* Landing-pad entry points: exc is the exception the landing pad caught.
 * They return true if a deferred call recovered that panic; the landing pad
 * then returns normally instead of resuming. */
CDEFER_ABI bool __cdefer_call_deferred(void (*thunk)(void *), void *payload,
                                       void *exc);
CDEFER_ABI bool __cdefer_run_frame_unwinding(void *frame, void *exc);

/* --- Panics ------------------------------------------------------------- */

enum {
  CDEFER_PANIC_USER = 0,        /* cdefer_panic() */
  CDEFER_PANIC_THREAD_EXIT = 1, /* pthread_exit(): runs defers, no recover */
};

#define CDEFER_BACKTRACE_MAX 64

struct cdefer_panic {
  struct _Unwind_Exception exception; /* first: the unwinder's object */
  struct cdefer_panic *link;          /* older panic of the same task */
  struct cdefer_task *task;           /* the task that raised it */
  uint32_t kind;                      /* CDEFER_PANIC_* */
  bool recovered;                     /* recover() returned it */
  bool aborted;                       /* a newer panic unwound its call */
  /* Canonical frame address of run_deferred while a deferred call runs for
   * this panic, else 0 (unwind.c). */
  uintptr_t call_cfa;
  char *message; /* inline_message or a heap copy for long messages */
  char inline_message[128];
  uintptr_t site_cfa;       /* CFA of cdefer_panic: frames above it are
                               recorded */
  uintptr_t last_frame_cfa; /* of the last frame recorded */
  unsigned nframes;
  void *frames[CDEFER_BACKTRACE_MAX]; /* return addresses at the panic site */
  void *thread_exit_value;            /* CDEFER_PANIC_THREAD_EXIT */
  /* Where the unwind ended when that was a frame without unwind tables
   * rather than the end of the stack (for the report), else NULL. */
  void *stopped_at;
};

/* --- The record pool ---------------------------------------------------- */

/* Size classes by total record size (header + payload): 64 << i bytes. */
#define CDEFER_POOL_NCLASSES 5
#define CDEFER_POOL_MIN_SIZE 64u
/* Records of a class kept on a free list at most; more go back to free(). */
#define CDEFER_POOL_CAP 64u
/* size_class of a record too large for any class: malloc'd and freed. */
#define CDEFER_NO_SIZE_CLASS UINT32_MAX

/* Free lists are chained through the records' link fields. */
struct cdefer_pool {
  struct __cdefer_record *free[CDEFER_POOL_NCLASSES];
  uint32_t cached[CDEFER_POOL_NCLASSES];
};

/* --- Tasks -------------------------------------------------------------- */

/* Checking mode: a set of pointers (check.c). */
struct cdefer_check_set {
  const void **slots;
  size_t capacity, used;
};

struct cdefer_task {
  struct __cdefer_record *defers; /* newest pending defer, or NULL */
  struct cdefer_panic *panics;    /* newest panic, or NULL */
  struct cdefer_pool pool;
  /* True when someone will drain the pool before the task's memory goes
   * away: for a thread's default task the thread-exit hook (disarmed again
   * once it has run), for any other task its owner. The pool caches no
   * record while this is false. */
  bool pool_reclaim_armed;
  /* Checking mode only (check.c): the task's stack, if known, the pooled
   * records it has handed out, and the registry of all tasks. */
  uintptr_t stack_lo, stack_hi;
  struct cdefer_check_set check_pooled;
  struct cdefer_task *check_next;
};

/* The calling thread's current task. Starts as the thread's default task
 * (a _Thread_local struct); a fiber API may point it elsewhere. */
CDEFER_HIDDEN extern _Thread_local struct cdefer_task *cdefer_tls_task;

CDEFER_HIDDEN struct cdefer_task *cdefer_task_attach_default(void);
/* Arms the thread-exit hook that drains the default task's pool. Returns
 * false if it could not be armed (the pool must then not cache). */
CDEFER_HIDDEN bool cdefer_task_arm_reclaim(struct cdefer_task *task);

static inline struct cdefer_task *cdefer_current_task(void) {
  struct cdefer_task *task = cdefer_tls_task;
  if (__builtin_expect(task == NULL, 0))
    task = cdefer_task_attach_default();
  return task;
}

/* --- Pool operations (pool.c) ------------------------------------------- */

/* A record with room for payload_size bytes: link, frame and run NULL, flags
 * CDEFER_RECORD_POOLED. Never NULL; out of memory is fatal. */
CDEFER_HIDDEN struct __cdefer_record *cdefer_pool_get(struct cdefer_task *task,
                                                      size_t payload_size);
/* Returns a record from cdefer_pool_get, already unlinked (link == NULL). */
CDEFER_HIDDEN void cdefer_pool_put(struct cdefer_task *task,
                                   struct __cdefer_record *rec);
/* Payload bytes a pooled record has room for; 0 for an unclassed one. */
CDEFER_HIDDEN size_t
cdefer_pool_payload_capacity(const struct __cdefer_record *rec);
/* Frees every cached record of the task's pool. */
CDEFER_HIDDEN void cdefer_pool_drain(struct cdefer_task *task);

/* --- Panics (panic.c, unwind.c, report.c) ------------------------------- */

/* A new panic of the given kind, linked at the head of task's chain. */
CDEFER_HIDDEN struct cdefer_panic *cdefer_panic_new(struct cdefer_task *task,
                                                    uint32_t kind);
CDEFER_HIDDEN void cdefer_panic_free(struct cdefer_panic *p);
CDEFER_HIDDEN void cdefer_exception_init(struct cdefer_panic *p);
/* Unwinds the stack for p. Never returns. */
CDEFER_HIDDEN _Noreturn void cdefer_start_unwind(struct cdefer_panic *p);
/* Unlinks and frees a panic that foreign code caught and ended. */
CDEFER_HIDDEN void cdefer_panic_forget(struct cdefer_task *task,
                                       struct cdefer_panic *p);
/* Unlinks and frees a recovered panic and the aborted panics below it. */
CDEFER_HIDDEN void cdefer_finish_recovered(struct cdefer_task *task,
                                           struct cdefer_panic *p);
/* Writes the report of an unrecovered panic and exits with status 2 (or
 * ends the thread, for a thread exit). */
CDEFER_HIDDEN _Noreturn void cdefer_die_unrecovered(struct cdefer_panic *p);
CDEFER_HIDDEN bool cdefer_on_signal_stack(void);
/* Ends the thread after a thread-exit unwind reached the end of its stack. */
CDEFER_HIDDEN _Noreturn void cdefer_thread_exit_finish(struct cdefer_panic *p);

/* --- Checking mode (check.c) ------------------------------------------- */

/* True when CDEFER_CHECK is set (to anything but "" or "0"). */
CDEFER_HIDDEN extern bool cdefer_checking;
CDEFER_HIDDEN void cdefer_check_register(struct cdefer_task *task,
                                         bool thread_stack);
CDEFER_HIDDEN void cdefer_check_unregister(struct cdefer_task *task);
CDEFER_HIDDEN void cdefer_check_record(const char *what,
                                       struct cdefer_task *task,
                                       const struct __cdefer_record *rec);
CDEFER_HIDDEN void cdefer_check_push(struct cdefer_task *task,
                                     const struct __cdefer_record *rec);
CDEFER_HIDDEN void cdefer_check_pool_get(struct cdefer_task *task,
                                         const struct __cdefer_record *rec);
CDEFER_HIDDEN void cdefer_check_pool_put(struct cdefer_task *task,
                                         const struct __cdefer_record *rec);
CDEFER_HIDDEN void cdefer_check_panic(struct cdefer_task *task);

/* --- Errors ------------------------------------------------------------- */

/* Prints "cdefer: fatal error: MESSAGE" to stderr and calls abort(), so that
 * a core dump or a debugger shows where the runtime gave up. */
CDEFER_HIDDEN _Noreturn void cdefer_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif /* CDEFER_RUNTIME_INTERNAL_H */
