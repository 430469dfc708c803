/* test_pool.c - the per-task record pool (runtime/pool.c, runtime/task.c). */
#include "internal.h"
#include "unit.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define HEADER sizeof(struct __cdefer_record)

/* A task owned by the test: it drains the pool itself, so it is armed. */
static struct cdefer_task task;

static void setup_task(void) {
  memset(&task, 0, sizeof task);
  task.pool_reclaim_armed = true;
}

static void teardown_task(void) { cdefer_pool_drain(&task); }

static void test_fields_after_get(void) {
  static const struct {
    size_t payload;
    uint32_t size_class;
  } cases[] = {
      {0, 0},
      {1, 0},
      {64 - HEADER, 0},
      {64 - HEADER + 1, 1},
      {90, 1},
      {128 - HEADER, 1},
      {200, 2},
      {256 - HEADER, 2},
      {256 - HEADER + 1, 3},
      {480, 3},
      {512 - HEADER, 3},
      {512 - HEADER + 1, 4},
      {1024 - HEADER, 4},
      {1024 - HEADER + 1, CDEFER_NO_SIZE_CLASS},
      {5000, CDEFER_NO_SIZE_CLASS},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct __cdefer_record *rec = cdefer_pool_get(&task, cases[i].payload);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rec);
    /* frame and run are the taker's to set. */
    CU_ASSERT_PTR_NULL(rec->link);
    CU_ASSERT_EQUAL(rec->flags, CDEFER_RECORD_POOLED);
    CU_ASSERT_EQUAL(rec->size_class, cases[i].size_class);
    CU_ASSERT_EQUAL((uintptr_t)rec % 16, 0);
    CU_ASSERT_EQUAL((uintptr_t)rec->payload % 16, 0);
    CU_ASSERT_PTR_EQUAL(rec->payload, (unsigned char *)rec + 32);
    memset(rec->payload, 0xa5, cases[i].payload); /* the room is there */
    cdefer_pool_put(&task, rec);
  }
}

static void test_alignment_of_reused_records(void) {
  struct __cdefer_record *recs[40];
  for (size_t i = 0; i < 40; i++)
    recs[i] = cdefer_pool_get(&task, i * 37);
  for (size_t i = 0; i < 40; i++)
    cdefer_pool_put(&task, recs[i]);
  for (size_t i = 0; i < 40; i++) {
    recs[i] = cdefer_pool_get(&task, (39 - i) * 37);
    CU_ASSERT_EQUAL((uintptr_t)recs[i]->payload % 16, 0);
  }
  for (size_t i = 0; i < 40; i++)
    cdefer_pool_put(&task, recs[i]);
}

static void test_reuse_per_class(void) {
  struct __cdefer_record *small = cdefer_pool_get(&task, 8);
  struct __cdefer_record *medium = cdefer_pool_get(&task, 80);
  cdefer_pool_put(&task, small);
  cdefer_pool_put(&task, medium);
  CU_ASSERT_EQUAL(task.pool.cached[0], 1);
  CU_ASSERT_EQUAL(task.pool.cached[1], 1);
  CU_ASSERT_PTR_EQUAL(task.pool.free[0], small);

  CU_ASSERT_PTR_EQUAL(cdefer_pool_get(&task, 96), medium);
  CU_ASSERT_PTR_EQUAL(cdefer_pool_get(&task, 32), small);
  CU_ASSERT_EQUAL(task.pool.cached[0], 0);
  CU_ASSERT_EQUAL(task.pool.cached[1], 0);

  /* An empty class allocates even when another class has records. */
  cdefer_pool_put(&task, medium);
  struct __cdefer_record *other = cdefer_pool_get(&task, 8);
  CU_ASSERT_PTR_NOT_EQUAL(other, medium);
  CU_ASSERT_EQUAL(task.pool.cached[1], 1);
  cdefer_pool_put(&task, small);
  cdefer_pool_put(&task, other);
}

static void test_free_list_is_lifo(void) {
  struct __cdefer_record *a = cdefer_pool_get(&task, 300);
  struct __cdefer_record *b = cdefer_pool_get(&task, 300);
  CU_ASSERT_EQUAL(a->size_class, 3);
  cdefer_pool_put(&task, a);
  cdefer_pool_put(&task, b);
  struct __cdefer_record *first = cdefer_pool_get(&task, 300);
  struct __cdefer_record *second = cdefer_pool_get(&task, 300);
  CU_ASSERT_PTR_EQUAL(first, b);
  CU_ASSERT_PTR_EQUAL(second, a);
  CU_ASSERT_PTR_NULL(first->link);
  CU_ASSERT_PTR_NULL(second->link);
  cdefer_pool_put(&task, first);
  cdefer_pool_put(&task, second);
}

static void test_cap(void) {
  enum { N = CDEFER_POOL_CAP(2) + 10 };
  struct __cdefer_record *recs[N];
  for (size_t i = 0; i < N; i++)
    recs[i] = cdefer_pool_get(&task, 150);
  for (size_t i = 0; i < N; i++)
    cdefer_pool_put(&task, recs[i]);
  CU_ASSERT_EQUAL(task.pool.cached[2], CDEFER_POOL_CAP(2));
  size_t length = 0;
  for (struct __cdefer_record *r = task.pool.free[2]; r != NULL; r = r->link)
    length++;
  CU_ASSERT_EQUAL(length, CDEFER_POOL_CAP(2));
}

static void test_large_records_are_not_cached(void) {
  struct __cdefer_record *rec = cdefer_pool_get(&task, 4096);
  CU_ASSERT_EQUAL(rec->size_class, CDEFER_NO_SIZE_CLASS);
  memset(rec->payload, 0, 4096);
  cdefer_pool_put(&task, rec);
  for (int c = 0; c < CDEFER_POOL_NCLASSES; c++) {
    CU_ASSERT_EQUAL(task.pool.cached[c], 0);
    CU_ASSERT_PTR_NULL(task.pool.free[c]);
  }
}

static void test_drain(void) {
  for (size_t i = 0; i < 8; i++)
    cdefer_pool_put(&task, cdefer_pool_get(&task, i * 120));
  cdefer_pool_drain(&task);
  for (int c = 0; c < CDEFER_POOL_NCLASSES; c++) {
    CU_ASSERT_EQUAL(task.pool.cached[c], 0);
    CU_ASSERT_PTR_NULL(task.pool.free[c]);
  }
}

/* A thread's default task arms its exit hook the first time its pool caches
 * a record; leak checkers (valgrind, LSan) verify the hook frees the pool. */
static void *cache_and_exit(void *arg) {
  struct cdefer_task *self = cdefer_current_task();
  int *ok = arg;
  ok[0] = !self->pool_reclaim_armed;
  for (size_t i = 0; i < 20; i++)
    cdefer_pool_put(self, cdefer_pool_get(self, i * 50));
  ok[1] = self->pool_reclaim_armed && self->pool.cached[0] == 1;
  return NULL;
}

static void test_thread_exit_reclaims_pool(void) {
  pthread_t thread;
  int ok[2] = {0, 0};
  CU_ASSERT_EQUAL_FATAL(pthread_create(&thread, NULL, cache_and_exit, ok), 0);
  pthread_join(thread, NULL);
  CU_ASSERT(ok[0]);
  CU_ASSERT(ok[1]);
}

/* A key destructor that runs after cdefer's own (its key is younger) and
 * fills the pool again: cdefer re-arms its hook, and the next destructor
 * round frees the pool. */
static pthread_key_t late_key;
static int late_armed;

static void use_pool_late(void *arg) {
  (void)arg;
  struct cdefer_task *self = cdefer_current_task();
  cdefer_pool_put(self, cdefer_pool_get(self, 10));
  late_armed = self->pool_reclaim_armed && self->pool.cached[0] == 1;
}

static void *cache_then_set_late_key(void *arg) {
  (void)arg;
  struct cdefer_task *self = cdefer_current_task();
  cdefer_pool_put(self, cdefer_pool_get(self, 10));
  pthread_setspecific(late_key, self);
  return NULL;
}

static void test_pool_used_during_thread_exit(void) {
  pthread_t thread;
  late_armed = 0;
  CU_ASSERT_EQUAL_FATAL(pthread_key_create(&late_key, use_pool_late), 0);
  CU_ASSERT_EQUAL_FATAL(
      pthread_create(&thread, NULL, cache_then_set_late_key, NULL), 0);
  pthread_join(thread, NULL);
  CU_ASSERT(late_armed);
  pthread_key_delete(late_key);
}

int register_pool_tests(void) {
  CU_pSuite suite = CU_add_suite_with_setup_and_teardown(
      "pool", NULL, NULL, setup_task, teardown_task);
  if (suite == NULL)
    return -1;
  static CU_TestInfo tests[] = {
      {"fields after get", test_fields_after_get},
      {"alignment of reused records", test_alignment_of_reused_records},
      {"reuse per size class", test_reuse_per_class},
      {"free list is LIFO", test_free_list_is_lifo},
      {"cap on cached records", test_cap},
      {"large records are not cached", test_large_records_are_not_cached},
      {"drain", test_drain},
      {"thread exit reclaims the pool", test_thread_exit_reclaims_pool},
      {"pool used during thread exit", test_pool_used_during_thread_exit},
      CU_TEST_INFO_NULL,
  };
  return add_tests(suite, tests);
}
