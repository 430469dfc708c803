// -flto=thin with LLVM 22's lld: the cdefer pass runs when each unit is
// compiled to bitcode (pipeline start of the pre-link pipeline, so the
// bitcode has no site markers left and has the landing pads), the lowered
// IR survives link-time optimisation, and the program behaves: a panic in
// one unit is recovered in the other, in both directions, and the deferred
// calls of both units run in order. Also with the system linker (through
// LLVM's gold plugin), which is what -flto uses without -fuse-ld.
//
// REQUIRES: lld
// RUN: %cdefer-cc -flto=thin -O2 -c %S/Inputs/lto_other_unit.c -o %t.other.o
// RUN: %llvmbin/llvm-dis %t.other.o -o - | FileCheck %s --check-prefix=BITCODE
// BITCODE-NOT: __cdefer_site_begin
// BITCODE: define {{.*}} @other_panics(
// BITCODE: landingpad
// BITCODE: invoke {{.*}} @__cdefer_call_deferred(
// BITCODE-NOT: __cdefer_site_begin
//
// RUN: %cdefer-cc -flto=thin -fuse-ld=lld -O0 %s %S/Inputs/lto_other_unit.c -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -flto=thin -fuse-ld=lld -O2 %s %S/Inputs/lto_other_unit.c -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %cdefer-cc -flto=thin -fuse-ld=lld -O0 -g %s %S/Inputs/lto_other_unit.c -o %t.O0g && %run %t.O0g | FileCheck %s
// RUN: %cdefer-cc -flto=thin -fuse-ld=lld -O2 -g %s %S/Inputs/lto_other_unit.c -o %t.O2g && %run %t.O2g | FileCheck %s
// RUN: %cdefer-cc -flto=thin -fuse-ld=lld -O3 %s %t.other.o -o %t.O3 && %run %t.O3 | FileCheck %s
// RUN: %cdefer-cc -flto=thin -O2 %s %S/Inputs/lto_other_unit.c -o %t.gold && %run %t.gold | FileCheck %s

#include <defer.h>
#include <stdio.h>

int other_panics(int n);
int other_calls_back(void (*fn)(int), int n);

static void say(const char *s) { printf("%s\n", s); }

static void main_guard(void) {
  const cdefer_panic_t *p = recover();
  printf("main unit recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

static int calls_other(int n) {
  __attribute__((defer)) main_guard();
  __attribute__((defer)) say("calls_other deferred");
  return other_panics(n) + 100;
}

static void main_panics(int n) {
  __attribute__((defer)) say("main_panics deferred");
  panic("from the main unit %d", n);
}

int main(void) {
  printf("calls_other returned %d\n", calls_other(7));
  printf("calls_other returned %d\n", calls_other(0));
  printf("other_calls_back returned %d\n", other_calls_back(main_panics, 3));
  return 0;
}

// CHECK:      other_panics deferred
// CHECK-NEXT: calls_other deferred
// CHECK-NEXT: main unit recovered: from the other unit 7
// CHECK-NEXT: calls_other returned 0
// CHECK-NEXT: other_panics deferred
// CHECK-NEXT: calls_other deferred
// CHECK-NEXT: main unit recovered: NULL
// CHECK-NEXT: calls_other returned 100
// CHECK-NEXT: main_panics deferred
// CHECK-NEXT: other_calls_back deferred
// CHECK-NEXT: other unit recovered: from the main unit 3
// CHECK-NEXT: other_calls_back returned 0
// CHECK-NOT:  {{.}}
