/* The list methods that read a list and answer a question or build a new
 * list (sum min max any all find first last flatMap zip enumerate unique);
 * the ones that change a list, sort it or map over it are in list.c.
 * Callbacks may change the list: loops re-read it each step and visit only
 * the items present when the call began (as list.c's do). */
#include <math.h>
#include <string.h>

#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/wstring.h"

#define RECV(args) AS_LIST((args)[0])

static Value l_sum(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  vm_charge(vm, (size_t)l->count + 1);
  double t = 0;
  for (uint32_t i = 0; i < l->count; i++) {
    if (!IS_NUMBER(l->items[i]))
      vm_raise(vm, "sum: item %u is not a number but %s", (unsigned)i, value_type_name(vm, l->items[i]));
    t += AS_NUMBER(l->items[i]);
  }
  return NUMBER_VAL(t);
}

/* min and max: all numbers or all strings (the order sort() uses). */
static Value extreme(WVM *vm, ObjList *l, bool max, const char *fn) {
  if (l->count == 0) vm_raise(vm, "%s() of an empty list", fn);
  vm_charge(vm, (size_t)l->count + 1);
  Value best = l->items[0];
  bool strings = IS_STRING(best);
  if (!strings && !IS_NUMBER(best)) vm_raise(vm, "%s: cannot compare %s", fn, value_type_name(vm, best));
  for (uint32_t i = 1; i < l->count; i++) {
    Value v = l->items[i];
    if (strings ? !IS_STRING(v) : !IS_NUMBER(v))
      vm_raise(vm, "%s: cannot compare %s and %s", fn, value_type_name(vm, best), value_type_name(vm, v));
    bool better;
    if (strings) {
      ObjString *a = AS_STRING(v), *b = AS_STRING(best);
      vm_charge(vm, (a->len < b->len ? a->len : b->len) / 8);
      int c = str_compare(a, b);
      better = max ? c > 0 : c < 0;
    } else {
      double x = AS_NUMBER(v), y = AS_NUMBER(best);
      better = isnan(x) || (max ? x > y : x < y); /* nan wins, as math.min/max */
      if (isnan(y)) better = false;
    }
    if (better) best = v;
  }
  return best;
}

static Value l_min(WVM *vm, int argc, Value *args) { (void)argc; return extreme(vm, RECV(args), false, "min"); }
static Value l_max(WVM *vm, int argc, Value *args) { (void)argc; return extreme(vm, RECV(args), true, "max"); }

/* any / all: with f, its answer for each item; without, the item itself. */
static Value any_all(WVM *vm, int argc, Value *args, bool all, const char *fn) {
  ObjList *l = RECV(args);
  bool useF = argc >= 1 && !IS_NIL(args[1]);
  if (useF) arg_callable(vm, args, 1, fn);
  for (uint32_t i = 0, n = l->count; list_visiting(l, i, n); i++) {
    vm_charge(vm, 1);
    Value item = l->items[i];
    Value r = useF ? vm_call(vm, args[1], 1, &item) : item;
    if (IS_FALSY(r) == all) return BOOL_VAL(!all);
  }
  return BOOL_VAL(all);
}

static Value l_any(WVM *vm, int argc, Value *args) { return any_all(vm, argc, args, false, "any"); }
static Value l_all(WVM *vm, int argc, Value *args) { return any_all(vm, argc, args, true, "all"); }

static Value l_find(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  arg_callable(vm, args, 1, "find");
  for (uint32_t i = 0, n = l->count; list_visiting(l, i, n); i++) {
    vm_charge(vm, 1);
    Value item = l->items[i];
    vm_push_root(vm, item); /* f may remove it from the list */
    Value r = vm_call(vm, args[1], 1, &item);
    vm_pop_root(vm);
    if (!IS_FALSY(r)) return item;
  }
  return NIL_VAL;
}

static Value l_first(WVM *vm, int argc, Value *args) {
  (void)vm; (void)argc;
  ObjList *l = RECV(args);
  return l->count ? l->items[0] : NIL_VAL;
}

static Value l_last(WVM *vm, int argc, Value *args) {
  (void)vm; (void)argc;
  ObjList *l = RECV(args);
  return l->count ? l->items[l->count - 1] : NIL_VAL;
}

/* f's results joined: a list result gives its items, anything else itself. */
static Value l_flat_map(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  arg_callable(vm, args, 1, "flatMap");
  ObjList *out = list_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(out));
  for (uint32_t i = 0, n = l->count; list_visiting(l, i, n); i++) {
    vm_charge(vm, 1);
    Value item = l->items[i];
    Value r = vm_call(vm, args[1], 1, &item);
    if (!IS_LIST(r)) { list_push(vm, out, r); continue; }
    vm_push_root(vm, r);
    ObjList *rl = AS_LIST(r);
    vm_charge(vm, rl->count);
    for (uint32_t k = 0; k < rl->count; k++) list_push(vm, out, rl->items[k]);
    vm_pop_root(vm);
  }
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

/* [[a0, b0], [a1, b1], ...] up to the shorter list (Python's zip). */
static Value l_zip(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *a = RECV(args);
  if (!IS_LIST(args[1])) vm_raise(vm, "bad argument #1 to 'zip' (list expected, got %s)", value_type_name(vm, args[1]));
  ObjList *b = AS_LIST(args[1]);
  uint32_t n = a->count < b->count ? a->count : b->count;
  vm_charge(vm, 3 * (size_t)n + 1);
  ObjList *out = list_new(vm, n);
  vm_push_root(vm, OBJ_VAL(out));
  for (uint32_t i = 0; i < n; i++) {
    ObjList *pair = list_new(vm, 2);
    pair->items[0] = a->items[i];
    pair->items[1] = b->items[i];
    pair->count = 2;
    list_push(vm, out, OBJ_VAL(pair));
  }
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

static Value l_enumerate(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  uint32_t n = l->count;
  vm_charge(vm, 3 * (size_t)n + 1);
  ObjList *out = list_new(vm, n);
  vm_push_root(vm, OBJ_VAL(out));
  for (uint32_t i = 0; i < n && i < l->count; i++) {
    ObjList *pair = list_new(vm, 2);
    pair->items[0] = NUMBER_VAL(i);
    pair->items[1] = l->items[i];
    pair->count = 2;
    list_push(vm, out, OBJ_VAL(pair));
  }
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

/* First occurrences, in order; equal as == is (so nan is always new). */
static Value l_unique(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  vm_charge(vm, 2 * (size_t)l->count + 1);
  ObjList *out = list_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(out));
  ObjMap *seen = map_new(vm);
  vm_push_root(vm, OBJ_VAL(seen));
  for (uint32_t i = 0; i < l->count; i++) {
    Value v = l->items[i], ignored;
    bool isNan = IS_NUMBER(v) && isnan(AS_NUMBER(v));
    if (!isNan) {
      if (map_get(vm, seen, v, &ignored)) continue;
      map_set(vm, seen, v, TRUE_VAL);
    }
    list_push(vm, out, v);
  }
  vm_pop_roots(vm, 2);
  return OBJ_VAL(out);
}

const NativeReg list_query_methods[] = {
    {"sum", l_sum, 0, 0},
    {"min", l_min, 0, 0},
    {"max", l_max, 0, 0},
    {"any", l_any, 0, 1},
    {"all", l_all, 0, 1},
    {"find", l_find, 1, 1},
    {"first", l_first, 0, 0},
    {"last", l_last, 0, 0},
    {"flatMap", l_flat_map, 1, 1},
    {"zip", l_zip, 1, 1},
    {"enumerate", l_enumerate, 0, 0},
    {"unique", l_unique, 0, 0},
    {NULL, NULL, 0, 0},
};
