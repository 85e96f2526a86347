/* Where the writ tool's source text comes from: script files, standard
 * input, and `import "path"` (the module loader it gives the VM), with the
 * path rules that keep imports below the program's folder. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"

/* The program's folder (the main script's, or the working directory for
 * -e, - and the REPL): `import "path"` serves .writ files below it only, so
 * an imported module cannot turn import into a way to read host files.
 * -I DIR adds more such roots (real paths, malloc'd), searched after it. */
static char g_root[PATH_MAX];
static char **g_roots;
static int g_nroots;

bool cli_add_root(const char *dir) {
  char real[PATH_MAX];
  if (!realpath(dir, real)) return true; /* checked by the caller; gone since: no root */
  char **r = realloc(g_roots, sizeof *r * (size_t)(g_nroots + 1));
  if (!r) return false;
  g_roots = r;
  if (!(g_roots[g_nroots] = strdup(real))) return false;
  g_nroots++;
  return true;
}

void cli_free_roots(void) {
  for (int i = 0; i < g_nroots; i++) free(g_roots[i]);
  free(g_roots);
  g_roots = NULL;
  g_nroots = 0;
}

static bool below(const char *real, const char *root) {
  size_t rl = strlen(root);
  return !strcmp(root, "/") || (!strncmp(real, root, rl) && real[rl] == '/');
}

/* Whether a real path lies below the program's folder or a -I root. */
static bool below_a_root(const char *real) {
  if (below(real, g_root)) return true;
  for (int i = 0; i < g_nroots; i++)
    if (below(real, g_roots[i])) return true;
  return false;
}

void cli_set_root(const char *script) {
  char real[PATH_MAX];
  if (script && strcmp(script, "-") != 0 && realpath(script, real)) {
    char *slash = strrchr(real, '/');
    if (slash == real) slash[1] = '\0';
    else if (slash) *slash = '\0';
    snprintf(g_root, sizeof g_root, "%s", real);
  } else if (!getcwd(g_root, sizeof g_root)) {
    snprintf(g_root, sizeof g_root, "/");
  }
}

char *cli_read_source(FILE *f, size_t *len) {
  /* One byte past the limit is enough for writ_eval to refuse it with
   * "source too large": a device or a pipe that never ends (/dev/zero) is
   * read no further. */
  const size_t most = (size_t)WRIT_MAX_SOURCE_BYTES + 1;
  size_t cap = 65536, n = 0, got;
  char *buf = malloc(cap);
  while (buf && n < most && (got = fread(buf + n, 1, (cap < most ? cap : most) - n, f)) > 0) {
    n += got;
    if (n == cap && cap < most) {
      size_t ncap = cap * 2 < most ? cap * 2 : most;
      char *nb = realloc(buf, ncap);
      if (!nb) { free(buf); return NULL; }
      buf = nb;
      cap = ncap;
    }
  }
  *len = n;
  return buf;
}

char *cli_read_file(const char *path, size_t *len, char *err, size_t errcap) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errcap, "cannot open %s: %s", path, strerror(errno));
    return NULL;
  }
  char *buf = cli_read_source(f, len);
  bool bad = ferror(f);
  fclose(f);
  if (!buf || bad) {
    free(buf);
    snprintf(err, errcap, "cannot read %s", path);
    return NULL;
  }
  return buf;
}

/* Folds "." and ".." components (lexically; the file system is not asked). */
void cli_normalize_path(const char *in, char *out, size_t cap) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s", in);
  const char *parts[512];
  int n = 0;
  bool abs = tmp[0] == '/';
  int up = 0; /* leading ".." of a relative path */
  for (char *tok = strtok(tmp, "/"); tok; tok = strtok(NULL, "/")) {
    if (!strcmp(tok, ".")) continue;
    if (!strcmp(tok, "..")) {
      if (n > 0) n--;
      else if (!abs) up++;
      continue;
    }
    if (n < 512) parts[n++] = tok;
  }
  size_t used = 0;
  out[0] = '\0';
  if (abs) used += (size_t)snprintf(out + used, cap - used, "/");
  for (int i = 0; i < up && used < cap; i++) used += (size_t)snprintf(out + used, cap - used, "../");
  for (int i = 0; i < n && used < cap; i++)
    used += (size_t)snprintf(out + used, cap - used, "%s%s", parts[i], i + 1 < n ? "/" : "");
  if (!out[0]) snprintf(out, cap, ".");
}

/* The path of `path` as seen from the directory `base` (both absolute and
 * normalised): "../" for each component of base beyond the shared prefix. */
static void relative_to(const char *path, const char *base, char *out, size_t cap) {
  size_t common = 0, i = 0;
  for (; path[i] && base[i] && path[i] == base[i]; i++)
    if (path[i] == '/') common = i;
  if (!base[i] && (path[i] == '/' || !path[i])) common = i; /* base is a prefix */
  if (!strcmp(base, "/")) common = 0;
  size_t used = 0;
  out[0] = '\0';
  for (const char *b = base + common; *b; b++)
    if (*b == '/' && used + 4 < cap) used += (size_t)snprintf(out + used, cap - used, "../");
  snprintf(out + used, cap - used, "%s", path[common] == '/' ? path + common + 1 : path + common);
}

char *cli_module_name(const char *path) {
  char real[PATH_MAX], cwd[PATH_MAX], rel[PATH_MAX];
  if (!realpath(path, real) || !getcwd(cwd, sizeof cwd)) return strdup(path);
  relative_to(real, cwd, rel, sizeof rel);
  return strdup(rel);
}

/* The file an import names, relative to the folder of importer (a path;
 * "" for the working directory) or, when dir is given, to dir: ".writ"
 * added when the path has no extension. Into norm, "." and ".." folded.
 * false after an error. */
static bool module_path(const char *dir, const char *importer, const char *path, char *norm, char *err,
                        size_t errcap) {
  char full[PATH_MAX];
  const char *slash = strrchr(importer, '/');
  int dirlen = slash ? (int)(slash - importer) : 0;
  const char *ext = strrchr(path, '.');
  const char *base = strrchr(path, '/');
  bool hasExt = ext && (!base || ext > base) && ext != path && ext[-1] != '.' && ext[-1] != '/';
  const char *add = hasExt ? "" : ".writ";
  int n;
  if (path[0] == '/') n = snprintf(full, sizeof full, "%s%s", path, add);
  else if (dir) n = snprintf(full, sizeof full, "%s/%s%s", dir, path, add);
  else if (dirlen) n = snprintf(full, sizeof full, "%.*s/%s%s", dirlen, importer, path, add);
  else n = snprintf(full, sizeof full, "%s%s", path, add);
  if (n < 0 || n >= (int)sizeof full) {
    snprintf(err, errcap, "path too long");
    return false;
  }
  if (hasExt && strcmp(ext, ".writ") != 0) {
    snprintf(err, errcap, "only .writ files are modules");
    return false;
  }
  cli_normalize_path(full, norm, PATH_MAX);
  return true;
}

/* A bare path: "x", "lib/x", not "./x", "../x" or "/x". */
static bool bare(const char *path) {
  return path[0] != '/' && strncmp(path, "./", 2) != 0 && strncmp(path, "../", 3) != 0;
}

/* A bare path not found beside the importer is looked for in the roots:
 * the program's folder, then each -I folder in order. The first that has
 * it wins; into norm and real. */
static bool search_roots(const char *path, char *norm, char *real) {
  if (!bare(path)) return false;
  char err[64];
  for (int i = -1; i < g_nroots; i++) {
    if (module_path(i < 0 ? g_root : g_roots[i], "", path, norm, err, sizeof err) && realpath(norm, real))
      return true;
  }
  return false;
}

/* import "./x": relative to the importing file's folder, then for a bare
 * path the roots (search_roots); ".writ" added when the path has no
 * extension. Only files below a root are served. The canonical name is
 * the file's real path relative to the working directory. */
char *cli_load_module(void *ud, const char *importer, const char *path, char **canon,
                         size_t *len, char *err, size_t errcap) {
  (void)ud;
  char norm[PATH_MAX], real[PATH_MAX];
  if (!module_path(NULL, importer, path, norm, err, errcap)) return NULL;
  if (!realpath(norm, real)) {
    int e = errno;
    char tried[PATH_MAX];
    snprintf(tried, sizeof tried, "%s", norm);
    if (!g_nroots || !search_roots(path, norm, real)) {
      snprintf(err, errcap, e == ENOENT ? "no such file %s%s" : "cannot read %s%s", tried,
               g_nroots && bare(path) ? " (nor in the -I folders)" : "");
      return NULL;
    }
  }
  if (!below_a_root(real)) {
    snprintf(err, errcap, g_nroots ? "the file is outside the program's folders (imports stay below the main "
                                     "script's folder and the -I folders)"
                                   : "the file is outside the program's folder (imports stay below the main "
                                     "script's folder)");
    return NULL;
  }
  char *src = cli_read_file(norm, len, err, errcap);
  if (!src) {
    if (errno == ENOENT) snprintf(err, errcap, "no such file %s", norm);
    return NULL;
  }
  *canon = cli_module_name(norm);
  if (!*canon) {
    free(src);
    snprintf(err, errcap, "out of memory");
    return NULL;
  }
  return src;
}

void cli_release(void *ud, char *p) {
  (void)ud;
  free(p);
}
