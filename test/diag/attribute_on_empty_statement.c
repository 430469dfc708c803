// The attribute on an empty statement is an error (an empty deferred block,
// __attribute__((defer)) {}, is fine: e2e/empty_deferred_block.c).
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void on_empty(void) {
  __attribute__((defer)) ; // expected-error {{not to an empty statement}}
}
