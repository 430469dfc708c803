// A defer statement inside the arguments of a deferred call (in a
// statement expression) is an error: the arguments belong to the deferred
// call.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);
int g(int);

void nested(void) {
  __attribute__((defer)) g(({ __attribute__((defer)) f(); 1; })); // expected-error {{a defer statement cannot appear inside another deferred call or block}}
}
