/* The diagnostic of an error raised in Writ code that the host called
 * (writ_call, writ_call_method) shows the source line and caret, as
 * writ_eval's do: the module is found in the called code's workspace.
 * Prints each diagnostic; the .sh compares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "writ.h"

static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  printf("%s:%d:%d: %s\n", d->file, d->line, d->column, d->message);
  if (d->source_line) printf("  %s\n  %*s^\n", d->source_line, d->caret - 1, "");
  else printf("  (no source line)\n");
  fputs(d->trace, stdout);
}

static char *copy(const char *s) {
  char *p = malloc(strlen(s) + 1);
  return p ? strcpy(p, s) : NULL;
}
/* import "helper" is served from memory. */
static char *load(void *ud, const char *importer, const char *path, char **canonical, size_t *len, char *err,
                  size_t errcap) {
  static const char src[] = "export fn boom(x) {\n  return x + \"s\"\n}\n";
  (void)ud;
  (void)importer;
  if (strcmp(path, "helper") != 0) return snprintf(err, errcap, "no module '%s'", path), NULL;
  *canonical = copy("lib/helper");
  *len = sizeof src - 1;
  return copy(src);
}
static void release(void *ud, char *p) { (void)ud; free(p); }

int main(void) {
  WritConfig cfg;
  WritVM *vm;
  WritWorkspace *ws, *other;
  WritHandle *f, *k, *obj, *list, *cb, *run, *thrower, *n, *arg;
  const char *src = "import \"helper\"\n"
                    "fn half(n) { return n / 2 }\n"
                    "class Box {\n"
                    "  new() { @v = 1 }\n"
                    "  bad() { return @v.nope() }\n"
                    "}\n"
                    "let box = Box()\n"
                    "fn each(x) { return x - \"1\" }\n"
                    "fn run() { return helper.boom(1) }\n"
                    "fn thrower() { throw \"thrown\" }\n"
                    "class Broken { new(x) { @v = x * \"2\" } }\n";
  writ_config_init(&cfg);
  cfg.error = on_error;
  cfg.load_module = load;
  cfg.release = release;
  vm = writ_vm_new(&cfg);
  ws = writ_workspace_new(vm);
  /* A second workspace with a module of the same name: its source must
   * not be the one shown. */
  other = writ_workspace_new(vm);
  if (!ws || !other || writ_eval(other, "main", "let x = 1\nlet y = 2\n", 20, 0) != WRIT_OK ||
      writ_eval(ws, "main", src, strlen(src), 0) != WRIT_OK)
    return 2;
  f = writ_get_variable(ws, "main", "half");
  k = writ_get_variable(ws, "main", "Broken");
  obj = writ_get_variable(ws, "main", "box");
  cb = writ_get_variable(ws, "main", "each");
  run = writ_get_variable(ws, "main", "run");
  thrower = writ_get_variable(ws, "main", "thrower");
  n = writ_new_number(vm, 3);
  arg = writ_new_string(vm, "x", 1);
  list = writ_new_list(vm);
  writ_list_push(list, n);
  printf("-- writ_call\n");
  printf("status %d\n", (int)writ_call(f, 1, &arg, NULL, NULL));
  printf("-- writ_eval, the same error\n");
  printf("status %d\n", (int)writ_eval(ws, "again", "\nfn half(n) { return n / 2 }\nhalf(\"x\")", 38, 0));
  printf("-- writ_call_method on an instance\n");
  printf("status %d\n", (int)writ_call_method(obj, "bad", 0, NULL, NULL, NULL));
  printf("-- a built-in method calling Writ code\n");
  printf("status %d\n", (int)writ_call_method(list, "map", 1, &cb, NULL, NULL));
  printf("-- an error in another module of the workspace\n");
  printf("status %d\n", (int)writ_call(run, 0, NULL, NULL, NULL));
  printf("-- a thrown value that is not an Error\n");
  printf("status %d\n", (int)writ_call(thrower, 0, NULL, NULL, NULL));
  printf("-- a class whose new() fails\n");
  printf("status %d\n", (int)writ_call(k, 1, &n, NULL, NULL));
  printf("-- no Writ code at all\n");
  printf("status %d\n", (int)writ_call_method(n, "nope", 0, NULL, NULL, NULL));
  writ_release(f);
  writ_release(k);
  writ_release(obj);
  writ_release(cb);
  writ_release(run);
  writ_release(thrower);
  writ_release(n);
  writ_release(arg);
  writ_release(list);
  writ_vm_free(vm);
  return 0;
}
