// recover() returns the current panic, and cdefer_panic_message gives its
// formatted message, when it is called directly by the deferred function
// running because of the panic, or by a deferred block's own code (SPEC.md
// 3.5) -- whatever the shape of the deferred call (arguments in registers
// and on the stack, a by-value struct, a result, a call through a function
// pointer) and whatever the frame's lowering (open-coded, stack record,
// pooled record). After recovery the rest of the frame's deferred calls run
// and the function returns normally; the guard frame above sees nothing.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O1 %s -o %t.O1 && %run %t.O1 | FileCheck %s
// RUN: %cdefer-cc -O3 %s -o %t.O3 && %run %t.O3 | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s

#include <defer.h>
#include <stdio.h>

static void report(const char *who, const cdefer_panic_t *p) {
  printf("%s: %s\n", who, p ? cdefer_panic_message(p) : "NULL");
}

static void guard_recover(void) { report("  guard", recover()); }

static void run_guarded(const char *name, void (*fn)(void)) {
  printf("%s\n", name);
  __attribute__((defer)) guard_recover();
  fn();
  printf("  %s returned\n", name);
}

static void say(const char *s) { printf("  deferred %s\n", s); }

/* A deferred function calling recover directly. */
static void rec_direct(void) { report("  direct", recover()); }

static void case_direct(void) {
  __attribute__((defer)) say("registered first");
  __attribute__((defer)) rec_direct();
  __attribute__((defer)) say("registered last");
  panic("message %d %s", 42, "formatted");
}

/* The same, calling cdefer_recover by its long name and keeping the result
 * across another call. */
static void rec_long_name(void) {
  const cdefer_panic_t *p = cdefer_recover();
  printf("  long name: %s\n", p != NULL ? "non-NULL" : "NULL");
  printf("  message: [%s]\n", cdefer_panic_message(p));
}

static void case_long_name(void) {
  __attribute__((defer)) rec_long_name();
  panic("%s", "long name");
}

/* A deferred block's own code. */
static void case_block(void) {
  int seen = 0;
  __attribute__((defer)) say("before block");
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    seen = p != NULL;
    report("  block", p);
  }
  __attribute__((defer)) { printf("  block without recover, seen=%d\n", seen); }
  panic("in block");
}

/* Arguments: six in registers, more on the stack, a struct by value. */
struct triple {
  long a, b, c;
};

static void rec_args(int a, int b, int c, int d, int e, int f, int g, int h,
                     struct triple t, double x) {
  const cdefer_panic_t *p = recover();
  printf("  args %d %d %d %d %d %d %d %d {%ld %ld %ld} %.1f\n", a, b, c, d, e, f,
         g, h, t.a, t.b, t.c, x);
  report("  args", p);
}

static void case_args(void) {
  struct triple t = {100, 200, 300};
  __attribute__((defer)) rec_args(1, 2, 3, 4, 5, 6, 7, 8, t, 2.5);
  t.a = -1;
  panic("with arguments");
}

/* A deferred function with a result (discarded). */
static int rec_int(int x) {
  report("  int result", recover());
  return x * 2;
}

static void case_result(void) {
  __attribute__((defer)) rec_int(21);
  panic("with result");
}

/* Through a function pointer. */
static void rec_through_pointer(void) { report("  function pointer", recover()); }
static void (*volatile rec_ptr)(void) = rec_through_pointer;

static void case_pointer(void) {
  __attribute__((defer)) rec_ptr();
  panic("through pointer");
}

/* Nine sites: chained stack records. */
static void case_nine_sites(void) {
  __attribute__((defer)) say("nine 1");
  __attribute__((defer)) say("nine 2");
  __attribute__((defer)) say("nine 3");
  __attribute__((defer)) say("nine 4");
  __attribute__((defer)) rec_direct();
  __attribute__((defer)) say("nine 6");
  __attribute__((defer)) say("nine 7");
  __attribute__((defer)) say("nine 8");
  __attribute__((defer)) say("nine 9");
  panic("nine sites");
}

/* In a loop: pooled records; the first one to run recovers, the others see
 * nothing to recover. */
static void case_loop(void) {
  for (int i = 0; i < 3; i++)
    __attribute__((defer)) rec_direct();
  panic("in a loop");
}

/* The panic comes from a callee; the recovering frame is a caller. */
__attribute__((noinline)) void deep_panic(int n) {
  if (n == 0)
    panic("from depth");
  deep_panic(n - 1);
  printf("NOT REACHED deep_panic\n");
}

static void case_from_callee(void) {
  __attribute__((defer)) rec_direct();
  deep_panic(5);
  printf("NOT REACHED case_from_callee\n");
}

int main(void) {
  run_guarded("direct", case_direct);
  run_guarded("long name", case_long_name);
  run_guarded("block", case_block);
  run_guarded("args", case_args);
  run_guarded("result", case_result);
  run_guarded("pointer", case_pointer);
  run_guarded("nine sites", case_nine_sites);
  run_guarded("loop", case_loop);
  run_guarded("from callee", case_from_callee);
  printf("done\n");
  return 0;
}

// CHECK:      direct
// CHECK-NEXT:   deferred registered last
// CHECK-NEXT:   direct: message 42 formatted
// CHECK-NEXT:   deferred registered first
// CHECK-NEXT:   direct returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: long name
// CHECK-NEXT:   long name: non-NULL
// CHECK-NEXT:   message: [long name]
// CHECK-NEXT:   long name returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: block
// CHECK-NEXT:   block without recover, seen=0
// CHECK-NEXT:   block: in block
// CHECK-NEXT:   deferred before block
// CHECK-NEXT:   block returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: args
// CHECK-NEXT:   args 1 2 3 4 5 6 7 8 {100 200 300} 2.5
// CHECK-NEXT:   args: with arguments
// CHECK-NEXT:   args returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: result
// CHECK-NEXT:   int result: with result
// CHECK-NEXT:   result returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: pointer
// CHECK-NEXT:   function pointer: through pointer
// CHECK-NEXT:   pointer returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: nine sites
// CHECK-NEXT:   deferred nine 9
// CHECK-NEXT:   deferred nine 8
// CHECK-NEXT:   deferred nine 7
// CHECK-NEXT:   deferred nine 6
// CHECK-NEXT:   direct: nine sites
// CHECK-NEXT:   deferred nine 4
// CHECK-NEXT:   deferred nine 3
// CHECK-NEXT:   deferred nine 2
// CHECK-NEXT:   deferred nine 1
// CHECK-NEXT:   nine sites returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: loop
// CHECK-NEXT:   direct: in a loop
// CHECK-NEXT:   direct: NULL
// CHECK-NEXT:   direct: NULL
// CHECK-NEXT:   loop returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: from callee
// CHECK-NEXT:   direct: from depth
// CHECK-NEXT:   from callee returned
// CHECK-NEXT:   guard: NULL
// CHECK-NEXT: done
// CHECK-NOT:  {{.}}
