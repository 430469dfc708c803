// cdefer_result(T) (SPEC.md 3.5a): deferred code sets the value a function
// returns, as Go does with named results -- after a recovered panic (the
// function returns what the result holds then), and on a normal return
// (after `return x;` it holds x and deferred code may change it). Through
// a deferred block and through a pointer passed to a deferred call; for
// register-returned values and a large struct returned through sret.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s
// Without fault support (no frame state in memory) panics run the same:
// RUN: %cdefer-cc -O2 -mllvm -cdefer-fault-frames=0 %s -o %t.nofault && %run %t.nofault | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-fault-frames=0 -mllvm -cdefer-max-open-coded=0 %s -o %t.nofault.chained && %run %t.nofault.chained | FileCheck %s

#include <defer.h>
#include <stdio.h>

struct big { long v[6]; };

__attribute__((noinline)) static void fail(const char *why) { panic("%s", why); }

static int parse_digit(char c) {
  __attribute__((defer)) {
    if (recover())
      cdefer_result(int) = -1;
  }
  if (c < '0' || c > '9')
    fail("not a digit");
  return c - '0';
}

static int doubled_on_return(int x) {
  __attribute__((defer)) { cdefer_result(int) *= 2; }
  return x;
}

static void set_to(double *result, double value) { *result = value; }

static double through_pointer(int bad) {
  __attribute__((defer)) set_to(&cdefer_result(double), 2.5);
  __attribute__((defer)) { recover(); }
  if (bad)
    fail("bad");
  return 1.0;
}

static const char *pointer_result(void) {
  __attribute__((defer)) {
    if (recover())
      cdefer_result(const char *) = "fallback";
  }
  fail("no string");
  return "unreached";
}

static struct big big_result(int bad) {
  __attribute__((defer)) {
    if (recover())
      cdefer_result(struct big).v[5] = 99;
  }
  if (bad)
    fail("big");
  struct big b = {{1, 2, 3, 4, 5, 6}};
  return b;
}

static int in_a_loop(int n) {
  for (int i = 0; i < n; i++)
    __attribute__((defer)) { cdefer_result(int) += 10; }
  return 1;
}

int main(void) {
  // CHECK:      parse 7 -> 7
  // CHECK-NEXT: parse x -> -1
  printf("parse 7 -> %d\n", parse_digit('7'));
  printf("parse x -> %d\n", parse_digit('x'));
  // CHECK-NEXT: doubled 21 -> 42
  printf("doubled 21 -> %d\n", doubled_on_return(21));
  // CHECK-NEXT: through pointer 2.5 2.5
  printf("through pointer %.1f %.1f\n", through_pointer(0), through_pointer(1));
  // CHECK-NEXT: pointer fallback
  printf("pointer %s\n", pointer_result());
  // CHECK-NEXT: big ok 1 6
  // CHECK-NEXT: big recovered 0 99
  struct big a = big_result(0), b = big_result(1);
  printf("big ok %ld %ld\n", a.v[0], a.v[5]);
  printf("big recovered %ld %ld\n", b.v[0], b.v[5]);
  // CHECK-NEXT: loop 31
  printf("loop %d\n", in_a_loop(3));
  return 0;
}
