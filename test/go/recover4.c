// Port of Go 1.19 test/recover4.go: when a copy loop faults in the middle,
// the deferred function that recovers sees the most recent value of the
// variables it accesses, so memcopy returns the number of bytes copied
// before the fault.
//
// Mapping: debug.SetPanicOnFault(true) -> cdefer_enable_fault_panics();
// Go's named results (n int, err error) -> cdefer_result(struct
// memcopy_result): the loop increments its n in the body as Go's does, the
// deferred block sets its err, and the bare `return` returns it (their
// zero values, which Go gives named results, are stored first). At -O2 the
// loop makes no call, so this checks that a result the body writes is in
// memory when a fault stops the loop (docs/limits.md, "What the deferred
// code sees"). `recover().(error)` -> a recovered fault (a panic with a
// signal); err = r -> the panic's message. dst is a pointer to volatile so
// that C's compiler copies byte by byte as Go does (it may not turn the
// loop into memcpy).
// syscall.Mmap/Mprotect -> mmap/mprotect; log.Fatalf -> message + exit 1.
// Expected output: Inputs/recover4.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/recover4.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/recover4.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/recover4.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/recover4.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/recover4.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/recover4.check

#include <defer.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "Inputs/goport.h"

struct memcopy_result {
  long n;
  const char *err;
};

static char errtext[128];

static struct memcopy_result memcopy(volatile unsigned char *dst, long dstlen,
                                     const unsigned char *src, long srclen) {
  cdefer_result(struct memcopy_result) = (struct memcopy_result){0, NULL};
  __attribute__((defer)) {
    const cdefer_panic_t *r = recover();
    if (r != NULL && cdefer_panic_signal(r) != 0) { /* recover().(error) */
      snprintf(errtext, sizeof errtext, "%s", cdefer_panic_message(r));
      cdefer_result(struct memcopy_result).err = errtext;
    }
  }

  for (long i = 0; i < dstlen && i < srclen; i++) {
    dst[i] = src[i];
    cdefer_result(struct memcopy_result).n++;
  }
  return cdefer_result(struct memcopy_result);
}

__attribute__((format(printf, 1, 2))) static void fatalf(const char *fmt,
                                                          ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n");
  exit(1);
}

int main(void) {
  /* Turn the eventual fault into a panic, not a program crash, so that
   * memcopy can recover. */
  cdefer_enable_fault_panics();

  long size = sysconf(_SC_PAGESIZE);

  /* Map 16 pages of data with a 4-page hole in the middle. */
  long len = 16 * size;
  unsigned char *data = mmap(NULL, len, PROT_READ | PROT_WRITE,
                             MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
  if (data == MAP_FAILED)
    fatalf("mmap: %s", strerror(errno));

  /* Create a hole in the mapping that's PROT_NONE. */
  if (mprotect(data + len / 2, len / 4, PROT_NONE) != 0)
    fatalf("mprotect: %s", strerror(errno));

  /* Check that memcopy returns the actual amount copied before the fault. */
  const long offset = 5;
  unsigned char *src = calloc(len, 1);
  struct memcopy_result r = memcopy(data + offset, len - offset, src, len);
  if (r.err == NULL)
    fatalf("no error from memcopy across memory hole");
  long expect = len / 2 - offset;
  if (r.n != expect)
    fatalf("memcopy returned %ld, want %ld", r.n, expect);
  free(src);
  printf("ok\n");
  return 0;
}
