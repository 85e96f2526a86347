/* Methods of the primordial map class. Keys and values come back in
 * insertion order, as `for k, v in m` visits them. */
#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/table.h"

#define RECV(args) AS_MAP((args)[0])

static Value m_len(WVM *vm, int argc, Value *args) {
  (void)vm;
  (void)argc;
  return NUMBER_VAL(RECV(args)->count);
}

static Value m_has(WVM *vm, int argc, Value *args) {
  (void)vm;
  (void)argc;
  Value v;
  return BOOL_VAL(map_get(vm, RECV(args), args[1], &v));
}

static Value m_get(WVM *vm, int argc, Value *args) {
  (void)vm;
  Value v;
  if (map_get(vm, RECV(args), args[1], &v)) return v;
  return argc >= 2 ? args[2] : NIL_VAL;
}

/* The removed value is rooted across map_remove, which may rebuild the
 * index (allocate, collect) while nothing else holds the value. */
static Value m_remove(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjMap *m = RECV(args);
  if (m->obj.frozen) vm_raise(vm, "cannot modify a frozen map");
  Value v;
  if (!map_get(vm, m, args[1], &v)) return NIL_VAL;
  vm_push_root(vm, v);
  map_remove(vm, m, args[1]);
  vm_pop_root(vm);
  return v;
}

/* keys() and values(): a list sized up front, so filling it never
 * allocates (and every element is still held by the map anyway). */
static Value map_items(WVM *vm, ObjMap *m, bool keys) {
  vm_charge(vm, map_walk_cost(m));
  ObjList *out = list_new(vm, m->count);
  vm_push_root(vm, OBJ_VAL(out));
  list_reserve(vm, out, m->count);
  Value k, v;
  for (uint32_t i = 0; map_next(m, &i, &k, &v);) out->items[out->count++] = keys ? k : v;
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

static Value m_keys(WVM *vm, int argc, Value *args) {
  (void)argc;
  return map_items(vm, RECV(args), true);
}

static Value m_values(WVM *vm, int argc, Value *args) {
  (void)argc;
  return map_items(vm, RECV(args), false);
}

/* items(): [key, value] pairs in order. Each pair is made while the map
 * holds its parts; the list is rooted and sized first. */
static Value m_items(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjMap *m = RECV(args);
  vm_charge(vm, map_walk_cost(m) + 2 * (size_t)m->count);
  ObjList *out = list_new(vm, m->count);
  vm_push_root(vm, OBJ_VAL(out));
  list_reserve(vm, out, m->count);
  Value k, v;
  for (uint32_t i = 0; map_next(m, &i, &k, &v);) {
    ObjList *pair = list_new(vm, 2);
    pair->items[0] = k;
    pair->items[1] = v;
    pair->count = 2;
    out->items[out->count++] = OBJ_VAL(pair);
  }
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

/* merge(other): a new map, this one's entries then other's (other's value
 * wins for a key in both, keeping the first position); both unchanged. */
static Value m_merge(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjMap *m = RECV(args);
  if (!IS_MAP(args[1])) vm_raise(vm, "bad argument #1 to 'merge' (map expected, got %s)", value_type_name(vm, args[1]));
  ObjMap *o = AS_MAP(args[1]);
  vm_charge(vm, 2 * (map_walk_cost(m) + map_walk_cost(o)));
  ObjMap *out = map_new(vm);
  vm_push_root(vm, OBJ_VAL(out));
  map_reserve(vm, out, m->count + o->count);
  Value k, v;
  for (uint32_t i = 0; map_next(m, &i, &k, &v);) map_set(vm, out, k, v);
  for (uint32_t i = 0; map_next(o, &i, &k, &v);) map_set(vm, out, k, v);
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

const NativeReg map_methods[] = {
    {"len", m_len, 0, 0},
    {"has", m_has, 1, 1},
    {"get", m_get, 1, 2},
    {"remove", m_remove, 1, 1},
    {"keys", m_keys, 0, 0},
    {"values", m_values, 0, 0},
    {"items", m_items, 0, 0},
    {"merge", m_merge, 1, 1},
    {NULL, NULL, 0, 0},
};
