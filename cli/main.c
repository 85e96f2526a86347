/* writ: the command-line tool. A client of include/writ.h only: it reads
 * files, grants the root capabilities, prints diagnostics and runs the
 * REPL. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/cli.h"

static WritVM *g_vm; /* for the SIGINT handler only */
static volatile sig_atomic_t g_interrupted;

static void on_sigint(int sig) {
  (void)sig;
  g_interrupted = 1;
  if (g_vm) writ_interrupt(g_vm);
}

static void usage(FILE *f) {
  fputs("usage: writ [options] [script.writ [args...]]\n"
        "       writ -e CODE [args...]\n"
        "       writ - [args...]          (script from standard input)\n"
        "       writ fmt [--check] FILE|DIR|-...  (format Writ source: see below)\n"
        "\n"
        "options:\n"
        "  -e CODE         run CODE as the main script\n"
        "  -i              after the script (or -e), open the REPL with its names\n"
        "  --check FILE    check FILE's syntax only\n"
        "  --disasm        print the bytecode of the script (or -e CODE)\n"
        "                  instead of running it\n"
        "  -I DIR          also import modules from below DIR (after the\n"
        "                  script's folder); repeatable\n"
        "  --allow-read=DIR   let the script read DIR and what is below it\n"
        "                     (sys.dir); repeatable\n"
        "  --allow-read=FILE  let the script read that one file (sys.file)\n"
        "  --allow-write=DIR  let the script read and change DIR and what is\n"
        "                     below it (a directory you may change you may\n"
        "                     also read); repeatable\n"
        "  --allow-write=FILE let the script read and change that one file\n"
        "  --allow-env     give the script sys.env\n"
        "  -A              grant every capability (sys.env, every directory\n"
        "                  and file)\n"
        "  -v, --version   print the version\n"
        "  -h, --help      print this help\n"
        "\n"
        "With no script and a terminal on standard input, writ starts a REPL.\n"
        "\n"
        "writ fmt FILE...   rewrites each file (each .writ file below a DIR) in\n"
        "                   the one layout (docs/formatting.md); --check changes\n"
        "                   nothing, lists the files that would change and exits 1;\n"
        "                   - formats standard input to standard output. A file\n"
        "                   with a syntax error is left as it is, with the error.\n",
        f);
}

static void write_stdout(void *ud, const char *s, size_t n) {
  (void)ud;
  fwrite(s, 1, n, stdout);
}



static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  cli_print_diagnostic(d);
}



typedef struct {
  const char *script; /* path, "-" or NULL */
  const char *code;   /* -e */
  const char *check;
  int argStart;
  bool allowEnv;
  bool allowAllDirs; /* -A */
  bool noOpenat2;    /* --no-openat2: see parse_args */
  bool interactive;  /* -i */
  bool disasm;       /* --disasm */
  const char **readDirs, **writeDirs; /* argc entries each */
  int nread, nwrite;
} Options;


/* --allow-read=PATH / --allow-write=PATH: PATH must be an existing
 * directory (symlinks to one are resolved) or a regular file itself, not a
 * symlink: a single-file grant is confined to that one name, and a link
 * would make it another file (the library resolves and opens them once,
 * now). Returns false after an error. */
static bool add_dir(const char *a, const char *flag, const char **dirs, int *n) {
  const char *dir = a + strlen(flag);
  if (*dir != '=' || !dir[1]) {
    fprintf(stderr, "writ: %s needs a directory or a file: %s=PATH\n", flag, flag);
    return false;
  }
  dir++;
  struct stat st, lst;
  if (stat(dir, &st) != 0) {
    fprintf(stderr, "writ: %s=%s: %s\n", flag, dir, strerror(errno));
    return false;
  }
  if (S_ISREG(st.st_mode) && lstat(dir, &lst) == 0 && S_ISLNK(lst.st_mode)) {
    fprintf(stderr, "writ: %s=%s: a symlink to a file (grant the file itself: single-file grants do not follow links)\n",
            flag, dir);
    return false;
  }
  if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
    fprintf(stderr, "writ: %s=%s: not a directory or a regular file\n", flag, dir);
    return false;
  }
  dirs[(*n)++] = dir;
  return true;
}

/* -I DIR or -IDIR: a module root, an existing directory. Returns false
 * after an error. */
static bool add_root(int argc, char **argv, int *i) {
  const char *dir = argv[*i][2] ? argv[*i] + 2 : *i + 1 < argc ? argv[++*i] : NULL;
  if (!dir || !*dir) {
    fputs("writ: -I needs a directory: -I DIR\n", stderr);
    return false;
  }
  struct stat st;
  if (stat(dir, &st) != 0) {
    fprintf(stderr, "writ: -I %s: %s\n", dir, strerror(errno));
    return false;
  }
  if (!S_ISDIR(st.st_mode)) {
    fprintf(stderr, "writ: -I %s: not a directory\n", dir);
    return false;
  }
  if (!cli_add_root(dir)) {
    fputs("writ: out of memory\n", stderr);
    return false;
  }
  return true;
}

static bool starts_with(const char *s, const char *prefix) { return !strncmp(s, prefix, strlen(prefix)); }

static int parse_args(int argc, char **argv, Options *o) {
  const char **read = o->readDirs, **write = o->writeDirs;
  memset(o, 0, sizeof *o);
  o->readDirs = read;
  o->writeDirs = write;
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
    if (!strcmp(a, "-v") || !strcmp(a, "--version")) { printf("writ %s\n", WRIT_VERSION_STRING); return 0; }
    if (!strcmp(a, "-e")) {
      if (i + 1 >= argc) { fputs("writ: -e needs an argument\n", stderr); return 2; }
      o->code = argv[++i];
      i++;
      break;
    }
    if (!strcmp(a, "--check")) {
      if (i + 1 >= argc) { fputs("writ: --check needs a file\n", stderr); return 2; }
      o->check = argv[++i];
      continue;
    }
    if (!strcmp(a, "--allow-env")) { o->allowEnv = true; continue; }
    if (!strcmp(a, "--disasm")) { o->disasm = true; continue; }
    if (!strcmp(a, "-i")) { o->interactive = true; continue; }
    if (!strcmp(a, "-A")) { o->allowEnv = o->allowAllDirs = true; continue; }
    if (starts_with(a, "-I")) {
      if (!add_root(argc, argv, &i)) return 2;
      continue;
    }
    if (starts_with(a, "--allow-read")) {
      if (!add_dir(a, "--allow-read", o->readDirs, &o->nread)) return 2;
      continue;
    }
    if (starts_with(a, "--allow-write")) {
      if (!add_dir(a, "--allow-write", o->writeDirs, &o->nwrite)) return 2;
      continue;
    }
    /* Hidden, for tests only: Dirs look paths up component by component,
     * as on kernels without openat2, so tests/dir/ covers both lookups. */
    if (!strcmp(a, "--no-openat2")) { o->noOpenat2 = true; continue; }
    if (!strcmp(a, "--")) { i++; if (i < argc) o->script = argv[i++]; break; }
    if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "writ: unknown option '%s'\n", a);
      usage(stderr);
      return 2;
    }
    o->script = a;
    i++;
    break;
  }
  o->argStart = i;
  return -1;
}

/* sys.args holds strings, and Writ strings are UTF-8: say which argument
 * is not, before anything runs. */
static bool args_are_text(int argc, char **argv, int from) {
  for (int i = from; i < argc; i++)
    if (!writ_utf8_valid(argv[i], strlen(argv[i]))) {
      fprintf(stderr, "writ: argument %d for the script is not valid UTF-8 text (sys.args holds strings)\n",
              i - from + 1);
      return false;
    }
  return true;
}

/* The main script's workspace, with the root capabilities the flags
 * granted. NULL after a message; *status is then the exit status. */
static WritWorkspace *main_workspace(CliLoop *loop, const Options *o, int argc, char **argv, int *status) {
  WritWorkspace *ws = writ_workspace_new(loop->vm);
  WritSysOptions so = {
      .argc = argc - o->argStart,
      .argv = (const char *const *)argv + o->argStart,
      .allow_env = o->allowEnv,
      .nread = o->nread,
      .allow_read = o->readDirs,
      .nwrite = o->nwrite,
      .allow_write = o->writeDirs,
      .allow_all_dirs = o->allowAllDirs,
      .no_openat2 = o->noOpenat2,
  };
  cli_loop_grant(loop, &so);
  WritStatus gs = ws ? writ_grant_sys(ws, &so) : WRIT_ERR_MEMORY;
  cli_set_grants(&(CliGrants){o->allowEnv, o->allowAllDirs, o->nread, o->readDirs, o->nwrite, o->writeDirs});
  if (gs == WRIT_OK) return ws;
  fputs(gs == WRIT_ERR_USAGE ? "writ: cannot use a granted directory or file\n" : "writ: cannot set up the workspace\n",
        stderr);
  *status = gs == WRIT_ERR_USAGE ? 2 : 1;
  return NULL;
}

/* Output that could not be written (a full disk, /dev/full) is a failure,
 * as in Python: say so, and never exit 0. */
static int flush_output(int status) {
  errno = 0;
  bool flushed = fflush(stdout) == 0;
  if (flushed && !ferror(stdout)) return status;
  if (!flushed && errno) fprintf(stderr, "writ: cannot write to standard output: %s\n", strerror(errno));
  else fputs("writ: cannot write to standard output\n", stderr);
  return status ? status : 1;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "fmt")) return cli_fmt(argc - 2, argv + 2); /* a script named fmt: ./fmt */
  Options o;
  o.readDirs = malloc(sizeof(char *) * (size_t)argc);
  o.writeDirs = malloc(sizeof(char *) * (size_t)argc);
  int status = o.readDirs && o.writeDirs ? parse_args(argc, argv, &o) : 1;
  if (status == 1) fputs("writ: out of memory\n", stderr);
  if (status < 0 && !args_are_text(argc, argv, o.argStart)) status = 2;
  WritVM *vm = NULL;
  if (status < 0) {
    cli_diag_color(isatty(2) && !getenv("NO_COLOR"));
    cli_set_root(o.script);
    WritConfig cfg;
    writ_config_init(&cfg);
    cfg.write = write_stdout;
    cfg.error = on_error;
    cfg.load_module = cli_load_module;
    cfg.release = cli_release;
    g_vm = vm = writ_vm_new(&cfg);
    if (!vm) {
      fputs("writ: out of memory\n", stderr);
      status = 1;
    }
  }
  if (status < 0) {
    signal(SIGINT, on_sigint);
    CliLoop loop; /* timers and reads end with the run: none outlives sys.exit */
    cli_loop_init(&loop, vm, &g_interrupted);
    WritWorkspace *ws = main_workspace(&loop, &o, argc, argv, &status);
    if (ws) status = cli_run(&loop, ws, &(CliJob){o.script, o.code, o.check, o.interactive, o.disasm});
    if (ws && g_interrupted && status != 0) status = 130;
    else if (ws) status = flush_output(status);
    cli_loop_free(&loop);
  }
  writ_vm_free(vm);
  free(o.readDirs);
  free(o.writeDirs);
  cli_free_roots();
  return status;
}
