/* :caps — the root capabilities a REPL session holds. What is listed comes
 * from the workspace itself (the names granted to it and, for a namespace
 * like sys, its members), so nothing held goes unlisted; the words saying
 * what each can do come from the table below and the command line's
 * flags. */
#include <string.h>
#include <sys/stat.h>
#include "cli/cli.h"

/* What the command line's flags granted (main.c sets it, :caps reads it). */
static CliGrants g_grants;

void cli_set_grants(const CliGrants *g) { g_grants = *g; }

static const struct {
  const char *path, *what;
} known[] = {
    {"print", "print(...) writes values to standard output"},
    {"sys.args", "the arguments after the script name"},
    {"sys.out", "standard output: write(text), print(...)"},
    {"sys.err", "standard error: write(text), print(...)"},
    {"sys.in", "standard input: readLine(), read(), readLineAsync() (a promise)"},
    {"sys.clock", "the time: now() (seconds since 1970), monotonic(), after(seconds) (a promise)"},
    {"sys.random", "random numbers: float() in [0, 1), int(lo, hi)"},
    {"sys.exit", "exit(code) ends the session with that status"},
    {"sys.env", "the environment variables, a map"},
    {"sys.dir", "dir(path) opens a Dir: read(name), list(), ... below path"},
    {"sys.file", "file(path) opens a File granted on its own: read(), write(text), ..."},
};

static const char *what_is(const char *path) {
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (!strcmp(known[i].path, path)) return known[i].what;
  return NULL;
}

/* A list handle's strings, comma-separated, into out. */
static void join(WritHandle *list, char *out, size_t cap) {
  size_t used = 0, n = writ_list_len(list);
  out[0] = '\0';
  for (size_t i = 0; i < n && used + 1 < cap; i++) {
    WritHandle *h = writ_list_get(list, (long)i);
    const char *t;
    size_t l;
    if (writ_get_string(h, &t, &l) == WRIT_OK)
      used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? ", " : "", t);
    writ_release(h);
  }
}

/* A grant of one file (sys.file's) rather than a directory (sys.dir's). */
static bool is_file(const char *p) {
  struct stat st;
  return lstat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The grants sys.dir (or, with files, sys.file) opens. */
static void list_grants(const CliGrants *g, bool files, const char *d, const char *r) {
  const char *what = files ? "file" : "directory";
  int n = 0;
  for (int i = 0; i < g->nread; i++) n += is_file(g->readDirs[i]) == files;
  for (int i = 0; i < g->nwrite; i++) n += is_file(g->writeDirs[i]) == files;
  if (g->allDirs) printf("               %severy %s, read and write (-A)%s\n", d, what, r);
  if (!g->allDirs && n == 0)
    printf("               %sno %s granted (run with --allow-read=%s or --allow-write=%s)%s\n", d, what,
           files ? "FILE" : "DIR", files ? "FILE" : "DIR", r);
  for (int i = 0; !g->allDirs && i < g->nread; i++)
    if (is_file(g->readDirs[i]) == files) printf("               %s (read)\n", g->readDirs[i]);
  for (int i = 0; !g->allDirs && i < g->nwrite; i++)
    if (is_file(g->writeDirs[i]) == files) printf("               %s (read, write)\n", g->writeDirs[i]);
}

static void describe(CliSession *s, const char *path, WritHandle *v) {
  const char *b = s->color ? "\033[1m" : "", *d = s->color ? "\033[2m" : "", *r = s->color ? "\033[0m" : "";
  const CliGrants *g = &g_grants;
  printf("  %s%-12s%s ", b, path, r);
  if (!strcmp(path, "sys.env") && writ_type(v) == WRIT_TYPE_NIL) {
    printf("%snil: not granted (run with --allow-env)%s\n", d, r);
    return;
  }
  const char *what = what_is(path);
  if (what) {
    printf("%s\n", what);
  } else { /* a name this table does not know: show what it answers to */
    WritHandle *names = writ_member_names(v);
    char list[512] = "";
    if (names) join(names, list, sizeof list);
    writ_release(names);
    printf("a %s%s%s\n", writ_type_name(v), list[0] ? ": " : "", list);
  }
  bool files = !strcmp(path, "sys.file");
  if (files || !strcmp(path, "sys.dir")) list_grants(g, files, d, r);
}

void cli_describe_caps(CliSession *s) {
  WritHandle *names = writ_names(s->ws, s->module, WRIT_NAMES_GRANTED);
  size_t n = writ_list_len(names);
  if (n == 0) printf("This session holds no capabilities: only the pure built-ins.\n");
  else printf("This session holds what a script run with the same flags gets:\n");
  for (size_t i = 0; i < n; i++) {
    WritHandle *nh = writ_list_get(names, (long)i);
    const char *name;
    size_t nl;
    WritHandle *v = writ_get_string(nh, &name, &nl) == WRIT_OK ? writ_lookup(s->ws, s->module, name) : NULL;
    if (v && !strcmp(writ_type_name(v), "module")) { /* a namespace: each member */
      WritHandle *members = writ_member_names(v);
      size_t m = writ_list_len(members);
      for (size_t j = 0; j < m; j++) {
        WritHandle *mh = writ_list_get(members, (long)j);
        const char *mn;
        size_t ml;
        if (writ_get_string(mh, &mn, &ml) == WRIT_OK) {
          WritHandle *mv = writ_get_member(v, mn);
          char path[300];
          snprintf(path, sizeof path, "%s.%s", name, mn);
          describe(s, path, mv);
          writ_release(mv);
        }
        writ_release(mh);
      }
      writ_release(members);
    } else if (v) {
      describe(s, name, v);
    }
    writ_release(v);
    writ_release(nh);
  }
  writ_release(names);
}
