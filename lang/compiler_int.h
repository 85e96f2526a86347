/* Compiler internals shared by compiler.c (functions, scopes, statements)
 * and compile_expr.c (expressions). */
#ifndef WRIT_COMPILER_INT_H
#define WRIT_COMPILER_INT_H

#include <setjmp.h>
#include "grammar.h"
#include "lang/ast.h"
#include "lang/compiler.h"
#include "vm/opcodes.h"

typedef struct {
  const char *name;
  uint32_t len;
  uint8_t reg;
  bool isConst, captured;
  int depth;
} Local;

typedef struct {
  int *items, count, cap;
} JumpList;

typedef struct Loop {
  struct Loop *prev;
  int scopeDepth;   /* locals deeper than this belong to the body */
  int firstReg;     /* first register of the loop's locals (for CLOSE) */
  int tryDepth;
  JumpList breaks, continues;
} Loop;

/* A try statement's finally block, while its try and catch parts compile:
 * break, continue and return leaving it run the block on the way out. */
typedef struct Finally {
  Node *block;
  int depth; /* tryDepth with the finally's handler pushed */
  struct Finally *prev;
} Finally;

typedef struct ClassInfo {
  const char **fields;
  uint32_t *fieldLens;
  int nfields, cap;
  bool hasSuper;
  const char *name;
} ClassInfo;

typedef struct FuncState {
  struct FuncState *enclosing;
  ObjProto *proto;
  ObjMap *kindex; /* constant -> index, once there are many (add_constant) */
  uint32_t *code;   /* the code and its positions, in the arena until */
  SrcPos *pos;      /* close_function copies them to the prototype */
  int codecap;
  int nlocals;
  int freereg;
  int scopeDepth;
  Loop *loop;
  int tryDepth;
  Finally *fin;     /* innermost enclosing finally, or NULL */
  ClassInfo *klass; /* set for methods */
  JumpList literals; /* literal operands whose constant finish_proto adds */
  bool isCtor;
  bool isChunk;     /* a module's top-level code */
  /* Last, so that open_function can clear the rest without these 6 KiB:
   * an entry is written by add_local before anything reads it. */
  Local locals[WRIT_MAX_REGISTERS + 1]; /* named and hidden, one register each */
} FuncState;

typedef struct {
  int slot, line, col;
} PendingUse;

typedef struct Compiler {
  WVM *vm;
  ObjModule *module;
  FuncState *fs;
  struct Compiler *prevCompiler;
  CompileError *err;
  Arena *arena; /* scratch that dies with the compilation, even on error */
  jmp_buf jmp;
  int depth;
  int line, col; /* position of the node being compiled */
  bool evalMode;
  PendingUse *pending;
  int npending, pendcap;
} Compiler;

WNORETURN void compile_error(Compiler *c, int line, int col, const char *fmt, ...) WPRINTF(4, 5);
int emit(Compiler *c, uint32_t ins);
int emit_jump(Compiler *c);
void patch_jump(Compiler *c, int at, int target);
void patch_here(Compiler *c, JumpList *l);
void jl_add(Compiler *c, JumpList *l, int at);
int here(Compiler *c);
int add_constant(Compiler *c, Value v);
bool load_immediate(double d, int *out);
/* nil, true, false, a number or a string written out: one load (lang/compiler.c) */
bool is_literal(const Node *e);
void literal_operand(Compiler *c, Node *e, int *how, int *ax); /* e: is_literal */
void emit_literal_op(Compiler *c, uint32_t ins, int ax);
int string_constant(Compiler *c, const char *s, uint32_t len);
void reserve_regs(Compiler *c, int n);
int add_cache(Compiler *c, const char *name, uint32_t len);
void enter_node(Compiler *c, Node *n);
void leave_node(Compiler *c);

typedef enum { V_LOCAL, V_UPVAL, V_MODULE } VarKind;
typedef struct {
  VarKind kind;
  int index;
  bool isConst;
} VarRef;
/* Index in fs->locals of the innermost local with this name, or -1. */
int find_local(FuncState *fs, const char *name, uint32_t len);
VarRef resolve_name(Compiler *c, const char *name, uint32_t len, int line, int col);
int load_self(Compiler *c, int line, int col);
int field_index(Compiler *c, Node *n);
int compile_function(Compiler *c, Node *fn, ClassInfo *klass, bool isCtor);

/* compile_expr.c */
int expr_any(Compiler *c, Node *e);
/* `x <- m(args)` as a statement: sent, with no promise made (lang/compile_expr.c). */
void compile_send_statement(Compiler *c, Node *e);
void compile_call_statement(Compiler *c, Node *e);
void expr_to(Compiler *c, Node *e, int dst);
int expr_next(Compiler *c, Node *e);
void cond_jump(Compiler *c, Node *e, bool jumpIf, JumpList *l);
bool is_local_reg(Compiler *c, int reg);
int active_top(FuncState *fs);

#endif
