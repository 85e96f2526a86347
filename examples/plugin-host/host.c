/* plugin-host PLUGIN_FOLDER: runs every NAME.writ there in a workspace of
 * its own holding two capabilities: `log`, which prints "[NAME] message",
 * and, if the folder has a NAME/ directory, `data`, a read-only Dir of it.
 * Each runs under fuel and memory limits; whatever a plugin does, the host
 * reports the outcome and goes on to the next. */
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
  for (int i = 0; i < n; i++) {
    const char *file = files[i]->d_name;
    int len = (int)strlen(file) - 5; /* the plugin's name: without ".writ" */
    WritWorkspace *ws = writ_workspace_new(vm);
    WritHandle *name = writ_new_string(vm, file, (size_t)len);
    WritHandle *logger = writ_new_function_with(vm, "log", log_line, 1, 1, name);
    snprintf(path, sizeof path, "%s/%.*s", argv[1], len, file);
    WritHandle *data = writ_new_dir(vm, path, 0); /* NULL if there is no folder */
    writ_grant(ws, "log", logger, 0);
    if (data) writ_grant(ws, "data", data, 0);
    snprintf(path, sizeof path, "%s/%s", argv[1], file);
    char *src = slurp(path);
    WritStatus st = src ? writ_eval_limited(ws, file, src, strlen(src), 0, &limits) : WRIT_ERR_USAGE;
    if (st == WRIT_OK) printf("%s: ok\n", file), ok++;
    else if (st == WRIT_ERR_LIMIT) printf("%s: stopped: %s\n", file, diag);
    else printf("%s: error: %s\n", file, st == WRIT_ERR_USAGE ? "cannot load it" : diag);
    free(src), free(files[i]);
    writ_release(name), writ_release(logger), writ_release(data);
    writ_workspace_free(ws); /* unloads the plugin; its Dir closes when collected */
  }
  printf("plugin-host: %d plugins run, %d ok\n", n, ok);
  free(files);
  writ_vm_free(vm);
  return 0;
}
