// A builtin that Clang expands in place has no function to call later:
// deferring it is an error naming the builtin.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

int g(int);
void *buf[5];

void builtins(void) {
  __attribute__((defer)) __builtin_trap(); // expected-error {{cannot defer a call to the builtin '__builtin_trap'}}
  __attribute__((defer)) __builtin_unreachable(); // expected-error {{cannot defer a call to the builtin '__builtin_unreachable'}}
  __attribute__((defer)) __builtin_expect(g(1), 1); // expected-error {{cannot defer a call to the builtin '__builtin_expect'}} expected-warning {{ignoring return value}}
  __attribute__((defer)) __builtin_setjmp(buf); // expected-error {{cannot defer a call to the builtin '__builtin_setjmp'}}
}
