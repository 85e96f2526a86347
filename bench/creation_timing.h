/* bench/creation_timing.h — the timing both creation benchmarks share
 * (bench/creation.c for Writ, bench/creation_lua.c for Lua), so the two
 * sides of each ratio are measured by the same code. Included once per
 * program; everything here is static. */
#ifndef CREATION_TIMING_H
#define CREATION_TIMING_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

static int env_int(const char *name, int dflt, int lo) {
  const char *s = getenv(name);
  if (!s || !*s) return dflt;
  char *end;
  long v = strtol(s, &end, 10);
  if (*end || v < lo || v > 1000000) {
    fprintf(stderr, "creation: %s must be an integer >= %d (got '%s')\n", name, lo, s);
    exit(2);
  }
  return (int)v;
}

typedef struct {
  double med, min, max; /* µs per unit */
  long n;
  int reps;
} Timing;

#define MAX_REPS 101

/* Times k units together: first each is warmed up and given its N (doubled
 * until one repetition lasts min_s), then the repetitions interleave the
 * units (a, b, c, a, b, c, ...) so that a noisy moment on a shared machine
 * spreads over all of them instead of landing on one. */
static void time_units(void (*const units[])(long), int k, Timing *out, int reps, double min_s) {
  static double us[8][MAX_REPS];
  for (int u = 0; u < k; u++) {
    long n = 1;
    for (;;) {
      double t0 = now_s();
      units[u](n);
      double dt = now_s() - t0;
      if (dt >= min_s || n >= (1L << 30)) break;
      n *= 2;
    }
    out[u].n = n;
    out[u].reps = reps;
  }
  for (int r = 0; r < reps; r++)
    for (int u = 0; u < k; u++) {
      double t0 = now_s();
      units[u](out[u].n);
      us[u][r] = (now_s() - t0) * 1e6 / (double)out[u].n;
    }
  for (int u = 0; u < k; u++) {
    double *v = us[u];
    qsort(v, (size_t)reps, sizeof v[0], cmp_double);
    out[u].med = reps % 2 ? v[reps / 2] : (v[reps / 2 - 1] + v[reps / 2]) / 2;
    out[u].min = v[0];
    out[u].max = v[reps - 1];
  }
}

#endif
