/* The write log of transactional turns (see tx.h for the idea). */
#include "vm/tx.h"
#include <string.h>
#include "vm/gc.h"
#include "vm/mem.h"
#include "vm/table.h"

static size_t map_block_bytes(uint32_t ecap, uint32_t icap) {
  return sizeof(MapEntry) * ecap + sizeof(uint32_t) * icap;
}

/* A copy of n bytes at p (NULL for none); may raise. */
static void *copy_block(WVM *vm, const void *p, size_t n) {
  if (!p || n == 0) return NULL;
  void *c = mem_realloc(vm, NULL, 0, n);
  memcpy(c, p, n);
  return c;
}

/* An epoch no running transaction has: counting on, and once in 65535
 * turns every object's stamp is cleared (a stamp of 0 is never an
 * epoch), so an old stamp cannot be taken for a new turn's. */
static uint16_t next_epoch(WVM *vm) {
  for (;;) {
    if (++vm->epochNext == 0) {
      for (Obj *o = vm->objects; o; o = o->next) o->epoch = 0;
      vm->epochNext = 1;
    }
    bool active = false;
    for (TxMark *m = vm->txTop; m; m = m->prev)
      if (m->epoch == vm->epochNext) active = true;
    if (!active) return vm->epochNext;
  }
}

/* A list, a map or a module gets a copy of its arrays; the log keeps the
 * originals (restoring then allocates nothing). A copy that cannot be
 * made raises before anything changed. */
static void log_list(WVM *vm, TxEntry *e, ObjList *l) {
  Value *copy = copy_block(vm, l->items, sizeof(Value) * l->cap);
  e->u.list.items = l->items;
  e->u.list.count = l->count;
  e->u.list.cap = l->cap;
  l->items = copy;
}

static void log_map(WVM *vm, TxEntry *e, ObjMap *m) {
  MapEntry *copy = copy_block(vm, m->entries, map_block_bytes(m->ecap, m->icap));
  e->u.map.entries = m->entries;
  e->u.map.index = m->index;
  e->u.map.count = m->count;
  e->u.map.used = m->used;
  e->u.map.ecap = m->ecap;
  e->u.map.icap = m->icap;
  e->u.map.version = m->version;
  if (copy) { /* one block: the index follows the entries */
    m->index = (uint32_t *)((char *)copy + ((char *)m->index - (char *)m->entries));
    m->entries = copy;
  }
}

static void log_module(WVM *vm, TxEntry *e, ObjModule *m) {
  char *copy = copy_block(vm, m->vars, MODULE_VARS_BYTES(m->varcap));
  e->u.mod.vars = m->vars;
  e->u.mod.nvars = m->nvars;
  e->u.mod.varcap = m->varcap;
  e->u.mod.varIndex = m->varIndex;
  e->u.mod.exports = m->exports;
  e->u.mod.state = m->state;
  if (copy) {
    m->vars = (Value *)copy;
    m->varNames = (ObjString **)(copy + sizeof(Value) * (size_t)m->varcap);
    m->varFlags = (uint8_t *)(copy + (sizeof(Value) + sizeof(ObjString *)) * (size_t)m->varcap);
  }
}

void tx_log(WVM *vm, Obj *o) {
  if (o->type == OBJ_MAP && (o->flags & MAP_UNLOGGED)) return;
  if (vm->txLen >= vm->txCap) {
    uint32_t ncap = vm->txCap < 16 ? 16 : vm->txCap * 2;
    vm->txLog = MEM_GROW(vm, TxEntry, vm->txLog, vm->txCap, ncap); /* may raise: nothing written yet */
    vm->txCap = ncap;
  }
  TxEntry *e = &vm->txLog[vm->txLen];
  memset(e, 0, sizeof *e);
  e->o = o;
  e->frozen = o->frozen;
  switch ((ObjType)o->type) {
  case OBJ_LIST: log_list(vm, e, (ObjList *)o); break;
  case OBJ_MAP: log_map(vm, e, (ObjMap *)o); break;
  case OBJ_INSTANCE: {
    ObjInstance *in = (ObjInstance *)o;
    if (in->nfields <= TX_SMALL_FIELDS) memcpy(e->u.inst.small, in->fields, sizeof(Value) * in->nfields);
    else e->u.inst.fields = copy_block(vm, in->fields, sizeof(Value) * in->nfields);
    break;
  }
  case OBJ_MODULE: log_module(vm, e, (ObjModule *)o); break;
  case OBJ_UPVALUE: e->u.upval = *((ObjUpvalue *)o)->loc; break;
  case OBJ_PROMISE: {
    ObjPromise *p = (ObjPromise *)o;
    e->u.promise.value = p->value;
    e->u.promise.waiter = p->waiter;
    e->u.promise.waiters = p->waiters;
    e->u.promise.state = p->state;
    e->u.promise.handled = p->handled;
    e->u.promise.resolved = p->resolved;
    break;
  }
  default: break; /* other kinds change only their frozen flag */
  }
  vm->txLen++;
  o->epoch = vm->epoch;
}

/* What the log kept for e is no longer needed (its turn committed). */
static void drop_entry(WVM *vm, TxEntry *e) {
  switch ((ObjType)e->o->type) {
  case OBJ_LIST:
    if (e->u.list.items != ((ObjList *)e->o)->items) MEM_FREE(vm, Value, e->u.list.items, e->u.list.cap);
    break;
  case OBJ_MAP:
    if (e->u.map.entries && e->u.map.entries != ((ObjMap *)e->o)->entries)
      mem_realloc(vm, e->u.map.entries, map_block_bytes(e->u.map.ecap, e->u.map.icap), 0);
    break;
  case OBJ_INSTANCE:
    if (e->u.inst.fields) MEM_FREE(vm, Value, e->u.inst.fields, ((ObjInstance *)e->o)->nfields);
    break;
  case OBJ_MODULE:
    if (e->u.mod.vars && e->u.mod.vars != ((ObjModule *)e->o)->vars)
      mem_realloc(vm, e->u.mod.vars, MODULE_VARS_BYTES(e->u.mod.varcap), 0);
    break;
  default: break;
  }
}

/* Puts e's object back as the log kept it, freeing what it has now. */
static void restore_entry(WVM *vm, TxEntry *e) {
  Obj *o = e->o;
  switch ((ObjType)o->type) {
  case OBJ_LIST: {
    ObjList *l = (ObjList *)o;
    if (l->items != e->u.list.items) MEM_FREE(vm, Value, l->items, l->cap);
    l->items = e->u.list.items;
    l->count = e->u.list.count;
    l->cap = e->u.list.cap;
    break;
  }
  case OBJ_MAP: {
    ObjMap *m = (ObjMap *)o;
    if (m->entries && m->entries != e->u.map.entries) map_free(vm, m);
    m->entries = e->u.map.entries;
    m->index = e->u.map.index;
    m->count = e->u.map.count;
    m->used = e->u.map.used;
    m->ecap = e->u.map.ecap;
    m->icap = e->u.map.icap;
    m->version = e->u.map.version + 1; /* an iteration begun in the turn must not go on */
    break;
  }
  case OBJ_INSTANCE: {
    ObjInstance *in = (ObjInstance *)o;
    const Value *kept = e->u.inst.fields ? e->u.inst.fields : e->u.inst.small;
    if (in->nfields) memcpy(in->fields, kept, sizeof(Value) * in->nfields);
    if (e->u.inst.fields) MEM_FREE(vm, Value, e->u.inst.fields, in->nfields);
    break;
  }
  case OBJ_MODULE: {
    ObjModule *m = (ObjModule *)o;
    if (m->vars && m->vars != e->u.mod.vars) mem_realloc(vm, m->vars, MODULE_VARS_BYTES(m->varcap), 0);
    char *block = (char *)e->u.mod.vars;
    int32_t cap = e->u.mod.varcap;
    m->vars = (Value *)block;
    m->varNames = block ? (ObjString **)(block + sizeof(Value) * (size_t)cap) : NULL;
    m->varFlags = block ? (uint8_t *)(block + (sizeof(Value) + sizeof(ObjString *)) * (size_t)cap) : NULL;
    m->nvars = e->u.mod.nvars;
    m->varcap = cap;
    m->varIndex = e->u.mod.varIndex;
    m->exports = e->u.mod.exports;
    m->state = e->u.mod.state;
    break;
  }
  case OBJ_UPVALUE: *((ObjUpvalue *)o)->loc = e->u.upval; break;
  case OBJ_PROMISE: {
    ObjPromise *p = (ObjPromise *)o;
    p->value = e->u.promise.value;
    p->waiter = e->u.promise.waiter;
    p->waiters = e->u.promise.waiters;
    p->state = e->u.promise.state;
    p->handled = e->u.promise.handled;
    p->resolved = e->u.promise.resolved;
    break;
  }
  default: break;
  }
  o->frozen = e->frozen;
}

void tx_begin(WVM *vm, TxMark *m) {
  m->prev = vm->txTop;
  m->logStart = vm->txLen;
  m->stagedStart = vm->queue.len; /* nothing is taken off the queue while a turn runs */
  m->savedEpoch = vm->epoch;
  vm->txTop = m; /* before next_epoch, which skips the epochs of vm->txTop's chain */
  m->epoch = 0;
  m->epoch = next_epoch(vm);
  vm->epoch = m->epoch;
}

void tx_commit(WVM *vm, TxMark *m) {
  vm->txTop = m->prev;
  vm->epoch = m->savedEpoch;
  if (vm->txTop) return; /* the enclosing transaction keeps the entries */
  for (uint32_t i = m->logStart; i < vm->txLen; i++) drop_entry(vm, &vm->txLog[i]);
  vm->txLen = m->logStart;
}

void tx_rollback(WVM *vm, TxMark *m) {
  while (vm->txLen > m->logStart) restore_entry(vm, &vm->txLog[--vm->txLen]);
  vm->queue.len = m->stagedStart; /* the sends it made */
  vm->txTop = m->prev;
  vm->epoch = m->savedEpoch;
}

void tx_mark(WVM *vm) {
  for (uint32_t i = 0; i < vm->txLen; i++) {
    TxEntry *e = &vm->txLog[i];
    gc_mark_obj(vm, e->o);
    switch ((ObjType)e->o->type) {
    case OBJ_LIST:
      for (uint32_t j = 0; j < e->u.list.count; j++) gc_mark_value(vm, e->u.list.items[j]);
      break;
    case OBJ_MAP:
      for (uint32_t j = 0; j < e->u.map.used; j++) {
        gc_mark_value(vm, e->u.map.entries[j].key);
        gc_mark_value(vm, e->u.map.entries[j].value);
      }
      break;
    case OBJ_INSTANCE: {
      const Value *kept = e->u.inst.fields ? e->u.inst.fields : e->u.inst.small;
      for (uint32_t j = 0; j < ((ObjInstance *)e->o)->nfields; j++) gc_mark_value(vm, kept[j]);
      break;
    }
    case OBJ_MODULE: {
      char *block = (char *)e->u.mod.vars;
      ObjString **names = block ? (ObjString **)(block + sizeof(Value) * (size_t)e->u.mod.varcap) : NULL;
      for (int32_t j = 0; j < e->u.mod.nvars; j++) {
        gc_mark_value(vm, e->u.mod.vars[j]);
        gc_mark_obj(vm, (Obj *)names[j]);
      }
      gc_mark_obj(vm, (Obj *)e->u.mod.varIndex);
      gc_mark_obj(vm, (Obj *)e->u.mod.exports);
      break;
    }
    case OBJ_UPVALUE: gc_mark_value(vm, e->u.upval); break;
    case OBJ_PROMISE:
      gc_mark_value(vm, e->u.promise.value);
      gc_mark_obj(vm, (Obj *)e->u.promise.waiter);
      gc_mark_obj(vm, (Obj *)e->u.promise.waiters);
      break;
    default: break;
    }
  }
}

void tx_free(WVM *vm) {
  /* Only when a VM is freed mid-turn (a host that longjmps out): the
   * objects are going too, so what the log kept is all that is left. */
  for (uint32_t i = 0; i < vm->txLen; i++) drop_entry(vm, &vm->txLog[i]);
  MEM_FREE(vm, TxEntry, vm->txLog, vm->txCap);
  vm->txLog = NULL;
  vm->txLen = vm->txCap = 0;
}
