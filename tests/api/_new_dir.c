/* writ_new_dir: a host mints Dirs for its own directories through the
 * public API only. Run inside the directory new_dir.sh prepares (its
 * absolute path in argv[1]); prints what it checks, the .sh compares. */
#define _POSIX_C_SOURCE 200809L /* opendir */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "writ.h"

static void on_write(void *ud, const char *s, size_t n) { (void)ud; fwrite(s, 1, n, stdout); }
static void on_error(void *ud, const WritDiagnostic *d) { (void)ud; printf("diag[%d] %s\n", (int)d->status, d->message); }

/* say(x): str(x) and a newline. */
static void say(WritCall *c) {
  size_t n;
  const char *s = writ_arg_to_string(c, 1, &n);
  if (s) printf("%.*s\n", (int)n, s);
}

/* mint(): a read-only Dir of "data", made inside a host function. */
static void mint(WritCall *c) {
  WritHandle *h = writ_new_dir(writ_call_vm(c), "data", 0);
  if (h) writ_return(c, h);
  else writ_return_error(c, "mint failed");
  writ_release(h);
}

/* Open descriptors of this process (the one opendir uses counts each time). */
static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));) n += e->d_name[0] != '.';
  if (d) closedir(d);
  return n;
}

static const char *errname(int e) {
  return e == ENOENT ? "ENOENT" : e == ENOTDIR ? "ENOTDIR" : e == EINVAL ? "EINVAL" : "other";
}

static void try_missing(WritVM *vm, const char *label, const char *path) {
  errno = 0;
  WritHandle *h = writ_new_dir(vm, path, 0);
  printf("%s: %s %s\n", label, h ? "a handle" : "NULL", errname(errno));
  writ_release(h);
}

static void grant(WritWorkspace *ws, const char *name, WritHandle *h) {
  if (writ_grant(ws, name, h, 0) != WRIT_OK) printf("grant %s failed\n", name);
  writ_release(h);
}

static const char *script =
    "say(data)\nsay(type(data))\nsay(data.read(\"a.txt\"))\nsay(data.list())\n"
    "say(data.sub(\"sub\").read(\"b.txt\"))\n"
    "let probes = [fn() => data.write(\"new.txt\", \"x\"), fn() => data.sub(\"sub\").mkdir(\"x\"),\n"
    "  fn() => data.read(\"../other/secret.txt\"), fn() => data.read(\"sub/../../other/secret.txt\"),\n"
    "  fn() => data.read(\"out/secret.txt\"), fn() => data.sub(\"..\"), fn() => data.read(\"/etc/passwd\"),\n"
    "  fn() => out.readonly().write(\"x.txt\", \"x\")]\n"
    "for p in probes { try { p() ; say(\"allowed!\") } catch e { say(e.message()) } }\n"
    "try { data.read(secret) } catch e { say(e.message().endsWith(\"absolute paths are not allowed\")) }\n"
    "out.write(\"hello.txt\", \"hi\")\nout.mkdir(\"made\")\nsay(out.list())\n"
    "say(mint().read(\"a.txt\"))\nsay(moved.read(\"m.txt\"))\n";

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  int fds0 = count_fds();
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.write = on_write;
  cfg.error = on_error;
  WritVM *vm = writ_vm_new(&cfg);
  WritWorkspace *ws = writ_workspace_new(vm);

  try_missing(vm, "missing", "missing");
  try_missing(vm, "a file", "file.txt");
  try_missing(vm, "NULL path", NULL);
  errno = 0;
  WritHandle *none = writ_new_dir(NULL, "data", 0);
  printf("NULL vm: %s %s\n", none ? "a handle" : "NULL", errname(errno));
  printf("failures left open: %d\n", count_fds() - fds0);

  char path[4096], secret[4096];
  snprintf(path, sizeof path, "%s/rw", argv[1]); /* absolute */
  snprintf(secret, sizeof secret, "%s/other/secret.txt", argv[1]);
  WritHandle *ro = writ_new_dir(vm, "data", 0), *rw = writ_new_dir(vm, path, 1);
  WritHandle *mv = writ_new_dir(vm, "moving", 0);
  printf("made %d %d %d, open +%d, type %d\n", ro != NULL, rw != NULL, mv != NULL, count_fds() - fds0,
         (int)writ_type(ro));
  /* The Dir holds the directory, not the path. */
  printf("renamed %d\n", rename("moving", "moved"));
  writ_collect(vm); /* only handles hold them: they must survive */
  writ_collect(vm);
  grant(ws, "data", ro);
  grant(ws, "out", rw);
  grant(ws, "moved", mv);
  grant(ws, "say", writ_new_function(vm, "say", say, 1, 1));
  grant(ws, "mint", writ_new_function(vm, "mint", mint, 0, 0));
  grant(ws, "secret", writ_new_string(vm, secret, strlen(secret)));
  printf("eval %d\n", (int)writ_eval(ws, "main", script, strlen(script), 0));

  FILE *f = fopen("rw/hello.txt", "r");
  char got[16] = "";
  if (f) {
    if (!fgets(got, sizeof got, f)) got[0] = '\0';
    fclose(f);
  }
  printf("rw/hello.txt: %s; data/new.txt exists: %d\n", got, (f = fopen("data/new.txt", "r")) != NULL);
  if (f) fclose(f);

  /* A Dir nobody holds is closed by the collector. */
  writ_collect(vm); /* first the script's garbage (its sub() Dirs, ...) */
  int before = count_fds();
  WritHandle *tmp = writ_new_dir(vm, "data", 0);
  int held = count_fds() - before;
  writ_release(tmp);
  writ_collect(vm);
  printf("held +%d, after release and collect +%d\n", held, count_fds() - before);
  printf("open before free +%d\n", count_fds() - fds0);
  writ_vm_free(vm);
  printf("open after free +%d\n", count_fds() - fds0);
  return 0;
}
