// gdb (batch mode) stops in a deferred function and `bt` shows the function
// that deferred it, at the line of the `return` that runs it (open-coded
// defer), at the `return` through the runtime and the site's thunk (chained
// record, a defer in a loop), and at the `panic` call whose unwind runs it
// (the frame's landing pad). At -O0 -g and -O2 -g.
//
// REQUIRES: gdb
// RUN: %cdefer-cc -O0 -g %s -o %t.O0
// RUN: gdb -q -batch -nx -ex 'break cleanup' -ex 'break on_panic' -ex run -ex bt -ex continue -ex bt -ex continue -ex bt -ex continue %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 -g %s -o %t.O2
// RUN: gdb -q -batch -nx -ex 'break cleanup' -ex 'break on_panic' -ex run -ex bt -ex continue -ex bt -ex continue -ex bt -ex continue %t.O2 2>&1 | FileCheck %s

#include <defer.h>

volatile int sink;

// CHECK: #0 {{ *}}cleanup (n={{(n@entry=)?}}1) at {{.*}}gdb_break_in_deferred_call.c:[[@LINE+1]]
__attribute__((noinline)) void cleanup(int n) { sink += n; }

__attribute__((noinline)) int open_coded(int n) {
  __attribute__((defer)) cleanup(n);
  sink += 10;
  // CHECK-NEXT: #1 {{.*}} in open_coded (n={{(n@entry=)?}}1) at {{.*}}gdb_break_in_deferred_call.c:[[@LINE+1]]
  return n + 1;
}

// CHECK: #0 {{ *}}cleanup (n={{(n@entry=)?}}0) at
// CHECK-NEXT: #1 {{.*}} in looped.cdefer.thunk
// CHECK: __cdefer_run_frame
__attribute__((noinline)) int looped(int n) {
  for (int i = 0; i < n; i++)
    __attribute__((defer)) cleanup(i);
  // CHECK-NEXT: #{{[0-9]+}} {{.*}} in looped (n={{(n@entry=)?}}1) at {{.*}}gdb_break_in_deferred_call.c:[[@LINE+1]]
  return n;
}

// CHECK: #0 {{ *}}on_panic () at
// CHECK-NEXT: #1 {{.*}} in panicking.cdefer.thunk
// CHECK-NEXT: #2 {{.*}} in run_deferred
__attribute__((noinline)) void on_panic(void) {
  if (recover())
    sink += 100;
}

__attribute__((noinline)) void panicking(int n) {
  __attribute__((defer)) on_panic();
  // CHECK-NEXT: #3 {{.*}} in panicking (n={{(n@entry=)?}}2) at {{.*}}gdb_break_in_deferred_call.c:[[@LINE+1]]
  panic("boom %d", n);
}

int main(void) {
  int r = open_coded(1) + looped(1);
  // CHECK-NEXT: #4 {{.*}} in main () at {{.*}}gdb_break_in_deferred_call.c:[[@LINE+1]]
  panicking(2);
  return r == 3 && sink == 111 ? 0 : 1;
}
// CHECK: exited normally
// CHECK-NOT: exited with code
