/* The File capability: single-file grants (--allow-read=notes.txt) and
 * sys.file(path). A File holds its parent directory's descriptor and the
 * file's name in it, and opens that one name with O_NOFOLLOW every time:
 * no other name, no parent, no symlink, so it reaches that file and
 * nothing else. Host paths stay here; scripts and messages see the path
 * the script gave sys.file. Built on the public API alone, like dir.c. */
#define _GNU_SOURCE
#include "stdlib/host/file.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "include/writ.h"
#include "stdlib/host/dir.h"
#include "stdlib/host/host.h"
#include "stdlib/host/intake.h"

enum { F_READ = 1, F_WRITE = 2 };

/* ---------------------------------------------------------------- Files */

#define FILE_MAGIC 0x46696c65u /* "File": set once the data is initialized */

typedef struct {
  uint32_t magic;
  int rights;
  int parent;  /* the directory holding the file (O_PATH), -1 until opened */
  char *name;  /* the file's name in it: one component, not "." or ".." */
  char *shown; /* the path the script gave sys.file, for messages */
  char *hint;  /* what --allow-write= would make a read-only File
                  writable, NULL if the flag's path is not known */
} FileData;

static void file_finalize(void *data) {
  FileData *f = data;
  if (f->magic != FILE_MAGIC) return;
  if (f->parent >= 0) close(f->parent);
  free(f->name);
  free(f->shown);
  free(f->hint);
}

static FileData *self(WritCall *call, const char *m) {
  FileData *f = writ_self_data(call);
  if (!f || f->magic != FILE_MAGIC) {
    writ_return_error(call, "File.%s: the receiver is not a File", m);
    return NULL;
  }
  return f;
}

/* "File.read: cannot read 'notes.txt': no such file or directory". */
static void fail(WritCall *call, FileData *f, const char *m, const char *verb, int err) {
  char buf[128];
  writ_return_error(call, "File.%s: cannot %s '%s': %s", m, verb, f->shown, dir_reason(err, buf, sizeof buf));
}

/* The file, by its one name beneath its parent, never through a symlink.
 * When the process runs out of descriptors, collect (closing those of
 * unreachable Files and Dirs) and try once more. */
static int file_open(WritCall *call, FileData *f, int flags) {
  flags |= O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
  int fd = openat(f->parent, f->name, flags, 0666);
  if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
    writ_collect(writ_call_vm(call));
    fd = openat(f->parent, f->name, flags, 0666);
  }
  return fd;
}

/* ---------------------------------------------------------------- reading */

/* The file's text (valid UTF-8) into *text, paid for as it is read, like
 * Dir.read. false: the call's error is set. */
static bool read_text(WritCall *call, FileData *f, const char *m, Intake *text) {
  int fd = file_open(call, f, O_RDONLY);
  if (fd < 0) {
    fail(call, f, m, "read", errno);
    return false;
  }
  struct stat st;
  int err = dir_regular(fd, &st);
  if (!err && st.st_size > HOST_MAX_TEXT) {
    close(fd);
    host_too_long(call);
    return false;
  }
  if (!err) err = intake_read_fd(call, fd, (size_t)st.st_size, text);
  close(fd);
  if (err > 0) fail(call, f, m, "read", err);
  if (err) return false;
  if (writ_utf8_valid(text->data, text->len)) return true;
  writ_return_error(call, "File.%s: '%s' is not valid UTF-8 text", m, f->shown);
  return false;
}

static void file_read(WritCall *call) {
  FileData *f = self(call, "read");
  Intake text = {NULL, 0, 0};
  if (f && read_text(call, f, "read", &text)) writ_return_string(call, text.data ? text.data : "", text.len);
  intake_free(&text);
}

/* Each line of s as a string of list l, split as the string method
 * lines() splits: at "\n" and "\r\n", a final newline starting no empty
 * line. Every line is paid for and reserved first. */
static bool push_lines(WritCall *call, WritHandle *l, const char *s, size_t len) {
  WritVM *vm = writ_call_vm(call);
  size_t lines = 0;
  for (const char *c = s; c && (c = memchr(c, '\n', len - (size_t)(c - s))); c++) lines++;
  if (!writ_charge(call, (double)(len / 8 + lines + 1)) || !writ_reserve(call, len + (lines + 1) * 48))
    return false;
  for (size_t pos = 0; pos < len;) {
    const char *nl = memchr(s + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - s) : len;
    size_t cut = nl && end > pos && s[end - 1] == '\r' ? end - 1 : end;
    WritHandle *h = writ_new_string(vm, s + pos, cut - pos);
    WritStatus st = h ? writ_list_push(l, h) : WRIT_ERR_MEMORY;
    writ_release(h);
    if (st != WRIT_OK) {
      writ_return_error(call, "out of memory");
      return false;
    }
    pos = end + 1;
  }
  return true;
}

static void file_read_lines(WritCall *call) {
  FileData *f = self(call, "readLines");
  Intake text = {NULL, 0, 0};
  if (f && read_text(call, f, "readLines", &text)) {
    WritHandle *l = writ_new_list(writ_call_vm(call));
    if (!l) writ_return_error(call, "out of memory");
    else if (push_lines(call, l, text.data ? text.data : "", text.len)) writ_return(call, l);
    writ_release(l);
  }
  intake_free(&text);
}

/* The file's size in bytes, from the entry itself: a symlink put in its
 * place is refused, as opening it would be. */
static void file_size(WritCall *call) {
  FileData *f = self(call, "size");
  if (!f) return;
  struct stat st;
  int err = fstatat(f->parent, f->name, &st, AT_SYMLINK_NOFOLLOW) != 0 ? errno : 0;
  if (!err && S_ISLNK(st.st_mode)) err = ELOOP;
  else if (!err && S_ISDIR(st.st_mode)) err = EISDIR;
  else if (!err && !S_ISREG(st.st_mode)) err = ENXIO;
  if (err) fail(call, f, "size", "read", err);
  else writ_return_number(call, (double)st.st_size);
}

/* ---------------------------------------------------------------- writing */

/* write and append: only with --allow-write for this file (or -A). The
 * file is created again if it was removed; it must be a regular file. */
static void put(WritCall *call, const char *m, bool append) {
  FileData *f = self(call, m);
  if (!f) return;
  if (!(f->rights & F_WRITE)) {
    writ_return_error(call, "File.%s: this File is read-only (run with --allow-write=%s to allow changes)", m,
                      f->hint ? f->hint : "FILE");
    return;
  }
  size_t tlen;
  const char *text = writ_arg_string(call, 1, &tlen);
  if (!text || !writ_charge(call, (double)(tlen / 8 + 1))) return;
  const char *verb = append ? "append to" : "write";
  int fd = file_open(call, f, O_WRONLY | O_CREAT | (append ? O_APPEND : 0));
  int err = fd < 0 ? errno : dir_write_fd(fd, text, tlen, !append);
  if (err) fail(call, f, m, verb, err);
}

static void file_write(WritCall *call) { put(call, "write", false); }
static void file_append(WritCall *call) { put(call, "append", true); }

static const WritMethod file_methods[] = {
    {"read", file_read, 0, 0},     {"readLines", file_read_lines, 0, 0}, {"write", file_write, 1, 1},
    {"append", file_append, 1, 1}, {"size", file_size, 0, 0},            {NULL, NULL, 0, 0}};

/* ---------------------------------------------------------------- sys.file */

/* The granted files, opened when sys is granted: the host data of a hidden
 * object (class FileGrants) that sys.file holds, with the File class, as
 * its value. Each is its parent directory's descriptor and three strings
 * in the names that follow g[cap]: the file's real path (its parent's
 * resolved, then its name), the path as the command line gave it, and its
 * name. */
typedef struct {
  int fd; /* the parent directory, O_PATH */
  int rights;
  uint32_t real, typed, name;
} FileGrant;

typedef struct {
  int n; /* grants whose descriptor is open: the finalizer closes them */
  int cap;
  bool all; /* -A: any file */
  FileGrant g[];
} FileGrants;

static void grants_finalize(void *data) {
  FileGrants *gs = data;
  for (int i = 0; i < gs->n; i++) close(gs->g[i].fd);
}

static const char *gstr(const FileGrants *gs, uint32_t off) { return (const char *)(gs->g + gs->cap) + off; }

/* Splits path into its parent directory (into dir, "." if none) and its
 * last name; NULL if there is no name ("", "a/", ".", "..") or it is too
 * long. */
static const char *split(const char *path, char *dir) {
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  size_t dlen = slash ? (size_t)(slash - path) : 0;
  if (!*name || !strcmp(name, ".") || !strcmp(name, "..") || dlen >= PATH_MAX) return NULL;
  if (!slash) strcpy(dir, ".");
  else if (dlen == 0) strcpy(dir, "/");
  else {
    memcpy(dir, path, dlen);
    dir[dlen] = '\0';
  }
  return name;
}

/* path's real form, its parent resolved (symlinks included) and its last
 * name as it is: how grants and sys.file's argument are compared. */
static bool real_file_path(const char *path, char *out) {
  char dir[PATH_MAX], rdir[PATH_MAX];
  const char *name = split(path, dir);
  if (!name || !realpath(dir, rdir)) return false;
  size_t dl = strlen(rdir), nl = strlen(name);
  if (dl + 1 + nl >= PATH_MAX) return false;
  memcpy(out, rdir, dl);
  out[dl] = '/';
  if (dl == 1) dl = 0; /* the root: "/name" */
  memcpy(out + dl + 1, name, nl + 1);
  return true;
}

/* The grant path names: the path as granted or the same file spelled
 * otherwise (the one with the most rights if several do); else, for a
 * bare name, the grant of that name. -1 if none; -2 if the bare name is
 * the name of two different granted files. */
static int find_grant(const FileGrants *gs, const char *p) {
  char real[PATH_MAX];
  bool resolved = real_file_path(p, real);
  int best = -1;
  for (int i = 0; i < gs->n; i++) {
    const FileGrant *g = &gs->g[i];
    bool same = !strcmp(gstr(gs, g->typed), p) || (resolved && !strcmp(gstr(gs, g->real), real));
    if (same && (best < 0 || g->rights > gs->g[best].rights)) best = i;
  }
  if (best >= 0 || strchr(p, '/')) return best;
  for (int i = 0; i < gs->n; i++) {
    const FileGrant *g = &gs->g[i];
    if (strcmp(gstr(gs, g->name), p) != 0) continue;
    if (best >= 0 && strcmp(gstr(gs, g->real), gstr(gs, gs->g[best].real)) != 0) return -2;
    if (best < 0 || g->rights > gs->g[best].rights) best = i;
  }
  return best;
}

/* A new File of class k into the call's result, owning parent (closed
 * here if the File cannot be made). */
static void new_file(WritCall *call, WritHandle *k, int rights, int parent, const char *name, const char *shown,
                     const char *hint) {
  void *data = NULL;
  WritHandle *h = writ_new_object(k, &data);
  FileData *f = data;
  if (!h) {
    close(parent);
    writ_return_error(call, "out of memory");
    return;
  }
  f->parent = parent;
  f->rights = rights;
  f->name = strdup(name);
  f->shown = strdup(shown);
  f->hint = hint ? strdup(hint) : NULL;
  f->magic = FILE_MAGIC; /* from here the finalizer closes parent */
  if (!f->name || !f->shown) writ_return_error(call, "out of memory");
  else writ_return(call, h);
  writ_release(h);
}

/* A File for granted file i. The hint for a read-only one is the path as
 * the command line gave it, unless that is an absolute path the script did
 * not write itself (a host path it may not know). */
static void open_granted(WritCall *call, WritHandle *k, const FileGrants *gs, int i, const char *p) {
  const FileGrant *g = &gs->g[i];
  const char *typed = gstr(gs, g->typed);
  const char *hint = typed[0] != '/' || !strcmp(typed, p) ? typed : NULL;
  int fd = fcntl(g->fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
    writ_collect(writ_call_vm(call));
    fd = fcntl(g->fd, F_DUPFD_CLOEXEC, 0);
  }
  if (fd < 0) writ_return_error(call, "sys.file: cannot open '%s': %s", p, strerror(errno));
  else new_file(call, k, g->rights, fd, gstr(gs, g->name), p, (g->rights & F_WRITE) ? NULL : hint);
}

/* With -A: any path whose last name is a regular file or nothing yet
 * (write creates it); never a symlink, a directory or a device. */
static void open_any(WritCall *call, WritHandle *k, const char *p) {
  char dir[PATH_MAX], buf[128];
  const char *name = split(p, dir);
  if (!name) {
    writ_return_error(call, "sys.file: '%s' does not name a file", p);
    return;
  }
  int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  struct stat st;
  int err = fd < 0 ? errno : fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ? errno : 0;
  if (err && (fd < 0 || err != ENOENT)) writ_return_error(call, "sys.file: cannot open '%s': %s", p, dir_reason(err, buf, sizeof buf));
  else if (!err && S_ISLNK(st.st_mode)) writ_return_error(call, "sys.file: '%s' is a symlink (sys.file does not follow links)", p);
  else if (!err && !S_ISREG(st.st_mode)) writ_return_error(call, "sys.file: '%s' is not a regular file", p);
  else {
    new_file(call, k, F_READ | F_WRITE, fd, name, p, NULL);
    return;
  }
  if (fd >= 0) close(fd);
}

/* sys.file(path): a File for a file granted on its own, named as it was
 * granted, as another spelling of the same path, or by its bare name. */
static void sys_file(WritCall *call) {
  size_t plen;
  const char *p = writ_arg_string(call, 1, &plen);
  if (!p) return;
  if (plen == 0 || memchr(p, '\0', plen) || plen >= PATH_MAX) {
    writ_return_error(call, !plen ? "sys.file: empty path"
                            : plen >= PATH_MAX ? "sys.file: the path is too long"
                                               : "sys.file: the path contains a NUL byte");
    return;
  }
  WritHandle *v = writ_function_value(call);
  WritHandle *k = writ_list_get(v, 0), *grants = writ_list_get(v, 1);
  FileGrants *gs = writ_object_data(grants);
  int i = gs ? find_grant(gs, p) : -1;
  if (!k || !gs) writ_return_error(call, "sys.file: bad receiver");
  else if (i >= 0) open_granted(call, k, gs, i, p);
  else if (gs->all) open_any(call, k, p);
  else if (i == -2) writ_return_error(call, "sys.file: '%s' is the name of more than one granted file (give its path)", p);
  else writ_return_error(call, "sys.file: '%s' is not granted (run with --allow-read=%s)", p, p);
  writ_release(grants);
  writ_release(k);
  writ_release(v);
}

/* ---------------------------------------------------------------- granting */

/* Grant time: a granted file's rights byte, then its real path, the path
 * as given and its name, each NUL-terminated, appended to *names (*n
 * counts them). Directories are skipped (dir.c's). false if the file
 * cannot be used or memory ran out (*oom). */
static bool collect(char **names, size_t *len, int *n, const char *path, int rights, bool *oom) {
  if (!dir_is_file_grant(path)) return true;
  char real[PATH_MAX], dir[PATH_MAX];
  const char *name = split(path, dir);
  if (!name || !real_file_path(path, real)) return false;
  size_t rn = strlen(real) + 1, tn = strlen(path) + 1, nn = strlen(name) + 1;
  char *p = realloc(*names, *len + 1 + rn + tn + nn);
  if (!p) {
    *oom = true;
    return false;
  }
  p[*len] = (char)rights;
  memcpy(p + *len + 1, real, rn);
  memcpy(p + *len + 1 + rn, path, tn);
  memcpy(p + *len + 1 + rn + tn, name, nn);
  *names = p;
  *len += 1 + rn + tn + nn;
  (*n)++;
  return true;
}

/* Opens the parents of the n files names holds (collect's format) into gs,
 * each checked to hold the name as a regular file, not a symlink. false if
 * one cannot be used (those opened are closed again). */
static bool open_grants(FileGrants *gs, const char *src, size_t len, int n) {
  gs->cap = n;
  char *names = (char *)(gs->g + n);
  if (len) memcpy(names, src, len);
  uint32_t off = 0;
  for (int i = 0; i < n; i++) {
    FileGrant *g = &gs->g[i];
    g->rights = (unsigned char)names[off];
    g->real = off + 1;
    g->typed = g->real + (uint32_t)strlen(names + g->real) + 1;
    g->name = g->typed + (uint32_t)strlen(names + g->typed) + 1;
    off = g->name + (uint32_t)strlen(names + g->name) + 1;
    char dir[PATH_MAX];
    struct stat st;
    g->fd = split(names + g->typed, dir) ? open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
    if (g->fd >= 0) gs->n = i + 1; /* from here the finalizer closes it */
    if (g->fd < 0 || fstatat(g->fd, names + g->name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
      grants_finalize(gs);
      gs->n = 0;
      return false;
    }
  }
  return true;
}

/* The File class, the grants object and the function's frozen value. */
static WritStatus make_parts(WritVM *vm, int n, size_t len, WritHandle **value, void **data) {
  WritHandle *k = writ_new_class(vm, "File", file_methods, sizeof(FileData), file_finalize);
  WritHandle *gk = writ_new_class(vm, "FileGrants", NULL, sizeof(FileGrants) + (size_t)n * sizeof(FileGrant) + len,
                                  grants_finalize);
  WritHandle *grants = gk ? writ_new_object(gk, data) : NULL;
  *value = writ_new_list(vm);
  WritStatus st = WRIT_OK;
  if (!k || !grants || !*value || writ_list_push(*value, k) != WRIT_OK || writ_list_push(*value, grants) != WRIT_OK ||
      writ_freeze(*value) != WRIT_OK)
    st = WRIT_ERR_MEMORY;
  writ_release(grants);
  writ_release(gk);
  writ_release(k);
  return st;
}

WritStatus file_function(WritVM *vm, const WritSysOptions *opt, WritHandle **out) {
  *out = NULL;
  char *names = NULL;
  size_t len = 0;
  int n = 0;
  bool oom = false, ok = true;
  for (int i = 0; ok && i < opt->nread; i++) ok = collect(&names, &len, &n, opt->allow_read[i], F_READ, &oom);
  for (int i = 0; ok && i < opt->nwrite; i++)
    ok = collect(&names, &len, &n, opt->allow_write[i], F_READ | F_WRITE, &oom);
  WritStatus st = ok ? WRIT_OK : oom ? WRIT_ERR_MEMORY : WRIT_ERR_USAGE;
  WritHandle *value = NULL;
  void *data = NULL;
  if (st == WRIT_OK) st = make_parts(vm, n, len, &value, &data);
  /* Open last: from then on the grants' finalizer closes what was opened. */
  if (st == WRIT_OK && !open_grants(data, names, len, n)) st = WRIT_ERR_USAGE;
  if (st == WRIT_OK) ((FileGrants *)data)->all = opt->allow_all_dirs != 0;
  if (st == WRIT_OK && !(*out = writ_new_function_with(vm, "file", sys_file, 1, 1, value))) st = WRIT_ERR_MEMORY;
  writ_release(value);
  free(names);
  return st;
}
