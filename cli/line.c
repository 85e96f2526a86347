/* Line input for the REPL: GNU readline when the build found it (editing,
 * history, completion, bracketed paste), else libedit's readline
 * emulation, else plain reads from standard input.
 *
 * Ctrl-C: the REPL's SIGINT handler only sets a flag and asks the VM to
 * stop (writ_interrupt is safe in a signal handler). Readline is driven
 * through its callback interface from a select() loop, so a Ctrl-C at the
 * prompt arrives here as EINTR and the line is cleared outside the
 * handler. During evaluation the same handler stops the running code. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>
#include "cli/cli.h"
#if defined(WRIT_READLINE)
#include <readline/history.h>
#include <readline/readline.h>
#elif defined(WRIT_LIBEDIT)
#include <editline/readline.h>
#endif

/* How many inputs ~/.writ_history keeps. */
#define HISTORY_LINES 1000

static WritVM *g_vm;
static volatile sig_atomic_t g_sigint;
static char *g_historyPath; /* NULL: no history file */
static CliSession *g_session;

static void on_sigint(int sig) {
  (void)sig;
  g_sigint = 1;
  if (g_vm) writ_interrupt(g_vm);
}

bool line_take_interrupt(void) {
  bool was = g_sigint != 0;
  g_sigint = 0;
  return was;
}

#if defined(WRIT_READLINE) || defined(WRIT_LIBEDIT)
static char **g_candidates;
static int g_next;

static char *next_candidate(const char *text, int state) {
  (void)text;
  if (!g_candidates) return NULL;
  if (state == 0) g_next = 0;
  return g_candidates[g_next] ? strdup(g_candidates[g_next++]) : NULL;
}

/* Readline hands over the word before the cursor (words break at spaces
 * and operators, not at dots, so `sys.di` is one word). */
static char **complete(const char *text, int start, int end) {
  (void)end;
  rl_attempted_completion_over = 1;
  if (!strncmp(rl_line_buffer, ":load ", 6) && start >= 6) {
    rl_attempted_completion_over = 0; /* file names */
    return NULL;
  }
  cli_free_completions(g_candidates);
  g_candidates = cli_completions(g_session, text, start > 0 ? rl_line_buffer[start - 1] : '\0',
                                 start == 0);
  rl_completion_append_character = '\0';
  return rl_completion_matches(text, next_candidate);
}
#endif

void line_init(CliSession *s) {
  g_session = s;
  g_vm = s->vm;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: a read at the prompt returns EINTR */
  sigaction(SIGINT, &sa, NULL);
#if defined(WRIT_READLINE) || defined(WRIT_LIBEDIT)
  const char *home = getenv("HOME");
  if (home && *home) {
    size_t n = strlen(home) + sizeof "/.writ_history";
    g_historyPath = malloc(n);
    if (g_historyPath) snprintf(g_historyPath, n, "%s/.writ_history", home);
  }
  rl_readline_name = "writ";
  rl_attempted_completion_function = complete;
  /* Not the quotes: `"ab".up` is one word (complete.c reads the literal). */
  rl_basic_word_break_characters = " \t\n`<>=;|&{}()[],+-*/%!~^?:";
  stifle_history(HISTORY_LINES);
#if defined(WRIT_READLINE)
  /* A multi-line input is one entry, newlines kept. In the file, each
   * entry follows a "#time" line: readline reads a file that starts with
   * one as entries of several lines (a file of plain lines, as older
   * versions wrote, still reads as one entry a line). */
  history_write_timestamps = 1;
  history_comment_char = '#';
#endif
  if (g_historyPath) read_history(g_historyPath);
#endif
#if defined(WRIT_READLINE)
  rl_catch_signals = 0; /* SIGINT is ours (above) */
  /* Bracketed paste is a terminal mode: its switches are escape sequences
   * that have no place in a file or pipe that stdout leads to. */
  if (!isatty(1)) rl_variable_bind("enable-bracketed-paste", "off");
#endif
}

void line_done(void) {
#if defined(WRIT_READLINE) || defined(WRIT_LIBEDIT)
  cli_free_completions(g_candidates);
  g_candidates = NULL;
#endif
  free(g_historyPath);
  g_historyPath = NULL;
  signal(SIGINT, SIG_DFL);
}

/* Each input goes to the file as it is typed, so a session that is killed
 * keeps its history; the file is trimmed to HISTORY_LINES entries. It holds
 * what the user typed, so only they may read it. */
void line_add_history(const char *text) {
#if defined(WRIT_READLINE) || defined(WRIT_LIBEDIT)
  if (!text[0]) return;
  HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
  if (last && !strcmp(last->line, text)) return; /* no repeated entries */
  add_history(text);
  if (!g_historyPath) return;
  int fd = open(g_historyPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return;
  close(fd);
#if defined(WRIT_READLINE)
  if (append_history(1, g_historyPath) == 0) history_truncate_file(g_historyPath, HISTORY_LINES);
#else
  write_history(g_historyPath); /* libedit's append_history repeats entries */
#endif
#else
  (void)text;
#endif
}

#if defined(WRIT_READLINE)
static char *g_line;
static bool g_done;

static void got_line(char *l) {
  g_line = l;
  g_done = true;
  rl_callback_handler_remove();
}

LineStatus line_read(const char *prompt, char **out) {
  *out = NULL;
  g_done = false;
  g_line = NULL;
  g_sigint = 0;
  rl_callback_handler_install(prompt, got_line);
  int fd = fileno(rl_instream ? rl_instream : stdin);
  while (!g_done) {
    fd_set fds;
    FD_ZERO(&fds);
    FD_SET(fd, &fds);
    int r = select(fd + 1, &fds, NULL, NULL, NULL);
    if (r < 0 && errno == EINTR) {
      if (!g_sigint) continue; /* a window resize, say */
      g_sigint = 0;
      /* Ctrl-C at the prompt: forget the line, start a fresh prompt. */
      rl_free_line_state();
      rl_callback_sigcleanup();
      rl_callback_handler_remove();
      rl_crlf();
      return LINE_INTERRUPT;
    }
    if (r < 0) {
      rl_callback_handler_remove();
      return LINE_EOF;
    }
    rl_callback_read_char();
  }
  if (!g_line) {
    rl_crlf(); /* Ctrl-D: end the prompt's line */
    return LINE_EOF;
  }
  *out = g_line;
  return LINE_OK;
}
#elif defined(WRIT_LIBEDIT)
LineStatus line_read(const char *prompt, char **out) {
  g_sigint = 0;
  *out = readline(prompt);
  if (*out) return LINE_OK;
  if (line_take_interrupt()) {
    putchar('\n');
    return LINE_INTERRUPT;
  }
  putchar('\n');
  return LINE_EOF;
}
#else
/* Plain input: no editing. Bytes are read one at a time so that nothing
 * after the newline is taken from a script piped in after the REPL. */
LineStatus line_read(const char *prompt, char **out) {
  *out = NULL;
  g_sigint = 0;
  fputs(prompt, stdout);
  fflush(stdout);
  size_t cap = 256, n = 0;
  char *buf = malloc(cap);
  if (!buf) return LINE_EOF;
  for (;;) {
    char c;
    ssize_t got = read(0, &c, 1);
    if (got < 0 && errno == EINTR) {
      if (!g_sigint) continue;
      g_sigint = 0;
      free(buf);
      putchar('\n');
      return LINE_INTERRUPT;
    }
    if (got <= 0) {
      if (n > 0) break; /* a last line without a newline */
      free(buf);
      putchar('\n');
      return LINE_EOF;
    }
    if (c == '\n') break;
    if (n + 1 >= cap) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) { free(buf); return LINE_EOF; }
      buf = nb;
      cap *= 2;
    }
    buf[n++] = c;
  }
  buf[n] = '\0';
  *out = buf;
  return LINE_OK;
}
#endif
