/* The virtual machine's state and the internal interface natives use.
 * Everything mutable lives in a WVM: the library has no global state. */
#ifndef WRIT_VM_H
#define WRIT_VM_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include "config.h"
#include "object.h"

typedef struct CallFrame {
  ObjClosure *closure;
  uint32_t *pc;  /* next instruction (saved when the frame is not running) */
  Value *base;   /* register 0 */
} CallFrame;

/* An active try block. */
typedef struct {
  int frame;      /* index of the frame that owns it */
  uint32_t *catchPc;
  uint8_t reg;    /* register receiving the caught value */
} Handler;

/* A protected call in C: vm_raise longjmps to the innermost one. */
typedef struct ErrJmp {
  jmp_buf buf;
  struct ErrJmp *prev;
  int nframes, nhandlers, nroots, nativeDepth;
  ObjNative *native;
  ptrdiff_t top;
  struct Compiler *compiler;
} ErrJmp;

typedef void *(*WAllocFn)(void *ud, void *ptr, size_t oldSize, size_t newSize);
/* Finds module source for `import "path"` from the module named importer.
 * On success returns source text (and its length) and sets *canon to the
 * module's canonical name; on failure returns NULL and writes a message to
 * err. Returned strings are released with release(ud, ptr). */
typedef struct WLoader {
  void *ud;
  char *(*load)(void *ud, const char *importer, const char *path, char **canon,
                size_t *len, char *err, size_t errcap);
  void (*release)(void *ud, char *ptr);
} WLoader;


struct WVM {
  /* memory */
  WAllocFn allocFn;
  void *allocUd;
  size_t bytesAllocated, nextGC;
  Obj *objects;
  Obj **gray;
  int ngray, graycap;
  bool gcRunning, gcAbort;
  ObjMap *pinned; /* objects the host holds handles to (workspaces...) */

  /* interned strings: open addressing set, weak; hashes kept beside the
   * pointers so a probe touches no string object */
  uint64_t hashKey[2]; /* secret SipHash key: no precomputed collisions */
  struct InternSlot *strings;
  uint32_t nstrings, strcap;

  /* execution */
  Value *stack, *stackEnd, *top;
  CallFrame *frames;
  int nframes, framecap;
  ObjUpvalue *openUpvals;
  Handler *handlers;
  int nhandlers, handlercap;
  ErrJmp *errjmp;
  int nativeDepth;
  ObjNative *currentNative; /* the native running now (host functions) */
  Value error; /* value being thrown */
  Value throwTrace; /* trace of the last thrown value that is not an Error */
  bool uncatchable; /* the error in flight skips try/catch (interrupts) */
  /* Set by writ_interrupt from another thread or a signal handler: an
   * atomic (relaxed: it carries no other data), as volatile is not. */
  atomic_int interrupt;
  bool interruptedRun;     /* the error in flight came from an interrupt */
  bool exitRequested;      /* sys.exit: unwinding to the host */
  int exitCode;
  Value *roots; /* temporary roots natives push; grows on demand */
  int nroots, rootcap;
  Value oomError; /* made at start-up: raising it needs no allocation */
  /* budgets (budget.c): fuel counts down to 0; heapLimit caps
   * bytesAllocated; exhausted says which ran out for the error in flight */
  int64_t fuel;
  size_t heapLimit;
  uint8_t exhausted;
  Value budgetError; /* the uncatchable error in flight when one runs out */
  /* An uncatchable error (a budget running out, an interrupt, an exit)
   * that stopped an API call a host function made: the host function
   * cannot be unwound through, so it is raised again when the host
   * function returns (api_protect, host_trampoline). */
  Value pendingError;
  struct Compiler *compiler;

  /* primordials: shared by every workspace, frozen after creation */
  ObjClass *cNil, *cBool, *cNumber, *cString, *cList, *cMap, *cRange,
      *cFunction, *cClass, *cModule, *cError, *cWorkspace, *cObject;
  ObjMap *builtins;   /* pure names every scope sees */
  ObjMap *stdModules; /* "math" -> module, ... */
  ObjString *sNew, *sToString, *sMain; /* sMain: every module chunk's name */

  /* host */
  struct WritHandle *handles, *deadHandles; /* API handles (api_value.c) */
  int ndead;
  int frameLimit; /* call depth allowed (a host's per-call limit lowers it) */
  int frameLimitShown; /* the limit as the host gave it, for the message */
  int frameStop;  /* min(framecap, frameLimit): the fast call path's test */
  WLoader loader;
  void *hostData;
  void (*writeOut)(WVM *vm, const char *s, size_t n); /* print */

  /* the boot slab (object.c); last, away from the fields the dispatch
   * loop uses */
  struct SlabBlock *slab;
  bool slabOn; /* set while vm_new makes the built-ins */
};

/* --- lifecycle (vm.c) --- */
WVM *vm_new(WAllocFn allocFn, void *ud);
void vm_free(WVM *vm);

/* --- errors (error.c) ---
 * A failure is one record, made where it happens: an Error instance whose
 * fields are its message (ERROR_MESSAGE) and its trace (ERROR_TRACE), a
 * list of frames innermost first. A frame is a list indexed by FRAME_*; a
 * number in a frame's place counts frames left out. A syntax error's
 * trace is the one frame where the source failed (function name
 * "<source>"), and its Obj.flags say ERROR_SYNTAX (and ERROR_INCOMPLETE).
 * What kind of failure a thrown value is, error_kind says; its position
 * is read from its first frame. Nothing formats a position into text to
 * parse it back. */
enum { ERROR_MESSAGE, ERROR_TRACE, ERROR_FIELDS };
enum { FRAME_FN, FRAME_MODULE, FRAME_LINE, FRAME_COL, FRAME_SLOTS };
typedef enum {
  FAIL_RUNTIME,    /* an error or value thrown and not caught */
  FAIL_SYNTAX,     /* source that does not compile */
  FAIL_INCOMPLETE, /* ... because it ended too soon */
  FAIL_LIMIT,      /* a fuel or memory budget ran out */
  FAIL_MEMORY,     /* the allocator failed */
  FAIL_EXIT,       /* sys.exit / writ_exit */
  FAIL_INTERRUPT   /* writ_interrupt */
} FailKind;
/* The kind of the failure in flight, whose thrown value is err. */
FailKind error_kind(WVM *vm, Value err);
/* Whether v is an Error (an instance of Error or a subclass). */
bool error_is(WVM *vm, Value v);
/* The first frame of an Error's trace (its position), or NULL. */
ObjList *error_where(Value err);
/* A syntax error: message, and where (module name, line, column). */
ObjInstance *error_syntax(WVM *vm, ObjString *module, int line, int col, const char *message, bool incomplete);
/* What e.message() shows: the message, after "file:line:col: " for a
 * syntax error. */
ObjString *error_text(WVM *vm, ObjInstance *e);
#if defined(__GNUC__)
#define WNORETURN __attribute__((noreturn))
#define WPRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define WNORETURN
#define WPRINTF(a, b)
#endif
/* Raise an Error with a formatted message, at the current position. */
WNORETURN void vm_raise_uncatchable(WVM *vm, const char *msg);
/* The one "string too long (limit N bytes)" error. */
WNORETURN void vm_raise_too_long(WVM *vm);
/* Raise "out of memory" without allocating. */
WNORETURN void vm_raise_oom(WVM *vm);
WNORETURN void vm_raise(WVM *vm, const char *fmt, ...) WPRINTF(2, 3);
/* Throw any value (an Error gets its trace filled in). */
WNORETURN void vm_throw(WVM *vm, Value v);
ObjInstance *error_new(WVM *vm, ObjString *message);
/* Argument checks: "bad argument #N to 'fn' (number expected, got string)" */
double arg_number(WVM *vm, Value *args, int i, const char *fn);
/* A whole number of any size, +-inf included (callers clamp or report a
 * range error); a fraction or nan raises. */
double arg_int(WVM *vm, Value *args, int i, const char *fn);
ObjString *arg_string(WVM *vm, Value *args, int i, const char *fn);
ObjList *arg_list(WVM *vm, Value *args, int i, const char *fn);
ObjMap *arg_map(WVM *vm, Value *args, int i, const char *fn);
void arg_callable(WVM *vm, Value *args, int i, const char *fn);
WNORETURN void arg_error(WVM *vm, int i, const char *fn, const char *expected, Value got);

/* --- calls (vm.c) --- */
/* Call any callable with argc arguments (args[0..argc-1]); returns its
 * result or raises. Re-enters the dispatch loop. */
Value vm_call(WVM *vm, Value callee, int argc, const Value *args);
/* Call a method by name on a receiver; found=false if it has none. */
/* The same with callee/receiver and arguments already on the stack at
 * base[0..argc] (at or below vm->top). */
Value vm_call_at(WVM *vm, Value *base, int argc);
Value vm_invoke_at(WVM *vm, Value *base, int argc, ObjString *name, bool *found);
Value vm_invoke(WVM *vm, Value recv, ObjString *name, int argc, const Value *args, bool *found);
ObjClass *vm_class_of(WVM *vm, Value v);
/* Sets the frame count at which calls fail (shown: the number the error
 * message gives). */
void vm_set_frame_limit(WVM *vm, int limit, int shown);
/* Closes the open upvalues that point at or above `from`. */
void vm_close_upvalues(WVM *vm, Value *from);
/* Budgets (budget.c): running out unwinds to the budget's setter. */
#define WRIT_FUEL_UNLIMITED (INT64_MAX / 4)
/* A counter above this means no fuel limit is counting (the unlimited
 * counter would take centuries to come down to it); a limit above it is
 * no limit. */
#define WRIT_FUEL_NO_LIMIT (WRIT_FUEL_UNLIMITED / 2)
WNORETURN void vm_budget_exhausted(WVM *vm, int kind);
void vm_fuel_out(WVM *vm);
/* Over the heap cap: collect, then raise if still over. */
void vm_heap_check(WVM *vm, size_t grow);
/* Charge `units` of fuel for work a native is about to do (call it before
 * the work, so one long built-in cannot outrun the budget). */
static inline void vm_charge(WVM *vm, size_t units) {
  if (units > (size_t)WRIT_FUEL_UNLIMITED) units = (size_t)WRIT_FUEL_UNLIMITED;
  vm->fuel -= (int64_t)units;
  if (vm->fuel < 0) vm_fuel_out(vm);
}

/* Records in ej the state an error unwinding to it restores, and makes it
 * the innermost protected point. */
void errjmp_push(WVM *vm, ErrJmp *ej);
/* Puts back what errjmp_push recorded (frames, handlers, roots, ...) and
 * pops ej. */
void errjmp_restore(WVM *vm, ErrJmp *ej);

/* Protected execution: run fn(vm, ud); returns true if it finished,
 * false if it raised (the thrown value is then in vm->error). */
bool vm_protect(WVM *vm, void (*fn)(WVM *vm, void *ud), void *ud);

/* --- temporary GC roots for natives --- */
void vm_grow_roots(WVM *vm);
static inline void vm_push_root(WVM *vm, Value v) {
  if (vm->nroots >= vm->rootcap) vm_grow_roots(vm);
  vm->roots[vm->nroots++] = v;
}
static inline void vm_pop_root(WVM *vm) { vm->nroots--; }
static inline void vm_pop_roots(WVM *vm, int n) { vm->nroots -= n; }

/* --- values (value.c) --- */
const char *value_type_name(WVM *vm, Value v); /* what type() answers */
bool values_equal(Value a, Value b);
/* str(): strings raw; quoted=true: strings quoted (inside containers, REPL). */
ObjString *value_to_string(WVM *vm, Value v, bool quoted);
void value_append(WVM *vm, ObjBuffer *b, Value v, bool quoted, int depth);
/* Number formatting: integers without .0, else shortest round-trip. */
int number_format(double d, char *out, size_t cap);

/* --- memory (mem.c) --- */
void *mem_realloc(WVM *vm, void *ptr, size_t oldSize, size_t newSize);
#define MEM_ALLOC(vm, type, n) ((type *)mem_realloc(vm, NULL, 0, sizeof(type) * (n)))
#define MEM_FREE(vm, type, ptr, n) mem_realloc(vm, ptr, sizeof(type) * (n), 0)
#define MEM_GROW(vm, type, ptr, oldn, newn) \
  ((type *)mem_realloc(vm, ptr, sizeof(type) * (oldn), sizeof(type) * (newn)))
/* Cuts a block down to newSize (0 frees it) and returns it. Never collects
 * or raises: when the allocator cannot shrink the block it is returned as
 * it was (a failed realloc leaves it valid) and *ok is false. */
void *mem_shrink(WVM *vm, void *ptr, size_t oldSize, size_t newSize, bool *ok);
/* Trims array ptr of cap elements to n, setting cap to n if it worked. */
#define MEM_TRIM(vm, type, ptr, cap, n)                                                              \
  do {                                                                                           \
    bool trimmed_;                                                                               \
    (ptr) = (type *)mem_shrink(vm, ptr, sizeof(type) * (size_t)(cap), sizeof(type) * (size_t)(n), \
                               &trimmed_);                                                       \
    if (trimmed_) (cap) = (n);                                                                   \
  } while (0)

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
/* What `name` means in ws's scope when no module variable has it: a name
 * granted to ws (main-only ones only for the main script, privileged), else
 * a built-in. */
bool workspace_scope_get(WVM *vm, ObjWorkspace *ws, bool privileged, ObjString *name, Value *out);
/* A new top-level slot named name in m (undefined until set). */
int module_new_slot(WVM *vm, ObjModule *m, ObjString *name);
/* Sets the REPL's `_` in m to v, unless the user declared `_` there. */
void module_set_last_value(WVM *vm, ObjModule *m, Value v);
Value module_continue(WVM *vm, ObjModule *m, const char *src, size_t len, bool dropIncomplete);
Value module_import_path(WVM *vm, ObjModule *from, ObjString *path);
Value module_import_std(WVM *vm, ObjString *name);
bool module_find_export(ObjModule *m, ObjString *name, Value *out);
/* The module's exports map, made empty on first use; freezing makes it
 * too, so a frozen module always has one. */
ObjMap *module_exports(WVM *vm, ObjModule *m);
void module_freeze_exports(WVM *vm, ObjModule *m);
/* Source position of a frame's current instruction. */
SrcPos vm_frame_pos(CallFrame *f);

/* --- registering natives --- */
typedef struct {
  const char *name;
  NativeFn fn;
  int16_t minArgs, maxArgs;
} NativeReg;
void vm_define_methods(WVM *vm, ObjClass *k, const NativeReg *regs);
/* Makes each native of regs and adds it to the map under its name. */
void vm_define_natives(WVM *vm, ObjMap *into, const NativeReg *regs);
ObjModule *vm_native_module(WVM *vm, const char *name, const NativeReg *fns);
void module_export(WVM *vm, ObjModule *m, const char *name, Value v);

#endif
