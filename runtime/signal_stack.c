/* signal_stack.c - whether the calling thread runs on its signal stack,
 * without a system call per panic.
 *
 * A panic must not run on a signal stack (SPEC.md section 5): its deferred
 * calls and its unwind would run on memory the kernel reuses for the next
 * signal. The kernel decides "on the signal stack" by the stack pointer and
 * the thread's sigaltstack range, so the runtime keeps that range per
 * thread, read once with sigaltstack(2) and read again after any change: the
 * runtime interposes sigaltstack, the only way to change it besides a raw
 * system call.
 *
 * Invariants:
 *  - A thread's cached range is the one the kernel has for it, or marked
 *    unknown (then it is read before it is used).
 */
#define _GNU_SOURCE
#include "internal.h"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

struct signal_stack_range {
  uintptr_t lo, size; /* size 0 when the thread has none */
  bool known;
};

static _Thread_local struct signal_stack_range signal_stack
    __attribute__((tls_model("initial-exec")));

bool cdefer_on_signal_stack(void) {
  struct signal_stack_range *range = &signal_stack;
  if (!range->known) {
    stack_t current;
    if (syscall(SYS_sigaltstack, NULL, &current) != 0)
      return false;
    if (current.ss_flags & SS_ONSTACK)
      return true;
    range->lo = range->size = 0;
    if (!(current.ss_flags & SS_DISABLE)) {
      range->lo = (uintptr_t)current.ss_sp;
      range->size = current.ss_size;
    }
    range->known = true;
  }
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  /* Overflow-safe: sp below lo wraps to a large difference. */
  return sp - range->lo < range->size;
}

CDEFER_ABI int sigaltstack(const stack_t *restrict ss, stack_t *restrict old) {
  long result = syscall(SYS_sigaltstack, ss, old);
  if (result == 0 && ss != NULL)
    signal_stack.known = false;
  return (int)result;
}
