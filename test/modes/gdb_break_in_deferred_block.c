// gdb (batch mode) stops in a deferred block, which it shows as the function
// FUNCTION.cdefer.block.N with the block's own source lines, and `bt` shows
// the function that deferred it at the line of the `return` that runs it.
// At -O0 -g and -O2 -g.
//
// REQUIRES: gdb
// RUN: %cdefer-cc -O0 -g %s -o %t.O0
// RUN: gdb -q -batch -nx -ex 'break work.cdefer.block.1' -ex run -ex bt -ex continue %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -O2 -g %s -o %t.O2
// RUN: gdb -q -batch -nx -ex 'break work.cdefer.block.1' -ex run -ex bt -ex continue %t.O2 2>&1 | FileCheck %s

#include <defer.h>

volatile int sink;

__attribute__((noinline)) int work(int n) {
  int total = n;
  __attribute__((defer)) {
    // CHECK: #0 {{ *}}work.cdefer.block.1 ({{.*}}) at {{.*}}gdb_break_in_deferred_block.c:[[@LINE+1]]
    sink += total;
    total = 0;
  }
  total += 41;
  // CHECK-NEXT: #1 {{.*}} in work (n={{(n@entry=)?}}1) at {{.*}}gdb_break_in_deferred_block.c:[[@LINE+1]]
  return total;
}

int main(void) {
  // CHECK-NEXT: #2 {{.*}} in main () at {{.*}}gdb_break_in_deferred_block.c:[[@LINE+1]]
  int r = work(1);
  return r == 42 && sink == 42 ? 0 : 1;
}
// CHECK: exited normally
