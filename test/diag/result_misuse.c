// cdefer_result(T) must name the function's return type, in a function
// with defer statements that does not return void.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

#include <defer.h>

void f(void);

long wrong_type(void) {
  __attribute__((defer)) { cdefer_result(int) = 1; } // expected-error {{cdefer_result('int') does not name the function's return type 'long'}}
  return 0;
}

void returns_void(void) {
  __attribute__((defer)) { cdefer_result(int) = 1; } // expected-error {{cdefer_result() in a function that returns void}}
}

int no_defer(void) {
  cdefer_result(int) = 1; // expected-error {{cdefer_result() used in a function without defer statements}}
  return 0;
}

const int qualifiers_do_not_matter(void) {
  __attribute__((defer)) { cdefer_result(int) = 1; }
  return 0;
}
