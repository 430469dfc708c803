// The attribute on an expression statement that is not a call: an
// assignment from a call, a comma expression, a conditional, a function
// designator without a call, sizeof of a call, a call cast to int (only a
// cast to void is a call statement), a compound literal, a _Generic that
// selects a constant.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);
int g(int);

void on_expressions(int n) {
  int x = 0;
  __attribute__((defer)) x = g(1); // expected-error {{not to an expression statement that is not a call}}
  __attribute__((defer)) f(), f(); // expected-error {{not to an expression statement that is not a call}}
  __attribute__((defer)) n ? f() : f(); // expected-error {{not to an expression statement that is not a call}}
  __attribute__((defer)) f; // expected-error {{not to an expression statement that is not a call}} expected-warning {{expression result unused}}
  __attribute__((defer)) (void)sizeof(g(1)); // expected-error {{not to an expression statement that is not a call}}
  __attribute__((defer)) (int)g(1); // expected-error {{not to an expression statement that is not a call}} expected-warning {{expression result unused}}
  __attribute__((defer)) (struct { int a; }){1}; // expected-error {{not to an expression statement that is not a call}} expected-warning {{expression result unused}}
  __attribute__((defer)) _Generic(n, int: 1); // expected-error {{not to an expression statement that is not a call}} expected-warning {{expression result unused}}
}
