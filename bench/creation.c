/* bench/creation.c — what a Writ workspace and a Writ VM cost to create
 * (issue 4, point 9). Uses only the public API in include/writ.h.
 *
 *   a  ws+eval   writ_workspace_new + writ_eval("1 + 1") + writ_workspace_free,
 *                in one VM created once
 *   b  ws        writ_workspace_new + writ_workspace_free, in one VM
 *   c  vm        writ_vm_new + writ_vm_free
 *   f  eval      writ_eval("1 + 1") as a fresh module of one long-lived
 *                workspace (extra row: the eval part of "a" on its own)
 *
 * Time: for each row, REPS repetitions (default 11), each timing N
 * iterations with clock_gettime(CLOCK_MONOTONIC); N is chosen so that one
 * repetition lasts at least MIN_MS milliseconds (default 20), and the
 * repetitions of the rows interleave (see time_units). The reported
 * figure is the median over repetitions of (elapsed / N), plus the fastest
 * and slowest repetition. Timed VMs use the default allocator (the C
 * library's realloc/free, as luaL_newstate does), so the allocator hook
 * costs nothing in the timings.
 *
 * Bytes: counted through the WritConfig allocator hook in a separate VM.
 * Each sample starts from a collected heap (writ_collect), so nothing made
 * by an earlier sample is shared with it. For a workspace (and for "f"):
 *   live      bytes allocated and not yet freed just before
 *             writ_workspace_free, garbage included (the closure that ran,
 *             compiler leftovers): what one unit costs until a collection
 *   retained  the same after a writ_collect, the workspace still alive:
 *             what keeping it costs
 *   peak      the highest live bytes above the starting point during the
 *             unit (the compiler's scratch memory shows here)
 * median of 9 samples taken after warm-up. For a VM: the live bytes right
 * after writ_vm_new (nothing there is garbage).
 *
 * Output: one tab-separated line per row (see print_row), read by
 * bench/creation.sh. `creation --allocs` instead lists the allocations
 * made by one VM creation (summed) and by one workspace + eval (each, with
 * its size); `creation --run a|b|c|f N` runs one row's unit N times and
 * prints nothing, for perf or valgrind.
 *
 * Environment: CREATION_REPS, CREATION_MIN_MS. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "writ.h"

static const char SRC[] = "1 + 1";

/* ---- counting allocator ---- */

typedef struct {
  size_t live, peak;
  size_t nalloc, nfree, nrealloc;
  int trace;          /* 1: print every call; 2: print the large ones */
  size_t small_n, small_bytes; /* trace 2: allocations under 256 bytes */
} Counter;

static void *count_alloc(void *ud, void *ptr, size_t old_size, size_t new_size) {
  Counter *c = ud;
  if (new_size == 0) {
    if (ptr) {
      c->live -= old_size;
      c->nfree++;
      if (c->trace == 1 || (c->trace == 2 && old_size >= 256)) printf("    free    %6zu\n", old_size);
    }
    free(ptr);
    return NULL;
  }
  void *p = realloc(ptr, new_size);
  if (!p) return NULL;
  c->live += new_size - (ptr ? old_size : 0);
  if (c->live > c->peak) c->peak = c->live;
  if (ptr) c->nrealloc++;
  else c->nalloc++;
  if (c->trace == 2 && !ptr && new_size < 256) {
    c->small_n++;
    c->small_bytes += new_size;
  } else if (c->trace) {
    if (ptr) printf("    realloc %6zu -> %zu\n", old_size, new_size);
    else printf("    alloc   %6zu\n", new_size);
  }
  return p;
}

static int failures;

static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  if (failures++ < 3) fprintf(stderr, "creation: writ error: %s:%d:%d: %s\n", d->file, d->line, d->column, d->message);
}

static WritVM *new_vm(Counter *c) {
  WritConfig cfg;
  writ_config_init(&cfg);
  if (c) {
    cfg.alloc = count_alloc;
    cfg.alloc_ud = c;
  }
  cfg.write = NULL; /* output discarded */
  cfg.error = on_error;
  WritVM *vm = writ_vm_new(&cfg);
  if (!vm) {
    fprintf(stderr, "creation: writ_vm_new failed\n");
    exit(1);
  }
  return vm;
}

/* ---- the units being timed ---- */

static WritVM *g_vm;
static WritWorkspace *g_ws;

static void unit_ws_eval(long n) {
  for (long i = 0; i < n; i++) {
    WritWorkspace *ws = writ_workspace_new(g_vm);
    if (!ws || writ_eval(ws, "x", SRC, sizeof SRC - 1, 0) != WRIT_OK) failures++;
    writ_workspace_free(ws);
  }
}

static void unit_ws(long n) {
  for (long i = 0; i < n; i++) {
    WritWorkspace *ws = writ_workspace_new(g_vm);
    if (!ws) failures++;
    writ_workspace_free(ws);
  }
}

static void unit_vm(long n) {
  for (long i = 0; i < n; i++) writ_vm_free(new_vm(NULL));
}

static void unit_eval(long n) {
  for (long i = 0; i < n; i++)
    if (writ_eval(g_ws, "x", SRC, sizeof SRC - 1, 0) != WRIT_OK) failures++;
}

/* ---- timing: bench/creation_timing.h ---- */

#include "creation_timing.h"

/* ---- bytes ---- */

#define SAMPLES 9

typedef struct {
  size_t live;     /* live bytes added, garbage included */
  size_t peak;     /* highest live bytes above the start */
  size_t after;    /* still live after freeing (garbage until a collection) */
  size_t calls;    /* allocator calls that allocate or grow */
  size_t retained; /* live bytes added that survive a collection */
} Bytes;

static size_t median_size(size_t *v) {
  qsort(v, SAMPLES, sizeof v[0], cmp_size);
  return v[SAMPLES / 2];
}

/* kind 0: workspace + free; 1: workspace + eval + free; 2: eval only, in
 * one long-lived workspace (each eval replaces the module "x" of the one
 * before, so it retains nothing net). */
static Bytes ws_bytes(int kind) {
  Counter c = {0};
  WritVM *vm = new_vm(&c);
  WritWorkspace *keep = kind == 2 ? writ_workspace_new(vm) : NULL;
  size_t live[SAMPLES], peak[SAMPLES], after[SAMPLES], calls[SAMPLES], kept[SAMPLES];
  for (int i = 0; i < 20 + SAMPLES; i++) { /* the first 20 warm up */
    writ_collect(vm);
    size_t base = c.live, calls0 = c.nalloc + c.nrealloc;
    c.peak = base;
    WritWorkspace *ws = keep ? keep : writ_workspace_new(vm);
    if (!ws || (kind > 0 && writ_eval(ws, "x", SRC, sizeof SRC - 1, 0) != WRIT_OK)) failures++;
    size_t l = c.live - base, p = c.peak - base, k = c.nalloc + c.nrealloc - calls0;
    writ_collect(vm);
    size_t r = c.live - base;
    if (!keep) writ_workspace_free(ws);
    if (i >= 20) {
      int s = i - 20;
      live[s] = l;
      peak[s] = p;
      after[s] = c.live - base;
      calls[s] = k;
      kept[s] = r;
    }
  }
  writ_workspace_free(keep);
  writ_vm_free(vm);
  if (c.live != 0) fprintf(stderr, "creation: %zu bytes still live after writ_vm_free\n", c.live);
  Bytes b = {median_size(live), median_size(peak), keep ? 0 : median_size(after), median_size(calls),
             median_size(kept)};
  return b;
}

static Bytes vm_bytes(void) {
  Counter c = {0};
  WritVM *vm = new_vm(&c);
  Bytes b = {c.live, c.peak, 0, c.nalloc + c.nrealloc, c.live};
  writ_vm_free(vm);
  if (c.live != 0) fprintf(stderr, "creation: %zu bytes still live after writ_vm_free\n", c.live);
  return b;
}

/* One line per row, tab-separated:
 *   impl key label us_med us_min us_max n reps live peak after calls retained */
static void print_row(const char *key, const char *label, Timing t, Bytes b) {
  printf("writ\t%s\t%s\t%.4f\t%.4f\t%.4f\t%ld\t%d\t%zu\t%zu\t%zu\t%zu\t%zu\n", key, label, t.med, t.min, t.max,
         t.n, t.reps, b.live, b.peak, b.after, b.calls, b.retained);
}

static void list_allocs(void) {
  Counter c = {0};
  printf("writ_vm_new (allocations of 256 bytes or more, then the rest summed):\n");
  c.trace = 2;
  WritVM *vm = new_vm(&c);
  c.trace = 0;
  printf("    %zu allocations under 256 bytes: %zu bytes\n", c.small_n, c.small_bytes);
  printf("  => %zu bytes live, %zu allocations, %zu frees\n", c.live, c.nalloc + c.nrealloc, c.nfree);
  for (int i = 0; i < 20; i++) {
    WritWorkspace *ws = writ_workspace_new(vm);
    writ_eval(ws, "x", SRC, sizeof SRC - 1, 0);
    writ_workspace_free(ws);
  }
  writ_collect(vm); /* as ws_bytes does: nothing is shared with an earlier eval */
  size_t base = c.live;
  printf("writ_workspace_new (warm VM, after writ_collect):\n");
  c.trace = 1;
  WritWorkspace *ws = writ_workspace_new(vm);
  printf("  => %zu bytes live\nwrit_eval(\"%s\"):\n", c.live - base, SRC);
  writ_eval(ws, "x", SRC, sizeof SRC - 1, 0);
  printf("  => %zu bytes live (workspace + module, garbage included)\nwrit_collect:\n", c.live - base);
  writ_collect(vm);
  printf("  => %zu bytes retained by the workspace\nwrit_workspace_free:\n", c.live - base);
  writ_workspace_free(ws);
  c.trace = 0;
  printf("  => %zu bytes still live (garbage until the next collection)\n", c.live - base);
  writ_vm_free(vm);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--allocs") == 0) {
    list_allocs();
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "--run") == 0) { /* for profilers: --run a|b|c|f N */
    static void (*const units[])(long) = {unit_ws_eval, unit_ws, unit_vm, unit_eval};
    const char *keys = "abcf", *k = argc > 2 && argv[2][0] && !argv[2][1] ? strchr(keys, argv[2][0]) : NULL;
    long n = argc > 3 ? atol(argv[3]) : 0;
    if (!k || n <= 0) {
      fprintf(stderr, "usage: creation --run a|b|c|f N\n");
      return 2;
    }
    g_vm = new_vm(NULL);
    g_ws = writ_workspace_new(g_vm);
    units[k - keys](n);
    writ_vm_free(g_vm);
    return failures != 0;
  }
  int reps = env_int("CREATION_REPS", 11, 1);
  if (reps > MAX_REPS) reps = MAX_REPS;
  double min_s = env_int("CREATION_MIN_MS", 20, 1) / 1000.0;

  /* Check that "1 + 1" evaluates before timing anything. */
  g_vm = new_vm(NULL);
  {
    WritWorkspace *ws = writ_workspace_new(g_vm);
    WritStatus st = ws ? writ_eval(ws, "x", SRC, sizeof SRC - 1, 0) : WRIT_ERR_MEMORY;
    if (st != WRIT_OK) {
      fprintf(stderr, "creation: writ_eval(\"%s\") failed with status %d\n", SRC, (int)st);
      return 1;
    }
    writ_workspace_free(ws);
  }

  g_ws = writ_workspace_new(g_vm);
  static void (*const units[])(long) = {unit_ws_eval, unit_ws, unit_vm, unit_eval};
  Timing t[4];
  time_units(units, 4, t, reps, min_s);
  writ_workspace_free(g_ws);
  writ_vm_free(g_vm);

  print_row("a", "writ workspace + eval \"1 + 1\" + free (one VM)", t[0], ws_bytes(1));
  print_row("b", "writ workspace + free (one VM)", t[1], ws_bytes(0));
  print_row("c", "writ VM new + free", t[2], vm_bytes());
  print_row("f", "writ eval \"1 + 1\" only (one workspace)", t[3], ws_bytes(2));
  if (failures) {
    fprintf(stderr, "creation: %d Writ calls failed\n", failures);
    return 1;
  }
  return 0;
}
