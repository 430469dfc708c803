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

        /* void cdefer_frame_return(const struct cdefer_frame *caller,
         *                          void *stub, const void *result)
         * The stub is entered as if the caller had called it from where it
         * called the recovered function: its return address is still in
         * place just below the caller's stack pointer. The result goes to
         * the stub's red zone, [rsp - 128, rsp - 64), which the stub does not
         * touch before it has read it and a signal does not overwrite. */
        ".globl cdefer_frame_return\n"
        ".hidden cdefer_frame_return\n"
        ".type cdefer_frame_return,@function\n"
        ".p2align 4\n"
        "cdefer_frame_return:\n"
        ".cfi_startproc\n"
        "  movdqu 0(%rdx), %xmm0\n"
        "  movdqu 16(%rdx), %xmm1\n"
        "  movdqu 32(%rdx), %xmm2\n"
        "  movdqu 48(%rdx), %xmm3\n"
        "  movq 8(%rdi), %rcx\n"
        "  subq $8, %rcx\n"
        "  movq 16(%rdi), %rbx\n"
        "  movq 24(%rdi), %rbp\n"
        "  movq 32(%rdi), %r12\n"
        "  movq 40(%rdi), %r13\n"
        "  movq 48(%rdi), %r14\n"
        "  movq 56(%rdi), %r15\n"
        "  leaq -128(%rcx), %rdi\n"
        "  movdqu %xmm0, 0(%rdi)\n"
        "  movdqu %xmm1, 16(%rdi)\n"
        "  movdqu %xmm2, 32(%rdi)\n"
        "  movdqu %xmm3, 48(%rdi)\n"
        "  movq %rcx, %rsp\n"
        "  jmpq *%rsi\n"
        ".cfi_endproc\n"
        ".size cdefer_frame_return, .-cdefer_frame_return\n"
        ".popsection\n");

_Static_assert(CDEFER_FAULT_RESULT_SIZE == 64, "cdefer_frame_return copies 64");
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
