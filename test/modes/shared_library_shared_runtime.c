// -fPIC shared libraries with the shared runtime (cdefer-cc's default, for
// the library and the program): one copy of the runtime, libcdefer.so,
// serves both. A panic raised in the library is recovered in the program
// and one raised in the program (in a callback) is recovered in the
// library, across the library boundary both ways, with the deferred calls
// of both running in order; with the library linked and loaded by dlopen.
//
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: %cdefer-cc -O0 -fPIC -shared %S/Inputs/shared_lib.c -o %t.d/libdeferO0.so
// RUN: %cdefer-cc -O2 -fPIC -shared %S/Inputs/shared_lib.c -o %t.d/libdeferO2.so
// RUN: %cdefer-cc -O0 -g -fPIC -shared %S/Inputs/shared_lib.c -o %t.d/libdeferO0g.so
// RUN: %cdefer-cc -O2 -g -fPIC -shared %S/Inputs/shared_lib.c -o %t.d/libdeferO2g.so
// RUN: %llvmbin/llvm-readelf -d %t.d/libdeferO2.so | FileCheck %s --check-prefix=NEEDS-RUNTIME
// NEEDS-RUNTIME: libcdefer.so.0
//
// RUN: %cdefer-cc -O0 %S/Inputs/shared_main.c -L%t.d -ldeferO0 -Wl,-rpath,%t.d -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %S/Inputs/shared_main.c -L%t.d -ldeferO2 -Wl,-rpath,%t.d -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %cdefer-cc -O0 -g %S/Inputs/shared_main.c -L%t.d -ldeferO0g -Wl,-rpath,%t.d -o %t.O0g && %run %t.O0g | FileCheck %s
// RUN: %cdefer-cc -O2 -g %S/Inputs/shared_main.c -L%t.d -ldeferO2g -Wl,-rpath,%t.d -o %t.O2g && %run %t.O2g | FileCheck %s
//
// RUN: %cdefer-cc -O0 -DUSE_DLOPEN %S/Inputs/shared_main.c -o %t.dl.O0 && %run %t.dl.O0 %t.d/libdeferO0.so | FileCheck %s
// RUN: %cdefer-cc -O2 -DUSE_DLOPEN %S/Inputs/shared_main.c -o %t.dl.O2 && %run %t.dl.O2 %t.d/libdeferO2.so | FileCheck %s

// CHECK:      lib_panics deferred
// CHECK-NEXT: calls_library deferred
// CHECK-NEXT: program recovered: from the library 7
// CHECK-NEXT: calls_library returned 0
// CHECK-NEXT: lib_panics deferred
// CHECK-NEXT: calls_library deferred
// CHECK-NEXT: program recovered: NULL
// CHECK-NEXT: calls_library returned 100
// CHECK-NEXT: main_panics deferred
// CHECK-NEXT: lib_calls_back deferred
// CHECK-NEXT: library recovered: from the program 3
// CHECK-NEXT: lib_calls_back returned 0
// CHECK-NOT:  {{.}}
