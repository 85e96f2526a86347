/* The command-line tool's root capabilities: `print` and the `sys` object
 * (args, out, err, in, clock, random, exit, env, dir, file), and the
 * asynchronous ones (sys.clock.after, sys.in.readLineAsync) that hand a
 * promise's resolver to the host's event loop. The only library code
 * besides stdlib/host/ that may touch the OS is none: this file is where
 * standard streams, the clock, randomness and the environment are reached
 * (directories: dir.c; single files: file.c). Like any embedder, it uses only the public API:
 * host classes for the objects, host functions, a namespace for `sys`, and
 * writ_grant. */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include "stdlib/host/host.h"
#include "include/writ.h"
#include "stdlib/host/dir.h"
#include "stdlib/host/file.h"
#include "stdlib/host/intake.h"

extern char **environ;

/* ---------------------------------------------------------------- print */

/* print(a, b, ...) and Output.print: str() of each argument (strings raw),
 * separated by spaces and newline-terminated, written as one piece: to f,
 * or through the VM's write callback (WritConfig.write) when f is NULL.
 * Every argument is converted before anything is written. */
static void print_values(WritCall *call, FILE *f) {
  int argc = writ_arg_count(call);
  enum { SMALL = 8 };
  const char *stexts[SMALL];
  size_t slens[SMALL];
  char sbuf[256];
  const char **texts = stexts;
  size_t *lens = slens;
  char *buf = sbuf;
  if (argc > SMALL) {
    texts = malloc(sizeof *texts * (size_t)argc);
    lens = malloc(sizeof *lens * (size_t)argc);
    if (!texts || !lens) {
      writ_return_error(call, "out of memory");
      goto done;
    }
  }
  size_t total = 1; /* the newline */
  for (int i = 1; i <= argc; i++) {
    texts[i - 1] = writ_arg_to_string(call, i, &lens[i - 1]);
    if (!texts[i - 1]) goto done; /* its toString failed: that is the error */
    total += lens[i - 1] + (i > 1);
  }
  if (total > HOST_MAX_TEXT) {
    host_too_long(call);
    goto done;
  }
  if (total > sizeof sbuf && !(buf = malloc(total))) {
    writ_return_error(call, "out of memory");
    goto done;
  }
  size_t at = 0;
  for (int i = 1; i <= argc; i++) {
    if (i > 1) buf[at++] = ' ';
    memcpy(buf + at, texts[i - 1], lens[i - 1]);
    at += lens[i - 1];
  }
  buf[at++] = '\n';
  if (f) fwrite(buf, 1, at, f);
  else writ_write(call, buf, at);
done:
  if (buf != sbuf) free(buf);
  if (texts != stexts) free((void *)texts);
  if (lens != slens) free(lens);
}

static void h_print(WritCall *call) { print_values(call, NULL); }

/* ---------------------------------------------------------------- sys.out, sys.err */

/* Output's host data: which stream. */
enum { OUT_STDOUT = 1, OUT_STDERR = 2 };

static FILE *stream_of(WritCall *call) {
  const int *which = writ_self_data(call);
  return which && *which == OUT_STDOUT ? stdout : stderr;
}

static void out_write(WritCall *call) {
  size_t n;
  const char *s = writ_arg_string(call, 1, &n);
  if (!s) return;
  FILE *f = stream_of(call);
  if (f == stderr) fflush(stdout); /* keep the two streams in program order */
  fwrite(s, 1, n, f);
}

static void out_print(WritCall *call) {
  FILE *f = stream_of(call);
  if (f == stderr) fflush(stdout); /* keep the two streams in program order */
  print_values(call, f);
}

/* ---------------------------------------------------------------- sys.in */

static void return_input(WritCall *call, const char *data, size_t n) {
  if (!writ_utf8_valid(data, n)) writ_return_error(call, "input is not valid UTF-8");
  else writ_return_string(call, data, n);
}

/* The next line without its "\n" (or "\r\n"); nil at the end of input.
 * The line is paid for as it grows (intake.h): an endless line stops at
 * the budget. */
static void in_read_line(WritCall *call) {
  Intake b = {NULL, 0, 0};
  int c;
  bool any = false;
  while ((c = getc(stdin)) != EOF) {
    any = true;
    if (c == '\n') break;
    char ch = (char)c;
    if (!intake_add(call, &b, &ch, 1)) {
      intake_free(&b);
      return;
    }
  }
  if (any) {
    size_t n = b.len;
    if (n && b.data[n - 1] == '\r') n--;
    return_input(call, b.data ? b.data : "", n);
  }
  intake_free(&b);
}

/* The rest of the input, read a chunk at a time, each paid for before it
 * is read. */
static void in_read(WritCall *call) {
  Intake b = {NULL, 0, 0};
  for (;;) {
    if (!intake_room(call, &b, 4096)) {
      intake_free(&b);
      return;
    }
    size_t n = fread(b.data + b.len, 1, b.cap - b.len, stdin);
    if (n == 0) break;
    b.len += n;
  }
  return_input(call, b.data ? b.data : "", b.len);
  intake_free(&b);
}

/* ---------------------------------------------------------------- asynchronous */

/* The host's event loop (WritSysOptions.after, .read_line_async,
 * .loop_ud), kept in the host data of sys.clock and sys.in: the loop is
 * the host's, so these methods only make a promise and hand its resolver
 * over. */
typedef struct {
  const char *(*after)(void *ud, double seconds, WritHandle *resolver);
  const char *(*read_line_async)(void *ud, WritHandle *resolver);
  void *ud;
} SysLoop;

/* A promise whose resolver goes to the host through hand(); the promise
 * is the call's result. `what` names the method in errors. */
static void promise_via(WritCall *call, const char *what, const char *(*hand)(const SysLoop *, double, WritHandle *),
                        const SysLoop *loop, double seconds) {
  WritHandle *p = NULL, *r = NULL;
  if (writ_promise_new(writ_call_vm(call), &p, &r) != WRIT_OK) {
    writ_return_error(call, "%s: out of memory", what);
    return;
  }
  const char *refused = hand(loop, seconds, r);
  if (refused) {
    writ_release(r); /* still ours: the host did not take it */
    writ_return_error(call, "%s: %s", what, refused);
  } else {
    writ_return(call, p);
  }
  writ_release(p);
}

static const char *hand_after(const SysLoop *l, double seconds, WritHandle *r) {
  return l->after(l->ud, seconds, r);
}
static const char *hand_read(const SysLoop *l, double seconds, WritHandle *r) {
  (void)seconds;
  return l->read_line_async(l->ud, r);
}

/* sys.clock.after(seconds): a promise fulfilled with nil in a later turn,
 * once that many seconds have passed. */
static void clock_after(WritCall *call) {
  const SysLoop *loop = writ_self_data(call);
  if (writ_arg_type(call, 1) != WRIT_TYPE_NUMBER) {
    writ_arg_number(call, 1); /* "bad argument #1 to 'after' (number expected, got ...)" */
    return;
  }
  double s = writ_arg_number(call, 1);
  if (!isfinite(s) || s < 0) {
    writ_return_error(call, "bad argument #1 to 'after' (seconds must be a finite number >= 0, got %s)",
                      s != s ? "nan" : s < 0 ? "a negative number" : "an infinite number");
    return;
  }
  if (!loop || !loop->after) {
    writ_return_error(call, "sys.clock.after needs an event loop: the host gave none");
    return;
  }
  promise_via(call, "sys.clock.after", hand_after, loop, s);
}

/* sys.in.readLineAsync(): a promise of the next line (nil at the end of
 * input); other turns run while it waits. */
static void in_read_line_async(WritCall *call) {
  const SysLoop *loop = writ_self_data(call);
  if (!loop || !loop->read_line_async) {
    writ_return_error(call, "sys.in.readLineAsync needs an event loop: the host gave none");
    return;
  }
  promise_via(call, "sys.in.readLineAsync", hand_read, loop, 0);
}

/* ---------------------------------------------------------------- sys.clock */

static void clock_now(WritCall *call) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  writ_return_number(call, (double)ts.tv_sec + ts.tv_nsec / 1e9);
}

static void clock_monotonic(WritCall *call) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  writ_return_number(call, (double)ts.tv_sec + ts.tv_nsec / 1e9);
}

/* ---------------------------------------------------------------- sys.random */

/* xorshift64* over the state in the Random object's host data. */
static uint64_t next_random(WritCall *call) {
  uint64_t *state = writ_self_data(call);
  if (!state) return 0;
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

static void random_float(WritCall *call) {
  writ_return_number(call, (double)(next_random(call) >> 11) / 9007199254740992.0);
}

static void random_int(WritCall *call) {
  double lo, hi;
  if (!host_arg_int(call, 1, "int", &lo) || !host_arg_int(call, 2, "int", &hi)) return;
  if (hi < lo) {
    writ_return_error(call, "bad argument #2 to 'int' (must be >= the first)");
    return;
  }
  double span = hi - lo + 1;
  writ_return_number(call, lo + (double)(next_random(call) % (uint64_t)span));
}

/* ---------------------------------------------------------------- sys.exit */

/* Ends the run; nothing can catch it (writ_exit). */
static void sys_exit(WritCall *call) {
  double code = 0;
  if (writ_arg_count(call) >= 1 && !host_arg_int(call, 1, "exit", &code)) return;
  /* A status the OS would cut to 8 bits (256 -> 0) must not end a failing
   * script with success: outside 0..255 is an error. */
  if (code < 0 || code > 255) {
    writ_return_error(call, "bad argument #1 to 'exit' (status must be 0 to 255, got %.0f)", code);
    return;
  }
  fflush(stdout);
  writ_exit(call, (int)code);
}

/* ---------------------------------------------------------------- granting */

static const WritMethod output_methods[] = {{"write", out_write, 1, 1}, {"print", out_print, 0, -1}, {NULL, NULL, 0, 0}};
static const WritMethod input_methods[] = {{"readLine", in_read_line, 0, 0},
                                           {"read", in_read, 0, 0},
                                           {"readLineAsync", in_read_line_async, 0, 0},
                                           {NULL, NULL, 0, 0}};
static const WritMethod clock_methods[] = {{"now", clock_now, 0, 0},
                                           {"monotonic", clock_monotonic, 0, 0},
                                           {"after", clock_after, 1, 1},
                                           {NULL, NULL, 0, 0}};
static const WritMethod random_methods[] = {{"float", random_float, 0, 0}, {"int", random_int, 2, 2}, {NULL, NULL, 0, 0}};

/* The members of sys, in this order. */
enum { S_ARGS, S_OUT, S_ERR, S_IN, S_CLOCK, S_RANDOM, S_EXIT, S_ENV, S_DIR, S_FILE, S_COUNT };
static const char *const sys_names[S_COUNT] = {"args", "out", "err", "in",  "clock",
                                               "random", "exit", "env", "dir", "file"};

/* A new object of class k; its host data into *data. */
static WritHandle *host_object(WritHandle *k, void **data) {
  void *ignored;
  return writ_new_object(k, data ? data : &ignored);
}

/* sys.args: the script's arguments, a frozen list of strings. */
static WritStatus make_args(WritVM *vm, const WritSysOptions *opt, WritHandle **out) {
  WritHandle *l = writ_new_list(vm);
  if (!l) return WRIT_ERR_MEMORY;
  *out = l;
  for (int i = 0; i < opt->argc; i++) {
    const char *a = opt->argv[i];
    if (!a || !writ_utf8_valid(a, strlen(a))) return WRIT_ERR_USAGE; /* not valid UTF-8 */
    WritHandle *s = writ_new_string(vm, a, strlen(a));
    WritStatus st = s ? writ_list_push(l, s) : WRIT_ERR_MEMORY;
    writ_release(s);
    if (st != WRIT_OK) return WRIT_ERR_MEMORY;
  }
  return writ_freeze(l) == WRIT_OK ? WRIT_OK : WRIT_ERR_MEMORY;
}

/* sys.env: the environment's valid UTF-8 entries, a frozen map. */
static WritStatus make_env(WritVM *vm, WritHandle **out) {
  WritHandle *m = writ_new_map(vm);
  if (!m) return WRIT_ERR_MEMORY;
  *out = m;
  for (char **e = environ; e && *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq || !writ_utf8_valid(*e, strlen(*e))) continue;
    char *key = strndup(*e, (size_t)(eq - *e));
    WritHandle *v = key ? writ_new_string(vm, eq + 1, strlen(eq + 1)) : NULL;
    WritStatus st = v ? writ_map_set(m, key, v) : WRIT_ERR_MEMORY;
    writ_release(v);
    free(key);
    if (st != WRIT_OK) return WRIT_ERR_MEMORY;
  }
  return writ_freeze(m) == WRIT_OK ? WRIT_OK : WRIT_ERR_MEMORY;
}

/* Makes every member of sys into v (NULL where it could not be made). */
static WritStatus make_sys(WritVM *vm, const WritSysOptions *opt, WritHandle **v, WritHandle **k) {
  WritStatus st = make_args(vm, opt, &v[S_ARGS]);
  if (st != WRIT_OK) return st;
  k[0] = writ_new_class(vm, "Output", output_methods, sizeof(int), NULL);
  k[1] = writ_new_class(vm, "Input", input_methods, sizeof(SysLoop), NULL);
  k[2] = writ_new_class(vm, "Clock", clock_methods, sizeof(SysLoop), NULL);
  k[3] = writ_new_class(vm, "Random", random_methods, sizeof(uint64_t), NULL);
  for (int i = 0; i < 4; i++)
    if (!k[i]) return WRIT_ERR_MEMORY;
  int *which;
  if (!(v[S_OUT] = host_object(k[0], (void **)&which))) return WRIT_ERR_MEMORY;
  *which = OUT_STDOUT;
  if (!(v[S_ERR] = host_object(k[0], (void **)&which))) return WRIT_ERR_MEMORY;
  *which = OUT_STDERR;
  SysLoop *in_loop, *clock_loop;
  if (!(v[S_IN] = host_object(k[1], (void **)&in_loop)) || !(v[S_CLOCK] = host_object(k[2], (void **)&clock_loop)))
    return WRIT_ERR_MEMORY;
  *in_loop = *clock_loop = (SysLoop){opt->after, opt->read_line_async, opt->loop_ud};
  uint64_t *state;
  if (!(v[S_RANDOM] = host_object(k[3], (void **)&state))) return WRIT_ERR_MEMORY;
  uint64_t seed = 0;
  if (getrandom(&seed, sizeof seed, 0) != sizeof seed) seed = (uint64_t)time(NULL) ^ (uint64_t)clock();
  if (!seed) seed = 0x9E3779B97F4A7C15ULL;
  *state = seed;
  if (!(v[S_EXIT] = writ_new_function(vm, "exit", sys_exit, 0, 1))) return WRIT_ERR_MEMORY;
  if (opt->allow_env) st = make_env(vm, &v[S_ENV]);
  else st = (v[S_ENV] = writ_new_nil(vm)) ? WRIT_OK : WRIT_ERR_MEMORY;
  if (st != WRIT_OK) return st;
  /* Directories and files last: they are opened, and a bad one is a usage
   * error. */
  st = dir_function(vm, opt, &v[S_DIR]);
  return st == WRIT_OK ? file_function(vm, opt, &v[S_FILE]) : st;
}

WritStatus writ_grant_sys(WritWorkspace *ws, const WritSysOptions *opt) {
  WritVM *vm = writ_workspace_vm(ws);
  if (!vm || !opt || opt->argc < 0 || (opt->argc > 0 && !opt->argv) || opt->nread < 0 || opt->nwrite < 0 ||
      (opt->nread && !opt->allow_read) || (opt->nwrite && !opt->allow_write))
    return WRIT_ERR_USAGE;
  WritHandle *v[S_COUNT] = {NULL}, *k[4] = {NULL}, *sys = NULL, *print = NULL;
  WritStatus st = make_sys(vm, opt, v, k);
  if (st == WRIT_OK) {
    sys = writ_new_namespace(vm, "sys", S_COUNT, sys_names, v);
    print = writ_new_function(vm, "print", h_print, 0, -1);
    st = sys && print ? writ_grant(ws, "sys", sys, 1) : WRIT_ERR_MEMORY;
    if (st == WRIT_OK) st = writ_grant(ws, "print", print, 1);
  }
  /* What was granted is held by the workspace now; the rest is garbage. */
  for (int i = 0; i < S_COUNT; i++) writ_release(v[i]);
  for (int i = 0; i < 4; i++) writ_release(k[i]);
  writ_release(sys);
  writ_release(print);
  return st;
}
