// A defer statement inside a deferred block is an error: directly, in a
// nested block, through a statement expression, and in the C23 spelling.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: %clang-cdefer -std=c23 -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);

void nested(int n) {
  __attribute__((defer)) {
    __attribute__((defer)) f(); // expected-error {{a defer statement cannot appear inside another deferred call or block}}
  }
  __attribute__((defer)) {
    if (n) {
      __attribute__((defer)) { f(); } // expected-error {{a defer statement cannot appear inside another deferred call or block}}
    }
  }
  __attribute__((defer)) {
    ({ __attribute__((defer)) f(); }); // expected-error {{a defer statement cannot appear inside another deferred call or block}}
  }
  __attribute__((defer)) {
    [[cdefer::defer]] f(); // expected-error {{a defer statement cannot appear inside another deferred call or block}}
  }
}
