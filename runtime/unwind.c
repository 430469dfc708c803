/* unwind.c - driving a panic through the stack with LLVM's libunwind.
 *
 * A panic unwinds with _Unwind_ForcedUnwind: one phase, no search for a
 * handler (a Go panic has none), every landing pad runs. Functions with
 * defers have a landing pad (made by the pass) that runs the frame's pending
 * deferred calls through __cdefer_call_deferred or
 * __cdefer_run_frame_unwinding, passing the exception it caught. If one of
 * those calls recovers the panic the landing pad returns from its function
 * normally; otherwise it resumes the unwind. Frames without defers pass
 * through, running their own cleanups (C cleanup variables, C++
 * destructors). When the unwind reaches the end of the stack nothing
 * recovered: the stop function writes the report and exits with status 2.
 *
 * Invariants:
 *  - A deferred call made for a panic runs inside run_deferred, whose
 *    canonical frame address is the panic's call_cfa while the call runs;
 *    the thunk stores the deferred function's own CFA in deferred_cfa.
 *    recover compares its caller's CFA with deferred_cfa (or, called from
 *    code the pass did not see, walks up to run_deferred's frame).
 *  - When a newer panic unwinds through run_deferred of an older one, the
 *    stop function marks the older one aborted (Go's rule) and clears its
 *    call_cfa; an aborted panic is never resumed.
 *  - An exception that is not a cdefer panic (a C++ exception, a foreign
 *    forced unwind) runs the deferred calls as on a normal return and is
 *    always resumed.
 */
#define _GNU_SOURCE
#include "internal.h"

#include <dlfcn.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unwind.h>

/* "CDFR" "PNC\0" */
static const uint64_t cdefer_exception_class = 0x43444652504e4300ull;

/* Called only by foreign code that catches a panic and ends its handler
 * without rethrowing: a C++ `catch (...) {}` (through __cxa_end_catch).
 * The panic is over, as if recovered there: it leaves its task's chain.
 * (cdefer itself never deletes a panic through the unwinder.) */
static void delete_exception(_Unwind_Reason_Code reason,
                             struct _Unwind_Exception *exc) {
  (void)reason;
  struct cdefer_panic *p = (struct cdefer_panic *)exc;
  cdefer_panic_forget(p->task, p);
}

void cdefer_exception_init(struct cdefer_panic *p) {
  memset(&p->exception, 0, sizeof p->exception);
  p->exception.exception_class = cdefer_exception_class;
  p->exception.exception_cleanup = delete_exception;
}

/* The panic an exception object belongs to, or NULL for a foreign one. */
static struct cdefer_panic *panic_of(void *exc) {
  struct _Unwind_Exception *e = exc;
  if (e == NULL || e->exception_class != cdefer_exception_class)
    return NULL;
  return (struct cdefer_panic *)e;
}

_Unwind_Reason_Code cdefer_unwind_stop(int version, _Unwind_Action actions,
                                       _Unwind_Exception_Class cls,
                                       struct _Unwind_Exception *exc,
                                       struct _Unwind_Context *context,
                                       void *param) {
  (void)version;
  (void)cls;
  (void)exc;
  struct cdefer_panic *p = param;
  if (actions & _UA_END_OF_STACK) {
    /* libunwind also ends the unwind at a frame it has no unwind tables
     * for (C compiled with -fno-asynchronous-unwind-tables): the frames
     * above it are never reached. The report says so. */
    uintptr_t ip = _Unwind_GetIP(context);
    /* ip is a return address; a fiber's first frame returns to the start
     * of glibc's __start_context, which is not in the function before it. */
    if (ip != 0 && _Unwind_FindEnclosingFunction((void *)(ip - 1)) == NULL &&
        _Unwind_FindEnclosingFunction((void *)ip) == NULL)
      p->stopped_at = (void *)ip;
    if (p->kind == CDEFER_PANIC_THREAD_EXIT)
      cdefer_thread_exit_finish(p);
    cdefer_die_unrecovered(p);
  }
  /* libunwind's "CFA" of a frame is its stack pointer: the CFA of the
   * frame below it. */
  uintptr_t cfa = _Unwind_GetCFA(context);
  /* The unwind passes every frame from the panic site outward: recording
   * them here is the backtrace, at no extra walk of the stack. A frame
   * whose landing pad resumed is passed again; it is recorded once. */
  if (cfa >= p->site_cfa && cfa != p->last_frame_cfa &&
      p->nframes < CDEFER_BACKTRACE_MAX) {
    p->frames[p->nframes++] = (void *)_Unwind_GetIP(context);
    p->last_frame_cfa = cfa;
  }
  /* Reaching the deferred-call frame of an older panic: that panic is
   * aborted. */
  for (struct cdefer_panic *older = p->link; older; older = older->link)
    if (older->call_cfa != 0 && cfa >= older->call_cfa) {
      older->aborted = true;
      older->call_cfa = 0;
    }
  /* After a fault, a frame with defers but no landing pad at its pc. */
  cdefer_fault_at_frame(p, context, cfa);
  return _URC_NO_REASON;
}

/* Landing pads resume with _Unwind_Resume and the personality calls
 * _Unwind_GetIP and friends: they must all be the unwinder that started
 * the panic. A program linked without -lunwind before libgcc_s gets libgcc's
 * _Unwind_Resume, which cannot continue a libunwind unwind. */
void cdefer_check_unwinder_binding(void) {
  static _Atomic int checked;
  if (checked)
    return;
  Dl_info started, resumed;
  void *resume = dlsym(RTLD_DEFAULT, "_Unwind_Resume");
  if (resume != NULL && dladdr((void *)_Unwind_ForcedUnwind, &started) &&
      dladdr(resume, &resumed) && started.dli_fbase != resumed.dli_fbase)
    cdefer_fatal("_Unwind_Resume comes from %s but panics unwind with %s: "
                 "link with -lunwind before the C++ and gcc runtimes "
                 "(cdefer-cc does)",
                 resumed.dli_fname, started.dli_fname);
  checked = 1;
}

void cdefer_unwind_failed(int reason) {
  cdefer_fatal("cannot unwind for a panic (unwinder error %d)", reason);
}

/* Runs one deferred call for panic p. The CFA of this frame is what
 * recover() looks for. Returns true if the call recovered p. */
static __attribute__((noinline)) bool
run_deferred(struct cdefer_panic *p, cdefer_thunk_t thunk, void *payload) {
  uintptr_t saved = p->call_cfa, saved_deferred = p->deferred_cfa;
  p->call_cfa = (uintptr_t)__builtin_dwarf_cfa();
  thunk(payload, &p->deferred_cfa);
  /* The call is not a tail call: this frame stays until it returns. */
  __asm__ volatile("" ::: "memory");
  p->call_cfa = saved;
  p->deferred_cfa = saved_deferred;
  if (!p->recovered)
    return false;
  cdefer_finish_recovered(p->task, p);
  return true;
}

bool __cdefer_call_deferred(cdefer_thunk_t thunk, void *payload, void *exc) {
  struct cdefer_panic *p = panic_of(exc);
  if (p == NULL || p->aborted) {
    uintptr_t unused;
    thunk(payload, &unused);
    return false;
  }
  return run_deferred(p, thunk, payload);
}
