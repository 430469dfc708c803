// Port of Go 1.19 test/nilptr2.go: every load through a nil pointer -
// scalars, array elements, struct fields at small and large offsets (up to
// 128 MB + 40 into a nil *BigStruct), whole struct copies - panics, and a
// deferred closure recovers it. With cdefer_enable_fault_panics() each
// load faults and becomes the panic; the pointers are volatile and point
// to volatile (C's compiler may assume a pointer it can see is null is
// never dereferenced, and deletes unused loads). Copies of *a10p,
// *structp and *bigstructp go to static variables that are read afterwards
// (Go's use() boxes them; a 128 MB copy would not fit on a C stack, and C
// drops a copy nobody reads), so the fault may happen in the C library's
// memcpy, a frame without defers.
// Left out: the `&...` cases (in C taking an address does not access
// memory: no fault, unlike Go's nil checks) and m1.F(), m2.M.F() (methods
// through nil embedded structs: no access either).
// Expected output: Inputs/nilptr2.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/nilptr2.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/nilptr2.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/nilptr2.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/nilptr2.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/nilptr2.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/nilptr2.check

#include <defer.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

struct gostring { const char *p; long n; };
struct goslice { unsigned char *p; long len, cap; };

typedef struct {
  long i;
  double j;
  struct gostring k;
  long x[10];
  struct goslice l;
} Struct;

typedef struct {
  long i;
  double j;
  struct gostring k;
  unsigned char x[128 << 20];
  struct goslice l;
} BigStruct;

static volatile long *volatile intp;
static volatile struct goslice *volatile slicep;
static volatile long (*volatile a10p)[10];
static volatile Struct *volatile structp;
static volatile BigStruct *volatile bigstructp;
static volatile long i;

static volatile long sink_long;
static volatile double sink_double;
static long sink_a10[10];
static Struct sink_struct;
static BigStruct sink_bigstruct;

static void println_long(long v) { fprintf(stderr, "%ld\n", v); sink_long = v; }
static void println_double(double v) { fprintf(stderr, "%g\n", v); sink_double = v; }

static void t_intp(void) { println_long(*intp); }
static void t_slicep(void) { println_long(slicep->len); }
static void t_slicep0(void) { println_long(slicep->p[0]); }
static void t_slicepi(void) { println_long(slicep->p[i]); }
static void t_a10p(void) { memcpy(sink_a10, (const void *)a10p, sizeof sink_a10); sink_long = sink_a10[9]; }
static void t_a10p0(void) { println_long((*a10p)[0]); }
static void t_a10pi(void) { println_long((*a10p)[i]); }
static void t_structp(void) { memcpy(&sink_struct, (const void *)structp, sizeof sink_struct); sink_long = sink_struct.i; }
static void t_structp_i(void) { println_long(structp->i); }
static void t_structp_j(void) { println_double(structp->j); }
static void t_structp_k(void) { println_long(structp->k.n); }
static void t_structp_x0(void) { println_long(structp->x[0]); }
static void t_structp_xi(void) { println_long(structp->x[i]); }
static void t_structp_x9(void) { println_long(structp->x[9]); }
static void t_structp_l(void) { println_long(structp->l.len); }
static void t_bigstructp(void) { memcpy(&sink_bigstruct, (const void *)bigstructp, sizeof sink_bigstruct); sink_long = sink_bigstruct.i; }
static void t_bigstructp_i(void) { println_long(bigstructp->i); }
static void t_bigstructp_j(void) { println_double(bigstructp->j); }
static void t_bigstructp_k(void) { println_long(bigstructp->k.n); }
static void t_bigstructp_x0(void) { println_long(bigstructp->x[0]); }
static void t_bigstructp_xi(void) { println_long(bigstructp->x[i]); }
static void t_bigstructp_x9(void) { println_long(bigstructp->x[9]); }
static void t_bigstructp_x100M(void) { println_long(bigstructp->x[100 << 20]); }
static void t_bigstructp_l(void) { println_long(bigstructp->l.len); }

static const struct {
  const char *name;
  void (*fn)(void);
} tests[] = {
    {"*intp", t_intp},
    {"*slicep", t_slicep},
    {"(*slicep)[0]", t_slicep0},
    {"(*slicep)[i]", t_slicepi},
    {"*a10p", t_a10p},
    {"a10p[0]", t_a10p0},
    {"a10p[i]", t_a10pi},
    {"*structp", t_structp},
    {"structp.i", t_structp_i},
    {"structp.j", t_structp_j},
    {"structp.k", t_structp_k},
    {"structp.x[0]", t_structp_x0},
    {"structp.x[i]", t_structp_xi},
    {"structp.x[9]", t_structp_x9},
    {"structp.l", t_structp_l},
    {"*bigstructp", t_bigstructp},
    {"bigstructp.i", t_bigstructp_i},
    {"bigstructp.j", t_bigstructp_j},
    {"bigstructp.k", t_bigstructp_k},
    {"bigstructp.x[0]", t_bigstructp_x0},
    {"bigstructp.x[i]", t_bigstructp_xi},
    {"bigstructp.x[9]", t_bigstructp_x9},
    {"bigstructp.x[100<<20]", t_bigstructp_x100M},
    {"bigstructp.l", t_bigstructp_l},
};

static bool ok = true;

static void run(const char *name, void (*fn)(void)) {
  __attribute__((defer)) {
    if (recover() == NULL) {
      fprintf(stderr, "%s did not panic\n", name);
      ok = false;
    }
  }
  fn();
}

int main(void) {
  cdefer_enable_fault_panics();
  for (size_t n = 0; n < sizeof tests / sizeof tests[0]; n++)
    run(tests[n].name, tests[n].fn);
  if (!ok)
    fprintf(stderr, "BUG\n");
  printf("ok\n");
  return 0;
}
