/* test_panic.c - the panic chain, recover's preconditions, the unrecovered
 * report and fatal errors (runtime/panic.c, report.c, fatal.c). Unwinding
 * through frames with defers is tested end to end (test/e2e). */
#include "internal.h"
#include "unit.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

static void check_exit(struct child_result r, int code) {
  CU_ASSERT_FATAL(r.status != -1);
  CU_ASSERT(WIFEXITED(r.status));
  if (WIFEXITED(r.status))
    CU_ASSERT_EQUAL(WEXITSTATUS(r.status), code);
}

static void check_abort(struct child_result r) {
  CU_ASSERT_FATAL(r.status != -1);
  CU_ASSERT(WIFSIGNALED(r.status));
  if (WIFSIGNALED(r.status))
    CU_ASSERT_EQUAL(WTERMSIG(r.status), SIGABRT);
}

static void panic_long_message(void);

static void panic_with_output(void) {
  printf("before the panic\n"); /* buffered: stdout is a pipe */
  cdefer_panic("boom %d %s", 42, "now");
}

static void test_unrecovered_panic(void) {
  struct child_result r = run_in_child(panic_with_output);
  check_exit(r, 2);
  CU_ASSERT_STRING_EQUAL(r.stdout_, "before the panic\n");
  const char *head = "panic: boom 42 now\n\nbacktrace of the panic site:\n"
                     "  #0 ";
  CU_ASSERT_EQUAL(strncmp(r.stderr_, head, strlen(head)), 0);
  /* The first frame is the function that called panic. */
  CU_ASSERT_PTR_NOT_NULL(strstr(r.stderr_, "in panic_with_output+"));
}

/* A task of its own, so the chain tests do not disturb the thread's. */
static struct cdefer_task chain_task;

/* A panic made and linked, as cdefer_panic makes one before its walk. */
static struct cdefer_panic *linked(struct cdefer_task *task, uint32_t kind) {
  struct cdefer_panic *p = cdefer_panic_new(task, kind);
  cdefer_panic_link(p, 0);
  return p;
}

static void test_new_panic_links_at_head(void) {
  struct cdefer_panic *a = linked(&chain_task, CDEFER_PANIC_USER);
  struct cdefer_panic *b = linked(&chain_task, CDEFER_PANIC_USER);
  CU_ASSERT_PTR_EQUAL(chain_task.panics, b);
  CU_ASSERT_PTR_EQUAL(b->link, a);
  CU_ASSERT_PTR_NULL(a->link);
  CU_ASSERT_PTR_EQUAL(a->task, &chain_task);
  /* The exception object comes first: the unwinder's pointer is the panic. */
  CU_ASSERT_PTR_EQUAL((void *)&b->exception, (void *)b);
  b->recovered = true;
  cdefer_finish_recovered(&chain_task, b);
  CU_ASSERT_PTR_EQUAL(chain_task.panics, a);
  a->recovered = true;
  cdefer_finish_recovered(&chain_task, a);
  CU_ASSERT_PTR_NULL(chain_task.panics);
}

static void test_recovery_removes_aborted_panics_below(void) {
  struct cdefer_panic *live = linked(&chain_task, CDEFER_PANIC_USER);
  struct cdefer_panic *a1 = linked(&chain_task, CDEFER_PANIC_USER);
  struct cdefer_panic *a2 = linked(&chain_task, CDEFER_PANIC_USER);
  struct cdefer_panic *top = linked(&chain_task, CDEFER_PANIC_USER);
  a1->aborted = a2->aborted = true;
  top->recovered = true;
  cdefer_finish_recovered(&chain_task, top);
  /* Go's rule: the aborted panics right below the recovered one go too. */
  CU_ASSERT_PTR_EQUAL(chain_task.panics, live);
  cdefer_finish_recovered(&chain_task, live);
  CU_ASSERT_PTR_NULL(chain_task.panics);
}

static void finish_not_newest(void) {
  struct cdefer_panic *old = linked(&chain_task, CDEFER_PANIC_USER);
  linked(&chain_task, CDEFER_PANIC_USER);
  cdefer_finish_recovered(&chain_task, old);
}

static void test_finishing_an_older_panic_is_fatal(void) {
  struct child_result r = run_in_child(finish_not_newest);
  check_abort(r);
  CU_ASSERT_PTR_NOT_NULL(strstr(r.stderr_, "is not the newest panic"));
}

/* recover() outside a deferred call made for the panic: the newest panic
 * exists but no deferred call runs for it (call_cfa == 0). */
static void test_recover_needs_a_deferred_call(void) {
  struct cdefer_task *task = cdefer_current_task();
  struct cdefer_panic *p = linked(task, CDEFER_PANIC_USER);
  CU_ASSERT_PTR_NULL(cdefer_recover());
  p->call_cfa = 1; /* a deferred-call frame that is not recover's caller's */
  CU_ASSERT_PTR_NULL(cdefer_recover());
  CU_ASSERT_FALSE(p->recovered);
  p->recovered = true;
  cdefer_finish_recovered(task, p);
  CU_ASSERT_PTR_NULL(task->panics);
}

/* recover as the pass rewrites it: the caller's frame address and its
 * address must be what the thunk recorded (else the walk decides, and finds
 * no deferred-call frame here). */
static void test_recover_from_matches_the_recorded_frame(void) {
  struct cdefer_task *task = cdefer_current_task();
  struct cdefer_panic *p = linked(task, CDEFER_PANIC_USER);
  void *fn = (void *)0x4000, *other_fn = (void *)0x5000;
  p->call_cfa = 1;
  p->deferred.cfa = 0x1000;
  p->deferred.fn = (uintptr_t)fn;
  CU_ASSERT_PTR_NULL(__cdefer_recover_from((void *)0x1010, fn));
  CU_ASSERT_FALSE(p->recovered);
  /* A function the deferred function tail-called: same frame address. */
  CU_ASSERT_PTR_NULL(__cdefer_recover_from((void *)0x1000, other_fn));
  CU_ASSERT_FALSE(p->recovered);
  CU_ASSERT_PTR_EQUAL(__cdefer_recover_from((void *)0x1000, fn), p);
  CU_ASSERT_TRUE(p->recovered);
  /* Only once. */
  CU_ASSERT_PTR_NULL(__cdefer_recover_from((void *)0x1000, fn));
  cdefer_finish_recovered(task, p);
  CU_ASSERT_PTR_NULL(task->panics);
}

/* A task whose memory is reclaimed keeps its last panic for the next one,
 * which starts cleared as a new one would. */
static void test_freed_panic_is_reused_cleared(void) {
  struct cdefer_task task = {.pool_reclaim_armed = true};
  struct cdefer_panic *first = linked(&task, CDEFER_PANIC_USER);
  first->signo = 11;
  first->nframes = 3;
  first->call_cfa = 5;
  first->recovered = true;
  cdefer_finish_recovered(&task, first);
  CU_ASSERT_PTR_EQUAL(task.spare_panic, first);
  struct cdefer_panic *second = linked(&task, CDEFER_PANIC_USER);
  CU_ASSERT_PTR_EQUAL(second, first);
  CU_ASSERT_PTR_NULL(task.spare_panic);
  CU_ASSERT_EQUAL(second->signo, 0);
  CU_ASSERT_EQUAL(second->nframes, 0);
  CU_ASSERT_EQUAL(second->call_cfa, 0);
  CU_ASSERT_FALSE(second->recovered);
  CU_ASSERT_PTR_EQUAL(task.panics, second);
  second->recovered = true;
  cdefer_finish_recovered(&task, second);
  cdefer_panic_drop_spare(&task);
  CU_ASSERT_PTR_NULL(task.spare_panic);
}

/* A panic being made is not on the chain: a panic raised meanwhile finds
 * the chain as it was. It is linked, complete, by cdefer_panic_link. */
static void test_panic_is_linked_only_when_complete(void) {
  struct cdefer_task task = {0};
  struct cdefer_panic *old = linked(&task, CDEFER_PANIC_USER);
  struct cdefer_panic *p = cdefer_panic_new(&task, CDEFER_PANIC_USER);
  CU_ASSERT_PTR_EQUAL(task.panics, old);
  CU_ASSERT_PTR_EQUAL(task.making, p);
  cdefer_panic_link(p, 0x1234);
  CU_ASSERT_PTR_EQUAL(task.panics, p);
  CU_ASSERT_PTR_EQUAL(p->link, old);
  CU_ASSERT_EQUAL(p->walk_sp, 0x1234);
  CU_ASSERT_PTR_NULL(task.making);
  p->recovered = true;
  cdefer_finish_recovered(&task, p);
  old->recovered = true;
  cdefer_finish_recovered(&task, old);
  CU_ASSERT_PTR_NULL(task.panics);
}

/* The panics being made form a stack: one made further out may resume
 * (it stays), one made in a frame at or below a newer making is abandoned
 * (it is freed), and so is one left above a panic that is linked. */
static void test_abandoned_makings_are_freed(void) {
  struct cdefer_task task = {0};
  struct cdefer_panic *outer = cdefer_panic_new(&task, CDEFER_PANIC_USER);
  outer->making_cfa = UINTPTR_MAX; /* a frame further out: may resume */
  struct cdefer_panic *inner = cdefer_panic_new(&task, CDEFER_PANIC_USER);
  CU_ASSERT_PTR_EQUAL(inner->outer_making, outer);
  CU_ASSERT_PTR_EQUAL(task.making, inner);
  inner->making_cfa = 1; /* pretend its frame is deeper than any */
  /* A newer making frees the abandoned inner one, keeps the outer one. */
  struct cdefer_panic *next = cdefer_panic_new(&task, CDEFER_PANIC_USER);
  CU_ASSERT_PTR_EQUAL(next->outer_making, outer);
  next->making_cfa = UINTPTR_MAX - 1; /* still running, further out */
  struct cdefer_panic *left = cdefer_panic_new(&task, CDEFER_PANIC_USER);
  CU_ASSERT_PTR_EQUAL(left->outer_making, next);
  /* Linking next frees left, made above it and never linked. */
  cdefer_panic_link(next, 0);
  CU_ASSERT_PTR_EQUAL(task.making, outer);
  cdefer_panic_link(outer, 0);
  CU_ASSERT_PTR_NULL(task.making);
  CU_ASSERT_PTR_EQUAL(task.panics, outer);
  CU_ASSERT_PTR_EQUAL(outer->link, next);
  outer->recovered = true;
  next->aborted = true;
  cdefer_finish_recovered(&task, outer);
  CU_ASSERT_PTR_NULL(task.panics);
  /* Makings still on the stack go with the task. */
  cdefer_panic_new(&task, CDEFER_PANIC_USER);
  cdefer_panic_drop_spare(&task);
  CU_ASSERT_PTR_NULL(task.making);
}

/* A thread-exit record has no line in the report (Go prints no Goexit). */
static void panic_over_thread_exit_record(void) {
  linked(cdefer_current_task(), CDEFER_PANIC_THREAD_EXIT)->message = "";
  cdefer_panic("hello");
}

static void test_report_skips_thread_exit_record(void) {
  struct child_result r = run_in_child(panic_over_thread_exit_record);
  check_exit(r, 2);
  const char *head = "panic: hello\n\nbacktrace of the panic site:\n";
  CU_ASSERT_EQUAL(strncmp(r.stderr_, head, strlen(head)), 0);
}

static void test_long_message(void) {
  struct child_result r = run_in_child(panic_long_message);
  check_exit(r, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(r.stderr_, "panic: 0123456789"));
  CU_ASSERT_PTR_NOT_NULL(strstr(r.stderr_, "end of a long message\n"));
}

static void panic_short_name(void) { panic("%s", "short"); }

static void panic_long_message(void) {
  char digits[301];
  for (int i = 0; i < 300; i++)
    digits[i] = (char)('0' + i % 10);
  digits[300] = '\0';
  panic("%s end of a long message", digits);
}

/* Messages that need no printf are copied: without conversions, and "%s"
 * of one string, at the inline buffer's size and past it. */
static char copied[301];

static void fill_copied(size_t len, const char *tail) {
  memset(copied, 'x', len);
  memcpy(copied + len - strlen(tail), tail, strlen(tail));
  copied[len] = '\0';
}

/* The copied path is the one for a format that is not a literal too. */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wformat-security"
static void panic_copied_127(void) {
  fill_copied(127, "<127");
  panic(copied);
}
static void panic_copied_128(void) {
  fill_copied(128, "<128");
  panic(copied);
}
static void panic_copied_300(void) {
  fill_copied(300, "<300");
  panic(copied);
}
#pragma clang diagnostic pop
static void panic_copied_s(void) {
  fill_copied(300, "<s300");
  panic("%s", copied);
}
static void panic_null_s(void) { panic("%s", (const char *)NULL); }
static void panic_percent(void) { panic("100%% sure"); }

static void check_message(void (*fn)(void), const char *line) {
  struct child_result r = run_in_child(fn);
  check_exit(r, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(r.stderr_, line));
}

static void test_copied_messages(void) {
  check_message(panic_copied_127, "<127\n");
  check_message(panic_copied_128, "<128\n");
  check_message(panic_copied_300, "<300\n");
  check_message(panic_copied_s, "<s300\n");
  check_message(panic_null_s, "panic: (null)\n");
  check_message(panic_percent, "panic: 100% sure\n");
}

static void test_short_name(void) {
  struct child_result r = run_in_child(panic_short_name);
  check_exit(r, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(r.stderr_, "panic: short\n"));
}

static void test_recover_outside_panic(void) {
  CU_ASSERT_PTR_NULL(cdefer_recover());
  CU_ASSERT_PTR_NULL(recover());
}

static void test_message(void) {
  char text[] = "the message";
  struct cdefer_panic p = {.link = NULL, .message = text};
  CU_ASSERT_STRING_EQUAL(cdefer_panic_message(&p), "the message");
  CU_ASSERT_STRING_EQUAL(cdefer_panic_message(NULL), "");
}

static void alloc_huge_record(void) { __cdefer_alloc_record(SIZE_MAX - 8); }

static void test_out_of_memory_is_fatal(void) {
  struct child_result r = run_in_child(alloc_huge_record);
  check_abort(r);
  CU_ASSERT_PTR_NOT_NULL(
      strstr(r.stderr_, "cdefer: fatal error: out of memory allocating a "
                        "defer record of"));
}

#ifndef NDEBUG
static void put_linked_record(void) {
  struct cdefer_task *task = cdefer_current_task();
  struct __cdefer_record *rec = cdefer_pool_get(task, 8);
  rec->link = rec;
  cdefer_pool_put(task, rec);
}

static void test_put_of_linked_record_is_fatal(void) {
  struct child_result r = run_in_child(put_linked_record);
  check_abort(r);
  CU_ASSERT_PTR_NOT_NULL(strstr(r.stderr_, "cdefer: fatal error: defer "
                                           "record"));
  CU_ASSERT_PTR_NOT_NULL(strstr(r.stderr_, "while still linked"));
}
#endif

int register_panic_tests(void) {
  CU_pSuite suite = CU_add_suite("panic", NULL, NULL);
  if (suite == NULL)
    return -1;
  static CU_TestInfo tests[] = {
      {"unrecovered panic", test_unrecovered_panic},
      {"short name", test_short_name},
      {"long message", test_long_message},
      {"messages copied without printf", test_copied_messages},
      {"new panic links at the head", test_new_panic_links_at_head},
      {"recovery removes aborted panics below",
       test_recovery_removes_aborted_panics_below},
      {"finishing an older panic is fatal",
       test_finishing_an_older_panic_is_fatal},
      {"recover needs a deferred call", test_recover_needs_a_deferred_call},
      {"recover from the recorded frame only",
       test_recover_from_matches_the_recorded_frame},
      {"a freed panic is reused, cleared", test_freed_panic_is_reused_cleared},
      {"a panic is linked only when complete",
       test_panic_is_linked_only_when_complete},
      {"abandoned makings are freed", test_abandoned_makings_are_freed},
      {"the report skips a thread-exit record",
       test_report_skips_thread_exit_record},
      {"recover outside a panic", test_recover_outside_panic},
      {"panic message", test_message},
      {"out of memory is fatal", test_out_of_memory_is_fatal},
#ifndef NDEBUG
      {"put of a linked record is fatal", test_put_of_linked_record_is_fatal},
#endif
      CU_TEST_INFO_NULL,
  };
  return add_tests(suite, tests);
}
