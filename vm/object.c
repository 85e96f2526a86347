/* Object allocation and freeing. */
#include "vm/object.h"
#include "vm/error.h"
#include "vm/tx.h"
#include "vm/gc.h"
#include "vm/mem.h"
#include "vm/table.h"
#include "vm/wstring.h"

/* The boot slab. A new VM makes some 370 objects for its built-ins (170
 * when this was first written), which all live as long as it does; one
 * allocation each was about half the time of writ_vm_new + writ_vm_free.
 * While vm->slabOn they are carved from SLAB_BLOCK-byte blocks instead (4
 * KB: six blocks hold them, where 1 KB blocks took 28). They stay
 * ordinary objects on the objects list, marked and swept like any other:
 * object_free releases what they own but not their own memory, which goes
 * with the blocks in slab_free_all (vm_free). */
typedef struct SlabBlock {
  struct SlabBlock *next;
  size_t used, cap;
  max_align_t data[];
} SlabBlock;

#define SLAB_BLOCK 4096
/* Objects hold pointers, doubles and 64-bit Values, nothing wider. */
#define SLAB_ALIGN 8

static void *slab_alloc(WVM *vm, size_t size) {
  size = (size + SLAB_ALIGN - 1) & ~(size_t)(SLAB_ALIGN - 1);
  if (size > SLAB_BLOCK / 8) return NULL; /* a large one gets its own allocation */
#ifdef WRIT_GC_STRESS
  if (!vm->gcRunning) gc_collect(vm); /* as mem_realloc would */
#endif
  SlabBlock *b = vm->slab;
  if (!b || b->used + size > b->cap) {
    b = mem_realloc(vm, NULL, 0, sizeof(SlabBlock) + SLAB_BLOCK);
    b->next = vm->slab;
    b->used = 0;
    b->cap = SLAB_BLOCK;
    vm->slab = b;
  }
  void *p = (char *)b->data + b->used;
  b->used += size;
  return p;
}

void slab_free_all(WVM *vm) {
  while (vm->slab) {
    SlabBlock *b = vm->slab;
    vm->slab = b->next;
    mem_realloc(vm, b, sizeof(SlabBlock) + b->cap, 0);
  }
}

/* Small-object free lists. Most objects are small and die young; a freed
 * one is kept for the next object of its size class instead of going back
 * to the allocator (malloc and free were about 170 instructions a pair, a
 * third of a turn's cost). A block of class c is always SMALL_BYTES(c)
 * bytes as the allocator sees it; bytesAllocated counts the bytes asked
 * for, as before, so budgets and collections see the same figures. */
#if defined(__SANITIZE_ADDRESS__)
#define FREE_LISTS 0 /* ASan must see every free to catch a use after it */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FREE_LISTS 0
#endif
#endif
#ifndef FREE_LISTS
#define FREE_LISTS 1
#endif
/* Class c holds sizes up to 16c + 8: malloc's chunks are 16-byte
 * multiples holding 8 bytes of its own, so a block of 16c + 8 bytes costs
 * what any size of its class would have cost it (rounding to 16c would
 * take 16 more for every size of the form 16k + 8). */
#define SMALL_MAX (WRIT_SMALL_CLASSES * 16 + 8)
#define SMALL_CLASS(size) (((size) + 7) >> 4)
#define SMALL_BYTES(c) (((size_t)(c) << 4) + 8)

/* Free lists only with the library's own allocator (a host's allocator
 * sees every object, at its own size) and not under ASan; otherwise
 * objects are allocated and freed at their exact size, so that ASan's
 * bounds are the object's own. */
#define LISTS_ON(vm) (FREE_LISTS && (vm)->freeListsOn)

typedef struct FreeObj {
  struct FreeObj *next;
} FreeObj;

static void *small_alloc(WVM *vm, size_t size) {
  unsigned c = SMALL_CLASS(size);
  /* mem_realloc's checks, for a block it does not make; read the list
   * after them: the collection they may run adds to its head */
  if (vm->freeObjs[c]) mem_will_grow(vm, size);
  FreeObj *f = vm->freeObjs[c];
  if (!f) {
    void *p = mem_realloc(vm, NULL, 0, SMALL_BYTES(c));
    vm->bytesAllocated -= SMALL_BYTES(c) - size;
    return p;
  }
  vm->freeObjs[c] = f->next;
  vm->freeBytes -= SMALL_BYTES(c);
  vm->bytesAllocated += size;
  return f;
}

static void small_free(WVM *vm, void *p, size_t size) {
  unsigned c = SMALL_CLASS(size);
  vm->bytesAllocated -= size;
  if (vm->freeBytes + SMALL_BYTES(c) <= WRIT_FREE_RETAIN) {
    FreeObj *f = p;
    f->next = vm->freeObjs[c];
    vm->freeObjs[c] = f;
    vm->freeBytes += SMALL_BYTES(c);
    return;
  }
  vm->allocFn(vm->allocUd, p, SMALL_BYTES(c), 0);
}

void free_lists_release(WVM *vm) {
  for (unsigned c = 1; c <= WRIT_SMALL_CLASSES; c++) {
    while (vm->freeObjs[c]) {
      FreeObj *f = vm->freeObjs[c];
      vm->freeObjs[c] = f->next;
      vm->allocFn(vm->allocUd, f, SMALL_BYTES(c), 0);
    }
  }
  vm->freeBytes = 0;
}

Obj *object_alloc(WVM *vm, size_t size, ObjType type) {
  Obj *o = vm->slabOn ? slab_alloc(vm, size) : NULL;
  uint8_t inSlab = o != NULL;
  if (!o) o = size <= SMALL_MAX && LISTS_ON(vm) ? small_alloc(vm, size) : mem_realloc(vm, NULL, 0, size);
  o->type = (uint8_t)type;
  o->marked = 0;
  o->frozen = 0;
  o->flags = 0;
  o->inSlab = inSlab;
  o->epoch = vm->epoch; /* made in the running transaction: never logged */
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
  tx_write(vm, &l->obj);
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
  if (tx_needed(vm, &l->obj)) {
    vm_push_root(vm, v);
    tx_log(vm, &l->obj);
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
  CLOSURE_NUPVALS(c) = p->nupvals; /* freeing must not read the proto: it may go first */
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
  n->hostUd = NULL;
  n->shortcut = SHORTCUT_NONE;
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
  k->finalizeUd = NULL;
  k->hostUd = NULL;
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
  if (n == 0) return; /* data and s may be NULL then: no pointer arithmetic on them */
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
  f->finalizeUd = NULL;
  f->finalizeArg = NULL;
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

/* The kinds of async.h own nothing but themselves. */
static size_t async_size(const Obj *o) {
  switch ((ObjType)o->type) {
  case OBJ_PROMISE: return sizeof(ObjPromise);
  case OBJ_RESOLVER: return sizeof(ObjResolver);
  case OBJ_FAR: return sizeof(ObjFar);
  case OBJ_VAT: return sizeof(ObjVat);
  default: return sizeof(ObjMessage) + sizeof(Value) * ((const ObjMessage *)o)->argc;
  }
}

/* Frees what the object owns, then the object itself (its size is worked
 * out here), unless it came from the boot slab. */
void object_free(WVM *vm, Obj *o) {
  size_t size;
  switch ((ObjType)o->type) {
  case OBJ_STRING: size = sizeof(ObjString) + ((ObjString *)o)->len + 1; break;
  case OBJ_LIST: {
    ObjList *l = (ObjList *)o;
    MEM_FREE(vm, Value, l->items, l->cap);
    size = sizeof(ObjList);
    break;
  }
  case OBJ_MAP: map_free(vm, (ObjMap *)o); size = sizeof(ObjMap); break;
  case OBJ_RANGE: size = sizeof(ObjRange); break;
  case OBJ_PROTO: {
    ObjProto *p = (ObjProto *)o;
    MEM_FREE(vm, uint32_t, p->code, p->codecap);
    MEM_FREE(vm, SrcPos, p->pos, p->poscap);
    MEM_FREE(vm, Value, p->k, p->kcap);
    MEM_FREE(vm, ObjProto *, p->protos, p->pcap);
    MEM_FREE(vm, InlineCache, p->caches, p->ccap);
    MEM_FREE(vm, UpvalDesc, p->upvals, p->nupvals);
    size = sizeof(ObjProto);
    break;
  }
  /* flags holds the upvalue count: freeing must not read the proto, which
   * may have gone first */
  case OBJ_CLOSURE: size = sizeof(ObjClosure) + sizeof(ObjUpvalue *) * CLOSURE_NUPVALS((ObjClosure *)o); break;
  case OBJ_UPVALUE: size = sizeof(ObjUpvalue); break;
  case OBJ_NATIVE: size = sizeof(ObjNative); break;
  case OBJ_CLASS: size = sizeof(ObjClass); break;
  case OBJ_INSTANCE: size = sizeof(ObjInstance) + sizeof(Value) * ((ObjInstance *)o)->nfields; break;
  case OBJ_BOUND: size = sizeof(ObjBound); break;
  case OBJ_MODULE: {
    ObjModule *m = (ObjModule *)o;
    if (m->vars) mem_realloc(vm, m->vars, MODULE_VARS_BYTES(m->varcap), 0);
    size = sizeof(ObjModule);
    break;
  }
  case OBJ_WORKSPACE: size = sizeof(ObjWorkspace); break;
  case OBJ_FORWARDER: size = sizeof(ObjForwarder); break;
  case OBJ_GATE: size = sizeof(ObjGate); break;
  case OBJ_PROMISE: case OBJ_RESOLVER: case OBJ_FAR: case OBJ_VAT: case OBJ_MESSAGE: size = async_size(o); break;
  case OBJ_FOREIGN: {
    ObjForeign *f = (ObjForeign *)o;
    if (f->finalize) f->finalize(f->data);
    else if (f->finalizeUd) f->finalizeUd(f->finalizeArg, f->data);
    size = sizeof(ObjForeign) + f->size;
    break;
  }
  case OBJ_BUFFER: {
    ObjBuffer *b = (ObjBuffer *)o;
    MEM_FREE(vm, char, b->data, b->cap);
    size = sizeof(ObjBuffer);
    break;
  }
  default: return;
  }
  if (o->inSlab) return;
  if (size <= SMALL_MAX && LISTS_ON(vm)) small_free(vm, o, size);
  else mem_realloc(vm, o, size, 0);
}
