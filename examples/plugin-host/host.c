/* plugin-host PLUGIN_FOLDER: runs every NAME.writ there in a workspace of
 * its own holding three capabilities: `log`, which prints "[NAME] message",
 * `after(seconds)`, a promise the host's event loop fulfils once that much
 * time has passed, and, if the folder has a NAME/ directory, `data`, a
 * read-only Dir of it. Each runs under fuel and memory limits (its script,
 * then its turns); whatever a plugin does, the host reports the outcome
 * and goes on to the next. */
#define _POSIX_C_SOURCE 200809L /* scandir, alphasort */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <writ.h>

/* log(message). Each plugin's log holds its name (writ_new_function_with). */
static void log_line(WritCall *call) {
  WritHandle *name = writ_function_value(call);
  const char *who, *msg;
  size_t n;
  if ((msg = writ_arg_to_string(call, 1, &n)) && writ_get_string(name, &who, NULL) == WRIT_OK)
    printf("[%s] %.*s\n", who, (int)n, msg);
  writ_release(name);
}

/* The event loop's timers. Its clock is its own: it jumps to the next
 * timer instead of sleeping, so the output is the same on every run. */
typedef struct {
  struct { double due; WritHandle *resolver; } t[64];
  int n;
  double now;
} Loop;

/* after(seconds): makes a promise, keeps its resolver for the loop. */
static void after(WritCall *call) {
  Loop *loop = writ_function_user_data(call);
  double s = writ_arg_number(call, 1); /* not a number: the call's error */
  WritHandle *p, *r;
  const char *refused = writ_arg_type(call, 1) != WRIT_TYPE_NUMBER ? NULL
                        : !(s >= 0 && s <= 1e9)                 ? "seconds must be 0 to 1e9"
                        : loop->n == 64                         ? "too many timers"
                        : writ_promise_new(writ_call_vm(call), &p, &r) ? "out of memory"
                                                                : NULL;
  if (refused) writ_return_error(call, "after: %s", refused);
  if (refused || writ_arg_type(call, 1) != WRIT_TYPE_NUMBER) return;
  loop->t[loop->n].due = loop->now + s;
  loop->t[loop->n++].resolver = r;
  writ_return(call, p);
  writ_release(p);
}

/* Runs the queued turns; when none is left, fires the next timer (the
 * first made, of those due first) and goes on, until neither is left or a
 * turn stops the loop (its budget). */
static WritStatus run_loop(WritVM *vm, Loop *loop, const WritLimits *limits) {
  WritStatus st;
  while ((st = writ_run_turns(vm, -1, limits, NULL)) == WRIT_OK && loop->n > 0) {
    int next = 0;
    for (int i = 1; i < loop->n; i++)
      if (loop->t[i].due < loop->t[next].due) next = i;
    WritHandle *r = loop->t[next].resolver;
    loop->now = loop->t[next].due;
    memmove(&loop->t[next], &loop->t[next + 1], (size_t)(loop->n - next - 1) * sizeof loop->t[0]);
    loop->n--;
    writ_resolve(r, NULL); /* its callbacks run in the next turns */
    writ_release(r);
  }
  return st;
}

/* Forgets the timers a plugin left (it failed, or stopped): none fires
 * into the next plugin. */
static void drop_timers(Loop *loop) {
  while (loop->n > 0) writ_release(loop->t[--loop->n].resolver);
  loop->now = 0;
}

/* Keeps the last error (user_data: a 256-byte buffer) for the outcome line. */
static void on_error(void *buf, const WritDiagnostic *d) {
  if (d->line) snprintf(buf, 256, "%s:%d: %s", d->file, d->line, d->message);
  else snprintf(buf, 256, "%s", d->message);
}
static int is_plugin(const struct dirent *e) {
  size_t n = strlen(e->d_name);
  return n > 5 && strcmp(e->d_name + n - 5, ".writ") == 0;
}
static char *slurp(const char *path) { /* the whole file, NUL-terminated, or NULL */
  FILE *f = fopen(path, "rb");
  long n = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
  char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (buf) rewind(f), buf[fread(buf, 1, (size_t)n, f)] = '\0';
  if (f) fclose(f);
  return buf;
}

int main(int argc, char **argv) {
  struct dirent **files; /* sorted by name, so the output is always the same */
  int n = argc == 2 ? scandir(argv[1], &files, is_plugin, alphasort) : -1, ok = 0;
  if (n < 0) return fprintf(stderr, "usage: plugin-host PLUGIN_FOLDER\n"), 2;
  char diag[256] = "", path[4096];
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.error = on_error;
  cfg.user_data = diag;
  WritVM *vm = writ_vm_new(&cfg);
  if (!vm) return 1;
  WritLimits limits;
  writ_limits_init(&limits);
  limits.fuel = 1e7;   /* about ten million VM instructions */
  limits.memory = 8e6; /* bytes the heap may grow by, compiling included */
  Loop loop = {.n = 0};
  WritHandle *timer = writ_new_function_ud(vm, "after", after, 1, 1, &loop);
  for (int i = 0; i < n; i++) {
    const char *file = files[i]->d_name;
    int len = (int)strlen(file) - 5; /* the plugin's name: without ".writ" */
    WritWorkspace *ws = writ_workspace_new(vm);
    WritHandle *name = writ_new_string(vm, file, (size_t)len);
    WritHandle *logger = writ_new_function_with(vm, "log", log_line, 1, 1, name);
    snprintf(path, sizeof path, "%s/%.*s", argv[1], len, file);
    WritHandle *data = writ_new_dir(vm, path, 0); /* NULL if there is no folder */
    writ_grant(ws, "log", logger, 0);
    writ_grant(ws, "after", timer, 0);
    if (data) writ_grant(ws, "data", data, 0);
    snprintf(path, sizeof path, "%s/%s", argv[1], file);
    char *src = slurp(path);
    WritStatus st = src ? writ_eval_limited(ws, file, src, strlen(src), 0, &limits) : WRIT_ERR_USAGE;
    char why[256];
    memcpy(why, diag, sizeof why);
    if (st != WRIT_OK) drop_timers(&loop); /* a plugin that failed gets no timers, */
    /* but the sends it made before failing stand: they run now, on its
     * budget, not in the next plugin's turns (the queue is the VM's). */
    WritStatus turns = run_loop(vm, &loop, &limits);
    if (turns == WRIT_OK && writ_report_unhandled(vm) > 0) turns = WRIT_ERR_RUNTIME; /* a rejection nothing saw */
    if (st == WRIT_OK) st = turns, memcpy(why, diag, sizeof why);
    if (st == WRIT_OK) printf("%s: ok\n", file), ok++;
    else if (st == WRIT_ERR_LIMIT) printf("%s: stopped: %s\n", file, why);
    else printf("%s: error: %s\n", file, st == WRIT_ERR_USAGE ? "cannot load it" : why);
    drop_timers(&loop);
    free(src), free(files[i]);
    writ_release(name), writ_release(logger), writ_release(data);
    writ_workspace_free(ws); /* unloads the plugin; its Dir closes when collected */
  }
  printf("plugin-host: %d plugins run, %d ok\n", n, ok);
  writ_release(timer);
  free(files);
  writ_vm_free(vm);
  return 0;
}
