// Port of Go 1.19 test/zerodivide.go: integer division by zero panics (with
// cdefer_enable_fault_panics(): "runtime error: integer divide by zero",
// Go's text), floating-point and complex division by zero does not.
//
// Mapping: Go's package variables -> volatile file-scope variables (C's
// division by a zero the compiler can see is undefined and compiled away;
// Go's NotCalled trick against gccgo plays the same role, so it is left
// out); each test closure -> a static function; use(v) -> a store to a
// volatile. error_'s named result -> cdefer_result(const char *), e.(
// runtime.Error).Error() -> the message of a panic started by a signal.
// `_ = bb[0] / bb[1]` (issue 5790: the division must still happen) keeps
// its quotient in a volatile, since C drops an unused division.
// Nothing else left out.
// Expected output: Inputs/zerodivide.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/zerodivide.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/zerodivide.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/zerodivide.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/zerodivide.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/zerodivide.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/zerodivide.check

#include <complex.h>
#include <defer.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

static volatile long i, j, k = 1;
static volatile int8_t i8, j8, k8 = 1;
static volatile int16_t i16, j16, k16 = 1;
static volatile int32_t i32, j32, k32 = 1;
static volatile int64_t i64, j64, k64 = 1;
static volatile int16_t bb[] = {2, 0};
static volatile unsigned long u, v, w = 1;
static volatile uint8_t u8, v8, w8 = 1;
static volatile uint16_t u16, v16, w16 = 1;
static volatile uint32_t u32, v32, w32 = 1;
static volatile uint64_t u64, v64, w64 = 1;
static volatile uintptr_t up, vp, wp = 1;
static volatile double f, g, h = 1;
static volatile float f32, g32, h32 = 1;
static volatile double f64, g64, h64 = 1, inf, negInf, nan_;
static volatile double _Complex c, d, e = 1 + 1 * I;
static volatile float _Complex c64, d64, e64 = 1 + 1 * I;
static volatile double _Complex c128, d128, e128 = 1 + 1 * I;

static volatile long tmp_int;
static volatile unsigned long tmp_uint;
static volatile double tmp_float;
static volatile double _Complex tmp_complex;

#define INT(name, expr) static void name(void) { tmp_int = (expr); }
#define UINT(name, expr) static void name(void) { tmp_uint = (expr); }
#define FLOAT(name, expr) static void name(void) { tmp_float = (expr); }
#define COMPLEX(name, expr) static void name(void) { tmp_complex = (expr); }
INT(int00, i / j) INT(int800, i8 / j8) INT(int1600, i16 / j16)
INT(int3200, i32 / j32) INT(int6400, i64 / j64)
INT(int10, k / j) INT(int810, k8 / j8) INT(int1610, k16 / j16)
INT(int3210, k32 / j32) INT(int6410, k64 / j64)
static void int16bb(void) { static volatile int16_t q; q = bb[0] / bb[1]; }
UINT(uint00, u / v) UINT(uint800, u8 / v8) UINT(uint1600, u16 / v16)
UINT(uint3200, u32 / v32) UINT(uint6400, u64 / v64) UINT(uintptr00, up / vp)
UINT(uint10, w / v) UINT(uint810, w8 / v8) UINT(uint1610, w16 / v16)
UINT(uint3210, w32 / v32) UINT(uint6410, w64 / v64) UINT(uintptr10, wp / vp)
FLOAT(float6400a, f / g) FLOAT(float3200, f32 / g32) FLOAT(float6400b, f64 / g64)
FLOAT(float6410a, h / g) FLOAT(float3210, h32 / g32) FLOAT(float6410b, h64 / g64)
FLOAT(float64inf0, inf / g64) FLOAT(float64neginf0, negInf / g64)
FLOAT(float64nan0, nan_ / g64)
COMPLEX(complex00, c / d) COMPLEX(complex6400, c64 / d64)
COMPLEX(complex12800, c128 / d128) COMPLEX(complex10, e / d)
COMPLEX(complex6410, e64 / d64) COMPLEX(complex12810, e128 / d128)

struct ErrorTest {
  const char *name;
  void (*fn)(void);
  const char *err;
};

/* Verify error/no error for all types. */
static const struct ErrorTest errorTests[] = {
    /* All integer divide by zero should error. */
    {"int 0/0", int00, "divide"},
    {"int8 0/0", int800, "divide"},
    {"int16 0/0", int1600, "divide"},
    {"int32 0/0", int3200, "divide"},
    {"int64 0/0", int6400, "divide"},
    {"int 1/0", int10, "divide"},
    {"int8 1/0", int810, "divide"},
    {"int16 1/0", int1610, "divide"},
    {"int32 1/0", int3210, "divide"},
    {"int64 1/0", int6410, "divide"},
    /* From issue 5790, we should ensure that _ assignments still evaluate
     * and generate zerodivide panics. */
    {"int16 _ = bb[0]/bb[1]", int16bb, "divide"},
    {"uint 0/0", uint00, "divide"},
    {"uint8 0/0", uint800, "divide"},
    {"uint16 0/0", uint1600, "divide"},
    {"uint32 0/0", uint3200, "divide"},
    {"uint64 0/0", uint6400, "divide"},
    {"uintptr 0/0", uintptr00, "divide"},
    {"uint 1/0", uint10, "divide"},
    {"uint8 1/0", uint810, "divide"},
    {"uint16 1/0", uint1610, "divide"},
    {"uint32 1/0", uint3210, "divide"},
    {"uint64 1/0", uint6410, "divide"},
    {"uintptr 1/0", uintptr10, "divide"},
    /* All float64ing divide by zero should not error. */
    {"float64 0/0", float6400a, ""},
    {"float32 0/0", float3200, ""},
    {"float64 0/0", float6400b, ""},
    {"float64 1/0", float6410a, ""},
    {"float32 1/0", float3210, ""},
    {"float64 1/0", float6410b, ""},
    {"float64 inf/0", float64inf0, ""},
    {"float64 -inf/0", float64neginf0, ""},
    {"float64 nan/0", float64nan0, ""},
    /* All complex divide by zero should not error. */
    {"complex 0/0", complex00, ""},
    {"complex64 0/0", complex6400, ""},
    {"complex128 0/0", complex12800, ""},
    {"complex 1/0", complex10, ""},
    {"complex64 1/0", complex6410, ""},
    {"complex128 1/0", complex12810, ""},
};

static char errtext[128];

static const char *error_(void (*fn)(void)) {
  __attribute__((defer)) {
    const cdefer_panic_t *e = recover();
    if (e != NULL) {
      if (cdefer_panic_signal(e) == 0) /* e.(runtime.Error) fails */
        panic("interface conversion: not a runtime.Error");
      snprintf(errtext, sizeof errtext, "%s", cdefer_panic_message(e));
      cdefer_result(const char *) = errtext;
    }
  }
  fn();
  return "";
}

struct FloatTest {
  double f, g, out;
};

static bool alike(double a, double b) {
  if (isnan(a) && isnan(b))
    return true;
  if (a == b)
    return signbit(a) == signbit(b);
  return false;
}

int main(void) {
  cdefer_enable_fault_panics();
  inf = INFINITY;
  negInf = -INFINITY;
  nan_ = NAN;
  const struct FloatTest float64Tests[] = {
      {0, 0, nan_}, {nan_, 0, nan_}, {inf, 0, inf}, {negInf, 0, negInf}};

  bool bad = false;
  for (size_t n = 0; n < sizeof errorTests / sizeof errorTests[0]; n++) {
    const struct ErrorTest *t = &errorTests[n];
    const char *err = error_(t->fn);
    if (t->err[0] == 0 && err[0] == 0) {
      /* fine */
    } else if (t->err[0] != 0 && err[0] == 0) {
      if (!bad) {
        bad = true;
        printf("BUG\n");
      }
      printf("%s: expected \"%s\"; got no error\n", t->name, t->err);
    } else if (t->err[0] == 0 && err[0] != 0) {
      if (!bad) {
        bad = true;
        printf("BUG\n");
      }
      printf("%s: expected no error; got \"%s\"\n", t->name, err);
    } else if (strstr(err, t->err) == NULL) {
      if (!bad) {
        bad = true;
        printf("BUG\n");
      }
      printf("%s: expected \"%s\"; got \"%s\"\n", t->name, t->err, err);
      continue;
    }
  }

  /* At this point we know we don't error on the values we're testing */
  for (size_t n = 0; n < sizeof float64Tests / sizeof float64Tests[0]; n++) {
    const struct FloatTest *t = &float64Tests[n];
    volatile double tg = t->g;
    double x = t->f / tg;
    if (!alike(x, t->out)) {
      if (!bad) {
        bad = true;
        printf("BUG\n");
      }
      printf("%g/%g: expected %g error; got %g\n", t->f, t->g, t->out, x);
    }
  }
  if (bad)
    panic("zerodivide");
  printf("ok\n");
  return 0;
}
