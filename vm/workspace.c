/* Workspaces (see workspace.h): made, granted to, looked up in and run in.
 * A child made by Workspace() sees its endowments and the pure built-ins,
 * nothing else: no print, no sys, no module loader. Limits given to its
 * eval are budgets (vm/budget.c): running out stops the child and
 * surfaces in the caller as an ordinary error. */
#include "vm/workspace.h"
#include "lang/lexer.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/module.h"
#include "vm/table.h"
#include "vm/wstring.h"

ObjWorkspace *workspace_new(WVM *vm, ObjWorkspace *parent) {
  ObjWorkspace *w = (ObjWorkspace *)object_alloc(vm, sizeof(ObjWorkspace), OBJ_WORKSPACE);
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

ObjWorkspace *workspace_calling(WVM *vm) {
  if (vm->nframes == 0) return NULL;
  return vm->frames[vm->nframes - 1].closure->proto->module->ws;
}

bool workspace_name_ok(const char *s, size_t len) {
  if (len == 0 || strlen(s) != len) return false;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  for (const char *const *k = lexer_keywords; *k; k++) /* the lexer is the list */
    if (strcmp(*k, s) == 0) return false;
  return true;
}

bool workspace_scope_get(WVM *vm, ObjWorkspace *ws, bool privileged, ObjString *name, Value *out) {
  return (privileged && ws->mainScope && map_get(vm, ws->mainScope, OBJ_VAL(name), out)) ||
         (ws->scope && map_get(vm, ws->scope, OBJ_VAL(name), out)) || map_get(vm, vm->builtins, OBJ_VAL(name), out);
}

bool workspace_scope_get_bytes(WVM *vm, ObjWorkspace *ws, bool privileged, const char *name, size_t len,
                               Value *out) {
  return (privileged && ws->mainScope && map_get_bytes(vm, ws->mainScope, name, len, out)) ||
         (ws->scope && map_get_bytes(vm, ws->scope, name, len, out)) || map_get_bytes(vm, vm->builtins, name, len, out);
}

void workspace_grant(WVM *vm, ObjWorkspace *ws, const char *name, Value value, bool mainOnly) {
  vm_push_root(vm, value);
  ObjMap **scope = mainOnly ? &ws->mainScope : &ws->scope;
  if (!*scope) *scope = map_new(vm); /* rooted through ws */
  ObjString *s = str_copy(vm, name, strlen(name));
  vm_push_root(vm, OBJ_VAL(s));
  map_set(vm, *scope, OBJ_VAL(s), value); /* frozen to scripts, not to the host */
  (*scope)->obj.frozen = 1;
  vm_pop_roots(vm, 2);
}

ObjWorkspace *workspace_child(WVM *vm, ObjMap *endow, const char *who) {
  if (endow) vm_charge(vm, map_walk_cost(endow)); /* the slots walked, holes included */
  ObjMap *scope = map_new(vm);
  vm_push_root(vm, OBJ_VAL(scope));
  uint32_t pos = 0;
  Value k, v;
  while (endow && map_next(endow, &pos, &k, &v)) {
    if (!IS_STRING(k))
      vm_raise(vm, "%s: endowment names must be strings, not %s", who, value_type_name(vm, k));
    vm_charge(vm, AS_STRING(k)->len / 8); /* checking (or quoting) the name reads all of it */
    if (!workspace_name_ok(AS_CSTRING(k), AS_STRING(k)->len))
      vm_raise(vm, "%s: endowment name '%s' is not a valid name", who, AS_CSTRING(k));
    map_set(vm, scope, k, v);
  }
  scope->obj.frozen = 1;
  ObjWorkspace *w = workspace_new(vm, workspace_calling(vm));
  w->scope = scope;
  vm_pop_root(vm);
  return w;
}

typedef struct {
  ObjModule *m;
  ObjString *src;
  Value result;
} EvalRun;

static void eval_protected(WVM *vm, void *ud) {
  EvalRun *r = ud;
  r->m->source = r->src;
  r->result = module_exec(vm, r->m, r->src->chars, r->src->len, true);
}

Value workspace_eval(WVM *vm, ObjWorkspace *w, ObjString *src, double fuel, double memory) {
  if (!w->evalModule) {
    ObjString *name = str_cstr(vm, "<eval>");
    vm_push_root(vm, OBJ_VAL(name));
    w->evalModule = module_new(vm, name, w);
    w->evalModule->state = MOD_READY;
    vm_pop_root(vm);
  }
  EvalRun r = {w->evalModule, src, NIL_VAL};
  Budget b;
  budget_enter(vm, &b, fuel, memory);
  bool ok = vm_protect(vm, eval_protected, &r);
  budget_leave(vm, &b);
  if (!ok) {
    budget_settle(vm, &b); /* raises "out of fuel" etc. when it was ours */
    Value e = vm->error; /* rooted there until the raise below replaces it */
    /* A syntax error in the child's source is an ordinary error of this
     * call: raised here, it keeps where the child's source failed in its
     * message ("<eval>:1:5: ...") and gets the caller's line and trace. It
     * must not reach the host as a syntax error of the host's own source
     * (a REPL would take the child's unfinished text for its own). */
    FailKind kind = error_kind(vm, e);
    if (kind == FAIL_SYNTAX || kind == FAIL_INCOMPLETE) vm_raise(vm, "%s", error_text(vm, AS_INSTANCE(e))->chars);
    vm_throw(vm, e);
  }
  return r.result;
}
