/* fault.c - runtime faults become panics (cdefer_enable_fault_panics).
 *
 * SIGSEGV and SIGBUS become the panic "runtime error: invalid memory address
 * or nil pointer dereference", SIGFPE "runtime error: integer divide by zero"
 * (or "integer overflow", "floating point error"). The path has three steps:
 *
 *  1. The signal handler (on the thread's signal stack) only decides: a fault
 *     on the signal stack, in the runtime or in the unwinder, or a stack
 *     overflow is fatal. Otherwise it rewrites the interrupted context so
 *     that, when it returns, the faulting task calls cdefer_fault_panic on
 *     its own stack, below the faulting frame, through fault_trampoline.
 *     It makes no record, runs no user code and does no unwinding.
 *  2. fault_trampoline's unwind info describes the faulting frame as its
 *     caller, as if the faulting instruction were a call that returned to
 *     the next byte, so the unwinder walks from it to the faulting frame and
 *     on. cdefer_fault_panic makes the panic record on the faulting task
 *     and starts the unwind.
 *  3. The panic unwinds as any panic, but a frame of a function with defers
 *     (registered by the pass) may now be at a pc without a landing pad: it
 *     faulted, or it called code the compiler proved could not unwind,
 *     which faulted. The stop function makes such a frame's pending
 *     deferred calls through the pass's per-function runner; if one
 *     recovers, the frame returns to its caller through the pass's return
 *     stub, with what its result holds.
 *
 * Invariants:
 *  - The handler touches only the interrupted context, the stack below the
 *    faulting frame's red zone, and the thread's runtime-depth counter.
 *  - Every record and panic of a fault belongs to the task that faulted: it
 *    is made on that task's stack after the handler has returned.
 *  - A frame's pending calls are made from its anchor only when the anchor
 *    holds the cookie of its own address (so never from a frame that has
 *    not stored it yet), and each call's bit or record is cleared before the
 *    call: a landing pad that runs after the runner finds nothing pending.
 */
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <libunwind.h>

#if !defined(__x86_64__) || !defined(__linux__)
#error "runtime faults are implemented for x86-64 Linux"
#endif

_Thread_local unsigned cdefer_runtime_depth
    __attribute__((tls_model("initial-exec")));

static atomic_bool faults_enabled;

/* --- Code that belongs to the runtime ------------------------------------- */

/* The runtime's own code is in section cdefer_text (internal.h's pragma);
 * the linker defines its bounds. */
extern const char __start_cdefer_text[] CDEFER_HIDDEN;
extern const char __stop_cdefer_text[] CDEFER_HIDDEN;

/* The executable segment of the unwinder, found once when faults are
 * enabled. */
static uintptr_t unwinder_lo, unwinder_hi;

static int find_unwinder_segment(struct dl_phdr_info *info, size_t size,
                                 void *data) {
  (void)size;
  uintptr_t target = (uintptr_t)data;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
      continue;
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
    if (target >= lo && target < hi) {
      unwinder_lo = lo;
      unwinder_hi = hi;
      return 1;
    }
  }
  return 0;
}

static bool pc_in_runtime(uintptr_t pc) {
  return (pc >= (uintptr_t)__start_cdefer_text &&
          pc < (uintptr_t)__stop_cdefer_text) ||
         (pc >= unwinder_lo && pc < unwinder_hi);
}

/* AddressSanitizer, when the program is built with it: frames that a fault
 * or a recovery leaves without returning keep their redzones poisoned
 * unless it is told (as it is before any call of a noreturn function). */
extern void __asan_handle_no_return(void) __attribute__((weak));

static void forget_abandoned_frames(void) {
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
}

static const struct __cdefer_fault_frame *lookup_function(uintptr_t start) {
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

/* --- The signal handler --------------------------------------------------- */

/* Async-signal-safe: writes "cdefer: fatal error: WHAT (signal N, fault
 * address 0x..., pc 0x...)" and aborts. */
static void append(char *buf, size_t *len, size_t cap, const char *s) {
  while (*s && *len + 1 < cap)
    buf[(*len)++] = *s++;
}

static void append_hex(char *buf, size_t *len, size_t cap, uintptr_t v) {
  char digits[2 + 16 + 1];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v != 0);
  append(buf, len, cap, "0x");
  while (n > 0 && *len + 1 < cap)
    buf[(*len)++] = digits[--n];
}

static _Noreturn void fatal_fault(const char *what, int sig, uintptr_t addr,
                                  uintptr_t pc) {
  char buf[256];
  size_t len = 0;
  append(buf, &len, sizeof buf, "cdefer: fatal error: ");
  append(buf, &len, sizeof buf, what);
  append(buf, &len, sizeof buf, " (SIG");
  append(buf, &len, sizeof buf, sigabbrev_np(sig) ? sigabbrev_np(sig) : "?");
  append(buf, &len, sizeof buf, ", fault address ");
  append_hex(buf, &len, sizeof buf, addr);
  append(buf, &len, sizeof buf, ", pc ");
  append_hex(buf, &len, sizeof buf, pc);
  append(buf, &len, sizeof buf, ")\n");
  ssize_t unused = write(STDERR_FILENO, buf, len);
  (void)unused;
  /* Die of SIGABRT, not of a fault that this handler would catch again. */
  signal(SIGABRT, SIG_DFL);
  abort();
}

/* The stack overflows when a push, a call or a store into a new frame hits
 * the guard below the stack: the fault address is just below (or at) the
 * stack pointer. */
static bool is_stack_overflow(uintptr_t addr, uintptr_t sp) {
  return addr + 65536 >= sp && addr <= sp + 4096 && addr >= 65536;
}

void fault_trampoline(void);
_Noreturn void cdefer_fault_panic(int sig, int code, uintptr_t addr,
                                  uintptr_t pc, uintptr_t *frame);

static void fault_handler(int sig, siginfo_t *info, void *ucv) {
  ucontext_t *uc = ucv;
  greg_t *regs = uc->uc_mcontext.gregs;
  uintptr_t pc = (uintptr_t)regs[REG_RIP], sp = (uintptr_t)regs[REG_RSP];
  uintptr_t addr = (uintptr_t)info->si_addr;

  if (info->si_code <= 0) {
    /* Sent by kill(), raise() or sigqueue(): not a fault. Let it kill. */
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  stack_t ss;
  bool on_signal_stack =
      sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_ONSTACK);
  if (on_signal_stack && sp >= (uintptr_t)ss.ss_sp &&
      sp < (uintptr_t)ss.ss_sp + ss.ss_size)
    fatal_fault("fault on the signal stack (in a signal handler, or a "
                "second fault while handling one)",
                sig, addr, pc);
  if (cdefer_runtime_depth != 0 || pc_in_runtime(pc))
    fatal_fault("fault in the cdefer runtime", sig, addr, pc);
  if ((sig == SIGSEGV || sig == SIGBUS) && is_stack_overflow(addr, sp))
    fatal_fault("stack overflow", sig, addr, pc);

  /* The trampoline's frame: [0] the return address it reports (the byte
   * after the faulting instruction's first), [1] the stack pointer of the
   * frame it returns to. Below the red zone of the faulting frame, or, if
   * this handler runs on the faulting stack, below this handler's frame. */
  uintptr_t below = on_signal_stack ? sp - 128 : (uintptr_t)&ss - 1024;
  uintptr_t *frame = (uintptr_t *)((below - 2 * sizeof(uintptr_t)) & ~15ul);
  frame[0] = pc + 1;
  frame[1] = sp;
  regs[REG_RSP] = (greg_t)frame;
  regs[REG_RIP] = (greg_t)fault_trampoline;
  regs[REG_RDI] = sig;
  regs[REG_RSI] = info->si_code;
  regs[REG_RDX] = (greg_t)addr;
  regs[REG_RCX] = (greg_t)pc;
  regs[REG_R8] = (greg_t)frame;
}

/* Entered with rsp = frame (16-byte aligned), frame[0] = the return address
 * to report, frame[1] = the caller's stack pointer. Its CFI: CFA =
 * *(rsp + 8), return address at *(rsp + 0); every other register keeps its
 * value, so the caller is the faulting frame as it was. */
__asm__(".pushsection cdefer_text,\"ax\",@progbits\n"
        ".globl fault_trampoline\n"
        ".hidden fault_trampoline\n"
        ".type fault_trampoline,@function\n"
        "fault_trampoline:\n"
        ".cfi_startproc\n"
        /* DW_CFA_def_cfa_expression: DW_OP_breg7 (rsp) 8; DW_OP_deref */
        ".cfi_escape 0x0f, 0x03, 0x77, 0x08, 0x06\n"
        /* DW_CFA_expression rip (16): DW_OP_breg7 (rsp) 0 */
        ".cfi_escape 0x10, 0x10, 0x02, 0x77, 0x00\n"
        "  call cdefer_fault_panic\n"
        "  ud2\n"
        ".cfi_endproc\n"
        ".size fault_trampoline, .-fault_trampoline\n"
        ".popsection\n");

/* --- Starting the panic on the faulting task ------------------------------ */

/* Whether ra is a return address: it follows a call instruction in code
 * with unwind info. */
static bool is_return_address(uintptr_t ra) {
  struct dwarf_eh_bases bases;
  if (ra < 4096 || _Unwind_Find_FDE((void *)(ra - 1), &bases) == NULL)
    return false;
  const unsigned char *code = (const unsigned char *)ra;
  if (code[-5] == 0xe8) /* call rel32 */
    return true;
  /* call r/m64: ff /2, with its ModRM, SIB and displacement. */
  for (int len = 2; len <= 7; len++) {
    const unsigned char *op = code - len;
    if (op[0] != 0xff || ((op[1] >> 3) & 7) != 2)
      continue;
    unsigned mod = op[1] >> 6, rm = op[1] & 7;
    int n = 2;
    if (mod != 3 && rm == 4) {
      n++;
      if (mod == 0 && (op[2] & 7) == 5)
        n += 4;
    }
    if (mod == 0 && rm == 5)
      n += 4;
    else if (mod == 1)
      n += 1;
    else if (mod == 2)
      n += 4;
    if (n == len)
      return true;
  }
  return false;
}

/* A fault at a pc without unwind info (hand-written assembly, code built
 * without unwind tables): assume a frameless function and take the nearest
 * return address above the stack pointer as its caller's. */
static void skip_frame_without_unwind_info(uintptr_t *frame) {
  uintptr_t *word = (uintptr_t *)frame[1];
  for (int i = 0; i < 128; i++, word++)
    if (is_return_address(*word)) {
      frame[0] = *word;
      frame[1] = (uintptr_t)(word + 1);
      return;
    }
}

/* The anchor of a registered frame, if its cookie is in place when the frame
 * is addressed from one of the registers that can hold its base. */
static bool find_anchor(const struct __cdefer_fault_frame *fn,
                        unw_cursor_t *cursor, uintptr_t lo, uintptr_t hi,
                        void **base) {
  static const int candidates[] = {UNW_X86_64_RBP, UNW_X86_64_RSP,
                                   UNW_X86_64_RBX};
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
    unw_word_t value;
    if (unw_get_reg(cursor, candidates[i], &value) != 0)
      continue;
    uintptr_t anchor = (uintptr_t)fn->anchor((void *)value);
    if (anchor < lo || anchor + 8 > hi || (anchor & 7) != 0)
      continue;
    if ((*(const uint64_t *)anchor & ~(uint64_t)0xff) ==
        CDEFER_ANCHOR_COOKIE(anchor)) {
      *base = (void *)value;
      return true;
    }
  }
  return false;
}

/* --- Reading a language-specific data area (.gcc_except_table) ------------ */

static uintptr_t read_uleb(const uint8_t **p) {
  uintptr_t result = 0;
  unsigned shift = 0;
  uint8_t byte;
  do {
    byte = *(*p)++;
    if (shift < 64)
      result |= (uintptr_t)(byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
}

static intptr_t read_sleb(const uint8_t **p) {
  intptr_t result = 0;
  unsigned shift = 0;
  uint8_t byte;
  do {
    byte = *(*p)++;
    if (shift < 64)
      result |= (intptr_t)(byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 64 && (byte & 0x40))
    result |= -((intptr_t)1 << shift);
  return result;
}

/* A little-endian value of size bytes, sign-extended if is_signed. */
static uintptr_t read_fixed(const uint8_t **p, unsigned size, bool is_signed) {
  uint64_t v = 0;
  memcpy(&v, *p, size);
  *p += size;
  if (is_signed && size < 8 && ((v >> (size * 8 - 1)) & 1))
    v |= ~(uint64_t)0 << (size * 8);
  return (uintptr_t)v;
}

/* Reads a DW_EH_PE-encoded value; false for an encoding it does not know. */
static bool read_encoded(const uint8_t **p, uint8_t encoding,
                         uintptr_t *value) {
  const uint8_t *field = *p;
  uintptr_t v;
  switch (encoding & 0x0f) {
  case 0x01: /* uleb128 */
    v = read_uleb(p);
    break;
  case 0x09: /* sleb128 */
    v = (uintptr_t)read_sleb(p);
    break;
  case 0x00: /* absptr */
  case 0x04: /* udata8 */
  case 0x0c: /* sdata8 */
    v = read_fixed(p, 8, false);
    break;
  case 0x02: /* udata2, sdata2 */
  case 0x0a:
    v = read_fixed(p, 2, encoding & 0x08);
    break;
  case 0x03: /* udata4, sdata4 */
  case 0x0b:
    v = read_fixed(p, 4, encoding & 0x08);
    break;
  default:
    return false;
  }
  switch (encoding & 0x70) {
  case 0x00:
    break;
  case 0x10:
    v += (uintptr_t)field;
    break; /* pcrel */
  default:
    return false;
  }
  *value = v;
  return true;
}

/* Whether the personality would find a landing pad for ip (the address of
 * the instruction the frame is at) in the function at start. When the
 * table cannot be read, says no: the runner then makes the calls, and a
 * landing pad that runs after it finds none pending. */
static bool has_landing_pad(const uint8_t *lsda, uintptr_t start,
                            uintptr_t ip) {
  if (lsda == NULL)
    return false;
  const uint8_t *p = lsda;
  uintptr_t lpstart = start;
  uint8_t encoding = *p++;
  if (encoding != 0xff && !read_encoded(&p, encoding, &lpstart))
    return false;
  if (*p++ != 0xff)
    read_uleb(&p); /* the type table's offset */
  uint8_t site_encoding = *p++;
  uintptr_t length = read_uleb(&p);
  const uint8_t *end = p + length;
  while (p < end) {
    uintptr_t site_start, site_length, landing_pad;
    if (!read_encoded(&p, site_encoding, &site_start) ||
        !read_encoded(&p, site_encoding, &site_length) ||
        !read_encoded(&p, site_encoding, &landing_pad))
      return false;
    read_uleb(&p); /* action */
    if (ip < start + site_start)
      return false; /* sorted: no later entry covers ip */
    if (ip < start + site_start + site_length)
      return landing_pad != 0;
  }
  return false;
}

static const char *fault_message(int sig, int code) {
  if (sig == SIGFPE) {
    switch (code) {
    case FPE_INTDIV:
      return "runtime error: integer divide by zero";
    case FPE_INTOVF:
      return "runtime error: integer overflow";
    default:
      return "runtime error: floating point error";
    }
  }
  return "runtime error: invalid memory address or nil pointer dereference";
}

/* Called by fault_trampoline on the faulting task's stack. */
CDEFER_HIDDEN __attribute__((used)) void cdefer_fault_panic(int sig, int code,
                                                            uintptr_t addr,
                                                            uintptr_t pc,
                                                            uintptr_t *frame) {
  cdefer_runtime_depth++;
  forget_abandoned_frames();
  struct cdefer_task *task = cdefer_current_task();
  struct dwarf_eh_bases bases;
  if (_Unwind_Find_FDE((void *)pc, &bases) == NULL)
    skip_frame_without_unwind_info(frame);
  struct cdefer_panic *p = cdefer_panic_new(task, CDEFER_PANIC_USER);
  strcpy(p->inline_message, fault_message(sig, code));
  p->message = p->inline_message;
  p->signo = sig;
  p->sigcode = code;
  p->fault_addr = addr;
  p->fault_pc = pc;
  /* The backtrace starts at the faulting frame. */
  p->site_cfa = frame[1];
  p->fault_sp = frame[1];
  cdefer_runtime_depth--;
  cdefer_start_unwind(p);
}

/* --- Making the faulting frame's deferred calls --------------------------- */

/* Points cursor at the frame whose stack pointer is sp, walking up from
 * the caller of this function. */
static bool find_frame(unw_context_t *context, unw_cursor_t *cursor,
                       uintptr_t sp) {
  if (unw_getcontext(context) != 0 || unw_init_local(cursor, context) != 0)
    return false;
  unw_word_t frame_sp = 0;
  while (frame_sp != sp)
    if (unw_step(cursor) <= 0 ||
        unw_get_reg(cursor, UNW_REG_SP, &frame_sp) != 0 || frame_sp > sp)
      return false;
  return true;
}

/* Returns to the caller of the frame at caller (a cursor already stepped
 * to that caller) through ret with result as its argument, as if the frame
 * itself had returned. */
static _Noreturn void return_to_caller(unw_cursor_t *caller, void *ret,
                                       void *result) {
  unw_word_t caller_sp;
  if (unw_get_reg(caller, UNW_REG_SP, &caller_sp) != 0)
    cdefer_fatal("cannot find the caller of a recovered frame");
  /* Enter ret as if the caller had called it instead: the frame's return
   * address is still in place just below the caller's stack pointer. The
   * cursor holds the caller's callee-saved registers, restored from the
   * frame. */
  unw_set_reg(caller, UNW_REG_SP, caller_sp - sizeof(void *));
  unw_set_reg(caller, UNW_X86_64_RDI, (unw_word_t)result);
  unw_set_reg(caller, UNW_REG_IP, (unw_word_t)ret);
  forget_abandoned_frames();
  unw_resume(caller);
  cdefer_fatal("cannot resume the caller of a recovered frame");
}

void cdefer_fault_at_frame(struct cdefer_panic *p,
                           struct _Unwind_Context *context, uintptr_t sp) {
  /* Only a fault, or a panic raised while a fault's unwind is on the stack,
   * can pass a frame of a function with defers at a pc without a landing
   * pad: the faulting frame itself, or a frame whose call the compiler
   * proved could not unwind (a libc routine, or a function it inferred
   * nounwind) and which faulted all the same. */
  bool faulting_frame = false, after_fault = false;
  for (const struct cdefer_panic *q = p; q != NULL; q = q->link)
    if (q->signo != 0) {
      after_fault = true;
      faulting_frame |= q->fault_sp == sp;
    }
  if (!after_fault)
    return;
  uintptr_t start = _Unwind_GetRegionStart(context);
  const struct __cdefer_fault_frame *fn = lookup_function(start);
  if (fn == NULL)
    return;
  int ip_before_insn = 0;
  uintptr_t ip = _Unwind_GetIPInfo(context, &ip_before_insn);
  if (!ip_before_insn)
    ip--;
  /* A landing pad at a call site runs the calls, in order with the frame's
   * C cleanups; the faulting instruction may lie in a landing pad's range
   * too, but the runner is the safer way into a frame stopped between
   * calls. */
  if (!faulting_frame &&
      has_landing_pad((const uint8_t *)_Unwind_GetLanguageSpecificData(context),
                      start, ip))
    return;
  /* A cursor of our own at the frame, and one at its caller: the frame
   * lies between their stack pointers. (Rare enough to walk for.) */
  unw_context_t here;
  unw_cursor_t frame, caller;
  unw_word_t caller_sp;
  void *base;
  if (!find_frame(&here, &frame, sp))
    return;
  caller = frame;
  if (unw_step(&caller) <= 0 ||
      unw_get_reg(&caller, UNW_REG_SP, &caller_sp) != 0 ||
      !find_anchor(fn, &frame, sp, caller_sp, &base))
    return;
  _Alignas(16) unsigned char result[CDEFER_FAULT_RESULT_SIZE];
  /* If a call recovers p, p is gone when run returns. The frames from here
   * up to the caller are as they were: the cursor still describes them. */
  if (fn->run(base, &p->exception, result))
    return_to_caller(&caller, fn->ret, result);
}

/* --- Enabling ------------------------------------------------------------- */

/* The signal stack a thread gets: room for the handler and the fatal
 * message, with a guard page below. */
#define SIGNAL_STACK_SIZE (64 * 1024)

void cdefer_fault_attach_thread(void) {
  if (!atomic_load_explicit(&faults_enabled, memory_order_relaxed))
    return;
  stack_t current;
  if (sigaltstack(NULL, &current) != 0 || !(current.ss_flags & SS_DISABLE))
    return;
  long page = sysconf(_SC_PAGESIZE);
  char *mem = mmap(NULL, SIGNAL_STACK_SIZE + page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (mem == MAP_FAILED)
    return;
  mprotect(mem, page, PROT_NONE);
  stack_t ss = {.ss_sp = mem + page, .ss_size = SIGNAL_STACK_SIZE};
  if (sigaltstack(&ss, NULL) != 0)
    munmap(mem, SIGNAL_STACK_SIZE + page);
  /* The stack stays with the thread; a thread that ends leaves it mapped
   * (64 KiB), as glibc does not tell a library when to unmap it safely. */
}

int cdefer_enable_fault_panics(void) {
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&lock);
  int result = 0;
  if (!atomic_load(&faults_enabled)) {
    dl_iterate_phdr(find_unwinder_segment, (void *)_Unwind_ForcedUnwind);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fault_handler;
    /* SA_NODEFER: a fault in the handler comes back to it, which reports
     * it, rather than killing the process silently. */
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    atomic_store(&faults_enabled, true);
    static const int signals[] = {SIGSEGV, SIGBUS, SIGFPE};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
      if (sigaction(signals[i], &sa, NULL) != 0)
        result = -1;
  }
  cdefer_fault_attach_thread();
  pthread_mutex_unlock(&lock);
  return result;
}

/* --- The report ----------------------------------------------------------- */

void cdefer_fault_describe(const struct cdefer_panic *p) {
  const char *name = p->signo == SIGSEGV  ? "segmentation violation"
                     : p->signo == SIGBUS ? "bus error"
                                          : "floating-point exception";
  const char *abbrev = sigabbrev_np(p->signo);
  fprintf(stderr, "[signal SIG%s: %s code=0x%x addr=0x%lx pc=0x%lx]\n",
          abbrev ? abbrev : "?", name, (unsigned)p->sigcode,
          (unsigned long)p->fault_addr, (unsigned long)p->fault_pc);
}
