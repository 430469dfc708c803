// A cycle made with goto is a cycle: the site in it gets a pooled record,
// although LLVM's LoopInfo would not call it a loop when it is irreducible.
//
// RUN: %clang-cdefer -O0 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.ll
// RUN: %opt-cdefer -S %t.ll | FileCheck %s

void use(int);

// CHECK-LABEL: define {{.*}} void @irreducible(
// CHECK-NOT:   %cdefer.mask
// CHECK:       call ptr @__cdefer_alloc_record(
// CHECK:       invoke void @__cdefer_run_frame(
void irreducible(int n) {
  if (n & 1)
    goto second;
first:;
  __attribute__((defer)) use(n);
second:
  if (--n > 0)
    goto first;
}
