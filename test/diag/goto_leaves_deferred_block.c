// A goto from inside a deferred block to a label outside it is an error.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);

void leaving(int n) {
  __attribute__((defer)) { // expected-note {{deferred block starts here}}
    if (n)
      goto out; // expected-error {{'goto' cannot leave a deferred block}}
  }
out:
  f();
}
