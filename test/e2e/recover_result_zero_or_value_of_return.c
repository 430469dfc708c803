// After a deferred call recovers, the recovering function returns normally
// with what its result holds at that moment (SPEC.md 3.5): the zero value of
// its return type when no `return` statement had run (the panic came from
// the body), and the value of the `return` statement when the panic came
// from a deferred call that this return was running. Checked for integer
// types of every width (sign and zero extension), float, double, long
// double (returned on the x87 stack), pointers, _Complex double, small
// structs returned in one or two registers (integer, SSE and mixed) and a
// large struct returned through a hidden pointer (sret) into a caller
// variable that holds other values. Locals holding other values at the
// panic do not leak into the result.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O1 %s -o %t.O1 && %run %t.O1 | FileCheck %s
// RUN: %cdefer-cc -O3 %s -o %t.O3 && %run %t.O3 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O0 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s
// Without fault support (no frame state in memory) panics run the same:
// RUN: %cdefer-cc -O2 -mllvm -cdefer-fault-frames=0 %s -o %t.nofault && %run %t.nofault | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-fault-frames=0 -mllvm -cdefer-max-open-coded=0 %s -o %t.nofault.chained && %run %t.nofault.chained | FileCheck %s

#include <complex.h>
#include <defer.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int recovered_count;

static void rec(void) {
  if (recover() != NULL)
    recovered_count++;
}

static void panicker(const char *what) { panic("deferred %s", what); }

struct two_ints {
  int a, b;
};
struct two_longs {
  long a, b;
};
struct two_doubles {
  double a, b;
};
struct mixed {
  double d;
  long l;
};
struct big {
  long v[9];
};

static volatile int seed = 5;

/* NAME_zero: panics in the body, no return statement ran.
 * NAME_ret:  `return VALUE;` runs, then a deferred call panics. */
#define CASES(T, NAME, VALUE)                                                  \
  __attribute__((noinline)) T NAME##_zero(void) {                              \
    T local = VALUE;                                                           \
    __attribute__((defer)) rec();                                              \
    if (seed)                                                                  \
      panic("body of " #NAME);                                                 \
    return local;                                                              \
  }                                                                            \
  __attribute__((noinline)) T NAME##_ret(void) {                               \
    T local = VALUE;                                                           \
    __attribute__((defer)) rec();                                              \
    __attribute__((defer)) panicker(#NAME);                                    \
    return local;                                                              \
  }

CASES(bool, t_bool, seed != 0)
CASES(signed char, t_schar, -(signed char)seed)
CASES(unsigned char, t_uchar, (unsigned char)(250 + seed))
CASES(short, t_short, -1000 * seed)
CASES(unsigned short, t_ushort, (unsigned short)(65530 + seed))
CASES(int, t_int, -7 * seed)
CASES(unsigned, t_unsigned, 0xfffffff0u + seed)
CASES(long long, t_llong, -123456789012LL * seed)
CASES(float, t_float, 1.25f * seed)
CASES(double, t_double, -2.5 * seed)
CASES(long double, t_ldouble, 0.125L * seed)
CASES(const char *, t_ptr, seed ? "a string" : "other")
CASES(double complex, t_complex, seed + 2.0 * I)
CASES(struct two_ints, t_two_ints, ((struct two_ints){seed, -seed}))
CASES(struct two_longs, t_two_longs, ((struct two_longs){seed, -seed}))
CASES(struct two_doubles, t_two_doubles, ((struct two_doubles){seed, 0.5}))
CASES(struct mixed, t_mixed, ((struct mixed){seed * 1.5, -seed}))
CASES(struct big, t_big, ((struct big){{seed, 2, 3, 4, 5, 6, 7, 8, 9}}))

static void print_big(const char *what, struct big b) {
  printf("%s {", what);
  for (int i = 0; i < 9; i++)
    printf(" %ld", b.v[i]);
  printf(" }\n");
}

/* A return statement runs in an inner function, whose deferred call panics
 * without recovering; the outer function recovers: its own result is the
 * zero value (no return of the outer function ran). */
__attribute__((noinline)) int inner_returns_then_panics(void) {
  __attribute__((defer)) panicker("inner");
  return 77;
}

__attribute__((noinline)) int outer_recovers(void) {
  __attribute__((defer)) rec();
  int r = inner_returns_then_panics();
  printf("NOT REACHED outer %d\n", r);
  return r + 1;
}

/* The return value is computed (with its side effect) once, before the
 * deferred calls. */
static int evaluations;
static int compute(int x) {
  evaluations++;
  return x * 3;
}

__attribute__((noinline)) int return_expression(int x) {
  __attribute__((defer)) rec();
  __attribute__((defer)) panicker("expression");
  if (x > 100)
    return -1;
  return compute(x);
}

/* A deferred block recovers: same rule. */
__attribute__((noinline)) long block_recovers(void) {
  __attribute__((defer)) {
    if (recover() != NULL)
      recovered_count++;
  }
  __attribute__((defer)) panicker("before block");
  return 4242;
}

int main(void) {
  printf("bool %d %d\n", t_bool_zero(), t_bool_ret());
  printf("schar %d %d\n", t_schar_zero(), t_schar_ret());
  printf("uchar %d %d\n", t_uchar_zero(), t_uchar_ret());
  printf("short %d %d\n", t_short_zero(), t_short_ret());
  printf("ushort %d %d\n", t_ushort_zero(), t_ushort_ret());
  printf("int %d %d\n", t_int_zero(), t_int_ret());
  printf("unsigned %u %u\n", t_unsigned_zero(), t_unsigned_ret());
  printf("llong %lld %lld\n", t_llong_zero(), t_llong_ret());
  printf("float %g %g\n", (double)t_float_zero(), (double)t_float_ret());
  printf("double %g %g\n", t_double_zero(), t_double_ret());
  printf("ldouble %Lg %Lg\n", t_ldouble_zero(), t_ldouble_ret());
  const char *pz = t_ptr_zero(), *pr = t_ptr_ret();
  printf("ptr %s %s\n", pz ? pz : "NULL", pr ? pr : "NULL");
  double complex cz = t_complex_zero(), cr = t_complex_ret();
  printf("complex %g%+gi %g%+gi\n", creal(cz), cimag(cz), creal(cr), cimag(cr));
  struct two_ints iz = t_two_ints_zero(), ir = t_two_ints_ret();
  printf("two_ints {%d %d} {%d %d}\n", iz.a, iz.b, ir.a, ir.b);
  struct two_longs lz = t_two_longs_zero(), lr = t_two_longs_ret();
  printf("two_longs {%ld %ld} {%ld %ld}\n", lz.a, lz.b, lr.a, lr.b);
  struct two_doubles dz = t_two_doubles_zero(), dr = t_two_doubles_ret();
  printf("two_doubles {%g %g} {%g %g}\n", dz.a, dz.b, dr.a, dr.b);
  struct mixed mz = t_mixed_zero(), mr = t_mixed_ret();
  printf("mixed {%g %ld} {%g %ld}\n", mz.d, mz.l, mr.d, mr.l);

  /* The caller's variable holds other values before each call: the callee
   * writes its whole result through the hidden pointer. */
  struct big b;
  memset(&b, 0x55, sizeof b);
  b = t_big_zero();
  print_big("big zero", b);
  memset(&b, 0x55, sizeof b);
  b = t_big_ret();
  print_big("big ret", b);

  printf("outer_recovers %d\n", outer_recovers());
  printf("return_expression %d evaluations %d\n", return_expression(14),
         evaluations);
  printf("block_recovers %ld\n", block_recovers());
  printf("recovered %d panics\n", recovered_count);
  return 0;
}

// CHECK:      bool 0 1
// CHECK-NEXT: schar 0 -5
// CHECK-NEXT: uchar 0 255
// CHECK-NEXT: short 0 -5000
// CHECK-NEXT: ushort 0 65535
// CHECK-NEXT: int 0 -35
// CHECK-NEXT: unsigned 0 4294967285
// CHECK-NEXT: llong 0 -617283945060
// CHECK-NEXT: float 0 6.25
// CHECK-NEXT: double 0 -12.5
// CHECK-NEXT: ldouble 0 0.625
// CHECK-NEXT: ptr NULL a string
// CHECK-NEXT: complex 0+0i 5+2i
// CHECK-NEXT: two_ints {0 0} {5 -5}
// CHECK-NEXT: two_longs {0 0} {5 -5}
// CHECK-NEXT: two_doubles {0 0} {5 0.5}
// CHECK-NEXT: mixed {0 0} {7.5 -5}
// CHECK-NEXT: big zero { 0 0 0 0 0 0 0 0 0 }
// CHECK-NEXT: big ret { 5 2 3 4 5 6 7 8 9 }
// CHECK-NEXT: outer_recovers 0
// CHECK-NEXT: return_expression 42 evaluations 1
// CHECK-NEXT: block_recovers 4242
// CHECK-NEXT: recovered 39 panics
// CHECK-NOT:  {{.}}
