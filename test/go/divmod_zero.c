// Port of the zero-divisor part of Go 1.19 test/divmod.go: x / 0 and x % 0
// panic for every integer type, and the deferred check*zero call, which
// calls recover() directly, stops the panic (with
// cdefer_enable_fault_panics(): SIGFPE -> "runtime error: integer divide
// by zero"). Each divzero*/modzero* function defers a call whose argument
// (x, converted) is evaluated at the defer statement and returns x / y.
//
// Left out: the rest of divmod.go (checking quotients and remainders of
// nonzero divisors against a shift-and-subtract reference: no defer, panic
// or recover in it). Go's gen2 feeds check* with every x having at most two
// bits set; here each type gets the x values 0, 1, 2, 3, 0x55, -1, -2,
// INT64_MAX and INT64_MIN converted to the type. The divisor is read from
// a volatile again at each call (C's division by a zero it can see, as
// after the y == 0 test, is undefined and may be compiled away).
// Go prints "did not panic" lines, and nothing when all is well; the
// expectation is Go's whole divmod.go run (regen-expected.sh).
// Expected output: Inputs/divmod_zero.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/divmod_zero.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/divmod_zero.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/divmod_zero.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/divmod_zero.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/divmod_zero.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/divmod_zero.check

#include <defer.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void checkudivzero(const char *typ, uint64_t x) {
  if (recover() == NULL)
    fprintf(stderr, "%s(%" PRIu64 " / 0) did not panic", typ, x);
}

static void checkdivzero(const char *typ, int64_t x) {
  if (recover() == NULL)
    fprintf(stderr, "%s(%" PRId64 " / 0) did not panic", typ, x);
}

static void checkumodzero(const char *typ, uint64_t x) {
  if (recover() == NULL)
    fprintf(stderr, "%s(%" PRIu64 " %% 0) did not panic", typ, x);
}

static void checkmodzero(const char *typ, int64_t x) {
  if (recover() == NULL)
    fprintf(stderr, "%s(%" PRId64 " %% 0) did not panic", typ, x);
}

static unsigned long divzerouint(unsigned long x, unsigned long y) {
  __attribute__((defer)) checkudivzero("uint", (uint64_t)x);
  return x / y;
}

static unsigned long modzerouint(unsigned long x, unsigned long y) {
  __attribute__((defer)) checkumodzero("uint", (uint64_t)x);
  return x % y;
}

static uint64_t divzerouint64(uint64_t x, uint64_t y) {
  __attribute__((defer)) checkudivzero("uint64", (uint64_t)x);
  return x / y;
}

static uint64_t modzerouint64(uint64_t x, uint64_t y) {
  __attribute__((defer)) checkumodzero("uint64", (uint64_t)x);
  return x % y;
}

static uint32_t divzerouint32(uint32_t x, uint32_t y) {
  __attribute__((defer)) checkudivzero("uint32", (uint64_t)x);
  return x / y;
}

static uint32_t modzerouint32(uint32_t x, uint32_t y) {
  __attribute__((defer)) checkumodzero("uint32", (uint64_t)x);
  return x % y;
}

static uint16_t divzerouint16(uint16_t x, uint16_t y) {
  __attribute__((defer)) checkudivzero("uint16", (uint64_t)x);
  return x / y;
}

static uint16_t modzerouint16(uint16_t x, uint16_t y) {
  __attribute__((defer)) checkumodzero("uint16", (uint64_t)x);
  return x % y;
}

static uint8_t divzerouint8(uint8_t x, uint8_t y) {
  __attribute__((defer)) checkudivzero("uint8", (uint64_t)x);
  return x / y;
}

static uint8_t modzerouint8(uint8_t x, uint8_t y) {
  __attribute__((defer)) checkumodzero("uint8", (uint64_t)x);
  return x % y;
}

static long divzeroint(long x, long y) {
  __attribute__((defer)) checkdivzero("int", (int64_t)x);
  return x / y;
}

static long modzeroint(long x, long y) {
  __attribute__((defer)) checkmodzero("int", (int64_t)x);
  return x % y;
}

static int64_t divzeroint64(int64_t x, int64_t y) {
  __attribute__((defer)) checkdivzero("int64", (int64_t)x);
  return x / y;
}

static int64_t modzeroint64(int64_t x, int64_t y) {
  __attribute__((defer)) checkmodzero("int64", (int64_t)x);
  return x % y;
}

static int32_t divzeroint32(int32_t x, int32_t y) {
  __attribute__((defer)) checkdivzero("int32", (int64_t)x);
  return x / y;
}

static int32_t modzeroint32(int32_t x, int32_t y) {
  __attribute__((defer)) checkmodzero("int32", (int64_t)x);
  return x % y;
}

static int16_t divzeroint16(int16_t x, int16_t y) {
  __attribute__((defer)) checkdivzero("int16", (int64_t)x);
  return x / y;
}

static int16_t modzeroint16(int16_t x, int16_t y) {
  __attribute__((defer)) checkmodzero("int16", (int64_t)x);
  return x % y;
}

static int8_t divzeroint8(int8_t x, int8_t y) {
  __attribute__((defer)) checkdivzero("int8", (int64_t)x);
  return x / y;
}

static int8_t modzeroint8(int8_t x, int8_t y) {
  __attribute__((defer)) checkmodzero("int8", (int64_t)x);
  return x % y;
}

static volatile int zero;

/* Go's check* functions, y == 0 branch. */
#define CHECK(go, c)                                                           \
  static void check##go(c x, c y) {                                            \
    if (y == 0) {                                                              \
      divzero##go(x, (c)zero);                                                 \
      modzero##go(x, (c)zero);                                                 \
      return;                                                                  \
    }                                                                          \
  }

CHECK(uint, unsigned long)
CHECK(uint64, uint64_t)
CHECK(uint32, uint32_t)
CHECK(uint16, uint16_t)
CHECK(uint8, uint8_t)
CHECK(int, long)
CHECK(int64, int64_t)
CHECK(int32, int32_t)
CHECK(int16, int16_t)
CHECK(int8, int8_t)

int main(void) {
  cdefer_enable_fault_panics();
  static const int64_t xs[] = {0, 1, 2, 3, 0x55, -1, -2, INT64_MAX, INT64_MIN};
  for (size_t n = 0; n < sizeof xs / sizeof xs[0]; n++) {
    uint64_t x = (uint64_t)xs[n];
    checkuint((unsigned long)x, (unsigned long)zero);
    checkuint64((uint64_t)x, (uint64_t)zero);
    checkuint32((uint32_t)x, (uint32_t)zero);
    checkuint16((uint16_t)x, (uint16_t)zero);
    checkuint8((uint8_t)x, (uint8_t)zero);
    checkint((long)x, (long)zero);
    checkint64((int64_t)x, (int64_t)zero);
    checkint32((int32_t)x, (int32_t)zero);
    checkint16((int16_t)x, (int16_t)zero);
    checkint8((int8_t)x, (int8_t)zero);
  }
  printf("ok\n");
  return 0;
}
