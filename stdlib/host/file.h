/* The File capability (file.c): what sys.c needs to make sys.file. */
#ifndef WRIT_FILE_H
#define WRIT_FILE_H

#include "include/writ.h"

/* Opens the single files options grants (the entries of allow_read and
 * allow_write that name a regular file, not a symlink; the directories
 * are dir.c's) and makes the sys.file function into *out:
 * WRIT_ERR_USAGE if one cannot be used, WRIT_ERR_MEMORY if memory ran
 * out. */
WritStatus file_function(WritVM *vm, const WritSysOptions *options, WritHandle **out);

#endif
