// Defer statements in switch cases: one in a case that breaks, one in a
// braced case that falls through into the default, one in the default
// reached directly. Only the cases that ran defer, at return.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }

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

int main(void) {
  // CHECK:      switch 1 done
  // CHECK-NEXT: case 1
  // CHECK-NEXT: switch 2 done
  // CHECK-NEXT: default
  // CHECK-NEXT: case 2
  // CHECK-NEXT: switch 3 done
  // CHECK-NEXT: default
  in_switch(1);
  in_switch(2);
  in_switch(3);
  return 0;
}
