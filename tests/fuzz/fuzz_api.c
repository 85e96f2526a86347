/* fuzz_api: drives the embedding API (include/writ.h) from the input, as a
 * host would, correctly and wrongly. Each input gets a VM of its own (so a
 * reproducer replays alone) and is read as a stream of choices: a byte
 * picks an operation, the next bytes its operands (a slot of the handle or
 * workspace table, a snippet, a limit profile, bytes cut from the input as
 * source or string). When the input runs out, the choices read as 0 and
 * the loop stops.
 *
 * Operations: make and free workspaces; evaluate snippets or source cut
 * from the input (every run under limits with finite fuel, so every input
 * ends); make values; copy, release, release again and use released
 * handles (within the quarantine the header promises: see WINDOW); call
 * functions and methods, also with C values (writ_call_values); lists,
 * maps, freeze, to_string, names, members, module exports; grant host
 * functions and objects (names good and bad); host classes, objects and
 * namespaces, with and without user data; workspace callbacks (set,
 * cleared, on freed workspaces); status texts; collect; interrupt; make
 * allocations fail (the
 * allocator refuses growth for a while: the API promises WRIT_ERR_MEMORY
 * and a usable VM); another VM's handle where this VM's is expected;
 * promises and turns: make a promise and its resolver (both go to the
 * table), resolve or reject with a resolver or with anything else (a
 * value, NULL, released, another VM's), deliver queued turns (writ_run_turns
 * with a picked max, -1 and 0 too, always under a limit profile: sends and
 * `when`s may queue turns forever), read the queue (writ_pending, the
 * pending list and its strings), report unhandled rejections, settle a
 * REPL's `_`, and the same functions on a NULL VM. Host
 * functions granted to the scripts (h, box.hop) run more operations from
 * the stream inside the call, with the WritCall ones (arguments, results,
 * errors, exit, charge, reserve, arg_to_string running toString, the
 * function's user data and the calling workspace, ...)
 * and the ones the API refuses while the VM runs (writ_eval, writ_call,
 * writ_to_string, writ_vm_free, writ_run_turns); the other promise
 * operations run there too (an asynchronous host function makes its
 * promise so), also inside turns. The module loader, write and error
 * callbacks check what the header promises of them too.
 *
 * Where include/writ.h promises an outcome for misuse (WRIT_ERR_USAGE,
 * NULL, WRIT_TYPE_INVALID, nothing), EXPECT checks it and aborts when it
 * does not hold, so libFuzzer reports it. Only what is promised safe or
 * rejected is done: a handle is used after release only while fewer than
 * WINDOW releases have followed, a workspace likewise, and nothing is used
 * after writ_vm_free. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writ.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ------------------------------------------------------------------ */
/* The input as a stream of choices                                     */

static const uint8_t *in_p;
static size_t in_n;

static unsigned next_byte(void) {
  if (!in_n) return 0;
  in_n--;
  return *in_p++;
}
static int pick(int n) { return (int)(next_byte() % (unsigned)n); }

static size_t sink; /* keeps reads of what the API hands out from being dropped */
static void touch(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) sink += (unsigned char)s[i];
}
static void touch_str(const char *s) {
  if (s) touch(s, strlen(s));
}

static void expect_failed(int line, const char *what) {
  fprintf(stderr, "fuzz_api.c:%d: a promise of include/writ.h does not hold: %s\n", line, what);
  abort();
}
#define EXPECT(cond) \
  do { \
    if (!(cond)) expect_failed(__LINE__, #cond); \
  } while (0)

/* ------------------------------------------------------------------ */
/* State: the VM, a bounded table of handles and of workspaces           */

/* A released handle (a freed workspace) is kept aside until 64 more have
 * been released (freed); we use one only while fewer than WINDOW have. */
#define WINDOW 40
#define NH 24
#define NWS 4
#define MAX_RUNS 48     /* evals and calls per input: keeps inputs fast */
#define MAX_HOST_DEPTH 12

enum { EMPTY, LIVE, DEAD };
typedef struct {
  WritHandle *h;
  int st;
  unsigned long when;
  int foreign;  /* a handle of vm2 */
  int resolver; /* made by writ_promise_new: certainly a resolver */
} HSlot;
typedef struct {
  WritWorkspace *w;
  int st;
  unsigned long when;
} WSlot;

static WritVM *vm, *vm2;
static WritHandle *foreign; /* a handle of vm2: wrong for every vm call */
static HSlot H[NH];
static WSlot W[NWS];
static unsigned long nreleased, nfreed;
static int runs, host_depth, reenter;
/* Diagnostics the error callback received, by the host depth they came
 * at (not counting those of an eval the callback itself made). */
static unsigned long ndiags[MAX_HOST_DEPTH + 1];
static int in_error;

/* FUZZ_API_TRACE=1 in the environment: each operation is written to
 * stderr as it runs, to read what a reproducer does. */
static int tracing = -1;
#define TRACE(...) \
  do { \
    if (tracing) { \
      fprintf(stderr, "%*s", 2 * host_depth, ""); \
      fprintf(stderr, __VA_ARGS__); \
      fputc('\n', stderr); \
    } \
  } while (0)
static int user_data_marker;
static int ws_marker;      /* user_data of workspace callbacks */
static int fn_ud_marker;   /* user_data of host functions and classes made with it */

/* The allocator: may refuse growth for a while (fail_len allocations,
 * fail_in allocations from now). nfailed counts refusals. */
static long fail_in = -1;
static int fail_len;
static unsigned long nfailed, ngrown; /* ngrown: requests to grow */
static void *fz_alloc(void *ud, void *ptr, size_t old_size, size_t new_size) {
  (void)ud;
  if (new_size == 0) {
    free(ptr);
    return NULL;
  }
  ngrown += new_size > old_size;
  if (new_size > old_size && fail_in >= 0) {
    if (fail_in > 0) {
      fail_in--;
    } else {
      if (--fail_len <= 0) fail_in = -1;
      nfailed++;
      return NULL;
    }
  }
  return realloc(ptr, new_size);
}

/* Every release goes through here, counting the ones that count. */
static void expire(void) {
  for (int i = 0; i < NH; i++)
    if (H[i].st == DEAD && nreleased - H[i].when >= WINDOW) H[i] = (HSlot){NULL, EMPTY, 0, 0, 0};
  for (int i = 0; i < NWS; i++)
    if (W[i].st == DEAD && nfreed - W[i].when >= WINDOW) W[i] = (WSlot){NULL, EMPTY, 0};
}
static void rel(WritHandle *h) { /* a live handle not in the table */
  if (!h) return;
  writ_release(h);
  nreleased++;
  expire();
}
static void release_slot(HSlot *s) {
  TRACE("release slot %d (%s)", (int)(s - H), s->st == LIVE ? "live" : s->st == DEAD ? "again" : "NULL");
  if (s->st == LIVE) {
    writ_release(s->h);
    s->st = DEAD;
    s->when = nreleased++;
    expire();
  } else if (s->st == DEAD) {
    writ_release(s->h); /* a second release: caught, does nothing */
    EXPECT(writ_type(s->h) == WRIT_TYPE_INVALID);
  } else {
    writ_release(NULL);
  }
}
/* Keeps a new handle in a slot the input picks (releasing what was there);
 * foreign: it is vm2's (made from vm2's handle). Returns the slot (NULL
 * for no handle). */
static HSlot *put_vm(WritHandle *h, int is_foreign) {
  if (!h) return NULL;
  HSlot *s = &H[pick(NH)];
  if (s->st == LIVE) release_slot(s);
  *s = (HSlot){h, LIVE, 0, is_foreign, 0};
  return s;
}
static HSlot *put(WritHandle *h) { return put_vm(h, 0); }

/* A handle operand: a slot's (NULL if empty), or now and then another
 * VM's. bad: NULL or released, which every function must refuse; foreign:
 * another VM's, which it must refuse next to this VM's handles. */
typedef struct {
  WritHandle *h;
  int bad, foreign;
  HSlot *slot;
} Arg;
static Arg harg(void) {
  int i = pick(NH + 1);
  if (i == NH) return (Arg){foreign, !foreign, 1, NULL};
  HSlot *s = &H[i];
  return (Arg){s->st == EMPTY ? NULL : s->h, s->st != LIVE, s->foreign, s};
}
static WSlot *wslot(void) { return &W[pick(NWS)]; }
static WritWorkspace *wptr(const WSlot *s) { return s->st == EMPTY ? NULL : s->w; }
static WritWorkspace *any_live_ws(void) {
  for (int i = 0; i < NWS; i++)
    if (W[i].st == LIVE) return W[i].w;
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Tables the input picks from                                          */

static const char *const snippets[] = {
    "fn f(x) { return x }",
    "let l = [1, \"two\", [3], {\"k\": 4}]\nl",
    "var m = {\"a\": 1, \"b\": [fn() => 2]}\nm",
    "class P { new(x) { @x = x } toString() { return \"P(\" + str(@x) + \")\" } get() { return @x } }\nP(1)",
    "h(1, \"s\", [1, 2], {\"k\": nil})",
    "fn g(cb, x) { return cb(x) }",
    "echo(P(2))",
    "while true {}",
    "throw Error(\"thrown\")",
    "let w = Workspace({h: h})\nw.eval(\"h(1)\", {fuel: 1000})",
    "import math\nmath.sqrt(2)",
    "for i in 0..5 { h(i) }",
    "fn rec(n) { return rec(n + 1) }\nrec(0)",
    "import cap\nlet r = cap.revocable(box)\nr[0].hop(1)\nr[1]()\nr[0].hop(2)",
    "box.hop(l, m)",
    "import \"lib\"\nlib.run(2)",
    "import \"bad\"",
    "import \"loop\"",
    "import \"nocanon\"",
    "import \"fail\"",
    "str(box) + str(h) + str(echo)",
    "let all = [h, echo, box, box.get()]",
    "fn f(x) { return h(x, x) }",
    "_",
    "try { h() } catch e { e.message() }",
    "class Q < P { get() { return super.get() + 1 } }\nQ(3).get()",
    "[3, 1, 2].map(fn(x) => h(x)).sort(fn(a, b) => h(a) < h(b))",
    "let s = \"x\".repeat(1000)\ns",
    "freeze(l)\nl.push(1)",
    "1 +",
    "fn(",
    "sys",
    "box.set(h(5))\nbox.get()",
    "import cap\nlet mb = cap.membrane({\"f\": h})\nmb[0][\"f\"](mb[0])",
    "class T { toString() { return h(self) } }\nstr(T())",
    "let big = []\nwhile true { big.push([1, 2, 3]) }",
    "import json\njson.stringify([h, {\"a\": [1]}])",
    "export fn ex() { return box }",
    "for k, v in m { h(k, v) }",
    "let n = [[[[[[[[[[1]]]]]]]]]]\nn",
    /* Async work for writ_run_turns: sends, whens, promises settled by
     * scripts, a resolver handed to the host (h), turns that fail, loop or
     * queue more turns forever (only fuel ends those). */
    "let [p, r] = promise()\nwhen(p, fn(v) { return v + 1 })\nr.resolve(1)",
    "when(1, fn(v) { throw Error(\"x\") })",
    "let o = {}\no <- m()",
    "fn f(x) { return x }\nf <- (1)",
    "when(2, nil, fn(e) { })",
    "for i in 0..3 { when(i, fn(v) { h(v) }) }",
    "\"k\" + str(3)",
    "box <- hop(1, 2)",
    "h <- (1, 2)",
    "box <- get()",
    "let [p, r] = promise()\nh(r, p)",
    "let [p, r] = promise()\nr.resolve(p)",
    "let [p, r] = promise()\nlet c = p <- get()\nwhen(c, fn(x) { h(x) })\nr.resolve(box)",
    "class R { toString() { return h(self) } }\nlet [p, r] = promise()\nr.reject(R())",
    "fn ping(n) { ping <- (n + 1) }\nping <- (0)",
    "when(0, fn(x) { while true {} })",
    "when(v, fn(x) { return h(x) }, fn(e) { h(e) })",
    "v <- hop(3)\nwhen(_, fn(x) { h(x) })",
    "let vat = Vat({h: h})\nvat.eval(\"h <- (1)\")",
};
#define NSNIPPETS ((int)(sizeof snippets / sizeof snippets[0]))

static const char *const module_names[] = {"m", "main", "<repl>", "lib", "m", NULL, "\xff"};
static const char *const var_names[] = {"f", "l", "m", "P", "g", "_", "h", "s", "all", "ex",
                                        "p", "r", "c", "nope", "\xff"};
static const char *const method_names[] = {"len", "push", "get", "set", "hop", "toString", "message",
                                           "keys", "join", "map", "call", "resolve", "reject", "\xff", ""};
static const char *const keys[] = {"a", "b", "k", "", "\xc3\xa9", "\xff"};
static const char *const grant_names[] = {"h", "echo", "box", "v", "lib", "_", "if", "1x", "", "\xff"};
static const char *const fn_names[] = {"hop", "echo", "a name with spaces", "", "\xff"};
static const int eval_flags[] = {0,
                                 WRIT_EVAL_MAIN,
                                 WRIT_EVAL_REPL,
                                 WRIT_EVAL_REPL | WRIT_EVAL_MAIN,
                                 WRIT_EVAL_CHECK,
                                 WRIT_EVAL_REPL | WRIT_EVAL_QUIET_INCOMPLETE,
                                 WRIT_EVAL_REPL | WRIT_EVAL_NO_LAST,
                                 WRIT_EVAL_REPL | WRIT_EVAL_CHECK,
                                 64, /* not a flag */
                                 -1};
#define VALID_FLAGS \
  (WRIT_EVAL_MAIN | WRIT_EVAL_REPL | WRIT_EVAL_CHECK | WRIT_EVAL_QUIET_INCOMPLETE | WRIT_EVAL_NO_LAST)

/* Limit profiles: every one has finite fuel, so every run ends. */
static const WritLimits profiles[] = {
    {50000, 4e6, 100}, {0, -1, -1},    {2000, -1, 0},     {100000, 3e5, 20},
    {NAN, 1e6, 10},    {1e5, NAN, 10}, {3000, 0, -1},     {20000, 64e3, 5},
};
#define NPROFILES ((int)(sizeof profiles / sizeof profiles[0]))
static int profile;
static const WritLimits *limits(void) { return &profiles[profile]; }
static int limits_bad(void) { return isnan(profiles[profile].fuel) || isnan(profiles[profile].memory); }

/* ------------------------------------------------------------------ */
/* Host functions and the host class                                    */

typedef struct {
  WritCall *call; /* NULL at the top level */
} Ctx;
static void op(Ctx *c);

/* h(...) and box.hop(...): a few more operations from the stream, inside
 * the call. */
static void hf_hop(WritCall *call) {
  if (host_depth >= MAX_HOST_DEPTH) return;
  host_depth++;
  Ctx c = {call};
  for (int k = 1 + pick(4); k > 0 && in_n > 0; k--) op(&c);
  host_depth--;
}
static void hf_echo(WritCall *call) {
  if (writ_arg_count(call) < 1) return;
  WritHandle *a = writ_arg(call, 1);
  writ_return(call, a);
  rel(a);
}

#define BOX_MAGIC 0x426f78u
typedef struct {
  unsigned magic;
  double x;
} Box;
static unsigned long nfinalized;
/* Box methods belong to Box classes only, whose objects carry a Box. */
static void box_get(WritCall *call) {
  Box *b = writ_self_data(call);
  if (b) writ_return_number(call, b->x);
}
static void box_set(WritCall *call) {
  Box *b = writ_self_data(call);
  if (b) b->x = writ_arg_number(call, 1);
}
static void box_finalize(void *data) { nfinalized += ((Box *)data)->magic == BOX_MAGIC; }
static void box_finalize_ud(void *ud, void *data) {
  EXPECT(ud == &fn_ud_marker);
  box_finalize(data);
}

static const WritMethod box_methods[] = {{"get", box_get, 0, 0}, {"set", box_set, 1, 1}, {"hop", hf_hop, 0, -1}, {NULL, NULL, 0, 0}};
static const WritMethod plain_methods[] = {{"hop", hf_hop, 0, 3}, {NULL, NULL, 0, 0}};
static const WritMethod bad_new[] = {{"new", hf_hop, 0, 0}, {NULL, NULL, 0, 0}};
static const WritMethod bad_dup[] = {{"hop", hf_hop, 0, 0}, {"hop", hf_echo, 0, 0}, {NULL, NULL, 0, 0}};
static const WritMethod bad_arity[] = {{"hop", hf_hop, 2, 1}, {NULL, NULL, 0, 0}};
static const WritMethod bad_fn[] = {{"hop", NULL, 0, 0}, {NULL, NULL, 0, 0}};
static const WritMethod bad_keyword[] = {{"while", hf_hop, 0, 0}, {NULL, NULL, 0, 0}};

/* ------------------------------------------------------------------ */
/* Callbacks                                                            */

static void on_write(void *ud, const char *text, size_t len) {
  EXPECT(ud == &user_data_marker || ud == &ws_marker);
  touch(text, len);
  /* write runs while the VM does (print, writ_write, a REPL value). */
  WritWorkspace *w = any_live_ws();
  if (w) EXPECT(writ_eval(w, "cb", "1", 1, 0) == WRIT_ERR_USAGE);
}

static void on_error(void *ud, const WritDiagnostic *d) {
  EXPECT(ud == &user_data_marker || ud == &ws_marker);
  if (!in_error) ndiags[host_depth]++;
  EXPECT(d->status != WRIT_OK && d->status != WRIT_ERR_USAGE && d->status != WRIT_EXIT);
  touch_str(d->file);
  touch_str(d->message);
  touch_str(d->source_line);
  touch_str(d->trace);
  /* The error callback may evaluate (nothing runs then). */
  if (reenter > 0) {
    reenter--;
    WritWorkspace *w = any_live_ws();
    in_error++;
    if (w) writ_eval_limited(w, "cb", "[1, 2].len() + 1", 16, 0, &profiles[0]);
    in_error--;
  }
}

/* What the loader hands out, until the VM gives it back through release:
 * release of anything else aborts; what is still out when the VM is freed
 * is reported (and the input aborts) at the end of the input. */
#define NLOADED 64
static char *loaded[NLOADED];
static int nloaded;
static char *copy_str(const char *s) {
  if (nloaded == NLOADED) return NULL;
  size_t n = strlen(s);
  char *p = malloc(n + 1);
  if (p) {
    memcpy(p, s, n + 1);
    loaded[nloaded++] = p;
  }
  return p;
}
static char *loader(void *ud, const char *importer, const char *path, char **canonical, size_t *len, char *err,
                    size_t errcap) {
  EXPECT(ud == &user_data_marker);
  touch_str(importer);
  WritWorkspace *w = any_live_ws(); /* writ_eval refuses to run from here */
  if (w) EXPECT(writ_eval(w, "cb", "1", 1, 0) == WRIT_ERR_USAGE);
  const char *src = NULL;
  if (!strcmp(path, "lib")) src = "export fn run(x) { return [x, x * 2] }\nexport let v = [1, 2]\n";
  else if (!strcmp(path, "loop")) src = "import \"loop\"\n";
  else if (!strcmp(path, "fail")) src = "throw Error(\"lib failed\")\n";
  else if (!strcmp(path, "nocanon")) {
    *len = 1;
    return copy_str("1"); /* no canonical name: the import fails */
  }
  if (!src) {
    /* Bytes that are not UTF-8 are shown as '?'; a long reason is cut. */
    snprintf(err, errcap, "no module \xff\xfe '%s' here, and a long reason follows: %0300d", path, 7);
    return NULL;
  }
  *canonical = copy_str(path);
  *len = strlen(src);
  return copy_str(src);
}
static void release_cb(void *ud, char *p) {
  EXPECT(ud == &user_data_marker);
  int i = 0;
  while (i < nloaded && loaded[i] != p) i++;
  EXPECT(i < nloaded); /* the loader gave it, and it was not released yet */
  loaded[i] = loaded[--nloaded];
  free(p);
}
static void check_loader_leaks(void) {
  if (nloaded) {
    fprintf(stderr, "fuzz_api: the VM never released %d buffer(s) the module loader gave it, e.g. \"%.40s\"\n",
            nloaded, loaded[0]);
    abort();
  }
  while (nloaded) free(loaded[--nloaded]);
}

/* ------------------------------------------------------------------ */
/* Operations                                                           */

/* Source text: a snippet, or bytes cut from the input (returns 1). */
static int source(const char **src, size_t *len) {
  if (pick(3) == 0) {
    size_t n = (size_t)pick(200);
    if (n > in_n) n = in_n;
    *src = (const char *)in_p;
    *len = n;
    in_p += n;
    in_n -= n;
    return 1;
  }
  *src = snippets[pick(NSNIPPETS)];
  *len = strlen(*src);
  return 0;
}

static int name_ok(const char *s) { return s && writ_utf8_valid(s, strlen(s)); }

static void op_eval(Ctx *c, int want_value) {
  WSlot *ws = wslot();
  const char *name = module_names[pick((int)(sizeof module_names / sizeof module_names[0]))];
  int flags = eval_flags[pick((int)(sizeof eval_flags / sizeof eval_flags[0]))];
  const char *src;
  size_t len;
  source(&src, &len);
  if (!c->call && runs >= MAX_RUNS) return;
  runs++;
  int bad = ws->st != LIVE || !name_ok(name) || (flags & ~VALID_FLAGS) || limits_bad();
  WritHandle *result = NULL;
  TRACE("eval%s ws#%d(%s) name=%s flags=%d limits#%d: %.*s", want_value ? "_value" : "", (int)(ws - W),
        ws->st == LIVE ? "live" : ws->st == DEAD ? "freed" : "NULL", name ? name : "NULL", flags, profile,
        (int)len, src);
  WritStatus st = want_value ? writ_eval_value(wptr(ws), name, src, len, flags, limits(), &result)
                             : writ_eval_limited(wptr(ws), name, src, len, flags, limits());
  TRACE("  -> status %d", (int)st);
  if (c->call || bad) EXPECT(st == WRIT_ERR_USAGE);
  else EXPECT(st != WRIT_ERR_USAGE);
  if (want_value) EXPECT((result != NULL) == (st == WRIT_OK));
  put(result);
}

static void op_call(Ctx *c, int method) {
  Arg fn = harg();
  const char *mname = method_names[pick((int)(sizeof method_names / sizeof method_names[0]))];
  int argc = pick(4);
  WritHandle *argv[4];
  int bad = fn.bad || limits_bad() || (method && !name_ok(mname));
  for (int i = 0; i < argc; i++) {
    Arg a = harg();
    argv[i] = a.h;
    bad |= a.bad || a.foreign != fn.foreign;
  }
  if (!c->call && runs >= MAX_RUNS) return;
  runs++;
  WritHandle *result = NULL;
  WritHandle **out = pick(4) ? &result : NULL;
  TRACE("%s %s%s argc=%d limits#%d", method ? "call_method" : "call", fn.bad ? "bad handle" : fn.foreign ? "vm2 handle" : "handle",
        method ? mname : "", argc, profile);
  WritStatus st = method ? writ_call_method(fn.h, mname, argc, argv, out, limits())
                         : writ_call(fn.h, argc, argv, out, limits());
  TRACE("  -> status %d", (int)st);
  if (bad || (c->call && !fn.foreign)) EXPECT(st == WRIT_ERR_USAGE); /* vm2 is not running */
  else EXPECT(st != WRIT_ERR_USAGE);
  if (out) EXPECT((result != NULL) == (st == WRIT_OK));
  put_vm(result, fn.foreign);
}

/* writ_call_values: arguments as C values, some from handles. */
static void op_call_values(Ctx *c) {
  Arg fn = harg();
  int argc = pick(4);
  WritValue argv[4];
  int bad = fn.bad || limits_bad();
  for (int i = 0; i < argc; i++) {
    WritValue *v = &argv[i];
    memset(v, 0, sizeof *v);
    switch (pick(8)) {
    case 0: v->type = WRIT_TYPE_NIL; break;
    case 1: v->type = WRIT_TYPE_BOOL; v->number = pick(2); break;
    case 2: v->type = WRIT_TYPE_NUMBER; v->number = (double)(signed char)next_byte(); break;
    case 3: { /* bytes cut from the input: maybe not UTF-8 */
      size_t n = (size_t)pick(16);
      if (n > in_n) n = in_n;
      v->type = WRIT_TYPE_STRING;
      v->text = (const char *)in_p;
      v->len = n;
      in_p += n;
      in_n -= n;
      bad |= n > 0 && !writ_utf8_valid(v->text, n);
      if (n == 0) v->text = "nul-terminated";
      break;
    }
    case 4: v->type = WRIT_TYPE_STRING; v->text = NULL; v->len = (size_t)pick(2); bad |= v->len != 0; break;
    case 5: v->type = (WritType)(pick(3) ? WRIT_TYPE_INVALID : 77); bad = 1; break;
    default: { /* a handle: its own type, or now and then a wrong one */
      Arg a = harg();
      WritType t = writ_type(a.h);
      v->handle = a.h;
      v->type = pick(8) ? t : WRIT_TYPE_LIST;
      if (v->type <= WRIT_TYPE_STRING) v->type = WRIT_TYPE_OBJECT; /* C-valued types take no handle */
      bad |= a.bad || a.foreign != fn.foreign || t != v->type;
      break;
    }
    }
  }
  if (!c->call && runs >= MAX_RUNS) return;
  runs++;
  WritHandle *result = NULL;
  WritHandle **out = pick(4) ? &result : NULL;
  TRACE("call_values %s argc=%d limits#%d", fn.bad ? "bad handle" : fn.foreign ? "vm2 handle" : "handle", argc, profile);
  WritStatus st = writ_call_values(fn.h, argc, argc ? argv : NULL, out, limits());
  TRACE("  -> status %d", (int)st);
  touch_str(writ_status_string(st));
  if (bad || (c->call && !fn.foreign)) EXPECT(st == WRIT_ERR_USAGE);
  else EXPECT(st != WRIT_ERR_USAGE);
  if (out) EXPECT((result != NULL) == (st == WRIT_OK));
  put_vm(result, fn.foreign);
}

static void op_new_value(void) {
  switch (pick(7)) {
  case 0: put(writ_new_nil(vm)); break;
  case 1: put(writ_new_bool(vm, pick(2))); break;
  case 2: {
    static const double nums[] = {0, -0.0, 1, -1.5, 1e300, INFINITY, NAN, 4294967296.0, 2.5e-308};
    put(writ_new_number(vm, nums[pick((int)(sizeof nums / sizeof nums[0]))]));
    break;
  }
  case 3: {
    size_t n = (size_t)pick(32);
    if (n > in_n) n = in_n;
    const char *s = (const char *)in_p;
    in_p += n;
    in_n -= n;
    unsigned long f0 = nfailed;
    WritHandle *h = writ_new_string(vm, s, n);
    int valid = writ_utf8_valid(s, n);
    EXPECT(!h || valid);
    /* Inside a host function the running code's memory budget may be spent
     * without the allocator refusing anything. */
    EXPECT(h || !valid || nfailed != f0 || host_depth > 0);
    put(h);
    break;
  }
  case 4: put(writ_new_string(vm, NULL, 0)); break;
  case 5: put(writ_new_list(vm)); break;
  default: put(writ_new_map(vm)); break;
  }
}

static void op_read(void) {
  Arg a = harg();
  WritType t = writ_type(a.h);
  if (a.bad) EXPECT(t == WRIT_TYPE_INVALID);
  int b = 0;
  double d = 0;
  const char *s = NULL;
  size_t n = 0;
  WritStatus sb = writ_get_bool(a.h, &b), sn = writ_get_number(a.h, &d), ss = writ_get_string(a.h, &s, &n);
  EXPECT((sb == WRIT_OK) == (t == WRIT_TYPE_BOOL));
  EXPECT((sn == WRIT_OK) == (t == WRIT_TYPE_NUMBER));
  EXPECT((ss == WRIT_OK) == (t == WRIT_TYPE_STRING));
  if (ss == WRIT_OK) {
    touch(s, n);
    EXPECT(s[n] == '\0');
    EXPECT(writ_utf8_valid(s, n));
  }
  EXPECT(writ_get_number(a.h, NULL) == WRIT_ERR_USAGE);
  const char *tn = writ_type_name(a.h);
  EXPECT(!a.bad || !tn);
  touch_str(tn);
  void *data = writ_object_data(a.h);
  EXPECT(!a.bad || !data);
  WritHandle *k = writ_class_of(a.h);
  EXPECT(!a.bad || !k);
  put_vm(k, a.foreign);
}

static void op_list(void) {
  Arg l = harg(), item = harg();
  switch (pick(3)) {
  case 0: {
    size_t n = writ_list_len(l.h);
    EXPECT(!l.bad || n == 0);
    break;
  }
  case 1: {
    WritHandle *h = writ_list_get(l.h, (long)(signed char)next_byte());
    EXPECT(!l.bad || !h);
    put_vm(h, l.foreign);
    break;
  }
  default: {
    WritStatus st = writ_list_push(l.h, item.h);
    if (l.bad || item.bad || l.foreign != item.foreign) EXPECT(st == WRIT_ERR_USAGE);
    break;
  }
  }
}

static void op_map(void) {
  Arg m = harg(), v = harg();
  const char *key = keys[pick((int)(sizeof keys / sizeof keys[0]))];
  if (pick(2)) {
    WritHandle *h = writ_map_get(m.h, key);
    EXPECT(!m.bad || !h);
    put_vm(h, m.foreign);
  } else {
    WritStatus st = writ_map_set(m.h, key, v.h);
    if (m.bad || v.bad || m.foreign != v.foreign || !name_ok(key)) EXPECT(st == WRIT_ERR_USAGE);
  }
}

static void op_grant(void) {
  WSlot *ws = wslot();
  const char *name = grant_names[pick((int)(sizeof grant_names / sizeof grant_names[0]))];
  Arg v = harg();
  WritStatus st = writ_grant(wptr(ws), name, v.h, pick(2));
  if (ws->st != LIVE || v.bad || v.foreign || !name_ok(name) || !*name || !strcmp(name, "if") || !strcmp(name, "1x"))
    EXPECT(st == WRIT_ERR_USAGE);
}

static void op_new_function(void) {
  static const int arity[][2] = {{0, -1}, {0, 0}, {1, 3}, {2, 1}, {-1, 2}, {0, 201}, {200, 200}};
  int ai = pick((int)(sizeof arity / sizeof arity[0]));
  int lo = arity[ai][0], hi = arity[ai][1];
  const char *name = fn_names[pick((int)(sizeof fn_names / sizeof fn_names[0]))];
  int arity_ok = lo >= 0 && lo <= 200 && (hi == -1 || (hi >= lo && hi <= 200));
  WritHostFn fn = pick(2) ? hf_hop : hf_echo;
  if (pick(6) == 0) fn = NULL;
  WritHandle *h;
  int how = pick(3);
  if (how == 2) {
    h = writ_new_function_ud(vm, name, fn, lo, hi, &fn_ud_marker);
  } else if (how) {
    h = writ_new_function(vm, name, fn, lo, hi);
  } else {
    Arg v = harg(); /* another VM's value is not promised to be refused: not given */
    h = writ_new_function_with(vm, name, fn, lo, hi, v.foreign ? NULL : v.h);
  }
  if (!arity_ok || !fn || !name_ok(name)) EXPECT(!h);
  put(h);
}

static void op_class(void) {
  switch (pick(3)) {
  case 0: { /* a class, good or bad */
    static const struct {
      const char *name;
      const WritMethod *methods;
      size_t size;
      int ok;
    } kinds[] = {{"Box", box_methods, sizeof(Box), 1}, {"Plain", plain_methods, 0, 1},
                 {"Plain2", plain_methods, 100, 1},    {"if", plain_methods, 0, 0},
                 {"1x", plain_methods, 0, 0},          {"NewOne", bad_new, 0, 0},
                 {"Dup", bad_dup, 0, 0},               {"Ar", bad_arity, 0, 0},
                 {"Nf", bad_fn, 0, 0},                 {"Kw", bad_keyword, 0, 0}};
    int k = pick((int)(sizeof kinds / sizeof kinds[0]));
    int box = kinds[k].methods == box_methods;
    WritHandle *h = pick(2) ? writ_new_class(vm, kinds[k].name, kinds[k].methods, kinds[k].size,
                                             box ? box_finalize : NULL)
                            : writ_new_class_ud(vm, kinds[k].name, kinds[k].methods, kinds[k].size,
                                                box ? box_finalize_ud : NULL, &fn_ud_marker);
    if (!kinds[k].ok) EXPECT(!h);
    put(h);
    break;
  }
  case 1: { /* an object of whatever the slot holds */
    Arg k = harg();
    void *data = (void *)&data;
    WritHandle *o = writ_new_object(k.h, &data);
    if (k.bad) EXPECT(!o);
    if (o && k.foreign) { /* vm2 has no host class: cannot happen */
      rel(o);
      EXPECT(0);
    }
    EXPECT(o || !data);
    if (o) {
      /* Box objects come only from a Box class: set their magic. */
      WritHandle *cls = writ_class_of(o);
      const char *tn = writ_type_name(o);
      if (tn && !strcmp(tn, "Box")) ((Box *)data)->magic = BOX_MAGIC;
      rel(cls);
    }
    put(o);
    break;
  }
  default: { /* a namespace */
    static const char *const ns_names[] = {"a", "b", "in", "if", "1x", "a", "\xff"};
    const char *names[3];
    WritHandle *values[3];
    int n = pick(4), bad = 0;
    for (int i = 0; i < n; i++) {
      names[i] = ns_names[pick((int)(sizeof ns_names / sizeof ns_names[0]))];
      Arg v = harg();
      values[i] = v.h;
      bad |= v.bad || v.foreign;
    }
    const char *name = pick(4) ? "ns" : "\xff";
    WritHandle *h = writ_new_namespace(vm, name, n, names, values);
    if (bad || !name_ok(name)) EXPECT(!h);
    put(h);
    break;
  }
  }
}

static void op_look(Ctx *c) {
  WSlot *ws = wslot();
  const char *module = module_names[pick((int)(sizeof module_names / sizeof module_names[0]))];
  const char *name = var_names[pick((int)(sizeof var_names / sizeof var_names[0]))];
  switch (pick(7)) {
  case 6: {
    WritHandle *h = writ_module_exports(wptr(ws), module);
    if (ws->st != LIVE || !module) EXPECT(!h);
    if (h) EXPECT(writ_type(h) == WRIT_TYPE_LIST);
    put(h);
    break;
  }
  case 0: {
    WritHandle *h = writ_get_variable(wptr(ws), module, name);
    if (ws->st != LIVE) EXPECT(!h);
    put(h);
    break;
  }
  case 1: put(writ_names(wptr(ws), module, pick(8))); break;
  case 2: put(writ_lookup(wptr(ws), module, name)); break;
  case 3: {
    Arg a = harg();
    WritHandle *h = writ_member_names(a.h);
    EXPECT(!a.bad || !h);
    put_vm(h, a.foreign);
    break;
  }
  case 4: {
    Arg a = harg();
    WritHandle *h = writ_get_member(a.h, method_names[pick((int)(sizeof method_names / sizeof method_names[0]))]);
    EXPECT(!a.bad || !h);
    put_vm(h, a.foreign);
    break;
  }
  default: {
    Arg a = harg();
    if (!c->call && runs >= MAX_RUNS) break;
    runs++;
    WritHandle *h = writ_to_string(a.h, pick(2), limits());
    if (a.bad || (c->call && !a.foreign)) EXPECT(!h);
    put_vm(h, a.foreign);
    break;
  }
  }
}

static void op_workspace(Ctx *c) {
  WSlot *ws = wslot();
  switch (pick(5)) {
  case 4: { /* its own callbacks, or the VM's again */
    int which = pick(4);
    WritStatus st = writ_workspace_set_callbacks(wptr(ws), which & 1 ? on_write : NULL,
                                                 which & 2 ? on_error : NULL, &ws_marker);
    TRACE("set_callbacks ws#%d(%s) %d -> %d", (int)(ws - W), ws->st == LIVE ? "live" : "not live", which, (int)st);
    EXPECT((st == WRIT_OK) == (ws->st == LIVE));
    break;
  }
  case 0:
    if (ws->st != LIVE) {
      WritWorkspace *w = writ_workspace_new(vm);
      if (w) *ws = (WSlot){w, LIVE, 0};
    }
    break;
  case 1:
    /* May be called from a host function, even one its own code called. */
    TRACE("workspace_free ws#%d(%s)", (int)(ws - W), ws->st == LIVE ? "live" : ws->st == DEAD ? "freed" : "NULL");
    writ_workspace_free(wptr(ws));
    if (ws->st == LIVE) {
      ws->st = DEAD;
      ws->when = nfreed++;
      expire();
    }
    break;
  case 2: {
    WritVM *v = writ_workspace_vm(wptr(ws));
    EXPECT(v == (ws->st == LIVE ? vm : NULL));
    break;
  }
  default: {
    /* Misuse that must be refused: a freed or NULL workspace. */
    if (ws->st == LIVE) break;
    EXPECT(writ_eval(wptr(ws), "m", "1", 1, 0) == WRIT_ERR_USAGE);
    WritHandle *one = writ_new_number(vm, 1);
    if (one) EXPECT(writ_grant(wptr(ws), "x", one, 0) == WRIT_ERR_USAGE);
    rel(one);
    EXPECT(!writ_get_variable(wptr(ws), "m", "x"));
    (void)c;
    break;
  }
  }
}

/* What only a host function can do with its WritCall. */
static void op_in_call(WritCall *call) {
  switch (pick(16)) {
  case 0: {
    int n = writ_arg_count(call);
    WritType t = writ_arg_type(call, pick(7) - 1);
    EXPECT(n >= 0 && t <= WRIT_TYPE_INVALID);
    break;
  }
  case 1: { /* any double: nan, inf and negatives must not reach a cast */
    double d = writ_arg_number(call, pick(5));
    sink += d >= 0 && d < 1e18 ? (size_t)d : 1;
    break;
  }
  case 2: {
    size_t n = 0;
    const char *s = writ_arg_string(call, pick(5), &n);
    if (s) touch(s, n);
    break;
  }
  case 3: put(writ_arg(call, pick(5))); break;
  case 4: { /* may run a toString, which may call h again */
    size_t n = 0;
    const char *s = writ_arg_to_string(call, pick(5), pick(2) ? &n : NULL);
    if (s) touch_str(s);
    break;
  }
  case 5:
    put(writ_function_value(call));
    sink += writ_self_data(call) != NULL;
    break;
  case 6: {
    static const char *const texts[] = {"out", "", "\xff\xfe", NULL};
    const char *t = texts[pick(4)];
    writ_write(call, t, t ? strlen(t) : 3);
    break;
  }
  case 7:
    switch (pick(3)) {
    case 0: writ_return_nil(call); break;
    case 1: writ_return_bool(call, pick(2)); break;
    default: writ_return_number(call, (double)(signed char)next_byte() / 4); break;
    }
    break;
  case 8: {
    size_t n = (size_t)pick(16);
    if (n > in_n) n = in_n;
    writ_return_string(call, (const char *)in_p, n); /* maybe not UTF-8: an error */
    in_p += n;
    in_n -= n;
    break;
  }
  case 9: writ_return(call, harg().h); break; /* a bad one raises an error */
  case 10: {
    const char *fmt = NULL;
    switch (pick(3)) {
    case 0: writ_return_error(call, "hop failed %d", pick(100)); break;
    case 1: writ_return_error(call, "%s%0600d", "\xff\xc3", 1); break; /* cut, '?' */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-security"
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    default: writ_return_error(call, fmt); break; /* "name failed" */
#pragma GCC diagnostic pop
    }
    break;
  }
  case 11: {
    static const double units[] = {1, 100, 1e6, -5, 0, NAN, INFINITY};
    sink += (size_t)writ_charge(call, units[pick(7)]);
    break;
  }
  case 12: {
    static const size_t sizes[] = {0, 100, 1u << 20, (size_t)1 << 40, SIZE_MAX};
    sink += (size_t)writ_reserve(call, sizes[pick(5)]);
    break;
  }
  case 13: writ_exit(call, pick(256)); break;
  case 14: {
    EXPECT(writ_call_vm(call) == vm);
    EXPECT(writ_call_user_data(call) == &user_data_marker);
    void *ud = writ_function_user_data(call);
    EXPECT(!ud || ud == &fn_ud_marker);
    WritWorkspace *w = writ_call_workspace(call);
    int known = !w;
    for (int i = 0; i < NWS; i++) known |= W[i].st == LIVE && W[i].w == w;
    EXPECT(known); /* a live workspace of ours, or NULL */
    break;
  }
  default:
    writ_vm_free(vm); /* while the VM runs: does nothing */
    break;
  }
}

/* The WritCall functions with no call: nothing, 0 or NULL. */
static void op_null_call(void) {
  size_t n = 0;
  EXPECT(writ_arg_count(NULL) == 0);
  EXPECT(writ_arg_type(NULL, 1) == WRIT_TYPE_INVALID);
  EXPECT(!writ_arg(NULL, 1));
  EXPECT(!writ_arg_string(NULL, 1, &n));
  EXPECT(!writ_arg_to_string(NULL, 1, &n));
  EXPECT(!writ_function_value(NULL));
  EXPECT(!writ_self_data(NULL));
  EXPECT(!writ_call_vm(NULL));
  EXPECT(!writ_function_user_data(NULL));
  EXPECT(!writ_call_workspace(NULL));
  EXPECT(writ_workspace_set_callbacks(NULL, on_write, on_error, &ws_marker) == WRIT_ERR_USAGE);
  EXPECT(!writ_module_exports(NULL, "m"));
  EXPECT(writ_call_values(NULL, 0, NULL, NULL, NULL) == WRIT_ERR_USAGE);
  {
    unsigned b = next_byte();
    const char *t = writ_status_string((WritStatus)b);
    EXPECT(t && *t);
    if (b > WRIT_EXIT) EXPECT(!strcmp(t, "unknown status"));
  }
  writ_return_nil(NULL);
  writ_return_string(NULL, "x", 1);
  writ_return_error(NULL, "x");
  writ_write(NULL, "x", 1);
  writ_exit(NULL, 1);
  sink += (size_t)writ_charge(NULL, 1) + (size_t)writ_reserve(NULL, 1);
}

/* ------------------------------------------------------------------ */
/* Promises and turns                                                   */

/* Whether type() calls h's value a resolver. A script's class may be
 * named resolver too: only a slot's resolver flag (writ_promise_new made
 * the handle) says it certainly is one. */
static int looks_resolver(const WritHandle *h) {
  const char *t = writ_type_name(h);
  return t && !strcmp(t, "resolver");
}

/* A resolver operand: half the time a live slot holding one, if any (few
 * of the NH slots do), else any handle operand. */
static Arg resolver_arg(void) {
  if (pick(2)) {
    int k = pick(NH);
    for (int i = 0; i < NH; i++) {
      HSlot *s = &H[(k + i) % NH];
      if (s->st == LIVE && !s->foreign && looks_resolver(s->h)) return (Arg){s->h, 0, 0, s};
    }
  }
  return harg();
}

static void op_promise_new(Ctx *c) {
  WritHandle *p = NULL, *r = NULL;
  unsigned long f0 = nfailed;
  WritStatus st = writ_promise_new(vm, &p, &r);
  TRACE("promise_new -> status %d", (int)st);
  EXPECT(st == WRIT_OK ? p && r : !p && !r); /* both or none: the caller releases them */
  /* Not refused inside a host function: an asynchronous one returns the
   * promise. At the top level only the allocator can make it fail. */
  if (c->call) EXPECT(st != WRIT_ERR_USAGE);
  else EXPECT(st == WRIT_OK || (st == WRIT_ERR_MEMORY && nfailed != f0));
  if (st != WRIT_OK) return;
  EXPECT(!strcmp(writ_type_name(p), "promise") && !strcmp(writ_type_name(r), "resolver"));
  put(p);
  put(r)->resolver = 1;
}

/* writ_resolve / writ_reject with a resolver or anything else. */
static void op_settle(Ctx *c) {
  Arg r = resolver_arg(), v = harg();
  int reject = pick(2);
  WritHandle *value = pick(4) ? v.h : NULL; /* NULL: nil */
  /* Refused: no resolver (NULL, released, another VM's, another type), a
   * value released or of another VM than the resolver. */
  int bad = r.bad || r.foreign || !looks_resolver(r.h) || (value && (v.bad || v.foreign));
  unsigned long f0 = nfailed;
  WritStatus st = reject ? writ_reject(r.h, value) : writ_resolve(r.h, value);
  TRACE("%s %s with %s -> status %d", reject ? "reject" : "resolve",
        bad ? "bad resolver or value" : r.slot && r.slot->resolver ? "resolver" : "script's resolver",
        value ? "a handle" : "NULL", (int)st);
  if (bad) EXPECT(st == WRIT_ERR_USAGE);
  else if (!r.slot || !r.slot->resolver) return;
  /* A settled promise is settled again without complaint (WRIT_OK). Inside
   * a host function a run that is stopping (exit, limit) may show through. */
  else if (c->call) EXPECT(st != WRIT_ERR_USAGE);
  else EXPECT(st == WRIT_OK || (st == WRIT_ERR_MEMORY && nfailed != f0));
}

/* writ_run_turns with a picked max, always under the limit profile: a
 * script may queue turns forever (ping, a when in a loop), so only fuel
 * ends the call. */
static void op_run_turns(Ctx *c) {
  static const long maxes[] = {-1, 0, 1, 2, 3, 8, 50, LONG_MIN, LONG_MAX};
  long max = maxes[pick((int)(sizeof maxes / sizeof maxes[0]))];
  long ran = -7, *rp = pick(4) ? &ran : NULL;
  if (!c->call && runs >= MAX_RUNS) return;
  runs++;
  size_t before = writ_pending(vm);
  TRACE("run_turns max=%ld limits#%d, %zu pending", max, profile, before);
  /* read now: a host function the turns call may pick another profile */
  int bad = limits_bad();
  WritStatus st = writ_run_turns(vm, max, limits(), rp);
  size_t after = writ_pending(vm);
  TRACE("  -> status %d, ran %ld, %zu pending", (int)st, ran, after);
  if (c->call || bad) { /* from inside a run; NaN limits */
    EXPECT(st == WRIT_ERR_USAGE && after == before);
    return;
  }
  /* A failed turn is no failure of the call: only what stops the loop. */
  EXPECT(st == WRIT_OK || st == WRIT_EXIT || st == WRIT_ERR_INTERRUPTED || st == WRIT_ERR_LIMIT ||
         st == WRIT_ERR_MEMORY);
  if (rp) EXPECT(ran >= 0 && (max < 0 || ran <= max));
  /* Up to max: fewer only when the queue ran dry. */
  if (st == WRIT_OK && (max < 0 || (rp && ran < max))) EXPECT(after == 0);
}

/* writ_pending and the pending list: one string per waiting message. */
static void op_queue(Ctx *c) {
  size_t n = writ_pending(vm);
  unsigned long f0 = nfailed;
  WritHandle *l = writ_pending_list(vm);
  TRACE("pending %zu, list %s", n, l ? "made" : "NULL");
  /* Inside a host function, a run that is stopping refuses it too. */
  if (!c->call) EXPECT(l || nfailed != f0);
  if (!l) return;
  EXPECT(writ_type(l) == WRIT_TYPE_LIST && writ_list_len(l) == n);
  for (size_t i = 0; i < n && i < 8; i++) {
    WritHandle *s = writ_list_get(l, (long)i);
    const char *t = NULL;
    size_t len = 0;
    if (!c->call) EXPECT(s || nfailed != f0);
    if (!s) continue;
    EXPECT(writ_get_string(s, &t, &len) == WRIT_OK);
    touch(t, len);
    rel(s);
  }
  if (pick(2)) put(l);
  else rel(l);
}

/* writ_report_unhandled: as many diagnostics as it says, at this host
 * depth. It runs no Writ code (a reason is previewed, not converted with
 * its toString), so it is safe after any source, cut from the input or
 * not, and right after a run that writ_exit ended. */
static void op_report(void) {
  unsigned long d0 = ndiags[host_depth];
  int n = writ_report_unhandled(vm);
  TRACE("report_unhandled -> %d", n);
  EXPECT(n >= 0 && ndiags[host_depth] - d0 == (unsigned long)n);
}

/* writ_repl_settle_last: 1 or 0, never allocating; no workspace, none
 * settled. A freed workspace is not promised to be caught here. */
static void op_settle_last(void) {
  WSlot *ws = wslot();
  const char *module = module_names[pick((int)(sizeof module_names / sizeof module_names[0]))];
  WritWorkspace *w = ws->st == LIVE ? ws->w : NULL;
  unsigned long g0 = ngrown;
  int r = writ_repl_settle_last(w, module);
  TRACE("repl_settle_last ws#%d(%s) %s -> %d", (int)(ws - W), w ? "live" : "NULL", module ? module : "NULL",
        r);
  EXPECT(r == 0 || r == 1);
  if (!w || !module) EXPECT(r == 0);
  EXPECT(ngrown == g0);
}

/* The same functions with no VM, no resolver, no place for the result. */
static void op_async_null(void) {
  long ran = -7;
  EXPECT(writ_pending(NULL) == 0);
  EXPECT(!writ_pending_list(NULL));
  EXPECT(writ_report_unhandled(NULL) == 0);
  EXPECT(writ_run_turns(NULL, -1, &profiles[0], &ran) == WRIT_ERR_USAGE);
  EXPECT(writ_resolve(NULL, NULL) == WRIT_ERR_USAGE);
  EXPECT(writ_reject(NULL, foreign) == WRIT_ERR_USAGE);
  if (foreign) EXPECT(writ_resolve(foreign, NULL) == WRIT_ERR_USAGE); /* vm2's string */
  EXPECT(writ_repl_settle_last(NULL, "m") == 0);
  WritHandle *p = NULL, *r = NULL;
  switch (pick(3)) {
  case 0: EXPECT(writ_promise_new(NULL, &p, &r) == WRIT_ERR_USAGE); break;
  case 1: EXPECT(writ_promise_new(vm, NULL, &r) == WRIT_ERR_USAGE); break;
  default: EXPECT(writ_promise_new(vm, &p, NULL) == WRIT_ERR_USAGE); break;
  }
  EXPECT(!p && !r); /* no handle made for nobody to release */
}

/* Promises and turns, at the top level and inside host functions (where
 * writ_run_turns is refused and the rest is not). */
static void op_async(Ctx *c) {
  switch (pick(10)) {
  case 0:
  case 1: op_promise_new(c); break;
  case 2:
  case 3: op_settle(c); break;
  case 4:
  case 5: op_run_turns(c); break;
  case 6: op_queue(c); break;
  case 7: op_report(); break;
  case 8: op_settle_last(); break;
  default: op_async_null(); break;
  }
}

static void op(Ctx *c) {
  int which = pick(c->call ? 25 : 21);
  TRACE("op %d%s", which, c->call ? " (in a host call)" : "");
  switch (which) {
  case 0: op_workspace(c); break;
  case 1: op_eval(c, 0); break;
  case 2: op_eval(c, 1); break;
  case 3: op_new_value(); break;
  case 4:
  case 5: {
    Arg a = harg();
    WritHandle *h = writ_copy_handle(a.h);
    if (a.bad) EXPECT(!h);
    put_vm(h, a.foreign);
    break;
  }
  case 6:
  case 7: {
    Arg a = harg();
    if (a.slot) release_slot(a.slot);
    break;
  }
  case 8: op_call(c, 0); break;
  case 9:
    if (pick(3)) op_call(c, 1);
    else op_call_values(c);
    break;
  case 10: op_read(); break;
  case 11: op_list(); break;
  case 12: op_map(); break;
  case 13: writ_freeze(harg().h); break;
  case 14: op_grant(); break;
  case 15: op_new_function(); break;
  case 16: op_class(); break;
  case 17: op_look(c); break;
  case 18:
    switch (pick(8)) {
    case 0:
      profile = pick(NPROFILES);
      TRACE("limits#%d", profile);
      break;
    case 1: writ_collect(vm); break;
    case 2: writ_interrupt(vm); break; /* dropped when the next run starts */
    case 3: /* refuse growth: soon, for a few allocations */
      fail_in = pick(64) * (1 + pick(8));
      fail_len = 1 + pick(3);
      TRACE("allocations fail after %ld more, %d of them", fail_in, fail_len);
      break;
    case 4: reenter = 1 + pick(2); break;
    case 5: {
      touch_str(writ_keyword(pick(40)));
      sink += (size_t)writ_exit_code(vm);
      break;
    }
    case 6: op_null_call(); break;
    default: { /* another VM's handle where this VM's is expected */
      Arg l = harg();
      if (!foreign) break;
      if (!l.foreign) { /* a vm2 list or map may take it */
        EXPECT(writ_list_push(l.h, foreign) == WRIT_ERR_USAGE);
        EXPECT(writ_map_set(l.h, "k", foreign) == WRIT_ERR_USAGE);
      }
      WritWorkspace *w = any_live_ws();
      if (w) EXPECT(writ_grant(w, "x", foreign, 0) == WRIT_ERR_USAGE);
      break;
    }
    }
    break;
  case 19: op_async(c); break;
  default:
    if (c->call) op_in_call(c->call);
    else op_workspace(c);
    break;
  }
}

/* ------------------------------------------------------------------ */

static void grant_basics(WritWorkspace *w, WritHandle *hop, WritHandle *echo, WritHandle *box) {
  writ_grant(w, "h", hop, 0);
  writ_grant(w, "echo", echo, 0);
  writ_grant(w, "box", box, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (tracing < 0) tracing = getenv("FUZZ_API_TRACE") != NULL;
  in_p = data;
  in_n = size;
  memset(H, 0, sizeof H);
  memset(W, 0, sizeof W);
  memset(ndiags, 0, sizeof ndiags);
  nreleased = nfreed = 0;
  runs = host_depth = reenter = in_error = 0;
  profile = 0;
  fail_in = -1;
  fail_len = 0;

  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.alloc = fz_alloc;
  cfg.write = on_write;
  cfg.error = on_error;
  cfg.load_module = loader;
  cfg.release = release_cb;
  cfg.user_data = &user_data_marker;
  vm = writ_vm_new(&cfg);
  if (!vm) abort();
  vm2 = writ_vm_new(NULL);
  foreign = vm2 ? writ_new_string(vm2, "foreign", 7) : NULL;

  /* A workspace with h, echo and box granted; their handles in slots 0-3. */
  WritHandle *hop = writ_new_function(vm, "h", hf_hop, 0, -1);
  WritHandle *echo = writ_new_function(vm, "echo", hf_echo, 0, 1);
  WritHandle *cls = writ_new_class(vm, "Box", box_methods, sizeof(Box), box_finalize);
  void *bd = NULL;
  WritHandle *box = writ_new_object(cls, &bd);
  if (!hop || !echo || !cls || !box || !bd) abort();
  ((Box *)bd)->magic = BOX_MAGIC;
  W[0] = (WSlot){writ_workspace_new(vm), LIVE, 0};
  if (!W[0].w) abort();
  grant_basics(W[0].w, hop, echo, box);
  H[0] = (HSlot){hop, LIVE, 0, 0, 0};
  H[1] = (HSlot){echo, LIVE, 0, 0, 0};
  H[2] = (HSlot){cls, LIVE, 0, 0, 0};
  H[3] = (HSlot){box, LIVE, 0, 0, 0};

  Ctx top = {NULL};
  for (int steps = 0; in_n > 0 && steps < 400; steps++) op(&top);

  fail_in = -1;
  /* The VM must still run code (unless a run called writ_exit: that is
   * only the status). */
  WritWorkspace *w = writ_workspace_new(vm);
  if (w) {
    WritHandle *r = NULL;
    WritStatus st = writ_eval_value(w, "check", "1 + 1", 5, WRIT_EVAL_REPL, &profiles[0], &r);
    double d = 0;
    EXPECT(st == WRIT_OK && writ_get_number(r, &d) == WRIT_OK && d == 2);
    rel(r);
  }
  /* Release some handles by hand; writ_vm_free takes the rest. */
  for (int i = 0; i < NH; i += 2)
    if (H[i].st == LIVE) release_slot(&H[i]);
  writ_vm_free(vm);
  vm = NULL;
  check_loader_leaks();
  writ_vm_free(vm2);
  vm2 = NULL;
  foreign = NULL;
  return 0;
}
