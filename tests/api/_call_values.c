/* Calling Writ with arguments given as C values (writ_call_values,
 * WritValue) and naming statuses (writ_status_string), through
 * include/writ.h only: every kind of value, strings NUL-terminated or
 * with a length (NULs inside), many strings in one call (under the
 * collection stress each copy collects, so one left unrooted is freed
 * and read: ASan reports it), 200 arguments, a class, a host function,
 * errors, limits and refusals. Prints what it checks; the .sh compares. */
#include <stdio.h>
#include <string.h>
#include "writ.h"

static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  printf("diag: %s:%d: %s\n", d->file, d->line, d->message);
}

/* Prints a value as the REPL shows it. */
static void show(const char *what, WritHandle *h) {
  WritHandle *t = writ_to_string(h, 1, NULL);
  const char *s = NULL;
  size_t n = 0;
  if (writ_get_string(t, &s, &n) == WRIT_OK) printf("%s: %.*s\n", what, (int)n, s);
  else printf("%s: (no value)\n", what);
  writ_release(t);
}

static void call(const char *what, WritHandle *fn, int argc, const WritValue *argv, const WritLimits *lim) {
  WritHandle *r = NULL;
  WritStatus st = writ_call_values(fn, argc, argv, &r, lim);
  if (st == WRIT_OK) show(what, r);
  else printf("%s: %s%s\n", what, writ_status_string(st), r ? " (and a result!)" : "");
  writ_release(r);
}

static void add(WritCall *c) { writ_return_number(c, writ_arg_number(c, 1) + writ_arg_number(c, 2)); }

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.error = on_error;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = writ_workspace_new(vm);

  /* Every status has a text; what is no status says so. */
  for (int s = WRIT_OK; s <= WRIT_EXIT; s++) printf("status %d: %s\n", s, writ_status_string((WritStatus)s));
  printf("status 99: %s\n", writ_status_string((WritStatus)99));
  printf("status -1: %s\n", writ_status_string((WritStatus)-1));

  char src[4096];
  int at = snprintf(src, sizeof src,
                    "fn all(a, b, c, d, e, f, g, h, i) { return [a, b, c, d, e, f, g, h, i] }\n"
                    "fn lens(a, b, c) { return [a.len(), b.len(), c.len(), a == \"a\\0b\"] }\n"
                    "class Point { new(x, y) { @x = x\n @y = y } toString() { return \"(\\(@x), \\(@y))\" } }\n"
                    "fn count(...rest) { return rest.len() }\n"
                    "fn fail(x) { throw Error(\"failed with \" + str(x)) }\n"
                    "fn spin() { while true {} }\n"
                    "fn none() { return \"no arguments\" }\n"
                    "let thing = Point(0, 0)\n");
  /* many(p0, ..., p39): its 40 strings joined */
  at += snprintf(src + at, sizeof src - (size_t)at, "fn many(");
  for (int i = 0; i < 40; i++) at += snprintf(src + at, sizeof src - (size_t)at, "%sp%d", i ? ", " : "", i);
  at += snprintf(src + at, sizeof src - (size_t)at, ") { return [");
  for (int i = 0; i < 40; i++) at += snprintf(src + at, sizeof src - (size_t)at, "%sp%d", i ? ", " : "", i);
  snprintf(src + at, sizeof src - (size_t)at, "].join(\"\") }\n");
  WritStatus st = writ_eval(ws, "lib", src, strlen(src), 0);
  printf("eval: %s\n", writ_status_string(st));

  WritHandle *all = writ_get_variable(ws, "lib", "all"), *lens = writ_get_variable(ws, "lib", "lens");
  WritHandle *point = writ_get_variable(ws, "lib", "Point"), *count = writ_get_variable(ws, "lib", "count");
  WritHandle *fail = writ_get_variable(ws, "lib", "fail"), *spin = writ_get_variable(ws, "lib", "spin");
  WritHandle *none = writ_get_variable(ws, "lib", "none"), *many = writ_get_variable(ws, "lib", "many");
  WritHandle *thing = writ_get_variable(ws, "lib", "thing");
  WritHandle *list = writ_new_list(vm), *map = writ_new_map(vm), *one = writ_new_number(vm, 1);
  WritHandle *hostadd = writ_new_function(vm, "add", add, 2, 2);
  writ_list_push(list, one);
  writ_map_set(map, "k", one);

  /* Each kind of value. */
  WritValue kinds[9] = {{WRIT_TYPE_NIL, 0, NULL, 0, NULL},     {WRIT_TYPE_BOOL, 2, NULL, 0, NULL},
                        {WRIT_TYPE_BOOL, 0, NULL, 0, NULL},    {WRIT_TYPE_NUMBER, -1.5, NULL, 0, NULL},
                        {WRIT_TYPE_STRING, 0, "ada", 0, NULL}, {WRIT_TYPE_LIST, 0, NULL, 0, list},
                        {WRIT_TYPE_MAP, 0, NULL, 0, map},      {WRIT_TYPE_FUNCTION, 0, NULL, 0, none},
                        {WRIT_TYPE_OBJECT, 0, NULL, 0, thing}};
  call("all", all, 9, kinds, NULL);
  /* Strings: with a length (a NUL inside), up to the NUL, and NULL. */
  WritValue strs[3] = {{WRIT_TYPE_STRING, 0, "a\0b", 3, NULL}, {WRIT_TYPE_STRING, 0, "caf\xc3\xa9", 0, NULL},
                       {WRIT_TYPE_STRING, 0, NULL, 0, NULL}};
  call("lens", lens, 3, strs, NULL);
  /* A class makes an object; a host function is called like any. */
  WritValue xy[2] = {{WRIT_TYPE_NUMBER, 3, NULL, 0, NULL}, {WRIT_TYPE_NUMBER, 4, NULL, 0, NULL}};
  call("Point", point, 2, xy, NULL);
  call("host add", hostadd, 2, xy, NULL);
  /* No arguments: argv may be NULL. */
  call("none", none, 0, NULL, NULL);
  /* Forty strings, each copied (and, under the stress, collecting). */
  {
    WritValue v[40];
    char texts[40][8];
    for (int i = 0; i < 40; i++) {
      snprintf(texts[i], sizeof texts[i], "%c", 'A' + i % 26);
      v[i].type = WRIT_TYPE_STRING;
      v[i].text = texts[i];
      v[i].len = 0;
    }
    call("many", many, 40, v, NULL);
  }
  /* The most arguments a call takes; one more is refused. */
  {
    static WritValue v[201];
    for (int i = 0; i < 201; i++) {
      v[i].type = i % 2 ? WRIT_TYPE_NUMBER : WRIT_TYPE_STRING;
      v[i].number = i;
      v[i].text = "s";
      v[i].len = 1;
    }
    call("count 200", count, 200, v, NULL);
    call("count 201", count, 201, v, NULL);
  }
  /* Errors, limits and refusals. */
  WritValue x = {WRIT_TYPE_STRING, 0, "x", 0, NULL};
  call("fail", fail, 1, &x, NULL);
  {
    WritLimits lim;
    writ_limits_init(&lim);
    lim.fuel = 10000;
    call("spin", spin, 0, NULL, &lim);
  }
  call("not a function", one, 0, NULL, NULL);
  WritValue bad[5] = {{WRIT_TYPE_STRING, 0, "\xff", 0, NULL},
                      {WRIT_TYPE_LIST, 0, NULL, 0, map},
                      {WRIT_TYPE_INVALID, 0, NULL, 0, NULL},
                      {WRIT_TYPE_STRING, 0, NULL, 2, NULL},
                      {WRIT_TYPE_OBJECT, 0, NULL, 0, NULL}};
  for (int i = 0; i < 5; i++) call("bad", all, 1, &bad[i], NULL);
  /* After all that the function still works, and the handles are the
   * caller's: the list is still there. */
  call("all again", all, 9, kinds, NULL);
  printf("list still %zu\n", writ_list_len(list));

  WritHandle *hs[] = {all, lens, point, count, fail, spin, none, many, thing, list, map, one, hostadd};
  for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++) writ_release(hs[i]);
  writ_vm_free(vm);
  return 0;
}
