/* writ.h — the one public header of libwrit, the Writ scripting language.
 *
 * A WritVM owns all memory and state; nothing is global, so several VMs may
 * live in one process (one thread each). A WritWorkspace is an isolated set
 * of module instances plus the root capabilities its host granted. Nothing
 * here longjmps into the host or aborts: every failure is a status code and
 * a diagnostic passed to the error callback. */
#ifndef WRIT_H
#define WRIT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WRIT_VERSION_MAJOR 0
#define WRIT_VERSION_MINOR 1
#define WRIT_VERSION_PATCH 0
#define WRIT_VERSION_STRING "0.1.0"

#if defined(__GNUC__) && defined(WRIT_BUILDING)
#define WRIT_API __attribute__((visibility("default")))
#else
#define WRIT_API
#endif

typedef struct WritVM WritVM;
typedef struct WritWorkspace WritWorkspace;

/* Status of every call that can fail. */
typedef enum {
  WRIT_OK = 0,
  WRIT_ERR_SYNTAX,     /* the source does not parse or compile */
  WRIT_ERR_INCOMPLETE, /* a syntax error at the end of input: more may fix it */
  WRIT_ERR_RUNTIME,    /* the code raised an error nobody caught */
  WRIT_ERR_INTERRUPTED,/* writ_interrupt stopped it */
  WRIT_ERR_MEMORY,     /* the allocator failed */
  WRIT_ERR_USAGE,      /* the API was called wrongly (NULL, freed, ...) */
  WRIT_ERR_LIMIT,      /* a fuel or memory limit given by the host ran out */
  WRIT_EXIT            /* the script called sys.exit(code) */
} WritStatus;

/* A short English text for a status, for people and logs: "ok", "syntax
 * error", "incomplete input", "runtime error", "interrupted", "out of
 * memory", "invalid use of the API", "limit reached", "exit requested".
 * Static: never freed, valid for the life of the program. A value that is
 * no WritStatus gives "unknown status" (never NULL). Needs no VM. */
WRIT_API const char *writ_status_string(WritStatus status);

/* An error for a person: where, what, and how we got there. All strings
 * are valid only during the callback. trace is "  at fn (file:line:col)"
 * lines, innermost first, possibly empty. source_line is the text of the
 * offending line (without newline) or NULL. */
typedef struct {
  WritStatus status;
  const char *file;
  int line, column;
  const char *message;
  const char *source_line;
  int caret; /* 1-based position of the caret within source_line (long
                lines are clipped to a window around the column, marked
                with "...") */
  const char *trace;
} WritDiagnostic;

/* Allocator: like realloc, with the old size; new_size 0 frees. */
typedef void *(*WritAllocFn)(void *ud, void *ptr, size_t old_size, size_t new_size);
/* Where print() writes. */
typedef void (*WritWriteFn)(void *ud, const char *text, size_t len);
/* Receives uncaught errors and syntax errors (the VM's, or a workspace's:
 * writ_workspace_set_callbacks). */
typedef void (*WritErrorFn)(void *ud, const WritDiagnostic *diag);
/* Loads `import "path"` from the module named importer. Returns source
 * allocated however the host likes (freed with release), sets *canonical
 * (also freed with release) to a name unique per module, in UTF-8 (a
 * source without one fails the import); on failure returns NULL and
 * writes a reason into err (errcap bytes; cut to fit, bytes that are not
 * UTF-8 shown as '?'). It runs while the VM does: writ_eval and writ_call
 * refuse to run from it. */
typedef char *(*WritLoadFn)(void *ud, const char *importer, const char *path,
                            char **canonical, size_t *len, char *err, size_t errcap);
typedef void (*WritReleaseFn)(void *ud, char *ptr);

typedef struct {
  WritAllocFn alloc;     /* NULL: the C library's realloc/free */
  void *alloc_ud;
  WritWriteFn write;     /* NULL: print output is discarded */
  WritErrorFn error;     /* NULL: diagnostics are discarded */
  WritLoadFn load_module;/* NULL: `import "path"` fails with an error */
  WritReleaseFn release;
  void *user_data;       /* passed to write, error, load_module, release */
} WritConfig;

/* Fills *config with defaults. Call before setting fields. */
WRIT_API void writ_config_init(WritConfig *config);

/* Creates a VM; the config is copied (NULL: all defaults). NULL if memory
 * ran out. */
WRIT_API WritVM *writ_vm_new(const WritConfig *config);
/* Frees the VM and everything it owns, workspaces and handles included;
 * using those afterwards is undefined behaviour, as with free(). NULL is
 * ignored. While the VM runs (from a host function or any other callback
 * of a run) it does nothing: free it after the run returns. */
WRIT_API void writ_vm_free(WritVM *vm);

/* Creates an empty workspace: it sees only the pure built-ins. Owned by
 * the VM; free it with writ_workspace_free or let writ_vm_free do it. */
WRIT_API WritWorkspace *writ_workspace_new(WritVM *vm);
/* NULL is ignored. A freed workspace is kept aside until 64 more have
 * been freed, as released handles are: a second free does nothing, and
 * writ_eval, writ_grant and writ_grant_sys fail with WRIT_ERR_USAGE,
 * writ_get_variable and writ_workspace_vm give NULL; after that window a
 * stale pointer is undefined behaviour. May be called from a host
 * function, even one the workspace's own code called: that run finishes
 * first. */
WRIT_API void writ_workspace_free(WritWorkspace *ws);
/* The VM that owns ws (NULL if ws is NULL or freed). */
WRIT_API WritVM *writ_workspace_vm(WritWorkspace *ws);
/* Gives ws output and error callbacks of its own, so that a host running
 * several plugins can tell whose output or error it is. To write (called
 * as write(user_data, text, len)): print and writ_write called by code of
 * ws, and the value writ_eval shows for ws under WRIT_EVAL_REPL. To error
 * (error(user_data, diag)): the diagnostics of writ_eval* on ws, and of
 * writ_call, writ_call_method and writ_call_values when the function
 * called is code of ws (the workspace whose source lines the diagnostic
 * shows). A NULL callback falls back to the VM's (WritConfig's, with its
 * user_data), so writ_workspace_set_callbacks(ws, NULL, NULL, NULL) undoes
 * it; so does everything that is no code of a workspace (writ_to_string, a
 * frozen container refusing writ_list_push). Code of a workspace a script
 * made with Workspace() uses the callbacks of the host workspace it
 * descends from; a run whose workspace was freed while it ran reports to
 * the VM's. The callbacks run as the VM's do (write while the VM runs:
 * no writ_eval there; error after it stopped). WRIT_ERR_USAGE for a NULL
 * or freed ws. Callable at any time, also from a host function or a
 * callback; the next output or diagnostic uses the new callbacks. */
WRIT_API WritStatus writ_workspace_set_callbacks(WritWorkspace *ws, WritWriteFn write, WritErrorFn error,
                                                 void *user_data);

/* Flags for writ_eval. */
#define WRIT_EVAL_MAIN 1  /* the main script: also sees the main_only grants
                             (writ_grant; the CLI's print and sys) */
#define WRIT_EVAL_REPL 2  /* more code of the same module; the value of a
                             final expression statement is shown */
#define WRIT_EVAL_CHECK 4 /* only compile: report syntax errors, run nothing */
#define WRIT_EVAL_QUIET_INCOMPLETE 8 /* do not report WRIT_ERR_INCOMPLETE
                             (the caller will ask for more input) */
#define WRIT_EVAL_NO_LAST 16 /* with WRIT_EVAL_REPL: leave `_` as it is (a
                             REPL's :type asks without changing it) */
#define WRIT_EVAL_DISASM 32  /* compile only, as WRIT_EVAL_CHECK, and give the
                             bytecode listing: as writ_eval_value's result
                             (a string), else through write. The format is
                             for people and tests, not a stable interface */

/* The longest source text writ_eval (and ws.eval, and an import) takes, in
 * bytes: a longer one fails with "source too large (limit N bytes)". A
 * host reading source from a file or a stream need read no more than one
 * byte past it. */
#define WRIT_MAX_SOURCE_BYTES (64u * 1024 * 1024)

/* Compiles and runs source as the module `name` of ws (repeated calls with
 * the same name and WRIT_EVAL_REPL continue one module: its top-level names
 * persist). Errors go to the error callback (WRIT_ERR_USAGE and WRIT_EXIT
 * produce no diagnostic). With WRIT_EVAL_REPL, a final expression's value
 * (unless nil) is written, quoted, through write. source may be NULL when
 * len is 0. WRIT_ERR_USAGE, running nothing, for a NULL or freed ws, a
 * NULL or non-UTF-8 name, flags other than the WRIT_EVAL_* ones, and when
 * the VM is running (from a host function, the module loader, or write
 * showing a REPL value); the error callback may call it, as nothing runs
 * then. An interrupt requested while nothing runs is dropped when the
 * next top-level run starts. */
WRIT_API WritStatus writ_eval(WritWorkspace *ws, const char *name, const char *source,
                              size_t len, int flags);

/* ------------------------------------------------------------------ */
/* Values and handles                                                   */

/* A handle keeps one Writ value alive and reachable from C, whatever the
 * collector does, until writ_release. Every function returning a
 * WritHandle* gives the caller a new handle to release (NULL on failure).
 * A handle belongs to one VM and may be used only with it. */
typedef struct WritHandle WritHandle;

typedef enum {
  WRIT_TYPE_NIL,
  WRIT_TYPE_BOOL,
  WRIT_TYPE_NUMBER,
  WRIT_TYPE_STRING,
  WRIT_TYPE_LIST,
  WRIT_TYPE_MAP,
  WRIT_TYPE_FUNCTION, /* functions, bound methods, host functions */
  WRIT_TYPE_OBJECT,   /* instances, host objects, classes, modules, ... */
  WRIT_TYPE_INVALID   /* a NULL or released handle */
} WritType;

/* Makes handles to new values (NULL if vm is NULL). A string is copied;
 * it must be UTF-8 (NULL otherwise); text may be NULL when len is 0. A
 * string, list or map is also NULL when there is no memory for it: the
 * allocator refused, or, inside a host function, the running code's memory
 * budget is spent (the run then stops with the limit's error when the host
 * function returns: tests/api/host_budget.sh). */
WRIT_API WritHandle *writ_new_nil(WritVM *vm);
WRIT_API WritHandle *writ_new_bool(WritVM *vm, int value);
WRIT_API WritHandle *writ_new_number(WritVM *vm, double value);
WRIT_API WritHandle *writ_new_string(WritVM *vm, const char *text, size_t len);
/* Whether text[0..len) is UTF-8 as Writ strings must be (shortest forms,
 * no surrogates, nothing above U+10FFFF): 1 or 0. Needs no VM. */
WRIT_API int writ_utf8_valid(const char *text, size_t len);
WRIT_API WritHandle *writ_new_list(WritVM *vm);
WRIT_API WritHandle *writ_new_map(WritVM *vm);
/* Another handle to the same value (NULL for a NULL or released one). */
WRIT_API WritHandle *writ_copy_handle(const WritHandle *h);
/* Lets the value go. NULL is ignored. A released handle is kept aside
 * until 64 more have been released, so a second release or a use in that
 * window is detected (it does nothing, or fails with WRIT_ERR_USAGE /
 * WRIT_TYPE_INVALID); after that its memory is reused and a stale pointer
 * is undefined behaviour, as with free(). */
WRIT_API void writ_release(WritHandle *h);

WRIT_API WritType writ_type(const WritHandle *h);
/* Reading values: WRIT_ERR_USAGE, leaving *out alone, if the handle is
 * NULL, released or not of that type, or out is NULL. */
WRIT_API WritStatus writ_get_bool(const WritHandle *h, int *out);
WRIT_API WritStatus writ_get_number(const WritHandle *h, double *out);
/* The string's bytes (NUL-terminated; may contain NULs), valid while the
 * handle lives. len may be NULL. */
WRIT_API WritStatus writ_get_string(const WritHandle *h, const char **text, size_t *len);

/* Lists and maps. Index from 0; negative counts from the end. Frozen
 * containers refuse changes (WRIT_ERR_RUNTIME, with a diagnostic). Map
 * keys here are strings, UTF-8 (another key is WRIT_ERR_USAGE for
 * writ_map_set, never found by writ_map_get). On a NULL or released
 * handle, another type (a map given to a list function...) or another
 * VM's item: 0, NULL or WRIT_ERR_USAGE; an index out of range gives
 * NULL. */
WRIT_API size_t writ_list_len(const WritHandle *list);
WRIT_API WritHandle *writ_list_get(const WritHandle *list, long index);
WRIT_API WritStatus writ_list_push(WritHandle *list, const WritHandle *item);
WRIT_API WritHandle *writ_map_get(const WritHandle *map, const char *key);
WRIT_API WritStatus writ_map_set(WritHandle *map, const char *key, const WritHandle *value);
/* Shallow freeze, as the language's freeze(x); values that cannot be
 * frozen (numbers, ...) are left alone (WRIT_OK). */
WRIT_API WritStatus writ_freeze(WritHandle *h);

/* ------------------------------------------------------------------ */
/* Running code with limits                                             */

/* Per-call limits: a negative number means no limit of that kind (what
 * writ_limits_init sets), and so does +inf (or fuel above about 1e18); a
 * NaN is refused with WRIT_ERR_USAGE rather than taken for no limit.
 * fuel: about one unit per VM instruction, built-ins charging for their
 * work (0 runs out at once); memory: bytes the heap may grow during the
 * call; depth: Writ call frames the call may add (0: no calls). Running
 * out of fuel or memory stops the code (it cannot catch it) and returns
 * WRIT_ERR_LIMIT; too deep is an ordinary error the code may catch. */
typedef struct {
  double fuel;
  double memory;
  int depth;
} WritLimits;
WRIT_API void writ_limits_init(WritLimits *limits);

/* writ_eval with limits (NULL: none). */
WRIT_API WritStatus writ_eval_limited(WritWorkspace *ws, const char *name, const char *source,
                                      size_t len, int flags, const WritLimits *limits);

/* writ_eval_limited that also hands back a value: on WRIT_OK, if result
 * is not NULL, *result gets a new handle to the value of the final
 * expression statement under WRIT_EVAL_REPL (nil if the input ended with
 * something else), otherwise to what the module's code returned (nil
 * unless a top-level `return`). With result given, WRIT_EVAL_REPL does
 * not write the value: the caller shows it (see writ_to_string). Under
 * WRIT_EVAL_REPL a value that is not nil is also kept in the module's
 * top-level variable `_`, unless the code declared `_` itself. On failure
 * *result is NULL. */
WRIT_API WritStatus writ_eval_value(WritWorkspace *ws, const char *name, const char *source,
                                    size_t len, int flags, const WritLimits *limits,
                                    WritHandle **result);

/* A top-level variable of module `module` of ws (a name given to
 * writ_eval), or NULL if there is none. */
WRIT_API WritHandle *writ_get_variable(WritWorkspace *ws, const char *module, const char *name);

/* A new list (the caller releases it) of the names module `module` of ws
 * exports (`export fn`, `export let`, ...) and has defined so far, as
 * sorted strings; empty if it exports nothing. The module is one given to
 * writ_eval, or one its code imported, named by the canonical name the
 * module loader gave. Read a value with writ_get_variable(ws, module,
 * name). NULL if ws is NULL or freed, module is NULL, ws has no such
 * module, or memory ran out. (For a module value, what `import` binds,
 * writ_member_names lists the same names.) */
WRIT_API WritHandle *writ_module_exports(WritWorkspace *ws, const char *module);

/* Calls a function value (or a class, making an object) with argc
 * arguments (0 to 200); on WRIT_OK *result (if not NULL) receives a new
 * handle to the return value, otherwise NULL. Errors go to the error
 * callback as diagnostics (with the source line of the Writ code that
 * raised it) and come back as a status. limits may be NULL.
 * WRIT_ERR_USAGE, running nothing, for a NULL or released handle, an
 * argument that is NULL, released or another VM's, and when the VM is
 * running (from a host function or another callback of a run). */
WRIT_API WritStatus writ_call(WritHandle *fn, int argc, WritHandle *const *argv,
                              WritHandle **result, const WritLimits *limits);
/* Calls method `name` (UTF-8) of a value, the same way. */
WRIT_API WritStatus writ_call_method(WritHandle *receiver, const char *name, int argc,
                                     WritHandle *const *argv, WritHandle **result,
                                     const WritLimits *limits);

/* An argument written in C, for writ_call_values: type says which field
 * holds it, and the others are ignored.
 *   WRIT_TYPE_NIL      nothing
 *   WRIT_TYPE_BOOL     number: nonzero is true
 *   WRIT_TYPE_NUMBER   number
 *   WRIT_TYPE_STRING   text: len bytes of UTF-8, or up to its NUL when len
 *                      is 0 (text NULL is ""); copied by the call
 *   WRIT_TYPE_LIST, _MAP, _FUNCTION, _OBJECT
 *                      handle: a live handle of the same VM holding a
 *                      value of that type (it stays the caller's)
 * In C99, designated initializers name only what is used:
 * {.type = WRIT_TYPE_NUMBER, .number = 42}, {.type = WRIT_TYPE_STRING,
 * .text = "ada"}, {.type = WRIT_TYPE_LIST, .handle = list}. */
typedef struct {
  WritType type;
  double number;
  const char *text;
  size_t len;
  const WritHandle *handle;
} WritValue;
/* writ_call with the arguments given as an array of C values, so that a
 * host calls a Writ function in one call, with no handles to make and
 * release for numbers and strings: argv[0..argc) (0 to 200 of them; argv
 * may be NULL when argc is 0) become the arguments, in order. The result,
 * limits, errors and refusals are writ_call's; WRIT_ERR_USAGE, running
 * nothing, also for a value of another type than those above, text that
 * is not UTF-8 or longer than a Writ string may be, text NULL with len
 * not 0, or a handle that is NULL, released, another VM's or of another
 * type than type says. Out of memory while copying a string:
 * WRIT_ERR_MEMORY with a diagnostic. */
WRIT_API WritStatus writ_call_values(WritHandle *fn, int argc, const WritValue *argv, WritHandle **result,
                                     const WritLimits *limits);

/* ------------------------------------------------------------------ */
/* Promises and turns                                                   */

/* Eventual sends (`x <- m()`), `when` callbacks and settled promises'
 * reactions wait in the VM's queue; each runs later as its own turn (a
 * transaction: a turn that fails leaves no trace and rejects its
 * promise). writ_eval runs none of them: the host delivers them. */

/* Delivers up to max queued messages (max < 0: until the queue is empty,
 * including what the turns themselves queue), each as a turn, under the
 * limits (NULL: none) for the whole call. A failed turn is not a failure
 * of the call (its promise is rejected): the status is WRIT_OK unless
 * something stopped the loop (WRIT_EXIT, WRIT_ERR_INTERRUPTED,
 * WRIT_ERR_LIMIT, WRIT_ERR_MEMORY). *ran (may be NULL) counts the turns,
 * the one that stopped the loop included.
 * WRIT_ERR_USAGE from inside a run (a host function). */
WRIT_API WritStatus writ_run_turns(WritVM *vm, long max, const WritLimits *limits, long *ran);
/* How many messages wait in the queue (0 for a NULL vm). */
WRIT_API size_t writ_pending(WritVM *vm);
/* What waits, oldest first, as a list of strings for a person
 * ("Counter <- inc(1 argument)", "when: the value callback", ...); NULL if
 * vm is NULL or memory ran out. */
WRIT_API WritHandle *writ_pending_list(WritVM *vm);
/* A new pending promise, for Writ code, and its resolver, for the host:
 * an asynchronous host function returns the promise and settles it later
 * with writ_resolve / writ_reject (from the host's event loop, between
 * turns). Both handles are the caller's to release. */
WRIT_API WritStatus writ_promise_new(WritVM *vm, WritHandle **promise, WritHandle **resolver);
/* Settles the resolver's promise (the first settlement wins; later ones
 * are ignored, WRIT_OK). Resolving with a promise follows it. value may
 * be NULL (nil). The reactions run in later turns. Called from a host
 * function, inside a turn, the settlement is part of that turn: undone
 * if the turn fails, as the script's own resolver.resolve would be. */
WRIT_API WritStatus writ_resolve(WritHandle *resolver, WritHandle *value);
WRIT_API WritStatus writ_reject(WritHandle *resolver, WritHandle *value);
/* Reports, through the error callback, each promise rejected while
 * nothing watched it (no when, no send pipelined on it) and still
 * unwatched, as "unhandled rejection: ..."; returns how many (what node
 * does when its queue drains). Runs no Writ code (it takes no limits): a
 * reason that is not an Error is shown as a preview, as an uncaught throw
 * is ("<T instance>", never T's toString). */
WRIT_API int writ_report_unhandled(WritVM *vm);
/* For a REPL, after running the turns of an input: if the last value
 * shown (`_` of module, as WRIT_EVAL_REPL sets it) is a promise that has
 * been fulfilled, `_` becomes its value, so `c <- inc(1)` then `_` shows
 * the result. Returns 1 if it did, else 0 (a `_` the user declared is
 * left alone). Never allocates. */
WRIT_API int writ_repl_settle_last(WritWorkspace *ws, const char *module);

/* ------------------------------------------------------------------ */
/* Host functions and host classes: how a host mints capabilities       */

/* What a host function or method receives. Valid only during the call. */
typedef struct WritCall WritCall;
typedef void (*WritHostFn)(WritCall *call);

typedef struct {
  const char *name;
  WritHostFn fn;
  int min_args, max_args; /* max_args -1: any number */
} WritMethod;

/* A host function value (like print). name is any UTF-8 text (shown in
 * messages); NULL if a pointer is NULL or min_args/max_args are not
 * 0 <= min_args <= max_args <= 200 (max_args -1: any number). */
WRIT_API WritHandle *writ_new_function(WritVM *vm, const char *name, WritHostFn fn, int min_args,
                                       int max_args);
/* writ_new_function with a pointer of the host's, user_data (any value,
 * NULL too): each call reads it with writ_function_user_data, so one C
 * function can serve several plugins or objects. The VM never reads,
 * copies or frees it; it must stay valid as long as the function may be
 * called. NULL in the same cases as writ_new_function. */
WRIT_API WritHandle *writ_new_function_ud(WritVM *vm, const char *name, WritHostFn fn, int min_args,
                                          int max_args, void *user_data);
/* A host function holding a value: the function keeps it alive (the
 * collector sees it through the function, no handle needed) and each call
 * reads it with writ_function_value. A host object there gives the
 * function C state with a finalizer; a frozen list, several values. Scripts
 * cannot reach it. */
WRIT_API WritHandle *writ_new_function_with(WritVM *vm, const char *name, WritHostFn fn,
                                            int min_args, int max_args, const WritHandle *value);
/* A host class: frozen, not callable or inheritable by scripts; its
 * methods (terminated by a {NULL} entry) are host functions receiving the
 * object. Each object carries data_size bytes (at most 1 GiB) of zeroed
 * host data; finalize (may be NULL) runs on that data when the object is
 * collected or the VM freed, and must not call the API. The class's and
 * the methods' names must be identifiers that are not keywords; NULL if
 * one is not, a method has no fn or a bad arity (as for
 * writ_new_function), is named new, or two share a name. */
WRIT_API WritHandle *writ_new_class(WritVM *vm, const char *name, const WritMethod *methods,
                                    size_t data_size, void (*finalize)(void *data));
/* A finalizer of writ_new_class_ud: user_data is the pointer the class was
 * made with, data the object's host data. It runs when the object is
 * collected or the VM freed, once per object, and must not call the API. */
typedef void (*WritFinalizeFn)(void *user_data, void *data);
/* writ_new_class with a pointer of the host's, user_data (NULL too): the
 * class's methods read it with writ_function_user_data, and finalize (may
 * be NULL) receives it with each object's data, so a finalizer can give
 * resources back to the pool, log or registry they came from. The VM never
 * reads or frees it; it must stay valid while objects of the class may be
 * finalized (at the latest, until writ_vm_free returns). Same rules and
 * failures as writ_new_class. */
WRIT_API WritHandle *writ_new_class_ud(WritVM *vm, const char *name, const WritMethod *methods,
                                       size_t data_size, WritFinalizeFn finalize, void *user_data);
/* A frozen namespace of n named values, read as `ns.name` (like a
 * module's exports; printed <module name>). How a host groups its
 * capabilities, as the CLI's `sys` does. Names must be words that may
 * follow a dot: identifiers or keywords (sys.in), each once; name is
 * UTF-8. NULL if not, or if a value is NULL, released or another VM's. */
WRIT_API WritHandle *writ_new_namespace(WritVM *vm, const char *name, int n, const char *const *names,
                                        WritHandle *const *values);
/* A new object of a host class; *data (if not NULL) gets its host data.
 * NULL (and *data NULL) if host_class is not a host class (a script's
 * class, a function, ...), or is NULL or released. */
WRIT_API WritHandle *writ_new_object(WritHandle *host_class, void **data);
/* The host data of a host object (NULL if h is not one). */
WRIT_API void *writ_object_data(const WritHandle *h);
/* The host class of a host object (NULL if h is not one): how a method
 * makes more objects of its own class. */
WRIT_API WritHandle *writ_class_of(const WritHandle *h);
/* Collects garbage now: finalizers of unreachable host objects run. The
 * collector counts memory, not what host data holds (descriptors, ...): a
 * host that runs out of such a resource may collect and try again. Also
 * callable inside a host function. */
WRIT_API void writ_collect(WritVM *vm);

/* Inside a host function or method. Argument 0 is the receiver for a
 * method (the function itself for a function); arguments are numbered
 * from 1. A WritCall is valid only until the host function returns; the
 * functions below do nothing, or give 0, NULL or WRIT_TYPE_INVALID, for
 * a NULL call, and once the call has an error (below) they add no other
 * result. */
WRIT_API WritVM *writ_call_vm(WritCall *call);
WRIT_API void *writ_call_user_data(WritCall *call); /* WritConfig.user_data */
/* The user_data the running host function was made with
 * (writ_new_function_ud; for a method, writ_new_class_ud's); NULL for
 * other functions. */
WRIT_API void *writ_function_user_data(WritCall *call);
/* The workspace whose Writ code called the running host function: how a
 * function granted to several plugins tells which one called it. For code
 * of a workspace a script made with Workspace(), the host workspace it
 * descends from. NULL when no Writ code is running (the host called it,
 * or a built-in it called, with writ_call) or that workspace has been
 * freed. The pointer writ_workspace_new gave: nothing to release. */
WRIT_API WritWorkspace *writ_call_workspace(WritCall *call);
WRIT_API int writ_arg_count(WritCall *call);
/* WRIT_TYPE_INVALID for i out of 0..writ_arg_count. */
WRIT_API WritType writ_arg_type(WritCall *call, int i);
/* Read argument i, or record "bad argument #i to 'name' (number expected,
 * got string)" as the call's error ("got no value" for i out of range)
 * and return 0/NULL. */
WRIT_API double writ_arg_number(WritCall *call, int i);
WRIT_API const char *writ_arg_string(WritCall *call, int i, size_t *len);
/* A new handle to argument i (the host releases it); NULL for i out of
 * range. */
WRIT_API WritHandle *writ_arg(WritCall *call, int i);
/* The receiver's host data (NULL if the receiver is not a host object). */
WRIT_API void *writ_self_data(WritCall *call);
/* A new handle to the value of a function made by writ_new_function_with
 * (nil for other functions and methods). */
WRIT_API WritHandle *writ_function_value(WritCall *call);
/* Writes text where print() writes: through the write callback of the
 * calling workspace (writ_workspace_set_callbacks), else WritConfig.write
 * (nothing if that is NULL, or text is NULL), as one call. */
WRIT_API void writ_write(WritCall *call, const char *text, size_t len);
/* The result (nil unless set). A string must be UTF-8 and a handle this
 * VM's, live: otherwise the call raises an error ("name returned text
 * that is not valid UTF-8", "name: the host returned an invalid
 * handle"). */
WRIT_API void writ_return_nil(WritCall *call);
WRIT_API void writ_return_bool(WritCall *call, int value);
WRIT_API void writ_return_number(WritCall *call, double value);
WRIT_API void writ_return_string(WritCall *call, const char *text, size_t len);
WRIT_API void writ_return(WritCall *call, const WritHandle *value);
/* Makes the call raise an Error with this message (printf-style) when the
 * host function returns. The script may catch it. The first error of a
 * call wins; the message is cut to 511 bytes and bytes that are not UTF-8
 * become '?'; fmt NULL raises "name failed". */
WRIT_API void writ_return_error(WritCall *call, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Argument i as text, the way the language's str(x) makes it (a value's
 * toString method may run). Valid until the host function returns; NULL if
 * that failed or i is out of range (the call then raises that error). */
WRIT_API const char *writ_arg_to_string(WritCall *call, int i, size_t *len);
/* Ends the whole run, as sys.exit does: the host function returns, nothing
 * can catch it, and writ_eval returns WRIT_EXIT with writ_exit_code(vm) ==
 * code. */
WRIT_API void writ_exit(WritCall *call, int code);
/* Charges fuel for work the host function is about to do (about one unit
 * per small step; charge before the work, so a budget stops it first), so
 * budgets hold across host calls too. Returns 1 when paid. Returns 0 when
 * the fuel ran out (+inf always does) or the call has already failed:
 * the run stops with WRIT_ERR_LIMIT once the host function returns, so it
 * must do no more of the work and return at once. Without a fuel limit it
 * costs nothing; units that are not positive are ignored (1). */
WRIT_API int writ_charge(WritCall *call, double units);
/* Before bringing outside data into the VM (bytes read from a file or a
 * stream that will become a string, names that will become a list),
 * asks the memory budget for room for `bytes` more: returns 1 if the heap
 * may grow that much (after a collection if needed). Returns 0 when it
 * may not, or the call has already failed: the run then stops with the
 * memory-limit error (WRIT_ERR_LIMIT) once the host function returns, so
 * read no further and return. Read in chunks and reserve what you hold so
 * far plus the next chunk, so that a huge input stops at the budget
 * instead of being read whole first. Without a memory limit it is 1. */
WRIT_API int writ_reserve(WritCall *call, size_t bytes);

/* ------------------------------------------------------------------ */
/* Looking at values and scopes: what a REPL or a debugger shows         */

/* A new string handle with the value as text: as str(x) makes it, or with
 * quoted set as the REPL shows it (strings quoted and escaped, containers
 * as literals). A value's toString method may run (it is Writ code, maybe
 * a plugin's), so it runs under limits as writ_call does (NULL: none); if
 * it fails or runs out, the error goes to the error callback and the
 * result is NULL. Not callable from inside a host function (NULL; use
 * writ_arg_to_string there). */
WRIT_API WritHandle *writ_to_string(const WritHandle *h, int quoted, const WritLimits *limits);
/* What the language's type(x) says of the value: "number", "string",
 * "list", ..., or an instance's class name. Valid while h lives; NULL for
 * a bad handle. */
WRIT_API const char *writ_type_name(const WritHandle *h);

/* Which names writ_names lists. */
#define WRIT_NAMES_MODULE 1  /* the module's own top-level names */
#define WRIT_NAMES_GRANTED 2 /* names granted to the workspace that the
                                module sees (main_only ones if it runs
                                as the main script) */
#define WRIT_NAMES_BUILTIN 4 /* the built-in functions and classes */
/* A new list of the names (strings, each once, sorted) that code in
 * module `module` of ws can use, of the kinds in `which`. A module that
 * has not run yet has no names of its own and sees what a module that is
 * not the main script sees. NULL for bad arguments. */
WRIT_API WritHandle *writ_names(WritWorkspace *ws, const char *module, int which);
/* The value `name` has for code in module `module` of ws: its top-level
 * variable, else a granted name it sees, else a built-in; NULL if none
 * (or it is declared but not yet defined). */
WRIT_API WritHandle *writ_lookup(WritWorkspace *ws, const char *module, const char *name);
/* A new list of the names (sorted strings) that may follow a dot on this
 * value: its class's methods, or a module's or namespace's exports.
 * Proxies show none (what they forward is theirs to hide). NULL for a bad
 * handle. */
WRIT_API WritHandle *writ_member_names(const WritHandle *h);
/* `h.name` as the language reads it (a module's export, or a method bound
 * to h), or NULL if there is no such member. Runs no Writ code and reports
 * no diagnostic. */
WRIT_API WritHandle *writ_get_member(const WritHandle *h, const char *name);
/* The language's keywords, one per index from 0 (NULL after the last). */
WRIT_API const char *writ_keyword(int index);

/* ------------------------------------------------------------------ */
/* Granting capabilities                                                */

/* Puts a name in ws's top-level scope: every module of ws sees it (or,
 * with main_only, only the code evaluated with WRIT_EVAL_MAIN, as the CLI
 * does for sys and print). This is how a host grants root capabilities;
 * the workspace holds nothing else but the pure built-ins. Names must be
 * identifiers, not keywords. A module takes a granted value the first time
 * its code names it: granting the name again later changes what modules
 * that have not used it yet see, not the others. WRIT_ERR_USAGE for a
 * NULL or freed ws, a bad name, or a value that is NULL, released or
 * another VM's. */
WRIT_API WritStatus writ_grant(WritWorkspace *ws, const char *name, const WritHandle *value,
                               int main_only);

/* The exit code a script asked for with sys.exit (after WRIT_EXIT; 0 for
 * NULL). */
WRIT_API int writ_exit_code(WritVM *vm);

/* Asks the running code to stop with WRIT_ERR_INTERRUPTED at its next
 * loop iteration or call. Safe from a signal handler or another thread
 * (the one call that is; the VM must outlive it). */
WRIT_API void writ_interrupt(WritVM *vm);

/* The root capabilities the command-line tool grants (stdlib/host): the
 * `sys` object and print for the main script of ws. argv are the script's
 * arguments; allow_env gives it sys.env.
 *
 * Directories: sys.dir(path) opens a Dir for a path equal to or below one
 * of allow_read (read only) or allow_write (read and write: a directory a
 * script may change it may also read); allow_all_dirs grants every
 * directory, read and write. The paths (absolute, or relative to the
 * working directory) must name existing directories: writ_grant_sys
 * resolves them (symlinks included) and opens them when called, returning
 * WRIT_ERR_USAGE if one cannot be used; later changes to the path strings
 * do not matter, and no host path is ever shown to the script.
 * Single files: an entry of allow_read or allow_write that is a regular
 * file (itself, not a symlink) grants that one file, opened by
 * sys.file(path) as a File (its parent directory is opened now, and the
 * file by its name alone, never through a symlink); allow_all_dirs grants
 * every file too. A read-only grant's write error names the flag that
 * would allow it, with the path as given here when it is relative.
 * no_openat2 is for tests only: it makes Dirs use the lookup that kernels
 * without openat2 get, component by component (`writ --no-openat2`). Zero
 * the fields you do not use. WRIT_ERR_USAGE also for a NULL or freed ws,
 * NULL options, a negative count, a count whose array is NULL, or an
 * argument that is NULL or not UTF-8. */
typedef struct {
  int argc;
  const char *const *argv;
  int allow_env;
  int nread;
  const char *const *allow_read;
  int nwrite;
  const char *const *allow_write;
  int allow_all_dirs;
  int no_openat2;
  /* The host's event loop, for sys's asynchronous capabilities (NULL: the
   * script has none, and each raises "... needs an event loop: the host
   * gave none"). Writ never waits: sys.clock.after(seconds) makes a
   * promise with writ_promise_new and calls after(loop_ud, seconds,
   * resolver); sys.in.readLineAsync() calls read_line_async(loop_ud,
   * resolver). A callback that returns NULL takes the resolver: it must
   * settle it later from its loop, between turns (writ_resolve: nil once
   * the time has passed; the next line without its newline, nil at the
   * end of input; writ_reject on a read error), then writ_release it, and
   * release it unsettled if the loop ends first. A callback that cannot
   * take it (out of memory, too many pending, no input to read) returns a
   * message instead: the resolver stays Writ's and the call raises
   * "sys.clock.after: MESSAGE". seconds has been checked: finite and
   * >= 0. The callbacks run inside a host function, in the middle of a turn:
   * they only note the request, and settle nothing there (cli/loop.c is
   * an example). */
  const char *(*after)(void *loop_ud, double seconds, WritHandle *resolver);
  const char *(*read_line_async)(void *loop_ud, WritHandle *resolver);
  void *loop_ud;
} WritSysOptions;
WRIT_API WritStatus writ_grant_sys(WritWorkspace *ws, const WritSysOptions *options);

/* A new handle to a Dir (the object sys.dir returns) for the existing host
 * directory path (absolute, or relative to the working directory; symlinks
 * are followed): read only, or read and write if writable is nonzero. This
 * is how a host grants one folder without sys, e.g. each plugin its own
 * (examples/plugin-host). The directory is opened now: later changes to
 * the path string, or renaming the directory, do not matter, and the
 * script never sees the host path (the Dir prints <Dir>, and every path it
 * names is relative to the Dir, which `..`, absolute paths and symlinks
 * cannot leave). The Dir holds one descriptor, closed when the Dir is
 * collected or the VM freed. Returns NULL, with nothing left open, if vm
 * or path is NULL (errno EINVAL), the directory cannot be opened (errno as
 * opening it set it: ENOENT, ENOTDIR, EACCES, ...) or memory ran out
 * (ENOMEM). Callable at any time, also inside a host function. */
WRIT_API WritHandle *writ_new_dir(WritVM *vm, const char *path, int writable);

/* ------------------------------------------------------------------ */
/* Formatting                                                           */

/* Formats Writ source the way `writ fmt` does (the layout rules are in
 * docs/formatting.md): comments, blank lines (at most one), strings and
 * numbers are kept, byte for byte; only spaces, indentation and line
 * breaks change, and the result lexes to the same tokens and comments (it
 * is checked). Needs no VM. On WRIT_OK, *out is a new NUL-terminated text
 * of *out_len bytes, which the caller frees with free(). Otherwise *out is
 * NULL and err (err_cap bytes; NULL with 0 for none) says why:
 * WRIT_ERR_SYNTAX when source does not parse ("LINE:COL: MESSAGE"; a
 * writ_eval with WRIT_EVAL_CHECK reports the same error as a diagnostic),
 * WRIT_ERR_MEMORY, WRIT_ERR_RUNTIME if the layout would have changed the
 * program (a bug in the formatter), WRIT_ERR_USAGE for a NULL out or
 * out_len, a NULL source with len > 0, or a NULL err with err_cap > 0. */
WRIT_API WritStatus writ_format(const char *source, size_t len, char **out, size_t *out_len, char *err,
                                size_t err_cap);

#ifdef __cplusplus
}
#endif

#endif
