// Jumps that stay inside a deferred block are fine: loops with break and
// continue, a switch with break, a goto to a label of the block.
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s

// expected-no-diagnostics
void f(void);

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
