/* The command-line tool's root capabilities: `print` and the `sys` object
 * (args, out, err, in, clock, random, exit, env, dir). The only library code
 * besides stdlib/host/ that may touch the OS is none: this file is where
 * standard streams, the clock, randomness and the environment are reached
 * (directories: dir.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include "../../include/writ.h"
#include "dir.h"
#include "gc.h"
#include "handles.h"
#include "table.h"
#include "wstring.h"

extern char **environ;


static void write_all(FILE *f, const char *s, size_t n) {
  fwrite(s, 1, n, f);
}

/* print(a, b, ...): strings raw, separated by spaces, newline-terminated. */
static Value print_values(WVM *vm, FILE *f, int argc, Value *args) {
  ObjBuffer *b = buffer_new(vm, 64);
  vm_push_root(vm, OBJ_VAL(b));
  for (int i = 1; i <= argc; i++) {
    if (i > 1) buffer_append(vm, b, " ", 1);
    value_append(vm, b, args[i], false, 0);
  }
  buffer_append(vm, b, "\n", 1);
  if (f) write_all(f, b->data, b->len);
  else if (vm->writeOut) vm->writeOut(vm, b->data, b->len);
  vm_pop_root(vm);
  return NIL_VAL;
}

static Value h_print(WVM *vm, int argc, Value *args) { return print_values(vm, NULL, argc, args); }

static FILE *stream_of(Value self) {
  double which = AS_NUMBER(AS_INSTANCE(self)->fields[0]);
  return which == 1 ? stdout : stderr;
}

static Value out_write(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = arg_string(vm, args, 1, "write");
  FILE *f = stream_of(args[0]);
  if (f == stderr) fflush(stdout); /* keep the two streams in program order */
  write_all(f, s->chars, s->len);
  return NIL_VAL;
}

static Value out_print(WVM *vm, int argc, Value *args) {
  FILE *f = stream_of(args[0]);
  if (f == stderr) fflush(stdout); /* keep the two streams in program order */
  return print_values(vm, f, argc, args);
}

static Value read_text(WVM *vm, const char *data, size_t n) {
  if (utf8_invalid_at(data, n) >= 0) vm_raise(vm, "input is not valid UTF-8");
  return OBJ_VAL(str_copy(vm, data, n));
}

static Value in_read_line(WVM *vm, int argc, Value *args) {
  (void)argc;
  (void)args;
  ObjBuffer *b = buffer_new(vm, 128);
  vm_push_root(vm, OBJ_VAL(b));
  int c;
  bool any = false;
  while ((c = getc(stdin)) != EOF) {
    any = true;
    if (c == '\n') break;
    char ch = (char)c;
    buffer_append(vm, b, &ch, 1);
  }
  Value r = NIL_VAL;
  if (any) {
    size_t n = b->len;
    if (n && b->data[n - 1] == '\r') n--;
    r = read_text(vm, b->data ? b->data : "", n);
  }
  vm_pop_root(vm);
  return r;
}

static Value in_read(WVM *vm, int argc, Value *args) {
  (void)argc;
  (void)args;
  ObjBuffer *b = buffer_new(vm, 4096);
  vm_push_root(vm, OBJ_VAL(b));
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) buffer_append(vm, b, chunk, n);
  Value r = read_text(vm, b->data ? b->data : "", b->len);
  vm_pop_root(vm);
  return r;
}

static Value clock_now(WVM *vm, int argc, Value *args) {
  (void)vm; (void)argc; (void)args;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return NUMBER_VAL((double)ts.tv_sec + ts.tv_nsec / 1e9);
}

static Value clock_monotonic(WVM *vm, int argc, Value *args) {
  (void)vm; (void)argc; (void)args;
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return NUMBER_VAL((double)ts.tv_sec + ts.tv_nsec / 1e9);
}

/* xorshift64* state kept in the instance's two fields (32 bits each). */
static uint64_t next_random(Value self) {
  ObjInstance *r = AS_INSTANCE(self);
  uint64_t x = ((uint64_t)AS_NUMBER(r->fields[0]) << 32) | (uint64_t)AS_NUMBER(r->fields[1]);
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  r->fields[0] = NUMBER_VAL((double)(x >> 32));
  r->fields[1] = NUMBER_VAL((double)(x & 0xffffffffu));
  return x * 0x2545F4914F6CDD1DULL;
}

static Value random_float(WVM *vm, int argc, Value *args) {
  (void)vm; (void)argc;
  return NUMBER_VAL((double)(next_random(args[0]) >> 11) / 9007199254740992.0);
}

static Value random_int(WVM *vm, int argc, Value *args) {
  (void)argc;
  double lo = arg_int(vm, args, 1, "int"), hi = arg_int(vm, args, 2, "int");
  if (hi < lo) vm_raise(vm, "bad argument #2 to 'int' (must be >= the first)");
  double span = hi - lo + 1;
  return NUMBER_VAL(lo + (double)(next_random(args[0]) % (uint64_t)span));
}

static Value sys_exit(WVM *vm, int argc, Value *args) {
  int code = argc >= 1 ? (int)arg_int(vm, args, 1, "exit") : 0;
  fflush(stdout);
  vm->exitRequested = true;
  vm->exitCode = code;
  vm_raise_uncatchable(vm, "exit");
}

static const NativeReg stream_methods[] = {{"write", out_write, 1, 1}, {"print", out_print, 0, -1}, {NULL, NULL, 0, 0}};
static const NativeReg in_methods[] = {{"readLine", in_read_line, 0, 0}, {"read", in_read, 0, 0}, {NULL, NULL, 0, 0}};
static const NativeReg clock_methods[] = {{"now", clock_now, 0, 0}, {"monotonic", clock_monotonic, 0, 0}, {NULL, NULL, 0, 0}};
static const NativeReg random_methods[] = {{"float", random_float, 0, 0}, {"int", random_int, 2, 2}, {NULL, NULL, 0, 0}};

/* A host object: an instance of a frozen class that scripts cannot make. */
static Value host_object(WVM *vm, const char *cls, const NativeReg *methods, int nfields) {
  ObjString *name = str_cstr(vm, cls);
  vm_push_root(vm, OBJ_VAL(name));
  ObjClass *k = class_new(vm, name, NULL, nfields);
  vm_push_root(vm, OBJ_VAL(k));
  k->builtin = 1;
  vm_define_methods(vm, k, methods);
  k->obj.frozen = 1;
  k->methods->obj.frozen = 1;
  ObjInstance *o = instance_new(vm, k);
  o->obj.frozen = 1;
  vm_pop_roots(vm, 2);
  return OBJ_VAL(o);
}

typedef struct {
  ObjWorkspace *ws;
  const WritSysOptions *opt;
} GrantArgs;

static void grant(WVM *vm, void *ud) {
  GrantArgs *g = ud;
  ObjString *name = str_cstr(vm, "sys");
  vm_push_root(vm, OBJ_VAL(name));
  ObjModule *sys = module_new(vm, name, g->ws);
  vm_pop_root(vm);
  vm_push_root(vm, OBJ_VAL(sys));
  ObjList *args = list_new(vm, 0);
  module_export(vm, sys, "args", OBJ_VAL(args));
  for (int i = 0; i < g->opt->argc; i++) {
    const char *a = g->opt->argv[i];
    if (utf8_invalid_at(a, strlen(a)) >= 0) vm_raise(vm, "argument %d is not valid UTF-8", i + 1);
    list_push(vm, args, OBJ_VAL(str_cstr(vm, a)));
  }
  args->obj.frozen = 1;
  Value out = host_object(vm, "Output", stream_methods, 1);
  AS_INSTANCE(out)->fields[0] = NUMBER_VAL(1);
  module_export(vm, sys, "out", out);
  Value err = host_object(vm, "Output", stream_methods, 1);
  AS_INSTANCE(err)->fields[0] = NUMBER_VAL(2);
  module_export(vm, sys, "err", err);
  module_export(vm, sys, "in", host_object(vm, "Input", in_methods, 0));
  module_export(vm, sys, "clock", host_object(vm, "Clock", clock_methods, 0));
  Value rnd = host_object(vm, "Random", random_methods, 2);
  uint64_t seed = 0;
  if (getrandom(&seed, sizeof seed, 0) != sizeof seed) seed = (uint64_t)time(NULL) ^ (uint64_t)clock();
  if (!seed) seed = 0x9E3779B97F4A7C15ULL;
  AS_INSTANCE(rnd)->fields[0] = NUMBER_VAL((double)(seed >> 32));
  AS_INSTANCE(rnd)->fields[1] = NUMBER_VAL((double)(seed & 0xffffffffu));
  module_export(vm, sys, "random", rnd);
  module_export(vm, sys, "exit", OBJ_VAL(native_new(vm, "exit", sys_exit, 0, 1)));
  Value env = NIL_VAL;
  if (g->opt->allow_env) {
    ObjMap *m = map_new(vm);
    env = OBJ_VAL(m);
    module_export(vm, sys, "env", env);
    for (char **e = environ; e && *e; e++) {
      const char *eq = strchr(*e, '=');
      if (!eq || utf8_invalid_at(*e, strlen(*e)) >= 0) continue;
      ObjString *k = str_copy(vm, *e, (size_t)(eq - *e));
      vm_push_root(vm, OBJ_VAL(k));
      map_set(vm, m, OBJ_VAL(k), OBJ_VAL(str_cstr(vm, eq + 1)));
      vm_pop_root(vm);
    }
    m->obj.frozen = 1;
  } else {
    module_export(vm, sys, "env", NIL_VAL);
  }
  dir_export(vm, sys, g->opt);
  sys->exports->obj.frozen = 1;
  sys->state = MOD_READY;
  ObjMap *scope = map_new(vm);
  vm_push_root(vm, OBJ_VAL(scope));
  map_set(vm, scope, OBJ_VAL(str_cstr(vm, "sys")), OBJ_VAL(sys));
  map_set(vm, scope, OBJ_VAL(str_cstr(vm, "print")), OBJ_VAL(native_new(vm, "print", h_print, 0, -1)));
  scope->obj.frozen = 1;
  g->ws->mainScope = scope;
  vm_pop_roots(vm, 2);
}

WritStatus writ_grant_sys(WritWorkspace *h, const WritSysOptions *opt) {
  if (!h || !opt || opt->nread < 0 || opt->nwrite < 0 || (opt->nread && !opt->allow_read) ||
      (opt->nwrite && !opt->allow_write))
    return WRIT_ERR_USAGE;
  WVM *vm = (WVM *)h->owner;
  GrantArgs g = {h->ws, opt};
  if (vm_protect(vm, grant, &g)) return WRIT_OK;
  /* Out of memory, or a granted directory that cannot be used. */
  return vm->error == vm->oomError ? WRIT_ERR_MEMORY : WRIT_ERR_USAGE;
}
