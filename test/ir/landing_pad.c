// The unwind path of a function with defers. Calls that may unwind become
// invokes to cdefer.lpad; Clang's own cleanup landing pad (for a C cleanup
// variable) no longer resumes out of the frame but continues into
// cdefer.unwind, so a panic runs the cleanup, then the frame's deferred
// calls, and then, if none recovered, hands the exception back to the
// runtime's walk (__cdefer_resume) instead of resuming with libunwind;
// nounwind calls (the runtime's push) stay calls.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O2.ll
// RUN: %opt-cdefer -S %t.O2.ll | FileCheck %s
// RUN: %clang-cdefer -O0 -g -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O0g.ll
// RUN: %opt-cdefer -S %t.O0g.ll | FileCheck %s

void may_panic(void);
void release(int *);
void use(int);

// CHECK-LABEL: define {{.*}} void @with_cleanup({{.*}}) {{.*}}personality ptr @__gcc_personality_v0
// Clang's cleanup landing pad runs release() and then, instead of resume,
// joins the frame's unwind path (the second incoming value of the phi).
// CHECK:       landingpad { ptr, i32 }
// CHECK-NEXT:    cleanup
// CHECK:       invoke void @release(
// CHECK:       invoke void @may_panic()
// CHECK:       invoke void @use(
// CHECK-NOT:   resume
// CHECK:     cdefer.lpad:
// CHECK:     cdefer.unwind:
// CHECK-NEXT:  %cdefer.caught = phi { ptr, i32 } [ %{{.*}}, %cdefer.lpad ], [ %{{.*}}, %{{.*}} ]
// Not recovered: the runtime's walk goes on from this frame.
// CHECK:       call void @__cdefer_resume(ptr %{{.*}}) [[NORETURN:#[0-9]+]]
// CHECK-NEXT:  unreachable
// CHECK-NOT:   resume
// CHECK-LABEL: {{^}}}
void with_cleanup(int x) {
  __attribute__((cleanup(release))) int r = x;
  __attribute__((defer)) use(x);
  may_panic();
}

// A function that calls recover() keeps its frame: it is never inlined. It
// passes its own canonical frame address and its own address to the
// runtime, which compares them with the deferred function's. Calls to it
// may be tail calls: a function that the deferred function tail-calls has
// the deferred function's frame address, but not its address. It makes no
// tail call itself, so that no later invocation of it takes its place.
// CHECK:       define {{.*}} void @calls_recover() {{.*}}#[[NOINL:[0-9]+]]
// CHECK:       [[CFA:%.*]] = call ptr @llvm.eh.dwarf.cfa(i32 0)
// CHECK-NEXT:  notail call ptr @__cdefer_recover_from(ptr [[CFA]], ptr @calls_recover)
// CHECK:       define {{.*}} void @forwards()
// CHECK:       {{^  (tail )?}}call void @calls_recover()
// CHECK-DAG:   attributes #[[NOINL]] = { {{.*}}noinline{{.*}}"disable-tail-calls"="true"
// CHECK-DAG:   attributes [[NORETURN]] = { noreturn }
const void *cdefer_recover(void);
const void *seen;
void calls_recover(void) { seen = cdefer_recover(); }
void forwards(void) { calls_recover(); }
