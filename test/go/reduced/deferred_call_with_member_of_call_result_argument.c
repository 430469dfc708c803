// Reduced from Go 1.19 runtime/defer_test.go TestNonSSAableArgs:
// `defer f(g().member)` is a deferred call (SPEC 2) whose argument, a
// member of the struct g returns, is evaluated at the defer statement.
// This checks that the plugin accepts it (in C, a member of a call's struct
// result makes clang wrap the statement's CallExpr in an ExprWithCleanups)
// and that the deferred call gets the value g returned at the defer
// statement, in every lowering at -O0 and -O2.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | FileCheck %s

#include <defer.h>
#include <stdio.h>

struct outer {
  long z;
};

static int calls;
static struct outer get(void) {
  calls++;
  return (struct outer){4};
}
static void use(long z) { printf("z=%ld calls=%d\n", z, calls); }

int main(void) {
  __attribute__((defer)) use(get().z);
  calls += 10; /* get() ran at the defer statement, before this */
  return 0;
}

// CHECK: z=4 calls=11
