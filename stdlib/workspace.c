/* Child workspaces from the language: Workspace(endowments) and
 * ws.eval(source, {fuel, memory}), checking their arguments; what they do
 * is vm/workspace.c's. */
#include "stdlib/wstdlib.h"
#include "vm/async.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/workspace.h"
#include "vm/wstring.h"

static Value b_workspace(WVM *vm, int argc, Value *args) {
  ObjMap *endow = argc >= 1 ? arg_map(vm, args, 1, "Workspace") : NULL;
  return OBJ_VAL(workspace_child(vm, endow, "Workspace"));
}

void options_check(WVM *vm, ObjMap *opts, const char *fn, const char *const *names, const char *list) {
  vm_charge(vm, map_walk_cost(opts)); /* the slots walked, holes included */
  uint32_t pos = 0;
  Value k, v;
  while (map_next(opts, &pos, &k, &v)) {
    const char *const *n = names;
    while (*n && !(IS_STRING(k) && strcmp(AS_CSTRING(k), *n) == 0)) n++;
    if (*n) continue;
    if (IS_STRING(k)) vm_charge(vm, AS_STRING(k)->len / 8); /* quoted in the message */
    vm_raise(vm, "%s: unknown option %s (the options are %s)", fn, IS_STRING(k) ? AS_CSTRING(k) : value_type_name(vm, k),
             list);
  }
}

double options_limit(WVM *vm, ObjMap *opts, const char *fn, const char *name) {
  Value v;
  if (!map_get(vm, opts, OBJ_VAL(str_cstr(vm, name)), &v) || IS_NIL(v)) return -1;
  if (!IS_NUMBER(v) || AS_NUMBER(v) < 0 || AS_NUMBER(v) != AS_NUMBER(v))
    vm_raise(vm, "%s: option '%s' must be a number >= 0, not %s", fn, name,
             !IS_NUMBER(v) ? value_type_name(vm, v) : AS_NUMBER(v) != AS_NUMBER(v) ? "nan (not a number)"
                                                                    : "a negative number");
  return AS_NUMBER(v);
}

static Value ws_eval(WVM *vm, int argc, Value *args) {
  ObjWorkspace *w = AS_WORKSPACE(args[0]);
  ObjString *src = arg_string(vm, args, 1, "eval");
  double fuel = -1, memory = -1;
  bool atomic = false;
  if (argc >= 2 && !IS_NIL(args[2])) {
    ObjMap *opts = arg_map(vm, args, 2, "eval");
    const char *const names[] = {"fuel", "memory", "atomic", NULL};
    options_check(vm, opts, "eval", names, "fuel, memory and atomic");
    fuel = options_limit(vm, opts, "eval", "fuel");
    memory = options_limit(vm, opts, "eval", "memory");
    Value a;
    if (map_get(vm, opts, OBJ_VAL(str_cstr(vm, "atomic")), &a) && !IS_NIL(a)) {
      if (!IS_BOOL(a)) vm_raise(vm, "eval: option 'atomic' must be true or false, not %s", value_type_name(vm, a));
      atomic = AS_BOOL(a);
    }
  }
  /* atomic: a failure leaves every object as it was before the call */
  if (atomic) return atomic_eval(vm, w, src, fuel, memory);
  return workspace_eval(vm, w, src, fuel, memory);
}

static const NativeReg workspace_methods[] = {
    {"eval", ws_eval, 1, 2},
    {NULL, NULL, 0, 0},
};

void workspace_open(WVM *vm) {
  vm_define_methods(vm, vm->cWorkspace, workspace_methods);
  ObjNative *n = native_new(vm, "Workspace", b_workspace, 0, 1);
  vm_push_root(vm, OBJ_VAL(n));
  map_set(vm, vm->builtins, OBJ_VAL(n->name), OBJ_VAL(n));
  vm_pop_root(vm);
}
