// An unrecovered panic raised by a deferred call that pthread_exit runs is
// reported as Go reports a panic during Goexit (issue 13 item 3): the
// thread-exit record is not a panic and has no line of its own - no empty
// `panic: ` line before the panic's - and the process exits with status 2
// after the thread's remaining deferred calls ran. A thread exit inside a
// deferred call of an earlier panic shows both panics, the later one after a
// tab, as Go 1.19 prints them (`go run` of the same program in Go:
// "panic: hello" alone; "panic: first" then "\tpanic: second").
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 -pthread
// RUN: %S/../expect-exit.sh 2 %run %t.O0 exit 2>&1 | FileCheck %s --check-prefix=EXIT
// RUN: %S/../expect-exit.sh 2 %run %t.O0 during-panic 2>&1 | FileCheck %s --check-prefix=NESTED
// RUN: %cdefer-cc -O2 %s -o %t.O2 -pthread
// RUN: %S/../expect-exit.sh 2 %run %t.O2 exit 2>&1 | FileCheck %s --check-prefix=EXIT
// RUN: %S/../expect-exit.sh 2 %run %t.O2 during-panic 2>&1 | FileCheck %s --check-prefix=NESTED
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g -pthread %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g exit 2>&1 | FileCheck %s --check-prefix=EXIT %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g during-panic 2>&1 | FileCheck %s --check-prefix=NESTED %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g -pthread %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g exit 2>&1 | FileCheck %s --check-prefix=EXIT %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g during-panic 2>&1 | FileCheck %s --check-prefix=NESTED %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained -pthread
// RUN: %S/../expect-exit.sh 2 %run %t.chained exit 2>&1 | FileCheck %s --check-prefix=EXIT
// RUN: %S/../expect-exit.sh 2 %run %t.chained during-panic 2>&1 | FileCheck %s --check-prefix=NESTED
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pooled -pthread
// RUN: %S/../expect-exit.sh 2 %run %t.pooled exit 2>&1 | FileCheck %s --check-prefix=EXIT
// RUN: %S/../expect-exit.sh 2 %run %t.pooled during-panic 2>&1 | FileCheck %s --check-prefix=NESTED

#include <defer.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void say(const char *s) { printf("deferred %s\n", s); }
static void panics(const char *msg) { panic("%s", msg); }
static void exits(void) { pthread_exit(NULL); }

__attribute__((noinline)) static void goexit_then_panic(void) {
  __attribute__((defer)) say("after the panic");
  __attribute__((defer)) panics("hello");
  pthread_exit(NULL);
}

__attribute__((noinline)) static void panic_then_goexit(void) {
  __attribute__((defer)) say("after both");
  __attribute__((defer)) panics("second");
  __attribute__((defer)) exits();
  panic("first");
}

static void *start(void *arg) {
  __attribute__((defer)) say("start routine");
  ((void (*)(void))arg)();
  printf("NOT REACHED start\n");
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 1;
  pthread_t t;
  pthread_create(&t, NULL, start,
                 strcmp(argv[1], "exit") == 0 ? (void *)goexit_then_panic
                                              : (void *)panic_then_goexit);
  pthread_join(t, NULL);
  printf("NOT REACHED main\n");
  return 0;
}

// EXIT-NOT:   panic:
// EXIT:       deferred after the panic
// EXIT-NEXT:  deferred start routine
// EXIT-NEXT:  {{^}}panic: hello{{$}}
// EXIT-EMPTY:
// EXIT-NEXT:  backtrace of the panic site:
// EXIT-NOT:   panic:
// EXIT-NOT:   NOT REACHED

// NESTED-NOT:  panic:
// NESTED:      deferred after both
// NESTED-NEXT: deferred start routine
// NESTED-NEXT: {{^}}panic: first{{$}}
// NESTED-NEXT: {{^}}	panic: second{{$}}
// NESTED-EMPTY:
// NESTED-NEXT: backtrace of the panic site:
// NESTED-NOT:  panic:
// NESTED-NOT:  NOT REACHED
