/* Object allocation and freeing. */
#include "gc.h"
#include "table.h"
#include "wstring.h"

Obj *object_alloc(WVM *vm, size_t size, ObjType type) {
  Obj *o = mem_realloc(vm, NULL, 0, size);
  o->type = (uint8_t)type;
  o->marked = 0;
  o->frozen = 0;
  o->flags = 0;
  o->next = vm->objects;
  vm->objects = o;
  return o;
}

#define NEW(vm, T, type) ((T *)object_alloc(vm, sizeof(T), type))

ObjList *list_new(WVM *vm, uint32_t cap) {
  ObjList *l = NEW(vm, ObjList, OBJ_LIST);
  l->count = l->cap = 0;
  l->items = NULL;
  if (cap) {
    vm_push_root(vm, OBJ_VAL(l));
    list_reserve(vm, l, cap);
    vm_pop_root(vm);
  }
  return l;
}

void list_reserve(WVM *vm, ObjList *l, uint32_t cap) {
  if (cap <= l->cap) return;
  if (cap > WRIT_MAX_LIST_COUNT) vm_raise(vm, "list too long (limit %u items)", (unsigned)WRIT_MAX_LIST_COUNT);
  l->items = MEM_GROW(vm, Value, l->items, l->cap, cap);
  l->cap = cap;
}

void list_push(WVM *vm, ObjList *l, Value v) {
  if (l->count >= l->cap) {
    uint32_t ncap = l->cap < 8 ? 8 : l->cap * 2;
    if (ncap > WRIT_MAX_LIST_COUNT) ncap = WRIT_MAX_LIST_COUNT;
    if (l->count >= ncap) vm_raise(vm, "list too long (limit %u items)", (unsigned)WRIT_MAX_LIST_COUNT);
    vm_push_root(vm, v);
    list_reserve(vm, l, ncap);
    vm_pop_root(vm);
  }
  l->items[l->count++] = v;
}

ObjRange *range_new(WVM *vm, double from, double to, bool inclusive) {
  ObjRange *r = NEW(vm, ObjRange, OBJ_RANGE);
  r->from = from;
  r->to = to;
  r->inclusive = inclusive;
  return r;
}

ObjProto *proto_new(WVM *vm, ObjModule *module) {
  ObjProto *p = NEW(vm, ObjProto, OBJ_PROTO);
  memset((char *)p + sizeof(Obj), 0, sizeof(ObjProto) - sizeof(Obj));
  p->module = module;
  return p;
}

ObjClosure *closure_new(WVM *vm, ObjProto *p) {
  size_t size = sizeof(ObjClosure) + sizeof(ObjUpvalue *) * p->nupvals;
  ObjClosure *c = (ObjClosure *)object_alloc(vm, size, OBJ_CLOSURE);
  c->obj.flags = p->nupvals; /* freeing must not read the proto: it may go first */
  c->proto = p;
  c->home = NULL;
  for (int i = 0; i < p->nupvals; i++) c->upvals[i] = NULL;
  return c;
}

ObjUpvalue *upvalue_new(WVM *vm, Value *slot) {
  ObjUpvalue *u = NEW(vm, ObjUpvalue, OBJ_UPVALUE);
  u->loc = slot;
  u->closed = NIL_VAL;
  u->nextOpen = NULL;
  return u;
}

ObjNative *native_new(WVM *vm, const char *name, NativeFn fn, int minArgs, int maxArgs) {
  ObjString *s = str_cstr(vm, name);
  vm_push_root(vm, OBJ_VAL(s));
  ObjNative *n = NEW(vm, ObjNative, OBJ_NATIVE);
  vm_pop_root(vm);
  n->fn = fn;
  n->name = s;
  n->minArgs = (int16_t)minArgs;
  n->maxArgs = (int16_t)maxArgs;
  n->data = NIL_VAL;
  n->host = NULL;
  return n;
}

ObjClass *class_new(WVM *vm, ObjString *name, ObjClass *super, int ownFields) {
  ObjClass *k = NEW(vm, ObjClass, OBJ_CLASS);
  k->name = name;
  k->super = super;
  k->methods = NULL;
  k->ctor = NIL_VAL;
  k->fieldBase = super ? super->numFields : 0;
  k->numFields = (uint16_t)(k->fieldBase + ownFields);
  k->builtin = 0;
  k->foreignSize = 0;
  k->finalize = NULL;
  vm_push_root(vm, OBJ_VAL(k));
  k->methods = map_new(vm);
  vm_pop_root(vm);
  return k;
}

ObjInstance *instance_new(WVM *vm, ObjClass *k) {
  size_t size = sizeof(ObjInstance) + sizeof(Value) * k->numFields;
  ObjInstance *o = (ObjInstance *)object_alloc(vm, size, OBJ_INSTANCE);
  o->klass = k;
  o->nfields = k->numFields;
  for (uint32_t i = 0; i < o->nfields; i++) o->fields[i] = NIL_VAL;
  return o;
}

ObjBound *bound_new(WVM *vm, Value receiver, Value method) {
  ObjBound *b = NEW(vm, ObjBound, OBJ_BOUND);
  b->receiver = receiver;
  b->method = method;
  return b;
}

ObjModule *module_new(WVM *vm, ObjString *name, ObjWorkspace *ws) {
  ObjModule *m = NEW(vm, ObjModule, OBJ_MODULE);
  memset((char *)m + sizeof(Obj), 0, sizeof(ObjModule) - sizeof(Obj));
  m->name = name;
  m->ws = ws;
  m->state = MOD_LOADING;
  return m;
}

ObjWorkspace *workspace_obj_new(WVM *vm, ObjWorkspace *parent) {
  ObjWorkspace *w = NEW(vm, ObjWorkspace, OBJ_WORKSPACE);
  w->modules = w->scope = w->mainScope = NULL;
  w->parent = parent;
  w->evalModule = NULL;
  w->host = NULL;
  w->canLoad = 0;
  vm_push_root(vm, OBJ_VAL(w));
  w->modules = map_new(vm);
  vm_pop_root(vm);
  return w;
}

ObjBuffer *buffer_new(WVM *vm, uint32_t cap) {
  ObjBuffer *b = NEW(vm, ObjBuffer, OBJ_BUFFER);
  b->len = b->cap = 0;
  b->data = NULL;
  if (cap) {
    vm_push_root(vm, OBJ_VAL(b));
    b->data = MEM_ALLOC(vm, char, cap);
    b->cap = cap;
    vm_pop_root(vm);
  }
  return b;
}

void buffer_append(WVM *vm, ObjBuffer *b, const char *s, size_t n) {
  if ((size_t)b->len + n > WRIT_MAX_STRING_BYTES)
    vm_raise_too_long(vm);
  if (b->len + n > b->cap) {
    size_t ncap = b->cap < 64 ? 64 : (size_t)b->cap * 2;
    while (ncap < b->len + n) ncap *= 2;
    if (ncap > WRIT_MAX_STRING_BYTES + 1u) ncap = WRIT_MAX_STRING_BYTES + 1u;
    b->data = MEM_GROW(vm, char, b->data, b->cap, ncap);
    b->cap = (uint32_t)ncap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += (uint32_t)n;
}

ObjForeign *foreign_new(WVM *vm, ObjClass *k, size_t size, ForeignFinalizer finalize) {
  if (size > UINT32_MAX / 2) vm_raise_oom(vm);
  ObjForeign *f = (ObjForeign *)object_alloc(vm, sizeof(ObjForeign) + size, OBJ_FOREIGN);
  f->klass = k;
  f->finalize = finalize;
  f->size = (uint32_t)size;
  memset(f->data, 0, size);
  return f;
}

ObjGate *gate_new(WVM *vm, bool membrane) {
  ObjGate *g = NEW(vm, ObjGate, OBJ_GATE);
  g->out = g->in = NULL;
  if (membrane) {
    vm_push_root(vm, OBJ_VAL(g));
    g->out = map_new(vm);
    g->in = map_new(vm);
    vm_pop_root(vm);
  }
  return g;
}

ObjForwarder *forwarder_new(WVM *vm, int kind, Value target, ObjGate *gate) {
  ObjForwarder *f = NEW(vm, ObjForwarder, OBJ_FORWARDER);
  f->obj.flags = (uint8_t)kind;
  f->target = target;
  f->gate = gate;
  f->allowed = NULL;
  return f;
}

void object_free(WVM *vm, Obj *o) {
  switch ((ObjType)o->type) {
  case OBJ_STRING: {
    ObjString *s = (ObjString *)o;
    mem_realloc(vm, o, sizeof(ObjString) + s->len + 1, 0);
    break;
  }
  case OBJ_LIST: {
    ObjList *l = (ObjList *)o;
    MEM_FREE(vm, Value, l->items, l->cap);
    MEM_FREE(vm, ObjList, o, 1);
    break;
  }
  case OBJ_MAP: map_free(vm, (ObjMap *)o); MEM_FREE(vm, ObjMap, o, 1); break;
  case OBJ_RANGE: MEM_FREE(vm, ObjRange, o, 1); break;
  case OBJ_PROTO: {
    ObjProto *p = (ObjProto *)o;
    MEM_FREE(vm, uint32_t, p->code, p->codecap);
    MEM_FREE(vm, SrcPos, p->pos, p->poscap);
    MEM_FREE(vm, Value, p->k, p->kcap);
    MEM_FREE(vm, ObjProto *, p->protos, p->pcap);
    MEM_FREE(vm, InlineCache, p->caches, p->ccap);
    MEM_FREE(vm, UpvalDesc, p->upvals, p->nupvals);
    MEM_FREE(vm, ObjProto, o, 1);
    break;
  }
  case OBJ_CLOSURE: {
    ObjClosure *c = (ObjClosure *)o;
    mem_realloc(vm, o, sizeof(ObjClosure) + sizeof(ObjUpvalue *) * c->obj.flags, 0);
    break;
  }
  case OBJ_UPVALUE: MEM_FREE(vm, ObjUpvalue, o, 1); break;
  case OBJ_NATIVE: MEM_FREE(vm, ObjNative, o, 1); break;
  case OBJ_CLASS: MEM_FREE(vm, ObjClass, o, 1); break;
  case OBJ_INSTANCE: {
    ObjInstance *i = (ObjInstance *)o;
    mem_realloc(vm, o, sizeof(ObjInstance) + sizeof(Value) * i->nfields, 0);
    break;
  }
  case OBJ_BOUND: MEM_FREE(vm, ObjBound, o, 1); break;
  case OBJ_MODULE: {
    ObjModule *m = (ObjModule *)o;
    MEM_FREE(vm, Value, m->vars, m->varcap);
    MEM_FREE(vm, ObjString *, m->varNames, m->varcap);
    MEM_FREE(vm, uint8_t, m->varFlags, m->varcap);
    MEM_FREE(vm, ObjModule, o, 1);
    break;
  }
  case OBJ_WORKSPACE: MEM_FREE(vm, ObjWorkspace, o, 1); break;
  case OBJ_FORWARDER: MEM_FREE(vm, ObjForwarder, o, 1); break;
  case OBJ_GATE: MEM_FREE(vm, ObjGate, o, 1); break;
  case OBJ_FOREIGN: {
    ObjForeign *f = (ObjForeign *)o;
    if (f->finalize) f->finalize(f->data);
    mem_realloc(vm, o, sizeof(ObjForeign) + f->size, 0);
    break;
  }
  case OBJ_BUFFER: {
    ObjBuffer *b = (ObjBuffer *)o;
    MEM_FREE(vm, char, b->data, b->cap);
    MEM_FREE(vm, ObjBuffer, o, 1);
    break;
  }
  default: break;
  }
}
