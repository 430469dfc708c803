/* fatal.c - the runtime's last word.
 *
 * cdefer_fatal reports a condition the runtime cannot recover from (out of
 * memory for a record, a broken invariant) and ends the process with
 * abort(), so that a core dump or an attached debugger shows the state at the
 * point of failure. No deferred call runs.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void cdefer_fatal(const char *fmt, ...) {
  va_list ap;
  fputs("cdefer: fatal error: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fflush(stderr);
  abort();
}
