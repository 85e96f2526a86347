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
  WRIT_EXIT            /* the script called sys.exit(code) */
} WritStatus;

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
/* Receives uncaught errors and syntax errors. */
typedef void (*WritErrorFn)(void *ud, const WritDiagnostic *diag);
/* Loads `import "path"` from the module named importer. Returns source
 * allocated however the host likes (freed with release), sets *canonical
 * (also freed with release) to a name unique per module; on failure
 * returns NULL and writes a reason into err (errcap bytes). */
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

/* Creates a VM; the config is copied. NULL if memory ran out. */
WRIT_API WritVM *writ_vm_new(const WritConfig *config);
/* Frees the VM and everything it owns, workspaces included. */
WRIT_API void writ_vm_free(WritVM *vm);

/* Creates an empty workspace: it sees only the pure built-ins. Owned by
 * the VM; free it with writ_workspace_free or let writ_vm_free do it. */
WRIT_API WritWorkspace *writ_workspace_new(WritVM *vm);
WRIT_API void writ_workspace_free(WritWorkspace *ws);

/* Flags for writ_eval. */
#define WRIT_EVAL_MAIN 1  /* the main script: sees print and the granted sys */
#define WRIT_EVAL_REPL 2  /* more code of the same module; the value of a
                             final expression statement is shown */
#define WRIT_EVAL_CHECK 4 /* only compile: report syntax errors, run nothing */
#define WRIT_EVAL_QUIET_INCOMPLETE 8 /* do not report WRIT_ERR_INCOMPLETE
                             (the caller will ask for more input) */

/* Compiles and runs source as the module `name` of ws (repeated calls with
 * the same name and WRIT_EVAL_REPL continue one module: its top-level names
 * persist). Errors go to the error callback. With WRIT_EVAL_REPL, a final
 * expression's value (unless nil) is written, quoted, through write. */
WRIT_API WritStatus writ_eval(WritWorkspace *ws, const char *name, const char *source,
                              size_t len, int flags);

/* The exit code a script asked for with sys.exit (after WRIT_EXIT). */
WRIT_API int writ_exit_code(WritVM *vm);

/* Asks the running code to stop with WRIT_ERR_INTERRUPTED at its next
 * loop iteration or call. Safe from a signal handler or another thread. */
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
 * no_openat2 is for tests only: it makes Dirs use the lookup that kernels
 * without openat2 get, component by component (`writ --no-openat2`). Zero
 * the fields you do not use. */
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
} WritSysOptions;
WRIT_API WritStatus writ_grant_sys(WritWorkspace *ws, const WritSysOptions *options);

#ifdef __cplusplus
}
#endif

#endif
