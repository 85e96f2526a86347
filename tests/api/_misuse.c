/* Every function of include/writ.h called wrongly on purpose: NULL
 * pointers, released handles, wrong types, bad names and bad UTF-8,
 * another VM's handles, re-entry from host callbacks, arguments out of
 * range, freed workspaces, odd limits. Each must give its documented
 * status, NULL or nothing, and never crash, abort or leak. Prints only
 * failures ("line N: what: got X, expected Y"); exits 1 if there were any. */
#include <limits.h>
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
  if (!got && !want) return;
  printf("line %d: %s: got \"%s\", expected \"%s\"\n", line, what, got ? got : "(null)", want ? want : "(null)");
  failures++;
}
#define EQ(got, want) eq(__LINE__, #got, (long)(got), (long)(want))
#define IS_NULL(p) eq(__LINE__, #p " == NULL", (p) == NULL, 1)
#define NOT_NULL(p) eq(__LINE__, #p " != NULL", (p) != NULL, 1)
#define STREQ(got, want) streq(__LINE__, #got, (got), (want))

/* What the error callback saw last, and how often it was called. */
typedef struct {
  int count;
  WritStatus status;
  char message[256];
  char source_line[256];
} Diag;
static Diag diag;

static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  diag.count++;
  diag.status = d->status;
  snprintf(diag.message, sizeof diag.message, "%s", d->message ? d->message : "(null)");
  snprintf(diag.source_line, sizeof diag.source_line, "%s", d->source_line ? d->source_line : "(null)");
}

static char output[1024];
static void on_write(void *ud, const char *text, size_t len) {
  size_t used = strlen(output);
  (void)ud;
  if (used + len < sizeof output) {
    memcpy(output + used, text, len);
    output[used + len] = '\0';
  }
}

static WritVM *new_vm(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.error = on_error;
  cfg.write = on_write;
  return writ_vm_new(&cfg);
}

static WritStatus run(WritWorkspace *ws, const char *src) {
  return writ_eval(ws, "main", src, strlen(src), WRIT_EVAL_MAIN);
}

/* The number a top-level variable of module "main" holds (-999 if none). */
static double number_var(WritWorkspace *ws, const char *name) {
  WritHandle *h = writ_get_variable(ws, "main", name);
  double d = -999;
  if (writ_get_number(h, &d) != WRIT_OK) d = -999;
  writ_release(h);
  return d;
}

/* A string variable of module "main", copied into buf ("" if none). */
static const char *string_var(WritWorkspace *ws, const char *name, char *buf, size_t cap) {
  WritHandle *h = writ_get_variable(ws, "main", name);
  const char *text = NULL;
  size_t len = 0;
  buf[0] = '\0';
  if (writ_get_string(h, &text, &len) == WRIT_OK) snprintf(buf, cap, "%.*s", (int)len, text);
  writ_release(h);
  return buf;
}

/* ------------------------------------------------------------------ */
/* NULL where a VM, workspace, handle or call belongs                   */

static void nop_fn(WritCall *c) { (void)c; }

static void null_everywhere(void) {
  WritConfig cfg;
  WritLimits lim;
  WritSysOptions sys;
  WritHandle *r = (WritHandle *)&r; /* must be set to NULL */
  void *data = &data;
  double d = 5;
  int b = 5;
  const char *text = "x";
  size_t len = 5;
  memset(&sys, 0, sizeof sys);
  writ_config_init(NULL);
  writ_vm_free(NULL);
  IS_NULL(writ_workspace_new(NULL));
  writ_workspace_free(NULL);
  IS_NULL(writ_workspace_vm(NULL));
  EQ(writ_eval(NULL, "m", "1", 1, 0), WRIT_ERR_USAGE);
  writ_limits_init(NULL);
  writ_limits_init(&lim);
  EQ(writ_eval_limited(NULL, "m", "1", 1, 0, &lim), WRIT_ERR_USAGE);
  IS_NULL(writ_new_nil(NULL));
  IS_NULL(writ_new_bool(NULL, 1));
  IS_NULL(writ_new_number(NULL, 1));
  IS_NULL(writ_new_string(NULL, "x", 1));
  IS_NULL(writ_new_list(NULL));
  IS_NULL(writ_new_map(NULL));
  EQ(writ_utf8_valid(NULL, 0), 1);
  EQ(writ_utf8_valid(NULL, 3), 0);
  IS_NULL(writ_copy_handle(NULL));
  writ_release(NULL);
  EQ(writ_type(NULL), WRIT_TYPE_INVALID);
  EQ(writ_get_bool(NULL, &b), WRIT_ERR_USAGE);
  EQ(writ_get_number(NULL, &d), WRIT_ERR_USAGE);
  EQ(writ_get_string(NULL, &text, &len), WRIT_ERR_USAGE);
  EQ(b == 5 && d == 5 && len == 5, 1); /* outputs untouched on failure */
  EQ(writ_list_len(NULL), 0);
  IS_NULL(writ_list_get(NULL, 0));
  EQ(writ_list_push(NULL, NULL), WRIT_ERR_USAGE);
  IS_NULL(writ_map_get(NULL, "k"));
  EQ(writ_map_set(NULL, "k", NULL), WRIT_ERR_USAGE);
  EQ(writ_freeze(NULL), WRIT_ERR_USAGE);
  IS_NULL(writ_get_variable(NULL, "main", "x"));
  EQ(writ_call(NULL, 0, NULL, &r, NULL), WRIT_ERR_USAGE);
  IS_NULL(r);
  r = (WritHandle *)&r;
  EQ(writ_call_method(NULL, "m", 0, NULL, &r, NULL), WRIT_ERR_USAGE);
  IS_NULL(r);
  IS_NULL(writ_new_function(NULL, "f", nop_fn, 0, 0));
  IS_NULL(writ_new_function_with(NULL, "f", nop_fn, 0, 0, NULL));
  IS_NULL(writ_new_class(NULL, "K", NULL, 0, NULL));
  IS_NULL(writ_new_namespace(NULL, "ns", 0, NULL, NULL));
  IS_NULL(writ_new_object(NULL, &data));
  IS_NULL(data);
  IS_NULL(writ_object_data(NULL));
  IS_NULL(writ_class_of(NULL));
  writ_collect(NULL);
  IS_NULL(writ_call_vm(NULL));
  IS_NULL(writ_call_user_data(NULL));
  EQ(writ_arg_count(NULL), 0);
  EQ(writ_arg_type(NULL, 0), WRIT_TYPE_INVALID);
  EQ(writ_arg_number(NULL, 1), 0);
  IS_NULL(writ_arg_string(NULL, 1, &len));
  EQ(len, 0);
  IS_NULL(writ_arg(NULL, 1));
  IS_NULL(writ_self_data(NULL));
  IS_NULL(writ_function_value(NULL));
  writ_write(NULL, "x", 1);
  writ_return_nil(NULL);
  writ_return_bool(NULL, 1);
  writ_return_number(NULL, 1);
  writ_return_string(NULL, "x", 1);
  writ_return(NULL, NULL);
  writ_return_error(NULL, "%s", "x");
  len = 5;
  IS_NULL(writ_arg_to_string(NULL, 1, &len));
  EQ(len, 0);
  writ_exit(NULL, 3);
  EQ(writ_charge(NULL, 10), 0);
  EQ(writ_reserve(NULL, 10), 0);
  EQ(writ_grant(NULL, "x", NULL, 0), WRIT_ERR_USAGE);
  EQ(writ_exit_code(NULL), 0);
  writ_interrupt(NULL);
  EQ(writ_grant_sys(NULL, &sys), WRIT_ERR_USAGE);
  /* promises and turns */
  EQ(writ_run_turns(NULL, -1, NULL, NULL), WRIT_ERR_USAGE);
  EQ(writ_pending(NULL), 0);
  IS_NULL(writ_pending_list(NULL));
  r = (WritHandle *)&r;
  EQ(writ_promise_new(NULL, &r, &r), WRIT_ERR_USAGE);
  IS_NULL(r);
  EQ(writ_resolve(NULL, NULL), WRIT_ERR_USAGE);
  EQ(writ_reject(NULL, NULL), WRIT_ERR_USAGE);
  EQ(writ_report_unhandled(NULL), 0);
  /* issue 16's additions */
  STREQ(writ_status_string((WritStatus)-1), "unknown status");
  STREQ(writ_status_string((WritStatus)(WRIT_EXIT + 1)), "unknown status");
  STREQ(writ_status_string(WRIT_ERR_USAGE), "invalid use of the API");
  EQ(writ_workspace_set_callbacks(NULL, NULL, NULL, NULL), WRIT_ERR_USAGE);
  IS_NULL(writ_module_exports(NULL, "main"));
  r = (WritHandle *)&r;
  EQ(writ_call_values(NULL, 0, NULL, &r, NULL), WRIT_ERR_USAGE);
  IS_NULL(r);
  IS_NULL(writ_new_function_ud(NULL, "f", nop_fn, 0, 0, &data));
  IS_NULL(writ_new_class_ud(NULL, "K", NULL, 0, NULL, &data));
  IS_NULL(writ_function_user_data(NULL));
  { /* writ_format (writ fmt) */
    char *fout = (char *)&r, ferr[8];
    size_t flen = 9;
    EQ(writ_format("x", 1, NULL, &flen, NULL, 0), WRIT_ERR_USAGE);
    EQ(writ_format("x", 1, &fout, NULL, NULL, 0), WRIT_ERR_USAGE);
    IS_NULL(fout);
    EQ(writ_format(NULL, 2, &fout, &flen, ferr, sizeof ferr), WRIT_ERR_USAGE);
    EQ(flen, 0);
    EQ(writ_format("x", 1, &fout, &flen, NULL, 4), WRIT_ERR_USAGE);
    EQ(writ_format("let = ", 6, &fout, &flen, ferr, sizeof ferr), WRIT_ERR_SYNTAX);
    IS_NULL(fout);
  }
  IS_NULL(writ_call_workspace(NULL));
  writ_config_init(&cfg);
  EQ(cfg.alloc == NULL && cfg.error == NULL && cfg.user_data == NULL, 1);
}

/* NULL and bad arguments next to a good VM, workspace or handle. */
static void null_arguments(WritVM *vm, WritWorkspace *ws) {
  WritHandle *s = writ_new_string(vm, "text", 4), *l = writ_new_list(vm), *m = writ_new_map(vm);
  WritHandle *empty = writ_new_string(vm, NULL, 0), *r = (WritHandle *)&r;
  const char *text = NULL;
  size_t len = 9;
  IS_NULL(writ_new_string(vm, NULL, 3));
  EQ(writ_get_string(empty, &text, &len), WRIT_OK); /* NULL with length 0 is "" */
  EQ(len, 0);
  EQ(writ_get_string(s, NULL, &len), WRIT_ERR_USAGE);
  EQ(writ_get_string(s, &text, NULL), WRIT_OK); /* the length is optional */
  EQ(writ_get_number(s, NULL), WRIT_ERR_USAGE);
  EQ(writ_get_bool(s, NULL), WRIT_ERR_USAGE);
  EQ(writ_list_push(l, NULL), WRIT_ERR_USAGE);
  EQ(writ_map_set(m, NULL, s), WRIT_ERR_USAGE);
  EQ(writ_map_set(m, "k", NULL), WRIT_ERR_USAGE);
  IS_NULL(writ_map_get(m, NULL));
  EQ(writ_eval(ws, NULL, "1", 1, 0), WRIT_ERR_USAGE);
  EQ(writ_eval(ws, "main", NULL, 5, 0), WRIT_ERR_USAGE);
  EQ(writ_eval(ws, "main", NULL, 0, 0), WRIT_OK); /* no source: an empty module */
  IS_NULL(writ_get_variable(ws, NULL, "x"));
  IS_NULL(writ_get_variable(ws, "main", NULL));
  EQ(writ_call_method(s, NULL, 0, NULL, &r, NULL), WRIT_ERR_USAGE);
  IS_NULL(r);
  EQ(writ_call(s, 1, NULL, NULL, NULL), WRIT_ERR_USAGE); /* argc without argv */
  EQ(writ_call(s, -1, NULL, NULL, NULL), WRIT_ERR_USAGE);
  IS_NULL(writ_new_function(vm, NULL, nop_fn, 0, 0));
  IS_NULL(writ_new_function(vm, "f", NULL, 0, 0));
  IS_NULL(writ_new_function_with(vm, "f", nop_fn, 0, 0, NULL));
  IS_NULL(writ_new_class(vm, NULL, NULL, 0, NULL));
  IS_NULL(writ_new_namespace(vm, NULL, 0, NULL, NULL));
  IS_NULL(writ_new_namespace(vm, "ns", 1, NULL, &s));
  EQ(writ_grant(ws, NULL, s, 0), WRIT_ERR_USAGE);
  EQ(writ_grant(ws, "x", NULL, 0), WRIT_ERR_USAGE);
  EQ(writ_grant_sys(ws, NULL), WRIT_ERR_USAGE);
  IS_NULL(writ_module_exports(ws, NULL));
  IS_NULL(writ_module_exports(ws, "no such module"));
  IS_NULL(writ_module_exports(ws, "bad\xff"));
  r = (WritHandle *)&r;
  EQ(writ_call_values(s, 1, NULL, &r, NULL), WRIT_ERR_USAGE); /* argc without argv */
  IS_NULL(r);
  EQ(writ_call_values(s, -1, NULL, NULL, NULL), WRIT_ERR_USAGE);
  IS_NULL(writ_new_function_ud(vm, NULL, nop_fn, 0, 0, NULL));
  IS_NULL(writ_new_function_ud(vm, "f", NULL, 0, 0, NULL));
  IS_NULL(writ_new_class_ud(vm, NULL, NULL, 0, NULL, NULL));
  EQ(writ_workspace_set_callbacks(ws, NULL, NULL, NULL), WRIT_OK); /* all NULL: the VM's */
  writ_release(s);
  writ_release(l);
  writ_release(m);
  writ_release(empty);
}

/* ------------------------------------------------------------------ */
/* Released handles: within the quarantine every use is caught          */

static void released_handles(WritVM *vm, WritWorkspace *ws) {
  WritHandle *s = writ_new_string(vm, "gone", 4), *l = writ_new_list(vm), *m = writ_new_map(vm);
  WritHandle *n = writ_new_number(vm, 1), *f = writ_new_function(vm, "f", nop_fn, 0, 0);
  WritHandle *k = writ_new_class(vm, "K", NULL, 8, NULL), *ok = writ_new_number(vm, 2);
  WritHandle *r = (WritHandle *)&r, *keep[100];
  const char *text = NULL;
  void *data = &data;
  double d = 0;
  int b = 0;
  writ_release(s);
  writ_release(l);
  writ_release(m);
  writ_release(n);
  writ_release(f);
  writ_release(k);
  writ_release(s); /* twice: nothing happens */
  writ_release(s);
  EQ(writ_type(s), WRIT_TYPE_INVALID);
  EQ(writ_type(n), WRIT_TYPE_INVALID);
  EQ(writ_get_string(s, &text, NULL), WRIT_ERR_USAGE);
  EQ(writ_get_number(n, &d), WRIT_ERR_USAGE);
  EQ(writ_get_bool(n, &b), WRIT_ERR_USAGE);
  IS_NULL(writ_copy_handle(s));
  EQ(writ_list_len(l), 0);
  IS_NULL(writ_list_get(l, 0));
  EQ(writ_list_push(l, ok), WRIT_ERR_USAGE);
  IS_NULL(writ_map_get(m, "k"));
  EQ(writ_map_set(m, "k", ok), WRIT_ERR_USAGE);
  EQ(writ_freeze(l), WRIT_ERR_USAGE);
  EQ(writ_call(f, 0, NULL, &r, NULL), WRIT_ERR_USAGE);
  IS_NULL(r);
  EQ(writ_call_method(s, "len", 0, NULL, NULL, NULL), WRIT_ERR_USAGE);
  r = (WritHandle *)&r;
  EQ(writ_call_values(f, 0, NULL, &r, NULL), WRIT_ERR_USAGE);
  IS_NULL(r);
  {
    WritHandle *g = writ_new_function(vm, "g", nop_fn, 0, -1);
    WritValue v[2] = {{WRIT_TYPE_NUMBER, 1, NULL, 0, NULL}, {WRIT_TYPE_LIST, 0, NULL, 0, l}}; /* l released */
    EQ(writ_call_values(g, 2, v, NULL, NULL), WRIT_ERR_USAGE);
    v[1].type = WRIT_TYPE_FUNCTION;
    v[1].handle = f; /* released */
    EQ(writ_call_values(g, 2, v, NULL, NULL), WRIT_ERR_USAGE);
    EQ(writ_call_values(g, 1, v, NULL, NULL), WRIT_OK); /* the good one alone */
    writ_release(g);
  }
  IS_NULL(writ_new_object(k, &data));
  IS_NULL(data);
  IS_NULL(writ_object_data(k));
  IS_NULL(writ_class_of(k));
  EQ(writ_grant(ws, "gone", s, 0), WRIT_ERR_USAGE);
  IS_NULL(writ_new_function_with(vm, "g", nop_fn, 0, 0, n));
  {
    const char *names[1] = {"x"};
    IS_NULL(writ_new_namespace(vm, "ns", 1, names, &n));
  }
  /* A released handle as an argument, a container item, an element. */
  {
    WritHandle *list = writ_new_list(vm), *args[2];
    args[0] = ok;
    args[1] = s;
    EQ(writ_list_push(list, s), WRIT_ERR_USAGE);
    EQ(writ_list_len(list), 0);
    EQ(writ_call_method(list, "push", 2, args, NULL, NULL), WRIT_ERR_USAGE);
    EQ(writ_list_len(list), 0);
    writ_release(list);
  }
  /* The handle list is whole after all that: many new handles work, and
   * the quarantine recycles (each of these is released after use). */
  for (int i = 0; i < 100; i++) keep[i] = writ_new_number(vm, i);
  for (int i = 0; i < 100; i++) {
    d = -1;
    EQ(writ_get_number(keep[i], &d) == WRIT_OK && d == i, 1);
    writ_release(keep[i]);
  }
  writ_collect(vm);
  for (int i = 0; i < 100; i++) {
    keep[i] = writ_new_string(vm, "again", 5);
    EQ(writ_type(keep[i]), WRIT_TYPE_STRING);
  }
  for (int i = 0; i < 100; i++) writ_release(keep[i]);
  writ_release(ok);
}

/* ------------------------------------------------------------------ */
/* The wrong type of value                                              */

static void wrong_types(WritVM *vm, WritWorkspace *ws) {
  WritHandle *s = writ_new_string(vm, "text", 4), *l = writ_new_list(vm), *m = writ_new_map(vm);
  WritHandle *n = writ_new_number(vm, 7), *t = writ_new_bool(vm, 1), *nil = writ_new_nil(vm);
  WritHandle *f = writ_new_function(vm, "f", nop_fn, 0, 0), *k, *r = (WritHandle *)&r;
  const char *text = NULL;
  void *data = &data;
  double d = 0;
  int b = 0;
  EQ(writ_get_number(s, &d), WRIT_ERR_USAGE);
  EQ(writ_get_number(t, &d), WRIT_ERR_USAGE);
  EQ(writ_get_number(nil, &d), WRIT_ERR_USAGE);
  EQ(writ_get_bool(n, &b), WRIT_ERR_USAGE);
  EQ(writ_get_bool(nil, &b), WRIT_ERR_USAGE);
  EQ(writ_get_string(n, &text, NULL), WRIT_ERR_USAGE);
  EQ(writ_get_string(l, &text, NULL), WRIT_ERR_USAGE);
  /* list functions on a map, map functions on a list, both on a string */
  EQ(writ_list_len(m), 0);
  EQ(writ_list_len(s), 0);
  IS_NULL(writ_list_get(m, 0));
  EQ(writ_list_push(m, n), WRIT_ERR_USAGE);
  EQ(writ_list_push(s, n), WRIT_ERR_USAGE);
  IS_NULL(writ_map_get(l, "k"));
  EQ(writ_map_set(l, "k", n), WRIT_ERR_USAGE);
  EQ(writ_map_set(n, "k", n), WRIT_ERR_USAGE);
  EQ(writ_list_len(l), 0);
  /* out of range, and the end counted from the back */
  EQ(writ_list_push(l, n), WRIT_OK);
  IS_NULL(writ_list_get(l, 1));
  IS_NULL(writ_list_get(l, -2));
  IS_NULL(writ_list_get(l, LONG_MIN));
  IS_NULL(writ_list_get(l, LONG_MAX));
  r = writ_list_get(l, -1);
  EQ(writ_get_number(r, &d) == WRIT_OK && d == 7, 1);
  writ_release(r);
  IS_NULL(writ_map_get(m, "absent"));
  /* bad UTF-8 keys: refused, and never found */
  EQ(writ_map_set(m, "\xff", n), WRIT_ERR_USAGE);
  IS_NULL(writ_map_get(m, "\xff"));
  /* frozen: refused with a runtime error (and a diagnostic) */
  EQ(writ_freeze(l), WRIT_OK);
  EQ(writ_freeze(n), WRIT_OK); /* nothing to freeze: fine */
  diag.count = 0;
  EQ(writ_list_push(l, n), WRIT_ERR_RUNTIME);
  EQ(diag.count, 1);
  STREQ(diag.message, "cannot modify a frozen list");
  EQ(writ_list_len(l), 1);
  EQ(writ_freeze(m), WRIT_OK);
  EQ(writ_map_set(m, "k", n), WRIT_ERR_RUNTIME);
  /* objects: only of host classes */
  IS_NULL(writ_new_object(f, &data));
  IS_NULL(data);
  IS_NULL(writ_new_object(s, NULL));
  EQ(run(ws, "class Plain { new() {} }\nlet plain = Plain()\n"), WRIT_OK);
  k = writ_get_variable(ws, "main", "Plain");
  EQ(writ_type(k), WRIT_TYPE_OBJECT);
  data = &data;
  IS_NULL(writ_new_object(k, &data)); /* a script's class */
  IS_NULL(data);
  writ_release(k);
  k = writ_get_variable(ws, "main", "plain");
  IS_NULL(writ_object_data(k));
  IS_NULL(writ_class_of(k));
  IS_NULL(writ_object_data(n));
  IS_NULL(writ_class_of(f));
  writ_release(k);
  /* calling what cannot be called, a method that is not there */
  diag.count = 0;
  r = (WritHandle *)&r;
  EQ(writ_call(n, 0, NULL, &r, NULL), WRIT_ERR_RUNTIME);
  IS_NULL(r);
  EQ(diag.count, 1);
  EQ(writ_call_method(n, "nope", 0, NULL, NULL, NULL), WRIT_ERR_RUNTIME);
  STREQ(diag.message, "number has no method 'nope'");
  EQ(writ_call_method(n, "bad\xff", 0, NULL, NULL, NULL), WRIT_ERR_USAGE);
  EQ(writ_call(f, 201, &n, NULL, NULL), WRIT_ERR_USAGE); /* over the argument limit */
  /* writ_call_values: values that are not what their type says */
  {
    WritHandle *g = writ_new_function(vm, "g", nop_fn, 0, -1);
    WritValue v = {WRIT_TYPE_NUMBER, 1, NULL, 0, NULL}, many[201];
    const WritType wrong[] = {WRIT_TYPE_INVALID, (WritType)99, (WritType)-1};
    EQ(writ_call_values(g, 1, &v, NULL, NULL), WRIT_OK);
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
      v.type = wrong[i];
      eq(__LINE__, "a type that is none", writ_call_values(g, 1, &v, NULL, NULL), WRIT_ERR_USAGE);
    }
    v.type = WRIT_TYPE_LIST; /* a handle of another type */
    v.handle = m;
    EQ(writ_call_values(g, 1, &v, NULL, NULL), WRIT_ERR_USAGE);
    v.type = WRIT_TYPE_OBJECT;
    v.handle = s;
    EQ(writ_call_values(g, 1, &v, NULL, NULL), WRIT_ERR_USAGE);
    v.handle = NULL;
    EQ(writ_call_values(g, 1, &v, NULL, NULL), WRIT_ERR_USAGE);
    v.type = WRIT_TYPE_MAP;
    v.handle = m;
    EQ(writ_call_values(g, 1, &v, NULL, NULL), WRIT_OK);
    v.type = WRIT_TYPE_STRING; /* text that is not UTF-8, or NULL with a length */
    v.text = "\xff";
    v.len = 0;
    EQ(writ_call_values(g, 1, &v, NULL, NULL), WRIT_ERR_USAGE);
    v.text = "ok\xc3";
    v.len = 2; /* the bad byte is past len: fine */
    EQ(writ_call_values(g, 1, &v, NULL, NULL), WRIT_OK);
    v.len = 3;
    EQ(writ_call_values(g, 1, &v, NULL, NULL), WRIT_ERR_USAGE);
    v.text = NULL;
    EQ(writ_call_values(g, 1, &v, NULL, NULL), WRIT_ERR_USAGE);
    v.len = 0; /* NULL without a length: "" */
    EQ(writ_call_values(g, 1, &v, NULL, NULL), WRIT_OK);
    v.type = WRIT_TYPE_BOOL; /* the fields a type does not use are ignored */
    v.text = "\xff";
    v.handle = (const WritHandle *)&v;
    EQ(writ_call_values(g, 1, &v, NULL, NULL), WRIT_OK);
    for (int i = 0; i < 201; i++) many[i] = v;
    EQ(writ_call_values(g, 201, many, NULL, NULL), WRIT_ERR_USAGE); /* over the argument limit */
    EQ(writ_call_values(g, 200, many, NULL, NULL), WRIT_OK);
    diag.count = 0;
    EQ(writ_call_values(n, 1, many, NULL, NULL), WRIT_ERR_RUNTIME); /* not callable */
    EQ(diag.count, 1);
    writ_release(g);
  }
  writ_release(s);
  writ_release(l);
  writ_release(m);
  writ_release(n);
  writ_release(t);
  writ_release(nil);
  writ_release(f);
}

/* ------------------------------------------------------------------ */
/* Names that are not names, text that is not UTF-8                     */

static const WritMethod no_fn[] = {{"m", NULL, 0, 0}, {NULL, NULL, 0, 0}};
static const WritMethod named_new[] = {{"new", nop_fn, 0, 0}, {NULL, NULL, 0, 0}};
static const WritMethod bad_name[] = {{"a b", nop_fn, 0, 0}, {NULL, NULL, 0, 0}};
static const WritMethod bad_arity[] = {{"m", nop_fn, 2, 1}, {NULL, NULL, 0, 0}};
static const WritMethod too_many[] = {{"m", nop_fn, 0, 201}, {NULL, NULL, 0, 0}};
static const WritMethod negative[] = {{"m", nop_fn, -1, 0}, {NULL, NULL, 0, 0}};
static const WritMethod twice[] = {{"m", nop_fn, 0, 0}, {"m", nop_fn, 1, 1}, {NULL, NULL, 0, 0}};
static const WritMethod keyword[] = {{"in", nop_fn, 0, 0}, {NULL, NULL, 0, 0}};
static const WritMethod good[] = {{"m", nop_fn, 0, -1}, {"n", nop_fn, 0, 0}, {NULL, NULL, 0, 0}};

static void bad_names(WritVM *vm, WritWorkspace *ws) {
  WritHandle *v = writ_new_number(vm, 1), *h;
  const char *bad[] = {"", "1a", "a b", "a-b", "if", "fn", "\xff", "caf\xc3\xa9", "x\n"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    eq(__LINE__, bad[i], writ_grant(ws, bad[i], v, 0), WRIT_ERR_USAGE);
    eq(__LINE__, bad[i], writ_grant(ws, bad[i], v, 1), WRIT_ERR_USAGE);
    h = writ_new_class(vm, bad[i], NULL, 0, NULL);
    eq(__LINE__, bad[i], h == NULL, 1);
    writ_release(h);
  }
  EQ(writ_grant(ws, "_ok1", v, 0), WRIT_OK);
  /* invalid UTF-8 anywhere text becomes a Writ string */
  IS_NULL(writ_new_string(vm, "\xff", 1));
  IS_NULL(writ_new_string(vm, "\xc0\xaf", 2));     /* overlong */
  IS_NULL(writ_new_string(vm, "\xed\xa0\x80", 3)); /* a surrogate */
  IS_NULL(writ_new_string(vm, "\xe2\x82", 2));     /* cut short */
  IS_NULL(writ_new_function(vm, "\xff", nop_fn, 0, 0));
  IS_NULL(writ_new_namespace(vm, "\xff", 0, NULL, NULL));
  EQ(writ_eval(ws, "bad\xff", "1", 1, 0), WRIT_ERR_USAGE);
  diag.count = 0;
  EQ(writ_eval(ws, "main", "let s = \"\xff\"", 12, 0), WRIT_ERR_SYNTAX);
  EQ(diag.count, 1);
  /* arities and methods */
  IS_NULL(writ_new_function(vm, "f", nop_fn, 2, 1));
  IS_NULL(writ_new_function(vm, "f", nop_fn, -1, 0));
  IS_NULL(writ_new_function(vm, "f", nop_fn, 0, 201));
  IS_NULL(writ_new_function(vm, "f", nop_fn, 201, -1));
  IS_NULL(writ_new_class(vm, "K", no_fn, 0, NULL));
  IS_NULL(writ_new_class(vm, "K", named_new, 0, NULL));
  IS_NULL(writ_new_class(vm, "K", bad_name, 0, NULL));
  IS_NULL(writ_new_class(vm, "K", bad_arity, 0, NULL));
  IS_NULL(writ_new_class(vm, "K", too_many, 0, NULL));
  IS_NULL(writ_new_class(vm, "K", negative, 0, NULL));
  IS_NULL(writ_new_class(vm, "K", twice, 0, NULL));
  IS_NULL(writ_new_class(vm, "K", keyword, 0, NULL));
  IS_NULL(writ_new_class(vm, "K", good, (size_t)-1, NULL));
  /* the _ud forms check the same */
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    h = writ_new_class_ud(vm, bad[i], good, 0, NULL, v);
    eq(__LINE__, bad[i], h == NULL, 1);
    writ_release(h);
  }
  IS_NULL(writ_new_class_ud(vm, "K", named_new, 0, NULL, NULL));
  IS_NULL(writ_new_class_ud(vm, "K", twice, 0, NULL, NULL));
  IS_NULL(writ_new_class_ud(vm, "K", bad_arity, 0, NULL, NULL));
  IS_NULL(writ_new_class_ud(vm, "K", good, (size_t)-1, NULL, NULL));
  IS_NULL(writ_new_function_ud(vm, "f", nop_fn, 2, 1, NULL));
  IS_NULL(writ_new_function_ud(vm, "f", nop_fn, 0, 201, NULL));
  IS_NULL(writ_new_function_ud(vm, "\xff", nop_fn, 0, 0, NULL));
  h = writ_new_class_ud(vm, "K", good, 0, NULL, NULL);
  NOT_NULL(h);
  writ_release(h);
  h = writ_new_class(vm, "K", good, 0, NULL);
  NOT_NULL(h);
  writ_release(h);
  /* namespaces: member names are words that may follow a dot */
  {
    const char *names[3] = {"a", "b", "c"};
    WritHandle *vals[3];
    vals[0] = vals[1] = vals[2] = v;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
      if (!strcmp(bad[i], "if") || !strcmp(bad[i], "fn")) continue; /* keywords may follow a dot */
      names[1] = bad[i];
      h = writ_new_namespace(vm, "ns", 3, names, vals);
      eq(__LINE__, bad[i], h == NULL, 1);
      writ_release(h);
    }
    names[1] = NULL;
    IS_NULL(writ_new_namespace(vm, "ns", 3, names, vals));
    names[1] = "a"; /* the same name twice */
    IS_NULL(writ_new_namespace(vm, "ns", 3, names, vals));
    names[1] = "in";
    IS_NULL(writ_new_namespace(vm, "ns", -1, names, vals));
    IS_NULL(writ_new_namespace(vm, "ns", 3, names, NULL));
    vals[2] = NULL;
    IS_NULL(writ_new_namespace(vm, "ns", 3, names, vals));
    h = writ_new_namespace(vm, "ns", 2, names, vals);
    NOT_NULL(h);
    writ_release(h);
  }
  writ_release(v);
}

/* ------------------------------------------------------------------ */
/* Another VM's handles                                                 */

static WritHandle *g_foreign; /* a handle of another VM, for host functions */
static WritHandle *g_other_fn; /* a function of another VM */

static void add_fn(WritCall *c) { writ_return_number(c, writ_arg_number(c, 1) + writ_arg_number(c, 2)); }
static void return_foreign(WritCall *c) { writ_return(c, g_foreign); }
static void call_other_vm(WritCall *c) {
  WritHandle *args[2], *r = NULL;
  double d = 0;
  args[0] = writ_new_number(writ_call_vm(c), 1); /* this VM's: refused there */
  args[1] = writ_copy_handle(g_foreign);
  EQ(writ_call(g_other_fn, 2, args, &r, NULL), WRIT_ERR_USAGE);
  writ_release(args[0]);
  args[0] = writ_copy_handle(g_foreign);
  /* The other VM is not running: calling it from here is allowed. */
  EQ(writ_call(g_other_fn, 2, args, &r, NULL), WRIT_OK);
  writ_get_number(r, &d);
  writ_return_number(c, d);
  writ_release(r);
  writ_release(args[0]);
  writ_release(args[1]);
}

static void other_vm(WritVM *vm, WritWorkspace *ws) {
  WritVM *vm2 = new_vm();
  WritWorkspace *ws2 = writ_workspace_new(vm2);
  WritHandle *h2 = writ_new_number(vm2, 5), *h1 = writ_new_number(vm, 1);
  WritHandle *l = writ_new_list(vm), *m = writ_new_map(vm), *f = writ_new_function(vm, "add", add_fn, 2, 2);
  WritHandle *args[2], *r = (WritHandle *)&r, *g;
  const char *names[1] = {"x"};
  char buf[128];
  args[0] = h1;
  args[1] = h2;
  EQ(writ_list_push(l, h2), WRIT_ERR_USAGE);
  EQ(writ_map_set(m, "k", h2), WRIT_ERR_USAGE);
  EQ(writ_grant(ws, "x", h2, 0), WRIT_ERR_USAGE);
  EQ(writ_grant(ws2, "x", h1, 0), WRIT_ERR_USAGE);
  EQ(writ_call(f, 2, args, &r, NULL), WRIT_ERR_USAGE);
  IS_NULL(r);
  EQ(writ_call_method(l, "push", 1, &h2, NULL, NULL), WRIT_ERR_USAGE);
  EQ(writ_list_len(l), 0);
  IS_NULL(writ_new_function_with(vm, "g", nop_fn, 0, 0, h2));
  IS_NULL(writ_new_namespace(vm, "ns", 1, names, &h2));
  {
    WritHandle *l2 = writ_new_list(vm2);
    WritValue v = {WRIT_TYPE_LIST, 0, NULL, 0, l2};
    EQ(writ_call_values(f, 1, &v, NULL, NULL), WRIT_ERR_USAGE); /* vm2's list to vm's function */
    v.handle = l;
    EQ(writ_call_values(f, 1, &v, NULL, NULL), WRIT_ERR_RUNTIME); /* vm's: runs (add wants numbers) */
    writ_release(l2);
    IS_NULL(writ_module_exports(ws2, "main"));
  }
  /* returned from a host function: the script gets an error */
  g_foreign = h2;
  g = writ_new_function(vm, "foreign", return_foreign, 0, 0);
  EQ(writ_grant(ws, "foreign", g, 0), WRIT_OK);
  writ_release(g);
  EQ(run(ws, "var why = \"\"\ntry { foreign() } catch e { why = e.message() }"), WRIT_OK);
  STREQ(string_var(ws, "why", buf, sizeof buf), "foreign: the host returned an invalid handle");
  /* A host function of one VM may call into another VM. */
  EQ(writ_eval(ws2, "lib", "fn add(a, b) { return a + b }", 29, 0), WRIT_OK);
  g_other_fn = writ_get_variable(ws2, "lib", "add");
  g = writ_new_function(vm, "other", call_other_vm, 0, 0);
  EQ(writ_grant(ws, "other", g, 0), WRIT_OK);
  writ_release(g);
  EQ(run(ws, "let sum = other()"), WRIT_OK);
  EQ(number_var(ws, "sum"), 10);
  writ_release(g_other_fn);
  writ_release(h1);
  writ_release(h2);
  writ_release(l);
  writ_release(m);
  writ_release(f);
  writ_vm_free(vm2);
}

/* ------------------------------------------------------------------ */
/* Re-entry from callbacks, and a host call's own misuse                */

static WritWorkspace *g_ws;
static WritHandle *g_fn;
static int g_reentered;

/* Everything that must refuse to run Writ code from inside a call. */
static void reenter(WritCall *c) {
  WritHandle *r = (WritHandle *)&r, *self;
  WritLimits lim;
  writ_limits_init(&lim);
  g_reentered++;
  EQ(writ_eval(g_ws, "main", "1", 1, 0), WRIT_ERR_USAGE);
  EQ(writ_eval(g_ws, "other", "1", 1, WRIT_EVAL_REPL), WRIT_ERR_USAGE);
  EQ(writ_eval_limited(g_ws, "other", "1", 1, 0, &lim), WRIT_ERR_USAGE);
  EQ(writ_call(g_fn, 0, NULL, &r, NULL), WRIT_ERR_USAGE);
  IS_NULL(r);
  self = writ_arg(c, 0);
  EQ(writ_call_method(self, "toString", 0, NULL, NULL, &lim), WRIT_ERR_USAGE);
  r = (WritHandle *)&r;
  EQ(writ_call_values(self, 0, NULL, &r, NULL), WRIT_ERR_USAGE);
  IS_NULL(r);
  writ_release(self);
  /* What a host function may do: ask who called, look, change callbacks. */
  EQ(writ_call_workspace(c) == g_ws, 1);
  IS_NULL(writ_function_user_data(c)); /* made without */
  EQ(writ_workspace_set_callbacks(g_ws, NULL, on_error, NULL), WRIT_OK);
  EQ(writ_workspace_set_callbacks(g_ws, NULL, NULL, NULL), WRIT_OK);
  r = writ_module_exports(g_ws, "main");
  EQ(writ_type(r), WRIT_TYPE_LIST);
  writ_release(r);
  writ_vm_free(writ_call_vm(c)); /* refused: the VM is running */
  writ_collect(writ_call_vm(c)); /* allowed */
  writ_return_number(c, 7);
}

/* Arguments out of range and bad results: each records one error. */
static void args_fn(WritCall *c) {
  int mode = (int)writ_arg_number(c, 1);
  size_t len = 9;
  EQ(writ_arg_count(c), 1);
  EQ(writ_arg_type(c, 1), WRIT_TYPE_NUMBER);
  EQ(writ_arg_type(c, 0), WRIT_TYPE_FUNCTION); /* the function itself */
  EQ(writ_arg_type(c, -1), WRIT_TYPE_INVALID);
  EQ(writ_arg_type(c, 2), WRIT_TYPE_INVALID);
  EQ(writ_arg_type(c, INT_MAX), WRIT_TYPE_INVALID);
  EQ(writ_arg_type(c, INT_MIN), WRIT_TYPE_INVALID);
  IS_NULL(writ_arg(c, -1));
  IS_NULL(writ_arg(c, 2));
  IS_NULL(writ_self_data(c)); /* not a method of a host object */
  EQ(writ_call_user_data(c) == (void *)&diag, 1);
  writ_write(c, NULL, 3); /* nothing */
  EQ(writ_charge(c, -5), 1);  /* nothing to pay */
  EQ(writ_charge(c, NAN), 1); /* nothing to pay */
  EQ(writ_reserve(c, 0), 1);  /* no memory limit */
  EQ(writ_reserve(c, (size_t)-1), 1);
  switch (mode) {
  case 0: EQ(writ_arg_number(c, 2), 0); break;
  case 1: IS_NULL(writ_arg_string(c, -1, &len)); EQ(len, 0); break;
  case 2: IS_NULL(writ_arg_string(c, 1, &len)); break; /* a number */
  case 3: IS_NULL(writ_arg_to_string(c, 5, &len)); EQ(len, 0); break;
  case 4: writ_return(c, NULL); break;
  case 5: writ_return_string(c, "\xff", 1); break;
  case 6: writ_return_string(c, NULL, 3); break;
  case 7: writ_return_error(c, NULL); break;
  case 8: /* the first error wins; later results are ignored */
    writ_return_error(c, "first %d", 1);
    writ_return_error(c, "second");
    writ_return_number(c, 5);
    writ_exit(c, 3);
    break;
  case 9: writ_return_error(c, "%s", "bad \xff text"); break;
  default: writ_return_number(c, INFINITY); break; /* a number like any */
  }
}

static void free_running(WritCall *c) {
  EQ(writ_call_workspace(c) == g_ws, 1);
  writ_workspace_free(g_ws); /* the workspace running this call */
  writ_workspace_free(g_ws); /* twice: nothing */
  IS_NULL(writ_call_workspace(c)); /* freed: no workspace to give */
  writ_return_number(c, writ_arg_count(c));
}

/* A function made with user data sees it, in every call. */
static void ud_fn(WritCall *c) { writ_return_bool(c, writ_function_user_data(c) == (void *)&diag); }

static void interrupt_self(WritCall *c) { writ_interrupt(writ_call_vm(c)); }

static WritHandle *grant_fn(WritWorkspace *ws, const char *name, WritHostFn fn, int min, int max) {
  WritHandle *f = writ_new_function(writ_workspace_vm(ws), name, fn, min, max);
  EQ(writ_grant(ws, name, f, 0), WRIT_OK);
  return f;
}

static void reentry(WritVM *vm) {
  WritConfig cfg;
  WritVM *vm2;
  WritHandle *f, *a, *fr, *it;
  WritWorkspace *ws;
  char buf[1024];
  const char *msgs =
      "let msgs = []\n"
      "for i in 0..11 { try { msgs.push(str(args(i))) } catch e { msgs.push(e.message()) } }\n"
      "let all = msgs.join(\"|\")\n";
  (void)vm;
  writ_config_init(&cfg);
  cfg.error = on_error;
  cfg.write = on_write;
  cfg.user_data = &diag;
  vm2 = writ_vm_new(&cfg);
  ws = g_ws = writ_workspace_new(vm2);
  f = grant_fn(ws, "reenter", reenter, 0, 0);
  g_fn = f;
  EQ(run(ws, "let got = reenter()\nlet twice = [1, 2].map(fn(x) => reenter() * x)[1]"), WRIT_OK);
  EQ(g_reentered, 3);
  EQ(number_var(ws, "got"), 7);
  EQ(number_var(ws, "twice"), 14);
  {
    WritHandle *u = writ_new_function_ud(vm2, "ud", ud_fn, 0, 0, &diag);
    EQ(writ_grant(ws, "ud", u, 0), WRIT_OK);
    EQ(run(ws, "let sees = ud() and ud()"), WRIT_OK);
    writ_release(u);
    u = writ_get_variable(ws, "main", "sees");
    EQ(writ_type(u), WRIT_TYPE_BOOL);
    {
      int b = 0;
      EQ(writ_get_bool(u, &b) == WRIT_OK && b, 1);
    }
    writ_release(u);
  }
  a = grant_fn(ws, "args", args_fn, 1, 1);
  EQ(run(ws, msgs), WRIT_OK);
  STREQ(string_var(ws, "all", buf, sizeof buf),
        "bad argument #2 to 'args' (number expected, got no value)"
        "|bad argument #-1 to 'args' (string expected, got no value)"
        "|bad argument #1 to 'args' (string expected, got number)"
        "|bad argument #5 to 'args' (value expected, got no value)"
        "|args: the host returned an invalid handle"
        "|args returned text that is not valid UTF-8"
        "|args returned text that is not valid UTF-8"
        "|args failed"
        "|first 1"
        "|bad ? text"
        "|inf");
  /* The REPL shows a final value through the write callback: no eval there. */
  output[0] = '\0';
  EQ(writ_eval(ws, "main", "41 + 1", 6, WRIT_EVAL_REPL), WRIT_OK);
  STREQ(output, "42\n");
  /* interrupting oneself stops the run */
  it = grant_fn(ws, "stop", interrupt_self, 0, 0);
  diag.count = 0;
  EQ(run(ws, "var n = 0\nstop()\nwhile true { n += 1 }"), WRIT_ERR_INTERRUPTED);
  EQ(diag.count, 1);
  EQ(run(ws, "let after = 1"), WRIT_OK); /* the next run is not interrupted */
  writ_interrupt(vm2); /* while nothing runs: dropped when the next run starts */
  EQ(run(ws, "let idle = 1"), WRIT_OK);
  /* freeing the workspace that is running: the run finishes; the
   * workspace is gone after it */
  fr = grant_fn(ws, "freeRunning", free_running, 0, -1);
  EQ(run(ws, "let x = freeRunning(1, 2)\nlet y = x + 1"), WRIT_OK);
  EQ(writ_eval(ws, "main", "1", 1, 0), WRIT_ERR_USAGE);
  IS_NULL(writ_get_variable(ws, "main", "y"));
  EQ(writ_grant(ws, "z", f, 0), WRIT_ERR_USAGE);
  IS_NULL(writ_workspace_vm(ws));
  EQ(writ_workspace_set_callbacks(ws, NULL, NULL, NULL), WRIT_ERR_USAGE); /* freed */
  IS_NULL(writ_module_exports(ws, "main"));
  writ_workspace_free(ws);
  /* the same, and then the run fails: its diagnostic still has the line */
  ws = g_ws = writ_workspace_new(vm2);
  writ_release(fr);
  fr = grant_fn(ws, "freeRunning", free_running, 0, -1);
  diag.count = 0;
  EQ(run(ws, "let x = freeRunning()\nlet y = x + \"a\""), WRIT_ERR_RUNTIME);
  EQ(diag.count, 1);
  STREQ(diag.source_line, "let y = x + \"a\"");
  EQ(writ_eval(ws, "main", "1", 1, 0), WRIT_ERR_USAGE);
  writ_release(f);
  writ_release(a);
  writ_release(fr);
  writ_release(it);
  writ_vm_free(vm2);
}

/* ------------------------------------------------------------------ */
/* Limits that are not numbers, or not limits                           */

static void charge_fn(WritCall *c) { writ_charge(c, writ_arg_number(c, 1)); }

static void odd_limits(WritWorkspace *ws) {
  WritLimits lim;
  WritHandle *f = grant_fn(ws, "charge", charge_fn, 1, 1), *r = (WritHandle *)&r;
  const char *loop = "var i = 0\nwhile i < 1000 { i += 1 }";
  writ_limits_init(&lim);
  EQ(lim.fuel < 0 && lim.memory < 0 && lim.depth < 0, 1);
  lim.fuel = NAN; /* a NaN is refused, not taken as "no limit" */
  EQ(writ_eval_limited(ws, "main", loop, strlen(loop), 0, &lim), WRIT_ERR_USAGE);
  EQ(writ_call(f, 0, NULL, &r, &lim), WRIT_ERR_USAGE);
  IS_NULL(r);
  lim.fuel = -1;
  lim.memory = NAN;
  EQ(writ_eval_limited(ws, "main", loop, strlen(loop), 0, &lim), WRIT_ERR_USAGE);
  EQ(writ_call_method(f, "toString", 0, NULL, NULL, &lim), WRIT_ERR_USAGE);
  /* infinities: +inf is no limit, -inf is negative (no limit) */
  lim.fuel = INFINITY;
  lim.memory = INFINITY;
  lim.depth = INT_MAX;
  EQ(writ_eval_limited(ws, "main", loop, strlen(loop), 0, &lim), WRIT_OK);
  lim.fuel = -INFINITY;
  lim.memory = -INFINITY;
  lim.depth = INT_MIN;
  EQ(writ_eval_limited(ws, "main", loop, strlen(loop), 0, &lim), WRIT_OK);
  lim.fuel = -0.0; /* zero: runs out at once */
  EQ(writ_eval_limited(ws, "main", loop, strlen(loop), 0, &lim), WRIT_ERR_LIMIT);
  lim.fuel = 1e300; /* more than any counter: no limit */
  EQ(writ_eval_limited(ws, "main", loop, strlen(loop), 0, &lim), WRIT_OK);
  writ_limits_init(&lim);
  lim.depth = 0; /* no frames at all: calling a function is too deep */
  EQ(writ_eval_limited(ws, "main", "fn f() { return 1 }\nf()", 23, 0, &lim), WRIT_ERR_RUNTIME);
  /* Unknown flags are refused: a host built for a newer header learns it. */
  EQ(writ_eval(ws, "main", "1", 1, 1 << 10), WRIT_ERR_USAGE);
  EQ(writ_eval(ws, "main", "1", 1, -1), WRIT_ERR_USAGE);
  /* A host function charging without a fuel limit changes nothing, even
   * an infinite charge, in this run or the next; under a limit it stops
   * the run. */
  EQ(run(ws, "charge(1/0)\ncharge(1e300)\ncharge(-1)\ncharge(0/0)\nvar i = 0\nwhile i < 1000 { i += 1 }"), WRIT_OK);
  EQ(run(ws, loop), WRIT_OK);
  writ_limits_init(&lim);
  lim.fuel = 1e6;
  EQ(writ_eval_limited(ws, "main", "charge(1/0)", 11, 0, &lim), WRIT_ERR_LIMIT);
  EQ(writ_eval_limited(ws, "main", "charge(2e6)", 11, 0, &lim), WRIT_ERR_LIMIT);
  EQ(writ_eval_limited(ws, "main", "charge(1000)", 12, 0, &lim), WRIT_OK);
  EQ(run(ws, loop), WRIT_OK);
  writ_release(f);
}

/* ------------------------------------------------------------------ */
/* writ_grant_sys with options that cannot be used                      */

static void bad_sys(WritVM *vm) {
  WritWorkspace *ws = writ_workspace_new(vm);
  WritSysOptions o;
  const char *args[3] = {"a", NULL, "c"};
  const char *dirs[2] = {"/nonexistent/writ-misuse", "."};
  const char *file[1] = {"/dev/null"};
  memset(&o, 0, sizeof o);
  o.argc = 3;
  EQ(writ_grant_sys(ws, &o), WRIT_ERR_USAGE); /* argc without argv */
  o.argv = args;
  EQ(writ_grant_sys(ws, &o), WRIT_ERR_USAGE); /* a NULL argument */
  args[1] = "b\xff";
  EQ(writ_grant_sys(ws, &o), WRIT_ERR_USAGE); /* not UTF-8 */
  args[1] = "b";
  o.argc = -1;
  EQ(writ_grant_sys(ws, &o), WRIT_ERR_USAGE);
  o.argc = 3;
  o.nread = -1;
  EQ(writ_grant_sys(ws, &o), WRIT_ERR_USAGE);
  o.nread = 1;
  EQ(writ_grant_sys(ws, &o), WRIT_ERR_USAGE); /* nread without allow_read */
  o.allow_read = dirs;
  EQ(writ_grant_sys(ws, &o), WRIT_ERR_USAGE); /* no such directory */
  o.allow_read = file;
  EQ(writ_grant_sys(ws, &o), WRIT_ERR_USAGE); /* not a directory */
  o.nread = 0;
  o.nwrite = 2;
  EQ(writ_grant_sys(ws, &o), WRIT_ERR_USAGE); /* nwrite without allow_write */
  o.allow_write = dirs;
  EQ(writ_grant_sys(ws, &o), WRIT_ERR_USAGE);
  o.nwrite = 0;
  /* After all those refusals the workspace works, and a good grant too. */
  EQ(writ_grant_sys(ws, &o), WRIT_OK);
  output[0] = '\0';
  EQ(writ_eval(ws, "main", "print(sys.args)", 15, WRIT_EVAL_MAIN), WRIT_OK);
  STREQ(output, "[\"a\", \"b\", \"c\"]\n");
  writ_workspace_free(ws);
  EQ(writ_grant_sys(ws, &o), WRIT_ERR_USAGE); /* freed */
  /* Many freed workspaces: the oldest leave the quarantine (and memory). */
  for (int i = 0; i < 100; i++) {
    WritWorkspace *w = writ_workspace_new(vm);
    EQ(writ_eval(w, "main", "let x = 1", 9, 0), WRIT_OK);
    writ_workspace_free(w);
    if (i % 10 == 0) writ_workspace_free(w);
  }
}

/* ------------------------------------------------------------------ */
/* Callbacks that misbehave: the loader, the allocator, the error hook  */

static int g_loader_mode;
static WritStatus g_in_loader;
static char *dup_text(const char *s) {
  char *p = s ? malloc(strlen(s) + 1) : NULL;
  return p ? strcpy(p, s) : NULL;
}
static char *bad_loader(void *ud, const char *importer, const char *path, char **canonical, size_t *len, char *err,
                        size_t errcap) {
  (void)ud;
  (void)importer;
  (void)path;
  g_in_loader = writ_eval(g_ws, "main", "1", 1, 0); /* the VM is running the import */
  *len = 5;
  switch (g_loader_mode) {
  case 0: return dup_text("let x"); /* no canonical name */
  case 1: *canonical = dup_text("bad\xff"); return dup_text("let x"); /* a name that is not UTF-8 */
  case 2: memset(err, 'e', errcap); return NULL; /* a reason without its NUL */
  case 3: snprintf(err, errcap, "bad \xff reason"); return NULL;
  default: *canonical = dup_text("good"); return dup_text("1 + 1");
  }
}
static void free_text(void *ud, char *p) { (void)ud; free(p); }

static int g_eval_in_error;
static void error_evals(void *ud, const WritDiagnostic *d) {
  on_error(ud, d);
  if (!g_eval_in_error) return;
  g_eval_in_error = (int)writ_eval(g_ws, "side", "let z = 3", 9, 0) + 100;
  writ_vm_free(writ_workspace_vm(g_ws)); /* refused: the VM reports from inside */
}

static int g_allocs, g_fail_after;
static void *failing_alloc(void *ud, void *ptr, size_t old_size, size_t new_size) {
  (void)ud;
  (void)old_size;
  if (new_size == 0) {
    free(ptr);
    return NULL;
  }
  if (g_allocs++ >= g_fail_after) return NULL;
  return realloc(ptr, new_size);
}

static void bad_callbacks(void) {
  WritConfig cfg;
  WritVM *vm;
  WritWorkspace *ws;
  char buf[512];
  const char *src = "var why = \"\"\ntry { import \"m\" } catch e { why = e.message() }";
  writ_config_init(&cfg);
  cfg.error = error_evals;
  cfg.load_module = bad_loader;
  cfg.release = free_text;
  vm = writ_vm_new(&cfg);
  ws = g_ws = writ_workspace_new(vm);
  for (g_loader_mode = 0; g_loader_mode < 5; g_loader_mode++) {
    g_in_loader = WRIT_OK;
    eq(__LINE__, "import", run(ws, src), WRIT_OK);
    eq(__LINE__, "eval in the loader", g_in_loader, WRIT_ERR_USAGE);
    string_var(ws, "why", buf, sizeof buf);
    eq(__LINE__, buf, writ_utf8_valid(buf, strlen(buf)), 1);
    if (g_loader_mode == 0) STREQ(buf, "cannot import \"m\": the module loader gave no canonical name");
    if (g_loader_mode == 1) STREQ(buf, "cannot import \"m\": the module loader gave a canonical name that is not UTF-8");
    if (g_loader_mode == 2) eq(__LINE__, "reason cut", strlen(buf), strlen("cannot import \"m\": ") + 255);
    if (g_loader_mode == 3) STREQ(buf, "cannot import \"m\": bad ? reason");
    if (g_loader_mode == 4) STREQ(buf, "");
  }
  /* The error callback may run code (the VM is not running then). */
  g_eval_in_error = 1;
  EQ(run(ws, "let boom = )"), WRIT_ERR_SYNTAX);
  EQ(g_eval_in_error, 100 + WRIT_OK);
  g_eval_in_error = 0;
  { /* the VM was not freed, and the side module ran */
    WritHandle *z = writ_get_variable(ws, "side", "z");
    double d = 0;
    EQ(writ_get_number(z, &d) == WRIT_OK && d == 3, 1);
    writ_release(z);
  }
  writ_vm_free(vm);
  /* An allocator that fails: at start-up, then at every later point of a
   * small run. Each step fails cleanly or works. */
  writ_config_init(&cfg);
  cfg.alloc = failing_alloc;
  for (g_fail_after = 0; g_fail_after < 20000; g_fail_after += g_fail_after < 400 ? 1 : 97) {
    WritHandle *h;
    g_allocs = 0;
    vm = writ_vm_new(&cfg);
    if (!vm) continue;
    ws = writ_workspace_new(vm);
    h = writ_new_string(vm, "abc", 3);
    if (ws) {
      WritStatus st = run(ws, "let l = [1, 2, 3].map(fn(x) => str(x) + \"!\")\nlet m = {\"a\": l}");
      if (st != WRIT_OK && st != WRIT_ERR_MEMORY) eq(__LINE__, "status under a failing allocator", st, WRIT_ERR_MEMORY);
    }
    writ_release(h);
    writ_vm_free(vm);
  }
}

int main(void) {
  WritVM *vm = new_vm();
  WritWorkspace *ws = writ_workspace_new(vm);
  null_everywhere();
  null_arguments(vm, ws);
  released_handles(vm, ws);
  wrong_types(vm, ws);
  bad_names(vm, ws);
  other_vm(vm, ws);
  reentry(vm);
  odd_limits(ws);
  bad_sys(vm);
  bad_callbacks();
  writ_vm_free(vm);
  return failures ? 1 : 0;
}
