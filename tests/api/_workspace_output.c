/* Per-workspace output and error callbacks (writ_workspace_set_callbacks)
 * and the calling workspace of a host function (writ_call_workspace),
 * through include/writ.h only: two plugins and a third workspace without
 * callbacks share one VM and one `say` function; each line and each
 * diagnostic shows whose callback received it. Covers print through
 * writ_write, REPL values, syntax and runtime errors of writ_eval, errors
 * of writ_call and writ_call_values into a plugin's code, imported
 * modules, children made with Workspace(), falling back to the VM's
 * callbacks, changing them from a host function, and a workspace freed
 * while it runs. Prints what it checks; the .sh compares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "writ.h"

/* The callbacks print their tag before what they receive (write: at the
 * start of each line; a REPL value comes as the value, then "\n"). */
static int g_midline;
static void on_write(void *ud, const char *s, size_t n) {
  if (!g_midline) printf("[%s out] ", (const char *)ud);
  fwrite(s, 1, n, stdout);
  g_midline = n > 0 && s[n - 1] != '\n';
}
static void on_error(void *ud, const WritDiagnostic *d) {
  printf("[%s error] %s:%d: %s (%s)\n", (const char *)ud, d->file, d->line, d->message,
         writ_status_string(d->status));
}

static WritWorkspace *wa, *wb, *wc;
static const char *ws_name(WritWorkspace *w) {
  return !w ? "none" : w == wa ? "A" : w == wb ? "B" : w == wc ? "C" : "unknown";
}

/* say(x): who called, then x, where print writes. */
static void say(WritCall *c) {
  char buf[200];
  size_t n = 0;
  const char *s = writ_arg_to_string(c, 1, &n);
  if (!s) return;
  int len = snprintf(buf, sizeof buf, "%s says %.*s\n", ws_name(writ_call_workspace(c)), (int)n, s);
  writ_write(c, buf, (size_t)len);
}
/* who(): the calling workspace's name, as a string. */
static void who(WritCall *c) {
  const char *name = ws_name(writ_call_workspace(c));
  writ_return_string(c, name, strlen(name));
}
/* mute(): the calling workspace loses its own callbacks (from inside). */
static void mute(WritCall *c) {
  WritStatus st = writ_workspace_set_callbacks(writ_call_workspace(c), NULL, NULL, NULL);
  writ_return_string(c, writ_status_string(st), strlen(writ_status_string(st)));
}
/* vanish(): frees the calling workspace, then asks who called. */
static WritWorkspace *g_doomed;
static void vanish(WritCall *c) {
  writ_workspace_free(g_doomed);
  writ_return_bool(c, writ_call_workspace(c) == NULL);
}

static char *copy(const char *s) { char *p = malloc(strlen(s) + 1); return p ? strcpy(p, s) : NULL; }
static char *load(void *ud, const char *importer, const char *path, char **canonical, size_t *len, char *err,
                  size_t errcap) {
  static const char src[] = "say(\"loading lib\")\nexport fn hi() { say(\"hi from lib\") }\n"
                            "export fn boom() { throw Error(\"lib boom\") }\n";
  (void)ud;
  (void)importer;
  if (strcmp(path, "lib")) return snprintf(err, errcap, "no %s", path), NULL;
  *canonical = copy("lib");
  *len = sizeof src - 1;
  return copy(src);
}
static void release(void *ud, char *p) { (void)ud; free(p); }

static void run(WritWorkspace *ws, const char *src) {
  WritStatus st = writ_eval(ws, "main", src, strlen(src), WRIT_EVAL_REPL);
  printf("%s: %s\n", ws_name(ws), writ_status_string(st));
}

static void grant_all(WritWorkspace *ws, WritHandle *const *fns) {
  static const char *const names[] = {"say", "who", "mute", "vanish"};
  for (int i = 0; i < 4; i++) writ_grant(ws, names[i], fns[i], 0);
}

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.write = on_write;
  cfg.error = on_error;
  cfg.user_data = (void *)"vm";
  cfg.load_module = load;
  cfg.release = release;
  WritVM *vm = writ_vm_new(&cfg);
  wa = writ_workspace_new(vm);
  wb = writ_workspace_new(vm);
  wc = writ_workspace_new(vm);
  WritHandle *fns[4] = {writ_new_function(vm, "say", say, 1, 1), writ_new_function(vm, "who", who, 0, 0),
                        writ_new_function(vm, "mute", mute, 0, 0), writ_new_function(vm, "vanish", vanish, 0, 0)};
  grant_all(wa, fns);
  grant_all(wb, fns);
  grant_all(wc, fns);
  printf("set A %s\n", writ_status_string(writ_workspace_set_callbacks(wa, on_write, on_error, (void *)"A")));
  printf("set B %s\n", writ_status_string(writ_workspace_set_callbacks(wb, on_write, on_error, (void *)"B")));

  /* Output: say (writ_write) and REPL values go to the workspace's write. */
  run(wa, "say(1)\n\"value of A\"");
  run(wb, "say(2)\nwho()");
  run(wc, "say(3)\n\"value of C\""); /* no callbacks: the VM's */
  /* Errors of writ_eval: syntax and runtime, each to its own. */
  run(wa, "let x = ");
  run(wb, "[1][5]");
  run(wc, "throw Error(\"c failed\")");

  /* A child made with Workspace() writes and reports as its host workspace. */
  run(wa, "let child = Workspace({say: say, who: who})\nchild.eval(\"say(who())\")");
  /* An imported module runs in its importer's workspace. */
  run(wb, "import \"lib\"\nlib.hi()");
  {
    WritHandle *names = writ_module_exports(wb, "lib");
    printf("lib exports %zu\n", writ_list_len(names));
    writ_release(names);
  }

  /* writ_call into plugin code: its output and its errors are the plugin's. */
  run(wa, "fn greet(name) { say(\"greet \" + name) }\nfn fail(n) { return n + \"x\" }");
  WritHandle *greet = writ_get_variable(wa, "main", "greet"), *fail = writ_get_variable(wa, "main", "fail");
  WritHandle *boom = NULL;
  {
    WritHandle *lib = writ_get_variable(wb, "main", "lib");
    boom = writ_get_member(lib, "boom");
    writ_release(lib);
  }
  WritValue ada = {WRIT_TYPE_STRING, 0, "ada", 0, NULL}, one = {WRIT_TYPE_NUMBER, 1, NULL, 0, NULL};
  printf("call greet: %s\n", writ_status_string(writ_call_values(greet, 1, &ada, NULL, NULL)));
  printf("call fail: %s\n", writ_status_string(writ_call_values(fail, 1, &one, NULL, NULL)));
  printf("call boom: %s\n", writ_status_string(writ_call(boom, 0, NULL, NULL, NULL)));
  /* A host function called by the host: no workspace called it. */
  {
    WritHandle *r = NULL;
    const char *text = NULL;
    writ_call(fns[1], 0, NULL, &r, NULL);
    writ_get_string(r, &text, NULL);
    printf("who from C: %s\n", text ? text : "(null)");
    writ_release(r);
  }
  /* Not code of a workspace: writ_to_string's errors go to the VM's. */
  run(wa, "class Bad { toString() { throw Error(\"no text\") } }\nlet bad = Bad()");
  {
    WritHandle *bad = writ_get_variable(wa, "main", "bad"), *t = writ_to_string(bad, 0, NULL);
    printf("to_string: %s\n", t ? "text" : "NULL");
    writ_release(t);
    writ_release(bad);
  }

  /* Only an error callback: output falls back to the VM's write. */
  writ_workspace_set_callbacks(wb, NULL, on_error, (void *)"B");
  run(wb, "say(\"b again\")");
  run(wb, "let y = )");
  /* A host function removes its own workspace's callbacks. */
  run(wa, "say(mute())\nsay(\"after mute\")");
  run(wa, "let z = )");
  /* Undone with NULLs; set again; the next output uses the new ones. */
  writ_workspace_set_callbacks(wb, NULL, NULL, NULL);
  run(wb, "say(\"b plain\")");
  writ_workspace_set_callbacks(wb, on_write, on_error, (void *)"B2");
  run(wb, "say(\"b new\")");

  /* A workspace freed by the host function it called: NULL from then on,
   * and the run's diagnostic goes to the VM's. */
  g_doomed = wc;
  writ_workspace_set_callbacks(wc, on_write, on_error, (void *)"C");
  run(wc, "say(\"c before\")\nlet gone = vanish()\nsay(gone)\nthrow Error(\"after free\")");
  printf("set freed: %s\n", writ_status_string(writ_workspace_set_callbacks(wc, on_write, NULL, NULL)));
  printf("set NULL: %s\n", writ_status_string(writ_workspace_set_callbacks(NULL, on_write, NULL, NULL)));

  writ_release(greet);
  writ_release(fail);
  writ_release(boom);
  for (int i = 0; i < 4; i++) writ_release(fns[i]);
  writ_vm_free(vm);
  return 0;
}
