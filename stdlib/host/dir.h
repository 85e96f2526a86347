/* The Dir capability (dir.c): what sys.c needs to make sys.dir. */
#ifndef WRIT_DIR_H
#define WRIT_DIR_H

#include "include/writ.h"

/* Resolves and opens the directories options grants and makes the sys.dir
 * function into *out: WRIT_ERR_USAGE if a directory cannot be used,
 * WRIT_ERR_MEMORY if memory ran out. */
WritStatus dir_function(WritVM *vm, const WritSysOptions *options, WritHandle **out);

#endif
