/* Precise mark-sweep collector. Roots: the stack, frames, open upvalues,
 * temporary roots, compilations in progress, primordials and every live
 * workspace (reached through vm->workspaces). */
#ifndef WRIT_GC_H
#define WRIT_GC_H

#include "vm.h"

void gc_collect(WVM *vm);
void gc_mark_value(WVM *vm, Value v);
void gc_mark_obj(WVM *vm, Obj *o);
void gc_free_all(WVM *vm);

#endif
