/* Precise mark-sweep collector. What is a root, and how natives, host
 * functions and the compiler keep values alive across an allocation: the
 * root rules at the top of vm/gc.c. */
#ifndef WRIT_GC_H
#define WRIT_GC_H

#include "vm/vm.h"

void gc_collect(WVM *vm);
void gc_mark_value(WVM *vm, Value v);
void gc_mark_obj(WVM *vm, Obj *o);
void gc_free_all(WVM *vm);
/* Marks everything reachable from roots[0..n) through the same edges the
 * collector follows, and frees nothing: the marked bits on vm->objects
 * then answer "what can this reach?" (tests/security: what two workspaces
 * share). Clear them with gc_unmark_all before anything collects. */
void gc_reach(WVM *vm, Obj *const *roots, int n);
void gc_unmark_all(WVM *vm);

/* --- temporary GC roots for natives --- */
void vm_grow_roots(WVM *vm);
static inline void vm_push_root(WVM *vm, Value v) {
  if (vm->nroots >= vm->rootcap) vm_grow_roots(vm);
  vm->roots[vm->nroots++] = v;
}
static inline void vm_pop_root(WVM *vm) { vm->nroots--; }
static inline void vm_pop_roots(WVM *vm, int n) { vm->nroots -= n; }

#endif
