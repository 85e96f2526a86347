/* Four threads, each with its own VM and workspace, run the same
 * non-trivial script many times (closures, classes, maps, strings, json,
 * a host function, garbage enough to collect), call back into it with
 * writ_call, and run out of a per-call fuel limit; a fifth thread
 * interrupts one of the VMs while it spins. Built with ThreadSanitizer
 * (tests/api/threads.sh), which fails the test on any race: VMs share
 * nothing, and writ_interrupt is the one call that crosses threads.
 * Prints only failures. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "writ.h"

#define WORKERS 4
#define ROUNDS 12
#define SPINS 5

typedef struct {
  int id;
  WritVM *vm;
  int hostCalls;
  int diagnostics;
  char lastMessage[256];
  int failures;
  char why[512]; /* the first failure */
} Worker;

/* Worker 0 tells the interrupter when it spins (the VM to interrupt)
 * and when it is done. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static WritVM *spinning;
static int spinDone;

static const char script[] =
    "import json\n"
    "class Account {\n"
    "  new(owner) { @owner = owner; @log = [] }\n"
    "  deposit(n) { @log.push(n); return self }\n"
    "  total() { return @log.reduce(fn(a, b) => a + b, 0) }\n"
    "  owner() { return @owner }\n"
    "}\n"
    "fn counter() { var n = 0\n return fn() { n += 1\n return n } }\n"
    "let next = counter()\n"
    "let acct = Account(\"t\" + str(id))\n"
    "for i in 0..100 { acct.deposit(scale(i)) }\n"
    "let words = {}\n"
    "for w in \"the quick brown fox jumps over the lazy dog the end\".split(\" \") {\n"
    "  words[w] = words.get(w, 0) + 1\n"
    "}\n"
    "var garbage = 0\n"
    "for i in 0..3000 {\n"
    "  let m = {\"i\": i, \"s\": \"x\" + str(i), \"l\": [i, i + 1]}\n"
    "  garbage += m[\"l\"][1] - m[\"i\"] + m[\"s\"].len() - str(i).len() - 1\n"
    "}\n"
    "let doc = json.parse(json.stringify({\"owner\": acct.owner(), \"total\": acct.total(),\n"
    "                                     \"words\": words, \"n\": next() + next()}))\n"
    "let summary = [doc[\"owner\"], str(doc[\"total\"]), str(doc[\"words\"][\"the\"]),\n"
    "               str(doc[\"n\"]), str(garbage)].join(\":\")\n"
    "fn work(k) { return acct.total() + k }\n"
    "fn spin() { while true {} }\n";

static void fail(Worker *w, const char *fmt, long got, long want) {
  if (w->failures++ == 0) {
    char what[256];
    snprintf(what, sizeof what, fmt, w->id);
    snprintf(w->why, sizeof w->why, "%s: got %ld, expected %ld", what, got, want);
  }
}
#define CHECK(w, what, got, want) \
  do { \
    long g_ = (long)(got), w_ = (long)(want); \
    if (g_ != w_) fail(w, what, g_, w_); \
  } while (0)

static void on_error(void *ud, const WritDiagnostic *d) {
  Worker *w = ud;
  w->diagnostics++;
  snprintf(w->lastMessage, sizeof w->lastMessage, "%s", d->message);
}

static void scale(WritCall *c) {
  Worker *w = writ_call_user_data(c);
  w->hostCalls++;
  writ_return_number(c, writ_arg_number(c, 1) * (w->id + 1));
}

static void one_round(Worker *w, WritWorkspace *ws) {
  char want[128];
  const char *text = NULL;
  size_t len = 0;
  double d = 0;
  WritHandle *summary, *work, *spin, *arg, *result = NULL;
  WritLimits lim;
  int before = w->hostCalls;
  CHECK(w, "worker %d: eval", writ_eval(ws, "job", script, sizeof script - 1, 0), WRIT_OK);
  CHECK(w, "worker %d: host calls", w->hostCalls - before, 100);
  summary = writ_get_variable(ws, "job", "summary");
  CHECK(w, "worker %d: summary is a string", writ_get_string(summary, &text, &len), WRIT_OK);
  snprintf(want, sizeof want, "t%d:%d:3:3:3000", w->id, 4950 * (w->id + 1));
  if (!text || strlen(want) != len || memcmp(text, want, len) != 0)
    CHECK(w, "worker %d: summary differs", 0, 1);
  writ_release(summary);
  work = writ_get_variable(ws, "job", "work");
  arg = writ_new_number(w->vm, 7);
  CHECK(w, "worker %d: writ_call", writ_call(work, 1, &arg, &result, NULL), WRIT_OK);
  writ_get_number(result, &d);
  CHECK(w, "worker %d: writ_call result", d, 4950 * (w->id + 1) + 7);
  writ_release(result);
  writ_release(arg);
  writ_release(work);
  spin = writ_get_variable(ws, "job", "spin");
  writ_limits_init(&lim);
  lim.fuel = 20000;
  before = w->diagnostics;
  CHECK(w, "worker %d: fuel limit", writ_call(spin, 0, NULL, NULL, &lim), WRIT_ERR_LIMIT);
  CHECK(w, "worker %d: fuel diagnostic", w->diagnostics - before, 1);
  if (strcmp(w->lastMessage, "out of fuel (the host's limit)") != 0) CHECK(w, "worker %d: fuel message", 0, 1);
  writ_release(spin);
}

static void set_spinning(WritVM *vm, int done) {
  pthread_mutex_lock(&lock);
  spinning = vm;
  spinDone = done;
  pthread_mutex_unlock(&lock);
}

/* Worker 0 ends with loops only an interrupt from another thread stops
 * (a large fuel limit stops one, and fails the test, if none comes);
 * several, for more chances to catch a race. Between them nothing
 * interrupts it: a request that came late is dropped when the next run
 * starts, so the run after each loop must work. */
static void spin_until_interrupted(Worker *w, WritWorkspace *ws) {
  WritLimits lim;
  writ_limits_init(&lim);
  lim.fuel = 2e9;
  for (int i = 0; i < SPINS; i++) {
    WritStatus st;
    set_spinning(w->vm, 0);
    st = writ_eval_limited(ws, "spin", "var n = 0\nwhile true { n += 1 }", 31, 0, &lim);
    set_spinning(NULL, 0);
    CHECK(w, "worker %d: interrupted run", st, WRIT_ERR_INTERRUPTED);
    CHECK(w, "worker %d: after the interrupt", writ_eval(ws, "after", "let x = 1", 9, 0), WRIT_OK);
  }
}

static void *worker(void *arg) {
  Worker *w = arg;
  WritConfig cfg;
  WritWorkspace *ws;
  WritHandle *fn, *id;
  writ_config_init(&cfg);
  cfg.error = on_error;
  cfg.user_data = w;
  w->vm = writ_vm_new(&cfg);
  ws = w->vm ? writ_workspace_new(w->vm) : NULL;
  if (!ws) {
    CHECK(w, "worker %d: no VM", 0, 1);
    if (w->id == 0) set_spinning(NULL, 1); /* nothing to interrupt */
    return NULL;
  }
  fn = writ_new_function(w->vm, "scale", scale, 1, 1);
  id = writ_new_number(w->vm, w->id);
  CHECK(w, "worker %d: grant", writ_grant(ws, "scale", fn, 0), WRIT_OK);
  CHECK(w, "worker %d: grant", writ_grant(ws, "id", id, 0), WRIT_OK);
  writ_release(fn);
  writ_release(id);
  for (int r = 0; r < ROUNDS && !w->failures; r++) one_round(w, ws);
  if (w->id == 0 && !spinDone) {
    spin_until_interrupted(w, ws);
    set_spinning(NULL, 1);
  }
  writ_vm_free(w->vm);
  return NULL;
}

/* Interrupts worker 0's VM every millisecond while it spins: a request
 * made just before its run starts is dropped, so one is not enough. */
static void *interrupter(void *arg) {
  struct timespec ms = {0, 1000000};
  (void)arg;
  pthread_mutex_lock(&lock);
  while (!spinDone) {
    if (spinning) writ_interrupt(spinning); /* under the lock: the VM is alive */
    pthread_mutex_unlock(&lock);
    nanosleep(&ms, NULL);
    pthread_mutex_lock(&lock);
  }
  pthread_mutex_unlock(&lock);
  return NULL;
}

/* With the argument "no-interrupt", no thread interrupts: for helgrind,
 * which takes the interrupt flag's relaxed atomic accesses for races. */
int main(int argc, char **argv) {
  pthread_t t[WORKERS], it;
  Worker w[WORKERS];
  int failed = 0;
  int interrupts = !(argc > 1 && strcmp(argv[1], "no-interrupt") == 0);
  memset(w, 0, sizeof w);
  if (interrupts) pthread_create(&it, NULL, interrupter, NULL);
  else spinDone = 1;
  for (int i = 0; i < WORKERS; i++) {
    w[i].id = i;
    pthread_create(&t[i], NULL, worker, &w[i]);
  }
  for (int i = 0; i < WORKERS; i++) pthread_join(t[i], NULL);
  if (interrupts) pthread_join(it, NULL);
  for (int i = 0; i < WORKERS; i++) {
    if (!w[i].failures) continue;
    printf("%s (%d failures)\n", w[i].why, w[i].failures);
    failed = 1;
  }
  return failed;
}
