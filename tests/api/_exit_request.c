/* writ_exit belongs to the run whose host function asked for it: once
 * that run has returned WRIT_EXIT, API calls that are no run report their
 * failures as before (writ_report_unhandled's diagnostics, WRIT_ERR_RUNTIME
 * from writ_list_push on a frozen list), and writ_exit_code keeps the
 * code. Before the fix the request stayed set until the next run, and
 * those calls said WRIT_EXIT with no diagnostic. */
#include <stdio.h>
#include <string.h>
#include "writ.h"

static int ndiag;
static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  ndiag++;
  printf("  diag[%d] %s\n", (int)d->status, d->message);
}
static void quit(WritCall *c) { writ_exit(c, 3); }

static void reject_and_report(WritVM *vm, const char *when) {
  WritHandle *p, *r;
  if (writ_promise_new(vm, &p, &r) != WRIT_OK) {
    printf("promise_new failed\n");
    return;
  }
  writ_reject(r, NULL);
  ndiag = 0;
  int n = writ_report_unhandled(vm);
  printf("%s: %d unhandled, %d reported\n", when, n, ndiag);
  writ_release(p);
  writ_release(r);
}

static void push_frozen(WritHandle *l, WritHandle *one, const char *when) {
  ndiag = 0;
  WritStatus st = writ_list_push(l, one);
  printf("%s: push on a frozen list: status %d, %d reported\n", when, (int)st, ndiag);
}

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.error = on_error;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = writ_workspace_new(vm);
  WritHandle *q = writ_new_function(vm, "quit", quit, 0, 0);
  writ_grant(ws, "quit", q, 0);
  WritHandle *l = writ_new_list(vm), *one = writ_new_number(vm, 1);
  writ_freeze(l);
  reject_and_report(vm, "before");
  push_frozen(l, one, "before");
  const char *src = "quit()\nlet after = 1";
  WritStatus st = writ_eval(ws, "m", src, strlen(src), 0);
  printf("quit(): status %d (WRIT_EXIT %d), code %d\n", (int)st, (int)WRIT_EXIT, writ_exit_code(vm));
  reject_and_report(vm, "after");
  push_frozen(l, one, "after");
  printf("code still %d\n", writ_exit_code(vm));
  st = writ_eval(ws, "m2", "[1].push(2)", 11, 0);
  printf("a run after: status %d\n", (int)st);
  writ_release(l);
  writ_release(one);
  writ_release(q);
  writ_vm_free(vm);
  return 0;
}
