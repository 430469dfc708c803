// In C an attribute right after a label belongs to the label: the error
// says to write 'label: ;' first (e2e/defer_after_label_with_empty_statement.c
// runs that). The attribute before a label, or before a case label, is an
// error too.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);

void after_label(void) {
here:
  __attribute__((defer)) f(); // expected-error {{'defer' attribute after a label applies to the label; write 'here: ;' before the defer statement or put it in braces}}
  goto here;
}

void before_label(void) {
  __attribute__((defer)) there: f(); // expected-error {{applies to the label}}
  goto there;
}

void before_case(int n) {
  switch (n) {
    __attribute__((defer)) case 1: f(); // expected-error {{not to this statement}}
  }
}
