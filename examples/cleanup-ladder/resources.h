/* The environment both versions of merge_sorted() run in.
 *
 * res_* wrap the C library calls that acquire and release resources. They
 * behave like the calls they wrap, and in addition:
 *   - they count: every acquired resource (stream, heap block, the lock, the
 *     temporary file on disk) is tracked until released, so the test driver
 *     can check that each one is released exactly once on every path;
 *   - they log each release, in order, so the driver can show (and the tests
 *     compare) the order in which the two versions clean up;
 *   - they fail on demand: every call that can fail in real life (lock,
 *     fopen, malloc, writing, closing a written stream, rename) counts as one
 *     step, and the step numbered res_fail_at fails as the real call would
 *     (or panics, with res_fail_by_panic).
 */
#ifndef CLEANUP_LADDER_RESOURCES_H
#define CLEANUP_LADDER_RESOURCES_H

#include <stddef.h>
#include <stdio.h>

/* The function under test: merges two files of ascending integers, one per
 * line, into OUT_PATH, which is replaced atomically (written as
 * OUT_PATH.tmp, renamed over OUT_PATH only on success). Returns the number
 * of values written, or -1 with *ERR set to a static message; on failure
 * OUT_PATH is left as it was. Written twice: merge_goto.c, merge_defer.c. */
long merge_sorted(const char *path_a, const char *path_b, const char *out_path,
                  const char **err);

/* Reads the next value of an ascending list: 1 and *VALUE set, 0 at the end,
 * -1 with *ERR set on a malformed line or a value smaller than *PREV. */
int read_value(FILE *f, char *buf, size_t size, const char *name,
               long long *prev, long long *value, const char **err);

/* Counted, failure-injecting wrappers. */
int res_lock(void); /* 0, or -1: the lock is busy */
void res_unlock(void);
FILE *res_fopen(const char *path, const char *mode);
int res_fclose(FILE *f); /* EOF when flushing written data fails */
void *res_malloc(size_t size);
void res_free(void *p);
int res_write_value(FILE *f, long long value); /* 0, or -1 (disk full) */
int res_rename(const char *from, const char *to);
int res_remove(const char *path);

/* Failure injection, set by the driver before each call. */
extern long res_fail_at;      /* the step that fails; 0: none */
extern int res_fail_by_panic; /* that step panics instead of failing */

/* For the driver. */
long res_steps(void);              /* steps taken since res_reset */
const char *res_failed_step(void); /* the step that failed, or NULL */
const char *res_release_log(void); /* e.g. "out.txt.tmp rm:out.txt.tmp buf2" */
void res_reset(void);
/* Releases whatever is still held, and returns how many resources that was
 * (leaks); *DOUBLE gets the number of releases of things not held. */
int res_reclaim(int *double_releases);

#endif
