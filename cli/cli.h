/* Pieces of the command-line tool shared between its files. */
#ifndef WRIT_CLI_H
#define WRIT_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "include/writ.h"

/* Source text (source.c). */
/* Reads source from f: all of it, or one byte past WRIT_MAX_SOURCE_BYTES
 * (writ_eval then refuses it), never more. NULL if memory ran out. */
char *cli_read_source(FILE *f, size_t *len);
char *cli_read_file(const char *path, size_t *len, char *err, size_t errcap);
void cli_normalize_path(const char *in, char *out, size_t cap);
/* A module's name: its real path (links and spellings resolved, so one file
 * is one module) relative to the working directory, so names and messages
 * show no absolute host path. malloc'd. */
char *cli_module_name(const char *path);
/* The program's folder, below which imports are served: the script's
 * (NULL or "-": the working directory). */
void cli_set_root(const char *script);
/* -I DIR: another folder below which imports are served, searched (for a
 * bare path, "x" or "lib/x") after the importer's folder and the
 * program's. false if memory ran out. cli_free_roots forgets them all. */
bool cli_add_root(const char *dir);
void cli_free_roots(void);
/* The module loader and its release (WritConfig.load_module, .release):
 * `import "./x"` relative to the importing file (a bare path also in the
 * roots), .writ files below the program's folder or a -I root only. */
char *cli_load_module(void *ud, const char *importer, const char *path, char **canon, size_t *len, char *err,
                      size_t errcap);
void cli_release(void *ud, char *p);

/* Diagnostics (diag.c): what an error looks like on stderr. */
void cli_diag_color(bool on);
void cli_print_diagnostic(const WritDiagnostic *d);
/* For --check, which goes on after an error: while held, a diagnostic is
 * kept (the last one) instead of printed; cli_diag_release prints it. */
void cli_diag_hold(bool on);
void cli_diag_release(void);
/* The held (or last printed) diagnostic's line and column (0: none) and message. */
int cli_last_diag_line(void);
int cli_last_diag_column(void);
const char *cli_last_diag_message(void);
/* What the command line asks to run: a script file ("-": standard
 * input), -e code, --check FILE; -i (the REPL after it), --disasm (the
 * bytecode instead of running). */
typedef struct {
  const char *script, *code, *check;
  bool interactive, disasm;
} CliJob;
/* The event loop (loop.c): the host side of sys.clock.after and
 * sys.in.readLineAsync. Owned by main; what it holds is released by
 * cli_loop_free, before the VM is freed. */
typedef struct {
  double due; /* CLOCK_MONOTONIC seconds */
  unsigned long long seq;
  WritHandle *resolver;
} CliTimer;
typedef struct {
  WritVM *vm;
  volatile sig_atomic_t *interrupted; /* set by the SIGINT handler */
  CliTimer *timers;                   /* a heap: the next due first */
  size_t ntimers, timerCap;
  unsigned long long timerSeq;
  WritHandle **reads; /* a ring of resolvers waiting for a line */
  size_t nreads, readCap, readHead;
  char *buf; /* standard input read but not yet given out */
  size_t len, cap;
  bool eof;
  bool skipLine;            /* dropping the rest of a line that was too long */
  const char *readError;    /* reading failed: each read is rejected with this */
  const char *readsRefused; /* non-NULL: readLineAsync raises this (the REPL owns the input) */
} CliLoop;
void cli_loop_init(CliLoop *l, WritVM *vm, volatile sig_atomic_t *interrupted);
void cli_loop_free(CliLoop *l);
/* Fills the loop's callbacks into o (after, read_line_async, loop_ud). */
void cli_loop_grant(CliLoop *l, WritSysOptions *o);
/* Whether timers or line reads wait. */
bool cli_loop_waiting(const CliLoop *l);
/* After the main script ran with status st: the turns it queued, timers
 * and reads until none is left, then the report of unhandled rejections.
 * The status to exit with. */
WritStatus cli_event_loop(CliLoop *l, WritStatus st);
/* The REPL's part, after each input: the queued turns and whatever is
 * due or buffered now, never waiting for a timer or input; it stops with
 * WRIT_ERR_INTERRUPTED when stopped() says Ctrl-C was pressed. */
WritStatus cli_loop_run_ready(CliLoop *l, bool (*stopped)(void));
/* Runs it; returns the process exit status. */
int cli_run(CliLoop *loop, WritWorkspace *ws, const CliJob *job);

/* writ fmt [--check] FILE|DIR|-... (fmt.c): argv holds what follows
 * "fmt"; returns the process exit status. */
int cli_fmt(int argc, char **argv);

/* What a REPL session works with. */
typedef struct {
  WritVM *vm;
  WritWorkspace *ws;
  CliLoop *loop;
  const char *module; /* "<repl>", or the -i script's module: its names */
  bool color;         /* stdout is a terminal and NO_COLOR is unset */
} CliSession;

/* What the command line's flags granted (main.c), for :caps. */
typedef struct {
  bool env, allDirs;
  int nread;
  const char **readDirs;
  int nwrite;
  const char **writeDirs;
} CliGrants;
void cli_set_grants(const CliGrants *g);
/* Lists the root capabilities the session holds and what each can do. */
void cli_describe_caps(CliSession *s);
/* Runs the REPL until :quit, Ctrl-D or sys.exit; returns the exit status. */
int cli_repl(CliLoop *loop, WritWorkspace *ws, const char *module);

/* Line input (line.c): readline or libedit, loaded when the REPL starts,
 * or plain reads. */
typedef enum { LINE_OK, LINE_EOF, LINE_INTERRUPT } LineStatus;
void line_init(CliSession *s);
void line_done(void);
/* One input line, malloc'd into *out (pasted text may hold newlines). */
LineStatus line_read(const char *prompt, char **out);
void line_add_history(const char *text);
/* Whether Ctrl-C was pressed since the last call (clears it). */
bool line_take_interrupt(void);

/* Completion (complete.c): a malloc'd NULL-terminated sorted array of
 * what `word` may become; `before` is the character before it, atStart
 * whether it starts the line. NULL when nothing fits. */
char **cli_completions(CliSession *s, const char *word, char before, bool atStart);
void cli_free_completions(char **c);
/* The value a dotted path of names (`sys.clock`) leads to in the
 * session, as completion follows it: NULL if any step fails. */
WritHandle *cli_resolve(CliSession *s, const char *path, size_t len);

/* :doc's table, one entry a name, generated from docs/stdlib.md by
 * cli/gen_docs.sh (build/gen/cli_docs.c); a NULL name ends it. owner: ""
 * for a built-in, else the module or type ("math", "list", "Dir"). */
typedef struct {
  const char *owner, *name, *sig, *text;
} CliDoc;
extern const CliDoc cli_docs[];

#endif
