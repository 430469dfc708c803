// Port of Go 1.19 test/fixedbugs/issue16249.go: the address of a named
// result (err) escapes to a deferred call, in a recursion whose other
// calls leave junk on the stack (Go's bug: the result was not zeroed
// before the prologue's allocation). Results (res int64, err error) -> a
// struct; `defer f(&err)` -> a deferred call given &cdefer_result(...).err;
// errors.New -> a static message. The recursion is 4 x 1000 rounds of A
// with up to 999 levels, as in Go.
// Expected output: Inputs/fixedbugs_issue16249.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16249.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16249.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16249.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16249.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16249.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue16249.check

#include <defer.h>
#include <stdint.h>
#include <stdio.h>
#include "Inputs/goport.h"

struct result {
  int64_t res;
  const char *err;
};

static const char *const *volatile sink;

__attribute__((noinline)) static void f(const char **err) {
  if (err != NULL)
    sink = err;
}

__attribute__((noinline)) static int64_t B(int64_t n) {
  if (n <= 1) /* Prefer to leave a 1 on the stack. */
    return n;
  return 1 + B(n - 1);
}

__attribute__((noinline)) static struct result A(int64_t n, int64_t m) {
  __attribute__((defer)) f(&cdefer_result(struct result).err); /* output parameter's address escapes to a defer. */
  if (n < 0)
    return (struct result){0, "No negative"};
  if (n <= 1)
    return (struct result){n, NULL};
  int64_t res = B(m); /* This call to B drizzles a little junk on the stack. */
  struct result r = A(n - 1, m);
  r.res++;
  (void)res;
  return r;
}

int main(void) {
  struct result x = A(0, 0);
  for (int j = 0; j < 4; j++)       /* j controls amount of B's stack dribble */
    for (int i = 0; i < 1000; i++) /* more and more recursion */
      x = A(i, j);
  (void)x;
  printf("ok\n");
  return 0;
}
