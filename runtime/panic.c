/* panic.c - panic, recover and the unrecovered-panic report.
 *
 * In this build panics are not yet unwound: cdefer_panic formats its message,
 * reports it as an unrecovered panic and ends the process with status 2
 * without running any deferred call; cdefer_recover has nothing to recover.
 *
 * Invariants:
 *  - A panic's message is formatted once, when the panic starts, and owned
 *    by its struct cdefer_panic.
 *  - Output the program wrote before the panic is flushed before the report,
 *    so it comes first; atexit handlers and deferred calls do not run.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static char *format_message(const char *fmt, va_list ap) {
  va_list probe;
  va_copy(probe, ap);
  int len = vsnprintf(NULL, 0, fmt, probe);
  va_end(probe);
  if (len < 0)
    return NULL;
  char *message = malloc((size_t)len + 1);
  if (message != NULL)
    vsnprintf(message, (size_t)len + 1, fmt, ap);
  return message;
}

/* Writes the panic chain oldest first, as Go does. */
static void print_chain(const struct cdefer_panic *p) {
  if (p == NULL)
    return;
  print_chain(p->link);
  fprintf(stderr, "%spanic: %s\n", p->link != NULL ? "\t" : "",
          p->message != NULL ? p->message : "(message lost: out of memory)");
}

static _Noreturn void die_unrecovered(const struct cdefer_panic *p) {
  fflush(NULL);
  print_chain(p);
  fputs("cdefer: panic/recover are not supported yet in this build; "
        "deferred calls were not run\n",
        stderr);
  fflush(stderr);
  _Exit(2);
}

void cdefer_panic(const char *fmt, ...) {
  struct cdefer_panic p = {.link = NULL, .message = NULL};
  if (fmt == NULL)
    fmt = "panic called with a NULL format";
  va_list ap;
  va_start(ap, fmt);
  p.message = format_message(fmt, ap);
  va_end(ap);
  die_unrecovered(&p);
}

const cdefer_panic_t *cdefer_recover(void) { return NULL; }

const char *cdefer_panic_message(const cdefer_panic_t *p) {
  if (p == NULL || p->message == NULL)
    return "";
  return p->message;
}
