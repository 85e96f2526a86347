/* The public API for values: handles (GC roots the host holds), making and
 * reading values, containers, variables and calls. No function here lets
 * an error longjmp into the host: anything that may raise runs under
 * vm_protect and comes back as a status. */
#include "api/api.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/table.h"
#include "vm/tx.h"
#include "vm/wstring.h"

WritHandle *handle_new(WVM *vm, Value v) {
  WritHandle *h;
  if (vm->deadHandles) { /* reuse the oldest of the quarantine */
    WritHandle **pp = &vm->deadHandles;
    if (vm->ndead < HANDLE_QUARANTINE) {
      h = vm->allocFn(vm->allocUd, NULL, 0, sizeof *h);
    } else {
      while ((*pp)->next) pp = &(*pp)->next;
      h = *pp;
      *pp = NULL;
      vm->ndead--;
    }
  } else {
    h = vm->allocFn(vm->allocUd, NULL, 0, sizeof *h);
  }
  if (!h) return NULL;
  h->magic = HANDLE_LIVE;
  h->vm = vm;
  h->value = v;
  h->prev = NULL;
  h->next = vm->handles;
  if (vm->handles) vm->handles->prev = h;
  vm->handles = h;
  return h;
}

void writ_release(WritHandle *h) {
  WVM *vm = handle_vm(h);
  if (!vm) return;
  if (h->prev) h->prev->next = h->next;
  else vm->handles = h->next;
  if (h->next) h->next->prev = h->prev;
  h->magic = HANDLE_DEAD;
  h->value = NIL_VAL;
  h->prev = NULL;
  h->next = vm->deadHandles; /* newest first; the oldest is reused */
  vm->deadHandles = h;
  vm->ndead++;
}

WritHandle *writ_copy_handle(const WritHandle *h) {
  WVM *vm = handle_vm(h);
  return vm ? handle_new(vm, h->value) : NULL;
}

/* ---- making values ---- */

typedef struct {
  const char *text;
  size_t len;
  int kind;
  Value out;
} MakeArgs;

static void make_value(WVM *vm, void *ud) {
  MakeArgs *a = ud;
  switch (a->kind) {
  case 0: a->out = OBJ_VAL(str_copy(vm, a->text, a->len)); break;
  case 1: a->out = OBJ_VAL(list_new(vm, 0)); break;
  default: a->out = OBJ_VAL(map_new(vm)); break;
  }
}

static WritHandle *make(WritVM *wvm, int kind, const char *text, size_t len) {
  if (!wvm) return NULL;
  WVM *vm = &wvm->vm;
  MakeArgs a = {text, len, kind, NIL_VAL};
  if (!api_protect(vm, make_value, &a)) return NULL;
  return handle_new(vm, a.out); /* no allocation on the VM heap: a.out is safe */
}

WritHandle *writ_new_nil(WritVM *vm) { return vm ? handle_new(&vm->vm, NIL_VAL) : NULL; }
WritHandle *writ_new_bool(WritVM *vm, int b) { return vm ? handle_new(&vm->vm, BOOL_VAL(b != 0)) : NULL; }
WritHandle *writ_new_number(WritVM *vm, double d) { return vm ? handle_new(&vm->vm, NUMBER_VAL(d)) : NULL; }

int writ_utf8_valid(const char *text, size_t len) {
  return (text || !len) && (!len || utf8_invalid_at(text, len) < 0);
}

WritHandle *writ_new_string(WritVM *vm, const char *text, size_t len) {
  if (!text && len) return NULL;
  if (!text) text = "";
  if (utf8_invalid_at(text, len) >= 0 || len > WRIT_MAX_STRING_BYTES) return NULL;
  return make(vm, 0, text, len);
}
WritHandle *writ_new_list(WritVM *vm) { return make(vm, 1, NULL, 0); }
WritHandle *writ_new_map(WritVM *vm) { return make(vm, 2, NULL, 0); }

/* ---- reading values ---- */

WritType writ_type(const WritHandle *h) {
  if (!handle_vm(h)) return WRIT_TYPE_INVALID;
  Value v = h->value;
  if (IS_NIL(v)) return WRIT_TYPE_NIL;
  if (IS_BOOL(v)) return WRIT_TYPE_BOOL;
  if (IS_NUMBER(v)) return WRIT_TYPE_NUMBER;
  switch (OBJ_TYPE(v)) {
  case OBJ_STRING: return WRIT_TYPE_STRING;
  case OBJ_LIST: return WRIT_TYPE_LIST;
  case OBJ_MAP: return WRIT_TYPE_MAP;
  case OBJ_CLOSURE: case OBJ_NATIVE: case OBJ_BOUND: return WRIT_TYPE_FUNCTION;
  default: return WRIT_TYPE_OBJECT;
  }
}

WritStatus writ_get_bool(const WritHandle *h, int *out) {
  if (writ_type(h) != WRIT_TYPE_BOOL || !out) return WRIT_ERR_USAGE;
  *out = AS_BOOL(h->value);
  return WRIT_OK;
}

WritStatus writ_get_number(const WritHandle *h, double *out) {
  if (writ_type(h) != WRIT_TYPE_NUMBER || !out) return WRIT_ERR_USAGE;
  *out = AS_NUMBER(h->value);
  return WRIT_OK;
}

WritStatus writ_get_string(const WritHandle *h, const char **text, size_t *len) {
  if (writ_type(h) != WRIT_TYPE_STRING || !text) return WRIT_ERR_USAGE;
  *text = AS_CSTRING(h->value);
  if (len) *len = AS_STRING(h->value)->len;
  return WRIT_OK;
}

/* ---- containers ---- */

size_t writ_list_len(const WritHandle *l) {
  return writ_type(l) == WRIT_TYPE_LIST ? AS_LIST(l->value)->count : 0;
}

WritHandle *writ_list_get(const WritHandle *l, long i) {
  if (writ_type(l) != WRIT_TYPE_LIST) return NULL;
  ObjList *list = AS_LIST(l->value);
  if (i < 0) i += (long)list->count;
  if (i < 0 || (unsigned long)i >= list->count) return NULL;
  return handle_new(l->vm, list->items[i]);
}

typedef struct {
  Value target, key, value;
  bool isMap;
} SetArgs;

static void set_item(WVM *vm, void *ud) {
  SetArgs *a = ud;
  if (AS_OBJ(a->target)->frozen) vm_raise(vm, "cannot modify a frozen %s", a->isMap ? "map" : "list");
  if (a->isMap) map_set(vm, AS_MAP(a->target), a->key, a->value);
  else list_push(vm, AS_LIST(a->target), a->value);
}

WritStatus writ_list_push(WritHandle *l, const WritHandle *item) {
  if (writ_type(l) != WRIT_TYPE_LIST || handle_vm(item) != l->vm) return WRIT_ERR_USAGE;
  WVM *vm = l->vm;
  SetArgs a = {l->value, NIL_VAL, item->value, false};
  return api_protect_status(vm, set_item, &a);
}

WritHandle *writ_map_get(const WritHandle *m, const char *key) {
  if (writ_type(m) != WRIT_TYPE_MAP || !key) return NULL;
  Value v;
  if (!map_get_bytes(m->vm, AS_MAP(m->value), key, strlen(key), &v)) return NULL;
  return handle_new(m->vm, v);
}

typedef struct {
  SetArgs set;
  const char *key;
} MapSetArgs;

static void map_set_str(WVM *vm, void *ud) {
  MapSetArgs *a = ud;
  ObjString *k = str_copy(vm, a->key, strlen(a->key));
  a->set.key = OBJ_VAL(k);
  vm_push_root(vm, a->set.key);
  set_item(vm, &a->set);
  vm_pop_root(vm);
}

WritStatus writ_map_set(WritHandle *m, const char *key, const WritHandle *value) {
  if (writ_type(m) != WRIT_TYPE_MAP || !key || handle_vm(value) != m->vm) return WRIT_ERR_USAGE;
  if (utf8_invalid_at(key, strlen(key)) >= 0) return WRIT_ERR_USAGE;
  MapSetArgs a = {{m->value, NIL_VAL, value->value, true}, key};
  return api_protect_status(m->vm, map_set_str, &a);
}

static void freeze_value(WVM *vm, void *ud) {
  Value v = *(Value *)ud;
  tx_write(vm, AS_OBJ(v)); /* a turn that fails unfreezes it again */
  AS_OBJ(v)->frozen = 1;
}

WritStatus writ_freeze(WritHandle *h) {
  WritType t = writ_type(h);
  if (t == WRIT_TYPE_INVALID) return WRIT_ERR_USAGE;
  Value v = h->value;
  if (IS_LIST(v) || IS_MAP(v) || IS_INSTANCE(v)) return api_protect_status(h->vm, freeze_value, &v);
  return WRIT_OK;
}

/* ---- variables and calls ---- */

WritHandle *writ_get_variable(WritWorkspace *ws, const char *module, const char *name) {
  if (!ws || !ws->ws || !module || !name) return NULL;
  WVM *vm = &ws->owner->vm;
  ObjModule *md = api_find_module(vm, ws->ws, module);
  Value slot;
  if (!md) return NULL;
  if (!md->varIndex || !map_get_bytes(vm, md->varIndex, name, strlen(name), &slot)) return NULL;
  Value v = md->vars[(int)AS_NUMBER(slot)];
  if (v == UNDEF_VAL || (md->varFlags[(int)AS_NUMBER(slot)] & VAR_SCOPE)) return NULL;
  return handle_new(vm, v);
}

typedef struct {
  Value callee;
  const char *cname; /* method name, or NULL for a plain call */
  int argc;
  WritHandle *const *argv; /* the arguments as handles (writ_call), */
  const WritValue *vals;   /* or as C values (writ_call_values) */
  Value result;
} CallArgs;

/* Argument i when it is a value the host holds (a handle's: rooted by
 * it), else NIL_VAL (a C value: made during the call). */
static Value held_arg(const CallArgs *a, int i) {
  if (!a->vals) return a->argv[i]->value;
  return a->vals[i].type > WRIT_TYPE_STRING ? a->vals[i].handle->value : NIL_VAL;
}

/* The text of a WRIT_TYPE_STRING argument and its length. */
static const char *value_text(const WritValue *v, size_t *len) {
  const char *t = v->text ? v->text : "";
  *len = v->len ? v->len : strlen(t);
  return t;
}

/* Argument i of a writ_call_values call as a Value; a string is made
 * here and pushed on vm->roots (the caller drops it after the call). */
static Value make_arg(WVM *vm, const WritValue *v) {
  size_t len;
  const char *t;
  switch (v->type) {
  case WRIT_TYPE_NIL: return NIL_VAL;
  case WRIT_TYPE_BOOL: return BOOL_VAL(v->number != 0);
  case WRIT_TYPE_NUMBER: return NUMBER_VAL(v->number);
  case WRIT_TYPE_STRING: {
    t = value_text(v, &len);
    Value s = OBJ_VAL(str_copy(vm, t, len));
    vm_push_root(vm, s); /* growing the roots never collects */
    return s;
  }
  default: return v->handle->value;
  }
}

static void do_call(WVM *vm, void *ud) {
  CallArgs *a = ud;
  Value args[WRIT_MAX_ARGS];
  int roots = vm->nroots;
  for (int i = 0; i < a->argc; i++) args[i] = a->vals ? make_arg(vm, &a->vals[i]) : held_arg(a, i);
  if (!a->cname) {
    a->result = vm_call(vm, a->callee, a->argc, args);
    vm->nroots = roots; /* the strings made above */
    return;
  }
  ObjString *name = str_copy(vm, a->cname, strlen(a->cname));
  vm_push_root(vm, OBJ_VAL(name));
  bool found;
  a->result = vm_invoke(vm, a->callee, name, a->argc, args, &found);
  if (!found) vm_raise(vm, "%s has no method '%s'", value_type_name(vm, a->callee), name->chars);
  vm->nroots = roots;
}

/* The workspace of the Writ code a call runs: a closure's module's (a
 * bound method's, a class's new(), a method's found by name, a module's
 * own); for a built-in such as list.map, that of the first argument that
 * is Writ code. The diagnostic of a failed call finds the module its
 * trace names there, for the source line, and goes to that workspace's
 * error callback; NULL if there is none. Never allocates (it runs after
 * the failure, before the diagnostic). */
static ObjWorkspace *home_workspace(WVM *vm, Value v, const char *method, const CallArgs *a) {
  if (method && IS_MODULE(v)) return AS_MODULE(v)->ws;
  if (method) {
    ObjClass *k = vm_class_of(vm, v);
    Value m;
    v = k && map_get_bytes(vm, k->methods, method, strlen(method), &m) ? m : NIL_VAL;
  }
  if (IS_BOUND(v)) v = AS_BOUND(v)->method;
  if (IS_CLASS(v)) v = AS_CLASS(v)->ctor; /* calling a class runs its new() */
  if (IS_CLOSURE(v)) return AS_CLOSURE(v)->proto->module->ws;
  for (int i = 0; a && i < a->argc; i++) {
    ObjWorkspace *w = home_workspace(vm, held_arg(a, i), NULL, NULL);
    if (w) return w;
  }
  return NULL;
}

/* Whether a writ_call_values argument may be used with vm. */
static bool value_ok(WVM *vm, const WritValue *v) {
  size_t len;
  const char *t;
  switch (v->type) {
  case WRIT_TYPE_NIL: case WRIT_TYPE_BOOL: case WRIT_TYPE_NUMBER: return true;
  case WRIT_TYPE_STRING:
    if (!v->text && v->len) return false;
    t = value_text(v, &len);
    return len <= WRIT_MAX_STRING_BYTES && utf8_invalid_at(t, len) < 0;
  case WRIT_TYPE_LIST: case WRIT_TYPE_MAP: case WRIT_TYPE_FUNCTION: case WRIT_TYPE_OBJECT:
    return handle_vm(v->handle) == vm && writ_type(v->handle) == v->type;
  default: return false; /* WRIT_TYPE_INVALID, or no WritType at all */
  }
}

static WritStatus call_common(WritHandle *fn, CallArgs *a, WritHandle **result, const WritLimits *limits) {
  WVM *vm = handle_vm(fn);
  if (result) *result = NULL;
  if (!vm || a->argc < 0 || a->argc > WRIT_MAX_ARGS || (a->argc && !a->argv && !a->vals) || !api_limits_ok(limits))
    return WRIT_ERR_USAGE;
  /* A method name becomes a Writ string (the "no method" error). */
  if (a->cname && utf8_invalid_at(a->cname, strlen(a->cname)) >= 0) return WRIT_ERR_USAGE;
  for (int i = 0; i < a->argc; i++)
    if (a->vals ? !value_ok(vm, &a->vals[i]) : handle_vm(a->argv[i]) != vm) return WRIT_ERR_USAGE;
  if (api_busy(vm)) return WRIT_ERR_USAGE; /* from inside a host function */
  a->callee = fn->value;
  /* a->callee, not fn->value: a host function the call reaches may
   * release fn, and its slot may hold another value by now. */
  if (!api_run(vm, limits, do_call, a)) return api_failure(vm, home_workspace(vm, a->callee, a->cname, a), 0);
  if (result) {
    *result = handle_new(vm, a->result);
    if (!*result) return WRIT_ERR_MEMORY;
  }
  return WRIT_OK;
}

WritStatus writ_call(WritHandle *fn, int argc, WritHandle *const *argv, WritHandle **result,
                     const WritLimits *limits) {
  CallArgs a = {NIL_VAL, NULL, argc, argv, NULL, NIL_VAL};
  return call_common(fn, &a, result, limits);
}

WritStatus writ_call_method(WritHandle *recv, const char *name, int argc, WritHandle *const *argv,
                            WritHandle **result, const WritLimits *limits) {
  if (!name) {
    if (result) *result = NULL;
    return WRIT_ERR_USAGE;
  }
  CallArgs a = {NIL_VAL, name, argc, argv, NULL, NIL_VAL};
  return call_common(recv, &a, result, limits);
}

WritStatus writ_call_values(WritHandle *fn, int argc, const WritValue *argv, WritHandle **result,
                            const WritLimits *limits) {
  CallArgs a = {NIL_VAL, NULL, argc, NULL, argv, NIL_VAL}; /* argv NULL: argc must be 0 */
  return call_common(fn, &a, result, limits);
}
