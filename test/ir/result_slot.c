// The result slot: zero until a return stores into it, returned after the
// deferred calls ran (and after a recovery); cdefer_result() is its address,
// also inside an outlined deferred block. For an sret function the slot is
// the caller's result memory, zeroed on entry. An open-coded frame with
// fault support does not zero its slot at entry: the mask's not-returned
// bit tells a panic to (test/ir/fault_frames.c); chained frames and frames
// without fault support zero it at entry.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.ll
// RUN: %opt-cdefer -S %t.ll | FileCheck %s
// RUN: %opt-cdefer -cdefer-max-open-coded=0 -S %t.ll | FileCheck %s --check-prefix=ZEROED
// RUN: %opt-cdefer -cdefer-fault-frames=0 -S %t.ll | FileCheck %s --check-prefix=ZEROED

#include <defer.h>

// CHECK-LABEL: define {{.*}} i32 @doubled(
// CHECK:       %cdefer.result = alloca i32
// CHECK-NOT:   store i32 0, ptr %cdefer.result
// CHECK:       store ptr %cdefer.result, ptr %cdefer.arg
// ZEROED-LABEL: define {{.*}} i32 @doubled(
// ZEROED:       store i32 0, ptr %cdefer.result
// ZEROED:       ret i32
// CHECK:       invoke void @doubled.cdefer.block.1(ptr
// CHECK:       [[R:%.*]] = load i32, ptr %cdefer.result
// CHECK-NEXT:  ret i32 [[R]]
// CHECK-NOT:   __cdefer_result_slot
int doubled(int x) {
  __attribute__((defer)) { cdefer_result(int) *= 2; }
  return x;
}

struct big { long v[8]; };
void fill(struct big *);

// CHECK-LABEL: define {{.*}} void @big(ptr {{.*}}sret(%struct.big) {{.*}} %0)
// CHECK:       call void @llvm.memset.p0.i64(ptr {{.*}}%0, i8 0, i64 64
// ZEROED-LABEL: define {{.*}} void @big(ptr {{.*}}sret(%struct.big) {{.*}} %0)
// ZEROED:       call void @llvm.memset.p0.i64(ptr {{.*}}%0, i8 0, i64 64
// CHECK:       store ptr %0, ptr %cdefer.arg
// CHECK-NOT:   __cdefer_result_slot
struct big big(void) {
  __attribute__((defer)) fill(&cdefer_result(struct big));
  struct big b = {{1}};
  return b;
}
