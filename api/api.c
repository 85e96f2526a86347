/* The public API (include/writ.h) over the internal VM. Every entry point
 * runs under vm_protect, so no error escapes as a longjmp into the host. */
#include <stdio.h>
#include "api/api.h"
#include "include/writ.h"
#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/disasm.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/module.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/workspace.h"
#include "vm/wstring.h"

WritWorkspace *api_host_workspace(ObjWorkspace *w) {
  while (w && !w->host) w = w->parent; /* a freed host workspace has no parent */
  return w ? w->host : NULL;
}

void api_write(WVM *vm, ObjWorkspace *ws, const char *s, size_t n) {
  WritWorkspace *w = api_host_workspace(ws);
  HostData *h = vm->hostData;
  if (w && w->write) w->write(w->userData, s, n);
  else if (h->config.write) h->config.write(h->config.user_data, s, n);
}

static void write_out(WVM *vm, const char *s, size_t n) { api_write(vm, NULL, s, n); }

const char *writ_status_string(WritStatus st) {
  switch (st) {
  case WRIT_OK: return "ok";
  case WRIT_ERR_SYNTAX: return "syntax error";
  case WRIT_ERR_INCOMPLETE: return "incomplete input";
  case WRIT_ERR_RUNTIME: return "runtime error";
  case WRIT_ERR_INTERRUPTED: return "interrupted";
  case WRIT_ERR_MEMORY: return "out of memory";
  case WRIT_ERR_USAGE: return "invalid use of the API";
  case WRIT_ERR_LIMIT: return "limit reached";
  case WRIT_EXIT: return "exit requested";
  }
  return "unknown status";
}

static char *load_thunk(void *ud, const char *importer, const char *path, char **canon,
                        size_t *len, char *err, size_t errcap) {
  HostData *h = ud;
  return h->config.load_module(h->config.user_data, importer, path, canon, len, err, errcap);
}

static void release_thunk(void *ud, char *p) {
  HostData *h = ud;
  if (h->config.release) h->config.release(h->config.user_data, p);
}

void writ_config_init(WritConfig *c) {
  if (c) memset(c, 0, sizeof *c);
}

WritVM *writ_vm_new(const WritConfig *config) {
  WritConfig c;
  writ_config_init(&c);
  if (config) c = *config;
  WVM *vm = vm_new(c.alloc, c.alloc_ud, stdlib_open); /* a VM with its standard library */
  if (!vm) return NULL;
  HostData *h = vm->allocFn(vm->allocUd, NULL, 0, sizeof(HostData));
  if (!h) {
    vm_free(vm);
    return NULL;
  }
  h->config = c;
  h->deadWs = NULL;
  h->ndeadWs = 0;
  h->reporting = 0;
  vm->hostData = h;
  vm->writeOut = write_out;
  if (c.load_module) {
    vm->loader.ud = h;
    vm->loader.load = load_thunk;
    vm->loader.release = release_thunk;
  }
  return (WritVM *)vm;
}

void writ_vm_free(WritVM *wvm) {
  /* From inside a host function the VM is still running, and the error
   * callback returns into api_failure: freeing the VM would pull it from
   * under them. Refused (nothing). */
  if (!wvm || api_busy(&wvm->vm) || ((HostData *)wvm->vm.hostData)->reporting) return;
  WVM *vm = &wvm->vm;
  /* Host workspace handles are freed with the VM, live and quarantined. */
  uint32_t pos = 0;
  Value k, v;
  while (map_next(vm->pinned, &pos, &k, &v)) {
    ObjWorkspace *w = AS_WORKSPACE(k);
    if (w->host) vm->allocFn(vm->allocUd, w->host, sizeof(WritWorkspace), 0);
  }
  HostData *hd = vm->hostData;
  for (WritWorkspace *w = hd->deadWs, *next; w; w = next) {
    next = w->nextDead;
    vm->allocFn(vm->allocUd, w, sizeof(WritWorkspace), 0);
  }
  for (int dead = 0; dead < 2; dead++) {
    WritHandle *h = dead ? vm->deadHandles : vm->handles;
    while (h) {
      WritHandle *next = h->next;
      vm->allocFn(vm->allocUd, h, sizeof *h, 0);
      h = next;
    }
  }
  vm->allocFn(vm->allocUd, vm->hostData, sizeof(HostData), 0);
  vm_free(vm);
}

typedef struct {
  WritWorkspace *result;
  WritVM *owner;
} NewWs;

static void new_ws(WVM *vm, void *ud) {
  NewWs *a = ud;
  ObjWorkspace *w = workspace_new(vm, NULL);
  w->canLoad = 1;
  vm_push_root(vm, OBJ_VAL(w));
  map_set(vm, vm->pinned, OBJ_VAL(w), TRUE_VAL);
  vm_pop_root(vm);
  WritWorkspace *h = vm->allocFn(vm->allocUd, NULL, 0, sizeof(WritWorkspace));
  if (!h) vm_raise(vm, "out of memory");
  h->owner = a->owner;
  h->ws = w;
  h->nextDead = NULL;
  h->write = NULL;
  h->error = NULL;
  h->userData = NULL;
  w->host = h;
  a->result = h;
}

WritWorkspace *writ_workspace_new(WritVM *wvm) {
  if (!wvm) return NULL;
  NewWs a = {NULL, wvm};
  if (!api_protect(&wvm->vm, new_ws, &a)) return NULL;
  return a.result;
}

WritVM *writ_workspace_vm(WritWorkspace *h) { return h && h->ws ? h->owner : NULL; }

WritStatus writ_workspace_set_callbacks(WritWorkspace *h, WritWriteFn write, WritErrorFn error, void *ud) {
  if (!h || !h->ws) return WRIT_ERR_USAGE;
  h->write = write;
  h->error = error;
  h->userData = ud;
  return WRIT_OK;
}

/* The shell stays in quarantine (ws NULL: every use is refused) until
 * WS_QUARANTINE more are freed. Code of the workspace that is running
 * (a host function freeing its own workspace) keeps the ObjWorkspace
 * alive through its frames until it returns. */
void writ_workspace_free(WritWorkspace *h) {
  if (!h || !h->ws) return;
  WVM *vm = &h->owner->vm;
  map_remove(vm, vm->pinned, OBJ_VAL(h->ws));
  h->ws->host = NULL;
  h->ws = NULL;
  HostData *hd = vm->hostData;
  h->nextDead = hd->deadWs;
  hd->deadWs = h;
  if (++hd->ndeadWs <= WS_QUARANTINE) return;
  WritWorkspace **oldest = &hd->deadWs;
  while ((*oldest)->nextDead) oldest = &(*oldest)->nextDead;
  vm->allocFn(vm->allocUd, *oldest, sizeof(WritWorkspace), 0);
  *oldest = NULL;
  hd->ndeadWs--;
}

/* ---- evaluation ---- */

typedef struct {
  ObjWorkspace *ws;
  const char *name, *src;
  size_t len;
  int flags;
  Value result;
  WritHandle **out; /* writ_eval_value: the result goes here, not to write */
} EvalArgs;

static ObjModule *get_module(WVM *vm, ObjWorkspace *ws, const char *name, int flags) {
  ObjString *s = str_cstr(vm, name);
  vm_push_root(vm, OBJ_VAL(s));
  Value existing;
  ObjModule *m;
  if ((flags & WRIT_EVAL_REPL) && map_get(vm, ws->modules, OBJ_VAL(s), &existing)) {
    m = AS_MODULE(existing);
  } else {
    m = module_new(vm, s, ws);
    vm_push_root(vm, OBJ_VAL(m));
    map_set(vm, ws->modules, OBJ_VAL(s), OBJ_VAL(m));
    vm_pop_root(vm);
  }
  vm_pop_root(vm);
  m->privileged = (flags & WRIT_EVAL_MAIN) != 0;
  return m;
}

static bool handle_result(WVM *vm, EvalArgs *a) {
  if (!a->out) return true;
  *a->out = handle_new(vm, a->result);
  return *a->out != NULL;
}

static void do_eval(WVM *vm, void *ud) {
  EvalArgs *a = ud;
  ObjModule *m = get_module(vm, a->ws, a->name, a->flags);
  if (a->flags & WRIT_EVAL_REPL && !(a->flags & (WRIT_EVAL_CHECK | WRIT_EVAL_DISASM))) {
    a->result = module_continue(vm, m, a->src, a->len, (a->flags & WRIT_EVAL_QUIET_INCOMPLETE) != 0);
    m->state = MOD_READY;
    if (IS_NIL(a->result)) return;
    vm_push_root(vm, a->result);
    if (!(a->flags & WRIT_EVAL_NO_LAST)) module_set_last_value(vm, m, a->result);
    if (!a->out) {
      ObjString *s = value_to_string(vm, a->result, true);
      vm_push_root(vm, OBJ_VAL(s)); /* the callback may make values: s must live through it */
      api_write(vm, a->ws, s->chars, s->len);
      api_write(vm, a->ws, "\n", 1);
      vm_pop_root(vm);
    }
    vm_pop_root(vm);
    return;
  }
  /* Keep the source for error carets. */
  m->srcBase = m->lineBase = 0;
  ObjString *src = NULL;
  if (utf8_invalid_at(a->src, a->len) < 0 && a->len <= WRIT_MAX_SOURCE_BYTES) src = str_copy(vm, a->src, a->len);
  m->source = src;
  if (a->flags & WRIT_EVAL_DISASM) {
    ObjString *text = disasm_proto(vm, module_compile(vm, m, a->src, a->len, false));
    a->result = OBJ_VAL(text);
    if (!a->out) {
      vm_push_root(vm, a->result);
      api_write(vm, a->ws, text->chars, text->len);
      vm_pop_root(vm);
    }
    return;
  }
  if (a->flags & WRIT_EVAL_CHECK) {
    module_check(vm, m, a->src, a->len);
    return;
  }
  a->result = module_exec(vm, m, a->src, a->len, false);
  m->state = MOD_READY;
}

/* Line `line` of the module's source, into buf: the whole line when it is
 * short, else a window around column col marked with "..." at the cut
 * ends. *caret gets the column's position within what was copied. */
static const char *source_line(ObjModule *m, int line, int col, int *caret, char *buf, size_t cap) {
  if (!m || !m->source || line <= m->srcBase) return NULL;
  line -= m->srcBase;
  const char *p = m->source->chars, *end = p + m->source->len;
  int l = 1;
  for (; l < line && p < end; p++)
    if (*p == '\n') l++;
  if (l < line) return NULL; /* not this source's line (an earlier REPL chunk's) */
  const char *e = memchr(p, '\n', (size_t)(end - p));
  if (!e) e = end;
  if (e > p && e[-1] == '\r') e--;
  size_t len = (size_t)(e - p), at = col > 0 ? (size_t)col - 1 : 0, from = 0, n = len;
  if (at > len) at = len;
  if (len > 160) {
    from = at > 60 ? at - 60 : 0;
    while (from > 0 && ((unsigned char)p[from] & 0xC0) == 0x80) from--; /* whole characters */
    n = len - from > 150 ? 150 : len - from;
    while (from + n < len && n > 0 && ((unsigned char)p[from + n] & 0xC0) == 0x80) n--;
  }
  size_t k = 0;
  if (from) { memcpy(buf, "...", 3); k = 3; }
  if (n > cap - k - 4) n = cap - k - 4;
  memcpy(buf + k, p + from, n);
  k += n;
  if (from + n < len) { memcpy(buf + k, "...", 3); k += 3; }
  buf[k] = '\0';
  *caret = (int)(at - from) + 1 + (from ? 3 : 0);
  return buf;
}

typedef struct {
  Value err;
  WritDiagnostic *d;
  char *trace;
  size_t tracecap;
  char file[512];
  char msg[1024];
  char line[1024];
} Report;

ObjModule *api_find_module(WVM *vm, ObjWorkspace *ws, const char *name) {
  Value m; /* never allocates */
  if (ws && map_get_bytes(vm, ws->modules, name, strlen(name), &m)) return AS_MODULE(m);
  return NULL;
}

static void describe_trace_from(WVM *vm, ObjWorkspace *ws, Report *r, Value t, uint32_t from);
static void describe_trace(WVM *vm, ObjWorkspace *ws, Report *r, Value t) { describe_trace_from(vm, ws, r, t, 0); }

/* The diagnostic's position (file, line, column, source line) from a
 * trace frame. */
static void describe_frame(WVM *vm, ObjWorkspace *ws, Report *r, ObjList *f) {
  WritDiagnostic *d = r->d;
  snprintf(r->file, sizeof r->file, "%s", AS_CSTRING(f->items[FRAME_MODULE]));
  d->file = r->file;
  d->line = (int)AS_NUMBER(f->items[FRAME_LINE]);
  d->column = (int)AS_NUMBER(f->items[FRAME_COL]);
  d->source_line = source_line(api_find_module(vm, ws, r->file), d->line, d->column, &d->caret, r->line, sizeof r->line);
}

/* Turns the error value into a diagnostic without allocating on the VM. */
static void describe_error(WVM *vm, ObjWorkspace *ws, Report *r, WritStatus st) {
  WritDiagnostic *d = r->d;
  memset(d, 0, sizeof *d);
  d->status = st;
  Value e = r->err;
  d->file = "";
  d->message = r->msg;
  d->trace = "";
  snprintf(r->msg, sizeof r->msg, "error");
  Value t;
  bool isError = false;
  for (ObjClass *k = IS_INSTANCE(e) ? AS_INSTANCE(e)->klass : NULL; k; k = k->super)
    if (k == vm->cError) isError = true;
  if (!isError) {
    /* Show the value itself (a preview: nothing may run or allocate here). */
    char peek[200];
    value_peek(e, peek, sizeof peek);
    const char *type = value_type_name(vm, e);
    if (IS_NIL(e)) snprintf(r->msg, sizeof r->msg, "uncaught value nil (not an Error)");
    else snprintf(r->msg, sizeof r->msg, "uncaught value %s (%s %s, not an Error)", peek,
                  strchr("AEIOUaeiou", type[0]) ? "an" : "a", type);
    t = vm->throwTrace;
    vm->throwTrace = NIL_VAL;
    describe_trace(vm, ws, r, t);
    return;
  }
  ObjInstance *in = AS_INSTANCE(e);
  Value msg = in->fields[ERROR_MESSAGE];
  const char *text = IS_STRING(msg) ? AS_CSTRING(msg) : "";
  if (in->klass != vm->cError) snprintf(r->msg, sizeof r->msg, "%s: %s", in->klass->name->chars, text);
  else snprintf(r->msg, sizeof r->msg, "%s", text);
  if (in->obj.flags & ERROR_SYNTAX) { /* where the source failed: its one frame; no trace */
    ObjList *where = error_where(e);
    if (where) describe_frame(vm, ws, r, where);
    describe_trace_from(vm, ws, r, in->fields[ERROR_TRACE], 1); /* the imports it passed */
    return;
  }
  describe_trace(vm, ws, r, in->fields[ERROR_TRACE]);
}

/* The trace's frames from index `from` on as "  at ..." lines; frame 0
 * (when from is 0) also gives the diagnostic its position. */
static void describe_trace_from(WVM *vm, ObjWorkspace *ws, Report *r, Value t, uint32_t from) {
  WritDiagnostic *d = r->d;
  if (!IS_LIST(t)) return;
  ObjList *l = AS_LIST(t);
  size_t used = 0;
  for (uint32_t i = from; i < l->count; i++) {
    char buf[600];
    int n;
    if (IS_NUMBER(l->items[i])) {
      n = snprintf(buf, sizeof buf, "  ... %.0f more\n", AS_NUMBER(l->items[i]));
    } else {
      ObjList *f = AS_LIST(l->items[i]);
      if (i == 0) describe_frame(vm, ws, r, f);
      n = snprintf(buf, sizeof buf, "  at %s (%s:%.0f:%.0f)\n", AS_CSTRING(f->items[FRAME_FN]),
                   AS_CSTRING(f->items[FRAME_MODULE]), AS_NUMBER(f->items[FRAME_LINE]), AS_NUMBER(f->items[FRAME_COL]));
    }
    if (n < 0) continue;
    if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
    if (used + (size_t)n + 1 > r->tracecap) break;
    memcpy(r->trace + used, buf, (size_t)n);
    used += (size_t)n;
  }
  r->trace[used] = '\0';
  d->trace = r->trace;
}

WritStatus api_failure(WVM *vm, ObjWorkspace *ws, int flags) {
  Value err = vm->error;
  vm->error = NIL_VAL;
  static const WritStatus status_of[] = {
      [FAIL_RUNTIME] = WRIT_ERR_RUNTIME, [FAIL_SYNTAX] = WRIT_ERR_SYNTAX,
      [FAIL_INCOMPLETE] = WRIT_ERR_INCOMPLETE, [FAIL_LIMIT] = WRIT_ERR_LIMIT,
      [FAIL_MEMORY] = WRIT_ERR_MEMORY, [FAIL_EXIT] = WRIT_EXIT, [FAIL_INTERRUPT] = WRIT_ERR_INTERRUPTED};
  WritStatus st = status_of[error_kind(vm, err)];
  vm->interruptedRun = false;
  if (st == WRIT_EXIT) {
    /* The outermost run is over: the request was its. Left set, it would
     * turn the next failure outside a run (writ_list_push on a frozen
     * list, writ_report_unhandled's reports) into WRIT_EXIT. A nested
     * run's stays for the run around it, which is still exiting. */
    if (vm->nframes == 0 && vm->nativeDepth == 0) vm->exitRequested = false;
    return st;
  }
  HostData *hd = vm->hostData;
  if (st == WRIT_ERR_INCOMPLETE && (flags & WRIT_EVAL_QUIET_INCOMPLETE)) return st;
  WritWorkspace *own = api_host_workspace(ws);
  WritErrorFn report = own && own->error ? own->error : hd->config.error;
  void *reportUd = own && own->error ? own->userData : hd->config.user_data;
  if (report) {
    WritDiagnostic d;
    char trace[4096];
    Report r;
    r.err = err;
    r.d = &d;
    r.trace = trace;
    r.tracecap = sizeof trace;
    trace[0] = '\0';
    if (st == WRIT_ERR_LIMIT) {
      memset(&d, 0, sizeof d);
      d.status = st;
      d.file = "";
      d.trace = "";
      d.message = vm->exhausted == BUDGET_FUEL ? "out of fuel (the host's limit)" : "memory limit exceeded (the host's limit)";
    } else {
      describe_error(vm, ws, &r, st);
    }
    hd->reporting++;
    report(reportUd, &d);
    hd->reporting--;
  }
  vm->exhausted = BUDGET_NONE;
  return st;
}

/* After fn failed: keeps an uncatchable error raised inside a run for the
 * host function to return into (see api_protect). */
static bool keep_pending(WVM *vm) {
  if (!vm->uncatchable || !vm->errjmp) return false;
  vm->pendingError = vm->error;
  vm->error = NIL_VAL;
  return true;
}

bool api_protect(WVM *vm, void (*fn)(WVM *vm, void *ud), void *ud) {
  if (!IS_NIL(vm->pendingError)) return false; /* the run is stopping */
  if (vm_protect(vm, fn, ud)) return true;
  if (!keep_pending(vm)) vm->error = NIL_VAL;
  return false;
}

static WritStatus pending_status(WVM *vm) {
  if (vm->exitRequested) return WRIT_EXIT;
  if (vm->interruptedRun) return WRIT_ERR_INTERRUPTED;
  return WRIT_ERR_LIMIT;
}

WritStatus api_protect_status(WVM *vm, void (*fn)(WVM *vm, void *ud), void *ud) {
  if (!IS_NIL(vm->pendingError)) return pending_status(vm);
  if (vm_protect(vm, fn, ud)) return WRIT_OK;
  if (keep_pending(vm)) return pending_status(vm);
  return api_failure(vm, NULL, 0);
}

typedef struct {
  void (*fn)(WVM *vm, void *ud);
  void *ud;
  int depth;
} LimitedRun;

static void run_limited(WVM *vm, void *ud) {
  LimitedRun *r = ud;
  if (r->depth >= 0 && vm->nframes + r->depth < vm->frameLimit)
    vm_set_frame_limit(vm, vm->nframes + r->depth, r->depth);
  r->fn(vm, r->ud);
}

bool api_run(WVM *vm, const WritLimits *limits, void (*fn)(WVM *vm, void *ud), void *ud) {
  vm->exitRequested = false;
  /* A request that arrived while nothing ran belongs to no run: drop it. */
  if (vm->nframes == 0 && vm->nativeDepth == 0) {
    atomic_store_explicit(&vm->interrupt, 0, memory_order_relaxed);
    /* Left by host code that is not a host function (a loader, a write
     * callback) and so was never raised: it belonged to a finished run. */
    vm->pendingError = NIL_VAL;
  }
  vm->exhausted = BUDGET_NONE;
  if (!limits) return vm_protect(vm, fn, ud);
  Budget b;
  budget_enter(vm, &b, limits->fuel, limits->memory);
  int savedLimit = vm->frameLimit, savedShown = vm->frameLimitShown;
  LimitedRun r = {fn, ud, limits->depth};
  bool ok = vm_protect(vm, run_limited, &r);
  vm_set_frame_limit(vm, savedLimit, savedShown);
  budget_leave(vm, &b);
  return ok;
}

#define EVAL_FLAGS \
  (WRIT_EVAL_MAIN | WRIT_EVAL_REPL | WRIT_EVAL_CHECK | WRIT_EVAL_QUIET_INCOMPLETE | WRIT_EVAL_NO_LAST | \
   WRIT_EVAL_DISASM)

WritStatus writ_eval_value(WritWorkspace *h, const char *name, const char *source, size_t len, int flags,
                           const WritLimits *limits, WritHandle **out) {
  if (out) *out = NULL;
  if (!h || !h->ws || !name || (!source && len) || (flags & ~EVAL_FLAGS) || !api_limits_ok(limits))
    return WRIT_ERR_USAGE;
  /* The name becomes a Writ string (traces, diagnostics): UTF-8 only. */
  if (utf8_invalid_at(name, strlen(name)) >= 0) return WRIT_ERR_USAGE;
  WVM *vm = &h->owner->vm;
  if (api_busy(vm)) return WRIT_ERR_USAGE; /* re-entry from a callback */
  /* Kept: a host function may free h while the code runs. */
  ObjWorkspace *ws = h->ws;
  EvalArgs a = {ws, name, source ? source : "", len, flags, NIL_VAL, out};
  if (api_run(vm, limits, do_eval, &a)) return handle_result(vm, &a) ? WRIT_OK : WRIT_ERR_MEMORY;
  return api_failure(vm, ws, flags);
}

WritStatus writ_eval_limited(WritWorkspace *h, const char *name, const char *source, size_t len, int flags,
                             const WritLimits *limits) {
  return writ_eval_value(h, name, source, len, flags, limits, NULL);
}

WritStatus writ_eval(WritWorkspace *h, const char *name, const char *source, size_t len, int flags) {
  return writ_eval_limited(h, name, source, len, flags, NULL);
}

void writ_limits_init(WritLimits *l) {
  if (!l) return;
  l->fuel = -1;
  l->memory = -1;
  l->depth = -1;
}

int writ_exit_code(WritVM *vm) { return vm ? vm->vm.exitCode : 0; }

void writ_interrupt(WritVM *vm) {
  if (vm) atomic_store_explicit(&vm->vm.interrupt, 1, memory_order_relaxed);
}
