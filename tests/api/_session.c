/* The API a REPL uses to look at a session: writ_eval_value, `_`,
 * writ_to_string, writ_type_name, writ_names, writ_lookup,
 * writ_member_names, writ_get_member, writ_keyword. Prints what it finds;
 * session.sh compares. */
#include <stdio.h>
#include <string.h>
#include <writ.h>

static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  printf("diag %s:%d: %s [%s]\n", d->file, d->line, d->message, d->source_line ? d->source_line : "-");
}

static void show_list(const char *label, WritHandle *list, const char *only) {
  size_t n = writ_list_len(list);
  printf("%s:", label);
  for (size_t i = 0; i < n; i++) {
    WritHandle *h = writ_list_get(list, (long)i);
    const char *s;
    size_t len;
    if (writ_get_string(h, &s, &len) == WRIT_OK && (!only || strstr(only, s))) printf(" %s", s);
    writ_release(h);
  }
  printf("\n");
  writ_release(list);
}

static void show(WritHandle *v, int quoted) {
  WritHandle *t = writ_to_string(v, quoted, NULL);
  const char *s = "(null)";
  size_t n;
  if (t) writ_get_string(t, &s, &n);
  printf("%s\n", s);
  writ_release(t);
}

static void grant_fn(WritCall *call) { writ_return_number(call, 1); }

int main(void) {
  WritConfig c;
  writ_config_init(&c);
  c.error = on_error;
  WritVM *vm = writ_vm_new(&c);
  WritWorkspace *ws = writ_workspace_new(vm);
  WritHandle *fn = writ_new_function(vm, "granted", grant_fn, 0, 0);
  WritHandle *secret = writ_new_function(vm, "mainOnly", grant_fn, 0, 0);
  writ_grant(ws, "granted", fn, 0);
  writ_grant(ws, "mainOnly", secret, 1);
  writ_release(fn);
  writ_release(secret);

  /* The value of a final expression, not written anywhere; `_` keeps it. */
  WritHandle *v = NULL;
  const char *src = "class Pt { new(x) { @x = x }\n getX() { return @x } }\nlet p = Pt(3)\n[1, \"two\"]";
  printf("eval %d\n", writ_eval_value(ws, "s", src, strlen(src), WRIT_EVAL_MAIN | WRIT_EVAL_REPL, NULL, &v));
  show(v, 1);
  show(v, 0);
  printf("type %s\n", writ_type_name(v));
  writ_release(v);
  printf("eval %d\n", writ_eval_value(ws, "s", "_.len()", 7, WRIT_EVAL_MAIN | WRIT_EVAL_REPL, NULL, &v));
  show(v, 1);
  writ_release(v);
  /* WRIT_EVAL_NO_LAST leaves `_` alone. */
  writ_eval_value(ws, "s", "\"other\"", 7, WRIT_EVAL_MAIN | WRIT_EVAL_REPL | WRIT_EVAL_NO_LAST, NULL, &v);
  writ_release(v);
  writ_eval_value(ws, "s", "_", 1, WRIT_EVAL_MAIN | WRIT_EVAL_REPL, NULL, &v);
  show(v, 1);
  writ_release(v);
  /* A `_` the code declares is its own. */
  writ_eval(ws, "s", "var _ = \"mine\"", 14, WRIT_EVAL_MAIN | WRIT_EVAL_REPL);
  writ_eval_value(ws, "s", "40 + 2", 6, WRIT_EVAL_MAIN | WRIT_EVAL_REPL, NULL, &v);
  writ_release(v);
  writ_eval_value(ws, "s", "_", 1, WRIT_EVAL_MAIN | WRIT_EVAL_REPL, NULL, &v);
  show(v, 1);
  writ_release(v);
  /* Without WRIT_EVAL_REPL: what a top-level return gives. */
  writ_eval_value(ws, "other", "return 7", 8, 0, NULL, &v);
  show(v, 1);
  writ_release(v);
  /* A failing eval leaves *result NULL; an error in a function from an
   * earlier input shows that input's line. */
  const char *bad = "fn bad() {\n  return nil + 1\n}";
  writ_eval(ws, "s", bad, strlen(bad), WRIT_EVAL_MAIN | WRIT_EVAL_REPL);
  v = (WritHandle *)&v;
  WritStatus st = writ_eval_value(ws, "s", "bad()", 5, WRIT_EVAL_MAIN | WRIT_EVAL_REPL, NULL, &v);
  printf("fail %d %s\n", st, v ? "set" : "null");

  WritHandle *p = writ_lookup(ws, "s", "p");
  printf("p %s\n", writ_type_name(p));
  show_list("p members", writ_member_names(p), NULL);
  WritHandle *getX = writ_get_member(p, "getX");
  WritHandle *r = NULL;
  printf("call %d\n", writ_call(getX, 0, NULL, &r, NULL));
  show(r, 1);
  writ_release(r);
  writ_release(getX);
  printf("no member %s, no field %s\n", writ_get_member(p, "nope") ? "found" : "none",
         writ_get_member(p, "@x") ? "found" : "none");
  writ_release(p);

  /* Names: the module's own, granted (main-only only for the main
   * script's modules), built-in. */
  show_list("module", writ_names(ws, "s", WRIT_NAMES_MODULE), NULL);
  show_list("granted to main", writ_names(ws, "s", WRIT_NAMES_GRANTED), NULL);
  show_list("granted to other", writ_names(ws, "other", WRIT_NAMES_GRANTED), NULL);
  show_list("builtin", writ_names(ws, "s", WRIT_NAMES_BUILTIN), "type str freeze Workspace");
  printf("missing module %s\n", writ_names(ws, NULL, 1) ? "list" : "NULL");
  WritHandle *g = writ_lookup(ws, "s", "mainOnly");
  WritHandle *g2 = writ_lookup(ws, "other", "mainOnly");
  WritHandle *b = writ_lookup(ws, "other", "str");
  printf("lookup %s %s %s %s\n", g ? writ_type_name(g) : "NULL", g2 ? "found" : "NULL", b ? writ_type_name(b) : "NULL",
         writ_lookup(ws, "s", "noSuchName") ? "found" : "NULL");
  writ_release(g);
  writ_release(b);

  /* Members of a module, a string, a proxy (none). */
  const char *imp = "import math\nimport cap\nlet prox = cap.revocable(p)[0]";
  writ_eval(ws, "s", imp, strlen(imp), WRIT_EVAL_MAIN | WRIT_EVAL_REPL);
  WritHandle *m = writ_lookup(ws, "s", "math");
  show_list("math", writ_member_names(m), "sqrt pi floor");
  WritHandle *pi = writ_get_member(m, "pi");
  double d = 0;
  writ_get_number(pi, &d);
  printf("pi %.5f\n", d);
  writ_release(pi);
  writ_release(m);
  WritHandle *s = writ_new_string(vm, "x", 1);
  show_list("string", writ_member_names(s), "upper split trim");
  writ_release(s);
  WritHandle *px = writ_lookup(ws, "s", "prox");
  show_list("proxy", writ_member_names(px), NULL);
  printf("proxy member %s\n", writ_get_member(px, "getX") ? "found" : "none");
  writ_release(px);

  int nk = 0;
  while (writ_keyword(nk)) nk++;
  printf("keywords %d first %s last %s after %s neg %s\n", nk, writ_keyword(0), writ_keyword(nk - 1),
         writ_keyword(nk) ? "?" : "NULL", writ_keyword(-1) ? "?" : "NULL");
  printf("bad %s %s %s\n", writ_to_string(NULL, 1, NULL) ? "?" : "NULL", writ_type_name(NULL) ? "?" : "NULL",
         writ_member_names(NULL) ? "?" : "NULL");
  writ_vm_free(vm);
  return 0;
}
