// A defer statement inside a statement expression belongs to the function:
// the call runs when the function returns, not when the statement
// expression ends, and the expression's value is unaffected.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }

static int in_statement_expression(int x) {
  int y = ({
    __attribute__((defer)) say("statement-expression defer");
    x + 1;
  });
  say("after the statement expression");
  return y;
}

int main(void) {
  // CHECK:      after the statement expression
  // CHECK-NEXT: statement-expression defer
  // CHECK-NEXT: y 2
  printf("y %d\n", in_statement_expression(1));
  return 0;
}
