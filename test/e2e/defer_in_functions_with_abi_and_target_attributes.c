// Defer statements in functions with attributes that change how the
// function is compiled or called (target_clones, target, cold, hot, minsize,
// optnone, always_inline, no_caller_saved_registers, preserve_most,
// preserve_all, ms_abi, sysv_abi, regcall, vectorcall), in variadic and
// K&R definitions, and deferred calls *to* functions with another calling
// convention: each runs its deferred calls at return. (flatten:
// defer_in_flatten_function.c; interrupt and naked: test/diag.)
//
// RUN: %cdefer-cc -Wno-deprecated-non-prototype -Wno-excessive-regsave -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -Wno-deprecated-non-prototype -Wno-excessive-regsave -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -Wno-deprecated-non-prototype -Wno-excessive-regsave -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -Wno-deprecated-non-prototype -Wno-excessive-regsave -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -Wno-deprecated-non-prototype -Wno-excessive-regsave -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -Wno-deprecated-non-prototype -Wno-excessive-regsave -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdarg.h>
#include <stdio.h>

#if defined(__x86_64__)
#define X86(attr) __attribute__((attr))
#else
#define X86(attr)
#endif

static void say(const char *s) { printf("  deferred %s\n", s); }

// Each function defers a call and a block, and returns x + 1.
#define BODY(name)                                                             \
  {                                                                            \
    printf(name "\n");                                                         \
    __attribute__((defer)) say(name);                                          \
    __attribute__((defer)) { printf("  block of " name " sees %d\n", x); }     \
    x++;                                                                       \
    return x;                                                                  \
  }

#if defined(__x86_64__)
__attribute__((target_clones("avx2", "default"))) int clones(int x)
    BODY("target_clones")
#else
int clones(int x) BODY("target_clones")
#endif
X86(target("avx2")) static int target_avx2(int x) BODY("target")
__attribute__((cold)) static int cold(int x) BODY("cold")
__attribute__((hot)) static int hot(int x) BODY("hot")
__attribute__((minsize)) static int minsize(int x) BODY("minsize")
__attribute__((optnone, noinline)) static int optnone(int x) BODY("optnone")
static inline __attribute__((always_inline)) int always(int x)
    BODY("always_inline")
// (LLVM restores %rax on the way out of such a function, even clang
// without cdefer: it returns its result through memory.)
X86(no_caller_saved_registers) static void ncsr(int x, int *result) {
  printf("no_caller_saved_registers\n");
  __attribute__((defer)) say("no_caller_saved_registers");
  __attribute__((defer)) {
    printf("  block of no_caller_saved_registers sees %d\n", x);
  }
  x++;
  *result = x;
}
__attribute__((preserve_most)) static int pmost(int x) BODY("preserve_most")
__attribute__((preserve_all)) static int pall(int x) BODY("preserve_all")
X86(ms_abi) static int msabi(int x) BODY("ms_abi")
X86(sysv_abi) static int sysvabi(int x) BODY("sysv_abi")
X86(regcall) static int regcall(int x) BODY("regcall")
X86(vectorcall) static int vectorcall(int x) BODY("vectorcall")
static int knr(x) int x;
BODY("K&R")

static int variadic(int n, ...) {
  va_list ap;
  va_start(ap, n);
  __attribute__((defer)) va_end(ap);
  int x = 0;
  for (int i = 0; i < n; i++)
    x += va_arg(ap, int);
  printf("variadic\n");
  __attribute__((defer)) say("variadic");
  __attribute__((defer)) { printf("  block of variadic sees %d\n", x); }
  x++;
  return x;
}

X86(regcall) static void say_regcall(const char *s) { say(s); }
X86(ms_abi) static void say_msabi(const char *s) { say(s); }
__attribute__((preserve_most)) static void say_pmost(const char *s) { say(s); }
X86(vectorcall) static void say_vectorcall(const char *s) { say(s); }

static int callees_with_other_conventions(int x) {
  printf("callees\n");
  __attribute__((defer)) say_regcall("to regcall");
  __attribute__((defer)) say_msabi("to ms_abi");
  __attribute__((defer)) say_pmost("to preserve_most");
  __attribute__((defer)) say_vectorcall("to vectorcall");
  return x + 1;
}

int main(void) {
  int sum = 0;
  sum += clones(1);
  sum += target_avx2(1);
  sum += cold(1);
  sum += hot(1);
  sum += minsize(1);
  sum += optnone(1);
  sum += always(1);
  int result;
  ncsr(1, &result);
  sum += result;
  sum += pmost(1);
  sum += pall(1);
  sum += msabi(1);
  sum += sysvabi(1);
  sum += regcall(1);
  sum += vectorcall(1);
  sum += knr(1);
  sum += variadic(3, 1, 0, 0);
  sum += callees_with_other_conventions(1);
  printf("sum %d\n", sum);
  return 0;
}

// CHECK:      target_clones{{$}}
// CHECK-NEXT:   block of target_clones sees 2{{$}}
// CHECK-NEXT:   deferred target_clones{{$}}
// CHECK-NEXT: target{{$}}
// CHECK-NEXT:   block of target sees 2{{$}}
// CHECK-NEXT:   deferred target{{$}}
// CHECK-NEXT: cold{{$}}
// CHECK-NEXT:   block of cold sees 2{{$}}
// CHECK-NEXT:   deferred cold{{$}}
// CHECK-NEXT: hot{{$}}
// CHECK-NEXT:   block of hot sees 2{{$}}
// CHECK-NEXT:   deferred hot{{$}}
// CHECK-NEXT: minsize{{$}}
// CHECK-NEXT:   block of minsize sees 2{{$}}
// CHECK-NEXT:   deferred minsize{{$}}
// CHECK-NEXT: optnone{{$}}
// CHECK-NEXT:   block of optnone sees 2{{$}}
// CHECK-NEXT:   deferred optnone{{$}}
// CHECK-NEXT: always_inline{{$}}
// CHECK-NEXT:   block of always_inline sees 2{{$}}
// CHECK-NEXT:   deferred always_inline{{$}}
// CHECK-NEXT: no_caller_saved_registers{{$}}
// CHECK-NEXT:   block of no_caller_saved_registers sees 2{{$}}
// CHECK-NEXT:   deferred no_caller_saved_registers{{$}}
// CHECK-NEXT: preserve_most{{$}}
// CHECK-NEXT:   block of preserve_most sees 2{{$}}
// CHECK-NEXT:   deferred preserve_most{{$}}
// CHECK-NEXT: preserve_all{{$}}
// CHECK-NEXT:   block of preserve_all sees 2{{$}}
// CHECK-NEXT:   deferred preserve_all{{$}}
// CHECK-NEXT: ms_abi{{$}}
// CHECK-NEXT:   block of ms_abi sees 2{{$}}
// CHECK-NEXT:   deferred ms_abi{{$}}
// CHECK-NEXT: sysv_abi{{$}}
// CHECK-NEXT:   block of sysv_abi sees 2{{$}}
// CHECK-NEXT:   deferred sysv_abi{{$}}
// CHECK-NEXT: regcall{{$}}
// CHECK-NEXT:   block of regcall sees 2{{$}}
// CHECK-NEXT:   deferred regcall{{$}}
// CHECK-NEXT: vectorcall{{$}}
// CHECK-NEXT:   block of vectorcall sees 2{{$}}
// CHECK-NEXT:   deferred vectorcall{{$}}
// CHECK-NEXT: K&R{{$}}
// CHECK-NEXT:   block of K&R sees 2{{$}}
// CHECK-NEXT:   deferred K&R{{$}}
// CHECK-NEXT: variadic{{$}}
// CHECK-NEXT:   block of variadic sees 2{{$}}
// CHECK-NEXT:   deferred variadic{{$}}
// CHECK-NEXT: callees{{$}}
// CHECK-NEXT:   deferred to vectorcall{{$}}
// CHECK-NEXT:   deferred to preserve_most{{$}}
// CHECK-NEXT:   deferred to ms_abi{{$}}
// CHECK-NEXT:   deferred to regcall{{$}}
// CHECK-NEXT: sum 34{{$}}
