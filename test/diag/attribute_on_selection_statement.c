// The attribute on an if or a switch statement is an error.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);

void on_selection(int n) {
  __attribute__((defer)) if (n) f(); // expected-error {{not to a selection statement}}
  __attribute__((defer)) switch (n) { case 1: f(); } // expected-error {{not to a selection statement}}
}
