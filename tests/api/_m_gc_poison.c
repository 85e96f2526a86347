/* tests/api/m_gc_poison.sh: what only a reference the collector follows
 * keeps alive must survive a collection. The host gives the VM an
 * allocator that fills every freed block with 0x5A bytes and keeps it
 * from reuse for a long while (a quarantine), so a value the collector
 * forgot to mark is not left intact by chance, as it usually is with
 * free(): using it afterwards reads garbage or crashes. Each case makes a
 * value reachable only one way (a facet's names, a membrane's wrappers, a
 * bound method's receiver, a host function's value, a host handle, the
 * main script's grants, a closure's captures), collects, and uses it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "writ.h"

#define QUARANTINE (1 << 16)
static void *held[QUARANTINE];
static size_t next;

static void retire(void *p, size_t n) {
  memset(p, 0x5A, n);
  size_t i = next++ % QUARANTINE;
  free(held[i]);
  held[i] = p;
}

static void *poison_alloc(void *ud, void *ptr, size_t old, size_t n) {
  (void)ud;
  if (n == 0) {
    if (ptr) retire(ptr, old);
    return NULL;
  }
  void *p = malloc(n);
  if (!p) return NULL;
  if (ptr) {
    memcpy(p, ptr, old < n ? old : n);
    retire(ptr, old);
  }
  return p;
}

static void on_write(void *ud, const char *s, size_t n) { (void)ud; fwrite(s, 1, n, stdout); fflush(stdout); }
static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  printf("error: %s\n", d->message);
}

static void collect(WritCall *c) { writ_collect(writ_call_vm(c)); }

/* Returns item 0 of the list the function holds. */
static void peek(WritCall *c) {
  WritHandle *v = writ_function_value(c);
  WritHandle *item = writ_list_get(v, 0);
  if (item) writ_return(c, item);
  else writ_return_error(c, "peek: the function's value is gone");
  writ_release(item);
  writ_release(v);
}

static void eval(WritWorkspace *ws, const char *name, const char *src) {
  int st = writ_eval(ws, name, src, strlen(src), WRIT_EVAL_MAIN);
  if (st != WRIT_OK) printf("%s: status %d\n", name, st);
}

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.alloc = poison_alloc;
  cfg.write = on_write;
  cfg.error = on_error;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = vm ? writ_workspace_new(vm) : NULL;
  WritSysOptions so;
  memset(&so, 0, sizeof so);
  if (!ws || writ_grant_sys(ws, &so) != WRIT_OK) {
    puts("setup failed");
    return 1;
  }
  WritHandle *col = writ_new_function(vm, "collect", collect, 0, 0);
  WritHandle *kept = writ_new_list(vm), *text = writ_new_string(vm, "kept by the function", 20);
  writ_list_push(kept, text);
  writ_freeze(kept);
  WritHandle *pk = writ_new_function_with(vm, "peek", peek, 0, 0, kept);
  writ_grant(ws, "collect", col, 0);
  writ_grant(ws, "peek", pk, 0);
  /* From here the function and the grants hold them; the host does not. */
  writ_release(text);
  writ_release(kept);
  writ_release(pk);
  writ_release(col);

  eval(ws, "facet",
       "import cap\n"
       "class Account { new() { @b = 100 } balance() { return @b } withdraw(n) { @b -= n } }\n"
       "let view = cap.facet(Account(), [\"balance\"])\n"
       "collect()\n"
       "print(view.balance())\n"
       "try { view.withdraw(1) } catch e { print(e.message()) }\n");
  eval(ws, "membrane",
       "import cap\n"
       "class Svc { me() { return self } val() { return 7 } }\n"
       "let [p, revoke] = cap.membrane(Svc())\n"
       "collect()\n"
       "print(p.me() == p, p.val())\n"
       "revoke()\n"
       "try { p.val() } catch e { print(e.message()) }\n");
  eval(ws, "bound",
       "let len = [1, 2, 3].len\n"
       "let up = \"abc\".upper\n"
       "collect()\n"
       "print(len(), up())\n");
  eval(ws, "function_value",
       "collect()\n"
       "print(peek())\n");
  eval(ws, "closure",
       "fn counter() { var n = [0]; return fn() { n[0] += 1; return n[0] } }\n"
       "let c = counter()\n"
       "collect()\n"
       "print(c(), c())\n");

  /* A handle is the host's only reference. */
  WritHandle *mine = writ_new_string(vm, "held by a handle", 16);
  WritHandle *list = writ_new_list(vm);
  WritHandle *item = writ_new_string(vm, "in a list", 9);
  writ_list_push(list, item);
  writ_release(item);
  writ_collect(vm);
  const char *s = NULL;
  size_t len = 0;
  WritHandle *back = writ_list_get(list, 0);
  printf("handle: %s\n", writ_get_string(mine, &s, &len) == WRIT_OK ? s : "(lost)");
  printf("handle list: %s\n", writ_get_string(back, &s, &len) == WRIT_OK ? s : "(lost)");
  writ_release(back);
  writ_release(list);
  writ_release(mine);

  /* The main script's grants (print, sys) are only in the workspace's
   * main-only scope: a later main script still finds them. */
  writ_collect(vm);
  eval(ws, "later_main", "print(\"print still granted\", type(sys))\n");
  writ_vm_free(vm);
  for (size_t i = 0; i < QUARANTINE; i++) free(held[i]);
  return 0;
}
