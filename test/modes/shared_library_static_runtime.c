// -fPIC shared libraries with the static runtime. A process must have
// exactly one copy of the runtime (its chains are per-thread variables of
// that copy: a panic of one copy cannot be recovered through another). So
// `cdefer-cc --cdefer-static` links libcdefer.a whole into the executable
// and exports its symbols, and `cdefer-cc --cdefer-static -shared` links no
// runtime into a library: its references bind to the executable's copy.
// Checked: the library has no runtime of its own, the executable exports
// it, panics cross the boundary both ways with the library linked or
// loaded by dlopen, and a library built for the shared runtime (which
// needs libcdefer.so) loaded into such an executable also uses the
// executable's copy.
//
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: %cdefer-cc --cdefer-static -O0 -fPIC -shared %S/Inputs/shared_lib.c -o %t.d/libdeferO0.so
// RUN: %cdefer-cc --cdefer-static -O2 -fPIC -shared %S/Inputs/shared_lib.c -o %t.d/libdeferO2.so
// RUN: %cdefer-cc --cdefer-static -O0 -g -fPIC -shared %S/Inputs/shared_lib.c -o %t.d/libdeferO0g.so
// RUN: %cdefer-cc --cdefer-static -O2 -g -fPIC -shared %S/Inputs/shared_lib.c -o %t.d/libdeferO2g.so
// RUN: %llvmbin/llvm-readelf -d %t.d/libdeferO2.so | FileCheck %s --check-prefix=NO-RUNTIME
// NO-RUNTIME-NOT: libcdefer
// RUN: %llvmbin/llvm-nm -D %t.d/libdeferO2.so | FileCheck %s --check-prefix=LIB-SYMBOLS
// LIB-SYMBOLS-NOT: T {{_*}}cdefer_
// LIB-SYMBOLS: U cdefer_panic
// LIB-SYMBOLS-NOT: T {{_*}}cdefer_
//
// RUN: %cdefer-cc --cdefer-static -O0 %S/Inputs/shared_main.c -L%t.d -ldeferO0 -Wl,-rpath,%t.d -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc --cdefer-static -O2 %S/Inputs/shared_main.c -L%t.d -ldeferO2 -Wl,-rpath,%t.d -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %cdefer-cc --cdefer-static -O0 -g %S/Inputs/shared_main.c -L%t.d -ldeferO0g -Wl,-rpath,%t.d -o %t.O0g && %run %t.O0g | FileCheck %s
// RUN: %cdefer-cc --cdefer-static -O2 -g %S/Inputs/shared_main.c -L%t.d -ldeferO2g -Wl,-rpath,%t.d -o %t.O2g && %run %t.O2g | FileCheck %s
// RUN: %llvmbin/llvm-readelf -d %t.O2 | FileCheck %s --check-prefix=NO-RUNTIME
// RUN: %llvmbin/llvm-nm -D --defined-only %t.O2 | FileCheck %s --check-prefix=EXPORTS
// EXPORTS-DAG: T __cdefer_push
// EXPORTS-DAG: T cdefer_panic
// EXPORTS-DAG: T cdefer_recover
// EXPORTS-DAG: T cdefer_task_create
// EXPORTS-DAG: T pthread_exit
//
// RUN: %cdefer-cc --cdefer-static -O0 -DUSE_DLOPEN %S/Inputs/shared_main.c -o %t.dl.O0 && %run %t.dl.O0 %t.d/libdeferO0.so | FileCheck %s
// RUN: %cdefer-cc --cdefer-static -O2 -DUSE_DLOPEN %S/Inputs/shared_main.c -o %t.dl.O2 && %run %t.dl.O2 %t.d/libdeferO2.so | FileCheck %s
// RUN: %cdefer-cc -O2 -fPIC -shared %S/Inputs/shared_lib.c -o %t.d/libdefershared.so
// RUN: %run %t.dl.O2 %t.d/libdefershared.so | FileCheck %s

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
