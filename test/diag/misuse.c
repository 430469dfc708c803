// Every misuse of the attribute named in SPEC.md section 5 is an error at
// the offending source location.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify -O2 -g %s

void f(void);
int g(int);

__attribute__((defer)) int global; // expected-error {{'defer' attribute applies to a call statement or a compound statement, not to a declaration}}
void h(void) __attribute__((defer)); // expected-error {{not to a declaration}}

void on_declaration(void) {
  __attribute__((defer)) int x = g(1); // expected-error {{not to a declaration}}
  (void)x;
}

void on_other_statements(int n) {
  int x = 0;
  __attribute__((defer)) x = g(1); // expected-error {{not to an expression statement that is not a call}}
  __attribute__((defer)) ; // expected-error {{not to an empty statement}}
  __attribute__((defer)) if (n) f(); // expected-error {{not to a selection statement}}
  __attribute__((defer)) for (;;) f(); // expected-error {{not to a loop}}
  __attribute__((defer)) __atomic_store_n(&x, 1, __ATOMIC_SEQ_CST); // expected-error {{not to an atomic builtin}}
}

void with_arguments(void) {
  __attribute__((defer(1))) f(); // expected-error {{'defer' attribute takes no arguments}}
}

void builtin_without_function(void) {
  __attribute__((defer)) __builtin_trap(); // expected-error {{cannot defer a call to the builtin '__builtin_trap'}}
}

void after_label(void) {
here:
  __attribute__((defer)) f(); // expected-error {{'defer' attribute after a label applies to the label}}
  goto here;
}

int leaving_a_block(int n) {
  __attribute__((defer)) { // expected-note 2 {{deferred block starts here}}
    if (n)
      return 1; // expected-error {{'return' cannot leave a deferred block}}
    goto out; // expected-error {{'goto' cannot leave a deferred block}}
  }
  for (int i = 0; i < n; i++) {
    __attribute__((defer)) { // expected-note {{deferred block starts here}}
      break; // expected-error {{'break' cannot leave a deferred block}}
    }
    __attribute__((defer)) { // expected-note {{deferred block starts here}}
      continue; // expected-error {{'continue' cannot leave a deferred block}}
    }
  }
out:
  return 0;
}

void jumps_inside_a_block_are_fine(int n) {
  __attribute__((defer)) {
    for (int i = 0; i < n; i++) {
      if (i == 2)
        continue;
      if (i == 5)
        break;
      f();
    }
    switch (n) {
    case 1:
      break;
    }
    goto inside;
  inside:
    f();
  }
}

void entering_a_block(int n) {
  if (n)
    goto inside; // expected-error {{'goto' cannot jump into a deferred block}}
  __attribute__((defer)) { // expected-note 2 {{deferred block starts here}}
  inside:
    f();
  }
  void *p = &&inside; // expected-error {{cannot take the address of a label inside a deferred block}}
  (void)p;
}

void computed_goto(void) {
  void *p = &&outside;
  __attribute__((defer)) { // expected-note {{deferred block starts here}}
    goto *p; // expected-error {{computed 'goto' cannot be used inside a deferred block}}
  }
outside:
  return;
}

void nested(void) {
  __attribute__((defer)) {
    __attribute__((defer)) f(); // expected-error {{a defer statement cannot appear inside another deferred call or block}}
  }
  __attribute__((defer)) g(({ __attribute__((defer)) f(); 1; })); // expected-error {{a defer statement cannot appear inside another deferred call or block}}
}

int tail(int);
int must_tail(int n) {
  __attribute__((defer)) f();
  __attribute__((musttail)) return tail(n); // expected-error {{'musttail' return in a function with defer statements}}
}
