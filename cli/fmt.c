/* writ fmt: formats Writ files in place (writ_format), checks that they
 * are formatted (--check), or formats standard input to standard output
 * (-). A file with a syntax error is refused with the error, shown as
 * running it would show it, and left untouched. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/cli.h"

typedef struct {
  WritWorkspace *ws;
  bool check; /* --check: list what would change, change nothing */
  int status;
} FmtRun;

static void fmt_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  cli_print_diagnostic(d);
}

/* The formatted text of src, or NULL after reporting why not (status 1).
 * A syntax error is reported by compiling src as running it would, so it
 * reads the same (names a host grants, such as a plugin's, are no error
 * here: only the syntax is checked). */
static char *format_text(FmtRun *r, const char *name, const char *src, size_t len, size_t *outLen) {
  char *out, err[512];
  WritStatus st = writ_format(src, len, &out, outLen, err, sizeof err);
  if (st == WRIT_OK) return out;
  r->status = 1;
  if (st == WRIT_ERR_SYNTAX && writ_eval(r->ws, name, src, len, WRIT_EVAL_CHECK | WRIT_EVAL_MAIN) != WRIT_OK)
    return NULL;
  if (st == WRIT_ERR_MEMORY) fprintf(stderr, "writ: %s: out of memory\n", name);
  else fprintf(stderr, "writ: %s: %s\n", name, err);
  return NULL;
}

/* Replaces path's contents by a new file beside it, renamed over it. */
static bool write_file(const char *path, const char *text, size_t len) {
  struct stat st;
  char tmp[4096];
  int n = snprintf(tmp, sizeof tmp, "%s.fmt-XXXXXX", path);
  if (n < 0 || (size_t)n >= sizeof tmp || stat(path, &st) != 0) return false;
  int fd = mkstemp(tmp);
  if (fd < 0) return false;
  FILE *f = fdopen(fd, "wb");
  bool ok = f && fwrite(text, 1, len, f) == len;
  ok = f && fclose(f) == 0 && ok;
  if (!f) close(fd);
  ok = ok && chmod(tmp, st.st_mode & 07777) == 0 && rename(tmp, path) == 0;
  if (!ok) unlink(tmp);
  return ok;
}

static void fmt_file(FmtRun *r, const char *path) {
  char err[512];
  size_t len, outLen;
  char *src = cli_read_file(path, &len, err, sizeof err);
  if (!src) {
    fprintf(stderr, "writ: %s\n", err);
    r->status = r->status ? r->status : 2;
    return;
  }
  char *out = format_text(r, path, src, len, &outLen);
  if (out && (outLen != len || memcmp(out, src, len))) {
    if (r->check) {
      printf("%s\n", path);
      r->status = r->status ? r->status : 1;
    } else if (!write_file(path, out, outLen)) {
      fprintf(stderr, "writ: cannot write %s: %s\n", path, strerror(errno));
      r->status = 1;
    }
  }
  free(out);
  free(src);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* A directory: every *.writ file below it, in name order. */
static void fmt_dir(FmtRun *r, const char *dir);

static void fmt_path(FmtRun *r, const char *path, bool named) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    fmt_dir(r, path);
    return;
  }
  size_t n = strlen(path);
  if (named || (n > 5 && !strcmp(path + n - 5, ".writ"))) fmt_file(r, path);
}

static void fmt_dir(FmtRun *r, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "writ: cannot open %s: %s\n", dir, strerror(errno));
    r->status = r->status ? r->status : 2;
    return;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      char **p = realloc(names, cap * sizeof *names);
      if (!p) break;
      names = p;
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    if (!(names[n] = malloc(len))) break;
    snprintf(names[n++], len, "%s/%s", dir, e->d_name);
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    fmt_path(r, names[i], false);
    free(names[i]);
  }
  free(names);
}

static void fmt_stdin(FmtRun *r) {
  size_t len, outLen;
  char *src = cli_read_source(stdin, &len);
  if (!src) {
    fputs("writ: cannot read standard input\n", stderr);
    r->status = 1;
    return;
  }
  char *out = format_text(r, "<stdin>", src, len, &outLen);
  if (out && r->check && (outLen != len || memcmp(out, src, len))) {
    printf("<stdin>\n");
    r->status = 1;
  } else if (out && !r->check) {
    fwrite(out, 1, outLen, stdout);
  }
  free(out);
  free(src);
}

static int fmt_usage(void) {
  fputs("usage: writ fmt [--check] FILE|DIR...   (a DIR: every .writ file below it)\n"
        "       writ fmt [--check] -            (standard input to standard output)\n",
        stderr);
  return 2;
}

int cli_fmt(int argc, char **argv) {
  FmtRun r = {NULL, false, 0};
  int first = 0;
  if (first < argc && !strcmp(argv[first], "--check")) {
    r.check = true;
    first++;
  }
  if (first >= argc) return fmt_usage();
  for (int i = first; i < argc; i++)
    if (argv[i][0] == '-' && argv[i][1]) return fmt_usage();
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.error = fmt_error;
  WritVM *vm = writ_vm_new(&cfg);
  r.ws = vm ? writ_workspace_new(vm) : NULL;
  WritSysOptions so;
  memset(&so, 0, sizeof so);
  if (!r.ws || writ_grant_sys(r.ws, &so) != WRIT_OK) {
    fputs("writ: out of memory\n", stderr);
    writ_vm_free(vm);
    return 1;
  }
  cli_diag_color(isatty(2) && !getenv("NO_COLOR"));
  for (int i = first; i < argc; i++) {
    if (!strcmp(argv[i], "-")) fmt_stdin(&r);
    else fmt_path(&r, argv[i], true);
  }
  writ_vm_free(vm);
  if (fflush(stdout) != 0 && !r.status) r.status = 1;
  return r.status;
}
