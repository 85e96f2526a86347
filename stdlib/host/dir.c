/* The Dir capability: sys.dir(path) and the Dir host class. A Dir holds a
 * directory descriptor and its rights (read, or read and write); every path
 * a script names is opened beneath that descriptor (beneath.c), so `..`,
 * absolute paths and symlinks cannot lead out of it. Host paths stay in C
 * memory: scripts and error messages only see the paths scripts wrote.
 * Built on the public API alone (a host class with a finalizer that closes
 * the descriptor). Errors are set with writ_return_error and raised when
 * the method returns, so every method closes what it opened first. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "stdlib/host/dir.h"
#include "include/writ.h"
#include "stdlib/host/beneath.h"
#include "stdlib/host/host.h"
#include "stdlib/host/intake.h"

enum { R_READ = 1, R_WRITE = 2 };

/* ---------------------------------------------------------------- Dirs */

#define DIR_MAGIC 0x44697221u /* "Dir!": set once the data is initialized */

typedef struct {
  uint32_t magic;
  int rights;
  Beneath bn; /* bn.root: the directory (O_PATH), -1 until opened */
  char *hint; /* malloc'd: what --allow-write= would make a read-only Dir
                 writable (from a read-only grant), NULL if no flag would */
} DirData;

static void dir_finalize(void *data) {
  DirData *d = data;
  if (d->magic != DIR_MAGIC) return;
  if (d->bn.root >= 0) close(d->bn.root);
  free(d->hint);
}

/* A new Dir of class k without a descriptor (NULL if memory ran out):
 * callers make it first and open after, so a descriptor never belongs to
 * nobody. */
static WritHandle *dir_object(WritHandle *k, int rights, bool noOpenat2, DirData **out) {
  void *data = NULL;
  WritHandle *h = k ? writ_new_object(k, &data) : NULL;
  if (!h) return NULL;
  DirData *d = data;
  d->bn.root = -1;
  d->bn.noOpenat2 = noOpenat2;
  d->rights = rights;
  d->hint = NULL;
  d->magic = DIR_MAGIC;
  *out = d;
  return h;
}

/* dir_object inside a method, where running out of memory is the call's
 * error. */
static WritHandle *dir_new(WritCall *call, WritHandle *k, int rights, bool noOpenat2, DirData **out) {
  WritHandle *h = dir_object(k, rights, noOpenat2, out);
  if (!h) writ_return_error(call, "out of memory");
  return h;
}

/* A new Dir of the receiver's class (sub, readonly). */
static WritHandle *dir_like_self(WritCall *call, int rights, bool noOpenat2, DirData **out) {
  WritHandle *me = writ_arg(call, 0);
  WritHandle *k = writ_class_of(me);
  WritHandle *h = dir_new(call, k, rights, noOpenat2, out);
  writ_release(k);
  writ_release(me);
  return h;
}

static DirData *self(WritCall *call, const char *m) {
  DirData *d = writ_self_data(call);
  if (!d || d->magic != DIR_MAGIC) {
    writ_return_error(call, "Dir.%s: the receiver is not a Dir", m);
    return NULL;
  }
  return d;
}

/* The collector counts memory, not descriptors: when the process runs out
 * of descriptors, collect (closing those of unreachable Dirs) and try once
 * more. What the caller made and still needs is held by handles. */
static int open_beneath(WritCall *call, Beneath *bn, const char *path, int flags, mode_t mode) {
  int fd = beneath_open(bn, path, flags, mode);
  if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
    writ_collect(writ_call_vm(call));
    fd = beneath_open(bn, path, flags, mode);
  }
  return fd;
}

/* ---------------------------------------------------------------- errors */

/* The reason for a message. ENXIO doubles as "not a regular file": it is
 * what opening a FIFO without a reader or an absent device answers. */
const char *dir_reason(int err, char *buf, size_t cap) {
  switch (err) {
  case ELOOP: return "too many levels of symlinks, or a symlink that is not followed";
  case EAGAIN: return "the directory kept changing during the lookup";
  case ENXIO: return "not a regular file";
  default: break;
  }
  snprintf(buf, cap, "%s", strerror(err));
  if (buf[0] >= 'A' && buf[0] <= 'Z') buf[0] = (char)(buf[0] - 'A' + 'a');
  return buf;
}

/* "Dir.read: cannot read 'a/b.txt': no such file or directory". The path
 * is the one the script wrote, never the host's. */
static void fail(WritCall *call, const char *m, const char *verb, const char *path, int err) {
  char buf[128];
  if (err == EXDEV) writ_return_error(call, "Dir.%s: '%s' escapes the directory", m, path);
  else writ_return_error(call, "Dir.%s: cannot %s '%s': %s", m, verb, path, dir_reason(err, buf, sizeof buf));
}

/* A Dir from a read-only grant names the flag that would allow the
 * change; one made with readonly(), or minted read-only by a host, has no
 * flag to name. */
static bool writable(WritCall *call, DirData *d, const char *m) {
  if (d->rights & R_WRITE) return true;
  if (d->hint)
    writ_return_error(call, "Dir.%s: this Dir is read-only (run with --allow-write=%s to allow changes)", m, d->hint);
  else
    writ_return_error(call, "Dir.%s: this Dir is read-only", m);
  return false;
}

/* Every path: a non-empty string without NUL bytes, relative to the Dir.
 * (The kernel refuses absolute paths too; this says so clearly.) */
static const char *arg_path(WritCall *call, int i, const char *m, size_t *len) {
  const char *p = writ_arg_string(call, i, len);
  if (!p) return NULL;
  if (*len == 0) writ_return_error(call, "Dir.%s: empty path", m);
  else if (memchr(p, '\0', *len)) writ_return_error(call, "Dir.%s: the path contains a NUL byte", m);
  else if (p[0] == '/') writ_return_error(call, "Dir.%s: '%s': absolute paths are not allowed", m, p);
  else if (*len >= PATH_MAX) fail(call, m, "use", p, ENAMETOOLONG);
  else return p;
  return NULL;
}

/* read, write and append name a file: "a/" can only be a directory. */
static bool file_path(WritCall *call, const char *p, size_t len, const char *m) {
  if (p[len - 1] != '/') return true;
  writ_return_error(call, "Dir.%s: '%s': a file's path cannot end with '/'", m, p);
  return false;
}

/* What is created or removed must be named: "x/.." or "." would mean a
 * directory's parent or the directory itself. Sets the name's offset and
 * length; false (the call's error set) if there is no name. */
static bool last_name(WritCall *call, const char *p, size_t len, const char *m, size_t *start, size_t *n) {
  size_t end = len;
  while (end > 1 && p[end - 1] == '/') end--;
  size_t s = end;
  while (s > 0 && p[s - 1] != '/') s--;
  *start = s;
  *n = end - s;
  if ((*n == 1 && p[s] == '.') || (*n == 2 && !memcmp(p + s, "..", 2))) {
    writ_return_error(call, "Dir.%s: '%s': the path must end with a name", m, p);
    return false;
  }
  return true;
}

/* For mkdir and remove: opens the directory holding the path's last name
 * (beneath the Dir) and copies the name to last. -1 (the call's error
 * set) on failure. */
static int open_parent(WritCall *call, DirData *d, const char *p, size_t len, const char *m, const char *verb,
                       char *last) {
  size_t start, n;
  if (!last_name(call, p, len, m, &start, &n)) return -1;
  memcpy(last, p + start, n);
  last[n] = '\0';
  char parent[PATH_MAX];
  memcpy(parent, p, start);
  parent[start] = '\0';
  int fd = open_beneath(call, &d->bn, start ? parent : ".", O_PATH | O_DIRECTORY, 0);
  if (fd < 0) fail(call, m, verb, p, errno);
  return fd;
}

/* 0 for a regular file, else an errno-style reason. Opening with
 * O_NONBLOCK and then refusing FIFOs and devices here means a script can
 * neither hang on one nor stream one. */
int dir_regular(int fd, struct stat *st) {
  if (fstat(fd, st) != 0) return errno;
  if (S_ISDIR(st->st_mode)) return EISDIR;
  if (!S_ISREG(st->st_mode)) return ENXIO;
  return 0;
}

/* ---------------------------------------------------------------- files */

static void dir_read(WritCall *call) {
  DirData *d = self(call, "read");
  size_t plen;
  const char *p = d ? arg_path(call, 1, "read", &plen) : NULL;
  if (!p || !file_path(call, p, plen, "read")) return;
  int fd = open_beneath(call, &d->bn, p, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0) {
    fail(call, "read", "read", p, errno);
    return;
  }
  struct stat st;
  int err = dir_regular(fd, &st);
  if (!err && st.st_size > HOST_MAX_TEXT) {
    close(fd);
    host_too_long(call);
    return;
  }
  Intake text = {NULL, 0, 0};
  if (!err) err = intake_read_fd(call, fd, (size_t)st.st_size, &text);
  close(fd);
  if (err > 0) fail(call, "read", "read", p, err);
  if (!err) {
    if (!writ_utf8_valid(text.data, text.len)) writ_return_error(call, "Dir.read: '%s' is not valid UTF-8 text", p);
    else writ_return_string(call, text.data ? text.data : "", text.len);
  }
  intake_free(&text);
}

int dir_write_fd(int fd, const char *text, size_t n, bool truncate) {
  struct stat st;
  int err = dir_regular(fd, &st);
  if (!err && truncate && ftruncate(fd, 0) != 0) err = errno;
  for (size_t done = 0; !err && done < n;) {
    ssize_t w = write(fd, text + done, n - done);
    if (w < 0 && errno != EINTR) err = errno;
    else if (w == 0) err = EIO;
    else if (w > 0) done += (size_t)w;
  }
  if (close(fd) != 0 && !err && errno != EINTR) err = errno;
  return err;
}

/* write and append: the file is created if missing, and must be a regular
 * file (checked before it is truncated). */
static void put(WritCall *call, const char *m, bool append) {
  DirData *d = self(call, m);
  if (!d || !writable(call, d, m)) return;
  size_t plen, start, n, tlen;
  const char *p = arg_path(call, 1, m, &plen);
  if (!p || !file_path(call, p, plen, m) || !last_name(call, p, plen, m, &start, &n)) return;
  const char *text = writ_arg_string(call, 2, &tlen);
  if (!text) return;
  const char *verb = append ? "append to" : "write";
  if (!writ_charge(call, (double)(tlen / 8 + 1))) return;
  int flags = O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY | (append ? O_APPEND : 0);
  int fd = open_beneath(call, &d->bn, p, flags, 0666);
  if (fd < 0) {
    fail(call, m, verb, p, errno);
    return;
  }
  int err = dir_write_fd(fd, text, tlen, !append);
  if (err) fail(call, m, verb, p, err);
}

static void dir_write(WritCall *call) { put(call, "write", false); }
static void dir_append(WritCall *call) { put(call, "append", true); }

static void dir_exists(WritCall *call) {
  DirData *d = self(call, "exists");
  size_t plen;
  const char *p = d ? arg_path(call, 1, "exists", &plen) : NULL;
  if (!p) return;
  int fd = open_beneath(call, &d->bn, p, O_PATH, 0);
  if (fd >= 0) {
    close(fd);
    writ_return_bool(call, 1);
  } else if (errno == ENOENT || errno == ENOTDIR) {
    writ_return_bool(call, 0);
  } else {
    fail(call, "exists", "check", p, errno);
  }
}

/* A file, a symlink (the link itself: remove never follows the last
 * name), or an empty directory; "a/" only a directory. */
static void dir_remove(WritCall *call) {
  DirData *d = self(call, "remove");
  if (!d || !writable(call, d, "remove")) return;
  size_t plen;
  const char *p = arg_path(call, 1, "remove", &plen);
  if (!p) return;
  bool dirOnly = p[plen - 1] == '/';
  char last[PATH_MAX];
  int pfd = open_parent(call, d, p, plen, "remove", "remove", last);
  if (pfd < 0) return;
  int r = unlinkat(pfd, last, dirOnly ? AT_REMOVEDIR : 0);
  if (r != 0 && !dirOnly && errno == EISDIR) r = unlinkat(pfd, last, AT_REMOVEDIR);
  int err = r != 0 ? errno : 0;
  close(pfd);
  if (err) fail(call, "remove", "remove", p, err);
}

static void dir_mkdir(WritCall *call) {
  DirData *d = self(call, "mkdir");
  if (!d || !writable(call, d, "mkdir")) return;
  size_t plen;
  const char *p = arg_path(call, 1, "mkdir", &plen);
  if (!p) return;
  char last[PATH_MAX];
  int pfd = open_parent(call, d, p, plen, "mkdir", "create", last);
  if (pfd < 0) return;
  int err = mkdirat(pfd, last, 0777) != 0 ? errno : 0;
  close(pfd);
  if (err) fail(call, "mkdir", "create", p, err);
}

/* ---------------------------------------------------------------- stat */

/* The entry p names itself, never followed if it is a symlink: its parent
 * is opened beneath the Dir (where symlinks inside are followed, as by
 * every method) and the last name looked at with AT_SYMLINK_NOFOLLOW. A
 * path ending in "." or ".." names a directory, opened whole. "a/" must be
 * a directory (a symlink is not one: the slash is not allowed to follow
 * it). 0, or an errno (EXDEV: p escapes the Dir). */
static int entry_stat(WritCall *call, DirData *d, const char *p, size_t len, struct stat *st) {
  char buf[PATH_MAX];
  memcpy(buf, p, len + 1);
  bool dirOnly = false;
  while (len > 1 && buf[len - 1] == '/') {
    buf[--len] = '\0';
    dirOnly = true;
  }
  char *slash = strrchr(buf, '/');
  const char *name = slash ? slash + 1 : buf;
  bool whole = !strcmp(name, ".") || !strcmp(name, "..");
  if (slash && !whole) *slash = '\0';
  int fd = open_beneath(call, &d->bn, whole ? buf : slash ? buf : ".", O_PATH | O_DIRECTORY, 0);
  if (fd < 0) return errno;
  int err = (whole ? fstat(fd, st) : fstatat(fd, name, st, AT_SYMLINK_NOFOLLOW)) != 0 ? errno : 0;
  close(fd);
  if (!err && dirOnly && !S_ISDIR(st->st_mode)) err = ENOTDIR;
  return err;
}

static const char *kind_of(mode_t mode) {
  return S_ISREG(mode) ? "file" : S_ISDIR(mode) ? "dir" : S_ISLNK(mode) ? "link" : "other";
}

/* Sets key of map m to h (which it releases); false if h is NULL or
 * memory ran out. */
static bool set_field(WritHandle *m, const char *key, WritHandle *h) {
  bool ok = h && writ_map_set(m, key, h) == WRIT_OK;
  writ_release(h);
  return ok;
}

/* stat(path) -> {kind, size, mtime} of the entry itself: a symlink is
 * "link" (its size 0: where it points is not told), never followed. */
static void dir_stat(WritCall *call) {
  DirData *d = self(call, "stat");
  size_t plen;
  const char *p = d ? arg_path(call, 1, "stat", &plen) : NULL;
  if (!p) return;
  struct stat st;
  int err = entry_stat(call, d, p, plen, &st);
  if (err) {
    fail(call, "stat", "stat", p, err);
    return;
  }
  const char *kind = kind_of(st.st_mode);
  double size = S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) ? (double)st.st_size : 0;
  double mtime = (double)st.st_mtim.tv_sec + (double)st.st_mtim.tv_nsec / 1e9;
  WritVM *vm = writ_call_vm(call);
  WritHandle *m = writ_new_map(vm);
  bool ok = m && set_field(m, "kind", writ_new_string(vm, kind, strlen(kind))) &&
            set_field(m, "size", writ_new_number(vm, size)) && set_field(m, "mtime", writ_new_number(vm, mtime));
  if (ok) writ_return(call, m);
  else writ_return_error(call, "out of memory");
  writ_release(m);
}

/* isDir and isFile: whether the entry itself is one (a symlink is
 * neither); false when nothing is there, an error when the path escapes. */
static void is_kind(WritCall *call, const char *m, mode_t kind) {
  DirData *d = self(call, m);
  size_t plen;
  const char *p = d ? arg_path(call, 1, m, &plen) : NULL;
  if (!p) return;
  struct stat st;
  int err = entry_stat(call, d, p, plen, &st);
  if (!err) writ_return_bool(call, (st.st_mode & S_IFMT) == kind);
  else if (err == ENOENT || err == ENOTDIR) writ_return_bool(call, 0);
  else fail(call, m, "check", p, err);
}

static void dir_is_dir(WritCall *call) { is_kind(call, "isDir", S_IFDIR); }
static void dir_is_file(WritCall *call) { is_kind(call, "isFile", S_IFREG); }

/* ---------------------------------------------------------------- listing */

/* What getdents64 returns, one record after another. */
typedef struct {
  uint64_t ino;
  int64_t off;
  unsigned short reclen;
  unsigned char type;
  char name[];
} Dirent64;

/* walk() descends at most this many directories below where it starts,
 * and returns at most this many paths: a tree deeper or larger than that
 * (a bind mount looping back, a directory of millions) is an error, not an
 * hour of work. The memory and fuel budgets still apply below them; the
 * depth also bounds the descriptors open at once and a path's length. */
#define WALK_MAX_DEPTH 64
#define WALK_MAX_ENTRIES 100000

typedef struct {
  char **v;
  size_t n, cap;
  size_t bytes; /* what the list of them will take on the VM's heap */
  size_t max;   /* names it may hold: past that, walk's limit is exceeded */
} Names;

/* A guess at a name's cost on the heap beyond its bytes: a string object
 * and a list slot. It need not be exact, only proportional, so that a
 * directory of millions of names stops at the memory budget. */
#define NAME_OVERHEAD 48

static void names_free(Names *ns) {
  for (size_t i = 0; i < ns->n; i++) free(ns->v[i]);
  free(ns->v);
}

/* By their bytes (names hold no NUL: strcmp compares as unsigned char). */
static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keeps a copy of s (len bytes) in ns: paid for (fuel) and asked of the
 * memory budget (its bytes and a string object's, for the list it will
 * become) first. false: the call's error is set. */
static bool names_push(WritCall *call, Names *ns, const char *s, size_t len, const char *m) {
  if (ns->n >= ns->max) {
    writ_return_error(call, "Dir.%s: more than %d entries (the limit)", m, WALK_MAX_ENTRIES);
    return false;
  }
  ns->bytes += len + NAME_OVERHEAD;
  if (!writ_charge(call, (double)(len / 8 + 1)) || !writ_reserve(call, ns->bytes)) return false;
  if (ns->n == ns->cap) {
    size_t ncap = ns->cap ? ns->cap * 2 : 16;
    char **v = realloc(ns->v, sizeof *v * ncap);
    if (!v) {
      writ_return_error(call, "out of memory");
      return false;
    }
    ns->v = v;
    ns->cap = ncap;
  }
  if (!(ns->v[ns->n] = strndup(s, len))) {
    writ_return_error(call, "out of memory");
    return false;
  }
  ns->n++;
  return true;
}

/* Adds one getdents64 batch's names (not "." or "..") to ns. false: the
 * call's error is set. */
static bool add_names(WritCall *call, Names *ns, const char *buf, long n, const char *m, const char *path) {
  for (long off = 0; off < n;) {
    unsigned short reclen;
    memcpy(&reclen, buf + off + offsetof(Dirent64, reclen), sizeof reclen);
    const char *name = buf + off + offsetof(Dirent64, name);
    off += reclen;
    size_t len = strlen(name);
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.')) continue;
    if (!writ_utf8_valid(name, len)) {
      writ_return_error(call, "Dir.%s: '%s' holds a name that is not valid UTF-8", m, path);
      return false;
    }
    if (!names_push(call, ns, name, len, m)) return false;
  }
  return true;
}

/* Every name in the directory fd (read to its end) into ns, sorted by
 * their bytes; path is the directory as messages name it. false: the
 * call's error is set. */
static bool read_names(WritCall *call, int fd, Names *ns, const char *m, const char *path) {
  uint64_t buf[1024]; /* 8 KiB, aligned for the records */
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      fail(call, m, "list", path, errno);
      return false;
    }
    if (n == 0) break;
    if (!add_names(call, ns, (const char *)buf, n, m, path)) return false;
  }
  if (ns->n > 1) qsort(ns->v, ns->n, sizeof *ns->v, compare_names);
  return true;
}

/* ns as a list of strings, the call's result. */
static void return_names(WritCall *call, const Names *ns) {
  WritVM *vm = writ_call_vm(call);
  WritHandle *l = writ_new_list(vm);
  for (size_t i = 0; l && i < ns->n; i++) {
    WritHandle *s = writ_new_string(vm, ns->v[i], strlen(ns->v[i]));
    WritStatus st = s ? writ_list_push(l, s) : WRIT_ERR_MEMORY;
    writ_release(s);
    if (st != WRIT_OK) {
      writ_release(l);
      l = NULL;
    }
  }
  if (l) writ_return(call, l);
  else writ_return_error(call, "out of memory");
  writ_release(l);
}

/* The names in a directory (the Dir itself without a path), sorted by
 * their bytes. */
static void dir_list(WritCall *call) {
  DirData *d = self(call, "list");
  if (!d) return;
  const char *path = ".";
  size_t plen;
  if (writ_arg_count(call) >= 1 && !(path = arg_path(call, 1, "list", &plen))) return;
  int fd = open_beneath(call, &d->bn, path, O_RDONLY | O_DIRECTORY | O_NONBLOCK, 0);
  if (fd < 0) {
    fail(call, "list", "list", path, errno);
    return;
  }
  Names ns = {NULL, 0, 0, 0, SIZE_MAX};
  bool ok = read_names(call, fd, &ns, "list", path);
  close(fd);
  if (ok) return_names(call, &ns);
  names_free(&ns);
}

/* ---------------------------------------------------------------- walk */

typedef struct {
  WritCall *call;
  Names out;   /* the paths, in order */
  size_t plen; /* path[0..plen): the current directory, "" or "a/b/" */
  char path[(WALK_MAX_DEPTH + 2) * 256]; /* names are at most 255 bytes */
} Walk;

static bool walk_dir(Walk *w, int fd, int depth);

/* Descends into the directory name of fd (whose path is w->path): opened
 * by that one name, never through a symlink (O_NOFOLLOW), so the walk
 * cannot leave the directory it started in. One that changed into
 * something else since it was listed is listed, not entered. */
static bool walk_into(Walk *w, int fd, const char *name, int depth) {
  if (depth > WALK_MAX_DEPTH) {
    writ_return_error(w->call, "Dir.walk: '%s' is more than %d directories deep (the limit)", w->path,
                      WALK_MAX_DEPTH);
    return false;
  }
  int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
  int sub = openat(fd, name, flags);
  if (sub < 0 && (errno == EMFILE || errno == ENFILE)) {
    writ_collect(writ_call_vm(w->call)); /* closes unreachable Dirs' descriptors */
    sub = openat(fd, name, flags);
  }
  if (sub < 0) {
    if (errno == ELOOP || errno == ENOTDIR || errno == ENOENT) return true;
    fail(w->call, "walk", "list", w->path, errno);
    return false;
  }
  size_t base = w->plen;
  w->path[w->plen++] = '/';
  w->path[w->plen] = '\0';
  bool ok = walk_dir(w, sub, depth);
  close(sub);
  w->plen = base;
  w->path[base] = '\0';
  return ok;
}

/* The entries of the directory fd, sorted: each one's path, then, for a
 * directory (not a symlink to one), what it holds. */
static bool walk_dir(Walk *w, int fd, int depth) {
  Names kids = {NULL, 0, 0, w->out.bytes, WALK_MAX_ENTRIES - w->out.n};
  const char *shown = w->plen ? w->path : ".";
  bool ok = read_names(w->call, fd, &kids, "walk", shown);
  size_t base = w->plen;
  for (size_t i = 0; ok && i < kids.n; i++) {
    size_t len = strlen(kids.v[i]);
    memcpy(w->path + base, kids.v[i], len + 1);
    w->plen = base + len;
    ok = names_push(w->call, &w->out, w->path, w->plen, "walk");
    struct stat st;
    if (ok && fstatat(fd, kids.v[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
      ok = walk_into(w, fd, kids.v[i], depth + 1);
  }
  w->plen = base;
  w->path[base] = '\0';
  names_free(&kids);
  return ok;
}

/* walk(path?): the paths of everything below the directory (the Dir, or
 * path in it), relative to it, depth first: each directory's entries
 * sorted by their bytes, a directory before what it holds. Symlinks are
 * listed, never followed. */
static void dir_walk(WritCall *call) {
  DirData *d = self(call, "walk");
  if (!d) return;
  const char *path = ".";
  size_t plen;
  if (writ_arg_count(call) >= 1 && !(path = arg_path(call, 1, "walk", &plen))) return;
  Walk *w = malloc(sizeof *w);
  if (!w) {
    writ_return_error(call, "out of memory");
    return;
  }
  int fd = open_beneath(call, &d->bn, path, O_RDONLY | O_DIRECTORY | O_NONBLOCK, 0);
  if (fd < 0) {
    fail(call, "walk", "list", path, errno);
    free(w);
    return;
  }
  w->call = call;
  w->out = (Names){NULL, 0, 0, 0, WALK_MAX_ENTRIES};
  w->plen = 0;
  w->path[0] = '\0';
  if (walk_dir(w, fd, 0)) return_names(call, &w->out);
  close(fd);
  names_free(&w->out);
  free(w);
}

/* ---------------------------------------------------------------- new Dirs */

/* A Dir for a directory beneath this one, with the same rights. */
static void dir_sub(WritCall *call) {
  DirData *d = self(call, "sub"), *n;
  size_t plen;
  const char *p = d ? arg_path(call, 1, "sub", &plen) : NULL;
  if (!p) return;
  WritHandle *out = dir_like_self(call, d->rights, d->bn.noOpenat2, &n);
  if (!out) return;
  int fd = open_beneath(call, &d->bn, p, O_PATH | O_DIRECTORY, 0);
  if (fd < 0) {
    if (errno == ENOTDIR) writ_return_error(call, "Dir.sub: '%s' is not a directory", p);
    else fail(call, "sub", "open", p, errno);
  } else {
    n->bn.root = fd;
    n->hint = d->hint ? strdup(d->hint) : NULL; /* NULL if memory ran out: no hint */
    writ_return(call, out);
  }
  writ_release(out);
}

/* The same directory with read rights only. There is no way back: no
 * method adds rights, and sub() keeps the ones it has. */
static void dir_readonly(WritCall *call) {
  DirData *d = self(call, "readonly"), *n;
  if (!d) return;
  WritHandle *out = dir_like_self(call, d->rights & R_READ, d->bn.noOpenat2, &n);
  if (!out) return;
  n->bn.root = fcntl(d->bn.root, F_DUPFD_CLOEXEC, 0);
  if (n->bn.root < 0 && (errno == EMFILE || errno == ENFILE)) {
    writ_collect(writ_call_vm(call)); /* out is held by its handle */
    n->bn.root = fcntl(d->bn.root, F_DUPFD_CLOEXEC, 0);
  }
  if (n->bn.root < 0) writ_return_error(call, "Dir.readonly: cannot duplicate the directory: %s", strerror(errno));
  else writ_return(call, out);
  writ_release(out);
}

static const WritMethod dir_methods[] = {
    {"read", dir_read, 1, 1},     {"write", dir_write, 2, 2},   {"append", dir_append, 2, 2},
    {"list", dir_list, 0, 1},     {"exists", dir_exists, 1, 1}, {"remove", dir_remove, 1, 1},
    {"mkdir", dir_mkdir, 1, 1},   {"sub", dir_sub, 1, 1},       {"readonly", dir_readonly, 0, 0},
    {"stat", dir_stat, 1, 1},     {"isDir", dir_is_dir, 1, 1},  {"isFile", dir_is_file, 1, 1},
    {"walk", dir_walk, 0, 1},     {NULL, NULL, 0, 0}};

/* ---------------------------------------------------------------- sys.dir */

/* The granted directories, resolved and opened when sys is granted: the
 * host data of a hidden object (class DirGrants) that sys.dir holds, with
 * the Dir class, as its value. Their host paths never leave this file. */
typedef struct {
  int fd;            /* the directory, O_PATH */
  int rights;
  uint32_t off, len; /* its real path in the names that follow g[cap] */
  uint32_t typed;    /* the path as the command line gave it, after it */
} Grant;

typedef struct {
  int n;   /* grants whose descriptor is open: the finalizer closes them */
  int cap;
  bool noOpenat2;
  Grant g[];
} Grants;

static void grants_finalize(void *data) {
  Grants *gs = data;
  for (int i = 0; i < gs->n; i++) close(gs->g[i].fd);
}

/* The grant path lies in, by whole components; the one with the most
 * rights if several do, then the deepest. -1 if none. */
static int best_grant(const Grants *gs, const char *path) {
  const char *names = (const char *)(gs->g + gs->cap);
  int best = -1;
  for (int i = 0; i < gs->n; i++) {
    const Grant *g = &gs->g[i];
    const char *root = names + g->off;
    bool under = g->len == 1 || (!strncmp(path, root, g->len) && (path[g->len] == '\0' || path[g->len] == '/'));
    if (!under) continue;
    if (best < 0 || g->rights > gs->g[best].rights ||
        (g->rights == gs->g[best].rights && g->len > gs->g[best].len))
      best = i;
  }
  return best;
}

/* The absolute form of a path that does not exist, without the file
 * system: the working directory joined, "." and ".." folded. Only used to
 * choose between "not granted" and "cannot open", so that a script learns
 * nothing about what exists outside its grants. */
static bool lexical_path(const char *path, char *out) {
  char tmp[PATH_MAX];
  size_t n = 0;
  if (path[0] != '/') {
    if (!getcwd(tmp, sizeof tmp)) return false;
    n = strlen(tmp);
    tmp[n++] = '/';
  }
  if (n + strlen(path) >= sizeof tmp) return false;
  strcpy(tmp + n, path);
  size_t o = 0;
  for (const char *s = tmp; *s;) {
    while (*s == '/') s++;
    const char *e = s;
    while (*e && *e != '/') e++;
    size_t len = (size_t)(e - s);
    if (len == 2 && s[0] == '.' && s[1] == '.') {
      while (o > 0 && out[o - 1] != '/') o--;
      if (o > 0) o--;
    } else if (len && !(len == 1 && s[0] == '.')) {
      out[o++] = '/';
      memcpy(out + o, s, len);
      o += len;
    }
    s = e;
  }
  if (o == 0) out[o++] = '/';
  out[o] = '\0';
  return true;
}

/* What --allow-write= would make a Dir from read-only grant g writable:
 * the path as the command line gave it, unless that is absolute (a host
 * path the script may not know), then the path the script gave sys.dir,
 * which names the same directory or one below. */
static char *grant_hint(const Grants *gs, const Grant *g, const char *p) {
  if (g->rights & R_WRITE) return NULL;
  const char *typed = (const char *)(gs->g + gs->cap) + g->typed;
  return strdup(typed[0] != '/' ? typed : p);
}

static void not_granted(WritCall *call, const char *p) {
  writ_return_error(call, "sys.dir: '%s' is not granted (run with --allow-read=%s)", p, p);
}

/* Opens what lies below grant i (rest) as a new Dir into the call's
 * result. */
static void open_granted(WritCall *call, WritHandle *dirClass, Grants *gs, int i, const char *rest,
                         const char *p) {
  char buf[128];
  DirData *d;
  WritHandle *out = dir_new(call, dirClass, gs->g[i].rights, gs->noOpenat2, &d);
  if (!out) return;
  Beneath bn = {gs->g[i].fd, gs->noOpenat2};
  int fd = open_beneath(call, &bn, *rest ? rest : ".", O_PATH | O_DIRECTORY, 0);
  int err = errno;
  gs->noOpenat2 = d->bn.noOpenat2 = bn.noOpenat2;
  if (fd < 0) {
    if (err == ENOTDIR) writ_return_error(call, "sys.dir: '%s' is not a directory", p);
    else if (err == EXDEV) writ_return_error(call, "sys.dir: '%s' escapes its grant", p);
    else writ_return_error(call, "sys.dir: cannot open '%s': %s", p, dir_reason(err, buf, sizeof buf));
  } else {
    d->bn.root = fd;
    d->hint = grant_hint(gs, &gs->g[i], p); /* NULL if memory ran out: no hint */
    writ_return(call, out);
  }
  writ_release(out);
}

/* sys.dir(path): path (relative to the working directory) is resolved,
 * matched against the grants by whole components, and what lies below the
 * grant is opened beneath the grant's descriptor. */
static void sys_dir(WritCall *call) {
  size_t plen;
  const char *p = writ_arg_string(call, 1, &plen);
  if (!p) return;
  char buf[128], real[PATH_MAX];
  if (plen == 0) {
    writ_return_error(call, "sys.dir: empty path");
    return;
  }
  if (memchr(p, '\0', plen)) {
    writ_return_error(call, "sys.dir: the path contains a NUL byte");
    return;
  }
  /* The function's value: a frozen list of the Dir class and the grants. */
  WritHandle *v = writ_function_value(call);
  WritHandle *dirClass = writ_list_get(v, 0), *grants = writ_list_get(v, 1);
  Grants *gs = writ_object_data(grants);
  if (!dirClass || !gs) {
    writ_return_error(call, "sys.dir: bad receiver");
  } else if (!realpath(p, real)) {
    int err = errno;
    if (!lexical_path(p, real) || best_grant(gs, real) < 0) not_granted(call, p);
    else writ_return_error(call, "sys.dir: cannot open '%s': %s", p, dir_reason(err, buf, sizeof buf));
  } else {
    int i = best_grant(gs, real);
    if (i < 0) {
      not_granted(call, p);
    } else {
      const char *rest = real + gs->g[i].len;
      while (*rest == '/') rest++;
      open_granted(call, dirClass, gs, i, rest, p);
    }
  }
  writ_release(grants);
  writ_release(dirClass);
  writ_release(v);
}

bool dir_is_file_grant(const char *path) {
  struct stat st;
  return path && lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Grant time: a granted directory's rights byte, then its real path and
 * the path as given, each NUL-terminated, appended to *names (*n counts
 * them). A single file is skipped: it is sys.file's (file.c). false if
 * the path cannot be used or memory ran out (*oom). */
static bool collect(char **names, size_t *len, int *n, const char *path, int rights, bool *oom) {
  char real[PATH_MAX];
  struct stat st;
  if (dir_is_file_grant(path)) return true;
  if (!path || !realpath(path, real) || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) return false;
  size_t rn = strlen(real) + 1, tn = strlen(path) + 1;
  char *p = realloc(*names, *len + 1 + rn + tn);
  if (!p) {
    *oom = true;
    return false;
  }
  p[*len] = (char)rights;
  memcpy(p + *len + 1, real, rn);
  memcpy(p + *len + 1 + rn, path, tn);
  *names = p;
  *len += 1 + rn + tn;
  (*n)++;
  return true;
}

/* Opens the n granted directories whose rights and real paths names
 * holds (collect's format) into gs. false if one cannot be opened (those
 * opened are closed again). */
static bool open_grants(Grants *gs, const char *src, size_t len, int n, bool noOpenat2) {
  gs->cap = n;
  gs->noOpenat2 = noOpenat2;
  char *names = (char *)(gs->g + n);
  if (len) memcpy(names, src, len);
  uint32_t off = 0;
  for (int i = 0; i < n; i++) {
    Grant *g = &gs->g[i];
    g->rights = (unsigned char)names[off];
    g->off = off + 1;
    g->len = (uint32_t)strlen(names + g->off);
    g->typed = g->off + g->len + 1;
    off = g->typed + (uint32_t)strlen(names + g->typed) + 1;
    g->fd = open(names + g->off, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (g->fd < 0) {
      grants_finalize(gs);
      gs->n = 0;
      return false;
    }
    gs->n = i + 1; /* from here the finalizer closes it */
  }
  return true;
}

WritStatus dir_function(WritVM *vm, const WritSysOptions *opt, WritHandle **out) {
  *out = NULL;
  char *names = NULL;
  size_t len = 0;
  int n = 0;
  bool oom = false, ok = true;
  for (int i = 0; ok && i < opt->nread; i++) ok = collect(&names, &len, &n, opt->allow_read[i], R_READ, &oom);
  for (int i = 0; ok && i < opt->nwrite; i++)
    ok = collect(&names, &len, &n, opt->allow_write[i], R_READ | R_WRITE, &oom);
  if (ok && opt->allow_all_dirs) ok = collect(&names, &len, &n, "/", R_READ | R_WRITE, &oom);
  WritStatus st = ok ? WRIT_OK : oom ? WRIT_ERR_MEMORY : WRIT_ERR_USAGE;
  WritHandle *dirClass = NULL, *grantsClass = NULL, *grants = NULL, *value = NULL;
  void *data = NULL;
  if (st == WRIT_OK) {
    dirClass = writ_new_class(vm, "Dir", dir_methods, sizeof(DirData), dir_finalize);
    grantsClass = writ_new_class(vm, "DirGrants", NULL, sizeof(Grants) + (size_t)n * sizeof(Grant) + len,
                                 grants_finalize);
    grants = grantsClass ? writ_new_object(grantsClass, &data) : NULL;
    value = writ_new_list(vm);
    if (!dirClass || !grants || !value || writ_list_push(value, dirClass) != WRIT_OK ||
        writ_list_push(value, grants) != WRIT_OK || writ_freeze(value) != WRIT_OK)
      st = WRIT_ERR_MEMORY;
  }
  /* Open last: nothing below can fail but the opening, and from then on
   * the grants' finalizer closes what was opened. */
  if (st == WRIT_OK && !open_grants(data, names, len, n, opt->no_openat2 != 0)) st = WRIT_ERR_USAGE;
  if (st == WRIT_OK && !(*out = writ_new_function_with(vm, "dir", sys_dir, 1, 1, value))) st = WRIT_ERR_MEMORY;
  writ_release(value);
  writ_release(grants);
  writ_release(grantsClass);
  writ_release(dirClass);
  free(names);
  return st;
}

/* ---------------------------------------------------------------- writ_new_dir */

/* A Dir the host mints for one of its own directories. Each gets a Dir
 * class of its own, as each writ_grant_sys does: the public API has no
 * place to keep one per VM, and class and Dir together cost about 1.2 KB
 * (sub() and readonly() share their parent's class). The directory is
 * opened last, so a failure leaves nothing open, and the path stays here:
 * the Dir holds only the descriptor. */
WritHandle *writ_new_dir(WritVM *vm, const char *path, int writable) {
  if (!vm || !path) {
    errno = EINVAL;
    return NULL;
  }
  WritHandle *k = writ_new_class(vm, "Dir", dir_methods, sizeof(DirData), dir_finalize);
  DirData *d = NULL;
  WritHandle *h = dir_object(k, writable ? R_READ | R_WRITE : R_READ, false, &d);
  writ_release(k); /* the object holds its class */
  if (!h) {
    errno = ENOMEM;
    return NULL;
  }
  d->bn.root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (d->bn.root < 0 && (errno == EMFILE || errno == ENFILE)) {
    writ_collect(vm); /* closes unreachable Dirs' descriptors; h is held */
    d->bn.root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  }
  if (d->bn.root < 0) {
    int err = errno;
    writ_release(h); /* garbage now, and its finalizer has nothing to close */
    errno = err;
    return NULL;
  }
  return h;
}
