/* task.c - which task is running, and what happens to it when its thread
 * exits.
 *
 * A task owns a defer chain, a panic chain and a record pool. Every thread
 * starts on its own default task, a zero-initialised _Thread_local struct
 * that the thread's current-task pointer is attached to on first use. The
 * pointer is a separate _Thread_local so that a fiber library can later
 * switch it to a task of its own.
 *
 * Invariants:
 *  - cdefer_tls_task is NULL or points at a task whose memory outlives its
 *    use as the current task.
 *  - A default task whose pool holds cached records has its thread-exit hook
 *    armed: a pthread key whose value is the task and whose destructor drains
 *    the pool. The hook frees only pooled memory; records still on the defer
 *    chain when the thread exits are pending defers that can no longer run,
 *    and are left alone (a leak, not a corruption).
 *  - The hook can be re-armed after it has run (a later key destructor may
 *    use defers again); POSIX runs destructors again for keys set during
 *    destruction, up to PTHREAD_DESTRUCTOR_ITERATIONS rounds.
 */
#include "internal.h"

#include <pthread.h>

CDEFER_HIDDEN _Thread_local struct cdefer_task *cdefer_tls_task;

static _Thread_local struct cdefer_task default_task;

static pthread_once_t reclaim_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t reclaim_key;
static int reclaim_key_error;

static void reclaim_at_thread_exit(void *arg) {
  struct cdefer_task *task = arg;
  cdefer_pool_drain(task);
  task->pool_reclaim_armed = false;
}

static void create_reclaim_key(void) {
  reclaim_key_error = pthread_key_create(&reclaim_key, reclaim_at_thread_exit);
}

struct cdefer_task *cdefer_task_attach_default(void) {
  cdefer_tls_task = &default_task;
  return &default_task;
}

bool cdefer_task_arm_reclaim(struct cdefer_task *task) {
  if (task != &default_task)
    cdefer_fatal("a task that is not its thread's default task has no "
                 "owner to reclaim its pool");
  pthread_once(&reclaim_key_once, create_reclaim_key);
  if (reclaim_key_error != 0 || pthread_setspecific(reclaim_key, task) != 0)
    return false;
  task->pool_reclaim_armed = true;
  return true;
}
