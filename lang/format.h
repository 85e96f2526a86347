/* The formatter behind `writ fmt` (layout rules: docs/formatting.md).
 * It re-lays out the real lexer's tokens, comments included, after the
 * real parser has accepted the source: strings, numbers and comments are
 * copied from the source byte for byte, and the result is checked to lex
 * to the same tokens and comments and to parse. */
#ifndef WRIT_FORMAT_H
#define WRIT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include "lang/ast.h"

/* The widest a formatted line's code may be (its indentation included,
 * a trailing comment not) before a bracket list on it is broken. */
#define FORMAT_WIDTH 100

typedef void *(*FormatAllocFn)(void *ud, void *ptr, size_t oldSize, size_t newSize);

typedef enum { FORMAT_OK, FORMAT_SYNTAX, FORMAT_MEMORY, FORMAT_INTERNAL } FormatStatus;

/* Formats src[0..len). On FORMAT_OK, *out is a NUL-terminated text of
 * *outLen bytes from allocFn (the caller frees it with allocFn, size
 * *outLen + 1). FORMAT_SYNTAX: src does not parse (err, of errCap bytes,
 * says why and where, "LINE:COL: MSG"). FORMAT_INTERNAL: the result would
 * not have been the same program (a bug: nothing is written). */
FormatStatus format_source(const char *src, size_t len, FormatAllocFn allocFn, void *ud, char **out,
                           size_t *outLen, char *err, size_t errCap);

#endif
