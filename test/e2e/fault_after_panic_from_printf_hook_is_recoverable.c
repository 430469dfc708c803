// A fault is fatal while the runtime makes a panic (it formats the message),
// but only then: a panic raised by a printf hook while the message of another
// was being formatted abandons that formatting, and the thread is back in
// the program's code (issue 13 item 6). A later fault is an ordinary,
// recoverable panic, not "fault in the cdefer runtime"; and the message of
// the fatal error for a fault during formatting says what the runtime was
// doing.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %S/../expect-exit.sh 134 %run %t.O2 bad-string 2>&1 | FileCheck %s --check-prefix=FATAL
//
// ASan and valgrind catch these faults themselves:
// UNSUPPORTED: asan, valgrind

#include "Inputs/printf_hook.h"

static int render_w(FILE *stream, const struct printf_info *info,
                    const void *const *args) {
  (void)stream;
  (void)info;
  (void)args;
  panic("from the printf hook");
}

static const char *volatile hook_format = "outer %W";
static int *volatile null_pointer;
static const char *volatile bad_string = (const char *)16;

__attribute__((noinline)) static void hook_panics(void) {
  __attribute__((defer)) recoverer();
  panic(hook_format, 1);
}

__attribute__((noinline)) static int faults(void) {
  __attribute__((defer)) recoverer();
  return *null_pointer;
}

int main(int argc, char **argv) {
  register_w();
  cdefer_enable_fault_panics();
  if (argc > 1) {
    /* The fault is the runtime's: fatal, with no panic line. */
    panic("bad %s", bad_string);
  }
  hook_panics();
  faults();
  hook_panics();
  faults();
  return 0;
}

// CHECK:      recovered: from the printf hook
// CHECK-NEXT: recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT: recovered: from the printf hook
// CHECK-NEXT: recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NOT:  {{.}}

// FATAL-NOT:  panic:
// FATAL:      cdefer: fatal error: fault in the cdefer runtime while formatting a panic message (is an argument of the format a bad pointer?) (SIGSEGV, fault address 0x10, pc 0x{{[0-9a-f]+}})
// FATAL-NOT:  panic:
