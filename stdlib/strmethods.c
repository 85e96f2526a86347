/* Methods of the primordial string class. Indices count code points; ASCII
 * strings (cplen == len) take byte-indexed fast paths. Substring search is
 * the two-way algorithm, so no needle can make find/split/replace
 * quadratic. Valid UTF-8 is self-synchronising: a byte match of a valid
 * needle always starts and ends on code point boundaries. */
#include <stddef.h>
#include <string.h>

#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/module.h"
#include "vm/table.h"
#include "vm/state.h"
#include "vm/wstring.h"

#define RECV(args) AS_STRING((args)[0])


/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------- */

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static ObjList *chars_list(WVM *vm, ObjString *s) {
  vm_charge(vm, (size_t)s->cplen + 1); /* before allocating the list */
  ObjList *out = list_new(vm, s->cplen);
  vm_push_root(vm, OBJ_VAL(out));
  for (size_t i = 0; i < s->len;) {
    size_t n = (size_t)utf8_seq_len((unsigned char)s->chars[i]);
    if (n == 0 || i + n > s->len) n = 1; /* cannot happen in valid UTF-8 */
    list_push(vm, out, OBJ_VAL(str_copy(vm, s->chars + i, n)));
    i += n;
  }
  vm_pop_root(vm);
  return out;
}

/* An optional whole-number argument: absent or nil gives dflt. */
static double opt_int(WVM *vm, int argc, Value *args, int i, const char *fn,
                      double dflt) {
  if (argc < i || IS_NIL(args[i])) return dflt;
  return arg_int(vm, args, i, fn);
}

/* ---------------------------------------------------------------------
 * Methods
 * ------------------------------------------------------------------- */

static Value s_len(WVM *vm, int argc, Value *args) {
  (void)vm;
  (void)argc;
  return NUMBER_VAL(RECV(args)->cplen);
}

static Value s_slice(WVM *vm, int argc, Value *args) {
  ObjString *s = RECV(args);
  double a = arg_int(vm, args, 1, "slice");
  double b = opt_int(vm, argc, args, 2, "slice", s->cplen);
  uint32_t from, to;
  slice_bounds(s->cplen, a, b, &from, &to);
  if (from == 0 && to == s->cplen) return OBJ_VAL(s);
  /* Before the work: finding the ends walks code points from the start
   * (unless ASCII), then the copy; at most 4 bytes a code point. */
  size_t walk = s->cplen == s->len ? 0 : (size_t)from + to;
  vm_charge(vm, (walk + (size_t)(to - from) * (s->cplen == s->len ? 1 : 4)) / 8 + 1);
  size_t bf = str_byte_offset(s, from), bt = str_byte_offset(s, to);
  return OBJ_VAL(str_copy(vm, s->chars + bf, bt - bf));
}

/* split() with no separator (Python's): runs of whitespace separate, and
 * leading or trailing whitespace gives no empty pieces. */
static Value split_blanks(WVM *vm, ObjString *s) {
  vm_charge(vm, s->len / 8 + 1);
  ObjList *out = list_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(out));
  for (size_t i = 0; i < s->len;) {
    while (i < s->len && is_space(s->chars[i])) i++;
    size_t start = i;
    while (i < s->len && !is_space(s->chars[i])) i++;
    if (i == start) break;
    vm_charge(vm, 1);
    list_push(vm, out, OBJ_VAL(str_copy(vm, s->chars + start, i - start)));
  }
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

static Value s_split(WVM *vm, int argc, Value *args) {
  ObjString *s = RECV(args);
  if (argc < 1 || IS_NIL(args[1])) return split_blanks(vm, s);
  ObjString *sep = arg_string(vm, args, 1, "split");
  if (sep->len == 0) return OBJ_VAL(chars_list(vm, s));
  vm_charge(vm, s->len / 8 + 1); /* the search and the copies */
  ObjList *out = list_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(out));
  size_t pos = 0;
  for (;;) {
    ptrdiff_t at = str_find_bytes(s->chars + pos, s->len - pos, sep->chars, sep->len);
    size_t end = at < 0 ? s->len : pos + (size_t)at;
    vm_charge(vm, 1); /* each piece, before it is made */
    list_push(vm, out, OBJ_VAL(str_copy(vm, s->chars + pos, end - pos)));
    if (at < 0) break;
    pos = end + sep->len;
  }
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

static Value s_find(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = RECV(args);
  ObjString *sub = arg_string(vm, args, 1, "find");
  vm_charge(vm, s->len / 8 + 1); /* the search, and counting code points up to a hit */
  ptrdiff_t at = str_find_bytes(s->chars, s->len, sub->chars, sub->len);
  if (at < 0) return NUMBER_VAL(-1);
  if (s->cplen == s->len) return NUMBER_VAL((double)at);
  return NUMBER_VAL(utf8_count(s->chars, (size_t)at));
}

static Value s_contains(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = RECV(args);
  ObjString *sub = arg_string(vm, args, 1, "contains");
  vm_charge(vm, s->len / 8 + 1);
  return BOOL_VAL(str_find_bytes(s->chars, s->len, sub->chars, sub->len) >= 0);
}

/* ASCII-only case mapping: other bytes (all of multi-byte UTF-8) are kept,
 * so the result stays valid UTF-8. Returns s itself when nothing changes. */
static Value change_case(WVM *vm, ObjString *s, bool upper) {
  char lo = upper ? 'a' : 'A', hi = upper ? 'z' : 'Z';
  vm_charge(vm, s->len / 8 + 1); /* the scan costs even when nothing changes */
  size_t first = 0;
  while (first < s->len && (s->chars[first] < lo || s->chars[first] > hi)) first++;
  if (first == s->len) return OBJ_VAL(s);
  ObjBuffer *b = buffer_new(vm, s->len);
  vm_push_root(vm, OBJ_VAL(b));
  buffer_append(vm, b, s->chars, s->len);
  for (size_t i = first; i < b->len; i++) {
    if (b->data[i] >= lo && b->data[i] <= hi) b->data[i] = (char)(b->data[i] ^ 0x20);
  }
  ObjString *r = str_from_buffer(vm, b);
  vm_pop_root(vm);
  return OBJ_VAL(r);
}

static Value s_upper(WVM *vm, int argc, Value *args) {
  (void)argc;
  return change_case(vm, RECV(args), true);
}

static Value s_lower(WVM *vm, int argc, Value *args) {
  (void)argc;
  return change_case(vm, RECV(args), false);
}

static Value s_trim(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = RECV(args);
  vm_charge(vm, s->len / 8 + 1); /* scanning the blanks and copying the rest: s at most */
  size_t a = 0, b = s->len;
  while (a < b && is_space(s->chars[a])) a++;
  while (b > a && is_space(s->chars[b - 1])) b--;
  if (a == 0 && b == s->len) return OBJ_VAL(s);
  return OBJ_VAL(str_copy(vm, s->chars + a, b - a));
}

/* Non-overlapping occurrences of a in s, scanning left to right. */
static size_t count_matches(ObjString *s, ObjString *a) {
  size_t n = 0, pos = 0;
  for (;;) {
    ptrdiff_t at = str_find_bytes(s->chars + pos, s->len - pos, a->chars, a->len);
    if (at < 0) return n;
    n++;
    pos += (size_t)at + a->len;
  }
}

static Value s_replace(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = RECV(args);
  ObjString *a = arg_string(vm, args, 1, "replace");
  ObjString *b = arg_string(vm, args, 2, "replace");
  if (a->len == 0) vm_raise(vm, "bad argument #1 to 'replace' (empty string)");
  vm_charge(vm, s->len / 8 + 1); /* counting the matches */
  size_t n = count_matches(s, a);
  if (n == 0) return OBJ_VAL(s);
  /* Size the result before allocating: len - n*a + n*b, in doubles so a
   * hostile count cannot overflow the check itself. */
  double size = (double)s->len + (double)n * ((double)b->len - (double)a->len);
  if (size > WRIT_MAX_STRING_BYTES) vm_raise_too_long(vm);
  vm_charge(vm, size / 8); /* before the work, so a budget stops it first */
  ObjBuffer *buf = buffer_new(vm, (uint32_t)size);
  vm_push_root(vm, OBJ_VAL(buf));
  size_t pos = 0;
  for (size_t i = 0; i < n; i++) {
    size_t at = pos + (size_t)str_find_bytes(s->chars + pos, s->len - pos, a->chars, a->len);
    buffer_append(vm, buf, s->chars + pos, at - pos);
    buffer_append(vm, buf, b->chars, b->len);
    pos = at + a->len;
  }
  buffer_append(vm, buf, s->chars + pos, s->len - pos);
  ObjString *r = str_from_buffer(vm, buf);
  vm_pop_root(vm);
  return OBJ_VAL(r);
}

static Value s_starts_with(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = RECV(args);
  ObjString *p = arg_string(vm, args, 1, "startsWith");
  vm_charge(vm, p->len / 8 + 1);
  return BOOL_VAL(p->len <= s->len && memcmp(s->chars, p->chars, p->len) == 0);
}

static Value s_ends_with(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = RECV(args);
  ObjString *p = arg_string(vm, args, 1, "endsWith");
  vm_charge(vm, p->len / 8 + 1);
  return BOOL_VAL(p->len <= s->len &&
                  memcmp(s->chars + s->len - p->len, p->chars, p->len) == 0);
}

static Value s_chars(WVM *vm, int argc, Value *args) {
  (void)argc;
  return OBJ_VAL(chars_list(vm, RECV(args)));
}

/* Builds by doubling inside one buffer allocated at the final size, which
 * is checked against the limit first: "x".repeat(1e15) must fail before it
 * asks for memory. */
static Value s_repeat(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = RECV(args);
  double n = arg_int(vm, args, 1, "repeat");
  if (!(n >= 0)) vm_raise(vm, "bad argument #1 to 'repeat' (count must not be negative)");
  if (n == 0 || s->len == 0) return OBJ_VAL(str_copy(vm, "", 0));
  if (n == 1) return OBJ_VAL(s);
  if ((double)s->len * n > WRIT_MAX_STRING_BYTES) vm_raise_too_long(vm);
  uint32_t total = (uint32_t)(s->len * n);
  vm_charge(vm, total / 8); /* before the work, so a budget stops it first */
  ObjBuffer *b = buffer_new(vm, total);
  vm_push_root(vm, OBJ_VAL(b));
  buffer_append(vm, b, s->chars, s->len);
  while (b->len < total) {
    /* Copy from the buffer into itself: append may reallocate the source. */
    uint32_t chunk = b->len < total - b->len ? b->len : total - b->len;
    if (b->cap >= b->len + chunk) {
      memcpy(b->data + b->len, b->data, chunk);
      b->len += chunk;
    } else {
      buffer_append(vm, b, s->chars, s->len);
    }
  }
  ObjString *r = str_from_buffer(vm, b);
  vm_pop_root(vm);
  return OBJ_VAL(r);
}

/* Lines split at "\n" and "\r\n"; a final newline ends the last line
 * rather than starting an empty one (Python's splitlines). */
static Value s_lines(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = RECV(args);
  vm_charge(vm, s->len / 8 + 1);
  ObjList *out = list_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(out));
  for (size_t pos = 0; pos < s->len;) {
    const char *nl = memchr(s->chars + pos, '\n', s->len - pos);
    size_t end = nl ? (size_t)(nl - s->chars) : s->len;
    size_t cut = nl && end > pos && s->chars[end - 1] == '\r' ? end - 1 : end;
    vm_charge(vm, 1);
    list_push(vm, out, OBJ_VAL(str_copy(vm, s->chars + pos, cut - pos)));
    pos = end + 1;
  }
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

/* Non-overlapping occurrences; "" occurs between every two characters and
 * at both ends (len + 1 times), as in Python. */
static Value s_count(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = RECV(args);
  ObjString *sub = arg_string(vm, args, 1, "count");
  if (sub->len == 0) return NUMBER_VAL((double)s->cplen + 1);
  vm_charge(vm, s->len / 8 + 1);
  return NUMBER_VAL((double)count_matches(s, sub));
}

/* padStart / padEnd (JavaScript's): fill, repeated and cut, up to n
 * characters; a string already that long, or an empty fill, is kept. */
static Value pad(WVM *vm, int argc, Value *args, bool atStart, const char *fn) {
  ObjString *s = RECV(args);
  double n = arg_int(vm, args, 1, fn);
  ObjString *fill = argc >= 2 && !IS_NIL(args[2]) ? arg_string(vm, args, 2, fn) : NULL;
  const char *f = fill ? fill->chars : " ";
  size_t flen = fill ? fill->len : 1, fcp = fill ? fill->cplen : 1;
  if (!(n > s->cplen) || flen == 0) return OBJ_VAL(s);
  double want = n - s->cplen; /* code points of fill */
  if ((double)s->len + want * 4 > WRIT_MAX_STRING_BYTES && (double)s->len + want > WRIT_MAX_STRING_BYTES)
    vm_raise_too_long(vm);
  vm_charge(vm, (size_t)(want / 8) + s->len / 8 + 1);
  ObjBuffer *b = buffer_new(vm, (uint32_t)(s->len + want));
  vm_push_root(vm, OBJ_VAL(b));
  if (!atStart) buffer_append(vm, b, s->chars, s->len);
  for (double left = want; left > 0;) {
    if (left >= (double)fcp) {
      buffer_append(vm, b, f, flen);
      left -= (double)fcp;
    } else { /* the last, partial copy: its first `left` code points */
      size_t k = 0;
      for (double c = 0; c < left; c++) k += (size_t)utf8_seq_len((unsigned char)f[k]);
      buffer_append(vm, b, f, k);
      left = 0;
    }
  }
  if (atStart) buffer_append(vm, b, s->chars, s->len);
  ObjString *r = str_from_buffer(vm, b);
  vm_pop_root(vm);
  return OBJ_VAL(r);
}

static Value s_pad_start(WVM *vm, int argc, Value *args) { return pad(vm, argc, args, true, "padStart"); }
static Value s_pad_end(WVM *vm, int argc, Value *args) { return pad(vm, argc, args, false, "padEnd"); }

/* The code point at index i (negative counts from the end), as a number. */
static Value s_code_point(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = RECV(args);
  double d = arg_int(vm, args, 1, "codePoint");
  double at = d < 0 ? d + s->cplen : d;
  if (!(at >= 0 && at < s->cplen)) {
    char num[64];
    number_format(d, num, sizeof num);
    vm_raise(vm, "string index out of range (index %s, length %u)", num, (unsigned)s->cplen);
  }
  if (s->cplen != s->len) vm_charge(vm, (size_t)at / 8);
  size_t pos = str_byte_offset(s, (uint32_t)at);
  return NUMBER_VAL(utf8_decode(s->chars, s->len, &pos));
}

static Value s_is_empty(WVM *vm, int argc, Value *args) {
  (void)vm;
  (void)argc;
  return BOOL_VAL(RECV(args)->len == 0);
}

const NativeReg string_methods[] = {
    {"len", s_len, 0, 0},
    {"slice", s_slice, 1, 2},
    {"split", s_split, 0, 1},
    {"find", s_find, 1, 1},
    {"upper", s_upper, 0, 0},
    {"lower", s_lower, 0, 0},
    {"trim", s_trim, 0, 0},
    {"replace", s_replace, 2, 2},
    {"startsWith", s_starts_with, 1, 1},
    {"endsWith", s_ends_with, 1, 1},
    {"chars", s_chars, 0, 0},
    {"contains", s_contains, 1, 1},
    {"repeat", s_repeat, 1, 1},
    {"format", string_format, 0, -1},
    {"lines", s_lines, 0, 0},
    {"count", s_count, 1, 1},
    {"padStart", s_pad_start, 1, 2},
    {"padEnd", s_pad_end, 1, 2},
    {"codePoint", s_code_point, 1, 1},
    {"isEmpty", s_is_empty, 0, 0},
    {NULL, NULL, 0, 0},
};

/* String.fromCodePoint(n, ...): the string of those code points. */
static Value s_from_code_point(WVM *vm, int argc, Value *args) {
  vm_charge(vm, (size_t)argc / 8 + 1);
  ObjBuffer *b = buffer_new(vm, (uint32_t)argc * 4);
  vm_push_root(vm, OBJ_VAL(b));
  for (int i = 1; i <= argc; i++) {
    double n = arg_int(vm, args, i, "fromCodePoint");
    if (!(n >= 0 && n <= 0x10FFFF) || (n >= 0xD800 && n <= 0xDFFF)) {
      char num[64];
      number_format(n, num, sizeof num);
      vm_raise(vm, "bad argument #%d to 'fromCodePoint' (%s is not a Unicode scalar value)", i, num);
    }
    char enc[4];
    buffer_append(vm, b, enc, (size_t)utf8_encode((uint32_t)n, enc));
  }
  ObjString *r = str_from_buffer(vm, b);
  vm_pop_root(vm);
  return OBJ_VAL(r);
}

static const NativeReg string_functions[] = {
    {"fromCodePoint", s_from_code_point, 1, -1},
    {NULL, NULL, 0, 0},
};

/* `String`, in every scope: the functions that make strings (the string
 * methods are on the values). */
void string_open(WVM *vm) { builtin_namespace(vm, "String", string_functions); }
