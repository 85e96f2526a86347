/* Strings: interning, hashing, UTF-8 helpers. */
#ifndef WRIT_WSTRING_H
#define WRIT_WSTRING_H

#include <string.h>

#include "vm/vm.h"

typedef struct InternSlot {
  ObjString *s; /* NULL: empty; TOMB: a string that died */
  uint32_t hash;
} InternSlot;

/* A string holding a copy of chars[0..len): the interned one when short,
 * a new one when long. The bytes must be valid UTF-8 (callers validating
 * outside input use utf8_valid first). Raises if too long. */
ObjString *str_copy(WVM *vm, const char *chars, size_t len);
/* The same when the caller knows the code-point count (joined strings,
 * ASCII text), which saves counting; UINT32_MAX: count them. */
ObjString *str_copy_n(WVM *vm, const char *chars, size_t len, uint32_t cplen);
ObjString *str_cstr(WVM *vm, const char *cstr);
ObjString *str_concat(WVM *vm, ObjString *a, ObjString *b);
/* s + t (tFirst: t + s) with t ASCII text that is not a string object:
 * the digits of str(number) going straight into a + (vm.c's str_call).
 * Checks and charges as str_concat does for the sum. s must be rooted. */
ObjString *str_concat_ascii(WVM *vm, ObjString *s, const char *t, size_t n, bool tFirst);
/* The n parts parts[0..n) (len bytes in all) joined into one: a chain
 * a + b + c (OP_CAT). A part is a string, or a number standing for the
 * digits of str(number) (a str() part, vm.c's str_call). Checks and
 * charges nothing (the caller did); the parts must be rooted. */
ObjString *str_join_parts(WVM *vm, const Value *parts, int n, size_t len);
/* The length of a chain's part: a string's bytes, a str() part's digits. */
size_t str_part_len(Value part);
/* A string of the contents of a buffer. */
ObjString *str_from_buffer(WVM *vm, ObjBuffer *b);
ObjString *str_printf(WVM *vm, const char *fmt, ...) WPRINTF(2, 3);
ObjString *str_vprintf(WVM *vm, const char *fmt, va_list ap);
uint32_t str_hash(const uint64_t key[2], const char *s, size_t len);
/* The interned string with these bytes, or NULL (always for more than
 * WRIT_SHORT_STRING_BYTES); never allocates. To look a name up in a map
 * by its bytes, map_get_bytes (table.h) finds long keys too. */
ObjString *str_find(WVM *vm, const char *chars, size_t len);

/* The hash of a long string, computed now and kept (str_hash_of). */
uint32_t str_hash_long(WVM *vm, ObjString *s);
/* A string's hash: str_hash of its bytes with the VM's key (so a lookup by
 * bytes finds it), computed for long strings the first time it is asked. */
static inline uint32_t str_hash_of(WVM *vm, ObjString *s) {
  return (s->obj.flags & STR_HASHED) ? s->hash : str_hash_long(vm, s);
}
/* Two long strings of the same length: same bytes? The bytes compared are
 * charged, a unit per 8 as for `<`, but no error is thrown from here (this
 * runs where none may be, such as a host's map lookup): a budget that this
 * takes below zero stops the code at its next check. */
bool str_equal_long(WVM *vm, ObjString *a, ObjString *b);
/* Same content. Short strings are interned, so for them (and for any
 * string and itself) the pointer decides. */
static inline bool str_equal(WVM *vm, ObjString *a, ObjString *b) {
  return a == b || (a->len == b->len && a->len > WRIT_SHORT_STRING_BYTES && str_equal_long(vm, a, b));
}
/* Remove strings the collector is about to free from the intern set. */
void str_sweep_interned(WVM *vm);
/* Makes the intern set the size a rebuild with n strings would make
 * (vm_new: the built-ins' names, instead of a rebuild while they come in). */
void str_reserve(WVM *vm, uint32_t n);
void str_free_table(WVM *vm);

/* UTF-8 */
/* Returns the byte offset of the first invalid sequence, or -1 if valid. */
long utf8_invalid_at(const char *s, size_t len);
uint32_t utf8_count(const char *s, size_t len);
/* Byte offset of code point index cp (cp <= cplen). */
size_t str_byte_offset(const ObjString *s, uint32_t cp);
/* Length in bytes of the UTF-8 sequence starting with byte c. */
int utf8_seq_len(unsigned char c);
int utf8_encode(uint32_t cp, char *out);
/* The code point at s[*pos] (valid UTF-8, *pos < len); moves *pos past it. */
static inline uint32_t utf8_decode(const char *str, size_t len, size_t *pos) {
  const unsigned char *s = (const unsigned char *)str + *pos;
  unsigned char c = s[0];
  if (c < 0x80) {
    *pos += 1;
    return c;
  }
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (*pos + (size_t)n > len) n = 1;
  uint32_t cp = n == 1 ? c : (uint32_t)(c & (0x7F >> n));
  for (int i = 1; i < n; i++) cp = (cp << 6) | (uint32_t)(s[i] & 0x3F);
  *pos += (size_t)n;
  return cp;
}

/* Strings in Writ's order (`<`, sort, min, max): bytes, which for UTF-8 is
 * code point order, then the shorter first. Negative, 0 or positive. */
static inline int str_compare(const ObjString *a, const ObjString *b) {
  size_t n = a->len < b->len ? a->len : b->len;
  int c = n ? memcmp(a->chars, b->chars, n) : 0;
  return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Byte offset of the first occurrence of x[0..m) in y[0..n), or -1 (0
 * for an empty x): two-way search, linear in n + m, constant space. */
ptrdiff_t str_find_bytes(const char *y, size_t n, const char *x, size_t m);

#endif
