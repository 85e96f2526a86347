/* Child workspaces from the language: Workspace(endowments) and
 * ws.eval(source, {fuel, memory}). A child's top level sees the pure
 * built-ins and its endowments, nothing else: no print, no sys, no module
 * loader. Limits given to eval are budgets (vm/budget.c): running out stops
 * the child and surfaces here as an ordinary error. */
#include "wstdlib.h"
#include "budget.h"
#include "lexer.h"
#include "table.h"
#include "wstring.h"

bool is_identifier_name(const char *s, size_t len) {
  if (len == 0 || strlen(s) != len) return false;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  for (const char *const *k = lexer_keywords; *k; k++)
    if (strcmp(*k, s) == 0) return false;
  return true;
}

/* The workspace of the code calling a native (none when the host calls). */
static ObjWorkspace *calling_workspace(WVM *vm) {
  if (vm->nframes == 0) return NULL;
  return vm->frames[vm->nframes - 1].closure->proto->module->ws;
}

static Value b_workspace(WVM *vm, int argc, Value *args) {
  ObjMap *endow = argc >= 1 ? arg_map(vm, args, 1, "Workspace") : NULL;
  if (endow) vm_charge(vm, map_walk_cost(endow)); /* the slots walked, holes included */
  ObjMap *scope = map_new(vm);
  vm_push_root(vm, OBJ_VAL(scope));
  uint32_t pos = 0;
  Value k, v;
  while (endow && map_next(endow, &pos, &k, &v)) {
    if (!IS_STRING(k))
      vm_raise(vm, "Workspace: endowment names must be strings, not %s", value_type_name(vm, k));
    vm_charge(vm, AS_STRING(k)->len / 8); /* checking (or quoting) the name reads all of it */
    if (!is_identifier_name(AS_CSTRING(k), AS_STRING(k)->len))
      vm_raise(vm, "Workspace: endowment name '%s' is not a valid name", AS_CSTRING(k));
    map_set(vm, scope, k, v);
  }
  scope->obj.frozen = 1;
  ObjWorkspace *w = workspace_obj_new(vm, calling_workspace(vm));
  w->scope = scope;
  vm_pop_root(vm);
  return OBJ_VAL(w);
}

/* A limit from eval's options: a whole number >= 0, or nil for none. */
static double limit_option(WVM *vm, ObjMap *opts, const char *name) {
  Value v;
  if (!map_get(opts, OBJ_VAL(str_cstr(vm, name)), &v) || IS_NIL(v)) return -1;
  if (!IS_NUMBER(v) || AS_NUMBER(v) < 0 || AS_NUMBER(v) != AS_NUMBER(v))
    vm_raise(vm, "eval: option '%s' must be a number >= 0, not %s", name,
             !IS_NUMBER(v) ? value_type_name(vm, v) : AS_NUMBER(v) != AS_NUMBER(v) ? "nan (not a number)"
                                                                    : "a negative number");
  return AS_NUMBER(v);
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

static Value ws_eval(WVM *vm, int argc, Value *args) {
  ObjWorkspace *w = AS_WORKSPACE(args[0]);
  ObjString *src = arg_string(vm, args, 1, "eval");
  double fuel = -1, memory = -1;
  if (argc >= 2 && !IS_NIL(args[2])) {
    ObjMap *opts = arg_map(vm, args, 2, "eval");
    vm_charge(vm, map_walk_cost(opts)); /* the slots walked, holes included */
    uint32_t pos = 0;
    Value k, v;
    while (map_next(opts, &pos, &k, &v))
      if (!IS_STRING(k) || (strcmp(AS_CSTRING(k), "fuel") != 0 && strcmp(AS_CSTRING(k), "memory") != 0)) {
        if (IS_STRING(k)) vm_charge(vm, AS_STRING(k)->len / 8); /* quoted in the message */
        vm_raise(vm, "eval: unknown option %s (the options are fuel and memory)",
                 IS_STRING(k) ? AS_CSTRING(k) : value_type_name(vm, k));
      }
    fuel = limit_option(vm, opts, "fuel");
    memory = limit_option(vm, opts, "memory");
  }
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

static const NativeReg workspace_methods[] = {
    {"eval", ws_eval, 1, 2},
    {NULL, NULL, 0, 0},
};

void workspace_open(WVM *vm) {
  vm_define_methods(vm, vm->cWorkspace, workspace_methods);
  ObjNative *n = native_new(vm, "Workspace", b_workspace, 0, 1);
  vm_push_root(vm, OBJ_VAL(n));
  map_set(vm, vm->builtins, OBJ_VAL(n->name), OBJ_VAL(n));
  vm_pop_root(vm);
}
