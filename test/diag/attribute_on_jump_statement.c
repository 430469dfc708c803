// The attribute on return, goto, break and continue is an error: a
// deferred return makes no sense, and SPEC.md allows only calls and blocks.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);

int on_return(int n) {
  __attribute__((defer)) return n; // expected-error {{not to a return statement}}
}

void on_jumps(void) {
  __attribute__((defer)) goto out; // expected-error {{not to a jump statement}}
  for (;;) {
    __attribute__((defer)) break; // expected-error {{not to a jump statement}}
  }
  for (;;) {
    __attribute__((defer)) continue; // expected-error {{not to a jump statement}}
  }
out:
  f();
}
