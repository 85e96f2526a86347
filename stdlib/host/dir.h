/* The Dir capability (dir.c): what sys.c needs to export sys.dir. */
#ifndef WRIT_DIR_H
#define WRIT_DIR_H

#include "../../include/writ.h"
#include "vm.h"

/* Resolves and opens the directories options grants (raising if one cannot
 * be used) and exports `dir` into the sys module. */
void dir_export(WVM *vm, ObjModule *sys, const WritSysOptions *options);

#endif
