/* The bytecode listing of a compiled function and the functions nested in
 * it (disasm.c). */
#ifndef WRIT_DISASM_H
#define WRIT_DISASM_H

#include "vm/vm.h"

/* The listing as a string: a header line per function, then one line per
 * instruction (index, [line:col], name, operands, and a comment naming the
 * constant, slot, function or jump target it refers to). Charges fuel. */
ObjString *disasm_proto(WVM *vm, ObjProto *p);

#endif
