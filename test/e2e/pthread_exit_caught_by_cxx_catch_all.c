// A thread exit cannot be cancelled (issue 13 item 3): a C++ `catch (...)`
// that rethrows lets pthread_exit's unwind go on (the remaining deferred
// calls run and the thread ends with its value); one that swallows it is a
// clear fatal error, as glibc makes it ("exception not rethrown"), instead
// of a thread that silently goes on running.
//
// RUN: %llvmbin/clang++ -c -O2 %S/Inputs/unwind_cxx_catch_all.cpp -o %t.cxx.o
// RUN: %cdefer-cc -O0 %s %t.cxx.o -lstdc++ -pthread -o %t.O0
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s %t.cxx.o -lstdc++ -pthread -o %t.O2g %}
// RUN: %run %t.O0 rethrow 2>&1 | FileCheck %s --check-prefix=RETHROW
// RUN: %if !sampled %{ %run %t.O2g rethrow 2>&1 | FileCheck %s --check-prefix=RETHROW %}
// RUN: %S/../expect-exit.sh 134 %run %t.O0 swallow > %t.O0.out 2>&1
// RUN: FileCheck %s --check-prefix=SWALLOW < %t.O0.out
// RUN: %if !sampled %{ %S/../expect-exit.sh 134 %run %t.O2g swallow > %t.O2g.out 2>&1 %}
// RUN: %if !sampled %{ FileCheck %s --check-prefix=SWALLOW < %t.O2g.out %}
//
// RETHROW:      deferred exits
// RETHROW-NEXT: deferred start routine
// RETHROW-NEXT: joined 7
//
// SWALLOW:      deferred exits
// SWALLOW-NEXT: cdefer: fatal error: the unwind of pthread_exit was caught and not rethrown (a C++ catch (...) must rethrow it): a thread exit cannot be cancelled
// SWALLOW-NOT:  NOT REACHED

#include <defer.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void cxx_swallow(void (*f)(void));
void cxx_rethrow(void (*f)(void));

static void say(const char *s) {
  printf("deferred %s\n", s);
  fflush(stdout);
}

static void exits(void) {
  __attribute__((defer)) say("exits");
  pthread_exit((void *)7);
}

static void *start(void *arg) {
  __attribute__((defer)) say("start routine");
  ((void (*)(void (*)(void)))arg)(exits);
  printf("NOT REACHED start\n");
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 1;
  pthread_t t;
  void *value = NULL;
  pthread_create(&t, NULL, start,
                 strcmp(argv[1], "swallow") == 0 ? (void *)cxx_swallow
                                                 : (void *)cxx_rethrow);
  pthread_join(t, &value);
  printf("joined %ld\n", (long)(intptr_t)value);
  return 0;
}
