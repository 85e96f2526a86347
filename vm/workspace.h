/* Workspaces: an isolated set of module instances plus the names granted
 * to its code (vm/workspace.c). The host's workspaces come from the API,
 * a script's children from Workspace() (stdlib/workspace.c), and both
 * are made, granted to and run here. */
#ifndef WRIT_WORKSPACE_H
#define WRIT_WORKSPACE_H

#include "vm/vm.h"

/* A new workspace with no modules and no grants; parent is the workspace
 * whose code made it (NULL for the host's). */
ObjWorkspace *workspace_new(WVM *vm, ObjWorkspace *parent);
/* The workspace of the Writ code running now (NULL when the host calls). */
ObjWorkspace *workspace_calling(WVM *vm);
/* Whether s (len bytes) can be a granted or endowed name: a name code can
 * write, letters, digits and '_', not a keyword. */
bool workspace_name_ok(const char *s, size_t len);
/* What `name` means in ws's scope when no module variable has it: a name
 * granted to ws (main-only ones only for the main script, privileged),
 * else a built-in. */
bool workspace_scope_get(WVM *vm, ObjWorkspace *ws, bool privileged, ObjString *name, Value *out);
/* The same for a name given as bytes (the API): allocates nothing. */
bool workspace_scope_get_bytes(WVM *vm, ObjWorkspace *ws, bool privileged, const char *name, size_t len,
                               Value *out);
/* Grants name (UTF-8, workspace_name_ok) the value in ws: to every module
 * of ws, or with mainOnly to the main script only. */
void workspace_grant(WVM *vm, ObjWorkspace *ws, const char *name, Value value, bool mainOnly);
/* A child of the calling code's workspace whose top level sees only the
 * endowments (a map from names to values; NULL: none) and the built-ins;
 * who ("Workspace", "Vat") names the constructor in errors about them. */
ObjWorkspace *workspace_child(WVM *vm, ObjMap *endowments, const char *who);
/* Runs src in ws's top level (as ws.eval does: definitions persist; the
 * value of a final expression statement is returned) under a fuel and a
 * memory budget (negative: none). A budget running out, or a syntax error
 * in src, comes back as an ordinary error raised here. */
Value workspace_eval(WVM *vm, ObjWorkspace *ws, ObjString *src, double fuel, double memory);

#endif
