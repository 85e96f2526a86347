/* Strings: interning, hashing, UTF-8 helpers. */
#ifndef WRIT_WSTRING_H
#define WRIT_WSTRING_H

#include "vm/vm.h"

typedef struct InternSlot {
  ObjString *s; /* NULL: empty; TOMB: a string that died */
  uint32_t hash;
} InternSlot;

/* Intern a copy of chars[0..len). The bytes must be valid UTF-8 (callers
 * validating outside input use utf8_valid first). Raises if too long. */
ObjString *str_copy(WVM *vm, const char *chars, size_t len);
ObjString *str_cstr(WVM *vm, const char *cstr);
ObjString *str_concat(WVM *vm, ObjString *a, ObjString *b);
/* Intern the contents of a buffer. */
ObjString *str_from_buffer(WVM *vm, ObjBuffer *b);
ObjString *str_printf(WVM *vm, const char *fmt, ...) WPRINTF(2, 3);
ObjString *str_vprintf(WVM *vm, const char *fmt, va_list ap);
uint32_t str_hash(const uint64_t key[2], const char *s, size_t len);
/* The interned string with these bytes, or NULL; never allocates. */
ObjString *str_find(WVM *vm, const char *chars, size_t len);
/* Remove strings the collector is about to free from the intern set. */
void str_sweep_interned(WVM *vm);
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

/* Byte offset of the first occurrence of x[0..m) in y[0..n), or -1 (0
 * for an empty x): two-way search, linear in n + m, constant space. */
ptrdiff_t str_find_bytes(const char *y, size_t n, const char *x, size_t m);

#endif
