/* frame.c - the frames of a stack: capturing one, stepping to its caller,
 * and continuing one.
 *
 * A struct cdefer_frame holds what a call preserves (rbx, rbp, r12-r15, the
 * stack pointer) and where the frame resumes. cdefer_frame_step moves it to
 * the caller's frame with the frame's row (dwarf.c, frame_cache.c): the CFA
 * is a register plus an offset, the return address and the saved registers
 * are read at offsets from it. A row this cannot follow sends the step to
 * libunwind, with a cursor built from the frame. Three small assembly
 * routines capture a frame and continue one: at a landing pad, or, for a
 * function a fault recovered, at its caller through the function's return
 * stub.
 *
 * Invariants:
 *  - A step only ever moves to a frame higher on the same stack (its CFA
 *    is above the stack pointer); anything else goes to libunwind, which
 *    knows signal frames and stack switches.
 *  - Continuing a frame reads everything it needs from the source frame
 *    before it writes the stack: the source may lie in the memory it is
 *    about to reuse.
 */
#include "internal.h"

#include <string.h>

__asm__(".pushsection cdefer_text,\"ax\",@progbits\n"
        /* void cdefer_frame_capture(struct cdefer_frame *f) */
        ".globl cdefer_frame_capture\n"
        ".hidden cdefer_frame_capture\n"
        ".type cdefer_frame_capture,@function\n"
        ".p2align 4\n"
        "cdefer_frame_capture:\n"
        ".cfi_startproc\n"
        "  movq (%rsp), %rax\n"
        "  movq %rax, 0(%rdi)\n"  /* rip: the return address */
        "  leaq 8(%rsp), %rax\n"
        "  movq %rax, 8(%rdi)\n"  /* rsp: the caller's, after the return */
        "  movq %rbx, 16(%rdi)\n"
        "  movq %rbp, 24(%rdi)\n"
        "  movq %r12, 32(%rdi)\n"
        "  movq %r13, 40(%rdi)\n"
        "  movq %r14, 48(%rdi)\n"
        "  movq %r15, 56(%rdi)\n"
        "  ret\n"
        ".cfi_endproc\n"
        ".size cdefer_frame_capture, .-cdefer_frame_capture\n"

        /* void cdefer_frame_resume(const struct cdefer_frame *f,
         *                          uintptr_t rax, uintptr_t rdx) */
        ".globl cdefer_frame_resume\n"
        ".hidden cdefer_frame_resume\n"
        ".type cdefer_frame_resume,@function\n"
        ".p2align 4\n"
        "cdefer_frame_resume:\n"
        ".cfi_startproc\n"
        "  movq %rsi, %rax\n"
        "  movq 0(%rdi), %rcx\n"
        "  movq 16(%rdi), %rbx\n"
        "  movq 24(%rdi), %rbp\n"
        "  movq 32(%rdi), %r12\n"
        "  movq 40(%rdi), %r13\n"
        "  movq 48(%rdi), %r14\n"
        "  movq 56(%rdi), %r15\n"
        "  movq 8(%rdi), %rsp\n"
        "  jmpq *%rcx\n"
        ".cfi_endproc\n"
        ".size cdefer_frame_resume, .-cdefer_frame_resume\n"

        /* void cdefer_frame_return(const struct cdefer_return_state *s)
         * The stub is entered as if the caller had called it from where it
         * called the recovered function: its return address is still in
         * place just below the caller's stack pointer. The result goes to
         * the stub's red zone, [rsp - 128, rsp - 64), which a signal does
         * not overwrite; s (not on this stack) is read after the stack
         * pointer has moved. */
        ".globl cdefer_frame_return\n"
        ".hidden cdefer_frame_return\n"
        ".type cdefer_frame_return,@function\n"
        ".p2align 4\n"
        "cdefer_frame_return:\n"
        ".cfi_startproc\n"
        "  movq %rdi, %r11\n"
        "  movq 80(%r11), %rcx\n" /* caller.regs[CDEFER_RSP] */
        "  subq $8, %rcx\n"
        "  movq 400(%r11), %rax\n"
        "  movq %rax, -128(%rcx)\n"
        "  movq 408(%r11), %rax\n"
        "  movq %rax, -120(%rcx)\n"
        "  movq 416(%r11), %rax\n"
        "  movq %rax, -112(%rcx)\n"
        "  movq 424(%r11), %rax\n"
        "  movq %rax, -104(%rcx)\n"
        "  movq 432(%r11), %rax\n"
        "  movq %rax, -96(%rcx)\n"
        "  movq 440(%r11), %rax\n"
        "  movq %rax, -88(%rcx)\n"
        "  movq 448(%r11), %rax\n"
        "  movq %rax, -80(%rcx)\n"
        "  movq 456(%r11), %rax\n"
        "  movq %rax, -72(%rcx)\n"
        "  movq 88(%r11), %rbx\n"
        "  movq 96(%r11), %rbp\n"
        "  movq 104(%r11), %r12\n"
        "  movq 112(%r11), %r13\n"
        "  movq 120(%r11), %r14\n"
        "  movq 128(%r11), %r15\n"
        "  movq %rcx, %rsp\n"
        "  btq $0, 64(%r11)\n  jnc 1f\n  movq 0(%r11), %rax\n1:\n"
        "  btq $1, 64(%r11)\n  jnc 1f\n  movq 8(%r11), %rdx\n1:\n"
        "  btq $2, 64(%r11)\n  jnc 1f\n  movq 16(%r11), %rcx\n1:\n"
        "  btq $3, 64(%r11)\n  jnc 1f\n  movq 24(%r11), %rsi\n1:\n"
        "  btq $4, 64(%r11)\n  jnc 1f\n  movq 32(%r11), %rdi\n1:\n"
        "  btq $5, 64(%r11)\n  jnc 1f\n  movq 40(%r11), %r8\n1:\n"
        "  btq $6, 64(%r11)\n  jnc 1f\n  movq 48(%r11), %r9\n1:\n"
        "  btq $7, 64(%r11)\n  jnc 1f\n  movq 56(%r11), %r10\n1:\n"
        "  btq $8, 64(%r11)\n  jnc 1f\n  movdqu 144(%r11), %xmm0\n1:\n"
        "  btq $9, 64(%r11)\n  jnc 1f\n  movdqu 160(%r11), %xmm1\n1:\n"
        "  btq $10, 64(%r11)\n  jnc 1f\n  movdqu 176(%r11), %xmm2\n1:\n"
        "  btq $11, 64(%r11)\n  jnc 1f\n  movdqu 192(%r11), %xmm3\n1:\n"
        "  btq $12, 64(%r11)\n  jnc 1f\n  movdqu 208(%r11), %xmm4\n1:\n"
        "  btq $13, 64(%r11)\n  jnc 1f\n  movdqu 224(%r11), %xmm5\n1:\n"
        "  btq $14, 64(%r11)\n  jnc 1f\n  movdqu 240(%r11), %xmm6\n1:\n"
        "  btq $15, 64(%r11)\n  jnc 1f\n  movdqu 256(%r11), %xmm7\n1:\n"
        "  btq $16, 64(%r11)\n  jnc 1f\n  movdqu 272(%r11), %xmm8\n1:\n"
        "  btq $17, 64(%r11)\n  jnc 1f\n  movdqu 288(%r11), %xmm9\n1:\n"
        "  btq $18, 64(%r11)\n  jnc 1f\n  movdqu 304(%r11), %xmm10\n1:\n"
        "  btq $19, 64(%r11)\n  jnc 1f\n  movdqu 320(%r11), %xmm11\n1:\n"
        "  btq $20, 64(%r11)\n  jnc 1f\n  movdqu 336(%r11), %xmm12\n1:\n"
        "  btq $21, 64(%r11)\n  jnc 1f\n  movdqu 352(%r11), %xmm13\n1:\n"
        "  btq $22, 64(%r11)\n  jnc 1f\n  movdqu 368(%r11), %xmm14\n1:\n"
        "  btq $23, 64(%r11)\n  jnc 1f\n  movdqu 384(%r11), %xmm15\n1:\n"
        "  jmpq *136(%r11)\n"
        ".cfi_endproc\n"
        ".size cdefer_frame_return, .-cdefer_frame_return\n"
        ".popsection\n");

_Static_assert(CDEFER_FAULT_RESULT_SIZE == 64, "cdefer_frame_return copies 64");
_Static_assert(offsetof(struct cdefer_return_state, mask) == 64, "asm");
_Static_assert(offsetof(struct cdefer_return_state, caller) == 72, "asm");
_Static_assert(offsetof(struct cdefer_return_state, stub) == 136, "asm");
_Static_assert(offsetof(struct cdefer_return_state, xmm) == 144, "asm");
_Static_assert(offsetof(struct cdefer_return_state, result) == 400, "asm");
_Static_assert(offsetof(struct cdefer_frame, regs[CDEFER_RIP]) == 0, "asm");
_Static_assert(offsetof(struct cdefer_frame, regs[CDEFER_RSP]) == 8, "asm");
_Static_assert(offsetof(struct cdefer_frame, regs[CDEFER_RBX]) == 16, "asm");
_Static_assert(offsetof(struct cdefer_frame, regs[CDEFER_R15]) == 56, "asm");

/* --- libunwind --------------------------------------------------------- */

/* unw_context_t of LLVM's libunwind on x86-64 is its register file: rax,
 * rbx, rcx, rdx, rdi, rsi, rbp, rsp, r8-r15, rip, ... (unw_getcontext). */
enum { CONTEXT_RBX = 1, CONTEXT_RBP = 6, CONTEXT_RSP = 7, CONTEXT_R12 = 12,
       CONTEXT_RIP = 16 };

bool cdefer_frame_cursor(const struct cdefer_frame *f, uintptr_t pc,
                         unw_context_t *context, unw_cursor_t *cursor) {
  memset(context, 0, sizeof *context);
  uint64_t *regs = (uint64_t *)context;
  regs[CONTEXT_RBX] = f->regs[CDEFER_RBX];
  regs[CONTEXT_RBP] = f->regs[CDEFER_RBP];
  regs[CONTEXT_RSP] = f->regs[CDEFER_RSP];
  for (int i = 0; i < 4; i++)
    regs[CONTEXT_R12 + i] = f->regs[CDEFER_R12 + i];
  /* A cursor's first frame is looked up at its exact pc. */
  regs[CONTEXT_RIP] = pc;
  return unw_init_local(cursor, context) == 0;
}

bool cdefer_cursor_rebuild(unw_cursor_t *cursor, uintptr_t pc,
                           unw_context_t *context, unw_cursor_t *out) {
  /* unw_context_t's order of the general registers; unw_get_reg's
   * numbers differ. */
  static const unw_regnum_t numbers[16] = {
      UNW_X86_64_RAX, UNW_X86_64_RBX, UNW_X86_64_RCX, UNW_X86_64_RDX,
      UNW_X86_64_RDI, UNW_X86_64_RSI, UNW_X86_64_RBP, UNW_X86_64_RSP,
      UNW_X86_64_R8,  UNW_X86_64_R9,  UNW_X86_64_R10, UNW_X86_64_R11,
      UNW_X86_64_R12, UNW_X86_64_R13, UNW_X86_64_R14, UNW_X86_64_R15};
  memset(context, 0, sizeof *context);
  uint64_t *regs = (uint64_t *)context;
  for (int i = 0; i < 16; i++) {
    unw_word_t value = 0;
    unw_get_reg(cursor, numbers[i], &value);
    regs[i] = (uint64_t)value;
  }
  regs[CONTEXT_RIP] = pc;
  return unw_init_local(out, context) == 0;
}

void cdefer_frame_from_cursor(unw_cursor_t *cursor, struct cdefer_frame *f) {
  static const unw_regnum_t numbers[CDEFER_NREGS] = {
      [CDEFER_RIP] = UNW_REG_IP,     [CDEFER_RSP] = UNW_REG_SP,
      [CDEFER_RBX] = UNW_X86_64_RBX, [CDEFER_RBP] = UNW_X86_64_RBP,
      [CDEFER_R12] = UNW_X86_64_R12, [CDEFER_R13] = UNW_X86_64_R13,
      [CDEFER_R14] = UNW_X86_64_R14, [CDEFER_R15] = UNW_X86_64_R15};
  for (int i = 0; i < CDEFER_NREGS; i++) {
    unw_word_t value = 0;
    unw_get_reg(cursor, numbers[i], &value);
    f->regs[i] = (uintptr_t)value;
  }
}

static bool step_with_libunwind(struct cdefer_frame *f, uintptr_t pc,
                                bool *exact) {
  unw_context_t context;
  unw_cursor_t cursor;
  if (!cdefer_frame_cursor(f, pc, &context, &cursor))
    return false;
  /* The frame a signal frame returns to was interrupted, not calling. */
  bool signal = unw_is_signal_frame(&cursor) > 0;
  if (unw_step(&cursor) <= 0)
    return false;
  cdefer_frame_from_cursor(&cursor, f);
  *exact = signal;
  return f->regs[CDEFER_RIP] != 0;
}

/* --- Stepping ----------------------------------------------------------- */

bool cdefer_frame_step(struct cdefer_frame *f,
                       const struct cdefer_unwind_row *row, bool *exact) {
  if (row->flags & CDEFER_ROW_OUTERMOST)
    return false;
  uintptr_t cfa = f->regs[row->cfa_reg] + (intptr_t)row->cfa_offset;
  if ((row->flags & CDEFER_ROW_LIBUNWIND) || cfa <= f->regs[CDEFER_RSP])
    return step_with_libunwind(f, row->pc, exact);
  uintptr_t saved[CDEFER_NSAVED];
  for (int i = 0; i < CDEFER_NSAVED; i++)
    saved[i] = row->saved[i] == CDEFER_ROW_SAME
                   ? f->regs[CDEFER_RBX + i]
                   : *(const uintptr_t *)(cfa + row->saved[i]);
  uintptr_t ra = *(const uintptr_t *)(cfa + row->ra_offset);
  memcpy(&f->regs[CDEFER_RBX], saved, sizeof saved);
  f->regs[CDEFER_RSP] = cfa;
  f->regs[CDEFER_RIP] = ra;
  *exact = false;
  return ra != 0;
}
