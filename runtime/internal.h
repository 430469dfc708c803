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

#include <libunwind.h>
#include <unwind.h>

/* The runtime's code lives in its own section, so that a fault handler can
 * tell a fault in the runtime from a fault in the program (fault.c). Code
 * that includes this header to test the runtime stays out of it. */
#ifdef CDEFER_BUILDING_RUNTIME
#pragma clang section text = "cdefer_text"
#endif

#define CDEFER_HIDDEN __attribute__((visibility("hidden")))
#define CDEFER_ABI __attribute__((visibility("default")))

/* --- The defer record (ABI) --------------------------------------------- */

#define CDEFER_RECORD_POOLED 1u

/* What a thunk records of the deferred function it calls: its canonical
 * frame address (the thunk's stack pointer at the call) and its address
 * (the callee the thunk calls). recover() needs both: a function that the
 * deferred function tail-calls has the same frame address. */
struct cdefer_deferred_frame {
  uintptr_t cfa;
  uintptr_t fn;
};

/* A thunk made by the pass: it makes one deferred call with the arguments
 * saved in payload, after storing what it knows of the call in *callee. */
typedef void (*cdefer_thunk_t)(void *payload,
                               struct cdefer_deferred_frame *callee);

/* A record pushed by generated code. Stack records are initialised by the
 * caller (frame, run, flags = 0; size_class is not read). Pooled records come
 * from __cdefer_alloc_record with flags = CDEFER_RECORD_POOLED. */
struct __cdefer_record {
  struct __cdefer_record *link; /* older record of the same task */
  void *frame;                  /* identity of the pushing frame */
  cdefer_thunk_t run;           /* thunk making the deferred call */
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
CDEFER_ABI bool __cdefer_call_deferred(cdefer_thunk_t thunk, void *payload,
                                       void *exc);
/* recover() as the pass rewrites it: caller_cfa is the canonical frame
 * address of the function that calls recover, caller_fn its address. */
CDEFER_ABI const cdefer_panic_t *__cdefer_recover_from(void *caller_cfa,
                                                       void *caller_fn);
CDEFER_ABI bool __cdefer_run_frame_unwinding(void *frame, void *exc);
/* Called instead of `resume` by the landing pad of a function with defers
 * whose deferred calls did not recover exc: the panic walks on (another
 * exception is resumed with libunwind's _Unwind_Resume). */
CDEFER_ABI _Noreturn void __cdefer_resume(void *exc);
/* Called by the landing pad that the pass puts where Clang had a C cleanup
 * call's terminate handler: the cleanup raised a new exception while exc
 * was being unwound, and the new one replaces it from here on. A panic
 * exc is marked aborted (it stays on its task's chain for the report, as
 * an older panic whose deferred call panicked does); another exception is
 * deleted. */
CDEFER_ABI void __cdefer_exception_replaced(void *exc);
/* Where a function declared noreturn would return after a deferred call
 * recovered a panic: a fatal error naming it. */
CDEFER_ABI _Noreturn void __cdefer_noreturn_recovered(const char *function);

/* --- Functions whose deferred calls a fault can run (ABI) ---------------- */

/* The pass gives every function with defers an anchor: an 8-byte word in its
 * frame, stored at entry with the function's cookie, a constant of its own
 * (bits 8 to 30: a hash of its name and file; the low byte 0). For an
 * open-coded function with at most 8 defer sites the low byte is the
 * frame's defer mask; for a chained one the anchor's address is the frame
 * identity of its records. A fault finds a frame's pending deferred calls
 * through the anchor (fault_frames.c, docs/design.md section 8), and makes
 * them only if the anchor holds the function's cookie. */
#define CDEFER_ANCHOR_COOKIE_MASK (~(uint64_t)0xff)

/* Room for any value a function returns in registers (at most two
 * eightbytes, or a _Complex long double). */
#define CDEFER_FAULT_RESULT_SIZE 64

/* One function with defers, emitted by the pass. base is one of the values
 * the function addresses its frame from (llvm.localaddress: its frame
 * pointer, its stack pointer, or its base pointer). */
struct __cdefer_fault_frame {
  void *function; /* its entry address */
  /* The address the anchor has if the frame is addressed from base. */
  void *(*anchor)(void *base);
  /* Makes the frame's pending deferred calls for the exception exc, as its
   * landing pad would. If one recovers, stores what the function returns
   * (its result, or for sret its result pointer) in result and returns
   * true. */
  bool (*run)(void *base, void *exc, void *result);
  /* A function of the frame's return type and calling convention that
   * returns the value stored in the buffer passed as its one argument. */
  void *ret;
  /* What the anchor holds, but for its low byte, once the function has
   * stored it. */
  uint64_t cookie;
};

/* The functions with defers of one module, registered by a constructor the
 * pass emits. */
struct __cdefer_fault_table {
  struct __cdefer_fault_table *next; /* the runtime's list; NULL at first */
  const struct __cdefer_fault_frame *frames;
  uint64_t count;
};

CDEFER_ABI void __cdefer_register_fault_table(struct __cdefer_fault_table *t);
CDEFER_ABI void __cdefer_unregister_fault_table(struct __cdefer_fault_table *t);

/* --- Frames of the stack (frame.c, dwarf.c, frame_cache.c) -------------- */

/* One frame of the stack as a panic walks it: where it resumes and the
 * registers a call preserves, with the values they have in that frame. The
 * first two are the fault trampoline's frame layout (fault.c). */
enum {
  CDEFER_RIP, /* a return address (or, after a signal frame, the pc) */
  CDEFER_RSP, /* the frame's stack pointer: the CFA of the frame below */
  CDEFER_RBX,
  CDEFER_RBP,
  CDEFER_R12,
  CDEFER_R13,
  CDEFER_R14,
  CDEFER_R15,
  CDEFER_NREGS,
};
/* The callee-saved registers (rbx, rbp, r12-r15), from CDEFER_RBX on. */
#define CDEFER_NSAVED 6

struct cdefer_frame {
  uintptr_t regs[CDEFER_NREGS];
};

/* What the unwind tables say about one pc (dwarf.c), cached per pc
 * (frame_cache.c). */
enum {
  /* The return address is undefined: the outermost frame of its stack. */
  CDEFER_ROW_OUTERMOST = 1u,
  /* The CFI needs more than a row holds (an expression, a signal frame):
   * libunwind steps this frame. */
  CDEFER_ROW_LIBUNWIND = 2u,
  /* The function's personality is not __gcc_personality_v0: it is called
   * through libunwind to run any landing pad. */
  CDEFER_ROW_FOREIGN = 4u,
  /* A signal frame (the kernel's return to interrupted code): the frame it
   * returns to stopped at an instruction, not a call. Implies
   * CDEFER_ROW_LIBUNWIND. */
  CDEFER_ROW_SIGNAL = 8u,
};
/* A callee-saved register the frame did not save: it keeps its value. */
#define CDEFER_ROW_SAME INT16_MIN

struct cdefer_unwind_row {
  uintptr_t pc; /* the address looked up: a return address - 1 */
  /* The landing pad __gcc_personality_v0 enters for pc, or 0. */
  uintptr_t landing_pad;
  /* The function, if it is a registered function with defers. */
  const struct __cdefer_fault_frame *function;
  /* CFA = regs[cfa_reg] + cfa_offset; the return address is at CFA +
   * ra_offset, each saved register at CFA + saved[i]. */
  int32_t cfa_offset;
  uint8_t cfa_reg;
  uint8_t flags; /* CDEFER_ROW_* */
  int16_t ra_offset;
  int16_t saved[CDEFER_NSAVED];
  /* Bytes of stack arguments pushed for the call (DW_CFA_GNU_args_size):
   * a landing pad is entered with them popped, as libunwind does. */
  uint32_t args_size;
};
_Static_assert(sizeof(struct cdefer_unwind_row) == 48, "one cache line");

/* Stores the registers of its caller, as they are at this call, in *f: the
 * caller's frame. (Assembly, frame.c.) */
CDEFER_HIDDEN void cdefer_frame_capture(struct cdefer_frame *f);
/* Continues frame f at f->regs[CDEFER_RIP] with its registers and rax, rdx
 * as given: a landing pad's entry. Everything below f is abandoned. */
CDEFER_HIDDEN _Noreturn void cdefer_frame_resume(const struct cdefer_frame *f,
                                                 uintptr_t rax, uintptr_t rdx);
/* The registers beyond a frame's six that a return stub's caller may
 * expect preserved under another calling convention (preserve_most,
 * preserve_all, ms_abi, vectorcall, regcall): rax, rdx, rcx, rsi, rdi,
 * r8-r10 (not r11, which no convention preserves), then xmm0-xmm15 (their
 * low 128 bits). */
#define CDEFER_NOTHER 24
static const uint8_t cdefer_other_dwarf_regs[CDEFER_NOTHER] = {
    0,  1,  2,  4,  5,  8,  9,  10, 17, 18, 19, 20,
    21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
/* What cdefer_frame_return loads (frame.c): a frame's caller, the stub to
 * enter, the CDEFER_FAULT_RESULT_SIZE bytes of result, and each other
 * register whose bit is set in mask (as the frame saved it). */
struct cdefer_return_state {
  uint64_t gpr[8];
  uint64_t mask;
  struct cdefer_frame caller;
  void *stub;
  _Alignas(16) unsigned char xmm[16][16];
  unsigned char result[64];
};
/* Makes the function whose caller is s->caller return to it, through
 * s->stub (a function of its return type and calling convention that
 * returns the value it finds in its red zone) with the result, and with
 * the other registers the function had saved. s must not be on the stack
 * below s->caller. */
CDEFER_HIDDEN _Noreturn void cdefer_frame_return(const struct cdefer_return_state *s);
/* Which of the other registers (CDEFER_NOTHER, in that order) the frame
 * at pc has saved, as a mask, with their offsets from its CFA. */
CDEFER_HIDDEN uint64_t cdefer_cfi_other_saves(uintptr_t pc,
                                              int32_t offsets[CDEFER_NOTHER]);

/* The row of pc (a return address - 1, or an exact pc after a signal
 * frame), from the cache or decoded; false if pc has no unwind info. */
CDEFER_HIDDEN bool cdefer_frame_row(uintptr_t pc, struct cdefer_unwind_row *row);
/* Decodes the row of pc from the unwind tables (dwarf.c). */
CDEFER_HIDDEN bool cdefer_unwind_row_decode(uintptr_t pc,
                                            struct cdefer_unwind_row *row);
/* Fills the CFA part of row (cfa_reg, cfa_offset, ra_offset, saved,
 * args_size, CDEFER_ROW_OUTERMOST) for pc from the FDE at fde of the
 * function at start; false if only libunwind can follow it. */
CDEFER_HIDDEN bool cdefer_cfi_decode(const uint8_t *fde, uintptr_t start,
                                     uintptr_t pc, struct cdefer_unwind_row *row);
/* Moves f to its caller's frame as row (f's row) says; *exact tells
 * whether the new frame's pc is exact (it was interrupted by a signal) or
 * a return address. false at the end of the stack or on a frame that
 * cannot be stepped. */
CDEFER_HIDDEN bool cdefer_frame_step(struct cdefer_frame *f,
                                     const struct cdefer_unwind_row *row,
                                     bool *exact);
/* Finds in *landing_pad the landing pad __gcc_personality_v0 enters for ip
 * in the function at start whose language-specific data is lsda (NULL if
 * none), or 0 if it enters none. false if the table cannot be read. */
CDEFER_HIDDEN bool cdefer_lsda_landing_pad(const uint8_t *lsda, uintptr_t start,
                                           uintptr_t ip, uintptr_t *landing_pad);

/* The per-pc cache of rows (frame_cache.c). */
CDEFER_HIDDEN bool cdefer_frame_cache_get(uintptr_t pc,
                                          struct cdefer_unwind_row *row);
CDEFER_HIDDEN uint32_t cdefer_frame_cache_generation(void);
CDEFER_HIDDEN void cdefer_frame_cache_put(const struct cdefer_unwind_row *row,
                                          uint32_t generation);
/* Code was unloaded, or the registry of functions with defers changed:
 * every cached row is stale. */
CDEFER_HIDDEN void cdefer_frame_cache_invalidate(void);

/* A panic passed the signal frame at pc, whose stack pointer is sp: the
 * interrupted code's floating-point control state comes back (fault.c). */
CDEFER_HIDDEN void cdefer_signal_frame_passed(uintptr_t pc, uintptr_t sp);
/* A libunwind cursor at frame f, whose pc is looked up at pc. */
CDEFER_HIDDEN bool cdefer_frame_cursor(const struct cdefer_frame *f,
                                       uintptr_t pc, unw_context_t *context,
                                       unw_cursor_t *cursor);
/* A new cursor at the frame cursor is at, with all its general registers
 * (not only those a call preserves), looked up at pc as it is: libunwind
 * looks the pc of a frame it stepped to one byte back, which is wrong for
 * the frame a signal interrupted. */
CDEFER_HIDDEN bool cdefer_cursor_rebuild(unw_cursor_t *cursor, uintptr_t pc,
                                         unw_context_t *context,
                                         unw_cursor_t *out);
/* The registers of the frame cursor is at. */
CDEFER_HIDDEN void cdefer_frame_from_cursor(unw_cursor_t *cursor,
                                            struct cdefer_frame *f);

/* --- Panics ------------------------------------------------------------- */

enum {
  CDEFER_PANIC_USER = 0,        /* cdefer_panic() */
  CDEFER_PANIC_THREAD_EXIT = 1, /* pthread_exit(): runs defers, no recover */
};

/* The x86-64 System V red zone: a leaf function may keep data in the 128
 * bytes below its stack pointer. */
#define CDEFER_RED_ZONE 128

#define CDEFER_BACKTRACE_MAX 64

struct cdefer_panic {
  struct _Unwind_Exception exception; /* first: the unwinder's object */
  struct cdefer_panic *link;          /* older panic of the same task */
  struct cdefer_task *task;           /* the task that raised it */
  uint32_t kind;                      /* CDEFER_PANIC_* */
  bool recovered;                     /* recover() returned it */
  bool aborted;                       /* a newer panic unwound its call */
  /* Its walk passed a signal frame: the frames above were interrupted
   * (unwind.c), as a fault's are. */
  bool interrupted;
  /* Canonical frame address of run_deferred while a deferred call runs for
   * this panic, else 0 (unwind.c); and what the thunk of the deferred
   * call stored of the deferred function. */
  uintptr_t call_cfa;
  struct cdefer_deferred_frame deferred;
  /* While the panic is linked and its unwind is not inside a deferred call:
   * the stack pointer of the innermost frame that unwind is in (the frame
   * that raised it or resumed its walk, or the frame whose landing pad it
   * entered), else 0. A newer panic that passes a frame at or above it
   * abandons this unwind: the panic is then aborted, as when a newer panic
   * passes call_cfa (unwind.c). */
  uintptr_t walk_sp;
  /* While the panic is being made (panic.c): the frame address of
   * cdefer_panic_new's frame, and the panic being made further out on the
   * same task when this one's making began, if any. */
  uintptr_t making_cfa;
  struct cdefer_panic *outer_making;
  char *message;            /* inline_message or a heap copy */
  uintptr_t site_cfa;       /* CFA of cdefer_panic: frames above it are
                               recorded */
  uintptr_t last_frame_cfa; /* of the last frame recorded */
  unsigned nframes;
  void *thread_exit_value; /* CDEFER_PANIC_THREAD_EXIT */
  /* A runtime fault (fault.c): the signal, its si_code and address, and the
   * faulting instruction; signo is 0 for other panics. */
  int signo, sigcode;
  uintptr_t fault_addr, fault_pc;
  /* The stack pointer of the faulting frame (of its caller, if the fault
   * was in code without unwind info). */
  uintptr_t fault_sp;
  /* Where the unwind ended when that was a frame without unwind tables
   * rather than the end of the stack (for the report), else NULL. */
  void *stopped_at;
  /* Not cleared when a panic is made: written before they are read. */
  char inline_message[128];
  void *frames[CDEFER_BACKTRACE_MAX]; /* return addresses at the panic site */
};

/* The part of a panic that starts zeroed. */
#define CDEFER_PANIC_CLEARED_SIZE offsetof(struct cdefer_panic, inline_message)

/* --- The record pool ---------------------------------------------------- */

/* Size classes by total record size (header + payload): 64 << i bytes. */
#define CDEFER_POOL_NCLASSES 5
#define CDEFER_POOL_MIN_SIZE 64u
/* Bytes of records a class keeps on its free list at most (1024 records of
 * 64 bytes ... 64 of 1024); more go back to free(). */
#define CDEFER_POOL_CLASS_BYTES 65536u
#define CDEFER_POOL_CAP(cls)                                                   \
  (CDEFER_POOL_CLASS_BYTES / (CDEFER_POOL_MIN_SIZE << (cls)))
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
  /* A freed panic kept for the next one (panic.c), or NULL. */
  struct cdefer_panic *spare_panic;
  /* The panics being made, innermost first (through outer_making), and
   * those whose making a panic raised meanwhile abandoned (panic.c). */
  struct cdefer_panic *making;
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
CDEFER_HIDDEN extern _Thread_local struct cdefer_task *cdefer_tls_task
    __attribute__((tls_model("initial-exec")));

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

/* A new panic of the given kind for task, not linked yet: the caller
 * fills it in, then links it with cdefer_panic_link. */
CDEFER_HIDDEN struct cdefer_panic *cdefer_panic_new(struct cdefer_task *task,
                                                    uint32_t kind);
/* Links a complete panic at the head of its task's chain, with one store:
 * the panic exists from then on. walk_sp: the stack pointer of the frame
 * that raises it (see struct cdefer_panic). A panic being made is never on
 * the chain, so that a panic raised meanwhile (by a signal handler, or by
 * code the message's formatting calls) finds the chain as it was. */
CDEFER_HIDDEN void cdefer_panic_link(struct cdefer_panic *p, uintptr_t walk_sp);
/* Leaves the runtime's own code before a panic's walk starts: faults are the
 * program's again (cdefer_runtime_depth). */
CDEFER_HIDDEN void cdefer_runtime_leave(void);
/* Frees a panic (or keeps it as its task's spare, if the task's memory is
 * reclaimed: see pool_reclaim_armed). */
CDEFER_HIDDEN void cdefer_panic_free(struct cdefer_panic *p);
/* Frees the task's spare panic, and the panics abandoned while they were
 * being made (the task's code no longer runs). */
CDEFER_HIDDEN void cdefer_panic_drop_spare(struct cdefer_task *task);
CDEFER_HIDDEN void cdefer_exception_init(struct cdefer_panic *p);
/* The stop function of every panic's forced unwind (unwind.c). */
CDEFER_HIDDEN _Unwind_Reason_Code
cdefer_unwind_stop(int version, _Unwind_Action actions,
                   _Unwind_Exception_Class cls, struct _Unwind_Exception *exc,
                   struct _Unwind_Context *context, void *param);
CDEFER_HIDDEN void cdefer_check_unwinder_binding(void);

/* Walks the stack for p from frame f outward (unwind.c). Never returns. */
CDEFER_HIDDEN _Noreturn void cdefer_walk_from(struct cdefer_panic *p,
                                              struct cdefer_frame *f);

/* Unwinds the stack for p. Never returns. Inlined into its callers: the
 * walk starts from the frame that made the panic. */
static inline __attribute__((always_inline)) _Noreturn void
cdefer_start_unwind(struct cdefer_panic *p) {
  struct cdefer_frame f;
  cdefer_frame_capture(&f);
  cdefer_walk_from(p, &f);
}
/* Unlinks and frees a panic that foreign code caught and ended. */
CDEFER_HIDDEN void cdefer_panic_forget(struct cdefer_task *task,
                                       struct cdefer_panic *p);
/* Unlinks and frees a recovered panic and the aborted panics below it.
 * If those end at a thread-exit record that the panics aborted, the thread
 * exit goes on instead (it cannot be cancelled, like Go's Goexit): its
 * walk restarts from the caller, and this does not return. */
CDEFER_HIDDEN void cdefer_finish_recovered(struct cdefer_task *task,
                                           struct cdefer_panic *p);
/* Writes the report of an unrecovered panic and exits with status 2 (or
 * ends the thread, for a thread exit). */
CDEFER_HIDDEN _Noreturn void cdefer_die_unrecovered(struct cdefer_panic *p);
CDEFER_HIDDEN bool cdefer_on_signal_stack(void);
/* Ends the thread after a thread-exit unwind reached the end of its stack. */
CDEFER_HIDDEN _Noreturn void cdefer_thread_exit_finish(struct cdefer_panic *p);

/* --- Runtime faults (fault.c) ------------------------------------------ */

/* Nonzero while the runtime runs code of its own (not a deferred call) that
 * may call into libc: a fault then is the runtime's, and fatal. */
CDEFER_HIDDEN extern _Thread_local unsigned cdefer_runtime_depth
    __attribute__((tls_model("initial-exec")));
/* What the runtime does while cdefer_runtime_depth is nonzero, for the
 * fatal error of a fault there ("formatting a panic message"), or NULL. */
CDEFER_HIDDEN extern _Thread_local const char *cdefer_runtime_activity
    __attribute__((tls_model("initial-exec")));
/* Gives the calling thread a signal stack if faults are enabled and it has
 * none. */
CDEFER_HIDDEN void cdefer_fault_attach_thread(void);
/* Called by the walk for every frame f of a registered function with
 * defers (row is f's row; exact: f's pc was interrupted) that a panic
 * passes while a fault's panic is on the chain: makes the pending calls of
 * a frame that faulted, or that has no landing pad at its pc. Does not
 * return if one of them recovers. */
CDEFER_HIDDEN void cdefer_fault_at_frame(struct cdefer_panic *p,
                                         const struct cdefer_frame *f,
                                         const struct cdefer_unwind_row *row,
                                         bool exact);
/* The registered function (fault_frames.c) whose entry is start, or NULL. */
CDEFER_HIDDEN const struct __cdefer_fault_frame *
cdefer_fault_lookup(uintptr_t start);
/* Tells AddressSanitizer, if present, that the frames below the caller are
 * abandoned without returning. */
CDEFER_HIDDEN void cdefer_forget_abandoned_frames(void);
/* Writes Go's "[signal ...]" line for a fault panic. */
CDEFER_HIDDEN void cdefer_fault_describe(const struct cdefer_panic *p);

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
