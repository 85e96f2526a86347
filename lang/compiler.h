/* Syntax tree to register bytecode. */
#ifndef WRIT_COMPILER_H
#define WRIT_COMPILER_H

#include "vm/vm.h"

typedef struct {
  bool incomplete; /* a syntax error at the end of input */
  int line, col;
  char msg[256];
} CompileError;

/* Compiles src as more top-level code of module m. evalMode: the chunk
 * returns the value of its last statement when that is an expression, and
 * top-level names may be defined again (the REPL, ws.eval). Returns the
 * chunk's prototype, or NULL with *err filled in. May throw (out of
 * memory), so call it inside a protected call. */
ObjProto *compiler_compile(WVM *vm, ObjModule *m, const char *src, size_t len,
                           bool evalMode, CompileError *err);
/* GC: mark what compilations in progress hold. */
void compiler_mark(WVM *vm, struct Compiler *c);

#endif
