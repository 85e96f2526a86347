/* Methods of the primordial range class: len() and toList(), and the list
 * methods that only read (map, filter, sum, ...), which work on the list
 * toList() would give: ranges are small values, so a method that needs the
 * numbers makes them (paying for each, within the list size limit). */
#include <math.h>

#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/wstring.h"

#define RECV(args) AS_RANGE((args)[0])

static Value r_len(WVM *vm, int argc, Value *args) {
  (void)vm; (void)argc;
  ObjRange *g = RECV(args);
  return NUMBER_VAL(range_count(g->from, g->to, g->inclusive));
}

static ObjList *range_list(WVM *vm, ObjRange *g) {
  double n = range_count(g->from, g->to, g->inclusive);
  if (n > WRIT_MAX_LIST_COUNT) vm_raise(vm, "list too long (limit %u items)", (unsigned)WRIT_MAX_LIST_COUNT);
  vm_charge(vm, (size_t)n + 1); /* before making them */
  ObjList *l = list_new(vm, (uint32_t)n);
  for (uint32_t i = 0; i < (uint32_t)n; i++) l->items[i] = NUMBER_VAL(g->from + i);
  l->count = (uint32_t)n;
  return l;
}

static Value r_to_list(WVM *vm, int argc, Value *args) {
  (void)argc;
  return OBJ_VAL(range_list(vm, RECV(args)));
}

/* Calls the list method `name` on the range's numbers. */
static Value as_list(WVM *vm, int argc, Value *args, const char *name) {
  ObjList *l = range_list(vm, RECV(args));
  vm_push_root(vm, OBJ_VAL(l));
  Value m;
  if (!map_get_bytes(vm, vm->cList->methods, name, strlen(name), &m) || !IS_NATIVE(m))
    vm_raise(vm, "internal: no list method '%s'", name);
  Value a[4] = {OBJ_VAL(l), NIL_VAL, NIL_VAL, NIL_VAL};
  for (int i = 1; i <= argc && i < 4; i++) a[i] = args[i];
  Value r = AS_NATIVE(m)->fn(vm, argc, a);
  vm_pop_root(vm);
  return r;
}

#define AS_LIST_METHOD(cname, wname) \
  static Value r_##cname(WVM *vm, int argc, Value *args) { return as_list(vm, argc, args, wname); }
AS_LIST_METHOD(map, "map")
AS_LIST_METHOD(filter, "filter")
AS_LIST_METHOD(reduce, "reduce")
AS_LIST_METHOD(slice, "slice")
AS_LIST_METHOD(join, "join")
AS_LIST_METHOD(index_of, "indexOf")
AS_LIST_METHOD(sum, "sum")
AS_LIST_METHOD(min, "min")
AS_LIST_METHOD(max, "max")
AS_LIST_METHOD(any, "any")
AS_LIST_METHOD(all, "all")
AS_LIST_METHOD(find, "find")
AS_LIST_METHOD(first, "first")
AS_LIST_METHOD(last, "last")
AS_LIST_METHOD(flat_map, "flatMap")
AS_LIST_METHOD(zip, "zip")
AS_LIST_METHOD(enumerate, "enumerate")
AS_LIST_METHOD(sorted, "sorted")
#undef AS_LIST_METHOD

/* contains needs no list: the same test as `x in r`. */
static Value r_contains(WVM *vm, int argc, Value *args) {
  (void)vm; (void)argc;
  return BOOL_VAL(IS_NUMBER(args[1]) && range_has(RECV(args), AS_NUMBER(args[1])));
}

const NativeReg range_methods[] = {
    {"len", r_len, 0, 0},          {"toList", r_to_list, 0, 0},     {"contains", r_contains, 1, 1},
    {"map", r_map, 1, 1},          {"filter", r_filter, 1, 1},      {"reduce", r_reduce, 1, 2},
    {"slice", r_slice, 1, 2},      {"join", r_join, 0, 1},          {"indexOf", r_index_of, 1, 1},
    {"sum", r_sum, 0, 0},          {"min", r_min, 0, 0},            {"max", r_max, 0, 0},
    {"any", r_any, 0, 1},          {"all", r_all, 0, 1},            {"find", r_find, 1, 1},
    {"first", r_first, 0, 0},      {"last", r_last, 0, 0},          {"flatMap", r_flat_map, 1, 1},
    {"zip", r_zip, 1, 1},          {"enumerate", r_enumerate, 0, 0}, {"sorted", r_sorted, 0, 1},
    {NULL, NULL, 0, 0},
};
