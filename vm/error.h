/* Raising errors, the error record, tracebacks and argument checks
 * (error.c). */
#ifndef WRIT_ERROR_H
#define WRIT_ERROR_H

#include "vm/vm.h"

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
/* A syntax error in a module being imported, on its way to the importer:
 * the importing frames are added after its position (so the report shows
 * the import line too), and it is no longer "incomplete" (more input to
 * the importer cannot finish another file). Other errors pass unchanged. */
void error_passing_import(WVM *vm, Value err);
/* What e.message() shows: the message, after "file:line:col: " for a
 * syntax error. */
ObjString *error_text(WVM *vm, ObjInstance *e);
/* Raise an Error with a formatted message, at the current position. */
WNORETURN void vm_raise_uncatchable(WVM *vm, const char *msg);
/* The one "string too long (limit N bytes)" error. */
WNORETURN void vm_raise_too_long(WVM *vm);
/* Raise "out of memory" without allocating. */
WNORETURN void vm_raise_oom(WVM *vm);
WNORETURN void vm_raise(WVM *vm, const char *fmt, ...) WPRINTF(2, 3);
/* An Error that has no trace yet gets the current one (a rejection
 * reported later shows where it was rejected). */
void error_note_trace(WVM *vm, Value v);
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
/* What a call may be tried on (a function, bound method, class, proxy). */
bool value_callable(Value v);
void arg_callable(WVM *vm, Value *args, int i, const char *fn);
WNORETURN void arg_error(WVM *vm, int i, const char *fn, const char *expected, Value got);

#endif
