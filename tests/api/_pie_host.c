/* A host as an embedder writes it, built by pie_host.sh with the
 * compiler's default flags (a position-independent executable on Debian)
 * against libwrit.a: evaluates a line as the REPL would, so the value
 * comes back through config.write, and a script that fails. */
#include <stdio.h>
#include <string.h>
#include "writ.h"

static void on_write(void *ud, const char *s, size_t n) { fwrite(s, 1, n, (FILE *)ud); }
static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  printf("error %s\n", d->message);
}

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.write = on_write;
  cfg.error = on_error;
  cfg.user_data = stdout;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = vm ? writ_workspace_new(vm) : NULL;
  if (!ws) return 2;
  const char *ok = "[1, 2, 3].map(fn(x) => x * 7).sum() * 2\n";
  WritStatus st = writ_eval(ws, "pie", ok, strlen(ok), WRIT_EVAL_REPL);
  printf("status %d\n", (int)st);
  const char *bad = "[1, 2][5]\n";
  st = writ_eval(ws, "pie", bad, strlen(bad), 0);
  printf("runtime error %d version %s\n", st == WRIT_ERR_RUNTIME, WRIT_VERSION_STRING);
  writ_vm_free(vm);
  return 0;
}
