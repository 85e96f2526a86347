/* Methods of the primordial list class. Methods that call back into Writ
 * (map, filter, reduce, sort with a comparator, join of instances) re-read
 * the list's count and items after every call, since the callback may
 * mutate the list; sort works on a private copy for the same reason. */
#include <string.h>

#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/tx.h"
#include "vm/state.h"
#include "vm/wstring.h"

#define RECV(args) AS_LIST((args)[0])

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------- */

/* Every change to a list goes through here first: frozen lists refuse,
 * a running transaction logs the list (vm/tx.h). */
static void check_mutable(WVM *vm, ObjList *l) {
  if (l->obj.frozen) vm_raise(vm, "cannot modify a frozen list");
  tx_write(vm, &l->obj);
}

/* A new empty list with room for n items, left on the root stack. */
static ObjList *rooted_list(WVM *vm, uint32_t n) {
  ObjList *r = list_new(vm, n);
  vm_push_root(vm, OBJ_VAL(r));
  list_reserve(vm, r, n);
  return r;
}

/* A whole-number index, negative ones counting from the end (as l[i]
 * does), that must land in [0, limit); the error names index and length. */
static uint32_t index_arg(WVM *vm, Value *args, int i, const char *fn,
                          uint32_t limit, uint32_t len) {
  double d = arg_int(vm, args, i, fn);
  double at = d < 0 ? d + len : d;
  if (!(at >= 0 && at < (double)limit)) {
    char num[64];
    number_format(d, num, sizeof num);
    vm_raise(vm, "list index out of range (index %s, length %u)", num, (unsigned)len);
  }
  return (uint32_t)at;
}

/* ---------------------------------------------------------------------
 * Basic methods
 * ------------------------------------------------------------------- */

static Value l_len(WVM *vm, int argc, Value *args) {
  (void)vm;
  (void)argc;
  return NUMBER_VAL(RECV(args)->count);
}

static Value l_push(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  check_mutable(vm, l);
  list_push(vm, l, args[1]);
  return NIL_VAL;
}

static Value l_pop(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  check_mutable(vm, l);
  if (l->count == 0) vm_raise(vm, "pop from empty list");
  return l->items[--l->count];
}

static Value l_insert(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  Value x = args[2];
  check_mutable(vm, l);
  uint32_t i = index_arg(vm, args, 1, "insert", l->count + 1, l->count);
  vm_charge(vm, (l->count - i) / 8 + 1); /* the items moved, before moving them */
  list_push(vm, l, x); /* grows by one; then open the gap at i */
  memmove(&l->items[i + 1], &l->items[i], (l->count - 1 - i) * sizeof(Value));
  l->items[i] = x;
  return NIL_VAL;
}

static Value l_remove_at(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  check_mutable(vm, l);
  uint32_t i = index_arg(vm, args, 1, "removeAt", l->count, l->count);
  vm_charge(vm, (l->count - 1 - i) / 8 + 1);
  Value v = l->items[i];
  memmove(&l->items[i], &l->items[i + 1], (l->count - 1 - i) * sizeof(Value));
  l->count--;
  return v;
}

static Value l_slice(WVM *vm, int argc, Value *args) {
  ObjList *l = RECV(args);
  double a = arg_int(vm, args, 1, "slice");
  double b = argc < 2 || IS_NIL(args[2]) ? l->count : arg_int(vm, args, 2, "slice");
  uint32_t from, to;
  slice_bounds(l->count, a, b, &from, &to);
  vm_charge(vm, (size_t)(to - from) + 1); /* before allocating the copy */
  ObjList *r = rooted_list(vm, to - from);
  if (to > from) memcpy(r->items, l->items + from, (to - from) * sizeof(Value));
  r->count = to - from;
  vm_pop_root(vm);
  return OBJ_VAL(r);
}

/* Position of the first item equal to x, or l->count. The search pays
 * for each block of items before comparing it, so a hit near the front
 * costs little and a refused charge stops the scan. */
#define SEARCH_BLOCK 64
static uint32_t search(WVM *vm, ObjList *l, Value x) {
  vm_charge(vm, 1);
  for (uint32_t i = 0; i < l->count; i++) {
    if (i % SEARCH_BLOCK == 0) {
      uint32_t left = l->count - i;
      vm_charge(vm, left < SEARCH_BLOCK ? left : SEARCH_BLOCK);
    }
    if (values_equal(vm, l->items[i], x)) return i;
  }
  return l->count;
}

static Value l_contains(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  return BOOL_VAL(search(vm, l, args[1]) < l->count);
}

static Value l_index_of(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  uint32_t i = search(vm, l, args[1]);
  return NUMBER_VAL(i < l->count ? (double)i : -1);
}

static Value l_reverse(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  check_mutable(vm, l);
  vm_charge(vm, l->count + 1); /* before any swap: a refused charge leaves it as it was */
  for (uint32_t i = 0, j = l->count; i + 1 < j; i++, j--) {
    Value t = l->items[i];
    l->items[i] = l->items[j - 1];
    l->items[j - 1] = t;
  }
  return NIL_VAL;
}

/* Strings are joined raw, other values as str() shows them. value_append
 * may run a toString method, so the list is re-read on every step. */
static Value l_join(WVM *vm, int argc, Value *args) {
  ObjList *l = RECV(args);
  ObjString *sep = argc < 1 || IS_NIL(args[1]) ? NULL : arg_string(vm, args, 1, "join");
  ObjBuffer *b = buffer_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(b));
  for (uint32_t i = 0, n = l->count; list_visiting(l, i, n); i++) {
    Value v = l->items[i];
    size_t extra = (i > 0 && sep ? sep->len : 0) + (IS_STRING(v) ? AS_STRING(v)->len : 0);
    if ((size_t)b->len + extra > WRIT_MAX_STRING_BYTES) vm_raise_too_long(vm);
    vm_charge(vm, extra / 8 + 1); /* before appending (other values pay in value_append) */
    if (i > 0 && sep) buffer_append(vm, b, sep->chars, sep->len);
    if (IS_STRING(v)) {
      buffer_append(vm, b, AS_STRING(v)->chars, AS_STRING(v)->len);
    } else {
      value_append(vm, b, v, false, 0);
      if (b->len > WRIT_MAX_STRING_BYTES) vm_raise_too_long(vm);
    }
  }
  ObjString *r = str_from_buffer(vm, b);
  vm_pop_root(vm);
  return OBJ_VAL(r);
}

/* ---------------------------------------------------------------------
 * Higher-order methods. f may mutate the list: every step re-reads it.
 * ------------------------------------------------------------------- */

static Value l_map(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  arg_callable(vm, args, 1, "map");
  Value f = args[1];
  uint32_t n = l->count;
  vm_charge(vm, (size_t)n + 1); /* the walk and the result, before allocating it */
  ObjList *out = rooted_list(vm, n);
  for (uint32_t i = 0; list_visiting(l, i, n); i++) {
    Value item = l->items[i];
    list_push(vm, out, vm_call(vm, f, 1, &item));
  }
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

static Value l_filter(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  arg_callable(vm, args, 1, "filter");
  Value f = args[1];
  ObjList *out = rooted_list(vm, 0);
  for (uint32_t i = 0, n = l->count; list_visiting(l, i, n); i++) {
    vm_charge(vm, 1);
    Value item = l->items[i];
    Value keep = vm_call(vm, f, 1, &item);
    /* item came from l but f may have removed it: root it while pushing. */
    if (!IS_FALSY(keep)) list_push(vm, out, item);
  }
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

/* The accumulator lives in a root slot: f's result may be a fresh object
 * that nothing else holds while the next call is being set up. */
static Value l_reduce(WVM *vm, int argc, Value *args) {
  ObjList *l = RECV(args);
  arg_callable(vm, args, 1, "reduce");
  Value f = args[1];
  Value acc;
  uint32_t i = 0;
  if (argc >= 2) {
    acc = args[2];
  } else {
    if (l->count == 0) vm_raise(vm, "reduce of empty list with no initial value");
    acc = l->items[i++];
  }
  int slot = vm->nroots;
  vm_push_root(vm, acc);
  for (uint32_t n = l->count; list_visiting(l, i, n); i++) {
    vm_charge(vm, 1);
    Value pair[2] = {acc, l->items[i]};
    acc = vm_call(vm, f, 2, pair);
    vm->roots[slot] = acc;
  }
  vm_pop_root(vm);
  return acc;
}

/* ---------------------------------------------------------------------
 * sort: a stable bottom-up merge sort over a private, rooted copy.
 * ------------------------------------------------------------------- */

typedef struct {
  WVM *vm;
  Value cmp;    /* NIL_VAL: the default order */
  bool strings; /* default order over strings (else over numbers) */
  const Value *keys; /* sortBy: the values sorted are indices into keys */
} SortCtx;

/* True when x must come strictly before y. A comparator returns a number
 * (negative: x first) or a bool (true: x first). */
static bool sort_before(SortCtx *c, Value x, Value y) {
  if (c->keys) {
    x = c->keys[(uint32_t)AS_NUMBER(x)];
    y = c->keys[(uint32_t)AS_NUMBER(y)];
  }
  if (IS_NIL(c->cmp)) {
    if (c->strings) {
      /* The bytes compared, up to the shorter length, before comparing. */
      uint32_t lx = AS_STRING(x)->len, ly = AS_STRING(y)->len;
      vm_charge(c->vm, (lx < ly ? lx : ly) / 8);
      return str_compare(AS_STRING(x), AS_STRING(y)) < 0;
    }
    return AS_NUMBER(x) < AS_NUMBER(y);
  }
  vm_charge(c->vm, 1);
  Value pair[2] = {x, y};
  Value r = vm_call(c->vm, c->cmp, 2, pair);
  if (IS_NUMBER(r)) return AS_NUMBER(r) < 0;
  if (IS_BOOL(r)) return AS_BOOL(r);
  vm_raise(c->vm, "sort comparator must return a number or a bool, not %s",
           value_type_name(c->vm, r));
}

/* Merges src[lo..mid) and src[mid..hi) into dst; takes from the right run
 * only when strictly before, which keeps equal elements in order. */
static void merge_runs(SortCtx *c, const Value *src, Value *dst, uint32_t lo,
                       uint32_t mid, uint32_t hi) {
  uint32_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    if (sort_before(c, src[j], src[i])) {
      dst[k++] = src[j++];
    } else {
      dst[k++] = src[i++];
    }
  }
  while (i < mid) dst[k++] = src[i++];
  while (j < hi) dst[k++] = src[j++];
}

/* Sorts a[0..n) using tmp as scratch; returns whichever holds the result.
 * Every value stays in the source array of each pass, so both arrays
 * being rooted keeps everything alive across comparator calls. */
static Value *merge_sort(SortCtx *c, Value *a, Value *tmp, uint32_t n) {
  for (uint32_t width = 1; width < n; width *= 2) {
    for (uint32_t lo = 0; lo < n; lo += 2 * width) {
      uint32_t mid = lo + width < n ? lo + width : n;
      uint32_t hi = mid + width < n ? mid + width : n;
      merge_runs(c, a, tmp, lo, mid, hi);
    }
    Value *t = a;
    a = tmp;
    tmp = t;
  }
  return a;
}

/* The default order needs all numbers or all strings. */
static bool check_default_order(WVM *vm, ObjList *l) {
  if (l->count < 2) return false;
  Value first = l->items[0];
  bool strings = IS_STRING(first);
  for (uint32_t i = 1; i < l->count; i++) {
    Value v = l->items[i];
    bool ok = strings ? IS_STRING(v) : IS_NUMBER(first) && IS_NUMBER(v);
    if (!ok) {
      vm_raise(vm, "cannot compare %s and %s", value_type_name(vm, first),
               value_type_name(vm, v));
    }
  }
  return strings;
}

static Value l_sort(WVM *vm, int argc, Value *args) {
  ObjList *l = RECV(args);
  SortCtx c = {vm, NIL_VAL, false, NULL};
  check_mutable(vm, l);
  uint32_t n = l->count;
  /* n log n comparisons, and the type check and two copies (2n), paid
   * before any of them. */
  size_t lg = 1;
  while (lg < 32 && ((size_t)1 << lg) < n) lg++;
  vm_charge(vm, (size_t)n * (lg + 2) + 1);
  if (argc >= 1 && !IS_NIL(args[1])) {
    arg_callable(vm, args, 1, "sort");
    c.cmp = args[1];
  } else {
    c.strings = check_default_order(vm, l);
  }
  if (n < 2) return NIL_VAL;
  ObjList *work = rooted_list(vm, n);
  memcpy(work->items, l->items, n * sizeof(Value));
  work->count = n;
  ObjList *scratch = rooted_list(vm, n);
  memcpy(scratch->items, l->items, n * sizeof(Value));
  scratch->count = n;
  Value *sorted = merge_sort(&c, work->items, scratch->items, n);
  if (l->count != n) vm_raise(vm, "list modified during sort");
  check_mutable(vm, l); /* the comparator may have frozen it */
  memcpy(l->items, sorted, n * sizeof(Value));
  vm_pop_roots(vm, 2);
  return NIL_VAL;
}

/* n log n comparisons and a few copies, paid before any of them. */
static void charge_sort(WVM *vm, uint32_t n) {
  size_t lg = 1;
  while (lg < 32 && ((size_t)1 << lg) < n) lg++;
  vm_charge(vm, (size_t)n * (lg + 4) + 1);
}

/* The keys f gives the items, rooted; the list must not change meanwhile. */
static ObjList *sort_keys(WVM *vm, ObjList *l, Value f) {
  uint32_t n = l->count;
  ObjList *keys = rooted_list(vm, n);
  for (uint32_t i = 0; list_visiting(l, i, n); i++) {
    Value item = l->items[i];
    list_push(vm, keys, vm_call(vm, f, 1, &item));
  }
  if (l->count != n) vm_raise(vm, "list modified during sortBy");
  return keys;
}

/* sortBy(f): in place, stable, by the keys f gives (computed once each;
 * all numbers or all strings), as Python's sort(key=f). */
static Value l_sort_by(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *l = RECV(args);
  check_mutable(vm, l);
  arg_callable(vm, args, 1, "sortBy");
  uint32_t n = l->count;
  charge_sort(vm, n);
  if (n < 2) return NIL_VAL; /* nothing to order (and no NULL arrays to copy) */
  ObjList *keys = sort_keys(vm, l, args[1]);
  SortCtx c = {vm, NIL_VAL, check_default_order(vm, keys), keys->items};
  ObjList *idx = rooted_list(vm, n), *scratch = rooted_list(vm, n), *items = rooted_list(vm, n);
  for (uint32_t i = 0; i < n; i++) idx->items[i] = scratch->items[i] = NUMBER_VAL(i);
  idx->count = scratch->count = n;
  memcpy(items->items, l->items, n * sizeof(Value));
  items->count = n;
  Value *order = merge_sort(&c, idx->items, scratch->items, n);
  check_mutable(vm, l);
  for (uint32_t i = 0; i < n; i++) l->items[i] = items->items[(uint32_t)AS_NUMBER(order[i])];
  vm_pop_roots(vm, 4);
  return NIL_VAL;
}

/* sorted(cmp?): a sorted copy; the list itself is left as it is. */
static Value l_sorted(WVM *vm, int argc, Value *args) {
  ObjList *l = RECV(args);
  charge_sort(vm, l->count);
  ObjList *copy = rooted_list(vm, l->count);
  if (l->count) memcpy(copy->items, l->items, l->count * sizeof(Value));
  copy->count = l->count;
  Value a[2] = {OBJ_VAL(copy), argc >= 1 ? args[1] : NIL_VAL};
  l_sort(vm, argc, a);
  vm_pop_root(vm);
  return OBJ_VAL(copy);
}

/* List.filled(n, value): n items, each value (nil when left out); one
 * allocation instead of n pushes, paid for first as range.toList() is. */
static Value l_filled(WVM *vm, int argc, Value *args) {
  double n = arg_int(vm, args, 1, "filled");
  if (n < 0) vm_raise(vm, "bad argument #1 to 'filled' (count must be >= 0)");
  if (n > WRIT_MAX_LIST_COUNT) vm_raise(vm, "list too long (limit %u items)", (unsigned)WRIT_MAX_LIST_COUNT);
  vm_charge(vm, (size_t)n + 1);
  Value v = argc >= 2 ? args[2] : NIL_VAL;
  ObjList *l = list_new(vm, (uint32_t)n);
  for (uint32_t i = 0; i < (uint32_t)n; i++) l->items[i] = v;
  l->count = (uint32_t)n;
  return OBJ_VAL(l);
}

const NativeReg list_functions[] = {
    {"filled", l_filled, 1, 2},
    {NULL, NULL, 0, 0},
};

const NativeReg list_methods[] = {
    {"len", l_len, 0, 0},
    {"push", l_push, 1, 1},
    {"pop", l_pop, 0, 0},
    {"insert", l_insert, 2, 2},
    {"removeAt", l_remove_at, 1, 1},
    {"slice", l_slice, 1, 2},
    {"map", l_map, 1, 1},
    {"filter", l_filter, 1, 1},
    {"reduce", l_reduce, 1, 2},
    {"sort", l_sort, 0, 1},
    {"sortBy", l_sort_by, 1, 1},
    {"sorted", l_sorted, 0, 1},
    {"contains", l_contains, 1, 1},
    {"indexOf", l_index_of, 1, 1},
    {"join", l_join, 0, 1},
    {"reverse", l_reverse, 0, 0},
    {NULL, NULL, 0, 0},
};
