// Defer statements in the places a C programmer will try them, each working
// as SPEC.md says: inside macros, in a statement expression (the call still
// runs when the function returns), in switch cases (also one jumped into),
// around _Generic, in a function that calls setjmp/longjmp (not over the
// defer), in a K&R-style definition, and deferring va_end in a variadic
// function.
//
// RUN: %cdefer-cc -std=gnu17 -Wno-deprecated-non-prototype -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -std=gnu17 -Wno-deprecated-non-prototype -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %cdefer-cc -std=gnu17 -Wno-deprecated-non-prototype -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s
// RUN: %cdefer-cc -std=gnu17 -Wno-deprecated-non-prototype -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s

#include <defer.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#define DEFER(call) __attribute__((defer)) call
#define SCOPE_EXIT __attribute__((defer))

static void say(const char *s) { printf("%s\n", s); }

static void in_macros(void) {
  DEFER(say("macro call"));
  SCOPE_EXIT { say("macro block"); }
  say("macros body");
}

static int in_statement_expression(int x) {
  int y = ({
    __attribute__((defer)) say("statement-expression defer");
    x + 1;
  });
  say("after the statement expression");
  return y;
}

static void in_switch(int k) {
  switch (k) {
  case 1:
    __attribute__((defer)) say("case 1");
    break;
  case 2: {
    __attribute__((defer)) say("case 2");
  }
    /* fall through */
  default:
    __attribute__((defer)) say("default");
  }
  printf("switch %d done\n", k);
}

#define SAY(x) _Generic((x), int: say, default: say)

static void around_generic(void) { __attribute__((defer)) SAY(1)("generic"); }

static jmp_buf env;

static int with_setjmp(void) {
  __attribute__((defer)) say("setjmp function's defer");
  if (setjmp(env) == 0)
    longjmp(env, 1);
  say("after longjmp");
  return 1;
}

static int kr_style(a, b) int a;
int b;
{
  __attribute__((defer)) say("K&R defer");
  return a + b;
}

static int sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  __attribute__((defer)) {
    va_end(ap);
    say("va_end deferred");
  }
  int s = 0;
  for (int i = 0; i < n; i++)
    s += va_arg(ap, int);
  return s;
}

int main(void) {
  // CHECK:      macros body
  // CHECK-NEXT: macro block
  // CHECK-NEXT: macro call
  in_macros();
  // CHECK-NEXT: after the statement expression
  // CHECK-NEXT: statement-expression defer
  // CHECK-NEXT: y 2
  printf("y %d\n", in_statement_expression(1));
  // CHECK-NEXT: switch 1 done
  // CHECK-NEXT: case 1
  // CHECK-NEXT: switch 2 done
  // CHECK-NEXT: default
  // CHECK-NEXT: case 2
  // CHECK-NEXT: switch 3 done
  // CHECK-NEXT: default
  in_switch(1);
  in_switch(2);
  in_switch(3);
  // CHECK-NEXT: generic
  around_generic();
  // CHECK-NEXT: after longjmp
  // CHECK-NEXT: setjmp function's defer
  with_setjmp();
  // CHECK-NEXT: K&R defer
  // CHECK-NEXT: va_end deferred
  // CHECK-NEXT: 3 6
  int a = kr_style(1, 2);
  int b = sum(3, 1, 2, 3);
  printf("%d %d\n", a, b);
  return 0;
}
