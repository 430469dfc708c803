/* unwind.c - driving a panic through the stack.
 *
 * A panic walks its task's stack from the frame that raised it outward,
 * frame by frame, as the second phase of an Itanium-ABI forced unwind would
 * (a Go panic has no search phase: no handler is looked for), but with the
 * runtime's own stepper (frame.c) and a per-pc cache of decoded unwind
 * tables (frame_cache.c) instead of libunwind's search and parse at every
 * frame. At each frame:
 *
 *  - its return address is recorded for the report's backtrace, and a newer
 *    panic that reaches the deferred-call frame of an older one marks that
 *    one aborted;
 *  - after a fault, a function with defers stopped at a pc without a landing
 *    pad has its pending calls made from outside (fault_frames.c);
 *  - if the function's personality is __gcc_personality_v0 (C, and every
 *    function with defers) and it has a landing pad for the pc, the walk
 *    enters it directly, as the personality would have it entered: rax is
 *    the exception, rdx 0. The landing pads that the pass gives functions
 *    with defers run the frame's pending deferred calls through
 *    __cdefer_call_deferred or __cdefer_run_frame_unwinding; if one
 *    recovers, the function returns normally, otherwise the landing pad
 *    calls __cdefer_resume, which walks on from there;
 *  - any other personality (C++) is called through libunwind, with a cursor
 *    built at the frame, and its landing pad entered through libunwind; it
 *    resumes through libunwind's _Unwind_Resume, which continues a forced
 *    unwind with cdefer_unwind_stop as its stop function (the exception's
 *    private fields say so), and the stop function hands the panic back to
 *    the walk at the next frame.
 * Past a signal frame (a panic raised by a signal handler) the interrupted
 * frame is looked up at its exact pc, its pending calls are made as a
 * faulting frame's are, and no landing pad is entered in it.
 * When the walk reaches the end of the stack nothing recovered: the report
 * is written and the process exits with status 2.
 *
 * Invariants:
 *  - A deferred call made for a panic runs inside run_deferred, whose
 *    canonical frame address is the panic's call_cfa while the call runs;
 *    the thunk stores the deferred function's own CFA and address in
 *    p->deferred. recover compares its caller's address and CFA with them
 *    (or, called from code the pass did not see, walks up to
 *    run_deferred's frame).
 *  - When a newer panic walks past run_deferred of an older one, or past
 *    the frame the older one's unwind is in (walk_sp: where its walk
 *    started or resumed, or the frame whose landing pad it entered), the
 *    older one is marked aborted and its call_cfa and walk_sp cleared; an
 *    aborted panic is never resumed.
 *  - An exception that is not a cdefer panic (a C++ exception, a foreign
 *    forced unwind) runs the deferred calls as on a normal return and is
 *    always resumed, through libunwind.
 *  - The walk keeps no state of its own across a landing pad: what it
 *    records is in the panic.
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
  /* What _Unwind_ForcedUnwind would store: a landing pad that resumes
   * through libunwind's _Unwind_Resume continues a forced unwind with this
   * stop function. */
  p->exception.private_1 = (uintptr_t)cdefer_unwind_stop;
  p->exception.private_2 = (uintptr_t)p;
}

/* The panic an exception object belongs to, or NULL for a foreign one. */
static struct cdefer_panic *panic_of(void *exc) {
  struct _Unwind_Exception *e = exc;
  if (e == NULL || e->exception_class != cdefer_exception_class)
    return NULL;
  return (struct cdefer_panic *)e;
}

/* --- The walk ------------------------------------------------------------ */

static _Noreturn void end_of_stack(struct cdefer_panic *p, uintptr_t stopped) {
  p->stopped_at = (void *)stopped;
  if (p->kind == CDEFER_PANIC_THREAD_EXIT)
    cdefer_thread_exit_finish(p);
  cdefer_die_unrecovered(p);
}

/* A newer panic took over from p: p stays on the chain for the report and
 * is never resumed. */
static void abort_panic(struct cdefer_panic *p) {
  p->aborted = true;
  p->call_cfa = 0;
  p->walk_sp = 0;
}

/* What the panic notes at every frame it passes. */
static void pass_frame(struct cdefer_panic *p, const struct cdefer_frame *f) {
  uintptr_t sp = f->regs[CDEFER_RSP];
  /* The backtrace of the panic site, at no extra walk of the stack. A
   * frame whose landing pad resumed is passed again, after the runtime's
   * own frames below it: frames are recorded outward only, each once. */
  if (sp >= p->site_cfa && sp > p->last_frame_cfa &&
      p->nframes < CDEFER_BACKTRACE_MAX) {
    p->frames[p->nframes++] = (void *)f->regs[CDEFER_RIP];
    p->last_frame_cfa = sp;
  }
  /* Reaching the deferred-call frame of an older panic, or the frame its
   * unwind is in (this panic came from a signal handler that interrupted
   * it, or from a C++ destructor its unwind runs): that panic is aborted. */
  for (struct cdefer_panic *older = p->link; older; older = older->link)
    if ((older->call_cfa != 0 && sp >= older->call_cfa) ||
        (older->walk_sp != 0 && sp >= older->walk_sp))
      abort_panic(older);
}

/* Enters the landing pad of frame f as libunwind would after
 * __gcc_personality_v0 chose it: rax the exception, rdx 0, the stack
 * arguments of the call popped. */
static _Noreturn void enter_landing_pad(struct cdefer_panic *p,
                                        struct cdefer_frame *f,
                                        const struct cdefer_unwind_row *row) {
  cdefer_forget_abandoned_frames();
  f->regs[CDEFER_RIP] = row->landing_pad;
  f->regs[CDEFER_RSP] += row->args_size;
  p->walk_sp = f->regs[CDEFER_RSP];
  cdefer_frame_resume(f, (uintptr_t)&p->exception, 0);
}

/* Asks the personality of the frame cursor is at, as in phase 2 of a forced
 * unwind; its landing pad, if it has one, is entered by libunwind. */
static void ask_personality(struct cdefer_panic *p, unw_cursor_t *cursor) {
  unw_proc_info_t info;
  if (unw_get_proc_info(cursor, &info) != 0 || info.handler == 0)
    return;
  _Unwind_Personality_Fn personality = (_Unwind_Personality_Fn)info.handler;
  _Unwind_Reason_Code reason = personality(
      1, _UA_CLEANUP_PHASE | _UA_FORCE_UNWIND, p->exception.exception_class,
      &p->exception, (struct _Unwind_Context *)cursor);
  if (reason == _URC_INSTALL_CONTEXT) {
    cdefer_forget_abandoned_frames();
    unw_word_t sp = 0;
    unw_get_reg(cursor, UNW_REG_SP, &sp);
    p->walk_sp = (uintptr_t)sp;
    unw_resume(cursor);
    cdefer_fatal("cannot enter a landing pad for a panic");
  }
  if (reason != _URC_CONTINUE_UNWIND)
    cdefer_fatal("a personality routine failed during a panic (reason %d)",
                 (int)reason);
}

/* A frame whose personality is not __gcc_personality_v0 (C++), and whose
 * CFI the walk follows itself: only the personality needs libunwind, with
 * a cursor built at the frame. */
static void ask_foreign_personality(struct cdefer_panic *p,
                                    const struct cdefer_frame *f,
                                    uintptr_t pc) {
  unw_context_t context;
  unw_cursor_t cursor;
  if (cdefer_frame_cursor(f, pc, &context, &cursor))
    ask_personality(p, &cursor);
}

/* The frames only libunwind can step: f, whose CFI is beyond a row (an
 * expression, a signal frame), and, past a signal frame, the frame it
 * returns to if its CFI too is beyond a row (it may need registers a call
 * does not preserve). The cursor starts at the frame below f, from (when
 * there is one), so that libunwind reaches f as the caller it is (a return
 * address is looked up one byte back; a cursor's first frame is not).
 * Leaves in f the first frame above them that a row can step, for the walk
 * to go on with (*exact: an interrupted frame). */
static void walk_with_libunwind(struct cdefer_panic *p,
                                const struct cdefer_frame *from,
                                bool from_exact, struct cdefer_frame *f,
                                bool *exact, bool *after_fault) {
  unw_context_t context;
  /* Two cursors: the one in use, and the one an interrupted frame's is
   * rebuilt in. */
  unw_cursor_t cursors[2];
  unw_cursor_t *cursor = &cursors[0];
  if (from != NULL) {
    if (!cdefer_frame_cursor(
            from, from->regs[CDEFER_RIP] - (from_exact ? 0 : 1), &context,
            cursor) ||
        unw_step(cursor) <= 0)
      end_of_stack(p, 0);
  } else if (!cdefer_frame_cursor(f, f->regs[CDEFER_RIP] - (*exact ? 0 : 1),
                                  &context, cursor)) {
    end_of_stack(p, 0);
  }
  for (;;) {
    cdefer_frame_from_cursor(cursor, f);
    struct cdefer_unwind_row row;
    bool known =
        cdefer_frame_row(f->regs[CDEFER_RIP] - (*exact ? 0 : 1), &row);
    pass_frame(p, f);
    if (*after_fault && known && row.function != NULL)
      cdefer_fault_at_frame(p, f, &row, *exact);
    /* A frame a signal interrupted has no landing pad to enter (see
     * walk). */
    if (!*exact)
      ask_personality(p, cursor);
    bool signal_frame = known && (row.flags & CDEFER_ROW_SIGNAL);
    if (unw_step(cursor) <= 0)
      end_of_stack(p, 0);
    if (signal_frame)
      cdefer_signal_frame_passed(f->regs[CDEFER_RIP], f->regs[CDEFER_RSP]);
    cdefer_frame_from_cursor(cursor, f);
    *exact = signal_frame;
    if (!signal_frame)
      return;
    /* The frames a signal interrupted stopped anywhere, as a fault stops
     * its frame: their calls may have been proved not to unwind. */
    p->interrupted = true;
    *after_fault = true;
    /* The interrupted frame's pc is where it stopped, not a return
     * address; libunwind's cursor has looked it up one byte back, which
     * can be another row or another function. A row looked up at the pc
     * itself steps it; if it cannot, a cursor rebuilt at the pc, with
     * every register the signal frame restored. */
    if (cdefer_frame_row(f->regs[CDEFER_RIP], &row) &&
        !(row.flags & CDEFER_ROW_LIBUNWIND))
      return;
    unw_cursor_t *rebuilt = cursor == &cursors[0] ? &cursors[1] : &cursors[0];
    if (!cdefer_cursor_rebuild(cursor, f->regs[CDEFER_RIP], &context,
                               rebuilt))
      end_of_stack(p, 0);
    cursor = rebuilt;
  }
}

/* Walks the stack for p from frame f (exact: f's pc was interrupted, not a
 * return address). Never returns. */
static _Noreturn __attribute__((noinline)) void
walk(struct cdefer_panic *p, struct cdefer_frame *f, bool exact) {
  p->walk_sp = f->regs[CDEFER_RSP];
  /* After a fault, or past a signal frame, frames may be stopped at pcs
   * without landing pads (fault_frames.c). */
  bool after_fault = false;
  for (const struct cdefer_panic *q = p; q != NULL; q = q->link)
    after_fault |= q->signo != 0 || q->interrupted;
  /* The frame below f, which the walk stepped from, if any. */
  struct cdefer_frame below;
  bool have_below = false, below_exact = false;
  for (;;) {
    uintptr_t pc = f->regs[CDEFER_RIP] - (exact ? 0 : 1);
    struct cdefer_unwind_row row;
    if (!cdefer_frame_row(pc, &row)) {
      /* No unwind info: the end of the stack, or a frame of code built
       * without unwind tables, whose callers cannot be reached: the report
       * says so. (A fiber's first frame returns to the start of glibc's
       * __start_context, which is not in the function before it.) */
      uintptr_t ip = f->regs[CDEFER_RIP];
      end_of_stack(p, ip != 0 && _Unwind_FindEnclosingFunction((void *)ip) ==
                                     NULL
                          ? ip
                          : 0);
    }
    if (row.flags & CDEFER_ROW_LIBUNWIND) {
      walk_with_libunwind(p, have_below ? &below : NULL, below_exact, f,
                          &exact, &after_fault);
      have_below = false;
      continue;
    }
    pass_frame(p, f);
    if (after_fault && row.function != NULL)
      cdefer_fault_at_frame(p, f, &row, exact);
    /* A landing pad is entered from its call site, with the frame as the
     * call left it. A frame a signal interrupted (exact) stopped anywhere:
     * in a prologue or an epilogue, with the stack pointer elsewhere, yet
     * inside a call-site range that LLVM extended over the instructions
     * between two calls with the same landing pad. Its deferred calls have
     * been made above; its landing pad is not entered. */
    if (exact)
      ;
    else if (row.flags & CDEFER_ROW_FOREIGN)
      ask_foreign_personality(p, f, pc);
    else if (row.landing_pad != 0)
      enter_landing_pad(p, f, &row);
    below = *f;
    below_exact = exact;
    have_below = true;
    if (!cdefer_frame_step(f, &row, &exact))
      end_of_stack(p, 0);
  }
}

void cdefer_walk_from(struct cdefer_panic *p, struct cdefer_frame *f) {
  cdefer_check_unwinder_binding();
  walk(p, f, false);
}

/* Called by a landing pad of a function with defers that did not recover
 * the exception it caught. */
void __cdefer_resume(void *exc) {
  struct cdefer_panic *p = panic_of(exc);
  if (p == NULL)
    _Unwind_Resume(exc);
  struct cdefer_frame f;
  cdefer_frame_capture(&f);
  walk(p, &f, false);
}

void __cdefer_exception_replaced(void *exc) {
  struct cdefer_panic *p = panic_of(exc);
  if (p == NULL) {
    _Unwind_DeleteException(exc);
    return;
  }
  /* The newer panic's walk has aborted it already when it passed the frame
   * this landing pad is in (walk_sp); this says so for any other path. */
  abort_panic(p);
}

void __cdefer_noreturn_recovered(const char *function) {
  fflush(stdout);
  cdefer_fatal("a deferred call recovered a panic in %s, which is declared "
               "noreturn and cannot return",
               function);
}

/* The stop function of libunwind's forced unwind: reached only when a
 * landing pad the walk did not make resumes through libunwind's
 * _Unwind_Resume (code compiled without cdefer, C++). The walk takes over
 * again at the frame libunwind has reached. */
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
    uintptr_t ip = _Unwind_GetIP(context);
    end_of_stack(p,
                 ip != 0 &&
                         _Unwind_FindEnclosingFunction((void *)(ip - 1)) ==
                             NULL &&
                         _Unwind_FindEnclosingFunction((void *)ip) == NULL
                     ? ip
                     : 0);
  }
  struct cdefer_frame f;
  /* An _Unwind_Context of LLVM's libunwind is its cursor. */
  cdefer_frame_from_cursor((unw_cursor_t *)context, &f);
  int before_insn = 0;
  _Unwind_GetIPInfo(context, &before_insn);
  walk(p, &f, before_insn != 0);
}

/* Landing pads resume with _Unwind_Resume and the personality calls
 * _Unwind_GetIP and friends: they must all be the unwinder that walks the
 * panic. A program linked without -lunwind before libgcc_s gets libgcc's
 * _Unwind_Resume, which cannot continue a libunwind unwind. */
void cdefer_check_unwinder_binding(void) {
  static _Atomic int checked;
  if (checked)
    return;
  Dl_info ours, resumed;
  void *resume = dlsym(RTLD_DEFAULT, "_Unwind_Resume");
  if (resume != NULL && dladdr((void *)unw_init_local, &ours) &&
      dladdr(resume, &resumed) && ours.dli_fbase != resumed.dli_fbase)
    cdefer_fatal("_Unwind_Resume comes from %s but panics unwind with %s: "
                 "link with -lunwind before the C++ and gcc runtimes "
                 "(cdefer-cc does)",
                 resumed.dli_fname, ours.dli_fname);
  checked = 1;
}

/* --- Deferred calls made for a panic -------------------------------------- */

/* Runs one deferred call for panic p. The CFA of this frame is what
 * recover() looks for. Returns true if the call recovered p. */
static __attribute__((noinline)) bool
run_deferred(struct cdefer_panic *p, cdefer_thunk_t thunk, void *payload) {
  uintptr_t saved = p->call_cfa;
  struct cdefer_deferred_frame saved_deferred = p->deferred;
  p->call_cfa = (uintptr_t)__builtin_dwarf_cfa();
  thunk(payload, &p->deferred);
  /* The call is not a tail call: this frame stays until it returns. */
  __asm__ volatile("" ::: "memory");
  p->call_cfa = saved;
  p->deferred = saved_deferred;
  if (!p->recovered)
    return false;
  cdefer_finish_recovered(p->task, p);
  return true;
}

bool __cdefer_call_deferred(cdefer_thunk_t thunk, void *payload, void *exc) {
  struct cdefer_panic *p = panic_of(exc);
  if (p == NULL || p->aborted) {
    struct cdefer_deferred_frame unused;
    thunk(payload, &unused);
    return false;
  }
  return run_deferred(p, thunk, payload);
}
