/* The virtual machine's state (a WVM: everything mutable lives in one, the
 * library has no global state) and the calls of vm.c: running Writ code
 * from C, protected calls, classes of values. The other parts of the VM's
 * interface have a header each (error.h, budget.h, gc.h, mem.h, value.h,
 * module.h, workspace.h, state.h, ...). */
#ifndef WRIT_VM_H
#define WRIT_VM_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include "vm/config.h"
#include "vm/object.h"

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

/* A queue of messages (ObjMessage values): a ring, grown by doubling. */
typedef struct MsgQueue {
  Value *items;
  uint32_t head, len, cap;
} MsgQueue;

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
  /* Of bytesAllocated, a compilation's arena (mem_scratch), and how much of
   * it the last collection put in nextGC. */
  size_t scratchBytes, scratchCounted;
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

  /* Transactional turns (tx.c): the log of objects written, the
   * innermost transaction, and the epoch stamped on what it makes or
   * logs. Eventual sends (async.c): the queue (a failed turn's sends are
   * its tail, cut off), the vat whose turn runs. */
  struct TxEntry *txLog;
  uint32_t txLen, txCap;
  struct TxMark *txTop;
  uint16_t epoch, epochNext;
  MsgQueue queue;
  ObjList *unhandled; /* promises rejected while nothing watched them */
  struct ObjVat *vat;  /* NULL: the host's own (the main script's) */
  ObjMap *hostFars;    /* the host's objects -> far references to them */

  /* primordials: shared by every workspace, frozen after creation */
  ObjClass *cNil, *cBool, *cNumber, *cString, *cList, *cMap, *cRange,
      *cFunction, *cClass, *cModule, *cError, *cWorkspace, *cObject, *cPromise, *cResolver,
      *cFar, *cVat;
  ObjMap *builtins;   /* pure names every scope sees */
  ObjMap *stdModules; /* "math" -> module, ... */
  ObjString *sNew, *sToString, *sMain; /* sMain: every module chunk's name */
  ObjString *sIter, *sNext; /* the iteration protocol's method names */

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
  /* free small objects by 16-byte size class (object.c); freeBytes in all */
  void *freeObjs[WRIT_SMALL_CLASSES + 1];
  size_t freeBytes;
  bool freeListsOn; /* only with the library's own allocator */
  bool slabOn; /* set while vm_new makes the built-ins */
};

/* Attributes: a function that never returns, printf-style checks. */
#if defined(__GNUC__)
#define WNORETURN __attribute__((noreturn))
#define WPRINTF(a, b) __attribute__((format(printf, a, b)))
/* For the dispatch loop's slow paths: kept out of line, they cannot change
 * how the compiler lays out the hot handlers around them. */
#define NOINLINE __attribute__((noinline))
#else
#define WNORETURN
#define WPRINTF(a, b)
#define NOINLINE
#endif

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
/* Records in ej the state an error unwinding to it restores, and makes it
 * the innermost protected point. */
void errjmp_push(WVM *vm, ErrJmp *ej);
/* Puts back what errjmp_push recorded (frames, handlers, roots, ...) and
 * pops ej. */
void errjmp_restore(WVM *vm, ErrJmp *ej);

/* Protected execution: run fn(vm, ud); returns true if it finished,
 * false if it raised (the thrown value is then in vm->error). */
bool vm_protect(WVM *vm, void (*fn)(WVM *vm, void *ud), void *ud);
/* vm_call inside vm_protect, with one protected point instead of two (a
 * turn's fixed cost): true with the result in *out, or false with the
 * error in vm->error and the VM as it was before the call. */
bool vm_call_protected(WVM *vm, Value callee, int argc, const Value *args, Value *out);

#endif
