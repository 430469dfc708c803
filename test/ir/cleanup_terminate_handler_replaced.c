// A C cleanup call on the unwind path gets a landing pad of its own instead
// of Clang's terminate handler (catch-all + abort): the exception it raises
// replaces the one being unwound (__cdefer_exception_replaced), is stored
// in the frame's exception slots, and the remaining cleanups run for it.
// Also in functions without defer statements.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O2.ll
// RUN: %opt-cdefer -S %t.O2.ll | FileCheck %s
// RUN: %clang-cdefer -O0 -g -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O0g.ll
// RUN: %opt-cdefer -S %t.O0g.ll | FileCheck %s

void release(int *);
void may_panic(void);

// CHECK-LABEL: define {{.*}}void @two_cleanups()
// CHECK:       [[PAD:%.*]] = landingpad { ptr, i32 }
// CHECK-NEXT:    cleanup
// CHECK:       invoke void @release(ptr {{.*}})
// CHECK-NEXT:    to label %[[NEXT:.*]] unwind label %[[PANICKED:cdefer.cleanup.panicked[0-9]*]]
// CHECK:       [[NEXT]]:
// CHECK:       [[PANICKED]]:
// CHECK-NEXT:  [[NEW:%.*]] = landingpad { ptr, i32 }
// CHECK-NEXT:    cleanup
// CHECK-NEXT:  [[OLD:%.*]] = load ptr, ptr [[EXN:%.*]]
// CHECK-NEXT:  call void @__cdefer_exception_replaced(ptr [[OLD]])
// CHECK-NEXT:  [[E:%.*]] = extractvalue { ptr, i32 } [[NEW]], 0
// CHECK-NEXT:  store ptr [[E]], ptr [[EXN]]
// CHECK-NEXT:  [[S:%.*]] = extractvalue { ptr, i32 } [[NEW]], 1
// CHECK-NEXT:  store i32 [[S]], ptr
// CHECK-NEXT:  br label %[[NEXT]]
// CHECK-NOT:   catch ptr null
// CHECK-NOT:   call void @abort()
// CHECK:       declare void @__cdefer_exception_replaced(ptr) {{.*}}#[[NOUNWIND:[0-9]+]]
// CHECK:       attributes #[[NOUNWIND]] = { nounwind }
void two_cleanups(void) {
  __attribute__((cleanup(release))) int outer = 1;
  __attribute__((cleanup(release))) int inner = 2;
  may_panic();
}
