/* bench/creation_lua.c — the Lua 5.4 side of bench/creation.c.
 *
 *   d  state     luaL_newstate + luaL_openlibs + lua_close
 *   e  sandbox   in one lua_State made once: a new env table with a few
 *                safe globals copied in (no print), then
 *                load("return 1 + 1", "x", "t", env) and a call — done from
 *                C as luaL_loadbufferx + setting the chunk's _ENV upvalue,
 *                which is what Lua's own `load` does with an env argument
 *
 * Timing is as in creation.c (median over CREATION_REPS repetitions of N
 * iterations, each repetition at least CREATION_MIN_MS). The garbage the
 * sandbox loop makes is collected by Lua's normal incremental collector
 * while it runs, as Writ's is by its own.
 *
 * Bytes: counted with a lua_Alloc passed to lua_newstate. For a state: the
 * live bytes after lua_newstate + luaL_openlibs. For a sandbox: with the
 * collector stopped after a full collection, the live bytes that the env
 * table, the loaded chunk and its call add (live), the most at any moment
 * (peak), and what is left of them after another full collection with the
 * env, the function and the result still on the stack (retained); median
 * of 9, after warm-up.
 *
 * Output: tab-separated lines like creation.c's. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

static const char SRC[] = "return 1 + 1";
static const char *const SAFE[] = {"string", "table", "math", "pairs", "ipairs", "next",
                                   "select", "type", "tostring", "tonumber", NULL};

typedef struct {
  size_t live, peak, calls;
} Counter;

static void *count_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  Counter *c = ud;
  if (nsize == 0) {
    if (ptr) c->live -= osize;
    free(ptr);
    return NULL;
  }
  void *p = realloc(ptr, nsize);
  if (!p) return NULL;
  c->live += nsize - (ptr ? osize : 0); /* osize is a type tag when ptr is NULL */
  if (c->live > c->peak) c->peak = c->live;
  c->calls++;
  return p;
}

static int failures;

/* One sandbox: env table, load, call. Leaves nothing on the stack. */
static void sandbox_once(lua_State *L) {
  lua_createtable(L, 0, 16);
  for (const char *const *g = SAFE; *g; g++) {
    lua_getglobal(L, *g);
    lua_setfield(L, -2, *g);
  }
  if (luaL_loadbufferx(L, SRC, sizeof SRC - 1, "x", "t") != LUA_OK) {
    failures++;
    lua_pop(L, 2);
    return;
  }
  lua_pushvalue(L, -2);
  if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1); /* _ENV := env */
  if (lua_pcall(L, 0, 1, 0) != LUA_OK || lua_tointeger(L, -1) != 2) failures++;
  lua_pop(L, 2); /* result, env */
}

static lua_State *g_L;

static void unit_state(long n) {
  for (long i = 0; i < n; i++) {
    lua_State *L = luaL_newstate();
    if (!L) {
      failures++;
      continue;
    }
    luaL_openlibs(L);
    lua_close(L);
  }
}

static void unit_sandbox(long n) {
  for (long i = 0; i < n; i++) sandbox_once(g_L);
}

/* ---- timing: bench/creation_timing.h ---- */

#include "creation_timing.h"

/* ---- bytes ---- */

#define SAMPLES 9

typedef struct {
  size_t live, peak, after, calls, retained;
} Bytes;

static Bytes state_bytes(void) {
  Counter c = {0, 0, 0};
  lua_State *L = lua_newstate(count_alloc, &c);
  if (!L) {
    fprintf(stderr, "creation_lua: lua_newstate failed\n");
    exit(1);
  }
  luaL_openlibs(L);
  Bytes b = {c.live, c.peak, 0, c.calls, c.live};
  lua_close(L);
  if (c.live != 0) fprintf(stderr, "creation_lua: %zu bytes live after lua_close\n", c.live);
  return b;
}

static Bytes sandbox_bytes(void) {
  Counter c = {0, 0, 0};
  lua_State *L = lua_newstate(count_alloc, &c);
  luaL_openlibs(L);
  for (int i = 0; i < 20; i++) sandbox_once(L);
  size_t live[SAMPLES], peak[SAMPLES], after[SAMPLES], calls[SAMPLES], kept[SAMPLES];
  for (int s = 0; s < SAMPLES; s++) {
    lua_gc(L, LUA_GCCOLLECT);
    lua_gc(L, LUA_GCSTOP);
    size_t base = c.live, calls0 = c.calls;
    c.peak = base;
    /* sandbox_once, keeping the env and the result alive to count them */
    lua_createtable(L, 0, 16);
    for (const char *const *g = SAFE; *g; g++) {
      lua_getglobal(L, *g);
      lua_setfield(L, -2, *g);
    }
    if (luaL_loadbufferx(L, SRC, sizeof SRC - 1, "x", "t") != LUA_OK) failures++;
    lua_pushvalue(L, -2);
    lua_setupvalue(L, -2, 1);
    lua_pushvalue(L, -1); /* keep the function */
    if (lua_pcall(L, 0, 1, 0) != LUA_OK) failures++;
    live[s] = c.live - base;
    peak[s] = c.peak - base;
    calls[s] = c.calls - calls0;
    lua_gc(L, LUA_GCRESTART);
    lua_gc(L, LUA_GCCOLLECT); /* env, function and result still on the stack */
    lua_gc(L, LUA_GCSTOP);
    kept[s] = c.live - base;
    lua_pop(L, 3);
    after[s] = c.live - base; /* garbage until the next collection */
    lua_gc(L, LUA_GCRESTART);
  }
  lua_close(L);
  qsort(live, SAMPLES, sizeof(size_t), cmp_size);
  qsort(peak, SAMPLES, sizeof(size_t), cmp_size);
  qsort(after, SAMPLES, sizeof(size_t), cmp_size);
  qsort(calls, SAMPLES, sizeof(size_t), cmp_size);
  qsort(kept, SAMPLES, sizeof(size_t), cmp_size);
  Bytes b = {live[SAMPLES / 2], peak[SAMPLES / 2], after[SAMPLES / 2], calls[SAMPLES / 2], kept[SAMPLES / 2]};
  return b;
}

static void print_row(const char *key, const char *label, Timing t, Bytes b) {
  printf("lua\t%s\t%s\t%.4f\t%.4f\t%.4f\t%ld\t%d\t%zu\t%zu\t%zu\t%zu\t%zu\n", key, label, t.med, t.min, t.max,
         t.n, t.reps, b.live, b.peak, b.after, b.calls, b.retained);
}

int main(void) {
  int reps = env_int("CREATION_REPS", 11, 1);
  if (reps > MAX_REPS) reps = MAX_REPS;
  double min_s = env_int("CREATION_MIN_MS", 20, 1) / 1000.0;

  g_L = luaL_newstate();
  if (!g_L) return 1;
  luaL_openlibs(g_L);
  sandbox_once(g_L);
  if (failures) {
    fprintf(stderr, "creation_lua: the sandbox did not return 2\n");
    return 1;
  }
  static void (*const units[])(long) = {unit_state, unit_sandbox};
  Timing t[2];
  time_units(units, 2, t, reps, min_s);
  lua_close(g_L);

  print_row("d", "lua newstate + openlibs + close", t[0], state_bytes());
  print_row("e", "lua env table + load \"return 1 + 1\" + call (one state)", t[1], sandbox_bytes());
  if (failures) {
    fprintf(stderr, "creation_lua: %d Lua calls failed\n", failures);
    return 1;
  }
  return 0;
}
