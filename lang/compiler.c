/* The compiler: functions, scopes, variables and statements. Expressions
 * are in compile_expr.c. Registers: locals occupy the low registers in
 * declaration order; temporaries sit above them and are freed at the end
 * of each statement. Register 0 is self in methods and the callee in plain
 * functions, so parameters start at register 1. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "lang/compiler.h"
#include "lang/compiler_int.h"
#include "lang/parse.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/mem.h"
#include "vm/table.h"
#include "vm/module.h"
#include "vm/table.h"
#include "vm/workspace.h"
#include "vm/wstring.h"

/* ------------------------------------------------------------------ */
/* Errors and emission                                                  */

void compile_error(Compiler *c, int line, int col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->err->msg, sizeof c->err->msg, fmt, ap);
  va_end(ap);
  c->err->line = line;
  c->err->col = col;
  longjmp(c->jmp, 1);
}

void enter_node(Compiler *c, Node *n) {
  if (++c->depth > WRIT_MAX_COMPILE_DEPTH)
    compile_error(c, n->line, n->col, "expression or statement nests too deeply (limit %d)",
                  WRIT_MAX_COMPILE_DEPTH);
  c->line = n->line;
  c->col = n->col;
}

void leave_node(Compiler *c) { c->depth--; }

int here(Compiler *c) { return c->fs->proto->ncode; }

static void *scratch_grow(Compiler *c, void *old, size_t elem, int count, int *cap);

/* Code and positions are written to scratch arrays in the arena while the
 * function compiles (close_function copies them out at their final size),
 * so growing them costs no heap allocation. */
int emit(Compiler *c, uint32_t ins) {
  FuncState *fs = c->fs;
  ObjProto *p = fs->proto;
  if (p->ncode >= fs->codecap) {
    if (fs->codecap >= WRIT_MAX_JUMP) compile_error(c, c->line, c->col, "function too large");
    int cap = fs->codecap; /* both arrays grow to the same new capacity */
    fs->code = scratch_grow(c, fs->code, sizeof(uint32_t), p->ncode, &cap);
    fs->pos = scratch_grow(c, fs->pos, sizeof(SrcPos), p->ncode, &fs->codecap);
  }
  fs->code[p->ncode] = ins;
  fs->pos[p->ncode].line = c->line;
  fs->pos[p->ncode].col = c->col;
  return p->ncode++;
}

int emit_jump(Compiler *c) { return emit(c, MK_sJ(OP_JMP, 0)); }

void patch_jump(Compiler *c, int at, int target) {
  int off = target - (at + 1);
  if (off > WRIT_MAX_JUMP || off < -WRIT_MAX_JUMP) compile_error(c, c->line, c->col, "function too large");
  uint32_t *ins = &c->fs->code[at];
  *ins = (*ins & 0xFF) | ((uint32_t)(off + (1 << 23)) << 8);
}

/* Scratch arrays come from the arena: a compile error longjmps out, and
 * the arena is freed whole afterwards. */
static void *scratch_grow(Compiler *c, void *old, size_t elem, int count, int *cap) {
  int ncap = *cap < 8 ? 8 : *cap * 2;
  void *p = arena_alloc_raw(c->arena, elem * (size_t)ncap); /* written before read */
  if (!p) compile_error(c, c->line, c->col, "out of memory while compiling");
  if (old) memcpy(p, old, elem * (size_t)count);
  *cap = ncap;
  return p;
}

void jl_add(Compiler *c, JumpList *l, int at) {
  if (l->count >= l->cap) l->items = scratch_grow(c, l->items, sizeof(int), l->count, &l->cap);
  l->items[l->count++] = at;
}

void patch_here(Compiler *c, JumpList *l) {
  for (int i = 0; i < l->count; i++) patch_jump(c, l->items[i], here(c));
  l->count = 0;
}

/* Zero and nan are never shared (maps treat -0 and 0 as one key and refuse
 * nan); any other two constants are the same exactly when their bits are,
 * or (long strings, not interned) their text is. */
static bool shareable(Value v) { return !(IS_NUMBER(v) && (AS_NUMBER(v) == 0 || AS_NUMBER(v) != AS_NUMBER(v))); }

/* Constants are shared within a function. Most functions have a handful,
 * searched directly; a map (garbage once the function is compiled) is
 * built only when there are more than this many. */
#define KINDEX_AFTER 16

static int find_constant(Compiler *c, Value v) {
  FuncState *fs = c->fs;
  ObjProto *p = fs->proto;
  if (!fs->kindex && p->nk > KINDEX_AFTER) {
    fs->kindex = map_new(c->vm); /* rooted through fs from here on */
    for (int i = 0; i < p->nk; i++)
      if (shareable(p->k[i])) map_set(c->vm, fs->kindex, p->k[i], NUMBER_VAL(i));
  }
  if (fs->kindex) {
    Value idx;
    return map_get(c->vm, fs->kindex, v, &idx) ? (int)AS_NUMBER(idx) : -1;
  }
  for (int i = 0; i < p->nk; i++)
    if (p->k[i] == v || (IS_STRING(v) && IS_STRING(p->k[i]) && str_equal(c->vm, AS_STRING(v), AS_STRING(p->k[i]))))
      return i;
  return -1;
}

/* Appends v to p's constants (no limit, no sharing) and returns its index. */
static int push_constant(Compiler *c, ObjProto *p, Value v) {
  if (p->nk >= p->kcap) {
    int ncap = p->kcap < 16 ? 16 : p->kcap * 2;
    p->k = MEM_GROW(c->vm, Value, p->k, p->kcap, ncap);
    p->kcap = ncap;
  }
  p->k[p->nk] = v;
  return p->nk++;
}

int add_constant(Compiler *c, Value v) {
  FuncState *fs = c->fs;
  ObjProto *p = fs->proto;
  bool share = shareable(v);
  int found = share ? find_constant(c, v) : -1;
  if (found >= 0) return found;
  if (p->nk >= WRIT_MAX_CONSTANTS)
    compile_error(c, c->line, c->col, "too many constants in one function (limit %d)",
                  WRIT_MAX_CONSTANTS);
  int k = push_constant(c, p, v);
  if (share && fs->kindex) map_set(c->vm, fs->kindex, v, NUMBER_VAL(k));
  return k;
}

int string_constant(Compiler *c, const char *s, uint32_t len) {
  ObjString *str = str_copy(c->vm, s, len);
  vm_push_root(c->vm, OBJ_VAL(str));
  int k = add_constant(c, OBJ_VAL(str));
  vm_pop_root(c->vm);
  return k;
}

int add_cache(Compiler *c, const char *name, uint32_t len) {
  FuncState *fs = c->fs;
  ObjProto *p = fs->proto;
  ObjString *s = str_copy(c->vm, name, len);
  vm_push_root(c->vm, OBJ_VAL(s));
  if (p->ncaches >= p->ccap) {
    int ncap = p->ccap < 8 ? 8 : p->ccap * 2;
    p->caches = MEM_GROW(c->vm, InlineCache, p->caches, p->ccap, ncap);
    p->ccap = ncap;
  }
  vm_pop_root(c->vm);
  InlineCache *ic = &p->caches[p->ncaches];
  ic->name = s;
  ic->key = NULL;
  ic->method = NIL_VAL;
  ic->field = 0;
  ic->accessor = 0;
  return p->ncaches++;
}

void reserve_regs(Compiler *c, int n) {
  FuncState *fs = c->fs;
  fs->freereg += n;
  if (fs->freereg > WRIT_MAX_REGISTERS)
    compile_error(c, c->line, c->col, "expression needs too many registers (limit %d)",
                  WRIT_MAX_REGISTERS);
  if (fs->freereg > fs->proto->maxregs) fs->proto->maxregs = (uint8_t)fs->freereg;
}

/* ------------------------------------------------------------------ */
/* Scopes and variables                                                 */

static bool same_name(const char *a, uint32_t alen, const char *b, uint32_t blen) {
  return alen == blen && memcmp(a, b, alen) == 0;
}

/* Declares a local in the next free register, which the caller has already
 * filled (or reserved). */
static int add_local(Compiler *c, const char *name, uint32_t len, bool isConst, int reg) {
  FuncState *fs = c->fs;
  for (int i = fs->nlocals - 1; i >= 0 && fs->locals[i].depth == fs->scopeDepth; i--)
    if (len > 0 && name[0] != '(' && same_name(fs->locals[i].name, fs->locals[i].len, name, len))
      compile_error(c, c->line, c->col, "'%.*s' is already defined in this scope", (int)len, name);
  /* The limit counts the names a person wrote: not register 0 (self or
   * the callee) nor the hidden "(for)"/"(catch)" slots. */
  bool named = len > 0 && name[0] != '(' && fs->nlocals > 0;
  int nnamed = 0;
  for (int i = 1; i < fs->nlocals; i++)
    if (fs->locals[i].len > 0 && fs->locals[i].name[0] != '(') nnamed++;
  if (named && nnamed >= WRIT_MAX_LOCALS)
    compile_error(c, c->line, c->col, "too many local variables in one function (limit %d)",
                  WRIT_MAX_LOCALS);
  if (fs->nlocals > WRIT_MAX_REGISTERS)
    compile_error(c, c->line, c->col, "expression needs too many registers (limit %d)",
                  WRIT_MAX_REGISTERS);
  Local *l = &fs->locals[fs->nlocals++];
  l->name = name;
  l->len = len;
  l->reg = (uint8_t)reg;
  l->isConst = isConst;
  l->captured = false;
  l->depth = fs->scopeDepth;
  return reg;
}

static void enter_scope(Compiler *c) { c->fs->scopeDepth++; }

/* Pops the scope's locals; closes their upvalues if any was captured. */
static void exit_scope(Compiler *c) {
  FuncState *fs = c->fs;
  fs->scopeDepth--;
  int first = -1;
  bool captured = false;
  while (fs->nlocals > 0 && fs->locals[fs->nlocals - 1].depth > fs->scopeDepth) {
    Local *l = &fs->locals[--fs->nlocals];
    first = l->reg;
    captured |= l->captured;
  }
  if (first >= 0) {
    if (captured) emit(c, MK_ABC(OP_CLOSE, first, 0, 0));
    fs->freereg = first;
  }
}

static bool is_top_level(Compiler *c) { return c->fs->isChunk && c->fs->scopeDepth == 0; }

int find_local(FuncState *fs, const char *name, uint32_t len) {
  for (int i = fs->nlocals - 1; i >= 0; i--)
    if (same_name(fs->locals[i].name, fs->locals[i].len, name, len)) return i;
  return -1;
}

static int add_upvalue(Compiler *c, FuncState *fs, bool fromParent, int index) {
  ObjProto *p = fs->proto;
  for (int i = 0; i < p->nupvals; i++)
    if (p->upvals[i].fromParent == fromParent && p->upvals[i].index == index) return i;
  if (p->nupvals >= WRIT_MAX_UPVALUES)
    compile_error(c, c->line, c->col, "function captures too many variables (limit %d)",
                  WRIT_MAX_UPVALUES);
  p->upvals = MEM_GROW(c->vm, UpvalDesc, p->upvals, p->nupvals, p->nupvals + 1);
  p->upvals[p->nupvals].fromParent = fromParent;
  p->upvals[p->nupvals].index = (uint8_t)index;
  return p->nupvals++;
}

/* Returns the upvalue index in fs for name, or -1; records constness. */
static int find_upvalue(Compiler *c, FuncState *fs, const char *name, uint32_t len, bool *isConst) {
  if (!fs->enclosing) return -1;
  FuncState *parent = fs->enclosing;
  int l = find_local(parent, name, len);
  if (l >= 0) {
    parent->locals[l].captured = true;
    *isConst = parent->locals[l].isConst;
    return add_upvalue(c, fs, true, parent->locals[l].reg);
  }
  int u = find_upvalue(c, parent, name, len, isConst);
  if (u >= 0) return add_upvalue(c, fs, false, u);
  return -1;
}

/* Module slots: created on first mention so functions can refer to names
 * defined later in the module; names from the workspace's scope (built-ins,
 * endowments, and for the main script print/sys) are filled in then. */
static int module_slot(Compiler *c, const char *name, uint32_t len, bool *created) {
  WVM *vm = c->vm;
  ObjModule *m = c->module;
  ObjString *s = str_copy(vm, name, len);
  Value idx;
  *created = false;
  if (m->varIndex && map_get(vm, m->varIndex, OBJ_VAL(s), &idx)) return (int)AS_NUMBER(idx);
  if (m->nvars >= WRIT_MAX_MODULE_VARS)
    compile_error(c, c->line, c->col, "too many top-level names in one module (limit %d)",
                  WRIT_MAX_MODULE_VARS);
  int slot = module_new_slot(vm, m, s);
  Value v;
  if (workspace_scope_get(vm, m->ws, m->privileged, s, &v)) {
    m->vars[slot] = v;
    m->varFlags[slot] = VAR_SCOPE | VAR_DEFINED | VAR_CONST;
  }
  *created = true;
  return slot;
}

static void note_pending(Compiler *c, int slot, int line, int col) {
  if (c->npending >= c->pendcap)
    c->pending = scratch_grow(c, c->pending, sizeof(PendingUse), c->npending, &c->pendcap);
  c->pending[c->npending++] = (PendingUse){slot, line, col};
}

VarRef resolve_name(Compiler *c, const char *name, uint32_t len, int line, int col) {
  VarRef r;
  int l = find_local(c->fs, name, len);
  if (l >= 0) {
    r.kind = V_LOCAL;
    r.index = c->fs->locals[l].reg;
    r.isConst = c->fs->locals[l].isConst;
    return r;
  }
  bool isConst = false;
  int u = find_upvalue(c, c->fs, name, len, &isConst);
  if (u >= 0) {
    r.kind = V_UPVAL;
    r.index = u;
    r.isConst = isConst;
    return r;
  }
  bool created;
  r.kind = V_MODULE;
  r.index = module_slot(c, name, len, &created);
  uint8_t flags = c->module->varFlags[r.index];
  if (!(flags & VAR_DEFINED)) note_pending(c, r.index, line, col);
  r.isConst = (flags & VAR_CONST) != 0;
  return r;
}

/* Defines a top-level name; the caller stores its value with SETMOD. */
static int define_module_var(Compiler *c, const char *name, uint32_t len, bool isConst, bool exported) {
  bool created;
  int slot = module_slot(c, name, len, &created);
  uint8_t *flags = &c->module->varFlags[slot];
  if ((*flags & VAR_DEFINED) && !(*flags & VAR_SCOPE) && !c->evalMode)
    compile_error(c, c->line, c->col, "'%.*s' is already defined", (int)len, name);
  *flags = (uint8_t)(VAR_DEFINED | (isConst ? VAR_CONST : 0) | (exported ? VAR_EXPORT : 0));
  return slot;
}

/* A binding made by a declaration: a local, or a module slot at top level. */
typedef struct {
  bool isModule;
  int index; /* register or slot */
} Binding;

static Binding declare(Compiler *c, const char *name, uint32_t len, bool isConst, bool exported) {
  Binding b;
  if (is_top_level(c)) {
    b.isModule = true;
    b.index = define_module_var(c, name, len, isConst, exported);
  } else {
    if (exported)
      compile_error(c, c->line, c->col, "'export' is only allowed at the top level of a module");
    b.isModule = false;
    b.index = c->fs->freereg;
    reserve_regs(c, 1);
  }
  return b;
}

/* After the value is in place: store it (module) or make the local visible. */
static void bind_decl(Compiler *c, Binding b, const char *name, uint32_t len, bool isConst, int valueReg) {
  if (b.isModule) {
    emit(c, MK_ABx(OP_SETMOD, valueReg, b.index));
  } else {
    if (valueReg != b.index) emit(c, MK_ABC(OP_MOVE, b.index, valueReg, 0));
    add_local(c, name, len, isConst, b.index);
    c->fs->freereg = b.index + 1;
  }
}

int load_self(Compiler *c, int line, int col) {
  int l = find_local(c->fs, "self", 4);
  if (l >= 0) return c->fs->locals[l].reg;
  bool isConst;
  int u = find_upvalue(c, c->fs, "self", 4, &isConst);
  if (u < 0) compile_error(c, line, col, "'self' is only available inside class methods");
  int r = c->fs->freereg;
  reserve_regs(c, 1);
  emit(c, MK_ABC(OP_GETUPV, r, u, 0));
  return r;
}

static ClassInfo *current_class(Compiler *c) {
  for (FuncState *fs = c->fs; fs; fs = fs->enclosing)
    if (fs->klass) return fs->klass;
  return NULL;
}

int field_index(Compiler *c, Node *n) {
  ClassInfo *k = current_class(c);
  if (!k) compile_error(c, n->line, n->col, "fields (@%s) are only available inside class methods", n->str);
  for (int i = 0; i < k->nfields; i++)
    if (same_name(k->fields[i], k->fieldLens[i], n->str, n->len)) return i;
  if (k->nfields >= WRIT_MAX_FIELDS)
    compile_error(c, n->line, n->col, "too many fields in class %s (limit %d)", k->name, WRIT_MAX_FIELDS);
  if (k->nfields >= k->cap) {
    int cap = k->cap;
    k->fields = scratch_grow(c, (void *)k->fields, sizeof(char *), k->nfields, &cap);
    k->fieldLens = scratch_grow(c, k->fieldLens, sizeof(uint32_t), k->nfields, &k->cap);
  }
  k->fields[k->nfields] = n->str;
  k->fieldLens[k->nfields] = n->len;
  return k->nfields++;
}

/* ------------------------------------------------------------------ */
/* Functions                                                            */

static void open_function(Compiler *c, FuncState *fs, Node *fn) {
  memset(fs, 0, offsetof(FuncState, locals));
  fs->enclosing = c->fs;
  fs->proto = proto_new(c->vm, c->module);
  c->fs = fs; /* rooted from here on (compiler_mark) */
  if (fn && fn->str) fs->proto->name = str_copy(c->vm, fn->str, fn->len);
}

/* The prototype lives as long as any closure of it, so its arrays get
 * their final size: code and positions are copied out of the scratch, and
 * the arrays that grew by doubling are cut to size (as Lua's close_func
 * does). The prototype is still rooted through c->fs. */
/* Marks a method that only returns a field of self (GETFIELD r 0 C;
 * RETURN r) or only sets one from its one parameter (SETFIELD 0 B 1;
 * RETURNNIL): calls to it need no frame (vm.c, INVOKE). */
static void mark_accessor(ObjProto *p, const uint32_t *code, int n) {
  p->accessor = ACCESSOR_NONE;
  if (!p->isMethod || n < 2 || p->hasRest) return;
  uint32_t a = code[0], b = code[1];
  if (p->exactArgc == 0 && GET_OP(a) == OP_GETFIELD && GET_B(a) == 0 && GET_OP(b) == OP_RETURN &&
      GET_A(b) == GET_A(a)) {
    p->accessor = ACCESSOR_GET;
    p->accessorField = (uint8_t)GET_C(a);
  } else if (p->exactArgc == 1 && GET_OP(a) == OP_SETFIELD && GET_A(a) == 0 && GET_C(a) == 1 &&
             GET_OP(b) == OP_RETURNNIL) {
    p->accessor = ACCESSOR_SET;
    p->accessorField = (uint8_t)GET_B(a);
  }
  /* Off the frame-entering fast path, so other calls pay no test for it:
   * INVOKE tries the accessor when enter_fast declines. */
  if (p->accessor) p->exactArgc = -1;
}

/* The constants of the literal operands that are nil, true, false or a
 * number LOADI holds (literal_operand): added after all the others, when
 * the function is done, so that the constants the function had before,
 * their indexes and add_constant's charged map are what they were with a
 * load instead. A value is shared with the few added just before it. */
static void add_stored_literals(Compiler *c, FuncState *fs) {
  ObjProto *p = fs->proto;
  int first = p->nk;
  for (int i = 0; i < fs->literals.count; i++) {
    int at = fs->literals.items[i];
    uint32_t ins = fs->code[at];
    OpCode op = GET_OP(ins);
    if (op != OP_SETINDEXK && op != OP_GETKINDEX && op != OP_SETKINDEX && op != OP_KADD && op != OP_KMUL)
      compile_error(c, c->line, c->col, "internal: a literal operand lost its place");
    int ax = GET_Ax(fs->code[at + 1]);
    Value v = GET_C(ins) == 1 ? (Value)(QNAN | (uint64_t)ax) : NUMBER_VAL(ax - 32767);
    int k = p->nk - 1;
    while (k >= first && k >= p->nk - 16 && p->k[k] != v) k--;
    if (k < first || k < p->nk - 16) k = push_constant(c, p, v);
    fs->code[at] = MK_ABC(op, GET_A(ins), GET_B(ins), 0);
    fs->code[at + 1] = MK_Ax(OP_EXTRA, k);
  }
}

static void finish_proto(Compiler *c, FuncState *fs) {
  WVM *vm = c->vm;
  ObjProto *p = fs->proto;
  add_stored_literals(c, fs);
  mark_accessor(p, fs->code, p->ncode);
  p->code = MEM_ALLOC(vm, uint32_t, p->ncode);
  p->codecap = p->ncode;
  memcpy(p->code, fs->code, sizeof(uint32_t) * (size_t)p->ncode);
  p->pos = MEM_ALLOC(vm, SrcPos, p->ncode);
  p->poscap = p->ncode;
  memcpy(p->pos, fs->pos, sizeof(SrcPos) * (size_t)p->ncode);
  MEM_TRIM(vm, Value, p->k, p->kcap, p->nk);
  MEM_TRIM(vm, ObjProto *, p->protos, p->pcap, p->nprotos);
  MEM_TRIM(vm, InlineCache, p->caches, p->ccap, p->ncaches);
}

static void close_function(Compiler *c) {
  FuncState *fs = c->fs;
  finish_proto(c, fs);
  c->fs = fs->enclosing;
}

static void compile_block(Compiler *c, Node *block);
static void compile_stmt(Compiler *c, Node *s);

/* The parameters: each in its register (1, 2, ...; a rest list after the
 * positional ones), all reserved first; then, in order, each becomes a
 * local, and a defaulted one gets its prologue (a missing argument arrives
 * undefined: OP_ISUNDEF), so a default sees the parameters before it and
 * not those after. */
static void compile_params(Compiler *c, Node *fn, ObjProto *p) {
  FuncState *fs = c->fs;
  if (fn->list->count > WRIT_MAX_ARGS)
    compile_error(c, fn->line, fn->col, "too many parameters (limit %d)", WRIT_MAX_ARGS);
  int first = fs->freereg, nrequired = 0, npos = 0;
  bool defaults = false;
  reserve_regs(c, fn->list->count);
  for (Node *prm = fn->list->head; prm; prm = prm->next) {
    c->line = prm->line;
    c->col = prm->col;
    if (prm->op && prm->next)
      compile_error(c, prm->line, prm->col, "the rest parameter ...%.*s must be the last", (int)prm->len, prm->str);
    if (!prm->op) npos++;
    if (prm->a) defaults = true;
    else if (!prm->op && defaults)
      compile_error(c, prm->line, prm->col, "parameter '%.*s' needs a default: it follows one that has one",
                    (int)prm->len, prm->str);
    else if (!prm->op) nrequired++;
    int reg = prm->op ? first + npos : first + npos - 1;
    add_local(c, prm->str, prm->len, false, reg);
    if (prm->a) { /* the argument is missing: reg = the default */
      emit(c, MK_ABC(OP_ISUNDEF, reg, 0, 0));
      int over = emit_jump(c);
      expr_to(c, prm->a, reg);
      patch_jump(c, over, here(c));
      fs->freereg = first + fn->list->count;
    }
  }
  bool rest = fn->list->count > npos;
  p->nparams = (uint8_t)npos;
  p->nrequired = (uint8_t)nrequired;
  p->hasRest = rest;
  p->exactArgc = (int16_t)(rest || nrequired < npos ? -1 : npos);
}

/* Compiles a function literal or method; returns its index in the
 * enclosing function's prototype list. */
int compile_function(Compiler *c, Node *fn, ClassInfo *klass, bool isCtor) {
  int nesting = 0;
  for (FuncState *f = c->fs; f; f = f->enclosing) nesting++;
  if (nesting > WRIT_MAX_FUNCTION_NESTING)
    compile_error(c, fn->line, fn->col, "functions nest too deeply (limit %d)", WRIT_MAX_FUNCTION_NESTING);
  FuncState fs;
  FuncState *parent = c->fs;
  open_function(c, &fs, fn);
  fs.klass = klass;
  fs.isCtor = isCtor;
  ObjProto *p = fs.proto;
  p->isMethod = klass != NULL;
  add_local(c, klass ? "self" : "", klass ? 4 : 0, true, 0);
  reserve_regs(c, 1);
  compile_params(c, fn, p);
  if (fn->op) { /* => expr */
    int r = expr_any(c, fn->b);
    emit(c, MK_ABC(OP_RETURN, r, 0, 0));
  } else {
    compile_block(c, fn->b);
    c->line = fn->line;
    c->col = fn->col;
    emit(c, isCtor ? MK_ABC(OP_RETURN, 0, 0, 0) : MK_ABC(OP_RETURNNIL, 0, 0, 0));
  }
  close_function(c);
  /* Attach to the parent's list of prototypes. */
  ObjProto *pp = parent->proto;
  if (pp->nprotos >= pp->pcap) {
    int ncap = pp->pcap < 4 ? 4 : pp->pcap * 2;
    vm_push_root(c->vm, OBJ_VAL(p));
    pp->protos = MEM_GROW(c->vm, ObjProto *, pp->protos, pp->pcap, ncap);
    vm_pop_root(c->vm);
    pp->pcap = ncap;
  }
  if (pp->nprotos >= 65535) compile_error(c, fn->line, fn->col, "too many functions in one function");
  pp->protos[pp->nprotos] = p;
  return pp->nprotos++;
}

/* ------------------------------------------------------------------ */
/* Statements                                                           */

static void compile_block(Compiler *c, Node *block) {
  enter_scope(c);
  for (Node *s = block->list->head; s; s = s->next) compile_stmt(c, s);
  exit_scope(c);
}

static void compile_let(Compiler *c, Node *s, bool exported) {
  bool isConst = s->kind == N_LET;
  Binding b = declare(c, s->str, s->len, isConst, exported);
  int r;
  if (!s->a) {
    r = b.isModule ? c->fs->freereg : b.index;
    if (b.isModule) reserve_regs(c, 1);
    emit(c, MK_ABC(OP_LOADNIL, r, 0, 0));
  } else if (b.isModule) {
    r = expr_any(c, s->a);
  } else {
    expr_to(c, s->a, b.index);
    r = b.index;
  }
  bind_decl(c, b, s->str, s->len, isConst, r);
}

static void compile_destruct(Compiler *c, Node *s) {
  int n = s->list->count;
  int src = expr_any(c, s->a);
  /* Unpack over the temporary that held the list (UNPACK reads it first),
   * else into fresh registers. */
  int base = (src == c->fs->freereg - 1 && !is_local_reg(c, src)) ? src : c->fs->freereg;
  c->fs->freereg = base;
  if (base + n > WRIT_MAX_REGISTERS) compile_error(c, s->line, s->col, "too many names to unpack");
  reserve_regs(c, n);
  c->line = s->line;
  c->col = s->col;
  emit(c, MK_ABC(OP_UNPACK, base, src, n));
  bool isConst = !s->op;
  int i = 0;
  for (Node *nm = s->list->head; nm; nm = nm->next, i++) {
    c->line = nm->line;
    c->col = nm->col;
    if (is_top_level(c))
      emit(c, MK_ABx(OP_SETMOD, base + i, define_module_var(c, nm->str, nm->len, isConst, false)));
    else
      add_local(c, nm->str, nm->len, isConst, base + i);
  }
}

/* fn and class declarations bind their name before the body compiles, so
 * a function can call itself and methods can name their class. Returns
 * the register that will hold the value. */
static int declare_early(Compiler *c, Node *s, bool exported, Binding *b) {
  *b = declare(c, s->str, s->len, true, exported);
  if (b->isModule) {
    int r = c->fs->freereg;
    reserve_regs(c, 1);
    return r;
  }
  add_local(c, s->str, s->len, true, b->index);
  return b->index;
}

static void compile_fndecl(Compiler *c, Node *s, bool exported) {
  Binding b;
  int r = declare_early(c, s, exported, &b);
  int idx = compile_function(c, s->a, NULL, false);
  c->line = s->line;
  c->col = s->col;
  emit(c, MK_ABx(OP_CLOSURE, r, idx));
  if (b.isModule) emit(c, MK_ABx(OP_SETMOD, r, b.index));
  c->fs->freereg = r + (b.isModule ? 0 : 1);
}

static void compile_class(Compiler *c, Node *s, bool exported) {
  Binding b;
  int r = declare_early(c, s, exported, &b);
  reserve_regs(c, 1); /* r + 1: superclass, then each method */
  if (s->a) expr_to(c, s->a, r + 1);
  c->line = s->line;
  c->col = s->col;
  emit(c, MK_ABx(OP_CLASS, r, string_constant(c, s->str, s->len)));
  int extra = emit(c, MK_Ax(OP_EXTRA, 0));
  ClassInfo info;
  memset(&info, 0, sizeof info);
  info.hasSuper = s->a != NULL;
  info.name = s->str;
  for (Node *m = s->list->head; m; m = m->next) {
    bool isCtor = m->len == 3 && memcmp(m->str, "new", 3) == 0;
    int idx = compile_function(c, m, &info, isCtor);
    c->line = m->line;
    c->col = m->col;
    emit(c, MK_ABx(OP_CLOSURE, r + 1, idx));
    emit(c, MK_ABx(OP_METHOD, r, string_constant(c, m->str, m->len)));
  }
  c->fs->code[extra] = MK_Ax(OP_EXTRA, info.nfields | (info.hasSuper ? 1 << 16 : 0));
  c->line = s->line;
  c->col = s->col;
  emit(c, MK_ABC(OP_ENDCLASS, r, 0, 0));
  if (b.isModule) emit(c, MK_ABx(OP_SETMOD, r, b.index));
  c->fs->freereg = r + (b.isModule ? 0 : 1);
}

static void compile_import(Compiler *c, Node *s) {
  Binding b = declare(c, s->str2, s->len2, true, false);
  int r = b.isModule ? c->fs->freereg : b.index;
  if (b.isModule) reserve_regs(c, 1);
  c->line = s->line;
  c->col = s->col;
  emit(c, MK_ABx(s->op ? OP_IMPORTPATH : OP_IMPORT, r, string_constant(c, s->str, s->len)));
  bind_decl(c, b, s->str2, s->len2, true, r);
}

static void compile_export(Compiler *c, Node *s) {
  Node *d = s->a;
  if (!is_top_level(c))
    compile_error(c, s->line, s->col, "'export' is only allowed at the top level of a module");
  switch (d->kind) {
  case N_LET: case N_VAR: compile_let(c, d, true); break;
  case N_FNDECL: compile_fndecl(c, d, true); break;
  case N_CLASS: compile_class(c, d, true); break;
  default: compile_error(c, s->line, s->col, "only let, var, fn and class can be exported");
  }
}

static void assign_name(Compiler *c, Node *s, Node *t) {
  VarRef v = resolve_name(c, t->str, t->len, t->line, t->col);
  if (v.isConst) {
    if (v.kind == V_MODULE && (c->module->varFlags[v.index] & VAR_SCOPE))
      compile_error(c, s->line, s->col, "cannot assign to built-in '%s' (declare your own with let or var)", t->str);
    compile_error(c, s->line, s->col, "cannot assign to '%s': it is a constant (declared with let, fn, class or import)", t->str);
  }
  Node tmp;
  Node *value = s->b;
  if (s->op != TK_ASSIGN) { /* x op= e is x = x op e */
    memset(&tmp, 0, sizeof tmp);
    tmp.kind = N_BINARY;
    tmp.op = s->op;
    tmp.line = s->line;
    tmp.col = s->col;
    tmp.a = t;
    tmp.b = s->b;
    value = &tmp;
  }
  if (v.kind == V_LOCAL) {
    expr_to(c, value, v.index);
    return;
  }
  int r = expr_any(c, value);
  c->line = s->line;
  c->col = s->col;
  emit(c, v.kind == V_UPVAL ? MK_ABC(OP_SETUPV, r, v.index, 0) : MK_ABx(OP_SETMOD, r, v.index));
}

static uint32_t arith_op(int tk) {
  switch (tk) {
  case TK_PLUS: return OP_ADD;
  case TK_MINUS: return OP_SUB;
  case TK_STAR: return OP_MUL;
  case TK_SLASH: return OP_DIV;
  default: return OP_MOD;
  }
}

/* A literal that one load instruction would put in a register (nil, true,
 * false, a number, a string), as the operand word of an instruction that
 * reads it from the constants instead (SETINDEXK, GETKINDEX, SETKINDEX,
 * KADD, KMUL): *how is 0 when *ax is already its constant (a string, or
 * a number LOADI cannot hold: the constant the load would have added,
 * added now, where the load would have been); 1 when it is nil, false or
 * true (*ax its tag); 2 when it is the number *ax - 32767. Those two get
 * their constants at the function's end (add_stored_literals), so that
 * the function's other constants keep their indexes. */
bool is_literal(const Node *e) {
  return e->kind == N_NIL || e->kind == N_FALSE || e->kind == N_TRUE || e->kind == N_STRING || e->kind == N_NUMBER ||
         (e->kind == N_NEG && e->a->kind == N_NUMBER);
}

void literal_operand(Compiler *c, Node *e, int *how, int *ax) {
  double d;
  switch (e->kind) {
  case N_NIL: *how = 1, *ax = TAG_NIL; return;
  case N_FALSE: *how = 1, *ax = TAG_FALSE; return;
  case N_TRUE: *how = 1, *ax = TAG_TRUE; return;
  case N_STRING: *how = 0, *ax = string_constant(c, e->str, e->len); return;
  case N_NUMBER: case N_NEG:
    d = e->kind == N_NEG ? -e->a->num : e->num;
    if (load_immediate(d, ax)) *how = 2, *ax += 32767;
    else *how = 0, *ax = add_constant(c, NUMBER_VAL(d));
    return;
  default: compile_error(c, e->line, e->col, "internal: not a literal operand");
  }
}

/* ins (its C the how of literal_operand) and the operand word ax, both at
 * the current position: as long as the load and the instruction they
 * replace, so the fuel a loop costs is the same. */
void emit_literal_op(Compiler *c, uint32_t ins, int ax) {
  int at = emit(c, ins);
  emit(c, MK_Ax(OP_EXTRA, ax));
  if (GET_C(ins) != 0) jl_add(c, &c->fs->literals, at);
}

/* x[k] = a literal: one SETINDEXK and its operand word instead of the load
 * into a temporary and SETINDEX. Both words carry the store's position. */
static bool store_literal(Compiler *c, Node *s, int obj, int key) {
  int how, ax;
  if (!is_literal(s->b)) return false;
  literal_operand(c, s->b, &how, &ax);
  c->line = s->line;
  c->col = s->col;
  emit_literal_op(c, MK_ABC(OP_SETINDEXK, obj, key, how), ax);
  return true;
}

static void compile_assign(Compiler *c, Node *s) {
  Node *t = s->a;
  if (t->kind == N_NAME) {
    assign_name(c, s, t);
  } else if (t->kind == N_FIELD) {
    int idx = field_index(c, t);
    int self = load_self(c, t->line, t->col);
    int v;
    if (s->op == TK_ASSIGN) {
      v = expr_any(c, s->b);
    } else {
      v = c->fs->freereg;
      reserve_regs(c, 1);
      emit(c, MK_ABC(OP_GETFIELD, v, self, idx));
      int rb = expr_any(c, s->b);
      c->line = s->line;
      c->col = s->col;
      emit(c, MK_ABC(arith_op(s->op), v, v, rb));
    }
    c->line = s->line;
    c->col = s->col;
    emit(c, MK_ABC(OP_SETFIELD, self, idx, v));
  } else { /* N_INDEX */
    int obj = expr_any(c, t->a);
    int how, ax;
    if (s->op == TK_ASSIGN && is_literal(t->b) && !is_literal(s->b)) {
      /* x[k] = y, k a literal: SETKINDEX and its operand word where the
       * key's load was and the store will be (as long as the two) */
      literal_operand(c, t->b, &how, &ax);
      int v = expr_any(c, s->b);
      c->line = s->line;
      c->col = s->col;
      emit_literal_op(c, MK_ABC(OP_SETKINDEX, obj, v, how), ax);
      return;
    }
    int key = expr_any(c, t->b);
    int v;
    if (s->op == TK_ASSIGN && store_literal(c, s, obj, key)) return;
    if (s->op == TK_ASSIGN) {
      v = expr_any(c, s->b);
    } else {
      v = c->fs->freereg;
      reserve_regs(c, 1);
      c->line = t->line;
      c->col = t->col;
      emit(c, MK_ABC(OP_GETINDEX, v, obj, key));
      int rb = expr_any(c, s->b);
      c->line = s->line;
      c->col = s->col;
      emit(c, MK_ABC(arith_op(s->op), v, v, rb));
    }
    c->line = s->line;
    c->col = s->col;
    emit(c, MK_ABC(OP_SETINDEX, obj, key, v));
  }
}

static void compile_if(Compiler *c, Node *s) {
  JumpList fl = {0};
  cond_jump(c, s->a, false, &fl);
  compile_block(c, s->b);
  if (s->c) {
    int over = emit_jump(c);
    patch_here(c, &fl);
    if (s->c->kind == N_IF) compile_stmt(c, s->c);
    else compile_block(c, s->c);
    patch_jump(c, over, here(c));
  } else {
    patch_here(c, &fl);
  }
}

static void begin_loop(Compiler *c, Loop *lp) {
  memset(lp, 0, sizeof *lp);
  lp->prev = c->fs->loop;
  lp->scopeDepth = c->fs->scopeDepth;
  lp->firstReg = c->fs->freereg;
  lp->tryDepth = c->fs->tryDepth;
  c->fs->loop = lp;
}

static void end_loop(Compiler *c, Loop *lp, int continueTarget) {
  for (int i = 0; i < lp->continues.count; i++) patch_jump(c, lp->continues.items[i], continueTarget);
  patch_here(c, &lp->breaks);
  c->fs->loop = lp->prev;
}

/* while x < y, x <= y (or > >=, or against a small number): when the
 * condition starts with that one compare and its jump out (top, top + 1,
 * leaving to just after the jump back) and the loop is short, the jump
 * back becomes LOOPLT ... LOOPGEI, which also does the compare and goes on
 * past the pair (at the body, or at the rest of an `and`) or falls out,
 * saving a dispatch an iteration. Same word, same fuel charged (C, the
 * jump's distance) at the same position; a compare of non-numbers runs
 * at top, as before, and raises its errors there. */
static void fuse_loop_test(Compiler *c, int top, int back) {
  uint32_t *code = c->fs->code;
  uint32_t t = code[top];
  int d = back + 1 - top;
  static const struct { uint8_t test, loop; } fused[] = {{OP_LT, OP_LOOPLT},   {OP_LE, OP_LOOPLE},
                                                        {OP_LTI, OP_LOOPLTI}, {OP_LEI, OP_LOOPLEI},
                                                        {OP_GTI, OP_LOOPGTI}, {OP_GEI, OP_LOOPGEI}};
  if (GET_C(t) != 0 || d > 255 || GET_OP(code[top + 1]) != OP_JMP || top + 2 + GET_sJ(code[top + 1]) != back + 1)
    return;
  for (size_t i = 0; i < sizeof fused / sizeof fused[0]; i++)
    if (GET_OP(t) == fused[i].test) code[back] = MK_ABC(fused[i].loop, GET_A(t), GET_B(t), d);
}

static void compile_while(Compiler *c, Node *s) {
  Loop lp;
  int top = here(c);
  JumpList exit = {0};
  cond_jump(c, s->a, false, &exit);
  begin_loop(c, &lp);
  compile_block(c, s->b);
  int back = emit_jump(c);
  patch_jump(c, back, top);
  patch_here(c, &exit);
  end_loop(c, &lp, top);
  fuse_loop_test(c, top, back);
}

/* for x in a..b: a numeric loop with no range object. */
static void compile_for_range(Compiler *c, Node *s) {
  Node *r = s->a;
  enter_scope(c);
  int base = c->fs->freereg;
  expr_next(c, r->a);
  expr_next(c, r->b);
  add_local(c, "(for)", 5, true, base);
  add_local(c, "(for)", 5, true, base + 1);
  c->line = s->line;
  c->col = s->col;
  emit(c, MK_ABC(r->op ? OP_FORPREPI : OP_FORPREP, base, 0, 0));
  int exit = emit_jump(c);
  Loop lp;
  begin_loop(c, &lp);
  int top = here(c);
  enter_scope(c);
  add_local(c, s->str, s->len, false, base + 2);
  reserve_regs(c, 1);
  compile_block(c, s->b);
  bool captured = c->fs->locals[c->fs->nlocals - 1].captured;
  exit_scope(c);
  int cont = here(c);
  if (captured) emit(c, MK_ABC(OP_CLOSE, base + 2, 0, 0));
  c->line = s->line;
  c->col = s->col;
  int dist = here(c) + 1 - top;
  if (dist > 65535) compile_error(c, s->line, s->col, "loop body too large");
  emit(c, MK_ABx(OP_FORLOOP, base, dist));
  patch_jump(c, exit, here(c));
  end_loop(c, &lp, cont);
  exit_scope(c);
}

static void compile_for(Compiler *c, Node *s) {
  if (s->a->kind == N_RANGE && !s->str2) {
    compile_for_range(c, s);
    return;
  }
  enter_scope(c);
  int base = c->fs->freereg;
  expr_next(c, s->a);
  reserve_regs(c, 2);
  add_local(c, "(for)", 5, true, base);
  add_local(c, "(for)", 5, true, base + 1);
  add_local(c, "(for)", 5, true, base + 2);
  c->line = s->line;
  c->col = s->col;
  emit(c, MK_ABC(OP_ITERPREP, base, 0, 0));
  Loop lp;
  begin_loop(c, &lp);
  int top = here(c);
  int nvars = s->str2 ? 2 : 1;
  c->line = s->line;
  c->col = s->col;
  emit(c, MK_ABC(OP_ITERNEXT, base, nvars, 0));
  int exit = emit_jump(c);
  enter_scope(c);
  add_local(c, s->str, s->len, false, base + 3);
  reserve_regs(c, 1);
  if (s->str2) {
    add_local(c, s->str2, s->len2, false, base + 4);
    reserve_regs(c, 1);
  }
  compile_block(c, s->b);
  exit_scope(c);
  int back = emit_jump(c);
  patch_jump(c, back, top);
  patch_jump(c, exit, here(c));
  end_loop(c, &lp, top);
  exit_scope(c);
}

/* Leaving try statements down to handler depth `depth` (break, continue,
 * return): their handlers are popped, and the finally blocks of those
 * that have one run on the way out, innermost first, each outside its
 * own try (an error in it is not caught by its own handler). */
static void leave_tries(Compiler *c, int depth) {
  FuncState *fs = c->fs;
  int now = fs->tryDepth;
  Finally *saved = fs->fin;
  for (Finally *f = saved; f && f->depth > depth; f = f->prev) {
    if (now > f->depth - 1) emit(c, MK_ABC(OP_ENDTRY, now - (f->depth - 1), 0, 0));
    now = f->depth - 1;
    fs->tryDepth = now;
    fs->fin = f->prev;
    compile_block(c, f->block);
  }
  fs->fin = saved;
  if (now > depth) emit(c, MK_ABC(OP_ENDTRY, now - depth, 0, 0));
}

static void compile_break(Compiler *c, Node *s, bool isBreak) {
  Loop *lp = c->fs->loop;
  if (!lp) compile_error(c, s->line, s->col, "'%s' outside a loop", isBreak ? "break" : "continue");
  int depthHere = c->fs->tryDepth;
  leave_tries(c, lp->tryDepth);
  c->fs->tryDepth = depthHere;
  /* Close what the body's scopes captured so each iteration's closures
   * keep their own variables. */
  for (int i = c->fs->nlocals - 1; i >= 0 && c->fs->locals[i].depth > lp->scopeDepth; i--)
    if (c->fs->locals[i].captured) {
      emit(c, MK_ABC(OP_CLOSE, lp->firstReg, 0, 0));
      break;
    }
  jl_add(c, isBreak ? &lp->breaks : &lp->continues, emit_jump(c));
}

/* One catch clause, the caught value in register r (the local slot at
 * index slot): for `catch e is K` a test that jumps to `next` when the
 * value is not a K, then the handler with the value named. */
static void compile_catch(Compiler *c, Node *k, int r, int slot, JumpList *next) {
  if (k->a) {
    int saved = c->fs->freereg;
    int t = c->fs->freereg;
    reserve_regs(c, 1);
    int cls = expr_any(c, k->a);
    c->line = k->line;
    c->col = k->col;
    emit(c, MK_ABC(OP_IS, t, r, cls));
    emit(c, MK_ABC(OP_TEST, t, 0, 0));
    jl_add(c, next, emit_jump(c));
    c->fs->freereg = saved;
  }
  Local *l = &c->fs->locals[slot];
  if (k->str) { /* the caught value is this clause's variable, in its block only */
    l->name = k->str;
    l->len = k->len;
    l->isConst = false;
  }
  compile_block(c, k->b);
  l = &c->fs->locals[slot];
  l->name = "(catch)";
  l->len = 7;
  l->isConst = true;
}

/* try { body } catch ... : the body under a handler; a throw lands at the
 * clauses, tried in order; when none matches the value is thrown on. */
static void compile_try_catch(Compiler *c, Node *s) {
  enter_scope(c);
  int r = c->fs->freereg;
  reserve_regs(c, 1);
  add_local(c, "(catch)", 7, true, r);
  int slot = c->fs->nlocals - 1;
  emit(c, MK_ABC(OP_TRY, r, 0, 0));
  int toHandler = emit_jump(c);
  c->fs->tryDepth++;
  compile_block(c, s->a);
  c->fs->tryDepth--;
  emit(c, MK_ABC(OP_ENDTRY, 1, 0, 0));
  JumpList done = {0};
  jl_add(c, &done, emit_jump(c));
  patch_jump(c, toHandler, here(c));
  bool rethrow = false;
  for (Node *k = s->list->head; k; k = k->next) {
    JumpList next = {0};
    compile_catch(c, k, r, slot, &next);
    rethrow = k->a != NULL;
    if (k->next || rethrow) jl_add(c, &done, emit_jump(c));
    patch_here(c, &next);
  }
  if (rethrow) { /* no clause matched: on to an outer handler, trace kept */
    c->line = s->line;
    c->col = s->col;
    emit(c, MK_ABC(OP_THROW, r, 0, 0));
  }
  patch_here(c, &done);
  exit_scope(c);
}

/* try ... finally { block }: the try (and its catches) under a handler of
 * its own. The block runs on the way out whichever way that is: after
 * the try completes, on break, continue or return (leave_tries), and
 * when a throw gets past the catches, after which the value is thrown on.
 * Budgets running out, interrupts and exits skip it: no handler sees them. */
static void compile_try(Compiler *c, Node *s) {
  if (!s->c) {
    compile_try_catch(c, s);
    return;
  }
  FuncState *fs = c->fs;
  enter_scope(c);
  int rf = fs->freereg;
  reserve_regs(c, 1);
  add_local(c, "(finally)", 9, true, rf);
  emit(c, MK_ABC(OP_TRY, rf, 0, 0));
  int toFinally = emit_jump(c);
  fs->tryDepth++;
  Finally fin = {s->c, fs->tryDepth, fs->fin};
  fs->fin = &fin;
  if (s->list->count > 0) compile_try_catch(c, s);
  else compile_block(c, s->a);
  fs->fin = fin.prev;
  fs->tryDepth--;
  emit(c, MK_ABC(OP_ENDTRY, 1, 0, 0));
  compile_block(c, s->c); /* completed normally */
  int over = emit_jump(c);
  patch_jump(c, toFinally, here(c));
  compile_block(c, s->c); /* a throw got this far: run it, then throw on */
  c->line = s->line;
  c->col = s->col;
  emit(c, MK_ABC(OP_THROW, rf, 0, 0));
  patch_jump(c, over, here(c));
  exit_scope(c);
}

static void compile_return(Compiler *c, Node *s) {
  FuncState *fs = c->fs;
  int depthHere = fs->tryDepth;
  if (fs->isCtor) {
    if (s->a) compile_error(c, s->line, s->col, "a constructor cannot return a value");
    if (fs->fin) leave_tries(c, 0);
    fs->tryDepth = depthHere;
    emit(c, MK_ABC(OP_RETURN, 0, 0, 0));
    return;
  }
  if (!s->a) {
    if (fs->fin) leave_tries(c, 0);
    fs->tryDepth = depthHere;
    emit(c, MK_ABC(OP_RETURNNIL, 0, 0, 0));
    return;
  }
  if (fs->fin) { /* the value first, held in a hidden local the finally blocks leave alone */
    enter_scope(c);
    int r = fs->freereg;
    reserve_regs(c, 1);
    add_local(c, "(return)", 8, true, r);
    expr_to(c, s->a, r);
    leave_tries(c, 0);
    fs->tryDepth = depthHere;
    c->line = s->line;
    c->col = s->col;
    emit(c, MK_ABC(OP_RETURN, r, 0, 0));
    exit_scope(c);
    return;
  }
  int r = expr_any(c, s->a);
  c->line = s->line;
  c->col = s->col;
  emit(c, MK_ABC(OP_RETURN, r, 0, 0));
}

int active_top(FuncState *fs) { return fs->nlocals ? fs->locals[fs->nlocals - 1].reg + 1 : 0; }

static void compile_stmt(Compiler *c, Node *s) {
  enter_node(c, s);
  switch (s->kind) {
  case N_EXPR:
    /* a send whose promise nobody keeps makes none */
    if (s->a->kind == N_CALL && s->a->op == TK_SEND) compile_send_statement(c, s->a);
    else if (s->a->kind == N_CALL) compile_call_statement(c, s->a);
    else expr_any(c, s->a);
    break;
  case N_LET: case N_VAR: compile_let(c, s, false); break;
  case N_DESTRUCT: compile_destruct(c, s); break;
  case N_FNDECL: compile_fndecl(c, s, false); break;
  case N_CLASS: compile_class(c, s, false); break;
  case N_IMPORT: compile_import(c, s); break;
  case N_EXPORT: compile_export(c, s); break;
  case N_ASSIGN: compile_assign(c, s); break;
  case N_IF: compile_if(c, s); break;
  case N_WHILE: compile_while(c, s); break;
  case N_FOR: compile_for(c, s); break;
  case N_BREAK: compile_break(c, s, true); break;
  case N_CONTINUE: compile_break(c, s, false); break;
  case N_RETURN: compile_return(c, s); break;
  case N_THROW: {
    int r = expr_any(c, s->a);
    c->line = s->line;
    c->col = s->col;
    emit(c, MK_ABC(OP_THROW, r, 0, 0));
    break;
  }
  case N_TRY: compile_try(c, s); break;
  case N_BLOCK: compile_block(c, s); break;
  default: compile_error(c, s->line, s->col, "internal: unexpected statement");
  }
  /* Between statements only the live locals hold registers. */
  c->fs->freereg = active_top(c->fs);
  leave_node(c);
}

/* ------------------------------------------------------------------ */
/* Entry                                                                */

static void check_pending(Compiler *c) {
  for (int i = 0; i < c->npending; i++) {
    PendingUse *u = &c->pending[i];
    if (c->module->varFlags[u->slot] & VAR_DEFINED) continue;
    ObjString *name = c->module->varNames[u->slot];
    Value m;
    /* A standard module's name: the import is what is missing. */
    if (c->vm->stdModules && map_get_str(c->vm, c->vm->stdModules, name, &m))
      compile_error(c, u->line, u->col, "undefined variable '%s' (to use the %s module, write 'import %s' first)",
                    name->chars, name->chars, name->chars);
    compile_error(c, u->line, u->col, "undefined variable '%s'", name->chars);
  }
}

static void compile_chunk(Compiler *c, Node *root, FuncState *fs) {
  open_function(c, fs, NULL);
  fs->isChunk = true;
  fs->proto->name = c->vm->sMain;
  add_local(c, "", 0, true, 0);
  reserve_regs(c, 1);
  Node *last = root->list->tail;
  for (Node *s = root->list->head; s; s = s->next) {
    if (c->evalMode && s == last && s->kind == N_EXPR) {
      enter_node(c, s);
      int r = expr_any(c, s->a);
      emit(c, MK_ABC(OP_RETURN, r, 0, 0));
      leave_node(c);
      break;
    }
    compile_stmt(c, s);
  }
  c->line = last ? last->line : 1;
  c->col = 1;
  emit(c, MK_ABC(OP_RETURNNIL, 0, 0, 0));
  check_pending(c);
  close_function(c);
}

#define ARENA_ON_STACK (4 * 1024)

static void *arena_allocator(void *ud, void *ptr, size_t oldSize, size_t newSize) {
  return mem_scratch((WVM *)ud, ptr, oldSize, newSize);
}

typedef struct {
  Arena *arena;
  ParseCtx *ctx;
  Compiler *c;
  FuncState *fs;
  const char *src;
  size_t len;
  bool parsed;
  ObjProto *result;
} CompileRun;

static void compile_protected(WVM *vm, void *ud) {
  CompileRun *r = ud;
  Compiler *c = r->c;
  r->parsed = parse_source(r->ctx, r->src, r->len);
  if (!r->parsed) return;
  c->prevCompiler = vm->compiler;
  vm->compiler = c;
  int savedRoots = vm->nroots;
  if (setjmp(c->jmp) == 0) {
    compile_chunk(c, r->ctx->root, r->fs);
    r->result = r->fs->proto;
  } else {
    vm->nroots = savedRoots;
  }
  vm->compiler = c->prevCompiler;
}

ObjProto *compiler_compile(WVM *vm, ObjModule *m, const char *src, size_t len,
                           bool evalMode, CompileError *err) {
  /* The arena's first block is on the C stack: a one-line eval (about
   * 3 KiB with the parser) then needs no heap for its scratch. */
  _Alignas(max_align_t) char firstBlock[ARENA_ON_STACK];
  Arena arena;
  arena_init(&arena, arena_allocator, vm, firstBlock, sizeof firstBlock);
  ParseCtx ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.arena = &arena;
  ctx.lineBase = m->lineBase;
  memset(err, 0, sizeof *err);
  Compiler c;
  memset(&c, 0, sizeof c);
  c.vm = vm;
  c.module = m;
  c.err = err;
  c.evalMode = evalMode;
  c.arena = &arena;
  FuncState fs;
  CompileRun r = {&arena, &ctx, &c, &fs, src, len, false, NULL};
  /* An allocation may fail (out of memory, a heap budget): the arena is
   * freed on the way out either way, then the error travels on. */
  if (!vm_protect(vm, compile_protected, &r)) {
    arena_free(&arena);
    vm_throw(vm, vm->error);
  }
  if (!r.parsed) {
    err->incomplete = ctx.incomplete;
    err->line = ctx.eline;
    err->col = ctx.ecol;
    snprintf(err->msg, sizeof err->msg, "%s", ctx.msg);
  }
  arena_free(&arena);
  return r.result;
}

void compiler_mark(WVM *vm, Compiler *c) {
  for (; c; c = c->prevCompiler) {
    gc_mark_obj(vm, (Obj *)c->module);
    for (FuncState *fs = c->fs; fs; fs = fs->enclosing) {
      gc_mark_obj(vm, (Obj *)fs->proto);
      gc_mark_obj(vm, (Obj *)fs->kindex);
    }
  }
}
