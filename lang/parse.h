/* Source text to syntax tree. */
#ifndef WRIT_PARSE_H
#define WRIT_PARSE_H

#include "lang/ast.h"

/* Parses src[0..len) into ctx->root. Checks the source is UTF-8 without
 * NUL bytes and within WRIT_MAX_SOURCE_BYTES. Returns false with ctx->msg,
 * eline, ecol (and ctx->incomplete when more input could complete it). */
bool parse_source(ParseCtx *ctx, const char *src, size_t len);

#endif
