/* The public API for looking at values and scopes: what a REPL needs to
 * show a value, name its type, and complete names and members. Nothing
 * here reaches private state: fields stay hidden (only methods are listed)
 * and proxies show nothing of what they forward. */
#include <stdlib.h>
#include "api/api.h"
#include "lang/lexer.h"
#include "vm/gc.h"
#include "vm/module.h"
#include "vm/table.h"
#include "vm/workspace.h"
#include "vm/wstring.h"

typedef struct {
  Value v;
  bool quoted;
  Value result;
} ToStringArgs;

static void to_string(WVM *vm, void *ud) {
  ToStringArgs *a = ud;
  a->result = OBJ_VAL(value_to_string(vm, a->v, a->quoted));
}

WritHandle *writ_to_string(const WritHandle *h, int quoted, const WritLimits *limits) {
  WVM *vm = handle_vm(h);
  if (!vm || api_busy(vm) || !api_limits_ok(limits)) return NULL; /* re-entry from a callback */
  ToStringArgs a = {h->value, quoted != 0, NIL_VAL};
  if (!api_run(vm, limits, to_string, &a)) {
    api_failure(vm, NULL, 0);
    return NULL;
  }
  return handle_new(vm, a.result);
}

const char *writ_type_name(const WritHandle *h) {
  WVM *vm = handle_vm(h);
  return vm ? value_type_name(vm, h->value) : NULL;
}

/* ---- names in scope ---- */

static int by_text(const void *a, const void *b) {
  const ObjString *x = AS_STRING(*(const Value *)a), *y = AS_STRING(*(const Value *)b);
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->chars, y->chars, n);
  return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The string keys of a map into set. As members (asMembers), names no
 * one may use after a dot are left out: fields, and `new` (objects are
 * made by calling the class, and x.new() is refused). */
static void add_keys(WVM *vm, ObjMap *set, ObjMap *from, bool asMembers) {
  if (!from) return;
  uint32_t pos = 0;
  Value k, v;
  while (map_next(from, &pos, &k, &v))
    if (IS_STRING(k) && !(asMembers && (AS_STRING(k)->chars[0] == '@' || AS_STRING(k) == vm->sNew)))
      map_set(vm, set, k, TRUE_VAL);
}

/* set's keys as a sorted list. */
static Value sorted_keys(WVM *vm, ObjMap *set) {
  ObjList *l = list_new(vm, set->count);
  vm_push_root(vm, OBJ_VAL(l));
  uint32_t pos = 0;
  Value k, v;
  while (map_next(set, &pos, &k, &v)) list_push(vm, l, k);
  if (l->count > 1) qsort(l->items, l->count, sizeof(Value), by_text);
  vm_pop_root(vm);
  return OBJ_VAL(l);
}

typedef struct {
  ObjWorkspace *ws;
  const char *module;
  int which;
  Value result;
} NamesArgs;

static void names(WVM *vm, void *ud) {
  NamesArgs *a = ud;
  ObjModule *m = api_find_module(vm, a->ws, a->module);
  ObjMap *set = map_new(vm);
  vm_push_root(vm, OBJ_VAL(set));
  if (m && (a->which & WRIT_NAMES_MODULE))
    for (int i = 0; i < m->nvars; i++) {
      uint8_t f = m->varFlags[i];
      if ((f & VAR_DEFINED) && !(f & VAR_SCOPE) && m->vars[i] != UNDEF_VAL) map_set(vm, set, OBJ_VAL(m->varNames[i]), TRUE_VAL);
    }
  if (a->which & WRIT_NAMES_GRANTED) {
    add_keys(vm, set, a->ws->scope, false);
    if (m && m->privileged) add_keys(vm, set, a->ws->mainScope, false);
  }
  if (a->which & WRIT_NAMES_BUILTIN) add_keys(vm, set, vm->builtins, false);
  a->result = sorted_keys(vm, set);
  vm_pop_root(vm);
}

WritHandle *writ_names(WritWorkspace *ws, const char *module, int which) {
  if (!ws || !ws->ws || !module) return NULL;
  WVM *vm = &ws->owner->vm;
  NamesArgs a = {ws->ws, module, which, NIL_VAL};
  if (!api_protect(vm, names, &a)) return NULL;
  return handle_new(vm, a.result);
}

/* The exported top-level names of module a->module, defined so far: the
 * variables themselves, not the exports snapshot an import takes when
 * the module's code finishes, so that a module given to writ_eval (which
 * takes none) and more REPL input count too. */
static void exports(WVM *vm, void *ud) {
  NamesArgs *a = ud;
  ObjModule *m = api_find_module(vm, a->ws, a->module);
  ObjMap *set = map_new(vm);
  vm_push_root(vm, OBJ_VAL(set));
  for (int i = 0; m && i < m->nvars; i++) {
    uint8_t f = m->varFlags[i];
    if ((f & VAR_EXPORT) && (f & VAR_DEFINED) && m->vars[i] != UNDEF_VAL) map_set(vm, set, OBJ_VAL(m->varNames[i]), TRUE_VAL);
  }
  a->result = sorted_keys(vm, set);
  vm_pop_root(vm);
}

WritHandle *writ_module_exports(WritWorkspace *ws, const char *module) {
  if (!ws || !ws->ws || !module) return NULL;
  WVM *vm = &ws->owner->vm;
  if (!api_find_module(vm, ws->ws, module)) return NULL;
  NamesArgs a = {ws->ws, module, 0, NIL_VAL};
  if (!api_protect(vm, exports, &a)) return NULL;
  return handle_new(vm, a.result);
}

WritHandle *writ_lookup(WritWorkspace *ws, const char *module, const char *name) {
  if (!ws || !ws->ws || !module || !name) return NULL;
  WVM *vm = &ws->owner->vm;
  ObjWorkspace *w = ws->ws;
  ObjModule *m = api_find_module(vm, w, module);
  size_t len = strlen(name);
  Value v, slot;
  if (m && m->varIndex && map_get_bytes(vm, m->varIndex, name, len, &slot)) {
    int i = (int)AS_NUMBER(slot);
    if ((m->varFlags[i] & VAR_DEFINED) && m->vars[i] != UNDEF_VAL) return handle_new(vm, m->vars[i]);
  }
  if (workspace_scope_get_bytes(vm, w, m && m->privileged, name, len, &v)) return handle_new(vm, v);
  return NULL;
}

/* ---- members ---- */

typedef struct {
  Value v;
  const char *name;
  Value result;
  bool found;
} MemberArgs;

static void member_names(WVM *vm, void *ud) {
  MemberArgs *a = ud;
  ObjMap *set = map_new(vm);
  vm_push_root(vm, OBJ_VAL(set));
  if (IS_MODULE(a->v)) add_keys(vm, set, AS_MODULE(a->v)->exports, true);
  else if (!IS_FORWARDER(a->v)) add_keys(vm, set, vm_class_of(vm, a->v)->methods, true);
  a->result = sorted_keys(vm, set);
  vm_pop_root(vm);
}

WritHandle *writ_member_names(const WritHandle *h) {
  WVM *vm = handle_vm(h);
  if (!vm) return NULL;
  MemberArgs a = {h->value, NULL, NIL_VAL, false};
  if (!api_protect(vm, member_names, &a)) return NULL;
  return handle_new(vm, a.result);
}

static void get_member(WVM *vm, void *ud) {
  MemberArgs *a = ud;
  size_t len = strlen(a->name);
  /* A name past the interned length may still name a method: make it
   * (this runs protected, and n is not needed past the next allocation). */
  ObjString *n = len <= WRIT_SHORT_STRING_BYTES ? str_find(vm, a->name, len)
                 : utf8_invalid_at(a->name, len) < 0 ? str_copy(vm, a->name, len) : NULL;
  if (!n || n->chars[0] == '@' || n == vm->sNew || IS_FORWARDER(a->v)) return;
  Value v;
  if (IS_MODULE(a->v)) {
    a->found = module_find_export(vm, AS_MODULE(a->v), n, &a->result);
    return;
  }
  if (!map_get(vm, vm_class_of(vm, a->v)->methods, OBJ_VAL(n), &v)) return;
  a->result = OBJ_VAL(bound_new(vm, a->v, v));
  a->found = true;
}

WritHandle *writ_get_member(const WritHandle *h, const char *name) {
  WVM *vm = handle_vm(h);
  if (!vm || !name) return NULL;
  MemberArgs a = {h->value, name, NIL_VAL, false};
  if (!api_protect(vm, get_member, &a)) return NULL;
  return a.found ? handle_new(vm, a.result) : NULL;
}

const char *writ_keyword(int index) {
  for (int i = 0; lexer_keywords[i]; i++)
    if (i == index) return lexer_keywords[i];
  return NULL;
}

int writ_repl_settle_last(WritWorkspace *h, const char *module) {
  if (!h || !h->ws || !module) return 0;
  WVM *vm = &h->owner->vm;
  if (vm->txTop) return 0; /* not from inside a turn */
  ObjModule *m = api_find_module(vm, h->ws, module);
  Value idx;
  if (!m || !m->varIndex || !map_get_bytes(vm, m->varIndex, "_", 1, &idx)) return 0;
  int slot = (int)AS_NUMBER(idx);
  Value v = m->vars[slot];
  if (!(m->varFlags[slot] & VAR_REPL_LAST) || !IS_PROMISE(v) || AS_PROMISE(v)->state != PROMISE_FULFILLED) return 0;
  m->vars[slot] = AS_PROMISE(v)->value; /* no transaction runs: nothing to log */
  return 1;
}
