/* Pattern text to program for the re module. A recursive-descent parser
 * builds a syntax tree in a buffer on the VM's heap, knowing each node's
 * size in instructions as it is made, so a pattern that would compile to
 * too many ({n,m} copies its operand) is refused before anything is
 * emitted; the tree is then emitted into a buffer of exactly that size.
 * RE2 syntax; every error says where it is, in code points. */
#include "stdlib/wstdlib.h"
#include "stdlib/re.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/table.h"
#include "vm/wstring.h"

enum { N_EMPTY, N_CHAR, N_ANY, N_ANYNL, N_CLASS, N_ASSERT, N_CAT, N_ALT, N_CAPTURE, N_REPEAT };

/* A node of the tree. Children are a list: child, then each one's next. */
typedef struct {
  uint8_t kind, greedy;
  int32_t child, next;
  int32_t min, max;   /* N_REPEAT; max -1: no bound */
  uint32_t val, nval; /* CHAR: code point; CLASS: first range, count;
                         ASSERT: RE_BOT...; CAPTURE: group number */
  double size;        /* instructions it compiles to */
} Node;

/* (?i) (?m) (?s) (?U) */
enum { F_ICASE = 1, F_MULTI = 2, F_DOTNL = 4, F_UNGREEDY = 8 };

typedef struct {
  WVM *vm;
  const char *src;
  uint32_t len, pos;
  ObjBuffer *nodes, *ranges; /* Node and ReRange arrays (rooted) */
  ObjMap *names;
  uint32_t ngroups;
  int depth;
  unsigned flags;
} Parser;

#define NODE(p, i) (((Node *)(p)->nodes->data)[i])
#define RANGE(p, i) (((ReRange *)(p)->ranges->data)[i])
#define NRANGES(p) ((uint32_t)((p)->ranges->len / sizeof(ReRange)))
#define MAX_CP 0x10FFFFu

static int32_t parse_alt(Parser *p);

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------- */

WNORETURN WPRINTF(3, 4) static void re_error(Parser *p, uint32_t at, const char *fmt, ...) {
  char msg[200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  vm_raise(p->vm, "re: %s (at %u)", msg, (unsigned)utf8_count(p->src, at));
}

static int peek(const Parser *p) { return p->pos < p->len ? (unsigned char)p->src[p->pos] : -1; }
static int peek_at(const Parser *p, uint32_t i) {
  return p->pos + i < p->len ? (unsigned char)p->src[p->pos + i] : -1;
}
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int hex_value(int c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int32_t new_node(Parser *p, int kind, double size) {
  Node n = {(uint8_t)kind, 1, -1, -1, 0, 0, 0, 0, size};
  buffer_append(p->vm, p->nodes, (const char *)&n, sizeof n);
  return (int32_t)(p->nodes->len / sizeof(Node)) - 1;
}

/* Every node is checked as it is made, so no size ever grows past the
 * limit (and a double holds every size exactly). */
static void check_size(Parser *p, double size, uint32_t at) {
  if (size + 3 > WRIT_RE_MAX_PROGRAM)
    re_error(p, at, "pattern too large: it would compile to more than %d instructions",
             WRIT_RE_MAX_PROGRAM);
}

static void add_range(Parser *p, uint32_t lo, uint32_t hi) {
  ReRange r = {lo, hi};
  buffer_append(p->vm, p->ranges, (const char *)&r, sizeof r);
}

/* r must not point into p->ranges: add_range may move it (finish_ranges
 * complements the table's own ranges with complement_ranges). */
static void add_ranges(Parser *p, const ReRange *r, size_t n, bool negated) {
  uint32_t next = 0;
  for (size_t i = 0; i < n; i++) {
    if (!negated) add_range(p, r[i].lo, r[i].hi);
    else if (r[i].lo > next) add_range(p, next, r[i].lo - 1);
    next = r[i].hi + 1;
  }
  if (negated && next <= MAX_CP) add_range(p, next, MAX_CP);
}

/* ---------------------------------------------------------------------
 * Classes: ranges gathered at the end of the range table, then sorted,
 * merged, case-folded and complemented there.
 * ------------------------------------------------------------------- */

static const ReRange R_DIGIT[] = {{'0', '9'}};
static const ReRange R_SPACE[] = {{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}};
static const ReRange R_WORD[] = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};

typedef struct {
  const char *name;
  ReRange r[4];
  int n;
} PosixClass;

static const PosixClass POSIX[] = {
    {"alnum", {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}}, 3},
    {"alpha", {{'A', 'Z'}, {'a', 'z'}}, 2},
    {"ascii", {{0, 0x7F}}, 1},
    {"blank", {{'\t', '\t'}, {' ', ' '}}, 2},
    {"cntrl", {{0, 0x1F}, {0x7F, 0x7F}}, 2},
    {"digit", {{'0', '9'}}, 1},
    {"graph", {{'!', '~'}}, 1},
    {"lower", {{'a', 'z'}}, 1},
    {"print", {{' ', '~'}}, 1},
    {"punct", {{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}}, 4},
    {"space", {{'\t', '\r'}, {' ', ' '}}, 2},
    {"upper", {{'A', 'Z'}}, 1},
    {"word", {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}, 4},
    {"xdigit", {{'0', '9'}, {'A', 'F'}, {'a', 'f'}}, 3},
};

static int cmp_range(const void *a, const void *b) {
  uint32_t x = ((const ReRange *)a)->lo, y = ((const ReRange *)b)->lo;
  return x < y ? -1 : x > y;
}

/* (?i): each ASCII letter range gains its other case. */
static void fold_ranges(Parser *p, uint32_t first) {
  uint32_t end = NRANGES(p);
  for (uint32_t i = first; i < end; i++) {
    uint32_t lo = RANGE(p, i).lo, hi = RANGE(p, i).hi;
    uint32_t a = lo > 'A' ? lo : 'A', b = hi < 'Z' ? hi : 'Z';
    if (a <= b) add_range(p, a + 32, b + 32);
    a = lo > 'a' ? lo : 'a', b = hi < 'z' ? hi : 'z';
    if (a <= b) add_range(p, a - 32, b - 32);
  }
}

/* Appends the complement of the m sorted, merged ranges from first on,
 * reading each by index: every add_range may move the table. */
static void complement_ranges(Parser *p, uint32_t first, uint32_t m) {
  uint32_t next = 0;
  for (uint32_t i = 0; i < m; i++) {
    ReRange r = RANGE(p, first + i);
    if (r.lo > next) add_range(p, next, r.lo - 1);
    next = r.hi + 1;
  }
  if (next <= MAX_CP) add_range(p, next, MAX_CP);
}

/* Sorts and merges the ranges from first on (folded, complemented as
 * asked); returns how many there are. */
static uint32_t finish_ranges(Parser *p, uint32_t first, bool negated) {
  if (p->flags & F_ICASE) fold_ranges(p, first);
  uint32_t n = NRANGES(p) - first;
  vm_charge(p->vm, (size_t)n * 16); /* the sort */
  ReRange *r = &RANGE(p, first);
  qsort(r, n, sizeof *r, cmp_range);
  uint32_t m = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (m > 0 && r[i].lo <= r[m - 1].hi + 1) {
      if (r[i].hi > r[m - 1].hi) r[m - 1].hi = r[i].hi;
    } else {
      r[m++] = r[i];
    }
  }
  p->ranges->len = (first + m) * (uint32_t)sizeof(ReRange);
  if (!negated) return m;
  uint32_t at = NRANGES(p);
  complement_ranges(p, first, m); /* appended after, then moved down */
  uint32_t k = NRANGES(p) - at;
  memmove(&RANGE(p, first), &RANGE(p, at), k * sizeof(ReRange));
  p->ranges->len = (first + k) * (uint32_t)sizeof(ReRange);
  return k;
}

static int32_t class_node(Parser *p, uint32_t first, bool negated) {
  uint32_t n = finish_ranges(p, first, negated);
  int32_t i = new_node(p, N_CLASS, 1);
  NODE(p, i).val = first;
  NODE(p, i).nval = n;
  return i;
}

static void add_posix(Parser *p, uint32_t at) {
  uint32_t i = p->pos + 2, start;
  bool negated = i < p->len && p->src[i] == '^';
  if (negated) i++;
  start = i;
  while (i < p->len && is_alpha((unsigned char)p->src[i])) i++;
  if (i + 1 >= p->len || p->src[i] != ':' || p->src[i + 1] != ']')
    re_error(p, at, "malformed class name: write [[:alpha:]]");
  for (size_t k = 0; k < sizeof POSIX / sizeof POSIX[0]; k++) {
    if (strlen(POSIX[k].name) == i - start && memcmp(POSIX[k].name, p->src + start, i - start) == 0) {
      add_ranges(p, POSIX[k].r, (size_t)POSIX[k].n, negated);
      p->pos = i + 2;
      return;
    }
  }
  re_error(p, at, "unknown class name [:%.*s:]", (int)(i - start > 20 ? 20 : i - start), p->src + start);
}

/* ---------------------------------------------------------------------
 * Escapes
 * ------------------------------------------------------------------- */

enum { ESC_CHAR, ESC_SET, ESC_ASSERT };

static uint32_t hex_escape(Parser *p, uint32_t at) {
  uint32_t v = 0;
  if (peek(p) == '{') {
    p->pos++;
    int digits = 0;
    while (hex_value(peek(p)) >= 0) {
      v = v * 16 + (uint32_t)hex_value(peek(p));
      p->pos++;
      if (++digits > 6 || v > MAX_CP) re_error(p, at, "\\x{...} is past the last code point U+10FFFF");
    }
    if (peek(p) != '}' || digits == 0) re_error(p, at, "malformed \\x{...} escape: 1 to 6 hex digits");
    p->pos++;
    return v;
  }
  for (int k = 0; k < 2; k++) {
    if (hex_value(peek(p)) < 0) re_error(p, at, "malformed \\x escape: two hex digits, or \\x{...}");
    v = v * 16 + (uint32_t)hex_value(peek(p));
    p->pos++;
  }
  return v;
}

/* The errors for the escapes RE2 does not have. */
WNORETURN static void bad_escape(Parser *p, uint32_t at, int c) {
  if (is_digit(c) || c == 'g' || c == 'k') re_error(p, at, "backreferences are not supported");
  if (c == 'p' || c == 'P') re_error(p, at, "Unicode classes (\\p, \\P) are not supported");
  if (c < 0) re_error(p, at, "trailing backslash at the end of the pattern");
  re_error(p, at, "unknown escape \\%c", c);
}

/* After a backslash at `at`: a character (*cp), a set (its ranges added
 * to the table) or an assertion (*cp: RE_BOT...). */
static int parse_escape(Parser *p, uint32_t at, bool inClass, uint32_t *cp) {
  int c = peek(p);
  if (c >= 0x80) { /* a non-ASCII character stands for itself */
    *cp = re_decode(p->src, p->len, &p->pos);
    return ESC_CHAR;
  }
  p->pos++;
  static const char simple[] = "a\af\ft\tn\nr\rv\v";
  for (int k = 0; simple[k]; k += 2)
    if (c == simple[k]) return *cp = (uint32_t)simple[k + 1], ESC_CHAR;
  switch (c) {
  case 'x': *cp = hex_escape(p, at); return ESC_CHAR;
  case '0': /* \0, \0N, \0NN: octal */
    *cp = 0;
    for (int k = 0; k < 2 && peek(p) >= '0' && peek(p) <= '7'; k++) *cp = *cp * 8 + (uint32_t)(p->src[p->pos++] - '0');
    return ESC_CHAR;
  case 'd': case 'D': add_ranges(p, R_DIGIT, 1, c == 'D'); return ESC_SET;
  case 's': case 'S': add_ranges(p, R_SPACE, 3, c == 'S'); return ESC_SET;
  case 'w': case 'W': add_ranges(p, R_WORD, 4, c == 'W'); return ESC_SET;
  case 'b': if (inClass) return *cp = '\b', ESC_CHAR; *cp = RE_WORDB; return ESC_ASSERT;
  case 'B': *cp = RE_NWORDB; break;
  case 'A': *cp = RE_BOT; break;
  case 'z': case 'Z': *cp = RE_EOT; break;
  default:
    if (c >= 0 && !is_alpha(c) && !is_digit(c)) return *cp = (uint32_t)c, ESC_CHAR;
    bad_escape(p, at, c);
  }
  if (inClass) re_error(p, at, "\\%c is not allowed inside a class", c);
  return ESC_ASSERT;
}

/* ---------------------------------------------------------------------
 * Atoms
 * ------------------------------------------------------------------- */

static int32_t char_node(Parser *p, uint32_t cp) {
  if ((p->flags & F_ICASE) && cp < 0x80 && is_alpha((int)cp)) {
    uint32_t first = NRANGES(p);
    add_range(p, cp, cp);
    return class_node(p, first, false); /* folded there */
  }
  int32_t i = new_node(p, N_CHAR, 1);
  NODE(p, i).val = cp;
  return i;
}

static int32_t assert_node(Parser *p, uint32_t kind) {
  int32_t i = new_node(p, N_ASSERT, 1);
  NODE(p, i).val = kind;
  return i;
}

/* One item of a class: a character (returns false, *cp) or a set (true). */
static bool class_item(Parser *p, uint32_t *cp) {
  uint32_t at = p->pos;
  if (peek(p) == '[' && peek_at(p, 1) == ':') {
    add_posix(p, at);
    return true;
  }
  if (peek(p) != '\\') {
    *cp = re_decode(p->src, p->len, &p->pos);
    return false;
  }
  p->pos++;
  return parse_escape(p, at, true, cp) == ESC_SET;
}

static int32_t parse_class(Parser *p) {
  uint32_t open = p->pos++;
  bool negated = peek(p) == '^';
  if (negated) p->pos++;
  uint32_t first = NRANGES(p);
  for (bool any = false;; any = true) {
    if (p->pos >= p->len) re_error(p, open, "missing ']' to close the class");
    if (peek(p) == ']' && any) break; /* a ']' first is a literal, as in RE2 */
    uint32_t at = p->pos, lo, hi;
    if (class_item(p, &lo)) continue;
    if (peek(p) == '-' && peek_at(p, 1) != ']' && peek_at(p, 1) >= 0) {
      p->pos++;
      uint32_t at2 = p->pos;
      if (class_item(p, &hi)) re_error(p, at2, "a class range cannot end with a set like \\d");
      if (hi < lo) re_error(p, at, "bad class range %.*s: its end comes before its start",
                            (int)(p->pos - at), p->src + at);
      add_range(p, lo, hi);
    } else {
      add_range(p, lo, lo);
    }
  }
  p->pos++;
  return class_node(p, first, negated);
}

static int32_t escape_atom(Parser *p) {
  uint32_t at = p->pos++, cp;
  if (peek(p) == 'Q') { /* \Q...\E: literal text */
    p->pos++;
    int32_t cat = new_node(p, N_CAT, 0), tail = -1;
    while (p->pos < p->len && !(peek(p) == '\\' && peek_at(p, 1) == 'E')) {
      int32_t c = char_node(p, re_decode(p->src, p->len, &p->pos));
      if (tail < 0) NODE(p, cat).child = c; else NODE(p, tail).next = c;
      tail = c;
      NODE(p, cat).size += 1;
      check_size(p, NODE(p, cat).size, at);
    }
    if (p->pos < p->len) p->pos += 2;
    return cat;
  }
  if (peek(p) == 'C') re_error(p, at, "\\C (any byte) is not supported");
  uint32_t first = NRANGES(p);
  int kind = parse_escape(p, at, false, &cp);
  if (kind == ESC_SET) {
    /* Added as they are: class_node would fold a second time under (?i),
     * which changes nothing for \d \s \w. */
    return class_node(p, first, false);
  }
  return kind == ESC_ASSERT ? assert_node(p, cp) : char_node(p, cp);
}

/* ---------------------------------------------------------------------
 * Groups
 * ------------------------------------------------------------------- */

/* (?P<name> or (?<name>: the name, checked and added; returns its number. */
static int named_group(Parser *p, uint32_t open) {
  uint32_t start = p->pos;
  while (p->pos < p->len && (is_alpha(peek(p)) || is_digit(peek(p)) || peek(p) == '_')) p->pos++;
  uint32_t n = p->pos - start;
  if (n == 0 || is_digit((unsigned char)p->src[start]) || peek(p) != '>')
    re_error(p, open, "bad group name: a letter or _, then letters, digits or _, then >");
  p->pos++;
  WVM *vm = p->vm;
  ObjString *name = str_copy(vm, p->src + start, n);
  Value dummy;
  if (map_get(vm, p->names, OBJ_VAL(name), &dummy))
    re_error(p, open, "duplicate group name '%.*s'", (int)(n > 40 ? 40 : n), name->chars);
  int k = (int)++p->ngroups;
  vm_push_root(vm, OBJ_VAL(name));
  map_set(vm, p->names, OBJ_VAL(name), NUMBER_VAL(k));
  vm_pop_root(vm);
  return k;
}

/* (?flags) or (?flags:  with flags from imsU, - before the ones to clear. */
static int flag_group(Parser *p, uint32_t open) {
  unsigned flags = p->flags;
  bool clear = false, any = false;
  for (;; p->pos++) {
    int c = peek(p), bit = c == 'i' ? F_ICASE : c == 'm' ? F_MULTI : c == 's' ? F_DOTNL : c == 'U' ? F_UNGREEDY : 0;
    if (bit) {
      flags = clear ? flags & ~(unsigned)bit : flags | (unsigned)bit;
      any = true;
    } else if (c == '-' && !clear) {
      clear = true;
      any = false;
    } else if ((c == ':' || c == ')') && any) {
      p->pos++;
      p->flags = flags;
      return c == ':' ? 0 : -1;
    } else {
      if (c < 0) re_error(p, open, "missing ')' to close the group");
      re_error(p, p->pos, "unknown group flag '%c': the flags are i, m, s and U", c < 0x80 ? c : '?');
    }
  }
}

/* After "(?": the group's number, 0 for a non-capturing one, -1 for flags
 * alone "(?i)" (which then hold to the end of the enclosing group). */
static int group_kind(Parser *p, uint32_t open) {
  int c = peek(p), d = peek_at(p, 1);
  if (c == ':') {
    p->pos++;
    return 0;
  }
  if (c == '=' || c == '!' || (c == '<' && (d == '=' || d == '!')))
    re_error(p, open, "look-around (?=, (?!, (?<=, (?<! is not supported");
  if (c == 'P' && d == '=') re_error(p, open, "backreferences are not supported");
  if (c == 'P' && d == '<') {
    p->pos += 2;
    return named_group(p, open);
  }
  if (c == '<') {
    p->pos++;
    return named_group(p, open);
  }
  return flag_group(p, open);
}

static int32_t parse_group(Parser *p) {
  uint32_t open = p->pos++;
  if (p->depth >= WRIT_RE_MAX_NESTING) re_error(p, open, "groups nest too deeply (limit %d)", WRIT_RE_MAX_NESTING);
  unsigned saved = p->flags;
  int cap;
  if (peek(p) == '?') {
    p->pos++;
    cap = group_kind(p, open);
    if (cap < 0) return -1;
  } else {
    cap = (int)++p->ngroups;
  }
  p->depth++;
  int32_t inner = parse_alt(p);
  p->depth--;
  if (peek(p) != ')') re_error(p, open, "missing ')' to close the group");
  p->pos++;
  p->flags = saved;
  if (cap == 0) return inner;
  check_size(p, NODE(p, inner).size + 2, open);
  int32_t i = new_node(p, N_CAPTURE, NODE(p, inner).size + 2);
  NODE(p, i).child = inner;
  NODE(p, i).val = (uint32_t)cap;
  return i;
}

/* ---------------------------------------------------------------------
 * Repetition, concatenation, alternation
 * ------------------------------------------------------------------- */

static double read_count(Parser *p, uint32_t *i) {
  double v = 0;
  while (*i < p->len && is_digit((unsigned char)p->src[*i])) {
    if (v < 1e9) v = v * 10 + (p->src[*i] - '0');
    (*i)++;
  }
  return v;
}

/* {n} {n,} {n,m} at p->pos: true, the counts set and p->pos past it;
 * false when the text is not one (the '{' is then a literal, as in RE2). */
static bool parse_count(Parser *p, int32_t *min, int32_t *max) {
  uint32_t i = p->pos + 1, at = p->pos;
  if (i >= p->len || !is_digit((unsigned char)p->src[i])) return false;
  double lo = read_count(p, &i), hi = lo;
  if (i < p->len && p->src[i] == ',') {
    i++;
    hi = i < p->len && is_digit((unsigned char)p->src[i]) ? read_count(p, &i) : -1;
  }
  if (i >= p->len || p->src[i] != '}') return false;
  int shown = (int)(i + 1 - at > 30 ? 30 : i + 1 - at);
  if (lo > WRIT_RE_MAX_REPEAT || hi > WRIT_RE_MAX_REPEAT)
    re_error(p, at, "repetition %.*s is over the limit of %d", shown, p->src + at, WRIT_RE_MAX_REPEAT);
  if (hi >= 0 && hi < lo) re_error(p, at, "bad repetition %.*s: the maximum is below the minimum", shown, p->src + at);
  *min = (int32_t)lo;
  *max = (int32_t)hi;
  p->pos = i + 1;
  return true;
}

static bool quantifier(Parser *p, int32_t *min, int32_t *max) {
  switch (peek(p)) {
  case '*': *min = 0, *max = -1; break;
  case '+': *min = 1, *max = -1; break;
  case '?': *min = 0, *max = 1; break;
  case '{': return parse_count(p, min, max);
  default: return false;
  }
  p->pos++;
  return true;
}

static double repeat_size(double c, int32_t min, int32_t max) {
  if (max < 0) return min == 0 ? c + 2 : min * c + 1;
  return min * c + (max - min) * (c + 1);
}

static int32_t parse_repeat(Parser *p, int32_t atom) {
  uint32_t at = p->pos;
  int32_t min, max;
  if (!quantifier(p, &min, &max)) return atom;
  bool greedy = peek(p) != '?';
  if (!greedy) p->pos++;
  if (p->flags & F_UNGREEDY) greedy = !greedy;
  uint32_t after = p->pos, keep = p->pos;
  int32_t a, b;
  if (quantifier(p, &a, &b))
    re_error(p, after, "two repetition operators in a row; put the repeated part in a group first");
  p->pos = keep;
  double size = repeat_size(NODE(p, atom).size, min, max);
  check_size(p, size, at);
  int32_t i = new_node(p, N_REPEAT, size);
  Node *n = &NODE(p, i);
  n->child = atom;
  n->min = min;
  n->max = max;
  n->greedy = greedy;
  return i;
}

static int32_t parse_atom(Parser *p) {
  uint32_t at = p->pos;
  int c = peek(p);
  int32_t min, max;
  switch (c) {
  case '(': return parse_group(p);
  case '[': return parse_class(p);
  case '\\': return escape_atom(p);
  case '.': p->pos++; return new_node(p, (p->flags & F_DOTNL) ? N_ANYNL : N_ANY, 1);
  case '^': p->pos++; return assert_node(p, (p->flags & F_MULTI) ? RE_BOL : RE_BOT);
  case '$': p->pos++; return assert_node(p, (p->flags & F_MULTI) ? RE_EOL : RE_EOT);
  case '*': case '+': case '?': re_error(p, at, "nothing to repeat before '%c'", c);
  case '{':
    if (parse_count(p, &min, &max)) re_error(p, at, "nothing to repeat before '{'");
    break;
  default: break;
  }
  return char_node(p, re_decode(p->src, p->len, &p->pos));
}

static int32_t parse_concat(Parser *p) {
  int32_t cat = -1, tail = -1, only = -1;
  uint32_t start = p->pos;
  while (p->pos < p->len && peek(p) != '|' && peek(p) != ')') {
    int32_t a = parse_atom(p);
    if (a < 0) continue; /* (?i): flags only */
    a = parse_repeat(p, a);
    if (only < 0 && cat < 0) {
      only = a;
      continue;
    }
    if (cat < 0) {
      cat = new_node(p, N_CAT, NODE(p, only).size);
      NODE(p, cat).child = tail = only;
    }
    NODE(p, tail).next = a;
    tail = a;
    NODE(p, cat).size += NODE(p, a).size;
    check_size(p, NODE(p, cat).size, start);
  }
  return cat >= 0 ? cat : only >= 0 ? only : new_node(p, N_EMPTY, 0);
}

static int32_t parse_alt(Parser *p) {
  uint32_t start = p->pos;
  int32_t first = parse_concat(p);
  if (peek(p) != '|') return first;
  int32_t alt = new_node(p, N_ALT, NODE(p, first).size), tail = first;
  NODE(p, alt).child = first;
  while (peek(p) == '|') {
    p->pos++;
    int32_t c = parse_concat(p);
    NODE(p, tail).next = c;
    tail = c;
    NODE(p, alt).size += NODE(p, c).size + 2; /* a SPLIT before, a JMP after the one before */
    check_size(p, NODE(p, alt).size, start);
  }
  return alt;
}

/* ---------------------------------------------------------------------
 * Emitting: no allocation happens here (the program was sized), so node
 * pointers stay valid.
 * ------------------------------------------------------------------- */

typedef struct {
  ReInst *code;
  uint32_t n;
  const Node *nodes;
} Emit;

#define NO_PATCH UINT32_MAX

static uint32_t put(Emit *e, int op, uint32_t arg, uint32_t x, uint32_t y) {
  e->code[e->n] = (ReInst){(uint8_t)op, (uint8_t)arg, x, y};
  return e->n++;
}

/* Points every instruction of a patch list (linked through the field
 * that awaits the target) at target. */
static void patch(Emit *e, uint32_t list, bool viaX, uint32_t target) {
  while (list != NO_PATCH) {
    uint32_t *f = viaX ? &e->code[list].x : &e->code[list].y;
    list = *f;
    *f = target;
  }
}

static void emit(Emit *e, int32_t i);

static void emit_alt(Emit *e, const Node *n) {
  uint32_t jumps = NO_PATCH;
  for (int32_t c = n->child; c >= 0; c = e->nodes[c].next) {
    if (e->nodes[c].next < 0) {
      emit(e, c);
      break;
    }
    uint32_t split = put(e, RE_SPLIT, 0, e->n + 1, 0);
    emit(e, c);
    jumps = put(e, RE_JMP, 0, jumps, 0);
    e->code[split].y = e->n;
  }
  patch(e, jumps, true, e->n);
}

/* x* is SPLIT(body, out) body SPLIT(body, out) (a JMP back to the first
 * would cost a step per turn); x+ is body SPLIT(body, out); each
 * optional copy of x{n,m} is SPLIT(body, out) body; lazy forms swap the
 * SPLIT's preference. */
static void emit_repeat(Emit *e, const Node *n) {
  bool g = n->greedy;
  if (n->max < 0 && n->min == 0) {
    uint32_t split = put(e, RE_SPLIT, 0, 0, 0);
    emit(e, n->child);
    uint32_t back = put(e, RE_SPLIT, 0, 0, 0);
    e->code[split].x = e->code[back].x = g ? split + 1 : e->n;
    e->code[split].y = e->code[back].y = g ? e->n : split + 1;
    return;
  }
  for (int32_t k = 0; k < n->min; k++) {
    uint32_t start = e->n;
    emit(e, n->child);
    if (n->max < 0 && k == n->min - 1) put(e, RE_SPLIT, 0, g ? start : e->n + 1, g ? e->n + 1 : start);
  }
  uint32_t outs = NO_PATCH;
  for (int32_t k = n->min; k < n->max; k++) {
    uint32_t split = put(e, RE_SPLIT, 0, g ? e->n + 1 : outs, g ? outs : e->n + 1);
    outs = split;
    emit(e, n->child);
  }
  patch(e, outs, !g, e->n);
}

static void emit(Emit *e, int32_t i) {
  const Node *n = &e->nodes[i];
  switch (n->kind) {
  case N_EMPTY: return;
  case N_CHAR: put(e, RE_CHAR, 0, n->val, 0); return;
  case N_ANY: put(e, RE_ANY, 0, 0, 0); return;
  case N_ANYNL: put(e, RE_ANYNL, 0, 0, 0); return;
  case N_CLASS: put(e, RE_CLASS, 0, n->val, n->nval); return;
  case N_ASSERT: put(e, RE_ASSERT, n->val, 0, 0); return;
  case N_CAT:
    for (int32_t c = n->child; c >= 0; c = e->nodes[c].next) emit(e, c);
    return;
  case N_ALT: emit_alt(e, n); return;
  case N_CAPTURE:
    put(e, RE_SAVE, 0, 2 * n->val, 0);
    emit(e, n->child);
    put(e, RE_SAVE, 0, 2 * n->val + 1, 0);
    return;
  case N_REPEAT: emit_repeat(e, n); return;
  default: return;
  }
}

/* ---------------------------------------------------------------------
 * What a match can begin with: lets a search skip ahead to a byte that
 * can start one instead of starting a thread at every position.
 * ------------------------------------------------------------------- */

static void set_bytes(uint8_t *set, uint32_t a, uint32_t b) {
  for (uint32_t x = a; x <= b; x++) set[x >> 3] |= (uint8_t)(1u << (x & 7));
}

static uint32_t lead_byte(uint32_t cp) {
  if (cp < 0x80) return cp;
  if (cp < 0x800) return 0xC0 | (cp >> 6);
  if (cp < 0x10000) return 0xE0 | (cp >> 12);
  return 0xF0 | (cp >> 18);
}

/* The first bytes of the UTF-8 forms of lo..hi (lead bytes are monotonic
 * in the code point, and never continuation bytes). */
static void first_bytes(uint8_t *set, uint32_t lo, uint32_t hi) {
  if (lo < 0x80) set_bytes(set, lo, hi < 0x7F ? hi : 0x7F);
  if (hi >= 0x80) set_bytes(set, lead_byte(lo < 0x80 ? 0x80 : lo), lead_byte(hi));
}

static void first_of(ReProg *prog, const ReInst *in) {
  const ReRange *r = RE_RANGES(prog);
  switch (in->op) {
  case RE_CHAR: first_bytes(prog->first, in->x, in->x); break;
  case RE_CLASS:
    for (uint32_t k = 0; k < in->y; k++) first_bytes(prog->first, r[in->x + k].lo, r[in->x + k].hi);
    break;
  default: set_bytes(prog->first, 0, 255); break; /* . */
  }
}

/* Walks from the start through the instructions that consume nothing;
 * a path through \A can only match at 0 and is not followed further. */
static void analyse(ReProg *prog, uint8_t *seen, uint32_t *stack) {
  const ReInst *code = RE_INSTS(prog);
  bool found = false, empty = false;
  uint32_t top = 0;
  stack[top++] = 0;
  while (top > 0) {
    uint32_t pc = stack[--top];
    while (!seen[pc]) {
      const ReInst *in = &code[pc];
      seen[pc] = 1;
      if (in->op == RE_SPLIT) stack[top++] = in->y, pc = in->x;
      else if (in->op == RE_JMP) pc = in->x;
      else if (in->op == RE_SAVE) pc++;
      else if (in->op == RE_ASSERT && in->arg == RE_BOT) prog->sawBot = 1;
      else if (in->op == RE_ASSERT) pc++;
      else if (in->op == RE_MATCH) found = empty = true;
      else found = true, first_of(prog, in);
    }
  }
  prog->anchored = !found;
  int count = 0;
  prog->single = -1;
  for (int b = 0; b < 256; b++)
    if (prog->first[b >> 3] & (1u << (b & 7))) count++, prog->single = (int16_t)b;
  if (count != 1) prog->single = -1;
  prog->canSkip = found && !empty && count < 256;
}

/* The program buffer, emitted from the tree, then analysed. */
static ObjBuffer *build(Parser *p, int32_t root, uint32_t ninst) {
  WVM *vm = p->vm;
  uint32_t nr = NRANGES(p);
  size_t total = sizeof(ReProg) + (size_t)ninst * sizeof(ReInst) + (size_t)nr * sizeof(ReRange);
  ObjBuffer *b = buffer_new(vm, (uint32_t)total);
  b->len = (uint32_t)total;
  vm_push_root(vm, OBJ_VAL(b));
  ReProg *prog = (ReProg *)b->data;
  memset(prog, 0, sizeof *prog);
  prog->ninst = ninst;
  prog->nranges = nr;
  prog->ngroups = p->ngroups;
  Emit e = {(ReInst *)(prog + 1), 0, (const Node *)p->nodes->data};
  put(&e, RE_SAVE, 0, 0, 0);
  emit(&e, root);
  put(&e, RE_SAVE, 0, 1, 0);
  put(&e, RE_MATCH, 0, 0, 0);
  if (e.n != ninst) vm_raise(vm, "re: internal error: program size %u, expected %u", e.n, ninst);
  if (nr) memcpy((void *)RE_RANGES(prog), p->ranges->data, nr * sizeof(ReRange));
  /* Scratch for the walk: a byte per instruction, then a stack. */
  ObjBuffer *scratch = buffer_new(vm, ninst * 5 + 8);
  memset(scratch->data, 0, ninst);
  prog = (ReProg *)b->data;
  uint32_t *stack = (uint32_t *)(void *)(scratch->data + ((ninst + 3) & ~3u));
  analyse(prog, (uint8_t *)scratch->data, stack);
  vm_pop_root(vm);
  return b;
}

ObjBuffer *re_compile(WVM *vm, ObjString *pattern, ObjMap *names) {
  if (pattern->len > WRIT_RE_MAX_PATTERN)
    vm_raise(vm, "re: pattern too long (%u bytes; the limit is %u)", pattern->len, WRIT_RE_MAX_PATTERN);
  vm_charge(vm, (size_t)pattern->len + 1); /* the parse */
  Parser p = {vm, pattern->chars, pattern->len, 0, NULL, NULL, names, 0, 0, 0};
  p.nodes = buffer_new(vm, 16 * sizeof(Node));
  vm_push_root(vm, OBJ_VAL(p.nodes));
  p.ranges = buffer_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(p.ranges));
  int32_t root = parse_alt(&p);
  if (p.pos < p.len) re_error(&p, p.pos, "unmatched ')'");
  uint32_t ninst = (uint32_t)NODE(&p, root).size + 3;
  vm_charge(vm, (size_t)ninst + NRANGES(&p)); /* emitting and the walk */
  ObjBuffer *b = build(&p, root, ninst);
  vm_pop_roots(vm, 2);
  return b;
}
