/* fault_frames.c - the frames a fault stops: where their pending deferred
 * calls are, and how to make them from outside.
 *
 * A fault stops a function at an instruction that is not a call, and the
 * compiler may have proved that a call cannot unwind (a libc routine, or a
 * function it inferred nounwind) although the callee faulted: a frame of a
 * function with defers can then be at a pc without a landing pad. The pass
 * registers every function with defers here, with three helpers
 * (struct __cdefer_fault_frame): where its anchor is for a candidate frame
 * base, a runner that makes its pending calls, and a stub that returns its
 * result to its caller. While a fault's panic is on the chain, the walk
 * (unwind.c) hands every frame of a registered function to
 * cdefer_fault_at_frame, which knows from the frame's row whether the
 * personality will run a landing pad there (read from .gcc_except_table);
 * if not, it finds the frame's anchor and runs the runner; if a call
 * recovers, the frame returns to its caller through its stub.
 *
 * Invariants:
 *  - Pending calls are made from an anchor only when it holds its
 *    function's cookie and lies inside the frame (between its stack pointer
 *    and its caller's): never from a frame that has not stored it yet.
 *  - The runner clears each bit or unlinks each record before its call, so
 *    a landing pad that runs after it finds nothing pending, and a newer
 *    panic that passes the frame again makes only the calls still pending.
 *  - The registry is a list of per-module tables, changed only by
 *    constructors and destructors, read under its lock; every change
 *    makes the cached rows stale (they name the registered function).
 */
#define _GNU_SOURCE
#include "internal.h"

#include <pthread.h>
#include <string.h>

/* AddressSanitizer, when the program is built with it: frames that a fault
 * or a recovery leaves without returning keep their redzones poisoned
 * unless it is told (as it is before any call of a noreturn function). */
extern void __asan_handle_no_return(void) __attribute__((weak));

void cdefer_forget_abandoned_frames(void) {
  if (__asan_handle_no_return != NULL)
    __asan_handle_no_return();
}

/* --- The registry of functions with defers -------------------------------- */

static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;
static struct __cdefer_fault_table *tables;

void __cdefer_register_fault_table(struct __cdefer_fault_table *t) {
  pthread_mutex_lock(&tables_lock);
  t->next = tables;
  tables = t;
  pthread_mutex_unlock(&tables_lock);
  /* Rows cached before name these functions unregistered. */
  cdefer_frame_cache_invalidate();
}

void __cdefer_unregister_fault_table(struct __cdefer_fault_table *t) {
  pthread_mutex_lock(&tables_lock);
  for (struct __cdefer_fault_table **link = &tables; *link != NULL;
       link = &(*link)->next)
    if (*link == t) {
      *link = t->next;
      break;
    }
  pthread_mutex_unlock(&tables_lock);
  cdefer_frame_cache_invalidate();
}

const struct __cdefer_fault_frame *cdefer_fault_lookup(uintptr_t start) {
  const struct __cdefer_fault_frame *found = NULL;
  pthread_mutex_lock(&tables_lock);
  for (const struct __cdefer_fault_table *t = tables; t && !found; t = t->next)
    for (uint64_t i = 0; i < t->count; i++)
      if ((uintptr_t)t->frames[i].function == start) {
        found = &t->frames[i];
        break;
      }
  pthread_mutex_unlock(&tables_lock);
  return found;
}

/* --- Making a frame's pending calls from outside -------------------------- */

/* The anchor of a registered frame, if its cookie is in place when the frame
 * is addressed from one of the registers that can hold its base. */
static bool find_anchor(const struct __cdefer_fault_frame *fn,
                        const struct cdefer_frame *f, uintptr_t lo,
                        uintptr_t hi, void **base) {
  static const int candidates[] = {CDEFER_RBP, CDEFER_RSP, CDEFER_RBX};
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
    uintptr_t value = f->regs[candidates[i]];
    uintptr_t anchor = (uintptr_t)fn->anchor((void *)value);
    /* Overflow-safe: value, and so anchor, can be anything (a frame
     * compiled without a frame pointer uses rbp as it likes). */
    if (anchor < lo || anchor > hi || hi - anchor < 8 || (anchor & 7) != 0)
      continue;
    if ((*(const uint64_t *)anchor & CDEFER_ANCHOR_COOKIE_MASK) ==
        fn->cookie) {
      *base = (void *)value;
      return true;
    }
  }
  return false;
}

/* What cdefer_frame_return loads: off the stack, which it abandons. */
static _Thread_local struct cdefer_return_state return_state
    __attribute__((tls_model("initial-exec")));

void cdefer_fault_at_frame(struct cdefer_panic *p, const struct cdefer_frame *f,
                           const struct cdefer_unwind_row *row, bool exact) {
  /* Only a fault, or a panic raised while a fault's panic is on the chain,
   * can pass a frame of a function with defers at a pc without a landing
   * pad: the faulting frame itself, or a frame whose call the compiler
   * proved could not unwind (a libc routine, or a function it inferred
   * nounwind) and which faulted all the same. */
  /* A frame a signal interrupted (exact) stopped between calls as the
   * faulting frame did. */
  bool faulting_frame = exact;
  for (const struct cdefer_panic *q = p; q != NULL; q = q->link)
    faulting_frame |= q->signo != 0 && q->fault_sp == f->regs[CDEFER_RSP];
  /* A landing pad at a call site runs the calls, in order with the frame's
   * C cleanups; the faulting instruction may lie in a landing pad's range
   * too, but the runner is the safer way into a frame stopped between
   * calls. */
  if (!faulting_frame && row->landing_pad != 0)
    return;
  /* The frame lies between its stack pointer and its caller's; a frame
   * stopped by the fault itself may be a leaf function that keeps its
   * locals in the red zone below its stack pointer (the fault handler
   * leaves the red zone alone). */
  struct cdefer_frame caller = *f;
  bool caller_exact = exact;
  void *base;
  uintptr_t lo = f->regs[CDEFER_RSP] - (faulting_frame ? CDEFER_RED_ZONE : 0);
  if (!cdefer_frame_step(&caller, row, &caller_exact) ||
      !find_anchor(row->function, f, lo, caller.regs[CDEFER_RSP], &base))
    return;
  /* The runner stores the result with its type's alignment (a 64-byte
   * vector: 64). */
  _Alignas(64) unsigned char result[CDEFER_FAULT_RESULT_SIZE];
  /* If a call recovers p, p is gone when run returns. The frames from here
   * up to the caller are as they were: caller still describes its frame,
   * with the callee-saved registers the frame had saved restored. */
  if (row->function->run(base, &p->exception, result)) {
    cdefer_forget_abandoned_frames();
    /* The caller gets back, besides the six registers the step restored,
     * every other register the frame saved (a caller of a preserve_most,
     * preserve_all, ms_abi, vectorcall or regcall function expects more
     * preserved), from the frame's CFA: the caller's stack pointer. */
    struct cdefer_return_state *s = &return_state;
    int32_t offsets[CDEFER_NOTHER];
    s->mask = cdefer_cfi_other_saves(row->pc, offsets);
    uintptr_t cfa = caller.regs[CDEFER_RSP];
    for (int i = 0; i < CDEFER_NOTHER; i++) {
      if (!(s->mask & (1ull << i)))
        continue;
      const void *saved = (const void *)(cfa + (intptr_t)offsets[i]);
      if (i < 8)
        memcpy(&s->gpr[i], saved, 8);
      else
        memcpy(s->xmm[i - 8], saved, 16);
    }
    s->caller = caller;
    s->stub = row->function->ret;
    memcpy(s->result, result, sizeof s->result);
    cdefer_frame_return(s);
  }
}
