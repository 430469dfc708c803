// exit() does not run pending deferred calls (SPEC.md 3.11): neither those
// of the function that calls exit nor those of its callers, whatever their
// strategy. atexit handlers do run, and buffered output is flushed.
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

static void finish(void) {
  __attribute__((defer)) say("DEFERRED in finish");
  printf("finish calls exit(0)\n");
  exit(0);
}

static void pooled_caller(void) {
  for (int i = 0; i < 3; i++)
    __attribute__((defer)) say("DEFERRED in pooled_caller loop");
  finish();
}

static void stacked_caller(void) {
  __attribute__((defer)) say("DEFERRED stacked 1");
  __attribute__((defer)) say("DEFERRED stacked 2");
  __attribute__((defer)) say("DEFERRED stacked 3");
  __attribute__((defer)) say("DEFERRED stacked 4");
  __attribute__((defer)) say("DEFERRED stacked 5");
  __attribute__((defer)) say("DEFERRED stacked 6");
  __attribute__((defer)) say("DEFERRED stacked 7");
  __attribute__((defer)) say("DEFERRED stacked 8");
  __attribute__((defer)) say("DEFERRED stacked 9");
  pooled_caller();
}

int main(void) {
  atexit(at_exit_handler);
  __attribute__((defer)) say("DEFERRED in main");
  __attribute__((defer)) { printf("DEFERRED block in main\n"); }
  printf("main body\n");
  stacked_caller();
  printf("NOT REACHED\n");
  return 1;
}

// CHECK-NOT:  DEFERRED
// CHECK:      main body
// CHECK-NEXT: finish calls exit(0)
// CHECK-NEXT: atexit handler
// CHECK-NOT:  {{.}}
// (nothing at all after the atexit handler: no DEFERRED line, no NOT REACHED)
