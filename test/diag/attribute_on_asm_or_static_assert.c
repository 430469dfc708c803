// The attribute on an asm statement or a _Static_assert gets Clang's own
// error (no attribute may appear there), not a crash.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void on_asm(void) {
  __attribute__((defer)) __asm__(""); // expected-error {{an attribute list cannot appear here}}
}

void on_static_assert(void) {
  __attribute__((defer)) _Static_assert(1, ""); // expected-error {{an attribute list cannot appear here}}
}
