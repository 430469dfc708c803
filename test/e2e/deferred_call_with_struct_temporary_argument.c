// A deferred call whose argument reads a member of a struct returned by a
// call, `f(g().field)`, is a deferred call: Clang wraps such a statement in
// an ExprWithCleanups (the struct is a temporary), which used to be
// rejected as "not a call". The argument (g() included) is evaluated at the
// defer statement. Also: a deferred call whose struct result is discarded,
// and one cast to void (accepted, docs/user-guide.md).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>

struct S {
  int field;
  int arr[4];
  const char *name;
};

static int made;

static struct S make(void) {
  ++made;
  struct S s = {made * 10, {made, made + 1, made + 2, made + 3}, "made"};
  printf("  make() -> %d\n", s.field);
  return s;
}

static void take(int x) { printf("  deferred take(%d)\n", x); }
static void take2(int x, const char *s) {
  printf("  deferred take2(%d, %s)\n", x, s);
}

static struct S give(int x) {
  printf("  deferred give(%d)\n", x);
  struct S s = {x, {0}, "given"};
  return s;
}

static struct S (*volatile give_ptr)(int) = give;
static volatile int index_ = 2;

static int run(void) {
  printf("run\n");
  __attribute__((defer)) take(make().field);
  __attribute__((defer)) take(make().arr[index_]);
  __attribute__((defer)) take2(make().field, make().name);
  __attribute__((defer)) (take(make().field + 1));
  __attribute__((defer)) give(made);
  __attribute__((defer)) (void)give(made + 100);
  __attribute__((defer)) ((void)(give_ptr(made + 200)));
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) take(make().arr[i]);
  printf("  body: made %d\n", made);
  made = 1000;
  return made;
}

int main(void) {
  int r = run();
  printf("returned %d\n", r);
  return 0;
}

// CHECK:      run{{$}}
// CHECK-NEXT:   make() -> 10{{$}}
// CHECK-NEXT:   make() -> 20{{$}}
// CHECK-NEXT:   make() -> 30{{$}}
// CHECK-NEXT:   make() -> 40{{$}}
// CHECK-NEXT:   make() -> 50{{$}}
// CHECK-NEXT:   make() -> 60{{$}}
// CHECK-NEXT:   make() -> 70{{$}}
// CHECK-NEXT:   body: made 7{{$}}
// CHECK-NEXT:   deferred take(8){{$}}
// CHECK-NEXT:   deferred take(6){{$}}
// CHECK-NEXT:   deferred give(205){{$}}
// CHECK-NEXT:   deferred give(105){{$}}
// CHECK-NEXT:   deferred give(5){{$}}
// CHECK-NEXT:   deferred take(51){{$}}
// CHECK-NEXT:   deferred take2({{30|40}}, made){{$}}
// CHECK-NEXT:   deferred take(4){{$}}
// CHECK-NEXT:   deferred take(10){{$}}
// CHECK-NEXT: returned 1000{{$}}
