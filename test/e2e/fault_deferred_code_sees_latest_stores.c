// Deferred code that runs because of a fault sees the latest value of the
// locals it names and of a result the body wrote (Go's recover4.go): a copy
// loop counts the bytes it copied into a local that a deferred block reads
// by reference, or that a deferred call got the address of; the loop
// faults at a hole in the mapping and the count must be exact, although
// at -O2 the loop makes no call (the counter would live in a register).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O3 -g %s -o %t.O3g && %run %t.O3g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s
// Valgrind reports the faulting access itself (docs/limits.md).
// UNSUPPORTED: valgrind

#include <defer.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* The count, through a deferred block that reads the local. */
static long copy_counting_in_local(unsigned char *dst, const unsigned char *src,
                                   long len) {
  long n = 0;
  __attribute__((defer)) {
    if (recover() != NULL)
      cdefer_result(long) = n;
  }
  for (long i = 0; i < len; i++) {
    dst[i] = src[i];
    n++;
  }
  return n;
}

/* The count, through a deferred call given its address. */
static long saved = -1;
static void save_count(const long *n) {
  if (recover() != NULL)
    saved = *n;
}
static void copy_counting_for_call(unsigned char *dst,
                                   const unsigned char *src, long len) {
  long n = 0;
  __attribute__((defer)) save_count(&n);
  for (long i = 0; i < len; i++) {
    dst[i] = src[i];
    n++;
  }
}

/* The count in the result itself, written by the body (a named result). */
static long copy_counting_in_result(unsigned char *dst,
                                    const unsigned char *src, long len) {
  __attribute__((defer)) { recover(); }
  cdefer_result(long) = 0;
  for (long i = 0; i < len; i++) {
    dst[i] = src[i];
    cdefer_result(long) += 1;
  }
  return cdefer_result(long);
}

int main(void) {
  cdefer_enable_fault_panics();
  long page = sysconf(_SC_PAGESIZE), len = 16 * page;
  unsigned char *data = mmap(NULL, len, PROT_READ | PROT_WRITE,
                             MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
  static unsigned char src[1 << 20];
  if (data == MAP_FAILED || mprotect(data + len / 2, len / 4, PROT_NONE) != 0)
    return 1;
  long want = len / 2 - 5;
  long got = copy_counting_in_local(data + 5, src, len);
  printf("local: %s\n", got == want ? "exact" : "WRONG");
  got = copy_counting_in_result(data + 5, src, len);
  printf("result: %s\n", got == want ? "exact" : "WRONG");
  copy_counting_for_call(data + 5, src, len);
  printf("call: %s\n", saved == want ? "exact" : "WRONG");
  return 0;
}

// CHECK:      local: exact
// CHECK-NEXT: result: exact
// CHECK-NEXT: call: exact
// CHECK-NOT:  {{.}}
