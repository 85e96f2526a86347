/* Module instances: running a module's code, imports through the
 * workspace's loader (one instance per canonical name per workspace), and
 * the frozen exports object. */
#include <stdio.h>
#include <string.h>
#include "vm/module.h"
#include "lang/compiler.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/mem.h"
#include "vm/table.h"
#include "vm/tx.h"
#include "vm/wstring.h"

bool module_find_export(WVM *vm, ObjModule *m, ObjString *name, Value *out) {
  return m->exports && map_get(vm, m->exports, OBJ_VAL(name), out);
}

ObjMap *module_exports(WVM *vm, ObjModule *m) {
  if (!m->exports) {
    tx_write(vm, &m->obj);
    m->exports = map_new(vm); /* rooted through m */
  }
  return m->exports;
}

void module_freeze_exports(WVM *vm, ObjModule *m) {
  ObjMap *e = module_exports(vm, m);
  tx_write(vm, &e->obj);
  e->obj.frozen = 1;
}

/* Exports are a snapshot of the exported top-level names, frozen. */
static void build_exports(WVM *vm, ObjModule *m) {
  for (int i = 0; i < m->nvars; i++)
    if (m->varFlags[i] & VAR_EXPORT) map_set(vm, module_exports(vm, m), OBJ_VAL(m->varNames[i]), m->vars[i]);
  module_freeze_exports(vm, m);
}

ObjProto *module_compile(WVM *vm, ObjModule *m, const char *src, size_t len, bool evalMode) {
  tx_write(vm, &m->obj); /* the compiler writes its slots and their flags */
  vm_charge(vm, len / 4 + 1); /* compiling is work too, paid before it starts */
  CompileError err;
  ObjProto *p = compiler_compile(vm, m, src, len, evalMode, &err);
  if (!p) /* a syntax error (hosts tell it by its kind; the REPL asks for more when incomplete) */
    vm_throw(vm, OBJ_VAL(error_syntax(vm, m->name, err.line, err.col, err.msg, err.incomplete)));
  return p;
}

void module_check(WVM *vm, ObjModule *m, const char *src, size_t len) {
  module_compile(vm, m, src, len, false);
}

Value module_exec(WVM *vm, ObjModule *m, const char *src, size_t len, bool evalMode) {
  ObjProto *p = module_compile(vm, m, src, len, evalMode);
  vm_push_root(vm, OBJ_VAL(p));
  ObjClosure *c = closure_new(vm, p);
  vm_pop_root(vm);
  return vm_call(vm, OBJ_VAL(c), 0, NULL);
}

int module_new_slot(WVM *vm, ObjModule *m, ObjString *name) {
  vm_push_root(vm, OBJ_VAL(name));
  tx_write(vm, &m->obj);
  if (m->nvars >= m->varcap) {
    /* One new block for the three arrays: if the allocation raises, the
     * module still has its old arrays and the size it recorded for them. */
    int ncap = m->varcap < 16 ? 16 : m->varcap * 2;
    char *block = mem_realloc(vm, NULL, 0, MODULE_VARS_BYTES(ncap));
    Value *vars = (Value *)block;
    ObjString **names = (ObjString **)(block + sizeof(Value) * (size_t)ncap);
    uint8_t *flags = (uint8_t *)(block + (sizeof(Value) + sizeof(ObjString *)) * (size_t)ncap);
    if (m->nvars > 0) {
      memcpy(vars, m->vars, sizeof(Value) * (size_t)m->nvars);
      memcpy(names, m->varNames, sizeof(ObjString *) * (size_t)m->nvars);
      memcpy(flags, m->varFlags, (size_t)m->nvars);
    }
    if (m->vars) mem_realloc(vm, m->vars, MODULE_VARS_BYTES(m->varcap), 0);
    m->vars = vars;
    m->varNames = names;
    m->varFlags = flags;
    m->varcap = ncap;
  }
  int slot = m->nvars;
  m->vars[slot] = UNDEF_VAL;
  m->varNames[slot] = name;
  m->varFlags[slot] = 0;
  m->nvars++;
  if (!m->varIndex) m->varIndex = map_new(vm); /* rooted through the module */
  map_set(vm, m->varIndex, OBJ_VAL(name), NUMBER_VAL(slot));
  vm_pop_root(vm);
  return slot;
}

void module_set_last_value(WVM *vm, ObjModule *m, Value v) {
  vm_push_root(vm, v);
  tx_write(vm, &m->obj);
  ObjString *name = str_copy(vm, "_", 1);
  Value idx;
  int slot;
  if (m->varIndex && map_get(vm, m->varIndex, OBJ_VAL(name), &idx)) {
    slot = (int)AS_NUMBER(idx);
    /* A `_` the user declared is theirs (as in Python). A slot the
     * compiler made for a mention that was never defined is ours. */
    if ((m->varFlags[slot] & VAR_DEFINED) && !(m->varFlags[slot] & VAR_REPL_LAST)) {
      vm_pop_root(vm);
      return;
    }
  } else {
    if (m->nvars >= WRIT_MAX_MODULE_VARS) { vm_pop_root(vm); return; }
    slot = module_new_slot(vm, m, name);
  }
  m->vars[slot] = v;
  m->varFlags[slot] = VAR_DEFINED | VAR_REPL_LAST;
  vm_pop_root(vm);
}

typedef struct {
  ObjModule *m;
  const char *src;
  size_t len;
  ObjProto *p;
} ContinueArgs;

static void compile_continued(WVM *vm, void *ud) {
  ContinueArgs *a = ud;
  a->p = module_compile(vm, a->m, a->src, a->len, true);
}

static int32_t count_lines(ObjString *s) {
  int32_t n = 0;
  for (uint32_t i = 0; i < s->len; i++) n += s->chars[i] == '\n';
  return n;
}

Value module_continue(WVM *vm, ObjModule *m, const char *src, size_t len, bool dropIncomplete) {
  ObjString *old = m->source;
  int32_t oldBase = m->lineBase, oldSrcBase = m->srcBase;
  vm_push_root(vm, old ? OBJ_VAL(old) : NIL_VAL); /* to put back */
  bool keep = utf8_invalid_at(src, len) < 0 && len <= WRIT_MAX_KEPT_REPL_SOURCE;
  /* This input's first line follows the last line of the kept text. */
  bool newline = old && old->len && old->chars[old->len - 1] != '\n';
  int32_t base = old ? m->srcBase + count_lines(old) + newline : m->lineBase;
  if (old && keep && old->len + 1 + len <= WRIT_MAX_KEPT_REPL_SOURCE) {
    ObjBuffer *b = buffer_new(vm, (uint32_t)(old->len + 1 + len));
    vm_push_root(vm, OBJ_VAL(b));
    buffer_append(vm, b, old->chars, old->len);
    if (newline) buffer_append(vm, b, "\n", 1);
    buffer_append(vm, b, src, len);
    m->source = str_from_buffer(vm, b);
    vm_pop_root(vm);
  } else { /* the first input, or too much kept: start again from this one */
    m->source = keep ? str_copy(vm, src, len) : NULL;
    m->srcBase = base;
  }
  m->lineBase = base;
  ContinueArgs a = {m, src, len, NULL};
  if (!vm_protect(vm, compile_continued, &a)) {
    Value e = vm->error;
    if (dropIncomplete && IS_INSTANCE(e) && error_kind(vm, e) == FAIL_INCOMPLETE) {
      m->source = old;
      m->lineBase = oldBase;
      m->srcBase = oldSrcBase;
    }
    vm_pop_root(vm);
    vm_throw(vm, e);
  }
  vm_pop_root(vm);
  vm_push_root(vm, OBJ_VAL(a.p));
  ObjClosure *c = closure_new(vm, a.p);
  vm_pop_root(vm);
  return vm_call(vm, OBJ_VAL(c), 0, NULL);
}

static void exec_module(WVM *vm, void *ud) {
  ObjModule *m = ud;
  module_exec(vm, m, m->source->chars, m->source->len, false);
  build_exports(vm, m);
}

Value module_import_std(WVM *vm, ObjString *name) {
  Value m;
  if (!map_get(vm, vm->stdModules, OBJ_VAL(name), &m)) {
    if (strcmp(name->chars, "sys") == 0 || strcmp(name->chars, "os") == 0 || strcmp(name->chars, "io") == 0)
      vm_raise(vm, "no module named '%s' (powers like files and output come only from the sys object the main script is given)", name->chars);
    vm_raise(vm, "no module named '%s'", name->chars);
  }
  return m;
}

typedef struct {
  const char *canon, *src;
  size_t len;
  ObjString *name, *source;
} Loaded;

/* The loader's name and source as Writ strings, both left rooted (the
 * caller pops two). Too large: refused before copying (source NULL). NUL
 * bytes and bad UTF-8 are reported by the parser, at their line and
 * column. */
static void copy_loaded(WVM *vm, void *ud) {
  Loaded *l = ud;
  l->name = str_copy(vm, l->canon, strlen(l->canon));
  vm_push_root(vm, OBJ_VAL(l->name));
  l->source = l->len <= WRIT_MAX_SOURCE_BYTES ? str_copy(vm, l->src, l->len) : NULL;
  vm_push_root(vm, l->source ? OBJ_VAL(l->source) : NIL_VAL);
}

/* Asks the host's loader for `path` imported from module `from`, checks
 * what it gave, and copies it into the heap: the module's canonical name
 * and its source (NULL when too large), both left rooted (the caller pops
 * two). The host gets its buffers back on every path. */
static void load_source(WVM *vm, ObjModule *from, ObjString *path, ObjString **name, ObjString **source) {
  char err[256] = "";
  char *canon = NULL;
  size_t len = 0;
  char *src = vm->loader.load(vm->loader.ud, from->name->chars, path->chars, &canon, &len, err, sizeof err);
  /* The host's loader is trusted to mean well, not to get it right: its
   * reason may lack a NUL or be bad UTF-8 (it becomes a Writ string), and
   * a source without a canonical name has no name to be kept under. */
  err[sizeof err - 1] = '\0';
  for (long bad; (bad = utf8_invalid_at(err, strlen(err))) >= 0;) err[bad] = '?';
  const char *why = err[0] ? err : "not found";
  if (src && !canon) why = "the module loader gave no canonical name";
  else if (src && utf8_invalid_at(canon, strlen(canon)) >= 0)
    why = "the module loader gave a canonical name that is not UTF-8";
  else if (src) why = NULL;
  if (why) {
    if (canon) vm->loader.release(vm->loader.ud, canon);
    if (src) vm->loader.release(vm->loader.ud, src);
    vm_raise(vm, "cannot import \"%s\": %s", path->chars, why);
  }
  /* Copy both into the heap, then give the host its buffers back whether
   * the copies worked or not (out of memory must not leak them). */
  Loaded l = {canon, src, len, NULL, NULL};
  bool copied = vm_protect(vm, copy_loaded, &l);
  vm->loader.release(vm->loader.ud, canon);
  vm->loader.release(vm->loader.ud, src);
  if (!copied) vm_throw(vm, vm->error);
  *name = l.name;
  *source = l.source;
}

Value module_import_path(WVM *vm, ObjModule *from, ObjString *path) {
  ObjWorkspace *ws = from->ws;
  if (!ws->canLoad)
    vm_raise(vm, "cannot import \"%s\": a workspace made with Workspace() has no module loader (pass what it needs as endowments)", path->chars);
  if (!vm->loader.load) vm_raise(vm, "cannot import \"%s\": this workspace has no module loader", path->chars);
  ObjString *name, *source;
  load_source(vm, from, path, &name, &source); /* both rooted */
  Value existing;
  if (map_get(vm, ws->modules, OBJ_VAL(name), &existing)) {
    vm_pop_roots(vm, 2);
    ObjModule *m = AS_MODULE(existing);
    if (m->state == MOD_LOADING) vm_raise(vm, "circular import: \"%s\" is still loading", path->chars);
    if (m->state == MOD_FAILED) vm_raise(vm, "module \"%s\" failed to load earlier", path->chars);
    return existing;
  }
  ObjModule *m = module_new(vm, name, ws);
  m->source = source; /* rooted through m from here on */
  vm_pop_roots(vm, 2);
  vm_push_root(vm, OBJ_VAL(m));
  map_set(vm, ws->modules, OBJ_VAL(name), OBJ_VAL(m));
  vm_pop_root(vm);
  if (!source) {
    m->state = MOD_FAILED;
    vm_raise(vm, "cannot import \"%s\": source too large (limit %u bytes)", path->chars,
             (unsigned)WRIT_MAX_SOURCE_BYTES);
  }
  /* A module whose code raises stays FAILED (importing it again errs);
   * the error itself travels on to the importer. */
  if (!vm_protect(vm, exec_module, m)) {
    m->state = MOD_FAILED;
    Value err = vm->error;
    vm_push_root(vm, err);
    error_passing_import(vm, err); /* its report shows this import too */
    vm_pop_root(vm);
    vm_throw(vm, err);
  }
  m->state = MOD_READY;
  return OBJ_VAL(m);
}
