/* fuzz_eval: the input is Writ source text. Each input runs in a fresh
 * workspace of one long-lived VM (granted nothing), under fuel, memory and
 * depth limits so that every input ends quickly: once as a module, once as
 * REPL input (whose final value is printed, quoted, through write), then
 * the turns it queued. Then
 * the host checks that it can still run code: "1 + 1" must give 2 in the
 * same workspace, or the harness aborts. Built twice: as fuzz_eval, and,
 * with the library, with -DWRIT_GC_STRESS (a collection before every
 * allocation) as fuzz_eval_gc, with less fuel since each step is slower.
 * Uses include/writ.h only, like any host. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writ.h"

/* Under WRIT_GC_STRESS every allocation costs a whole collection, so an
 * input's time grows as allocations times live objects: with 20 000 fuel a
 * loop building a 4 000-deep list took over 40 s. */
#ifdef WRIT_GC_STRESS
#define FUEL 5000
#else
#define FUEL 200000
#endif
#define MEMORY (8.0 * 1024 * 1024)
#define DEPTH 200

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static WritVM *vm;
static size_t sink; /* keeps the reads of callback strings from being dropped */

/* Reads every byte of a diagnostic, so ASan checks what the VM hands out. */
static size_t touch(const char *s) { return s ? strlen(s) : 0; }
static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  sink += touch(d->file) + touch(d->message) + touch(d->source_line) + touch(d->trace);
  sink += (size_t)d->line + (size_t)d->column + (size_t)d->caret;
  if (d->status == WRIT_OK || d->status == WRIT_ERR_USAGE || d->status == WRIT_EXIT) {
    fprintf(stderr, "fuzz_eval: a diagnostic with status %d\n", (int)d->status);
    abort();
  }
}
static void on_write(void *ud, const char *text, size_t len) {
  (void)ud;
  for (size_t i = 0; i < len; i++) sink += (unsigned char)text[i];
}

static void fail(const char *what, WritStatus st) {
  fprintf(stderr, "fuzz_eval: %s (status %d)\n", what, (int)st);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!vm) {
    WritConfig cfg;
    writ_config_init(&cfg);
    cfg.error = on_error;
    cfg.write = on_write;
    vm = writ_vm_new(&cfg);
    if (!vm) fail("writ_vm_new failed", WRIT_ERR_MEMORY);
  }
  WritWorkspace *ws = writ_workspace_new(vm);
  if (!ws) fail("writ_workspace_new failed", WRIT_ERR_MEMORY);
  WritLimits lim;
  writ_limits_init(&lim);
  lim.fuel = FUEL;
  lim.memory = MEMORY;
  lim.depth = DEPTH;
  const char *src = (const char *)data;

  WritStatus st = writ_eval_limited(ws, "fuzz", src, size, 0, &lim);
  if (st == WRIT_ERR_USAGE || st == WRIT_EXIT || st == WRIT_ERR_INTERRUPTED) fail("eval: unexpected status", st);
  st = writ_eval_limited(ws, "<repl>", src, size, WRIT_EVAL_REPL | WRIT_EVAL_MAIN, &lim);
  if (st == WRIT_ERR_USAGE || st == WRIT_EXIT || st == WRIT_ERR_INTERRUPTED) fail("REPL eval: unexpected status", st);

  /* The turns the input queued (sends, when callbacks), under the same
   * limits: a ping-pong that never ends stops at the fuel. */
  st = writ_run_turns(vm, -1, &lim, NULL);
  if (st == WRIT_ERR_USAGE || st == WRIT_EXIT || st == WRIT_ERR_INTERRUPTED) fail("turns: unexpected status", st);
  writ_report_unhandled(vm);

  /* The host keeps running: the same workspace still computes. */
  WritHandle *two = NULL;
  st = writ_eval_value(ws, "check", "1 + 1", 5, WRIT_EVAL_REPL, &lim, &two);
  double d = 0;
  if (st != WRIT_OK || writ_get_number(two, &d) != WRIT_OK || d != 2) fail("1 + 1 no longer gives 2", st);
  writ_release(two);
  writ_workspace_free(ws);
  return 0;
}
