// An unrecovered fault (SPEC.md 3.7, 3.10): every pending deferred call runs,
// the report is Go's -- the panic line, then the signal line with the
// signal, its code, the fault address and the faulting pc -- then the
// backtrace from the faulting function, and the process exits with status
// 2. A fault in a deferred call that runs because of a panic is a nested
// panic: the chain shows both, as Go does.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %S/../expect-exit.sh 2 %run %t.O0 > %t.O0.out 2> %t.O0.err
// RUN: FileCheck %s --check-prefix=OUT < %t.O0.out
// RUN: FileCheck %s --check-prefix=ERR < %t.O0.err
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g > %t.O2g.out 2> %t.O2g.err %}
// RUN: %if !sampled %{ FileCheck %s --check-prefix=OUT < %t.O2g.out %}
// RUN: %if !sampled %{ FileCheck %s --check-prefix=ERR < %t.O2g.err %}
// RUN: %cdefer-cc -O2 %s -o %t.O2
// RUN: %S/../expect-exit.sh 2 %run %t.O2 nested > %t.nested.out 2> %t.nested.err
// RUN: FileCheck %s --check-prefix=NESTED-OUT < %t.nested.out
// RUN: FileCheck %s --check-prefix=NESTED-ERR < %t.nested.err
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g divide 2>&1 | FileCheck %s --check-prefix=DIVIDE %}
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind

#include <defer.h>
#include <stdio.h>
#include <string.h>

static int *volatile null_pointer;
static volatile int zero;

static void say(const char *what) { printf("deferred %s\n", what); }

// OUT:      deferred in faulting
// OUT-NEXT: deferred in main
// ERR:      {{^}}panic: runtime error: invalid memory address or nil pointer dereference{{$}}
// ERR-NEXT: {{^}}[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x{{[0-9a-f]+}}]{{$}}
// ERR-EMPTY:
// ERR-NEXT: backtrace of the panic site:
// ERR-NEXT: #0 {{.*}} in faulting+
// ERR-NEXT: #1 {{.*}} in main+
__attribute__((noinline)) static int faulting(void) {
  __attribute__((defer)) say("in faulting");
  return *null_pointer;
}

// NESTED-OUT:      deferred faults
// NESTED-OUT-NEXT: deferred in main
// NESTED-ERR:      {{^}}panic: first{{$}}
// NESTED-ERR-NEXT: {{^}}	panic: runtime error: invalid memory address or nil pointer dereference{{$}}
// NESTED-ERR-NEXT: {{^}}[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x{{[0-9a-f]+}}]{{$}}
static void fault_in_deferred_call(void) {
  puts("deferred faults");
  *null_pointer = 1;
}

__attribute__((noinline)) static void panicking(void) {
  __attribute__((defer)) fault_in_deferred_call();
  panic("first");
}

// DIVIDE:      {{^}}panic: runtime error: integer divide by zero{{$}}
// DIVIDE-NEXT: {{^}}[signal SIGFPE: floating-point exception code=0x1 addr=0x{{[0-9a-f]+}} pc=0x{{[0-9a-f]+}}]{{$}}
__attribute__((noinline)) static int divide(int n) { return n / zero; }

int main(int argc, char **argv) {
  cdefer_enable_fault_panics();
  __attribute__((defer)) say("in main");
  if (argc > 1 && strcmp(argv[1], "nested") == 0)
    panicking();
  else if (argc > 1)
    return divide(argc);
  return faulting();
}
