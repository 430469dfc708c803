// A computed goto inside a deferred block is an error (it could leave the
// block).
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void computed_goto(void) {
  void *p = &&outside;
  __attribute__((defer)) { // expected-note {{deferred block starts here}}
    goto *p; // expected-error {{computed 'goto' cannot be used inside a deferred block}}
  }
outside:
  return;
}
