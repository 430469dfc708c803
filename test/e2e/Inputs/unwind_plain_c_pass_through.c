/* A C translation unit compiled WITHOUT cdefer (plain clang, no plugins,
 * no -fexceptions) for unwind_through_plain_c_cleanup_and_cxx_frames.c: a
 * frame with no defers and no cleanups that a panic must pass through using
 * only its unwind table (x86-64 emits one by default). */
#include <stdio.h>

void plain_pass_through(void (*next)(void)) {
  printf("plain_pass_through calls next\n");
  next();
  printf("NOT REACHED plain_pass_through\n");
}
