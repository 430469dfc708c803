// The attribute takes no arguments, in every spelling (SPEC.md section 5).
// Regression: Clang drops the arguments of a plugin's [[cdefer::defer(...)]]
// before the plugin sees the attribute, which then deferred the call and
// ignored them; the plugin now looks for the argument list itself. An
// empty GNU list, __attribute__((defer())), is no argument and is accepted.
//
// RUN: %clang-cdefer -std=c23 -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: %clang-cdefer -std=gnu17 -fsyntax-only -ferror-limit=0 -Xclang -verify=gnu %s -DGNU_ONLY

void f(void);

#define DEFER_WITH(x) __attribute__((defer(x)))

void gnu_spelling(void) {
  __attribute__((defer(1))) f(); // expected-error {{'defer' attribute takes no arguments}} gnu-error {{'defer' attribute takes no arguments}}
  __attribute__((defer(f, 2))) f(); // expected-error {{'defer' attribute takes no arguments}} gnu-error {{'defer' attribute takes no arguments}}
  DEFER_WITH(3) f(); // expected-error {{'defer' attribute takes no arguments}} gnu-error {{'defer' attribute takes no arguments}}
  __attribute__((defer())) f();
}

#ifndef GNU_ONLY
void c23_spelling(void) {
  [[cdefer::defer(1)]] f(); // expected-error {{'defer' attribute takes no arguments}}
  [[cdefer::defer()]] f(); // expected-error {{'defer' attribute takes no arguments}}
  [[cdefer::defer(f)]] { f(); } // expected-error {{'defer' attribute takes no arguments}}
  [[cdefer::__defer__(1)]] f(); // expected-error {{'defer' attribute takes no arguments}}
  [[cdefer::defer]] f();
}
#endif
