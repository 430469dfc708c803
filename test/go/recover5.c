// Port of Go 1.19 test/recover5.go (an errorcheck test): recover takes no
// arguments, and the compiler says so. Go's "too many arguments" errors
// become the C preprocessor's (recover is a macro without parameters) and
// the C compiler's (cdefer_recover is a function without parameters).
// Go's expectations are ERROR comments in the source; here they are CHECK
// lines next to the same statements. Nothing is run.
//
// RUN: not %clang-cdefer -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not=error:

#include <defer.h>

void f(void) {
  (void)recover(); // OK
  // CHECK: recover5.c:[[@LINE+2]]:{{[0-9]+}}: error: too many arguments provided to function-like macro invocation
  // CHECK: recover5.c:[[@LINE+1]]:{{[0-9]+}}: error: use of undeclared identifier 'recover'
  (void)recover(1);
  // CHECK: recover5.c:[[@LINE+2]]:{{[0-9]+}}: error: too many arguments provided to function-like macro invocation
  // CHECK: recover5.c:[[@LINE+1]]:{{[0-9]+}}: error: use of undeclared identifier 'recover'
  (void)recover(1, 2);
  // CHECK: recover5.c:[[@LINE+1]]:{{[0-9]+}}: error: too many arguments to function call, expected 0, have 1
  (void)cdefer_recover(1);
  // CHECK: recover5.c:[[@LINE+1]]:{{[0-9]+}}: error: too many arguments to function call, expected 0, have 2
  (void)cdefer_recover(1, 2);
}
