// A defer statement in a K&R-style (old-style) function definition.
//
// RUN: %cdefer-cc -std=gnu17 -Wno-deprecated-non-prototype -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -std=gnu17 -Wno-deprecated-non-prototype -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -std=gnu17 -Wno-deprecated-non-prototype -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -std=gnu17 -Wno-deprecated-non-prototype -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }

static int kr_style(a, b) int a;
int b;
{
  __attribute__((defer)) say("K&R defer");
  return a + b;
}

int main(void) {
  // CHECK:      K&R defer
  // CHECK-NEXT: 3
  printf("%d\n", kr_style(1, 2));
  return 0;
}
