/* Promises, sends, reactions and the turn loop (see async.h). */
#include "vm/async.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/mem.h"
#include "vm/tx.h"
#include "vm/value.h"
#include "vm/wstring.h"

ObjPromise *promise_new(WVM *vm, ObjVat *vat) {
  ObjPromise *p = (ObjPromise *)object_alloc(vm, sizeof(ObjPromise), OBJ_PROMISE);
  p->state = PROMISE_PENDING;
  p->handled = p->resolved = 0;
  p->value = NIL_VAL;
  p->waiter = NULL;
  p->waiters = NULL;
  p->vat = vat;
  return p;
}

ObjResolver *resolver_new(WVM *vm, ObjPromise *p) {
  vm_push_root(vm, OBJ_VAL(p));
  ObjResolver *r = (ObjResolver *)object_alloc(vm, sizeof(ObjResolver), OBJ_RESOLVER);
  r->promise = p;
  vm_pop_root(vm);
  return r;
}

static ObjMessage *message_new(WVM *vm, int kind, uint32_t argc) {
  ObjMessage *m = (ObjMessage *)object_alloc(vm, sizeof(ObjMessage) + sizeof(Value) * argc, OBJ_MESSAGE);
  m->obj.flags = (uint8_t)kind;
  m->rejected = 0;
  m->target = m->ok = m->err = NIL_VAL;
  m->name = NULL;
  m->result = NULL;
  m->vat = m->from = NULL;
  m->argc = argc;
  for (uint32_t i = 0; i < argc; i++) m->args[i] = NIL_VAL;
  return m;
}

/* A rejection no promise carries (a send whose result nobody kept failed,
 * or was broken): reported like any other that nothing watched. */
static void orphan_rejection(WVM *vm, ObjVat *vat, Value reason) {
  vm_push_root(vm, reason);
  ObjPromise *p = promise_new(vm, vat);
  vm_pop_root(vm);
  promise_reject(vm, p, reason);
}

/* ---- the queue: a ring of messages, through the raw allocator so that
 * growing it never collects (a commit must not fail halfway) ---- */

static void queue_push(WVM *vm, ObjMessage *m) {
  MsgQueue *q = &vm->queue;
  if (q->len >= WRIT_MAX_LIST_COUNT) vm_raise(vm, "too many messages queued (limit %u)", (unsigned)WRIT_MAX_LIST_COUNT);
  if (q->len == q->cap) {
    uint32_t ncap = q->cap < 16 ? 16 : q->cap * 2;
    Value *items = vm->allocFn(vm->allocUd, NULL, 0, sizeof(Value) * ncap);
    if (!items) vm_throw(vm, vm->oomError);
    for (uint32_t i = 0; i < q->len; i++) items[i] = q->items[(q->head + i) % q->cap];
    vm->allocFn(vm->allocUd, q->items, sizeof(Value) * q->cap, 0);
    q->items = items;
    q->cap = ncap;
    q->head = 0;
  }
  q->items[(q->head + q->len) % q->cap] = OBJ_VAL(m);
  q->len++;
}

static ObjMessage *queue_pop(WVM *vm) {
  MsgQueue *q = &vm->queue;
  ObjMessage *m = (ObjMessage *)AS_OBJ(q->items[q->head]);
  q->head = (q->head + 1) % q->cap;
  q->len--;
  return m;
}

Value async_queued(WVM *vm, uint32_t i) {
  MsgQueue *q = &vm->queue;
  return i < q->len ? q->items[(q->head + i) % q->cap] : NIL_VAL;
}

/* ---- settling ---- */

static void dispatch(WVM *vm, ObjMessage *m);

static void waiter_add(WVM *vm, ObjPromise *p, ObjMessage *m) {
  tx_write(vm, &p->obj);
  p->handled = 1;
  if (!p->waiter) {
    p->waiter = m;
    return;
  }
  if (!p->waiters) {
    vm_push_root(vm, OBJ_VAL(m));
    ObjList *w = list_new(vm, 2);
    p->waiters = w;
    vm_pop_root(vm);
  }
  list_push(vm, p->waiters, OBJ_VAL(m));
}

/* A reaction to p's outcome, queued: the waiting message itself, carrying
 * the outcome -- or, when a failed turn could put p back as it was (w is
 * then part of p's history and must not change), a copy of it. Outside
 * turns (a turn's result settling its promise) there is nothing to put
 * back, and no copy. */
static void react(WVM *vm, ObjMessage *w, ObjPromise *p) {
  bool rejected = p->state == PROMISE_REJECTED;
  int kind = w->obj.flags;
  /* A send waiting on a promise that broke is broken too, without a turn. */
  bool send = kind == MSG_SEND && !rejected;
  ObjMessage *m = w;
  if (tx_needed(vm, &w->obj)) {
    m = message_new(vm, kind, send ? w->argc : 0);
    m->result = w->result;
    m->ok = w->ok;
    m->err = w->err;
    m->vat = w->vat;
    m->from = w->from;
    m->name = w->name;
    for (uint32_t i = 0; i < m->argc; i++) m->args[i] = w->args[i]; /* crossing rewrites them */
  }
  if (rejected && kind == MSG_SEND) m->obj.flags = MSG_FOLLOW;
  m->rejected = rejected;
  m->target = p->value;
  if (send) {
    dispatch(vm, m);
    return;
  }
  if (kind == MSG_SEND || kind == MSG_FOLLOW) m->from = p->vat; /* the outcome is p's vat's value */
  queue_push(vm, m);
}

static void settle(WVM *vm, ObjPromise *p, bool rejected, Value v) {
  if (p->state != PROMISE_PENDING) return;
  tx_write(vm, &p->obj);
  p->state = rejected ? PROMISE_REJECTED : PROMISE_FULFILLED;
  p->value = v;
  p->resolved = 1;
  ObjMessage *first = p->waiter;
  ObjList *rest = p->waiters;
  p->waiter = NULL;
  p->waiters = NULL;
  vm_push_root(vm, OBJ_VAL(p));
  vm_push_root(vm, first ? OBJ_VAL(first) : NIL_VAL);
  vm_push_root(vm, rest ? OBJ_VAL(rest) : NIL_VAL);
  if (rejected && !p->handled) {
    if (!vm->unhandled) vm->unhandled = list_new(vm, 4);
    tx_write(vm, &vm->unhandled->obj);
    list_push(vm, vm->unhandled, OBJ_VAL(p));
  }
  if (first) react(vm, first, p);
  for (uint32_t i = 0; rest && i < rest->count; i++) react(vm, (ObjMessage *)AS_OBJ(rest->items[i]), p);
  vm_pop_roots(vm, 3);
}

void promise_reject(WVM *vm, ObjPromise *p, Value reason) {
  if (p->resolved) return;
  settle(vm, p, true, reason);
}

void promise_resolve(WVM *vm, ObjPromise *p, Value v) {
  if (p->resolved) return;
  if (!IS_PROMISE(v)) {
    settle(vm, p, false, v);
    return;
  }
  ObjPromise *q = AS_PROMISE(v);
  if (q == p) {
    vm_push_root(vm, OBJ_VAL(p));
    Value e = OBJ_VAL(error_new(vm, str_cstr(vm, "a promise cannot be resolved with itself")));
    vm_pop_root(vm);
    settle(vm, p, true, e);
    return;
  }
  if (q->state != PROMISE_PENDING) {
    tx_write(vm, &q->obj);
    q->handled = 1;
    settle(vm, p, q->state == PROMISE_REJECTED, q->value);
    return;
  }
  promise_follow(vm, p, q);
}

void promise_follow(WVM *vm, ObjPromise *p, ObjPromise *q) {
  tx_write(vm, &p->obj);
  p->resolved = 1;
  vm_push_root(vm, OBJ_VAL(p));
  vm_push_root(vm, OBJ_VAL(q));
  ObjMessage *m = message_new(vm, MSG_FOLLOW, 0);
  m->result = p;
  m->vat = p->vat;
  m->from = q->vat;
  if (q->state == PROMISE_PENDING) {
    waiter_add(vm, q, m);
  } else {
    tx_write(vm, &q->obj);
    q->handled = 1;
    m->rejected = q->state == PROMISE_REJECTED;
    m->target = q->value;
    queue_push(vm, m);
  }
  vm_pop_roots(vm, 2);
}

/* ---- sending ---- */

/* Sends m (a message made in this turn) on to m->target: a pending
 * promise keeps it, a far reference takes it to its vat, anything else
 * gets it in the sender's vat. */
static void dispatch(WVM *vm, ObjMessage *m) {
  Value t = m->target;
  while (IS_PROMISE(t) && AS_PROMISE(t)->state == PROMISE_FULFILLED) t = AS_PROMISE(t)->value;
  m->target = t;
  if (IS_PROMISE(t)) {
    ObjPromise *p = AS_PROMISE(t);
    if (p->state == PROMISE_PENDING) {
      waiter_add(vm, p, m);
      return;
    }
    tx_write(vm, &p->obj);
    p->handled = 1;
    m->obj.flags = MSG_FOLLOW; /* to a broken promise: broken too */
    m->rejected = 1;
    m->target = p->value;
    m->from = p->vat;
    queue_push(vm, m);
    return;
  }
  if (IS_FAR(t)) {
    ObjFar *f = AS_FAR(t);
    vm_push_root(vm, OBJ_VAL(m));
    for (uint32_t i = 0; i < m->argc; i++) m->args[i] = vat_cross(vm, m->args[i], m->from, f->vat);
    vm_pop_root(vm);
    m->target = f->target;
    m->vat = f->vat;
  } else {
    m->vat = m->from;
  }
  queue_push(vm, m);
}

Value async_send(WVM *vm, Value target, ObjString *name, int argc, const Value *args, bool keep) {
  ObjPromise *r = keep ? promise_new(vm, vm->vat) : NULL;
  if (r) vm_push_root(vm, OBJ_VAL(r));
  ObjMessage *m = message_new(vm, MSG_SEND, (uint32_t)argc);
  m->target = target;
  m->name = name;
  m->result = r;
  m->from = vm->vat;
  for (int i = 0; i < argc; i++) m->args[i] = args[i];
  vm_push_root(vm, OBJ_VAL(m));
  dispatch(vm, m);
  vm_pop_roots(vm, r ? 2 : 1);
  return r ? OBJ_VAL(r) : NIL_VAL;
}

static Value when_message(WVM *vm, Value p, Value ok, Value err, bool keep) {
  ObjPromise *r = keep ? promise_new(vm, vm->vat) : NULL;
  if (r) vm_push_root(vm, OBJ_VAL(r));
  ObjMessage *m = message_new(vm, MSG_WHEN, 0);
  m->ok = ok;
  m->err = err;
  m->result = r;
  m->vat = m->from = vm->vat;
  if (!IS_PROMISE(p)) {
    m->target = p;
    queue_push(vm, m);
  } else if (AS_PROMISE(p)->state == PROMISE_PENDING) {
    waiter_add(vm, AS_PROMISE(p), m);
  } else {
    ObjPromise *q = AS_PROMISE(p);
    tx_write(vm, &q->obj);
    q->handled = 1;
    m->target = q->value;
    m->rejected = q->state == PROMISE_REJECTED;
    queue_push(vm, m);
  }
  if (!r) return NIL_VAL;
  vm_pop_root(vm);
  return OBJ_VAL(r);
}

Value async_when(WVM *vm, Value p, Value ok, Value err) { return when_message(vm, p, ok, err, true); }

void async_when_unkept(WVM *vm, Value p, Value ok, Value err) { when_message(vm, p, ok, err, false); }

/* ---- delivering: one message, one turn ---- */

typedef struct {
  ObjMessage *m;
  Value result;
} Turn;

/* A send by name (the other messages are calls: turn()). */
static void turn_body(WVM *vm, void *ud) {
  Turn *t = ud;
  ObjMessage *m = t->m;
  bool found;
  t->result = vm_invoke(vm, m->target, m->name, (int)m->argc, m->args, &found);
  if (!found) vm_raise(vm, "%s has no method '%s' (sent with <-)", value_type_name(vm, m->target), m->name->chars);
}

static void settle_budget(WVM *vm, void *b) { budget_settle(vm, b); }

/* A turn of vat: fn(vm, ud) protected (fn NULL: the call t->m holds, a
 * when's callback or f <- (args), through vm_call_protected: one protected
 * point instead of vm_protect's and run()'s), in a transaction that
 * commits if it returns and is rolled back if it raises. */
static bool turn(WVM *vm, ObjVat *vat, void (*fn)(WVM *vm, void *ud), void *ud) {
  ObjVat *saved = vm->vat;
  vm->vat = vat;
  TxMark tx;
  tx_begin(vm, &tx);
  bool ok;
  if (fn) {
    ok = vm_protect(vm, fn, ud);
  } else {
    Turn *t = ud;
    ObjMessage *m = t->m;
    if (m->obj.flags == MSG_WHEN) ok = vm_call_protected(vm, m->rejected ? m->err : m->ok, 1, &m->target, &t->result);
    else ok = vm_call_protected(vm, m->target, (int)m->argc, m->args, &t->result);
  }
  if (ok) tx_commit(vm, &tx);
  else tx_rollback(vm, &tx);
  vm->vat = saved;
  return ok;
}

bool async_turn(WVM *vm, ObjVat *vat, void (*fn)(WVM *vm, void *ud), void *ud) { return turn(vm, vat, fn, ud); }

/* The outcome of m's turn (a value, or the error it failed with, of m's
 * vat) to the promise of its result; a failure nobody kept a promise for
 * is reported as an unhandled rejection. */
static void settle_result(WVM *vm, ObjMessage *m, bool failed, Value out) {
  ObjPromise *r = m->result;
  if (!r) {
    if (failed) orphan_rejection(vm, m->vat, out);
    return;
  }
  vm_push_root(vm, out);
  Value v = vat_cross(vm, out, m->vat, r->vat);
  vm_pop_root(vm);
  vm_push_root(vm, v);
  if (failed) promise_reject(vm, r, v);
  else promise_resolve(vm, r, v);
  vm_pop_root(vm);
}

static void deliver(WVM *vm, ObjMessage *m) {
  ObjPromise *r = m->result;
  int kind = m->obj.flags;
  if (kind == MSG_FOLLOW || (kind == MSG_WHEN && IS_NIL(m->rejected ? m->err : m->ok))) {
    /* No turn: the outcome passes on as it is. */
    ObjVat *from = kind == MSG_FOLLOW ? m->from : m->vat;
    if (!r) { /* a broken send, or a when statement, whose result nobody kept */
      if (m->rejected) orphan_rejection(vm, from, m->target);
      return;
    }
    Value v = vat_cross(vm, m->target, from, r->vat);
    settle(vm, r, m->rejected, v); /* r may be resolved already: following what settled now */
    return;
  }
  Budget b;
  budget_enter(vm, &b, m->vat ? m->vat->fuel : -1, m->vat ? m->vat->memory : -1);
  Turn t = {m, NIL_VAL};
  bool ok = turn(vm, m->vat, kind == MSG_SEND && m->name ? turn_body : NULL, &t);
  budget_leave(vm, &b);
  if (!ok) {
    if (vm->uncatchable && vm->error != vm->budgetError) vm_throw(vm, vm->error); /* an interrupt, an exit */
    if (!vm_protect(vm, settle_budget, &b) && vm->uncatchable) vm_throw(vm, vm->error); /* the caller's budget */
    t.result = vm->error;
  }
  settle_result(vm, m, !ok, t.result);
}

void async_run(WVM *vm, long max, long *ran) {
  if (vm->txTop) vm_raise(vm, "the queue cannot be run from inside a turn");
  for (long n = 0; vm->queue.len > 0 && (max < 0 || n < max); n++) {
    ObjMessage *m = queue_pop(vm);
    (*ran)++; /* taken off the queue: a turn, even one that stops the loop */
    vm_push_root(vm, OBJ_VAL(m));
    deliver(vm, m);
    vm_pop_root(vm);
  }
}

ObjList *async_take_unhandled(WVM *vm) {
  ObjList *all = vm->unhandled;
  vm->unhandled = NULL;
  if (!all) return NULL;
  vm_push_root(vm, OBJ_VAL(all));
  ObjList *out = list_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(out));
  for (uint32_t i = 0; i < all->count; i++) {
    ObjPromise *p = AS_PROMISE(all->items[i]);
    if (p->state == PROMISE_REJECTED && !p->handled) list_push(vm, out, all->items[i]);
  }
  vm_pop_roots(vm, 2);
  return out;
}

void async_mark(WVM *vm) {
  MsgQueue *q = &vm->queue;
  for (uint32_t i = 0; i < q->len; i++) gc_mark_value(vm, q->items[(q->head + i) % q->cap]);
  gc_mark_obj(vm, (Obj *)vm->unhandled);
  gc_mark_obj(vm, (Obj *)vm->vat);
  gc_mark_obj(vm, (Obj *)vm->hostFars);
}

void async_free(WVM *vm) {
  vm->allocFn(vm->allocUd, vm->queue.items, sizeof(Value) * vm->queue.cap, 0);
  vm->queue.items = NULL;
  vm->queue.len = vm->queue.cap = vm->queue.head = 0;
}
