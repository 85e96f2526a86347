/* The public API for host code: host functions and host classes (how a
 * host mints capabilities), what a host function sees of its call, and
 * granting names to a workspace. A host function is an ordinary native
 * whose C function is the host's: the trampoline below runs it, and raises
 * its error (if any) only after it has returned, so nothing ever longjmps
 * through host code. */
#include <stdarg.h>
#include <stdio.h>
#include "api/api.h"
#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/module.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/workspace.h"
#include "vm/wstring.h"

struct WritCall {
  WVM *vm;
  ObjNative *native;
  int argc;
  /* Where args lie on the VM stack (natives' arguments always do): args[0]
   * is the receiver (methods) or the function itself. Kept as an offset
   * and read through call_args, because a value's toString
   * (writ_arg_to_string) may move the stack. */
  ptrdiff_t argsOff;
  int resultRoot;   /* index in vm->roots holding the result */
  bool failed;
  bool exiting;     /* writ_exit was called */
  int baseRoots;    /* vm->nroots when the call began */
  Value error;      /* an error raised by the VM inside an API call */
  char message[512];
};

static Value host_trampoline(WVM *vm, int argc, Value *args) {
  WritCall call;
  call.vm = vm;
  call.native = vm->currentNative;
  call.argc = argc;
  call.argsOff = args - vm->stack;
  call.failed = false;
  call.exiting = false;
  call.baseRoots = vm->nroots;
  call.error = NIL_VAL;
  call.message[0] = '\0';
  vm_push_root(vm, NIL_VAL);
  call.resultRoot = vm->nroots - 1;
  vm_push_root(vm, NIL_VAL); /* call.error, once there is one */
  ((WritHostFn)call.native->host)(&call);
  if (!IS_NIL(vm->pendingError)) { /* an API call it made was stopped: go on stopping */
    vm->error = vm->pendingError;
    vm->pendingError = NIL_VAL;
    longjmp(vm->errjmp->buf, 1);
  }
  if (call.exiting) vm_raise_uncatchable(vm, "exit");
  if (call.failed) {
    if (!IS_NIL(call.error)) vm_throw(vm, call.error);
    vm_raise(vm, "%s", call.message);
  }
  Value r = vm->roots[call.resultRoot];
  vm->nroots = call.baseRoots; /* also drops texts made by writ_arg_to_string */
  return r;
}

/* Runs fn inside a host call; an error it raises is kept for after. */
static bool in_call(WritCall *c, void (*fn)(WVM *vm, void *ud), void *ud) {
  if (c->failed) return false;
  if (vm_protect(c->vm, fn, ud)) return true;
  c->failed = true;
  c->error = c->vm->error;
  c->vm->roots[c->resultRoot + 1] = c->error;
  c->vm->error = NIL_VAL;
  return false;
}

static Value *call_args(WritCall *c) {
  return c->vm->stack + c->argsOff;
}

static bool usable(WritCall *c) {
  return c && c->vm && !c->failed && IS_NIL(c->vm->pendingError);
}

/* ---- making host functions and classes ---- */

typedef struct {
  const char *name;
  WritHostFn fn;
  int minArgs, maxArgs;
  const WritMethod *methods;
  size_t dataSize;
  void (*finalize)(void *);
  WritFinalizeFn finalizeUd;
  void *ud; /* the host's user_data for the functions and the finalizer */
  Value out;
} HostMake;

static ObjNative *host_native(WVM *vm, const char *name, WritHostFn fn, int minArgs, int maxArgs, void *ud) {
  ObjNative *n = native_new(vm, name, host_trampoline, minArgs, maxArgs);
  n->host = (void (*)(void))fn;
  n->hostUd = ud;
  return n;
}

static void make_function(WVM *vm, void *ud) {
  HostMake *m = ud;
  m->out = OBJ_VAL(host_native(vm, m->name, m->fn, m->minArgs, m->maxArgs, m->ud));
}

static bool good_arity(int minArgs, int maxArgs) {
  return minArgs >= 0 && minArgs <= WRIT_MAX_ARGS && (maxArgs < 0 || (maxArgs >= minArgs && maxArgs <= WRIT_MAX_ARGS));
}

WritHandle *writ_new_function_ud(WritVM *wvm, const char *name, WritHostFn fn, int minArgs, int maxArgs,
                                 void *ud) {
  if (!wvm || !name || !fn || !good_arity(minArgs, maxArgs)) return NULL;
  if (utf8_invalid_at(name, strlen(name)) >= 0) return NULL;
  WVM *vm = &wvm->vm;
  HostMake m = {name, fn, minArgs, maxArgs, NULL, 0, NULL, NULL, ud, NIL_VAL};
  if (!api_protect(vm, make_function, &m)) return NULL;
  return handle_new(vm, m.out);
}

WritHandle *writ_new_function(WritVM *wvm, const char *name, WritHostFn fn, int minArgs, int maxArgs) {
  return writ_new_function_ud(wvm, name, fn, minArgs, maxArgs, NULL);
}

WritHandle *writ_new_function_with(WritVM *wvm, const char *name, WritHostFn fn, int minArgs, int maxArgs,
                                   const WritHandle *value) {
  if (!wvm || handle_vm(value) != &wvm->vm) return NULL;
  Value v = value->value; /* rooted by its handle while the function is made */
  WritHandle *h = writ_new_function(wvm, name, fn, minArgs, maxArgs);
  if (h) AS_NATIVE(h->value)->data = v;
  return h;
}

static void make_class(WVM *vm, void *ud) {
  HostMake *m = ud;
  ObjString *s = str_copy(vm, m->name, strlen(m->name));
  vm_push_root(vm, OBJ_VAL(s));
  ObjClass *k = class_new(vm, s, NULL, 0);
  vm_push_root(vm, OBJ_VAL(k));
  k->builtin = 2; /* a host class: writ_new_object may make its objects */
  k->foreignSize = (uint32_t)m->dataSize;
  k->finalize = m->finalize;
  k->finalizeUd = m->finalizeUd;
  k->hostUd = m->ud;
  for (const WritMethod *w = m->methods; w && w->name; w++) {
    ObjNative *n = host_native(vm, w->name, w->fn, w->min_args, w->max_args, m->ud);
    vm_push_root(vm, OBJ_VAL(n));
    map_set(vm, k->methods, OBJ_VAL(n->name), OBJ_VAL(n));
    vm_pop_root(vm);
  }
  k->obj.frozen = 1;
  k->methods->obj.frozen = 1;
  vm_pop_roots(vm, 2);
  m->out = OBJ_VAL(k);
}

/* writ_new_class and writ_new_class_ud: m has the finalizer and user data. */
static WritHandle *new_class(WritVM *wvm, const char *name, const WritMethod *methods, size_t dataSize,
                             HostMake *m) {
  if (!wvm || !name || !workspace_name_ok(name, strlen(name)) || dataSize > (1u << 30)) return NULL;
  for (const WritMethod *w = methods; w && w->name; w++) {
    if (!w->fn || !good_arity(w->min_args, w->max_args) || !workspace_name_ok(w->name, strlen(w->name)) ||
        !strcmp(w->name, "new"))
      return NULL;
    for (const WritMethod *u = methods; u < w; u++) /* one name, two methods: which did the host mean? */
      if (!strcmp(u->name, w->name)) return NULL;
  }
  WVM *vm = &wvm->vm;
  m->name = name;
  m->methods = methods;
  m->dataSize = dataSize;
  if (!api_protect(vm, make_class, m)) return NULL;
  return handle_new(vm, m->out);
}

WritHandle *writ_new_class(WritVM *wvm, const char *name, const WritMethod *methods, size_t dataSize,
                           void (*finalize)(void *data)) {
  HostMake m = {NULL, NULL, 0, 0, NULL, 0, finalize, NULL, NULL, NIL_VAL};
  return new_class(wvm, name, methods, dataSize, &m);
}

WritHandle *writ_new_class_ud(WritVM *wvm, const char *name, const WritMethod *methods, size_t dataSize,
                              WritFinalizeFn finalize, void *ud) {
  HostMake m = {NULL, NULL, 0, 0, NULL, 0, NULL, finalize, ud, NIL_VAL};
  return new_class(wvm, name, methods, dataSize, &m);
}

typedef struct {
  ObjClass *k;
  Value out;
} ObjectMake;

static void make_object(WVM *vm, void *ud) {
  ObjectMake *m = ud;
  ObjForeign *f = foreign_new(vm, m->k, m->k->foreignSize, m->k->finalize);
  f->finalizeUd = m->k->finalizeUd; /* copied: the class may go first */
  f->finalizeArg = m->k->hostUd;
  m->out = OBJ_VAL(f);
}

WritHandle *writ_new_object(WritHandle *cls, void **data) {
  WVM *vm = handle_vm(cls);
  if (data) *data = NULL;
  if (!vm || !IS_CLASS(cls->value) || AS_CLASS(cls->value)->builtin != 2) return NULL;
  ObjClass *k = AS_CLASS(cls->value);
  ObjectMake m = {k, NIL_VAL};
  if (!api_protect(vm, make_object, &m)) return NULL;
  WritHandle *h = handle_new(vm, m.out);
  if (h && data) *data = AS_FOREIGN(m.out)->data;
  return h;
}

void *writ_object_data(const WritHandle *h) {
  if (!handle_vm(h) || !IS_FOREIGN(h->value)) return NULL;
  return AS_FOREIGN(h->value)->data;
}

WritHandle *writ_class_of(const WritHandle *h) {
  WVM *vm = handle_vm(h);
  if (!vm || !IS_FOREIGN(h->value)) return NULL;
  return handle_new(vm, OBJ_VAL(AS_FOREIGN(h->value)->klass));
}

void writ_collect(WritVM *wvm) {
  if (wvm) gc_collect(&wvm->vm); /* never raises */
}

typedef struct {
  const char *name;
  int n;
  const char *const *names;
  WritHandle *const *values;
  Value out;
} NsMake;

static void make_namespace(WVM *vm, void *ud) {
  NsMake *m = ud;
  ObjString *s = str_copy(vm, m->name, strlen(m->name));
  vm_push_root(vm, OBJ_VAL(s));
  ObjModule *mod = module_new(vm, s, NULL);
  vm_push_root(vm, OBJ_VAL(mod));
  for (int i = 0; i < m->n; i++) module_export(vm, mod, m->names[i], m->values[i]->value);
  module_freeze_exports(vm, mod);
  mod->state = MOD_READY;
  vm_pop_roots(vm, 2);
  m->out = OBJ_VAL(mod);
}

/* A word that may follow a dot: an identifier, or a keyword (sys.in). */
static bool member_word(const char *s) {
  if (!s || !*s) return false;
  for (const char *p = s; *p; p++) {
    bool alpha = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_';
    if (!alpha && !(p > s && *p >= '0' && *p <= '9')) return false;
  }
  return true;
}

WritHandle *writ_new_namespace(WritVM *wvm, const char *name, int n, const char *const *names,
                               WritHandle *const *values) {
  if (!wvm || !name || n < 0 || (n && (!names || !values))) return NULL;
  WVM *vm = &wvm->vm;
  if (utf8_invalid_at(name, strlen(name)) >= 0) return NULL;
  for (int i = 0; i < n; i++) {
    if (!member_word(names[i]) || handle_vm(values[i]) != vm) return NULL;
    for (int j = 0; j < i; j++) /* one name, two values: which did the host mean? */
      if (!strcmp(names[j], names[i])) return NULL;
  }
  NsMake m = {name, n, names, values, NIL_VAL};
  if (!api_protect(vm, make_namespace, &m)) return NULL;
  return handle_new(vm, m.out);
}

/* ---- inside a host function ---- */

WritVM *writ_call_vm(WritCall *c) { return c ? (WritVM *)c->vm : NULL; }

void *writ_call_user_data(WritCall *c) {
  if (!c) return NULL;
  HostData *h = c->vm->hostData;
  return h ? h->config.user_data : NULL;
}

void *writ_function_user_data(WritCall *c) { return c && c->native ? c->native->hostUd : NULL; }

WritWorkspace *writ_call_workspace(WritCall *c) {
  return c ? api_host_workspace(workspace_calling(c->vm)) : NULL;
}

int writ_arg_count(WritCall *c) { return c ? c->argc : 0; }

static bool arg_ok(WritCall *c, int i) { return c && i >= 0 && i <= c->argc; }

WritType writ_arg_type(WritCall *c, int i) {
  if (!arg_ok(c, i)) return WRIT_TYPE_INVALID;
  WritHandle tmp = {HANDLE_LIVE, c->vm, call_args(c)[i], NULL, NULL};
  return writ_type(&tmp);
}

static void bad_arg(WritCall *c, int i, const char *expected) {
  if (c->failed) return;
  c->failed = true;
  snprintf(c->message, sizeof c->message, "bad argument #%d to '%s' (%s expected, got %s)", i,
           c->native->name->chars, expected, arg_ok(c, i) ? value_type_name(c->vm, call_args(c)[i]) : "no value");
}

double writ_arg_number(WritCall *c, int i) {
  if (!c) return 0;
  if (!arg_ok(c, i) || !IS_NUMBER(call_args(c)[i])) {
    bad_arg(c, i, "number");
    return 0;
  }
  return AS_NUMBER(call_args(c)[i]);
}

const char *writ_arg_string(WritCall *c, int i, size_t *len) {
  if (len) *len = 0;
  if (!c) return NULL;
  if (!arg_ok(c, i) || !IS_STRING(call_args(c)[i])) {
    bad_arg(c, i, "string");
    return NULL;
  }
  if (len) *len = AS_STRING(call_args(c)[i])->len;
  return AS_CSTRING(call_args(c)[i]);
}

WritHandle *writ_arg(WritCall *c, int i) {
  if (!arg_ok(c, i)) return NULL;
  return handle_new(c->vm, call_args(c)[i]);
}

void *writ_self_data(WritCall *c) {
  if (!c || !IS_FOREIGN(call_args(c)[0])) return NULL;
  return AS_FOREIGN(call_args(c)[0])->data;
}

WritHandle *writ_function_value(WritCall *c) {
  if (!c || !c->native) return NULL;
  return handle_new(c->vm, c->native->data);
}

void writ_write(WritCall *c, const char *text, size_t len) {
  if (!usable(c) || !text || !len) return;
  api_write(c->vm, workspace_calling(c->vm), text, len);
}

static void set_result(WritCall *c, Value v) {
  if (usable(c)) c->vm->roots[c->resultRoot] = v;
}

void writ_return_nil(WritCall *c) { set_result(c, NIL_VAL); }
void writ_return_bool(WritCall *c, int b) { set_result(c, BOOL_VAL(b != 0)); }
void writ_return_number(WritCall *c, double d) { set_result(c, NUMBER_VAL(d)); }

void writ_return(WritCall *c, const WritHandle *h) {
  if (!usable(c)) return;
  if (handle_vm(h) != c->vm) {
    c->failed = true;
    snprintf(c->message, sizeof c->message, "%s: the host returned an invalid handle", c->native->name->chars);
    return;
  }
  set_result(c, h->value);
}

typedef struct {
  WritCall *c;
  const char *text;
  size_t len;
} ReturnString;

static void return_string(WVM *vm, void *ud) {
  ReturnString *r = ud;
  r->c->vm->roots[r->c->resultRoot] = OBJ_VAL(str_copy(vm, r->text, r->len));
}

void writ_return_string(WritCall *c, const char *text, size_t len) {
  if (!usable(c)) return;
  if ((!text && len) || (text && utf8_invalid_at(text, len) >= 0)) {
    c->failed = true;
    snprintf(c->message, sizeof c->message, "%s returned text that is not valid UTF-8", c->native->name->chars);
    return;
  }
  ReturnString r = {c, text ? text : "", len};
  in_call(c, return_string, &r);
}

void writ_return_error(WritCall *c, const char *fmt, ...) {
  if (!usable(c)) return;
  int n;
  if (!fmt) { /* the host meant to fail: it still does */
    n = snprintf(c->message, sizeof c->message, "%s failed", c->native->name->chars);
  } else {
    va_list ap;
    va_start(ap, fmt);
    n = vsnprintf(c->message, sizeof c->message, fmt, ap);
    va_end(ap);
  }
  if (n < 0) c->message[0] = '\0'; /* an encoding error: no text to trust */
  if (n >= (int)sizeof c->message) { /* cut on a character boundary, as vm_raise does */
    n = (int)sizeof c->message - 1;
    while (n > 0 && ((unsigned char)c->message[n] & 0xC0) == 0x80) n--;
    c->message[n] = '\0';
  }
  /* The message goes into a Writ string: keep it valid UTF-8. */
  for (long bad; (bad = utf8_invalid_at(c->message, strlen(c->message))) >= 0;) c->message[bad] = '?';
  c->failed = true;
}

typedef struct {
  double units;
} Charge;

static void do_charge(WVM *vm, void *ud) {
  double u = ((Charge *)ud)->units;
  /* With no fuel limit counting, the counter only has to stay far from
   * 0; charging there would let a huge (or infinite) charge end this
   * unlimited run and every later one. */
  if (vm->fuel > WRIT_FUEL_NO_LIMIT) return;
  vm_charge(vm, u >= 9e18 ? (size_t)WRIT_FUEL_UNLIMITED : (size_t)u);
}

int writ_charge(WritCall *c, double units) {
  if (!usable(c)) return 0;
  if (!(units > 0)) return 1;
  Charge ch = {units};
  return in_call(c, do_charge, &ch);
}

typedef struct {
  size_t bytes;
} Reserve;

/* Room for n more bytes under the memory budget, collecting first if
 * that would make it; else the budget runs out, as an allocation would. */
static bool heap_fits(const WVM *vm, size_t n) {
  return n <= SIZE_MAX - vm->bytesAllocated && vm->bytesAllocated + n <= vm->heapLimit;
}

static void do_reserve(WVM *vm, void *ud) {
  size_t n = ((Reserve *)ud)->bytes;
  if (vm->heapLimit == SIZE_MAX || heap_fits(vm, n)) return;
  if (!vm->gcRunning) gc_collect(vm);
  if (!heap_fits(vm, n)) vm_budget_exhausted(vm, BUDGET_HEAP);
}

int writ_reserve(WritCall *c, size_t bytes) {
  if (!usable(c)) return 0;
  Reserve r = {bytes};
  return in_call(c, do_reserve, &r);
}

typedef struct {
  Value v;
  ObjString *out;
} ToText;

static void to_text(WVM *vm, void *ud) {
  ToText *t = ud;
  t->out = value_to_string(vm, t->v, false);
  vm_push_root(vm, OBJ_VAL(t->out)); /* kept until the call returns; growing the roots may raise */
}

const char *writ_arg_to_string(WritCall *c, int i, size_t *len) {
  if (len) *len = 0;
  if (!usable(c)) return NULL;
  if (!arg_ok(c, i)) { /* raise, as the other readers do: NULL means the call fails */
    bad_arg(c, i, "value");
    return NULL;
  }
  ToText t = {call_args(c)[i], NULL};
  if (!in_call(c, to_text, &t)) return NULL;
  if (len) *len = t.out->len;
  return t.out->chars;
}

void writ_exit(WritCall *c, int code) {
  if (!usable(c)) return;
  c->vm->exitRequested = true;
  c->vm->exitCode = code;
  c->exiting = true;
}

/* ---- granting ---- */

typedef struct {
  ObjWorkspace *ws;
  const char *name;
  Value value;
  int mainOnly;
} Grant;

static void do_grant(WVM *vm, void *ud) {
  Grant *g = ud;
  workspace_grant(vm, g->ws, g->name, g->value, g->mainOnly);
}

WritStatus writ_grant(WritWorkspace *ws, const char *name, const WritHandle *value, int mainOnly) {
  if (!ws || !ws->ws || !name || !workspace_name_ok(name, strlen(name))) return WRIT_ERR_USAGE;
  WVM *vm = &ws->owner->vm;
  if (handle_vm(value) != vm) return WRIT_ERR_USAGE;
  Grant g = {ws->ws, name, value->value, mainOnly};
  return api_protect(vm, do_grant, &g) ? WRIT_OK : IS_NIL(vm->pendingError) ? WRIT_ERR_MEMORY : WRIT_ERR_LIMIT;
}
