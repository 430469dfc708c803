// Open-coded lowering: a mask bit per site (the low byte of the frame's
// anchor), the captured arguments in stack slots, and the calls written out
// in the exit block, newest site first. The normal path makes no runtime
// call; only the landing pad does.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O2.ll
// RUN: %opt-cdefer -S %t.O2.ll | FileCheck %s
// RUN: %clang-cdefer -O0 -g -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O0g.ll
// RUN: %opt-cdefer -S %t.O0g.ll | FileCheck %s
//
// After the full -O2 pipeline the normal path still makes no runtime call
// (the mask and the slots stay in the frame, where a fault finds them):
// RUN: %clang-cdefer -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OPT

void use(int);
void log2i(int, int);

// CHECK-LABEL: define {{.*}} i32 @f({{.*}}) {{.*}}personality ptr @__gcc_personality_v0
// CHECK:       %cdefer.anchor = alloca i64, align 8
// The anchor, the slots and the result are what the fault runner reaches.
// CHECK:       call void (...) @llvm.localescape(ptr %cdefer.anchor, ptr %cdefer.arg, ptr %cdefer.arg1, ptr %cdefer.result)
// The anchor holds the function's cookie (bits 8-30 set, bit 8 always),
// with the mask byte's not-returned bit (0x80) set: the result slot is not
// zeroed at entry (a panic does that while the bit is set).
// CHECK-NOT:   store i32 0, ptr %cdefer.result
// CHECK:       store i64 {{[0-9]+}}, ptr %cdefer.anchor, align 8
// CHECK-NOT:   store i32 0, ptr %cdefer.result
// The first site stores x and sets bit 0.
// CHECK:       store i32 %{{.*}}, ptr %cdefer.arg,
// CHECK:       load i8, ptr %cdefer.anchor
// CHECK-NEXT:  or i8 %{{.*}}, 1
// CHECK-NEXT:  store i8
// A compiler barrier that reads memory keeps the site's stores ahead of a
// faulting instruction that follows (no instruction is emitted for it); it
// writes none, so later loads of the slots still see the stored values.
// CHECK-NEXT:  call void asm sideeffect "", ""() [[READS:#[0-9]+]]
// The second site stores x (7 is a constant and needs no slot), sets bit 1.
// CHECK:       store i32 %{{.*}}, ptr %cdefer.arg1,
// CHECK:       or i8 %{{.*}}, 2
// Every return stores its value and goes to the one exit block.
// CHECK:       store i32 %{{.*}}, ptr %cdefer.result
// CHECK-NEXT:  br label %cdefer.exit
// CHECK:     cdefer.exit:
// CHECK:       and i8 %{{.*}}, 2
// CHECK:     cdefer.run:
// The bit is cleared before the call is made, and with it the not-returned
// bit; a panic in the call unwinds to the frame's landing pad, which runs
// the calls still pending.
// CHECK-NEXT:  and i8 %{{.*}}, 125
// CHECK-NEXT:  store i8
// CHECK-NEXT:  load i32, ptr %cdefer.arg1
// CHECK-NEXT:  invoke void @log2i(i32 noundef %{{.*}}, i32 noundef 7)
// CHECK-NEXT:    to label %{{.*}} unwind label %cdefer.lpad
// CHECK:       and i8 %{{.*}}, 1
// CHECK:       and i8 %{{.*}}, 126
// CHECK-NEXT:  store i8
// CHECK-NEXT:  load i32, ptr %cdefer.arg,
// CHECK-NEXT:  invoke void @use(
// CHECK-NEXT:    to label %{{.*}} unwind label %cdefer.lpad
// CHECK:       [[R:%.*]] = load i32, ptr %cdefer.result
// CHECK-NEXT:  ret i32 [[R]]
//
// The landing pad: the caught exception goes to the unwinding slot, each
// pending call is made through its thunk and the runtime (so recover() can
// tell it runs for the panic), newest first; the slot is cleared if a call
// recovered, and then the function returns its result instead of resuming.
// CHECK:     cdefer.lpad:
// CHECK-NEXT:  [[LP:%.*]] = landingpad { ptr, i32 }
// CHECK-NEXT:    cleanup
// CHECK-NEXT:  br label %cdefer.unwind
// CHECK:     cdefer.unwind:
// CHECK-NEXT:  [[CAUGHT:%.*]] = phi { ptr, i32 } [ [[LP]], %cdefer.lpad ]
// CHECK-NEXT:  [[EXC:%.*]] = extractvalue { ptr, i32 } [[CAUGHT]], 0
// CHECK-NEXT:  store ptr [[EXC]], ptr %cdefer.unwinding
// A frame that had not returned gets its zero result first.
// CHECK:       and i8 %{{.*}}, -128
// CHECK:     cdefer.result.run:
// CHECK-NEXT:  and i8 %{{.*}}, 127
// CHECK-NEXT:  store i8
// CHECK-NEXT:  store i32 0, ptr %cdefer.result
// CHECK:       and i8 %{{.*}}, 2
// CHECK:     cdefer.unwind.run:
// CHECK:       [[U:%.*]] = load ptr, ptr %cdefer.unwinding
// CHECK-NEXT:  [[REC:%.*]] = invoke i1 @__cdefer_call_deferred(ptr @f.cdefer.thunk.2, ptr %cdefer.payload{{[0-9]*}}, ptr [[U]])
// CHECK-NEXT:    to label %{{.*}} unwind label %cdefer.lpad
// CHECK:       select i1 [[REC]], ptr null
// CHECK:       invoke i1 @__cdefer_call_deferred(ptr @f.cdefer.thunk.1,
// CHECK:       [[STILL:%.*]] = icmp ne ptr %{{.*}}, null
// CHECK-NEXT:  br i1 [[STILL]], label %cdefer.resume, label %cdefer.recovered
// CHECK:     cdefer.recovered:
// CHECK-NEXT:  [[R2:%.*]] = load i32, ptr %cdefer.result
// CHECK-NEXT:  ret i32 [[R2]]
// CHECK:     cdefer.resume:
// CHECK-NEXT:  [[EXC2:%.*]] = extractvalue { ptr, i32 } [[CAUGHT]], 0
// CHECK-NEXT:  call void @__cdefer_resume(ptr [[EXC2]])
// CHECK-NEXT:  unreachable
//
// The thunks keep the deferred function's frame: no inlining, no tail call;
// the stack pointer at the call is the deferred function's canonical frame
// address, which recover() compares with its caller's, and the callee is
// stored beside it.
// CHECK-LABEL: define internal void @f.cdefer.thunk.1(ptr %payload, ptr %callee)
// CHECK:       [[SP:%.*]] = call i64 @llvm.read_register.i64(metadata [[RSP:![0-9]+]])
// CHECK-NEXT:  store i64 [[SP]], ptr %callee
// CHECK-NEXT:  [[FN:%.*]] = getelementptr inbounds i8, ptr %callee, i64 8
// CHECK-NEXT:  store ptr @use, ptr [[FN]]
// CHECK-NEXT:  notail call void @use(i32 noundef %{{.*}}) [[NOINLINE:#[0-9]+]]
// CHECK-DAG:   attributes [[READS]] = { memory(read) }
// CHECK-DAG:   attributes [[NOINLINE]] = { noinline }
// CHECK:       [[RSP]] = !{!"rsp"}
int f(int x) {
  __attribute__((defer)) use(x);
  if (x > 3) {
    __attribute__((defer)) log2i(x, 7);
    return 1;
  }
  return x;
}

// OPT-LABEL: define {{.*}} i32 @f(
// OPT-NOT:   __cdefer
// OPT:       invoke void @log2i(i32 noundef %{{.*}}, i32 noundef 7)
// OPT-NOT:   __cdefer
// OPT:       invoke void @use(i32 noundef %{{.*}})
// OPT-NOT:   __cdefer
// OPT:       ret i32
// OPT:       landingpad
