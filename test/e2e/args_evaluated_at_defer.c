// Arguments and the callee of a deferred call are evaluated when the defer
// statement executes; the call is made at return with those values
// (SPEC.md 3.1).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O1 %s -o %t.O1 && %run %t.O1 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>

typedef void (*show_fn)(const char *tag, int a, int b);

static void show(const char *tag, int a, int b) {
  printf("show %s a=%d b=%d\n", tag, a, b);
}

static void other(const char *tag, int a, int b) {
  printf("other %s a=%d b=%d\n", tag, a, b);
}

static void show_str(const char *tag, const char *s) {
  printf("%s s=%s\n", tag, s);
}

int global_value = 1;
volatile int vol = 3;

static void locals(void) {
  int a = 1, b = 2;
  __attribute__((defer)) show("first", a, b);
  a = 10;
  b = 20;
  __attribute__((defer)) show("second", a, b);
  a = 100;
  b = 200;
  printf("locals body a=%d b=%d\n", a, b);
}

static void callee_pointer(void) {
  show_fn fp = show;
  int x = 5;
  __attribute__((defer)) fp("fp1", x, x + 1);
  fp = other;
  x = 6;
  __attribute__((defer)) fp("fp2", x, x + 1);
  fp = show;
  x = 7;
  printf("callee_pointer body x=%d\n", x);
}

static void globals_and_aliases(void) {
  int local = 40;
  int *p = &local;
  __attribute__((defer)) show("global", global_value, vol);
  __attribute__((defer)) show("aliased", local, *p);
  global_value = 2;
  vol = 4;
  *p = 41;
  printf("globals body g=%d vol=%d local=%d\n", global_value, vol, local);
}

/* The pointer is evaluated at the defer statement; what it points to is read
 * when the call is made, as in Go. */
static void pointer_argument(void) {
  char buf[8] = "old";
  const char *s = "first literal";
  __attribute__((defer)) show_str("pointee", buf);
  __attribute__((defer)) show_str("pointer", s);
  s = "second literal";
  buf[0] = 'n';
  buf[1] = 'e';
  buf[2] = 'w';
  printf("pointer body s=%s\n", s);
}

int main(void) {
  locals();
  printf("--\n");
  callee_pointer();
  printf("--\n");
  globals_and_aliases();
  printf("--\n");
  pointer_argument();
  printf("done\n");
  return 0;
}

// CHECK:      locals body a=100 b=200
// CHECK-NEXT: show second a=10 b=20
// CHECK-NEXT: show first a=1 b=2
// CHECK-NEXT: --
// CHECK-NEXT: callee_pointer body x=7
// CHECK-NEXT: other fp2 a=6 b=7
// CHECK-NEXT: show fp1 a=5 b=6
// CHECK-NEXT: --
// CHECK-NEXT: globals body g=2 vol=4 local=41
// CHECK-NEXT: show aliased a=40 b=40
// CHECK-NEXT: show global a=1 b=3
// CHECK-NEXT: --
// CHECK-NEXT: pointer body s=second literal
// CHECK-NEXT: pointer s=first literal
// CHECK-NEXT: pointee s=new
// CHECK-NEXT: done
