/* writ_call's diagnostic goes to the called code's workspace's error
 * callback, also when a host function the call reached released the
 * handle of the function being called (the diagnostic once went to the
 * VM's callback then: the workspace was found from the released handle's
 * slot after the run). */
#include <stdio.h>
#include <string.h>
#include "writ.h"

static WritHandle *fn;
static int vm_diags, ws_diags;
static void vm_error(void *ud, const WritDiagnostic *d) { (void)ud; (void)d; vm_diags++; }
static void ws_error(void *ud, const WritDiagnostic *d) { (void)ud; (void)d; ws_diags++; }
static void drop(WritCall *c) { (void)c; writ_release(fn); fn = NULL; }
static void keep(WritCall *c) { (void)c; }

static void call(WritWorkspace *ws, const char *name, const char *what) {
  ws_diags = vm_diags = 0;
  fn = writ_get_variable(ws, "m", name);
  WritStatus st = writ_call(fn, 0, NULL, NULL, NULL);
  printf("%s: status %d, workspace callback %d, VM callback %d\n", what, (int)st, ws_diags, vm_diags);
  if (fn) writ_release(fn);
}

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.error = vm_error;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = writ_workspace_new(vm);
  writ_workspace_set_callbacks(ws, NULL, ws_error, NULL);
  WritHandle *d = writ_new_function(vm, "drop", drop, 0, 0), *k = writ_new_function(vm, "keep", keep, 0, 0);
  writ_grant(ws, "drop", d, 0);
  writ_grant(ws, "keep", k, 0);
  const char *src = "fn a() { keep()\nthrow Error(\"x\") }\nfn b() { drop()\nthrow Error(\"x\") }";
  printf("eval: %d\n", (int)writ_eval(ws, "m", src, strlen(src), WRIT_EVAL_REPL));
  call(ws, "a", "handle kept");
  call(ws, "b", "handle released");
  writ_release(d);
  writ_release(k);
  writ_vm_free(vm);
  return 0;
}
