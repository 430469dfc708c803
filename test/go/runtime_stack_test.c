// Port of tests from Go 1.19 src/runtime/stack_test.go: TestDeferPtrs,
// TestDeferPtrsGoexit, TestDeferPtrsPanic, TestDeferLeafSigpanic,
// TestPanicUseStack, TestPanicFar, TestDeferHeapAndStack (at -short sizes).
// In Go they check that stack copying (growth) keeps defer records, their
// arguments and the panic chain consistent; C stacks do not move, so here
// they check the same programs' results: deferred calls with 4 KB
// by-value arguments run at various stack depths by pthread_exit and by a
// panic, a fault in a leaf function below a deferring frame, nested panics
// in deferred calls with deep recursion between them, and results built by
// stack and pooled records.
//
// Mapping: t.Fatal/Errorf -> a "FAIL" line and a failure count (main prints
// "ok" only when it is 0); goroutines -> threads; Goexit -> pthread_exit;
// channels of one value -> a variable read after pthread_join;
// Callers/GC (stack walks) -> glibc's backtrace(); closures passed to
// useStackAndCall -> function pointers; deferHeapAndStack's named result r
// -> cdefer_result(int). TestDeferPtrsPanic calls testDeferPtrsGoexit in
// Go 1.19 (not testDeferPtrsPanic, which is unused): ported as it is, and
// testDeferPtrsPanic is run as well. TestPanicFar's GC tree is left out.
// Expected output: Inputs/runtime_stack_test.check, from regen-expected.sh
// (`go test -short -run` of the same tests must pass).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/runtime_stack_test.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/runtime_stack_test.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/runtime_stack_test.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/runtime_stack_test.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/runtime_stack_test.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/runtime_stack_test.check

#include <defer.h>
#include <execinfo.h>
#include <pthread.h>
#include <stdio.h>
#include "Inputs/goport.h"

static int failures;

static void fatalf(const char *test, const char *msg, int i, int n) {
  fprintf(stderr, "--- FAIL: %s: %s (i=%d n=%d)\n", test, msg, i, n);
  failures++;
}

static void Callers(void) {
  void *pc[256];
  backtrace(pc, 256);
}

/* use about n KB of stack and call f */
static void useStackAndCall(int n, void (*f)(void *), void *arg) {
  if (n == 0) {
    f(arg);
    return;
  }
  volatile unsigned char b[1024]; /* makes frame about 1KB */
  b[99] = 0;
  useStackAndCall(n - 1 + b[99], f, arg);
}

static void nothing(void *arg) { (void)arg; }
static void growStack(void) { useStackAndCall(64, nothing, NULL); }

static void set(int *p, int x) { *p = x; }

static void TestDeferPtrs(void) {
  int y = 0;
  __attribute__((defer)) {
    if (y != 42)
      fatalf("TestDeferPtrs", "defer's stack references were not adjusted appropriately", 0, y);
  }
  __attribute__((defer)) set(&y, 42);
  growStack();
}

typedef struct { unsigned char b[4 * 1024]; } bigBuf;

static void setBig(int *p, int x, bigBuf b) {
  (void)b;
  *p = x;
}

struct trial {
  int i, c;
};

static void Goexit(void *arg) {
  (void)arg;
  pthread_exit(NULL);
}

static void *testDeferPtrsGoexit(void *arg) {
  struct trial *t = arg;
  int y = 0;
  __attribute__((defer)) { t->c = y; }
  __attribute__((defer)) setBig(&y, 42, (bigBuf){{0}});
  useStackAndCall(t->i, Goexit, NULL);
  return NULL;
}

static void panic1(void *arg) {
  (void)arg;
  panic("1");
}

static void *testDeferPtrsPanic(void *arg) {
  struct trial *t = arg;
  int y = 0;
  __attribute__((defer)) {
    if (recover() == NULL)
      t->c = -1;
    else
      t->c = y;
  }
  __attribute__((defer)) setBig(&y, 42, (bigBuf){{0}});
  useStackAndCall(t->i, panic1, NULL);
  return NULL;
}

static void trials(const char *test, void *(*f)(void *)) {
  for (int i = 0; i < 100; i++) {
    struct trial t = {i, 0};
    pthread_t th;
    pthread_create(&th, NULL, f, &t);
    pthread_join(th, NULL);
    if (t.c != 42) {
      fatalf(test, "defer's stack references were not adjusted appropriately", i, t.c);
      return;
    }
  }
}

static void TestDeferPtrsGoexit(void) { trials("TestDeferPtrsGoexit", testDeferPtrsGoexit); }
static void TestDeferPtrsPanic(void) {
  trials("TestDeferPtrsPanic", testDeferPtrsGoexit); /* as in Go 1.19 */
  trials("TestDeferPtrsPanic(testDeferPtrsPanic)", testDeferPtrsPanic);
}

static long *volatile nilp;

__attribute__((noinline)) static void testDeferLeafSigpanic1(void) {
  /* Cause a sigpanic to be injected in this frame. */
  *nilp = 0;
}

/* defer matching around leaf functions that fault (issue 25499) */
static void TestDeferLeafSigpanic(void) {
  /* Push a defer that will walk the stack. */
  __attribute__((defer)) {
    if (recover() == NULL)
      fatalf("TestDeferLeafSigpanic", "expected panic from nil pointer", 0, 0);
    Callers();
  }
  /* deferring function -> leaf function -> sigpanic */
  testDeferLeafSigpanic1();
}

static void panicUseStack_level3(void *arg) {
  (void)arg;
  __attribute__((defer)) {
    recover();
    Callers(); /* force stack walk */
  }
  panic("3");
}

static void panicUseStack_level2(void *arg) {
  (void)arg;
  __attribute__((defer)) {
    recover();
    Callers(); /* force stack walk */
    useStackAndCall(200, panicUseStack_level3, NULL);
  }
  panic("2");
}

/* A chain of panics, each recovered by a deferred call that then uses a lot
 * of stack and panics again. */
static void TestPanicUseStack(void) {
  __attribute__((defer)) {
    recover();
    Callers(); /* force stack walk */
    useStackAndCall(100, panicUseStack_level2, NULL);
  }
  panic("1");
}

static void TestPanicFar(void) {
  __attribute__((defer)) {
    /* At this point we created a large stack and unwound it via recovery.
     * Force a stack walk, which will check the stack's consistency. */
    Callers();
  }
  __attribute__((defer)) { recover(); }
  useStackAndCall(100, panic1, NULL);
}

/* deferHeapAndStack(n) computes 2*n */
static int deferHeapAndStack(int n) {
  if (n == 0)
    return 0;
  if (n % 2 == 0) {
    /* heap-allocated defers */
    for (int i = 0; i < 2; i++)
      __attribute__((defer)) { cdefer_result(int)++; }
  } else {
    /* stack-allocated defers */
    __attribute__((defer)) { cdefer_result(int)++; }
    __attribute__((defer)) { cdefer_result(int)++; }
  }
  int r = deferHeapAndStack(n - 1);
  return r;
}

enum { P = 2, N = 1000, D = 20 }; /* -short */

static void *deferHeapAndStackWorker(void *arg) {
  for (int i = 0; i < N; i++)
    if (deferHeapAndStack(D) != 2 * D)
      panic("bad result");
  return arg;
}

static void TestDeferHeapAndStack(void) {
  pthread_t t[P];
  for (int p = 0; p < P; p++)
    pthread_create(&t[p], NULL, deferHeapAndStackWorker, NULL);
  for (int p = 0; p < P; p++)
    pthread_join(t[p], NULL);
}

int main(void) {
  cdefer_enable_fault_panics();
  TestDeferPtrs();
  TestDeferPtrsGoexit();
  TestDeferPtrsPanic();
  TestDeferLeafSigpanic();
  TestPanicUseStack();
  TestPanicFar();
  TestDeferHeapAndStack();
  if (failures == 0)
    printf("ok\n");
  return failures != 0;
}
