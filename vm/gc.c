/* Precise, non-moving mark-sweep. Marking uses an explicit gray stack
 * (no C recursion, so deep data cannot overflow the C stack).
 *
 * THE ROOT RULES (the one place they are written down)
 *
 * Any allocation may collect (make test-gc collects at every one), so a
 * value must be reachable from a root across every call that allocates.
 * C local variables are NOT roots. The roots are (mark_roots):
 *  1. The value stack from its base up to vm->top. Slots above top are
 *     dead: the collector clears them to nil (as Lua does), so a value
 *     kept only above top is freed and then reads as nil. Never park a
 *     value above top and expect it to survive an allocation.
 *  2. The frames' closures, open upvalues, vm->roots (the temporary root
 *     stack), vm->error, throwTrace, the preallocated errors and
 *     pendingError, the host's handles, the pinned map (workspaces the
 *     host holds), compilations in progress (vm->compiler: each one's
 *     module and, per nested function, its prototype and constant index),
 *     the primordial classes, builtins, stdModules and the interned
 *     names in the WVM; the transaction log (each logged object and
 *     what the log kept of it: a failed turn puts it back, tx.c); the
 *     message queue, the unhandled rejections, the running vat and the
 *     host's far references (async.c).
 * While a Writ function runs: its registers (base .. base + maxregs) are
 * below top. A call does not clear the callee's registers above its
 * arguments: every stack slot holds nil or a value that was marked at the
 * last collection (below top then) or written since (the collection
 * cleared everything above top), so a stale register can keep garbage
 * alive until it is overwritten but can never hold a freed object; the
 * compiler reads no register before writing it. While a native runs (call_native): its receiver and
 * arguments args[0..argc] are below top, top = args + argc + 1; its
 * caller's registers above that window are dead until it returns. A
 * native that calls back into Writ (vm_call, vm_invoke) gets its callee
 * and arguments copied above top and rooted there for the call; the
 * stack may move during such a call, so keep offsets, not pointers into
 * it, across it (host calls keep argsOff). What a native returns is
 * unrooted until the dispatch loop stores it: return it straight away.
 * While a host function runs (api_host.c): its arguments as above, its
 * result and every text writ_arg_to_string made in vm->roots (dropped
 * when it returns), handles it makes until released.
 * While the compiler runs: the module, the prototypes being filled and
 * their constants (through vm->compiler); the AST lives in an arena and
 * holds no Values; a string made for a constant is rooted until it is
 * stored in the prototype.
 * The helpers: vm_push_root(vm, v) / vm_pop_root(vm) (pop in reverse
 * order; an error unwinding restores the count, errjmp_restore); or store
 * the new value into an object that is already reachable (a rooted list,
 * a register) before the next allocation. A value being built is
 * reachable as soon as it is stored: make the container first, root it,
 * then fill it. The gray stack and the root stack grow with the raw
 * allocator, so growing them never collects. */
#include <stdlib.h>
#include "vm/gc.h"
#include "lang/compiler.h"
#include "vm/async.h"
#include "vm/handle.h"
#include "vm/tx.h"
#include "vm/table.h"
#include "vm/wstring.h"

void gc_mark_obj(WVM *vm, Obj *o) {
  if (!o || o->marked) return;
  o->marked = 1;
  if (vm->ngray >= vm->graycap) {
    int ncap = vm->graycap < 64 ? 64 : vm->graycap * 2;
    /* The gray stack uses the raw allocator: growing it must not collect. */
    Obj **g = vm->allocFn(vm->allocUd, vm->gray, sizeof(Obj *) * (size_t)vm->graycap,
                          sizeof(Obj *) * (size_t)ncap);
    if (!g) { /* cannot grow: give this collection up (see gc_collect) */
      vm->gcAbort = true;
      return;
    }
    vm->gray = g;
    vm->graycap = ncap;
  }
  vm->gray[vm->ngray++] = o;
}

void gc_mark_value(WVM *vm, Value v) {
  if (IS_OBJ(v)) gc_mark_obj(vm, AS_OBJ(v));
}

static void mark_map(WVM *vm, ObjMap *m) {
  for (uint32_t i = 0; i < m->used; i++) {
    if (m->entries[i].key == EMPTY_VAL) continue;
    gc_mark_value(vm, m->entries[i].key);
    gc_mark_value(vm, m->entries[i].value);
  }
}

static void mark_proto(WVM *vm, ObjProto *p) {
  for (int i = 0; i < p->nk; i++) gc_mark_value(vm, p->k[i]);
  for (int i = 0; i < p->nprotos; i++) gc_mark_obj(vm, (Obj *)p->protos[i]);
  for (int i = 0; i < p->ncaches; i++) {
    gc_mark_obj(vm, (Obj *)p->caches[i].name);
    gc_mark_value(vm, p->caches[i].method);
    gc_mark_obj(vm, (Obj *)p->caches[i].key);
  }
  gc_mark_obj(vm, (Obj *)p->name);
  gc_mark_obj(vm, (Obj *)p->module);
}

static void mark_module(WVM *vm, ObjModule *m) {
  gc_mark_obj(vm, (Obj *)m->name);
  gc_mark_obj(vm, (Obj *)m->source);
  gc_mark_obj(vm, (Obj *)m->ws);
  for (int i = 0; i < m->nvars; i++) {
    gc_mark_value(vm, m->vars[i]);
    gc_mark_obj(vm, (Obj *)m->varNames[i]);
  }
  gc_mark_obj(vm, (Obj *)m->varIndex);
  gc_mark_obj(vm, (Obj *)m->exports);
}

static void mark_workspace(WVM *vm, ObjWorkspace *w) {
  gc_mark_obj(vm, (Obj *)w->modules);
  gc_mark_obj(vm, (Obj *)w->scope);
  gc_mark_obj(vm, (Obj *)w->mainScope);
  gc_mark_obj(vm, (Obj *)w->parent);
  gc_mark_obj(vm, (Obj *)w->evalModule);
}

static void mark_forwarder(WVM *vm, ObjForwarder *f) {
  gc_mark_value(vm, f->target);
  gc_mark_obj(vm, (Obj *)f->gate);
  gc_mark_obj(vm, (Obj *)f->allowed);
}

/* Promises, resolvers, far references, vats and messages (async.h). */
static void mark_async(WVM *vm, Obj *o) {
  switch ((ObjType)o->type) {
  case OBJ_PROMISE: {
    ObjPromise *p = (ObjPromise *)o;
    gc_mark_value(vm, p->value);
    gc_mark_obj(vm, (Obj *)p->waiter);
    gc_mark_obj(vm, (Obj *)p->waiters);
    gc_mark_obj(vm, (Obj *)p->vat);
    break;
  }
  case OBJ_RESOLVER: gc_mark_obj(vm, (Obj *)((ObjResolver *)o)->promise); break;
  case OBJ_FAR:
    gc_mark_value(vm, ((ObjFar *)o)->target);
    gc_mark_obj(vm, (Obj *)((ObjFar *)o)->vat);
    break;
  case OBJ_VAT:
    gc_mark_obj(vm, (Obj *)((ObjVat *)o)->ws);
    gc_mark_obj(vm, (Obj *)((ObjVat *)o)->fars);
    break;
  case OBJ_MESSAGE: {
    ObjMessage *m = (ObjMessage *)o;
    gc_mark_value(vm, m->target);
    gc_mark_obj(vm, (Obj *)m->name);
    for (uint32_t i = 0; i < m->argc; i++) gc_mark_value(vm, m->args[i]);
    gc_mark_value(vm, m->ok);
    gc_mark_value(vm, m->err);
    gc_mark_obj(vm, (Obj *)m->result);
    gc_mark_obj(vm, (Obj *)m->vat);
    gc_mark_obj(vm, (Obj *)m->from);
    break;
  }
  default: break;
  }
}

/* The objects and values o refers to. */
static void blacken(WVM *vm, Obj *o) {
  switch ((ObjType)o->type) {
  case OBJ_LIST: {
    ObjList *l = (ObjList *)o;
    for (uint32_t i = 0; i < l->count; i++) gc_mark_value(vm, l->items[i]);
    break;
  }
  case OBJ_MAP: mark_map(vm, (ObjMap *)o); break;
  case OBJ_PROTO: mark_proto(vm, (ObjProto *)o); break;
  case OBJ_CLOSURE: {
    ObjClosure *c = (ObjClosure *)o;
    gc_mark_obj(vm, (Obj *)c->proto);
    gc_mark_obj(vm, (Obj *)c->home);
    for (int i = 0; i < CLOSURE_NUPVALS(c); i++) gc_mark_obj(vm, (Obj *)c->upvals[i]);
    break;
  }
  case OBJ_UPVALUE: gc_mark_value(vm, *((ObjUpvalue *)o)->loc); break;
  case OBJ_NATIVE: {
    ObjNative *n = (ObjNative *)o;
    gc_mark_obj(vm, (Obj *)n->name);
    gc_mark_value(vm, n->data);
    break;
  }
  case OBJ_CLASS: {
    ObjClass *k = (ObjClass *)o;
    gc_mark_obj(vm, (Obj *)k->name);
    gc_mark_obj(vm, (Obj *)k->super);
    gc_mark_obj(vm, (Obj *)k->methods);
    gc_mark_value(vm, k->ctor);
    break;
  }
  case OBJ_INSTANCE: {
    ObjInstance *in = (ObjInstance *)o;
    gc_mark_obj(vm, (Obj *)in->klass);
    for (uint32_t i = 0; i < in->nfields; i++) gc_mark_value(vm, in->fields[i]);
    break;
  }
  case OBJ_BOUND: {
    ObjBound *b = (ObjBound *)o;
    gc_mark_value(vm, b->receiver);
    gc_mark_value(vm, b->method);
    break;
  }
  case OBJ_MODULE: mark_module(vm, (ObjModule *)o); break;
  case OBJ_WORKSPACE: mark_workspace(vm, (ObjWorkspace *)o); break;
  case OBJ_FORWARDER: mark_forwarder(vm, (ObjForwarder *)o); break;
  case OBJ_GATE: {
    ObjGate *g = (ObjGate *)o;
    gc_mark_obj(vm, (Obj *)g->out);
    gc_mark_obj(vm, (Obj *)g->in);
    break;
  }
  case OBJ_FOREIGN: gc_mark_obj(vm, (Obj *)((ObjForeign *)o)->klass); break;
  case OBJ_PROMISE: case OBJ_RESOLVER: case OBJ_FAR: case OBJ_VAT: case OBJ_MESSAGE: mark_async(vm, o); break;
  default: break; /* strings, ranges, buffers hold no references */
  }
}

static void mark_roots(WVM *vm) {
  for (Value *v = vm->stack; v < vm->top; v++) gc_mark_value(vm, *v);
  /* Slots above top are dead (a frame's stale temporaries, a native's
   * caller's registers above its argument window). They are not marked,
   * so what they point at may be freed now; clear them, as Lua does, so
   * that raising top again later cannot expose a freed object. */
  for (Value *v = vm->top; v < vm->stackEnd; v++) *v = NIL_VAL;
  for (int i = 0; i < vm->nframes; i++) gc_mark_obj(vm, (Obj *)vm->frames[i].closure);
  for (ObjUpvalue *u = vm->openUpvals; u; u = u->nextOpen) gc_mark_obj(vm, (Obj *)u);
  for (int i = 0; i < vm->nroots; i++) gc_mark_value(vm, vm->roots[i]);
  gc_mark_value(vm, vm->error);
  gc_mark_value(vm, vm->throwTrace);
  gc_mark_value(vm, vm->oomError);
  gc_mark_value(vm, vm->budgetError);
  gc_mark_value(vm, vm->pendingError);
  for (struct WritHandle *h = vm->handles; h; h = h->next) gc_mark_value(vm, h->value);
  compiler_mark(vm, vm->compiler);
  tx_mark(vm);
  async_mark(vm);
  ObjClass **classes[] = {&vm->cNil, &vm->cBool, &vm->cNumber, &vm->cString, &vm->cList,
                          &vm->cMap, &vm->cRange, &vm->cFunction, &vm->cClass, &vm->cModule,
                          &vm->cError, &vm->cWorkspace, &vm->cObject, &vm->cPromise,
                          &vm->cResolver, &vm->cFar, &vm->cVat};
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) gc_mark_obj(vm, (Obj *)*classes[i]);
  gc_mark_obj(vm, (Obj *)vm->builtins);
  gc_mark_obj(vm, (Obj *)vm->stdModules);
  gc_mark_obj(vm, (Obj *)vm->pinned);
  ObjString **names[] = {&vm->sNew, &vm->sToString, &vm->sMain, &vm->sIter, &vm->sNext};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) gc_mark_obj(vm, (Obj *)*names[i]);
}

static void sweep(WVM *vm) {
  Obj **link = &vm->objects;
  while (*link) {
    Obj *o = *link;
    if (o->marked) {
      o->marked = 0;
      link = &o->next;
    } else {
      *link = o->next;
      object_free(vm, o);
    }
  }
}

void gc_collect(WVM *vm) {
  if (vm->gcRunning) return;
  vm->gcRunning = true;
  vm->gcAbort = false;
  mark_roots(vm);
  while (vm->ngray > 0) blacken(vm, vm->gray[--vm->ngray]);
  if (vm->gcAbort) { /* out of memory for the gray stack: free nothing */
    for (Obj *o = vm->objects; o; o = o->next) o->marked = 0;
    vm->ngray = 0;
    vm->gcRunning = false;
    return;
  }
  str_sweep_interned(vm);
  sweep(vm);
  /* live data times the growth, plus the scratch there is now (mem_scratch) */
  size_t next = (vm->bytesAllocated - vm->scratchBytes) * WRIT_GC_GROWTH + vm->scratchBytes;
  vm->scratchCounted = vm->scratchBytes;
  vm->nextGC = next < WRIT_GC_INITIAL ? WRIT_GC_INITIAL : next;
  vm->gcRunning = false;
}

void gc_reach(WVM *vm, Obj *const *roots, int n) {
  vm->gcAbort = false;
  for (int i = 0; i < n; i++) gc_mark_obj(vm, roots[i]);
  while (vm->ngray > 0) blacken(vm, vm->gray[--vm->ngray]);
}

void gc_unmark_all(WVM *vm) {
  for (Obj *o = vm->objects; o; o = o->next) o->marked = 0;
}

void gc_free_all(WVM *vm) {
  Obj *o = vm->objects;
  while (o) {
    Obj *next = o->next;
    object_free(vm, o);
    o = next;
  }
  vm->objects = NULL;
  vm->allocFn(vm->allocUd, vm->gray, sizeof(Obj *) * (size_t)vm->graycap, 0);
  vm->gray = NULL;
  vm->allocFn(vm->allocUd, vm->roots, sizeof(Value) * (size_t)vm->rootcap, 0);
  vm->roots = NULL;
}
