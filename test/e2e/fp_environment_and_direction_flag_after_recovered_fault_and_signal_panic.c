// The floating-point environment and the direction flag around a recovered
// runtime fault and a recovered panic raised by a signal handler.
//
// The SysV ABI makes the control bits of MXCSR and the x87 control word
// callee-saved, and requires DF = 0 and an empty x87 register stack at
// every call. So:
//  - deferred calls run with DF = 0 and an empty x87 stack, even when the
//    fault stopped code with DF = 1 (a backward string copy) or with values
//    on the x87 stack (the runtime clears both before it calls anything);
//  - they run, and the recovering function returns to its caller, with the
//    MXCSR and x87 control word the interrupted code had (rounding mode,
//    exception masks, FTZ/DAZ, x87 precision and rounding): a fault's
//    handler returns through the kernel, which restores them; a signal
//    handler that panics never returns, and runs with the kernel's default
//    environment, so the runtime restores the interrupted context's when
//    the panic passes the signal frame.
//
// RUN: %cdefer-cc -O0 %s -lm -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -lm -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -lm -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -lm -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -lm -o %t.pooled && %run %t.pooled | FileCheck %s
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind

#define _GNU_SOURCE
#include <defer.h>
#include <fenv.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned get_mxcsr(void) {
  unsigned v;
  __asm__ volatile("stmxcsr %0" : "=m"(v));
  return v;
}
static void set_mxcsr(unsigned v) { __asm__ volatile("ldmxcsr %0" ::"m"(v)); }
static unsigned short get_x87_cw(void) {
  unsigned short v;
  __asm__ volatile("fnstcw %0" : "=m"(v));
  return v;
}
static void set_x87_cw(unsigned short v) { __asm__ volatile("fldcw %0" ::"m"(v)); }
static unsigned long get_flags(void) {
  unsigned long v;
  __asm__ volatile("pushfq; popq %0" : "=r"(v));
  return v;
}
/* The x87 tag word: 0xffff when the register stack is empty. */
static unsigned short get_x87_tags(void) {
  struct { uint16_t cw, pad0, sw, pad1, tw, pad2; uint32_t rest[4]; } env;
  __asm__ volatile("fnstenv %0; fldenv %0" : "=m"(env));
  return env.tw;
}

/* MXCSR: round up (RC = 10), flush-to-zero, denormals-are-zero; every
 * exception stays masked (an unmasked one would trap wherever the runtime
 * or libc computes). Its flags (bits 0-5) are status, not callee-saved. */
#define MXCSR_CONTROL 0xffc0u
static const unsigned program_mxcsr = 0x1f80u | (2u << 13) | (1u << 15) | (1u << 6);
/* x87: all exceptions masked, 53-bit precision (PC = 10), round down
 * (RC = 01). */
static const unsigned short program_cw = 0x027f | (1u << 10);

static int bad;
static void expect(int ok, const char *what, const char *when) {
  if (!ok) {
    printf("FAIL: %s %s\n", what, when);
    bad = 1;
  }
}

/* What a deferred call sees. */
static void check_deferred_state(const char *when) {
  unsigned long flags = get_flags();
  unsigned short tags = get_x87_tags();
  expect(!(flags & 0x400), "DF clear in a deferred call", when);
  expect(tags == 0xffff, "x87 stack empty in a deferred call", when);
  expect((get_mxcsr() & MXCSR_CONTROL) == (program_mxcsr & MXCSR_CONTROL),
         "MXCSR control bits in a deferred call", when);
  expect(get_x87_cw() == program_cw, "x87 control word in a deferred call",
         when);
  /* x87 arithmetic works: nothing stale on the stack to overflow it. */
  volatile long double a = 1.5L, b = 3.0L;
  long double sum = 0;
  for (int i = 0; i < 12; i++)
    sum += a * b;
  expect(sum == 54.0L, "x87 arithmetic in a deferred call", when);
}

static const char *current;

static void catch_it(void) {
  check_deferred_state(current);
  const cdefer_panic_t *p = recover();
  expect(p != NULL, "recovered", current);
}

static int *volatile null_pointer;
static volatile int zero;
static char buffer[64];

__attribute__((noinline)) static void null_store(void) { *null_pointer = 1; }
__attribute__((noinline)) static int divide(void) { return 7 / zero; }

/* A backward copy (DF = 1) that faults: rep movsb into a null page. */
__attribute__((noinline)) static void backward_copy_faults(void) {
  void *dst = (char *)null_pointer + 63, *src = buffer + 63;
  unsigned long n = 64;
  __asm__ volatile("std; rep movsb; cld" : "+D"(dst), "+S"(src), "+c"(n)::"memory");
}

/* Values on the x87 stack, all eight registers, at the fault. */
__attribute__((noinline)) static void x87_stack_full_faults(void) {
  __asm__ volatile("fld1; fld1; fld1; fld1; fld1; fld1; fld1; fld1\n\t"
                   "movl $1, (%0)\n\t"
                   "fstp %%st(0); fstp %%st(0); fstp %%st(0); fstp %%st(0)\n\t"
                   "fstp %%st(0); fstp %%st(0); fstp %%st(0); fstp %%st(0)" ::"r"(null_pointer)
                   : "memory", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",
                     "st(6)", "st(7)");
}

static void on_usr1(int sig) {
  (void)sig;
  panic("from the signal handler");
}

__attribute__((noinline)) static void signal_panics(void) { raise(SIGUSR1); }

__attribute__((noinline)) static int protect(void (*f)(void)) {
  __attribute__((defer)) catch_it();
  __attribute__((defer)) check_deferred_state(current);
  f();
  return 1;
}

static void run(const char *name, void (*f)(void)) {
  current = name;
  set_mxcsr(program_mxcsr);
  set_x87_cw(program_cw);
  int r = protect(f);
  unsigned mxcsr = get_mxcsr();
  unsigned short cw = get_x87_cw();
  unsigned long flags = get_flags();
  unsigned short tags = get_x87_tags();
  set_mxcsr(0x1f80);
  set_x87_cw(0x037f);
  expect(r == 0, "protect returned 0", name);
  expect((mxcsr & MXCSR_CONTROL) == (program_mxcsr & MXCSR_CONTROL),
         "MXCSR control bits after the recovery", name);
  expect(cw == program_cw, "x87 control word after the recovery", name);
  expect(!(flags & 0x400), "DF clear after the recovery", name);
  expect(tags == 0xffff, "x87 stack empty after the recovery", name);
  printf("%s: done\n", name);
}

static volatile int sink;
static void divide_faults(void) { sink = divide(); }

int main(void) {
  cdefer_enable_fault_panics();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGUSR1, &sa, NULL);
  for (int i = 0; i < 2; i++) {
    run("null store", null_store);
    run("division by zero", divide_faults);
    run("backward copy", backward_copy_faults);
    run("x87 stack full", x87_stack_full_faults);
    run("signal handler panic", signal_panics);
  }
  printf(bad ? "FAILED\n" : "all good\n");
  return bad;
}

// CHECK-NOT: FAIL
// CHECK: all good
