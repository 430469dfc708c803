// A C++ exception (not a panic) that unwinds through C frames with defers,
// open-coded and chained, on its way to a C++ catch: their pending deferred
// calls run as on a normal return, innermost first, recover() in them
// returns NULL, and the exception goes on to its handler (the landing pads
// resume it with libunwind's _Unwind_Resume).
//
// RUN: %llvmbin/clang++ -c -O2 %S/Inputs/unwind_cxx_throw_through_c.cpp -o %t.cxx.o
// RUN: %cdefer-cc -O0 %s %t.cxx.o -lstdc++ -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s %t.cxx.o -lstdc++ -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s %t.cxx.o -lstdc++ -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s %t.cxx.o -lstdc++ -o %t.chained && %run %t.chained | FileCheck %s

#include <defer.h>
#include <stdio.h>

void cxx_throw(int v);
int cxx_catch(void (*f)(void));

static void say(const char *s) {
  printf("deferred %s, recover %s\n", s, recover() ? "took it" : "NULL");
}

__attribute__((noinline)) static void inner(void) {
  __attribute__((defer)) say("in inner");
  cxx_throw(42);
}

__attribute__((noinline)) static void outer(void) {
  __attribute__((defer)) say("in outer");
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say("in outer's loop");
  inner();
}

int main(void) {
  for (int i = 0; i < 2; i++)
    printf("caught %d\n", cxx_catch(outer));
  return 0;
}

// CHECK:      deferred in inner, recover NULL
// CHECK-NEXT: deferred in outer's loop, recover NULL
// CHECK-NEXT: deferred in outer's loop, recover NULL
// CHECK-NEXT: deferred in outer, recover NULL
// CHECK-NEXT: caught 42
// CHECK-NEXT: deferred in inner, recover NULL
// CHECK:      caught 42
