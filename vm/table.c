/* ObjMap: entries[] keeps insertion order; index[] (a power of two, at
 * least twice entries' capacity, so probes always end) maps hashes to
 * entry positions + 1. A removed entry stays as a hole (key EMPTY_VAL)
 * whose index slot probes past it, until the next rebuild compacts. */
#include <math.h>
#include <string.h>
#include "vm/table.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/mem.h"
#include "vm/tx.h"
#include "vm/wstring.h"

ObjMap *map_new(WVM *vm) {
  ObjMap *m = (ObjMap *)object_alloc(vm, sizeof(ObjMap), OBJ_MAP);
  m->entries = NULL;
  m->index = NULL;
  m->count = m->used = m->ecap = m->icap = 0;
  m->version = 0;
  return m;
}

static uint32_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return (uint32_t)x;
}

uint32_t value_hash(WVM *vm, Value v) {
  if (IS_STRING(v)) return str_hash_of(vm, AS_STRING(v));
  if (IS_NUMBER(v)) {
    double d = AS_NUMBER(v);
    if (d == 0) d = 0; /* -0 and 0 are one key */
    return mix64(NUMBER_VAL(d));
  }
  return mix64(v);
}

/* find for a long string key: equal keys are strings with the same bytes
 * (both are hashed by now, so str_equal compares hashes first). Apart, so
 * that find itself stays a leaf. */
NOINLINE static uint32_t find_long(WVM *vm, const ObjMap *m, ObjString *key, uint32_t h) {
  uint32_t mask = m->icap - 1, i = h & mask;
  for (;;) {
    uint32_t e = m->index[i];
    if (e == 0) return i;
    Value k = m->entries[e - 1].key;
    if (IS_STRING(k) && str_equal(vm, AS_STRING(k), key)) return i;
    i = (i + 1) & mask;
  }
}

/* Index slot holding key, or the empty slot where it would go. Keys are
 * equal as values_equal says: the same bits (short strings are interned),
 * numbers by value (-0 and 0), long strings by content (find_long). */
static uint32_t find(WVM *vm, const ObjMap *m, Value key, uint32_t h) {
  uint32_t mask = m->icap - 1, i = h & mask;
  uint32_t first = m->index[i]; /* most lookups end here, whatever the key */
  if (first == 0 || m->entries[first - 1].key == key) return i;
  if (IS_STRING(key) && AS_STRING(key)->len > WRIT_SHORT_STRING_BYTES) return find_long(vm, m, AS_STRING(key), h);
  for (;;) {
    uint32_t e = m->index[i];
    if (e == 0) return i;
    Value k = m->entries[e - 1].key;
    if (k == key || (IS_NUMBER(k) && IS_NUMBER(key) && AS_NUMBER(k) == AS_NUMBER(key))) return i;
    i = (i + 1) & mask;
  }
}

bool map_get(WVM *vm, ObjMap *m, Value key, Value *out) {
  if (m->count == 0) return false;
  uint32_t e = m->index[find(vm, m, key, value_hash(vm, key))];
  if (e == 0) return false;
  *out = m->entries[e - 1].value;
  return true;
}

bool map_get_str(WVM *vm, ObjMap *m, ObjString *key, Value *out) { return map_get(vm, m, OBJ_VAL(key), out); }

bool map_get_bytes(WVM *vm, ObjMap *m, const char *chars, size_t len, Value *out) {
  if (m->count == 0) return false;
  if (!chars) chars = ""; /* memcmp takes no NULL */
  uint32_t mask = m->icap - 1, i = str_hash(vm->hashKey, chars, len) & mask;
  for (;;) {
    uint32_t e = m->index[i];
    if (e == 0) return false;
    Value k = m->entries[e - 1].key;
    if (IS_STRING(k) && AS_STRING(k)->len == len && memcmp(AS_STRING(k)->chars, chars, len) == 0) {
      *out = m->entries[e - 1].value;
      return true;
    }
    i = (i + 1) & mask;
  }
}

static void rebuild(WVM *vm, ObjMap *m, uint32_t ecap) {
  uint32_t icap = 8;
  while (icap < ecap * 2) icap *= 2;
  /* One allocation for both arrays: a limit hit on a second one would
   * strand the first. */
  size_t ebytes = sizeof(MapEntry) * ecap;
  MapEntry *entries = mem_realloc(vm, NULL, 0, ebytes + sizeof(uint32_t) * icap);
  uint32_t *index = (uint32_t *)((char *)entries + ebytes);
  memset(index, 0, sizeof(uint32_t) * icap);
  uint32_t n = 0;
  for (uint32_t i = 0; i < m->used; i++) {
    if (m->entries[i].key == EMPTY_VAL) continue;
    entries[n] = m->entries[i];
    n++;
  }
  if (m->entries) mem_realloc(vm, m->entries, sizeof(MapEntry) * m->ecap + sizeof(uint32_t) * m->icap, 0);
  m->entries = entries;
  m->index = index;
  m->ecap = ecap;
  m->icap = icap;
  m->used = n;
  uint32_t mask = icap - 1;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t j = value_hash(vm, entries[i].key) & mask;
    while (index[j]) j = (j + 1) & mask;
    index[j] = i + 1;
  }
}

/* Before changing m: a running transaction logs it first (vm/tx.h). */
static void map_will_change(WVM *vm, ObjMap *m, Value key, Value value) {
  if (!tx_needed(vm, &m->obj)) return;
  vm_push_root(vm, key);
  vm_push_root(vm, value);
  tx_log(vm, &m->obj);
  vm_pop_roots(vm, 2);
}

void map_reserve(WVM *vm, ObjMap *m, uint32_t n) {
  if (n <= m->ecap) return;
  map_will_change(vm, m, NIL_VAL, NIL_VAL);
  rebuild(vm, m, n);
}

void map_set(WVM *vm, ObjMap *m, Value key, Value value) {
  if (IS_NUMBER(key) && isnan(AS_NUMBER(key))) vm_raise(vm, "map key cannot be nan");
  map_will_change(vm, m, key, value);
  uint32_t h = value_hash(vm, key);
  if (m->icap) {
    uint32_t slot = find(vm, m, key, h);
    if (m->index[slot]) {
      m->entries[m->index[slot] - 1].value = value;
      return;
    }
  }
  if (m->used >= m->ecap) {
    if (m->count >= WRIT_MAX_LIST_COUNT) vm_raise(vm, "map too large (limit %u entries)", (unsigned)WRIT_MAX_LIST_COUNT);
    uint32_t ecap = m->count * 2 < 4 ? 4 : m->count * 2;
    if (ecap <= m->count) ecap = m->count + 1;
    vm_charge(vm, m->count);
    /* Growing may collect: key and value are not yet reachable. */
    vm_push_root(vm, key);
    vm_push_root(vm, value);
    rebuild(vm, m, ecap);
    vm_pop_roots(vm, 2);
  }
  uint32_t slot = find(vm, m, key, h);
  m->entries[m->used].key = key;
  m->entries[m->used].value = value;
  m->index[slot] = ++m->used;
  m->count++;
  m->version++;
}

/* Squeezes the holes out of entries[] and rebuilds the index. The block
 * is cut down to fit what is left when the allocator can do that (the
 * index then starts right after the smaller entries array); cutting
 * never collects or raises, and when it cannot be done the map compacts
 * in place. Removing therefore never fails. */
static void compact(WVM *vm, ObjMap *m) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < m->used; i++)
    if (m->entries[i].key != EMPTY_VAL) m->entries[n++] = m->entries[i];
  m->used = n;
  uint32_t ecap = n * 2 < 4 ? 4 : n * 2; /* room to grow again */
  if (ecap < m->ecap) {
    uint32_t icap = 8;
    while (icap < ecap * 2) icap *= 2;
    bool ok;
    MapEntry *e = mem_shrink(vm, m->entries, sizeof(MapEntry) * m->ecap + sizeof(uint32_t) * m->icap,
                             sizeof(MapEntry) * ecap + sizeof(uint32_t) * icap, &ok);
    if (ok) {
      m->entries = e;
      m->index = (uint32_t *)((char *)e + sizeof(MapEntry) * ecap);
      m->ecap = ecap;
      m->icap = icap;
    }
  }
  memset(m->index, 0, sizeof(uint32_t) * m->icap);
  uint32_t mask = m->icap - 1;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t j = value_hash(vm, m->entries[i].key) & mask;
    while (m->index[j]) j = (j + 1) & mask;
    m->index[j] = i + 1;
  }
}

bool map_remove(WVM *vm, ObjMap *m, Value key) {
  if (m->count == 0) return false;
  uint32_t slot = find(vm, m, key, value_hash(vm, key));
  if (!m->index[slot]) return false;
  map_will_change(vm, m, key, NIL_VAL); /* may give m new arrays: find the slot again */
  uint32_t e = m->index[find(vm, m, key, value_hash(vm, key))];
  m->entries[e - 1].key = EMPTY_VAL;
  m->entries[e - 1].value = NIL_VAL;
  m->count--;
  m->version++;
  /* Holes make every walk over the map longer than its size: a map grown
   * large and then emptied would cost a loop over it a million slots for
   * one item (the walk pays for them, but need not be that long).
   * Compact once the holes outnumber the entries: compacting costs
   * O(used + the new index), under a few times the holes, so it is paid
   * for by the removes that made them. */
  uint32_t holes = m->used - m->count;
  if (holes > m->count && holes >= 8) compact(vm, m);
  return true;
}

bool map_next(ObjMap *m, uint32_t *pos, Value *key, Value *value) {
  while (*pos < m->used) {
    MapEntry *e = &m->entries[(*pos)++];
    if (e->key == EMPTY_VAL) continue;
    *key = e->key;
    *value = e->value;
    return true;
  }
  return false;
}

void map_free(WVM *vm, ObjMap *m) {
  if (m->entries) mem_realloc(vm, m->entries, sizeof(MapEntry) * m->ecap + sizeof(uint32_t) * m->icap, 0);
}
