// Open-coded lowering: a mask bit per site, the captured arguments in stack
// slots, and the calls written out in the exit block, newest site first.
// No runtime call is made.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O2.ll
// RUN: %opt-cdefer -S %t.O2.ll | FileCheck %s
// RUN: %clang-cdefer -O0 -g -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O0g.ll
// RUN: %opt-cdefer -S %t.O0g.ll | FileCheck %s
//
// After the full -O2 pipeline the slots and the mask are gone entirely:
// RUN: %clang-cdefer -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OPT

void use(int);
void log2i(int, int);

// CHECK-LABEL: define {{.*}} i32 @f(
// CHECK:       %cdefer.mask = alloca i8
// CHECK:       store i8 0, ptr %cdefer.mask
// The first site stores x and sets bit 0.
// CHECK:       store i32 %{{.*}}, ptr %cdefer.arg,
// CHECK:       or i8 %{{.*}}, 1
// The second site stores x (7 is a constant and needs no slot), sets bit 1.
// CHECK:       store i32 %{{.*}}, ptr %cdefer.arg1,
// CHECK:       or i8 %{{.*}}, 2
// Every return stores its value and goes to the one exit block.
// CHECK:       store i32 %{{.*}}, ptr %cdefer.result
// CHECK-NEXT:  br label %cdefer.exit
// CHECK:     cdefer.exit:
// CHECK:       and i8 %{{.*}}, 2
// CHECK:     cdefer.run:
// The bit is cleared before the call is made.
// CHECK-NEXT:  and i8 %{{.*}}, -3
// CHECK-NEXT:  store i8
// CHECK-NEXT:  load i32, ptr %cdefer.arg1
// CHECK-NEXT:  call void @log2i(i32 noundef %{{.*}}, i32 noundef 7)
// CHECK:       and i8 %{{.*}}, 1
// CHECK:       and i8 %{{.*}}, -2
// CHECK-NEXT:  store i8
// CHECK-NEXT:  load i32, ptr %cdefer.arg,
// CHECK-NEXT:  call void @use(
// CHECK:       [[R:%.*]] = load i32, ptr %cdefer.result
// CHECK-NEXT:  ret i32 [[R]]
// CHECK-NOT:   __cdefer
int f(int x) {
  __attribute__((defer)) use(x);
  if (x > 3) {
    __attribute__((defer)) log2i(x, 7);
    return 1;
  }
  return x;
}

// OPT-LABEL: define {{.*}} i32 @f(
// OPT-NOT:   alloca
// OPT-NOT:   __cdefer
// OPT:       call void @log2i(i32 noundef %{{.*}}, i32 noundef 7)
// OPT:       call void @use(i32 noundef %{{.*}})
// OPT:       ret i32
