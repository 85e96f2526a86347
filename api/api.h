/* What the public API's files (api/api*.c) share: what its opaque types are,
 * the host's configuration, and the protected runs every entry uses. The
 * api room implements include/writ.h on top of vm, lang and stdlib; it is
 * also where a VM is put together with its standard library. stdlib/host/
 * and cli/ see only include/writ.h. */
#ifndef WRIT_API_H
#define WRIT_API_H

#include "include/writ.h"
#include "vm/handle.h"
#include "vm/vm.h"

struct WritVM {
  WVM vm; /* first: a WritVM* is a WVM* */
};

/* What the host configured, kept beside the VM, and the quarantine of
 * freed workspaces (api.c). */
typedef struct {
  WritConfig config;
  WritWorkspace *deadWs; /* newest first */
  int ndeadWs;
  int reporting; /* the error callback is running (it may eval, not free the VM) */
} HostData;

/* A freed workspace keeps its shell (ws NULL) until WS_QUARANTINE more
 * have been freed, as released handles do: a second free or a use soon
 * after is caught instead of touching freed memory. */
#define WS_QUARANTINE 64
struct WritWorkspace {
  WritVM *owner;
  ObjWorkspace *ws; /* NULL once freed */
  struct WritWorkspace *nextDead;
  /* writ_workspace_set_callbacks: NULL falls back to the VM's */
  WritWriteFn write;
  WritErrorFn error;
  void *userData;
};

/* The host's workspace for code of w: w's own shell, or for a child a
 * script made with Workspace(), that of the host workspace it descends
 * from; NULL for none (or a freed one). Never allocates. */
WritWorkspace *api_host_workspace(ObjWorkspace *w);
/* Writes output of code of ws (NULL: of no workspace) through its write
 * callback, else the VM's. */
void api_write(WVM *vm, ObjWorkspace *ws, const char *s, size_t n);

/* The VM of a live handle, or NULL for a bad one. */
static inline WVM *handle_vm(const WritHandle *h) {
  return h && h->magic == HANDLE_LIVE ? h->vm : NULL;
}
/* Whether vm is running anything (Writ code, a host function, a
 * collection, any protected call): then writ_eval, writ_call and
 * writ_vm_free must refuse, or they would reset or free what the run
 * still uses. */
static inline bool api_busy(const WVM *vm) {
  return vm->errjmp || vm->nframes > 0 || vm->nativeDepth > 0 || vm->gcRunning;
}
/* Whether limits (NULL: none) can be used: NaN is no number of anything,
 * and a NaN a host computed by mistake must not mean "no limit". */
static inline bool api_limits_ok(const WritLimits *l) {
  return !l || (l->fuel == l->fuel && l->memory == l->memory);
}
/* A new handle to v (NULL if memory ran out). Never raises. */
WritHandle *handle_new(WVM *vm, Value v);
/* Records a failure the way writ_eval does: the status, and a diagnostic
 * for the error callback. ws may be NULL. */
WritStatus api_failure(WVM *vm, ObjWorkspace *ws, int flags);
/* Module `name` of ws, or NULL; never allocates (so usable while
 * describing an out-of-memory error). */
ObjModule *api_find_module(WVM *vm, ObjWorkspace *ws, const char *name);
/* Runs fn under vm_protect for an API function that turns failure into a
 * NULL or a status. Inside a host function an uncatchable failure (budget,
 * interrupt, exit) must not be swallowed there: it is kept in
 * vm->pendingError and raised again when the host function returns, and
 * until then every API call fails at once. Clears vm->error. */
bool api_protect(WVM *vm, void (*fn)(WVM *vm, void *ud), void *ud);
/* api_protect for API functions that return a status: WRIT_OK, the
 * status of a failure left pending, or api_failure's (which reports it). */
WritStatus api_protect_status(WVM *vm, void (*fn)(WVM *vm, void *ud), void *ud);
/* Runs fn under vm_protect with the given limits (NULL: none). */
bool api_run(WVM *vm, const WritLimits *limits, void (*fn)(WVM *vm, void *ud), void *ud);

#endif
