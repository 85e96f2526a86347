/* The REPL: reads inputs (line.c), keeps asking for more while the parser
 * says an input is incomplete, shows the value of a final expression
 * quoted, and runs the `:` commands. Every input is more code of one
 * module, so definitions persist and an error loses nothing. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli/cli.h"

static const char *help_text =
    "Type Writ code; an expression's value is shown, and kept in _.\n"
    "An unfinished input (an open bracket, a fn or class header) continues\n"
    "on a ... line. Tab completes names, keywords and members after a dot.\n"
    "Ctrl-C clears the line or stops running code; Ctrl-D leaves.\n"
    "\n"
    "  :help         this text\n"
    "  :quit         leave (also Ctrl-D on an empty line)\n"
    "  :load FILE    run FILE in this session (its names stay)\n"
    "  :caps         the capabilities this session holds\n"
    "  :type EXPR    the type of EXPR's value\n"
    "  :time EXPR    run EXPR and show how long it took\n";

typedef struct {
  CliSession s;
  bool exiting;
  int exitCode;
} Repl;

static const char *paint(const Repl *r, const char *code) { return r->s.color ? code : ""; }

/* Colours by kind, as most REPLs do: strings green, numbers yellow,
 * nil and booleans magenta, functions and classes cyan. */
static const char *value_color(WritHandle *v) {
  switch (writ_type(v)) {
  case WRIT_TYPE_STRING: return "\033[32m";
  case WRIT_TYPE_NUMBER: return "\033[33m";
  case WRIT_TYPE_NIL: case WRIT_TYPE_BOOL: return "\033[35m";
  case WRIT_TYPE_FUNCTION: return "\033[36m";
  default: return "";
  }
}

static void show_value(Repl *r, WritHandle *v) {
  WritHandle *text = writ_to_string(v, 1, NULL);
  const char *s;
  size_t n;
  if (!text || writ_get_string(text, &s, &n) != WRIT_OK) {
    writ_release(text);
    return; /* its toString failed: the error has been shown */
  }
  fputs(paint(r, value_color(v)), stdout);
  fwrite(s, 1, n, stdout);
  fputs(paint(r, "\033[0m"), stdout);
  putchar('\n');
  fflush(stdout);
  writ_release(text);
}

/* Runs src as more of the session's module. With `show`, a final
 * expression's value (unless nil) is printed. */
static WritStatus run(Repl *r, const char *src, size_t len, int flags, bool show, WritHandle **value) {
  WritHandle *v = NULL;
  WritStatus st = writ_eval_value(r->s.ws, r->s.module, src, len, WRIT_EVAL_MAIN | WRIT_EVAL_REPL | flags, NULL, &v);
  line_take_interrupt(); /* a Ctrl-C has done its work by now */
  if (st == WRIT_EXIT) {
    r->exiting = true;
    r->exitCode = writ_exit_code(r->s.vm);
  }
  if (st == WRIT_OK && show && writ_type(v) != WRIT_TYPE_NIL) show_value(r, v);
  if (value) *value = v;
  else writ_release(v);
  return st;
}

static const char *skip_space(const char *s) {
  while (*s == ' ' || *s == '\t') s++;
  return s;
}

static bool is_command(const char *line, const char *name, const char **arg) {
  size_t n = strlen(name);
  if (strncmp(line, name, n) != 0 || (line[n] && line[n] != ' ' && line[n] != '\t')) return false;
  *arg = skip_space(line + n);
  return true;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void load_file(Repl *r, const char *path) {
  if (!*path) {
    fputs(":load needs a file name: :load FILE\n", stderr);
    return;
  }
  char err[512];
  size_t len;
  char *src = cli_read_file(path, &len, err, sizeof err);
  if (!src) {
    fprintf(stderr, "%s\n", err);
    return;
  }
  run(r, src, len, 0, false, NULL);
  free(src);
}

static void command(Repl *r, const char *line) {
  const char *arg;
  if (is_command(line, ":help", &arg) || is_command(line, ":h", &arg)) {
    fputs(help_text, stdout);
  } else if (is_command(line, ":quit", &arg) || is_command(line, ":q", &arg)) {
    r->exiting = true;
  } else if (is_command(line, ":load", &arg)) {
    load_file(r, arg);
  } else if (is_command(line, ":caps", &arg)) {
    cli_describe_caps(&r->s);
  } else if (is_command(line, ":type", &arg)) {
    if (!*arg) { fputs(":type needs an expression: :type EXPR\n", stderr); return; }
    WritHandle *v = NULL;
    if (run(r, arg, strlen(arg), WRIT_EVAL_NO_LAST, false, &v) == WRIT_OK)
      printf("%s%s%s\n", paint(r, "\033[36m"), writ_type_name(v), paint(r, "\033[0m"));
    writ_release(v);
  } else if (is_command(line, ":time", &arg)) {
    if (!*arg) { fputs(":time needs an expression: :time EXPR\n", stderr); return; }
    double t0 = now_ms();
    WritStatus st = run(r, arg, strlen(arg), 0, true, NULL);
    double ms = now_ms() - t0;
    if (st == WRIT_OK || st == WRIT_ERR_RUNTIME || st == WRIT_ERR_INTERRUPTED)
      printf("%stime: %.3f ms%s\n", paint(r, "\033[2m"), ms, paint(r, "\033[0m"));
  } else {
    fprintf(stderr, "unknown command %s (:help lists them)\n", line);
  }
  fflush(stdout);
}

static bool blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') return false;
  return true;
}

/* An input still incomplete: the lines typed so far, each with its
 * newline. */
typedef struct {
  char *text;
  size_t len;
} Pending;

static void pending_drop(Pending *p) {
  free(p->text);
  p->text = NULL;
  p->len = 0;
}

/* false: out of memory. */
static bool pending_add(Pending *p, const char *line) {
  size_t ll = strlen(line);
  char *nb = realloc(p->text, p->len + ll + 2);
  if (!nb) return false;
  p->text = nb;
  memcpy(p->text + p->len, line, ll);
  p->len += ll;
  p->text[p->len++] = '\n';
  p->text[p->len] = '\0';
  return true;
}

/* One line typed at a prompt (it takes line): a command, nothing, or
 * more of an input, run once it is complete. false: leave the REPL. */
static bool on_line(Repl *r, Pending *p, char *line) {
  line_add_history(line);
  const char *start = skip_space(line);
  if (!p->text && (start[0] == ':' || blank(line))) {
    if (start[0] == ':') command(r, start);
    free(line);
    return true;
  }
  bool added = pending_add(p, line);
  free(line);
  if (!added) {
    fputs("writ: out of memory\n", stderr);
    return false;
  }
  if (run(r, p->text, p->len, WRIT_EVAL_QUIET_INCOMPLETE, true, NULL) != WRIT_ERR_INCOMPLETE) pending_drop(p);
  return true;
}

int cli_repl(WritVM *vm, WritWorkspace *ws, const char *module) {
  Repl r;
  memset(&r, 0, sizeof r);
  r.s.vm = vm;
  r.s.ws = ws;
  r.s.module = module;
  r.s.color = isatty(1) && !getenv("NO_COLOR");
  line_init(&r.s);
  /* The session's module exists from the start, so completion sees the
   * main script's names (print, sys) before anything has been typed. */
  writ_eval(ws, module, "", 0, WRIT_EVAL_MAIN | WRIT_EVAL_REPL);
  printf("Writ %s — :help for help, Ctrl-D to leave\n", WRIT_VERSION_STRING);
  fflush(stdout);
  /* Readline wants \001..\002 around what takes no room on screen. */
#ifdef WRIT_READLINE
  const char *prompt = r.s.color ? "\001\033[1;32m\002>\001\033[0m\002 " : "> ";
  const char *more = r.s.color ? "\001\033[2m\002...\001\033[0m\002 " : "... ";
#else
  const char *prompt = "> ", *more = "... ";
#endif
  Pending p = {NULL, 0};
  while (!r.exiting) {
    char *line = NULL;
    LineStatus ls = line_read(p.text ? more : prompt, &line);
    if (ls == LINE_INTERRUPT) { /* drop what was typed, pending lines too */
      pending_drop(&p);
      continue;
    }
    if (ls == LINE_EOF) {
      if (!p.text) break;
      run(&r, p.text, p.len, 0, true, NULL); /* Ctrl-D inside an unfinished input: say what is missing */
      pending_drop(&p);
      continue;
    }
    if (!on_line(&r, &p, line)) break;
  }
  pending_drop(&p);
  line_done();
  return r.exitCode;
}
