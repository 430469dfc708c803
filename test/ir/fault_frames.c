// What a runtime fault needs to run a frame's pending deferred calls
// (docs/design.md section 8): every function with defers escapes its anchor
// and defer state, and gets an anchor function, a fault runner and a return
// stub of its own return type; the module registers them in a table from a
// constructor. -cdefer-fault-frames=0 turns all of it off.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O2.ll
// RUN: %opt-cdefer -S %t.O2.ll | FileCheck %s
// RUN: %clang-cdefer -O0 -g -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O0g.ll
// RUN: %opt-cdefer -S %t.O0g.ll | FileCheck %s
// RUN: %opt-cdefer -cdefer-fault-frames=0 -S %t.O2.ll | FileCheck %s --check-prefix=OFF
// The whole -O2 pipeline keeps the table and the stubs.
// RUN: %clang-cdefer -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OPT

void use(int);
struct big { long a[8]; };

// Each entry ends with the function's cookie: what its anchor holds once
// stored (bits 8-30; the low byte is the mask).
// CHECK:      @cdefer.fault.frames = private constant [4 x { ptr, ptr, ptr, ptr, i64 }]
// CHECK-SAME:   { ptr @small, ptr @small.cdefer.anchor, ptr @small.cdefer.fault, ptr @small.cdefer.return, i64 [[#SMALL:]] }
// CHECK-SAME:   { ptr @byref, ptr @byref.cdefer.anchor, ptr @byref.cdefer.fault, ptr @byref.cdefer.return, i64 [[BYREF:[0-9]+]] }
// CHECK-SAME:   { ptr @nothing, ptr @nothing.cdefer.anchor, ptr @nothing.cdefer.fault, ptr @nothing.cdefer.return, i64 {{[0-9]+}} }
// CHECK-SAME:   { ptr @looping, ptr @looping.cdefer.anchor, ptr @looping.cdefer.fault, ptr @looping.cdefer.return, i64 {{[0-9]+}} }
// CHECK:      @cdefer.fault.table = private global { ptr, ptr, i64 } { ptr null, ptr @cdefer.fault.frames, i64 4 }
// CHECK:      @llvm.global_ctors = appending global {{.*}} { i32 101, ptr @cdefer.register.faults, ptr null }
// CHECK:      @llvm.global_dtors = appending global {{.*}} { i32 101, ptr @cdefer.unregister.faults, ptr null }
// OFF-NOT:    cdefer.fault
// OFF-NOT:    localescape
// Without fault support the anchor is a plain zero (no cookie, no barrier),
// so the mask can live in a register.
// OFF-LABEL:  define {{.*}} @small(
// OFF:        store i64 0, ptr %cdefer.anchor
// OFF-NOT:    asm sideeffect
// OFF-LABEL:  {{^}}}
// OPT:        @cdefer.fault.table
// OPT:        define internal {{.*}}zeroext i8 @small.cdefer.return(
// OPT:        define internal {{.*}}i1 @small.cdefer.fault(

// A char result comes back zero-extended, as from the function itself.
// The entry stores the cookie and the mask's not-returned bit (0x80), one
// constant, and does not zero the result slot: until the exit block clears
// that bit, a panic zeroes it.
// The entry block ends, right after the allocas, in an `asm goto` without
// instructions that may jump to the recovered return: LLVM must not decide
// that the function cannot return when its normal paths lose every `ret`,
// since a recovered fault returns from it.
// CHECK-LABEL: define {{.*}} zeroext i8 @small(
// CHECK:       call void (...) @llvm.localescape(ptr %cdefer.anchor, ptr %cdefer.arg, ptr %cdefer.result)
// CHECK-NEXT:  callbr void asm sideeffect "", "!i"()
// CHECK-NEXT:    to label %[[BODY:.*]] [label %cdefer.recovered]
// CHECK:       [[BODY]]:
// CHECK-NOT:   store i8 0, ptr %cdefer.result
// CHECK:       store i64 [[#SMALL+128]], ptr %cdefer.anchor, align 8
// CHECK-NOT:   store i8 0, ptr %cdefer.result
// CHECK:       store i8 %{{.*}}, ptr %cdefer.result
// CHECK:       cdefer.recovered:
// CHECK-NEXT:  [[R:%.*]] = load i8, ptr %cdefer.result
// CHECK-NEXT:  ret i8 [[R]]
unsigned char small(int x) {
  __attribute__((defer)) use(x);
  return (unsigned char)x;
}

// A struct returned through sret: the stub returns the sret pointer, which
// the function keeps in a slot of its own.
// CHECK-LABEL: define {{.*}} void @byref(ptr {{.*}}sret(%struct.big)
// CHECK:       %cdefer.sret.ptr = alloca ptr
// CHECK:       call void (...) @llvm.localescape(ptr %cdefer.anchor, ptr %cdefer.sret.ptr)
struct big byref(void) {
  __attribute__((defer)) use(2);
  struct big b = {{1}};
  return b;
}

// CHECK-LABEL: define {{.*}} void @nothing(
// CHECK:       call void (...) @llvm.localescape(ptr %cdefer.anchor)
void nothing(void) {
  __attribute__((defer)) {}
}

// Chained: the anchor is the frame's identity, and the result slot is
// zeroed at entry.
// CHECK-LABEL: define {{.*}} i32 @looping(
// CHECK:       call void (...) @llvm.localescape(ptr %cdefer.anchor, ptr %cdefer.result)
// CHECK:       store i32 0, ptr %cdefer.result
int looping(int n) {
  for (int i = 0; i < n; i++)
    __attribute__((defer)) use(i);
  return n;
}

// The anchor function: where the anchor is, for a candidate frame base.
// CHECK-LABEL: define internal ptr @small.cdefer.anchor(ptr %0)
// CHECK-NEXT:  entry:
// CHECK-NEXT:    [[A:%.*]] = call ptr @llvm.localrecover(ptr @small, ptr %0, i32 0)
// CHECK-NEXT:    ret ptr [[A]]
//
// The stub returns what the runtime left in its red zone (128 bytes below
// its entry stack pointer, unaligned), with the function's return type; it
// has no parameter, whose register would depend on the calling convention.
// CHECK-LABEL: define internal zeroext i8 @small.cdefer.return()
// CHECK-NEXT:  entry:
// CHECK-NEXT:    [[SP:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
// CHECK-NEXT:    [[BUF:%.*]] = getelementptr i8, ptr [[SP]], i64 -128
// CHECK-NEXT:    [[V:%.*]] = load i8, ptr [[BUF]], align 1
// CHECK-NEXT:    ret i8 [[V]]
//
// The runner zeroes the result of a frame that has not returned, makes the
// pending calls through the runtime with the panic's exception, clearing
// each bit first, and on a recovery stores the result.
// CHECK-LABEL: define internal i1 @small.cdefer.fault(ptr %0, ptr %1, ptr %2)
// CHECK:         store ptr %1, ptr %cdefer.unwinding
// CHECK:         [[M:%.*]] = call ptr @llvm.localrecover(ptr @small, ptr %0, i32 0)
// CHECK-NEXT:    [[AT_FAULT:%.*]] = load i8, ptr [[M]]
// CHECK-NEXT:    [[NOT_RETURNED:%.*]] = and i8 [[AT_FAULT]], -128
// CHECK-NEXT:    icmp ne i8 [[NOT_RETURNED]], 0
// CHECK:       cdefer.result.run:
// CHECK-NEXT:    [[RETURNED:%.*]] = and i8 [[AT_FAULT]], 127
// CHECK-NEXT:    store i8 [[RETURNED]], ptr [[M]]
// CHECK-NEXT:    [[RS:%.*]] = call ptr @llvm.localrecover(ptr @small, ptr %0, i32 2)
// CHECK-NEXT:    store i8 0, ptr [[RS]]
// CHECK:       cdefer.result.next:
// CHECK-NEXT:    [[BITS:%.*]] = load i8, ptr [[M]]
// CHECK:         and i8 [[BITS]], 1
// CHECK:       cdefer.unwind.run:
// CHECK-NEXT:    [[CLEARED:%.*]] = and i8 [[BITS]], 126
// CHECK-NEXT:    store i8 [[CLEARED]], ptr [[M]]
// CHECK:         call ptr @llvm.localrecover(ptr @small, ptr %0, i32 1)
// CHECK:         call i1 @__cdefer_call_deferred(ptr @small.cdefer.thunk.1,
// CHECK:       recovered:
// CHECK-NEXT:    [[R:%.*]] = call ptr @llvm.localrecover(ptr @small, ptr %0, i32 2)
// CHECK-NEXT:    [[RV:%.*]] = load i8, ptr [[R]]
// CHECK-NEXT:    store i8 [[RV]], ptr %2
//
// CHECK-LABEL: define internal ptr @byref.cdefer.return()
// CHECK-NEXT:  entry:
// CHECK-NEXT:    [[SP2:%.*]] = call ptr @llvm.addressofreturnaddress.p0()
// CHECK-NEXT:    [[BUF2:%.*]] = getelementptr i8, ptr [[SP2]], i64 -128
// CHECK-NEXT:    [[P:%.*]] = load ptr, ptr [[BUF2]], align 1
// CHECK-NEXT:    ret ptr [[P]]
//
// CHECK-LABEL: define internal void @nothing.cdefer.return()
// CHECK-NEXT:  entry:
// CHECK-NEXT:    ret void
//
// CHECK-LABEL: define internal i1 @looping.cdefer.fault(ptr %0, ptr %1, ptr %2)
// CHECK:         [[FRAME:%.*]] = call ptr @llvm.localrecover(ptr @looping, ptr %0, i32 0)
// CHECK:         call i1 @__cdefer_run_frame_unwinding(ptr [[FRAME]],
//
// CHECK-LABEL: define internal void @cdefer.register.faults()
// CHECK-NEXT:  entry:
// CHECK-NEXT:    call void @__cdefer_register_fault_table(ptr @cdefer.fault.table)
