// Port of Go 1.19 runtime/testdata/testprog RecursivePanic5 (crash_test.go's
// TestRecursivePanic5): open-coded defers higher up the stack (in two), and
// in three a deferred closure that recovers "first panic" and starts
// "second panic" while another deferred closure, which recovers that, is
// still to run; then main panics "third panic", unrecovered (exit 2).
// //go:noinline -> noinline; fmt.Println(recover()) -> the message or
// <nil>.
// Expected output: Inputs/runtime_crash_RecursivePanic5.check, from
// regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %{expect} 2 %run %t.O0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic5.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %{expect} 2 %run %t.O2g 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic5.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %{expect} 2 %run %t.cO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic5.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %{expect} 2 %run %t.cO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic5.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %{expect} 2 %run %t.pO0 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic5.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %{expect} 2 %run %t.pO2 2>&1 | %{nobt} | %{gocheck} %S/Inputs/runtime_crash_RecursivePanic5.check

#include <defer.h>
#include <stdio.h>
#include "Inputs/goport.h"

static void println_recovered(const cdefer_panic_t *r) {
  printf("%s\n", r ? cdefer_panic_message(r) : "<nil>");
}

__attribute__((noinline)) static void three(void) {
  __attribute__((defer)) {}
  __attribute__((defer)) { println_recovered(recover()); }
  __attribute__((defer)) {
    println_recovered(recover());
    panic("second panic");
  }
  panic("first panic");
}

__attribute__((noinline)) static void two(void) {
  __attribute__((defer)) {}
  three();
}

__attribute__((noinline)) static void one(void) { two(); }

int main(void) {
  one();
  panic("third panic");
}
