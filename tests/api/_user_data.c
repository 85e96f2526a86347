/* Host functions, methods and finalizers get the user data they were
 * registered with (writ_new_function_ud, writ_new_class_ud,
 * writ_function_user_data, WritFinalizeFn), through include/writ.h only:
 * one C function serving two plugins, a class whose finalizer gives each
 * object back to the pool it came from (when collected and at
 * writ_vm_free), and NULL for functions made without. Prints what it
 * checks; the .sh compares. */
#include <stdio.h>
#include <string.h>
#include "writ.h"

static void on_write(void *ud, const char *s, size_t n) { (void)ud; fwrite(s, 1, n, stdout); }
static void on_error(void *ud, const WritDiagnostic *d) { (void)ud; printf("error: %s\n", d->message); }

/* One C function, registered once per plugin with that plugin's name. */
typedef struct { const char *name; int calls; } Plugin;
static void hello(WritCall *c) {
  Plugin *p = writ_function_user_data(c);
  char buf[64];
  int n = snprintf(buf, sizeof buf, "hello from %s\n", p ? p->name : "(none)");
  if (p) p->calls++;
  writ_write(c, buf, (size_t)n);
}
/* Made without user data: sees NULL. */
static void plain(WritCall *c) { writ_return_bool(c, writ_function_user_data(c) == NULL); }

/* A pool of handles: each object of a class takes a slot, and the
 * finalizer gives it back to the pool the class was made with. */
#define MAGIC 0x5107u
typedef struct { const char *name; int live, finalized, wrong; } Pool;
typedef struct { unsigned magic; int slot; } Slot;
static void slot_finalize(void *ud, void *data) {
  Pool *pool = ud;
  Slot *s = data;
  if (s->magic != MAGIC) pool->wrong++;
  s->magic = 0;
  pool->live--;
  pool->finalized++;
}
static void slot_pool(WritCall *c) { /* method: which pool, and this object's slot */
  Pool *pool = writ_function_user_data(c);
  Slot *s = writ_self_data(c);
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%s#%d", pool ? pool->name : "?", s ? s->slot : -1);
  writ_return_string(c, buf, (size_t)n);
}
static const WritMethod slot_methods[] = {{"pool", slot_pool, 0, 0}, {NULL, NULL, 0, 0}};

static int old_finalized;
static void old_finalize(void *data) { old_finalized += ((Slot *)data)->magic == MAGIC; }
static void old_method(WritCall *c) { writ_return_bool(c, writ_function_user_data(c) == NULL); }
static const WritMethod old_methods[] = {{"plain", old_method, 0, 0}, {NULL, NULL, 0, 0}};

static WritHandle *new_slot(WritHandle *cls, Pool *pool, int slot) {
  Slot *s;
  WritHandle *o = writ_new_object(cls, (void **)&s);
  if (!o) return NULL;
  s->magic = MAGIC;
  s->slot = slot;
  if (pool) pool->live++;
  return o;
}

static void eval(WritWorkspace *ws, const char *src) {
  WritStatus st = writ_eval(ws, "main", src, strlen(src), WRIT_EVAL_REPL);
  if (st != WRIT_OK) printf("eval: %s\n", writ_status_string(st));
}

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.write = on_write;
  cfg.error = on_error;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = writ_workspace_new(vm);

  /* Host functions: the same C function, two user data. */
  Plugin a = {"alpha", 0}, b = {"beta", 0};
  WritHandle *ha = writ_new_function_ud(vm, "hello", hello, 0, 0, &a);
  WritHandle *hb = writ_new_function_ud(vm, "hello", hello, 0, 0, &b);
  WritHandle *hn = writ_new_function_ud(vm, "hello", hello, 0, 0, NULL);
  WritHandle *pl = writ_new_function(vm, "plain", plain, 0, 0);
  WritHandle *with = writ_new_function_with(vm, "plain", plain, 0, 0, pl);
  writ_grant(ws, "helloA", ha, 0);
  writ_grant(ws, "helloB", hb, 0);
  writ_grant(ws, "helloNone", hn, 0);
  writ_grant(ws, "plain", pl, 0);
  writ_grant(ws, "plainWith", with, 0);
  eval(ws, "helloA()\nhelloB()\nhelloA()\nhelloNone()\n[plain(), plainWith()]");
  printf("calls alpha %d beta %d\n", a.calls, b.calls);
  /* A copy of the handle is the same function: the same user data. */
  WritHandle *copy = writ_copy_handle(hb);
  printf("call copy %s\n", writ_status_string(writ_call(copy, 0, NULL, NULL, NULL)));
  printf("calls beta %d\n", b.calls);

  /* Host classes: methods and finalizers get the class's user data. */
  Pool red = {"red", 0, 0, 0}, blue = {"blue", 0, 0, 0};
  WritHandle *rc = writ_new_class_ud(vm, "Slot", slot_methods, sizeof(Slot), slot_finalize, &red);
  WritHandle *bc = writ_new_class_ud(vm, "Slot", slot_methods, sizeof(Slot), slot_finalize, &blue);
  WritHandle *nc = writ_new_class_ud(vm, "Bare", slot_methods, sizeof(Slot), NULL, NULL); /* no finalizer */
  WritHandle *oc = writ_new_class(vm, "Old", old_methods, sizeof(Slot), old_finalize);
  WritHandle *objs[6];
  objs[0] = new_slot(rc, &red, 1);
  objs[1] = new_slot(rc, &red, 2);
  objs[2] = new_slot(bc, &blue, 3);
  objs[3] = new_slot(nc, NULL, 4);
  objs[4] = new_slot(oc, NULL, 5);
  objs[5] = new_slot(bc, &blue, 6);
  WritHandle *list = writ_new_list(vm);
  for (int i = 0; i < 5; i++) writ_list_push(list, objs[i]);
  writ_grant(ws, "objs", list, 0);
  eval(ws, "objs.slice(0, 4).map(fn(o) => o.pool())");
  eval(ws, "objs[4].plain()");
  printf("live red %d blue %d\n", red.live, blue.live);
  /* Make every object unreachable: drop the handles, and the workspace
   * the list was granted to. */
  for (int i = 0; i < 6; i++) writ_release(objs[i]);
  writ_release(list);
  writ_workspace_free(ws);
  /* The classes die with their last objects; a finalizer must not need
   * them (the class may be swept first): release them before collecting. */
  writ_release(rc);
  writ_release(nc);
  writ_release(oc);
  writ_collect(vm);
  printf("after collect: red live %d finalized %d, blue live %d finalized %d, old %d, wrong %d %d\n", red.live,
         red.finalized, blue.live, blue.finalized, old_finalized, red.wrong, blue.wrong);
  /* One more of blue, still held when the VM is freed: finalized then. */
  WritHandle *last = new_slot(bc, &blue, 7);
  (void)last;
  WritHandle *all[] = {ha, hb, hn, pl, with, copy};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) writ_release(all[i]);
  writ_vm_free(vm); /* frees last and bc too */
  printf("after writ_vm_free: blue live %d finalized %d, wrong %d\n", blue.live, blue.finalized, blue.wrong);
  return 0;
}
