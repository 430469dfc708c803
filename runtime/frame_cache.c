/* frame_cache.c - the rows of the pcs panics have passed, so that a panic
 * steps through a frame with a table lookup instead of decoding its unwind
 * tables each time.
 *
 * The cache is shared by every thread: 4096 entries, direct-mapped by pc,
 * each a seqlock (its sequence number is odd while it is written). A reader
 * copies an entry and keeps the copy only if the sequence number did not
 * change; a writer that finds an entry being written gives up (the row is
 * only not cached). Each entry remembers the generation it was decoded in:
 * when code is unloaded (dlclose, which the runtime interposes) or the
 * registry of functions with defers changes, the generation moves on and
 * every older entry stops matching.
 *
 * Invariants:
 *  - A row is returned only for the exact pc it was decoded for, in the
 *    current generation.
 *  - An entry is written only by the thread that moved its sequence number
 *    from even to odd, and made even again when the row is complete.
 */
#define _GNU_SOURCE
#include "internal.h"

#include <dlfcn.h>
#include <stdatomic.h>
#include <string.h>

#define CACHE_BITS 12
#define ROW_WORDS (sizeof(struct cdefer_unwind_row) / sizeof(uint64_t))

struct cache_entry {
  _Atomic uint32_t sequence;
  uint32_t generation;
  uint64_t row[ROW_WORDS];
} __attribute__((aligned(64)));

static struct cache_entry cache[1u << CACHE_BITS];

/* 0 is never a generation: an empty entry never matches. */
static _Atomic uint32_t current_generation = 1;

static struct cache_entry *entry_of(uintptr_t pc) {
  return &cache[(uint64_t)pc * 0x9e3779b97f4a7c15ull >> (64 - CACHE_BITS)];
}

uint32_t cdefer_frame_cache_generation(void) {
  return atomic_load_explicit(&current_generation, memory_order_acquire);
}

bool cdefer_frame_cache_get(uintptr_t pc, struct cdefer_unwind_row *row) {
  struct cache_entry *e = entry_of(pc);
  uint32_t before = atomic_load_explicit(&e->sequence, memory_order_acquire);
  uint64_t words[ROW_WORDS];
  for (size_t i = 0; i < ROW_WORDS; i++)
    words[i] = __atomic_load_n(&e->row[i], __ATOMIC_RELAXED);
  uint32_t generation = __atomic_load_n(&e->generation, __ATOMIC_RELAXED);
  atomic_thread_fence(memory_order_acquire);
  uint32_t after = atomic_load_explicit(&e->sequence, memory_order_relaxed);
  if ((before & 1) || before != after || words[0] != pc ||
      generation !=
          atomic_load_explicit(&current_generation, memory_order_relaxed))
    return false;
  memcpy(row, words, sizeof *row);
  return true;
}

void cdefer_frame_cache_put(const struct cdefer_unwind_row *row,
                            uint32_t generation) {
  struct cache_entry *e = entry_of(row->pc);
  uint32_t sequence = atomic_load_explicit(&e->sequence, memory_order_relaxed);
  if ((sequence & 1) ||
      !atomic_compare_exchange_strong_explicit(&e->sequence, &sequence,
                                               sequence + 1,
                                               memory_order_relaxed,
                                               memory_order_relaxed))
    return;
  atomic_thread_fence(memory_order_release);
  uint64_t words[ROW_WORDS];
  memcpy(words, row, sizeof words);
  for (size_t i = 0; i < ROW_WORDS; i++)
    __atomic_store_n(&e->row[i], words[i], __ATOMIC_RELAXED);
  __atomic_store_n(&e->generation, generation, __ATOMIC_RELAXED);
  atomic_store_explicit(&e->sequence, sequence + 2, memory_order_release);
}

void cdefer_frame_cache_invalidate(void) {
  uint32_t previous = atomic_fetch_add(&current_generation, 1);
  if (previous + 1 == 0)
    atomic_fetch_add(&current_generation, 1);
}

bool cdefer_frame_row(uintptr_t pc, struct cdefer_unwind_row *row) {
  if (cdefer_frame_cache_get(pc, row))
    return true;
  /* A row decoded while the generation moves on is stored as stale. */
  uint32_t generation = cdefer_frame_cache_generation();
  if (!cdefer_unwind_row_decode(pc, row))
    return false;
  cdefer_frame_cache_put(row, generation);
  return true;
}

/* --- dlclose ------------------------------------------------------------- */

typedef int (*dlclose_fn)(void *);

/* A library's code may be unmapped and other code mapped where it was:
 * rows of its pcs must not be used again. */
CDEFER_ABI int dlclose(void *handle) {
  static _Atomic(dlclose_fn) real;
  dlclose_fn fn = real;
  if (fn == NULL) {
    fn = (dlclose_fn)dlsym(RTLD_NEXT, "dlclose");
    if (fn == NULL)
      cdefer_fatal("cannot find the C library's dlclose: %s", dlerror());
    real = fn;
  }
  int result = fn(handle);
  cdefer_frame_cache_invalidate();
  return result;
}
