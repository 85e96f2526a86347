/* Opening paths beneath a directory (see beneath.h). The kernel does the
 * confinement with openat2(RESOLVE_BENEATH), which also refuses lookups that
 * a concurrent rename would let escape; the walk below is the fallback for
 * kernels without openat2. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "stdlib/host/beneath.h"

#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_LINUX_OPENAT2_H 1
#endif
#endif
#ifndef HAVE_LINUX_OPENAT2_H
struct open_how {
  uint64_t flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_BENEATH 0x08
#endif
#ifndef SYS_openat2
#define SYS_openat2 437 /* the same number on every architecture */
#endif

/* openat2 answers EAGAIN when a rename or mount raced with a lookup that
 * goes through `..`; trying again is what the kernel asks. A directory
 * that keeps changing gets EAGAIN back after this many attempts. */
#define BENEATH_RETRIES 64

static int fail_closing(int fd, int err) {
  close(fd);
  errno = err;
  return -1;
}

/* One directory step of the walk: name must be a real directory, not a
 * symlink to one. */
static int walk_step(int cur, const char *name) {
  int fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) != 0) return fail_closing(fd, errno);
  if (S_ISLNK(st.st_mode)) return fail_closing(fd, ELOOP);
  if (!S_ISDIR(st.st_mode)) return fail_closing(fd, ENOTDIR);
  return fd;
}

/* The last step of the walk: O_NOFOLLOW, and a symlink is refused even
 * where O_NOFOLLOW alone would open the link itself (O_PATH). */
static int walk_last(int cur, const char *name, int flags, mode_t mode) {
  int fd = openat(cur, name, flags | O_NOFOLLOW | O_CLOEXEC, mode);
  struct stat st;
  if (fd < 0) {
    int err = errno;
    if (err == ENOTDIR && fstatat(cur, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
      err = ELOOP;
    errno = err;
    return -1;
  }
  if ((flags & O_PATH) && (fstat(fd, &st) != 0 || S_ISLNK(st.st_mode))) return fail_closing(fd, ELOOP);
  return fd;
}

/* The fallback: one openat per component, holding a descriptor for every
 * directory on the way so that `..` pops back to the one we came from and
 * never asks the kernel for a parent (which could be outside the root).
 * Symlinks are refused outright; so is `..` at the root. */
static int walk(int root, const char *path, int flags, mode_t mode) {
  char buf[PATH_MAX];
  int stack[PATH_MAX / 2 + 1];
  size_t len = strlen(path);
  if (len == 0) { errno = ENOENT; return -1; }
  if (len >= sizeof buf) { errno = ENAMETOOLONG; return -1; }
  if (path[0] == '/') { errno = EXDEV; return -1; }
  memcpy(buf, path, len + 1);
  /* "a/" must name a directory; a trailing slash would also make the
   * kernel follow a symlink despite O_NOFOLLOW, so strip it here. */
  if (buf[len - 1] == '/') flags |= O_DIRECTORY;
  while (len > 0 && buf[len - 1] == '/') buf[--len] = '\0';
  char *slash = strrchr(buf, '/');
  char *last = slash ? slash + 1 : buf;
  int depth = 0, cur = root, fd = -1, err = 0;
  for (char *p = buf; slash && p <= slash; p++) {
    char *end = strchr(p, '/');
    *end = '\0';
    if (!strcmp(p, "..")) {
      if (depth == 0) { err = EXDEV; goto done; }
      close(stack[--depth]);
    } else if (*p && strcmp(p, ".")) {
      int next = walk_step(cur, p);
      if (next < 0) { err = errno; goto done; }
      stack[depth++] = next;
    }
    cur = depth ? stack[depth - 1] : root;
    p = end;
  }
  if (!strcmp(last, "..")) {
    if (depth == 0) { err = EXDEV; goto done; }
    close(stack[--depth]);
    cur = depth ? stack[depth - 1] : root;
    last = (char *)".";
  }
  if (!strcmp(last, ".")) fd = openat(cur, ".", (flags & ~O_NOFOLLOW) | O_CLOEXEC, mode);
  else fd = walk_last(cur, last, flags, mode);
  if (fd < 0) err = errno;
done:
  while (depth > 0) close(stack[--depth]);
  errno = err;
  return fd;
}

int beneath_open(Beneath *b, const char *path, int flags, mode_t mode) {
  if (!b->noOpenat2) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)(flags | O_CLOEXEC);
    how.mode = (flags & O_CREAT) ? mode : 0; /* openat2 wants 0 otherwise */
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    for (int i = 0; i < BENEATH_RETRIES; i++) {
      long fd = syscall(SYS_openat2, b->root, path, &how, sizeof how);
      if (fd >= 0) return (int)fd;
      if (errno == EAGAIN || errno == EINTR) continue;
      if (errno != ENOSYS) return -1;
      b->noOpenat2 = true; /* this kernel has no openat2: walk from now on */
      break;
    }
    if (!b->noOpenat2) return -1; /* EAGAIN every time */
  }
  return walk(b->root, path, flags, mode);
}
