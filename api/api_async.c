/* writ.h's promises and turns: a host makes promises and settles them
 * later from C (an asynchronous capability), and drives the queue of
 * turns from its own event loop. */
#include "api/api.h"
#include "vm/async.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/wstring.h"

typedef struct {
  long max, ran;
} RunArgs;

static void run_turns(WVM *vm, void *ud) {
  RunArgs *a = ud;
  async_run(vm, a->max, &a->ran); /* counts as it goes: right when a turn stops the loop */
}

WritStatus writ_run_turns(WritVM *h, long max, const WritLimits *limits, long *ran) {
  if (ran) *ran = 0;
  if (!h || !api_limits_ok(limits)) return WRIT_ERR_USAGE;
  WVM *vm = &h->vm;
  if (api_busy(vm)) return WRIT_ERR_USAGE; /* from inside a run (a host function) */
  RunArgs a = {max, 0};
  WritStatus st = api_run(vm, limits, run_turns, &a) ? WRIT_OK : api_failure(vm, NULL, 0);
  if (ran) *ran = a.ran;
  return st;
}

size_t writ_pending(WritVM *h) { return h ? async_pending(&h->vm) : 0; }

typedef struct {
  ObjPromise *p;
  Value resolver;
} NewArgs;

static void new_promise(WVM *vm, void *ud) {
  NewArgs *a = ud;
  a->p = promise_new(vm, NULL); /* the host's vat */
  vm_push_root(vm, OBJ_VAL(a->p));
  a->resolver = OBJ_VAL(resolver_new(vm, a->p));
  vm_pop_root(vm);
}

WritStatus writ_promise_new(WritVM *h, WritHandle **promise, WritHandle **resolver) {
  if (promise) *promise = NULL;
  if (resolver) *resolver = NULL;
  if (!h || !promise || !resolver) return WRIT_ERR_USAGE;
  WVM *vm = &h->vm;
  NewArgs a = {NULL, NIL_VAL};
  if (!api_protect(vm, new_promise, &a)) return WRIT_ERR_MEMORY;
  *resolver = handle_new(vm, a.resolver); /* holds the promise too */
  *promise = *resolver ? handle_new(vm, OBJ_VAL(a.p)) : NULL;
  if (!*promise) {
    writ_release(*resolver);
    *resolver = NULL;
    return WRIT_ERR_MEMORY;
  }
  return WRIT_OK;
}

typedef struct {
  ObjPromise *p;
  Value v;
  bool reject;
} SettleArgs;

static void settle_promise(WVM *vm, void *ud) {
  SettleArgs *a = ud;
  if (a->reject) promise_reject(vm, a->p, a->v);
  else promise_resolve(vm, a->p, a->v);
}

static WritStatus settle(WritHandle *resolver, WritHandle *value, bool reject) {
  WVM *vm = handle_vm(resolver);
  if (!vm || !IS_RESOLVER(resolver->value)) return WRIT_ERR_USAGE;
  if (value && handle_vm(value) != vm) return WRIT_ERR_USAGE;
  SettleArgs a = {AS_RESOLVER(resolver->value)->promise, value ? value->value : NIL_VAL, reject};
  return api_protect_status(vm, settle_promise, &a);
}

WritStatus writ_resolve(WritHandle *resolver, WritHandle *value) { return settle(resolver, value, false); }
WritStatus writ_reject(WritHandle *resolver, WritHandle *value) { return settle(resolver, value, true); }

/* Each rejection nothing watched, through the error callback as an error
 * "unhandled rejection: ..." (keeping an Error's trace). */
typedef struct {
  ObjList *list;
  uint32_t i;
} Unhandled;

static void take_unhandled(WVM *vm, void *ud) {
  Unhandled *u = ud;
  u->list = async_take_unhandled(vm);
}

static void make_report(WVM *vm, void *ud) {
  Unhandled *u = ud;
  Value reason = AS_PROMISE(u->list->items[u->i])->value;
  /* A reason that is not an Error is previewed as an uncaught throw is:
   * no toString runs, for the host calls this with no limits. */
  char peek[256];
  if (!error_is(vm, reason)) value_peek(reason, peek, sizeof peek);
  ObjString *text = error_is(vm, reason) ? error_text(vm, AS_INSTANCE(reason)) : str_cstr(vm, peek);
  vm_push_root(vm, OBJ_VAL(text));
  ObjInstance *e = error_new(vm, str_printf(vm, "unhandled rejection: %s", text->chars));
  if (error_is(vm, reason)) e->fields[ERROR_TRACE] = AS_INSTANCE(reason)->fields[ERROR_TRACE];
  vm_pop_root(vm);
  vm->error = OBJ_VAL(e);
}

int writ_report_unhandled(WritVM *h) {
  if (!h || api_busy(&h->vm)) return 0;
  WVM *vm = &h->vm;
  Unhandled u = {NULL, 0};
  if (!api_protect(vm, take_unhandled, &u) || !u.list) return 0;
  vm_push_root(vm, OBJ_VAL(u.list));
  int n = (int)u.list->count;
  for (u.i = 0; u.i < u.list->count; u.i++) {
    vm_protect(vm, make_report, &u); /* vm->error: the report, or why it could not be made */
    api_failure(vm, NULL, 0);
  }
  vm_pop_root(vm);
  return n;
}

/* What waits in the queue, for a person (a REPL's :pending). */
static void describe_queue(WVM *vm, void *ud) {
  Value *out = ud;
  ObjList *l = list_new(vm, 0);
  *out = OBJ_VAL(l);
  vm_push_root(vm, *out);
  for (uint32_t i = 0; i < async_pending(vm); i++) {
    ObjMessage *m = (ObjMessage *)AS_OBJ(async_queued(vm, i));
    int argc = (int)m->argc;
    ObjString *s;
    if (m->obj.flags == MSG_WHEN)
      s = str_printf(vm, "when: the %s callback", m->rejected ? "error" : "value");
    else if (m->obj.flags == MSG_FOLLOW)
      s = str_printf(vm, "a promise settling");
    else if (m->name)
      s = str_printf(vm, "%s <- %s(%d argument%s)", value_type_name(vm, m->target), m->name->chars, argc,
                     argc == 1 ? "" : "s");
    else
      s = str_printf(vm, "%s <- (%d argument%s)", value_type_name(vm, m->target), argc, argc == 1 ? "" : "s");
    vm_push_root(vm, OBJ_VAL(s));
    list_push(vm, l, OBJ_VAL(s));
    vm_pop_root(vm);
  }
  vm_pop_root(vm);
}

WritHandle *writ_pending_list(WritVM *h) {
  if (!h) return NULL;
  Value out = NIL_VAL;
  if (!api_protect(&h->vm, describe_queue, &out)) return NULL;
  return handle_new(&h->vm, out);
}
