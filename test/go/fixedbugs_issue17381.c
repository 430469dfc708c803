// Port of Go 1.19 test/fixedbugs/issue17381.go: after a fault in f (a
// store through a nil pointer) main's deferred closure recovers and walks
// the stack; main must be on it. runtime.Callers -> glibc's backtrace()
// (libgcc's unwinder, through the runtime's deferred-call frames),
// runtime.FuncForPC(pc).Name() -> dladdr (the program is linked with
// -rdynamic so that main is named). prep() puts garbage on the stack, as
// in Go (there: pointers into runtime.GC). The fault becomes a panic with
// cdefer_enable_fault_panics(); the nil pointer is read from a volatile.
// main -> go_main (also exported), so that "ok" follows.
// Expected output: Inputs/fixedbugs_issue17381.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 -rdynamic %s -o %t.O0 -ldl && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue17381.check
// RUN: %cdefer-cc -O2 -g -rdynamic %s -o %t.O2g -ldl && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue17381.check
// RUN: %cdefer-cc -O0 %{chained} -rdynamic %s -o %t.cO0 -ldl && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue17381.check
// RUN: %cdefer-cc -O2 %{chained} -rdynamic %s -o %t.cO2 -ldl && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue17381.check
// RUN: %cdefer-cc -O0 %{pooled} -rdynamic %s -o %t.pO0 -ldl && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue17381.check
// RUN: %cdefer-cc -O2 %{pooled} -rdynamic %s -o %t.pO2 -ldl && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue17381.check

#define _GNU_SOURCE
#include <defer.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

static long *volatile nilp;

__attribute__((noinline)) static void f(void) {
  volatile long t[1] = {0}; /* non-empty frame */
  *nilp = t[0];
}

__attribute__((noinline)) static void prep(void) {
  /* put some garbage on stack */
  volatile uintptr_t x[20];
  for (int i = 0; i < 20; i++)
    x[i] = (uintptr_t)backtrace + 8;
}

__attribute__((noinline)) void go_main(void) {
  __attribute__((defer)) {
    if (recover() == NULL)
      panic("did not panic");
    void *pcs[20];
    int n = backtrace(pcs, 20);
    int found = 0;
    for (int i = 0; i < n && !found; i++) {
      Dl_info info;
      if (dladdr(pcs[i], &info) && info.dli_sname &&
          strcmp(info.dli_sname, "go_main") == 0)
        found = 1;
    }
    if (!found)
      panic("cannot find main.main in backtrace");
  }

  prep();
  f(); /* should panic */
}

int main(void) {
  cdefer_enable_fault_panics();
  go_main();
  printf("ok\n");
  return 0;
}
