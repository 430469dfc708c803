/* goport.h - helpers shared by the C ports of Go's tests in test/go.
 *
 * Owns: die() (Go's runtime.Breakpoint(), which these tests use because
 * they "can't depend on panic"), and unbuffered stdout so that what a port
 * writes to stdout (Go's fmt.Print*) and to stderr (Go's print/println)
 * comes out in the order it was written, as Go's does; the RUN lines merge
 * the two. Every port prints "ok" where the Go program returns from main
 * (see regen-expected.sh). */
#ifndef GOPORT_H
#define GOPORT_H
#include <stdio.h>
#include <stdlib.h>

#define die() __builtin_trap()

__attribute__((constructor)) static void goport_unbuffer_stdout(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
}

#endif
