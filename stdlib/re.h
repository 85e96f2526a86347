/* The re module's engine, shared by its files: re_compile.c turns a pattern
 * (RE2 syntax) into a small program, re_match.c runs a program over a
 * string (a Pike VM, or a bit-state search for short strings: time linear
 * in the input for every pattern, never exponential), re.c holds the
 * natives. */
#ifndef WRIT_RE_H
#define WRIT_RE_H

#include "vm/vm.h"
#include "vm/wstring.h"

/* Instructions. A thread at a consuming instruction (CHAR ANY ANYNL CLASS)
 * waits for the next character; the others are followed at once. */
enum { /* the consuming ones and MATCH first (re_match.c tests op <= RE_MATCH) */
  RE_CHAR,   /* x: the code point */
  RE_ANY,    /* any code point but \n */
  RE_ANYNL,  /* any code point */
  RE_CLASS,  /* ranges x .. x+y-1 of the range table (sorted, disjoint) */
  RE_MATCH,  /* the pattern matched */
  RE_SPLIT,  /* go on at x and, with lower priority, at y */
  RE_JMP,    /* go on at x */
  RE_SAVE,   /* capture slot x = the position */
  RE_ASSERT  /* arg: RE_BOT ...; go on when it holds */
};
enum { RE_BOT, RE_EOT, RE_BOL, RE_EOL, RE_WORDB, RE_NWORDB };

typedef struct {
  uint8_t op, arg;
  uint32_t x, y;
} ReInst;

typedef struct {
  uint32_t lo, hi;
} ReRange;

/* A compiled pattern: this header, then ninst ReInst, then nranges
 * ReRange, all in one ObjBuffer. Slot 2k and 2k+1 hold where group k
 * begins and ends (group 0: the whole match). */
typedef struct {
  uint32_t ninst, nranges, ngroups; /* ngroups: not counting group 0 */
  uint8_t anchored; /* every path begins with \A: only position 0 can match */
  uint8_t canSkip;  /* a match begins with a byte of first[] (never empty) */
  uint8_t sawBot;   /* some path begins with \A (so position 0 is always tried) */
  int16_t single;   /* with canSkip: the one byte a match can begin with, or -1 */
  uint8_t first[32]; /* bit set of the bytes a match can begin with */
} ReProg;

#define RE_INSTS(p) ((const ReInst *)((const ReProg *)(p) + 1))
#define RE_RANGES(p) ((const ReRange *)(RE_INSTS(p) + (p)->ninst))
#define RE_NSLOTS(p) (2 * ((p)->ngroups + 1))

/* The code point at s[*pos] (s is valid UTF-8, *pos < len); moves *pos
 * past it: vm/wstring.h's decoder, on the engine's 32-bit positions. */
static inline uint32_t re_decode(const char *str, uint32_t len, uint32_t *pos) {
  size_t p = *pos;
  uint32_t cp = utf8_decode(str, len, &p);
  *pos = (uint32_t)p;
  return cp;
}

/* Compiles pattern into a program (an ObjBuffer holding a ReProg, not
 * rooted: store it before the next allocation) and adds each named group
 * to names (name -> group number; names must be rooted). Raises "re: ...
 * (at N)" for a malformed or unsupported pattern, N a code point index. */
ObjBuffer *re_compile(WVM *vm, ObjString *pattern, ObjMap *names);

/* How a run may match: anywhere from `from` on, only at `from`, or only
 * from `from` to the end. */
enum { RE_SEARCH, RE_PREFIX, RE_FULL };

/* A subject this short (its length + 1, times the program's size, at most
 * this many bits) is matched by the bit-state matcher, else by the Pike VM. */
#ifndef RE_BITSTATE_BITS /* tests build with 0 to run everything on the Pike VM */
#define RE_BITSTATE_BITS (256 * 1024)
#endif

/* The scratch memory of the runs over one subject: small programs use the
 * local words, larger ones buffers on the VM's heap (rooted until
 * re_matcher_done, or until an error unwinds, which frees them with the
 * rest of the garbage). */
#define RE_LOCAL_WORDS 256
typedef struct ReList {
  int32_t *pc, *caps; /* caps: nslots per thread, in pc's order */
  uint32_t n, cap;
} ReList;
typedef struct ReJob {
  int32_t pc, slot, val; /* pc < 0: put val back in slot */
} ReJob;
typedef struct ReMatcher {
  const ReProg *prog;
  const ReInst *inst;
  const ReRange *ranges;
  const char *s;
  int32_t len, nslots;
  /* The Pike VM's: */
  uint32_t *mark, gen; /* mark[pc] == gen: pc is on the list being built */
  ReList lists[2];
  ReJob *stack;  /* the Pike VM's closure stack; the bit-state's jobs */
  int32_t *work; /* the captures of the thread being followed */
  size_t unpaid; /* work done and not yet charged */
  /* The bit-state matcher's (short subjects): */
  uint32_t *bits;   /* a bit per (position, instruction) visited; NULL: Pike VM */
  uint32_t njobs, jobsCap;
  int32_t maxPos;   /* the furthest position the current run visited */
  int64_t credit;   /* fuel paid for and not yet used */
  size_t localUsed; /* bytes of local[] handed out */
  int nroots;
  uint64_t local[RE_LOCAL_WORDS];
} ReMatcher;

/* Prepares runs of prog (kept alive by the caller) over s[0..len). */
void re_matcher_init(WVM *vm, ReMatcher *m, const ReProg *prog, const char *s, int32_t len);
/* One run from byte `from` in mode RE_SEARCH/RE_PREFIX/RE_FULL; with
 * notEmptyAt, an empty match at `from` does not count (Python's rule for
 * the next match after an empty one). On a match fills caps[0..nslots)
 * with byte offsets (-1: the group did not take part) and returns true.
 * Charges fuel as it goes: per input position, the threads stepped and
 * the instructions followed (Pike VM), or per (instruction, position)
 * visited (bit-state). */
bool re_matcher_run(WVM *vm, ReMatcher *m, int32_t from, int mode, bool notEmptyAt, int32_t *caps);
/* bytes of scratch (8-aligned) that live until re_matcher_done: the
 * callers' capture slots. */
void *re_scratch(WVM *vm, ReMatcher *m, size_t bytes);
/* Releases what init and the runs rooted. */
void re_matcher_done(WVM *vm, ReMatcher *m);

#endif
