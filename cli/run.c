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

/* --- --check: every syntax error it can recover from --- */

enum { CHECK_MAX_ERRORS = 20 };

/* Byte offset of the start of line `line` (1-based) in src, or len. */
static size_t line_start(const char *src, size_t len, int line) {
  size_t i = 0;
  for (int l = 1; l < line && i < len; i++)
    if (src[i] == '\n') l++;
  return i;
}

/* A line that can start a top-level statement: text at column 1 that does
 * not close a bracket or continue the statement before it (the lexer's
 * rule: a line starting with . ? : else catch finally continues). */
static bool starts_statement(const char *p, const char *end) {
  if (p >= end || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') return false;
  if (strchr("})]./?:", *p)) return false;
  if ((size_t)(end - p) >= 4 && !strncmp(p, "else", 4)) return false;
  if ((size_t)(end - p) >= 5 && !strncmp(p, "catch", 5)) return false;
  if ((size_t)(end - p) >= 7 && !strncmp(p, "finally", 7)) return false;
  return true;
}

/* Start of the statement line at or before offset `at` (0 if none). */
static size_t statement_before(const char *src, size_t len, size_t at) {
  while (at > 0 && !starts_statement(src + at, src + len)) {
    at--;
    while (at > 0 && src[at - 1] != '\n') at--;
  }
  return at;
}

/* Checks src, and after a syntax error blanks the code at fault (keeping
 * newlines, so positions stay right) and checks again, up to
 * CHECK_MAX_ERRORS. For an error inside a line, that is the statement the
 * error is in; for an error at the very start of a statement line, the
 * statement before it did not end, so everything from the end of the last
 * blanked stretch up to that line goes. When the same error comes back,
 * the blanking reaches one statement further back. Once something is
 * blanked, an undefined name may be a definition that was blanked, so that
 * error ends the run unreported. */
static int check_source(WritWorkspace *ws, const char *name, char *src, size_t len) {
  int errors = 0, lastLine = 0, lastCol = 0;
  size_t from = 0, to = 0, clean = 0; /* clean: where the last blanked stretch ended */
  cli_diag_hold(true);
  for (;;) {
    WritStatus st = writ_eval(ws, name, src, len, WRIT_EVAL_CHECK | WRIT_EVAL_MAIN);
    if (st == WRIT_OK) break;
    int line = cli_last_diag_line(), col = cli_last_diag_column();
    bool syntax = st == WRIT_ERR_SYNTAX || st == WRIT_ERR_INCOMPLETE;
    if (errors > 0 && syntax && !strncmp(cli_last_diag_message(), "undefined variable", 18)) break;
    if (errors > 0 && syntax && line == lastLine && col == lastCol) {
      /* The same error again: blank one more statement, further back. */
      if (from == 0) break;
      from = statement_before(src, len, from - 1);
    } else {
      cli_diag_release();
      errors++;
      if (!syntax || errors >= CHECK_MAX_ERRORS) break;
      size_t at = line_start(src, len, line);
      if (col == 1 && at > clean) {
        from = clean;
        to = at;
      } else {
        from = statement_before(src, len, at);
        to = line_start(src, len, line + 1);
        while (to < len && !starts_statement(src + to, src + len)) {
          while (to < len && src[to] != '\n') to++;
          if (to < len) to++;
        }
      }
      lastLine = line;
      lastCol = col;
    }
    if (from >= to) break;
    for (size_t i = from; i < to; i++)
      if (src[i] != '\n') src[i] = ' ';
    clean = to;
  }
  cli_diag_hold(false);
  if (errors >= CHECK_MAX_ERRORS) fprintf(stderr, "writ: stopping after %d errors\n", errors);
  else if (errors > 1) fprintf(stderr, "writ: %d errors in %s\n", errors, name);
  return errors == 0 ? 0 : 1;
}

int cli_run(CliLoop *loop, WritWorkspace *ws, const CliJob *job) {
  WritVM *vm = loop->vm;
  const char *script = job->script, *code = job->code, *check = job->check;
  bool interactive = job->interactive;
  char err[512];
  size_t len = 0;
  if (check) {
    char *src = cli_read_file(check, &len, err, sizeof err);
    if (!src) { fprintf(stderr, "writ: %s\n", err); return 2; }
    int status = check_source(ws, check, src, len);
    free(src);
    return status;
  }
  if (code && job->disasm) return disassemble(ws, "<-e>", code, strlen(code));
  if (code) {
    WritStatus st = cli_event_loop(loop, writ_eval(ws, "<-e>", code, strlen(code), WRIT_EVAL_MAIN));
    if (interactive && st != WRIT_EXIT) return cli_repl(loop, ws, "<-e>");
    return status_of(vm, st);
  }
  if (!script) {
    if (interactive || isatty(0)) return cli_repl(loop, ws, "<repl>");
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
  WritStatus st = cli_event_loop(loop, writ_eval(ws, name, src, len, WRIT_EVAL_MAIN));
  free(src);
  /* -i: the REPL goes on in the script's module, with its names (after
   * an error too, to look around; not after sys.exit). */
  if (interactive && st != WRIT_EXIT) return cli_repl(loop, ws, name);
  return status_of(vm, st);
}
