/* test_chain.c - the defer chain ABI (runtime/chain.c): __cdefer_push,
 * __cdefer_alloc_record and __cdefer_run_frame. */
#include "internal.h"
#include "unit.h"

#include <pthread.h>
#include <string.h>

/* What the test thunks receive as payload. */
struct probe {
  int id;
  struct __cdefer_record *self;     /* the record carrying this payload */
  struct __cdefer_record *expected; /* the chain head expected while it runs */
};

/* A stack record as generated code lays it out: header plus payload. */
struct stack_record {
  _Alignas(16) unsigned char bytes[sizeof(struct __cdefer_record) +
                                   sizeof(struct probe)];
};

static int log_ids[64];
static int log_len;
static int unlinked_ok;

static void record(int id) {
  if (log_len < (int)(sizeof log_ids / sizeof log_ids[0]))
    log_ids[log_len++] = id;
}

static void log_thunk(void *payload, struct cdefer_deferred_frame *callee_cfa) {
  (void)callee_cfa;
  const struct probe *p = payload;
  record(p->id);
}

static void check_unlinked_thunk(void *payload, struct cdefer_deferred_frame *callee_cfa) {
  (void)callee_cfa;
  const struct probe *p = payload;
  struct cdefer_task *task = cdefer_current_task();
  if (p->self->link != NULL || task->defers != p->expected)
    unlinked_ok = 0;
  record(p->id);
}

static struct __cdefer_record *fill(struct __cdefer_record *rec, void *frame,
                                    cdefer_thunk_t run, int id) {
  struct probe p = {.id = id, .self = rec, .expected = NULL};
  rec->frame = frame;
  rec->run = run;
  memcpy(rec->payload, &p, sizeof p);
  return rec;
}

static struct __cdefer_record *stack_record(struct stack_record *s, void *frame,
                                            cdefer_thunk_t run, int id) {
  struct __cdefer_record *rec = (struct __cdefer_record *)s->bytes;
  rec->flags = 0;
  rec->size_class = 0xdeadbeefu; /* generated code need not set it */
  return fill(rec, frame, run, id);
}

static struct __cdefer_record *pooled_record(void *frame, cdefer_thunk_t run,
                                             int id) {
  return fill(__cdefer_alloc_record(sizeof(struct probe)), frame, run, id);
}

static void reset(void) {
  log_len = 0;
  unlinked_ok = 1;
}

static void check_log(const int *ids, int n) {
  CU_ASSERT_EQUAL(log_len, n);
  for (int i = 0; i < n && i < log_len; i++)
    CU_ASSERT_EQUAL(log_ids[i], ids[i]);
}

static void check_chain_empty(void) {
  CU_ASSERT_PTR_NULL(cdefer_current_task()->defers);
}

static void test_lifo(void) {
  char frame;
  struct stack_record s[3];
  check_chain_empty();
  for (int i = 0; i < 3; i++)
    __cdefer_push(stack_record(&s[i], &frame, log_thunk, i + 1));
  CU_ASSERT_PTR_EQUAL(cdefer_current_task()->defers, (void *)s[2].bytes);
  __cdefer_run_frame(&frame);
  check_log((const int[]){3, 2, 1}, 3);
  check_chain_empty();
}

static void test_empty_chain(void) {
  char frame;
  check_chain_empty();
  __cdefer_run_frame(&frame);
  check_log(NULL, 0);
  check_chain_empty();
}

static void test_only_own_frame(void) {
  char outer, inner;
  struct stack_record s[4];
  __cdefer_push(stack_record(&s[0], &outer, log_thunk, 1));
  __cdefer_push(stack_record(&s[1], &outer, log_thunk, 2));
  __cdefer_push(stack_record(&s[2], &inner, log_thunk, 3));
  __cdefer_push(stack_record(&s[3], &inner, log_thunk, 4));

  __cdefer_run_frame(&outer); /* head belongs to inner: nothing runs */
  check_log(NULL, 0);
  __cdefer_run_frame(&inner);
  check_log((const int[]){4, 3}, 2);
  CU_ASSERT_PTR_EQUAL(cdefer_current_task()->defers, (void *)s[1].bytes);
  __cdefer_run_frame(&outer);
  check_log((const int[]){4, 3, 2, 1}, 4);
  check_chain_empty();
}

static void test_stops_at_other_frame(void) {
  char a, b;
  struct stack_record s[3];
  __cdefer_push(stack_record(&s[0], &a, log_thunk, 1));
  __cdefer_push(stack_record(&s[1], &b, log_thunk, 2));
  __cdefer_push(stack_record(&s[2], &a, log_thunk, 3));
  __cdefer_run_frame(&a);
  check_log((const int[]){3}, 1);
  CU_ASSERT_PTR_EQUAL(cdefer_current_task()->defers, (void *)s[1].bytes);
  __cdefer_run_frame(&b);
  __cdefer_run_frame(&a);
  check_log((const int[]){3, 2, 1}, 3);
  check_chain_empty();
}

static void test_unlinked_before_thunk(void) {
  char frame;
  struct stack_record s[2];
  struct __cdefer_record *older =
      stack_record(&s[0], &frame, check_unlinked_thunk, 1);
  struct __cdefer_record *newer =
      stack_record(&s[1], &frame, check_unlinked_thunk, 2);
  struct __cdefer_record *pooled =
      pooled_record(&frame, check_unlinked_thunk, 3);
  __cdefer_push(older);
  __cdefer_push(newer);
  __cdefer_push(pooled);
  ((struct probe *)older->payload)->expected = NULL;
  ((struct probe *)newer->payload)->expected = older;
  ((struct probe *)pooled->payload)->expected = newer;
  __cdefer_run_frame(&frame);
  check_log((const int[]){3, 2, 1}, 3);
  CU_ASSERT(unlinked_ok);
  CU_ASSERT_PTR_NULL(older->link);
  CU_ASSERT_PTR_NULL(newer->link);
}

/* A thunk that behaves like a function with defers of its own. */
static void nested_thunk(void *payload, struct cdefer_deferred_frame *callee_cfa) {
  (void)callee_cfa;
  const struct probe *p = payload;
  char frame;
  struct stack_record s;
  record(p->id * 10);
  if (cdefer_current_task()->defers != p->expected)
    unlinked_ok = 0;
  __cdefer_push(stack_record(&s, &frame, log_thunk, p->id * 10 + 1));
  __cdefer_push(pooled_record(&frame, log_thunk, p->id * 10 + 2));
  __cdefer_run_frame(&frame);
  if (cdefer_current_task()->defers != p->expected)
    unlinked_ok = 0;
  record(p->id * 10 + 9);
}

static void test_nested(void) {
  char frame;
  struct stack_record s[2];
  struct __cdefer_record *first = stack_record(&s[0], &frame, log_thunk, 1);
  struct __cdefer_record *second = stack_record(&s[1], &frame, nested_thunk, 2);
  ((struct probe *)second->payload)->expected = first;
  __cdefer_push(first);
  __cdefer_push(second);
  __cdefer_run_frame(&frame);
  check_log((const int[]){20, 22, 21, 29, 1}, 5);
  CU_ASSERT(unlinked_ok);
  check_chain_empty();
}

static void test_pooled_records_return_to_pool(void) {
  char frame;
  struct cdefer_task *task = cdefer_current_task();
  struct __cdefer_record *rec = pooled_record(&frame, log_thunk, 1);
  CU_ASSERT_EQUAL(rec->flags, CDEFER_RECORD_POOLED);
  CU_ASSERT_EQUAL(rec->size_class, 0);
  uint32_t before = task->pool.cached[0];
  __cdefer_push(rec);
  __cdefer_run_frame(&frame);
  CU_ASSERT_EQUAL(task->pool.cached[0], before + 1);
  CU_ASSERT_PTR_EQUAL(task->pool.free[0], rec);
  /* The next record of that class is the same memory. */
  CU_ASSERT_PTR_EQUAL(__cdefer_alloc_record(sizeof(struct probe)), rec);
  CU_ASSERT_PTR_NULL(rec->link);
  CU_ASSERT_EQUAL(rec->flags, CDEFER_RECORD_POOLED);
  __cdefer_push(fill(rec, &frame, log_thunk, 2));
  __cdefer_run_frame(&frame);
  check_log((const int[]){1, 2}, 2);
}

static void test_loop_of_pooled_records(void) {
  char frame;
  struct cdefer_task *task = cdefer_current_task();
  enum { N = CDEFER_POOL_CAP(0) + 10 };
  for (int i = 0; i < N; i++)
    __cdefer_push(pooled_record(&frame, log_thunk, i));
  __cdefer_run_frame(&frame);
  CU_ASSERT_EQUAL(log_len, 64); /* the log holds 64 entries */
  CU_ASSERT_EQUAL(log_ids[0], N - 1);
  CU_ASSERT_EQUAL(log_ids[63], N - 64);
  CU_ASSERT_EQUAL(task->pool.cached[0], CDEFER_POOL_CAP(0));
  check_chain_empty();
}

static void test_large_pooled_record(void) {
  char frame;
  struct __cdefer_record *rec = __cdefer_alloc_record(4000);
  CU_ASSERT_EQUAL(rec->size_class, CDEFER_NO_SIZE_CLASS);
  CU_ASSERT_EQUAL(rec->flags, CDEFER_RECORD_POOLED);
  __cdefer_push(fill(rec, &frame, log_thunk, 7));
  __cdefer_run_frame(&frame);
  check_log((const int[]){7}, 1);
  check_chain_empty();
}

static void test_stack_records_not_pooled(void) {
  char frame;
  struct cdefer_task *task = cdefer_current_task();
  struct cdefer_pool before = task->pool;
  struct stack_record s;
  __cdefer_push(stack_record(&s, &frame, log_thunk, 1));
  __cdefer_run_frame(&frame);
  check_log((const int[]){1}, 1);
  CU_ASSERT_EQUAL(memcmp(&before, &task->pool, sizeof before), 0);
}

/* A thunk that switches the thread to another task, as a fiber library
 * will. run_frame must keep working on the current task, and the pooled
 * record must go back to the pool of the task it came from. */
static struct cdefer_task other_task;

static void switch_task_thunk(void *payload, struct cdefer_deferred_frame *callee_cfa) {
  (void)callee_cfa;
  record(((const struct probe *)payload)->id);
  cdefer_tls_task = &other_task;
}

static void test_thunk_switches_task(void) {
  char frame;
  struct cdefer_task *home = cdefer_current_task();
  struct stack_record s;
  memset(&other_task, 0, sizeof other_task);
  other_task.pool_reclaim_armed = true;

  cdefer_tls_task = &other_task;
  __cdefer_push(stack_record(&s, &frame, log_thunk, 2));
  cdefer_tls_task = home;
  struct __cdefer_record *rec = pooled_record(&frame, switch_task_thunk, 1);
  uint32_t before = home->pool.cached[0];
  __cdefer_push(rec);

  __cdefer_run_frame(&frame);
  CU_ASSERT_PTR_EQUAL(cdefer_current_task(), &other_task);
  cdefer_tls_task = home;
  check_log((const int[]){1, 2}, 2);
  CU_ASSERT_PTR_NULL(other_task.defers);
  CU_ASSERT_EQUAL(home->pool.cached[0], before + 1);
  CU_ASSERT_PTR_EQUAL(home->pool.free[0], rec);
  CU_ASSERT_EQUAL(other_task.pool.cached[0], 0);
  check_chain_empty();
}

/* Two threads push concurrently; each sees only its own records. */
static pthread_barrier_t barrier;

struct thread_check {
  struct cdefer_task *task;
  int head_is_own;
  int ran;
};

static void count_thunk(void *payload, struct cdefer_deferred_frame *callee_cfa) {
  (void)callee_cfa;
  (*(int **)payload)[0]++;
}

static void *push_on_own_chain(void *arg) {
  struct thread_check *check = arg;
  char frame;
  struct stack_record s;
  struct __cdefer_record *own = stack_record(&s, &frame, count_thunk, 0);
  int *counter = &check->ran;
  memcpy(own->payload, &counter, sizeof counter);
  struct __cdefer_record *pooled = __cdefer_alloc_record(sizeof counter);
  pooled->frame = &frame;
  pooled->run = count_thunk;
  memcpy(pooled->payload, &counter, sizeof counter);

  check->task = cdefer_current_task();
  __cdefer_push(own);
  __cdefer_push(pooled);
  pthread_barrier_wait(&barrier); /* both chains are populated now */
  check->head_is_own =
      check->task->defers == pooled && pooled->link == own && own->link == NULL;
  pthread_barrier_wait(&barrier);
  __cdefer_run_frame(&frame);
  return NULL;
}

static void test_threads_have_own_chains(void) {
  struct thread_check checks[2] = {{0}};
  pthread_t threads[2];
  struct __cdefer_record *main_head = cdefer_current_task()->defers;
  CU_ASSERT_EQUAL_FATAL(pthread_barrier_init(&barrier, NULL, 2), 0);
  for (int i = 0; i < 2; i++)
    CU_ASSERT_EQUAL_FATAL(
        pthread_create(&threads[i], NULL, push_on_own_chain, &checks[i]), 0);
  for (int i = 0; i < 2; i++)
    pthread_join(threads[i], NULL);
  pthread_barrier_destroy(&barrier);

  CU_ASSERT_PTR_NOT_EQUAL(checks[0].task, checks[1].task);
  CU_ASSERT_PTR_NOT_EQUAL(checks[0].task, cdefer_current_task());
  CU_ASSERT_PTR_NOT_EQUAL(checks[1].task, cdefer_current_task());
  for (int i = 0; i < 2; i++) {
    CU_ASSERT(checks[i].head_is_own);
    CU_ASSERT_EQUAL(checks[i].ran, 2);
  }
  CU_ASSERT_PTR_EQUAL(cdefer_current_task()->defers, main_head);
}

static int teardown_chain(void) {
  cdefer_pool_drain(cdefer_current_task());
  return 0;
}

int register_chain_tests(void) {
  CU_pSuite suite = CU_add_suite_with_setup_and_teardown(
      "chain", NULL, teardown_chain, reset, check_chain_empty);
  if (suite == NULL)
    return -1;
  static CU_TestInfo tests[] = {
      {"run_frame runs LIFO", test_lifo},
      {"run_frame on an empty chain", test_empty_chain},
      {"run_frame runs only its frame", test_only_own_frame},
      {"run_frame stops at another frame", test_stops_at_other_frame},
      {"unlinked before the thunk runs", test_unlinked_before_thunk},
      {"nested frames in a thunk", test_nested},
      {"pooled records return to the pool", test_pooled_records_return_to_pool},
      {"loop of pooled records", test_loop_of_pooled_records},
      {"large pooled record", test_large_pooled_record},
      {"stack records are not pooled", test_stack_records_not_pooled},
      {"thunk switches task", test_thunk_switches_task},
      {"threads have their own chains", test_threads_have_own_chains},
      CU_TEST_INFO_NULL,
  };
  return add_tests(suite, tests);
}
