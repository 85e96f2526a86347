/* The dispatch loop and calls. Writ-to-Writ calls push a CallFrame and stay
 * in the same loop (no C recursion); only natives that call back into Writ
 * (sort comparators, toString from print) re-enter it, bounded by
 * WRIT_MAX_NATIVE_DEPTH. */
#include <math.h>
#include <stdio.h>
#include "vm/vm.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/forward.h"
#include "vm/gc.h"
#include "vm/mem.h"
#include "vm/module.h"
#include "vm/opcodes.h"
#include "vm/table.h"
#include "vm/tx.h"
#include "vm/async.h"
#include "vm/wstring.h"
#if defined(__x86_64__) && defined(__SSE2__)
#include <emmintrin.h>
#endif

const char *const opcode_names[] = {
#define OP_NAME(name, doc) #name,
    OPCODES(OP_NAME)
#undef OP_NAME
};

/* ------------------------------------------------------------------ */
/* Stack and frames                                                     */

/* Grows the value stack so that [top, top + need) exists, fixing every
 * pointer into it. Returns the (possibly moved) pointer for `p`. The check
 * is inline; the growing (rare) is not, so that callers pay no frame for
 * it. */
NOINLINE static Value *grow_stack(WVM *vm, Value *p, size_t need);
static inline Value *ensure_stack(WVM *vm, Value *p, size_t need) {
  if (vm->top + need <= vm->stackEnd && p + need <= vm->stackEnd) return p;
  return grow_stack(vm, p, need);
}

NOINLINE static Value *grow_stack(WVM *vm, Value *p, size_t need) {
  size_t used = (size_t)((p > vm->top ? p : vm->top) - vm->stack);
  size_t size = (size_t)(vm->stackEnd - vm->stack);
  size_t nsize = size;
  while (nsize < used + need) nsize *= 2;
  if (nsize > WRIT_MAX_STACK_SLOTS) {
    if (used + need > WRIT_MAX_STACK_SLOTS)
      vm_raise(vm, "stack overflow (too many nested calls)");
    nsize = WRIT_MAX_STACK_SLOTS;
  }
  Value *old = vm->stack;
  Value *ns = MEM_GROW(vm, Value, vm->stack, size, nsize);
  for (size_t i = size; i < nsize; i++) ns[i] = NIL_VAL;
  ptrdiff_t d = ns - old;
  vm->stack = ns;
  vm->stackEnd = ns + nsize;
  vm->top += d;
  for (int i = 0; i < vm->nframes; i++) vm->frames[i].base += d;
  for (ObjUpvalue *u = vm->openUpvals; u; u = u->nextOpen) u->loc += d;
  return p + d;
}

/* Fills the next frame; the caller has checked there is room for it and
 * for the callee's registers. */
static inline void init_frame(WVM *vm, ObjClosure *cl, Value *base, int argc) {
  ObjProto *p = cl->proto;
  /* The registers above the arguments are not cleared: whatever stale
   * value they hold was either below top at the last collection (so it was
   * marked and lives) or above it (so the collection set it to nil), or
   * was written since; none can be a freed object (gc.c, mark_roots). At
   * worst a stale value keeps garbage alive until the registers are reused,
   * as in Lua. The compiler never reads a register it has not written. */
  CallFrame *f = &vm->frames[vm->nframes++];
  f->closure = cl;
  f->pc = p->code;
  f->base = base;
  vm->top = base + p->maxregs;
}

/* A call of a function with defaults or a rest parameter (its arity is
 * already checked): the arguments past the positional parameters become
 * the rest list, and each missing one is marked undefined, which the
 * function's prologue replaces by its default (OP_ISUNDEF). The frame is
 * pushed; the extra arguments may lie above its registers, so top covers
 * them while the list is made (a collection clears what is above top). */
NOINLINE static void frame_args(WVM *vm, ObjProto *p, Value *base, int argc) {
  int np = p->nparams;
  if (p->hasRest) {
    int extra = argc > np ? argc - np : 0;
    Value *top = vm->top;
    if (base + argc + 1 > top) vm->top = base + argc + 1;
    ObjList *rest = list_new(vm, (uint32_t)extra); /* collects, never moves the stack */
    for (int i = 0; i < extra; i++) rest->items[i] = base[np + 1 + i];
    rest->count = (uint32_t)extra;
    for (int i = np + 2; i <= argc; i++) base[i] = NIL_VAL;
    base[np + 1] = OBJ_VAL(rest);
    vm->top = top;
  }
  for (int i = argc + 1; i <= np; i++) base[i] = UNDEF_VAL;
}

void vm_set_frame_limit(WVM *vm, int limit, int shown) {
  vm->frameLimit = limit;
  vm->frameLimitShown = shown;
  vm->frameStop = limit < vm->framecap ? limit : vm->framecap;
}

/* The general case: grows the frame array and the stack as needed. */
static void push_frame(WVM *vm, ObjClosure *cl, Value *base, int argc) {
  if (vm->nframes >= vm->frameStop) {
    if (vm->nframes >= vm->frameLimit)
      vm_raise(vm, "stack overflow (call depth limit %d)", vm->frameLimitShown);
    if (vm->nframes >= vm->framecap) {
      int ncap = vm->framecap * 2;
      if (ncap > WRIT_MAX_CALL_DEPTH) ncap = WRIT_MAX_CALL_DEPTH;
      vm->frames = MEM_GROW(vm, CallFrame, vm->frames, vm->framecap, ncap);
      vm->framecap = ncap;
    }
    vm_set_frame_limit(vm, vm->frameLimit, vm->frameLimitShown);
  }
  base = ensure_stack(vm, base, (size_t)cl->proto->maxregs + 1);
  init_frame(vm, cl, base, argc);
  if (cl->proto->exactArgc < 0) frame_args(vm, cl->proto, base, argc);
}

/* A call of an accessor method (ObjProto.accessor) done in place: the
 * field read into r[0], or written from r[1] (r[0] = nil). Anything
 * unusual (wrong count, a frozen object) takes the ordinary call, which
 * reports it from inside the method as before. */
static inline bool accessor_fast(const WVM *vm, ObjClosure *m, Value *r, int argc) {
  ObjProto *p = m->proto;
  if (argc != p->nparams || !IS_INSTANCE(r[0]) || !m->home) return false;
  ObjInstance *o = AS_INSTANCE(r[0]);
  uint32_t i = (uint32_t)m->home->fieldBase + p->accessorField;
  if (i >= o->nfields) return false;
  if (p->accessor == ACCESSOR_GET) {
    r[0] = o->fields[i];
    return true;
  }
  if (o->obj.frozen || tx_needed(vm, &o->obj)) return false;
  o->fields[i] = r[1];
  r[0] = NIL_VAL;
  return true;
}

/* A marked native's usual case done in place (ObjNative.shortcut): r[0]
 * the receiver (or the callee), r[1..argc] the arguments, the result in
 * r[0]. False: not the usual case, call the native. */
static inline bool native_shortcut(const WVM *vm, int shortcut, Value *r, int argc) {
  switch (shortcut) {
  case SHORTCUT_LIST_PUSH:
    if (argc == 1 && IS_LIST(r[0])) {
      ObjList *l = AS_LIST(r[0]);
      if (l->obj.frozen || l->count >= l->cap || tx_needed(vm, &l->obj)) return false;
      l->items[l->count++] = r[1];
      r[0] = NIL_VAL;
      return true;
    }
    return false;
  case SHORTCUT_LIST_LEN:
    if (argc != 0 || !IS_LIST(r[0])) return false;
    r[0] = NUMBER_VAL(AS_LIST(r[0])->count);
    return true;
  case SHORTCUT_SQRT:
    if (argc != 1 || !IS_NUMBER(r[1])) return false;
    r[0] = NUMBER_VAL(sqrt(AS_NUMBER(r[1])));
    return true;
  case SHORTCUT_FLOOR:
    if (argc != 1 || !IS_NUMBER(r[1])) return false;
    r[0] = NUMBER_VAL(floor(AS_NUMBER(r[1])));
    return true;
  default: return false;
  }
}

/* The common call: a Writ function with the right number of arguments
 * and room for its frame. Anything else (errors, growth) is push_frame's. */
static inline bool enter_fast(WVM *vm, ObjClosure *callee, Value *base, int argc) {
  ObjProto *p = callee->proto;
  if (p->exactArgc != argc || vm->nframes >= vm->frameStop || base + p->maxregs + 1 > vm->stackEnd)
    return false;
  init_frame(vm, callee, base, argc);
  return true;
}

NOINLINE static ObjUpvalue *capture_upvalue(WVM *vm, Value *slot) {
  ObjUpvalue **link = &vm->openUpvals;
  while (*link && (*link)->loc > slot) link = &(*link)->nextOpen;
  if (*link && (*link)->loc == slot) return *link;
  ObjUpvalue *u = upvalue_new(vm, slot);
  /* The list may have changed if allocation collected; search again. */
  link = &vm->openUpvals;
  while (*link && (*link)->loc > slot) link = &(*link)->nextOpen;
  u->nextOpen = *link;
  *link = u;
  return u;
}

void vm_close_upvalues(WVM *vm, Value *from) {
  while (vm->openUpvals && vm->openUpvals->loc >= from) {
    ObjUpvalue *u = vm->openUpvals;
    u->closed = *u->loc;
    u->loc = &u->closed;
    vm->openUpvals = u->nextOpen;
  }
}

/* ------------------------------------------------------------------ */
/* Classes of values, method lookup                                     */

ObjClass *vm_class_of(WVM *vm, Value v) {
  if (IS_NUMBER(v)) return vm->cNumber;
  if (IS_NIL(v)) return vm->cNil;
  if (IS_BOOL(v)) return vm->cBool;
  switch ((ObjType)OBJ_TYPE(v)) {
  case OBJ_STRING: return vm->cString;
  case OBJ_LIST: return vm->cList;
  case OBJ_MAP: return vm->cMap;
  case OBJ_RANGE: return vm->cRange;
  case OBJ_CLOSURE: case OBJ_NATIVE: case OBJ_BOUND: return vm->cFunction;
  case OBJ_CLASS: return vm->cClass;
  case OBJ_INSTANCE: return AS_INSTANCE(v)->klass;
  case OBJ_MODULE: return vm->cModule;
  case OBJ_WORKSPACE: return vm->cWorkspace;
  case OBJ_FOREIGN: return AS_FOREIGN(v)->klass;
  case OBJ_PROMISE: return vm->cPromise;
  case OBJ_RESOLVER: return vm->cResolver;
  case OBJ_FAR: return vm->cFar;
  case OBJ_VAT: return vm->cVat;
  default: return vm->cObject;
  }
}

static const char *describe(WVM *vm, Value v) {
  return value_type_name(vm, v);
}

/* `new` runs only when an object is made (Class(...), super.new): calling
 * it on an existing object would let any holder reset its private state. */
WNORETURN static void ctor_as_method(WVM *vm, Value recv) {
  vm_raise(vm, "'new' is a constructor: call the class to make a %s, it cannot be called on an existing object",
           value_type_name(vm, recv));
}

WNORETURN static void no_method(WVM *vm, Value recv, ObjString *name) {
  if (IS_MODULE(recv))
    vm_raise(vm, "module '%s' has no export '%s'", AS_MODULE(recv)->name->chars, name->chars);
  if (IS_CLASS(recv))
    vm_raise(vm, "class %s has no method '%s' (methods are called on instances)",
             AS_CLASS(recv)->name->chars, name->chars);
  if (IS_FAR(recv))
    vm_raise(vm, "'%s' called on a far reference: an object of another vat is reached only by <- (x <- %s(...))",
             name->chars, name->chars);
  if (IS_PROMISE(recv))
    vm_raise(vm, "'%s' called on a promise: send to it with <- (p <- %s(...)) or wait with when(p, fn(v) { ... })",
             name->chars, name->chars);
  if (IS_MAP(recv)) /* m.key as in JavaScript */
    vm_raise(vm, "map has no method '%s' (to read the key, write m[\"%s\"])", name->chars, name->chars);
  vm_raise(vm, "%s has no method '%s'", describe(vm, recv), name->chars);
}

/* ------------------------------------------------------------------ */
/* Calls                                                                */

static const char *callee_name(Value v) {
  if (IS_CLOSURE(v)) return AS_CLOSURE(v)->proto->name ? AS_CLOSURE(v)->proto->name->chars : "<anonymous>";
  if (IS_NATIVE(v)) return AS_NATIVE(v)->name->chars;
  return "?";
}

static void check_arity(WVM *vm, Value fn, int argc) {
  int min, max;
  if (IS_CLOSURE(fn)) {
    ObjProto *p = AS_CLOSURE(fn)->proto;
    min = p->nrequired;
    max = p->hasRest ? -1 : p->nparams;
  } else {
    min = AS_NATIVE(fn)->minArgs;
    max = AS_NATIVE(fn)->maxArgs;
  }
  if (argc >= min && (max < 0 || argc <= max)) return;
  const char *name = callee_name(fn);
  if (min == max)
    vm_raise(vm, "%s() takes %d argument%s, got %d", name, min, min == 1 ? "" : "s", argc);
  if (max < 0) vm_raise(vm, "%s() takes at least %d argument%s, got %d", name, min, min == 1 ? "" : "s", argc);
  vm_raise(vm, "%s() takes %d to %d arguments, got %d", name, min, max, argc);
}

static Value call_native(WVM *vm, ObjNative *n, Value *base, int argc) {
  if (vm->nativeDepth >= WRIT_MAX_NATIVE_DEPTH)
    vm_raise(vm, "stack overflow (nested calls through built-ins, limit %d)", WRIT_MAX_NATIVE_DEPTH);
  Value *savedTop = vm->top;
  ptrdiff_t topOff = savedTop - vm->stack;
  vm->top = base + argc + 1;
  vm->nativeDepth++;
  ObjNative *savedNative = vm->currentNative;
  vm->currentNative = n; /* host functions find their C function here */
  Value r = n->fn(vm, argc, base);
  vm->currentNative = savedNative;
  vm->nativeDepth--;
  vm->top = vm->stack + topOff;
  return r;
}

/* Calls the method/function `fn` with base[0] = receiver (or callee) and
 * base[1..argc] the arguments. Returns true if a Writ frame was pushed (the
 * loop must run it); else the result is in *out. */
static bool call_with_base(WVM *vm, Value fn, Value *base, int argc, Value *out) {
  if (IS_CLOSURE(fn)) {
    /* the usual case inline: exactly the parameters (check_arity takes
     * the rest, and reports) */
    if (argc != AS_CLOSURE(fn)->proto->exactArgc) check_arity(vm, fn, argc);
    push_frame(vm, AS_CLOSURE(fn), base, argc);
    return true;
  }
  ObjNative *n = AS_NATIVE(fn);
  if (argc < n->minArgs || (n->maxArgs >= 0 && argc > n->maxArgs)) check_arity(vm, fn, argc);
  *out = call_native(vm, n, base, argc);
  return false;
}

static bool call_value(WVM *vm, Value *base, int argc, Value *out) {
  Value callee = base[0];
  if (IS_CLOSURE(callee) || IS_NATIVE(callee)) return call_with_base(vm, callee, base, argc, out);
  if (IS_BOUND(callee)) {
    ObjBound *b = AS_BOUND(callee);
    base[0] = b->receiver;
    if (IS_STRING(b->method)) { /* proxy.method taken without a call */
      bool found;
      *out = vm_invoke_at(vm, base, argc, AS_STRING(b->method), &found);
      return false;
    }
    return call_with_base(vm, b->method, base, argc, out);
  }
  if (IS_FORWARDER(callee)) {
    if (forward_unwrap_for_call(vm, base, NULL)) {
      *out = forward_membrane(vm, base, argc, NULL);
      return false;
    }
    return call_value(vm, base, argc, out);
  }
  if (IS_CLASS(callee)) {
    ObjClass *k = AS_CLASS(callee);
    if (k->builtin) vm_raise(vm, "cannot create a %s with %s()", k->name->chars, k->name->chars);
    ObjInstance *inst = instance_new(vm, k);
    base[0] = OBJ_VAL(inst);
    if (IS_NIL(k->ctor)) {
      if (argc != 0) vm_raise(vm, "%s() takes no arguments (the class has no constructor 'new'), got %d",
                              k->name->chars, argc);
      *out = OBJ_VAL(inst);
      return false;
    }
    bool pushed = call_with_base(vm, k->ctor, base, argc, out);
    if (!pushed) *out = OBJ_VAL(inst);
    return pushed;
  }
  if (IS_FAR(callee)) vm_raise(vm, "cannot call a far reference directly: send to it with f <- (args)");
  if (IS_PROMISE(callee)) vm_raise(vm, "cannot call a promise: send to it with p <- (args)");
  vm_raise(vm, "cannot call %s", describe(vm, callee));
}

static Value run(WVM *vm, int baseFrame);

/* Copies callee/receiver and arguments to the top of the stack. */
static Value *push_call(WVM *vm, Value first, int argc, const Value *args) {
  /* args may point into the stack: copy before the stack can move. */
  Value tmp[WRIT_MAX_ARGS + 1];
  tmp[0] = first;
  for (int i = 0; i < argc; i++) tmp[i + 1] = args[i];
  Value *base = ensure_stack(vm, vm->top, (size_t)argc + 2);
  for (int i = 0; i <= argc; i++) base[i] = tmp[i];
  return base;
}

static void native_depth_check(WVM *vm) {
  if (vm->nativeDepth >= WRIT_MAX_NATIVE_DEPTH)
    vm_raise(vm, "stack overflow (nested calls through built-ins, limit %d)", WRIT_MAX_NATIVE_DEPTH);
}

/* Calls from C with callee/receiver and arguments at base[0..argc]:
 * method NIL_VAL calls base[0] as a value, else method with base[0] as
 * self. Runs any pushed frame to completion (re-entering the loop). */
static Value call_from_c(WVM *vm, Value *base, int argc, Value method) {
  native_depth_check(vm);
  ptrdiff_t topOff = vm->top - vm->stack;
  vm->top = base + argc + 1;
  Value result = NIL_VAL;
  vm->nativeDepth++;
  bool pushed = IS_NIL(method) ? call_value(vm, base, argc, &result)
                               : call_with_base(vm, method, base, argc, &result);
  if (pushed) result = run(vm, vm->nframes - 1);
  vm->nativeDepth--;
  vm->top = vm->stack + topOff;
  return result;
}

Value vm_call_at(WVM *vm, Value *base, int argc) { return call_from_c(vm, base, argc, NIL_VAL); }

Value vm_call(WVM *vm, Value callee, int argc, const Value *args) {
  ptrdiff_t topOff = vm->top - vm->stack;
  Value *base = push_call(vm, callee, argc, args);
  Value r = vm_call_at(vm, base, argc);
  vm->top = vm->stack + topOff;
  return r;
}

Value vm_invoke_at(WVM *vm, Value *base, int argc, ObjString *name, bool *found) {
  *found = true;
  if (IS_FORWARDER(base[0]) && forward_unwrap_for_call(vm, base, name))
    return forward_membrane(vm, base, argc, name);
  Value recv = base[0], method;
  if (IS_MODULE(recv)) {
    *found = module_find_export(vm, AS_MODULE(recv), name, &method);
    if (!*found) return NIL_VAL;
    base[0] = method;
    return vm_call_at(vm, base, argc);
  }
  *found = map_get(vm, vm_class_of(vm, recv)->methods, OBJ_VAL(name), &method);
  if (!*found) return NIL_VAL;
  if (name == vm->sNew) ctor_as_method(vm, recv);
  return call_from_c(vm, base, argc, method);
}

Value vm_invoke(WVM *vm, Value recv, ObjString *name, int argc, const Value *args, bool *found) {
  ptrdiff_t topOff = vm->top - vm->stack;
  Value *base = push_call(vm, recv, argc, args);
  vm->top = base + argc + 1; /* arguments stay rooted while a membrane wraps them */
  Value r = vm_invoke_at(vm, base, argc, name, found);
  vm->top = vm->stack + topOff;
  return r;
}

/* ------------------------------------------------------------------ */
/* Operators                                                            */

static const char *op_verb(int op) {
  switch (op) {
  case OP_ADD: case OP_ADDK: case OP_ADDI: return "+";
  case OP_SUB: case OP_SUBK: case OP_SUBI: return "-";
  case OP_MUL: case OP_MULK: return "*";
  case OP_DIV: case OP_DIVK: return "/";
  case OP_MOD: case OP_MODK: return "%";
  case OP_BAND: return "&";
  case OP_BOR: return "|";
  case OP_BXOR: return "^";
  case OP_SHL: return "<<";
  case OP_SHR: return ">>";
  case OP_POW: return "**";
  case OP_NEG: return "-";
  case OP_BNOT: return "~";
  default: return "?";
  }
}

WNORETURN static void arith_error(WVM *vm, int op, Value a, Value b) {
  vm_raise(vm, "cannot use '%s' on %s and %s", op_verb(op), describe(vm, a), describe(vm, b));
}

static int64_t to_int(WVM *vm, int op, Value v, Value other) {
  if (!IS_NUMBER(v)) arith_error(vm, op, v, other);
  double d = AS_NUMBER(v);
  if (!(d == floor(d)) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
    vm_raise(vm, "bitwise '%s' needs whole numbers, got %s", op_verb(op), d != d ? "nan" : "a fraction or out of range value");
  return (int64_t)d;
}

/* x is a whole number an int32_t holds (the common operands of %, &, |
 * and ^, done in integer registers). */
static inline bool is_int32(double x) {
  return x >= -2147483648.0 && x <= 2147483647.0 && (double)(int32_t)x == x;
}

/* x % y as fmod computes it (the sign of x, -0 kept), without fmod's loop
 * when both are int32 whole numbers. */
static inline double num_mod(double x, double y) {
  if (is_int32(x) && is_int32(y) && y != 0) {
    int64_t r = (int64_t)(int32_t)x % (int32_t)y;
    return r != 0 ? (double)r : copysign(0.0, x);
  }
  return fmod(x, y);
}

/* The slow path of + - * / %: a nan operand (the fast path tests "both
 * are numbers" as "neither is a nan", and every non-number is a nan), strings
 * joined with +, and lists making a new list of both's items (a and b are in
 * registers, so rooted); anything else errs. */
NOINLINE static Value arith_slow(WVM *vm, int op, Value a, Value b) {
  if (IS_NUMBER(a) && IS_NUMBER(b)) {
    double x = AS_NUMBER(a), y = AS_NUMBER(b);
    switch (op) {
    case OP_ADD: case OP_ADDK: case OP_ADDI: return NUMBER_VAL(x + y);
    case OP_SUB: case OP_SUBK: case OP_SUBI: return NUMBER_VAL(x - y);
    case OP_MUL: case OP_MULK: return NUMBER_VAL(x * y);
    case OP_DIV: case OP_DIVK: return NUMBER_VAL(x / y);
    default: return NUMBER_VAL(num_mod(x, y));
    }
  }
  if ((op == OP_ADD || op == OP_ADDK) && IS_STRING(a) && IS_STRING(b))
    return OBJ_VAL(str_concat(vm, AS_STRING(a), AS_STRING(b)));
  if ((op == OP_ADD || op == OP_ADDK) && IS_LIST(a) && IS_LIST(b)) {
    uint64_t na = AS_LIST(a)->count, nb = AS_LIST(b)->count;
    if (na + nb > WRIT_MAX_LIST_COUNT) vm_raise(vm, "list too long (limit %u items)", (unsigned)WRIT_MAX_LIST_COUNT);
    vm_charge(vm, (size_t)(na + nb) + 1); /* before the copy */
    ObjList *r = list_new(vm, (uint32_t)(na + nb));
    if (na) memcpy(r->items, AS_LIST(a)->items, na * sizeof(Value));
    if (nb) memcpy(r->items + na, AS_LIST(b)->items, nb * sizeof(Value));
    r->count = (uint32_t)(na + nb);
    return OBJ_VAL(r);
  }
  arith_error(vm, op, a, b);
}

/* ARITH2's slow path: each operation as its own instruction would do it,
 * each error at its own word (the frame's pc is the word after). */
NOINLINE static void arith2_slow(WVM *vm, Value *R, uint32_t ins, uint32_t *pc) {
  static const uint8_t ops[4] = {OP_ADD, OP_SUB, OP_MUL, OP_DIV};
  uint32_t ex = pc[-1];
  CallFrame *f = &vm->frames[vm->nframes - 1];
  f->pc = pc - 1;
  R[GET_A(ins)] = arith_slow(vm, ops[(GET_C(ex) >> 2) & 3], R[GET_B(ins)], R[GET_C(ins)]);
  f = &vm->frames[vm->nframes - 1];
  f->pc = pc;
  int op = ops[GET_C(ex) & 3];
  if (GET_C(ex) & 16) R[GET_A(ex)] = arith_slow(vm, op, R[GET_B(ex)], R[GET_A(ins)]); /* w op' (x op y) */
  else R[GET_A(ex)] = arith_slow(vm, op, R[GET_A(ins)], R[GET_B(ex)]);
}

NOINLINE static Value bitwise(WVM *vm, int op, Value a, Value b) {
  int64_t x = to_int(vm, op, a, b), y = op == OP_BNOT ? 0 : to_int(vm, op, b, a);
  uint64_t ux = (uint64_t)x;
  switch (op) {
  case OP_BAND: return NUMBER_VAL((double)(x & y));
  case OP_BOR: return NUMBER_VAL((double)(x | y));
  case OP_BXOR: return NUMBER_VAL((double)(x ^ y));
  case OP_BNOT: return NUMBER_VAL((double)~x);
  case OP_SHL:
    if (y < 0) vm_raise(vm, "negative shift count");
    return NUMBER_VAL(y >= 64 ? 0.0 : (double)(int64_t)(ux << y));
  default: /* SHR: arithmetic */
    if (y < 0) vm_raise(vm, "negative shift count");
    return NUMBER_VAL(y >= 64 ? (x < 0 ? -1.0 : 0.0) : (double)(x >> y));
  }
}

NOINLINE static Value power(WVM *vm, Value a, Value b) {
  if (!IS_NUMBER(a) || !IS_NUMBER(b)) arith_error(vm, OP_POW, a, b);
  return NUMBER_VAL(pow(AS_NUMBER(a), AS_NUMBER(b)));
}

/* x in hay: an item of a list (==), a key of a map, a substring of a
 * string, a number a range counts through. Paid for as it searches. */
NOINLINE static bool contains(WVM *vm, Value hay, Value x) {
  if (IS_FORWARDER(hay)) { /* as indexing: checked, and across a membrane */
    ObjForwarder *f = forward_open(vm, hay, NULL);
    if (forward_is_membrane(f)) x = forward_cross(vm, f, x, true);
    return contains(vm, f->target, x);
  }
  if (IS_LIST(hay)) {
    ObjList *l = AS_LIST(hay);
    vm_charge(vm, 1);
    for (uint32_t i = 0; i < l->count; i++) {
      if (i % 64 == 0) vm_charge(vm, l->count - i < 64 ? l->count - i : 64);
      if (values_equal(vm, l->items[i], x)) return true;
    }
    return false;
  }
  if (IS_MAP(hay)) {
    Value v;
    return !(IS_NUMBER(x) && AS_NUMBER(x) != AS_NUMBER(x)) && map_get(vm, AS_MAP(hay), x, &v);
  }
  if (IS_STRING(hay)) {
    if (!IS_STRING(x)) vm_raise(vm, "'in' on a string needs a string, not %s", describe(vm, x));
    ObjString *h = AS_STRING(hay), *n = AS_STRING(x);
    vm_charge(vm, h->len / 8 + 1);
    return str_find_bytes(h->chars, h->len, n->chars, n->len) >= 0;
  }
  if (IS_RANGE(hay)) {
    return IS_NUMBER(x) && range_has(AS_RANGE(hay), AS_NUMBER(x));
  }
  vm_raise(vm, "cannot use 'in' on %s", describe(vm, hay));
}

/* v is k: v's class is k or inherits from it. A proxy's class is its
 * own, so `is` tells nothing of what it forwards to. */
NOINLINE static bool is_instance(WVM *vm, Value v, Value k) {
  if (!IS_CLASS(k)) vm_raise(vm, "the right side of 'is' must be a class, not %s", describe(vm, k));
  for (ObjClass *c = vm_class_of(vm, v); c; c = c->super)
    if (c == AS_CLASS(k)) return true;
  return false;
}

NOINLINE static bool less_than(WVM *vm, Value a, Value b, bool orEqual) {
  if (IS_NUMBER(a) && IS_NUMBER(b)) return orEqual ? AS_NUMBER(a) <= AS_NUMBER(b) : AS_NUMBER(a) < AS_NUMBER(b);
  if (IS_STRING(a) && IS_STRING(b)) {
    ObjString *x = AS_STRING(a), *y = AS_STRING(b);
    vm_charge(vm, (x->len < y->len ? x->len : y->len) / 8);
    int c = str_compare(x, y);
    return orEqual ? c <= 0 : c < 0;
  }
  vm_raise(vm, "cannot compare %s and %s", describe(vm, a), describe(vm, b));
}

/* Index arithmetic shared by lists and strings: whole numbers, negative
 * ones counting from the end. */
static uint32_t check_index(WVM *vm, Value idx, uint32_t len, const char *what) {
  if (!IS_NUMBER(idx)) vm_raise(vm, "%s index must be a number, not %s", what, describe(vm, idx));
  double d = AS_NUMBER(idx);
  if (!(d == floor(d))) vm_raise(vm, "%s index must be a whole number", what);
  double i = d < 0 ? d + len : d;
  if (i < 0 || i >= len) {
    char num[64];
    number_format(d, num, sizeof num);
    vm_raise(vm, "%s index out of range (index %s, length %u)", what, num, (unsigned)len);
  }
  return (uint32_t)i;
}

/* The fast paths' list index: whether d, read from a number register (a
 * non-number reads as a nan), is a whole number in 0 .. n - 1 (-0 is 0),
 * and which. On x86-64 one truncating conversion, whose result for a nan or
 * a number out of range is INT64_MIN (defined there, unlike C's cast), one
 * unsigned compare and one check that nothing was cut off; the portable
 * form tests the range first so that its cast is always defined. Negative
 * and other indexes take the slow path (check_index). */
static inline bool list_slot(double d, uint32_t n, uint32_t *out) {
#if defined(__x86_64__) && defined(__SSE2__)
  long long i = _mm_cvttsd_si64(_mm_set_sd(d));
  if ((unsigned long long)i >= n || (double)i != d) return false;
  *out = (uint32_t)i;
  return true;
#else
  if (!(d >= 0 && d < n && d == (double)(uint32_t)d)) return false;
  *out = (uint32_t)d;
  return true;
#endif
}

NOINLINE static Value get_index(WVM *vm, Value obj, Value idx) {
  if (IS_FORWARDER(obj)) {
    ObjForwarder *f = forward_open(vm, obj, NULL);
    if (!forward_is_membrane(f)) return get_index(vm, f->target, idx);
    Value v = get_index(vm, f->target, forward_cross(vm, f, idx, true));
    vm_push_root(vm, v);
    v = forward_cross(vm, f, v, false);
    vm_pop_root(vm);
    return v;
  }
  if (IS_LIST(obj)) {
    ObjList *l = AS_LIST(obj);
    return l->items[check_index(vm, idx, l->count, "list")];
  }
  if (IS_MAP(obj)) {
    Value v;
    return map_get(vm, AS_MAP(obj), idx, &v) ? v : NIL_VAL;
  }
  if (IS_STRING(obj)) {
    ObjString *s = AS_STRING(obj);
    uint32_t i = check_index(vm, idx, s->cplen, "string");
    if (s->cplen != s->len) vm_charge(vm, i / 8); /* finding code point i walks from the start */
    size_t a = str_byte_offset(s, i);
    return OBJ_VAL(str_copy(vm, s->chars + a, (size_t)utf8_seq_len((unsigned char)s->chars[a])));
  }
  vm_raise(vm, "cannot index %s", describe(vm, obj));
}

NOINLINE static void set_index(WVM *vm, Value obj, Value idx, Value v) {
  if (IS_FORWARDER(obj)) {
    ObjForwarder *f = forward_open(vm, obj, NULL);
    if (forward_is_membrane(f)) {
      idx = forward_cross(vm, f, idx, true);
      vm_push_root(vm, idx);
      v = forward_cross(vm, f, v, true);
      vm_pop_root(vm);
    }
    set_index(vm, f->target, idx, v);
    return;
  }
  if (IS_LIST(obj)) {
    ObjList *l = AS_LIST(obj);
    if (l->obj.frozen) vm_raise(vm, "cannot modify a frozen list");
    uint32_t i = check_index(vm, idx, l->count, "list");
    vm_push_root(vm, v);
    tx_write(vm, &l->obj);
    vm_pop_root(vm);
    l->items[i] = v;
    return;
  }
  if (IS_MAP(obj)) {
    ObjMap *m = AS_MAP(obj);
    if (m->obj.frozen) vm_raise(vm, "cannot modify a frozen map");
    map_set(vm, m, idx, v);
    return;
  }
  if (IS_STRING(obj)) vm_raise(vm, "cannot assign into a string (strings are immutable)");
  vm_raise(vm, "cannot index %s", describe(vm, obj));
}

NOINLINE static Value make_range(WVM *vm, Value a, Value b, bool inclusive) {
  if (!IS_NUMBER(a) || !IS_NUMBER(b))
    vm_raise(vm, "range bounds must be numbers, not %s and %s", describe(vm, a), describe(vm, b));
  return OBJ_VAL(range_new(vm, AS_NUMBER(a), AS_NUMBER(b), inclusive));
}

NOINLINE static void unpack(WVM *vm, Value *dst, Value src, int n) {
  if (!IS_LIST(src)) vm_raise(vm, "cannot unpack %s (a list is needed)", describe(vm, src));
  ObjList *l = AS_LIST(src);
  if (l->count != (uint32_t)n)
    vm_raise(vm, "cannot unpack a list of %u item%s into %d name%s", (unsigned)l->count,
             l->count == 1 ? "" : "s", n, n == 1 ? "" : "s");
  for (int i = 0; i < n; i++) dst[i] = l->items[i];
}

/* Generic for: R[A] iterable, R[A+1] position, R[A+2] map version. */
/* A for loop's registers from r = stack + at: r[0] what it walks, r[1]
 * the position, r[2] a map's version, a string's character count, or
 * true for an object walked through the iteration protocol (r[0] then
 * holds the iterator its iter() gave); the loop variables in r[3] (and
 * r[4]). Objects' iter() and next() are Writ calls, which may move the
 * stack: the caller reloads its register pointers after these. */
NOINLINE static void iter_prep(WVM *vm, ptrdiff_t at) {
  Value *r = vm->stack + at;
  Value it = r[0];
  /* What is behind any proxies decides how to walk it; an object is asked
   * through them (iter() is a method call: revocation and facets apply),
   * anything else through their checks for indexing. */
  Value target = it;
  while (IS_FORWARDER(target)) target = AS_FORWARDER(target)->target;
  if (!IS_INSTANCE(target) && !IS_FOREIGN(target))
    while (IS_FORWARDER(it)) it = forward_open(vm, it, NULL)->target;
  else
    it = target;
  r[1] = NUMBER_VAL(0);
  r[2] = NUMBER_VAL(0);
  if (IS_MAP(it)) {
    r[2] = NUMBER_VAL(AS_MAP(it)->version);
  } else if (IS_INSTANCE(it) || IS_FOREIGN(it)) { /* through a proxy, asked of the proxy */
    bool found;
    Value iter = vm_invoke(vm, r[0], vm->sIter, 0, NULL, &found);
    if (!found) vm_raise(vm, "cannot iterate over %s (it has no iter() method)", describe(vm, it));
    r = vm->stack + at;
    r[0] = iter;
    r[2] = TRUE_VAL;
    /* iter() may hand back a list, range, string or map to walk instead of
     * an iterator object (class Bag { iter() { return @items } }). */
    if (IS_LIST(iter) || IS_RANGE(iter) || IS_STRING(iter)) r[2] = NUMBER_VAL(0);
    else if (IS_MAP(iter)) r[2] = NUMBER_VAL(AS_MAP(iter)->version);
  } else if (!IS_LIST(it) && !IS_RANGE(it) && !IS_STRING(it)) {
    vm_raise(vm, "cannot iterate over %s", describe(vm, it));
  }
}

/* The protocol's step: r[0].next() gives [value], or nil at the end. */
NOINLINE static bool iter_protocol_next(WVM *vm, ptrdiff_t at, int nvars) {
  bool found;
  Value got = vm_invoke(vm, vm->stack[at], vm->sNext, 0, NULL, &found);
  Value *r = vm->stack + at;
  if (!found) vm_raise(vm, "the iterator (a %s) has no next() method", describe(vm, r[0]));
  if (IS_NIL(got)) return false;
  if (!IS_LIST(got) || AS_LIST(got)->count != 1)
    vm_raise(vm, "next() must return [value] or nil at the end, not %s",
             IS_LIST(got) ? "a list whose length is not 1" : describe(vm, got));
  double pos = AS_NUMBER(r[1]);
  if (nvars == 2) {
    r[3] = NUMBER_VAL(pos);
    r[4] = AS_LIST(got)->items[0];
  } else {
    r[3] = AS_LIST(got)->items[0];
  }
  r[1] = NUMBER_VAL(pos + 1);
  return true;
}

NOINLINE static bool iter_next(WVM *vm, Value *r, int nvars);

/* One step through a proxy: the target steps (checked again each time, so
 * revoking stops a loop), and what it yields crosses any membrane. */
NOINLINE static bool iter_next_forwarded(WVM *vm, Value *r, int nvars) {
  ObjForwarder *f = forward_open(vm, r[0], NULL);
  Value saved = r[0];
  r[0] = f->target;
  bool more = iter_next(vm, r, nvars);
  r[0] = saved;
  if (more && forward_is_membrane(f)) {
    f = AS_FORWARDER(saved);
    for (int i = 3; i < 3 + nvars; i++) {
      Value w = forward_cross(vm, f, r[i], false);
      r[i] = w;
    }
  }
  return more;
}

/* One step of a for loop (see iter_prep): false at the end. */
static bool iter_step(WVM *vm, ptrdiff_t at, int nvars) {
  if (vm->stack[at + 2] == TRUE_VAL) return iter_protocol_next(vm, at, nvars);
  return iter_next(vm, vm->stack + at, nvars);
}

NOINLINE static bool iter_next(WVM *vm, Value *r, int nvars) {
  Value it = r[0];
  if (IS_FORWARDER(it)) return iter_next_forwarded(vm, r, nvars);
  double pos = AS_NUMBER(r[1]);
  switch ((ObjType)OBJ_TYPE(it)) {
  case OBJ_LIST: {
    ObjList *l = AS_LIST(it);
    if (pos >= l->count) return false;
    Value item = l->items[(uint32_t)pos];
    if (nvars == 2) { r[3] = NUMBER_VAL(pos); r[4] = item; } else r[3] = item;
    r[1] = NUMBER_VAL(pos + 1);
    return true;
  }
  case OBJ_MAP: {
    ObjMap *m = AS_MAP(it);
    if (AS_NUMBER(r[2]) != m->version) vm_raise(vm, "map changed size during iteration");
    uint32_t p = (uint32_t)pos;
    Value k, v;
    /* The loop pays one unit a step; the holes it will walk past are paid
     * for at the first step (removing one changes the version). */
    if (p == 0) vm_charge(vm, m->used - m->count);
    if (!map_next(m, &p, &k, &v)) return false;
    r[3] = k;
    if (nvars == 2) r[4] = v;
    r[1] = NUMBER_VAL(p);
    return true;
  }
  case OBJ_RANGE: {
    ObjRange *g = AS_RANGE(it);
    if (pos >= range_count(g->from, g->to, g->inclusive)) return false;
    if (nvars == 2) { r[3] = NUMBER_VAL(pos); r[4] = NUMBER_VAL(g->from + pos); }
    else r[3] = NUMBER_VAL(g->from + pos);
    r[1] = NUMBER_VAL(pos + 1);
    return true;
  }
  default: { /* string: position is a byte offset, r[2] the index in chars */
    ObjString *s = AS_STRING(it);
    uint32_t p = (uint32_t)pos;
    if (p >= s->len) return false;
    int n = utf8_seq_len((unsigned char)s->chars[p]);
    Value ch = OBJ_VAL(str_copy(vm, s->chars + p, (size_t)n));
    if (nvars == 2) {
      r[4] = ch;
      r[3] = r[2]; /* counted, not recounted from the start each step */
      r[2] = NUMBER_VAL(AS_NUMBER(r[2]) + 1);
    } else {
      r[3] = ch;
    }
    r[1] = NUMBER_VAL(p + (uint32_t)n);
    return true;
  }
  }
}

/* The items of src, as a for loop would walk them, appended to the list in
 * *listSlot (a register). The walk uses a window of registers above top,
 * so what it makes stays rooted; the stack may move. */
NOINLINE static void extend_list(WVM *vm, ptrdiff_t listAt, Value src) {
  ptrdiff_t topAt = vm->top - vm->stack;
  Value *w = ensure_stack(vm, vm->top, 6);
  ptrdiff_t at = w - vm->stack;
  w[0] = src;
  vm->top = w + 5;
  iter_prep(vm, at);
  while (iter_step(vm, at, 1)) {
    vm_charge(vm, 1);
    list_push(vm, AS_LIST(vm->stack[listAt]), vm->stack[at + 3]);
  }
  vm->top = vm->stack + topAt;
}

/* INTERP: the n values from stack[at] on, each as str() shows it, joined.
 * A toString method may run (and move the stack). */
NOINLINE static Value interpolate(WVM *vm, ptrdiff_t at, int n) {
  vm_charge(vm, (size_t)n);
  /* Strings and numbers that fit (nearly every interpolation): joined on
   * the C stack, one string made, charged as the buffer path charges. */
  char tmp[256];
  size_t len = 0, fuel = 0, cplen = 0;
  int i = 0;
  for (; i < n; i++) {
    Value v = vm->stack[at + i];
    if (IS_STRING(v) && AS_STRING(v)->len <= sizeof tmp - len) {
      memcpy(tmp + len, AS_STRING(v)->chars, AS_STRING(v)->len);
      len += AS_STRING(v)->len;
      cplen += AS_STRING(v)->cplen;
      fuel += AS_STRING(v)->len / 8;
    } else if (IS_NUMBER(v) && sizeof tmp - len >= 32) { /* a number takes at most 24, ASCII */
      size_t k = (size_t)number_format(AS_NUMBER(v), tmp + len, sizeof tmp - len);
      len += k;
      cplen += k;
    } else {
      break;
    }
  }
  if (i == n) {
    vm_charge(vm, fuel + len / 8);
    return OBJ_VAL(str_copy_n(vm, tmp, len, (uint32_t)cplen));
  }
  ObjBuffer *b = buffer_new(vm, 32);
  vm_push_root(vm, OBJ_VAL(b));
  for (i = 0; i < n; i++) value_append(vm, b, vm->stack[at + i], false, 0);
  vm_charge(vm, b->len / 8); /* the copy into a string */
  ObjString *s = str_from_buffer(vm, b);
  vm_pop_root(vm);
  return OBJ_VAL(s);
}

/* A chain of + (CATSTEP, CAT): while R[A] is a string, every part so far
 * is a string (a step raised otherwise) or a number str_call left for
 * str(number), and nothing is joined yet; each step makes the checks and
 * the charge str_concat would make for the string it would have built, so
 * errors, their places and the fuel are those of one ADD per +. Returns
 * the parts' length in all. */
NOINLINE static size_t cat_check(WVM *vm, const Value *p, int i) {
  size_t len = 0;
  for (int j = 0; j <= i; j++) len += IS_STRING(p[j]) ? AS_STRING(p[j])->len : str_part_len(p[j]);
  if (len > WRIT_MAX_STRING_BYTES) vm_raise_too_long(vm);
  vm_charge(vm, len / 8);
  return len;
}

/* str(x) through CALL (the native's SHORTCUT_STR), x a number or a
 * string: no native frame. When the compiler marked the call (C = 1: its
 * result is a temporary that only the next instruction reads) and that
 * instruction is a + with a string on its other side (ADD, or a chain's
 * CATSTEP or CAT taking the result as a part), a number's digits go
 * straight into the +'s string instead of into a string of their own
 * (made, hashed and interned only to be copied): that + is done here and
 * skipped. In a chain the number stays in its part's register, which
 * cat_check and str_join_parts read as its digits. Everything is checked
 * and charged as str() and the + would, each at its own word (an error in
 * the + is reported there). Returns the words to skip (0 or 1), -1 when x
 * is neither a number nor a string (the general call). */
NOINLINE static int str_call(WVM *vm, Value *R, uint32_t ins, uint32_t *pc) {
  int a = GET_A(ins);
  Value x = R[a + 1];
  if (IS_STRING(x)) {
    R[a] = x;
    return 0;
  }
  if (!IS_NUMBER(x)) return -1;
  uint32_t next = *pc;
  int op = GET_OP(next);
  if (GET_C(ins) == 1) {
    Value *p = NULL; /* a chain's parts */
    int i = 0;
    if (op == OP_ADD && (GET_B(next) == a || GET_C(next) == a)) {
      bool first = GET_B(next) == a;
      Value s = R[first ? GET_C(next) : GET_B(next)];
      if (IS_STRING(s)) {
        char tmp[64];
        int n = number_format(AS_NUMBER(x), tmp, sizeof tmp);
        vm_charge(vm, (size_t)n / 8); /* str()'s, at the call */
        vm->frames[vm->nframes - 1].pc = pc + 1;
        R[GET_A(next)] = OBJ_VAL(str_concat_ascii(vm, AS_STRING(s), tmp, (size_t)n, first));
        return 1;
      }
    } else if (op == OP_CATSTEP && GET_A(next) + GET_B(next) == a) {
      p = R + GET_A(next);
      i = GET_B(next);
      if (GET_C(next)) p[0] = R[GET_C(next) - 1]; /* the step's own copy (see CATSTEP) */
    } else if (op == OP_CAT && GET_B(next) + GET_C(next) == a) {
      p = R + GET_B(next);
      i = GET_C(next);
    }
    if (p && IS_STRING(p[0])) {
      vm_charge(vm, (size_t)number_format_len(AS_NUMBER(x)) / 8);
      p[i] = x;
      vm->frames[vm->nframes - 1].pc = pc + 1;
      size_t len = cat_check(vm, p, i);
      if (op == OP_CAT) R[GET_A(next)] = OBJ_VAL(str_join_parts(vm, p, i + 1, len));
      return 1;
    }
  }
  R[a] = OBJ_VAL(value_to_string(vm, x, false));
  return 0;
}

/* CALL's own shortcuts (a native's shortcut >= SHORTCUT_STR): str(x), and
 * a when(...) statement (C = 2: the compiler saw its result unused) with
 * callbacks a call would accept, which makes no promise for the result
 * (async_when_unkept), as a send statement makes none. Returns the words
 * to skip, or -1 for the general call (which also raises any error). */
NOINLINE static int call_shortcut(WVM *vm, int shortcut, Value *R, uint32_t ins, uint32_t *pc) {
  int a = GET_A(ins), argc = GET_B(ins);
  if (shortcut == SHORTCUT_STR) return argc == 1 ? str_call(vm, R, ins, pc) : -1;
  if (shortcut != SHORTCUT_WHEN || GET_C(ins) != 2 || argc < 1 || argc > 3) return -1;
  for (int i = 2; i <= argc; i++)
    if (!IS_NIL(R[a + i]) && !value_callable(R[a + i])) return -1;
  async_when_unkept(vm, R[a + 1], argc >= 2 ? R[a + 2] : NIL_VAL, argc >= 3 ? R[a + 3] : NIL_VAL);
  R[a] = NIL_VAL;
  return 0;
}

/* lookup_invoke is INVOKE's, inlined into the dispatch loop (a second
 * inlined copy made gcc stop inlining it, which cost every method call a
 * C call); CALLV, which is rare, reaches it through this. */
static inline __attribute__((always_inline)) Value lookup_invoke(WVM *vm, Value *recvp, InlineCache *ic, int *how);
NOINLINE static Value lookup_invoke_cold(WVM *vm, Value *recvp, InlineCache *ic, int *how) {
  return lookup_invoke(vm, recvp, ic, how);
}

/* CALLV: the list in R[a+1] spread into the argument registers R[a+1..].
 * Returns how many; the stack may move. */
NOINLINE static int spread_args(WVM *vm, Value *R, int a) {
  ObjList *l = AS_LIST(R[a + 1]);
  if (l->count > WRIT_MAX_ARGS) vm_raise(vm, "too many arguments (limit %d)", WRIT_MAX_ARGS);
  int n = (int)l->count;
  Value tmp[WRIT_MAX_ARGS];
  for (int i = 0; i < n; i++) tmp[i] = l->items[i];
  Value *base = ensure_stack(vm, R + a, (size_t)n + 2); /* no allocation after the copy until they are placed */
  for (int i = 0; i < n; i++) base[1 + i] = tmp[i];
  return n;
}

NOINLINE static Value new_class(WVM *vm, ObjString *name, Value super, uint32_t extra) {
  int own = (int)(extra & 0xFFFF);
  bool hasSuper = (extra >> 16) & 1;
  ObjClass *sk = NULL;
  if (hasSuper) {
    if (!IS_CLASS(super)) vm_raise(vm, "class %s cannot inherit from %s (a class is needed)", name->chars, describe(vm, super));
    sk = AS_CLASS(super);
    if (sk->builtin) vm_raise(vm, "class %s cannot inherit from built-in class %s", name->chars, sk->name->chars);
    if (sk->numFields + own > WRIT_MAX_FIELDS)
      vm_raise(vm, "class %s has too many fields with its superclass's (limit %d)", name->chars, WRIT_MAX_FIELDS);
  }
  ObjClass *k = class_new(vm, name, sk, own);
  if (sk) {
    vm_push_root(vm, OBJ_VAL(k));
    vm_charge(vm, map_walk_cost(sk->methods)); /* copying the inherited methods */
    uint32_t pos = 0;
    Value mk, mv;
    while (map_next(sk->methods, &pos, &mk, &mv)) map_set(vm, k->methods, mk, mv);
    vm_pop_root(vm);
  }
  return OBJ_VAL(k);
}

NOINLINE static Value get_member(WVM *vm, Value obj, InlineCache *ic) {
  Value v;
  if (IS_FORWARDER(obj)) {
    /* A module's export is read through; a method becomes a bound call by
     * name, so each later call is checked again. */
    ObjForwarder *f = forward_open(vm, obj, ic->name);
    if (IS_MODULE(f->target) || IS_FORWARDER(f->target)) {
      v = get_member(vm, f->target, ic);
      if (IS_BOUND(v) && IS_STRING(AS_BOUND(v)->method)) return OBJ_VAL(bound_new(vm, obj, OBJ_VAL(ic->name)));
      if (!forward_is_membrane(f)) return v;
      vm_push_root(vm, v);
      v = forward_cross(vm, f, v, false);
      vm_pop_root(vm);
      return v;
    }
    if (!map_get(vm, vm_class_of(vm, f->target)->methods, OBJ_VAL(ic->name), &v)) no_method(vm, f->target, ic->name);
    if (ic->name == vm->sNew) ctor_as_method(vm, f->target);
    return OBJ_VAL(bound_new(vm, obj, OBJ_VAL(ic->name)));
  }
  if (IS_MODULE(obj)) {
    if (!module_find_export(vm, AS_MODULE(obj), ic->name, &v)) no_method(vm, obj, ic->name);
    return v;
  }
  ObjClass *k = vm_class_of(vm, obj);
  if (!map_get(vm, k->methods, OBJ_VAL(ic->name), &v)) no_method(vm, obj, ic->name);
  if (ic->name == vm->sNew) ctor_as_method(vm, obj);
  return OBJ_VAL(bound_new(vm, obj, v));
}

enum { HOW_METHOD, HOW_PLAIN, HOW_MEMBRANE };

/* Remembers class k's method v at a call site; an accessor's field index
 * too (only when it lies inside k's instances, which it always does for a
 * method k has). */
NOINLINE static void fill_cache(InlineCache *ic, ObjClass *k, Value v) {
  ic->key = k;
  ic->method = v;
  ic->accessor = ACCESSOR_NONE;
  if (!IS_CLOSURE(v)) return;
  ObjClosure *m = AS_CLOSURE(v);
  if (m->proto->accessor == ACCESSOR_NONE || !m->home) return;
  uint32_t i = (uint32_t)m->home->fieldBase + m->proto->accessorField;
  if (i >= (uint32_t)k->numFields) return;
  ic->field = i;
  ic->accessor = m->proto->accessor;
}

/* Resolves an INVOKE's target through its inline cache. *how says whether
 * it is a method, a module's export (called as a plain function), or a
 * call through a membrane (made by forward_membrane). Revocable and facet
 * proxies step aside here: *recvp becomes their target. */
static inline __attribute__((always_inline)) Value lookup_invoke(WVM *vm, Value *recvp, InlineCache *ic, int *how) {
  *how = HOW_METHOD;
  /* The common hit, checked before anything calls out: an instance of the
   * cached class. */
  if (IS_INSTANCE(*recvp) && AS_INSTANCE(*recvp)->klass == ic->key) return ic->method;
  for (;;) {
    Value recv = *recvp;
    if (IS_MODULE(recv)) {
      ObjModule *m = AS_MODULE(recv);
      *how = HOW_PLAIN;
      if (ic->key == m) return ic->method;
      Value v;
      if (!module_find_export(vm, m, ic->name, &v)) no_method(vm, recv, ic->name);
      if (m->exports->obj.frozen) { ic->key = m; ic->method = v; ic->accessor = ACCESSOR_NONE; }
      return v;
    }
    /* the built-in classes most called on, without a call to vm_class_of */
    ObjClass *k = IS_LIST(recv) ? vm->cList : IS_STRING(recv) ? vm->cString : vm_class_of(vm, recv);
    if (ic->key == k) return ic->method;
    if (IS_FORWARDER(recv)) { /* its class (Object) is never cached */
      if (forward_unwrap_for_call(vm, recvp, ic->name)) {
        *how = HOW_MEMBRANE;
        return NIL_VAL;
      }
      continue;
    }
    Value v;
    if (!map_get(vm, k->methods, OBJ_VAL(ic->name), &v)) no_method(vm, recv, ic->name);
    if (ic->name == vm->sNew) ctor_as_method(vm, recv);
    fill_cache(ic, k, v);
    return v;
  }
}

/* ------------------------------------------------------------------ */
/* The dispatch loop                                                    */

static void check_interrupt(WVM *vm) {
  if (atomic_load_explicit(&vm->interrupt, memory_order_relaxed)) {
    atomic_store_explicit(&vm->interrupt, 0, memory_order_relaxed);
    vm->interruptedRun = true;
    vm_raise_uncatchable(vm, "interrupted");
  }
}

/* At loop back-edges and calls: an interrupt request, or the fuel budget
 * running out. */
static void loop_check(WVM *vm) {
  check_interrupt(vm);
  vm_fuel_out(vm);
}

#if defined(__GNUC__)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define UNLIKELY(x) (x)
#define LIKELY(x) (x)
#endif
/* Register i as a double (a nan unless it holds a number), read through a
 * double lvalue so that the compiler loads it straight into an FP register
 * instead of an integer one and a move (which lengthens every chain of
 * arithmetic by a cycle or two). */
typedef double __attribute__((may_alias)) RegDouble;
#define NUMBER_AT(p) (*(const RegDouble *)(p))
#define REG_NUMBER(i) NUMBER_AT(&R[i])
/* Charges n units of fuel (a loop body's length, a call). */
#define CHARGE(n) (UNLIKELY((vm->fuel -= (n)) < 0 || atomic_load_explicit(&vm->interrupt, memory_order_relaxed)))

NOINLINE static void push_handler(WVM *vm, int reg, uint32_t *catchPc) {
  if (vm->nhandlers >= vm->handlercap) {
    int ncap = vm->handlercap < 8 ? 8 : vm->handlercap * 2;
    vm->handlers = MEM_GROW(vm, Handler, vm->handlers, vm->handlercap, ncap);
    vm->handlercap = ncap;
  }
  Handler *h = &vm->handlers[vm->nhandlers++];
  h->frame = vm->nframes - 1;
  h->catchPc = catchPc;
  h->reg = (uint8_t)reg;
}

/* Resumes at the innermost handler if it belongs to a frame this run()
 * owns; false means the error must travel further out. */
static bool catch_error(WVM *vm, int baseFrame, ErrJmp *ej) {
  if (vm->uncatchable || vm->nhandlers <= ej->nhandlers) return false;
  Handler h = vm->handlers[vm->nhandlers - 1];
  if (h.frame < baseFrame) return false;
  vm->nhandlers--;
  vm->nframes = h.frame + 1;
  vm->nroots = ej->nroots;
  vm->nativeDepth = ej->nativeDepth;
  vm->compiler = ej->compiler;
  CallFrame *f = &vm->frames[h.frame];
  vm_close_upvalues(vm, f->base + h.reg);
  vm->top = f->base + f->closure->proto->maxregs;
  f->base[h.reg] = vm->error;
  vm->error = NIL_VAL;
  f->pc = h.catchPc;
  return true;
}

static Value execute(WVM *vm, int baseFrame);

/* Runs frames from the top one until the frame count drops to baseFrame,
 * catching errors raised on the way in try blocks of those frames. */
static Value run(WVM *vm, int baseFrame) {
  ErrJmp ej;
  errjmp_push(vm, &ej);
  ej.nframes = baseFrame; /* unwinding past our frames drops them all */
  ej.top = vm->frames[baseFrame].base - vm->stack;
  Value result;
  for (;;) {
    if (setjmp(ej.buf) == 0) {
      result = execute(vm, baseFrame);
      break;
    }
    if (!catch_error(vm, baseFrame, &ej)) {
      errjmp_restore(vm, &ej);
      longjmp(vm->errjmp->buf, 1);
    }
  }
  vm->errjmp = ej.prev;
  return result;
}

bool vm_call_protected(WVM *vm, Value callee, int argc, const Value *args, Value *out) {
  int depth = vm->nativeDepth;
  ptrdiff_t topOff = vm->top - vm->stack;
  ErrJmp ej;
  errjmp_push(vm, &ej); /* what a failure puts back: the VM before the call */
  volatile int baseFrame = -1; /* the callee's frame, once pushed */
  for (;;) {
    if (setjmp(ej.buf) == 0) {
      if (baseFrame < 0) { /* call_from_c's steps */
        Value *base = push_call(vm, callee, argc, args);
        native_depth_check(vm);
        vm->top = base + argc + 1;
        ej.nativeDepth = ++vm->nativeDepth; /* a try block inside catches at this depth */
        if (call_value(vm, base, argc, out)) {
          baseFrame = vm->nframes - 1;
          *out = execute(vm, baseFrame);
        }
      } else {
        *out = execute(vm, baseFrame); /* on from a caught error, as run() goes on */
      }
      break;
    }
    if (baseFrame < 0 || !catch_error(vm, baseFrame, &ej)) {
      errjmp_restore(vm, &ej);
      vm->nativeDepth = depth;
      if (ej.prev == NULL) vm->uncatchable = false; /* as vm_protect */
      return false;
    }
  }
  vm->errjmp = ej.prev;
  vm->nativeDepth = depth;
  vm->top = vm->stack + topOff;
  return true;
}

/* CALLV 3..6: an eventual send (vm/async.c), out of the dispatch loop,
 * whose layout shifts (a few % on every program) at the smallest change
 * of what is inlined into it. C = argc + 1: the arguments in registers;
 * C = 0: a list of them (a spread). */
static NOINLINE Value callv_send(WVM *vm, Value *R, uint32_t ins, const Value *name) {
  int a = GET_A(ins), how = GET_B(ins), c = GET_C(ins), argc = c - 1;
  if (c == 0) {
    argc = spread_args(vm, R, a);
    R = vm->frames[vm->nframes - 1].base; /* the stack may have moved */
    /* the spread arguments may lie above the frame's registers: top covers
     * them while the send allocates (a collection clears what is above
     * top); FINISH_CALL puts top back */
    if (R + a + argc + 1 > vm->top) vm->top = R + a + argc + 1;
  }
  return async_send(vm, R[a], how == 3 || how == 5 ? AS_STRING(*name) : NULL, argc, R + a + 1, how <= 4);
}

static Value execute(WVM *vm, int baseFrame) {
  register uint32_t *pc;
  register Value *R;
  Value *K;
  ObjClosure *cl;
  int fbase;

#define LOAD_FRAME() do { \
    CallFrame *f_ = &vm->frames[vm->nframes - 1]; \
    cl = f_->closure; pc = f_->pc; R = f_->base; K = cl->proto->k; \
    fbase = cl->home ? cl->home->fieldBase : 0; \
  } while (0)
#define SAVE_PC() (vm->frames[vm->nframes - 1].pc = pc)
/* Before writing an object a running transaction has not logged (tx.h). */
#define WRITE_BARRIER(o)                                        \
  do {                                                          \
    if (UNLIKELY(tx_needed(vm, (o)))) {                         \
      SAVE_PC();                                                \
      tx_log(vm, (o));                                          \
    }                                                           \
  } while (0)
#define RELOAD_BASE() (R = vm->frames[vm->nframes - 1].base)
/* After a call: run the pushed frame, or store a native's result in R[a]. */
#define FINISH_CALL(pushed, a, out) do { \
    if (pushed) { \
      LOAD_FRAME(); \
    } else { \
      RELOAD_BASE(); \
      R[a] = (out); \
      vm->top = R + cl->proto->maxregs; \
    } \
  } while (0)

  LOAD_FRAME();

#if WRIT_COMPUTED_GOTO
  static const void *const dispatch[] = {
#define OP_LABEL(name, doc) &&L_##name,
      OPCODES(OP_LABEL)
#undef OP_LABEL
  };
#define CASE(name) L_##name:
#define NEXT() do { ins = *pc++; goto *dispatch[GET_OP(ins)]; } while (0)
#define DISPATCH() NEXT()
#else
#define CASE(name) case OP_##name:
#define NEXT() goto next
#define DISPATCH() goto next
#endif

  uint32_t ins;
  int invA, invArgc; /* INVOKE's operands, shared with INVOKE0 */
  InlineCache *invCache;
#if WRIT_COMPUTED_GOTO
  DISPATCH();
#else
next:
  ins = *pc++;
  switch (GET_OP(ins)) {
#endif

  CASE(MOVE) { R[GET_A(ins)] = R[GET_B(ins)]; NEXT(); }
  CASE(LOADK) { R[GET_A(ins)] = K[GET_Bx(ins)]; NEXT(); }
  CASE(LOADI) { R[GET_A(ins)] = NUMBER_VAL(GET_sBx(ins)); NEXT(); }
  CASE(LOADNIL) { R[GET_A(ins)] = NIL_VAL; NEXT(); }
  CASE(LOADTRUE) { R[GET_A(ins)] = TRUE_VAL; NEXT(); }
  CASE(LOADFALSE) { R[GET_A(ins)] = FALSE_VAL; NEXT(); }
  CASE(GETMOD) {
    ObjModule *m = cl->proto->module;
    Value v = m->vars[GET_Bx(ins)];
    if (v == UNDEF_VAL) {
      SAVE_PC();
      vm_raise(vm, "'%s' is used before its definition", m->varNames[GET_Bx(ins)]->chars);
    }
    R[GET_A(ins)] = v;
    NEXT();
  }
  CASE(SETMOD) {
    ObjModule *m = cl->proto->module;
    WRITE_BARRIER(&m->obj);
    m->vars[GET_Bx(ins)] = R[GET_A(ins)];
    NEXT();
  }
  CASE(GETUPV) { R[GET_A(ins)] = *cl->upvals[GET_B(ins)]->loc; NEXT(); }
  CASE(SETUPV) {
    ObjUpvalue *u = cl->upvals[GET_B(ins)];
    WRITE_BARRIER(&u->obj);
    *u->loc = R[GET_A(ins)];
    NEXT();
  }
  CASE(GETFIELD) {
    R[GET_A(ins)] = AS_INSTANCE(R[GET_B(ins)])->fields[fbase + GET_C(ins)];
    NEXT();
  }
  CASE(SETFIELD) {
    ObjInstance *o = AS_INSTANCE(R[GET_A(ins)]);
    if (o->obj.frozen) {
      SAVE_PC();
      vm_raise(vm, "cannot modify a frozen %s", o->klass->name->chars);
    }
    WRITE_BARRIER(&o->obj);
    o->fields[fbase + GET_B(ins)] = R[GET_C(ins)];
    NEXT();
  }
/* The list fast paths of x[i] and x[i] = v (GETINDEX, GETKINDEX; SETINDEX,
 * SETINDEXK, SETKINDEX): d the index as a double (a nan unless a number:
 * list_slot declines it), a whole number in range; a store also needs the
 * list unfrozen, and reads v after the barrier, which may give the list
 * new items. Anything else falls through to get_index or set_index. */
#define LIST_LOAD_FAST(dst, obj, d) \
  if (IS_LIST(obj)) { \
    ObjList *l_ = AS_LIST(obj); \
    uint32_t i_; \
    if (list_slot((d), l_->count, &i_)) { \
      R[dst] = l_->items[i_]; \
      NEXT(); \
    } \
  }
#define LIST_STORE_FAST(obj, d, v) \
  if (IS_LIST(obj) && !AS_OBJ(obj)->frozen) { \
    ObjList *l_ = AS_LIST(obj); \
    uint32_t i_; \
    if (list_slot((d), l_->count, &i_)) { \
      WRITE_BARRIER(&l_->obj); \
      l_->items[i_] = (v); \
      NEXT(); \
    } \
  }
  CASE(GETINDEX) {
    Value obj = R[GET_B(ins)];
    LIST_LOAD_FAST(GET_A(ins), obj, REG_NUMBER(GET_C(ins)))
    SAVE_PC();
    Value v = get_index(vm, obj, R[GET_C(ins)]);
    R[GET_A(ins)] = v;
    NEXT();
  }
  /* x[k], k a literal (the compiler fused its load): K[Ax] is what the
   * load put in a register. */
  CASE(GETKINDEX) {
    const Value *key = &K[GET_Ax(*pc)];
    pc++;
    Value obj = R[GET_B(ins)];
    LIST_LOAD_FAST(GET_A(ins), obj, NUMBER_AT(key))
    SAVE_PC();
    Value v = get_index(vm, obj, *key);
    R[GET_A(ins)] = v;
    NEXT();
  }
  CASE(SETINDEX) {
    Value obj = R[GET_A(ins)];
    LIST_STORE_FAST(obj, REG_NUMBER(GET_B(ins)), R[GET_C(ins)])
    SAVE_PC();
    set_index(vm, obj, R[GET_B(ins)], R[GET_C(ins)]);
    NEXT();
  }
  /* A literal stored (the compiler fused its load): no register written. */
  CASE(SETINDEXK) {
    Value v = K[GET_Ax(*pc)];
    pc++;
    Value obj = R[GET_A(ins)];
    LIST_STORE_FAST(obj, REG_NUMBER(GET_B(ins)), v)
    SAVE_PC();
    set_index(vm, obj, R[GET_B(ins)], v);
    NEXT();
  }
  /* x[k] = y, k a literal (the compiler fused its load). */
  CASE(SETKINDEX) {
    const Value *key = &K[GET_Ax(*pc)];
    pc++;
    Value obj = R[GET_A(ins)];
    LIST_STORE_FAST(obj, NUMBER_AT(key), R[GET_B(ins)])
    SAVE_PC();
    set_index(vm, obj, *key, R[GET_B(ins)]);
    NEXT();
  }
#undef LIST_LOAD_FAST
#undef LIST_STORE_FAST
  CASE(GETMEMBER) {
    InlineCache *ic = &cl->proto->caches[GET_Ax(*pc)];
    pc++;
    SAVE_PC();
    Value v = get_member(vm, R[GET_B(ins)], ic);
    R[GET_A(ins)] = v;
    NEXT();
  }

/* Both operands are read straight into FP registers, and one unordered
 * compare tests that both are numbers: NaN boxing makes every non-number a
 * nan. A real nan operand takes the slow path too, which computes it. */
#define ARITH(name, expr) \
  CASE(name) { \
    double x = REG_NUMBER(GET_B(ins)), y = REG_NUMBER(GET_C(ins)); \
    if (LIKELY(!__builtin_isunordered(x, y))) { R[GET_A(ins)] = NUMBER_VAL(expr); NEXT(); } \
    SAVE_PC(); \
    Value r_ = arith_slow(vm, OP_##name, R[GET_B(ins)], R[GET_C(ins)]); \
    R[GET_A(ins)] = r_; \
    NEXT(); \
  }
#define ARITHK(name, expr) \
  CASE(name) { \
    double x = REG_NUMBER(GET_B(ins)), y = AS_NUMBER(K[GET_C(ins)]); \
    if (LIKELY(!__builtin_isunordered(x, y))) { R[GET_A(ins)] = NUMBER_VAL(expr); NEXT(); } \
    SAVE_PC(); \
    Value r_ = arith_slow(vm, OP_##name, R[GET_B(ins)], K[GET_C(ins)]); \
    R[GET_A(ins)] = r_; \
    NEXT(); \
  }
  ARITH(ADD, x + y)
  ARITH(SUB, x - y)
  ARITH(MUL, x * y)
  ARITH(DIV, x / y)
  ARITH(MOD, num_mod(x, y))
  ARITHK(ADDK, x + y)
  ARITHK(SUBK, x - y)
  ARITHK(MULK, x * y)
  ARITHK(DIVK, x / y)
  ARITHK(MODK, num_mod(x, y))
#undef ARITH
#undef ARITHK
  CASE(ADDI) {
    double x = REG_NUMBER(GET_B(ins));
    if (LIKELY(x == x)) {
      R[GET_A(ins)] = NUMBER_VAL(x + GET_sC(ins));
      NEXT();
    }
    SAVE_PC();
    Value r = arith_slow(vm, OP_ADDI, R[GET_B(ins)], NUMBER_VAL(GET_sC(ins)));
    R[GET_A(ins)] = r;
    NEXT();
  }
  CASE(SUBI) {
    double x = REG_NUMBER(GET_B(ins));
    if (LIKELY(x == x)) {
      R[GET_A(ins)] = NUMBER_VAL(x - GET_sC(ins));
      NEXT();
    }
    SAVE_PC();
    Value r = arith_slow(vm, OP_SUBI, R[GET_B(ins)], NUMBER_VAL(GET_sC(ins)));
    R[GET_A(ins)] = r;
    NEXT();
  }
  /* k + x, k * x, k a number (the compiler fused its load): the slow path
   * gets the operands in the order written, as ADD and MUL would. */
#define ARITHKL(name, op, plain) \
  CASE(name) { \
    const Value *k_ = &K[GET_Ax(*pc)]; \
    pc++; \
    double x = NUMBER_AT(k_), y = REG_NUMBER(GET_B(ins)); \
    if (LIKELY(!__builtin_isunordered(x, y))) { R[GET_A(ins)] = NUMBER_VAL(x op y); NEXT(); } \
    SAVE_PC(); \
    Value r_ = arith_slow(vm, plain, *k_, R[GET_B(ins)]); \
    R[GET_A(ins)] = r_; \
    NEXT(); \
  }
  ARITHKL(KADD, +, OP_ADD)
  ARITHKL(KMUL, *, OP_MUL)
#undef ARITHKL
  CASE(ARITH2) { /* two of + - * / (fuse_arith in lang/compile_expr.c) */
    uint32_t ex = *pc++;
    double x = REG_NUMBER(GET_B(ins)), y = REG_NUMBER(GET_C(ins)), z = REG_NUMBER(GET_B(ex));
    if (LIKELY(!__builtin_isunordered(x, y) && !__builtin_isunordered(z, z))) {
      double r;
      switch (GET_C(ex) & 31) { /* every case is here */
#define PAIR(n, op1, op2) \
  case n: r = x op1 y; R[GET_A(ins)] = NUMBER_VAL(r); r = r op2 z; break; \
  case n + 16: r = x op1 y; R[GET_A(ins)] = NUMBER_VAL(r); r = z op2 r; break;
        PAIR(0, +, +) PAIR(1, +, -) PAIR(2, +, *) PAIR(3, +, /)
        PAIR(4, -, +) PAIR(5, -, -) PAIR(6, -, *) PAIR(7, -, /)
        PAIR(8, *, +) PAIR(9, *, -) PAIR(10, *, *) PAIR(11, *, /)
        PAIR(12, /, +) PAIR(13, /, -) PAIR(14, /, *) PAIR(15, /, /)
#undef PAIR
      default: __builtin_unreachable();
      }
      R[GET_A(ex)] = NUMBER_VAL(r);
      NEXT();
    }
    arith2_slow(vm, R, ins, pc);
    NEXT();
  }
#define BITOP(name, op) \
  CASE(name) { \
    double x = REG_NUMBER(GET_B(ins)), y = REG_NUMBER(GET_C(ins)); \
    if (is_int32(x) && is_int32(y)) { /* a nan is not */ \
      R[GET_A(ins)] = NUMBER_VAL((double)((int32_t)x op (int32_t)y)); \
      NEXT(); \
    } \
    SAVE_PC(); \
    Value r_ = bitwise(vm, OP_##name, R[GET_B(ins)], R[GET_C(ins)]); \
    R[GET_A(ins)] = r_; \
    NEXT(); \
  }
  BITOP(BAND, &)
  BITOP(BOR, |)
  BITOP(BXOR, ^)
#undef BITOP
  CASE(SHL) CASE(SHR) {
    SAVE_PC();
    Value r = bitwise(vm, GET_OP(ins), R[GET_B(ins)], R[GET_C(ins)]);
    R[GET_A(ins)] = r;
    NEXT();
  }
  CASE(POW) {
    SAVE_PC();
    Value r = power(vm, R[GET_B(ins)], R[GET_C(ins)]);
    R[GET_A(ins)] = r;
    NEXT();
  }
  CASE(IN) {
    SAVE_PC();
    bool r = contains(vm, R[GET_C(ins)], R[GET_B(ins)]);
    R[GET_A(ins)] = BOOL_VAL(r);
    NEXT();
  }
  CASE(IS) {
    SAVE_PC();
    bool r = is_instance(vm, R[GET_B(ins)], R[GET_C(ins)]);
    R[GET_A(ins)] = BOOL_VAL(r);
    NEXT();
  }
  CASE(NEG) {
    Value a = R[GET_B(ins)];
    if (!IS_NUMBER(a)) {
      SAVE_PC();
      vm_raise(vm, "cannot negate %s", describe(vm, a));
    }
    R[GET_A(ins)] = NUMBER_VAL(-AS_NUMBER(a));
    NEXT();
  }
  CASE(BNOT) {
    SAVE_PC();
    Value r = bitwise(vm, OP_BNOT, R[GET_B(ins)], NUMBER_VAL(0));
    R[GET_A(ins)] = r;
    NEXT();
  }
  CASE(NOT) { R[GET_A(ins)] = BOOL_VAL(IS_FALSY(R[GET_B(ins)])); NEXT(); }

#define COND_JUMP(cond) do { \
    if ((cond) != (bool)GET_C(ins)) pc++; \
    else { ins = *pc; pc += GET_sJ(ins) + 1; } \
    NEXT(); \
  } while (0)
  CASE(EQ) {
    double x = REG_NUMBER(GET_A(ins)), y = REG_NUMBER(GET_B(ins));
    if (LIKELY(!__builtin_isunordered(x, y))) COND_JUMP(x == y);
    COND_JUMP(values_equal(vm, R[GET_A(ins)], R[GET_B(ins)]));
  }
  CASE(LT) {
    double x = REG_NUMBER(GET_A(ins)), y = REG_NUMBER(GET_B(ins));
    if (LIKELY(!__builtin_isunordered(x, y))) COND_JUMP(x < y);
    SAVE_PC();
    COND_JUMP(less_than(vm, R[GET_A(ins)], R[GET_B(ins)], false));
  }
  CASE(LE) {
    double x = REG_NUMBER(GET_A(ins)), y = REG_NUMBER(GET_B(ins));
    if (LIKELY(!__builtin_isunordered(x, y))) COND_JUMP(x <= y);
    SAVE_PC();
    COND_JUMP(less_than(vm, R[GET_A(ins)], R[GET_B(ins)], true));
  }
  CASE(EQK) { COND_JUMP(values_equal(vm, R[GET_A(ins)], K[GET_B(ins)])); }
  /* A non-number reads as a nan, which equals nothing. */
  CASE(EQI) { COND_JUMP(REG_NUMBER(GET_A(ins)) == GET_sB(ins)); }
#define CMPI(name, op) \
  CASE(name) { \
    double x = REG_NUMBER(GET_A(ins)); \
    if (LIKELY(x == x) || IS_NUMBER(R[GET_A(ins)])) COND_JUMP(x op GET_sB(ins)); \
    SAVE_PC(); \
    vm_raise(vm, "cannot compare %s and number", describe(vm, R[GET_A(ins)])); \
  }
  CMPI(LTI, <)
  CMPI(LEI, <=)
  CMPI(GTI, >)
  CMPI(GEI, >=)
#undef CMPI
  CASE(TEST) { COND_JUMP(!IS_FALSY(R[GET_A(ins)])); }
  CASE(ISUNDEF) { COND_JUMP(R[GET_A(ins)] == UNDEF_VAL); }
#undef COND_JUMP
  CASE(JMP) {
    int off = GET_sJ(ins);
    if (off < 0 && CHARGE(-off)) { /* report it at the loop's jump */
      SAVE_PC();
      loop_check(vm);
    }
    pc += off;
    NEXT();
  }
  /* A while loop's jump back and its compare in one (fuse_loop_test in
   * lang/compiler.c): charged as the JMP it replaced; the body goes on two
   * words after the compare (past its jump out), a false compare falls
   * out of the loop, and operands that are not both numbers (or a nan)
   * go back to the compare, which does it as it always did. */
#define LOOPCMP(name, y, numbers, op) \
  CASE(name) { \
    int d = GET_C(ins); \
    if (CHARGE(d)) { \
      SAVE_PC(); \
      loop_check(vm); \
    } \
    double x = REG_NUMBER(GET_A(ins)), y_ = (y); \
    if (LIKELY(numbers)) { \
      if (x op y_) pc -= d - 2; \
      NEXT(); \
    } \
    pc -= d; \
    NEXT(); \
  }
  LOOPCMP(LOOPLT, REG_NUMBER(GET_B(ins)), !__builtin_isunordered(x, y_), <)
  LOOPCMP(LOOPLE, REG_NUMBER(GET_B(ins)), !__builtin_isunordered(x, y_), <=)
  /* against a small number (LTI ... GEI): a nan or a non-number goes
   * back to the compare */
  LOOPCMP(LOOPLTI, GET_sB(ins), x == x, <)
  LOOPCMP(LOOPLEI, GET_sB(ins), x == x, <=)
  LOOPCMP(LOOPGTI, GET_sB(ins), x == x, >)
  LOOPCMP(LOOPGEI, GET_sB(ins), x == x, >=)
#undef LOOPCMP
  CASE(CALL) {
    int a = GET_A(ins), argc = GET_B(ins);
    SAVE_PC();
    if (CHARGE(1)) loop_check(vm);
    Value fn = R[a];
    if (IS_CLOSURE(fn) && enter_fast(vm, AS_CLOSURE(fn), R + a, argc)) {
      LOAD_FRAME();
      NEXT();
    }
    if (IS_NATIVE(fn) && AS_NATIVE(fn)->shortcut) {
      int sc = AS_NATIVE(fn)->shortcut;
      if (native_shortcut(vm, sc, R + a, argc)) NEXT();
      if (sc >= SHORTCUT_STR) {
        int skip = call_shortcut(vm, sc, R, ins, pc);
        if (skip >= 0) {
          pc += skip;
          NEXT();
        }
      }
    }
    Value out;
    vm->top = R + a + argc + 1;
    bool pushed = call_value(vm, R + a, argc, &out);
    FINISH_CALL(pushed, a, out);
    NEXT();
  }
  CASE(INVOKE0) {
    InlineCache *ic0 = &cl->proto->caches[GET_Ax(*pc)];
    Value recv0 = R[GET_B(ins)];
    /* A cached getter, here without the general path: the field to R[A]
     * and, when the spare word names a register (x = y.m(): the MOVE that
     * follows), there too, skipping the MOVE. Charged as the call. */
    if (ic0->accessor == ACCESSOR_GET && IS_INSTANCE(recv0) && AS_INSTANCE(recv0)->klass == ic0->key) {
      pc += 2;
      SAVE_PC();
      if (CHARGE(1)) loop_check(vm);
      vm->fuel -= 2;
      Value v = AS_INSTANCE(recv0)->fields[ic0->field];
      R[GET_A(ins)] = v;
      uint32_t to = (uint32_t)GET_Ax(pc[-1]);
      if (to) {
        R[to - 1] = v;
        pc++;
      }
      NEXT();
    }
    invA = GET_A(ins);
    invArgc = 0;
    invCache = ic0;
    R[invA] = recv0;
    pc += 2; /* the cache word and the spare one */
    goto invoke;
  }
  CASE(INVOKE) {
    invA = GET_A(ins);
    invArgc = GET_B(ins);
    invCache = &cl->proto->caches[GET_Ax(*pc)];
    pc++;
  invoke:;
    int a = invA, argc = invArgc;
    InlineCache *ic = invCache;
    SAVE_PC();
    if (CHARGE(1)) loop_check(vm);
    /* A cached accessor: the field itself, charged as the call would be
     * (1 for the call, 2 for the two instructions of its body). */
    if (ic->accessor && IS_INSTANCE(R[a]) && AS_INSTANCE(R[a])->klass == ic->key) {
      ObjInstance *o = AS_INSTANCE(R[a]);
      if (ic->accessor == ACCESSOR_GET && argc == 0) {
        R[a] = o->fields[ic->field];
        vm->fuel -= 2;
        NEXT();
      }
      if (ic->accessor == ACCESSOR_SET && argc == 1 && !o->obj.frozen && !tx_needed(vm, &o->obj)) {
        o->fields[ic->field] = R[a + 1];
        R[a] = NIL_VAL;
        vm->fuel -= 2;
        NEXT();
      }
    }
    int how;
    Value method = lookup_invoke(vm, R + a, ic, &how);
    if (how == HOW_METHOD && IS_CLOSURE(method)) {
      ObjClosure *mc = AS_CLOSURE(method);
      if (enter_fast(vm, mc, R + a, argc)) {
        LOAD_FRAME();
        NEXT();
      }
      if (mc->proto->accessor && accessor_fast(vm, mc, R + a, argc)) {
        vm->fuel -= 2; /* the two instructions the method would have run */
        NEXT();
      }
    } else if (how != HOW_MEMBRANE && IS_NATIVE(method) && AS_NATIVE(method)->shortcut &&
               native_shortcut(vm, AS_NATIVE(method)->shortcut, R + a, argc)) {
      NEXT();
    }
    Value out;
    bool pushed;
    vm->top = R + a + argc + 1;
    if (how == HOW_MEMBRANE) {
      out = forward_membrane(vm, R + a, argc, ic->name);
      pushed = false;
    } else if (how == HOW_PLAIN) {
      R[a] = method;
      pushed = call_value(vm, R + a, argc, &out);
    } else {
      pushed = call_with_base(vm, method, R + a, argc, &out);
    }
    FINISH_CALL(pushed, a, out);
    NEXT();
  }
  CASE(SUPERINVOKE) {
    int a = GET_A(ins), argc = GET_B(ins);
    ObjString *name = AS_STRING(K[GET_Ax(*pc)]);
    pc++;
    SAVE_PC();
    ObjClass *sk = cl->home->super;
    Value method;
    if (!map_get(vm, sk->methods, OBJ_VAL(name), &method))
      vm_raise(vm, "superclass %s has no method '%s'", sk->name->chars, name->chars);
    Value out;
    vm->top = R + a + argc + 1;
    bool pushed = call_with_base(vm, method, R + a, argc, &out);
    FINISH_CALL(pushed, a, out);
    NEXT();
  }
  CASE(RETURN) CASE(RETURNNIL) {
    Value v = GET_OP(ins) == OP_RETURN ? R[GET_A(ins)] : NIL_VAL;
    vm->fuel -= pc - cl->proto->code; /* the straight-line code it ran */
    if (vm->openUpvals && vm->openUpvals->loc >= R) vm_close_upvalues(vm, R);
    int me = vm->nframes - 1;
    while (vm->nhandlers > 0 && vm->handlers[vm->nhandlers - 1].frame >= me) vm->nhandlers--;
    R[0] = v;
    vm->nframes--;
    if (vm->nframes == baseFrame) return v;
    LOAD_FRAME();
    vm->top = R + cl->proto->maxregs;
    NEXT();
  }
  CASE(CLOSURE) {
    ObjProto *p = cl->proto->protos[GET_Bx(ins)];
    SAVE_PC();
    ObjClosure *c = closure_new(vm, p);
    c->home = cl->home;
    R[GET_A(ins)] = OBJ_VAL(c); /* rooted before capturing allocates */
    for (int i = 0; i < p->nupvals; i++) {
      UpvalDesc d = p->upvals[i];
      c->upvals[i] = d.fromParent ? capture_upvalue(vm, R + d.index) : cl->upvals[d.index];
    }
    NEXT();
  }
  CASE(CLOSE) { vm_close_upvalues(vm, R + GET_A(ins)); NEXT(); }
  CASE(NEWLIST) {
    SAVE_PC();
    ObjList *l = list_new(vm, (uint32_t)GET_B(ins));
    R[GET_A(ins)] = OBJ_VAL(l);
    NEXT();
  }
  CASE(SETLIST) {
    int a = GET_A(ins), n = GET_B(ins);
    ObjList *l = AS_LIST(R[a]);
    SAVE_PC();
    list_reserve(vm, l, l->count + (uint32_t)n);
    for (int i = 1; i <= n; i++) l->items[l->count++] = R[a + i];
    NEXT();
  }
  CASE(EXTEND) {
    SAVE_PC();
    extend_list(vm, (R + GET_A(ins)) - vm->stack, R[GET_B(ins)]);
    RELOAD_BASE();
    NEXT();
  }
  CASE(CATSTEP) {
    Value *p = R + GET_A(ins);
    int i = GET_B(ins);
    if (GET_C(ins)) p[0] = R[GET_C(ins) - 1]; /* the first part, a local read here as ADD read it */
    Value a = p[0], b = p[i];
    if (IS_STRING(a) && IS_STRING(b)) {
      SAVE_PC();
      cat_check(vm, p, i);
      NEXT();
    }
    if (IS_NUMBER(a) && IS_NUMBER(b)) {
      p[0] = NUMBER_VAL(AS_NUMBER(a) + AS_NUMBER(b));
      NEXT();
    }
    SAVE_PC();
    Value r = arith_slow(vm, OP_ADD, a, b); /* lists, or the error */
    R[GET_A(ins)] = r;
    NEXT();
  }
  CASE(CAT) {
    Value *p = R + GET_B(ins);
    int k = GET_C(ins);
    Value a = p[0], b = p[k];
    if (IS_STRING(a) && IS_STRING(b)) {
      SAVE_PC();
      size_t len = cat_check(vm, p, k);
      Value r = OBJ_VAL(str_join_parts(vm, p, k + 1, len));
      R[GET_A(ins)] = r;
      NEXT();
    }
    if (IS_NUMBER(a) && IS_NUMBER(b)) {
      R[GET_A(ins)] = NUMBER_VAL(AS_NUMBER(a) + AS_NUMBER(b));
      NEXT();
    }
    SAVE_PC();
    Value r = arith_slow(vm, OP_ADD, a, b);
    R[GET_A(ins)] = r;
    NEXT();
  }
  CASE(INTERP) {
    SAVE_PC();
    Value r = interpolate(vm, (R + GET_B(ins)) - vm->stack, GET_C(ins));
    RELOAD_BASE();
    R[GET_A(ins)] = r;
    NEXT();
  }
  CASE(CALLV) {
    int a = GET_A(ins), how = GET_B(ins);
    uint32_t extra = how ? (uint32_t)GET_Ax(*pc++) : 0;
    SAVE_PC();
    if (CHARGE(1)) loop_check(vm);
    if (how >= 3) { /* an eventual send: nothing called now */
      /* only a named send (B = 3, 5) has a constant; an anonymous one in a
       * function without constants must not compute K + extra from NULL */
      Value p = callv_send(vm, R, ins, how == 3 || how == 5 ? K + extra : NULL);
      FINISH_CALL(false, a, p);
      NEXT();
    }
    int argc = spread_args(vm, R, a);
    RELOAD_BASE();
    Value out;
    bool pushed;
    vm->top = R + a + argc + 1;
    if (how == 0) {
      pushed = call_value(vm, R + a, argc, &out);
    } else if (how == 1) {
      InlineCache *ic = &cl->proto->caches[extra];
      int kind;
      Value method = lookup_invoke_cold(vm, R + a, ic, &kind);
      if (kind == HOW_MEMBRANE) {
        out = forward_membrane(vm, R + a, argc, ic->name);
        pushed = false;
      } else if (kind == HOW_PLAIN) {
        R[a] = method;
        pushed = call_value(vm, R + a, argc, &out);
      } else {
        pushed = call_with_base(vm, method, R + a, argc, &out);
      }
    } else {
      ObjString *name = AS_STRING(K[extra]);
      ObjClass *sk = cl->home->super;
      Value method;
      if (!map_get(vm, sk->methods, OBJ_VAL(name), &method))
        vm_raise(vm, "superclass %s has no method '%s'", sk->name->chars, name->chars);
      pushed = call_with_base(vm, method, R + a, argc, &out);
    }
    FINISH_CALL(pushed, a, out);
    NEXT();
  }
  CASE(NEWMAP) {
    SAVE_PC();
    ObjMap *m = map_new(vm);
    R[GET_A(ins)] = OBJ_VAL(m);
    NEXT();
  }
  CASE(RANGE) {
    int b = GET_B(ins);
    SAVE_PC();
    Value r = make_range(vm, R[b], R[b + 1], GET_C(ins));
    R[GET_A(ins)] = r;
    NEXT();
  }
  CASE(UNPACK) {
    SAVE_PC();
    unpack(vm, R + GET_A(ins), R[GET_B(ins)], GET_C(ins));
    NEXT();
  }
  CASE(FORPREP) CASE(FORPREPI) {
    Value *r = R + GET_A(ins);
    if (!IS_NUMBER(r[0]) || !IS_NUMBER(r[1])) {
      SAVE_PC();
      vm_raise(vm, "range bounds must be numbers, not %s and %s", describe(vm, r[0]), describe(vm, r[1]));
    }
    double n = range_count(AS_NUMBER(r[0]), AS_NUMBER(r[1]), GET_OP(ins) == OP_FORPREPI);
    if (n <= 0) {
      ins = *pc;
      pc += GET_sJ(ins) + 1;
      NEXT();
    }
    r[1] = NUMBER_VAL(n);
    r[2] = r[0];
    pc++;
    NEXT();
  }
  CASE(FORLOOP) {
    Value *r = R + GET_A(ins);
    double n = NUMBER_AT(&r[1]) - 1;
    if (n > 0) {
      r[1] = NUMBER_VAL(n);
      r[0] = NUMBER_VAL(NUMBER_AT(&r[0]) + 1);
      r[2] = r[0];
      if (CHARGE((int)GET_Bx(ins))) {
        SAVE_PC();
        loop_check(vm);
      }
      pc -= GET_Bx(ins);
    }
    NEXT();
  }
  CASE(ITERPREP) {
    SAVE_PC();
    iter_prep(vm, (R + GET_A(ins)) - vm->stack);
    RELOAD_BASE();
    NEXT();
  }
  CASE(ITERNEXT) {
    SAVE_PC();
    if (CHARGE(1)) loop_check(vm);
    bool more = iter_step(vm, (R + GET_A(ins)) - vm->stack, GET_B(ins));
    RELOAD_BASE();
    if (more) {
      pc++;
    } else {
      ins = *pc;
      pc += GET_sJ(ins) + 1;
    }
    NEXT();
  }
  CASE(TRY) {
    uint32_t jmp = *pc;
    SAVE_PC();
    push_handler(vm, GET_A(ins), pc + 1 + GET_sJ(jmp));
    pc++;
    NEXT();
  }
  CASE(ENDTRY) { vm->nhandlers -= GET_A(ins); NEXT(); }
  CASE(THROW) {
    SAVE_PC();
    vm_throw(vm, R[GET_A(ins)]);
  }
  CASE(CLASS) {
    int a = GET_A(ins);
    uint32_t extra = (uint32_t)GET_Ax(*pc);
    pc++;
    SAVE_PC();
    Value k = new_class(vm, AS_STRING(K[GET_Bx(ins)]), R[a + 1], extra);
    R[a] = k;
    NEXT();
  }
  CASE(METHOD) {
    int a = GET_A(ins);
    ObjClass *k = AS_CLASS(R[a]);
    AS_CLOSURE(R[a + 1])->home = k;
    SAVE_PC();
    map_set(vm, k->methods, K[GET_Bx(ins)], R[a + 1]);
    NEXT();
  }
  CASE(ENDCLASS) {
    ObjClass *k = AS_CLASS(R[GET_A(ins)]);
    Value ctor;
    k->ctor = map_get(vm, k->methods, OBJ_VAL(vm->sNew), &ctor) ? ctor : NIL_VAL;
    k->obj.frozen = 1;
    k->methods->obj.frozen = 1;
    NEXT();
  }
  CASE(IMPORT) {
    SAVE_PC();
    Value m = module_import_std(vm, AS_STRING(K[GET_Bx(ins)]));
    R[GET_A(ins)] = m;
    NEXT();
  }
  CASE(IMPORTPATH) {
    SAVE_PC();
    Value m = module_import_path(vm, cl->proto->module, AS_STRING(K[GET_Bx(ins)]));
    RELOAD_BASE();
    R[GET_A(ins)] = m;
    NEXT();
  }
  CASE(EXTRA) { NEXT(); }

#if !WRIT_COMPUTED_GOTO
  default: break;
  }
  return NIL_VAL; /* unreachable: every opcode dispatches onward */
#endif
#undef CASE
#undef NEXT
#undef DISPATCH
#undef LOAD_FRAME
#undef SAVE_PC
#undef RELOAD_BASE
#undef FINISH_CALL
}
