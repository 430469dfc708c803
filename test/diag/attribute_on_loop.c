// The attribute on a for, while or do loop is an error.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);

void on_loops(void) {
  __attribute__((defer)) for (;;) f(); // expected-error {{not to a loop}}
  __attribute__((defer)) while (0) f(); // expected-error {{not to a loop}}
  __attribute__((defer)) do f(); while (0); // expected-error {{not to a loop}}
}
