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
 *  2. fault_trampoline's frame is the faulting frame's registers, and its
 *     unwind info describes the faulting frame as its caller, as if the
 *     faulting instruction were a call that returned to the next byte (for
 *     debuggers and libunwind). cdefer_fault_panic makes the panic record
 *     on the faulting task and starts the panic's walk at the faulting
 *     frame itself.
 *  3. The panic walks the stack as any panic, but a frame of a function
 *     with defers (registered by the pass) may now be at a pc without a
 *     landing pad: it faulted, or it called code the compiler proved could
 *     not unwind, which faulted. The walk makes such a frame's pending
 *     deferred calls through the pass's per-function runner
 *     (fault_frames.c); if one recovers, the frame returns to its caller
 *     through the pass's return stub, with what its result holds.
 *
 * Invariants:
 *  - The handler reads only the interrupted context, the signal stack's
 *    bounds and the thread's runtime-depth counter and activity, and
 *    writes only the context and two words of the faulting stack below its
 *    red zone.
 *  - A fault's panic is linked only once complete (panic.c).
 *  - Every record and panic of a fault belongs to the task that faulted: it
 *    is made on that task's stack after the handler has returned.
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
  /* Overflow-safe: either address can be anywhere. */
  if (addr < 65536)
    return false;
  return addr <= sp ? sp - addr <= 65536 : addr - sp <= 4096;
}

void fault_trampoline(void);
_Noreturn void cdefer_fault_panic(int sig, int code, uintptr_t addr,
                                  uintptr_t pc, struct cdefer_frame *frame);

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
  if (on_signal_stack && sp - (uintptr_t)ss.ss_sp < ss.ss_size)
    fatal_fault("fault on the signal stack (in a signal handler, or a "
                "second fault while handling one)",
                sig, addr, pc);
  if (cdefer_runtime_depth != 0 && cdefer_runtime_activity != NULL) {
    char what[160];
    size_t len = 0;
    append(what, &len, sizeof what, "fault in the cdefer runtime while ");
    append(what, &len, sizeof what, cdefer_runtime_activity);
    what[len] = '\0';
    fatal_fault(what, sig, addr, pc);
  }
  if (cdefer_runtime_depth != 0 || pc_in_runtime(pc))
    fatal_fault("fault in the cdefer runtime", sig, addr, pc);
  if ((sig == SIGSEGV || sig == SIGBUS) && is_stack_overflow(addr, sp))
    fatal_fault("stack overflow", sig, addr, pc);

  /* The trampoline's frame is the faulting frame as a struct cdefer_frame:
   * rip the return address the trampoline reports (the byte after the
   * faulting instruction's first), rsp the faulting stack pointer, and the
   * callee-saved registers. Below the red zone of the faulting frame, or,
   * if this handler runs on the faulting stack, below this handler's
   * frame. */
  uintptr_t below = on_signal_stack ? sp - 128 : (uintptr_t)&ss - 1024;
  struct cdefer_frame *frame =
      (struct cdefer_frame *)((below - sizeof(struct cdefer_frame)) & ~15ul);
  frame->regs[CDEFER_RIP] = pc + 1;
  frame->regs[CDEFER_RSP] = sp;
  frame->regs[CDEFER_RBX] = (uintptr_t)regs[REG_RBX];
  frame->regs[CDEFER_RBP] = (uintptr_t)regs[REG_RBP];
  frame->regs[CDEFER_R12] = (uintptr_t)regs[REG_R12];
  frame->regs[CDEFER_R13] = (uintptr_t)regs[REG_R13];
  frame->regs[CDEFER_R14] = (uintptr_t)regs[REG_R14];
  frame->regs[CDEFER_R15] = (uintptr_t)regs[REG_R15];
  regs[REG_RSP] = (greg_t)frame;
  regs[REG_RIP] = (greg_t)fault_trampoline;
  regs[REG_RDI] = sig;
  regs[REG_RSI] = info->si_code;
  regs[REG_RDX] = (greg_t)addr;
  regs[REG_RCX] = (greg_t)pc;
  regs[REG_R8] = (greg_t)frame;
}

/* Entered with rsp = frame (16-byte aligned), frame->regs[CDEFER_RIP] = the
 * return address to report, frame->regs[CDEFER_RSP] = the caller's stack
 * pointer. Its CFI (for debuggers and libunwind; a panic starts its walk
 * at the faulting frame itself): CFA =
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
        /* The ABI's state at a call: DF clear and the x87 register stack
         * empty (the faulting code may have left values on it). The x87
         * control word is kept (callee-saved); the red zone below the
         * frame is free. */
        "  cld\n"
        "  fnstcw -8(%rsp)\n"
        "  fninit\n"
        "  fldcw -8(%rsp)\n"
        "  call cdefer_fault_panic\n"
        "  ud2\n"
        ".cfi_endproc\n"
        ".size fault_trampoline, .-fault_trampoline\n"
        ".popsection\n");

/* --- Passing a signal frame ------------------------------------------------ */

/* A panic raised by a signal handler that passes the handler's signal
 * frame: sp is that frame's stack pointer, pc its pc. The kernel ran the
 * handler with the default floating-point environment and would have
 * restored the interrupted code's at sigreturn, which never comes: the
 * runtime restores its MXCSR and x87 control word (callee-saved in the
 * ABI) from the saved context, for the deferred calls of the interrupted
 * frames and for the function that recovers. Only glibc's restorer's frame
 * is read (mov $15, %rax; syscall, with the ucontext at its stack
 * pointer); the x87 register stack stays empty, as in the handler. */
void cdefer_signal_frame_passed(uintptr_t pc, uintptr_t sp) {
  static const unsigned char restorer[] = {0x48, 0xc7, 0xc0, 0x0f, 0x00,
                                           0x00, 0x00, 0x0f, 0x05};
  if (pc == 0 || memcmp((const void *)pc, restorer, sizeof restorer) != 0)
    return;
  const ucontext_t *uc = (const ucontext_t *)sp;
  const struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
  if (fp == NULL)
    return;
  unsigned mxcsr = fp->mxcsr;
  unsigned short cw = fp->cwd;
  __asm__ volatile("ldmxcsr %0\n\tfldcw %1" ::"m"(mxcsr), "m"(cw));
}

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
static void skip_frame_without_unwind_info(struct cdefer_frame *frame) {
  uintptr_t *word = (uintptr_t *)frame->regs[CDEFER_RSP];
  for (int i = 0; i < 128; i++, word++)
    if (is_return_address(*word)) {
      frame->regs[CDEFER_RIP] = *word;
      frame->regs[CDEFER_RSP] = (uintptr_t)(word + 1);
      return;
    }
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
                                                            struct cdefer_frame *frame) {
  cdefer_runtime_depth++;
  cdefer_forget_abandoned_frames();
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
  p->site_cfa = frame->regs[CDEFER_RSP];
  p->fault_sp = frame->regs[CDEFER_RSP];
  cdefer_runtime_leave();
  cdefer_panic_link(p, p->fault_sp);
  cdefer_walk_from(p, frame);
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
