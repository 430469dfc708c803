// An atomic builtin is not a call: deferring one is an error that says to
// wrap it in a deferred block.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void on_atomic(void) {
  int x = 0;
  __attribute__((defer)) __atomic_store_n(&x, 1, __ATOMIC_SEQ_CST); // expected-error {{not to an atomic builtin}}
}
