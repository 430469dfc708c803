// A defer statement in a naked function gets Clang's own diagnostic (only
// asm is allowed there), not a crash.
//
// RUN: %clang-cdefer -fsyntax-only -Xclang -verify %s
// RUN: not %clang-cdefer -c -O2 %s -o %t.o 2>&1 | FileCheck %s
// CHECK: error: non-ASM statement in naked function is not supported

void f(void);

__attribute__((naked)) void naked(void) {
  __attribute__((defer)) f(); // expected-error {{non-ASM statement in naked function is not supported}}
} // expected-note@-2 {{attribute is here}}
