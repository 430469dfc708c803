// The IR marker format that the Clang plugin emits (docs/design.md): each
// site is guarded by __cdefer_site_begin(KIND, ID) and followed by
// __cdefer_site_end(KIND, ID); KIND is 0 for a call, 1 for a block.
//
// RUN: %clang-cdefer -O0 -S -emit-llvm -Xclang -disable-llvm-passes %s -o - | FileCheck %s

void use(int);

// CHECK-LABEL: define {{.*}} void @f(
// CHECK:       [[C:%.*]] = call i32 @__cdefer_site_begin(i32 noundef 0, i32 noundef 1) [[NOUNWIND:#[0-9]+]]
// CHECK-NEXT:  [[T:%.*]] = icmp ne i32 [[C]], 0
// CHECK-NEXT:  br i1 [[T]], label %[[THEN:.*]], label %[[JOIN:.*]]
// CHECK:     [[THEN]]:
// CHECK:       call void @use(
// CHECK-NEXT:  br label %[[JOIN]]
// CHECK:     [[JOIN]]:
// CHECK-NEXT:  call void @__cdefer_site_end(i32 noundef 0, i32 noundef 1)
// CHECK:       call i32 @__cdefer_site_begin(i32 noundef 1, i32 noundef 2)
// CHECK:       call void @__cdefer_site_end(i32 noundef 1, i32 noundef 2)
// CHECK:       attributes [[NOUNWIND]] = { nounwind }
void f(int x) {
  __attribute__((defer)) use(x);
  __attribute__((defer)) { use(x + 1); }
}
