// Using the attribute without the lowering pass fails the compilation with
// a message that names the missing flag, at the first defer statement.
//
// RUN: not %clang-plugin-only -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: not %clang-plugin-only -O2 -S -emit-llvm %s -o %t.ll 2>&1 | FileCheck %s
// Without any use of the attribute the plugin alone is fine:
// RUN: %clang-plugin-only -c -DNO_DEFER %s -o %t.o

void f(void);

void g(void) {
#ifndef NO_DEFER
  // CHECK: missing_pass.c:[[@LINE+1]]:3: error: 'defer' is used but the cdefer lowering pass is not loaded: add -fpass-plugin=<libdir>/CDeferPass.so (cdefer-cc adds it)
  __attribute__((defer)) f();
#endif
  f();
}
