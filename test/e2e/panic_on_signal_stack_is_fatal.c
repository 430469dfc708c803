// A panic raised while running on a signal stack (sigaltstack + SA_ONSTACK)
// is a clear fatal error (SPEC.md section 5): the runtime says so on stderr
// and aborts, without running deferred calls of the interrupted code and
// without a panic report.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %S/../expect-exit.sh 134 %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2
// RUN: %S/../expect-exit.sh 134 %run %t.O2 2>&1 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 134 %run %t.O0g 2>&1 | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 134 %run %t.O2g 2>&1 | FileCheck %s %}

#include <defer.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void say(const char *s) { printf("DEFERRED %s\n", s); }

static void handler(int sig) {
  (void)sig;
  panic("from a signal handler");
}

static char alt_stack[1 << 16];

int main(void) {
  stack_t ss;
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = alt_stack;
  ss.ss_size = sizeof alt_stack;
  if (sigaltstack(&ss, NULL) != 0)
    return 1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = SA_ONSTACK;
  sigaction(SIGUSR1, &sa, NULL);
  __attribute__((defer)) say("main");
  printf("raising SIGUSR1\n");
  fflush(stdout);
  raise(SIGUSR1);
  printf("NOT REACHED\n");
  return 0;
}

// CHECK:      raising SIGUSR1
// CHECK-NEXT: cdefer: fatal error: panic while running on a signal stack
// CHECK-NOT:  DEFERRED
// CHECK-NOT:  panic: from
// CHECK-NOT:  NOT REACHED
