// Chained lowering. A site in a loop makes the whole function chained: the
// sites outside the loop get a stack record (an alloca in the entry block),
// the site in the loop a pooled record per execution. Each record holds the
// frame identity, its thunk and the captured arguments at offset 32; the
// exit block runs the frame's records through the runtime.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O2.ll
// RUN: %opt-cdefer -S %t.O2.ll | FileCheck %s
// RUN: %clang-cdefer -O0 -g -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O0g.ll
// RUN: %opt-cdefer -S %t.O0g.ll | FileCheck %s

struct big { long a[8]; };
void use(int);
void take(struct big, int);
struct big make(int);

// CHECK-LABEL: define {{.*}} void @loop(
// CHECK-DAG:   %[[REC3:cdefer.record[0-9]*]] = alloca [36 x i8], align 16
// CHECK-DAG:   %[[REC1:cdefer.record[0-9]*]] = alloca [96 x i8], align 16
// CHECK-DAG:   %cdefer.anchor = alloca i64
// CHECK-NOT:   call void @llvm.lifetime
//
// A stack record: flags, frame, thunk, then the by-value struct is copied.
// CHECK:       [[F:%.*]] = getelementptr inbounds i8, ptr %[[REC1]], i64 24
// CHECK-NEXT:  store i32 0, ptr [[F]]
// CHECK-NEXT:  [[FR:%.*]] = getelementptr inbounds i8, ptr %[[REC1]], i64 8
// CHECK-NEXT:  store ptr %cdefer.anchor, ptr [[FR]]
// CHECK-NEXT:  [[THUNK:%.*]] = getelementptr inbounds i8, ptr %[[REC1]], i64 16
// CHECK-NEXT:  store ptr @loop.cdefer.thunk.1, ptr [[THUNK]]
// CHECK-NEXT:  [[P:%.*]] = getelementptr inbounds i8, ptr %[[REC1]], i64 32
// CHECK-NEXT:  [[P0:%.*]] = getelementptr inbounds nuw { %struct.big }, ptr [[P]], i32 0, i32 0
// CHECK-NEXT:  call void @llvm.memcpy.p0.p0.i64(ptr align 16 [[P0]], ptr align 1 %{{.*}}, i64 64, i1 false)
// CHECK-NEXT:  call void @__cdefer_push(ptr %[[REC1]])
//
// The site in the loop takes a pooled record each time it runs.
// CHECK:       [[R2:%.*]] = call ptr @__cdefer_alloc_record(i64 4)
// CHECK:       store ptr @loop.cdefer.thunk.2
// CHECK:       call void @__cdefer_push(ptr [[R2]])
//
// CHECK:       store ptr @loop.cdefer.thunk.3
// CHECK:       call void @__cdefer_push(ptr %[[REC3]])
// CHECK:     cdefer.exit:
// CHECK-NEXT:  invoke void @__cdefer_run_frame(ptr %cdefer.anchor)
// CHECK-NEXT:    to label %[[RET:.*]] unwind label %cdefer.lpad
// CHECK:     [[RET]]:
// CHECK-NEXT:  ret void
//
// The landing pad runs the frame's records with the caught exception.
// CHECK:     cdefer.unwind:
// CHECK:       [[U:%.*]] = load ptr, ptr %cdefer.unwinding
// CHECK-NEXT:  invoke i1 @__cdefer_run_frame_unwinding(ptr %cdefer.anchor, ptr [[U]])
// CHECK-NEXT:    to label %{{.*}} unwind label %cdefer.lpad
//
// The thunks: a by-value struct is passed from the payload, an sret result
// gets a temporary.
// CHECK-LABEL: define internal void @loop.cdefer.thunk.1(ptr %payload, ptr %callee)
// CHECK:       [[A:%.*]] = getelementptr inbounds nuw { %struct.big }, ptr %payload, i32 0, i32 0
// CHECK:       store i64 %{{.*}}, ptr %callee
// CHECK-NEXT:  [[FN:%.*]] = getelementptr inbounds i8, ptr %callee, i64 8
// CHECK-NEXT:  store ptr @take, ptr [[FN]]
// CHECK-NEXT:  call void @take(ptr noundef byval(%struct.big) align 8 [[A]], i32 noundef 3)
// CHECK-LABEL: define internal void @loop.cdefer.thunk.3(ptr %payload, ptr %callee)
// CHECK:       %cdefer.sret = alloca %struct.big
// CHECK:       call void @make(ptr {{.*}}sret(%struct.big) align 8 %cdefer.sret, i32 noundef %{{.*}})
// CHECK-LABEL: define internal void @loop.cdefer.thunk.2(ptr %payload, ptr %callee)
// CHECK:       [[I:%.*]] = load i32, ptr
// CHECK:       store i64 %{{.*}}, ptr %callee
// CHECK-NEXT:  [[FN:%.*]] = getelementptr inbounds i8, ptr %callee, i64 8
// CHECK-NEXT:  store ptr @use, ptr [[FN]]
// CHECK-NEXT:  call void @use(i32 noundef [[I]])
void loop(int n) {
  struct big b = {{1}};
  __attribute__((defer)) take(b, 3);
  for (int i = 0; i < n; i++)
    __attribute__((defer)) use(i);
  __attribute__((defer)) make(n);
}
