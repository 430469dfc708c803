// Entering a deferred block from outside is an error: a goto to a label
// inside it, and taking the address of such a label (a computed goto could
// then enter it).
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);

void entering(int n) {
  if (n)
    goto inside; // expected-error {{'goto' cannot jump into a deferred block}}
  __attribute__((defer)) { // expected-note 2 {{deferred block starts here}}
  inside:
    f();
  }
  void *p = &&inside; // expected-error {{cannot take the address of a label inside a deferred block}}
  (void)p;
}

void address_taken_inside(void) {
  __attribute__((defer)) { // expected-note {{deferred block starts here}}
    void *p = &&l; // expected-error {{cannot take the address of a label inside a deferred block}}
  l:
    (void)p;
  }
}
