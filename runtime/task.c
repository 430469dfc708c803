/* task.c - which task is running, and what happens to it when its thread
 * exits.
 *
 * A task owns a defer chain, a panic chain and a record pool. Every thread
 * starts on its own default task, a zero-initialised _Thread_local struct
 * that the thread's current-task pointer is attached to on first use. The
 * pointer is a separate _Thread_local so that a fiber library can switch it
 * to a task of its own (cdefer_task_switch) whenever it switches stacks.
 *
 * Invariants:
 *  - cdefer_tls_task is NULL or points at a task whose memory outlives its
 *    use as the current task.
 *  - A default task whose pool holds cached records has its thread-exit hook
 *    armed: a pthread key whose value is the task and whose destructor drains
 *    the pool (and the spare panic, and any panic whose making a newer
 *    panic abandoned). The hook frees only that memory; records still on
 *    the defer chain when the thread exits are pending defers that can no
 *    longer run, and are left alone (a leak, not a corruption).
 *  - A task made by cdefer_task_create belongs to its creator, who destroys
 *    it when it is not current on any thread; destroying it reports and
 *    unlinks the chained deferred calls still pending on it.
 *  - The hook can be re-armed after it has run (a later key destructor may
 *    use defers again); POSIX runs destructors again for keys set during
 *    destruction, up to PTHREAD_DESTRUCTOR_ITERATIONS rounds.
 */
#include "internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* Initial-exec: the runtime is loaded with the program (not by dlopen), and
 * every defer statement of a chained function reads this. */
CDEFER_HIDDEN _Thread_local struct cdefer_task *cdefer_tls_task
    __attribute__((tls_model("initial-exec")));

static _Thread_local struct cdefer_task default_task
    __attribute__((tls_model("initial-exec")));

static pthread_once_t reclaim_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t reclaim_key;
static int reclaim_key_error;

static void reclaim_at_thread_exit(void *arg) {
  struct cdefer_task *task = arg;
  cdefer_pool_drain(task);
  cdefer_panic_drop_spare(task);
  task->pool_reclaim_armed = false;
  if (cdefer_checking)
    cdefer_check_unregister(task);
}

static void create_reclaim_key(void) {
  reclaim_key_error = pthread_key_create(&reclaim_key, reclaim_at_thread_exit);
}

struct cdefer_task *cdefer_task_attach_default(void) {
  cdefer_tls_task = &default_task;
  cdefer_fault_attach_thread();
  if (cdefer_checking) {
    /* The registry must forget this task when its thread's memory goes. */
    cdefer_check_register(&default_task, true);
    if (!cdefer_task_arm_reclaim(&default_task))
      cdefer_fatal("checking mode: cannot watch the exit of this thread");
  }
  return &default_task;
}

bool cdefer_task_arm_reclaim(struct cdefer_task *task) {
  if (task != &default_task)
    return false; /* nobody would free what it caches */
  pthread_once(&reclaim_key_once, create_reclaim_key);
  if (reclaim_key_error != 0 || pthread_setspecific(reclaim_key, task) != 0)
    return false;
  task->pool_reclaim_armed = true;
  return true;
}

/* --- The task API for fiber and coroutine libraries (defer.h) ----------- */

cdefer_task_t *cdefer_task_create(void) {
  struct cdefer_task *task = calloc(1, sizeof *task);
  if (task == NULL)
    return NULL;
  /* The owner drains the pool: cdefer_task_destroy. */
  task->pool_reclaim_armed = true;
  if (cdefer_checking)
    cdefer_check_register(task, false);
  return task;
}

/* Unlinks the records still pending on a task that will never run them.
 * Stack records live in frames the fiber library is about to free; pooled
 * records go back to the heap. Returns how many there were. */
static size_t discard_pending(struct cdefer_task *task) {
  size_t pending = 0;
  while (task->defers != NULL) {
    struct __cdefer_record *rec = task->defers;
    task->defers = rec->link;
    rec->link = NULL;
    if (rec->flags & CDEFER_RECORD_POOLED)
      cdefer_pool_put(task, rec);
    pending++;
  }
  return pending;
}

size_t cdefer_task_destroy(cdefer_task_t *task) {
  if (task == NULL)
    return 0;
  if (task == cdefer_tls_task || task == &default_task)
    cdefer_fatal("cdefer_task_destroy: task %p is the current task or a "
                 "thread's default task",
                 (void *)task);
  if (task->panics != NULL)
    cdefer_fatal("cdefer_task_destroy: task %p is destroyed in the middle of "
                 "a panic (%s)",
                 (void *)task, task->panics->message);
  size_t pending = discard_pending(task);
  if (pending != 0)
    fprintf(stderr,
            "cdefer: warning: task %p destroyed with %zu pending deferred "
            "call(s); they will not run\n",
            (void *)task, pending);
  cdefer_pool_drain(task);
  cdefer_panic_drop_spare(task);
  if (cdefer_checking)
    cdefer_check_unregister(task);
  free(task);
  return pending;
}

cdefer_task_t *cdefer_task_switch(cdefer_task_t *task) {
  struct cdefer_task *previous = cdefer_current_task();
  cdefer_tls_task = task != NULL ? task : &default_task;
  return previous == &default_task ? NULL : previous;
}

cdefer_task_t *cdefer_task_current(void) {
  struct cdefer_task *task = cdefer_current_task();
  return task == &default_task ? NULL : task;
}
