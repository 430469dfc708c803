// A result written by the function's own code (cdefer_result(T) in the
// body, Go's named result) before a panic is what the recovering function
// returns (Go's fixedbugs/issue4066.go), in every lowering: the open-coded
// lowering must not zero it as "no return ran yet".
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-fault-frames=0 %s -o %t.nofault && %run %t.nofault | FileCheck %s

#include <defer.h>
#include <stdio.h>

static __attribute__((noinline)) void fails(void) { panic("terr"); }

static int body_writes_result(void) {
  cdefer_result(int) = 0;
  __attribute__((defer)) { recover(); }
  for (;;) {
    cdefer_result(int) = 2;
    fails();
  }
}

struct pair {
  int a, b;
};

static struct pair body_writes_field(int x) {
  __attribute__((defer)) { recover(); }
  cdefer_result(struct pair).b = x;
  fails();
  return (struct pair){-1, -1};
}

int main(void) {
  printf("int: %d\n", body_writes_result());
  struct pair p = body_writes_field(7);
  printf("field: %d %d\n", p.a, p.b);
  return 0;
}

// CHECK:      int: 2
// CHECK-NEXT: field: 0 7
// CHECK-NOT:  {{.}}
