// A return inside a deferred block would leave it: an error at the return,
// with a note at the block. Also a return inside a statement expression
// inside the block.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

int leaving(int n) {
  __attribute__((defer)) { // expected-note {{deferred block starts here}}
    if (n)
      return 1; // expected-error {{'return' cannot leave a deferred block}}
  }
  __attribute__((defer)) { // expected-note {{deferred block starts here}}
    int x = ({ if (n) return 2; 1; }); // expected-error {{'return' cannot leave a deferred block}}
    (void)x;
  }
  return 0;
}
