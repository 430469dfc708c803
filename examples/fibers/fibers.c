/* cdefer example: producer and consumer fibers with defer, panic and recover.
 *
 * A tiny round-robin fiber scheduler on ucontext runs two producers and one
 * consumer connected by a bounded channel. Each fiber has its own stack and
 * its own cdefer *task* (cdefer_task_create), and the scheduler makes a
 * fiber's task current before it switches to the fiber's stack
 * (cdefer_task_switch): every fiber then has its own pending deferred calls
 * and its own panics, exactly like a thread, even though all of them run on
 * one thread and switch in the middle of their functions.
 *
 *   - Each producer owns a buffer, released by a deferred free(), and tells
 *     the channel it is done with a deferred call (Go's `defer wg.Done()`).
 *   - The consumer handles every item in handle_item(), whose deferred block
 *     recovers a panic: an item it cannot process panics deep inside
 *     process(), the deferred calls between the panic and handle_item() run,
 *     and the consumer carries on with the next item.
 *   - The channel blocks by yielding to the other fibers, so fibers switch
 *     while they have deferred calls pending - also from inside a deferred
 *     call.
 *
 * Build and run:   cdefer-cc -O2 fibers.c -o fibers && ./fibers
 */
#include <defer.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>

/* Tells valgrind about the fiber stacks, when its header is installed. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef VALGRIND_STACK_REGISTER
#define VALGRIND_STACK_REGISTER(start, end) 0
#endif

/* ---- a minimal fiber scheduler ----------------------------------------- */

#define STACK_SIZE (256 * 1024)
#define MAX_FIBERS 8

struct fiber {
  const char *name;
  void (*fn)(void *);
  void *arg;
  int done;
  cdefer_task_t *task; /* this fiber's deferred calls and panics */
  ucontext_t context;
  void *stack;
};

static struct fiber *fibers[MAX_FIBERS];
static int nfibers;
static struct fiber *running;  /* NULL: main, the scheduler */
static ucontext_t main_context;

static void die(const char *what) {
  fprintf(stderr, "fibers: %s\n", what);
  exit(1);
}

/* Switches from the running fiber (or main) to `to` (or main). The task
 * switch comes first: from here on, defers and panics belong to `to`. */
static void switch_to(struct fiber *to) {
  struct fiber *from = running;
  if (to == from)
    return;
  cdefer_task_switch(to ? to->task : NULL);
  running = to;
  swapcontext(from ? &from->context : &main_context,
              to ? &to->context : &main_context);
}

/* The next fiber that has not finished, after the running one. */
static struct fiber *next_fiber(void) {
  int start = 0;
  for (int i = 0; i < nfibers; i++)
    if (fibers[i] == running)
      start = i + 1;
  for (int i = 0; i < nfibers; i++) {
    struct fiber *f = fibers[(start + i) % nfibers];
    if (!f->done)
      return f;
  }
  return NULL;
}

static void yield(void) { switch_to(next_fiber()); }

static void fiber_entry(void) {
  running->fn(running->arg);
  running->done = 1;
  switch_to(next_fiber()); /* never comes back */
}

static void spawn(const char *name, void (*fn)(void *), void *arg) {
  struct fiber *f = calloc(1, sizeof *f);
  if (f == NULL || nfibers == MAX_FIBERS)
    die("cannot spawn a fiber");
  f->stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  f->task = cdefer_task_create();
  if (f->stack == MAP_FAILED || f->task == NULL)
    die("out of memory");
  (void)VALGRIND_STACK_REGISTER(f->stack, (char *)f->stack + STACK_SIZE);
  f->name = name;
  f->fn = fn;
  f->arg = arg;
  getcontext(&f->context);
  f->context.uc_stack.ss_sp = f->stack;
  f->context.uc_stack.ss_size = STACK_SIZE;
  makecontext(&f->context, fiber_entry, 0);
  fibers[nfibers++] = f;
}

/* Runs the fibers until all of them have finished, then frees them. */
static void run_all(void) {
  struct fiber *f;
  while ((f = next_fiber()) != NULL)
    switch_to(f);
  for (int i = 0; i < nfibers; i++) {
    /* Returns the number of deferred calls a fiber left pending: none. */
    size_t pending = cdefer_task_destroy(fibers[i]->task);
    printf("scheduler: %s finished, %zu deferred call(s) left\n",
           fibers[i]->name, pending);
    munmap(fibers[i]->stack, STACK_SIZE);
    free(fibers[i]);
  }
  nfibers = 0;
}

static const char *me(void) { return running ? running->name : "main"; }

/* ---- a bounded channel ---------------------------------------------------- */

#define CAPACITY 2

struct channel {
  int items[CAPACITY];
  int head, count;
  int producers; /* still sending */
};

static void chan_send(struct channel *ch, int item) {
  while (ch->count == CAPACITY) {
    printf("%s: channel full, yields\n", me());
    yield();
  }
  ch->items[(ch->head + ch->count++) % CAPACITY] = item;
  printf("%s: sent %d\n", me(), item);
}

/* Returns 0 when the channel is empty and every producer is done. */
static int chan_receive(struct channel *ch, int *item) {
  while (ch->count == 0) {
    if (ch->producers == 0)
      return 0;
    yield();
  }
  *item = ch->items[ch->head];
  ch->head = (ch->head + 1) % CAPACITY;
  ch->count--;
  return 1;
}

static void producer_done(struct channel *ch) {
  ch->producers--;
  printf("%s: done (deferred), %d producer(s) left, yields\n", me(),
         ch->producers);
  yield(); /* a fiber may switch inside a deferred call, too */
  printf("%s: back in its deferred call, returns\n", me());
}

/* ---- the fibers ------------------------------------------------------------ */

struct producer_args {
  struct channel *ch;
  int first, count;
};

static void release_buffer(int *buffer) {
  printf("%s: frees its buffer (deferred)\n", me());
  free(buffer);
}

static void producer(void *arg) {
  struct producer_args *a = arg;
  __attribute__((defer)) producer_done(a->ch);

  int *buffer = malloc(a->count * sizeof *buffer);
  if (buffer == NULL)
    panic("%s: out of memory", me());
  __attribute__((defer)) release_buffer(buffer);

  for (int i = 0; i < a->count; i++)
    buffer[i] = a->first + i;
  for (int i = 0; i < a->count; i++)
    chan_send(a->ch, buffer[i]);
}

/* Deep inside the consumer: panics on an item it cannot handle. */
static int process(int item) {
  if (item % 7 == 0)
    panic("cannot process item %d", item);
  return item * item;
}

static void close_log(int item) {
  printf("%s: end of item %d (deferred)\n", me(), item);
}

/* Handles one item; recovers if processing it panics. Returns 1 on success
 * (cdefer_result sets the return value after a recovered panic). */
static int handle_item(int item, long *sum) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    if (p != NULL) {
      printf("%s: recovered: %s\n", me(), cdefer_panic_message(p));
      cdefer_result(int) = 0;
    }
  }
  __attribute__((defer)) close_log(item);
  int square = process(item);
  *sum += square;
  printf("%s: %d squared is %d\n", me(), item, square);
  return 1;
}

static void print_summary(const long *sum, const int *handled,
                          const int *failed) {
  printf("%s: handled %d item(s), %d failed, sum of squares %ld (deferred)\n",
         me(), *handled, *failed, *sum);
}

static void consumer(void *arg) {
  struct channel *ch = arg;
  long sum = 0;
  int handled = 0, failed = 0, item;
  __attribute__((defer)) print_summary(&sum, &handled, &failed);
  while (chan_receive(ch, &item)) {
    if (handle_item(item, &sum))
      handled++;
    else
      failed++;
  }
}

int main(void) {
  struct channel ch = {.producers = 2};
  struct producer_args a = {&ch, 1, 4}, b = {&ch, 5, 4};
  spawn("producer-1", producer, &a);
  spawn("producer-2", producer, &b);
  spawn("consumer", consumer, &ch);
  run_all();
  printf("main: all fibers finished\n");
  return 0;
}
