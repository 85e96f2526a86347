/* The Dir capability: sys.dir(path) and the Dir host class. A Dir holds a
 * directory descriptor and its rights (read, or read and write); every path
 * a script names is opened beneath that descriptor (beneath.c), so `..`,
 * absolute paths and symlinks cannot lead out of it. Host paths stay in C
 * memory: scripts and error messages only see the paths scripts wrote. */
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
#include "beneath.h"
#include "dir.h"
#include "gc.h"
#include "wstring.h"

enum { R_READ = 1, R_WRITE = 2 };

/* ---------------------------------------------------------------- Dirs */

typedef struct {
  Beneath bn;  /* bn.root: the directory (O_PATH), -1 until opened */
  int pending; /* a descriptor read or list holds while the VM allocates:
                  if an error unwinds past it, the Dir's next call or its
                  finalizer closes it */
  int rights;
} DirData;

static void dir_finalize(void *data) {
  DirData *d = data;
  if (d->bn.root >= 0) close(d->bn.root);
  if (d->pending >= 0) close(d->pending);
}

/* A new Dir without a descriptor: callers allocate first and open after,
 * so no allocation can fail while a descriptor belongs to nobody. */
static DirData *dir_new(WVM *vm, ObjClass *k, int rights, bool noOpenat2, Value *out) {
  ObjForeign *f = foreign_new(vm, k, sizeof(DirData), dir_finalize);
  DirData *d = (DirData *)f->data;
  d->bn.root = -1;
  d->bn.noOpenat2 = noOpenat2;
  d->pending = -1;
  d->rights = rights;
  *out = OBJ_VAL(f);
  return d;
}

static DirData *self(WVM *vm, Value *args, const char *m) {
  if (!IS_FOREIGN(args[0]) || AS_FOREIGN(args[0])->finalize != dir_finalize)
    vm_raise(vm, "Dir.%s: the receiver is not a Dir", m);
  DirData *d = (DirData *)AS_FOREIGN(args[0])->data;
  if (d->pending >= 0) {
    close(d->pending);
    d->pending = -1;
  }
  return d;
}

static void release(DirData *d) {
  close(d->pending);
  d->pending = -1;
}

/* The collector counts memory, not descriptors: when the process runs out
 * of descriptors, collect (closing those of unreachable Dirs) and try once
 * more. Callers root what they made and have not stored yet. */
static int open_beneath(WVM *vm, Beneath *bn, const char *path, int flags, mode_t mode) {
  int fd = beneath_open(bn, path, flags, mode);
  if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
    gc_collect(vm);
    fd = beneath_open(bn, path, flags, mode);
  }
  return fd;
}

/* ---------------------------------------------------------------- errors */

/* The reason for a message. ENXIO doubles as "not a regular file": it is
 * what opening a FIFO without a reader or an absent device answers. */
static const char *why(int err, char *buf, size_t cap) {
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
static WNORETURN void fail(WVM *vm, const char *m, const char *verb, const char *path, int err) {
  char buf[128];
  if (err == EXDEV) vm_raise(vm, "Dir.%s: '%s' escapes the directory", m, path);
  vm_raise(vm, "Dir.%s: cannot %s '%s': %s", m, verb, path, why(err, buf, sizeof buf));
}

static void writable(WVM *vm, DirData *d, const char *m) {
  if (!(d->rights & R_WRITE)) vm_raise(vm, "Dir.%s: this Dir is read-only", m);
}

/* Every path: a non-empty string without NUL bytes, relative to the Dir.
 * (The kernel refuses absolute paths too; this says so clearly.) */
static ObjString *arg_path(WVM *vm, Value *args, int i, const char *m) {
  ObjString *p = arg_string(vm, args, i, m);
  if (p->len == 0) vm_raise(vm, "Dir.%s: empty path", m);
  if (memchr(p->chars, '\0', p->len)) vm_raise(vm, "Dir.%s: the path contains a NUL byte", m);
  if (p->chars[0] == '/') vm_raise(vm, "Dir.%s: '%s': absolute paths are not allowed", m, p->chars);
  if (p->len >= PATH_MAX) fail(vm, m, "use", p->chars, ENAMETOOLONG);
  return p;
}

/* read, write and append name a file: "a/" can only be a directory. */
static void file_path(WVM *vm, ObjString *p, const char *m) {
  if (p->chars[p->len - 1] == '/')
    vm_raise(vm, "Dir.%s: '%s': a file's path cannot end with '/'", m, p->chars);
}

/* What is created or removed must be named: "x/.." or "." would mean a
 * directory's parent or the directory itself. Returns the name's offset. */
static size_t last_name(WVM *vm, ObjString *p, const char *m, size_t *len) {
  size_t end = p->len;
  while (end > 1 && p->chars[end - 1] == '/') end--;
  size_t start = end;
  while (start > 0 && p->chars[start - 1] != '/') start--;
  size_t n = end - start;
  if ((n == 1 && p->chars[start] == '.') || (n == 2 && !memcmp(p->chars + start, "..", 2)))
    vm_raise(vm, "Dir.%s: '%s': the path must end with a name", m, p->chars);
  *len = n;
  return start;
}

/* For mkdir and remove: opens the directory holding the path's last name
 * (beneath the Dir) and copies the name to last. */
static int open_parent(WVM *vm, DirData *d, ObjString *p, const char *m, const char *verb, char *last) {
  size_t n, start = last_name(vm, p, m, &n);
  memcpy(last, p->chars + start, n);
  last[n] = '\0';
  char parent[PATH_MAX];
  memcpy(parent, p->chars, start);
  parent[start] = '\0';
  int fd = open_beneath(vm, &d->bn, start ? parent : ".", O_PATH | O_DIRECTORY, 0);
  if (fd < 0) fail(vm, m, verb, p->chars, errno);
  return fd;
}

/* 0 for a regular file, else an errno-style reason. Opening with
 * O_NONBLOCK and then refusing FIFOs and devices here means a script can
 * neither hang on one nor stream one. */
static int regular(int fd, struct stat *st) {
  if (fstat(fd, st) != 0) return errno;
  if (S_ISDIR(st->st_mode)) return EISDIR;
  if (!S_ISREG(st->st_mode)) return ENXIO;
  return 0;
}

/* ---------------------------------------------------------------- files */

static Value dir_read(WVM *vm, int argc, Value *args) {
  DirData *d = self(vm, args, "read");
  ObjString *p = arg_path(vm, args, 1, "read");
  file_path(vm, p, "read");
  int fd = open_beneath(vm, &d->bn, p->chars, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0) fail(vm, "read", "read", p->chars, errno);
  struct stat st;
  int err = regular(fd, &st);
  if (err) {
    close(fd);
    fail(vm, "read", "read", p->chars, err);
  }
  if (st.st_size > WRIT_MAX_STRING_BYTES) {
    close(fd);
    vm_raise_too_long(vm);
  }
  d->pending = fd;
  vm_charge(vm, (size_t)st.st_size / 8 + 1);
  ObjBuffer *b = buffer_new(vm, (uint32_t)st.st_size + 1);
  vm_push_root(vm, OBJ_VAL(b));
  for (;;) { /* into the buffer's room; past it (the file grew) by chunks */
    char chunk[4096];
    bool room = b->len < b->cap;
    ssize_t n = room ? read(fd, b->data + b->len, b->cap - b->len) : read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      err = errno;
      release(d);
      fail(vm, "read", "read", p->chars, err);
    }
    if (n == 0) break;
    if (room) {
      b->len += (uint32_t)n;
    } else {
      vm_charge(vm, (size_t)n / 8 + 1);
      buffer_append(vm, b, chunk, (size_t)n);
    }
  }
  release(d);
  if (utf8_invalid_at(b->data, b->len) >= 0) vm_raise(vm, "Dir.read: '%s' is not valid UTF-8 text", p->chars);
  ObjString *s = str_from_buffer(vm, b);
  vm_pop_root(vm);
  return OBJ_VAL(s);
}

/* write and append: the file is created if missing, and must be a regular
 * file (checked before it is truncated). */
static Value put(WVM *vm, Value *args, const char *m, bool append) {
  DirData *d = self(vm, args, m);
  writable(vm, d, m);
  ObjString *p = arg_path(vm, args, 1, m);
  file_path(vm, p, m);
  size_t n;
  last_name(vm, p, m, &n);
  ObjString *text = arg_string(vm, args, 2, m);
  const char *verb = append ? "append to" : "write";
  vm_charge(vm, text->len / 8 + 1);
  int flags = O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY | (append ? O_APPEND : 0);
  int fd = open_beneath(vm, &d->bn, p->chars, flags, 0666);
  if (fd < 0) fail(vm, m, verb, p->chars, errno);
  struct stat st;
  int err = regular(fd, &st);
  if (!err && !append && ftruncate(fd, 0) != 0) err = errno;
  for (size_t done = 0; !err && done < text->len;) {
    ssize_t w = write(fd, text->chars + done, text->len - done);
    if (w < 0 && errno != EINTR) err = errno;
    else if (w == 0) err = EIO;
    else if (w > 0) done += (size_t)w;
  }
  if (close(fd) != 0 && !err && errno != EINTR) err = errno;
  if (err) fail(vm, m, verb, p->chars, err);
  return NIL_VAL;
}

static Value dir_write(WVM *vm, int argc, Value *args) { return put(vm, args, "write", false); }
static Value dir_append(WVM *vm, int argc, Value *args) { return put(vm, args, "append", true); }

static Value dir_exists(WVM *vm, int argc, Value *args) {
  DirData *d = self(vm, args, "exists");
  ObjString *p = arg_path(vm, args, 1, "exists");
  int fd = open_beneath(vm, &d->bn, p->chars, O_PATH, 0);
  if (fd >= 0) {
    close(fd);
    return TRUE_VAL;
  }
  if (errno == ENOENT || errno == ENOTDIR) return FALSE_VAL;
  fail(vm, "exists", "check", p->chars, errno);
}

/* A file, a symlink (the link itself: remove never follows the last
 * name), or an empty directory; "a/" only a directory. */
static Value dir_remove(WVM *vm, int argc, Value *args) {
  DirData *d = self(vm, args, "remove");
  writable(vm, d, "remove");
  ObjString *p = arg_path(vm, args, 1, "remove");
  bool dirOnly = p->chars[p->len - 1] == '/';
  char last[PATH_MAX];
  int pfd = open_parent(vm, d, p, "remove", "remove", last);
  int r = unlinkat(pfd, last, dirOnly ? AT_REMOVEDIR : 0);
  if (r != 0 && !dirOnly && errno == EISDIR) r = unlinkat(pfd, last, AT_REMOVEDIR);
  int err = r != 0 ? errno : 0;
  close(pfd);
  if (err) fail(vm, "remove", "remove", p->chars, err);
  return NIL_VAL;
}

static Value dir_mkdir(WVM *vm, int argc, Value *args) {
  DirData *d = self(vm, args, "mkdir");
  writable(vm, d, "mkdir");
  ObjString *p = arg_path(vm, args, 1, "mkdir");
  char last[PATH_MAX];
  int pfd = open_parent(vm, d, p, "mkdir", "create", last);
  int err = mkdirat(pfd, last, 0777) != 0 ? errno : 0;
  close(pfd);
  if (err) fail(vm, "mkdir", "create", p->chars, err);
  return NIL_VAL;
}

/* ---------------------------------------------------------------- listing */

/* What getdents64 returns, one record after another. */
typedef struct {
  uint64_t ino;
  int64_t off;
  unsigned short reclen;
  unsigned char type;
  char name[];
} Dirent64;

static int compare_names(const void *a, const void *b) {
  const ObjString *x = AS_STRING(*(const Value *)a), *y = AS_STRING(*(const Value *)b);
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->chars, y->chars, n);
  return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Adds one getdents64 batch's names (not "." or "..") to l. */
static void add_names(WVM *vm, DirData *d, ObjList *l, const char *buf, long n, const char *path) {
  for (long off = 0; off < n;) {
    unsigned short reclen;
    memcpy(&reclen, buf + off + offsetof(Dirent64, reclen), sizeof reclen);
    const char *name = buf + off + offsetof(Dirent64, name);
    off += reclen;
    size_t len = strlen(name);
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.')) continue;
    if (utf8_invalid_at(name, len) >= 0) {
      release(d);
      vm_raise(vm, "Dir.list: '%s' holds a name that is not valid UTF-8", path);
    }
    vm_charge(vm, len / 8 + 1);
    ObjString *s = str_copy(vm, name, len);
    list_push(vm, l, OBJ_VAL(s));
  }
}

/* The names in a directory (the Dir itself without a path), sorted by
 * their bytes. */
static Value dir_list(WVM *vm, int argc, Value *args) {
  DirData *d = self(vm, args, "list");
  const char *path = argc >= 1 ? arg_path(vm, args, 1, "list")->chars : ".";
  int fd = open_beneath(vm, &d->bn, path, O_RDONLY | O_DIRECTORY | O_NONBLOCK, 0);
  if (fd < 0) fail(vm, "list", "list", path, errno);
  d->pending = fd;
  ObjList *l = list_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(l));
  uint64_t buf[1024]; /* 8 KiB, aligned for the records */
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      release(d);
      fail(vm, "list", "list", path, err);
    }
    if (n == 0) break;
    add_names(vm, d, l, (const char *)buf, n, path);
  }
  release(d);
  if (l->count > 1) qsort(l->items, l->count, sizeof(Value), compare_names);
  vm_pop_root(vm);
  return OBJ_VAL(l);
}

/* ---------------------------------------------------------------- new Dirs */

/* A Dir for a directory beneath this one, with the same rights. */
static Value dir_sub(WVM *vm, int argc, Value *args) {
  DirData *d = self(vm, args, "sub");
  ObjString *p = arg_path(vm, args, 1, "sub");
  Value out;
  DirData *n = dir_new(vm, AS_FOREIGN(args[0])->klass, d->rights, d->bn.noOpenat2, &out);
  vm_push_root(vm, out);
  int fd = open_beneath(vm, &d->bn, p->chars, O_PATH | O_DIRECTORY, 0);
  vm_pop_root(vm);
  if (fd < 0) {
    if (errno == ENOTDIR) vm_raise(vm, "Dir.sub: '%s' is not a directory", p->chars);
    fail(vm, "sub", "open", p->chars, errno);
  }
  n->bn.root = fd;
  return out;
}

/* The same directory with read rights only. There is no way back: no
 * method adds rights, and sub() keeps the ones it has. */
static Value dir_readonly(WVM *vm, int argc, Value *args) {
  DirData *d = self(vm, args, "readonly");
  Value out;
  DirData *n = dir_new(vm, AS_FOREIGN(args[0])->klass, d->rights & R_READ, d->bn.noOpenat2, &out);
  n->bn.root = fcntl(d->bn.root, F_DUPFD_CLOEXEC, 0);
  if (n->bn.root < 0 && (errno == EMFILE || errno == ENFILE)) {
    vm_push_root(vm, out);
    gc_collect(vm);
    vm_pop_root(vm);
    n->bn.root = fcntl(d->bn.root, F_DUPFD_CLOEXEC, 0);
  }
  if (n->bn.root < 0) vm_raise(vm, "Dir.readonly: cannot duplicate the directory: %s", strerror(errno));
  return out;
}

static const NativeReg dir_methods[] = {
    {"read", dir_read, 1, 1},     {"write", dir_write, 2, 2},   {"append", dir_append, 2, 2},
    {"list", dir_list, 0, 1},     {"exists", dir_exists, 1, 1}, {"remove", dir_remove, 1, 1},
    {"mkdir", dir_mkdir, 1, 1},   {"sub", dir_sub, 1, 1},       {"readonly", dir_readonly, 0, 0},
    {NULL, NULL, 0, 0}};

/* ---------------------------------------------------------------- sys.dir */

/* The granted directories, resolved and opened when sys is granted. Kept
 * in the sys.dir native's data; their host paths never leave this file. */
typedef struct {
  int fd;            /* the directory, O_PATH */
  int rights;
  uint32_t off, len; /* its real path in the names that follow g[cap] */
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

static WNORETURN void not_granted(WVM *vm, ObjString *p) {
  vm_raise(vm, "sys.dir: '%s' is not granted (run with --allow-read=%s)", p->chars, p->chars);
}

/* sys.dir(path): path (relative to the working directory) is resolved,
 * matched against the grants by whole components, and what lies below the
 * grant is opened beneath the grant's descriptor. */
static Value sys_dir(WVM *vm, int argc, Value *args) {
  if (!IS_NATIVE(args[0]) || AS_NATIVE(args[0])->fn != sys_dir) vm_raise(vm, "sys.dir: bad receiver");
  ObjForeign *gf = AS_FOREIGN(AS_NATIVE(args[0])->data);
  Grants *gs = (Grants *)gf->data;
  ObjString *p = arg_string(vm, args, 1, "dir");
  char buf[128], real[PATH_MAX];
  if (p->len == 0) vm_raise(vm, "sys.dir: empty path");
  if (memchr(p->chars, '\0', p->len)) vm_raise(vm, "sys.dir: the path contains a NUL byte");
  if (!realpath(p->chars, real)) {
    int err = errno;
    if (!lexical_path(p->chars, real) || best_grant(gs, real) < 0) not_granted(vm, p);
    vm_raise(vm, "sys.dir: cannot open '%s': %s", p->chars, why(err, buf, sizeof buf));
  }
  int i = best_grant(gs, real);
  if (i < 0) not_granted(vm, p);
  const char *rest = real + gs->g[i].len;
  while (*rest == '/') rest++;
  Value out;
  DirData *d = dir_new(vm, gf->klass, gs->g[i].rights, gs->noOpenat2, &out);
  Beneath bn = {gs->g[i].fd, gs->noOpenat2};
  vm_push_root(vm, out);
  int fd = open_beneath(vm, &bn, *rest ? rest : ".", O_PATH | O_DIRECTORY, 0);
  vm_pop_root(vm);
  gs->noOpenat2 = d->bn.noOpenat2 = bn.noOpenat2;
  if (fd < 0) {
    if (errno == ENOTDIR) vm_raise(vm, "sys.dir: '%s' is not a directory", p->chars);
    if (errno == EXDEV) vm_raise(vm, "sys.dir: '%s' escapes its grant", p->chars);
    vm_raise(vm, "sys.dir: cannot open '%s': %s", p->chars, why(errno, buf, sizeof buf));
  }
  d->bn.root = fd;
  return out;
}

/* Grant time: the real path of a granted directory, after its rights
 * byte, NUL-terminated, into b. */
static void collect(WVM *vm, ObjBuffer *b, const char *path, int rights) {
  char real[PATH_MAX];
  struct stat st;
  if (!path || !realpath(path, real)) vm_raise(vm, "cannot grant '%s': %s", path ? path : "(null)", strerror(errno));
  if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) vm_raise(vm, "cannot grant '%s': not a directory", path);
  char r = (char)rights;
  buffer_append(vm, b, &r, 1);
  buffer_append(vm, b, real, strlen(real) + 1);
}

void dir_export(WVM *vm, ObjModule *sys, const WritSysOptions *opt) {
  ObjBuffer *b = buffer_new(vm, 256);
  vm_push_root(vm, OBJ_VAL(b));
  int n = 0;
  for (int i = 0; i < opt->nread; i++, n++) collect(vm, b, opt->allow_read[i], R_READ);
  for (int i = 0; i < opt->nwrite; i++, n++) collect(vm, b, opt->allow_write[i], R_READ | R_WRITE);
  if (opt->allow_all_dirs) {
    collect(vm, b, "/", R_READ | R_WRITE);
    n++;
  }
  ObjClass *k = vm_host_class(vm, "Dir", dir_methods);
  vm_push_root(vm, OBJ_VAL(k));
  ObjForeign *f = foreign_new(vm, k, sizeof(Grants) + (size_t)n * sizeof(Grant) + b->len, grants_finalize);
  vm_push_root(vm, OBJ_VAL(f));
  Grants *gs = (Grants *)f->data;
  gs->cap = n;
  gs->noOpenat2 = opt->no_openat2 != 0;
  char *names = (char *)(gs->g + n);
  if (b->len) memcpy(names, b->data, b->len);
  ObjNative *fn = native_new(vm, "dir", sys_dir, 1, 1);
  fn->data = OBJ_VAL(f);
  module_export(vm, sys, "dir", OBJ_VAL(fn));
  /* Open last: nothing below allocates until an error, and the finalizer
   * closes the gs->n descriptors opened so far. */
  uint32_t off = 0;
  for (int i = 0; i < n; i++) {
    Grant *g = &gs->g[i];
    g->rights = (unsigned char)names[off];
    g->off = off + 1;
    g->len = (uint32_t)strlen(names + g->off);
    off = g->off + g->len + 1;
    g->fd = open(names + g->off, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (g->fd < 0) vm_raise(vm, "cannot grant '%s': %s", names + g->off, strerror(errno));
    gs->n = i + 1;
  }
  vm_pop_roots(vm, 3);
}
