// With fault support, stores to the locals whose addresses a defer
// statement captures (a deferred block's variables, `defer f(&x)`) and to
// a result slot the body writes are volatile: a fault between calls finds
// them in memory, in program order (docs/design.md, section 8). Loads and
// other locals are left alone. Without fault support nothing changes.
//
// RUN: %clang-cdefer -O2 -S -emit-llvm -Xclang -disable-llvm-passes %s -o %t.O2.ll
// RUN: %opt-cdefer -S %t.O2.ll | FileCheck %s
// RUN: %opt-cdefer -cdefer-fault-frames=0 -S %t.O2.ll | FileCheck %s --check-prefix=OFF

#include <defer.h>

void use(long);
void see(long *);

// CHECK-LABEL: define {{.*}}i64 @counts(
// CHECK:       store volatile i64 0, ptr %cdefer.result
// CHECK:       store volatile i64 0, ptr [[N:%[0-9]+]], align 8
// CHECK-NEXT:  store volatile i64 0, ptr [[OTHER:%[0-9]+]], align 8
// CHECK:       store ptr [[N]], ptr %cdefer.arg
// CHECK:       store ptr [[OTHER]], ptr %cdefer.arg
// CHECK:       store i64 0, ptr [[I:%[0-9]+]], align 8
// CHECK:       load i64, ptr [[N]]
// CHECK:       store volatile i64 %{{.*}}, ptr [[N]]
// CHECK:       store i64 %{{.*}}, ptr [[I]]
// CHECK:       store volatile i64 %{{.*}}, ptr %cdefer.result
// OFF-LABEL:   define {{.*}}i64 @counts(
// OFF-NOT:     store volatile
long counts(long len, const char *p) {
  long n = 0, other = 0;
  __attribute__((defer)) { use(n); }
  __attribute__((defer)) see(&other);
  for (long i = 0; i < len; i++)
    n += p[i];
  cdefer_result(long) = n;
  return n;
}
