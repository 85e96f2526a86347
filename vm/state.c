/* Creating and freeing a VM: the value stack, the primordial classes
 * (frozen once built) and the pure built-in scope. */
#include <stdlib.h>
#include <string.h>
#include "vm/state.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/async.h"
#include "vm/gc.h"
#include "vm/tx.h"
#include "vm/mem.h"
#include "vm/module.h"
#include "vm/table.h"
#include "vm/wstring.h"

static uint32_t count_regs(const NativeReg *regs) {
  uint32_t n = 0;
  for (const NativeReg *r = regs; r && r->name; r++) n++;
  return n;
}

/* Each native goes into the map under the name it interned: looking the
 * name up again would hash it twice. The map is sized first. */
void vm_define_natives(WVM *vm, ObjMap *into, const NativeReg *regs) {
  map_reserve(vm, into, into->count + count_regs(regs));
  for (const NativeReg *r = regs; r && r->name; r++) {
    ObjNative *n = native_new(vm, r->name, r->fn, r->minArgs, r->maxArgs);
    vm_push_root(vm, OBJ_VAL(n));
    map_set(vm, into, OBJ_VAL(n->name), OBJ_VAL(n));
    vm_pop_root(vm);
  }
}

void vm_define_methods(WVM *vm, ObjClass *k, const NativeReg *regs) { vm_define_natives(vm, k->methods, regs); }

/* The native registered under name in map gets the shortcut: found by the
 * interned name (the registration interned it), not by a scan. */
void vm_native_shortcut(WVM *vm, ObjMap *map, const char *name, NativeShortcut shortcut) {
  ObjString *s = str_find(vm, name, strlen(name));
  Value v;
  if (s && map_get_str(vm, map, s, &v) && IS_NATIVE(v)) AS_NATIVE(v)->shortcut = (uint8_t)shortcut;
}

void module_export(WVM *vm, ObjModule *m, const char *name, Value v) {
  vm_push_root(vm, v);
  ObjString *s = str_cstr(vm, name);
  vm_push_root(vm, OBJ_VAL(s));
  map_set(vm, module_exports(vm, m), OBJ_VAL(s), v);
  vm_pop_roots(vm, 2);
}

/* A module made of natives (math, json): registered in the VM's table of
 * standard modules; the caller freezes its exports when done. */
ObjModule *vm_native_module(WVM *vm, const char *name, const NativeReg *fns) {
  ObjString *s = str_cstr(vm, name);
  vm_push_root(vm, OBJ_VAL(s));
  ObjModule *m = module_new(vm, s, NULL);
  vm_push_root(vm, OBJ_VAL(m));
  vm_define_natives(vm, module_exports(vm, m), fns);
  map_set(vm, vm->stdModules, OBJ_VAL(s), OBJ_VAL(m));
  m->state = MOD_READY;
  vm_pop_roots(vm, 2);
  return m;
}

static ObjClass *primordial(WVM *vm, const char *name, bool builtin) {
  ObjString *s = str_cstr(vm, name);
  vm_push_root(vm, OBJ_VAL(s));
  ObjClass *k = class_new(vm, s, NULL, 0);
  k->builtin = builtin;
  vm_pop_root(vm);
  return k;
}

void vm_freeze_class(WVM *vm, ObjClass *k) {
  Value ctor;
  k->ctor = map_get(vm, k->methods, OBJ_VAL(vm->sNew), &ctor) ? ctor : NIL_VAL;
  k->obj.frozen = 1;
  k->methods->obj.frozen = 1;
}

#define ROTL64(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

/* The primordials, then the libraries the composer opens (api: the
 * standard library), then everything shared frozen. */
static void open_libs(WVM *vm, void *ud) {
  void (*openLibs)(WVM *vm) = *(void (**)(WVM *))ud;
  /* The built-ins intern about 150 names (148 when this was written): the
   * table they end in (1,024 slots) from the start, not one of 256 rebuilt
   * while they come in. (512 would hold them, but then the growth steps of
   * every program's table differ, and so do the collector's and malloc's
   * cadence: bench/hash_map ran 4% more instructions, all in malloc.) */
  str_reserve(vm, 150);
  vm->sNew = str_cstr(vm, "new");
  vm->sToString = str_cstr(vm, "toString");
  vm->sMain = str_cstr(vm, "<main>");
  vm->sIter = str_cstr(vm, "iter");
  vm->sNext = str_cstr(vm, "next");
  vm->builtins = map_new(vm);
  vm->stdModules = map_new(vm);
  vm->pinned = map_new(vm);
  vm->pinned->obj.flags = MAP_UNLOGGED; /* a failed turn must not unpin what a host holds */
  vm->cObject = primordial(vm, "Object", true);
  vm->cNil = primordial(vm, "nil", true);
  vm->cBool = primordial(vm, "bool", true);
  vm->cNumber = primordial(vm, "number", true);
  vm->cString = primordial(vm, "string", true);
  vm->cList = primordial(vm, "list", true);
  vm->cMap = primordial(vm, "map", true);
  vm->cRange = primordial(vm, "range", true);
  vm->cFunction = primordial(vm, "function", true);
  vm->cClass = primordial(vm, "class", true);
  vm->cModule = primordial(vm, "module", true);
  vm->cWorkspace = primordial(vm, "workspace", true);
  vm->cPromise = primordial(vm, "Promise", true);
  vm->cResolver = primordial(vm, "Resolver", true);
  vm->cFar = primordial(vm, "FarRef", true);
  vm->cVat = primordial(vm, "Vat", true);
  vm->cError = primordial(vm, "Error", false);
  vm->cError->numFields = ERROR_FIELDS; /* message, trace */
  if (openLibs) openLibs(vm);
  /* Made once, raised without allocating, and so shared by every
   * workspace: frozen (their message is a string, their trace stays nil),
   * so that no workspace can change what another one catches. */
  vm->oomError = OBJ_VAL(error_new(vm, str_cstr(vm, "out of memory")));
  AS_OBJ(vm->oomError)->frozen = 1;
  vm->budgetError = OBJ_VAL(error_new(vm, str_cstr(vm, "budget exhausted")));
  AS_OBJ(vm->budgetError)->frozen = 1;
  ObjClass *all[] = {vm->cObject, vm->cNil, vm->cBool, vm->cNumber, vm->cString, vm->cList, vm->cMap,
                     vm->cRange, vm->cFunction, vm->cClass, vm->cModule, vm->cWorkspace, vm->cError,
                     vm->cPromise, vm->cResolver, vm->cFar, vm->cVat};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) vm_freeze_class(vm, all[i]);
  vm->builtins->obj.frozen = 1;
  uint32_t pos = 0;
  Value k, m;
  while (map_next(vm->stdModules, &pos, &k, &m)) module_freeze_exports(vm, AS_MODULE(m));
  vm->stdModules->obj.frozen = 1;
}

WVM *vm_new(WAllocFn allocFn, void *ud, void (*openLibs)(WVM *vm)) {
  bool own = allocFn == NULL;
  if (!allocFn) allocFn = vm_default_alloc;
  WVM *vm = allocFn(ud, NULL, 0, sizeof(WVM));
  if (!vm) return NULL;
  memset(vm, 0, sizeof *vm);
  /* A host that brings its own allocator (to count, pool or cap memory)
   * sees every object come and go: no free lists then (object.c). */
  vm->freeListsOn = own;
  vm->allocFn = allocFn;
  vm->allocUd = ud;
  /* The library may not ask the OS for randomness; where things landed in
   * memory (ASLR) varies per process, which is enough to keep the key
   * unknown to a script. */
  uint64_t a = (uint64_t)(uintptr_t)vm, b = (uint64_t)(uintptr_t)&a, c = (uint64_t)(uintptr_t)allocFn;
  vm->hashKey[0] = (a * 0x9E3779B97F4A7C15ULL) ^ (b >> 4) ^ ROTL64(c, 29);
  vm->hashKey[1] = (b * 0xC2B2AE3D27D4EB4FULL) ^ (a >> 7) ^ ROTL64(c, 41) ^ (uint64_t)(uintptr_t)ud;
  vm->nextGC = WRIT_GC_INITIAL;
  vm->error = NIL_VAL;
  vm->throwTrace = NIL_VAL;
  vm->oomError = NIL_VAL;
  vm->budgetError = NIL_VAL;
  vm->pendingError = NIL_VAL;
  vm->fuel = WRIT_FUEL_UNLIMITED;
  vm->heapLimit = SIZE_MAX;
  vm->gcRunning = true; /* no collection until the roots exist */
  size_t nstack = 1024;
  vm->stack = allocFn(ud, NULL, 0, sizeof(Value) * nstack);
  vm->frames = allocFn(ud, NULL, 0, sizeof(CallFrame) * 64);
  if (!vm->stack || !vm->frames) {
    if (vm->stack) allocFn(ud, vm->stack, sizeof(Value) * nstack, 0);
    if (vm->frames) allocFn(ud, vm->frames, sizeof(CallFrame) * 64, 0);
    allocFn(ud, vm, sizeof(WVM), 0);
    return NULL;
  }
  vm->bytesAllocated = sizeof(Value) * nstack + sizeof(CallFrame) * 64;
  for (size_t i = 0; i < nstack; i++) vm->stack[i] = NIL_VAL;
  vm->stackEnd = vm->stack + nstack;
  vm->top = vm->stack;
  vm->framecap = 64;
  vm_set_frame_limit(vm, WRIT_MAX_CALL_DEPTH, WRIT_MAX_CALL_DEPTH);
  vm->gcRunning = false;
  vm->slabOn = true; /* the built-ins live as long as the VM (object.c) */
  bool ok = vm_protect(vm, open_libs, &openLibs);
  vm->slabOn = false;
  if (!ok) {
    vm_free(vm);
    return NULL;
  }
  return vm;
}

void vm_free(WVM *vm) {
  if (!vm) return;
  WAllocFn fn = vm->allocFn;
  void *ud = vm->allocUd;
  tx_free(vm); /* before the objects: it reads what it logged */
  async_free(vm);
  gc_free_all(vm);
  free_lists_release(vm);
  slab_free_all(vm);
  str_free_table(vm);
  MEM_FREE(vm, Handler, vm->handlers, vm->handlercap);
  fn(ud, vm->stack, sizeof(Value) * (size_t)(vm->stackEnd - vm->stack), 0);
  fn(ud, vm->frames, sizeof(CallFrame) * (size_t)vm->framecap, 0);
  fn(ud, vm, sizeof(WVM), 0);
}

/* The default allocator: the C library's, which is pure computation. */
void *vm_default_alloc(void *ud, void *ptr, size_t oldSize, size_t newSize) {
  (void)ud;
  (void)oldSize;
  if (newSize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, newSize);
}
