// A defer statement inside an OpenMP region (any directive: Clang compiles
// the region as a captured statement, outlined into a function of its own
// for parallel, task, target...) or a `#pragma clang __debug captured`
// statement is an error at the defer statement that names the directive.
// It used to be left unmarked: the call ran at once. Defers elsewhere in
// the same file, in the same function as a region, and in a block literal
// inside a region, still compile and are lowered.
//
// RUN: %clang-cdefer -fopenmp -fblocks -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: not %clang-cdefer -fopenmp -fblocks -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: %clang-cdefer -fopenmp -fblocks -DONLY_VALID -O0 -S -emit-llvm %s -o - | FileCheck --check-prefix=IR %s
// RUN: %clang-cdefer -fopenmp -fblocks -DONLY_VALID -O2 -c %s -o %t.o

// CHECK: defer_in_openmp_region.c:[[#LINE:]]:5: error: cdefer: a defer statement cannot appear inside an OpenMP 'parallel' region
// CHECK: defer_in_openmp_region.c:[[#LINE-2]]:1: note: OpenMP directive is here

// IR-NOT: __cdefer_site_begin
// IR: define {{.*}}@outside_and_in_block(
// IR: @__cdefer_call_deferred(ptr @outside_and_in_block.cdefer.thunk
// IR: define internal void @outside_and_in_block.omp_outlined(
// IR: define internal void @{{.*}}block_invoke(
// IR: @__cdefer_call_deferred(ptr @{{.*}}block_invoke.cdefer.thunk
// IR-NOT: __cdefer_site_begin

void say(const char *);

#ifndef ONLY_VALID
void parallel(void) {
#pragma omp parallel // expected-note {{OpenMP directive is here}}
  {
    __attribute__((defer)) say("parallel"); // expected-error {{cdefer: a defer statement cannot appear inside an OpenMP 'parallel' region}}
    say("body");
  }
}

void other_directives(int n) {
#pragma omp task // expected-note {{OpenMP directive is here}}
  { __attribute__((defer)) say("task"); } // expected-error {{inside an OpenMP 'task' region}}
#pragma omp target // expected-note {{OpenMP directive is here}}
  { __attribute__((defer)) { say("target"); } } // expected-error {{inside an OpenMP 'target' region}}
#pragma omp parallel for // expected-note {{OpenMP directive is here}}
  for (int i = 0; i < n; i++) {
    __attribute__((defer)) say("parallel for"); // expected-error {{inside an OpenMP 'parallel for' region}}
  }
#pragma omp simd // expected-note {{OpenMP directive is here}}
  for (int i = 0; i < n; i++)
    __attribute__((defer)) say("simd"); // expected-error {{inside an OpenMP 'simd' region}}
#pragma omp critical // expected-note {{OpenMP directive is here}}
  { __attribute__((defer)) say("critical"); } // expected-error {{inside an OpenMP 'critical' region}}
#pragma omp target teams distribute parallel for // expected-note {{OpenMP directive is here}}
  for (int i = 0; i < n; i++) {
    __attribute__((defer)) say("combined"); // expected-error {{inside an OpenMP 'target teams distribute parallel for' region}}
  }
#pragma omp parallel
  {
#pragma omp single // expected-note {{OpenMP directive is here}}
    { __attribute__((defer)) say("single"); } // expected-error {{inside an OpenMP 'single' region}}
  }
#pragma clang __debug captured
  {
    __attribute__((defer)) say("captured"); // expected-error {{cdefer: a defer statement cannot appear inside a captured statement}}
  }
}
#endif

// Valid: a defer in the function around a region, and one in a block
// literal (a function of its own) inside a region.
void outside_and_in_block(void) {
  __attribute__((defer)) say("outside");
#pragma omp parallel
  {
    ^{
      __attribute__((defer)) say("in block");
      say("block body");
    }();
  }
}
