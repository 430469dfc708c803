// A fault at the first instruction of a new row of its function's call
// frame information: the row applies from that instruction on (DWARF's
// rule), so the faulting frame's caller is found through the CFA the push
// before it made. The runtime looks a faulting pc up as it is and a return
// address one byte back; a stepper that applied a row only after its first
// byte (as libunwind does with the pc it is given) would find the wrong
// return address here.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind

#include <defer.h>
#include <stdio.h>

// int load_after_push(const int *p): pushes rbx, then loads *p: the load
// is the first instruction of the row that says CFA = rsp + 16.
int load_after_push(const int *p);
__asm__(".text\n"
        ".globl load_after_push\n"
        ".type load_after_push,@function\n"
        "load_after_push:\n"
        ".cfi_startproc\n"
        "  pushq %rbx\n"
        ".cfi_adjust_cfa_offset 8\n"
        ".cfi_offset %rbx, -16\n"
        "  movl (%rdi), %eax\n"
        "  popq %rbx\n"
        ".cfi_adjust_cfa_offset -8\n"
        ".cfi_restore %rbx\n"
        "  ret\n"
        ".cfi_endproc\n"
        ".size load_after_push, .-load_after_push\n");

static void catch_it(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "nothing");
}

static int *volatile null_pointer;

__attribute__((noinline)) static int load(void) {
  __attribute__((defer)) catch_it();
  return load_after_push(null_pointer) + 1;
}

int main(void) {
  cdefer_enable_fault_panics();
  for (int i = 0; i < 3; i++)
    printf("load returned %d\n", load());
  return 0;
}

// CHECK:      recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: load returned 0
// CHECK-NEXT: recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: load returned 0
// CHECK-NEXT: recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: load returned 0
