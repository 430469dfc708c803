// A musttail return in a function with defer statements is an error: the
// deferred calls must run after the return value is computed.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);
int tail(int);

int must_tail(int n) {
  __attribute__((defer)) f();
  __attribute__((musttail)) return tail(n); // expected-error {{'musttail' return in a function with defer statements}}
}
