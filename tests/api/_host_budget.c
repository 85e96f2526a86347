/* Budgets hold across the host boundary (public API only):
 * - writ_charge returns 0 once the fuel is gone, and the host function
 *   stops its work there;
 * - writ_reserve bounds outside data by the memory budget before it is
 *   read, chunk by chunk;
 * - an API call a host function makes that hits the budget (writ_new_object,
 *   writ_new_string, writ_list_push, ...) does not swallow it: the run stops with
 *   WRIT_ERR_LIMIT when the host function returns, and the script cannot
 *   catch it and go on;
 * - writ_to_string runs a toString under the limits it is given.
 * Prints what it checks; host_budget.sh compares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "writ.h"

static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  printf("diag[%d] %s\n", (int)d->status, d->message);
}

#define CHUNK 65536
static size_t bytesRead; /* what the last slurp read before it stopped */
static int charges, reserves;

/* slurp(n): "reads" n bytes of outside data as a well-behaved host does. */
static void slurp(WritCall *c) {
  size_t n = (size_t)writ_arg_number(c, 1), have = 0;
  char *buf = NULL;
  bytesRead = 0;
  while (have < n) {
    size_t k = n - have < CHUNK ? n - have : CHUNK;
    if (!writ_charge(c, (double)(k / 8 + 1))) { charges++; break; }
    if (!writ_reserve(c, have + k)) { reserves++; break; }
    char *p = realloc(buf, have + k);
    if (!p) break;
    buf = p;
    memset(buf + have, 'a', k);
    have += k;
  }
  bytesRead = have;
  if (have == n) writ_return_string(c, buf ? buf : "", have);
  free(buf);
}

static WritHandle *boxClass;
static int made, refused;

/* A host function that makes n values with make (its argument) into a
 * list, checking each call; once one is refused it returns at once. */
static void fill(WritCall *c, WritHandle *(*make)(WritVM *vm)) {
  WritVM *vm = writ_call_vm(c);
  int n = (int)writ_arg_number(c, 1);
  WritHandle *list = writ_new_list(vm);
  made = refused = 0;
  for (int i = 0; list && i < n; i++) {
    WritHandle *v = make(vm);
    if (!v) { refused++; break; }
    WritStatus st = writ_list_push(list, v);
    writ_release(v);
    if (st != WRIT_OK) { refused++; break; }
    made++;
  }
  if (list) writ_return(c, list);
  writ_release(list);
}

/* hoard(n): host objects of 4 KiB each. */
static WritHandle *make_box(WritVM *vm) {
  void *data;
  (void)vm;
  return writ_new_object(boxClass, &data);
}
static void hoard(WritCall *c) { fill(c, make_box); }

/* strings(n): strings of 4 KiB; writ_new_string returns NULL once the
 * memory budget is spent (the text is valid UTF-8, the allocator refuses
 * nothing). */
static WritHandle *make_text(WritVM *vm) {
  static char text[4096];
  memset(text, 'x', sizeof text);
  return writ_new_string(vm, text, sizeof text);
}
static void strings(WritCall *c) { fill(c, make_text); }

static void check(WritWorkspace *ws, const char *what, const char *src, double fuel, double memory) {
  WritLimits lim;
  writ_limits_init(&lim);
  lim.fuel = fuel;
  lim.memory = memory;
  WritStatus st = writ_eval_limited(ws, "plugin", src, strlen(src), 0, &lim);
  printf("%s: status %d\n", what, (int)st);
}

static const WritMethod no_methods[] = {{NULL, NULL, 0, 0}};

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.error = on_error;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = writ_workspace_new(vm);
  WritHandle *s = writ_new_function(vm, "slurp", slurp, 1, 1);
  WritHandle *h = writ_new_function(vm, "hoard", hoard, 1, 1);
  WritHandle *st = writ_new_function(vm, "strings", strings, 1, 1);
  boxClass = writ_new_class(vm, "Box", no_methods, 4096, NULL);
  writ_grant(ws, "slurp", s, 0);
  writ_grant(ws, "hoard", h, 0);
  writ_grant(ws, "strings", st, 0);

  /* Outside data: 100 MB offered, 1 MB of budget. */
  check(ws, "slurp under memory", "slurp(100000000)", -1, 1000000);
  printf("read at most 2 chunks past the budget: %s (reserve refused %d)\n",
         bytesRead <= 1000000 + 2 * CHUNK ? "yes" : "no", reserves);
  check(ws, "slurp under fuel", "slurp(100000000)", 5000, -1);
  printf("stopped by fuel early: %s (charge refused %d)\n", bytesRead < 1000000 ? "yes" : "no", charges);
  check(ws, "slurp within budget", "let t = slurp(300000)", -1, 4000000);
  printf("read all: %s\n", bytesRead == 300000 ? "yes" : "no");

  /* Host objects: the memory budget stops the hoard, and the script
   * cannot catch that and go on. */
  check(ws, "hoard under memory",
        "var caught = false\ntry { hoard(100000) } catch e { caught = true }\nlet after = 1", -1, 200000);
  printf("made some, then refused: %s\n", made > 0 && made < 100000 && refused == 1 ? "yes" : "no");
  WritHandle *after = writ_get_variable(ws, "plugin", "after");
  printf("the script went on after the budget ran out: %s\n", after ? "yes" : "no");
  writ_release(after);
  check(ws, "hoard within budget", "let few = hoard(10).len()", -1, 400000);
  check(ws, "strings under memory", "let many = strings(100000)", -1, 200000);
  printf("strings made, then NULL: %s\n", made > 0 && made < 100000 && refused == 1 ? "yes" : "no");

  /* writ_to_string runs toString under the given limits. */
  check(ws, "define", "class Spin { toString() { while true {} } }\nlet spin = Spin()", -1, -1);
  WritHandle *spin = writ_get_variable(ws, "plugin", "spin");
  WritLimits lim;
  writ_limits_init(&lim);
  lim.fuel = 10000;
  WritHandle *text = writ_to_string(spin, 0, &lim);
  printf("to_string of a spinning toString: %s\n", text ? "text" : "NULL");
  writ_release(text);
  WritHandle *num = writ_new_number(vm, 42);
  text = writ_to_string(num, 0, &lim);
  const char *t;
  size_t n;
  printf("to_string of 42: %s\n", text && writ_get_string(text, &t, &n) == WRIT_OK ? t : "?");
  writ_release(text);
  writ_release(num);
  writ_release(spin);
  check(ws, "still works", "let ok = [1, 2, 3].len()", 1000, 100000);

  writ_release(s);
  writ_release(h);
  writ_release(st);
  writ_release(boxClass);
  writ_vm_free(vm);
  return 0;
}
