/* fiber_sched.h - a small ucontext fiber scheduler for the fiber tests.
 *
 * Header-only (static functions), one scheduler per process, used from one
 * thread. Each fiber has its own 256 KiB stack (mmap, with a guard page at
 * the bottom) and its own cdefer task (cdefer_task_create); every stack
 * switch first makes the target's task current (cdefer_task_switch), as
 * defer.h asks of a fiber library. The thread's own context (main, running
 * fiber_run) keeps the thread's own task (NULL).
 *
 *   struct fiber *f = fiber_spawn("name", fn, arg);   ready to run
 *   fiber_run();           runs ready fibers round-robin until none is ready
 *   fiber_yield();         (in a fiber) lets the next ready fiber run
 *   fiber_park();          (in a fiber) stops until fiber_wake(f); a fiber
 *                          never woken is abandoned
 *   fiber_self();          the running fiber, NULL in the thread's context
 *   fiber_check_owner(f, what);  prints a BAD line unless f is running with
 *                          its own task current
 *   fiber_destroy(f);      frees a fiber that is not running; returns what
 *                          cdefer_task_destroy returned (the pending chained
 *                          deferred calls of an abandoned fiber)
 *
 * A fiber that returns from its function is done; control passes to the
 * next ready fiber, or back to fiber_run when none is. Round-robin order is
 * spawn order, starting after the fiber that yields.
 *
 * The scheduler checks on every resume that the current cdefer task is the
 * resumed fiber's (or the thread's own in fiber_run), and tells cdefer's
 * checking mode (cdefer_task_set_stack), ASan (fiber annotations) and
 * valgrind (stack registration) about the stacks.
 */
#ifndef CDEFER_TEST_FIBER_SCHED_H
#define CDEFER_TEST_FIBER_SCHED_H

#include <defer.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FIBER_ASAN 1
#endif
#endif
#ifdef FIBER_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define FIBER_VALGRIND 1
#endif
#endif

/* Not every test uses every function. */
#define FIBER_FN static __attribute__((unused))

#define FIBER_STACK_SIZE (256 * 1024)
#define FIBER_MAX 32

enum fiber_state { FIBER_READY, FIBER_PARKED, FIBER_DONE };

struct fiber {
  const char *name;
  void (*fn)(void *);
  void *arg;
  enum fiber_state state;
  int index;           /* spawn order */
  cdefer_task_t *task; /* this fiber's cdefer task */
  ucontext_t context;
  void *map;           /* the mapping: guard page + stack */
  size_t map_size;
  unsigned valgrind_id;
  void *asan_fake_stack;
};

static struct {
  struct fiber *fibers[FIBER_MAX];
  int count;
  struct fiber *current; /* NULL: the thread's own context */
  ucontext_t main_context;
  const void *main_stack_bottom; /* learnt at the first switch (ASan) */
  size_t main_stack_size;
  void *main_fake_stack;
  struct fiber *switched_from; /* who switched last (ASan bookkeeping) */
} fiber__sched;

__attribute__((noreturn, format(printf, 1, 2))) static void
fiber__fatal(const char *fmt, ...) {
  va_list ap;
  fflush(stdout);
  fputs("fiber_sched: fatal: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  abort();
}

FIBER_FN struct fiber *fiber_self(void) { return fiber__sched.current; }

FIBER_FN const char *fiber_name(void) {
  return fiber__sched.current ? fiber__sched.current->name : "main";
}

/* Prints a BAD line unless code that owner's deferred call runs (what) is
 * running on owner, with owner's task current. */
FIBER_FN void fiber_check_owner(struct fiber *owner, const char *what) {
  if (fiber__sched.current != owner || cdefer_task_current() != owner->task)
    printf("BAD: %s of %s runs on %s\n", what, owner->name, fiber_name());
}

/* Called on the side that was switched to, right after the switch. */
static void fiber__arrived(struct fiber *self) {
#ifdef FIBER_ASAN
  const void *old_bottom = NULL;
  size_t old_size = 0;
  __sanitizer_finish_switch_fiber(self ? self->asan_fake_stack
                                       : fiber__sched.main_fake_stack,
                                  &old_bottom, &old_size);
  if (fiber__sched.switched_from == NULL &&
      fiber__sched.main_stack_bottom == NULL) {
    fiber__sched.main_stack_bottom = old_bottom;
    fiber__sched.main_stack_size = old_size;
  }
#endif
  cdefer_task_t *want = self ? self->task : NULL;
  if (cdefer_task_current() != want)
    fiber__fatal("resumed %s on the wrong cdefer task",
                 self ? self->name : "main");
}

/* Switches from the running context to `to` (NULL: the thread's context).
 * `exiting` is true when the running fiber will never be resumed. */
static void fiber__switch(struct fiber *to, int exiting) {
  struct fiber *from = fiber__sched.current;
  if (to == from)
    return;
  cdefer_task_t *was = cdefer_task_switch(to ? to->task : NULL);
  if (was != (from ? from->task : NULL))
    fiber__fatal("cdefer_task_switch returned the wrong previous task");
  fiber__sched.current = to;
  fiber__sched.switched_from = from;
#ifdef FIBER_ASAN
  void **fake = exiting ? NULL
                        : from ? &from->asan_fake_stack
                               : &fiber__sched.main_fake_stack;
  if (to)
    __sanitizer_start_switch_fiber(fake,
                                   (char *)to->map + sysconf(_SC_PAGESIZE),
                                   to->map_size - sysconf(_SC_PAGESIZE));
  else
    __sanitizer_start_switch_fiber(fake, fiber__sched.main_stack_bottom,
                                   fiber__sched.main_stack_size);
#else
  (void)exiting;
#endif
  ucontext_t *save = from ? &from->context : &fiber__sched.main_context;
  ucontext_t *load = to ? &to->context : &fiber__sched.main_context;
  if (swapcontext(save, load) != 0)
    fiber__fatal("swapcontext failed");
  fiber__arrived(from);
}

/* The next ready fiber after the running one, in spawn order; the running
 * fiber itself comes last. NULL if none is ready. */
static struct fiber *fiber__next_ready(void) {
  int start = fiber__sched.current ? fiber__sched.current->index + 1 : 0;
  for (int i = 0; i < fiber__sched.count; i++) {
    struct fiber *f = fiber__sched.fibers[(start + i) % fiber__sched.count];
    if (f != NULL && f->state == FIBER_READY)
      return f;
  }
  return NULL;
}

static void fiber__trampoline(void) {
  struct fiber *self = fiber__sched.current;
  fiber__arrived(self);
  self->fn(self->arg);
  self->state = FIBER_DONE;
  fiber__switch(fiber__next_ready(), 1);
  fiber__fatal("a finished fiber was resumed");
}

FIBER_FN struct fiber *fiber_spawn(const char *name, void (*fn)(void *),
                                 void *arg) {
  if (fiber__sched.count == FIBER_MAX)
    fiber__fatal("too many fibers");
  struct fiber *f = calloc(1, sizeof *f);
  if (f == NULL)
    fiber__fatal("out of memory");
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  f->map_size = FIBER_STACK_SIZE + page;
  f->map = mmap(NULL, f->map_size, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (f->map == MAP_FAILED)
    fiber__fatal("cannot map a fiber stack");
  if (mprotect(f->map, page, PROT_NONE) != 0)
    fiber__fatal("cannot protect a fiber's guard page");
  f->task = cdefer_task_create();
  if (f->task == NULL)
    fiber__fatal("cdefer_task_create failed");
  /* For the checking mode (CDEFER_CHECK=1): stack records of this task
   * must lie on this stack. */
  cdefer_task_set_stack(f->task, (char *)f->map + page, FIBER_STACK_SIZE);
  f->name = name;
  f->fn = fn;
  f->arg = arg;
  f->state = FIBER_READY;
  f->index = fiber__sched.count;
  if (getcontext(&f->context) != 0)
    fiber__fatal("getcontext failed");
  f->context.uc_stack.ss_sp = (char *)f->map + page;
  f->context.uc_stack.ss_size = FIBER_STACK_SIZE;
  f->context.uc_link = NULL; /* the trampoline never returns */
#ifdef FIBER_VALGRIND
  f->valgrind_id = VALGRIND_STACK_REGISTER(
      (char *)f->map + page, (char *)f->map + f->map_size);
#endif
  makecontext(&f->context, fiber__trampoline, 0);
  fiber__sched.fibers[fiber__sched.count++] = f;
  return f;
}

/* Runs ready fibers until none is ready; returns in the thread's context. */
FIBER_FN void fiber_run(void) {
  if (fiber__sched.current != NULL)
    fiber__fatal("fiber_run called from a fiber");
  struct fiber *f;
  while ((f = fiber__next_ready()) != NULL)
    fiber__switch(f, 0);
}

/* Lets the next ready fiber run; returns when this one is scheduled again. */
FIBER_FN void fiber_yield(void) {
  if (fiber__sched.current == NULL)
    fiber__fatal("fiber_yield called outside a fiber");
  fiber__switch(fiber__next_ready(), 0);
}

/* Stops the running fiber until fiber_wake. */
FIBER_FN void fiber_park(void) {
  struct fiber *self = fiber__sched.current;
  if (self == NULL)
    fiber__fatal("fiber_park called outside a fiber");
  self->state = FIBER_PARKED;
  fiber__switch(fiber__next_ready(), 0);
}

FIBER_FN void fiber_wake(struct fiber *f) {
  if (f->state == FIBER_PARKED)
    f->state = FIBER_READY;
}

/* Frees a fiber that is not running. Returns the number of chained deferred
 * calls its task still had (cdefer_task_destroy reports them on stderr). */
FIBER_FN size_t fiber_destroy(struct fiber *f) {
  if (f == fiber__sched.current)
    fiber__fatal("fiber_destroy of the running fiber");
  size_t pending = cdefer_task_destroy(f->task);
#ifdef FIBER_VALGRIND
  VALGRIND_STACK_DEREGISTER(f->valgrind_id);
#endif
  munmap(f->map, f->map_size);
  fiber__sched.fibers[f->index] = NULL;
  free(f);
  return pending;
}

#endif /* CDEFER_TEST_FIBER_SCHED_H */
