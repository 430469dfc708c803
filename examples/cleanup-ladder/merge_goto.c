/* merge_sorted(), before: the classic C cleanup ladder.
 *
 * Every resource gets a label; the labels release in the reverse order of
 * acquisition, and each error exit jumps to the label of the last resource
 * acquired so far. The success path shares the ladder too, and has to jump
 * over the part that removes the temporary file. See merge_defer.c for the
 * same function with defers.
 */
#include "resources.h"

#include <limits.h>

enum { LINE_SIZE = 64 };

long merge_sorted(const char *path_a, const char *path_b, const char *out_path,
                  const char **err) {
  long result = -1;
  FILE *a, *b, *out;
  char *line_a, *line_b;
  char tmp_path[4096];
  long long prev_a = LLONG_MIN, prev_b = LLONG_MIN, va = 0, vb = 0;
  int has_a, has_b;
  long count = 0;

  if (res_lock() != 0) {
    *err = "output is locked";
    return -1;
  }
  a = res_fopen(path_a, "r");
  if (!a) {
    *err = "cannot open A";
    goto unlock;
  }
  b = res_fopen(path_b, "r");
  if (!b) {
    *err = "cannot open B";
    goto close_a;
  }
  line_a = res_malloc(LINE_SIZE);
  if (!line_a) {
    *err = "out of memory";
    goto close_b;
  }
  line_b = res_malloc(LINE_SIZE);
  if (!line_b) {
    *err = "out of memory";
    goto free_line_a;
  }
  snprintf(tmp_path, sizeof tmp_path, "%s.tmp", out_path);
  out = res_fopen(tmp_path, "w");
  if (!out) {
    *err = "cannot create the output";
    goto free_line_b;
  }

  has_a = read_value(a, line_a, LINE_SIZE, "A", &prev_a, &va, err);
  if (has_a < 0)
    goto close_out;
  has_b = read_value(b, line_b, LINE_SIZE, "B", &prev_b, &vb, err);
  if (has_b < 0)
    goto close_out;
  while (has_a || has_b) {
    int take_a = has_a && (!has_b || va <= vb);
    if (res_write_value(out, take_a ? va : vb) != 0) {
      *err = "cannot write the output";
      goto close_out;
    }
    count++;
    if (take_a)
      has_a = read_value(a, line_a, LINE_SIZE, "A", &prev_a, &va, err);
    else
      has_b = read_value(b, line_b, LINE_SIZE, "B", &prev_b, &vb, err);
    if (has_a < 0 || has_b < 0)
      goto close_out;
  }

  /* Closing the output can fail (flushing); it must not be closed again on
   * the way out, so this exit skips close_out. */
  if (res_fclose(out) != 0) {
    *err = "cannot write the output";
    goto remove_tmp;
  }
  if (res_rename(tmp_path, out_path) != 0) {
    *err = "cannot replace the output";
    goto remove_tmp;
  }
  result = count;
  goto free_line_b; /* committed: the temporary file is gone */

close_out:
  res_fclose(out);
remove_tmp:
  res_remove(tmp_path);
free_line_b:
  res_free(line_b);
free_line_a:
  res_free(line_a);
close_b:
  res_fclose(b);
close_a:
  res_fclose(a);
unlock:
  res_unlock();
  return result;
}
