// A panic raised by a signal handler that runs on the thread's own stack
// (no SA_ONSTACK) unwinds through the kernel's signal frame into the
// interrupted code: the interrupted frames' deferred calls run, innermost
// first, and a frame above recovers. Past the signal frame the interrupted
// frame's pc is the interrupted instruction, not a return address.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s

#include <defer.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void say(const char *s) { printf("deferred %s\n", s); }

static void catch_it(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "nothing");
}

static volatile sig_atomic_t handled;

static void handler(int sig) {
  __attribute__((defer)) say("in the handler");
  handled++;
  panic("signal %d", sig);
}

__attribute__((noinline)) static void interrupted(void) {
  __attribute__((defer)) say("in the interrupted frame");
  raise(SIGUSR1);
  printf("NOT REACHED\n");
}

__attribute__((noinline)) static int catcher(void) {
  __attribute__((defer)) catch_it();
  interrupted();
  return 1;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  /* The handler never returns: keep the signal unblocked for the next. */
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGUSR1, &sa, NULL);
  for (int i = 0; i < 3; i++)
    printf("catcher returned %d\n", catcher());
  printf("handled %d\n", (int)handled);
  return 0;
}

// CHECK:      deferred in the handler
// CHECK-NEXT: deferred in the interrupted frame
// CHECK-NEXT: recovered: signal 10
// CHECK-NEXT: catcher returned 0
// CHECK:      catcher returned 0
// CHECK:      catcher returned 0
// CHECK-NEXT: handled 3
// CHECK-NOT:  NOT REACHED
