// Port of Go 1.19 test/fixedbugs/issue8039.go: `defer copy(s, <-c)` - the
// deferred builtin's arguments, a channel receive among them, are
// evaluated at the defer statement. copy -> memcpy (a builtin of C's
// compiler too), the channel -> a one-slot queue whose receive is a call.
// Expected output: Inputs/fixedbugs_issue8039.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8039.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8039.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8039.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8039.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8039.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue8039.check

#include <defer.h>
#include <stdio.h>
#include <string.h>
#include "Inputs/goport.h"

static const long *slot;
static int received;

static const long *recv(void) {
  received++;
  const long *v = slot;
  slot = NULL;
  return v;
}

static void f(long *s) {
  static const long one[1] = {1};
  slot = one; /* c <- []int{1} */
  __attribute__((defer)) memcpy(s, recv(), sizeof(long));
  if (received != 1) /* the receive happened at the defer statement */
    fprintf(stderr, "BUG received %d\n", received);
}

int main(void) {
  long x[1] = {0};
  f(x);
  if (x[0] != 1)
    fprintf(stderr, "BUG %ld\n", x[0]);
  printf("ok\n");
  return 0;
}
