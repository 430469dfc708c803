// A continue in a deferred block that would leave the block (the loop
// around the defer statement) is an error; a continue of a loop inside the
// block is fine.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

void f(void);

void leaving(int n) {
  for (int i = 0; i < n; i++) {
    __attribute__((defer)) { // expected-note {{deferred block starts here}}
      continue; // expected-error {{'continue' cannot leave a deferred block}}
    }
    __attribute__((defer)) {
      for (int j = 0; j < n; j++)
        if (j)
          continue;
    }
  }
}
