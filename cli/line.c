/* Line input for the REPL: GNU readline or libedit's readline emulation
 * (whichever the build found: editing, history, completion, bracketed
 * paste), loaded with dlopen when the REPL starts, so that running a
 * script never maps it; plain reads from standard input when the build
 * has no line editor or it cannot be loaded.
 * Ctrl-C: see "Signals" below. */
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
#if defined(WRIT_READLINE) || defined(WRIT_LIBEDIT)
#include <dlfcn.h>
#define LINE_EDITOR 1
#endif

/* ---- The line editor, loaded at run time ----------------------------
 * The headers give the types and declarations; the library is not linked
 * but opened by line_init (its soname: WRIT_LINE_EDIT_LIB, which the
 * Makefile reads from the library the build found; the default below is
 * for a build without it). EDITOR_SYMBOLS lists every function and
 * variable of the editor this file uses: each gets a pointer p_NAME of
 * NAME's own type, filled by dlsym, and a macro NAME that goes through
 * it, so the code below reads as if the library were linked. A name used
 * below but missing from the list is an undefined reference when writ
 * links (nothing provides it); a macro without a list entry does not
 * compile. */
#if defined(LINE_EDITOR)
#define XSTR(x) STR(x)
#define STR(x) #x
#if !defined(WRIT_LINE_EDIT_LIB) && defined(WRIT_READLINE)
#define WRIT_LINE_EDIT_LIB "libreadline.so." XSTR(RL_VERSION_MAJOR)
#elif !defined(WRIT_LINE_EDIT_LIB)
#define WRIT_LINE_EDIT_LIB "libedit.so.2"
#endif
#if defined(WRIT_READLINE)
#define ONLY_READLINE(X, name) X(name)
#define ONLY_LIBEDIT(X, name)
#else
#define ONLY_READLINE(X, name)
#define ONLY_LIBEDIT(X, name) X(name)
#endif
#define EDITOR_SYMBOLS(X)                          \
  X(add_history)                                   \
  X(history_base)                                  \
  X(history_get)                                   \
  X(history_length)                                \
  X(read_history)                                  \
  X(rl_attempted_completion_function)              \
  X(rl_attempted_completion_over)                  \
  X(rl_basic_word_break_characters)                \
  X(rl_completion_append_character)                \
  X(rl_completion_matches)                         \
  X(rl_line_buffer)                                \
  X(rl_readline_name)                              \
  X(stifle_history)                                \
  ONLY_READLINE(X, append_history)                 \
  ONLY_READLINE(X, history_comment_char)           \
  ONLY_READLINE(X, history_truncate_file)          \
  ONLY_READLINE(X, history_write_timestamps)       \
  ONLY_READLINE(X, rl_callback_handler_install)    \
  ONLY_READLINE(X, rl_callback_handler_remove)     \
  ONLY_READLINE(X, rl_callback_read_char)          \
  ONLY_READLINE(X, rl_callback_sigcleanup)         \
  ONLY_READLINE(X, rl_catch_signals)               \
  ONLY_READLINE(X, rl_crlf)                        \
  ONLY_READLINE(X, rl_free_line_state)             \
  ONLY_READLINE(X, rl_instream)                    \
  ONLY_READLINE(X, rl_variable_bind)               \
  ONLY_LIBEDIT(X, readline)                        \
  ONLY_LIBEDIT(X, write_history)

#define DECLARE_POINTER(name) static __typeof__(&name) p_##name;
EDITOR_SYMBOLS(DECLARE_POINTER)
#undef DECLARE_POINTER

/* Each symbol's name and the pointer dlsym's answer is copied into (a
 * copy, not a cast: ISO C has no conversion from void * to a function
 * pointer; POSIX makes them the same size for dlsym's sake). */
static const struct {
  const char *name;
  void *slot;
} g_symbols[] = {
#define SYMBOL_SLOT(name) {#name, &p_##name},
    EDITOR_SYMBOLS(SYMBOL_SLOT)
#undef SYMBOL_SLOT
};

/* From here on each name goes through its pointer (these must follow the
 * list's expansions above, which name the library's own declarations). */
#define add_history (*p_add_history)
#define history_base (*p_history_base)
#define history_get (*p_history_get)
#define history_length (*p_history_length)
#define read_history (*p_read_history)
#define rl_attempted_completion_function (*p_rl_attempted_completion_function)
#define rl_attempted_completion_over (*p_rl_attempted_completion_over)
#define rl_basic_word_break_characters (*p_rl_basic_word_break_characters)
#define rl_completion_append_character (*p_rl_completion_append_character)
#define rl_completion_matches (*p_rl_completion_matches)
#define rl_line_buffer (*p_rl_line_buffer)
#define rl_readline_name (*p_rl_readline_name)
#define stifle_history (*p_stifle_history)
#define append_history (*p_append_history)
#define history_comment_char (*p_history_comment_char)
#define history_truncate_file (*p_history_truncate_file)
#define history_write_timestamps (*p_history_write_timestamps)
#define rl_callback_handler_install (*p_rl_callback_handler_install)
#define rl_callback_handler_remove (*p_rl_callback_handler_remove)
#define rl_callback_read_char (*p_rl_callback_read_char)
#define rl_callback_sigcleanup (*p_rl_callback_sigcleanup)
#define rl_catch_signals (*p_rl_catch_signals)
#define rl_crlf (*p_rl_crlf)
#define rl_free_line_state (*p_rl_free_line_state)
#define rl_instream (*p_rl_instream)
#define rl_variable_bind (*p_rl_variable_bind)
#define readline (*p_readline)
#define write_history (*p_write_history)

static bool g_editing; /* the editor loaded: line_read and history use it */

/* Opens the editor and resolves every symbol, or leaves g_editing false.
 * RTLD_NOW: a library that lacks something fails here, not mid-prompt;
 * RTLD_LOCAL: its names stay out of the way of anything loaded later.
 * It stays open: the REPL ends with the process. When it cannot be
 * loaded, one line on stderr (when standard input is a terminal, where
 * editing was expected) says why, naming the library: without it, arrow
 * keys that print ^[[A have no explanation. */
static void load_editor(void) {
  void *lib = dlopen(WRIT_LINE_EDIT_LIB, RTLD_NOW | RTLD_LOCAL);
  size_t i = 0;
  for (; lib && i < sizeof g_symbols / sizeof g_symbols[0]; i++) {
    void *sym = dlsym(lib, g_symbols[i].name);
    if (!sym) break;
    memcpy(g_symbols[i].slot, &sym, sizeof sym);
  }
  g_editing = lib && i == sizeof g_symbols / sizeof g_symbols[0];
  if (g_editing) return;
  const char *why = dlerror();
  if (isatty(0)) fprintf(stderr, "writ: no line editing or history: %s\n", why ? why : WRIT_LINE_EDIT_LIB);
  if (lib) dlclose(lib);
}
#endif

/* How many inputs ~/.writ_history keeps. */
#define HISTORY_LINES 1000

static WritVM *g_vm;
static volatile sig_atomic_t g_sigint;
static char *g_historyPath; /* NULL: no history file */
static CliSession *g_session;

/* ---- Signals --------------------------------------------------------
 * Ctrl-C: the REPL's SIGINT handler only sets a flag and asks the VM to
 * stop (writ_interrupt is safe in a signal handler). Readline is driven
 * through its callback interface from a select() loop, so a Ctrl-C at the
 * prompt arrives here as EINTR and the line is cleared outside the
 * handler. During evaluation the same handler stops the running code. */
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

#if defined(LINE_EDITOR)
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

static void init_editor(void) {
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
#if defined(WRIT_READLINE)
  rl_catch_signals = 0; /* SIGINT is ours (above) */
  /* Bracketed paste is a terminal mode: its switches are escape sequences
   * that have no place in a file or pipe that stdout leads to. */
  if (!isatty(1)) rl_variable_bind("enable-bracketed-paste", "off");
#endif
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
#if defined(LINE_EDITOR)
  load_editor();
  if (g_editing) init_editor();
#endif
}

void line_done(void) {
#if defined(LINE_EDITOR)
  cli_free_completions(g_candidates);
  g_candidates = NULL;
#endif
  free(g_historyPath);
  g_historyPath = NULL;
  signal(SIGINT, SIG_DFL);
}

/* Each input goes to the file as it is typed, so a session that is killed
 * keeps its history; the file is trimmed to HISTORY_LINES entries. It holds
 * what the user typed, so only they may read it. Without the editor there
 * is no history (plain input could not recall it). */
void line_add_history(const char *text) {
#if defined(LINE_EDITOR)
  if (!g_editing || !text[0]) return;
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

/* ---- Reading a line -------------------------------------------------- */
#if defined(WRIT_READLINE)
static char *g_line;
static bool g_done;

static void got_line(char *l) {
  g_line = l;
  g_done = true;
  rl_callback_handler_remove();
}

static LineStatus edit_read(const char *prompt, char **out) {
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
static LineStatus edit_read(const char *prompt, char **out) {
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
#endif

/* Plain input: no editing. Bytes are read one at a time so that nothing
 * after the newline is taken from a script piped in after the REPL. The
 * prompt is written without readline's \001 and \002, which mark the
 * parts of a prompt that take no room on screen (repl.c's coloured
 * prompts hold them when the build has readline, loaded or not). */
static LineStatus plain_read(const char *prompt, char **out) {
  *out = NULL;
  g_sigint = 0;
  for (const char *c = prompt; *c; c++)
    if (*c != '\001' && *c != '\002') putchar(*c);
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

LineStatus line_read(const char *prompt, char **out) {
#if defined(LINE_EDITOR)
  if (g_editing) return edit_read(prompt, out);
#endif
  return plain_read(prompt, out);
}
