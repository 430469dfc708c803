// Defers in main run when main returns, before the process exits: before
// atexit handlers and before stdio is flushed at exit. main's return value
// is computed first.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>
#include <stdlib.h>

static void at_exit_handler(void) { printf("atexit handler\n"); }

static void say(const char *s) { printf("%s\n", s); }

static int status(void) {
  printf("computing main's return value\n");
  return 0;
}

int main(int argc, char **argv) {
  (void)argv;
  atexit(at_exit_handler);
  int n = argc;
  __attribute__((defer)) say("main defer 1");
  __attribute__((defer)) { printf("main block argc=%d n=%d\n", argc, n); }
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) printf("main loop defer %d\n", i);
  __attribute__((defer)) say("main defer 4");
  n = 42;
  printf("main body\n");
  return status();
}

// CHECK:      main body
// CHECK-NEXT: computing main's return value
// CHECK-NEXT: main defer 4
// CHECK-NEXT: main loop defer 1
// CHECK-NEXT: main loop defer 0
// CHECK-NEXT: main block argc=1 n=42
// CHECK-NEXT: main defer 1
// CHECK-NEXT: atexit handler
// CHECK-NOT:  {{.}}
