// The runtime remembers each thread's signal stack instead of asking the
// kernel at every panic; a signal stack set up after the thread's first
// panic must still be seen. A panic raised on it is the clear fatal error
// of SPEC.md section 5, not a panic whose deferred calls run on the signal
// stack.
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

static void catch_it(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "nothing");
}

__attribute__((noinline)) static void first_panic(void) {
  __attribute__((defer)) catch_it();
  panic("before any signal stack");
}

static void handler(int sig) {
  (void)sig;
  panic("from a signal handler");
}

static char alt_stack[1 << 16];

int main(void) {
  first_panic();
  stack_t ss;
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = alt_stack;
  ss.ss_size = sizeof alt_stack;
  if (sigaltstack(&ss, NULL) != 0)
    return 1;
  stack_t now;
  if (sigaltstack(NULL, &now) != 0 || now.ss_sp != alt_stack)
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

// CHECK:      recovered: before any signal stack
// CHECK-NEXT: raising SIGUSR1
// CHECK-NEXT: cdefer: fatal error: panic while running on a signal stack
// CHECK-NOT:  DEFERRED
// CHECK-NOT:  panic: from
// CHECK-NOT:  NOT REACHED
