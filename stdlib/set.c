/* Set: an insertion-ordered collection of distinct values (equal as ==
 * is), kept in a private map (value -> true) in the instance's one field.
 * A class like Error: scripts may subclass it (calling super.new()), and
 * it is frozen with the other built-ins. */
#include <math.h>

#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/wstring.h"

enum { SET_ITEMS, SET_FIELDS };

static Value s_new(WVM *vm, int argc, Value *args);

/* v is a Set or an instance of a subclass: its class chain reaches the
 * class whose constructor is s_new (no global needed to know it). */
static bool is_set(Value v) {
  if (!IS_INSTANCE(v)) return false;
  for (ObjClass *k = AS_INSTANCE(v)->klass; k; k = k->super)
    if (IS_NATIVE(k->ctor) && AS_NATIVE(k->ctor)->fn == s_new) return true;
  return false;
}

/* The receiver's map; a subclass whose new() skipped super.new() has none. */
static ObjMap *items_of(WVM *vm, Value self) {
  Value m = AS_INSTANCE(self)->fields[SET_ITEMS];
  if (!IS_MAP(m)) vm_raise(vm, "this Set was never made: a subclass's new() must call super.new()");
  return AS_MAP(m);
}

static ObjMap *mutable_items(WVM *vm, Value self) {
  if (AS_OBJ(self)->frozen) vm_raise(vm, "cannot modify a frozen Set");
  return items_of(vm, self);
}

static void add_item(WVM *vm, ObjMap *m, Value v) {
  if (IS_NUMBER(v) && isnan(AS_NUMBER(v))) vm_raise(vm, "a Set cannot hold nan (it is not equal to itself)");
  map_set(vm, m, v, TRUE_VAL);
}

/* Adds what `from` holds: a list's items, a range's numbers, a string's
 * characters, a map's keys or a Set's items. */
static void add_all(WVM *vm, ObjMap *m, Value from, const char *fn) {
  if (is_set(from)) from = OBJ_VAL(items_of(vm, from));
  if (IS_MAP(from)) {
    ObjMap *src = AS_MAP(from);
    vm_charge(vm, 2 * map_walk_cost(src));
    Value k, v;
    for (uint32_t i = 0; map_next(src, &i, &k, &v);) add_item(vm, m, k);
  } else if (IS_LIST(from)) {
    ObjList *l = AS_LIST(from);
    vm_charge(vm, 2 * (size_t)l->count + 1);
    for (uint32_t i = 0; i < l->count; i++) add_item(vm, m, l->items[i]);
  } else if (IS_RANGE(from)) {
    ObjRange *g = AS_RANGE(from);
    double n = range_count(g->from, g->to, g->inclusive);
    vm_charge(vm, 2 * (size_t)(n < 1e15 ? n : 1e15) + 1);
    for (double i = 0; i < n; i++) add_item(vm, m, NUMBER_VAL(g->from + i));
  } else if (IS_STRING(from)) {
    ObjString *s = AS_STRING(from);
    vm_charge(vm, 2 * (size_t)s->cplen + 1);
    for (size_t i = 0; i < s->len;) {
      size_t n = (size_t)utf8_seq_len((unsigned char)s->chars[i]);
      add_item(vm, m, OBJ_VAL(str_copy(vm, s->chars + i, n))); /* held by m once added */
      i += n;
    }
  } else {
    vm_raise(vm, "bad argument #1 to '%s' (a list, range, string, map or Set expected, got %s)", fn,
             value_type_name(vm, from));
  }
}

static Value s_new(WVM *vm, int argc, Value *args) {
  ObjInstance *self = AS_INSTANCE(args[0]);
  ObjMap *m = map_new(vm);
  self->fields[SET_ITEMS] = OBJ_VAL(m); /* rooted through self */
  if (argc >= 1 && !IS_NIL(args[1])) add_all(vm, m, args[1], "Set");
  return args[0];
}

static Value s_add(WVM *vm, int argc, Value *args) {
  (void)argc;
  add_item(vm, mutable_items(vm, args[0]), args[1]);
  return NIL_VAL;
}

static Value s_has(WVM *vm, int argc, Value *args) {
  (void)argc;
  Value v;
  return BOOL_VAL(map_get(vm, items_of(vm, args[0]), args[1], &v));
}

/* True when x was there. */
static Value s_remove(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjMap *m = mutable_items(vm, args[0]);
  Value v;
  if (!map_get(vm, m, args[1], &v)) return FALSE_VAL;
  map_remove(vm, m, args[1]);
  return TRUE_VAL;
}

static Value s_len(WVM *vm, int argc, Value *args) {
  (void)argc;
  return NUMBER_VAL(items_of(vm, args[0])->count);
}

/* The items, in the order they were first added: also what a for loop
 * walks (iter() may give a list), so changing the Set inside the loop
 * does not disturb it. */
static Value s_to_list(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjMap *m = items_of(vm, args[0]);
  vm_charge(vm, map_walk_cost(m));
  ObjList *out = list_new(vm, m->count);
  Value k, v;
  for (uint32_t i = 0; map_next(m, &i, &k, &v);) out->items[out->count++] = k;
  return OBJ_VAL(out);
}

/* union, intersect, difference: a new plain Set (the built-in class, even
 * for a subclass's instance), in this Set's order, then other's for union. */
enum { UNION, INTERSECT, DIFFERENCE };

static Value combine(WVM *vm, Value *args, int how, const char *fn) {
  ObjMap *mine = items_of(vm, args[0]);
  ObjMap *other = map_new(vm);
  vm_push_root(vm, OBJ_VAL(other));
  add_all(vm, other, args[1], fn);
  ObjClass *k = AS_INSTANCE(args[0])->klass;
  while (!(IS_NATIVE(k->ctor) && AS_NATIVE(k->ctor)->fn == s_new)) k = k->super;
  ObjInstance *out = instance_new(vm, k);
  vm_push_root(vm, OBJ_VAL(out));
  ObjMap *m = map_new(vm);
  out->fields[SET_ITEMS] = OBJ_VAL(m);
  vm_charge(vm, 2 * (map_walk_cost(mine) + map_walk_cost(other)));
  Value key, v;
  for (uint32_t i = 0; map_next(mine, &i, &key, &v);) {
    bool inOther = map_get(vm, other, key, &v);
    if (how == UNION || (how == INTERSECT) == inOther) map_set(vm, m, key, TRUE_VAL);
  }
  if (how == UNION)
    for (uint32_t i = 0; map_next(other, &i, &key, &v);) map_set(vm, m, key, TRUE_VAL);
  vm_pop_roots(vm, 2);
  return OBJ_VAL(out);
}

static Value s_union(WVM *vm, int argc, Value *args) { (void)argc; return combine(vm, args, UNION, "union"); }
static Value s_intersect(WVM *vm, int argc, Value *args) { (void)argc; return combine(vm, args, INTERSECT, "intersect"); }
static Value s_difference(WVM *vm, int argc, Value *args) { (void)argc; return combine(vm, args, DIFFERENCE, "difference"); }

/* Set([1, "a"]): how it prints, and what str() gives. */
static Value s_to_string(WVM *vm, int argc, Value *args) {
  Value l = s_to_list(vm, argc, args);
  vm_push_root(vm, l);
  ObjBuffer *b = buffer_new(vm, 16);
  vm_push_root(vm, OBJ_VAL(b));
  buffer_append(vm, b, "Set(", 4);
  value_append(vm, b, l, true, 1);
  buffer_append(vm, b, ")", 1);
  ObjString *s = str_from_buffer(vm, b);
  vm_pop_roots(vm, 2);
  return OBJ_VAL(s);
}

static const NativeReg set_methods[] = {
    {"new", s_new, 0, 1},
    {"add", s_add, 1, 1},
    {"has", s_has, 1, 1},
    {"remove", s_remove, 1, 1},
    {"len", s_len, 0, 0},
    {"toList", s_to_list, 0, 0},
    {"iter", s_to_list, 0, 0},
    {"union", s_union, 1, 1},
    {"intersect", s_intersect, 1, 1},
    {"difference", s_difference, 1, 1},
    {"toString", s_to_string, 0, 0},
    {NULL, NULL, 0, 0},
};

void set_open(WVM *vm) {
  ObjString *name = str_cstr(vm, "Set");
  vm_push_root(vm, OBJ_VAL(name));
  ObjClass *k = class_new(vm, name, NULL, SET_FIELDS);
  vm_push_root(vm, OBJ_VAL(k));
  vm_define_methods(vm, k, set_methods);
  vm_freeze_class(vm, k);
  map_set(vm, vm->builtins, OBJ_VAL(name), OBJ_VAL(k));
  vm_pop_roots(vm, 2);
}
