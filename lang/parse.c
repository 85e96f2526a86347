/* The parse driver: checks the raw bytes, then feeds the lexer's tokens to
 * lemon's parser until the end of input or the first error. */
#include <string.h>
#include "lang/parse.h"
#include "grammar.h"
#include "lang/lexer.h"
#include "vm/config.h"
#include "vm/wstring.h"

/* The two parsers built from grammar.y (see its %include): the small one
 * every parse starts with, and the deep one, with the whole
 * WRIT_PARSER_STACK, for a source that overflows the first. */
void Parser(void *p, int major, Token minor);
void ParserInit(void *p, ParseCtx *ctx);
void ParserFinalize(void *p);
size_t parser_size(void);
void ParserDeep(void *p, int major, Token minor);
void ParserDeepInit(void *p, ParseCtx *ctx);
void ParserDeepFinalize(void *p);
size_t parser_deep_size(void);

typedef struct {
  void (*feed)(void *p, int major, Token minor);
  void (*init)(void *p, ParseCtx *ctx);
  void (*finalize)(void *p);
  size_t (*size)(void);
} ParserOps;

static const ParserOps FIRST = {Parser, ParserInit, ParserFinalize, parser_size};
static const ParserOps DEEP = {ParserDeep, ParserDeepInit, ParserDeepFinalize, parser_deep_size};

static bool check_bytes(ParseCtx *ctx, const char *src, size_t len) {
  if (len > WRIT_MAX_SOURCE_BYTES) {
    ast_error(ctx, 1 + ctx->lineBase, 1, "source too large (limit %u bytes)", (unsigned)WRIT_MAX_SOURCE_BYTES);
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

/* Feeds the tokens of text to a parser placed in the arena. */
static void run_parser(ParseCtx *ctx, const ParserOps *ops, const char *text) {
  void *parser = arena_alloc_raw(ctx->arena, ops->size());
  if (!parser) {
    ast_error(ctx, 1 + ctx->lineBase, 1, "out of memory while parsing");
    return;
  }
  ops->init(parser, ctx);
  Lexer L;
  lexer_init(&L, text, ctx);
  Token t;
  ctx->prevTk[0] = ctx->prevTk[1] = 0;
  for (;;) {
    int tk = lexer_next(&L, &t);
    if (tk < 0) break;
    ctx->tline = t.line;
    ctx->tcol = t.col;
    ops->feed(parser, tk, t);
    ctx->prevTk[1] = ctx->prevTk[0];
    ctx->prevTk[0] = tk;
    if (ctx->error || tk == 0) break;
  }
  ops->finalize(parser);
}

bool parse_source(ParseCtx *ctx, const char *src, size_t len) {
  ctx->root = NULL;
  ctx->error = ctx->incomplete = ctx->overflow = false;
  if (!check_bytes(ctx, src, len)) return false;
  /* The lexer needs a NUL terminator; copy into the arena. */
  char *text = arena_alloc_raw(ctx->arena, len + 1);
  if (!text) {
    ast_error(ctx, 1 + ctx->lineBase, 1, "out of memory while parsing");
    return false;
  }
  memcpy(text, src, len);
  text[len] = '\0';
  ArenaMark start = arena_mark(ctx->arena);
  run_parser(ctx, &FIRST, text);
  if (ctx->overflow) {
    /* Parsing is deterministic and has no effect outside ctx and the
     * arena: drop the first attempt's tree and start again, deeper. */
    arena_release(ctx->arena, start);
    ctx->root = NULL;
    ctx->error = ctx->incomplete = ctx->overflow = false;
    run_parser(ctx, &DEEP, text);
  }
  return !ctx->error && ctx->root != NULL;
}
