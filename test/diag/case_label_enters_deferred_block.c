// A case or default label inside a deferred block that belongs to a switch
// outside it would jump into the block, like a goto: an error at the label
// (it used to be reported by the pass at the function's first line as
// "this deferred block cannot be outlined"). A whole switch inside a
// deferred block, and a switch around a deferred block whose labels stay
// outside it, are fine (test/e2e/switch_inside_deferred_block.c runs them).
//
// RUN: %clang-cdefer -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: not %clang-cdefer -c %s -o %t.o 2>&1 | FileCheck %s
// CHECK: case_label_enters_deferred_block.c:[[#LINE:]]:3: error: cdefer: 'case' label of a switch outside the deferred block cannot be inside it
// CHECK-NEXT: {{^}}   [[#LINE]] |   case 1:
// CHECK: case_label_enters_deferred_block.c:[[#LINE-2]]:5: note: deferred block starts here

void f(int);

int case_label_inside(int n) {
  switch (n) {
  case 0:
    __attribute__((defer)) { // expected-note 3 {{deferred block starts here}}
      f(0);
  case 1: // expected-error {{cdefer: 'case' label of a switch outside the deferred block cannot be inside it: the switch would jump into the block}}
      f(1);
      if (n > 5) {
      case 6: // expected-error {{cdefer: 'case' label of a switch outside}}
        f(6);
      }
  default: // expected-error {{cdefer: 'default' label of a switch outside the deferred block cannot be inside it}}
      f(2);
    }
  }
  return 0;
}

// The inner switch's labels are its own; the outer one's are outside the
// block: no error.
int labels_stay_outside(int n) {
  switch (n) {
  case 0:
    __attribute__((defer)) {
      switch (n + 1) {
      case 1:
        f(1);
        break;
      default:
        f(2);
      }
    }
    break;
  default:
    __attribute__((defer)) f(3);
  }
  return 0;
}
