/* The lexer: source text to lemon tokens, with Go's newline rule. */
#ifndef WRIT_LEXER_H
#define WRIT_LEXER_H

#include "lang/ast.h"
#include "vm/config.h"

typedef struct Lexer {
  const char *src, *cur, *lineStart;
  int line;
  int last;      /* previous token type, for the newline rule */
  int depth;     /* open brackets */
  bool header;   /* inside a fn or class header, before its body's `{` */
  int headerDepth; /* the bracket depth the header started at */
  bool namedFn;    /* the header is `fn NAME(...)` (for the '=>' hint) */
  char stack[WRIT_MAX_NESTING];   /* each open bracket: ( [ { */
  uint8_t quote[WRIT_MAX_NESTING]; /* for a "\(" interpolation's (: its string's
                                      quote, 1 or 3; 0 for a plain bracket */
  int openLine[WRIT_MAX_NESTING], openCol[WRIT_MAX_NESTING]; /* where each opened */
  bool atEnd, sentEof;
  ParseCtx *ctx;
  /* When set (lang/format.c), called with each comment's text, where it
   * starts, as the scan passes it; lexer_init leaves it NULL. */
  void (*onComment)(void *ud, const char *s, int len, int line, int col);
  void *commentUd;
} Lexer;

/* src must be NUL-terminated with no other NUL inside (the caller checks). */
void lexer_init(Lexer *L, const char *src, ParseCtx *ctx);
/* Next token type (0 at the end); -1 on a lexical error (ctx has it). */
int lexer_next(Lexer *L, Token *t);
/* The keyword and operator list, for editors and completion. */
extern const char *const lexer_keywords[];

#endif
