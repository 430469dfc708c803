// A defer statement in an interrupt handler (x86 `interrupt` attribute) is
// an error at the defer statement: an interrupt handler cannot unwind or
// call the cdefer runtime safely. It used to crash clang (the lowering
// produced IR the verifier rejects), at -O0 and -O2 alike. A handler
// without defers in the same file compiles.
//
// RUN: %clang-cdefer --target=x86_64-linux-gnu -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: not %clang-cdefer --target=x86_64-linux-gnu -O0 -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: not %clang-cdefer --target=x86_64-linux-gnu -O2 -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: %clang-cdefer --target=x86_64-linux-gnu -DONLY_VALID -O0 -c %s -o %t.o
// RUN: %clang-cdefer --target=x86_64-linux-gnu -DONLY_VALID -O2 -c %s -o %t.o
// CHECK-NOT: PLEASE
// CHECK: defer_in_interrupt_handler.c:[[#LINE:]]:3: error: cdefer: a defer statement cannot be used in an interrupt handler
// CHECK: defer_in_interrupt_handler.c:[[#LINE-1]]:16: note: interrupt attribute is here
// CHECK-NOT: PLEASE

struct interrupt_frame;
void f(void) __attribute__((no_caller_saved_registers));
static int count;

#ifndef ONLY_VALID
__attribute__((interrupt)) void handler(struct interrupt_frame *frame) { // expected-note {{interrupt attribute is here}}
  __attribute__((defer)) f(); // expected-error {{cdefer: a defer statement cannot be used in an interrupt handler: deferred calls need the cdefer runtime and unwinding, which an interrupt handler cannot use}}
  f();
}

__attribute__((interrupt)) void handler_with_code(struct interrupt_frame *frame, // expected-note {{interrupt attribute is here}}
                                                  unsigned long code) {
  if (code)
    __attribute__((defer)) { // expected-error {{cdefer: a defer statement cannot be used in an interrupt handler}}
      count++;
    }
}
#endif

__attribute__((interrupt)) void handler_without_defer(
    struct interrupt_frame *frame) {
  f();
}

void ordinary(void) {
  __attribute__((defer)) f();
  count++;
}
