/* The Dir capability (dir.c): what sys.c needs to make sys.dir. */
#ifndef WRIT_DIR_H
#define WRIT_DIR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include "include/writ.h"

/* Resolves and opens the directories options grants and makes the sys.dir
 * function into *out: WRIT_ERR_USAGE if a directory cannot be used,
 * WRIT_ERR_MEMORY if memory ran out. */
WritStatus dir_function(WritVM *vm, const WritSysOptions *options, WritHandle **out);

/* Shared with the File capability (file.c). */
/* An errno as the lower-case reason an error message gives (in buf if
 * strerror's words are needed). */
const char *dir_reason(int err, char *buf, size_t cap);
/* 0 if fd is a regular file (its stat into *st); EISDIR for a directory,
 * ENXIO ("not a regular file") for anything else, or fstat's errno. */
int dir_regular(int fd, struct stat *st);
/* Writes text to fd, a file opened for writing (truncated first if
 * truncate), then closes fd. 0, or an errno. */
int dir_write_fd(int fd, const char *text, size_t n, bool truncate);
/* A grant on the command line (WritSysOptions.allow_read/allow_write) that
 * names one regular file itself, not a symlink: it is sys.file's, not
 * sys.dir's. */
bool dir_is_file_grant(const char *path);

#endif
