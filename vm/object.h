/* Heap object layouts. Every object starts with an Obj header and lives on
 * its VM's allocation list until the collector frees it. */
#ifndef WRIT_OBJECT_H
#define WRIT_OBJECT_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "vm/value.h"

typedef struct WVM WVM;

typedef enum {
  OBJ_STRING,
  OBJ_LIST,
  OBJ_MAP,
  OBJ_RANGE,
  OBJ_PROTO,    /* compiled function body (not a value scripts see) */
  OBJ_CLOSURE,  /* a Writ function value */
  OBJ_UPVALUE,  /* a captured variable (internal) */
  OBJ_NATIVE,   /* a C function value */
  OBJ_CLASS,
  OBJ_INSTANCE,
  OBJ_BOUND,    /* receiver + method, from `obj.method` without a call */
  OBJ_MODULE,
  OBJ_WORKSPACE,
  OBJ_BUFFER,   /* growable byte buffer for natives (internal, GC-owned) */
  OBJ_FOREIGN,  /* a host object: a host class plus C data (Dir, ...) */
  OBJ_FORWARDER, /* a proxy from the cap module (or a sealed box) */
  OBJ_GATE,     /* what a revoke function cuts; a membrane's wrapper caches */
  OBJ_PROMISE,  /* an eventual value (vm/async.c) */
  OBJ_RESOLVER, /* what settles one promise */
  OBJ_FAR,      /* a reference into another vat: only <- reaches it */
  OBJ_VAT,      /* a confined workspace with its own turns */
  OBJ_MESSAGE,  /* a queued send or reaction (internal) */
  OBJ__COUNT
} ObjType;

struct Obj {
  Obj *next;
  uint8_t type;
  uint8_t marked;
  uint8_t frozen; /* lists, maps, instances: no further mutation */
  uint8_t flags;  /* per-type bits */
  uint8_t inSlab; /* carved from the VM's boot slab: freed with it (object.c) */
  /* The transaction that made or last logged this object (vm/tx.c): a
   * write to an object whose epoch is not the running turn's is logged
   * first, so that a failed turn can put it back. */
  uint16_t epoch;
};

/* Obj.flags, one byte every object carries, by type:
 *   an Error made for a failed compile: ERROR_SYNTAX, ERROR_INCOMPLETE;
 *   a closure: how many upvalues it holds (CLOSURE_NUPVALS);
 *   a forwarder: its kind (FWD_KIND, below);
 *   a gate: GATE_REVOKED once its revoke function ran;
 *   a map: MAP_UNLOGGED;
 *   a message: its kind (MSG_*, vm/async.h);
 *   a string: STR_HASHED once its hash is set.
 * Nothing else uses them. */
#define CLOSURE_NUPVALS(c) ((c)->obj.flags)
#define GATE_REVOKED 1
#define STR_HASHED 1
/* A map the VM keeps for itself (vm->pinned): a failed turn does not
 * undo what was written to it (vm/tx.c). */
#define MAP_UNLOGGED 1

/* Obj.flags of an Error made for a failed compile (module.c): its message
 * is "file:line:col: what". A syntax error raised by ws.eval's child is
 * turned into an ordinary error of the ws.eval call (stdlib/workspace.c). */
#define ERROR_SYNTAX 1
#define ERROR_INCOMPLETE 2 /* with ERROR_SYNTAX: at the end of input, so more
                              text may complete it (the REPL asks for it) */

/* Strings are immutable, UTF-8, and cache their code-point count (ASCII
 * strings: cplen == len). Short ones (up to WRIT_SHORT_STRING_BYTES) are
 * interned, so two equal short strings are one object; long ones are not,
 * and compare by content (str_equal). The hash is computed at creation for
 * short strings, on first use as a key for long ones (STR_HASHED says it is
 * set). */
typedef struct ObjString {
  Obj obj;
  uint32_t len;
  uint32_t hash; /* valid once obj.flags has STR_HASHED */
  uint32_t cplen;
  char chars[]; /* NUL-terminated for C's convenience; may contain NULs */
} ObjString;

typedef struct {
  Obj obj;
  uint32_t count, cap;
  Value *items;
} ObjList;

/* Insertion-ordered open-addressing map: entries are dense in insertion
 * order; index[] holds entry positions (+1; 0 = empty) probed linearly.
 * Removing leaves a hole (key EMPTY_VAL) until the next rebuild. */
typedef struct {
  Value key, value;
} MapEntry;

typedef struct {
  Obj obj;
  MapEntry *entries;
  uint32_t count;   /* live entries */
  uint32_t used;    /* entries[] slots used, holes included */
  uint32_t ecap;    /* entries[] capacity */
  uint32_t icap;    /* index[] size, a power of two (0 when empty) */
  uint32_t *index;
  uint32_t version; /* bumped when keys are added or removed */
} ObjMap;

typedef struct {
  Obj obj;
  double from, to;
  bool inclusive;
} ObjRange;

/* How many numbers a range counts through: from, from + 1, ... up to to
 * (before it, or to it for ..=). */
static inline double range_count(double from, double to, bool inclusive) {
  double n = inclusive ? floor(to - from) + 1 : ceil(to - from);
  return n > 0 ? n : 0;
}

/* x is one of the numbers the range counts through (`x in r`). */
static inline bool range_has(const ObjRange *g, double x) {
  double k = x - g->from;
  return k >= 0 && k == floor(k) && k < range_count(g->from, g->to, g->inclusive);
}

typedef struct {
  int32_t line, col;
} SrcPos;

typedef struct {
  uint8_t fromParent; /* 1: parent's register, 0: parent's upvalue */
  uint8_t index;
} UpvalDesc;

/* A per-call-site cache for method calls: the receiver's class last seen
 * here and the method it resolved to. When that method is an accessor
 * (ObjProto.accessor), accessor and field say so, and a hit reads or
 * writes the field in place of the call. */
typedef struct {
  struct ObjString *name;
  const void *key; /* class (or frozen module) last seen */
  Value method;
  uint32_t field;   /* the instance's field index, when accessor is set */
  uint8_t accessor; /* ACCESSOR_NONE, _GET or _SET */
} InlineCache;

struct ObjModule;

typedef struct ObjProto {
  Obj obj;
  uint32_t *code;
  SrcPos *pos; /* source position per instruction */
  int32_t ncode, nk, nprotos, ncaches;
  int32_t codecap, kcap, pcap, ccap; /* allocated sizes (set while compiling) */
  Value *k;
  struct ObjProto **protos;
  InlineCache *caches;
  UpvalDesc *upvals;
  uint8_t nupvals;
  uint8_t nparams;   /* positional parameters, in registers 1..nparams */
  uint8_t nrequired; /* of those, the ones without a default (the first ones) */
  uint8_t hasRest;   /* ...rest: a list of the arguments past nparams, in
                        register nparams + 1 */
  int16_t exactArgc; /* the argument count a call takes the fast path with:
                        nparams, or -1 when there are defaults or a rest */
  uint8_t maxregs;
  uint8_t isMethod; /* register 0 is self */
  /* A method whose whole body reads or writes one field (`x() { return
   * @x }`, `setX(v) { @x = v }`): INVOKE does it in place, without a
   * frame. ACCESSOR_NONE, _GET or _SET, and the field (within its class). */
  uint8_t accessor, accessorField;
  int32_t poscap;   /* allocated size of pos: grown and trimmed apart from code */
  ObjString *name;
  struct ObjModule *module;
} ObjProto;

enum { ACCESSOR_NONE, ACCESSOR_GET, ACCESSOR_SET };

typedef struct ObjUpvalue {
  Obj obj;
  Value *loc; /* points into the stack while open, at `closed` after */
  Value closed;
  struct ObjUpvalue *nextOpen;
} ObjUpvalue;

struct ObjClass;
typedef void (*ForeignFinalizer)(void *data);
/* A finalizer that also gets the pointer its host class was made with. */
typedef void (*ForeignFinalizerUd)(void *ud, void *data);

typedef struct {
  Obj obj;
  ObjProto *proto;
  struct ObjClass *home; /* class whose method this is (or encloses), for @fields and super */
  ObjUpvalue *upvals[];
} ObjClosure;

/* Natives get args[0] = receiver (or the native itself) and args[1..argc].
 * They return a Value or raise with vm_raise. After any call back into
 * Writ, args may have moved: copy what you need before. */
typedef Value (*NativeFn)(WVM *vm, int argc, Value *args);

typedef struct {
  Obj obj;
  NativeFn fn;
  ObjString *name;
  int16_t minArgs, maxArgs; /* maxArgs -1: any number */
  Value data; /* free for the native's own use (host classes, cap) */
  void (*host)(void); /* API host functions: the host's C function */
  void *hostUd;       /* API host functions: the host's pointer for it */
  uint8_t shortcut; /* NativeShortcut: done by the dispatch loop itself */
} ObjNative;

/* Natives common enough in loops that the dispatch loop does their usual
 * case itself, without a native call (vm.c, CALL and INVOKE): the same
 * result and the same fuel; anything unusual (another receiver type, a
 * full list, a non-number) still calls the native. The library marks its
 * natives (vm_native_shortcut); the VM knows no native by its C function. */
typedef enum {
  SHORTCUT_NONE,
  SHORTCUT_LIST_PUSH, /* list.push(x) with room in the list */
  SHORTCUT_LIST_LEN,  /* list.len() */
  SHORTCUT_SQRT,      /* math.sqrt(number) */
  SHORTCUT_FLOOR,     /* math.floor(number) */
  /* CALL's alone (vm.c's call_shortcut), from here on */
  SHORTCUT_STR,       /* str(number or string), and into a + (vm.c's str_call) */
  SHORTCUT_WHEN,      /* a when(...) statement: no promise for its result */
} NativeShortcut;

typedef struct ObjClass {
  Obj obj;
  ObjString *name;
  struct ObjClass *super;
  ObjMap *methods; /* name -> closure/native, inherited ones copied down */
  Value ctor;      /* the `new` method, or NIL_VAL */
  uint16_t numFields; /* including inherited */
  uint16_t fieldBase; /* index of this class's first own field */
  uint8_t builtin;    /* 1 a primordial, 2 a host class: scripts cannot subclass or call it */
  uint32_t foreignSize; /* host classes: bytes of host data per object */
  ForeignFinalizer finalize;
  ForeignFinalizerUd finalizeUd; /* host classes: the finalizer with hostUd */
  void *hostUd;
} ObjClass;

typedef struct {
  Obj obj;
  ObjClass *klass;
  uint32_t nfields;
  Value fields[];
} ObjInstance;

typedef struct {
  Obj obj;
  Value receiver;
  Value method;
} ObjBound;

struct ObjWorkspace;

typedef enum { MOD_LOADING, MOD_READY, MOD_FAILED } ModState;

#define MODULE_VARS_BYTES(cap) \
  ((size_t)(cap) * (sizeof(Value) + sizeof(ObjString *) + sizeof(uint8_t)))

/* A module instance: its top-level variables (slots, resolved by the
 * compiler), the names of those slots, and its frozen exports. */
typedef struct ObjModule {
  Obj obj;
  ObjString *name;    /* display name / path */
  ObjString *source;  /* kept for error carets */
  struct ObjWorkspace *ws;
  /* The three slot arrays are one allocation of MODULE_VARS_BYTES(varcap)
   * bytes starting at vars (module_new_slot), so growing them is one
   * allocation that either happens whole or not at all. */
  Value *vars;
  ObjString **varNames;
  uint8_t *varFlags; /* VAR_* bits */
  int32_t nvars, varcap;
  /* Both made on first use (NULL until then): a module evaluated for its
   * value has neither top-level names nor exports. */
  ObjMap *varIndex;  /* name -> slot number */
  ObjMap *exports;   /* frozen when loading finishes (module_freeze_exports) */
  int32_t lineBase;  /* lines of source before the latest REPL input (its
                        line numbers continue from there) */
  int32_t srcBase;   /* lines before the first line `source` holds */
  uint8_t state;
  uint8_t privileged; /* the main script: may see print and sys */
} ObjModule;

#define VAR_CONST 1    /* declared with let (or fn/class/import) */
#define VAR_DEFINED 2  /* its declaration has been compiled */
#define VAR_EXPORT 4
#define VAR_SCOPE 8    /* filled from the workspace scope, not declared */
#define VAR_REPL_LAST 16 /* `_`, set by the REPL to the last value shown */

typedef struct ObjWorkspace {
  Obj obj;
  ObjMap *modules; /* canonical path -> module */
  ObjMap *scope;   /* names every module of this workspace sees (frozen) */
  ObjMap *mainScope; /* extra names only the main script sees */
  struct ObjWorkspace *parent;
  struct ObjModule *evalModule; /* top level of ws.eval, made on first use */
  void *host; /* the embedder's pointer (API) */
  uint8_t canLoad; /* path imports go to the host's loader (API workspaces) */
} ObjWorkspace;

typedef struct ObjBuffer {
  Obj obj;
  uint32_t len, cap;
  char *data;
} ObjBuffer;

/* Host objects: methods are natives of a frozen host class; the C data
 * (size bytes, aligned for any type) is finalized when collected, which is
 * how a Dir closes its directory descriptor. */
typedef struct {
  Obj obj;
  struct ObjClass *klass;
  ForeignFinalizer finalize;
  ForeignFinalizerUd finalizeUd; /* copied from the class, which may be */
  void *finalizeArg;             /* collected in the same sweep */
  uint32_t size;
  uint64_t data[];
} ObjForeign;

/* Forwarders (vm/forward.c): the cap module's proxies. Kinds go in
 * obj.flags. A revocable or facet forwards to its target; a membrane
 * forwarder (OUT: a dry-side proxy for a wet object, IN: the reverse)
 * wraps every object that crosses; a sealed box just holds its content. */
enum { FWD_REVOCABLE, FWD_FACET, FWD_OUT, FWD_IN, FWD_SEALED };
typedef struct ObjGate {
  Obj obj;            /* flags: 1 once revoked */
  ObjMap *out, *in;   /* membrane: target -> its wrapper, each direction */
} ObjGate;
typedef struct {
  Obj obj;
  Value target;
  ObjGate *gate;      /* revocable, membrane: the revoke switch; sealed: the brand */
  ObjMap *allowed;    /* facet: method names it forwards */
} ObjForwarder;

/* Promises, eventual sends and vats (vm/async.c, vm/vat.c). */
enum { PROMISE_PENDING, PROMISE_FULFILLED, PROMISE_REJECTED };
struct ObjVat;
struct ObjMessage;
typedef struct ObjPromise {
  Obj obj;
  uint8_t state;
  uint8_t handled;    /* something watches it: a when, a pipelined send */
  uint8_t resolved;   /* resolved (maybe to a pending promise it now follows):
                         a later resolve or reject is ignored */
  Value value;        /* the fulfilment or the rejection's reason */
  /* Messages waiting for it to settle, in order: the first (NULL: none),
   * then the rest (NULL: none) -- most promises have one waiter, which
   * then costs no list. */
  struct ObjMessage *waiter;
  ObjList *waiters;
  struct ObjVat *vat; /* whose turns its reactions run in (NULL: the host's) */
} ObjPromise;

typedef struct {
  Obj obj;
  ObjPromise *promise;
} ObjResolver;

/* A reference to an object of another vat: <- is the only way to it. */
typedef struct {
  Obj obj;
  Value target;
  struct ObjVat *vat; /* the vat target lives in (NULL: the host's) */
} ObjFar;

typedef struct ObjVat {
  Obj obj;
  struct ObjWorkspace *ws;
  double fuel, memory; /* budgets per turn (negative: none) */
  ObjMap *fars;        /* its objects -> the far references made for them */
} ObjVat;

/* A message waiting in a queue or on a promise (vm/async.c). */
typedef struct ObjMessage {
  Obj obj;             /* flags: MSG_SEND, MSG_WHEN or MSG_FOLLOW */
  uint8_t rejected;    /* WHEN, FOLLOW: the outcome being delivered */
  Value target;        /* SEND: the receiver; WHEN, FOLLOW: the value or reason */
  ObjString *name;     /* SEND: the method (NULL: call the target) */
  Value ok, err;       /* WHEN: the callbacks */
  ObjPromise *result;  /* settled with the outcome (NULL: a send whose
                          result nobody keeps, `x <- m()` as a statement) */
  struct ObjVat *vat;  /* where it is delivered */
  struct ObjVat *from; /* whose values target and args are (crossing) */
  uint32_t argc;
  Value args[];        /* SEND: the arguments */
} ObjMessage;

#define OBJ_TYPE(v) (AS_OBJ(v)->type)
static inline bool is_obj_type(Value v, ObjType t) {
  return IS_OBJ(v) && AS_OBJ(v)->type == t;
}
#define IS_STRING(v) is_obj_type(v, OBJ_STRING)
#define IS_LIST(v) is_obj_type(v, OBJ_LIST)
#define IS_MAP(v) is_obj_type(v, OBJ_MAP)
#define IS_RANGE(v) is_obj_type(v, OBJ_RANGE)
#define IS_CLOSURE(v) is_obj_type(v, OBJ_CLOSURE)
#define IS_NATIVE(v) is_obj_type(v, OBJ_NATIVE)
#define IS_CLASS(v) is_obj_type(v, OBJ_CLASS)
#define IS_INSTANCE(v) is_obj_type(v, OBJ_INSTANCE)
#define IS_BOUND(v) is_obj_type(v, OBJ_BOUND)
#define IS_MODULE(v) is_obj_type(v, OBJ_MODULE)
#define IS_WORKSPACE(v) is_obj_type(v, OBJ_WORKSPACE)
#define IS_FOREIGN(v) is_obj_type(v, OBJ_FOREIGN)
#define IS_FORWARDER(v) is_obj_type(v, OBJ_FORWARDER)
#define IS_PROMISE(v) is_obj_type(v, OBJ_PROMISE)
#define IS_RESOLVER(v) is_obj_type(v, OBJ_RESOLVER)
#define IS_FAR(v) is_obj_type(v, OBJ_FAR)
#define IS_VAT(v) is_obj_type(v, OBJ_VAT)
#define AS_PROMISE(v) ((ObjPromise *)AS_OBJ(v))
#define AS_RESOLVER(v) ((ObjResolver *)AS_OBJ(v))
#define AS_FAR(v) ((ObjFar *)AS_OBJ(v))
#define AS_VAT(v) ((ObjVat *)AS_OBJ(v))

#define AS_STRING(v) ((ObjString *)AS_OBJ(v))
#define AS_CSTRING(v) (((ObjString *)AS_OBJ(v))->chars)
#define AS_LIST(v) ((ObjList *)AS_OBJ(v))
#define AS_MAP(v) ((ObjMap *)AS_OBJ(v))
#define AS_RANGE(v) ((ObjRange *)AS_OBJ(v))
#define AS_CLOSURE(v) ((ObjClosure *)AS_OBJ(v))
#define AS_NATIVE(v) ((ObjNative *)AS_OBJ(v))
#define AS_CLASS(v) ((ObjClass *)AS_OBJ(v))
#define AS_INSTANCE(v) ((ObjInstance *)AS_OBJ(v))
#define AS_BOUND(v) ((ObjBound *)AS_OBJ(v))
#define AS_MODULE(v) ((ObjModule *)AS_OBJ(v))
#define AS_WORKSPACE(v) ((ObjWorkspace *)AS_OBJ(v))
#define AS_FOREIGN(v) ((ObjForeign *)AS_OBJ(v))
#define AS_FORWARDER(v) ((ObjForwarder *)AS_OBJ(v))
#define FWD_KIND(f) ((f)->obj.flags)

/* Allocation (object.c). All may trigger a collection first. */
Obj *object_alloc(WVM *vm, size_t size, ObjType type);
ObjList *list_new(WVM *vm, uint32_t cap);
void list_push(WVM *vm, ObjList *l, Value v);
void list_reserve(WVM *vm, ObjList *l, uint32_t cap);
ObjRange *range_new(WVM *vm, double from, double to, bool inclusive);
ObjProto *proto_new(WVM *vm, ObjModule *module);
ObjClosure *closure_new(WVM *vm, ObjProto *p);
ObjUpvalue *upvalue_new(WVM *vm, Value *slot);
ObjNative *native_new(WVM *vm, const char *name, NativeFn fn, int minArgs, int maxArgs);
ObjClass *class_new(WVM *vm, ObjString *name, ObjClass *super, int ownFields);
ObjInstance *instance_new(WVM *vm, ObjClass *k);
ObjBound *bound_new(WVM *vm, Value receiver, Value method);
ObjModule *module_new(WVM *vm, ObjString *name, struct ObjWorkspace *ws);
ObjBuffer *buffer_new(WVM *vm, uint32_t cap);
/* A host object of class k with size bytes of zeroed C data. */
ObjForeign *foreign_new(WVM *vm, struct ObjClass *k, size_t size, ForeignFinalizer finalize);
void buffer_append(WVM *vm, ObjBuffer *b, const char *s, size_t n);
ObjGate *gate_new(WVM *vm, bool membrane);
ObjForwarder *forwarder_new(WVM *vm, int kind, Value target, ObjGate *gate);
void object_free(WVM *vm, Obj *o);
/* While vm->slabOn, object_alloc carves objects from a few large blocks
 * (the boot slab) instead of one allocation each; slab_free_all frees the
 * blocks, after every object has gone through object_free. */
void slab_free_all(WVM *vm);
/* Gives the small-object free lists back to the allocator (vm_free). */
void free_lists_release(WVM *vm);

#endif
