// A cdefer program must run its panics on LLVM's libunwind from start to
// end: the runtime starts the unwind with libunwind's _Unwind_ForcedUnwind,
// and every landing pad -- in cdefer code, in C code with cleanups and in
// C++ code with destructors (whose runtime, libstdc++, pulls in libgcc_s)
// -- resumes it with libunwind's _Unwind_Resume. Mixing in libgcc_s's
// unwinder for any _Unwind_* entry point would hand one unwinder's context
// to the other. The dynamic loader's binding trace (LD_DEBUG=bindings, on
// stderr, one line per symbol as it is first bound:
//   binding file FILE [0] to LIB [0]: normal symbol `SYM' [VERSION])
// shows where each call went. Checked with the shared runtime and with the
// static one (where the runtime's references come from the program).
//
// UNSUPPORTED: valgrind
// RUN: %llvmbin/clang -c -O2 -fexceptions %S/Inputs/unwind_plain_c_cleanup.c -o %t.cleanup.o
// RUN: %llvmbin/clang++ -c -O2 %S/Inputs/unwind_cxx_destructors.cpp -o %t.cxx.o
// RUN: %cdefer-cc -O0 %s %t.cleanup.o %t.cxx.o -lstdc++ -o %t.O0
// RUN: env LD_DEBUG=bindings %t.O0 2> %t.O0.bindings | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefixes=CHECK,SHARED < %t.O0.bindings
// RUN: %cdefer-cc -O2 %s %t.cleanup.o %t.cxx.o -lstdc++ -o %t.O2
// RUN: env LD_DEBUG=bindings %t.O2 2> %t.O2.bindings | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefixes=CHECK,SHARED < %t.O2.bindings
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s %t.cleanup.o %t.cxx.o -lstdc++ -o %t.O0g %}
// RUN: %if !sampled %{ env LD_DEBUG=bindings %t.O0g 2> %t.O0g.bindings | FileCheck %s --check-prefix=OUT %}
// RUN: %if !sampled %{ FileCheck %s --check-prefixes=CHECK,SHARED < %t.O0g.bindings %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s %t.cleanup.o %t.cxx.o -lstdc++ -o %t.O2g %}
// RUN: %if !sampled %{ env LD_DEBUG=bindings %t.O2g 2> %t.O2g.bindings | FileCheck %s --check-prefix=OUT %}
// RUN: %if !sampled %{ FileCheck %s --check-prefixes=CHECK,SHARED < %t.O2g.bindings %}
// RUN: %cdefer-cc -O2 --cdefer-static %s %t.cleanup.o %t.cxx.o -lstdc++ -o %t.static
// RUN: env LD_DEBUG=bindings %t.static 2> %t.static.bindings | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefixes=CHECK,STATIC < %t.static.bindings

#include <defer.h>
#include <stdio.h>

void plain_with_cleanup(void (*next)(void));
void cxx_with_destructors(void (*next)(void));

static void say(const char *s) { printf("deferred %s\n", s); }

__attribute__((noinline)) void boom(void) {
  __attribute__((defer)) say("boom");
  panic("which unwinder?");
}

/* Has defers, does not recover: its landing pad resumes the unwind. */
__attribute__((noinline)) void resumes(void) {
  __attribute__((defer)) say("resumes");
  cxx_with_destructors(boom);
}

static void rec(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

__attribute__((noinline)) void top(void) {
  __attribute__((defer)) rec();
  plain_with_cleanup(resumes);
}

int main(void) {
  top();
  printf("done\n");
  return 0;
}

// OUT:      plain_with_cleanup enter
// OUT-NEXT: construct cxx outer
// OUT-NEXT: construct cxx inner
// OUT-NEXT: deferred boom
// OUT-NEXT: destructor cxx inner
// OUT-NEXT: destructor cxx outer
// OUT-NEXT: deferred resumes
// OUT-NEXT: cleanup plain inner
// OUT-NEXT: cleanup plain outer
// OUT-NEXT: recovered: which unwinder?
// OUT-NEXT: done

// CHECK-NOT:  to {{[^ ]*}}libgcc_s.so{{[^ ]*}} [0]: normal symbol `_Unwind_
// SHARED:     binding file {{[^ ]*}}/libcdefer.so{{[^ ]*}} [0] to /usr/lib/llvm-22/lib/libunwind.so.1 [0]: normal symbol `_Unwind_ForcedUnwind'
// STATIC:     binding file {{[^ ]*}}unwind_binds_llvm_libunwind.c.tmp.static [0] to /usr/lib/llvm-22/lib/libunwind.so.1 [0]: normal symbol `_Unwind_ForcedUnwind'
// CHECK-NOT:  to {{[^ ]*}}libgcc_s.so{{[^ ]*}} [0]: normal symbol `_Unwind_
// CHECK:      binding file {{[^ ]*}}unwind_binds_llvm_libunwind.c.tmp.{{[^ ]*}} [0] to /usr/lib/llvm-22/lib/libunwind.so.1 [0]: normal symbol `_Unwind_Resume'
// CHECK-NOT:  to {{[^ ]*}}libgcc_s.so{{[^ ]*}} [0]: normal symbol `_Unwind_
