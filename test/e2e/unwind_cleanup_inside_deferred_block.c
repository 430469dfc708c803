// A deferred block is a frame of its own while it runs. When a panic
// starts inside it (or passes through it), the __attribute__((cleanup))
// variables declared inside the block are in a frame between the panic and
// the recovering frame, so they run, innermost scope first, before the
// frame's remaining deferred calls (SPEC.md 3.4) -- as they do when the
// block ends normally. The same for a panic from a function the block
// calls.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void closer(const char **name) { printf("cleanup %s\n", *name); }

static void rec(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

static void say(const char *s) { printf("deferred %s\n", s); }

__attribute__((noinline)) void panics(const char *why) { panic("%s", why); }

/* Normal end of the block: the cleanups run (the documented behaviour). */
__attribute__((noinline)) void normal(void) {
  __attribute__((defer)) {
    __attribute__((cleanup(closer))) const char *a = "normal outer";
    {
      __attribute__((cleanup(closer))) const char *b = "normal inner";
      printf("normal block body\n");
    }
  }
}

/* The block panics itself. */
__attribute__((noinline)) void block_panics(void) {
  __attribute__((defer)) rec();
  __attribute__((defer)) say("before the block");
  __attribute__((defer)) {
    __attribute__((cleanup(closer))) const char *a = "block outer";
    {
      __attribute__((cleanup(closer))) const char *b = "block inner";
      panic("in the block");
    }
  }
  printf("block_panics body\n");
}

/* A callee of the block panics. */
__attribute__((noinline)) void callee_panics(void) {
  __attribute__((defer)) rec();
  __attribute__((defer)) {
    __attribute__((cleanup(closer))) const char *a = "caller block";
    panics("in the block's callee");
  }
  printf("callee_panics body\n");
}

int main(void) {
  normal();
  block_panics();
  callee_panics();
  printf("done\n");
  return 0;
}

// CHECK:      normal block body
// CHECK-NEXT: cleanup normal inner
// CHECK-NEXT: cleanup normal outer
// CHECK-NEXT: block_panics body
// CHECK-NEXT: cleanup block inner
// CHECK-NEXT: cleanup block outer
// CHECK-NEXT: deferred before the block
// CHECK-NEXT: recovered: in the block
// CHECK-NEXT: callee_panics body
// CHECK-NEXT: cleanup caller block
// CHECK-NEXT: recovered: in the block's callee
// CHECK-NEXT: done
// CHECK-NOT:  {{.}}
