/* fuzz_json: the input bytes are JSON text for json.parse, passed in as a
 * Writ string (an input that is not UTF-8 cannot be a Writ string and is
 * skipped). When it parses, the value must round-trip:
 *   a = json.stringify(v)          compact
 *   b = json.stringify(json.parse(a))      must equal a
 *   c = json.stringify(json.parse(json.stringify(v, 2)))   must equal a
 * (text stringify made must parse again, and say the same thing). A
 * mismatch, or json.parse refusing stringify's own text, aborts. Every call
 * runs under fuel, memory and depth limits; a limit running out is not a
 * finding. After a failure the host checks json.parse still works.
 * Uses include/writ.h only, like any host. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writ.h"

#define FUEL 1000000
#define MEMORY (16.0 * 1024 * 1024)
#define DEPTH 50

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static WritVM *vm;
static WritWorkspace *ws;
static WritHandle *fn_parse, *fn_stringify, *fn_pretty;
static WritLimits lim;
static size_t sink;

static size_t touch(const char *s) { return s ? strlen(s) : 0; }
static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  sink += touch(d->file) + touch(d->message) + touch(d->source_line) + touch(d->trace);
}

static void die(const char *what) {
  fprintf(stderr, "fuzz_json: %s\n", what);
  abort();
}

static const char setup_src[] =
    "import json\n"
    "fn parse(s) { return json.parse(s) }\n"
    "fn stringify(v) { return json.stringify(v) }\n"
    "fn pretty(v) { return json.stringify(v, 2) }\n";

static void setup(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.error = on_error;
  vm = writ_vm_new(&cfg);
  ws = vm ? writ_workspace_new(vm) : NULL;
  if (!ws) die("cannot make a VM");
  if (writ_eval(ws, "json_fuzz", setup_src, sizeof setup_src - 1, 0) != WRIT_OK) die("setup failed");
  fn_parse = writ_get_variable(ws, "json_fuzz", "parse");
  fn_stringify = writ_get_variable(ws, "json_fuzz", "stringify");
  fn_pretty = writ_get_variable(ws, "json_fuzz", "pretty");
  if (!fn_parse || !fn_stringify || !fn_pretty) die("setup: functions missing");
  writ_limits_init(&lim);
  lim.fuel = FUEL;
  lim.memory = MEMORY;
  lim.depth = DEPTH;
}

/* fn(arg) under the limits; the status, *out a new handle on WRIT_OK. */
static WritStatus call1(WritHandle *fn, WritHandle *arg, WritHandle **out) {
  WritStatus st = writ_call(fn, 1, &arg, out, &lim);
  if (st == WRIT_ERR_USAGE || st == WRIT_EXIT || st == WRIT_ERR_INTERRUPTED || st == WRIT_ERR_SYNTAX) {
    fprintf(stderr, "fuzz_json: writ_call gave status %d\n", (int)st);
    abort();
  }
  if ((st == WRIT_OK) != (*out != NULL)) die("writ_call: result and status disagree");
  return st;
}

/* The bytes of a string handle (which must be one). */
static void text_of(WritHandle *h, const char **s, size_t *n) {
  if (writ_get_string(h, s, n) != WRIT_OK) die("json.stringify did not return a string");
}

/* The host keeps running: json.parse("[1]") is a list of one. */
static void check_alive(void) {
  WritHandle *in = writ_new_string(vm, "[1]", 3), *out = NULL;
  if (!in) die("writ_new_string failed");
  if (call1(fn_parse, in, &out) != WRIT_OK || writ_type(out) != WRIT_TYPE_LIST || writ_list_len(out) != 1)
    die("json.parse(\"[1]\") no longer works");
  writ_release(out);
  writ_release(in);
}

/* v parsed; checks that it round-trips. Limits running out end it quietly. */
static void round_trip(WritHandle *v) {
  WritHandle *a = NULL, *v2 = NULL, *b = NULL, *p = NULL, *v3 = NULL, *c = NULL;
  if (call1(fn_stringify, v, &a) != WRIT_OK) goto done; /* e.g. out of fuel */
  const char *as, *bs, *cs;
  size_t an, bn, cn;
  text_of(a, &as, &an);
  WritStatus st = call1(fn_parse, a, &v2);
  if (st == WRIT_ERR_RUNTIME) {
    fprintf(stderr, "fuzz_json: json.parse refused json.stringify's output: %.*s\n", (int)(an > 200 ? 200 : an), as);
    abort();
  }
  if (st != WRIT_OK) goto done;
  if (call1(fn_stringify, v2, &b) != WRIT_OK) goto done;
  text_of(b, &bs, &bn);
  if (an != bn || memcmp(as, bs, an) != 0) {
    fprintf(stderr, "fuzz_json: unstable round trip:\n  %.*s\n  %.*s\n", (int)(an > 300 ? 300 : an), as,
            (int)(bn > 300 ? 300 : bn), bs);
    abort();
  }
  /* The indented form says the same. */
  if (call1(fn_pretty, v, &p) != WRIT_OK) goto done;
  st = call1(fn_parse, p, &v3);
  if (st == WRIT_ERR_RUNTIME) die("json.parse refused json.stringify(v, 2)'s output");
  if (st != WRIT_OK) goto done;
  if (call1(fn_stringify, v3, &c) != WRIT_OK) goto done;
  text_of(c, &cs, &cn);
  if (an != cn || memcmp(as, cs, an) != 0) {
    fprintf(stderr, "fuzz_json: indented round trip differs:\n  %.*s\n  %.*s\n", (int)(an > 300 ? 300 : an), as,
            (int)(cn > 300 ? 300 : cn), cs);
    abort();
  }
done:
  writ_release(a);
  writ_release(v2);
  writ_release(b);
  writ_release(p);
  writ_release(v3);
  writ_release(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!vm) setup();
  WritHandle *in = writ_new_string(vm, (const char *)data, size);
  if (!in) {
    if (writ_utf8_valid((const char *)data, size)) die("writ_new_string refused valid UTF-8");
    return 0; /* not UTF-8: not a Writ string */
  }
  WritHandle *v = NULL;
  if (call1(fn_parse, in, &v) == WRIT_OK) round_trip(v);
  else check_alive();
  writ_release(v);
  writ_release(in);
  return 0;
}
