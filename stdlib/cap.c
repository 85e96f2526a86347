/* The cap module: attenuating references in the language. Proxies are
 * forwarders (vm/forward.c), a VM object kind: a revocable or facet call
 * steps through them without allocating; a membrane wraps whatever crosses.
 *   cap.revocable(obj) -> [proxy, revoke]
 *   cap.facet(obj, ["read", "list"]) -> a proxy forwarding only those methods
 *   cap.membrane(obj) -> [proxy, revoke]   (revoke cuts every wrapper)
 *   cap.sealerPair() -> [seal, unseal]     (boxes show nothing of their content)
 *   cap.harden(x) -> x, frozen deeply */
#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/tx.h"
#include "vm/forward.h"
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/wstring.h"

static Value proxy_target(WVM *vm, Value *args, const char *fn) {
  Value v = args[1];
  if (!IS_OBJ(v) || IS_STRING(v) || IS_RANGE(v))
    vm_raise(vm, "bad argument #1 to '%s' (an object to wrap expected, got %s)", fn, value_type_name(vm, v));
  if (IS_FORWARDER(v) && FWD_KIND(AS_FORWARDER(v)) == FWD_SEALED)
    vm_raise(vm, "bad argument #1 to '%s' (a sealed box cannot be wrapped)", fn);
  return v;
}

static Value revoke_fn(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjGate *g = (ObjGate *)AS_OBJ(AS_NATIVE(args[0])->data);
  g->obj.flags |= GATE_REVOKED;
  /* Drop the membrane's wrappers: nothing can pass through them now. */
  g->out = g->in = NULL;
  return NIL_VAL;
}

/* A native closed over one value (its gate or brand). */
static Value native_with(WVM *vm, const char *name, NativeFn fn, int nargs, ObjGate *data) {
  ObjNative *n = native_new(vm, name, fn, nargs, nargs);
  n->data = OBJ_VAL(data);
  return OBJ_VAL(n);
}

/* [proxy, revoke] for a new gate. */
static Value proxy_pair(WVM *vm, Value target, int kind) {
  ObjGate *g = gate_new(vm, kind != FWD_REVOCABLE);
  vm_push_root(vm, OBJ_VAL(g));
  ObjList *pair = list_new(vm, 2);
  vm_push_root(vm, OBJ_VAL(pair));
  ObjForwarder *f = forward_new(vm, kind, target, g);
  list_push(vm, pair, OBJ_VAL(f));
  /* The membrane's root is its first wrapper: the target coming back out
   * is the same proxy. */
  if (kind == FWD_OUT) map_set(vm, g->out, target, OBJ_VAL(f));
  list_push(vm, pair, native_with(vm, "revoke", revoke_fn, 0, g));
  pair->obj.frozen = 1;
  vm_pop_roots(vm, 2);
  return OBJ_VAL(pair);
}

static Value c_revocable(WVM *vm, int argc, Value *args) {
  (void)argc;
  return proxy_pair(vm, proxy_target(vm, args, "revocable"), FWD_REVOCABLE);
}

static Value c_membrane(WVM *vm, int argc, Value *args) {
  (void)argc;
  return proxy_pair(vm, proxy_target(vm, args, "membrane"), FWD_OUT);
}

static Value c_facet(WVM *vm, int argc, Value *args) {
  (void)argc;
  Value target = proxy_target(vm, args, "facet");
  ObjList *names = arg_list(vm, args, 2, "facet");
  vm_charge(vm, (size_t)names->count + 1); /* the walk over names, before it */
  ObjMap *allowed = map_new(vm);
  vm_push_root(vm, OBJ_VAL(allowed));
  for (uint32_t i = 0; i < names->count; i++) {
    Value n = names->items[i];
    if (!IS_STRING(n)) vm_raise(vm, "bad argument #2 to 'facet' (method names must be strings, got %s)", value_type_name(vm, n));
    /* A name the target cannot answer is a mistake worth reporting now. */
    Value m;
    if (!IS_FORWARDER(target) && !IS_MODULE(target) &&
        !map_get(vm, vm_class_of(vm, target)->methods, n, &m)) {
      vm_charge(vm, AS_STRING(n)->len / 8); /* formatting the message reads all of the name */
      vm_raise(vm, "facet: %s has no method '%s'", value_type_name(vm, target), AS_CSTRING(n));
    }
    map_set(vm, allowed, n, TRUE_VAL);
  }
  allowed->obj.frozen = 1;
  ObjForwarder *f = forward_new(vm, FWD_FACET, target, NULL);
  f->allowed = allowed;
  vm_pop_root(vm);
  return OBJ_VAL(f);
}

static Value seal_fn(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjGate *brand = (ObjGate *)AS_OBJ(AS_NATIVE(args[0])->data);
  return OBJ_VAL(forwarder_new(vm, FWD_SEALED, args[1], brand));
}

static Value unseal_fn(WVM *vm, int argc, Value *args) {
  (void)argc;
  Value brand = AS_NATIVE(args[0])->data;
  Value b = args[1];
  if (!IS_FORWARDER(b) || FWD_KIND(AS_FORWARDER(b)) != FWD_SEALED || OBJ_VAL(AS_FORWARDER(b)->gate) != brand)
    vm_raise(vm, "unseal: not a box sealed by this pair's sealer");
  return AS_FORWARDER(b)->target;
}

static Value c_sealer_pair(WVM *vm, int argc, Value *args) {
  (void)argc;
  (void)args;
  ObjGate *brand = gate_new(vm, false);
  vm_push_root(vm, OBJ_VAL(brand));
  ObjList *pair = list_new(vm, 2);
  vm_push_root(vm, OBJ_VAL(pair));
  list_push(vm, pair, native_with(vm, "seal", seal_fn, 1, brand));
  list_push(vm, pair, native_with(vm, "unseal", unseal_fn, 1, brand));
  pair->obj.frozen = 1;
  vm_pop_roots(vm, 2);
  return OBJ_VAL(pair);
}

/* Deep freeze over items, entries and fields, with an explicit work list
 * (no C recursion) and a visited set (cycles, shared parts). Functions,
 * classes, modules and proxies are left as they are. */
static Value c_harden(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjList *work = list_new(vm, 8);
  vm_push_root(vm, OBJ_VAL(work));
  ObjMap *seen = map_new(vm);
  vm_push_root(vm, OBJ_VAL(seen));
  list_push(vm, work, args[1]);
  while (work->count) {
    Value v = work->items[--work->count];
    if (!(IS_LIST(v) || IS_MAP(v) || IS_INSTANCE(v))) continue;
    Value dummy;
    if (map_get(vm, seen, v, &dummy)) continue;
    map_set(vm, seen, v, TRUE_VAL);
    tx_write(vm, AS_OBJ(v));
    AS_OBJ(v)->frozen = 1;
    if (IS_LIST(v)) {
      ObjList *l = AS_LIST(v);
      vm_charge(vm, l->count + 1);
      for (uint32_t i = 0; i < l->count; i++) list_push(vm, work, l->items[i]);
    } else if (IS_MAP(v)) {
      ObjMap *m = AS_MAP(v);
      vm_charge(vm, map_walk_cost(m));
      uint32_t pos = 0;
      Value k, x;
      while (map_next(m, &pos, &k, &x)) {
        list_push(vm, work, k);
        list_push(vm, work, x);
      }
    } else {
      ObjInstance *o = AS_INSTANCE(v);
      vm_charge(vm, o->nfields + 1);
      for (uint32_t i = 0; i < o->nfields; i++) list_push(vm, work, o->fields[i]);
    }
  }
  vm_pop_roots(vm, 2);
  return args[1];
}

const NativeReg cap_functions[] = {
    {"revocable", c_revocable, 1, 1},
    {"facet", c_facet, 2, 2},
    {"membrane", c_membrane, 1, 1},
    {"sealerPair", c_sealer_pair, 0, 0},
    {"harden", c_harden, 1, 1},
    {NULL, NULL, 0, 0},
};
