/* The pure built-ins' registration tables: methods of the primordial
 * string, list and map classes, and the functions of the math and json
 * modules. Named wstdlib.h, not stdlib.h, so that -Istdlib cannot shadow
 * the C library's <stdlib.h>. */
#ifndef WRIT_WSTDLIB_H
#define WRIT_WSTDLIB_H

#include "vm/state.h"
#include "vm/vm.h"

extern const NativeReg string_methods[];
extern const NativeReg list_methods[];
extern const NativeReg list_query_methods[];
extern const NativeReg list_functions[]; /* List.filled */
extern const NativeReg map_methods[];
extern const NativeReg number_methods[];
extern const NativeReg range_methods[];
extern const NativeReg math_functions[];
extern const NativeReg json_functions[];
extern const NativeReg time_functions[];
extern const NativeReg cap_functions[];

/* Whole m >= 0 in base 2 to 36 into out (room for NUMBER_BASE_DIGITS),
 * most significant digit first; returns the length (number.c). */
enum { NUMBER_BASE_DIGITS = 1100 };
int number_in_base(double m, int base, bool upper, char *out);

/* num(text, base) for a base other than 10: the number or nil (number.c). */
Value num_in_base(WVM *vm, struct ObjString *s, double base);

/* s.format(...): Python's str.format mini-language (format.c). */
Value string_format(WVM *vm, int argc, Value *args);

/* Registers every pure built-in into a new VM (core.c). */
void stdlib_open(WVM *vm);

/* `name` in every scope: a frozen module of the functions fns, not
 * importable (String, List; core.c). */
void builtin_namespace(WVM *vm, const char *name, const NativeReg *fns);

/* `String` (String.fromCodePoint) in every scope (strmethods.c). */
void string_open(WVM *vm);

/* The Set class (set.c). */
void set_open(WVM *vm);

void re_open(WVM *vm); /* the re module, its Pattern and Match classes (re.c) */
/* Workspace() and the workspace class's methods (workspace.c). */
void workspace_open(WVM *vm);
/* Options maps ({fuel: n, ...}) of ws.eval and Vat (stdlib/workspace.c):
 * every key must be one of names (NULL-ended), listed as `list` in the
 * error; a budget option is a number >= 0, or nil or absent for none (-1). */
void options_check(WVM *vm, ObjMap *opts, const char *fn, const char *const *names, const char *list);
double options_limit(WVM *vm, ObjMap *opts, const char *fn, const char *name);
void async_open(WVM *vm);

/* Adds the math module's constants (pi, e, inf) to m. */
void math_open(WVM *vm, ObjModule *m);

/* Loops that run Writ code (callbacks, toString) visit, as JavaScript
 * does, only the n items present when the call began, and stop early if
 * the list shrinks: a callback that pushes cannot make them endless. */
static inline bool list_visiting(const ObjList *l, uint32_t i, uint32_t n) {
  return i < n && i < l->count;
}

/* Python's slice rule, shared by strings and lists: negative indices count
 * from the end, then both ends are clamped to [0, len] and an end before
 * the start gives an empty slice. Works on doubles so that huge indices
 * clamp instead of overflowing a cast. */
static inline void slice_bounds(double len, double a, double b, uint32_t *from,
                                uint32_t *to) {
  if (a != a) a = 0; /* NaN: arg_int should refuse it; never cast it */
  if (b != b) b = 0;
  if (a < 0) a += len;
  if (b < 0) b += len;
  if (a < 0) a = 0;
  if (b < 0) b = 0;
  if (a > len) a = len;
  if (b > len) b = len;
  if (b < a) b = a;
  *from = (uint32_t)a;
  *to = (uint32_t)b;
}

#endif
