/* fault_frames.c - the frames a fault stops: where their pending deferred
 * calls are, and how to make them from outside.
 *
 * A fault stops a function at an instruction that is not a call, and the
 * compiler may have proved that a call cannot unwind (a libc routine, or a
 * function it inferred nounwind) although the callee faulted: a frame of a
 * function with defers can then be at a pc without a landing pad. The pass
 * registers every function with defers here, with three helpers
 * (struct __cdefer_fault_frame): where its anchor is for a candidate frame
 * base, a runner that makes its pending calls, and a stub that returns its
 * result to its caller. While a fault's unwind is on the stack, the stop
 * function hands every frame to cdefer_fault_at_frame, which finds whether
 * the personality will run a landing pad there (from the frame's
 * .gcc_except_table); if not, it finds the frame's anchor and runs the
 * runner; if a call recovers, the frame returns through its stub.
 *
 * Invariants:
 *  - Pending calls are made from an anchor only when it holds the cookie of
 *    its own address and lies inside the frame (between its stack pointer
 *    and its caller's): never from a frame that has not stored it yet.
 *  - The runner clears each bit or unlinks each record before its call, so
 *    a landing pad that runs after it finds nothing pending, and a newer
 *    panic that passes the frame again makes only the calls still pending.
 *  - The registry is a list of per-module tables, changed only by
 *    constructors and destructors, read under its lock.
 */
#define _GNU_SOURCE
#include "internal.h"

#include <pthread.h>
#include <string.h>

#include <libunwind.h>

/* AddressSanitizer, when the program is built with it: frames that a fault
 * or a recovery leaves without returning keep their redzones poisoned
 * unless it is told (as it is before any call of a noreturn function). */
extern void __asan_handle_no_return(void) __attribute__((weak));

void cdefer_forget_abandoned_frames(void) {
  if (__asan_handle_no_return != NULL)
    __asan_handle_no_return();
}

/* --- The registry of functions with defers -------------------------------- */

static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;
static struct __cdefer_fault_table *tables;

void __cdefer_register_fault_table(struct __cdefer_fault_table *t) {
  pthread_mutex_lock(&tables_lock);
  t->next = tables;
  tables = t;
  pthread_mutex_unlock(&tables_lock);
}

void __cdefer_unregister_fault_table(struct __cdefer_fault_table *t) {
  pthread_mutex_lock(&tables_lock);
  for (struct __cdefer_fault_table **link = &tables; *link != NULL;
       link = &(*link)->next)
    if (*link == t) {
      *link = t->next;
      break;
    }
  pthread_mutex_unlock(&tables_lock);
}

const struct __cdefer_fault_frame *cdefer_fault_lookup(uintptr_t start) {
  const struct __cdefer_fault_frame *found = NULL;
  pthread_mutex_lock(&tables_lock);
  for (const struct __cdefer_fault_table *t = tables; t && !found; t = t->next)
    for (uint64_t i = 0; i < t->count; i++)
      if ((uintptr_t)t->frames[i].function == start) {
        found = &t->frames[i];
        break;
      }
  pthread_mutex_unlock(&tables_lock);
  return found;
}

/* --- Reading a language-specific data area (.gcc_except_table) ------------ */

/* Reads the bits of a LEB128 number; *width is how many it had. */
static uint64_t read_leb128(const uint8_t **p, unsigned *width) {
  uint64_t result = 0;
  unsigned shift = 0;
  uint8_t byte;
  do {
    byte = *(*p)++;
    if (shift < 64)
      result |= (uint64_t)(byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  *width = shift;
  return result;
}

static uintptr_t read_uleb(const uint8_t **p) {
  unsigned width;
  return (uintptr_t)read_leb128(p, &width);
}

static intptr_t read_sleb(const uint8_t **p) {
  unsigned width;
  uint64_t bits = read_leb128(p, &width);
  if (width < 64 && ((bits >> (width - 1)) & 1))
    bits |= ~(uint64_t)0 << width;
  return (intptr_t)bits;
}

/* A little-endian value of size bytes, sign-extended if is_signed. */
static uintptr_t read_fixed(const uint8_t **p, unsigned size, bool is_signed) {
  uint64_t v = 0;
  memcpy(&v, *p, size);
  *p += size;
  if (is_signed && size < 8 && ((v >> (size * 8 - 1)) & 1))
    v |= ~(uint64_t)0 << (size * 8);
  return (uintptr_t)v;
}

/* Reads a DW_EH_PE-encoded value; false for an encoding it does not know. */
static bool read_encoded(const uint8_t **p, uint8_t encoding,
                         uintptr_t *value) {
  const uint8_t *field = *p;
  uintptr_t v;
  switch (encoding & 0x0f) {
  case 0x01: /* uleb128 */
    v = read_uleb(p);
    break;
  case 0x09: /* sleb128 */
    v = (uintptr_t)read_sleb(p);
    break;
  case 0x00: /* absptr */
  case 0x04: /* udata8 */
  case 0x0c: /* sdata8 */
    v = read_fixed(p, 8, false);
    break;
  case 0x02: /* udata2, sdata2 */
  case 0x0a:
    v = read_fixed(p, 2, encoding & 0x08);
    break;
  case 0x03: /* udata4, sdata4 */
  case 0x0b:
    v = read_fixed(p, 4, encoding & 0x08);
    break;
  default:
    return false;
  }
  switch (encoding & 0x70) {
  case 0x00:
    break;
  case 0x10:
    v += (uintptr_t)field;
    break; /* pcrel */
  default:
    return false;
  }
  *value = v;
  return true;
}

/* Whether the personality would find a landing pad for ip (the address of
 * the instruction the frame is at) in the function at start. When the
 * table cannot be read, says no: the runner then makes the calls, and a
 * landing pad that runs after it finds none pending. */
bool cdefer_lsda_has_landing_pad(const uint8_t *lsda, uintptr_t start,
                                 uintptr_t ip) {
  if (lsda == NULL)
    return false;
  const uint8_t *p = lsda;
  uintptr_t lpstart = start;
  uint8_t encoding = *p++;
  if (encoding != 0xff && !read_encoded(&p, encoding, &lpstart))
    return false;
  if (*p++ != 0xff)
    read_uleb(&p); /* the type table's offset */
  uint8_t site_encoding = *p++;
  uintptr_t length = read_uleb(&p);
  const uint8_t *end = p + length;
  while (p < end) {
    uintptr_t site_start, site_length, landing_pad;
    if (!read_encoded(&p, site_encoding, &site_start) ||
        !read_encoded(&p, site_encoding, &site_length) ||
        !read_encoded(&p, site_encoding, &landing_pad))
      return false;
    read_uleb(&p); /* action */
    if (ip < start + site_start)
      return false; /* sorted: no later entry covers ip */
    if (ip < start + site_start + site_length)
      return landing_pad != 0;
  }
  return false;
}

/* --- Making a frame's pending calls from outside -------------------------- */

/* The anchor of a registered frame, if its cookie is in place when the frame
 * is addressed from one of the registers that can hold its base. */
static bool find_anchor(const struct __cdefer_fault_frame *fn,
                        unw_cursor_t *cursor, uintptr_t lo, uintptr_t hi,
                        void **base) {
  static const int candidates[] = {UNW_X86_64_RBP, UNW_X86_64_RSP,
                                   UNW_X86_64_RBX};
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
    unw_word_t value;
    if (unw_get_reg(cursor, candidates[i], &value) != 0)
      continue;
    uintptr_t anchor = (uintptr_t)fn->anchor((void *)value);
    if (anchor < lo || anchor + 8 > hi || (anchor & 7) != 0)
      continue;
    if ((*(const uint64_t *)anchor & ~(uint64_t)0xff) ==
        CDEFER_ANCHOR_COOKIE(anchor)) {
      *base = (void *)value;
      return true;
    }
  }
  return false;
}

/* Points cursor at the frame whose stack pointer is sp, walking up from
 * the caller of this function. */
static bool find_frame(unw_context_t *context, unw_cursor_t *cursor,
                       uintptr_t sp) {
  if (unw_getcontext(context) != 0 || unw_init_local(cursor, context) != 0)
    return false;
  unw_word_t frame_sp = 0;
  while (frame_sp != sp)
    if (unw_step(cursor) <= 0 ||
        unw_get_reg(cursor, UNW_REG_SP, &frame_sp) != 0 || frame_sp > sp)
      return false;
  return true;
}

/* Returns to the caller of the frame at caller (a cursor already stepped
 * to that caller) through ret with result as its argument, as if the frame
 * itself had returned. */
static _Noreturn void return_to_caller(unw_cursor_t *caller, void *ret,
                                       void *result) {
  unw_word_t caller_sp;
  if (unw_get_reg(caller, UNW_REG_SP, &caller_sp) != 0)
    cdefer_fatal("cannot find the caller of a recovered frame");
  /* Enter ret as if the caller had called it instead: the frame's return
   * address is still in place just below the caller's stack pointer. The
   * cursor holds the caller's callee-saved registers, restored from the
   * frame. */
  unw_set_reg(caller, UNW_REG_SP, caller_sp - sizeof(void *));
  unw_set_reg(caller, UNW_X86_64_RDI, (unw_word_t)result);
  unw_set_reg(caller, UNW_REG_IP, (unw_word_t)ret);
  cdefer_forget_abandoned_frames();
  unw_resume(caller);
  cdefer_fatal("cannot resume the caller of a recovered frame");
}

void cdefer_fault_at_frame(struct cdefer_panic *p,
                           struct _Unwind_Context *context, uintptr_t sp) {
  /* Only a fault, or a panic raised while a fault's unwind is on the stack,
   * can pass a frame of a function with defers at a pc without a landing
   * pad: the faulting frame itself, or a frame whose call the compiler
   * proved could not unwind (a libc routine, or a function it inferred
   * nounwind) and which faulted all the same. */
  bool faulting_frame = false, after_fault = false;
  for (const struct cdefer_panic *q = p; q != NULL; q = q->link)
    if (q->signo != 0) {
      after_fault = true;
      faulting_frame |= q->fault_sp == sp;
    }
  if (!after_fault)
    return;
  uintptr_t start = _Unwind_GetRegionStart(context);
  const struct __cdefer_fault_frame *fn = cdefer_fault_lookup(start);
  if (fn == NULL)
    return;
  int ip_before_insn = 0;
  uintptr_t ip = _Unwind_GetIPInfo(context, &ip_before_insn);
  if (!ip_before_insn)
    ip--;
  /* A landing pad at a call site runs the calls, in order with the frame's
   * C cleanups; the faulting instruction may lie in a landing pad's range
   * too, but the runner is the safer way into a frame stopped between
   * calls. */
  if (!faulting_frame &&
      cdefer_lsda_has_landing_pad(
          (const uint8_t *)_Unwind_GetLanguageSpecificData(context), start, ip))
    return;
  /* A cursor of our own at the frame, and one at its caller: the frame
   * lies between their stack pointers. (Rare enough to walk for.) */
  unw_context_t here;
  unw_cursor_t frame, caller;
  unw_word_t caller_sp;
  void *base;
  if (!find_frame(&here, &frame, sp))
    return;
  caller = frame;
  if (unw_step(&caller) <= 0 ||
      unw_get_reg(&caller, UNW_REG_SP, &caller_sp) != 0 ||
      !find_anchor(fn, &frame, sp, caller_sp, &base))
    return;
  _Alignas(16) unsigned char result[CDEFER_FAULT_RESULT_SIZE];
  /* If a call recovers p, p is gone when run returns. The frames from here
   * up to the caller are as they were: the cursor still describes them. */
  if (fn->run(base, &p->exception, result))
    return_to_caller(&caller, fn->ret, result);
}
