/* The basic REPL: line editing through readline when built with it,
 * continuation lines while the parser says the input is incomplete, and
 * values of expression statements shown quoted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#ifdef WRIT_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

static char *read_line(const char *prompt) {
#ifdef WRIT_READLINE
  char *l = readline(prompt);
  if (l && *l) add_history(l);
  return l;
#else
  fputs(prompt, stdout);
  fflush(stdout);
  size_t cap = 256, n = 0;
  char *buf = malloc(cap);
  int c;
  while (buf && (c = getchar()) != EOF && c != '\n') {
    if (n + 1 >= cap) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) break;
      buf = nb;
      cap *= 2;
    }
    buf[n++] = (char)c;
  }
  if (!buf || (c == EOF && n == 0)) { free(buf); return NULL; }
  buf[n] = '\0';
  return buf;
#endif
}

/* Diagnostics are held back while the input may still be incomplete. */
int cli_repl(WritVM *vm, WritWorkspace *ws) {
  (void)vm;
  printf("Writ %s — :quit or Ctrl-D to leave\n", WRIT_VERSION_STRING);
  char *buf = NULL;
  size_t len = 0;
  for (;;) {
    char *line = read_line(buf ? "... " : "> ");
    if (!line) break;
    if (!buf && !strcmp(line, ":quit")) { free(line); break; }
    size_t ll = strlen(line);
    char *nb = realloc(buf, len + ll + 2);
    if (!nb) { free(line); break; }
    buf = nb;
    memcpy(buf + len, line, ll);
    len += ll;
    buf[len++] = '\n';
    buf[len] = '\0';
    free(line);
    WritStatus st = writ_eval(ws, "<repl>", buf, len, WRIT_EVAL_MAIN | WRIT_EVAL_REPL | WRIT_EVAL_QUIET_INCOMPLETE);
    if (st == WRIT_ERR_INCOMPLETE) continue;
    free(buf);
    buf = NULL;
    len = 0;
  }
  free(buf);
  putchar('\n');
  return 0;
}
