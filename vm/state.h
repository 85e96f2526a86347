/* Making and freeing a VM, and registering natives into it (state.c). */
#ifndef WRIT_STATE_H
#define WRIT_STATE_H

#include "vm/vm.h"

/* A new VM: its stack, the primordial classes, and what openLibs adds
 * (the standard library: the VM does not know it, whoever composes a VM
 * passes it, as api/api.c does), after which the built-ins are frozen.
 * NULL if memory ran out. */
/* The C library's allocator in WAllocFn's shape (realloc; size 0 frees):
 * what a VM uses when the host gives none, and the formatter's. */
void *vm_default_alloc(void *ud, void *ptr, size_t oldSize, size_t newSize);
WVM *vm_new(WAllocFn allocFn, void *ud, void (*openLibs)(WVM *vm));
void vm_free(WVM *vm);


/* --- registering natives --- */
typedef struct {
  const char *name;
  NativeFn fn;
  int16_t minArgs, maxArgs;
} NativeReg;
void vm_define_methods(WVM *vm, ObjClass *k, const NativeReg *regs);
/* Finishes a built-in class: its constructor found, it and its methods frozen. */
void vm_freeze_class(WVM *vm, ObjClass *k);
/* Makes each native of regs and adds it to the map under its name. */
void vm_define_natives(WVM *vm, ObjMap *into, const NativeReg *regs);
ObjModule *vm_native_module(WVM *vm, const char *name, const NativeReg *fns);
/* Marks the native registered under name in map (a class's methods, a
 * module's exports) as one the dispatch loop may do itself. */
void vm_native_shortcut(WVM *vm, ObjMap *map, const char *name, NativeShortcut shortcut);
void module_export(WVM *vm, ObjModule *m, const char *name, Value v);

#endif
