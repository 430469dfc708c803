// A break in a deferred block that would leave the block (the loop or
// switch around the defer statement) is an error.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);

void leaving(int n) {
  for (int i = 0; i < n; i++) {
    __attribute__((defer)) { // expected-note {{deferred block starts here}}
      break; // expected-error {{'break' cannot leave a deferred block}}
    }
  }
  switch (n) {
  case 1:
    __attribute__((defer)) { // expected-note {{deferred block starts here}}
      break; // expected-error {{'break' cannot leave a deferred block}}
    }
  }
}
