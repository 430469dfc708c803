// Port of Go 1.19 test/recover.go: basic recover functionality.
//
// Mapping: panic(N) -> panic("N"); an interface{} value compared with ==
// -> its message compared with the expected number's text. Go's closures
// -> deferred blocks where the closure only captures variables, static
// helpers where Go calls the closure or defers inside it (a defer statement
// inside a deferred block is not C's cdefer syntax). Go's named result of
// try/try1 and test8a/b -> cdefer_result(T). Method calls through an
// interface (test9..test14: pointer, word-sized, tiny, large and 8 KB
// receivers, wrappers in between) -> deferred calls through a function
// pointer taking the receiver by value, so the struct sizes and the
// deferred call's argument copying are kept. mustRecover's three recover
// results are taken in order into locals first (C leaves the order of
// argument evaluation unspecified; Go evaluates left to right).
// Left out: test9reflect*, test10reflect* .. test14reflect*, test15 and
// test16 (reflect.Method / reflect.MakeFunc: no C counterpart), and the
// GOSSAINTERP switch.
// test4 checks `defer recover()` in a function that runs as a deferred
// call: the deferred recover() recovers the panic when that function
// returns, in every lowering.
// Expected output: Inputs/recover.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/recover.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/recover.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/recover.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/recover.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/recover.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/recover.check

#include <defer.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

static bool same(const cdefer_panic_t *v, int x) {
  char want[32];
  snprintf(want, sizeof want, "%d", x);
  return strcmp(cdefer_panic_message(v), want) == 0;
}

static void mustRecoverBody(const cdefer_panic_t *v1, const cdefer_panic_t *v2,
                            const cdefer_panic_t *v3, int x) {
  const cdefer_panic_t *v = v1;
  if (v != NULL) {
    fprintf(stderr, "spurious recover %s\n", cdefer_panic_message(v));
    die();
  }
  v = v2;
  if (v == NULL) {
    fprintf(stderr, "missing recover %d\n", x);
    die(); /* panic is useless here */
  }
  if (!same(v, x)) {
    fprintf(stderr, "wrong value %s %d\n", cdefer_panic_message(v), x);
    die();
  }

  /* the value should be gone now regardless */
  v = v3;
  if (v != NULL) {
    fprintf(stderr, "recover didn't recover\n");
    die();
  }
}

static const cdefer_panic_t *doubleRecover(void) { return recover(); }

static void mustRecover(int x) {
  const cdefer_panic_t *v1 = doubleRecover();
  const cdefer_panic_t *v2 = recover();
  const cdefer_panic_t *v3 = recover();
  mustRecoverBody(v1, v2, v3, x);
}

static void mustNotRecover(void) {
  const cdefer_panic_t *v = recover();
  if (v != NULL) {
    fprintf(stderr, "spurious recover %s\n", cdefer_panic_message(v));
    die();
  }
}

static void withoutRecover(void) {
  mustNotRecover(); /* because it's a sub-call */
}

static void withoutRecoverRecursive(int n) {
  if (n == 0) {
    withoutRecoverRecursive(1);
  } else {
    const cdefer_panic_t *v = recover();
    if (v != NULL) {
      fprintf(stderr, "spurious recover (recursive) %s\n",
              cdefer_panic_message(v));
      die();
    }
  }
}

static void test1(void) {
  __attribute__((defer)) mustNotRecover(); /* because mustRecover will squelch it */
  __attribute__((defer)) mustRecover(1);   /* because of panic below */
  __attribute__((defer)) withoutRecover(); /* should be no-op, leaving for mustRecover to find */
  __attribute__((defer)) withoutRecoverRecursive(0); /* ditto */
  panic("1");
}

/* Repeat test1 with closures instead of standard function. */
static void test1WithClosures(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *v = recover();
    if (v != NULL) {
      fprintf(stderr, "spurious recover in closure\n");
      die();
    }
  }
  int x = 1; /* the closure's argument, evaluated at the defer */
  __attribute__((defer)) {
    mustNotRecover();
    const cdefer_panic_t *v = recover();
    if (v == NULL) {
      fprintf(stderr, "missing recover %d\n", x);
      die();
    }
    if (!same(v, x)) {
      fprintf(stderr, "wrong value %s %d\n", cdefer_panic_message(v), x);
      die();
    }
  }
  __attribute__((defer)) { mustNotRecover(); }
  panic("1");
}

static void test2(void) {
  /* Recover only sees the panic argument if it is called from a deferred
   * call. It does not see the panic when called from a call within a
   * deferred call (too late) nor does it see the panic when it *is* the
   * deferred call (too early). */
  __attribute__((defer)) mustRecover(2);
  __attribute__((defer)) recover(); /* should be no-op */
  panic("2");
}

static void test3(void) {
  __attribute__((defer)) mustNotRecover();
  __attribute__((defer)) {
    recover(); /* should squelch */
  }
  panic("3");
}

static void test4_closure(void) {
  __attribute__((defer)) recover(); /* should squelch */
}

static void test4(void) {
  /* Equivalent to test3 but using defer to make the call. */
  __attribute__((defer)) mustNotRecover();
  __attribute__((defer)) test4_closure();
  panic("4");
}

/* The recovered value outlives the recovering deferred call: keep a copy. */
static char recovered[64];

/* Check that closures can set output arguments.
 * Run g(). If it panics, return x; else return deflt. */
static const char *try(void (*g)(void), const char *deflt) {
  __attribute__((defer)) {
    const cdefer_panic_t *v = recover();
    if (v != NULL) {
      snprintf(recovered, sizeof recovered, "%s", cdefer_panic_message(v));
      cdefer_result(const char *) = recovered;
    }
  }
  __attribute__((defer)) g();
  return deflt;
}

static const char *try1(void (*g)(void), const char *deflt) {
  __attribute__((defer)) {
    const cdefer_panic_t *v = recover();
    if (v != NULL) {
      snprintf(recovered, sizeof recovered, "%s", cdefer_panic_message(v));
      cdefer_result(const char *) = recovered;
    }
  }
  __attribute__((defer)) g();
  const char *x = deflt;
  return x;
}

static void panic5(void) { panic("5"); }
static void nop(void) {}

static void test5(void) {
  const char *v = try(panic5, "55");
  if (strcmp(v, "5") != 0) {
    fprintf(stderr, "wrong value %s 5\n", v);
    die();
  }

  const char *s = try(nop, "hi");
  if (strcmp(s, "hi") != 0) {
    fprintf(stderr, "wrong value %s hi\n", s);
    die();
  }

  v = try1(panic5, "55");
  if (strcmp(v, "5") != 0) {
    fprintf(stderr, "try1 wrong value %s 5\n", v);
    die();
  }

  s = try1(nop, "hi");
  if (strcmp(s, "hi") != 0) {
    fprintf(stderr, "try1 wrong value %s hi\n", s);
    die();
  }
}

/* When a deferred big call starts, it must first create yet another stack
 * segment to hold the giant frame for x. Make sure that doesn't confuse
 * recover. */
static void big(bool mustRecover) {
  volatile long x[100000];
  x[0] = 1;
  x[99999] = 1;

  const cdefer_panic_t *v = recover();
  if (mustRecover) {
    if (v == NULL) {
      fprintf(stderr, "missing big recover\n");
      die();
    }
  } else {
    if (v != NULL) {
      fprintf(stderr, "spurious big recover\n");
      die();
    }
  }
}

static void test6(void) {
  __attribute__((defer)) big(false);
  __attribute__((defer)) big(true);
  panic("6");
}

static void test6WithClosures(void) {
  __attribute__((defer)) {
    volatile long x[100000];
    x[0] = 1;
    x[99999] = 1;
    if (recover() != NULL) {
      fprintf(stderr, "spurious big closure recover\n");
      die();
    }
  }
  __attribute__((defer)) {
    volatile long x[100000];
    x[0] = 1;
    x[99999] = 1;
    if (recover() == NULL) {
      fprintf(stderr, "missing big closure recover\n");
      die();
    }
  }
  panic("6WithClosures");
}

static void test7_func(bool *ok) {
  /* should panic, then call mustRecover 7, which stops the panic. then
   * should keep processing ordinary defers earlier than that one before
   * returning. this test checks that the defer func on the next line
   * actually runs. */
  __attribute__((defer)) { *ok = true; }
  __attribute__((defer)) mustRecover(7);
  panic("7");
}

static void test7(void) {
  bool ok = false;
  test7_func(&ok);
  if (!ok) {
    fprintf(stderr, "did not run ok func\n");
    die();
  }
}

static void varargs(int *s, int n, ...) {
  va_list ap;
  *s = 0;
  va_start(ap, n);
  for (int k = 0; k < n; k++)
    *s += va_arg(ap, int);
  va_end(ap);
  if (recover() != NULL)
    *s += 100;
}

static int test8a(void) {
  __attribute__((defer)) varargs(&cdefer_result(int), 3, 1, 2, 3);
  panic("0");
}

static int test8b(void) {
  __attribute__((defer)) varargs(&cdefer_result(int), 3, 4, 5, 6);
  return 0; /* Go: a bare return of r, which is 0 here */
}

static void test8(void) {
  if (test8a() != 106 || test8b() != 15) {
    fprintf(stderr, "wrong value\n");
    die();
  }
}

/* pointer receiver */
struct T1 { char unused; };
static void T1_M(struct T1 *t) {
  (void)t;
  const cdefer_panic_t *v1 = doubleRecover();
  const cdefer_panic_t *v2 = recover();
  const cdefer_panic_t *v3 = recover();
  mustRecoverBody(v1, v2, v3, 9);
}

static void test9(void) {
  static struct T1 t1;
  void (*m)(struct T1 *) = T1_M;
  __attribute__((defer)) m(&t1);
  panic("9");
}

/* word-sized value receiver */
typedef uintptr_t T2;
static void T2_M(T2 t) {
  (void)t;
  const cdefer_panic_t *v1 = doubleRecover();
  const cdefer_panic_t *v2 = recover();
  const cdefer_panic_t *v3 = recover();
  mustRecoverBody(v1, v2, v3, 10);
}

static void test10(void) {
  void (*m)(T2) = T2_M;
  __attribute__((defer)) m((T2)0);
  panic("10");
}

/* tiny receiver */
struct T3 { char unused; };
static void T3_M(struct T3 t) {
  (void)t;
  const cdefer_panic_t *v1 = doubleRecover();
  const cdefer_panic_t *v2 = recover();
  const cdefer_panic_t *v3 = recover();
  mustRecoverBody(v1, v2, v3, 11);
}

static void test11(void) {
  void (*m)(struct T3) = T3_M;
  __attribute__((defer)) m((struct T3){0});
  panic("11");
}

static void Tiny_M(struct T3 t) {
  (void)t;
  panic("112");
}

/* i.M is a wrapper, and i.M panics (see recover.go for the history). */
static void badstate(void) {
  __attribute__((defer)) { recover(); }
  void (*m)(struct T3) = Tiny_M;
  m((struct T3){0});
}

static void T3deeper_M(struct T3 t) {
  (void)t;
  badstate(); /* difference from T3 */
  const cdefer_panic_t *v1 = doubleRecover();
  const cdefer_panic_t *v2 = recover();
  const cdefer_panic_t *v3 = recover();
  mustRecoverBody(v1, v2, v3, 111);
}

static void test111(void) {
  void (*m)(struct T3) = T3deeper_M;
  __attribute__((defer)) m((struct T3){0});
  panic("111");
}

/* large receiver */
struct T4 { const char *s[2][2]; }; /* [2]string: two (pointer, length) pairs */
static void T4_M(struct T4 t) {
  (void)t;
  const cdefer_panic_t *v1 = doubleRecover();
  const cdefer_panic_t *v2 = recover();
  const cdefer_panic_t *v3 = recover();
  mustRecoverBody(v1, v2, v3, 12);
}

static void test12(void) {
  void (*m)(struct T4) = T4_M;
  __attribute__((defer)) m((struct T4){{{0}}});
  panic("12");
}

/* enormous receiver */
struct T5 { unsigned char b[8192]; };
static void T5_M(struct T5 t) {
  (void)t;
  const cdefer_panic_t *v1 = doubleRecover();
  const cdefer_panic_t *v2 = recover();
  const cdefer_panic_t *v3 = recover();
  mustRecoverBody(v1, v2, v3, 13);
}

static void test13(void) {
  static struct T5 t5;
  void (*m)(struct T5) = T5_M;
  __attribute__((defer)) m(t5);
  panic("13");
}

/* enormous receiver + enormous method frame */
struct T6 { unsigned char b[8192]; };
static volatile unsigned char global;

static void T6_M(struct T6 t) {
  (void)t;
  volatile unsigned char x[8192] = {0};
  x[0] = 1;
  x[1] = 2;
  for (size_t i = 0; i < sizeof x; i++)
    global += x[i];
  const cdefer_panic_t *v1 = doubleRecover();
  const cdefer_panic_t *v2 = recover();
  const cdefer_panic_t *v3 = recover();
  mustRecoverBody(v1, v2, v3, 14);
}

static void test14(void) {
  static struct T6 t6;
  void (*m)(struct T6) = T6_M;
  __attribute__((defer)) m(t6);
  panic("14");
}

int main(void) {
  test1();
  test1WithClosures();
  test2();
  test3();
  test4();
  test5();
  test6();
  test6WithClosures();
  test7();
  test8();
  test9();
  test10();
  test11();
  test111();
  test12();
  test13();
  test14();
  printf("ok\n");
  return 0;
}
