/* panic.c - panic records, panic and recover.
 *
 * A panic is a struct cdefer_panic whose first member is the Itanium-ABI
 * exception object that landing pads receive (unwind.c). cdefer_panic makes
 * one, links it at the head of the current task's panic chain and starts
 * the panic's walk of the stack, which also records the backtrace of the
 * panic site. The landing pads that the pass gives each function with
 * defers then run that frame's deferred calls through
 * __cdefer_call_deferred (unwind.c).
 *
 * Invariants (they mirror Go's runtime/panic.go):
 *  - A panic is linked only into the panic chain of the task that raised it,
 *    newest first, and is unlinked before its memory is freed.
 *  - recover() succeeds only for the newest panic, only once (it sets
 *    recovered), and only when called directly by the deferred function that
 *    the panic's current deferred-call frame (call_cfa) is running: the
 *    caller is the function the thunk called and its canonical frame
 *    address is the one the thunk recorded (deferred). Code compiled by
 *    the pass passes both; plain cdefer_recover() walks the stack.
 *  - A recovered panic stays on the chain until the deferred call that
 *    recovered it returns; then it, and the aborted panics right below it,
 *    are unlinked and freed (finish_recovered).
 *  - A panic whose deferred call is unwound by a newer panic is aborted: it
 *    stays on the chain for the report and is never resumed.
 *  - A panic is linked only once it is complete (message, site, kind), by a
 *    single store, just before its walk starts. A panic raised while
 *    another is being made - by a signal handler that interrupted
 *    cdefer_panic, or by code that formatting the message called - finds
 *    the chain as it was: the interrupted panic had not happened yet and
 *    never does (its record is freed by a later panic, or with the task,
 *    once it is known to be abandoned: see task->making). A fault while
 *    the message is formatted is the runtime's, and fatal (fault.c), with
 *    a message saying so.
 *  - A thread exit cannot be cancelled (Go's Goexit): when a recovered
 *    panic had aborted the thread-exit record below it, the thread exit
 *    goes on from the recovering deferred call (finish_recovered).
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies a message of len bytes (no format to apply) into the panic. */
static void copy_message(struct cdefer_panic *p, const char *text, size_t len) {
  p->message = p->inline_message;
  if (len >= sizeof p->inline_message) {
    char *heap = malloc(len + 1);
    if (heap != NULL) {
      memcpy(heap, text, len + 1);
      p->message = heap;
      return;
    }
    len = sizeof p->inline_message - 1;
  }
  memcpy(p->inline_message, text, len);
  p->inline_message[len] = '\0';
}

static void format_message(struct cdefer_panic *p, const char *fmt,
                           va_list ap) {
  /* A message without conversions, and "%s" of one, as panic("...") and
   * panic("%s", msg) usually are, need no printf. */
  const char *percent = strchr(fmt, '%');
  if (percent == NULL) {
    copy_message(p, fmt, strlen(fmt));
    return;
  }
  if (percent == fmt && fmt[1] == 's' && fmt[2] == '\0') {
    va_list copy;
    va_copy(copy, ap);
    const char *text = va_arg(copy, const char *);
    va_end(copy);
    if (text != NULL) {
      copy_message(p, text, strlen(text));
      return;
    }
  }
  va_list retry;
  va_copy(retry, ap);
  int len = vsnprintf(p->inline_message, sizeof p->inline_message, fmt, ap);
  p->message = p->inline_message;
  if (len >= (int)sizeof p->inline_message) {
    char *heap = malloc((size_t)len + 1);
    if (heap != NULL) {
      vsnprintf(heap, (size_t)len + 1, fmt, retry);
      p->message = heap;
    }
  } else if (len < 0) {
    strcpy(p->inline_message, "(panic message could not be formatted)");
  }
  va_end(retry);
}

_Thread_local const char *cdefer_runtime_activity
    __attribute__((tls_model("initial-exec")));

/* The panics being made on a task form a stack, task->making. A panic
 * raised while another is being made pushes itself above it; the one made
 * first may still resume (if the newer panic is recovered inside the hook or
 * handler that raised it) or may be abandoned, its frame unwound. An entry
 * made in a frame at or below where a panic is being made now is abandoned
 * for sure (a making that is still running lies above any newer one), and
 * so is any entry above a panic that is being linked: those are freed
 * then. Until then they stay reachable from the task (freed with it). */
static void free_abandoned(struct cdefer_panic *p) {
  if (p->message != NULL && p->message != p->inline_message)
    free(p->message);
  free(p);
}

/* Pops and frees the makings above keep (NULL: any) that began in a frame
 * at or below frame (UINTPTR_MAX: any frame). */
static void free_abandoned_makings(struct cdefer_task *task,
                                   const struct cdefer_panic *keep,
                                   uintptr_t frame) {
  struct cdefer_panic *top;
  while ((top = task->making) != NULL && top != keep &&
         top->making_cfa <= frame) {
    task->making = top->outer_making;
    free_abandoned(top);
  }
}

__attribute__((noinline)) struct cdefer_panic *
cdefer_panic_new(struct cdefer_task *task, uint32_t kind) {
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  if (__builtin_expect(cdefer_checking, 0))
    cdefer_check_panic(task);
  /* One exchange: a signal handler that panics in between cannot take the
   * same spare. */
  struct cdefer_panic *p =
      __atomic_exchange_n(&task->spare_panic, NULL, __ATOMIC_RELAXED);
  if (p == NULL && (p = malloc(sizeof *p)) == NULL)
    cdefer_fatal("out of memory allocating a panic");
  memset(p, 0, CDEFER_PANIC_CLEARED_SIZE);
  p->kind = kind;
  p->task = task;
  cdefer_exception_init(p);
  free_abandoned_makings(task, NULL, here);
  p->making_cfa = here;
  p->outer_making = task->making;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  task->making = p;
  return p;
}

void cdefer_panic_link(struct cdefer_panic *p, uintptr_t walk_sp) {
  struct cdefer_task *task = p->task;
  free_abandoned_makings(task, p, UINTPTR_MAX);
  task->making = p->outer_making;
  p->walk_sp = walk_sp;
  p->link = task->panics;
  /* Everything above is written before the panic can be seen, even by a
   * signal handler of this thread. */
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  __atomic_store_n(&task->panics, p, __ATOMIC_RELAXED);
}

void cdefer_runtime_leave(void) {
  /* Not a decrement: a panic raised while the runtime ran (from a signal
   * handler or a printf hook) abandons the runtime's frame, whose own
   * decrement never comes. */
  cdefer_runtime_activity = NULL;
  cdefer_runtime_depth = 0;
}

void cdefer_panic_free(struct cdefer_panic *p) {
  if (p->message != p->inline_message)
    free(p->message);
  /* A task whose memory is reclaimed when it ends keeps one panic for the
   * next: panic and recover in a loop allocate nothing. */
  struct cdefer_task *task = p->task;
  struct cdefer_panic *none = NULL;
  if (task->spare_panic == NULL &&
      (task->pool_reclaim_armed || cdefer_task_arm_reclaim(task)) &&
      __atomic_compare_exchange_n(&task->spare_panic, &none, p, false,
                                  __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    return;
  free(p);
}

void cdefer_panic_drop_spare(struct cdefer_task *task) {
  free(task->spare_panic);
  task->spare_panic = NULL;
  free_abandoned_makings(task, NULL, UINTPTR_MAX);
}

void cdefer_panic(const char *fmt, ...) {
  struct cdefer_task *task = cdefer_current_task();
  if (cdefer_on_signal_stack())
    cdefer_fatal("panic while running on a signal stack");
  /* The panic is made off the chain (see the invariants). */
  cdefer_runtime_depth++;
  struct cdefer_panic *p = cdefer_panic_new(task, CDEFER_PANIC_USER);
  if (fmt == NULL)
    fmt = "panic called with a NULL format";
  cdefer_runtime_activity = "formatting a panic message (is an argument of "
                            "the format a bad pointer?)";
  va_list ap;
  va_start(ap, fmt);
  format_message(p, fmt, ap);
  va_end(ap);
  /* The backtrace of the panic site is recorded by the unwind itself, from
   * the first frame above this one (unwind.c). */
  p->site_cfa = (uintptr_t)__builtin_dwarf_cfa();
  cdefer_runtime_leave();
  cdefer_panic_link(p, p->site_cfa);
  cdefer_start_unwind(p);
}

/* The canonical frame address of the frame that called the thunk that
 * called recover's caller. Frames, from this one: this function (0),
 * cdefer_recover (1), the deferred function (2), its thunk (3), the
 * deferred-call frame (4); the stack pointer of frame 5 at its call is the
 * CFA of frame 4. */
static __attribute__((noinline)) uintptr_t deferred_call_frame_cfa(void) {
  struct cdefer_frame f;
  cdefer_frame_capture(&f);
  bool exact = false;
  for (int i = 0; i < 5; i++) {
    struct cdefer_unwind_row row;
    if (!cdefer_frame_row(f.regs[CDEFER_RIP] - (exact ? 0 : 1), &row) ||
        !cdefer_frame_step(&f, &row, &exact))
      return 0;
  }
  return f.regs[CDEFER_RSP];
}

/* The panic that recover() may return now: the newest of the task, not
 * recovered or aborted yet, with a deferred call of its own running. */
static struct cdefer_panic *recoverable_panic(void) {
  struct cdefer_task *task = cdefer_tls_task;
  if (task == NULL)
    return NULL;
  struct cdefer_panic *p = task->panics;
  if (p == NULL || p->recovered || p->aborted || p->kind != CDEFER_PANIC_USER ||
      p->call_cfa == 0)
    return NULL;
  return p;
}

/* The thunk stores its stack pointer just before its call: the deferred
 * function's canonical frame address unless the thunk moved the stack
 * pointer to pass arguments (it does not keep a fixed call frame when, say, a
 * sanitizer gives it a dynamic alloca); a mismatch takes the walk. The
 * caller must be the function the thunk called: one that the deferred
 * function tail-called has its frame address (and its place on the stack)
 * but not its address. */
__attribute__((noinline)) const cdefer_panic_t *
__cdefer_recover_from(void *caller_cfa, void *caller_fn) {
  struct cdefer_panic *p = recoverable_panic();
  if (p == NULL || (uintptr_t)caller_fn != p->deferred.fn)
    return NULL;
  if ((uintptr_t)caller_cfa != p->deferred.cfa &&
      deferred_call_frame_cfa() != p->call_cfa)
    return NULL;
  p->recovered = true;
  return p;
}

__attribute__((noinline)) const cdefer_panic_t *cdefer_recover(void) {
  struct cdefer_panic *p = recoverable_panic();
  if (p == NULL || deferred_call_frame_cfa() != p->call_cfa)
    return NULL;
  p->recovered = true;
  return p;
}

int cdefer_panic_signal(const cdefer_panic_t *p) {
  return p != NULL ? p->signo : 0;
}

const char *cdefer_panic_message(const cdefer_panic_t *p) {
  if (p == NULL || p->message == NULL)
    return "";
  return p->message;
}

void cdefer_panic_forget(struct cdefer_task *task, struct cdefer_panic *p) {
  if (p->kind == CDEFER_PANIC_THREAD_EXIT)
    cdefer_fatal("the unwind of pthread_exit was caught and not rethrown "
                 "(a C++ catch (...) must rethrow it): a thread exit cannot "
                 "be cancelled");
  for (struct cdefer_panic **link = &task->panics; *link != NULL;
       link = &(*link)->link)
    if (*link == p) {
      *link = p->link;
      cdefer_panic_free(p);
      return;
    }
  cdefer_fatal("panic %p is not on the chain of its task %p", (void *)p,
               (void *)task);
}

void cdefer_finish_recovered(struct cdefer_task *task, struct cdefer_panic *p) {
  if (task->panics != p)
    cdefer_fatal("recovered panic %p is not the newest panic of its task",
                 (void *)p);
  /* p and the aborted panics right below it are over; a thread exit among
   * them is not (Go's Goexit cannot be cancelled either). */
  bool after_fault = false;
  struct cdefer_panic *q = p;
  do {
    after_fault |= q->signo != 0 || q->interrupted;
    task->panics = q->link;
    cdefer_panic_free(q);
    q = task->panics;
  } while (q != NULL && q->aborted && q->kind != CDEFER_PANIC_THREAD_EXIT);
  if (q == NULL || !q->aborted)
    return;
  /* The recovered panic came from a deferred call that the thread exit made
   * and unwound that call: instead of returning normally, the recovering
   * frame goes on exiting. The walk restarts here, passes the deferred-call
   * frames and enters the recovering frame's landing pad again, which makes
   * its remaining deferred calls for the thread exit; then the walk goes
   * on outward. Frames the panic's walk treated as a fault's are treated so
   * again. */
  q->aborted = false;
  q->interrupted |= after_fault;
  cdefer_start_unwind(q);
}
