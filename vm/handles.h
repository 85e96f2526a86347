/* What the public handle types are, for the API's implementation
 * (vm/api*.c). stdlib/host/ sees only include/writ.h. */
#ifndef WRIT_HANDLES_H
#define WRIT_HANDLES_H

#include "../include/writ.h"
#include "vm.h"

struct WritVM {
  WVM vm; /* first: a WritVM* is a WVM* */
};

/* What the host configured, kept beside the VM. */
typedef struct {
  WritConfig config;
} HostData;

struct WritWorkspace {
  WritVM *owner;
  ObjWorkspace *ws;
};

/* Handles live on a doubly linked list the collector marks. A released
 * handle is marked dead and kept a while (a short quarantine) so that a
 * second release or a use soon after is caught instead of touching freed
 * memory. */
#define HANDLE_LIVE 0x57524954u /* "WRIT" */
#define HANDLE_DEAD 0xDEADBEEFu
#define HANDLE_QUARANTINE 64
struct WritHandle {
  uint32_t magic;
  WVM *vm;
  Value value;
  struct WritHandle *prev, *next;
};

/* A value of a live handle, or NULL for a bad one. */
static inline WVM *handle_vm(const WritHandle *h) {
  return h && h->magic == HANDLE_LIVE ? h->vm : NULL;
}
/* A new handle to v (NULL if memory ran out). Never raises. */
WritHandle *handle_new(WVM *vm, Value v);
/* Records a failure the way writ_eval does: the status, and a diagnostic
 * for the error callback. ws may be NULL. */
WritStatus api_failure(WVM *vm, ObjWorkspace *ws, int flags);
/* Runs fn under vm_protect with the given limits (NULL: none). */
bool api_run(WVM *vm, const WritLimits *limits, void (*fn)(WVM *vm, void *ud), void *ud);

#endif
