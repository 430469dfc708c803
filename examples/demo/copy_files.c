/* cdefer demo: copy files with deferred cleanup.
 *
 * Every resource is released by a deferred call written right after it is
 * acquired: fclose for each stream, free for each buffer. The copy loop defers
 * one log line per file (defers in a loop run at return, newest first), the
 * error paths are plain early returns, and a read error panics deep in
 * copy_file: its deferred fclose/free calls still run on the way out, and
 * copy_one recovers the panic into an error return.
 *
 * Usage: cdefer-demo [SRC... DESTDIR]   (no arguments: a self-contained run
 * in a temporary directory).
 */
#include <defer.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int log_close(FILE *f, const char *name) {
  printf("  deferred: fclose(%s)\n", name);
  return fclose(f);
}

static void log_free(void *p, const char *what) {
  printf("  deferred: free(%s)\n", what);
  free(p);
}

/* Copies SRC to DST. Returns 0, or -1 with a message on stderr. */
static int copy_file(const char *src, const char *dst) {
  FILE *in = fopen(src, "rb");
  if (!in) {
    fprintf(stderr, "  cannot open %s: %s\n", src, strerror(errno));
    return -1;
  }
  __attribute__((defer)) log_close(in, src);

  FILE *out = fopen(dst, "wb");
  if (!out) {
    fprintf(stderr, "  cannot create %s: %s\n", dst, strerror(errno));
    return -1;
  }
  __attribute__((defer)) log_close(out, dst);

  size_t size = 4096;
  char *buf = malloc(size);
  if (!buf)
    return -1;
  __attribute__((defer)) log_free(buf, "copy buffer");

  size_t n, total = 0;
  while ((n = fread(buf, 1, size, in)) > 0) {
    if (fwrite(buf, 1, n, out) != n)
      return -1;
    total += n;
  }
  if (ferror(in)) /* e.g. a directory: opens, but cannot be read */
    panic("read error on %s: %s", src, strerror(errno));
  printf("  copied %zu bytes: %s -> %s\n", total, src, dst);
  return 0;
}

/* copy_file, with a panic inside it turned into an error return: the
 * deferred fclose/free calls of copy_file run on the way out either way. */
static int copy_one(const char *src, const char *dst) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    if (p) {
      printf("  recovered: %s\n", cdefer_panic_message(p));
      cdefer_result(int) = -1;
    }
  }
  return copy_file(src, dst);
}

static void report(const char *name, int *ok) {
  printf("deferred report: %s %s\n", name, *ok ? "done" : "FAILED");
}

/* Copies every file; the per-file reports are deferred and so come out in
 * reverse order when the function returns. */
static int copy_all(int n, char **srcs, const char *dir) {
  int failures = 0;
  int *status = calloc((size_t)n, sizeof *status);
  if (!status)
    return -1;
  __attribute__((defer)) log_free(status, "status array");

  for (int i = 0; i < n; i++) {
    const char *base = strrchr(srcs[i], '/');
    base = base ? base + 1 : srcs[i];
    char dst[4096];
    snprintf(dst, sizeof dst, "%s/%s", dir, base);
    printf("copy %s\n", srcs[i]);
    status[i] = copy_one(srcs[i], dst) == 0;
    failures += !status[i];
    __attribute__((defer)) report(srcs[i], &status[i]);
  }
  printf("copy_all returns with %d failure(s)\n", failures);
  return failures;
}

/* A helper that fails by panicking; its caller's defers still run. */
static void must_write(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f)
    panic("must_write: cannot create %s", path);
  __attribute__((defer)) log_close(f, path);
  fputs(text, f);
}

static void make_samples(const char *dir, char **paths) {
  static const char *names[] = {"alpha.txt", "beta.txt"};
  for (int i = 0; i < 2; i++) {
    snprintf(paths[i], 4096, "%s/%s", dir, names[i]);
    must_write(paths[i], "hello from cdefer\n");
  }
  snprintf(paths[2], 4096, "%s/missing.txt", dir);
  snprintf(paths[3], 4096, "%s/gamma.d", dir);
  if (mkdir(paths[3], 0700) != 0)
    panic("cannot create %s: %s", paths[3], strerror(errno));
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0); /* keep stdout and stderr in order */
  if (argc >= 3)
    return copy_all(argc - 2, argv + 1, argv[argc - 1]) == 0 ? 0 : 1;

  char src[] = "/tmp/cdefer-demo-src-XXXXXX";
  char dst[] = "/tmp/cdefer-demo-dst-XXXXXX";
  if (!mkdtemp(src) || !mkdtemp(dst))
    return 1;
  char a[4096], b[4096], c[4096], d[4096];
  char *paths[] = {a, b, c, d};
  make_samples(src, paths);
  int failures = copy_all(4, paths, dst);
  printf("main: %d failure(s) (missing.txt does not exist and gamma.d is a "
         "directory, as planned)\n",
         failures);
  for (int i = 0; i < 4; i++) {
    char copy[8192];
    snprintf(copy, sizeof copy, "%s/%s", dst, strrchr(paths[i], '/') + 1);
    remove(copy);
    remove(paths[i]);
  }
  remove(src);
  remove(dst);
  return failures == 2 ? 0 : 1;
}
