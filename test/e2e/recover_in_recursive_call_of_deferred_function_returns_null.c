// recover() in a later invocation of the deferred function itself returns
// NULL: Go's recover.go withoutRecoverRecursive. At -O2 the deferred
// function's self-call is in tail position and tail-recursion elimination
// would make the second invocation run in the first one's frame, with its
// address and frame address, so functions that call recover() make no tail
// calls.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>

static void without_recover_recursive(int n) {
  if (n == 0) {
    without_recover_recursive(1);
  } else {
    const cdefer_panic_t *p = recover();
    printf("  recursive call recovered: %s\n",
           p ? cdefer_panic_message(p) : "NULL");
  }
}

static void must_recover(void) {
  const cdefer_panic_t *p = recover();
  printf("  must_recover: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

static void test(void) {
  __attribute__((defer)) must_recover();
  __attribute__((defer)) without_recover_recursive(0);
  panic("1");
}

int main(void) {
  printf("test\n");
  test();
  printf("done\n");
  return 0;
}

// CHECK:      test
// CHECK-NEXT:   recursive call recovered: NULL
// CHECK-NEXT:   must_recover: 1
// CHECK-NEXT: done
// CHECK-NOT:  {{.}}
