/* Running a script file, -e code, stdin or --check; path helpers. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

/* Folds "." and ".." components (lexically; the file system is not asked). */
void cli_normalize_path(const char *in, char *out, size_t cap) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s", in);
  const char *parts[512];
  int n = 0;
  bool abs = tmp[0] == '/';
  int up = 0; /* leading ".." of a relative path */
  for (char *tok = strtok(tmp, "/"); tok; tok = strtok(NULL, "/")) {
    if (!strcmp(tok, ".")) continue;
    if (!strcmp(tok, "..")) {
      if (n > 0) n--;
      else if (!abs) up++;
      continue;
    }
    if (n < 512) parts[n++] = tok;
  }
  size_t used = 0;
  out[0] = '\0';
  if (abs) used += (size_t)snprintf(out + used, cap - used, "/");
  for (int i = 0; i < up && used < cap; i++) used += (size_t)snprintf(out + used, cap - used, "../");
  for (int i = 0; i < n && used < cap; i++)
    used += (size_t)snprintf(out + used, cap - used, "%s%s", parts[i], i + 1 < n ? "/" : "");
  if (!out[0]) snprintf(out, cap, ".");
}

/* The path of `path` as seen from the directory `base` (both absolute and
 * normalised): "../" for each component of base beyond the shared prefix. */
static void relative_to(const char *path, const char *base, char *out, size_t cap) {
  size_t common = 0, i = 0;
  for (; path[i] && base[i] && path[i] == base[i]; i++)
    if (path[i] == '/') common = i;
  if (!base[i] && (path[i] == '/' || !path[i])) common = i; /* base is a prefix */
  if (!strcmp(base, "/")) common = 0;
  size_t used = 0;
  out[0] = '\0';
  for (const char *b = base + common; *b; b++)
    if (*b == '/' && used + 4 < cap) used += (size_t)snprintf(out + used, cap - used, "../");
  snprintf(out + used, cap - used, "%s", path[common] == '/' ? path + common + 1 : path + common);
}

char *cli_module_name(const char *path) {
  char real[PATH_MAX], cwd[PATH_MAX], rel[PATH_MAX];
  if (!realpath(path, real) || !getcwd(cwd, sizeof cwd)) return strdup(path);
  relative_to(real, cwd, rel, sizeof rel);
  return strdup(rel);
}

static int status_of(WritVM *vm, WritStatus st) {
  switch (st) {
  case WRIT_OK: return 0;
  case WRIT_EXIT: return writ_exit_code(vm);
  case WRIT_ERR_INTERRUPTED: return 130;
  default: return 1;
  }
}

/* Prints the bytecode listing of src (compiled as the main script). */
static int disassemble(WritWorkspace *ws, const char *name, const char *src, size_t len) {
  WritHandle *text = NULL;
  WritStatus st = writ_eval_value(ws, name, src, len, WRIT_EVAL_DISASM | WRIT_EVAL_MAIN, NULL, &text);
  const char *s;
  size_t n;
  if (st == WRIT_OK && writ_get_string(text, &s, &n) == WRIT_OK) fwrite(s, 1, n, stdout);
  writ_release(text);
  return st == WRIT_OK ? 0 : 1;
}

int cli_run(WritVM *vm, WritWorkspace *ws, const CliJob *job) {
  const char *script = job->script, *code = job->code, *check = job->check;
  bool interactive = job->interactive;
  char err[512];
  size_t len = 0;
  if (check) {
    char *src = cli_read_file(check, &len, err, sizeof err);
    if (!src) { fprintf(stderr, "writ: %s\n", err); return 2; }
    WritStatus st = writ_eval(ws, check, src, len, WRIT_EVAL_CHECK | WRIT_EVAL_MAIN);
    free(src);
    return st == WRIT_OK ? 0 : 1;
  }
  if (code && job->disasm) return disassemble(ws, "<-e>", code, strlen(code));
  if (code) {
    WritStatus st = writ_eval(ws, "<-e>", code, strlen(code), WRIT_EVAL_MAIN);
    if (interactive && st != WRIT_EXIT) return cli_repl(vm, ws, "<-e>");
    return status_of(vm, st);
  }
  if (!script) {
    if (interactive || isatty(0)) return cli_repl(vm, ws, "<repl>");
    script = "-";
  }
  char *src;
  const char *name = script;
  if (!strcmp(script, "-")) {
    src = cli_read_source(stdin, &len);
    name = "<stdin>";
    if (!src) { fputs("writ: cannot read standard input\n", stderr); return 1; }
  } else {
    src = cli_read_file(script, &len, err, sizeof err);
    if (!src) { fprintf(stderr, "writ: %s\n", err); return 2; }
  }
  if (job->disasm) {
    int status = disassemble(ws, name, src, len);
    free(src);
    return status;
  }
  WritStatus st = writ_eval(ws, name, src, len, WRIT_EVAL_MAIN);
  free(src);
  /* -i: the REPL goes on in the script's module, with its names (after
   * an error too, to look around; not after sys.exit). */
  if (interactive && st != WRIT_EXIT) return cli_repl(vm, ws, name);
  return status_of(vm, st);
}
