/* Forwarders (the cap module's proxies) as a VM object kind. A revocable
 * or facet forwarder only checks and steps aside: the dispatch loop then
 * calls the target's method directly, allocating nothing. A membrane
 * forwarder wraps what crosses it, so it calls through C here. */
#include "vm/forward.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/table.h"
#include "vm/wstring.h"

bool forward_is_membrane(ObjForwarder *f) {
  return FWD_KIND(f) == FWD_OUT || FWD_KIND(f) == FWD_IN;
}

ObjForwarder *forward_open(WVM *vm, Value v, ObjString *name) {
  ObjForwarder *f = AS_FORWARDER(v);
  if (FWD_KIND(f) == FWD_SEALED) vm_raise(vm, "a sealed box cannot be used (only its unsealer opens it)");
  if (f->gate && (f->gate->obj.flags & GATE_REVOKED)) vm_raise(vm, "this capability has been revoked");
  if (FWD_KIND(f) == FWD_FACET) {
    Value yes;
    if (!name) vm_raise(vm, "a facet only forwards method calls");
    if (!map_get(vm, f->allowed, OBJ_VAL(name), &yes))
      vm_raise(vm, "this facet does not forward '%s'", name->chars);
  }
  return f;
}

ObjForwarder *forward_new(WVM *vm, int kind, Value target, ObjGate *gate) {
  /* Bounded so that C code stepping through a chain cannot recurse deep. */
  int depth = 0;
  for (Value t = target; IS_FORWARDER(t); t = AS_FORWARDER(t)->target)
    if (++depth >= WRIT_MAX_PROXY_DEPTH)
      vm_raise(vm, "too many proxies wrapped around one another (limit %d)", WRIT_MAX_PROXY_DEPTH);
  return forwarder_new(vm, kind, target, gate);
}

bool forward_unwrap_for_call(WVM *vm, Value *recvp, ObjString *name) {
  while (IS_FORWARDER(*recvp)) {
    ObjForwarder *f = forward_open(vm, *recvp, name);
    if (forward_is_membrane(f)) return true;
    *recvp = f->target;
  }
  return false;
}

/* What may cross a membrane unwrapped: values with no identity or state a
 * holder could use (numbers, strings, ranges), and plain Errors. */
static bool passes(WVM *vm, Value v) {
  if (!IS_OBJ(v)) return true;
  switch (OBJ_TYPE(v)) {
  case OBJ_STRING: case OBJ_RANGE: return true;
  case OBJ_INSTANCE: return AS_INSTANCE(v)->klass == vm->cError;
  default: return false;
  }
}

Value forward_cross(WVM *vm, ObjForwarder *f, Value v, bool inward) {
  if (passes(vm, v)) return v;
  ObjGate *g = f->gate;
  /* Going toward the holder of an OUT forwarder wraps as OUT, and so on. */
  int kind = FWD_KIND(f);
  if (inward) kind = kind == FWD_OUT ? FWD_IN : FWD_OUT;
  if (IS_FORWARDER(v)) { /* one of ours coming back: unwrap it */
    ObjForwarder *w = AS_FORWARDER(v);
    if (w->gate == g && forward_is_membrane(w) && FWD_KIND(w) != kind) return w->target;
  }
  if (g->obj.flags & GATE_REVOKED) vm_raise(vm, "this capability has been revoked");
  ObjMap *cache = kind == FWD_OUT ? g->out : g->in;
  Value w;
  if (map_get(vm, cache, v, &w)) return w; /* one wrapper per object and side */
  vm_push_root(vm, v);
  ObjForwarder *nf = forward_new(vm, kind, v, g);
  vm_push_root(vm, OBJ_VAL(nf));
  map_set(vm, cache, v, OBJ_VAL(nf));
  vm_pop_roots(vm, 2);
  return OBJ_VAL(nf);
}

typedef struct {
  ptrdiff_t base;
  int argc;
  ObjString *name;
  Value result;
} MembraneCall;

static void membrane_body(WVM *vm, void *ud) {
  MembraneCall *c = ud;
  Value *base = vm->stack + c->base;
  if (!c->name) {
    c->result = vm_call_at(vm, base, c->argc);
    return;
  }
  bool found;
  Value recv = base[0];
  c->result = vm_invoke_at(vm, base, c->argc, c->name, &found);
  if (!found) vm_raise(vm, "%s has no method '%s'", value_type_name(vm, recv), c->name->chars);
}

Value forward_membrane(WVM *vm, Value *base, int argc, ObjString *name) {
  ObjForwarder *f = forward_open(vm, base[0], name);
  ptrdiff_t off = base - vm->stack;
  vm_push_root(vm, OBJ_VAL(f));
  /* Arguments go in: wrapping allocates but never moves the stack. */
  for (int i = 1; i <= argc; i++) {
    Value w = forward_cross(vm, f, vm->stack[off + i], true);
    vm->stack[off + i] = w;
  }
  vm->stack[off] = f->target;
  MembraneCall c = {off, argc, name, NIL_VAL};
  if (!vm_protect(vm, membrane_body, &c)) {
    Value e = vm->error;
    if (!vm->uncatchable) {
      vm_push_root(vm, e);
      e = forward_cross(vm, f, e, false);
      vm_pop_root(vm);
    }
    vm_pop_root(vm);
    vm_throw(vm, e);
  }
  vm_push_root(vm, c.result);
  Value r = forward_cross(vm, f, c.result, false);
  vm_pop_roots(vm, 2);
  return r;
}
