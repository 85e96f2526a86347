/* The test runner: runs every tests/ ** / *.writ file (names starting with
 * '_' are helpers, not tests) and checks its annotations:
 *   // expect: LINE              the next line of standard output
 *   // expect runtime error: MSG the first stderr line is FILE:THISLINE:COL: error: MSG
 *   // expect trace: at F (M:L:C) the error's trace holds this line (in the order
 *                                 given; M is the module name as traces show it)
 *   // expect error: MSG         a compile error on this line with MSG
 *   // expect error line N       a compile error reported on line N
 *   // args: A B C               arguments after the script name
 *   // stdin: TEXT               a line of standard input
 *   // exit: N                   the expected exit status (default 0, or 1 with errors)
 * A tests/ ** / *.sh file is a test too, for inputs a .writ file cannot hold
 * (huge or malformed sources): it runs under bash with $WRIT set to the
 * interpreter and passes when it exits 0.
 * Tests run in parallel, WRIT_TEST_JOBS at once (default: one per core);
 * failures are printed as they finish. WRIT_TEST_SKIP names a file of
 * test paths (one per line, '#' comments) to leave out; WRIT_TEST_TIMES a
 * file each test's wall time is appended to ("SECONDS PATH");
 * WRIT_TEST_FAILFAST=1 starts no new test after the first failure (the
 * mutation run, tests/mutation/, only needs to know whether one fails).
 * Ends with "N passed, N failed". */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Seconds one test may take; WRIT_TEST_TIMEOUT overrides it (make test-gc
 * does: a collection before every allocation makes the heavy budget tests
 * several times slower). */
#define TIMEOUT_SECONDS 60
static int timeout_seconds(void) {
  const char *e = getenv("WRIT_TEST_TIMEOUT");
  int t = e ? atoi(e) : 0;
  return t > 0 ? t : TIMEOUT_SECONDS;
}

typedef struct {
  char **items;
  int n, cap;
} Strs;

static void push(Strs *s, const char *v) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->items = realloc(s->items, sizeof(char *) * (size_t)s->cap);
  }
  s->items[s->n++] = strdup(v);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void find_tests(const char *dir, Strs *out) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' || e->d_name[0] == '_') continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(path, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) find_tests(path, out);
    else {
      size_t l = strlen(path);
      if ((l > 5 && !strcmp(path + l - 5, ".writ")) || (l > 3 && !strcmp(path + l - 3, ".sh")))
        push(out, path);
    }
  }
  closedir(d);
}

static char *slurp_fd(int fd, size_t *len) {
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  ssize_t r;
  while ((r = read(fd, buf + n, cap - n - 1)) > 0) {
    n += (size_t)r;
    if (n + 1 >= cap) buf = realloc(buf, cap *= 2);
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

typedef struct {
  Strs expect, args, stdinLines, traces;
  char errMsg[1024];
  int errLine;      /* line a compile or runtime error must be reported on */
  bool runtimeErr, compileErr, hasErrMsg;
  int exitCode;
} Spec;

static void parse_spec(const char *src, Spec *s) {
  memset(s, 0, sizeof *s);
  s->exitCode = -1;
  int line = 1;
  for (const char *p = src; *p;) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    char buf[2048];
    if (len >= sizeof buf) len = sizeof buf - 1;
    memcpy(buf, p, len);
    buf[len] = '\0';
    char *c = strstr(buf, "// ");
    if (c) {
      c += 3;
      if (!strncmp(c, "expect: ", 8)) push(&s->expect, c + 8);
      else if (!strcmp(c, "expect:")) push(&s->expect, "");
      else if (!strncmp(c, "expect runtime error: ", 22)) {
        s->runtimeErr = true;
        s->hasErrMsg = true;
        s->errLine = line;
        snprintf(s->errMsg, sizeof s->errMsg, "%s", c + 22);
      } else if (!strncmp(c, "expect error: ", 14)) {
        s->compileErr = true;
        s->hasErrMsg = true;
        s->errLine = line;
        snprintf(s->errMsg, sizeof s->errMsg, "%s", c + 14);
      } else if (!strncmp(c, "expect error line ", 18)) {
        s->compileErr = true;
        s->errLine = atoi(c + 18);
        char *colon = strchr(c + 18, ':');
        if (colon) {
          s->hasErrMsg = true;
          snprintf(s->errMsg, sizeof s->errMsg, "%s", colon + 2 <= buf + len ? colon + 2 : "");
        }
      } else if (!strncmp(c, "expect trace: ", 14)) {
        push(&s->traces, c + 14);
      } else if (!strncmp(c, "args: ", 6)) {
        char *save, *tok;
        for (tok = strtok_r(c + 6, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) push(&s->args, tok);
      } else if (!strncmp(c, "stdin: ", 7)) push(&s->stdinLines, c + 7);
      else if (!strncmp(c, "exit: ", 6)) s->exitCode = atoi(c + 6);
    }
    line++;
    if (!eol) break;
    p = eol + 1;
  }
  if (s->exitCode < 0) s->exitCode = (s->runtimeErr || s->compileErr) ? 1 : 0;
}

typedef struct {
  char *out, *err;
  size_t outLen, errLen;
  int status;
  bool timedOut;
} Result;

static void run(const char *writ, const char *file, Spec *s, Result *r) {
  char inPath[] = "/tmp/writ-test-in-XXXXXX";
  int inFd = mkstemp(inPath);
  for (int i = 0; i < s->stdinLines.n; i++) {
    if (write(inFd, s->stdinLines.items[i], strlen(s->stdinLines.items[i])) < 0 || write(inFd, "\n", 1) < 0) break;
  }
  lseek(inFd, 0, SEEK_SET);
  unlink(inPath);
  char outPath[] = "/tmp/writ-test-out-XXXXXX", errPath[] = "/tmp/writ-test-err-XXXXXX";
  int outFd = mkstemp(outPath), errFd = mkstemp(errPath);
  unlink(outPath);
  unlink(errPath);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(inFd, 0);
    dup2(outFd, 1);
    dup2(errFd, 2);
    char **argv = calloc((size_t)s->args.n + 3, sizeof(char *));
    argv[0] = (char *)writ;
    argv[1] = (char *)file;
    for (int i = 0; i < s->args.n; i++) argv[i + 2] = s->args.items[i];
    setenv("NO_COLOR", "1", 1);
    execv(writ, argv);
    _exit(127);
  }
  int status = 0;
  r->timedOut = false;
  time_t start = time(NULL);
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (time(NULL) - start > timeout_seconds()) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      r->timedOut = true;
      break;
    }
    usleep(2000);
  }
  r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  lseek(outFd, 0, SEEK_SET);
  lseek(errFd, 0, SEEK_SET);
  r->out = slurp_fd(outFd, &r->outLen);
  r->err = slurp_fd(errFd, &r->errLen);
  close(inFd);
  close(outFd);
  close(errFd);
}

static bool check(const char *file, Spec *s, Result *r, char *why, size_t cap) {
  if (r->timedOut) { snprintf(why, cap, "timed out after %d s", timeout_seconds()); return false; }
  if (r->status != s->exitCode) {
    snprintf(why, cap, "exit status %d, expected %d\nstderr:\n%.2000s", r->status, s->exitCode, r->err);
    return false;
  }
  /* stdout, line by line */
  char *p = r->out;
  for (int i = 0; i < s->expect.n; i++) {
    char *eol = strchr(p, '\n');
    if (!eol) {
      snprintf(why, cap, "missing output line %d: expected \"%s\"\nstderr:\n%.1000s", i + 1, s->expect.items[i], r->err);
      return false;
    }
    *eol = '\0';
    if (strcmp(p, s->expect.items[i]) != 0) {
      snprintf(why, cap, "output line %d: got \"%s\", expected \"%s\"", i + 1, p, s->expect.items[i]);
      return false;
    }
    p = eol + 1;
  }
  if (*p) { snprintf(why, cap, "unexpected extra output: \"%.500s\"", p); return false; }
  if (s->runtimeErr || s->compileErr) {
    char *eol = strchr(r->err, '\n');
    if (eol) *eol = '\0';
    char want[1200];
    int n = snprintf(want, sizeof want, "%s:%d:", file, s->errLine);
    if (strncmp(r->err, want, (size_t)n) != 0) {
      snprintf(why, cap, "error should start \"%s\", got \"%s\"", want, r->err);
      return false;
    }
    const char *m = strstr(r->err, ": error: ");
    if (s->hasErrMsg && (!m || strcmp(m + 9, s->errMsg) != 0)) {
      snprintf(why, cap, "error message: got \"%s\", expected \"%s\"", m ? m + 9 : r->err, s->errMsg);
      return false;
    }
    /* The trace lines, in order, after the first line. */
    if (eol) *eol = '\n';
    const char *at = eol ? eol : r->err + strlen(r->err);
    for (int i = 0; i < s->traces.n; i++) {
      char want[1100];
      snprintf(want, sizeof want, "\n  %s\n", s->traces.items[i]);
      const char *hit = strstr(at, want); /* at: the newline the line before ended with */
      if (!hit) {
        snprintf(why, cap, "trace: no line \"  %s\" (in order) in:\n%.1500s", s->traces.items[i], at);
        return false;
      }
      at = hit + strlen(want) - 1;
    }
  } else if (r->errLen && s->exitCode == 0) {
    snprintf(why, cap, "unexpected stderr: %.1000s", r->err);
    return false;
  }
  return true;
}

/* A shell test: exit 0 passes; its output explains a failure. */
static bool run_shell(const char *writ, const char *file, char *why, size_t cap) {
  char cmd[8192], abs[4096];
  if (!realpath(writ, abs)) snprintf(abs, sizeof abs, "%s", writ); /* tests may cd */
  snprintf(cmd, sizeof cmd, "WRIT='%s' timeout %d bash '%s' 2>&1", abs, timeout_seconds(), file);
  FILE *p = popen(cmd, "r");
  if (!p) { snprintf(why, cap, "cannot run bash"); return false; }
  size_t n = fread(why, 1, cap - 1, p);
  why[n] = '\0';
  int st = pclose(p);
  return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Runs test file f; on failure writes why. */
static bool run_one(const char *writ, const char *f, char *why, size_t cap) {
  size_t fl = strlen(f);
  if (fl > 3 && !strcmp(f + fl - 3, ".sh")) return run_shell(writ, f, why, cap);
  FILE *fp = fopen(f, "rb");
  if (!fp) { snprintf(why, cap, "cannot open the test"); return false; }
  fseek(fp, 0, SEEK_END);
  long sz = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  char *src = malloc((size_t)sz + 1);
  size_t got = fread(src, 1, (size_t)sz, fp);
  src[got] = '\0';
  fclose(fp);
  Spec s;
  parse_spec(src, &s);
  Result r;
  run(writ, f, &s, &r);
  bool ok = check(f, &s, &r, why, cap);
  free(src);
  free(r.out);
  free(r.err);
  return ok;
}

/* The tests WRIT_TEST_SKIP lists (see the top of this file). */
static void read_skips(Strs *out) {
  const char *path = getenv("WRIT_TEST_SKIP");
  if (!path || !*path) return;
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "runner: cannot read WRIT_TEST_SKIP file %s\n", path);
    exit(2);
  }
  char line[4096];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = '\0';
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t')) line[--n] = '\0';
    if (n) push(out, line);
  }
  fclose(f);
}

static bool skipped(const Strs *skips, const char *file) {
  for (int i = 0; i < skips->n; i++)
    if (!strcmp(skips->items[i], file)) return true;
  return false;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* How many tests run at once: WRIT_TEST_JOBS, else one per core. */
static int job_count(void) {
  const char *e = getenv("WRIT_TEST_JOBS");
  long n = e ? atol(e) : sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* A test running in a worker process, which writes '1' or '0' and then
 * the reason for a failure into its pipe (read once the worker has
 * exited: a reason fits in the pipe's buffer). */
typedef struct {
  pid_t pid;
  int fd;
  const char *file;
} Job;

static void finish(Job *j, int *passed, int *failed) {
  char buf[4200];
  size_t n = 0;
  ssize_t r;
  while (n < sizeof buf - 1 && (r = read(j->fd, buf + n, sizeof buf - 1 - n)) > 0) n += (size_t)r;
  buf[n] = '\0';
  close(j->fd);
  if (n > 0 && buf[0] == '1') (*passed)++;
  else {
    (*failed)++;
    printf("FAIL %s\n  %s\n", j->file, n > 0 ? buf + 1 : "the test's worker died");
    fflush(stdout);
  }
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: runner WRIT_BINARY TEST_DIR [FILTER]\n");
    return 2;
  }
  const char *writ = argv[1], *filter = argc > 3 ? argv[3] : NULL;
  Strs files = {0};
  find_tests(argv[2], &files);
  qsort(files.items, (size_t)files.n, sizeof(char *), cmp);
  Strs skips = {0};
  read_skips(&skips);
  const char *times = getenv("WRIT_TEST_TIMES");
  bool failfast = getenv("WRIT_TEST_FAILFAST") && atoi(getenv("WRIT_TEST_FAILFAST")) > 0;
  int passed = 0, failed = 0, njobs = job_count(), running = 0, left = 0;
  Job jobs[64];
  for (int i = 0; i <= files.n; i++) {
    /* Wait for a free worker (or, at the end, for all of them). */
    while (running > 0 && (running == njobs || i == files.n)) {
      int st;
      pid_t done = waitpid(-1, &st, 0);
      for (int k = 0; k < running; k++)
        if (jobs[k].pid == done) {
          finish(&jobs[k], &passed, &failed);
          jobs[k] = jobs[--running];
          break;
        }
    }
    if (i == files.n) break;
    if (failfast && failed) {
      i = files.n - 1; /* start nothing new; wait for the running ones */
      continue;
    }
    const char *f = files.items[i];
    if (filter && !strstr(f, filter)) continue;
    if (skipped(&skips, f)) {
      left++;
      continue;
    }
    int fds[2];
    fflush(stdout);
    if (pipe(fds) != 0) { perror("pipe"); return 2; }
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      char why[4096];
      why[0] = '\0';
      double start = now_seconds();
      bool ok = run_one(writ, f, why, sizeof why);
      if (times && *times) {
        FILE *tf = fopen(times, "a");
        if (tf) {
          fprintf(tf, "%.1f %s\n", now_seconds() - start, f);
          fclose(tf);
        }
      }
      size_t len = strlen(why);
      if (write(fds[1], ok ? "1" : "0", 1) < 0 || (!ok && write(fds[1], why, len) < 0)) _exit(1);
      _exit(0);
    }
    close(fds[1]);
    jobs[running++] = (Job){pid, fds[0], f};
  }
  if (left) printf("(%d tests left out, as %s lists)\n", left, getenv("WRIT_TEST_SKIP"));
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
