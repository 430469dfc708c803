/* check.c - the checking mode (CDEFER_CHECK=1 in the environment).
 *
 * Verifies SPEC.md's invariant 9 while the program runs: every defer record
 * is reachable only from the task that made it. In checking mode the runtime
 * keeps a registry of all tasks, each with the bounds of its stack (a thread's
 * from pthread_getattr_np, a fiber's from cdefer_task_set_stack) and the set
 * of pooled records it has handed out and not yet taken back. Then:
 *  - on push, pop and run, a record must be one of the current task's pooled
 *    records, or lie on the current task's stack in a live frame (at or above
 *    the stack pointer);
 *  - on push, it must not be on the chain already;
 *  - on return to the pool, it must be unlinked and one of that task's;
 *  - on panic, every record on the task's chain must belong to the task.
 * A violation is a fatal error that names the record, the current task and
 * the task the record belongs to (found through the registry).
 *
 * Invariants: the registry is touched under registry_lock only; a task's
 * pooled-record set only by code running on that task. Outside checking
 * mode none of this runs (one predictable branch per entry point).
 */
#define _GNU_SOURCE
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

bool cdefer_checking;

__attribute__((constructor)) static void read_switch(void) {
  const char *value = getenv("CDEFER_CHECK");
  cdefer_checking = value != NULL && value[0] != '\0' && strcmp(value, "0");
}

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cdefer_task *registry;

/* --- The set of a task's outstanding pooled records (open addressing) --- */

#define TOMBSTONE ((const void *)1)

static size_t slot_of(const void *p, size_t mask) {
  uintptr_t h = (uintptr_t)p >> 4;
  h ^= h >> 17;
  h *= 0x9e3779b97f4a7c15ull;
  return (size_t)(h >> 20) & mask;
}

static void set_grow(struct cdefer_check_set *set);

static void set_insert(struct cdefer_check_set *set, const void *p) {
  if ((set->used + 1) * 2 > set->capacity)
    set_grow(set);
  size_t mask = set->capacity - 1;
  for (size_t i = slot_of(p, mask);; i = (i + 1) & mask)
    if (set->slots[i] == NULL || set->slots[i] == TOMBSTONE) {
      if (set->slots[i] == NULL)
        set->used++;
      set->slots[i] = p;
      return;
    }
}

static void set_grow(struct cdefer_check_set *set) {
  struct cdefer_check_set old = *set;
  set->capacity = old.capacity ? old.capacity * 2 : 64;
  set->slots = calloc(set->capacity, sizeof *set->slots);
  set->used = 0;
  if (set->slots == NULL)
    cdefer_fatal("checking mode: out of memory");
  for (size_t i = 0; i < old.capacity; i++)
    if (old.slots[i] != NULL && old.slots[i] != TOMBSTONE)
      set_insert(set, old.slots[i]);
  free(old.slots);
}

static const void **set_find(const struct cdefer_check_set *set,
                             const void *p) {
  if (set->capacity == 0)
    return NULL;
  size_t mask = set->capacity - 1;
  for (size_t i = slot_of(p, mask); set->slots[i] != NULL; i = (i + 1) & mask)
    if (set->slots[i] == p)
      return &set->slots[i];
  return NULL;
}

/* --- Tasks ---------------------------------------------------------------- */

void cdefer_check_register(struct cdefer_task *task, bool thread_stack) {
  if (thread_stack) {
    pthread_attr_t attr;
    void *base;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      if (pthread_attr_getstack(&attr, &base, &size) == 0) {
        task->stack_lo = (uintptr_t)base;
        task->stack_hi = (uintptr_t)base + size;
      }
      pthread_attr_destroy(&attr);
    }
  }
  pthread_mutex_lock(&registry_lock);
  task->check_next = registry;
  registry = task;
  pthread_mutex_unlock(&registry_lock);
}

void cdefer_check_unregister(struct cdefer_task *task) {
  pthread_mutex_lock(&registry_lock);
  for (struct cdefer_task **t = &registry; *t != NULL; t = &(*t)->check_next)
    if (*t == task) {
      *t = task->check_next;
      break;
    }
  pthread_mutex_unlock(&registry_lock);
  free(task->check_pooled.slots);
  memset(&task->check_pooled, 0, sizeof task->check_pooled);
}

static bool on_stack_of(const struct cdefer_task *task, const void *p) {
  uintptr_t a = (uintptr_t)p;
  return task->stack_hi != 0 && a >= task->stack_lo && a < task->stack_hi;
}

static bool owns(const struct cdefer_task *task, const void *rec) {
  return set_find(&task->check_pooled, rec) != NULL || on_stack_of(task, rec);
}

/* The task a record belongs to, by its pool or its stack; NULL if none. */
static struct cdefer_task *owner_of(const void *rec) {
  struct cdefer_task *found = NULL;
  pthread_mutex_lock(&registry_lock);
  for (struct cdefer_task *t = registry; t != NULL && !found; t = t->check_next)
    if (owns(t, rec))
      found = t;
  pthread_mutex_unlock(&registry_lock);
  return found;
}

static _Noreturn void violation(const char *what,
                                const struct __cdefer_record *rec,
                                const struct cdefer_task *task) {
  cdefer_fatal("checking mode: defer record %p %s on task %p, but it "
               "belongs to %s%p",
               (const void *)rec, what, (const void *)task,
               owner_of(rec) ? "task " : "no task ", (void *)owner_of(rec));
}

/* AddressSanitizer with detect_stack_use_after_return moves locals, stack
 * records among them, to a per-thread "fake stack" on the heap. Such a
 * record is in a live frame of this thread, but which task's frame cannot
 * be told. */
extern void *__asan_get_current_fake_stack(void) __attribute__((weak));
extern void *__asan_addr_is_in_fake_stack(void *fake_stack, void *addr,
                                          void **beg, void **end)
    __attribute__((weak));

static bool in_asan_fake_stack(const void *p) {
  if (!__asan_get_current_fake_stack || !__asan_addr_is_in_fake_stack)
    return false;
  void *fake_stack = __asan_get_current_fake_stack();
  return fake_stack != NULL &&
         __asan_addr_is_in_fake_stack(fake_stack, (void *)p, NULL, NULL);
}

void cdefer_check_record(const char *what, struct cdefer_task *task,
                         const struct __cdefer_record *rec) {
  if (rec->flags & CDEFER_RECORD_POOLED) {
    if (set_find(&task->check_pooled, rec) == NULL)
      violation(what, rec, task);
    return;
  }
  /* A stack record: on this task's stack, in a live frame. When the task's
   * stack is unknown (a fiber without cdefer_task_set_stack), at least on
   * no other task's stack. */
  if (in_asan_fake_stack(rec))
    return;
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  if (task->stack_hi != 0 ? !on_stack_of(task, rec) || (uintptr_t)rec < sp
                          : owner_of(rec) != NULL)
    violation(what, rec, task);
}

void cdefer_check_push(struct cdefer_task *task,
                       const struct __cdefer_record *rec) {
  cdefer_check_record("pushed", task, rec);
  for (const struct __cdefer_record *r = task->defers; r != NULL; r = r->link)
    if (r == rec)
      cdefer_fatal("checking mode: defer record %p pushed twice on task %p",
                   (const void *)rec, (void *)task);
}

void cdefer_check_pool_get(struct cdefer_task *task,
                           const struct __cdefer_record *rec) {
  set_insert(&task->check_pooled, rec);
}

void cdefer_check_pool_put(struct cdefer_task *task,
                           const struct __cdefer_record *rec) {
  if (rec->link != NULL)
    cdefer_fatal("checking mode: defer record %p returned to the pool of "
                 "task %p while still linked",
                 (const void *)rec, (void *)task);
  const void **slot = set_find(&task->check_pooled, rec);
  if (slot == NULL)
    violation("returned to the pool", rec, task);
  *slot = TOMBSTONE;
}

void cdefer_check_panic(struct cdefer_task *task) {
  for (const struct __cdefer_record *r = task->defers; r != NULL; r = r->link)
    cdefer_check_record("pending at a panic", task, r);
}

void cdefer_task_set_stack(cdefer_task_t *task, void *base, size_t size) {
  task->stack_lo = (uintptr_t)base;
  task->stack_hi = (uintptr_t)base + size;
}
