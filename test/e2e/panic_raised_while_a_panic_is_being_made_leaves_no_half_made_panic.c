// A panic raised while another panic is being made (issue 13 item 6) - by
// code that formatting the message calls (a printf hook registered with
// register_printf_specifier), or by a signal handler that interrupted
// cdefer_panic while it formatted the message - finds the panic chain as it
// was: a panic is linked only once it is complete. The interrupted panic had
// not happened yet and never does (its frame is abandoned, as any code a
// panicking handler interrupts); the new panic is recovered as usual, and a
// later unrecovered panic is reported alone - no empty or stale `panic:`
// line from the half-made one.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %S/../expect-exit.sh 2 %run %t.O0 hook 2>&1 | FileCheck %s --check-prefixes=CHECK,HOOK
// RUN: %S/../expect-exit.sh 2 %run %t.O0 signal 2>&1 | FileCheck %s --check-prefixes=CHECK,SIGNAL
// RUN: %cdefer-cc -O2 %s -o %t.O2
// RUN: %S/../expect-exit.sh 2 %run %t.O2 hook 2>&1 | FileCheck %s --check-prefixes=CHECK,HOOK
// RUN: %S/../expect-exit.sh 2 %run %t.O2 signal 2>&1 | FileCheck %s --check-prefixes=CHECK,SIGNAL
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g hook 2>&1 | FileCheck %s --check-prefixes=CHECK,HOOK %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g signal 2>&1 | FileCheck %s --check-prefixes=CHECK,SIGNAL %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g hook 2>&1 | FileCheck %s --check-prefixes=CHECK,HOOK %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g signal 2>&1 | FileCheck %s --check-prefixes=CHECK,SIGNAL %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained
// RUN: %S/../expect-exit.sh 2 %run %t.chained hook 2>&1 | FileCheck %s --check-prefixes=CHECK,HOOK
// RUN: %S/../expect-exit.sh 2 %run %t.chained signal 2>&1 | FileCheck %s --check-prefixes=CHECK,SIGNAL
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pooled
// RUN: %S/../expect-exit.sh 2 %run %t.pooled hook 2>&1 | FileCheck %s --check-prefixes=CHECK,HOOK
// RUN: %S/../expect-exit.sh 2 %run %t.pooled signal 2>&1 | FileCheck %s --check-prefixes=CHECK,SIGNAL

#include <defer.h>
#include "Inputs/printf_hook.h"
#include <printf.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static int use_signal;

static void on_usr1(int sig) {
  (void)sig;
  panic("from a signal handler");
}

/* %W: formatting it panics, or raises a signal whose handler panics. */
static int render_w(FILE *stream, const struct printf_info *info,
                    const void *const *args) {
  (void)stream;
  (void)info;
  (void)args;
  if (use_signal)
    raise(SIGUSR1);
  else
    panic("from the printf hook");
  return 0;
}

static void say(const char *s) { printf("deferred %s\n", s); }

static const char *volatile outer_format = "outer %W";

__attribute__((noinline)) static void interrupted(int n) {
  __attribute__((defer)) say("interrupted");
  panic(outer_format, n);
}

__attribute__((noinline)) static void recovers(int n) {
  __attribute__((defer)) recoverer();
  interrupted(n);
  printf("NOT REACHED recovers\n");
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 1;
  use_signal = strcmp(argv[1], "signal") == 0;
  register_w();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGUSR1, &sa, NULL);
  /* Twice: the first time the panic record is new, then it is the spare. */
  recovers(1);
  recovers(2);
  fflush(stdout);
  __attribute__((defer)) say("main");
  panic("final");
}

// CHECK-NOT:   panic:
// HOOK:        deferred interrupted
// HOOK-NEXT:   recovered: from the printf hook
// HOOK-NEXT:   deferred interrupted
// HOOK-NEXT:   recovered: from the printf hook
// SIGNAL:      deferred interrupted
// SIGNAL-NEXT: recovered: from a signal handler
// SIGNAL-NEXT: deferred interrupted
// SIGNAL-NEXT: recovered: from a signal handler
// CHECK-NEXT:  deferred main
// CHECK-NEXT:  {{^}}panic: final{{$}}
// CHECK-EMPTY:
// CHECK-NEXT:  backtrace of the panic site:
// CHECK-NOT:   panic:
