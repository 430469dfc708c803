// exit() called by a deferred call while a panic unwinds ends the process
// there (SPEC.md 3.11): the remaining deferred calls of the task do not run,
// no panic report is written, atexit handlers run, buffered output is
// flushed, and the status is the one passed to exit.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %S/../expect-exit.sh 3 %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2
// RUN: %S/../expect-exit.sh 3 %run %t.O2 2>&1 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 3 %run %t.O0g 2>&1 | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 3 %run %t.O2g 2>&1 | FileCheck %s %}

#include <defer.h>
#include <stdio.h>
#include <stdlib.h>

static void at_exit_handler(void) { printf("atexit handler\n"); }

static void say(const char *s) { printf("%s\n", s); }

static void exits(void) {
  printf("deferred call exits(3)\n");
  exit(3);
}

__attribute__((noinline)) void panics(void) {
  __attribute__((defer)) say("DEFERRED after exit (must not run)");
  __attribute__((defer)) exits();
  __attribute__((defer)) say("deferred before exit");
  panic("ends in exit");
}

__attribute__((noinline)) void outer(void) {
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say("DEFERRED outer (must not run)");
  panics();
}

int main(void) {
  atexit(at_exit_handler);
  __attribute__((defer)) say("DEFERRED main (must not run)");
  printf("main body\n");
  outer();
  printf("NOT REACHED\n");
  return 0;
}

// CHECK:      main body
// CHECK-NEXT: deferred before exit
// CHECK-NEXT: deferred call exits(3)
// CHECK-NEXT: atexit handler
// CHECK-NOT:  {{.}}
