/* Strings. Short ones (WRIT_SHORT_STRING_BYTES or less: names, keys,
 * small pieces) are interned in a weak open-addressing set, so equal short
 * strings are one object and compare by pointer; their hash (SipHash-1-3
 * with the VM's secret key, below) is computed at creation. Long ones are
 * made without a hash or a probe of the set (most are built, printed or
 * joined and never used as a key); they compare by content (str_equal) and
 * hash on first use as a key. The code-point count is computed at
 * creation. */
#include <stdarg.h>
#include <stdio.h>
#include "vm/wstring.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/mem.h"

/* SipHash-1-3 keyed with the VM's secret: a script cannot precompute keys
 * that collide (hash flooding), and it is faster than byte-wise FNV on
 * all but the shortest strings. */
#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do { \
    v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
    v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2; \
    v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0; \
    v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
  } while (0)

uint32_t str_hash(const uint64_t key[2], const char *s, size_t len) {
  uint64_t v0 = key[0] ^ 0x736f6d6570736575ULL, v1 = key[1] ^ 0x646f72616e646f6dULL;
  uint64_t v2 = key[0] ^ 0x6c7967656e657261ULL, v3 = key[1] ^ 0x7465646279746573ULL;
  const unsigned char *p = (const unsigned char *)s;
  size_t n = len & ~(size_t)7;
  for (size_t i = 0; i < n; i += 8) {
    uint64_t m;
    memcpy(&m, p + i, 8); /* little-endian hosts; the hash need only be consistent */
    v3 ^= m;
    SIPROUND;
    v0 ^= m;
  }
  uint64_t b = (uint64_t)len << 56;
  switch (len & 7) { /* the last 0-7 bytes, as SipHash's reference code reads them */
  case 7: b |= (uint64_t)p[n + 6] << 48; /* fall through */
  case 6: b |= (uint64_t)p[n + 5] << 40; /* fall through */
  case 5: b |= (uint64_t)p[n + 4] << 32; /* fall through */
  case 4: b |= (uint64_t)p[n + 3] << 24; /* fall through */
  case 3: b |= (uint64_t)p[n + 2] << 16; /* fall through */
  case 2: b |= (uint64_t)p[n + 1] << 8; /* fall through */
  case 1: b |= (uint64_t)p[n]; /* fall through */
  default: break;
  }
  v3 ^= b;
  SIPROUND;
  v0 ^= b;
  v2 ^= 0xff;
  SIPROUND;
  SIPROUND;
  SIPROUND;
  uint64_t h = v0 ^ v1 ^ v2 ^ v3;
  return (uint32_t)(h ^ (h >> 32));
}

int utf8_seq_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1; /* stray continuation byte: counted alone */
}

long utf8_invalid_at(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c < 0x80) { i++; continue; }
    int n;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return (long)i;
    if (i + (size_t)n > len) return (long)i;
    for (int k = 1; k < n; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return (long)i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return (long)i;
    i += (size_t)n;
  }
  return -1;
}

/* Code points = bytes that are not continuation bytes (10xxxxxx); eight
 * bytes at a time, since every string made pays for this. */
uint32_t utf8_count(const char *s, size_t len) {
  const uint64_t hi = 0x8080808080808080ULL;
  size_t n = len, i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (w & hi) n -= (size_t)__builtin_popcountll(w & ~(w << 1) & hi); /* bit 7 set, bit 6 clear */
  }
  for (; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) == 0x80) n--;
  return (uint32_t)n;
}

size_t str_byte_offset(const ObjString *s, uint32_t cp) {
  if (s->cplen == s->len) return cp;
  size_t i = 0;
  while (cp > 0 && i < s->len) {
    i += (size_t)utf8_seq_len((unsigned char)s->chars[i]);
    cp--;
  }
  return i > s->len ? s->len : i;
}

int utf8_encode(uint32_t cp, char *out) {
  if (cp < 0x80) { out[0] = (char)cp; return 1; }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* A dead string's slot: lookups probe past it, inserts may reuse it. */
#define TOMB ((ObjString *)(uintptr_t)1)

static InternSlot *find_slot(InternSlot *table, uint32_t cap, const char *s, size_t len, uint32_t h) {
  uint32_t i = h & (cap - 1);
  InternSlot *tomb = NULL;
  for (;;) {
    InternSlot *e = &table[i];
    if (!e->s) return tomb ? tomb : e;
    if (e->s == TOMB) {
      if (!tomb) tomb = e;
    } else if (e->hash == h && e->s->len == len && memcmp(e->s->chars, s, len) == 0) {
      return e;
    }
    i = (i + 1) & (cap - 1);
  }
}

/* nstrings counts used slots, tombstones included; rebuilding drops them. */
static uint32_t live_strings(WVM *vm) {
  uint32_t live = 0;
  for (uint32_t i = 0; i < vm->strcap; i++)
    if (vm->strings[i].s && vm->strings[i].s != TOMB) live++;
  return live;
}

static uint32_t table_size_for(uint32_t live) {
  uint32_t ncap = 256; /* rebuilt a quarter full; shrinks after tombstones */
  while ((live + 1) * 4 > ncap) ncap *= 2;
  return ncap;
}

/* Moves the set into a new table of ncap slots, dropping tombstones. */
static void rehash_table(WVM *vm, uint32_t ncap) {
  InternSlot *t = MEM_ALLOC(vm, InternSlot, ncap);
  memset(t, 0, sizeof(InternSlot) * ncap);
  uint32_t live = 0;
  for (uint32_t i = 0; i < vm->strcap; i++) {
    ObjString *s = vm->strings[i].s;
    if (!s || s == TOMB) continue;
    *find_slot(t, ncap, s->chars, s->len, s->hash) = vm->strings[i];
    live++; /* counted after the allocation, whose collection may have left tombstones */
  }
  MEM_FREE(vm, InternSlot, vm->strings, vm->strcap);
  vm->strings = t;
  vm->strcap = ncap;
  vm->nstrings = live;
}

static void grow_table(WVM *vm) {
  uint32_t live = live_strings(vm);
  uint32_t ncap = table_size_for(live);
  /* Under a heap budget, garbage strings not yet collected must not force
   * a table the limited code could not afford: collect, then size it. */
  if (vm->bytesAllocated + sizeof(InternSlot) * ncap > vm->heapLimit && !vm->gcRunning) {
    gc_collect(vm);
    live = live_strings(vm);
    ncap = table_size_for(live);
  }
  rehash_table(vm, ncap);
}

void str_reserve(WVM *vm, uint32_t n) {
  uint32_t ncap = table_size_for(n); /* the table a rebuild with n strings makes */
  if (ncap > vm->strcap) rehash_table(vm, ncap);
}

ObjString *str_find(WVM *vm, const char *chars, size_t len) {
  if (!vm->strcap || len > WRIT_SHORT_STRING_BYTES) return NULL;
  ObjString *e = find_slot(vm->strings, vm->strcap, chars, len, str_hash(vm->hashKey, chars, len))->s;
  return e && e != TOMB ? e : NULL;
}

/* A new long string of len bytes, not interned, not hashed; the caller
 * fills chars and cplen before the next allocation. */
static ObjString *str_alloc_long(WVM *vm, size_t len) {
  if (len > WRIT_MAX_STRING_BYTES) vm_raise_too_long(vm);
  ObjString *s = (ObjString *)object_alloc(vm, sizeof(ObjString) + len + 1, OBJ_STRING);
  s->len = (uint32_t)len;
  s->hash = 0;
  s->cplen = 0;
  s->chars[len] = '\0';
  return s;
}

uint32_t str_hash_long(WVM *vm, ObjString *s) {
  s->hash = str_hash(vm->hashKey, s->chars, s->len);
  s->obj.flags |= STR_HASHED;
  return s->hash;
}

bool str_equal_long(WVM *vm, ObjString *a, ObjString *b) {
  if (a->cplen != b->cplen) return false;
  if ((a->obj.flags & b->obj.flags & STR_HASHED) && a->hash != b->hash) return false;
  vm->fuel -= (int64_t)(a->len / 8); /* no raise: see wstring.h */
  return memcmp(a->chars, b->chars, a->len) == 0;
}

ObjString *str_copy(WVM *vm, const char *chars, size_t len) {
  return str_copy_n(vm, chars, len, UINT32_MAX);
}

ObjString *str_copy_n(WVM *vm, const char *chars, size_t len, uint32_t cplen) {
  if (len > WRIT_SHORT_STRING_BYTES) {
    ObjString *s = str_alloc_long(vm, len);
    memcpy(s->chars, chars, len);
    s->cplen = cplen == UINT32_MAX ? utf8_count(chars, len) : cplen;
    return s;
  }
  if (!chars) chars = ""; /* an empty buffer's NULL: memcpy and memcmp take no NULL, even for 0 bytes */
  uint32_t h = str_hash(vm->hashKey, chars, len);
  /* At most half full, tombstones included: linear probes stay short.
   * Grown before the look-up (a hit may grow it a little early), so that
   * the look-up's slot is where a new string goes: only grow_table moves
   * slots, and a collection in object_alloc below only turns entries into
   * tombstones, which leaves that slot the right place. */
  if ((vm->nstrings + 1) * 2 > vm->strcap) grow_table(vm);
  InternSlot *slot = find_slot(vm->strings, vm->strcap, chars, len, h);
  if (slot->s && slot->s != TOMB) return slot->s;
  ObjString *s = (ObjString *)object_alloc(vm, sizeof(ObjString) + len + 1, OBJ_STRING);
  s->len = (uint32_t)len;
  s->hash = h;
  s->obj.flags = STR_HASHED;
  memcpy(s->chars, chars, len);
  s->chars[len] = '\0';
  s->cplen = cplen == UINT32_MAX ? utf8_count(chars, len) : cplen;
  if (!slot->s) vm->nstrings++;
  slot->s = s;
  slot->hash = h;
  return s;
}

ObjString *str_cstr(WVM *vm, const char *cstr) { return str_copy(vm, cstr, strlen(cstr)); }

/* The bytes a then b as one string of cplen code points, copied once: to
 * the stack for a short one (interned, looked up by its bytes), straight
 * into place for a long one. a and b must stay put across the allocation:
 * the chars of rooted strings, or C memory. */
static inline ObjString *join2(WVM *vm, const char *a, size_t na, const char *b, size_t nb, uint32_t cplen) {
  size_t len = na + nb;
  if (len > WRIT_MAX_STRING_BYTES) vm_raise_too_long(vm);
  vm_charge(vm, len / 8);
  if (len <= WRIT_SHORT_STRING_BYTES) {
    char tmp[WRIT_SHORT_STRING_BYTES];
    memcpy(tmp, a, na);
    memcpy(tmp + na, b, nb);
    return str_copy_n(vm, tmp, len, cplen);
  }
  ObjString *s = str_alloc_long(vm, len);
  memcpy(s->chars, a, na);
  memcpy(s->chars + na, b, nb);
  s->cplen = cplen;
  return s;
}

/* a and b must be rooted (the VM's are in registers). */
ObjString *str_concat(WVM *vm, ObjString *a, ObjString *b) {
  return join2(vm, a->chars, a->len, b->chars, b->len, a->cplen + b->cplen);
}

/* A str() part's digits (see str_join_parts): number_format's, so they
 * are what str(x) would have made. */
size_t str_part_len(Value part) {
  if (IS_STRING(part)) return AS_STRING(part)->len;
  return (size_t)number_format_len(AS_NUMBER(part));
}

/* A str() part's digits into dst (which has room for exactly them: the
 * caller summed str_part_len); adds its code points. */
NOINLINE static size_t put_digits(char *dst, Value part, uint32_t *cplen) {
  char tmp[64];
  size_t n = (size_t)number_format(AS_NUMBER(part), tmp, sizeof tmp);
  memcpy(dst, tmp, n);
  *cplen += (uint32_t)n; /* ASCII */
  return n;
}

static inline size_t put_part(char *dst, Value part, uint32_t *cplen) {
  if (!IS_STRING(part)) return put_digits(dst, part, cplen);
  const ObjString *p = AS_STRING(part);
  memcpy(dst, p->chars, p->len);
  *cplen += p->cplen;
  return p->len;
}

ObjString *str_join_parts(WVM *vm, const Value *parts, int n, size_t len) {
  uint32_t cplen = 0;
  size_t at = 0;
  if (len <= WRIT_SHORT_STRING_BYTES) {
    char tmp[WRIT_SHORT_STRING_BYTES]; /* the parts come to len bytes */
    for (int i = 0; i < n; i++) at += put_part(tmp + at, parts[i], &cplen);
    return str_copy_n(vm, tmp, len, cplen);
  }
  ObjString *s = str_alloc_long(vm, len);
  for (int i = 0; i < n; i++) at += put_part(s->chars + at, parts[i], &cplen);
  s->cplen = cplen;
  return s;
}

ObjString *str_concat_ascii(WVM *vm, ObjString *s, const char *t, size_t n, bool tFirst) {
  uint32_t cplen = s->cplen + (uint32_t)n; /* t is ASCII */
  return tFirst ? join2(vm, t, n, s->chars, s->len, cplen) : join2(vm, s->chars, s->len, t, n, cplen);
}

ObjString *str_from_buffer(WVM *vm, ObjBuffer *b) { return str_copy(vm, b->data ? b->data : "", b->len); }

/* Messages are short: longer ones are cut at 511 bytes (on a character
 * boundary, so the result stays UTF-8). */
ObjString *str_vprintf(WVM *vm, const char *fmt, va_list ap) {
  char buf[512];
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  if (n < 0) n = 0;
  if (n >= (int)sizeof buf) {
    n = (int)sizeof buf - 1;
    while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80) n--;
  }
  return str_copy(vm, buf, (size_t)n);
}

ObjString *str_printf(WVM *vm, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ObjString *s = str_vprintf(vm, fmt, ap);
  va_end(ap);
  return s;
}

/* Before the sweep: strings about to be freed leave the set. */
void str_sweep_interned(WVM *vm) {
  for (uint32_t i = 0; i < vm->strcap; i++) {
    ObjString *s = vm->strings[i].s;
    if (s && s != TOMB && !s->obj.marked) vm->strings[i].s = TOMB;
  }
}

void str_free_table(WVM *vm) {
  MEM_FREE(vm, InternSlot, vm->strings, vm->strcap);
  vm->strings = NULL;
  vm->strcap = vm->nstrings = 0;
}

/* ---------------------------------------------------------------------
 * Two-way search (Crochemore & Perrin 1991): linear time, constant space.
 * ------------------------------------------------------------------- */

/* The maximal suffix of x under the byte order (or its reverse) and its
 * period; returns the index before the suffix starts (-1: all of x). */
static ptrdiff_t max_suffix(const unsigned char *x, ptrdiff_t m, bool rev,
                            ptrdiff_t *period) {
  ptrdiff_t ms = -1, j = 0, k = 1, p = 1;
  while (j + k < m) {
    unsigned char a = x[j + k], b = x[ms + k];
    if (a == b) {
      if (k != p) {
        k++;
      } else {
        j += p;
        k = 1;
      }
    } else if (rev ? a > b : a < b) {
      j += k;
      k = 1;
      p = j - ms;
    } else {
      ms = j++;
      k = p = 1;
    }
  }
  *period = p;
  return ms;
}

ptrdiff_t str_find_bytes(const char *ys, size_t n, const char *xs, size_t m) {
  const unsigned char *x = (const unsigned char *)xs, *y = (const unsigned char *)ys;
  if (m == 0) return 0;
  if (m > n) return -1;
  if (m == 1) {
    const char *hit = memchr(ys, xs[0], n);
    return hit ? hit - ys : -1;
  }
  ptrdiff_t p, q, M = (ptrdiff_t)m, N = (ptrdiff_t)n;
  ptrdiff_t i = max_suffix(x, M, false, &p), j = max_suffix(x, M, true, &q);
  ptrdiff_t ell = i > j ? i : j, per = i > j ? p : q, mem = -1, pos = 0;
  bool periodic = memcmp(x, x + per, (size_t)(ell + 1)) == 0;
  if (!periodic) per = (ell + 1 > M - ell - 1 ? ell + 1 : M - ell - 1) + 1;
  while (pos <= N - M) {
    ptrdiff_t k = (ell > mem ? ell : mem) + 1;
    while (k < M && x[k] == y[pos + k]) k++;
    if (k < M) {
      pos += k - ell;
      mem = -1;
      continue;
    }
    k = ell;
    while (k > mem && x[k] == y[pos + k]) k--;
    if (k <= mem) return pos;
    pos += per;
    mem = periodic ? M - per - 1 : -1;
  }
  return -1;
}
