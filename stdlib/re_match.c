/* The re module's matchers. The Pike VM (Thompson's simulation with
 * capture slots per thread, leftmost-first priority as in RE2) moves all
 * threads through the input together, each instruction at most once per
 * position; for short subjects, RE2's bit-state search finds the same
 * matches depth-first. Either way a run costs at most the input's length
 * times the program's size, and fuel is charged as the work is done. */
#include "stdlib/wstdlib.h"
#include "stdlib/re.h"

#include <string.h>

#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"

/* ---------------------------------------------------------------------
 * Scratch memory
 * ------------------------------------------------------------------- */

/* From the local words while they last, then a buffer on the VM's heap
 * (so the memory budget sees it, and an error unwinding past the matcher
 * leaves it to the collector). */
void *re_scratch(WVM *vm, ReMatcher *m, size_t bytes) {
  bytes = (bytes + 7) & ~(size_t)7;
  if (m->localUsed + bytes <= sizeof m->local) {
    void *r = (char *)m->local + m->localUsed;
    m->localUsed += bytes;
    return r;
  }
  if (bytes > WRIT_MAX_STRING_BYTES) vm_raise_oom(vm);
  ObjBuffer *b = buffer_new(vm, (uint32_t)bytes);
  vm_push_root(vm, OBJ_VAL(b));
  m->nroots++;
  return b->data;
}

static void new_list(WVM *vm, ReMatcher *m, ReList *l) {
  uint32_t n = m->prog->ninst;
  l->pc = re_scratch(vm, m, (size_t)n * sizeof(int32_t));
  l->cap = n < 8 ? n : 8;
  l->caps = re_scratch(vm, m, (size_t)l->cap * (size_t)m->nslots * sizeof(int32_t));
  l->n = 0;
}

/* Room for one more thread's captures: twice the room, up to a thread per
 * instruction. */
static void grow(WVM *vm, ReMatcher *m, ReList *l) {
  uint32_t ncap = l->cap * 2 < m->prog->ninst ? l->cap * 2 : m->prog->ninst;
  int32_t *caps = re_scratch(vm, m, (size_t)ncap * (size_t)m->nslots * sizeof(int32_t));
  memcpy(caps, l->caps, (size_t)l->n * (size_t)m->nslots * sizeof(int32_t));
  l->caps = caps;
  l->cap = ncap;
}

void re_matcher_init(WVM *vm, ReMatcher *m, const ReProg *prog, const char *s, int32_t len) {
  m->prog = prog;
  m->inst = RE_INSTS(prog);
  m->ranges = RE_RANGES(prog);
  m->s = s;
  m->len = len;
  m->nslots = (int32_t)RE_NSLOTS(prog);
  m->nroots = 0;
  m->localUsed = 0;
  m->unpaid = 0;
  m->gen = 0;
  m->credit = 0;
  m->bits = NULL;
  uint32_t n = prog->ninst;
  double bits = ((double)len + 1) * n;
  m->work = re_scratch(vm, m, (size_t)m->nslots * sizeof(int32_t));
  if (bits <= RE_BITSTATE_BITS) {
    size_t bytes = ((size_t)bits + 31) / 32 * sizeof(uint32_t);
    vm_charge(vm, bytes / 64 + 1); /* clearing the bits */
    m->bits = re_scratch(vm, m, bytes);
    memset(m->bits, 0, bytes);
    m->jobsCap = 32;
    m->stack = re_scratch(vm, m, m->jobsCap * sizeof(ReJob));
    return;
  }
  vm_charge(vm, n / 8 + 1); /* clearing the marks */
  m->mark = re_scratch(vm, m, (size_t)n * sizeof(uint32_t));
  memset(m->mark, 0, (size_t)n * sizeof(uint32_t));
  m->stack = re_scratch(vm, m, ((size_t)n + 1) * sizeof(ReJob));
  new_list(vm, m, &m->lists[0]);
  new_list(vm, m, &m->lists[1]);
}

void re_matcher_done(WVM *vm, ReMatcher *m) {
  vm_pop_roots(vm, m->nroots);
  m->nroots = 0;
}

/* ---------------------------------------------------------------------
 * Threads
 * ------------------------------------------------------------------- */

/* A new generation of marks for the next list to build. */
static void next_gen(ReMatcher *m) {
  if (++m->gen == UINT32_MAX) { /* after four billion steps: start the marks again */
    memset(m->mark, 0, (size_t)m->prog->ninst * sizeof(uint32_t));
    m->gen = 1;
  }
}

static bool is_word(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool holds(const ReMatcher *m, int kind, int32_t pos) {
  const unsigned char *s = (const unsigned char *)m->s;
  switch (kind) {
  case RE_BOT: return pos == 0;
  case RE_EOT: return pos == m->len;
  case RE_BOL: return pos == 0 || s[pos - 1] == '\n';
  case RE_EOL: return pos == m->len || s[pos] == '\n';
  default: {
    bool before = pos > 0 && is_word(s[pos - 1]), after = pos < m->len && is_word(s[pos]);
    return (before != after) == (kind == RE_WORDB);
  }
  }
}

/* Capture slots: most patterns have one group or two. */
static inline void copy_slots(int32_t *to, const int32_t *from, int32_t n) {
  if (n == 2) memcpy(to, from, 2 * sizeof(int32_t)); /* inlined: a constant size */
  else if (n == 4) memcpy(to, from, 4 * sizeof(int32_t));
  else memcpy(to, from, (size_t)n * sizeof(int32_t));
}

/* A thread at pc (a consuming instruction or MATCH) with captures caps. */
static void push_thread(WVM *vm, ReMatcher *m, ReList *l, int32_t pc, const int32_t *caps) {
  if (l->n == l->cap) grow(vm, m, l);
  l->pc[l->n] = pc;
  copy_slots(l->caps + (size_t)l->n * (size_t)m->nslots, caps, m->nslots);
  l->n++;
  m->unpaid += (size_t)m->nslots / 8;
}

/* Adds to l the threads reachable from pc0 without consuming input, at
 * byte pos, with the captures in m->work, in priority order. An explicit
 * stack (no C recursion: a chain of groups can be as long as the
 * program); a SAVE pushes the slot's old value, put back once everything
 * after it has been followed. Each instruction is followed once per list. */
static void add_thread(WVM *vm, ReMatcher *m, ReList *l, int32_t pc, int32_t pos) {
  ReJob *stack = m->stack;
  uint32_t top = 0;
  for (;;) {
    while (m->mark[pc] != m->gen) {
      const ReInst *in = &m->inst[pc];
      m->mark[pc] = m->gen;
      m->unpaid++;
      if (in->op == RE_SPLIT) {
        stack[top++] = (ReJob){(int32_t)in->y, 0, 0};
        pc = (int32_t)in->x;
      } else if (in->op == RE_JMP) {
        pc = (int32_t)in->x;
      } else if (in->op == RE_SAVE) {
        stack[top++] = (ReJob){-1, (int32_t)in->x, m->work[in->x]};
        m->work[in->x] = pos;
        pc++;
      } else if (in->op == RE_ASSERT) {
        if (holds(m, in->arg, pos)) pc++;
      } else {
        push_thread(vm, m, l, pc, m->work);
      }
    }
    for (;;) { /* the next branch to follow, putting back saved slots on the way */
      if (top == 0) return;
      ReJob j = stack[--top];
      if (j.pc >= 0) {
        pc = j.pc;
        break;
      }
      m->work[j.slot] = j.val;
    }
  }
}

static bool in_class(const ReRange *r, uint32_t n, uint32_t c) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (c < r[mid].lo) hi = mid;
    else if (c > r[mid].hi) lo = mid + 1;
    else return true;
  }
  return false;
}

static bool consumes(const ReMatcher *m, const ReInst *in, int32_t c) {
  switch (in->op) {
  case RE_CHAR: return (uint32_t)c == in->x;
  case RE_ANY: return c != '\n';
  case RE_ANYNL: return true;
  case RE_CLASS: return in_class(m->ranges + in->x, in->y, (uint32_t)c);
  default: return false;
  }
}

/* ---------------------------------------------------------------------
 * Running
 * ------------------------------------------------------------------- */

typedef struct {
  int32_t from;
  int mode;
  bool notEmptyAt;
} Run;

/* Steps the threads of cl over the code point c at pos (c < 0: the end;
 * next: the position after it) into nl. A thread at MATCH that counts
 * wins over every thread after it, which are dropped: its captures go to
 * caps and it returns true. */
static bool step(WVM *vm, ReMatcher *m, const Run *r, ReList *cl, ReList *nl, int32_t pos, int32_t c,
                 int32_t next, int32_t *caps) {
  size_t nslots = (size_t)m->nslots;
  for (uint32_t i = 0; i < cl->n; i++) {
    const ReInst *in = &m->inst[cl->pc[i]];
    const int32_t *tc = cl->caps + i * nslots;
    if (in->op == RE_MATCH) {
      if (r->mode == RE_FULL && pos != m->len) continue;
      if (r->notEmptyAt && pos == r->from && tc[0] == r->from) continue;
      memcpy(caps, tc, nslots * sizeof(int32_t));
      return true;
    }
    if (c < 0 || !consumes(m, in, c)) continue;
    int32_t pc = cl->pc[i] + 1;
    if (m->inst[pc].op <= RE_MATCH) { /* the common case: nothing to follow */
      if (m->mark[pc] == m->gen) continue;
      m->mark[pc] = m->gen;
      m->unpaid++;
      push_thread(vm, m, nl, pc, tc);
    } else {
      copy_slots(m->work, tc, (int32_t)nslots);
      m->unpaid += nslots / 8;
      add_thread(vm, m, nl, pc, next);
    }
  }
  return false;
}

/* The next position at or after pos whose byte can begin a match (len if
 * none), scanning in paid chunks. */
static int32_t skip(WVM *vm, ReMatcher *m, int32_t pos) {
  const unsigned char *s = (const unsigned char *)m->s;
  const uint8_t *set = m->prog->first;
  while (pos < m->len) {
    int32_t end = m->len - pos > 4096 ? pos + 4096 : m->len;
    vm_charge(vm, (size_t)(end - pos) / 16 + 1);
    if (m->prog->single >= 0) {
      const void *hit = memchr(s + pos, m->prog->single, (size_t)(end - pos));
      if (hit) return (int32_t)((const unsigned char *)hit - s);
      pos = end;
      continue;
    }
    for (; pos < end; pos++)
      if (set[s[pos] >> 3] & (1u << (s[pos] & 7))) return pos;
  }
  return m->len;
}

/* Starts a thread at pos, after the ones already there (the lowest
 * priority: an earlier start wins). Returns false when a search can stop:
 * no byte from pos on can begin a match. */
static bool start_thread(WVM *vm, ReMatcher *m, const Run *r, ReList *cl, int32_t *pos) {
  const ReProg *prog = m->prog;
  if (r->mode == RE_SEARCH && prog->canSkip && !(*pos == 0 && prog->sawBot)) {
    if (cl->n > 0) { /* a thread starting here would die at once: none */
      unsigned char c = *pos < m->len ? (unsigned char)m->s[*pos] : 0;
      if (*pos >= m->len || !(prog->first[c >> 3] & (1u << (c & 7)))) return true;
    } else {
      int32_t to = skip(vm, m, *pos);
      if (to >= m->len) return false;
      if (to != *pos) next_gen(m); /* cl's marks were for the old position */
      *pos = to;
    }
  }
  for (int32_t k = 0; k < m->nslots; k++) m->work[k] = -1;
  m->unpaid += (size_t)m->nslots / 8;
  add_thread(vm, m, cl, 0, *pos);
  return true;
}

/* ---------------------------------------------------------------------
 * The bit-state matcher (RE2's BitState), for short subjects: a
 * depth-first search in priority order that never follows an
 * (instruction, position) pair twice, a bit per pair. Whether a pair
 * leads to a match depends only on the pair, so a second visit would fail
 * again: the search is linear like the Pike VM and finds the same match
 * (the first in priority order), without thread lists or copies of the
 * captures (a SAVE pushes the slot's old value, put back on the way back).
 * ------------------------------------------------------------------- */

static void bt_push(WVM *vm, ReMatcher *m, int32_t pc, int32_t slot, int32_t val) {
  if (m->njobs == m->jobsCap) {
    ReJob *jobs = re_scratch(vm, m, (size_t)m->jobsCap * 2 * sizeof(ReJob));
    memcpy(jobs, m->stack, m->njobs * sizeof(ReJob));
    m->stack = jobs;
    m->jobsCap *= 2;
  }
  m->stack[m->njobs++] = (ReJob){pc, slot, val};
}

/* First visit of (pc, pos): marks it and pays for it, 64 visits at a time. */
static bool bt_first_visit(WVM *vm, ReMatcher *m, int32_t pc, int32_t pos) {
  size_t k = (size_t)pos * m->prog->ninst + (size_t)pc;
  uint32_t bit = 1u << (k & 31);
  if (m->bits[k >> 5] & bit) return false;
  m->bits[k >> 5] |= bit;
  if (pos > m->maxPos) m->maxPos = pos;
  if (--m->credit < 0) {
    vm_charge(vm, 64);
    m->credit += 64;
  }
  return true;
}

/* Follows pc at pos, pushing the other branches; true at a match that
 * counts, with its captures in caps. */
static bool bt_follow(WVM *vm, ReMatcher *m, const Run *r, int32_t pc, int32_t pos, int32_t *caps) {
  while (bt_first_visit(vm, m, pc, pos)) {
    const ReInst *in = &m->inst[pc];
    switch (in->op) {
    case RE_SPLIT: bt_push(vm, m, (int32_t)in->y, pos, 0); pc = (int32_t)in->x; break;
    case RE_JMP: pc = (int32_t)in->x; break;
    case RE_SAVE:
      bt_push(vm, m, -1, (int32_t)in->x, m->work[in->x]);
      m->work[in->x] = pos;
      pc++;
      break;
    case RE_ASSERT:
      if (!holds(m, in->arg, pos)) return false;
      pc++;
      break;
    case RE_MATCH:
      if (r->mode == RE_FULL && pos != m->len) return false;
      if (r->notEmptyAt && pos == r->from && m->work[0] == r->from) return false;
      copy_slots(caps, m->work, m->nslots);
      return true;
    default: {
      uint32_t next = (uint32_t)pos;
      if (pos >= m->len || !consumes(m, in, (int32_t)re_decode(m->s, (uint32_t)m->len, &next))) return false;
      pos = (int32_t)next;
      pc++;
    }
    }
  }
  return false;
}

/* A match beginning at start, the first in priority order. */
static bool bt_try(WVM *vm, ReMatcher *m, const Run *r, int32_t start, int32_t *caps) {
  for (int32_t k = 0; k < m->nslots; k++) m->work[k] = -1;
  m->njobs = 0;
  bt_push(vm, m, 0, start, 0);
  while (m->njobs > 0) {
    ReJob j = m->stack[--m->njobs];
    if (j.pc < 0) m->work[j.slot] = j.val;
    else if (bt_follow(vm, m, r, j.pc, j.slot, caps)) return true;
  }
  return false;
}

/* Tries each start in turn (only `from` unless searching); the bits stay
 * set across starts, since a pair that failed from one start fails from
 * any. Afterwards the bits of the positions visited are cleared for the
 * next run over the subject. */
static bool bt_run(WVM *vm, ReMatcher *m, const Run *r, int32_t *caps) {
  const ReProg *prog = m->prog;
  bool found = false;
  m->maxPos = r->from;
  for (int32_t pos = r->from;;) {
    if (r->mode == RE_SEARCH && prog->canSkip && !(pos == 0 && prog->sawBot)) {
      pos = skip(vm, m, pos);
      if (pos >= m->len) break;
    }
    if (bt_try(vm, m, r, pos, caps)) {
      found = true;
      break;
    }
    if (r->mode != RE_SEARCH || pos >= m->len) break;
    uint32_t next = (uint32_t)pos;
    re_decode(m->s, (uint32_t)m->len, &next);
    pos = (int32_t)next;
  }
  size_t a = (size_t)r->from * prog->ninst, b = ((size_t)m->maxPos + 1) * prog->ninst;
  vm_charge(vm, (b - a) / 512 + 1);
  for (size_t w = a >> 5; w <= (b - 1) >> 5; w++) m->bits[w] = 0;
  return found;
}

bool re_matcher_run(WVM *vm, ReMatcher *m, int32_t from, int mode, bool notEmptyAt, int32_t *caps) {
  if (m->prog->anchored) { /* \A...: only position 0 */
    if (from > 0) return false;
    if (mode == RE_SEARCH) mode = RE_PREFIX;
  }
  Run r = {from, mode, notEmptyAt};
  if (m->bits) return bt_run(vm, m, &r, caps);
  ReList *cl = &m->lists[0], *nl = &m->lists[1];
  cl->n = nl->n = 0;
  bool matched = false;
  next_gen(m);
  for (int32_t pos = from;;) {
    if (!matched && (mode == RE_SEARCH || pos == from) && !start_thread(vm, m, &r, cl, &pos)) break;
    if (cl->n == 0 && (matched || mode != RE_SEARCH)) break;
    vm_charge(vm, m->unpaid + cl->n + 1); /* this step, and the following that led to it */
    m->unpaid = 0;
    uint32_t next = (uint32_t)pos;
    int32_t c = pos < m->len ? (int32_t)re_decode(m->s, (uint32_t)m->len, &next) : -1;
    next_gen(m);
    nl->n = 0;
    if (step(vm, m, &r, cl, nl, pos, c, (int32_t)next, caps)) matched = true;
    ReList *t = cl;
    cl = nl;
    nl = t;
    if (pos >= m->len) break;
    pos = (int32_t)next;
  }
  vm_charge(vm, m->unpaid);
  m->unpaid = 0;
  return matched;
}
