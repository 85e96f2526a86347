/* Promises, eventual sends and vats as the language sees them: promise(),
 * when(), Vat(), a resolver's resolve/reject and a vat's eval, checking
 * their arguments; what they do is vm/async.c's and vm/vat.c's. */
#include "stdlib/wstdlib.h"
#include "vm/async.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/wstring.h"

/* promise() -> [p, resolver] */
static Value b_promise(WVM *vm, int argc, Value *args) {
  (void)argc;
  (void)args;
  ObjPromise *p = promise_new(vm, vm->vat);
  vm_push_root(vm, OBJ_VAL(p));
  ObjResolver *r = resolver_new(vm, p);
  vm_push_root(vm, OBJ_VAL(r));
  ObjList *pair = list_new(vm, 2);
  pair->items[0] = OBJ_VAL(p);
  pair->items[1] = OBJ_VAL(r);
  pair->count = 2;
  vm_pop_roots(vm, 2);
  return OBJ_VAL(pair);
}

static void check_callback(WVM *vm, Value *args, int i) {
  if (!IS_NIL(args[i])) arg_callable(vm, args, i, "when");
}

/* when(p, ok, err) -> the promise of the callback's result */
static Value b_when(WVM *vm, int argc, Value *args) {
  Value ok = argc >= 2 ? args[2] : NIL_VAL, err = argc >= 3 ? args[3] : NIL_VAL;
  if (argc >= 2) check_callback(vm, args, 2);
  if (argc >= 3) check_callback(vm, args, 3);
  return async_when(vm, args[1], ok, err);
}

static Value r_resolve(WVM *vm, int argc, Value *args) {
  promise_resolve(vm, AS_RESOLVER(args[0])->promise, argc >= 1 ? args[1] : NIL_VAL);
  return NIL_VAL;
}

static Value r_reject(WVM *vm, int argc, Value *args) {
  if (argc >= 1) error_note_trace(vm, args[1]);
  promise_reject(vm, AS_RESOLVER(args[0])->promise, argc >= 1 ? args[1] : NIL_VAL);
  return NIL_VAL;
}

/* Vat(endowments, {fuel, memory}): budgets are per turn. */
static Value b_vat(WVM *vm, int argc, Value *args) {
  ObjMap *endow = argc >= 1 && !IS_NIL(args[1]) ? arg_map(vm, args, 1, "Vat") : NULL;
  double fuel = -1, memory = -1;
  if (argc >= 2 && !IS_NIL(args[2])) {
    ObjMap *opts = arg_map(vm, args, 2, "Vat");
    const char *const names[] = {"fuel", "memory", NULL};
    options_check(vm, opts, "Vat", names, "fuel and memory");
    fuel = options_limit(vm, opts, "Vat", "fuel");
    memory = options_limit(vm, opts, "Vat", "memory");
  }
  if (endow) vm_charge(vm, map_walk_cost(endow));
  return OBJ_VAL(vat_new(vm, endow, fuel, memory));
}

static Value v_eval(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *src = arg_string(vm, args, 1, "eval");
  return vat_eval(vm, AS_VAT(args[0]), src);
}

static const NativeReg resolver_methods[] = {
    {"resolve", r_resolve, 0, 1},
    {"reject", r_reject, 0, 1},
    {NULL, NULL, 0, 0},
};

static const NativeReg vat_methods[] = {
    {"eval", v_eval, 1, 1},
    {NULL, NULL, 0, 0},
};

static const NativeReg async_functions[] = {
    {"promise", b_promise, 0, 0},
    {"when", b_when, 1, 3},
    {"Vat", b_vat, 0, 2},
    {NULL, NULL, 0, 0},
};

void async_open(WVM *vm) {
  vm_define_methods(vm, vm->cResolver, resolver_methods);
  vm_define_methods(vm, vm->cVat, vat_methods);
  vm_define_natives(vm, vm->builtins, async_functions);
  vm_native_shortcut(vm, vm->builtins, "when", SHORTCUT_WHEN);
}
