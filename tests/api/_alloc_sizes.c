/* A strict allocator under the VM: it records every block's size and
 * fails the test when a realloc or free names another size (the allocator
 * hook's contract: old_size is what the block was allocated with), or when
 * anything is left allocated after writ_vm_free. Two sweeps make the
 * failure paths run: the allocator refuses every allocation from the Nth
 * on (for every N), and a memory limit of N bytes (for many N). After
 * each failure the VM must still run code; after each VM, nothing leaks,
 * and every buffer the module loader handed over was given back (an
 * import that ran out of memory while copying them kept them: found by
 * the fuzz_api harness).
 * Usage: _alloc_sizes [STEP] (memory-limit sweep step in bytes). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "writ.h"

/* ---- the strict allocator: an open-addressing table ptr -> size ---- */

#define SLOTS (1u << 20)
typedef struct {
  void *p;
  size_t n;
} Block;
static Block *table;
static size_t live, liveBytes, allocations;
static long failFrom = -1; /* allocation number from which to refuse; -1: never */

static size_t slot_of(void *p) {
  size_t i = ((uintptr_t)p >> 4) * 2654435761u % SLOTS;
  while (table[i].p && table[i].p != p) i = (i + 1) % SLOTS;
  return i;
}

static void forget(void *p, size_t old) {
  size_t i = slot_of(p);
  if (table[i].p != p) {
    fprintf(stderr, "FAIL: freeing %p, which was never allocated\n", p);
    exit(1);
  }
  if (table[i].n != old) {
    fprintf(stderr, "FAIL: block of %zu bytes given back as %zu bytes\n", table[i].n, old);
    exit(1);
  }
  /* Remove with backward-shift so probes stay correct. */
  table[i].p = NULL;
  size_t j = i;
  for (;;) {
    j = (j + 1) % SLOTS;
    if (!table[j].p) break;
    size_t k = ((uintptr_t)table[j].p >> 4) * 2654435761u % SLOTS;
    if ((j > i && (k <= i || k > j)) || (j < i && k <= i && k > j)) {
      table[i] = table[j];
      table[j].p = NULL;
      i = j;
    }
  }
  live--;
  liveBytes -= old;
}

static void remember(void *p, size_t n) {
  size_t i = slot_of(p);
  table[i].p = p;
  table[i].n = n;
  live++;
  liveBytes += n;
}

static void *strict(void *ud, void *ptr, size_t old, size_t n) {
  (void)ud;
  if (n == 0) {
    if (ptr) forget(ptr, old);
    free(ptr);
    return NULL;
  }
  if (!ptr && old != 0) {
    fprintf(stderr, "FAIL: new block with old size %zu\n", old);
    exit(1);
  }
  if (n > old && failFrom >= 0 && (long)allocations++ >= failFrom) return NULL;
  void *q = malloc(n);
  if (!q) return NULL;
  if (ptr) {
    memcpy(q, ptr, old < n ? old : n);
    forget(ptr, old);
    free(ptr);
  }
  remember(q, n);
  return q;
}

/* ---- the programs run under failure ---- */

static const char *const programs[] = {
    /* module variables grow 16 -> 32 -> 64 (three arrays in one block) */
    ("let a0 = 0\nlet a1 = 1\nlet a2 = 2\nlet a3 = 3\nlet a4 = 4\nlet a5 = 5\nlet a6 = 6\nlet a7 = 7\n"
    "let a8 = 8\nlet a9 = 9\nlet b0 = 0\nlet b1 = 1\nlet b2 = 2\nlet b3 = 3\nlet b4 = 4\nlet b5 = 5\n"
    "let b6 = 6\nlet b7 = 7\nlet b8 = 8\nlet b9 = 9\nlet c0 = 0\nlet c1 = 1\nlet c2 = 2\nlet c3 = 3\n"
    "let c4 = 4\nlet c5 = 5\nlet c6 = 6\nlet c7 = 7\nlet c8 = 8\nlet c9 = 9\nlet d0 = 0\nlet d1 = 1\n"
    "let d2 = 2\nlet d3 = 3\nlet d4 = 4\nlet d5 = 5\nlet d6 = 6\nlet d7 = 7\nlet d8 = 8\nlet d9 = 9\n"),
    /* containers, strings, closures, classes, errors */
    ("import json\nvar m = {}\nfor i in 0..100 { m[str(i)] = [i, i * 2] }\nfor i in 0..50 { m.remove(str(i)) }\n"
    "let s = m.keys().join(\",\")\nfn mk(n) { return fn() => n + 1 }\nlet fs = [mk(1), mk(2)]\n"
    "class P { new(x) { @x = x } toString() { return \"P\" + str(@x) } }\n"
    "let t = str([P(1), P(2), {k: P(3)}])\ntry { [1][5] } catch e { let msg = e.message() }\n"
    "let j = json.stringify(json.parse(\"[1, {\\\"a\\\": [true, null]}]\"))\n"),
    /* a child workspace with its own budget */
    /* an import through the host's loader */
    "import \"./dep\" as dep\nlet v = dep.v + 1\n",
    ("let w = Workspace({})\nlet r = w.eval(\"var l = []; for i in 0..200 { l.push(str(i)) }; l.len()\", "
     "{fuel: 100000, memory: 200000})\n"),
};
#define NPROGRAMS (sizeof programs / sizeof programs[0])

static long failures, recoveries, loaned; /* loaned: loader buffers not given back */

static char *loader(void *ud, const char *importer, const char *path, char **canon, size_t *len, char *err,
                    size_t errcap) {
  (void)ud;
  (void)importer;
  (void)err;
  (void)errcap;
  static const char src[] = "export let v = 41\n";
  char *s = malloc(sizeof src), *c = malloc(strlen(path) + 1);
  if (!s || !c) exit(2);
  memcpy(s, src, sizeof src);
  strcpy(c, path);
  *canon = c;
  *len = sizeof src - 1;
  loaned += 2;
  return s;
}

static void release(void *ud, char *p) {
  (void)ud;
  free(p);
  loaned--;
}

static void check_alive(WritWorkspace *ws, const char *when) {
  static const char ok[] = "let alive = [1, 2, 3].map(fn(x) => x * 2).len()";
  WritStatus st = writ_eval(ws, "check", ok, sizeof ok - 1, 0);
  if (st != WRIT_OK) {
    fprintf(stderr, "FAIL: the VM does not run code after %s (status %d)\n", when, (int)st);
    exit(1);
  }
  recoveries++;
}

static void after_vm(const char *when) {
  if (live != 0) {
    fprintf(stderr, "FAIL: %zu blocks (%zu bytes) left after writ_vm_free (%s)\n", live, liveBytes, when);
    exit(1);
  }
  if (loaned != 0) {
    fprintf(stderr, "FAIL: %ld module loader buffers never given back (%s)\n", loaned, when);
    exit(1);
  }
}

/* One VM: runs program p with allocations refused from number `from`
 * (or under a memory limit of `limit` bytes, when limit >= 0). Returns
 * whether the program finished. */
static int one(size_t p, long from, double limit) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.alloc = strict;
  cfg.load_module = loader;
  cfg.release = release;
  failFrom = -1;
  WritVM *vm = writ_vm_new(&cfg);
  if (!vm) {
    fprintf(stderr, "FAIL: no VM\n");
    exit(1);
  }
  WritWorkspace *ws = writ_workspace_new(vm);
  allocations = 0;
  failFrom = from;
  WritLimits lim;
  writ_limits_init(&lim);
  lim.memory = limit;
  WritStatus st = writ_eval_limited(ws, "prog", programs[p], strlen(programs[p]), 0, limit >= 0 ? &lim : NULL);
  failFrom = -1;
  if (st != WRIT_OK) {
    failures++;
    if (st != WRIT_ERR_MEMORY && st != WRIT_ERR_LIMIT) {
      fprintf(stderr, "FAIL: program %zu, failing from allocation %ld / limit %.0f: status %d\n", p, from,
              limit, (int)st);
      exit(1);
    }
    check_alive(ws, "a failure");
  }
  writ_vm_free(vm);
  after_vm("a sweep step");
  return st == WRIT_OK;
}

int main(int argc, char **argv) {
  double step = argc > 1 ? atof(argv[1]) : 64;
  table = calloc(SLOTS, sizeof *table);
  if (!table) return 2;
  for (size_t p = 0; p < NPROGRAMS; p++) {
    /* Allocation failure from the Nth allocation on, for every N until
     * the program no longer meets one. */
    long n = 0;
    while (!one(p, n, -1)) n++;
    /* Memory limits from 0 up, until the program fits. */
    double limit = 0;
    while (!one(p, -1, limit)) limit += step;
    printf("program %zu: finished from allocation %ld on, and under %.0f bytes\n", p, n, limit);
  }
  printf("%ld failures, each followed by a run that worked; nothing leaked\n", failures);
  free(table);
  return recoveries == failures ? 0 : 1;
}
