/* Opening a path beneath a directory so that no step of the lookup leaves
 * it: openat2 with RESOLVE_BENEATH, or a component-by-component walk on
 * kernels without openat2 (before Linux 5.6). Used by the Dir capability. */
#ifndef WRIT_BENEATH_H
#define WRIT_BENEATH_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct {
  int root;       /* the directory every lookup stays beneath (O_PATH is enough) */
  bool noOpenat2; /* walk instead of openat2: set when the kernel answers
                     ENOSYS, or from the start by `writ --no-openat2` so the
                     tests exercise the walk on any kernel */
} Beneath;

/* Like openat(b->root, path, flags, mode), but the lookup may not leave
 * b->root: through `..`, an absolute path, or a symlink (absolute, or whose
 * target climbs out), and magic links (/proc/N/fd/...) are never followed.
 * O_CLOEXEC is always added. Returns a descriptor, or -1 with errno set:
 * EXDEV when the path would leave the root; ELOOP for a symlink loop, a
 * magic link, or, in the walk, any symlink at all (the walk refuses them).
 * May set b->noOpenat2 (the kernel lacks openat2). */
int beneath_open(Beneath *b, const char *path, int flags, mode_t mode);

#endif
