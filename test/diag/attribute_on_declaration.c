// The attribute on a declaration (a global, a function declaration, a local,
// a function definition, a struct member, a typedef, a parameter, an enum,
// and the C23 spelling on a local) is an error at the attribute.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify -O2 -g %s

void f(void);
int g(int);

__attribute__((defer)) int global; // expected-error {{'defer' attribute applies to a call statement or a compound statement, not to a declaration}}
void h(void) __attribute__((defer)); // expected-error {{not to a declaration}}
__attribute__((defer)) void definition(void) {} // expected-error {{not to a declaration}}
struct S { __attribute__((defer)) int member; }; // expected-error {{not to a declaration}}
typedef __attribute__((defer)) int T; // expected-error {{not to a declaration}}
void param(__attribute__((defer)) int x); // expected-error {{not to a declaration}}
enum __attribute__((defer)) E { A }; // expected-error {{not to a declaration}}

void on_local(void) {
  __attribute__((defer)) int x = g(1); // expected-error {{not to a declaration}}
  [[cdefer::defer]] int y = g(2); // expected-error {{not to a declaration}}
  (void)x;
  (void)y;
}
