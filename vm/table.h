/* Maps (ObjMap): insertion-ordered open addressing over Values. Keys are
 * compared as values_equal does: strings by content (short ones are
 * interned, so by pointer; long ones by hash, then bytes). */
#ifndef WRIT_TABLE_H
#define WRIT_TABLE_H

#include "vm/vm.h"

ObjMap *map_new(WVM *vm);
/* Returns true and sets *out if key is present. */
bool map_get(WVM *vm, ObjMap *m, Value key, Value *out);
/* Inserts or replaces. Raises on a NaN key or too many entries. */
void map_set(WVM *vm, ObjMap *m, Value key, Value value);
bool map_remove(WVM *vm, ObjMap *m, Value key);
/* Makes room for n entries in all, so that inserting up to that many
 * rebuilds nothing (for maps whose final size is known, like a class's
 * built-in methods). */
void map_reserve(WVM *vm, ObjMap *m, uint32_t n);
bool map_get_str(WVM *vm, ObjMap *m, ObjString *key, Value *out);
/* The value under the string key with these bytes: a lookup by a name
 * from C that allocates nothing and finds long keys too. */
bool map_get_bytes(WVM *vm, ObjMap *m, const char *chars, size_t len, Value *out);
/* Long strings are hashed here the first time (so it takes the VM). */
uint32_t value_hash(WVM *vm, Value v);
/* Iterate: for (uint32_t i = 0; map_next(m, &i, &k, &v);) */
bool map_next(ObjMap *m, uint32_t *pos, Value *key, Value *value);
/* Fuel for a walk over the whole map with map_next: the slots it visits,
 * holes left by removed entries included, not only the entries. */
static inline size_t map_walk_cost(const ObjMap *m) { return (size_t)m->used + 1; }
void map_free(WVM *vm, ObjMap *m);

#endif
