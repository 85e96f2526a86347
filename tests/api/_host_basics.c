/* Host functions, host classes, grants, handles, calls and limits through
 * the public API only. Prints what it checks; the .sh compares. */
#include <stdio.h>
#include <string.h>
#include "writ.h"

static void on_write(void *ud, const char *s, size_t n) { (void)ud; fwrite(s, 1, n, stdout); }
static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  printf("diag[%d] %s:%d: %s\n", (int)d->status, d->file ? d->file : "", d->line, d->message);
}

typedef struct { int count; char last[64]; } LogData;

static void log_write(WritCall *c) {
  LogData *d = writ_self_data(c);
  size_t n;
  const char *s = writ_arg_string(c, 1, &n);
  if (!s) return; /* the error is already recorded */
  d->count++;
  snprintf(d->last, sizeof d->last, "%.*s", (int)n, s);
  printf("log: %s\n", d->last);
  writ_return_number(c, d->count);
}

static void log_count(WritCall *c) { writ_return_number(c, ((LogData *)writ_self_data(c))->count); }
static void fail_fn(WritCall *c) { writ_return_error(c, "refused: %s", "no"); }
static void twice(WritCall *c) { writ_return_number(c, 2 * writ_arg_number(c, 1)); }
static void greet(WritCall *c) { writ_return_string(c, "hello", 5); }

static int finalized;
static void fin(void *data) { (void)data; finalized++; }

static const WritMethod log_methods[] = {
    {"write", log_write, 1, 1}, {"count", log_count, 0, 0}, {"fail", fail_fn, 0, 0}, {NULL, NULL, 0, 0}};

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.write = on_write;
  cfg.error = on_error;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = writ_workspace_new(vm);
  WritHandle *cls = writ_new_class(vm, "Logger", log_methods, sizeof(LogData), fin);
  LogData *data;
  WritHandle *logger = writ_new_object(cls, (void **)&data);
  WritHandle *tw = writ_new_function(vm, "twice", twice, 1, 1);
  WritHandle *gr = writ_new_function(vm, "greet", greet, 0, 0);
  printf("grant %d %d %d\n", writ_grant(ws, "log", logger, 0), writ_grant(ws, "twice", tw, 0),
         writ_grant(ws, "greet", gr, 0));
  const char *src = "log.write(\"one\")\nlog.write(greet())\nlet n = twice(21)\n"
                    "fn add(a, b) { return a + b }\n"
                    "try { log.fail() } catch e { log.write(e.message()) }\n"
                    "try { log.write(5) } catch e { log.write(e.message()) }\n"
                    "try { log.new() } catch e { log.write(\"no new\") }\n"
                    "log.count()\n";
  printf("eval %d\n", writ_eval(ws, "plugin", src, strlen(src), WRIT_EVAL_REPL));
  printf("count in C %d last %s\n", data->count, data->last);
  WritHandle *n = writ_get_variable(ws, "plugin", "n");
  double d = 0;
  WritStatus st = writ_get_number(n, &d);
  printf("n %d %g\n", (int)st, d);
  WritHandle *add = writ_get_variable(ws, "plugin", "add");
  WritHandle *args[2] = {writ_new_number(vm, 40), writ_new_string(vm, "x", 1)};
  WritHandle *res = NULL;
  printf("call bad %d\n", writ_call(add, 2, args, &res, NULL));
  writ_release(args[1]);
  args[1] = writ_new_number(vm, 2);
  printf("call %d ", writ_call(add, 2, args, &res, NULL));
  writ_get_number(res, &d);
  printf("%g\n", d);
  writ_release(res);
  WritHandle *msg = writ_new_string(vm, "via method", 10);
  printf("method %d\n", writ_call_method(logger, "write", 1, &msg, NULL, NULL));
  WritLimits lim;
  writ_limits_init(&lim);
  lim.fuel = 10000;
  const char *loop = "while true {}";
  printf("fuel %d\n", writ_eval_limited(ws, "loop", loop, strlen(loop), 0, &lim));
  writ_limits_init(&lim);
  lim.memory = 2000000;
  const char *grow = "var s = [] \n while true { s.push(\"x\" + str(s.len())) }";
  printf("memory %d\n", writ_eval_limited(ws, "grow", grow, strlen(grow), 0, &lim));
  writ_limits_init(&lim);
  lim.depth = 50;
  const char *deep = "fn f(n) { return f(n + 1) }\nf(0)";
  printf("depth %d\n", writ_eval_limited(ws, "deep", deep, strlen(deep), 0, &lim));
  printf("after limits %d\n", writ_eval(ws, "plugin", "log.count()", 11, WRIT_EVAL_REPL));
  /* misuse */
  writ_release(res); /* released twice: ignored */
  printf("released type %d\n", (int)writ_type(res));
  printf("bad grant %d %d\n", writ_grant(ws, "not a name", logger, 0), writ_grant(ws, "if", logger, 0));
  printf("bad object %d\n", writ_new_object(tw, NULL) == NULL);
  printf("utf8 %d %d %d %d\n", writ_utf8_valid("\xc3\xa9", 2), writ_utf8_valid("\xc0\xaf", 2),
         writ_utf8_valid("\xed\xa0\x80", 3), writ_utf8_valid(NULL, 0));
  writ_release(logger);
  writ_release(cls);
  writ_release(n);
  writ_release(add);
  writ_release(args[0]);
  writ_release(args[1]);
  writ_release(msg);
  writ_release(tw);
  writ_release(gr);
  writ_workspace_free(ws);
  writ_vm_free(vm);
  printf("finalized %d\n", finalized);
  return 0;
}
