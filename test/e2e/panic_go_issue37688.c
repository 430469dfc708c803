// A port of Go's TestIssue37688 (src/runtime/defer_test.go). In Go the bug
// was a pointer from an open-coded defer to a stack-allocated defer record
// that outlived its frame. Here g2 mixes a pooled record (a defer in a
// loop, which also moves the function's other two sites to stack records),
// ff1 has open-coded defers, one of them a deferred call with ten arguments
// (several passed on the stack) that recovers the panic ff1 raises; then a
// 2000-deep recursion overwrites the stack where ff1, the runtime's
// deferred-call frames and the panic's unwind ran, before g2 returns and
// runs its own records. g3 adds a frame to shift the stack layout. Ten
// rounds. Under the asan variant of the suite this runs with
// detect_stack_use_after_return=1, so any stale pointer into a dead frame
// is reported.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O3 %s -o %t.O3 && %run %t.O3 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O0 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s

#include <defer.h>
#include <stdio.h>
#include <string.h>

struct foo {
  int calls1, calls2;
};

static int trace; /* print the calls of the first round only */
static int recovered;

__attribute__((noinline)) void method1(struct foo *f) {
  f->calls1++;
  if (trace)
    printf("method1 (%d)\n", f->calls1);
}

__attribute__((noinline)) void method2(struct foo *f) {
  f->calls2++;
  if (trace)
    printf("method2 (%d)\n", f->calls2);
}

static struct {
  long a, b, c, d, e, f, g, h, i;
} globstruct;

/* The deferred call with ten arguments that recovers. */
__attribute__((noinline)) void ff1_deferred(struct foo *ap, long a, long b,
                                            long c, long d, long e, long f,
                                            long g, long h, long i) {
  const cdefer_panic_t *v = recover();
  if (v != NULL) {
    recovered++;
    if (trace)
      printf("recovered: %s\n", cdefer_panic_message(v));
  }
  (void)ap;
  globstruct.a = a;
  globstruct.b = b;
  globstruct.c = c;
  globstruct.d = d;
  globstruct.e = e;
  globstruct.f = f;
  globstruct.g = g;
  globstruct.h = h;
  globstruct.i = i;
}

__attribute__((noinline)) void ff1(struct foo *ap, long a, long b, long c,
                                   long d, long e, long f, long g, long h,
                                   long i) {
  __attribute__((defer)) method1(ap);
  __attribute__((defer)) ff1_deferred(ap, a, b, c, d, e, f, g, h, i);
  panic("ff1 panic");
}

/* Keeps each frame's array alive and written, so the recursion really
 * overwrites the stack below g2 (and is not turned into a loop). */
__attribute__((noinline)) void touch(volatile unsigned char *p, size_t n) {
  for (size_t k = 0; k < n; k++)
    p[k] = (unsigned char)(0xA5 ^ k);
}

__attribute__((noinline)) int rec1(int max) {
  volatile unsigned char pad[96];
  touch(pad, sizeof pad);
  if (max > 0)
    return rec1(max - 1) + pad[5];
  return pad[0];
}

__attribute__((noinline)) void g2(void) {
  struct foo a = {0, 0};
  struct foo *ap = &a;
  /* The loop forces this defer onto a pooled record and the remaining two
   * onto stack records. */
  for (int i = 0; i < 1; i++)
    __attribute__((defer)) method1(ap);
  __attribute__((defer)) method2(ap);
  __attribute__((defer)) method1(ap);
  ff1(ap, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  if (trace)
    printf("ff1 returned, calls1=%d\n", a.calls1);
  /* Overwrite the stack where ff1 and the unwind ran. */
  rec1(2000);
  if (a.calls1 != 1 || a.calls2 != 0)
    printf("BAD: calls1=%d calls2=%d before g2 returns\n", a.calls1, a.calls2);
}

__attribute__((noinline)) void g3(void) {
  /* Mix up the stack layout by adding an extra function frame. */
  g2();
}

int main(void) {
  for (int j = 0; j < 10; j++) {
    trace = j == 0;
    g2();
    g3();
  }
  printf("recovered %d, globstruct %ld %ld %ld %ld %ld %ld %ld %ld %ld\n",
         recovered, globstruct.a, globstruct.b, globstruct.c, globstruct.d,
         globstruct.e, globstruct.f, globstruct.g, globstruct.h, globstruct.i);
  return 0;
}

// Round 0, g2 then g3 -> g2; each runs ff1's two defers during the panic,
// then its own three in LIFO order after rec1.
// CHECK:      recovered: ff1 panic
// CHECK-NEXT: method1 (1)
// CHECK-NEXT: ff1 returned, calls1=1
// CHECK-NEXT: method1 (2)
// CHECK-NEXT: method2 (1)
// CHECK-NEXT: method1 (3)
// CHECK-NEXT: recovered: ff1 panic
// CHECK-NEXT: method1 (1)
// CHECK-NEXT: ff1 returned, calls1=1
// CHECK-NEXT: method1 (2)
// CHECK-NEXT: method2 (1)
// CHECK-NEXT: method1 (3)
// CHECK-NEXT: recovered 20, globstruct 1 2 3 4 5 6 7 8 9
// CHECK-NOT:  {{.}}
