/* Running what the command line asks: a script file, -e code, standard
 * input, --check, --disasm, and the REPL after it (-i). */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"


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
