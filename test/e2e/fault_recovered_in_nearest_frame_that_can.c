// A fault where the faulting code has no defers of its own (SPEC.md 3.10,
// issue 4): inside a libc routine called from a frame with defers, inside a
// hand-written function without unwind info (the frame is skipped by
// finding its caller's return address on the stack), and in a plain C
// function two frames below the recovering one. The nearest frame with
// defers runs its pending calls and recovers, even though its call to the
// faulting code has no landing pad (libc's routines are declared nothrow).
// Frames in between run their own deferred calls and C cleanup variables on
// the way, innermost first.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind

#include <defer.h>
#include <stdio.h>
#include <string.h>

static char *volatile null_string;

static void say(const char *what) { printf("deferred %s\n", what); }

static void recover_and_print(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "nothing");
}

// CHECK-LABEL: libc
// CHECK-NEXT:  deferred after strlen
// CHECK-NEXT:  recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT:  returned 0
__attribute__((noinline)) static size_t length(void) {
  __attribute__((defer)) recover_and_print();
  __attribute__((defer)) say("after strlen");
  return strlen(null_string);
}

// CHECK-LABEL: memcpy
// CHECK-NEXT:  recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT:  returned 0
__attribute__((noinline)) static int copy(size_t n) {
  __attribute__((defer)) recover_and_print();
  char buf[64] = "";
  memcpy(buf, null_string, n);
  return buf[0];
}

// A leaf in assembly without CFI: the unwinder cannot step out of it.
int load_without_unwind_info(const int *p);
__asm__(".text\n"
        ".globl load_without_unwind_info\n"
        ".type load_without_unwind_info,@function\n"
        "load_without_unwind_info:\n"
        "  movl (%rdi), %eax\n"
        "  ret\n"
        ".size load_without_unwind_info, .-load_without_unwind_info\n");

// CHECK-LABEL: no unwind info
// CHECK-NEXT:  deferred around the leaf
// CHECK-NEXT:  recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT:  returned 0
__attribute__((noinline)) static int call_leaf(void) {
  __attribute__((defer)) recover_and_print();
  __attribute__((defer)) say("around the leaf");
  return load_without_unwind_info((const int *)null_string) + 1;
}

// The fault two frames below the recovering one. middle calls through a
// function pointer, so it has a landing pad there: its C cleanup variable
// and its deferred call run in stack order.
// CHECK-LABEL: outer
// CHECK-NEXT:  cleanup variable in middle
// CHECK-NEXT:  deferred in middle
// CHECK-NEXT:  recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT:  deferred in outer
// CHECK-NEXT:  returned 0
__attribute__((noinline)) static int plain(const char *s) { return s[3]; }
static int (*volatile plain_pointer)(const char *) = plain;

static void announce(int *unused) {
  (void)unused;
  puts("cleanup variable in middle");
}

__attribute__((noinline)) static int middle(void) {
  __attribute__((defer)) say("in middle");
  __attribute__((cleanup(announce))) int guard = 0;
  return plain_pointer(null_string) + guard;
}

__attribute__((noinline)) static int outer(void) {
  __attribute__((defer)) say("in outer");
  __attribute__((defer)) recover_and_print();
  return middle() + 1;
}

// The same through direct calls: at -O2 the compiler proves that plain
// cannot unwind (it calls nothing), and then that middle2 cannot either, so
// neither call has a landing pad; both frames' calls are made by the
// runtime.
// CHECK-LABEL: inferred nounwind
// CHECK-NEXT:  deferred in middle2
// CHECK-NEXT:  recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT:  deferred in outer2
// CHECK-NEXT:  returned 0
__attribute__((noinline)) static int middle2(void) {
  __attribute__((defer)) say("in middle2");
  return plain(null_string);
}

__attribute__((noinline)) static int outer2(void) {
  __attribute__((defer)) say("in outer2");
  __attribute__((defer)) recover_and_print();
  return middle2() + 1;
}

int main(void) {
  cdefer_enable_fault_panics();
  puts("libc");
  printf("returned %zu\n", length());
  puts("memcpy");
  printf("returned %d\n", copy(32));
  puts("no unwind info");
  printf("returned %d\n", call_leaf());
  puts("outer");
  printf("returned %d\n", outer());
  puts("inferred nounwind");
  printf("returned %d\n", outer2());
  return 0;
}
