// `defer recover()` (Go's recover1.go test5/test6): the deferred call of
// recover() is made as if the deferring function called recover() itself,
// so its caller's frame address and address are evaluated at the defer
// statement and the deferred call is __cdefer_recover_from(cfa, @f) in
// every lowering: written out at the exit, and through the thunk.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O2.ll
// RUN: %opt-cdefer -S %t.O2.ll | FileCheck %s --check-prefixes=CHECK,OPEN
// RUN: %opt-cdefer -cdefer-max-open-coded=0 -S %t.O2.ll | FileCheck %s --check-prefixes=CHECK,CHAINED
// RUN: %clang-cdefer -O0 -g -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O0g.ll
// RUN: %opt-cdefer -S %t.O0g.ll | FileCheck %s --check-prefixes=CHECK,OPEN

#include <defer.h>

void work(void);

// The deferring function keeps its frame (it is a recover caller).
// CHECK:       define {{.*}}void @deferred_function() {{.*}}#[[NOINL:[0-9]+]]
// CHECK:       [[CFA:%.*]] = call ptr @llvm.eh.dwarf.cfa(i32 0)
// OPEN:        store ptr [[CFA]], ptr [[SLOT:%cdefer.arg[0-9.]*]]
// OPEN:        [[SAVED:%.*]] = load ptr, ptr [[SLOT]]
// OPEN-NEXT:   invoke ptr @__cdefer_recover_from(ptr [[SAVED]], ptr @deferred_function)
// CHAINED:     store ptr [[CFA]], ptr
// CHAINED:     call void @__cdefer_push(
// CHECK-NOT:   call ptr @cdefer_recover()
// CHECK-LABEL: define internal void @deferred_function.cdefer.thunk.1(
// CHECK:       [[ARG:%.*]] = load ptr, ptr
// CHECK:       store ptr @__cdefer_recover_from, ptr
// CHECK-NEXT:  notail call ptr @__cdefer_recover_from(ptr [[ARG]], ptr @deferred_function)
// CHECK:       attributes #[[NOINL]] = { {{.*}}noinline
void deferred_function(void) {
  __attribute__((defer)) recover();
  work();
}
