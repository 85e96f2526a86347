/* Promises and turns from the host's side (include/writ.h, "Promises and
 * turns"): a host function that returns a promise and settles it later
 * from C, between writ_run_turns calls, as an event loop would; rejection;
 * a second settlement ignored; the queue counted, listed and delivered
 * one turn at a time; unhandled rejections reported through the error
 * callback; and misuse. Self-checking: prints failures only, then "ok". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "writ.h"

static int failures;
static void eq(int line, const char *what, long got, long want) {
  if (got == want) return;
  printf("line %d: %s: got %ld, expected %ld\n", line, what, got, want);
  failures++;
}
static void streq(int line, const char *what, const char *got, const char *want) {
  if (got && want && !strcmp(got, want)) return;
  printf("line %d: %s: got \"%s\", expected \"%s\"\n", line, what, got ? got : "(null)", want);
  failures++;
}
#define EQ(got, want) eq(__LINE__, #got, (long)(got), (long)(want))
#define STREQ(got, want) streq(__LINE__, #got, (got), (want))

/* What log(x) wrote, each entry ending in "|"; cleared by take_log. */
static char logged[4096];
static char taken[4096];
static const char *take_log(void) {
  snprintf(taken, sizeof taken, "%s", logged);
  logged[0] = '\0';
  return taken;
}
static void log_fn(WritCall *c) {
  size_t n;
  const char *s = writ_arg_to_string(c, 1, &n);
  size_t used = strlen(logged);
  if (s && used + n + 2 < sizeof logged) snprintf(logged + used, sizeof logged - used, "%.*s|", (int)n, s);
}

/* The error callback: the diagnostics' messages, each ending in "|". */
static char diags[4096];
static int ndiags;
static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  size_t used = strlen(diags);
  ndiags++;
  snprintf(diags + used, sizeof diags - used, "%s|", d->message);
}

/* fetch(x): an asynchronous host function. It returns a promise and keeps
 * its resolver for the "loop" (main) to settle later. */
#define MAX_PENDING 8
static WritHandle *resolvers[MAX_PENDING];
static int nresolvers;
static void fetch_fn(WritCall *c) {
  WritHandle *p = NULL, *r = NULL;
  if (nresolvers == MAX_PENDING) {
    writ_return_error(c, "too many fetches");
    return;
  }
  EQ(writ_promise_new(writ_call_vm(c), &p, &r), WRIT_OK);
  resolvers[nresolvers++] = r;
  writ_return(c, p);
  writ_release(p);
}

/* settle(x): resolves the oldest fetch's promise with x from inside a host
 * function, that is, inside the running turn. */
static void settle_fn(WritCall *c) {
  WritHandle *x = writ_arg(c, 1);
  EQ(writ_resolve(resolvers[nresolvers - 1], x), WRIT_OK);
  writ_release(x);
}

/* Inside a host function the queue cannot be run (it is running). */
/* Interrupts the run it is called from (as Ctrl-C would, from a signal). */
static void stop_fn(WritCall *c) { writ_interrupt(writ_call_vm(c)); }

static long inner_status = -1;
static void reenter_fn(WritCall *c) {
  long ran = 7;
  inner_status = writ_run_turns(writ_call_vm(c), -1, NULL, &ran);
  EQ(ran, 0);
}

/* A host's loop for sys (WritSysOptions): it takes one timer, refuses
 * the next, and takes one line read. */
typedef struct {
  WritHandle *r[1], *line;
  double seconds;
  int n;
} Timers;
static Timers timers;
static const char *loop_after(void *ud, double seconds, WritHandle *resolver) {
  Timers *t = ud;
  if (t->n == 1) return "the loop is full";
  t->seconds = seconds;
  t->r[t->n++] = resolver;
  return NULL;
}
static const char *loop_read(void *ud, WritHandle *resolver) {
  ((Timers *)ud)->line = resolver;
  return NULL;
}

static WritStatus run(WritWorkspace *ws, const char *src) {
  diags[0] = '\0';
  WritStatus st = writ_eval(ws, "main", src, strlen(src), WRIT_EVAL_REPL); /* one module, names kept */
  if (st != WRIT_OK) printf("(%s)\n", diags);
  return st;
}

static void grant_fn(WritWorkspace *ws, const char *name, WritHostFn fn, int min, int max) {
  WritHandle *f = writ_new_function(writ_workspace_vm(ws), name, fn, min, max);
  EQ(writ_grant(ws, name, f, 0), WRIT_OK);
  writ_release(f);
}

static const char *type_of_var(WritWorkspace *ws, const char *name, char *buf, size_t cap) {
  WritHandle *h = writ_get_variable(ws, "main", name);
  WritHandle *s = h ? writ_to_string(h, 0, NULL) : NULL;
  const char *t = "(none)";
  size_t n = 6;
  if (s) writ_get_string(s, &t, &n);
  snprintf(buf, cap, "%.*s", (int)n, t);
  writ_release(s);
  writ_release(h);
  return buf;
}

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.error = on_error;
  WritVM *vm = writ_vm_new(&cfg), *other = writ_vm_new(&cfg);
  WritWorkspace *ws = writ_workspace_new(vm);
  grant_fn(ws, "log", log_fn, 1, 1);
  grant_fn(ws, "fetch", fetch_fn, 1, 1);
  grant_fn(ws, "reenter", reenter_fn, 0, 0);
  char buf[256];
  long ran = -1;

  /* A host promise: nothing is queued while it waits; settling it from C
   * queues the `when` callback, which runs in the next turn. */
  EQ(run(ws, "let a = fetch(1)\n"
             "let b = fetch(2)\n"
             "let seen = when(a, fn(v) { log(\"a \" + str(v)); return v * 10 }, fn(e) { log(\"a failed \" + str(e)) })\n"
             "when(b, fn(v) { log(\"b \" + str(v)) }, fn(e) { log(\"b failed \" + str(e)) })\n"),
     WRIT_OK);
  EQ(nresolvers, 2);
  EQ(writ_pending(vm), 0);
  EQ(writ_run_turns(vm, -1, NULL, &ran), WRIT_OK);
  EQ(ran, 0);
  STREQ(take_log(), "");
  STREQ(type_of_var(ws, "a", buf, sizeof buf), "<promise pending>");
  WritHandle *v42 = writ_new_number(vm, 42), *why = writ_new_string(vm, "no route", 8);
  EQ(writ_resolve(resolvers[0], v42), WRIT_OK);
  EQ(writ_pending(vm), 1); /* the value callback */
  STREQ(take_log(), "");   /* not run yet: callbacks run in a later turn */
  STREQ(type_of_var(ws, "a", buf, sizeof buf), "<promise fulfilled>");
  /* The second settlement is ignored, resolve or reject. */
  EQ(writ_resolve(resolvers[0], why), WRIT_OK);
  EQ(writ_reject(resolvers[0], why), WRIT_OK);
  EQ(writ_pending(vm), 1);
  EQ(writ_reject(resolvers[1], why), WRIT_OK);
  EQ(writ_pending(vm), 2);
  /* One turn at a time. */
  EQ(writ_run_turns(vm, 1, NULL, &ran), WRIT_OK);
  EQ(ran, 1);
  EQ(writ_pending(vm), 1);
  STREQ(take_log(), "a 42|");
  EQ(writ_run_turns(vm, 1, NULL, &ran), WRIT_OK);
  EQ(ran, 1);
  STREQ(take_log(), "b failed no route|");
  EQ(writ_pending(vm), 0);
  EQ(writ_run_turns(vm, 5, NULL, &ran), WRIT_OK);
  EQ(ran, 0);
  STREQ(type_of_var(ws, "seen", buf, sizeof buf), "<promise fulfilled>");
  STREQ(type_of_var(ws, "b", buf, sizeof buf), "<promise rejected>");
  for (int i = 0; i < nresolvers; i++) writ_release(resolvers[i]);
  nresolvers = 0;

  /* Resolving with nothing (NULL) fulfils with nil; with a promise, follows it. */
  EQ(run(ws, "let c = fetch(3)\nwhen(c, fn(v) { log(\"c \" + str(v)) })\n"
             "let [d, dr] = promise()\nlet e = fetch(4)\nwhen(e, fn(v) { log(\"e \" + str(v)) })\n"),
     WRIT_OK);
  EQ(writ_resolve(resolvers[0], NULL), WRIT_OK);
  WritHandle *d = writ_get_variable(ws, "main", "d");
  EQ(writ_resolve(resolvers[1], d), WRIT_OK);
  EQ(writ_run_turns(vm, -1, NULL, &ran), WRIT_OK);
  STREQ(take_log(), "c nil|");
  STREQ(type_of_var(ws, "e", buf, sizeof buf), "<promise pending>"); /* d is pending */
  EQ(run(ws, "dr.resolve(\"via d\")"), WRIT_OK);
  EQ(writ_run_turns(vm, -1, NULL, &ran), WRIT_OK);
  STREQ(take_log(), "e via d|");
  writ_release(d);
  for (int i = 0; i < nresolvers; i++) writ_release(resolvers[i]);
  nresolvers = 0;

  /* What is queued, listed for a person; -1 delivers it all, including
   * what the turns themselves queue. */
  EQ(run(ws, "class Counter { new() { @n = 0 } inc(k) { @n += k; log(@n) } }\n"
             "let k = Counter()\nk <- inc(1)\nk <- inc(2)\n"
             "let f = fn() { log(\"f\"); k <- inc(10) }\nf <- ()\n"),
     WRIT_OK);
  EQ(writ_pending(vm), 3);
  WritHandle *list = writ_pending_list(vm);
  EQ(writ_list_len(list), 3);
  const char *names[3] = {"Counter <- inc(1 argument)", "Counter <- inc(1 argument)", "function <- (0 arguments)"};
  for (long i = 0; i < 3; i++) {
    WritHandle *item = writ_list_get(list, i);
    const char *s = NULL;
    size_t n = 0;
    EQ(writ_get_string(item, &s, &n), WRIT_OK);
    snprintf(buf, sizeof buf, "%.*s", (int)n, s ? s : "");
    STREQ(buf, names[i]);
    writ_release(item);
  }
  writ_release(list);
  EQ(writ_run_turns(vm, -1, NULL, &ran), WRIT_OK);
  EQ(ran, 4);
  STREQ(take_log(), "1|3|f|13|");
  EQ(writ_pending(vm), 0);
  list = writ_pending_list(vm);
  EQ(writ_list_len(list), 0);
  writ_release(list);

  /* A turn that fails rejects its promise and does not stop the loop. */
  EQ(run(ws, "let bad = k <- nope()\nk <- inc(100)\n"), WRIT_OK);
  EQ(writ_run_turns(vm, -1, NULL, &ran), WRIT_OK);
  EQ(ran, 2);
  STREQ(take_log(), "113|");

  /* Unhandled rejections: `bad` above, and one from C that nothing
   * watches; each reported once, through the error callback. */
  EQ(run(ws, "let lost = fetch(5)\nlet watched = fetch(6)\nwhen(watched, fn(v) {}, fn(e) { log(\"handled \" + e) })\n"),
     WRIT_OK);
  EQ(writ_reject(resolvers[0], why), WRIT_OK);
  EQ(writ_reject(resolvers[1], why), WRIT_OK);
  EQ(writ_run_turns(vm, -1, NULL, &ran), WRIT_OK);
  STREQ(take_log(), "handled no route|");
  diags[0] = '\0';
  ndiags = 0;
  EQ(writ_report_unhandled(vm), 2);
  EQ(ndiags, 2);
  if (!strstr(diags, "unhandled rejection: \"no route\"|")) {
    printf("unhandled: the diagnostics were %s\n", diags);
    failures++;
  }
  if (!strstr(diags, "unhandled rejection: ") || !strstr(diags, "nope")) {
    printf("unhandled: the failed send is not reported: %s\n", diags);
    failures++;
  }
  EQ(writ_report_unhandled(vm), 0); /* taken: not reported twice */
  /* The report runs no Writ code (it has no limits): a reason whose
   * toString would never return is shown as a preview. */
  EQ(run(ws, "class Spin { toString() { while true { } } }\nlet [sp, sr] = promise()\nsr.reject(Spin())\n"), WRIT_OK);
  diags[0] = '\0';
  ndiags = 0;
  EQ(writ_report_unhandled(vm), 1);
  STREQ(diags, "unhandled rejection: <Spin instance>|");
  for (int i = 0; i < nresolvers; i++) writ_release(resolvers[i]);
  nresolvers = 0;

  /* Limits for the whole call: a turn that spins stops the loop. */
  WritLimits lim;
  writ_limits_init(&lim);
  lim.fuel = 100000;
  EQ(run(ws, "let spin = fn() { while true {} }\nspin <- ()\nk <- inc(1000)\n"), WRIT_OK);
  diags[0] = '\0';
  EQ(writ_run_turns(vm, -1, &lim, &ran), WRIT_ERR_LIMIT);
  EQ(writ_pending(vm), 1); /* the send after it waits */
  EQ(writ_run_turns(vm, -1, NULL, &ran), WRIT_OK);
  EQ(ran, 1);
  STREQ(take_log(), "1113|");
  writ_report_unhandled(vm);

  /* Misuse. */
  WritHandle *p = NULL, *r = NULL;
  EQ(writ_run_turns(NULL, -1, NULL, &ran), WRIT_ERR_USAGE);
  EQ(ran, 0);
  EQ(writ_run_turns(NULL, -1, NULL, NULL), WRIT_ERR_USAGE);
  lim.fuel = nan(""); /* no number of anything */
  EQ(writ_run_turns(vm, -1, &lim, NULL), WRIT_ERR_USAGE);
  EQ(writ_pending(NULL), 0);
  EQ(writ_pending_list(NULL) == NULL, 1);
  EQ(writ_report_unhandled(NULL), 0);
  EQ(writ_promise_new(NULL, &p, &r), WRIT_ERR_USAGE);
  EQ(writ_promise_new(vm, NULL, &r), WRIT_ERR_USAGE);
  EQ(r == NULL, 1);
  EQ(writ_promise_new(vm, &p, NULL), WRIT_ERR_USAGE);
  EQ(p == NULL, 1);
  EQ(writ_resolve(NULL, NULL), WRIT_ERR_USAGE);
  EQ(writ_reject(NULL, why), WRIT_ERR_USAGE);
  EQ(writ_resolve(v42, NULL), WRIT_ERR_USAGE); /* not a resolver */
  EQ(writ_promise_new(vm, &p, &r), WRIT_OK);
  EQ(writ_resolve(p, v42), WRIT_ERR_USAGE); /* the promise is not its resolver */
  WritHandle *foreign = writ_new_number(other, 1);
  EQ(writ_resolve(r, foreign), WRIT_ERR_USAGE); /* another VM's value */
  EQ(writ_reject(r, foreign), WRIT_ERR_USAGE);
  WritHandle *dead = writ_copy_handle(r);
  writ_release(dead);
  EQ(writ_resolve(dead, v42), WRIT_ERR_USAGE); /* released */
  EQ(writ_resolve(r, v42), WRIT_OK);
  writ_release(foreign);
  writ_release(p);
  writ_release(r);
  EQ(run(ws, "reenter()"), WRIT_OK);
  EQ(inner_status, WRIT_ERR_USAGE);

  /* sys's asynchronous capabilities go through the host's loop
   * (WritSysOptions.after, .read_line_async): without one they say so; a
   * loop that refuses gives its reason; one that takes the resolver
   * settles it later. */
  WritWorkspace *sw = writ_workspace_new(vm);
  WritSysOptions so;
  memset(&so, 0, sizeof so);
  EQ(writ_grant_sys(sw, &so), WRIT_OK);
  grant_fn(sw, "log", log_fn, 1, 1);
  const char *tries = "for f in [fn() => sys.clock.after(1), fn() => sys.in.readLineAsync(), fn() => sys.clock.after(-2)] {\n"
                      "  try { f() } catch e { log(e.message()) }\n}\n";
  EQ(writ_eval(sw, "sys1", tries, strlen(tries), WRIT_EVAL_MAIN), WRIT_OK);
  STREQ(take_log(), "sys.clock.after needs an event loop: the host gave none|"
                    "sys.in.readLineAsync needs an event loop: the host gave none|"
                    "bad argument #1 to 'after' (seconds must be a finite number >= 0, got a negative number)|");
  writ_workspace_free(sw);
  sw = writ_workspace_new(vm);
  so.after = loop_after;
  so.read_line_async = loop_read;
  so.loop_ud = &timers;
  EQ(writ_grant_sys(sw, &so), WRIT_OK);
  grant_fn(sw, "log", log_fn, 1, 1);
  const char *waits = "when(sys.clock.after(0.5), fn(v) { log(\"timer \" + str(v)) })\n"
                      "when(sys.in.readLineAsync(), fn(v) { log(\"line \" + v) })\n"
                      "try { sys.clock.after(2) } catch e { log(e.message()) }\n";
  EQ(writ_eval(sw, "sys2", waits, strlen(waits), WRIT_EVAL_MAIN), WRIT_OK);
  STREQ(take_log(), "sys.clock.after: the loop is full|");
  EQ(timers.n, 1);
  EQ(timers.seconds == 0.5, 1);
  EQ(writ_pending(vm), 0);
  WritHandle *text = writ_new_string(vm, "typed", 5);
  EQ(writ_resolve(timers.line, text), WRIT_OK);
  EQ(writ_resolve(timers.r[0], NULL), WRIT_OK);
  EQ(writ_run_turns(vm, -1, NULL, &ran), WRIT_OK);
  STREQ(take_log(), "line typed|timer nil|");
  writ_release(text);
  writ_release(timers.line);
  writ_release(timers.r[0]);
  writ_workspace_free(sw);

  /* An interrupted turn is rolled back like a failed one, and the loop
   * stops there: what is left stays queued for the next run. */
  grant_fn(ws, "stop", stop_fn, 0, 0);
  const char *acct = "class A { new() { @n = 1; @l = [1] } spoil() { @n = 99; @l.push(2); stop(); while true {} }\n"
                     "  show() { log(str([@n, @l])) } }\nlet acct = A()\n"
                     "acct <- spoil()\nacct <- show()";
  EQ(writ_eval(ws, "intr", acct, strlen(acct), 0), WRIT_OK);
  ran = -1;
  EQ(writ_run_turns(vm, -1, NULL, &ran), WRIT_ERR_INTERRUPTED);
  EQ(ran, 1); /* the turn that stopped the loop counts */
  EQ(writ_pending(vm), 1);
  EQ(writ_run_turns(vm, -1, NULL, NULL), WRIT_OK);
  STREQ(take_log(), "[1, [1]]|");

  /* writ_resolve inside a host function settles the promise as part of
   * the running turn: a turn that then fails takes the settlement back
   * with everything else it did (the promise is pending again, its
   * callback not queued); one that ends normally keeps it. */
  grant_fn(ws, "settle", settle_fn, 1, 1);
  const char *inturn = "let held = fetch(8)\n"
                       "when(held, fn(v) { log(\"held \" + str(v)) })\n"
                       "when(0, fn(v) { settle(1); throw Error(\"turn fails\") }, nil)\n";
  EQ(run(ws, inturn), WRIT_OK);
  diags[0] = '\0';
  EQ(writ_run_turns(vm, -1, NULL, &ran), WRIT_OK);
  STREQ(take_log(), "");
  EQ(writ_pending(vm), 0);
  EQ(run(ws, "when(0, fn(v) { settle(2) })"), WRIT_OK);
  EQ(writ_run_turns(vm, -1, NULL, &ran), WRIT_OK);
  STREQ(take_log(), "held 2|");

  /* writ_repl_settle_last: `_` becomes what the promise it holds settled
   * to, once settled; not before, and never a `_` the user declared. */
  const char *defs = "class C { new() { @n = 0 } inc(k) { @n += k; return @n } }\nlet c = C()";
  EQ(writ_eval(ws, "repl", defs, strlen(defs), WRIT_EVAL_REPL), WRIT_OK);
  EQ(writ_eval(ws, "repl", "c <- inc(5)", 11, WRIT_EVAL_REPL), WRIT_OK);
  EQ(writ_repl_settle_last(ws, "repl"), 0); /* still pending */
  EQ(writ_run_turns(vm, -1, NULL, NULL), WRIT_OK);
  EQ(writ_repl_settle_last(ws, "repl"), 1);
  WritHandle *last = writ_get_variable(ws, "repl", "_");
  double lastNum = 0;
  EQ(writ_get_number(last, &lastNum), WRIT_OK);
  EQ(lastNum == 5, 1);
  writ_release(last);
  EQ(writ_repl_settle_last(ws, "repl"), 0); /* a number now */
  EQ(writ_repl_settle_last(ws, "no such module"), 0);
  EQ(writ_repl_settle_last(NULL, "repl"), 0);

  /* A resolver outliving its VM's script is fine; the VM frees what the
   * host did not settle. */
  EQ(run(ws, "fetch(7)"), WRIT_OK);
  writ_release(v42);
  writ_release(why);
  writ_workspace_free(ws);
  for (int i = 0; i < nresolvers; i++) writ_release(resolvers[i]);
  writ_vm_free(vm);
  writ_vm_free(other);
  if (failures) return 1;
  puts("ok");
  return 0;
}
