/* Expressions to register code. expr_to(e, dst) leaves e's value in dst;
 * expr_any(e) answers whichever register holds it (a local's own register
 * when e is a local, so `a + b` needs no moves); cond_jump compiles a
 * condition straight into jumps. */
#include <math.h>
#include <string.h>
#include "lang/compiler_int.h"
#include "vm/wstring.h"

static void at(Compiler *c, Node *n) {
  c->line = n->line;
  c->col = n->col;
}

bool is_local_reg(Compiler *c, int reg) {
  FuncState *fs = c->fs;
  return fs->nlocals > 0 && reg <= fs->locals[fs->nlocals - 1].reg;
}

/* dst is a fresh register on top of the stack: code may build a value in
 * it piece by piece (and use the registers above) without clobbering a
 * variable the expression still reads. */
static bool is_fresh_top(Compiler *c, int dst) {
  return dst == c->fs->freereg - 1 && !is_local_reg(c, dst);
}

static void compile_call(Compiler *c, Node *e, int base);

/* The register of the local that e names, or -1. */
static int find_local_reg(Compiler *c, Node *e) {
  if (e->kind != N_NAME) return -1;
  int l = find_local(c->fs, e->str, e->len);
  return l < 0 ? -1 : c->fs->locals[l].reg;
}

int expr_any(Compiler *c, Node *e) {
  if (e->kind == N_NAME) {
    VarRef v = resolve_name(c, e->str, e->len, e->line, e->col);
    if (v.kind == V_LOCAL) return v.index;
  } else if (e->kind == N_SELF) {
    return load_self(c, e->line, e->col);
  }
  return expr_next(c, e);
}

int expr_next(Compiler *c, Node *e) {
  int r = c->fs->freereg;
  if (e->kind == N_CALL) {
    compile_call(c, e, r);
    return r;
  }
  reserve_regs(c, 1);
  expr_to(c, e, r);
  c->fs->freereg = r + 1;
  return r;
}

static bool small_int(Node *e, int lo, int hi, int *out) {
  if (e->kind != N_NUMBER) return false;
  double d = e->num;
  if (d != floor(d) || d < lo || d > hi) return false;
  if (d == 0 && signbit(d)) return false;
  *out = (int)d;
  return true;
}

/* Whether LOADI holds d (a whole number in sBx's range, not -0). */
bool load_immediate(double d, int *out) {
  if (!(d == floor(d) && d >= SBX_MIN && d <= SBX_MAX && !(d == 0 && signbit(d)))) return false;
  *out = (int)d;
  return true;
}

static void load_number(Compiler *c, double d, int dst) {
  int i;
  if (load_immediate(d, &i))
    emit(c, MK_ABx(OP_LOADI, dst, i + 32767));
  else
    emit(c, MK_ABx(OP_LOADK, dst, add_constant(c, NUMBER_VAL(d))));
}

static bool is_compare(int op) {
  return op == TK_EQ || op == TK_NE || op == TK_LT || op == TK_LE || op == TK_GT || op == TK_GE;
}

static bool fold(int op, double a, double b, double *out) {
  switch (op) {
  case TK_PLUS: *out = a + b; return true;
  case TK_MINUS: *out = a - b; return true;
  case TK_STAR: *out = a * b; return true;
  case TK_SLASH: *out = a / b; return true;
  case TK_POW: *out = pow(a, b); return true;
  default: return false;
  }
}

static OpCode binop(int op) {
  switch (op) {
  case TK_PLUS: return OP_ADD;
  case TK_MINUS: return OP_SUB;
  case TK_STAR: return OP_MUL;
  case TK_SLASH: return OP_DIV;
  case TK_PERCENT: return OP_MOD;
  case TK_BAND: return OP_BAND;
  case TK_BOR: return OP_BOR;
  case TK_BXOR: return OP_BXOR;
  case TK_SHL: return OP_SHL;
  case TK_POW: return OP_POW;
  case TK_IN: return OP_IN;
  case TK_IS: return OP_IS;
  default: return OP_SHR;
  }
}

/* Nodes in e's tree (function bodies count one: they get their own
 * registers), counting up to cap. */
static int tree_size(const Node *e, int cap) {
  if (!e || cap <= 0) return 0;
  int n = 1;
  if (e->kind == N_FUNC) return n;
  n += tree_size(e->a, cap - n);
  n += tree_size(e->b, cap - n);
  n += tree_size(e->c, cap - n);
  for (const Node *x = e->list ? e->list->head : NULL; x && n < cap; x = x->next) n += tree_size(x, cap - n);
  return n;
}

/* An operand a chain of + can take: one that ADD would not have read in
 * place (a local, self) or folded in (a number: ADDI, ADDK), so that it
 * costs the same code either way; small enough that putting the parts
 * side by side cannot run out of registers where one at a time did not. */
static bool concat_operand_ok(Compiler *c, Node *x, bool *text, int *size) {
  if (x->kind == N_NUMBER || x->kind == N_SELF || find_local_reg(c, x) >= 0) return false;
  if (x->kind == N_STRING || x->kind == N_INTERP) *text = true;
  *size += tree_size(x, 64);
  return *size < 64;
}

#define CONCAT_MAX 16

/* x is str(y) and its CALL, the last word emitted, left the result in the
 * temporary r that the + about to be emitted reads: mark the CALL (C = 1)
 * so that, when the callee is the built-in str and y a number, the VM puts
 * y's digits straight into the +'s string (vm.c's str_call). A local's
 * register is never marked: its value is read again later. */
static bool mark_call(Compiler *c, Node *x, int r, const char *name, int flag) {
  ObjProto *p = c->fs->proto;
  size_t len = strlen(name);
  if (x->kind != N_CALL || x->op == TK_SEND || x->a->kind != N_NAME || x->a->len != len ||
      memcmp(x->a->str, name, len) != 0 || p->ncode == 0 || is_local_reg(c, r))
    return false;
  uint32_t *last = &c->fs->code[p->ncode - 1];
  if (GET_OP(*last) != OP_CALL || GET_A(*last) != r || GET_C(*last) != 0) return false;
  *last = MK_ABC(OP_CALL, r, GET_B(*last), flag);
  return true;
}

static void mark_str_operand(Compiler *c, Node *x, int r) {
  if (x->kind == N_CALL && x->list->count == 1) mark_call(c, x, r, "str", 1);
}

/* A call statement: when(...) is marked (C = 2) so that, when the callee
 * is the built-in, it makes no promise for a result nobody can see (vm.c's
 * call_shortcut), as a send statement makes none. */
void compile_call_statement(Compiler *c, Node *e) {
  int base = c->fs->freereg;
  int r = expr_any(c, e);
  mark_call(c, e, r, "when", 2);
  c->fs->freereg = base;
}

/* a + b + c ... (+ nested to the left, 3 to CONCAT_MAX operands, a string
 * literal among them): the operands go to consecutive registers, a
 * CATSTEP follows each but the last, and CAT makes one string of them all,
 * instead of one string per +. Taken only when the code is exactly as long
 * as the ADDs' (see concat_operand_ok), so the fuel a program pays is the
 * same; each step runs where its ADD ran, at its position, so errors and
 * their order are the same too. */
static bool compile_concat(Compiler *c, Node *e, int dst) {
  Node *spine[CONCAT_MAX]; /* spine[0] = e (the last +), down to the first + */
  int n = 1;
  Node *x = e;
  for (; x->kind == N_BINARY && x->op == TK_PLUS; x = x->a) {
    if (n == CONCAT_MAX) return false;
    spine[n - 1] = x;
    n++;
  }
  if (n < 3) return false;
  bool text = false;
  int size = 0;
  /* a local on the left (line + word + " "): the first CATSTEP copies it
   * where ADD would have read it in place (C = its register + 1) */
  int local = find_local_reg(c, x);
  if (local < 0 && !concat_operand_ok(c, x, &text, &size)) return false;
  for (int i = 1; i < n; i++)
    if (!concat_operand_ok(c, spine[n - 1 - i]->b, &text, &size)) return false;
  bool fresh = is_fresh_top(c, dst);
  if (!text || (!fresh && !is_local_reg(c, dst))) return false;
  int r = fresh ? dst : c->fs->freereg;
  if (r + n + 2 * size + 8 > WRIT_MAX_REGISTERS) return false;
  /* The ADDs' code entered each inner + as it went down the left side
   * (nesting depth) and left it after that +'s right operand. */
  for (int i = 1; i < n - 1; i++) enter_node(c, spine[i]);
  if (!fresh) reserve_regs(c, 1);
  if (local < 0) expr_to(c, x, r);
  c->fs->freereg = r + 1;
  for (int i = 1; i < n; i++) {
    Node *plus = spine[n - 1 - i];
    int got = expr_any(c, plus->b);
    if (got != r + i) compile_error(c, plus->line, plus->col, "internal: a chain of + lost its registers");
    mark_str_operand(c, plus->b, got);
    c->fs->freereg = r + i + 1;
    at(c, plus);
    if (i < n - 1) {
      emit(c, MK_ABC(OP_CATSTEP, r, i, i == 1 && local >= 0 ? local + 1 : 0));
      leave_node(c);
    } else {
      emit(c, MK_ABC(OP_CAT, dst, r, i));
    }
  }
  c->fs->freereg = fresh ? dst + 1 : r;
  return true;
}

static bool plain_arith(int op) { return op >= OP_ADD && op <= OP_DIV; }

/* A left or right operand the instruction just emitted computed into its
 * temporary r: x op y in a register of its own, nothing emitted after. */
static bool fusable_operand(Compiler *c, Node *x, int r) {
  ObjProto *p = c->fs->proto;
  if (x->kind != N_BINARY || !plain_arith(binop(x->op)) || p->ncode == 0 || is_local_reg(c, r)) return false;
  uint32_t prev = c->fs->code[p->ncode - 1];
  return plain_arith(GET_OP(prev)) && GET_A(prev) == r;
}

/* (x op y) op' z with z a local, or w op' (x op y) with w computed before:
 * the instruction just emitted for x op y and this one become one ARITH2
 * and its operand word, so that the first result stays in a machine
 * register instead of going through memory: a chain of floating-point
 * operations (mandelbrot's zr * zr - zi * zi + cr) is bound by that round
 * trip, not by the number of instructions. The code is exactly as long as
 * the two instructions, so fuel is the same; the first result is still
 * written to its register; an error in either operation is reported at
 * its own word's position. Nothing runs and nothing can jump between the
 * two: x op y is a plain + - * / whose own instruction came last (a
 * jump's target is never inside it), and z is read in place. */
static bool fuse_arith(Compiler *c, Node *e, int dst, int ra, int rb) {
  FuncState *fs = c->fs;
  ObjProto *p = fs->proto;
  if (!plain_arith(binop(e->op)) || ra == rb) return false;
  int other, swap; /* the register of z or w; 16: w op' (x op y) */
  if (fusable_operand(c, e->a, ra) && find_local_reg(c, e->b) == rb) {
    other = rb, swap = 0;
  } else if (fusable_operand(c, e->b, rb)) {
    other = ra, swap = 16;
  } else {
    return false;
  }
  uint32_t prev = fs->code[p->ncode - 1];
  int pair = (GET_OP(prev) - OP_ADD) * 4 + (binop(e->op) - OP_ADD) + swap;
  fs->code[p->ncode - 1] = MK_ABC(OP_ARITH2, GET_A(prev), GET_B(prev), GET_C(prev));
  emit(c, MK_ABC(OP_EXTRA, dst, other, pair));
  return true;
}

/* k + x, k * x (k a number, x not a literal): the number on the right as
 * x + k would have it, without the load into a register (KADD, KMUL and
 * their operand word, as long as the load and the ADD or MUL, so the fuel
 * is the same). The operand word holds the number, so an error names the
 * operands in the order written. The number is added to the constants
 * where the load would have added it: before x. */
static bool constant_left(Compiler *c, Node *e, int dst) {
  bool number = e->a->kind == N_NUMBER || (e->a->kind == N_NEG && e->a->a->kind == N_NUMBER);
  if ((e->op != TK_PLUS && e->op != TK_STAR) || !number || is_literal(e->b)) return false;
  int how, ax;
  literal_operand(c, e->a, &how, &ax);
  int rb = find_local_reg(c, e->b);
  if (rb < 0 && !is_local_reg(c, dst)) {
    expr_to(c, e->b, dst);
    rb = dst;
  } else if (rb < 0) {
    rb = expr_any(c, e->b);
  }
  at(c, e);
  emit_literal_op(c, MK_ABC(e->op == TK_PLUS ? OP_KADD : OP_KMUL, dst, rb, how), ax);
  return true;
}

static void compile_arith(Compiler *c, Node *e, int dst) {
  if (e->op == TK_PLUS && compile_concat(c, e, dst)) return;
  double folded;
  if (e->a->kind == N_NUMBER && e->b->kind == N_NUMBER && fold(e->op, e->a->num, e->b->num, &folded)) {
    load_number(c, folded, dst);
    return;
  }
  if (constant_left(c, e, dst)) return;
  /* A left operand that is not a plain local is built in dst itself when
   * dst is a temporary, so left-nested chains (1+2+3+...) reuse one
   * register instead of one per level. */
  int ra;
  if (!is_local_reg(c, dst) && find_local_reg(c, e->a) < 0) {
    expr_to(c, e->a, dst);
    ra = dst;
  } else {
    ra = expr_any(c, e->a);
  }
  int imm;
  /* + and - have immediate forms (each its own, so an error names the
   * operator written). */
  if ((e->op == TK_PLUS || e->op == TK_MINUS) && small_int(e->b, -127, 127, &imm)) {
    at(c, e);
    emit(c, MK_ABC(e->op == TK_PLUS ? OP_ADDI : OP_SUBI, dst, ra, imm + 128));
    return;
  }
  if (e->b->kind == N_NUMBER && e->op >= 0 && binop(e->op) <= OP_MOD) {
    int k = add_constant(c, NUMBER_VAL(e->b->num));
    if (k < 256) {
      at(c, e);
      emit(c, MK_ABC(binop(e->op) - OP_ADD + OP_ADDK, dst, ra, k));
      return;
    }
  }
  int rb = expr_any(c, e->b);
  at(c, e);
  if (fuse_arith(c, e, dst, ra, rb)) return;
  if (e->op == TK_PLUS) {
    mark_str_operand(c, e->b, rb); /* s + str(n) */
    if (find_local_reg(c, e->b) == rb) mark_str_operand(c, e->a, ra); /* str(n) + s, s read in place */
  }
  emit(c, MK_ABC(binop(e->op), dst, ra, rb));
}

/* A condition's value as a bool: jumps to LOADFALSE / LOADTRUE. */
static void bool_value(Compiler *c, Node *e, int dst) {
  JumpList f = {0};
  cond_jump(c, e, false, &f);
  emit(c, MK_ABC(OP_LOADTRUE, dst, 0, 0));
  int over = emit_jump(c);
  patch_here(c, &f);
  emit(c, MK_ABC(OP_LOADFALSE, dst, 0, 0));
  patch_jump(c, over, here(c));
}

static bool has_spread(NodeList *l) {
  for (Node *x = l->head; x; x = x->next)
    if (x->kind == N_SPREAD) return true;
  return false;
}

/* The items of l into a new list in dst (dst + 1 must be the first free
 * register): SETLIST in batches of 50, EXTEND for a ...spread. */
static void list_items(Compiler *c, Node *e, NodeList *items, int dst) {
  at(c, e);
  int n = items->count;
  emit(c, MK_ABC(OP_NEWLIST, dst, n > 255 ? 255 : n, 0));
  int batch = 0;
  for (Node *x = items->head; x; x = x->next) {
    if (x->kind == N_SPREAD) {
      if (batch) emit(c, MK_ABC(OP_SETLIST, dst, batch, 0));
      c->fs->freereg = dst + 1;
      batch = 0;
      int r = expr_any(c, x->a);
      at(c, x);
      emit(c, MK_ABC(OP_EXTEND, dst, r, 0));
      c->fs->freereg = dst + 1;
      continue;
    }
    expr_next(c, x);
    if (++batch == 50 || !x->next) {
      at(c, e);
      emit(c, MK_ABC(OP_SETLIST, dst, batch, 0));
      c->fs->freereg = dst + 1;
      batch = 0;
    }
  }
}

static void compile_list(Compiler *c, Node *e, int dst) { list_items(c, e, e->list, dst); }

static void compile_map(Compiler *c, Node *e, int dst) {
  at(c, e);
  int n = e->list->count;
  emit(c, MK_ABC(OP_NEWMAP, dst, n > 255 ? 255 : n, 0));
  for (Node *en = e->list->head; en; en = en->next) {
    int saved = c->fs->freereg;
    int k = expr_any(c, en->a);
    int v = expr_any(c, en->b);
    at(c, en);
    emit(c, MK_ABC(OP_SETINDEX, dst, k, v));
    c->fs->freereg = saved;
  }
}

static void compile_logic(Compiler *c, Node *e, int dst) {
  expr_to(c, e->a, dst);
  at(c, e);
  emit(c, MK_ABC(OP_TEST, dst, 0, e->kind == N_OR));
  int end = emit_jump(c);
  expr_to(c, e->b, dst);
  patch_jump(c, end, here(c));
}

/* c ? a : b: the condition as jumps, then one branch into dst. */
static void compile_cond(Compiler *c, Node *e, int dst) {
  JumpList otherwise = {0};
  cond_jump(c, e->a, false, &otherwise);
  expr_to(c, e->b, dst);
  int over = emit_jump(c);
  patch_here(c, &otherwise);
  expr_to(c, e->c, dst);
  patch_jump(c, over, here(c));
}

/* "a\(x)b": the parts in consecutive registers, joined by INTERP (empty
 * text parts left out; past 100 parts, the joined prefix is the first part
 * of the next INTERP). */
static void compile_interp(Compiler *c, Node *e, int dst) {
  int base = c->fs->freereg, n = 0;
  for (Node *x = e->list->head; x; x = x->next) {
    if (x->kind == N_STRING && x->len == 0) continue;
    if (n == 100) {
      at(c, e);
      emit(c, MK_ABC(OP_INTERP, base, base, n));
      c->fs->freereg = base + 1;
      n = 1;
    }
    expr_next(c, x);
    n++;
  }
  at(c, e);
  emit(c, MK_ABC(OP_INTERP, dst, base, n));
  c->fs->freereg = base;
}

static void compile_name(Compiler *c, Node *e, int dst) {
  VarRef v = resolve_name(c, e->str, e->len, e->line, e->col);
  at(c, e);
  if (v.kind == V_LOCAL) {
    if (v.index != dst) emit(c, MK_ABC(OP_MOVE, dst, v.index, 0));
  } else if (v.kind == V_UPVAL) {
    emit(c, MK_ABC(OP_GETUPV, dst, v.index, 0));
  } else {
    emit(c, MK_ABx(OP_GETMOD, dst, v.index));
  }
}

/* The operand goes straight into dst (expr_to keeps that safe), so a
 * chain of unary operators needs no register per level. */
static void unary(Compiler *c, Node *e, int dst, OpCode op) {
  int r = find_local_reg(c, e->a);
  if (r < 0) {
    expr_to(c, e->a, dst);
    r = dst;
  }
  at(c, e);
  emit(c, MK_ABC(op, dst, r, 0));
}

/* Kinds that write dst before they finish reading their operands. */
static bool builds_in_place(Node *e) {
  return e->kind == N_LIST || e->kind == N_MAP || e->kind == N_AND || e->kind == N_OR;
}

/* Expressions that read something: self, a field, a member, an index. */
static void compile_access(Compiler *c, Node *e, int dst) {
  switch (e->kind) {
  case N_SELF: {
    int r = load_self(c, e->line, e->col);
    if (r != dst) emit(c, MK_ABC(OP_MOVE, dst, r, 0));
    break;
  }
  case N_FIELD: {
    int idx = field_index(c, e);
    int self = load_self(c, e->line, e->col);
    at(c, e);
    emit(c, MK_ABC(OP_GETFIELD, dst, self, idx));
    break;
  }
  case N_MEMBER: {
    int r = expr_any(c, e->a);
    int cache = add_cache(c, e->str, e->len);
    at(c, e);
    emit(c, MK_ABC(OP_GETMEMBER, dst, r, 0));
    emit(c, MK_Ax(OP_EXTRA, cache));
    break;
  }
  default: { /* N_INDEX */
    int r = expr_any(c, e->a);
    if (is_literal(e->b)) { /* x[k], k a literal: the load and GETINDEX in one, as long */
      int how, ax;
      literal_operand(c, e->b, &how, &ax);
      at(c, e);
      emit_literal_op(c, MK_ABC(OP_GETKINDEX, dst, r, how), ax);
      break;
    }
    int k = expr_any(c, e->b);
    at(c, e);
    emit(c, MK_ABC(OP_GETINDEX, dst, r, k));
    break;
  }
  }
}

static void expr_to_inner(Compiler *c, Node *e, int dst) {
  switch (e->kind) {
  case N_NUMBER: load_number(c, e->num, dst); break;
  case N_STRING: emit(c, MK_ABx(OP_LOADK, dst, string_constant(c, e->str, e->len))); break;
  case N_NIL: emit(c, MK_ABC(OP_LOADNIL, dst, 0, 0)); break;
  case N_TRUE: emit(c, MK_ABC(OP_LOADTRUE, dst, 0, 0)); break;
  case N_FALSE: emit(c, MK_ABC(OP_LOADFALSE, dst, 0, 0)); break;
  case N_NAME: compile_name(c, e, dst); break;
  case N_SELF: case N_FIELD: case N_MEMBER: case N_INDEX: compile_access(c, e, dst); break;
  case N_LIST: compile_list(c, e, dst); break;
  case N_MAP: compile_map(c, e, dst); break;
  case N_RANGE: {
    int b = expr_next(c, e->a);
    expr_next(c, e->b);
    at(c, e);
    emit(c, MK_ABC(OP_RANGE, dst, b, e->op));
    break;
  }
  case N_BINARY:
    if (is_compare(e->op)) bool_value(c, e, dst);
    else compile_arith(c, e, dst);
    break;
  case N_AND: case N_OR: compile_logic(c, e, dst); break;
  case N_COND: compile_cond(c, e, dst); break;
  case N_INTERP: compile_interp(c, e, dst); break;
  case N_NOT: {
    if (e->a->kind == N_BINARY && is_compare(e->a->op)) {
      bool_value(c, e, dst);
      break;
    }
    unary(c, e, dst, OP_NOT);
    break;
  }
  case N_NEG:
    if (e->a->kind == N_NUMBER) load_number(c, -e->a->num, dst);
    else unary(c, e, dst, OP_NEG);
    break;
  case N_BNOT: unary(c, e, dst, OP_BNOT); break;
  case N_FUNC: {
    int idx = compile_function(c, e, NULL, false);
    at(c, e);
    emit(c, MK_ABx(OP_CLOSURE, dst, idx));
    break;
  }
  case N_SUPER:
    compile_error(c, e->line, e->col, "call the superclass method: super.%s(...)", e->str);
  default:
    compile_error(c, e->line, e->col, "internal: unexpected expression");
  }
}

void expr_to(Compiler *c, Node *e, int dst) {
  enter_node(c, e);
  int saved = c->fs->freereg;
  if (e->kind == N_CALL) {
    if (is_fresh_top(c, dst)) {
      c->fs->freereg = dst;
      compile_call(c, e, dst);
    } else {
      int t = c->fs->freereg;
      compile_call(c, e, t);
      at(c, e);
      /* x = y.m(): INVOKE0's spare word names x, so that a getter done in
       * place writes it and skips the MOVE (which stays, for the call) */
      FuncState *fs = c->fs;
      int n = fs->proto->ncode;
      if (n >= 3 && GET_OP(fs->code[n - 3]) == OP_INVOKE0 && GET_A(fs->code[n - 3]) == t &&
          fs->code[n - 1] == MK_Ax(OP_EXTRA, 0))
        fs->code[n - 1] = MK_Ax(OP_EXTRA, dst + 1);
      emit(c, MK_ABC(OP_MOVE, dst, t, 0));
    }
  } else if (builds_in_place(e) && !is_fresh_top(c, dst)) {
    int t = c->fs->freereg;
    reserve_regs(c, 1);
    expr_to_inner(c, e, t);
    emit(c, MK_ABC(OP_MOVE, dst, t, 0));
  } else {
    expr_to_inner(c, e, dst);
  }
  c->fs->freereg = saved;
  leave_node(c);
}

/* ------------------------------------------------------------------ */
/* Calls                                                                */

/* The arguments after the callee or receiver: each in the next register;
 * with a ...spread, all of them in one list there instead (-1: CALLV). */
static int compile_args(Compiler *c, Node *call) {
  int n = call->list->count;
  if (has_spread(call->list)) {
    int r = c->fs->freereg;
    reserve_regs(c, 1);
    list_items(c, call, call->list, r);
    return -1;
  }
  if (n > WRIT_MAX_ARGS) compile_error(c, call->line, call->col, "too many arguments (limit %d)", WRIT_MAX_ARGS);
  for (Node *a = call->list->head; a; a = a->next) expr_next(c, a);
  return n;
}

/* target <- name(args) / target <- (args): CALLV 3 / 4 (5 / 6 as a
 * statement: no promise), the arguments in registers (C = count + 1) or,
 * spread, in a list (C = 0); the result is a promise (vm/async.c). Not an
 * opcode of its own: one more handler in the dispatch loop costs every
 * program about 3% (gcc lays the loop out again: bench/README.md). */
static void compile_send(Compiler *c, Node *e, int base, bool keep) {
  expr_next(c, e->a);
  int n = compile_args(c, e); /* -1: a spread, the list in base + 1 */
  int k = e->str ? string_constant(c, e->str, e->len) : 0;
  at(c, e);
  emit(c, MK_ABC(OP_CALLV, base, (e->str ? 3 : 4) + (keep ? 0 : 2), n + 1));
  emit(c, MK_Ax(OP_EXTRA, k));
}

void compile_send_statement(Compiler *c, Node *e) {
  enter_node(c, e);
  int base = c->fs->freereg;
  compile_send(c, e, base, false);
  c->fs->freereg = base;
  leave_node(c);
}

/* Leaves the result in base, which must be the first free register. */
static void compile_call(Compiler *c, Node *e, int base) {
  enter_node(c, e);
  Node *f = e->a;
  if (e->op == TK_SEND) {
    compile_send(c, e, base, true);
    c->fs->freereg = base + 1;
    leave_node(c);
    return;
  }
  if (f->kind == N_MEMBER && e->list->count == 0 && (find_local_reg(c, f->a) >= 0 || f->a->kind == N_SELF)) {
    /* x.m() on a local or self: the receiver is not copied first */
    int recv = expr_any(c, f->a);
    if (recv == base) { /* self was not in a register: loaded into base */
      int cache = add_cache(c, f->str, f->len);
      at(c, f);
      emit(c, MK_ABC(OP_INVOKE, base, 0, 0));
      emit(c, MK_Ax(OP_EXTRA, cache));
    } else {
      reserve_regs(c, 1);
      int cache = add_cache(c, f->str, f->len);
      at(c, f);
      emit(c, MK_ABC(OP_INVOKE0, base, recv, 0));
      emit(c, MK_Ax(OP_EXTRA, cache));
      emit(c, MK_Ax(OP_EXTRA, 0));
    }
  } else if (f->kind == N_MEMBER) {
    expr_next(c, f->a);
    int cache = add_cache(c, f->str, f->len);
    int n = compile_args(c, e);
    at(c, f);
    emit(c, n < 0 ? MK_ABC(OP_CALLV, base, 1, 0) : MK_ABC(OP_INVOKE, base, n, 0));
    emit(c, MK_Ax(OP_EXTRA, cache));
  } else if (f->kind == N_SUPER) {
    FuncState *fs = c->fs;
    while (fs && !fs->klass) fs = fs->enclosing;
    if (!fs) compile_error(c, f->line, f->col, "'super' is only available inside class methods");
    if (!fs->klass->hasSuper)
      compile_error(c, f->line, f->col, "class %s has no superclass", fs->klass->name);
    int self = load_self(c, f->line, f->col);
    if (self != base) {
      c->fs->freereg = base;
      reserve_regs(c, 1);
      emit(c, MK_ABC(OP_MOVE, base, self, 0));
    }
    int n = compile_args(c, e);
    int k = string_constant(c, f->str, f->len);
    at(c, f);
    emit(c, n < 0 ? MK_ABC(OP_CALLV, base, 2, 0) : MK_ABC(OP_SUPERINVOKE, base, n, 0));
    emit(c, MK_Ax(OP_EXTRA, k));
  } else {
    expr_next(c, f);
    int n = compile_args(c, e);
    at(c, e);
    emit(c, n < 0 ? MK_ABC(OP_CALLV, base, 0, 0) : MK_ABC(OP_CALL, base, n, 0));
  }
  c->fs->freereg = base + 1;
  leave_node(c);
}

/* ------------------------------------------------------------------ */
/* Conditions                                                           */

static void compare_jump(Compiler *c, Node *e, bool jumpIf, JumpList *l) {
  int op = e->op;
  bool k = jumpIf;
  if (op == TK_NE) { op = TK_EQ; k = !k; }
  int ra = expr_any(c, e->a);
  int imm;
  if (small_int(e->b, SC_MIN, SC_MAX, &imm)) {
    OpCode o = op == TK_EQ ? OP_EQI : op == TK_LT ? OP_LTI : op == TK_LE ? OP_LEI
             : op == TK_GT ? OP_GTI : OP_GEI;
    at(c, e);
    emit(c, MK_ABC(o, ra, imm + 128, k));
  } else if (op == TK_EQ && e->b->kind == N_STRING) {
    int kk = string_constant(c, e->b->str, e->b->len);
    if (kk < 256) {
      at(c, e);
      emit(c, MK_ABC(OP_EQK, ra, kk, k));
    } else {
      int rb = expr_next(c, e->b);
      at(c, e);
      emit(c, MK_ABC(OP_EQ, ra, rb, k));
    }
  } else {
    int rb = expr_any(c, e->b);
    at(c, e);
    switch (op) {
    case TK_EQ: emit(c, MK_ABC(OP_EQ, ra, rb, k)); break;
    case TK_LT: emit(c, MK_ABC(OP_LT, ra, rb, k)); break;
    case TK_LE: emit(c, MK_ABC(OP_LE, ra, rb, k)); break;
    case TK_GT: emit(c, MK_ABC(OP_LT, rb, ra, k)); break;
    default: emit(c, MK_ABC(OP_LE, rb, ra, k)); break;
    }
  }
  jl_add(c, l, emit_jump(c));
}

void cond_jump(Compiler *c, Node *e, bool jumpIf, JumpList *l) {
  enter_node(c, e);
  int saved = c->fs->freereg;
  switch (e->kind) {
  case N_TRUE: case N_FALSE: case N_NIL:
    if ((e->kind == N_TRUE) == jumpIf) jl_add(c, l, emit_jump(c));
    break;
  case N_NOT: cond_jump(c, e->a, !jumpIf, l); break;
  case N_AND: case N_OR: {
    /* `a and b` jumps on false if either does; on true only if both do. */
    bool shortOn = e->kind == N_OR; /* value of a that decides the result */
    if (jumpIf == shortOn) {
      cond_jump(c, e->a, jumpIf, l);
      cond_jump(c, e->b, jumpIf, l);
    } else {
      JumpList skip = {0};
      cond_jump(c, e->a, shortOn, &skip);
      cond_jump(c, e->b, jumpIf, l);
      patch_here(c, &skip);
    }
    break;
  }
  case N_BINARY:
    if (is_compare(e->op)) {
      compare_jump(c, e, jumpIf, l);
      break;
    }
    /* fall through */
  default: {
    int r = expr_any(c, e);
    at(c, e);
    emit(c, MK_ABC(OP_TEST, r, 0, jumpIf));
    jl_add(c, l, emit_jump(c));
  }
  }
  c->fs->freereg = saved;
  leave_node(c);
}
