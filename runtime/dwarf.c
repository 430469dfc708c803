/* dwarf.c - reading the unwind tables: a function's call frame information
 * (.eh_frame) decoded at one pc, and its language-specific data
 * (.gcc_except_table).
 *
 * cdefer_unwind_row_decode turns the CFI of one pc into a struct
 * cdefer_unwind_row: how to find the caller's frame from the frame (the
 * canonical frame address as a register plus an offset, the return address
 * and the callee-saved registers as offsets from it) and what a panic does
 * there (the landing pad __gcc_personality_v0 would enter, whether another
 * personality must be asked). libunwind finds the FDE and the function's
 * personality and LSDA; the CFA program is run here, up to the pc.
 *
 * Invariants:
 *  - A row either describes the frame exactly with the few rules a
 *    struct cdefer_unwind_row can hold, or says CDEFER_ROW_LIBUNWIND: any
 *    rule this decoder does not know (an expression, a register saved in
 *    another register, a signal frame) sends the frame to libunwind. It
 *    never guesses.
 *  - Every read stays inside the CIE and FDE whose lengths it read first.
 */
#define _GNU_SOURCE
#include "internal.h"

#include <dlfcn.h>
#include <string.h>

/* --- Encoded values --------------------------------------------------------- */

/* Reads the bits of a LEB128 number; *width is how many it had. */
static uint64_t read_leb128(const uint8_t **p, const uint8_t *end,
                            unsigned *width) {
  uint64_t result = 0;
  unsigned shift = 0;
  uint8_t byte = 0;
  do {
    if (*p >= end) {
      *width = 0;
      return 0;
    }
    byte = *(*p)++;
    if (shift < 64)
      result |= (uint64_t)(byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  *width = shift;
  return result;
}

static uintptr_t read_uleb(const uint8_t **p, const uint8_t *end) {
  unsigned width;
  return (uintptr_t)read_leb128(p, end, &width);
}

static intptr_t read_sleb(const uint8_t **p, const uint8_t *end) {
  unsigned width;
  uint64_t bits = read_leb128(p, end, &width);
  if (width != 0 && width < 64 && ((bits >> (width - 1)) & 1))
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

#define DW_EH_PE_omit 0xff

/* Reads a DW_EH_PE-encoded value (absolute or pc-relative, not indirect);
 * false for an encoding it does not know or a value past end. */
static bool read_encoded(const uint8_t **p, const uint8_t *end,
                         uint8_t encoding, uintptr_t *value) {
  const uint8_t *field = *p;
  uintptr_t v;
  unsigned size = 0;
  switch (encoding & 0x0f) {
  case 0x00: /* absptr */
  case 0x04: /* udata8 */
  case 0x0c: /* sdata8 */
    size = 8;
    break;
  case 0x02: /* udata2, sdata2 */
  case 0x0a:
    size = 2;
    break;
  case 0x03: /* udata4, sdata4 */
  case 0x0b:
    size = 4;
    break;
  case 0x01: /* uleb128 */
  case 0x09: /* sleb128 */
    break;
  default:
    return false;
  }
  if (size != 0) {
    if (end - *p < (ptrdiff_t)size)
      return false;
    v = read_fixed(p, size, encoding & 0x08);
  } else if ((encoding & 0x0f) == 0x01) {
    v = read_uleb(p, end);
  } else {
    v = (uintptr_t)read_sleb(p, end);
  }
  switch (encoding & 0x70) {
  case 0x00:
    break;
  case 0x10: /* pcrel */
    v += (uintptr_t)field;
    break;
  default:
    return false;
  }
  *value = v;
  return true;
}

/* --- The language-specific data area ---------------------------------------- */

bool cdefer_lsda_landing_pad(const uint8_t *lsda, uintptr_t start,
                             uintptr_t ip, uintptr_t *landing_pad) {
  *landing_pad = 0;
  if (lsda == NULL)
    return true;
  /* The LSDA has no length of its own: bound the header's reads
   * generously; the call-site table's length bounds the loop below. */
  const uint8_t *p = lsda, *limit = lsda + (1u << 20);
  uintptr_t lpstart = start;
  uint8_t encoding = *p++;
  if (encoding != DW_EH_PE_omit &&
      !read_encoded(&p, limit, encoding, &lpstart))
    return false;
  if (*p++ != DW_EH_PE_omit)
    read_uleb(&p, limit); /* the type table's offset */
  uint8_t site_encoding = *p++;
  uintptr_t length = read_uleb(&p, limit);
  const uint8_t *end = p + length;
  while (p < end) {
    uintptr_t site_start, site_length, pad;
    if (!read_encoded(&p, end, site_encoding, &site_start) ||
        !read_encoded(&p, end, site_encoding, &site_length) ||
        !read_encoded(&p, end, site_encoding, &pad))
      return false;
    read_uleb(&p, end); /* action */
    if (ip < start + site_start)
      return true; /* sorted: no later entry covers ip */
    if (ip < start + site_start + site_length) {
      *landing_pad = pad != 0 ? lpstart + pad : 0;
      return true;
    }
  }
  return true;
}

/* --- Call frame information ------------------------------------------------- */

/* DWARF register numbers of x86-64. */
enum {
  DW_RBX = 3,
  DW_RBP = 6,
  DW_RSP = 7,
  DW_R12 = 12,
  DW_R15 = 15,
  DW_RA = 16,
  /* 17-32: xmm0-xmm15, tracked for the registers a return stub restores
   * (cdefer_cfi_other_saves). */
  DW_NREGS = 33,
};

enum rule_kind {
  RULE_SAME,      /* unspecified or same value */
  RULE_UNDEFINED, /* no value (the return address of the outermost frame) */
  RULE_OFFSET,    /* saved at CFA + offset */
  RULE_OTHER,     /* anything else: only libunwind can follow it */
};

struct rule {
  uint8_t kind;
  int64_t offset;
};

struct cfa_state {
  uint64_t cfa_reg;
  int64_t cfa_offset;
  bool cfa_other; /* an expression */
  uint64_t args_size;
  struct rule regs[DW_NREGS];
};

struct cie {
  uint64_t code_align;
  int64_t data_align;
  uint64_t ra_reg;
  uint8_t fde_encoding;
  bool augmented; /* 'z': FDEs have augmentation data */
  bool signal_frame;
  const uint8_t *insns, *insns_end;
};

/* Reads a CIE or FDE's length and returns its end, or NULL (a 64-bit
 * length, or a zero terminator). */
static const uint8_t *entry_end(const uint8_t **p) {
  uint32_t length;
  memcpy(&length, *p, 4);
  *p += 4;
  if (length == 0 || length == 0xffffffffu)
    return NULL;
  return *p + length;
}

static bool parse_cie(const uint8_t *p, struct cie *cie) {
  const uint8_t *end = entry_end(&p);
  if (end == NULL || end - p < 5)
    return false;
  uint32_t id;
  memcpy(&id, p, 4);
  p += 4;
  if (id != 0)
    return false;
  uint8_t version = *p++;
  if (version != 1 && version != 3)
    return false;
  const char *augmentation = (const char *)p;
  size_t aug_len = strnlen(augmentation, (size_t)(end - p));
  if (p + aug_len >= end)
    return false;
  p += aug_len + 1;
  if (strstr(augmentation, "eh") != NULL)
    return false; /* an old GCC's pointer: not in current objects */
  memset(cie, 0, sizeof *cie);
  cie->code_align = read_uleb(&p, end);
  cie->data_align = read_sleb(&p, end);
  cie->ra_reg = version == 1 ? *p++ : read_uleb(&p, end);
  const uint8_t *insns = NULL;
  if (augmentation[0] == 'z') {
    cie->augmented = true;
    uintptr_t data_len = read_uleb(&p, end);
    insns = p + data_len;
    if (insns > end)
      return false;
    for (const char *a = augmentation + 1; *a; a++) {
      switch (*a) {
      case 'R':
        cie->fde_encoding = *p++;
        break;
      case 'L':
        p++; /* LSDA encoding: libunwind reads the LSDA pointer */
        break;
      case 'P': {
        uint8_t encoding = *p++;
        uintptr_t ignored;
        /* libunwind resolves the personality: skip its pointer, of the
         * size its format says (an aligned one does not occur here). */
        if ((encoding & 0x70) == 0x50 ||
            !read_encoded(&p, insns, encoding & 0x0f, &ignored))
          return false;
        break;
      }
      case 'S':
        cie->signal_frame = true;
        break;
      case 'B': /* AArch64 and memory-tagging flags: no data */
      case 'G':
        break;
      default:
        return false; /* unknown: libunwind may know it */
      }
    }
  } else if (augmentation[0] != '\0') {
    return false;
  }
  cie->insns = insns != NULL ? insns : p;
  cie->insns_end = end;
  return cie->insns <= end && cie->ra_reg < DW_NREGS && cie->code_align != 0;
}

#define STATE_STACK_MAX 8

/* Runs CFA instructions from p to end, starting at location loc, while the
 * location is at most target. initial is the state after the CIE's own
 * instructions (for DW_CFA_restore), or NULL while running those. Returns
 * false on an instruction it does not know. */
static bool run_cfa_program(const uint8_t *p, const uint8_t *end,
                            const struct cie *cie, uintptr_t loc,
                            uintptr_t target, struct cfa_state *state,
                            const struct cfa_state *initial) {
  struct cfa_state stack[STATE_STACK_MAX];
  unsigned depth = 0;
  while (p < end) {
    uint8_t op = *p++;
    uint64_t reg = op & 0x3f;
    uintptr_t delta = 0;
    switch (op & 0xc0) {
    case 0x40: /* DW_CFA_advance_loc */
      delta = reg;
      goto advance;
    case 0x80: /* DW_CFA_offset */
      if (reg < DW_NREGS)
        state->regs[reg] = (struct rule){RULE_OFFSET,
                                         (int64_t)read_uleb(&p, end) *
                                             cie->data_align};
      else
        read_uleb(&p, end);
      continue;
    case 0xc0: /* DW_CFA_restore */
      if (initial == NULL)
        return false;
      if (reg < DW_NREGS)
        state->regs[reg] = initial->regs[reg];
      continue;
    }
    switch (op) {
    case 0x00: /* DW_CFA_nop */
      break;
    case 0x01: { /* DW_CFA_set_loc */
      uintptr_t to;
      if (!read_encoded(&p, end, cie->fde_encoding, &to))
        return false;
      if (to > target)
        return true;
      loc = to;
      break;
    }
    case 0x02: /* DW_CFA_advance_loc1 */
      delta = *p++;
      goto advance;
    case 0x03: /* DW_CFA_advance_loc2 */
      if (end - p < 2)
        return false;
      delta = read_fixed(&p, 2, false);
      goto advance;
    case 0x04: /* DW_CFA_advance_loc4 */
      if (end - p < 4)
        return false;
      delta = read_fixed(&p, 4, false);
      goto advance;
    case 0x05: /* DW_CFA_offset_extended */
    case 0x11: /* DW_CFA_offset_extended_sf */
    case 0x2f: { /* DW_CFA_GNU_negative_offset_extended */
      reg = read_uleb(&p, end);
      int64_t factored = op == 0x11 ? (int64_t)read_sleb(&p, end)
                                    : (int64_t)read_uleb(&p, end);
      if (op == 0x2f)
        factored = -factored;
      if (reg < DW_NREGS)
        state->regs[reg] =
            (struct rule){RULE_OFFSET, factored * cie->data_align};
      break;
    }
    case 0x06: /* DW_CFA_restore_extended */
      reg = read_uleb(&p, end);
      if (initial == NULL)
        return false;
      if (reg < DW_NREGS)
        state->regs[reg] = initial->regs[reg];
      break;
    case 0x07: /* DW_CFA_undefined */
    case 0x08: /* DW_CFA_same_value */
      reg = read_uleb(&p, end);
      if (reg < DW_NREGS)
        state->regs[reg] =
            (struct rule){op == 0x07 ? RULE_UNDEFINED : RULE_SAME, 0};
      break;
    case 0x09: /* DW_CFA_register */
      reg = read_uleb(&p, end);
      read_uleb(&p, end);
      if (reg < DW_NREGS)
        state->regs[reg] = (struct rule){RULE_OTHER, 0};
      break;
    case 0x0a: /* DW_CFA_remember_state */
      if (depth == STATE_STACK_MAX)
        return false;
      stack[depth++] = *state;
      break;
    case 0x0b: /* DW_CFA_restore_state */
      if (depth == 0)
        return false;
      /* The whole row, CFA rule included, as libgcc and LLVM's
       * libunwind restore it (LLVM's epilogues rely on it). */
      *state = stack[--depth];
      break;
    case 0x0c: /* DW_CFA_def_cfa */
      state->cfa_reg = read_uleb(&p, end);
      state->cfa_offset = (int64_t)read_uleb(&p, end);
      state->cfa_other = false;
      break;
    case 0x12: /* DW_CFA_def_cfa_sf */
      state->cfa_reg = read_uleb(&p, end);
      state->cfa_offset = (int64_t)read_sleb(&p, end) * cie->data_align;
      state->cfa_other = false;
      break;
    case 0x0d: /* DW_CFA_def_cfa_register */
      state->cfa_reg = read_uleb(&p, end);
      break;
    case 0x0e: /* DW_CFA_def_cfa_offset */
      state->cfa_offset = (int64_t)read_uleb(&p, end);
      break;
    case 0x13: /* DW_CFA_def_cfa_offset_sf */
      state->cfa_offset = (int64_t)read_sleb(&p, end) * cie->data_align;
      break;
    case 0x0f: /* DW_CFA_def_cfa_expression */
      p += read_uleb(&p, end);
      state->cfa_other = true;
      break;
    case 0x10: /* DW_CFA_expression */
    case 0x16: /* DW_CFA_val_expression */
      reg = read_uleb(&p, end);
      p += read_uleb(&p, end);
      if (reg < DW_NREGS)
        state->regs[reg] = (struct rule){RULE_OTHER, 0};
      break;
    case 0x14: /* DW_CFA_val_offset */
    case 0x15: /* DW_CFA_val_offset_sf */
      reg = read_uleb(&p, end);
      if (op == 0x14)
        read_uleb(&p, end);
      else
        read_sleb(&p, end);
      if (reg < DW_NREGS)
        state->regs[reg] = (struct rule){RULE_OTHER, 0};
      break;
    case 0x2e: /* DW_CFA_GNU_args_size */
      state->args_size = read_uleb(&p, end);
      break;
    default:
      return false;
    }
    continue;
  advance:
    /* Rows apply from their location on: stop before the first row that
     * starts after the target. */
    if (loc + delta * cie->code_align > target)
      return true;
    loc += delta * cie->code_align;
  }
  return p == end;
}

/* The index of struct cdefer_frame's register for a DWARF register that a
 * call preserves, or -1. */
static int frame_index(uint64_t dwarf_reg) {
  switch (dwarf_reg) {
  case DW_RBX:
    return CDEFER_RBX;
  case DW_RBP:
    return CDEFER_RBP;
  case DW_RSP:
    return CDEFER_RSP;
  case 12:
  case 13:
  case 14:
  case 15:
    return CDEFER_R12 + (int)(dwarf_reg - 12);
  default:
    return -1;
  }
}

static bool fits_int16(int64_t v) {
  return v > INT16_MIN && v <= INT16_MAX;
}

/* Runs the CIE's and the FDE's programs up to pc: *state is pc's row.
 * false if it cannot (*signal_frame: the CIE is a signal frame's). */
static bool run_fde(const uint8_t *fde, uintptr_t start, uintptr_t pc,
                    struct cie *cie_out, struct cfa_state *state_out,
                    bool *signal_frame) {
  *signal_frame = false;
  const uint8_t *p = fde;
  const uint8_t *end = entry_end(&p);
  if (end == NULL)
    return false;
  uint32_t cie_offset;
  memcpy(&cie_offset, p, 4);
  if (cie_offset == 0)
    return false; /* a CIE, not an FDE */
  struct cie cie;
  if (!parse_cie(p - cie_offset, &cie))
    return false;
  if (cie.signal_frame) {
    *signal_frame = true;
    return false;
  }
  p += 4;
  uintptr_t ignored;
  /* pc_begin and pc_range: libunwind matched the FDE to the function. */
  if (!read_encoded(&p, end, cie.fde_encoding, &ignored) ||
      !read_encoded(&p, end, cie.fde_encoding & 0x0f, &ignored))
    return false;
  if (cie.augmented) {
    uintptr_t data_len = read_uleb(&p, end);
    p += data_len;
  }
  if (p > end)
    return false;

  struct cfa_state state, initial;
  memset(&state, 0, sizeof state);
  if (!run_cfa_program(cie.insns, cie.insns_end, &cie, start, pc, &state,
                       NULL))
    return false;
  initial = state;
  if (!run_cfa_program(p, end, &cie, start, pc, &state, &initial))
    return false;
  *cie_out = cie;
  *state_out = state;
  return true;
}

bool cdefer_cfi_decode(const uint8_t *fde, uintptr_t start, uintptr_t pc,
                       struct cdefer_unwind_row *row) {
  struct cie cie;
  struct cfa_state state;
  bool signal_frame;
  if (!run_fde(fde, start, pc, &cie, &state, &signal_frame)) {
    if (signal_frame)
      row->flags |= CDEFER_ROW_SIGNAL;
    return false;
  }
  int cfa_reg = frame_index(state.cfa_reg);
  if (state.cfa_other || cfa_reg < 0 || state.cfa_offset < INT32_MIN ||
      state.cfa_offset > INT32_MAX)
    return false;
  row->cfa_reg = (uint8_t)cfa_reg;
  row->cfa_offset = (int32_t)state.cfa_offset;
  if (state.args_size > UINT32_MAX)
    return false;
  row->args_size = (uint32_t)state.args_size;

  const struct rule *ra = &state.regs[cie.ra_reg];
  if (ra->kind == RULE_UNDEFINED) {
    row->flags |= CDEFER_ROW_OUTERMOST;
    row->ra_offset = 0;
  } else if (ra->kind == RULE_OFFSET && fits_int16(ra->offset)) {
    row->ra_offset = (int16_t)ra->offset;
  } else {
    return false;
  }
  static const uint8_t saved_regs[CDEFER_NSAVED] = {DW_RBX, DW_RBP, 12,
                                                    13,     14,     15};
  for (int i = 0; i < CDEFER_NSAVED; i++) {
    const struct rule *r = &state.regs[saved_regs[i]];
    if (r->kind == RULE_SAME || r->kind == RULE_UNDEFINED)
      row->saved[i] = CDEFER_ROW_SAME;
    else if (r->kind == RULE_OFFSET && fits_int16(r->offset))
      row->saved[i] = (int16_t)r->offset;
    else
      return false;
  }
  /* The stack pointer is the CFA by definition; a rule of its own is
   * beyond a row. */
  return state.regs[DW_RSP].kind == RULE_SAME;
}

/* The address of __gcc_personality_v0 as the program binds it, or 0. */
static uintptr_t gcc_personality(void) {
  static _Atomic uintptr_t address = 1;
  uintptr_t a = address;
  if (a == 1) {
    a = (uintptr_t)dlsym(RTLD_DEFAULT, "__gcc_personality_v0");
    address = a;
  }
  return a;
}

bool cdefer_unwind_row_decode(uintptr_t pc, struct cdefer_unwind_row *row) {
  unw_context_t context;
  unw_cursor_t cursor;
  unw_proc_info_t info;
  if (unw_getcontext(&context) != 0 || unw_init_local(&cursor, &context) != 0 ||
      unw_set_reg(&cursor, UNW_REG_IP, (unw_word_t)pc) != 0 ||
      unw_get_proc_info(&cursor, &info) != 0 || info.end_ip == 0)
    return false;
  memset(row, 0, sizeof *row);
  row->pc = pc;
  row->function = cdefer_fault_lookup((uintptr_t)info.start_ip);
  /* A table this cannot read goes to the personality itself, as does any
   * other personality's. */
  if (info.handler != 0 &&
      (info.handler != gcc_personality() ||
       !cdefer_lsda_landing_pad((const uint8_t *)info.lsda,
                                (uintptr_t)info.start_ip, pc,
                                &row->landing_pad)))
    row->flags |= CDEFER_ROW_FOREIGN;
  if (info.unwind_info == 0 ||
      !cdefer_cfi_decode((const uint8_t *)info.unwind_info,
                         (uintptr_t)info.start_ip, pc, row)) {
    row->flags |= CDEFER_ROW_LIBUNWIND;
    row->flags &= (uint8_t)~CDEFER_ROW_OUTERMOST;
  }
  return true;
}

uint64_t cdefer_cfi_other_saves(uintptr_t pc, int32_t offsets[CDEFER_NOTHER]) {
  unw_context_t context;
  unw_cursor_t cursor;
  unw_proc_info_t info;
  if (unw_getcontext(&context) != 0 || unw_init_local(&cursor, &context) != 0 ||
      unw_set_reg(&cursor, UNW_REG_IP, (unw_word_t)pc) != 0 ||
      unw_get_proc_info(&cursor, &info) != 0 || info.unwind_info == 0)
    return 0;
  struct cie cie;
  struct cfa_state state;
  bool signal_frame;
  if (!run_fde((const uint8_t *)info.unwind_info, (uintptr_t)info.start_ip,
               pc, &cie, &state, &signal_frame))
    return 0;
  uint64_t mask = 0;
  for (int i = 0; i < CDEFER_NOTHER; i++) {
    const struct rule *r = &state.regs[cdefer_other_dwarf_regs[i]];
    if (r->kind == RULE_OFFSET && r->offset >= INT32_MIN &&
        r->offset <= INT32_MAX) {
      offsets[i] = (int32_t)r->offset;
      mask |= 1ull << i;
    }
  }
  return mask;
}
