// An unrecovered panic on a thread other than the main one ends the whole
// process with status 2 after that thread's pending deferred calls ran
// (SPEC.md 3.7, 3.8). Other threads' deferred calls do not run (only the
// panicking task unwinds), and the main thread, blocked in pthread_join,
// never continues. A panic recovered on one thread does not disturb another
// thread's defers.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 -pthread
// RUN: %S/../expect-exit.sh 2 %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 -pthread
// RUN: %S/../expect-exit.sh 2 %run %t.O2 2>&1 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g -pthread %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g 2>&1 | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g -pthread %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g 2>&1 | FileCheck %s %}

#include <defer.h>
#include <pthread.h>
#include <stdio.h>

static void say(const char *s) { printf("deferred %s\n", s); }

static void rec(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

__attribute__((noinline)) void recovering_thread_body(void) {
  __attribute__((defer)) rec();
  __attribute__((defer)) say("recovering thread");
  panic("recovered on its own thread");
}

static void *recovering_thread(void *arg) {
  (void)arg;
  recovering_thread_body();
  printf("recovering thread continues\n");
  return NULL;
}

__attribute__((noinline)) void thread_panic_site(int n) {
  __attribute__((defer)) say("thread_panic_site");
  panic("thread %d gives up", n);
}

__attribute__((noinline)) void thread_frame(void) {
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) say("thread_frame loop");
  thread_panic_site(7);
  printf("NOT REACHED thread_frame\n");
}

static void *panicking_thread(void *arg) {
  (void)arg;
  __attribute__((defer)) say("panicking thread start routine");
  thread_frame();
  printf("NOT REACHED panicking_thread\n");
  return NULL;
}

int main(void) {
  __attribute__((defer)) say("NOT RUN main");
  pthread_t t;
  pthread_create(&t, NULL, recovering_thread, NULL);
  pthread_join(t, NULL);
  printf("main joined the recovering thread\n");
  fflush(stdout);
  pthread_create(&t, NULL, panicking_thread, NULL);
  pthread_join(t, NULL);
  printf("NOT REACHED main\n");
  return 0;
}

// CHECK:      deferred recovering thread
// CHECK-NEXT: recovered: recovered on its own thread
// CHECK-NEXT: recovering thread continues
// CHECK-NEXT: main joined the recovering thread
// CHECK-NEXT: deferred thread_panic_site
// CHECK-NEXT: deferred thread_frame loop
// CHECK-NEXT: deferred thread_frame loop
// CHECK-NEXT: deferred panicking thread start routine
// CHECK-NEXT: panic: thread 7 gives up
// CHECK-EMPTY:
// CHECK-NEXT: backtrace of the panic site:
// CHECK-NEXT: {{^}}  #0 {{ *}}0x{{[0-9a-f]+}} in thread_panic_site+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// CHECK-NEXT: {{^}}  #1 {{ *}}0x{{[0-9a-f]+}} in thread_frame+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// CHECK-NEXT: {{^}}  #2 {{ *}}0x{{[0-9a-f]+}} in panicking_thread+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// CHECK-NOT:  NOT
