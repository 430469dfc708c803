// A deferred block is outlined into its own function, which takes the
// addresses of the locals it names: it works on them by reference when it
// runs at the exit. Lifetime markers are removed so that a local whose scope
// ended is still valid then.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O2.ll
// RUN: FileCheck %s --check-prefix=INPUT < %t.O2.ll
// RUN: %opt-cdefer -S %t.O2.ll | FileCheck %s
// RUN: %clang-cdefer -O0 -g -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O0g.ll
// RUN: %opt-cdefer -S %t.O0g.ll | FileCheck %s

void report(int, int);

// INPUT: call void @llvm.lifetime.end

// CHECK-LABEL: define {{.*}} i32 @block(
// CHECK-NOT:   @llvm.lifetime
// CHECK:       [[X:%[0-9]+]] = alloca i32
// CHECK:       [[Y:%[0-9]+]] = alloca i32
// CHECK:       store ptr [[X]], ptr %cdefer.arg,
// CHECK-NEXT:  store ptr [[Y]], ptr %cdefer.arg{{[0-9]+}},
// CHECK:     cdefer.run:
// CHECK:       invoke void @block.cdefer.block.1(ptr %{{.*}}, ptr %{{.*}})
// CHECK-NOT:   @llvm.lifetime
// CHECK:       ret i32
//
// CHECK-LABEL: define internal void @block.cdefer.block.1(ptr
// CHECK:       call void @report(
int block(int x) {
  {
    int y = x * 2;
    __attribute__((defer)) {
      x += 1;
      report(x, y);
    }
  }
  return x;
}
