/* Raising errors, tracebacks, protected calls and argument checks. An error
 * is a value in flight: vm_throw records it and longjmps to the innermost
 * protected point (a dispatch loop, which looks for a try handler, or
 * vm_protect at the API boundary). */
#include <math.h>
#include <stdio.h>
#include "vm/error.h"
#include "vm/budget.h"
#include "vm/gc.h"
#include "vm/tx.h"
#include "vm/module.h"
#include "vm/table.h"
#include "vm/wstring.h"

SrcPos vm_frame_pos(CallFrame *f) {
  ObjProto *p = f->closure->proto;
  ptrdiff_t i = f->pc - p->code - 1;
  if (i < 0) i = 0;
  if (i >= p->ncode) i = p->ncode - 1;
  if (p->ncode == 0) return (SrcPos){0, 0};
  return p->pos[i];
}

ObjInstance *error_new(WVM *vm, ObjString *message) {
  vm_push_root(vm, OBJ_VAL(message));
  ObjInstance *e = instance_new(vm, vm->cError);
  e->fields[ERROR_MESSAGE] = OBJ_VAL(message);
  vm_pop_root(vm);
  return e;
}

bool error_is(WVM *vm, Value v) {
  if (!IS_INSTANCE(v)) return false;
  for (ObjClass *k = AS_INSTANCE(v)->klass; k; k = k->super)
    if (k == vm->cError) return true;
  return false;
}

FailKind error_kind(WVM *vm, Value err) {
  if (vm->exitRequested) return FAIL_EXIT;
  if (vm->interruptedRun) return FAIL_INTERRUPT;
  if (vm->exhausted != 0 && err == vm->budgetError) return FAIL_LIMIT;
  if (err == vm->oomError) return FAIL_MEMORY;
  if (IS_INSTANCE(err) && (AS_OBJ(err)->flags & ERROR_SYNTAX))
    return AS_OBJ(err)->flags & ERROR_INCOMPLETE ? FAIL_INCOMPLETE : FAIL_SYNTAX;
  return FAIL_RUNTIME;
}

ObjList *error_where(Value err) {
  if (!IS_INSTANCE(err) || AS_INSTANCE(err)->nfields < ERROR_FIELDS) return NULL;
  Value t = AS_INSTANCE(err)->fields[ERROR_TRACE];
  if (!IS_LIST(t) || AS_LIST(t)->count == 0 || !IS_LIST(AS_LIST(t)->items[0])) return NULL;
  ObjList *f = AS_LIST(AS_LIST(t)->items[0]);
  return f->count == FRAME_SLOTS ? f : NULL;
}

/* A frame: [function name, module name, line, column] (FRAME_*). */
static ObjList *frame_new(WVM *vm, ObjString *fn, ObjString *module, int line, int col) {
  vm_push_root(vm, OBJ_VAL(fn));
  vm_push_root(vm, OBJ_VAL(module));
  ObjList *f = list_new(vm, FRAME_SLOTS); /* room for all: filling it allocates nothing */
  f->items[FRAME_FN] = OBJ_VAL(fn);
  f->items[FRAME_MODULE] = OBJ_VAL(module);
  f->items[FRAME_LINE] = NUMBER_VAL(line);
  f->items[FRAME_COL] = NUMBER_VAL(col);
  f->count = FRAME_SLOTS;
  vm_pop_roots(vm, 2);
  return f;
}

static void push_frame_entry(WVM *vm, ObjList *trace, CallFrame *f) {
  SrcPos pos = vm_frame_pos(f);
  ObjProto *p = f->closure->proto;
  ObjString *name = p->name ? p->name : str_cstr(vm, "<anonymous>");
  ObjList *e = frame_new(vm, name, p->module->name, pos.line, pos.col);
  vm_push_root(vm, OBJ_VAL(e));
  list_push(vm, trace, OBJ_VAL(e));
  vm_pop_root(vm);
}

ObjInstance *error_syntax(WVM *vm, ObjString *module, int line, int col, const char *message, bool incomplete) {
  vm_push_root(vm, OBJ_VAL(module));
  ObjInstance *e = error_new(vm, str_cstr(vm, message));
  vm_push_root(vm, OBJ_VAL(e));
  ObjList *trace = list_new(vm, 1);
  e->fields[ERROR_TRACE] = OBJ_VAL(trace);
  ObjList *where = frame_new(vm, str_cstr(vm, "<source>"), module, line, col);
  trace->items[trace->count++] = OBJ_VAL(where);
  e->obj.flags = incomplete ? ERROR_SYNTAX | ERROR_INCOMPLETE : ERROR_SYNTAX;
  vm_pop_roots(vm, 2);
  return e;
}

ObjString *error_text(WVM *vm, ObjInstance *e) {
  Value m = e->fields[ERROR_MESSAGE];
  ObjString *msg = IS_STRING(m) ? AS_STRING(m) : str_cstr(vm, "");
  ObjList *where = (e->obj.flags & ERROR_SYNTAX) ? error_where(OBJ_VAL(e)) : NULL;
  if (!where) return msg;
  return str_printf(vm, "%s:%.0f:%.0f: %s", AS_CSTRING(where->items[FRAME_MODULE]), AS_NUMBER(where->items[FRAME_LINE]),
                    AS_NUMBER(where->items[FRAME_COL]), msg->chars);
}

/* Innermost frames first; a deep stack keeps its two ends and a count.
 * The list is stored in *slot (rooted) before it is filled. */
static void capture_trace(WVM *vm, Value *slot) {
  ObjList *trace = list_new(vm, 0);
  *slot = OBJ_VAL(trace);
  int n = vm->nframes, keep = WRIT_TRACE_FRAMES, first = 0;
  /* A trace stops at the workspace boundary: code in a child workspace
   * learns nothing of the frames of whoever called ws.eval. */
  if (n > 0) {
    struct ObjWorkspace *ws = vm->frames[n - 1].closure->proto->module->ws;
    /* The walk to the boundary is as long as the recursion is deep: a
     * throw deep down pays for it, a block of frames at a time. */
    for (first = n - 1; first > 0 && vm->frames[first - 1].closure->proto->module->ws == ws; first--)
      if ((n - first) % 256 == 0) vm_charge(vm, 32);
  }
  n -= first;
  for (int i = n - 1; i >= 0; i--) {
    if (n > 2 * keep && i == n - 1 - keep) {
      list_push(vm, trace, NUMBER_VAL(n - 2 * keep)); /* frames left out */
      i = keep;
    }
    push_frame_entry(vm, trace, &vm->frames[first + i]);
  }
}

void error_passing_import(WVM *vm, Value err) {
  if (!IS_INSTANCE(err) || !(AS_OBJ(err)->flags & ERROR_SYNTAX)) return;
  ObjList *where = error_where(err);
  Value t = AS_INSTANCE(err)->fields[ERROR_TRACE];
  if (!where || AS_LIST(t)->count != 1) return; /* already passed an import */
  AS_OBJ(err)->flags &= (uint8_t)~ERROR_INCOMPLETE;
  /* capture_trace needs a slot that stays put while it allocates (the
   * root stack may move): borrow vm->throwTrace, a VM root, and put its
   * value back after. */
  Value saved = vm->throwTrace;
  vm_push_root(vm, err);
  vm_push_root(vm, saved);
  capture_trace(vm, &vm->throwTrace);
  ObjList *from = AS_LIST(vm->throwTrace);
  for (uint32_t i = 0; i < from->count; i++) list_push(vm, AS_LIST(t), from->items[i]);
  vm->throwTrace = saved;
  vm_pop_roots(vm, 2);
}

void error_note_trace(WVM *vm, Value v) {
  if (!error_is(vm, v) || !IS_NIL(AS_INSTANCE(v)->fields[ERROR_TRACE]) || vm->nframes == 0) return;
  if (v == vm->oomError || v == vm->budgetError) return;
  vm_push_root(vm, v);
  tx_write(vm, AS_OBJ(v));
  capture_trace(vm, &AS_INSTANCE(v)->fields[ERROR_TRACE]);
  vm_pop_root(vm);
}

void vm_throw(WVM *vm, Value v) {
  if (error_is(vm, v) && IS_NIL(AS_INSTANCE(v)->fields[ERROR_TRACE])) {
    vm_push_root(vm, v);
    /* Building the trace can itself fail (out of memory): keep the error. */
    if (v != vm->oomError && v != vm->budgetError) capture_trace(vm, &AS_INSTANCE(v)->fields[ERROR_TRACE]);
    vm_pop_root(vm);
  } else if (!error_is(vm, v) && vm->nframes > 0) {
    /* Other values carry no trace: keep where they were thrown. */
    vm->throwTrace = NIL_VAL;
    vm_push_root(vm, v);
    capture_trace(vm, &vm->throwTrace);
    vm_pop_root(vm);
  }
  vm->error = v;
  longjmp(vm->errjmp->buf, 1);
}

void vm_raise(WVM *vm, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ObjString *msg = str_vprintf(vm, fmt, ap);
  va_end(ap);
  vm_throw(vm, OBJ_VAL(error_new(vm, msg)));
}

void vm_raise_too_long(WVM *vm) {
  vm_raise(vm, "string too long (limit %u bytes)", (unsigned)WRIT_MAX_STRING_BYTES);
}

void vm_raise_oom(WVM *vm) {
  vm->error = vm->oomError;
  longjmp(vm->errjmp->buf, 1);
}

/* The root stack grows with the raw allocator: growing must not collect. */
void vm_grow_roots(WVM *vm) {
  int ncap = vm->rootcap < 64 ? 64 : vm->rootcap * 2;
  Value *r = vm->allocFn(vm->allocUd, vm->roots, sizeof(Value) * (size_t)vm->rootcap,
                         sizeof(Value) * (size_t)ncap);
  if (!r) vm_raise_oom(vm);
  vm->roots = r;
  vm->rootcap = ncap;
}

void vm_raise_uncatchable(WVM *vm, const char *msg) {
  vm->uncatchable = true;
  vm_raise(vm, "%s", msg);
}

void errjmp_push(WVM *vm, ErrJmp *ej) {
  ej->prev = vm->errjmp;
  ej->nframes = vm->nframes;
  ej->nhandlers = vm->nhandlers;
  ej->nroots = vm->nroots;
  ej->nativeDepth = vm->nativeDepth;
  ej->native = vm->currentNative;
  ej->top = vm->top - vm->stack;
  ej->compiler = vm->compiler;
  vm->errjmp = ej;
}

void errjmp_restore(WVM *vm, ErrJmp *ej) {
  vm->errjmp = ej->prev;
  vm->nframes = ej->nframes;
  vm->nhandlers = ej->nhandlers;
  vm->nroots = ej->nroots;
  vm->nativeDepth = ej->nativeDepth;
  vm->currentNative = ej->native;
  vm->top = vm->stack + ej->top;
  vm->compiler = ej->compiler;
  vm_close_upvalues(vm, vm->top); /* those belong to dead frames */
}

bool vm_protect(WVM *vm, void (*fn)(WVM *vm, void *ud), void *ud) {
  ErrJmp ej;
  errjmp_push(vm, &ej);
  if (setjmp(ej.buf) == 0) {
    fn(vm, ud);
    vm->errjmp = ej.prev;
    return true;
  }
  errjmp_restore(vm, &ej);
  if (ej.prev == NULL) vm->uncatchable = false;
  return false;
}

/* ---- argument checks ---- */

void arg_error(WVM *vm, int i, const char *fn, const char *expected, Value got) {
  vm_raise(vm, "bad argument #%d to '%s' (%s expected, got %s)", i, fn, expected,
           value_type_name(vm, got));
}

double arg_number(WVM *vm, Value *args, int i, const char *fn) {
  if (!IS_NUMBER(args[i])) arg_error(vm, i, fn, "number", args[i]);
  return AS_NUMBER(args[i]);
}

/* Any whole number, however large (1e300 and inf are whole): each caller
 * clamps it or reports it out of range, as SPEC §10 says. Only a fraction
 * or nan is refused here. */
double arg_int(WVM *vm, Value *args, int i, const char *fn) {
  double d = arg_number(vm, args, i, fn);
  if (!(d == floor(d)))
    vm_raise(vm, "bad argument #%d to '%s' (whole number expected, got %s)", i, fn,
             d != d ? "nan" : "a fraction");
  return d;
}

ObjString *arg_string(WVM *vm, Value *args, int i, const char *fn) {
  if (!IS_STRING(args[i])) arg_error(vm, i, fn, "string", args[i]);
  return AS_STRING(args[i]);
}

ObjList *arg_list(WVM *vm, Value *args, int i, const char *fn) {
  if (!IS_LIST(args[i])) arg_error(vm, i, fn, "list", args[i]);
  return AS_LIST(args[i]);
}

ObjMap *arg_map(WVM *vm, Value *args, int i, const char *fn) {
  if (!IS_MAP(args[i])) arg_error(vm, i, fn, "map", args[i]);
  return AS_MAP(args[i]);
}

bool value_callable(Value v) {
  /* A proxy may forward calls: whether it does is found out by calling. */
  return IS_CLOSURE(v) || IS_NATIVE(v) || IS_BOUND(v) || IS_CLASS(v) || IS_FORWARDER(v);
}

void arg_callable(WVM *vm, Value *args, int i, const char *fn) {
  if (!value_callable(args[i])) arg_error(vm, i, fn, "function", args[i]);
}
