/* defer.h - the public interface of cdefer: Go's defer, panic and recover
 * for C.
 *
 * This header owns the user-facing API pinned by SPEC.md section 4: the
 * opaque panic type, cdefer_panic, cdefer_recover, cdefer_panic_message and
 * the short names panic() and recover(). The defer statement itself is
 * spelled __attribute__((defer)) and needs no declaration; it is provided by
 * the Clang plugin and lowered by the pass (see docs/design.md).
 *
 * Define CDEFER_NO_SHORT_NAMES before including this header to keep the
 * names panic and recover free for other uses.
 */
#ifndef CDEFER_DEFER_H
#define CDEFER_DEFER_H

#define CDEFER_VERSION_MAJOR 0
#define CDEFER_VERSION_MINOR 1

#if defined(__GNUC__) || defined(__clang__)
#define CDEFER_API __attribute__((visibility("default")))
#define CDEFER_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CDEFER_API
#define CDEFER_PRINTF(fmt, args)
#endif

/* recover() identifies its caller by the caller's frame: a call to it must
 * not become a tail call. */
#if defined(__has_attribute)
#if __has_attribute(not_tail_called)
#define CDEFER_NOT_TAIL_CALLED __attribute__((not_tail_called))
#endif
#endif
#ifndef CDEFER_NOT_TAIL_CALLED
#define CDEFER_NOT_TAIL_CALLED
#endif

#if defined(__cplusplus)
#define CDEFER_NORETURN [[noreturn]]
#elif (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L) ||            \
    !defined(__GNUC__)
#define CDEFER_NORETURN _Noreturn
#else
#define CDEFER_NORETURN __attribute__((__noreturn__))
#endif

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A panic in flight. Opaque; valid while the deferred call that recovered it
 * is running. */
typedef struct cdefer_panic cdefer_panic_t;

/* Starts a panic whose message is formatted as by printf. Never returns. */
CDEFER_NORETURN CDEFER_API void cdefer_panic(const char *fmt, ...)
    CDEFER_PRINTF(1, 2);

/* Stops the current panic and returns it when called directly by a deferred
 * call that is running because of that panic; returns NULL anywhere else. */
CDEFER_API CDEFER_NOT_TAIL_CALLED const cdefer_panic_t *cdefer_recover(void);

/* Tasks: each thread starts on a task of its own, which holds its pending
 * deferred calls and its panics. A fiber or coroutine library gives each
 * fiber a task and switches the current task whenever it switches stacks:
 *
 *   fiber->task = cdefer_task_create();
 *   ...
 *   cdefer_task_t *was = cdefer_task_switch(to->task);   swapcontext(...);
 *   ...
 *   cdefer_task_destroy(fiber->task);    when the fiber is gone
 *
 * NULL stands for the calling thread's own task. */
typedef struct cdefer_task cdefer_task_t;

/* A new task with no deferred call and no panic; NULL if out of memory. */
CDEFER_API cdefer_task_t *cdefer_task_create(void);
/* Makes task (NULL: the thread's own) the current task of the calling
 * thread and returns the previous one (NULL if it was the thread's own). */
CDEFER_API cdefer_task_t *cdefer_task_switch(cdefer_task_t *task);
/* The current task of the calling thread; NULL if it is the thread's own. */
CDEFER_API cdefer_task_t *cdefer_task_current(void);
/* Frees a task that is not current anywhere. Chained deferred calls still
 * pending on it (a fiber abandoned in the middle of a function) will never
 * run: they are reported on stderr and their count is returned. Destroying
 * a task in the middle of a panic, or a thread's own task, is fatal. */
CDEFER_API size_t cdefer_task_destroy(cdefer_task_t *task);

/* Tells the checking mode (CDEFER_CHECK=1) where a task's stack is, so it
 * can verify that the task's stack records lie on it. Optional. */
CDEFER_API void cdefer_task_set_stack(cdefer_task_t *task, void *base,
                                      size_t size);

/* cdefer_result(T): the result of the function whose deferred code is
 * running, as an lvalue of type T (the function's return type). Deferred
 * code reads and writes through it the value the function returns: after a
 * `return expr;` it holds that value, and after a recovered panic the
 * function returns whatever it holds (zero if neither a `return` nor the
 * function's own code stored it) - Go's named results. Valid only in a
 * function with defer statements: in a deferred block, passed by address
 * to a deferred call, or in the function's own code, which may set it
 * before it panics. */
#define cdefer_result(T) (*(T *)__cdefer_result_slot())
CDEFER_API void *__cdefer_result_slot(void); /* replaced by the cdefer pass */

/* The formatted message of a panic; "" for NULL. */
CDEFER_API const char *cdefer_panic_message(const cdefer_panic_t *p);

/* Runtime faults. After this call, in every thread of the process, SIGSEGV
 * and SIGBUS become the panic "runtime error: invalid memory address or nil
 * pointer dereference" and SIGFPE "runtime error: integer divide by zero"
 * (or "integer overflow", "floating point error"): recoverable panics that
 * start in the faulting frame, whose own pending deferred calls run too. A
 * fault on a signal stack or inside the runtime, and a stack overflow, are
 * fatal errors with a message. Replaces any handler of those signals; gives
 * each thread that uses cdefer a signal stack if it has none. Returns 0, or
 * -1 if a handler could not be installed. See docs/user-guide.md. */
CDEFER_API int cdefer_enable_fault_panics(void);

/* The signal that started a panic (SIGSEGV, SIGBUS or SIGFPE), or 0 for a
 * panic that cdefer_panic started or for NULL. */
CDEFER_API int cdefer_panic_signal(const cdefer_panic_t *p);

#ifdef __cplusplus
}
#endif

#ifndef CDEFER_NO_SHORT_NAMES
#define panic(...) cdefer_panic(__VA_ARGS__)
#define recover() cdefer_recover()
#endif

#endif /* CDEFER_DEFER_H */
