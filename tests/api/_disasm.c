/* WRIT_EVAL_DISASM through the public API: the listing comes back as a
 * string and nothing runs; a syntax error is a status and a diagnostic. */
#include <stdio.h>
#include <string.h>
#include "writ.h"

static int writes;
static void on_write(void *ud, const char *s, size_t n) { (void)ud; (void)s; (void)n; writes++; }
static void on_error(void *ud, const WritDiagnostic *d) { (void)ud; printf("diag %d %s\n", (int)d->status, d->message); }

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.write = on_write;
  cfg.error = on_error;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = writ_workspace_new(vm);
  const char *src = "fn inc(x) { return x + 1 }\nlet y = inc(41)\n";
  WritHandle *text = NULL;
  WritStatus st = writ_eval_value(ws, "tool", src, strlen(src), WRIT_EVAL_DISASM, NULL, &text);
  const char *s = "";
  size_t n = 0;
  writ_get_string(text, &s, &n);
  printf("status %d, listing of inc: %s, ADDI: %s, ran: %s\n", (int)st, strstr(s, "function inc (tool:1)") ? "yes" : "no",
         strstr(s, "ADDI") ? "yes" : "no", writ_get_variable(ws, "tool", "y") ? "yes" : "no");
  writ_release(text);
  /* Without a result handle the listing goes through write. */
  st = writ_eval(ws, "tool2", src, strlen(src), WRIT_EVAL_DISASM);
  printf("status %d, written %s\n", (int)st, writes > 0 ? "yes" : "no");
  st = writ_eval_value(ws, "bad", "let = 1", 7, WRIT_EVAL_DISASM, NULL, &text);
  printf("status %d, result %s\n", (int)st, text ? "set" : "NULL");
  writ_vm_free(vm);
  return 0;
}
