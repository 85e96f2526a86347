/* Listing a module's exported names (writ_module_exports) through
 * include/writ.h only: a module given to writ_eval, one more REPL input
 * exporting more, one its code imported (by its canonical name), one that
 * exports nothing, one that failed half way, and modules that do not
 * exist; the values read back with writ_get_variable, and the same names
 * from writ_member_names on the module value. Prints what it checks; the
 * .sh compares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "writ.h"

static void on_error(void *ud, const WritDiagnostic *d) { (void)ud; printf("diag: %s\n", d->message); }

static char *copy(const char *s) { char *p = malloc(strlen(s) + 1); return p ? strcpy(p, s) : NULL; }
static char *load(void *ud, const char *importer, const char *path, char **canonical, size_t *len, char *err,
                  size_t errcap) {
  static const char src[] = "export let version = 2\nexport fn area(r) { return 3 * r * r }\nlet hidden = 1\n";
  (void)ud;
  (void)importer;
  if (strcmp(path, "shapes")) return snprintf(err, errcap, "no %s", path), NULL;
  *canonical = copy("lib/shapes.writ");
  *len = sizeof src - 1;
  return copy(src);
}
static void release(void *ud, char *p) { (void)ud; free(p); }

/* The names of a list of strings, comma-separated, or "NULL". */
static void names(const char *what, WritHandle *list) {
  printf("%s:", what);
  if (!list) printf(" NULL");
  for (size_t i = 0; i < writ_list_len(list); i++) {
    WritHandle *s = writ_list_get(list, (long)i);
    const char *t = NULL;
    size_t n = 0;
    writ_get_string(s, &t, &n);
    printf(" %.*s", (int)n, t ? t : "?");
    writ_release(s);
  }
  printf("\n");
  writ_release(list);
}

static void eval(WritWorkspace *ws, const char *module, const char *src, int flags) {
  WritStatus st = writ_eval(ws, module, src, strlen(src), flags);
  if (st != WRIT_OK) printf("eval %s: %s\n", module, writ_status_string(st));
}

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.error = on_error;
  cfg.load_module = load;
  cfg.release = release;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = writ_workspace_new(vm);

  /* A plugin's exports: sorted, without the names it keeps to itself. */
  eval(ws, "plugin",
       "export fn onLoad() { return \"loaded\" }\nexport let name = \"demo\"\nlet secret = 42\n"
       "export class Widget { new() {} }\nfn helper() {}\nexport var counter = 0\n",
       WRIT_EVAL_REPL);
  names("plugin", writ_module_exports(ws, "plugin"));
  /* Each name reads back as a top-level variable. */
  {
    WritHandle *list = writ_module_exports(ws, "plugin");
    for (size_t i = 0; i < writ_list_len(list); i++) {
      WritHandle *s = writ_list_get(list, (long)i), *v;
      const char *t = NULL;
      writ_get_string(s, &t, NULL);
      v = writ_get_variable(ws, "plugin", t);
      printf("  %s is a %s\n", t, writ_type_name(v));
      writ_release(v);
      writ_release(s);
    }
    writ_release(list);
  }
  /* More REPL input of the same module exports more. */
  eval(ws, "plugin", "export fn onUnload() {}", WRIT_EVAL_REPL);
  names("plugin again", writ_module_exports(ws, "plugin"));

  /* A module the plugin imported, by the loader's canonical name; the
   * module value lists the same names. */
  eval(ws, "main", "import \"shapes\"\nlet n = shapes.version", 0);
  names("lib/shapes.writ", writ_module_exports(ws, "lib/shapes.writ"));
  {
    WritHandle *mod = writ_get_variable(ws, "main", "shapes");
    names("member names", writ_member_names(mod));
    writ_release(mod);
  }
  /* No exports: an empty list. Unknown modules: NULL. */
  names("main", writ_module_exports(ws, "main"));
  names("shapes (the path, not the name)", writ_module_exports(ws, "shapes"));
  names("nowhere", writ_module_exports(ws, "nowhere"));
  /* A module that failed half way: what it defined before. */
  eval(ws, "half", "export let before = 1\nthrow Error(\"stop\")\nexport let after = 2\n", 0);
  names("half", writ_module_exports(ws, "half"));
  /* Another workspace has its own modules. */
  {
    WritWorkspace *other = writ_workspace_new(vm);
    names("other plugin", writ_module_exports(other, "plugin"));
    writ_workspace_free(other);
    names("freed", writ_module_exports(other, "plugin"));
  }
  writ_vm_free(vm);
  return 0;
}
