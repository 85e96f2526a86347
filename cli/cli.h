/* Pieces of the command-line tool shared between its files. */
#ifndef WRIT_CLI_H
#define WRIT_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include "writ.h"

char *cli_read_file(const char *path, size_t *len, char *err, size_t errcap);
void cli_normalize_path(const char *in, char *out, size_t cap);
/* A module's name: its real path (links and spellings resolved, so one file
 * is one module) relative to the working directory, so names and messages
 * show no absolute host path. malloc'd. */
char *cli_module_name(const char *path);
void cli_print_diagnostic(const WritDiagnostic *d);
/* Runs what the options ask for; returns the process exit status. */
int cli_run(WritVM *vm, WritWorkspace *ws, const char *script, const char *code, const char *check);
int cli_repl(WritVM *vm, WritWorkspace *ws);

#endif
