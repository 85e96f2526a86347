/* What the public handle types are, for the library's own files (api.c and
 * the host capabilities in stdlib/host/). */
#ifndef WRIT_HANDLES_H
#define WRIT_HANDLES_H

#include "../include/writ.h"
#include "vm.h"

struct WritWorkspace {
  WritVM *owner;
  ObjWorkspace *ws;
};

#endif
