/* A C translation unit compiled WITHOUT cdefer but with -fexceptions (plain
 * C emits no unwind cleanup for __attribute__((cleanup)) without it), for
 * unwind_through_plain_c_cleanup_and_cxx_frames.c: its cleanup variables
 * must run while a panic unwinds through the frame, innermost scope first. */
#include <stdio.h>

static void plain_cleanup(const char **name) { printf("cleanup %s\n", *name); }

void plain_with_cleanup(void (*next)(void)) {
  __attribute__((cleanup(plain_cleanup))) const char *outer = "plain outer";
  printf("plain_with_cleanup enter\n");
  {
    __attribute__((cleanup(plain_cleanup))) const char *inner = "plain inner";
    next();
    printf("NOT REACHED plain_with_cleanup %s\n", inner);
  }
  printf("NOT REACHED plain_with_cleanup %s\n", outer);
}
