/* The machine state after a recovered panic, for every calling convention
 * clang accepts on x86-64 and every kind of result. Included by the
 * machine_state_after_recovered_panic_*.c tests, which compile it with the
 * vector extensions the machine has.
 *
 * Each victim is a function with defers, of one calling convention (default
 * SysV, ms_abi, vectorcall, regcall, preserve_most, preserve_all) and one
 * result type (int, double, x87 long double, _Complex double, 16/32/64-byte
 * vectors, 32-byte aggregates (sret, or in registers with regcall), 64 and
 * 96-byte ones through sret), that panics in one of five ways: not at all,
 * a null store in itself, an integer division by a volatile zero in itself,
 * a signal handler that panics (raise), a null store in a callee (inferred
 * nounwind). Its deferred block recovers and either sets its result
 * (cdefer_result) or leaves it (zero). It is called through checked_call,
 * an assembly function that puts sentinels in the registers the convention
 * makes callee-saved (rbx, rbp, r12-r15; for preserve_most and preserve_all
 * also rsi, r8-r10; for preserve_all, ms_abi and regcall xmm8-xmm15) and
 * records them after the call; the caller then checks the result. (On
 * Linux, vectorcall keeps the SysV set of callee-saved registers.)
 */
#include <defer.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int v16 __attribute__((vector_size(16)));
#ifdef __AVX__
typedef int v32 __attribute__((vector_size(32)));
#endif
#ifdef __AVX512F__
typedef int v64 __attribute__((vector_size(64)));
#endif
typedef struct { long a, b, c, d; } agg32;
typedef struct { long a[8]; } agg64;
typedef struct { long a[12]; } agg96;
typedef long double ldouble;
typedef _Complex double cdouble;

#define MAKE_int(s) ((int)(s))
#define MAKE_double(s) ((double)(s) + 0.25)
#define MAKE_ldouble(s) ((long double)(s) + 0.125L)
#define MAKE_cdouble(s) ((double)(s) + 0.5 + ((double)(s) + 1.5) * 1.0i)
#define MAKE_v16(s) ((v16){(s), (s) + 1, (s) + 2, (s) + 3})
#define MAKE_v32(s) ((v32){(s), (s) + 1, (s) + 2, (s) + 3, (s) + 4, (s) + 5, (s) + 6, (s) + 7})
#define MAKE_v64(s) ((v64){(s), (s) + 1, (s) + 2, (s) + 3, (s) + 4, (s) + 5, (s) + 6, (s) + 7, (s) + 8, (s) + 9, (s) + 10, (s) + 11, (s) + 12, (s) + 13, (s) + 14, (s) + 15})
#define MAKE_agg32(s) ((agg32){(s), (s) + 1, (s) + 2, (s) + 3})
#define MAKE_agg64(s) ((agg64){{(s), (s) + 1, (s) + 2, (s) + 3, (s) + 4, (s) + 5, (s) + 6, (s) + 7}})
#define MAKE_agg96(s) ((agg96){{(s), (s) + 1, (s) + 2, (s) + 3, (s) + 4, (s) + 5, (s) + 6, (s) + 7, (s) + 8, (s) + 9, (s) + 10, (s) + 11}})
#define ZERO(T) ((T){0})

static int same_bytes(const void *a, const void *b, size_t n) { return memcmp(a, b, n) == 0; }
#define EQ_SCALAR(a, b) ((a) == (b))
#define EQ_BYTES(a, b) same_bytes(&(a), &(b), sizeof(a))
#define EQ_int EQ_SCALAR
#define EQ_double EQ_SCALAR
#define EQ_ldouble EQ_SCALAR
#define EQ_cdouble EQ_SCALAR
#define EQ_v16 EQ_BYTES
#define EQ_v32 EQ_BYTES
#define EQ_v64 EQ_BYTES
#define EQ_agg32 EQ_BYTES
#define EQ_agg64 EQ_BYTES
#define EQ_agg96 EQ_BYTES

/* How a victim panics: 0 none, 1 null store, 2 division by zero, 3 a signal
 * handler panics (raise), 4 a null store in a callee that can unwind. */
static volatile int mode;
static int *volatile null_pointer;
static volatile int zero;
static volatile int sink;

__attribute__((noinline)) static void store_in_callee(void) { *null_pointer = 2; }

static void on_usr1(int sig) {
  (void)sig;
  panic("signal panic");
}

static void act(void) {
  switch (mode) {
  case 1: *null_pointer = 1; break;
  case 2: sink = 7 / zero; break;
  case 3: raise(SIGUSR1); break;
  case 4: store_in_callee(); break;
  }
}

/* checked_call: calls `target` with the registers as its caller set them
 * (arguments and the sret pointer pass through), with sentinels in rbx,
 * rbp, r12-r15 (and, for checked_call_more, rsi, r8-r10 and xmm8-xmm15),
 * and records what they hold after the call in `got`. */
void *target;
uint64_t got[16];
__asm__(".text\n"
        ".globl checked_call\n"
        "checked_call:\n"
        ".cfi_startproc\n"
        "  subq $184, %rsp\n"
        ".cfi_adjust_cfa_offset 184\n"
        "  movdqu %xmm8, 56(%rsp)\n  movdqu %xmm9, 72(%rsp)\n  movdqu %xmm10, 88(%rsp)\n  movdqu %xmm11, 104(%rsp)\n"
        "  movdqu %xmm12, 120(%rsp)\n  movdqu %xmm13, 136(%rsp)\n  movdqu %xmm14, 152(%rsp)\n  movdqu %xmm15, 168(%rsp)\n"
        "  movq %rbx, 0(%rsp)\n"
        ".cfi_rel_offset %rbx, 0\n"
        "  movq %rbp, 8(%rsp)\n"
        ".cfi_rel_offset %rbp, 8\n"
        "  movq %r12, 16(%rsp)\n"
        ".cfi_rel_offset %r12, 16\n"
        "  movq %r13, 24(%rsp)\n"
        ".cfi_rel_offset %r13, 24\n"
        "  movq %r14, 32(%rsp)\n"
        ".cfi_rel_offset %r14, 32\n"
        "  movq %r15, 40(%rsp)\n"
        ".cfi_rel_offset %r15, 40\n"
        "  movabsq $0x1b1b1b1b1b1b1b1b, %rbx\n"
        "  movabsq $0x1e1e1e1e1e1e1e1e, %rbp\n"
        "  movabsq $0x1c1c1c1c1c1c1c1c, %r12\n"
        "  movabsq $0x1d1d1d1d1d1d1d1d, %r13\n"
        "  movabsq $0x1f1f1f1f1f1f1f1f, %r14\n"
        "  movabsq $0x2f2f2f2f2f2f2f2f, %r15\n"
        "  testb $2, more(%rip)\n"
        "  jz 1f\n"
        "  movabsq $0x3a3a3a3a3a3a3a3a, %r10\n"
        "  movq %r10, %xmm8\n  movq %r10, %xmm9\n  movq %r10, %xmm10\n  movq %r10, %xmm11\n"
        "  movq %r10, %xmm12\n  movq %r10, %xmm13\n  movq %r10, %xmm14\n  movq %r10, %xmm15\n"
        "1:\n"
        "  testb $1, more(%rip)\n"
        "  jz 1f\n"
        "  movabsq $0x3535353535353535, %rsi\n"
        "  movabsq $0x3838383838383838, %r8\n"
        "  movabsq $0x3939393939393939, %r9\n"
        "  movabsq $0x3a3a3a3a3a3a3a3a, %r10\n"
        "1:\n"
        "  call *target(%rip)\n"
        "  movq %rbx, got+0(%rip)\n"
        "  movq %rbp, got+8(%rip)\n"
        "  movq %r12, got+16(%rip)\n"
        "  movq %r13, got+24(%rip)\n"
        "  movq %r14, got+32(%rip)\n"
        "  movq %r15, got+40(%rip)\n"
        "  movq %rsi, got+48(%rip)\n"
        "  movq %r8, got+56(%rip)\n"
        "  movq %r9, got+64(%rip)\n"
        "  movq %r10, got+72(%rip)\n"
        "  movq %xmm8, got+80(%rip)\n"
        "  movq %xmm15, got+88(%rip)\n"
        "  movq 0(%rsp), %rbx\n"
        "  movq 8(%rsp), %rbp\n"
        "  movq 16(%rsp), %r12\n"
        "  movq 24(%rsp), %r13\n"
        "  movq 32(%rsp), %r14\n"
        "  movq 40(%rsp), %r15\n"
        "  movdqu 56(%rsp), %xmm8\n  movdqu 72(%rsp), %xmm9\n  movdqu 88(%rsp), %xmm10\n  movdqu 104(%rsp), %xmm11\n"
        "  movdqu 120(%rsp), %xmm12\n  movdqu 136(%rsp), %xmm13\n  movdqu 152(%rsp), %xmm14\n  movdqu 168(%rsp), %xmm15\n"
        "  addq $184, %rsp\n"
        ".cfi_adjust_cfa_offset -184\n"
        "  ret\n"
        ".cfi_endproc\n");
unsigned char more;

static int failures, cases;

static void check_registers(const char *name, int m, int more_checked) {
  static const uint64_t expected[12] = {
      0x1b1b1b1b1b1b1b1bull, 0x1e1e1e1e1e1e1e1eull, 0x1c1c1c1c1c1c1c1cull,
      0x1d1d1d1d1d1d1d1dull, 0x1f1f1f1f1f1f1f1full, 0x2f2f2f2f2f2f2f2full,
      0x3535353535353535ull, 0x3838383838383838ull, 0x3939393939393939ull,
      0x3a3a3a3a3a3a3a3aull, 0x3a3a3a3a3a3a3a3aull, 0x3a3a3a3a3a3a3a3aull};
  static const char *names[12] = {"rbx", "rbp", "r12", "r13", "r14", "r15",
                                  "rsi", "r8", "r9", "r10", "xmm8", "xmm15"};
  for (int i = 0; i < 12; i++)
    if ((i < 6 || (i < 10 && (more_checked & 1)) || (i >= 10 && (more_checked & 2))) &&
        got[i] != expected[i]) {
      printf("FAIL %s mode %d: %s is %#llx\n", name, m, names[i],
             (unsigned long long)got[i]);
      failures++;
    }
}

/* VICTIM(cc-name, cc-attribute, more-registers, type):
 * NAME_set recovers and sets its result; NAME_zero recovers and leaves it. */
#define VICTIM(CCN, CC, MORE, T)                                               \
  __attribute__((noinline)) CC T CCN##_##T##_set(void) {                       \
    __attribute__((defer)) {                                                   \
      if (recover())                                                           \
        cdefer_result(T) = MAKE_##T(40);                                       \
    }                                                                          \
    act();                                                                     \
    return MAKE_##T(10);                                                       \
  }                                                                            \
  __attribute__((noinline)) CC T CCN##_##T##_zero(void) {                      \
    __attribute__((defer)) { recover(); }                                      \
    act();                                                                     \
    return MAKE_##T(10);                                                       \
  }                                                                            \
  static void test_##CCN##_##T(void) {                                         \
    for (int m = 0; m <= 4; m++) {                                             \
      for (int z = 0; z < 2; z++) {                                            \
        const char *name = z ? #CCN "_" #T "_zero" : #CCN "_" #T "_set";       \
        mode = m;                                                              \
        more = MORE;                                                      \
        target = z ? (void *)CCN##_##T##_zero : (void *)CCN##_##T##_set;       \
        memset(got, 0, sizeof got);                                            \
        T (*CC call)(void) = (T (*CC)(void))(void *)checked_call;              \
        T r = call();                                                          \
        T want = m == 0 ? MAKE_##T(10) : z ? ZERO(T) : MAKE_##T(40);           \
        cases++;                                                               \
        if (!EQ_##T(r, want)) {                                                \
          printf("FAIL %s mode %d: wrong result\n", name, m);                  \
          failures++;                                                          \
        }                                                                      \
        check_registers(name, m, MORE);                                        \
      }                                                                        \
    }                                                                          \
  }

void checked_call(void);

#define FOR_TYPES(CCN, CC, MORE, X) X(CCN, CC, MORE, int) X(CCN, CC, MORE, double) \
  X(CCN, CC, MORE, ldouble) X(CCN, CC, MORE, cdouble) X(CCN, CC, MORE, v16)        \
  X(CCN, CC, MORE, agg32) BIG_AGGS_##CCN(CCN, CC, MORE, X) EXTRA_TYPES(CCN, CC, MORE, X)
/* Returned through memory (sret) except with regcall, which returns them
 * in registers that include r12-r15 and more than 64 bytes. */
#define BIG_AGGS(CCN, CC, MORE, X) X(CCN, CC, MORE, agg64) X(CCN, CC, MORE, agg96)
#define BIG_AGGS_sysv BIG_AGGS
#define BIG_AGGS_ms BIG_AGGS
#define BIG_AGGS_vectorcall BIG_AGGS
#define BIG_AGGS_pmost BIG_AGGS
#define BIG_AGGS_pall BIG_AGGS
#define BIG_AGGS_regcall(CCN, CC, MORE, X)
#if defined(__AVX512F__)
#define EXTRA_TYPES(CCN, CC, MORE, X) X(CCN, CC, MORE, v32) X(CCN, CC, MORE, v64)
#elif defined(__AVX__)
#define EXTRA_TYPES(CCN, CC, MORE, X) X(CCN, CC, MORE, v32)
#else
#define EXTRA_TYPES(CCN, CC, MORE, X)
#endif

#ifndef CCS
#define CCS(X)                                                                 \
  X(sysv, , 0)                                                                 \
  X(ms, __attribute__((ms_abi)), 2)                                            \
  X(vectorcall, __attribute__((vectorcall)), 0)                                \
  X(regcall, __attribute__((regcall)), 2)                                      \
  X(pmost, __attribute__((preserve_most)), 1)                                  \
  X(pall, __attribute__((preserve_all)), 3)
#endif

#define DEFINE_CC(CCN, CC, MORE) FOR_TYPES(CCN, CC, MORE, VICTIM)
CCS(DEFINE_CC)

#define RUN_ONE(CCN, CC, MORE, T) test_##CCN##_##T();
#define RUN_CC(CCN, CC, MORE) FOR_TYPES(CCN, CC, MORE, RUN_ONE)

int main(void) {
  cdefer_enable_fault_panics();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGUSR1, &sa, NULL);
  CCS(RUN_CC)
  printf("%d cases, %d failures\n", cases, failures);
  return failures != 0;
}
