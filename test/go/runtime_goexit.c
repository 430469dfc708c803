// Port of the Goexit cases of Go 1.19's runtime tests: crash_test.go's
// TestGoexitDefer, and testprog's RecoveredPanicAfterGoexit,
// RecoverBeforePanicAfterGoexit, RecoverBeforePanicAfterGoexit2 and
// GoexitInPanic. runtime.Goexit() -> pthread_exit(NULL), which runs the
// thread's pending deferred calls (SPEC 3.11); each case runs in a thread
// of its own (Go: a goroutine), as in Inputs/runtime_goexit.go, the Go
// program the expectation comes from (on Go's main goroutine these cases
// end in the "no goroutines" deadlock report, which has no C counterpart).
// Code after the Goexit must never run; a recover in a deferred call that
// runs because of Goexit returns nil; a panic in such a deferred call can
// be recovered, and the thread still exits; Goexit in a deferred call
// while panicking ends the thread and the panic with it.
// The two RecoverBeforePanicAfterGoexit cases found that a recovered panic
// in a deferred call of pthread_exit let the thread go on after it (fixed:
// reduced/recovered_panic_in_pthread_exit_keeps_the_thread_exiting.c).
// Expected output: Inputs/runtime_goexit.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check

#include <defer.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void GoexitDefer(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *r = recover();
    if (r != NULL)
      panic("non-nil recover during Goexit");
  }
  pthread_exit(NULL);
}

static void RecoveredPanicAfterGoexit_func1(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *r = recover();
    if (r == NULL)
      panic("bad recover");
  }
  panic("hello");
}

static void RecoveredPanicAfterGoexit(void) {
  __attribute__((defer)) RecoveredPanicAfterGoexit_func1();
  pthread_exit(NULL);
}

static void RecoverBeforePanicAfterGoexit(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *r = recover();
    if (r == NULL)
      panic("bad recover");
  }
  __attribute__((defer)) { panic("hello"); }
  pthread_exit(NULL);
}

static void RecoverBeforePanicAfterGoexit2(void) {
  for (int i = 0; i < 2; i++) {
    __attribute__((defer)) {}
  }
  __attribute__((defer)) {
    const cdefer_panic_t *r = recover();
    if (r == NULL)
      panic("bad recover");
  }
  __attribute__((defer)) { panic("hello"); }
  pthread_exit(NULL);
}

static void GoexitInPanic(void) {
  __attribute__((defer)) { pthread_exit(NULL); }
  panic("hello");
}

struct run {
  void (*f)(void);
  bool continued;
};

static void *thread(void *arg) {
  struct run *r = arg;
  r->f();
  r->continued = true;
  return NULL;
}

static void inGoroutine(const char *name, void (*f)(void)) {
  struct run r = {f, false};
  pthread_t t;
  pthread_create(&t, NULL, thread, &r);
  pthread_join(t, NULL);
  if (r.continued)
    panic("%s: Goexit returned", name);
}

int main(void) {
  inGoroutine("GoexitDefer", GoexitDefer);
  inGoroutine("RecoveredPanicAfterGoexit", RecoveredPanicAfterGoexit);
  inGoroutine("RecoverBeforePanicAfterGoexit", RecoverBeforePanicAfterGoexit);
  inGoroutine("RecoverBeforePanicAfterGoexit2", RecoverBeforePanicAfterGoexit2);
  inGoroutine("GoexitInPanic", GoexitInPanic);
  printf("ok\n");
  return 0;
}
