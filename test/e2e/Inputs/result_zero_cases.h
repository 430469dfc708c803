/* Shared by the result_zero_when_*_stops_frame_before_return tests: a stack
 * left dirty by the call before each case, so that a result slot nobody
 * zeroed shows 0x5a bytes, and a deferred recover that says what it got. */
#include <defer.h>
#include <stdio.h>

__attribute__((noinline)) static void dirty_stack(void) {
  volatile unsigned char junk[4096];
  for (int i = 0; i < (int)sizeof junk; i++)
    junk[i] = 0x5a;
}

static void rec(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "nothing");
}

/* Prints the case's title, dirties the stack and prints what CALL returns. */
#define RUN_CASE(title, format, call)                                         \
  do {                                                                         \
    puts(title);                                                               \
    dirty_stack();                                                             \
    printf("returned " format "\n", call);                                     \
  } while (0)
