/* A handle: a value the host holds (writ.h's WritHandle), and so a GC root
 * (vm/gc.c marks vm->handles). Handles live on a doubly linked list. A
 * released handle is marked dead and kept a while (a short quarantine) so
 * that a second release or a use soon after is caught instead of touching
 * freed memory. Made and released by the API (api/api_value.c). */
#ifndef WRIT_HANDLE_H
#define WRIT_HANDLE_H

#include "vm/vm.h"

#define HANDLE_LIVE 0x57524954u /* "WRIT" */
#define HANDLE_DEAD 0xDEADBEEFu
#define HANDLE_QUARANTINE 64
struct WritHandle {
  uint32_t magic;
  WVM *vm;
  Value value;
  struct WritHandle *prev, *next;
};

#endif
