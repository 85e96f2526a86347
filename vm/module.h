/* Module instances: running their code, imports, exports (module.c). */
#ifndef WRIT_MODULE_H
#define WRIT_MODULE_H

#include "vm/vm.h"

/* --- modules (module.c) --- */
/* Compile and run source as module m's code; returns the chunk's value. */
Value module_exec(WVM *vm, ObjModule *m, const char *src, size_t len, bool evalMode);
void module_check(WVM *vm, ObjModule *m, const char *src, size_t len);
/* Compiles source as module m's code without running it; a syntax error
 * raises (an Error flagged ERROR_SYNTAX). Charges fuel first. */
ObjProto *module_compile(WVM *vm, ObjModule *m, const char *src, size_t len, bool evalMode);
/* Runs more code in module m (a REPL input) and returns the value of its
 * final expression statement. Its text is kept after the module's earlier
 * inputs and its lines are numbered on from them, so an error in a
 * function typed earlier still shows its own line. An incomplete input
 * with dropIncomplete set (it will be sent again, longer) leaves no trace. */
/* A new top-level slot named name in m (undefined until set). */
int module_new_slot(WVM *vm, ObjModule *m, ObjString *name);
/* Sets the REPL's `_` in m to v, unless the user declared `_` there. */
void module_set_last_value(WVM *vm, ObjModule *m, Value v);
Value module_continue(WVM *vm, ObjModule *m, const char *src, size_t len, bool dropIncomplete);
Value module_import_path(WVM *vm, ObjModule *from, ObjString *path);
Value module_import_std(WVM *vm, ObjString *name);
bool module_find_export(WVM *vm, ObjModule *m, ObjString *name, Value *out);
/* The module's exports map, made empty on first use; freezing makes it
 * too, so a frozen module always has one. */
ObjMap *module_exports(WVM *vm, ObjModule *m);
void module_freeze_exports(WVM *vm, ObjModule *m);
/* Source position of a frame's current instruction. */
SrcPos vm_frame_pos(CallFrame *f);

#endif
