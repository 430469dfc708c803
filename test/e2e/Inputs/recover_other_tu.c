/* Compiled with cdefer-cc -c for recover_helper_in_other_translation_unit.c:
 * functions that call recover(), and tail-call-shaped functions, in a
 * translation unit of their own, so the compiler of the caller cannot see
 * that the callee recovers. */
#include <defer.h>
#include <stdio.h>

static void report(const char *who, const cdefer_panic_t *p) {
  printf("%s: %s\n", who, p ? cdefer_panic_message(p) : "NULL");
}

/* Deferred directly by the other TU: recovers. */
void other_tu_recovers(void) { report("  other TU, deferred directly", recover()); }

/* Called by a deferred function of the other TU: must not recover. */
void other_tu_helper(void) {
  const cdefer_panic_t *p = recover();
  report("  other TU, helper", p);
}

/* Deferred by the other TU; tail-calls a helper defined over there. */
void main_tu_helper(void);
void other_tu_tail_shaped(void) { main_tu_helper(); }
