/* thread_exit.c - pthread_exit runs the thread's pending deferred calls.
 *
 * glibc's pthread_exit unwinds with libgcc's unwinder, which must not run
 * over landing pads whose code calls LLVM's libunwind (_Unwind_Resume).
 * cdefer therefore interposes pthread_exit: it unwinds the thread with a
 * thread-exit record on libunwind (landing pads run the deferred calls as on
 * a normal return; recover() returns NULL, like Go's Goexit), and at the end
 * of the stack hands over to the C library's pthread_exit. That one unwinds
 * again, with libgcc's unwinder; to keep it away from the frames physically
 * above (which have landing pads calling libunwind), the call is made from
 * unwind_barrier, whose return address the unwind tables declare undefined:
 * libgcc sees the end of the stack right there, and glibc then longjmps to
 * the thread's start routine (or __libc_start_call_main) to end the thread.
 *
 * As with Go's Goexit, the exit cannot be cancelled: a deferred call that
 * panics during it, its panic recovered by a deferred call further out,
 * does not make the recovering function return; the thread exit goes on
 * from there (panic.c, cdefer_finish_recovered). The record is never
 * reported: an unrecovered panic during a thread exit is reported as if
 * the record were not there, as Go prints it.
 *
 * Invariants:
 *  - The thread-exit record is on the exiting thread's panic chain only
 *    while that thread unwinds, and is freed before the real pthread_exit,
 *    with the older panics below it (they can never resume).
 */
#define _GNU_SOURCE
#include "internal.h"

#include <dlfcn.h>
#include <pthread.h>

typedef void (*pthread_exit_fn)(void *) __attribute__((noreturn));

/* unwind_barrier(fn, arg) calls fn(arg) on the current stack; no unwinder
 * gets past it. */
_Noreturn void cdefer_unwind_barrier(pthread_exit_fn fn, void *arg);
__asm__(".text\n"
        ".p2align 4\n"
        ".hidden cdefer_unwind_barrier\n"
        ".type cdefer_unwind_barrier, @function\n"
        "cdefer_unwind_barrier:\n"
        "  .cfi_startproc\n"
        "  .cfi_undefined rip\n"
        "  andq $-16, %rsp\n"
        "  movq %rdi, %rax\n"
        "  movq %rsi, %rdi\n"
        "  callq *%rax\n"
        "  ud2\n"
        "  .cfi_endproc\n"
        ".size cdefer_unwind_barrier, .-cdefer_unwind_barrier\n");

static pthread_exit_fn real_pthread_exit(void) {
  static _Atomic(pthread_exit_fn) real;
  pthread_exit_fn fn = real;
  if (fn == NULL) {
    fn = (pthread_exit_fn)dlsym(RTLD_NEXT, "pthread_exit");
    if (fn == NULL)
      cdefer_fatal("cannot find the C library's pthread_exit: %s", dlerror());
    real = fn;
  }
  return fn;
}

CDEFER_ABI void pthread_exit(void *value) {
  struct cdefer_task *task = cdefer_current_task();
  struct cdefer_panic *p = cdefer_panic_new(task, CDEFER_PANIC_THREAD_EXIT);
  p->thread_exit_value = value;
  p->inline_message[0] = '\0';
  p->message = p->inline_message;
  cdefer_panic_link(p, (uintptr_t)__builtin_dwarf_cfa());
  cdefer_start_unwind(p);
}

void cdefer_thread_exit_finish(struct cdefer_panic *p) {
  struct cdefer_task *task = p->task;
  void *value = p->thread_exit_value;
  if (task->panics != p)
    cdefer_fatal("thread-exit record %p is not the newest of its task",
                 (void *)p);
  /* Older panics (pthread_exit was called by a deferred call of theirs)
   * were aborted by the walk, or lie beyond where it stopped: none can
   * resume once the thread is gone. */
  do {
    struct cdefer_panic *older = p->link;
    task->panics = older;
    cdefer_panic_free(p);
    p = older;
  } while (p != NULL);
  cdefer_unwind_barrier(real_pthread_exit(), value);
}
