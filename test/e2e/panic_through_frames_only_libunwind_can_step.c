// Frames whose call frame information the runtime's own stepper does not
// follow are stepped by libunwind: here two hand-written functions between
// the panic and the recovering frame, one whose CFA is a DWARF expression
// and one that keeps its caller's rbx in r12. Both clobber the callee-saved
// registers they save; after the recovery the caller of the recovering
// function finds its own registers intact.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s

#include <defer.h>
#include <stdio.h>

// void through_expression(void (*fn)(void)): saves rbx and r12, clobbers
// them, calls fn. Its CFA is given as DW_OP_breg7 (rsp) 32.
void through_expression(void (*fn)(void));
// void through_register(void (*fn)(void)): saves r12 on the stack and rbx
// in r12 (DW_CFA_register), clobbers rbx, calls fn.
void through_register(void (*fn)(void));
__asm__(".text\n"
        ".globl through_expression\n"
        ".type through_expression,@function\n"
        "through_expression:\n"
        ".cfi_startproc\n"
        "  pushq %rbx\n"
        ".cfi_adjust_cfa_offset 8\n"
        ".cfi_offset %rbx, -16\n"
        "  pushq %r12\n"
        ".cfi_adjust_cfa_offset 8\n"
        ".cfi_offset %r12, -24\n"
        "  subq $8, %rsp\n"
        /* DW_CFA_def_cfa_expression: DW_OP_breg7 (rsp) 32 */
        ".cfi_escape 0x0f, 0x02, 0x77, 0x20\n"
        "  movq $0x1111, %rbx\n"
        "  movq $0x2222, %r12\n"
        "  callq *%rdi\n"
        "  addq $8, %rsp\n"
        ".cfi_def_cfa %rsp, 24\n"
        "  popq %r12\n"
        ".cfi_adjust_cfa_offset -8\n"
        "  popq %rbx\n"
        ".cfi_adjust_cfa_offset -8\n"
        "  ret\n"
        ".cfi_endproc\n"
        ".size through_expression, .-through_expression\n"
        ".globl through_register\n"
        ".type through_register,@function\n"
        "through_register:\n"
        ".cfi_startproc\n"
        "  pushq %r12\n"
        ".cfi_adjust_cfa_offset 8\n"
        ".cfi_offset %r12, -16\n"
        "  movq %rbx, %r12\n"
        ".cfi_register %rbx, %r12\n"
        "  movq $0x3333, %rbx\n"
        "  callq *%rdi\n"
        "  movq %r12, %rbx\n"
        ".cfi_restore %rbx\n"
        "  popq %r12\n"
        ".cfi_adjust_cfa_offset -8\n"
        "  ret\n"
        ".cfi_endproc\n"
        ".size through_register, .-through_register\n");

static void say(const char *s) { printf("deferred %s\n", s); }

static void catch_it(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "nothing");
}

static void panics(void) {
  __attribute__((defer)) say("at the panic");
  panic("through assembly");
}

static void inner(void) {
  __attribute__((defer)) say("between the two");
  through_register(panics);
}

__attribute__((noinline)) static int catcher(void) {
  __attribute__((defer)) catch_it();
  through_expression(inner);
  return 1;
}

static volatile long seeds[6] = {101, 202, 303, 404, 505, 606};

int main(void) {
  for (int round = 0; round < 3; round++) {
    // Six different values live across the call: at -O2 in the six
    // callee-saved registers, some of which catcher does not save, so
    // they come back as the walk restored them.
    long a = seeds[0], b = seeds[1], c = seeds[2], d = seeds[3],
         e = seeds[4], f = seeds[5];
    int r = catcher();
    printf("catcher returned %d, registers %s\n", r,
           a == 101 && b == 202 && c == 303 && d == 404 && e == 505 &&
                   f == 606
               ? "intact"
               : "CLOBBERED");
  }
  return 0;
}

// CHECK:      deferred at the panic
// CHECK-NEXT: deferred between the two
// CHECK-NEXT: recovered: through assembly
// CHECK-NEXT: catcher returned 0, registers intact
// CHECK:      catcher returned 0, registers intact
// CHECK:      catcher returned 0, registers intact
