/* Vats: a confined workspace with its own turns, and what a value becomes
 * when it crosses from one vat to another (async.h). Nothing of one vat
 * is reachable from another except through a far reference, which only
 * <- can use: a vat's turns never run another vat's code. */
#include "vm/vat.h"
#include "vm/async.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/table.h"
#include "vm/tx.h"
#include "vm/workspace.h"
#include "vm/wstring.h"

static Value far_for(WVM *vm, Value target, ObjVat *from) {
  /* One far reference per object and vat, so that two crossings of one
   * object are == and one map key. */
  ObjMap **cache = from ? &from->fars : &vm->hostFars;
  Value far;
  if (*cache && map_get(vm, *cache, target, &far)) return far;
  vm_push_root(vm, target);
  if (!*cache) {
    ObjMap *m = map_new(vm);
    if (from) tx_write(vm, &from->obj);
    *cache = m;
  }
  ObjFar *f = (ObjFar *)object_alloc(vm, sizeof(ObjFar), OBJ_FAR);
  f->target = target;
  f->vat = from;
  vm_push_root(vm, OBJ_VAL(f));
  map_set(vm, *cache, target, OBJ_VAL(f));
  vm_pop_roots(vm, 2);
  return OBJ_VAL(f);
}

Value vat_cross(WVM *vm, Value v, ObjVat *from, ObjVat *to) {
  if (from == to || !IS_OBJ(v) || IS_STRING(v)) return v;
  switch ((ObjType)OBJ_TYPE(v)) {
  case OBJ_FAR: return AS_FAR(v)->vat == to ? AS_FAR(v)->target : v;
  case OBJ_PROMISE: {
    ObjPromise *p = AS_PROMISE(v);
    if (p->vat == to) return v;
    /* A promise of the receiving vat that settles as p does (a FOLLOW
     * reaction on p, which crosses the outcome when it comes). */
    ObjPromise *q = promise_new(vm, to);
    vm_push_root(vm, OBJ_VAL(q));
    promise_follow(vm, q, p);
    vm_pop_root(vm);
    return OBJ_VAL(q);
  }
  case OBJ_INSTANCE:
    if (error_is(vm, v)) return OBJ_VAL(error_new(vm, error_text(vm, AS_INSTANCE(v))));
    return far_for(vm, v, from);
  default: return far_for(vm, v, from);
  }
}

ObjVat *vat_new(WVM *vm, ObjMap *endow, double fuel, double memory) {
  ObjVat *v = (ObjVat *)object_alloc(vm, sizeof(ObjVat), OBJ_VAT);
  v->ws = NULL;
  v->fars = NULL;
  v->fuel = fuel;
  v->memory = memory;
  vm_push_root(vm, OBJ_VAL(v));
  ObjMap *crossed = NULL;
  if (endow) {
    crossed = map_new(vm);
    vm_push_root(vm, OBJ_VAL(crossed));
    uint32_t pos = 0;
    Value k, x;
    while (map_next(endow, &pos, &k, &x)) {
      Value c = vat_cross(vm, x, vm->vat, v);
      vm_push_root(vm, c);
      map_set(vm, crossed, k, c);
      vm_pop_root(vm);
    }
  }
  v->ws = workspace_child(vm, crossed, "Vat"); /* checks the names */
  if (endow) vm_pop_root(vm);
  vm_pop_root(vm);
  return v;
}

typedef struct {
  struct ObjWorkspace *ws;
  ObjString *src;
  double fuel, memory;
  Value result;
} EvalTurn;

static void eval_turn(WVM *vm, void *ud) {
  EvalTurn *t = ud;
  t->result = workspace_eval(vm, t->ws, t->src, t->fuel, t->memory);
}

/* Runs t as a transaction in vat `in` (the caller's vat being `back`):
 * the result or the error crosses back; a failure leaves nothing behind. */
static Value run_atomic(WVM *vm, EvalTurn *t, ObjVat *in) {
  ObjVat *back = vm->vat;
  if (!async_turn(vm, in, eval_turn, t)) {
    if (vm->uncatchable) vm_throw(vm, vm->error);
    vm_throw(vm, vat_cross(vm, vm->error, in, back));
  }
  vm_push_root(vm, t->result);
  Value r = vat_cross(vm, t->result, in, back);
  vm_pop_root(vm);
  return r;
}

Value vat_eval(WVM *vm, ObjVat *v, ObjString *src) {
  EvalTurn t = {v->ws, src, v->fuel, v->memory, NIL_VAL};
  return run_atomic(vm, &t, v);
}

Value atomic_eval(WVM *vm, struct ObjWorkspace *w, ObjString *src, double fuel, double memory) {
  EvalTurn t = {w, src, fuel, memory, NIL_VAL};
  return run_atomic(vm, &t, vm->vat);
}
