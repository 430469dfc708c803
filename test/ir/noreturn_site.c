// A deferred call that does not return, and a deferred block that ends in
// one: the code after the defer statement is kept (the guard's false edge
// kept it reachable) and the call is made only at the exit.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.ll
// RUN: %opt-cdefer -S %t.ll | FileCheck %s

#include <stdlib.h>
void after(void);

// CHECK-LABEL: define {{.*}} void @deferred_abort(
// CHECK:       or i8 %{{.*}}, 1
// CHECK:       invoke void @after()
// CHECK:     cdefer.run:
// CHECK:       call void @abort()
void deferred_abort(void) {
  __attribute__((defer)) abort();
  after();
}

// CHECK-LABEL: define {{.*}} void @deferred_exit_block(
// CHECK:       invoke void @after()
// CHECK:     cdefer.run:
// CHECK:       invoke void @deferred_exit_block.cdefer.block.{{[0-9]+}}()
// CHECK-LABEL: define internal void @deferred_exit_block.cdefer.block.
// CHECK:       call void @exit(i32 noundef 3)
void deferred_exit_block(void) {
  __attribute__((defer)) {
    after();
    exit(3);
  }
  after();
}
