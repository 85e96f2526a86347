/* The parse driver: checks the raw bytes, then feeds the lexer's tokens to
 * lemon's parser until the end of input or the first error. */
#include <string.h>
#include "parse.h"
#include "lexer.h"
#include "grammar.h"
#include "../vm/config.h"
#include "../vm/wstring.h"

void Parser(void *p, int major, Token minor);
void ParserInit(void *p, ParseCtx *ctx);
void ParserFinalize(void *p);

size_t parser_size(void);

static bool check_bytes(ParseCtx *ctx, const char *src, size_t len) {
  if (len > WRIT_MAX_SOURCE_BYTES) {
    ast_error(ctx, 1 + ctx->lineBase, 1, "source too large (%zu bytes; the limit is %u)", len,
              (unsigned)WRIT_MAX_SOURCE_BYTES);
    return false;
  }
  const char *nul = memchr(src, '\0', len);
  size_t bad = len;
  const char *what = NULL;
  if (nul) { bad = (size_t)(nul - src); what = "source contains a NUL byte"; }
  long inv = utf8_invalid_at(src, len);
  if (inv >= 0 && (size_t)inv < bad) { bad = (size_t)inv; what = "source is not valid UTF-8"; }
  if (!what) return true;
  int line = 1 + ctx->lineBase;
  size_t lineStart = 0;
  for (size_t i = 0; i < bad; i++)
    if (src[i] == '\n') { line++; lineStart = i + 1; }
  ast_error(ctx, line, (int)(bad - lineStart) + 1, "%s", what);
  return false;
}

bool parse_source(ParseCtx *ctx, const char *src, size_t len) {
  ctx->root = NULL;
  ctx->error = ctx->incomplete = false;
  if (!check_bytes(ctx, src, len)) return false;
  /* The lexer needs a NUL terminator; copy into the arena. */
  char *text = arena_alloc_raw(ctx->arena, len + 1);
  void *parser = arena_alloc_raw(ctx->arena, parser_size());
  if (!text || !parser) {
    ast_error(ctx, 1 + ctx->lineBase, 1, "out of memory while parsing");
    return false;
  }
  memcpy(text, src, len);
  text[len] = '\0';
  ParserInit(parser, ctx);
  Lexer L;
  lexer_init(&L, text, ctx);
  Token t;
  for (;;) {
    int tk = lexer_next(&L, &t);
    if (tk < 0) break;
    ctx->tline = t.line;
    ctx->tcol = t.col;
    Parser(parser, tk, t);
    if (ctx->error || tk == 0) break;
  }
  ParserFinalize(parser);
  return !ctx->error && ctx->root != NULL;
}
