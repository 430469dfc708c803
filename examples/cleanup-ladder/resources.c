/* Counted, failure-injecting wrappers: see resources.h. */
#include "resources.h"

#include <defer.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

long res_fail_at;
int res_fail_by_panic;

static long steps;
static const char *failed_step;
static char release_log[1024];
static int double_releases;

enum kind { FREE_SLOT, STREAM, BLOCK, LOCK, DISK_FILE };

static struct held {
  enum kind kind;
  const void *ptr; /* FILE *, heap block; NULL for the lock and disk files */
  int writing;     /* STREAM: opened for writing */
  char name[64];   /* for the log: a file's base name, "bufN", "lock" */
  char path[4096]; /* DISK_FILE: its path */
} held[16];
static int buffers_allocated;

static pthread_mutex_t output_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* One fallible step: returns 1 when this one must fail. */
static int step_fails(const char *what) {
  if (++steps != res_fail_at)
    return 0;
  failed_step = what;
  if (res_fail_by_panic)
    panic("injected panic at step %ld (%s)", steps, what);
  return 1;
}

static void log_release(const char *prefix, const char *name) {
  size_t len = strlen(release_log);
  snprintf(release_log + len, sizeof release_log - len, "%s%s%s",
           len ? " " : "", prefix, name);
}

static struct held *track(enum kind kind, const void *ptr, const char *name) {
  for (size_t i = 0; i < sizeof held / sizeof *held; i++)
    if (held[i].kind == FREE_SLOT) {
      held[i].kind = kind;
      held[i].ptr = ptr;
      held[i].writing = 0;
      snprintf(held[i].name, sizeof held[i].name, "%s", name);
      held[i].path[0] = '\0';
      return &held[i];
    }
  fprintf(stderr, "resources: too many resources held\n");
  abort();
}

static struct held *find(enum kind kind, const void *ptr, const char *path) {
  for (size_t i = 0; i < sizeof held / sizeof *held; i++)
    if (held[i].kind == kind && held[i].ptr == ptr &&
        (!path || strcmp(held[i].path, path) == 0))
      return &held[i];
  return NULL;
}

int res_lock(void) {
  if (step_fails("lock"))
    return -1;
  if (pthread_mutex_trylock(&output_lock) != 0)
    return -1; /* held already: a bug in the caller */
  track(LOCK, NULL, "lock");
  return 0;
}

void res_unlock(void) {
  struct held *h = find(LOCK, NULL, NULL);
  if (!h) {
    double_releases++;
    log_release("DOUBLE:", "lock");
    return;
  }
  h->kind = FREE_SLOT;
  log_release("", "unlock");
  pthread_mutex_unlock(&output_lock);
}

FILE *res_fopen(const char *path, const char *mode) {
  if (step_fails("fopen")) {
    errno = EMFILE;
    return NULL;
  }
  int creates = mode[0] == 'w' && access(path, F_OK) != 0;
  FILE *f = fopen(path, mode);
  if (!f)
    return NULL;
  track(STREAM, f, base_name(path))->writing = mode[0] != 'r';
  if (creates)
    snprintf(track(DISK_FILE, NULL, base_name(path))->path, 4096, "%s", path);
  return f;
}

int res_fclose(FILE *f) {
  struct held *h = find(STREAM, f, NULL);
  if (!h) {
    double_releases++;
    log_release("DOUBLE:", "fclose");
    return EOF; /* not calling fclose on a stream that is not open */
  }
  /* Closing a written stream flushes it, and that can fail; the stream is
   * closed either way, as with fclose, so the failure (or the panic) comes
   * after the close. */
  int writing = h->writing;
  h->kind = FREE_SLOT;
  log_release("close:", h->name);
  int rc = fclose(f);
  if (writing && step_fails("fclose"))
    return EOF;
  return rc;
}

void *res_malloc(size_t size) {
  if (step_fails("malloc"))
    return NULL;
  void *p = malloc(size);
  if (!p)
    return NULL;
  char name[16];
  snprintf(name, sizeof name, "buf%d", ++buffers_allocated);
  track(BLOCK, p, name);
  return p;
}

void res_free(void *p) {
  if (!p)
    return;
  struct held *h = find(BLOCK, p, NULL);
  if (!h) {
    double_releases++;
    log_release("DOUBLE:", "free");
    return;
  }
  h->kind = FREE_SLOT;
  log_release("free:", h->name);
  free(p);
}

int res_write_value(FILE *f, long long value) {
  if (step_fails("write")) {
    errno = ENOSPC;
    return -1;
  }
  return fprintf(f, "%lld\n", value) < 0 ? -1 : 0;
}

int res_rename(const char *from, const char *to) {
  if (step_fails("rename")) {
    errno = EXDEV;
    return -1;
  }
  if (rename(from, to) != 0)
    return -1;
  struct held *h = find(DISK_FILE, NULL, from);
  if (h) {
    h->kind = FREE_SLOT;
    log_release("mv:", h->name);
  }
  return 0;
}

int res_remove(const char *path) {
  struct held *h = find(DISK_FILE, NULL, path);
  if (!h) {
    double_releases++;
    log_release("DOUBLE:", "remove");
    return -1;
  }
  h->kind = FREE_SLOT;
  log_release("rm:", h->name);
  return remove(path);
}

int read_value(FILE *f, char *buf, size_t size, const char *name,
               long long *prev, long long *value, const char **err) {
  static char message[64];
  if (!fgets(buf, (int)size, f))
    return 0;
  char *end;
  errno = 0;
  *value = strtoll(buf, &end, 10);
  if (end == buf || (*end != '\n' && *end != '\0') || errno == ERANGE) {
    snprintf(message, sizeof message, "bad number in %s", name);
    *err = message;
    return -1;
  }
  if (*value < *prev) {
    snprintf(message, sizeof message, "%s is not sorted", name);
    *err = message;
    return -1;
  }
  *prev = *value;
  return 1;
}

long res_steps(void) { return steps; }
const char *res_failed_step(void) { return failed_step; }
const char *res_release_log(void) { return release_log; }

void res_reset(void) {
  steps = 0;
  failed_step = NULL;
  release_log[0] = '\0';
  double_releases = 0;
  buffers_allocated = 0;
}

int res_reclaim(int *doubles) {
  int leaks = 0;
  for (size_t i = 0; i < sizeof held / sizeof *held; i++) {
    struct held *h = &held[i];
    switch (h->kind) {
    case FREE_SLOT:
      continue;
    case STREAM:
      fclose((FILE *)h->ptr);
      break;
    case BLOCK:
      free((void *)h->ptr);
      break;
    case LOCK:
      pthread_mutex_unlock(&output_lock);
      break;
    case DISK_FILE:
      remove(h->path);
      break;
    }
    h->kind = FREE_SLOT;
    leaks++;
  }
  *doubles = double_releases;
  return leaks;
}
