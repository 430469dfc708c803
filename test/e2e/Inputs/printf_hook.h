/* Shared by the tests of panics raised while a panic message is being
 * formatted: a printf conversion %W whose rendering is the including file's
 * render_w (which panics, or raises a signal whose handler does), and a
 * deferred function that recovers and prints what it got. */
#ifndef CDEFER_TEST_PRINTF_HOOK_H
#define CDEFER_TEST_PRINTF_HOOK_H

#include <defer.h>
#include <printf.h>
#include <stdio.h>

static int render_w(FILE *stream, const struct printf_info *info,
                    const void *const *args);

/* %W takes one int. */
static int arginfo_w(const struct printf_info *info, size_t n, int *types,
                     int *size) {
  (void)info;
  (void)size;
  if (n > 0)
    types[0] = PA_INT;
  return 1;
}

static void register_w(void) {
  register_printf_specifier('W', render_w, arginfo_w);
}

static void recoverer(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

#endif
