// The open-coding limit: 8 sites are open-coded, 9 are not (stack records),
// and -cdefer-max-open-coded / -cdefer-force-pooled change the choice.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.ll
// RUN: %opt-cdefer -S %t.ll | FileCheck %s --check-prefixes=CHECK,DEFAULT
// RUN: %opt-cdefer -cdefer-max-open-coded=0 -S %t.ll | FileCheck %s --check-prefixes=CHECK,NOOPEN
// RUN: %opt-cdefer -cdefer-force-pooled -S %t.ll | FileCheck %s --check-prefixes=CHECK,POOLED

void use(int);

// CHECK-LABEL:  define {{.*}} void @eight(
// DEFAULT:      %cdefer.anchor = alloca i64
// DEFAULT-NOT:  call void @__cdefer_push
// DEFAULT:      or i8 %{{.*}}, -128
// NOOPEN-NOT:   %cdefer.mask
// NOOPEN-COUNT-8: call void @__cdefer_push(ptr %cdefer.record
// NOOPEN-NOT:   __cdefer_alloc_record
// POOLED-COUNT-8: call ptr @__cdefer_alloc_record(
// CHECK-LABEL:  {{^}}}
void eight(void) {
  __attribute__((defer)) use(1);
  __attribute__((defer)) use(2);
  __attribute__((defer)) use(3);
  __attribute__((defer)) use(4);
  __attribute__((defer)) use(5);
  __attribute__((defer)) use(6);
  __attribute__((defer)) use(7);
  __attribute__((defer)) use(8);
}

// CHECK-LABEL:  define {{.*}} void @nine(
// CHECK-NOT:    %cdefer.mask
// DEFAULT-COUNT-9: call void @__cdefer_push(ptr %cdefer.record
// NOOPEN-COUNT-9: call void @__cdefer_push(ptr %cdefer.record
// POOLED-COUNT-9: call ptr @__cdefer_alloc_record(
// CHECK:        invoke void @__cdefer_run_frame(ptr %cdefer.anchor)
// CHECK-LABEL:  {{^}}}
void nine(void) {
  __attribute__((defer)) use(1);
  __attribute__((defer)) use(2);
  __attribute__((defer)) use(3);
  __attribute__((defer)) use(4);
  __attribute__((defer)) use(5);
  __attribute__((defer)) use(6);
  __attribute__((defer)) use(7);
  __attribute__((defer)) use(8);
  __attribute__((defer)) use(9);
}
