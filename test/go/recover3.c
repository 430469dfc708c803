// Port of Go 1.19 test/recover3.go: recovering from run-time errors, with
// the check that the recovered value is a runtime.Error (here: a panic
// started by a signal, cdefer_panic_signal() != 0) whose text contains the
// expected words. With cdefer_enable_fault_panics() integer division by
// zero and nil pointer dereferences become Go's runtime errors.
//
// Go's closures capture main's locals; here they are file-scope volatiles
// (C's division by a known zero and dereference of a known null pointer
// are undefined and compiled away, Go's are not; clang also computes 1/x
// without a division, so the 1 is a volatile too). `q[5000]` of a nil
// *[10000]int reads address 40000, below Linux's mmap_min_addr as in Go.
// Left out: array-bounds, slice-bounds, type-concrete, type-interface
// (index checks and type assertions: C has none).
// Expected output: Inputs/recover3.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/recover3.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/recover3.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/recover3.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/recover3.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/recover3.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/recover3.check

#include <defer.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

static bool didbug;

static void bug(void) {
  if (didbug)
    return;
  fprintf(stderr, "BUG\n");
  didbug = true;
}

static void check(const char *name, void (*f)(void), const char *err) {
  __attribute__((defer)) {
    const cdefer_panic_t *v = recover();
    if (v == NULL) {
      bug();
      fprintf(stderr, "%s did not panic\n", name);
    } else if (cdefer_panic_signal(v) == 0) {
      bug();
      fprintf(stderr, "%s panicked but not with runtime.Error\n", name);
    } else {
      const char *s = cdefer_panic_message(v);
      if (strstr(s, err) == NULL) {
        bug();
        fprintf(stderr, "%s panicked with %s not %s\n", name, s, err);
      }
    }
  }

  f();
}

static volatile int x, one = 1;
static volatile int64_t x64, one64 = 1;
static int (*volatile p)[10];
static int64_t (*volatile q)[10000];

static void int_div_zero(void) { fprintf(stderr, "%d\n", one / x); }
static void int64_div_zero(void) { fprintf(stderr, "%lld\n", (long long)(one64 / x64)); }
static void nil_deref(void) { fprintf(stderr, "%d\n", (*p)[0]); }
static void nil_deref_1(void) { fprintf(stderr, "%d\n", (*p)[1]); }
static void nil_deref_big(void) { fprintf(stderr, "%lld\n", (long long)(*q)[5000]); }

int main(void) {
  cdefer_enable_fault_panics();
  check("int-div-zero", int_div_zero, "integer divide by zero");
  check("int64-div-zero", int64_div_zero, "integer divide by zero");

  check("nil-deref", nil_deref, "nil pointer dereference");
  check("nil-deref-1", nil_deref_1, "nil pointer dereference");
  check("nil-deref-big", nil_deref_big, "nil pointer dereference");

  if (didbug)
    panic("recover3");
  printf("ok\n");
  return 0;
}
