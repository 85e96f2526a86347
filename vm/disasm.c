/* The bytecode as text, one line per instruction, for `writ --disasm`,
 * WRIT_EVAL_DISASM and the golden listings of tests/bytecode/. Operand
 * layouts come from the opcode list's own documentation (vm/opcodes.h):
 * the names before the colon say which fields an instruction uses, and
 * the text after it which of them index constants (K[x]), module slots
 * (M[x]), nested functions (P[x]) or jump (pc += x, pc -= x). */
#include "vm/disasm.h"
#include <stdio.h>
#include <string.h>
#include "vm/budget.h"
#include "vm/gc.h"
#include "vm/opcodes.h"
#include "vm/wstring.h"

static const char *const opcode_docs[] = {
#define OP_DOC(name, doc) doc,
    OPCODES(OP_DOC)
#undef OP_DOC
};

/* The operand fields an instruction's doc names, in order ("A", "sBx",
 * ...), up to three; "+..." notes about the next word are not fields. */
typedef struct {
  char name[3][4];
  int n;
} Fields;

static Fields fields_of(const char *doc) {
  Fields f;
  memset(&f, 0, sizeof f);
  const char *colon = strchr(doc, ':');
  for (const char *p = doc; p < colon && f.n < 3;) {
    while (p < colon && *p == ' ') p++;
    const char *start = p;
    while (p < colon && *p != ' ') p++;
    size_t len = (size_t)(p - start);
    if (len == 0 || *start == '+' || len >= sizeof f.name[0]) continue;
    memcpy(f.name[f.n], start, len);
    f.n++;
  }
  return f;
}

/* The value of field `name` in instruction ins, the i-th field named. */
static int field_value(uint32_t ins, const char *name, int i) {
  if (!strcmp(name, "Bx")) return GET_Bx(ins);
  if (!strcmp(name, "sBx")) return GET_sBx(ins);
  if (!strcmp(name, "sJ")) return GET_sJ(ins);
  if (!strcmp(name, "Ax")) return GET_Ax(ins);
  if (!strcmp(name, "sB")) return GET_sB(ins);
  if (!strcmp(name, "sC")) return GET_sC(ins);
  return i == 0 ? GET_A(ins) : i == 1 ? GET_B(ins) : GET_C(ins);
}

/* Whether the doc uses field `name` inside the pattern fmt ("K[%s]"). */
static bool doc_uses(const char *doc, const char *fmt, const char *name) {
  char pat[16];
  snprintf(pat, sizeof pat, fmt, name);
  return strstr(strchr(doc, ':'), pat) != NULL;
}

static void put(WVM *vm, ObjBuffer *b, const char *s) { buffer_append(vm, b, s, strlen(s)); }

static void put_fmt(WVM *vm, ObjBuffer *b, const char *fmt, ...) WPRINTF(3, 4);
static void put_fmt(WVM *vm, ObjBuffer *b, const char *fmt, ...) {
  char tmp[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n >= (int)sizeof tmp) n = (int)sizeof tmp - 1;
  buffer_append(vm, b, tmp, (size_t)n);
}

/* A constant as the REPL would show it, cut short if long. */
static void put_constant(WVM *vm, ObjBuffer *b, Value v) {
  uint32_t start = b->len;
  value_append(vm, b, v, true, 0);
  if (b->len - start > 40) {
    b->len = start + 37;
    while (b->len > start && ((unsigned char)b->data[b->len] & 0xC0) == 0x80) b->len--; /* whole characters */
    put(vm, b, "...");
  }
}

static const char *proto_name(const ObjProto *p) { return p->name ? p->name->chars : "<anonymous>"; }

/* The comment after an instruction: what its constant, slot, function or
 * jump target is. prev is the instruction before (for EXTRA words). */
static void comment(WVM *vm, ObjBuffer *b, const ObjProto *p, int pc, uint32_t ins, uint32_t prev) {
  OpCode op = GET_OP(ins);
  const char *doc = opcode_docs[op];
  if (op == OP_EXTRA && pc > 0) {
    OpCode before = GET_OP(prev);
    int ax = GET_Ax(ins);
    bool cached = before == OP_INVOKE || before == OP_INVOKE0 || before == OP_GETMEMBER || (before == OP_CALLV && GET_B(prev) == 1);
    bool super = before == OP_SUPERINVOKE || (before == OP_CALLV && GET_B(prev) == 2);
    if (cached && ax < p->ncaches) put_fmt(vm, b, "  ; .%s", p->caches[ax].name->chars);
    else if (super && ax < p->nk) { put(vm, b, "  ; super."); put(vm, b, AS_CSTRING(p->k[ax])); }
    else if (before == OP_CALLV && GET_B(prev) == 3 && ax < p->nk) { put(vm, b, "  ; <- "); put(vm, b, AS_CSTRING(p->k[ax])); }
    else if (before == OP_ARITH2) {
      const char *sym = "+-*/";
      int pair = GET_C(ins) & 15;
      if (GET_C(ins) & 16)
        put_fmt(vm, b, "  ; R[%d] = R[%d] %c (R[%d] %c R[%d])", GET_A(ins), GET_B(ins), sym[pair & 3], GET_B(prev),
                sym[pair >> 2], GET_C(prev));
      else
        put_fmt(vm, b, "  ; R[%d] = (R[%d] %c R[%d]) %c R[%d]", GET_A(ins), GET_B(prev), sym[pair >> 2], GET_C(prev),
                sym[pair & 3], GET_B(ins));
    } else if (before != OP_CALLV && doc_uses(opcode_docs[before], "K[%s]", "Ax") && ax < p->nk) {
      /* the literal operand words (SETINDEXK, GETKINDEX, KADD, ...), as their docs say */
      put(vm, b, "  ; ");
      put_constant(vm, b, p->k[ax]);
    } else if (before == OP_CLASS) put_fmt(vm, b, "  ; %d own fields%s", ax & 0xFFFF, (ax >> 16) & 1 ? ", superclass" : "");
    return;
  }
  /* flags in a C the operand list does not show */
  if (op == OP_CALL && GET_C(ins) == 1) put(vm, b, "  ; str() into the next +");
  if (op == OP_CALL && GET_C(ins) == 2) put(vm, b, "  ; when statement: no promise");
  if (op == OP_CATSTEP && GET_C(ins)) put_fmt(vm, b, "  ; R[%d] = R[%d] first", GET_A(ins), GET_C(ins) - 1);
  Fields f = fields_of(doc);
  for (int i = 0; i < f.n; i++) {
    const char *name = f.name[i];
    int x = field_value(ins, name, i);
    if (doc_uses(doc, "K[%s]", name) && x < p->nk) {
      put(vm, b, "  ; ");
      put_constant(vm, b, p->k[x]);
    } else if (doc_uses(doc, "M[%s]", name) && x < p->module->nvars) {
      put_fmt(vm, b, "  ; %s", p->module->varNames[x]->chars);
    } else if (doc_uses(doc, "P[%s]", name) && x < p->nprotos) {
      put_fmt(vm, b, "  ; fn %s", proto_name(p->protos[x]));
    } else if (doc_uses(doc, "pc += %s", name)) {
      put_fmt(vm, b, "  ; to %d", pc + 2 + x);
    } else if (doc_uses(doc, "pc -= %s", name)) {
      put_fmt(vm, b, "  ; to %d", pc + 2 - x);
    }
  }
}

static void listing(WVM *vm, ObjBuffer *b, const ObjProto *p) {
  vm_charge(vm, (size_t)p->ncode + 1);
  int line = p->ncode > 0 ? p->pos[0].line : 0;
  put_fmt(vm, b, "function %s (%s:%d): %d params, %d registers, %d constants, %d upvalues, %d functions\n",
          proto_name(p), p->module->name->chars, line, p->nparams, p->maxregs, p->nk, p->nupvals, p->nprotos);
  for (int pc = 0; pc < p->ncode; pc++) {
    uint32_t ins = p->code[pc];
    OpCode op = GET_OP(ins);
    if ((int)op >= OP__COUNT) { /* never emitted; shown rather than trusted */
      put_fmt(vm, b, "%5d [%d:%d] ?%08x\n", pc + 1, p->pos[pc].line, p->pos[pc].col, (unsigned)ins);
      continue;
    }
    Fields f = fields_of(opcode_docs[op]);
    char operands[64] = "";
    size_t used = 0;
    for (int i = 0; i < f.n && used < sizeof operands; i++)
      used += (size_t)snprintf(operands + used, sizeof operands - used, "%s%d", i ? " " : "",
                               field_value(ins, f.name[i], i));
    char where[32];
    snprintf(where, sizeof where, "[%d:%d]", p->pos[pc].line, p->pos[pc].col);
    put_fmt(vm, b, "%5d %-9s %-11s %-12s", pc + 1, where, opcode_names[op], operands);
    comment(vm, b, p, pc, ins, pc > 0 ? p->code[pc - 1] : 0);
    while (b->len > 0 && b->data[b->len - 1] == ' ') b->len--;
    put(vm, b, "\n");
  }
  for (int i = 0; i < p->nprotos; i++) {
    put(vm, b, "\n");
    listing(vm, b, p->protos[i]);
  }
}

ObjString *disasm_proto(WVM *vm, ObjProto *p) {
  vm_push_root(vm, OBJ_VAL(p));
  ObjBuffer *b = buffer_new(vm, 256);
  vm_push_root(vm, OBJ_VAL(b));
  listing(vm, b, p);
  ObjString *s = str_from_buffer(vm, b);
  vm_pop_roots(vm, 2);
  return s;
}
