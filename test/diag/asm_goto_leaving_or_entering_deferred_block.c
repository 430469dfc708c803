// `asm goto` is a jump: like `goto`, it may not leave a deferred block or
// enter one (SPEC.md section 5). Regression: it was not checked, and the
// pass then failed later with "this deferred block cannot be outlined"
// at the block instead of at the jump. An `asm goto` to a label of its own
// block is fine (test/e2e/asm_goto_inside_deferred_block.c runs one).
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);

void leaving(void) {
  __attribute__((defer)) { // expected-note {{deferred block starts here}}
    __asm__ goto("" :::: out); // expected-error {{'asm goto' cannot leave a deferred block}}
  }
out:
  f();
}

void entering(int n) {
  if (n)
    __asm__ goto("" :::: in); // expected-error {{'asm goto' cannot jump into a deferred block}}
  __attribute__((defer)) { // expected-note {{deferred block starts here}}
  in:
    f();
  }
}

void inside_is_fine(void) {
  __attribute__((defer)) {
    __asm__ goto("" :::: skip);
    f();
  skip:
    f();
  }
}
