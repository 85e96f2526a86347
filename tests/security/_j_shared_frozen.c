/* What two fresh sibling workspaces share must be deeply immutable, or one
 * could signal the other through it. This host uses the VM's internals
 * (it is a test of the VM, not an embedder): it asks the collector what is
 * reachable from each workspace and from everything code in it can reach
 * (the built-ins, the standard modules, the primordial classes and their
 * methods, the preallocated errors), intersects the two, and checks every
 * shared object: strings, ranges, natives and bound methods are immutable;
 * lists, maps, instances and classes must be frozen; modules must have no
 * variables of their own; anything else (closures, upvalues, workspaces,
 * proxies, host objects, buffers) must not be shared at all. It first
 * proves it can fail, on a preallocated error it unfreezes on purpose. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"
#include "vm/gc.h"

typedef struct {
  Obj **v;
  size_t n, cap;
} Set;

static void add(Set *s, Obj *o) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 1024;
    s->v = realloc(s->v, sizeof *s->v * s->cap);
    if (!s->v) exit(2);
  }
  s->v[s->n++] = o;
}

static int by_address(const void *a, const void *b) {
  const Obj *x = *(Obj *const *)a, *y = *(Obj *const *)b;
  return (x > y) - (x < y);
}

/* Everything reachable from ws and from what code in ws can reach. */
static Set reach(WVM *vm, ObjWorkspace *ws) {
  Obj *roots[] = {(Obj *)ws,          (Obj *)vm->builtins, (Obj *)vm->stdModules, AS_OBJ(vm->oomError),
                  AS_OBJ(vm->budgetError), (Obj *)vm->cNil,   (Obj *)vm->cBool,      (Obj *)vm->cNumber,
                  (Obj *)vm->cString, (Obj *)vm->cList,    (Obj *)vm->cMap,       (Obj *)vm->cRange,
                  (Obj *)vm->cFunction, (Obj *)vm->cClass, (Obj *)vm->cModule,   (Obj *)vm->cError,
                  (Obj *)vm->cWorkspace, (Obj *)vm->cObject};
  gc_reach(vm, roots, (int)(sizeof roots / sizeof roots[0]));
  Set s = {0};
  for (Obj *o = vm->objects; o; o = o->next)
    if (o->marked) add(&s, o);
  gc_unmark_all(vm);
  qsort(s.v, s.n, sizeof *s.v, by_address);
  return s;
}

static const char *const kinds[] = {"string", "list",   "map",       "range",   "proto",   "closure",
                                    "upvalue", "native", "class",    "instance", "bound",  "module",
                                    "workspace", "buffer", "foreign", "forwarder", "gate"};

/* NULL if o may be shared, else why not. */
static const char *mutable_reason(Obj *o) {
  switch ((ObjType)o->type) {
  case OBJ_STRING: case OBJ_RANGE: case OBJ_NATIVE: case OBJ_BOUND: return NULL;
  case OBJ_LIST: case OBJ_MAP: case OBJ_INSTANCE: case OBJ_CLASS: return o->frozen ? NULL : "not frozen";
  case OBJ_MODULE: return ((ObjModule *)o)->nvars == 0 ? NULL : "a module with variables";
  default: return "must not be shared";
  }
}

static int check(WVM *vm, ObjWorkspace *a, ObjWorkspace *b, int quiet) {
  Set sa = reach(vm, a), sb = reach(vm, b);
  size_t i = 0, j = 0, shared = 0, bad = 0;
  while (i < sa.n && j < sb.n) {
    if (sa.v[i] < sb.v[j]) { i++; continue; }
    if (sb.v[j] < sa.v[i]) { j++; continue; }
    Obj *o = sa.v[i];
    shared++;
    const char *why = mutable_reason(o);
    if (why) {
      bad++;
      if (!quiet) {
        const char *name = o->type == OBJ_INSTANCE ? ((ObjInstance *)o)->klass->name->chars
                           : o->type == OBJ_CLASS  ? ((ObjClass *)o)->name->chars
                                                   : "";
        printf("shared %s %s: %s\n", kinds[o->type], name, why);
      }
    }
    i++;
    j++;
  }
  free(sa.v);
  free(sb.v);
  if (!quiet) printf("%zu objects shared, %zu mutable\n", shared, bad);
  return shared >= 100 && bad == 0; /* too few shared: the walk is broken */
}

static WritWorkspace *fresh(WritVM *wvm) {
  WritWorkspace *ws = writ_workspace_new(wvm);
  static const char src[] = "import math\nimport json\nimport cap\n"
                            "let l = [1, \"a\", 1..3]\nlet e = Error(\"x\")\nlet w = Workspace({})\n";
  if (!ws || writ_eval(ws, "main", src, sizeof src - 1, WRIT_EVAL_MAIN) != WRIT_OK) {
    fprintf(stderr, "cannot set up a workspace\n");
    exit(2);
  }
  return ws;
}

int main(void) {
  WritVM *wvm = writ_vm_new(NULL);
  WVM *vm = &wvm->vm;
  WritWorkspace *a = fresh(wvm), *b = fresh(wvm);
  /* Self-test: a mutable preallocated object must be caught. */
  AS_OBJ(vm->oomError)->frozen = 0;
  if (check(vm, a->ws, b->ws, 1)) {
    printf("FAIL: the check does not see a shared Error that is not frozen\n");
    return 1;
  }
  AS_OBJ(vm->oomError)->frozen = 1;
  int ok = check(vm, a->ws, b->ws, 0);
  writ_vm_free(wvm);
  return ok ? 0 : 1;
}
