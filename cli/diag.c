/* How the writ tool shows a diagnostic: file:line:col: error: message, the
 * source line with a caret, the trace; colours on a terminal. */
#include <stdio.h>
#include <unistd.h>
#include "cli/cli.h"

static bool g_color;

void cli_diag_color(bool on) { g_color = on; }

/* Text from a script (messages, source lines) is shown with control
 * characters replaced by '?', so hostile code cannot send escape sequences
 * to the user's terminal. One byte for one byte keeps the caret aligned. */
/* nl: what follows each newline kept (NULL: a newline shows as '?'). */
static void put_clean(const char *s, const char *nl) {
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\n' && nl) {
      fputc('\n', stderr);
      fputs(nl, stderr);
      continue;
    }
    bool ctrl = (c < 0x20 && c != '\t') || c == 0x7f;
    fputc(ctrl ? '?' : c, stderr);
  }
}

/* The held diagnostic: a copy, since its strings live only during the callback. */
static bool g_hold, g_held;
static WritDiagnostic g_d;
static char g_file[512], g_message[512], g_source[512], g_trace[2048];

static const char *keep(char *to, size_t cap, const char *s) {
  if (!s) return NULL;
  snprintf(to, cap, "%s", s);
  return to;
}

void cli_diag_hold(bool on) { g_hold = on; }
int cli_last_diag_line(void) { return g_d.line; }
int cli_last_diag_column(void) { return g_d.column; }
const char *cli_last_diag_message(void) { return g_message; }

static void print_diagnostic(const WritDiagnostic *d);

void cli_diag_release(void) {
  if (g_held) print_diagnostic(&g_d);
  g_held = false;
}

void cli_print_diagnostic(const WritDiagnostic *d) {
  g_d = *d;
  g_d.file = keep(g_file, sizeof g_file, d->file);
  g_d.message = keep(g_message, sizeof g_message, d->message ? d->message : "");
  g_d.source_line = keep(g_source, sizeof g_source, d->source_line);
  g_d.trace = keep(g_trace, sizeof g_trace, d->trace);
  g_held = g_hold;
  if (!g_hold) print_diagnostic(d);
}

static void print_diagnostic(const WritDiagnostic *d) {
  fflush(stdout);
  /* The terminal has echoed ^C where the cursor was: start a new line. */
  if (d->status == WRIT_ERR_INTERRUPTED && isatty(2)) fputc('\n', stderr);
  const char *red = g_color ? "\033[1;31m" : "", *bold = g_color ? "\033[1m" : "",
             *reset = g_color ? "\033[0m" : "";
  if (d->file && d->file[0]) {
    fputs(bold, stderr);
    put_clean(d->file, NULL);
    fprintf(stderr, ":%d:%d:%s %serror:%s ", d->line, d->column, reset, red, reset);
  } else {
    fprintf(stderr, "%serror:%s ", red, reset);
  }
  /* A message's own lines are marked, so that an error a script raises
   * cannot forge a diagnostic line (or a trace) of its own. */
  put_clean(d->message, "  | ");
  fputc('\n', stderr);
  if (d->source_line && d->line > 0) {
    fputs("  ", stderr);
    put_clean(d->source_line, NULL);
    fputs("\n  ", stderr);
    /* Tabs stay tabs so the caret lines up under them. */
    for (int i = 1; i < d->caret && d->source_line[i - 1]; i++)
      fputc(d->source_line[i - 1] == '\t' ? '\t' : ' ', stderr);
    fprintf(stderr, "%s^%s\n", red, reset);
  }
  if (d->trace && d->trace[0]) put_clean(d->trace, "");
}
