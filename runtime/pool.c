/* pool.c - the per-task pool of defer records.
 *
 * A defer statement inside a loop takes a record from the pool of the task
 * that runs it (__cdefer_alloc_record) and gives it back once the deferred
 * call has run. Records are grouped by total size (header + payload) into
 * classes of 64, 128, 256, 512 and 1024 bytes; each class keeps a free list
 * of at most CDEFER_POOL_CAP(class) records (64 KiB of them), chained through
 * their link fields.
 * Larger records get no class and go straight to malloc and free.
 *
 * Invariants:
 *  - Every record handed out is 16-byte aligned (so its payload is too), has
 *    size_class set to its class or CDEFER_NO_SIZE_CLASS, link cleared and
 *    flags = CDEFER_RECORD_POOLED; frame and run are the taker's to set.
 *  - A record given back is no longer on any defer chain (link == NULL;
 *    checked when NDEBUG is not defined). From then on its link field belongs
 *    to the free list.
 *  - pool.cached[c] is the length of pool.free[c], never above the cap.
 *  - A pool caches nothing unless task->pool_reclaim_armed, so cached memory
 *    is always freed when the task goes away.
 *  - Running out of memory is fatal: no NULL is returned, no chain is left
 *    half-updated.
 */
#include "internal.h"

#include <stdlib.h>

static uint32_t size_class_of(size_t total) {
  if (total <= CDEFER_POOL_MIN_SIZE)
    return 0;
  /* The smallest c with total <= 64 << c. */
  uint32_t c = (uint32_t)(64 - __builtin_clzll((unsigned long long)total - 1)) -
               (uint32_t)__builtin_ctz(CDEFER_POOL_MIN_SIZE);
  return c < CDEFER_POOL_NCLASSES ? c : CDEFER_NO_SIZE_CLASS;
}

static size_t class_size(uint32_t c) {
  return (size_t)CDEFER_POOL_MIN_SIZE << c;
}

static struct __cdefer_record *allocate(size_t payload_size, size_t total,
                                        uint32_t cls) {
  size_t bytes = cls == CDEFER_NO_SIZE_CLASS ? (total + 15) & ~(size_t)15
                                             : class_size(cls);
  void *mem = NULL;
  if (posix_memalign(&mem, 16, bytes) != 0)
    cdefer_fatal("out of memory allocating a defer record of %zu bytes",
                 payload_size);
  return mem;
}

/* What the fast path of cdefer_pool_get leaves: a class with an empty free
 * list, no class, or checking mode. */
static __attribute__((noinline)) struct __cdefer_record *
get_new_or_cached(struct cdefer_task *task, size_t payload_size,
                  uint32_t cls) {
  if (payload_size > SIZE_MAX - sizeof(struct __cdefer_record) - 15)
    cdefer_fatal("out of memory allocating a defer record of %zu bytes",
                 payload_size);
  struct __cdefer_record *rec;
  if (cls != CDEFER_NO_SIZE_CLASS && task->pool.free[cls] != NULL) {
    rec = task->pool.free[cls];
    task->pool.free[cls] = rec->link;
    task->pool.cached[cls]--;
  } else {
    rec = allocate(payload_size,
                   sizeof(struct __cdefer_record) + payload_size, cls);
  }
  rec->link = NULL;
  rec->flags = CDEFER_RECORD_POOLED;
  rec->size_class = cls;
  if (__builtin_expect(cdefer_checking, 0))
    cdefer_check_pool_get(task, rec);
  return rec;
}

struct __cdefer_record *cdefer_pool_get(struct cdefer_task *task,
                                        size_t payload_size) {
  uint32_t cls =
      payload_size <= CDEFER_POOL_MIN_SIZE << (CDEFER_POOL_NCLASSES - 1)
          ? size_class_of(sizeof(struct __cdefer_record) + payload_size)
          : CDEFER_NO_SIZE_CLASS;
  struct __cdefer_record *rec;
  if (cls == CDEFER_NO_SIZE_CLASS || (rec = task->pool.free[cls]) == NULL ||
      __builtin_expect(cdefer_checking, 0))
    return get_new_or_cached(task, payload_size, cls);
  task->pool.free[cls] = rec->link;
  task->pool.cached[cls]--;
  /* frame and run are the caller's to set (generated code sets both before
   * it pushes the record). */
  rec->link = NULL;
  rec->flags = CDEFER_RECORD_POOLED;
  rec->size_class = cls;
  return rec;
}

static void check_returned(const struct __cdefer_record *rec) {
#ifndef NDEBUG
  if (rec->link != NULL)
    cdefer_fatal("defer record %p returned to the pool while still linked",
                 (const void *)rec);
  if (!(rec->flags & CDEFER_RECORD_POOLED))
    cdefer_fatal("stack defer record %p returned to the pool",
                 (const void *)rec);
  if (rec->size_class >= CDEFER_POOL_NCLASSES &&
      rec->size_class != CDEFER_NO_SIZE_CLASS)
    cdefer_fatal("defer record %p has a corrupt size class %u",
                 (const void *)rec, (unsigned)rec->size_class);
#else
  (void)rec;
#endif
}

/* What the fast path of cdefer_pool_put leaves: a full or unclassed list,
 * a task whose reclaim is not armed yet, or checking mode. */
static __attribute__((noinline)) void put_slow(struct cdefer_task *task,
                                               struct __cdefer_record *rec) {
  if (__builtin_expect(cdefer_checking, 0))
    cdefer_check_pool_put(task, rec);
  uint32_t cls = rec->size_class;
  if (cls >= CDEFER_POOL_NCLASSES ||
      task->pool.cached[cls] >= CDEFER_POOL_CAP(cls) ||
      !(task->pool_reclaim_armed || cdefer_task_arm_reclaim(task))) {
    free(rec);
    return;
  }
  rec->link = task->pool.free[cls];
  task->pool.free[cls] = rec;
  task->pool.cached[cls]++;
}

void cdefer_pool_put(struct cdefer_task *task, struct __cdefer_record *rec) {
  check_returned(rec);
  uint32_t cls = rec->size_class;
  if (cls >= CDEFER_POOL_NCLASSES ||
      task->pool.cached[cls] >= CDEFER_POOL_CAP(cls) ||
      !task->pool_reclaim_armed || __builtin_expect(cdefer_checking, 0)) {
    put_slow(task, rec);
    return;
  }
  rec->link = task->pool.free[cls];
  task->pool.free[cls] = rec;
  task->pool.cached[cls]++;
}

void cdefer_pool_drain(struct cdefer_task *task) {
  for (uint32_t c = 0; c < CDEFER_POOL_NCLASSES; c++) {
    struct __cdefer_record *rec = task->pool.free[c];
    while (rec != NULL) {
      struct __cdefer_record *next = rec->link;
      free(rec);
      rec = next;
    }
    task->pool.free[c] = NULL;
    task->pool.cached[c] = 0;
  }
}

size_t cdefer_pool_payload_capacity(const struct __cdefer_record *rec) {
  if (rec->size_class == CDEFER_NO_SIZE_CLASS)
    return 0;
  return class_size(rec->size_class) - sizeof(struct __cdefer_record);
}
