/* The pure names every scope sees (str num type freeze isFrozen Error) and
 * the registration of all pure built-ins into a new VM. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/module.h"
#include "vm/gc.h"
#include "vm/tx.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/wstring.h"

static Value b_str(WVM *vm, int argc, Value *args) {
  (void)argc;
  return OBJ_VAL(value_to_string(vm, args[1], false));
}

/* num("42") -> 42; nil when the text is not a number (like Lua's
 * tonumber), so scripts can test without try/catch. */
static Value b_num(WVM *vm, int argc, Value *args) {
  Value v = args[1];
  if (argc >= 2 && !IS_NIL(args[2])) {
    double base = arg_number(vm, args, 2, "num");
    ObjString *s = arg_string(vm, args, 1, "num");
    return num_in_base(vm, s, base);
  }
  if (IS_NUMBER(v)) return v;
  ObjString *s = arg_string(vm, args, 1, "num");
  vm_charge(vm, s->len / 8 + 1); /* skipping blanks may scan all of s */
  const char *p = s->chars, *end = s->chars + s->len;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r')) end--;
  if (p == end || (size_t)(end - p) > 400) return NIL_VAL;
  char buf[401];
  memcpy(buf, p, (size_t)(end - p));
  buf[end - p] = '\0';
  /* Only decimal notation and inf/nan spelled as Writ prints them. */
  for (const char *q = buf; *q; q++)
    if (!((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E' || *q == '+' || *q == '-')) {
      if (!strcmp(buf, "inf") || !strcmp(buf, "+inf")) return NUMBER_VAL(HUGE_VAL);
      if (!strcmp(buf, "-inf")) return NUMBER_VAL(-HUGE_VAL);
      if (!strcmp(buf, "nan")) return NUMBER_VAL(NAN);
      return NIL_VAL;
    }
  char *stop;
  double d = strtod(buf, &stop);
  return *stop == '\0' ? NUMBER_VAL(d) : NIL_VAL;
}

static Value b_type(WVM *vm, int argc, Value *args) {
  (void)argc;
  return OBJ_VAL(str_cstr(vm, value_type_name(vm, args[1])));
}

/* Shallow: the list, map or instance itself refuses changes. */
static Value b_freeze(WVM *vm, int argc, Value *args) {
  (void)argc;
  Value v = args[1];
  if (IS_LIST(v) || IS_MAP(v) || IS_INSTANCE(v)) {
    tx_write(vm, AS_OBJ(v));
    AS_OBJ(v)->frozen = 1;
  }
  return v;
}

static Value b_is_frozen(WVM *vm, int argc, Value *args) {
  (void)vm;
  (void)argc;
  Value v = args[1];
  if (IS_LIST(v) || IS_MAP(v) || IS_INSTANCE(v)) return BOOL_VAL(AS_OBJ(v)->frozen);
  return TRUE_VAL; /* everything else is immutable */
}

/* ---- Error: fields ERROR_MESSAGE and ERROR_TRACE (vm/vm.h) ---- */

static Value e_new(WVM *vm, int argc, Value *args) {
  ObjInstance *e = AS_INSTANCE(args[0]);
  Value msg = argc >= 1 ? args[1] : OBJ_VAL(str_cstr(vm, ""));
  if (!IS_STRING(msg)) msg = OBJ_VAL(value_to_string(vm, msg, false));
  e->fields[ERROR_MESSAGE] = msg;
  return args[0];
}

static Value e_message(WVM *vm, int argc, Value *args) {
  (void)argc;
  return OBJ_VAL(error_text(vm, AS_INSTANCE(args[0])));
}

static Value e_to_string(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjInstance *e = AS_INSTANCE(args[0]);
  ObjString *msg = error_text(vm, e); /* held by e, or new: used before anything allocates */
  vm_charge(vm, msg->len / 8 + 1); /* formatting reads all of msg, though it keeps 511 bytes */
  return OBJ_VAL(str_printf(vm, "%s: %s", e->klass->name->chars, msg->chars));
}

/* The trace as text, one "at fn (module:line:col)" per line. */
static Value e_trace(WVM *vm, int argc, Value *args) {
  (void)argc;
  Value t = AS_INSTANCE(args[0])->fields[ERROR_TRACE];
  ObjBuffer *b = buffer_new(vm, 64);
  vm_push_root(vm, OBJ_VAL(b));
  if (IS_LIST(t)) {
    ObjList *l = AS_LIST(t);
    for (uint32_t i = 0; i < l->count; i++) {
      char line[300];
      Value e = l->items[i];
      int n;
      if (IS_NUMBER(e)) {
        n = snprintf(line, sizeof line, "%s... %.0f more\n", "  ", AS_NUMBER(e));
      } else {
        ObjList *f = AS_LIST(e);
        n = snprintf(line, sizeof line, "  at %s (%s:%.0f:%.0f)\n", AS_CSTRING(f->items[FRAME_FN]),
                     AS_CSTRING(f->items[FRAME_MODULE]), AS_NUMBER(f->items[FRAME_LINE]), AS_NUMBER(f->items[FRAME_COL]));
      }
      if (n >= (int)sizeof line) n = (int)sizeof line - 1;
      buffer_append(vm, b, line, (size_t)n);
    }
  }
  if (b->len && b->data[b->len - 1] == '\n') b->len--; /* lines, not a trailing newline */
  ObjString *s = str_from_buffer(vm, b);
  vm_pop_root(vm);
  return OBJ_VAL(s);
}

static const NativeReg builtin_functions[] = {
    {"str", b_str, 1, 1},
    {"num", b_num, 1, 2},
    {"type", b_type, 1, 1},
    {"freeze", b_freeze, 1, 1},
    {"isFrozen", b_is_frozen, 1, 1},
    {NULL, NULL, 0, 0},
};

static const NativeReg error_methods[] = {
    {"new", e_new, 0, 1},
    {"message", e_message, 0, 0},
    {"toString", e_to_string, 0, 0},
    {"trace", e_trace, 0, 0},
    {NULL, NULL, 0, 0},
};

void builtin_namespace(WVM *vm, const char *cname, const NativeReg *fns) {
  ObjString *name = str_cstr(vm, cname);
  vm_push_root(vm, OBJ_VAL(name));
  ObjModule *m = module_new(vm, name, NULL);
  vm_push_root(vm, OBJ_VAL(m));
  vm_define_natives(vm, module_exports(vm, m), fns);
  module_freeze_exports(vm, m);
  m->state = MOD_READY;
  map_set(vm, vm->builtins, OBJ_VAL(name), OBJ_VAL(m));
  vm_pop_roots(vm, 2);
}

void stdlib_open(WVM *vm) {
  vm_define_natives(vm, vm->builtins, builtin_functions);
  vm_define_methods(vm, vm->cError, error_methods);
  map_set(vm, vm->builtins, OBJ_VAL(vm->cError->name), OBJ_VAL(vm->cError)); /* both rooted */
  vm_define_methods(vm, vm->cString, string_methods);
  vm_define_methods(vm, vm->cList, list_methods);
  vm_define_methods(vm, vm->cList, list_query_methods);
  vm_define_methods(vm, vm->cMap, map_methods);
  vm_define_methods(vm, vm->cNumber, number_methods);
  vm_define_methods(vm, vm->cRange, range_methods);
  vm_native_shortcut(vm, vm->builtins, "str", SHORTCUT_STR);
  vm_native_shortcut(vm, vm->cList->methods, "push", SHORTCUT_LIST_PUSH);
  vm_native_shortcut(vm, vm->cList->methods, "len", SHORTCUT_LIST_LEN);
  ObjModule *m = vm_native_module(vm, "math", math_functions);
  math_open(vm, m);
  vm_native_shortcut(vm, m->exports, "sqrt", SHORTCUT_SQRT);
  vm_native_shortcut(vm, m->exports, "floor", SHORTCUT_FLOOR);
  vm_native_module(vm, "json", json_functions);
  re_open(vm);
  vm_native_module(vm, "time", time_functions);
  vm_native_module(vm, "cap", cap_functions);
  set_open(vm);
  string_open(vm);
  builtin_namespace(vm, "List", list_functions);
  workspace_open(vm);
  async_open(vm);
}
