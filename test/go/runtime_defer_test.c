// Port of tests from Go 1.19 src/runtime/defer_test.go: TestUnconditionalPanic,
// TestOpenAndNonOpenDefers, TestNonOpenAndOpenDefers, TestConditionalDefers,
// TestDisappearingDefer, TestAbortedPanic, TestRecoverMatching,
// TestNonSSAableArgs, TestDeferForFuncWithNoExit,
// TestDeferWithRepeatedRepanics, TestIssue43921.
//
// Mapping: each Test function -> a C function; t.Fatal -> a "FAIL" line and
// a failure count (main prints "ok" only when it is 0); recover() != "x"
// -> the recovered panic's message compared with "x" (NULL counts as not
// equal). Closures with arguments -> deferred calls of static helpers
// (arguments evaluated at the defer statement), or deferred blocks where
// they only capture. `panic(e)` of a recovered value -> panic("%s",
// message). runtime.GOOS == "invalidOS" -> a condition the compiler folds
// to false, as Go's does.
// Left out: TestIssue37688, TestIssue43920 and TestIssue43941 (ported
// already: test/e2e/panic_go_issue37688.c and
// test/e2e/panic_go_issues_43920_43941.c).
// TestNonSSAableArgs' `defer f(sideeffect2(foo).element)` is kept as it
// is: a deferred call whose argument is a member of a call's result (clang
// wraps the call in an ExprWithCleanups), evaluated at the defer statement.
// Expected output: Inputs/runtime_defer_test.check, from regen-expected.sh
// (`go test -run` of the same tests must pass).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check

#include <defer.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

static int failures;
static const char *current;

static void fatal(const char *msg) {
  fprintf(stderr, "--- FAIL: %s: %s\n", current, msg);
  failures++;
}

static int is(const cdefer_panic_t *r, const char *want) {
  return r != NULL && strcmp(cdefer_panic_message(r), want) == 0;
}

/* Make sure open-coded defer exit code is not lost, even when there is an
 * unconditional panic (hence no return from the function) */
static void TestUnconditionalPanic(void) {
  __attribute__((defer)) {
    if (!is(recover(), "testUnconditional"))
      fatal("expected unconditional panic");
  }
  panic("testUnconditional");
}

static volatile int glob = 3;

static void nonOpenDefer(int n) {
  (void)n;
  if (!is(recover(), "testNonOpenDefer"))
    fatal("expected testNonOpen panic");
}

static void openDefer(int n) {
  (void)n;
  if (!is(recover(), "testOpenDefer"))
    fatal("expected testOpen panic");
}

__attribute__((noinline)) static void testOpen(int arg) {
  __attribute__((defer)) openDefer(4);
  if (arg > 2)
    panic("testOpenDefer");
}

/* Test an open-coded defer and non-open-coded defer - make sure both defers
 * run and call recover() */
static void TestOpenAndNonOpenDefers(void) {
  for (;;) {
    /* Non-open defer because in a loop */
    __attribute__((defer)) nonOpenDefer(3);
    if (glob > 2)
      break;
  }
  testOpen(47);
  panic("testNonOpenDefer");
}

/* Test a non-open-coded defer and an open-coded defer - make sure both
 * defers run and call recover() */
static void TestNonOpenAndOpenDefers(void) {
  testOpen(47);
  for (;;) {
    /* Non-open defer because in a loop */
    __attribute__((defer)) nonOpenDefer(3);
    if (glob > 2)
      break;
  }
  panic("testNonOpenDefer");
}

static int list[10], nlist;

static void doappend(int i) { list[nlist++] = i; }

static void testConditionalDefers(int n) {
  __attribute__((defer)) doappend(1);
  if (n > 5) {
    __attribute__((defer)) doappend(2);
    if (n > 8) {
      __attribute__((defer)) doappend(3);
    } else {
      __attribute__((defer)) doappend(4);
    }
  }
  panic("testConditional");
}

/* Make sure that conditional open-coded defers are activated correctly and
 * run in the correct order. */
static void TestConditionalDefers(void) {
  nlist = 0;
  __attribute__((defer)) {
    if (!is(recover(), "testConditional"))
      fatal("expected panic");
    if (!(nlist == 3 && list[0] == 4 && list[1] == 2 && list[2] == 1)) {
      char msg[80];
      snprintf(msg, sizeof msg, "wanted [4 2 1], got %d elements", nlist);
      fatal(msg);
    }
  }
  testConditionalDefers(8);
}

/* Test that there is no compile-time or run-time error if an open-coded
 * defer call is removed by constant propagation and dead-code elimination. */
static void TestDisappearingDefer(void) {
  static const char GOOS[] = "linux";
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wswitch"
  switch (GOOS[0]) {
  case 'i': /* "invalidOS" */
    __attribute__((defer)) { fatal("Defer shouldn't run"); }
  }
#pragma clang diagnostic pop
}

/* A second panic in a deferred call aborts the first; recovering it removes
 * both (see defer_test.go). */
static void TestAbortedPanic(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *r = recover();
    if (r != NULL)
      fatal("wanted nil recover");
  }
  __attribute__((defer)) {
    if (!is(recover(), "panic2"))
      fatal("wanted panic2");
  }
  __attribute__((defer)) { panic("panic2"); }
  panic("panic1");
}

static void recoverMatching_func2(void) {
  __attribute__((defer)) {
    /* Shouldn't succeed, even though it is called directly from a defer
     * function, since this defer function was not directly called by the
     * panic. */
    if (recover() != NULL)
      fatal("wanted nil recover");
  }
}

/* recover() does not succeed unless it is called directly from a defer
 * function that is directly called by the panic. */
static void TestRecoverMatching(void) {
  __attribute__((defer)) {
    if (!is(recover(), "panic1"))
      fatal("wanted panic1");
  }
  __attribute__((defer)) recoverMatching_func2();
  panic("panic1");
}

typedef struct { unsigned char b[128]; } nonSSAable;
typedef struct { int64_t x, y, z, w, p, q; } bigStruct;
typedef struct { bigStruct element; } containsBigStruct;

static int globint1, globint2, globint3;

static nonSSAable mknonSSAable(void) {
  globint1++;
  return (nonSSAable){{0, 0, 0, 0, 5}};
}

__attribute__((noinline)) static int64_t sideeffect(int64_t n) {
  globint2++;
  return n;
}

static containsBigStruct sideeffect2(containsBigStruct in) {
  globint3++;
  return in;
}

static unsigned char save1;
static int64_t save2, save3, save4;

static void nonSSA_func2(nonSSAable n) { save1 = n.b[4]; }
static void nonSSA_func3(bigStruct b) { save2 = b.y; }
static void nonSSA_func4(bigStruct element) { save3 = element.z; }
static void nonSSA_func5(bigStruct element) { save4 = element.z; }

/* Test that nonSSAable arguments to defer are handled correctly and only
 * evaluated once. */
static void TestNonSSAableArgs(void) {
  globint1 = globint2 = globint3 = 0;
  save1 = 0;
  save2 = save3 = save4 = 0;

  __attribute__((defer)) {
    char msg[80];
    if (globint1 != 1)
      snprintf(msg, sizeof msg, "globint1:  wanted: 1, got %d", globint1), fatal(msg);
    if (save1 != 5)
      snprintf(msg, sizeof msg, "save1:  wanted: 5, got %d", save1), fatal(msg);
    if (globint2 != 1)
      snprintf(msg, sizeof msg, "globint2:  wanted: 1, got %d", globint2), fatal(msg);
    if (save2 != 2)
      snprintf(msg, sizeof msg, "save2:  wanted: 2, got %lld", (long long)save2), fatal(msg);
    if (save3 != 4)
      snprintf(msg, sizeof msg, "save3:  wanted: 4, got %lld", (long long)save3), fatal(msg);
    if (globint3 != 1)
      snprintf(msg, sizeof msg, "globint3:  wanted: 1, got %d", globint3), fatal(msg);
    if (save4 != 4)
      snprintf(msg, sizeof msg, "save1:  wanted: 4, got %lld", (long long)save4), fatal(msg);
  }

  /* Test function returning a non-SSAable arg */
  __attribute__((defer)) nonSSA_func2(mknonSSAable());
  /* Test composite literal that is not SSAable */
  __attribute__((defer)) nonSSA_func3((bigStruct){1, 2, 3, 4, 5, sideeffect(6)});

  /* Test struct field reference that is non-SSAable */
  containsBigStruct foo = {{0}};
  foo.element.z = 4;
  __attribute__((defer)) nonSSA_func4(foo.element);
  __attribute__((defer)) nonSSA_func5(sideeffect2(foo).element);
}

__attribute__((noinline)) static void doPanic(void) { panic("Test panic"); }

__attribute__((noinline)) static void growStackIter(int *p, int n) {
  if (n == 0) {
    *p = -1;
    return;
  }
  volatile char pad[64];
  pad[0] = (char)n;
  growStackIter(p, n - 1);
}

static void TestDeferForFuncWithNoExit(void) {
  int cond = 1;
  __attribute__((defer)) {
    if (cond != 2) {
      char msg[64];
      snprintf(msg, sizeof msg, "cond: wanted 2, got %d", cond);
      fatal(msg);
    }
    if (!is(recover(), "Test panic"))
      fatal("Didn't find expected panic");
  }
  int x = 0;
  /* Force a stack copy (in Go), to make sure that the &cond pointer passed
   * to defer function is properly updated. */
  growStackIter(&x, 1000);
  cond = 2;
  doPanic();

  /* This function has no exit/return, since it ends with an infinite loop */
  for (;;) {
  }
}

static void interpreter_func1(int level) {
  const cdefer_panic_t *e = recover();
  if (e == NULL)
    return;
  char lv[16];
  snprintf(lv, sizeof lv, "%d", level);
  if (strcmp(cdefer_panic_message(e), lv) != 0)
    panic("%s", cdefer_panic_message(e)); /* re-panicing */
}

static void interpreter(int level, int maxlevel, int rec) {
  __attribute__((defer)) interpreter_func1(level);
  if (level + 1 < maxlevel)
    interpreter(level + 1, maxlevel, rec);
  else
    panic("%d", rec);
}

static volatile uint32_t saveInt;

static void recurseFn(int level, int maxlevel) {
  volatile uint32_t a[40];
  for (int i = 0; i < 40; i++)
    a[i] = 0xffffffff;
  if (level + 1 < maxlevel) {
    /* Make sure a array is referenced, so it is not optimized away */
    saveInt = a[4];
    recurseFn(level + 1, maxlevel);
  } else {
    panic("recurseFn panic");
  }
}

static void recurseFnPanicRec(int level, int maxlevel) {
  __attribute__((defer)) { recover(); }
  recurseFn(level, maxlevel);
}

/* Repeated recovers/re-panics until the frame that can handle the panic,
 * then no stale defer records may be left (issue 37664). */
static void TestDeferWithRepeatedRepanics(void) {
  interpreter(0, 6, 2);
  recurseFnPanicRec(0, 10);
  interpreter(0, 5, 1);
  recurseFnPanicRec(0, 10);
  interpreter(0, 6, 3);
  recurseFnPanicRec(0, 10);
}

static void expect(int n, const cdefer_panic_t *err) {
  char want[16];
  snprintf(want, sizeof want, "%d", n);
  if (!is(err, want)) {
    char msg[80];
    snprintf(msg, sizeof msg, "have %s, want %d",
             err ? cdefer_panic_message(err) : "<nil>", n);
    fatal(msg);
  }
}

static void issue43921_func1_func2(void) {
  __attribute__((defer)) { expect(4, recover()); }
  panic("4");
}

static void issue43921_func1(void) {
  /* Prevent open-coded defers */
  for (;;) {
    __attribute__((defer)) {}
    break;
  }
  __attribute__((defer)) issue43921_func1_func2();
  panic("1");
}

static void TestIssue43921(void) {
  __attribute__((defer)) { expect(1, recover()); }
  issue43921_func1();
}

#define RUN(test) (current = #test, test())

int main(void) {
  RUN(TestUnconditionalPanic);
  RUN(TestOpenAndNonOpenDefers);
  RUN(TestNonOpenAndOpenDefers);
  RUN(TestConditionalDefers);
  RUN(TestDisappearingDefer);
  RUN(TestAbortedPanic);
  RUN(TestRecoverMatching);
  RUN(TestNonSSAableArgs);
  RUN(TestDeferForFuncWithNoExit);
  RUN(TestDeferWithRepeatedRepanics);
  RUN(TestIssue43921);
  if (failures == 0)
    printf("ok\n");
  return failures != 0;
}
