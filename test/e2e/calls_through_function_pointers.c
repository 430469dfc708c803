// Deferred calls through function pointers: a pointer chosen at run time,
// an array of pointers indexed by a loop variable inside a loop (pooled
// records), a pointer in a struct, and a callee expression that is itself a
// call (evaluated once, at the defer statement).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

typedef void (*op_fn)(int);

static void op_add(int x) { printf("add %d\n", x); }
static void op_sub(int x) { printf("sub %d\n", x); }
static void op_mul(int x) { printf("mul %d\n", x); }
static void op_div(int x) { printf("div %d\n", x); }

static op_fn table[4] = {op_add, op_sub, op_mul, op_div};

volatile int selector = 2;

static void runtime_choice(void) {
  op_fn f = selector == 2 ? op_mul : op_add;
  __attribute__((defer)) f(1);
  f = selector == 2 ? op_div : op_sub;
  __attribute__((defer)) f(2);
  f = 0; /* must not matter */
  printf("runtime_choice body\n");
}

static void table_in_loop(int n) {
  for (int i = 0; i < n; i++)
    __attribute__((defer)) table[i % 4](i * 10);
  /* Change the table: the deferred calls already hold their callees. */
  table[0] = table[1] = table[2] = table[3] = op_add;
  printf("table_in_loop body\n");
}

struct ops {
  void (*close)(int);
  int handle;
};

static void close_a(int h) { printf("close_a %d\n", h); }
static void close_b(int h) { printf("close_b %d\n", h); }

static void struct_member(void) {
  struct ops o = {close_a, 1};
  struct ops *p = &o;
  __attribute__((defer)) p->close(p->handle);
  o.close = close_b;
  o.handle = 2;
  __attribute__((defer)) p->close(p->handle);
  o.handle = 3;
  printf("struct_member body\n");
}

static int picks;
static op_fn pick(int which) {
  picks++;
  printf("pick(%d)\n", which);
  return which ? op_sub : op_add;
}

static void callee_is_a_call(void) {
  __attribute__((defer)) pick(0)(100);
  __attribute__((defer)) pick(1)(200);
  printf("callee_is_a_call body picks=%d\n", picks);
}

/* Pointer to a function that returns a value (discarded). */
static int answer(int x) {
  printf("answer %d\n", x);
  return 42;
}

static void value_returning_pointer(void) {
  int (*g)(int) = answer;
  __attribute__((defer)) g(5);
  __attribute__((defer)) (*g)(6);
  g = 0;
  printf("value_returning_pointer body\n");
}

int main(void) {
  runtime_choice();
  printf("--\n");
  table_in_loop(6);
  printf("--\n");
  struct_member();
  printf("--\n");
  callee_is_a_call();
  printf("after: picks=%d\n", picks);
  printf("--\n");
  value_returning_pointer();
  printf("done\n");
  return 0;
}

// CHECK:      runtime_choice body
// CHECK-NEXT: div 2
// CHECK-NEXT: mul 1
// CHECK-NEXT: --
// CHECK-NEXT: table_in_loop body
// CHECK-NEXT: sub 50
// CHECK-NEXT: add 40
// CHECK-NEXT: div 30
// CHECK-NEXT: mul 20
// CHECK-NEXT: sub 10
// CHECK-NEXT: add 0
// CHECK-NEXT: --
// CHECK-NEXT: struct_member body
// CHECK-NEXT: close_b 2
// CHECK-NEXT: close_a 1
// CHECK-NEXT: --
// CHECK-NEXT: pick(0)
// CHECK-NEXT: pick(1)
// CHECK-NEXT: callee_is_a_call body picks=2
// CHECK-NEXT: sub 200
// CHECK-NEXT: add 100
// CHECK-NEXT: after: picks=2
// CHECK-NEXT: --
// CHECK-NEXT: value_returning_pointer body
// CHECK-NEXT: answer 6
// CHECK-NEXT: answer 5
// CHECK-NEXT: done
