/* merge_sorted(), after: the same function with defers.
 *
 * Each release is written once, right after the acquisition it undoes, and
 * every error exit is a plain return. Deferred calls run at every return,
 * newest first, so the releases happen in exactly the order of the ladder in
 * merge_goto.c. The two releases that depend on how far the function got
 * (the output stream, closed early on success; the temporary file, renamed
 * on success) are deferred blocks, which see the variables as they are when
 * the function returns. The same releases also run if anything below panics.
 */
#include "resources.h"

#include <defer.h>
#include <limits.h>

enum { LINE_SIZE = 64 };

long merge_sorted(const char *path_a, const char *path_b, const char *out_path,
                  const char **err) {
  if (res_lock() != 0) {
    *err = "output is locked";
    return -1;
  }
  __attribute__((defer)) res_unlock();

  FILE *a = res_fopen(path_a, "r");
  if (!a) {
    *err = "cannot open A";
    return -1;
  }
  __attribute__((defer)) res_fclose(a);

  FILE *b = res_fopen(path_b, "r");
  if (!b) {
    *err = "cannot open B";
    return -1;
  }
  __attribute__((defer)) res_fclose(b);

  char *line_a = res_malloc(LINE_SIZE);
  if (!line_a) {
    *err = "out of memory";
    return -1;
  }
  __attribute__((defer)) res_free(line_a);

  char *line_b = res_malloc(LINE_SIZE);
  if (!line_b) {
    *err = "out of memory";
    return -1;
  }
  __attribute__((defer)) res_free(line_b);

  char tmp_path[4096];
  snprintf(tmp_path, sizeof tmp_path, "%s.tmp", out_path);
  FILE *out = res_fopen(tmp_path, "w");
  if (!out) {
    *err = "cannot create the output";
    return -1;
  }
  int committed = 0;
  __attribute__((defer)) {
    if (!committed)
      res_remove(tmp_path);
  }
  __attribute__((defer)) {
    if (out)
      res_fclose(out);
  }

  long long prev_a = LLONG_MIN, prev_b = LLONG_MIN, va = 0, vb = 0;
  int has_a = read_value(a, line_a, LINE_SIZE, "A", &prev_a, &va, err);
  if (has_a < 0)
    return -1;
  int has_b = read_value(b, line_b, LINE_SIZE, "B", &prev_b, &vb, err);
  if (has_b < 0)
    return -1;
  long count = 0;
  while (has_a || has_b) {
    int take_a = has_a && (!has_b || va <= vb);
    if (res_write_value(out, take_a ? va : vb) != 0) {
      *err = "cannot write the output";
      return -1;
    }
    count++;
    if (take_a)
      has_a = read_value(a, line_a, LINE_SIZE, "A", &prev_a, &va, err);
    else
      has_b = read_value(b, line_b, LINE_SIZE, "B", &prev_b, &vb, err);
    if (has_a < 0 || has_b < 0)
      return -1;
  }

  /* Closing the output can fail (flushing), but it is closed either way:
   * disarm the deferred close first, so that it never runs twice. */
  FILE *written = out;
  out = NULL;
  if (res_fclose(written) != 0) {
    *err = "cannot write the output";
    return -1;
  }
  if (res_rename(tmp_path, out_path) != 0) {
    *err = "cannot replace the output";
    return -1;
  }
  committed = 1;
  return count;
}
