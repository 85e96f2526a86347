/* Lexer (re2c): NUL-terminated UTF-8 source to TK_* tokens from lemon's
 * grammar.h. A newline ends a statement when the previous token can end
 * one (Go's rule), except inside ( ) and [ ], and except before a line
 * that starts with `else`, `catch`, `finally`, `.name`, `?` or `:`. */
#include <stdio.h>
#include <ctype.h>
#include <string.h>
#include "lang/lexer.h"
#include "grammar.h"

const char *const lexer_keywords[] = {
    "and", "as", "break", "catch", "class", "continue", "else", "export",
    "false", "finally", "fn", "for", "if", "import", "in", "is", "let", "nil",
    "not", "or", "return", "self", "super", "throw", "true", "try", "var",
    "while", NULL};

void lexer_init(Lexer *L, const char *src, ParseCtx *ctx) {
  L->src = L->cur = L->lineStart = src;
  L->line = 1 + ctx->lineBase;
  L->last = 0;
  L->depth = 0;
  L->atEnd = L->sentEof = false;
  L->header = false;
  L->headerDepth = 0;
  L->namedFn = false;
  L->ctx = ctx;
  L->onComment = NULL;
  L->commentUd = NULL;
}

static bool ends_statement(int tk) {
  switch (tk) {
  case TK_NAME: case TK_NUMBER: case TK_STRING: case TK_STREND: case TK_FIELD: case TK_TRUE:
  case TK_FALSE: case TK_NIL: case TK_SELF: case TK_BREAK: case TK_CONTINUE:
  case TK_RETURN: case TK_RPAREN: case TK_RBRACKET: case TK_RBRACE:
    return true;
  default:
    return false;
  }
}

static bool is_ident(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool word_at(const char *p, const char *w, size_t n) {
  return strncmp(p, w, n) == 0 && !is_ident(p[n]);
}

/* Past spaces, newlines and comments (an unterminated block comment stays:
 * it is not blank, and the scanner reports it). */
static const char *skip_blank(const char *p) {
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (p[0] == '/' && p[1] == '/') {
      while (*p && *p != '\n') p++;
    } else if (p[0] == '/' && p[1] == '*') {
      const char *e = strstr(p + 2, "*/");
      if (!e) return p;
      p = e + 2;
    } else {
      return p;
    }
  }
}

/* A newline inside a fn or class header (`fn f(a)`, `class P < Q`) does
 * not end it when the body's `{` comes next, or nothing yet (the REPL then
 * asks for the next line). */
static bool header_continues(Lexer *L, const char *p) {
  if (!L->header || L->depth != L->headerDepth) return false;
  p = skip_blank(p);
  return *p == '{' || *p == '\0';
}

/* After a newline: does the next significant text continue the statement? */
static bool continues_line(const char *p) {
  p = skip_blank(p);
  if (p[0] == '.' && p[1] != '.') return true;
  if (p[0] == '?' || p[0] == ':') return true; /* a conditional split over lines */
  return word_at(p, "else", 4) || word_at(p, "catch", 5) || word_at(p, "finally", 7);
}

static int lex_error(Lexer *L, const char *at, const char *msg) {
  ast_error(L->ctx, L->line, (int)(at - L->lineStart) + 1, "%s", msg);
  return -1;
}

static int nesting_error(Lexer *L, const char *at) {
  ast_error(L->ctx, L->line, (int)(at - L->lineStart) + 1,
            "too many nested brackets (limit %d)", WRIT_MAX_NESTING);
  return -1;
}

/* Tells the parser's context which bracket is innermost now. */
static void mirror_inner(Lexer *L) {
  if (L->depth == 0) {
    L->ctx->innerLine = 0;
    return;
  }
  int d = L->depth - 1;
  L->ctx->innerLine = L->openLine[d];
  L->ctx->innerWhat = L->quote[d] ? "\\(" : L->stack[d] == '(' ? "(" : L->stack[d] == '[' ? "[" : "{";
}

static bool push_bracket(Lexer *L, const char *at, char c, int quote) {
  if (L->depth >= WRIT_MAX_NESTING) return false;
  L->stack[L->depth] = c;
  L->quote[L->depth] = (uint8_t)quote;
  L->openLine[L->depth] = L->line;
  L->openCol[L->depth] = (int)(at - L->lineStart) + 1;
  L->depth++;
  mirror_inner(L);
  return true;
}

static int open_bracket(Lexer *L, const char *at, char c, int tk) {
  return push_bracket(L, at, c, 0) ? tk : nesting_error(L, at);
}

/* The innermost interpolation still open, or -1. */
static int open_interpolation(const Lexer *L) {
  for (int i = L->depth - 1; i >= 0; i--)
    if (L->quote[i]) return i;
  return -1;
}

/* String text from cur (past the opening quote(s), or past the ')' that
 * ended an interpolation) to its closing quote(s), or to the next "\(",
 * which opens an interpolation (its '(' goes on the bracket stack, and
 * the matching ')' resumes the string). The token keeps its delimiters;
 * lang/ast.c decodes it. quote: 1 for "...", 3 for """...""" (which may
 * span lines). cont: the text follows an interpolation. */
static int scan_string(Lexer *L, Token *t, const char *start, const char *cur, int quote, bool cont) {
  t->quote = quote;
  int startLine = L->line, startCol = (int)(start - L->lineStart) + 1; /* for errors */
  if (quote == 3 && !cont) { /* the text starts on the next line */
    while (*cur == ' ' || *cur == '\t' || *cur == '\r') cur++;
    if (*cur != '\n') {
      if (*cur == '\0') L->ctx->incomplete = true;
      return lex_error(L, start, "a multi-line string starts on the line after its opening \"\"\"");
    }
  }
  for (;;) {
    char ch = *cur;
    if (ch == '\0' || (ch == '\n' && quote == 1)) {
      int open = open_interpolation(L);
      if (ch == '\0') L->ctx->incomplete = true;
      if (open >= 0 && quote == 1) { /* the string inside an interpolation, or after it */
        ast_error(L->ctx, L->openLine[open], L->openCol[open], "'\\(' opened here is never closed");
        return -1;
      }
      ast_error(L->ctx, startLine, startCol, "%s",
                quote == 3 ? "unterminated multi-line string (no closing \"\"\")" : "unterminated string");
      return -1;
    }
    if (ch == '\n') {
      L->line++;
      L->lineStart = cur + 1;
    } else if (ch == '"' && (quote == 1 || (cur[1] == '"' && cur[2] == '"'))) {
      cur += quote;
      L->cur = cur;
      t->len = (int)(cur - start);
      return cont ? TK_STREND : TK_STRING;
    } else if (ch == '\\' && cur[1] == '(') {
      if (!push_bracket(L, cur, '(', quote)) return nesting_error(L, cur); /* at the backslash */
      cur += 2;
      L->cur = cur;
      t->len = (int)(cur - start);
      return cont ? TK_STRMID : TK_STRBEGIN;
    } else if (ch == '\\' && cur[1] != '\0' && (cur[1] != '\n' || quote == 3)) {
      cur++; /* the escaped character is skipped here, decoded later */
      if (*cur == '\n') {
        L->line++;
        L->lineStart = cur + 1;
      }
    }
    cur++;
  }
}

/* A '//' right after an operand and before another ("7 // 2") is most
 * likely meant as division: remember it for the syntax error that usually
 * follows (ast_note_comment). */
static void note_comment(Lexer *L, const char *start, int line) {
  const char *b = start, *a = start + 2;
  while (b > L->lineStart && (b[-1] == ' ' || b[-1] == '\t')) b--;
  while (*a == ' ' || *a == '\t') a++;
  if (b == L->lineStart) return;
  unsigned char before = (unsigned char)b[-1], after = (unsigned char)*a;
  bool operandBefore = before == ')' || before == ']' || before == '_' || isalnum(before);
  bool operandAfter = after == '(' || after == '_' || isalnum(after);
  if (!operandBefore || !operandAfter) return;
  L->ctx->slashLine = line;
  L->ctx->slashDepth = L->depth;
  L->ctx->slashOpen = L->depth > 0;
}

static int close_bracket(Lexer *L, Token *t, const char *start, const char *cur, int tk) {
  if (L->depth > 0 && L->depth <= L->ctx->slashDepth) L->ctx->slashOpen = false;
  if (L->depth > 0 && L->quote[L->depth - 1]) {
    if (tk != TK_RPAREN) return tk; /* a mismatch: the parser reports it */
    int quote = L->quote[--L->depth]; /* an interpolation ends: the string goes on */
    mirror_inner(L);
    return scan_string(L, t, start, cur, quote, true);
  }
  if (L->depth > 0) L->depth--;
  mirror_inner(L);
  return tk;
}

static int scan(Lexer *L, Token *t) {
  const char *mar, *start;
  const char *cur = L->cur;
again:
  start = cur;
  t->s = start;
  t->line = L->line;
  t->col = (int)(start - L->lineStart) + 1;
#define TOK(tk) do { L->cur = cur; t->len = (int)(cur - start); return (tk); } while (0)
  /*!re2c
  re2c:define:YYCTYPE = "unsigned char";
  re2c:define:YYCURSOR = "cur";
  re2c:define:YYMARKER = "mar";
  re2c:yyfill:enable = 0;
  re2c:flags:utf-8 = 0;

  dec = [0-9] ([0-9_]* [0-9])?;
  id = [a-zA-Z_][a-zA-Z0-9_]*;

  "\x00" { L->cur = cur - 1; L->atEnd = true; t->len = 0; return 0; }
  [ \t\r]+ { goto again; }
  "//" [^\n\x00]* {
    note_comment(L, start, t->line);
    if (L->onComment) L->onComment(L->commentUd, start, (int)(cur - start), t->line, t->col);
    goto again;
  }
  "/*" {
    const char *e = strstr(cur, "*/");
    if (!e) {
      L->ctx->incomplete = true;
      return lex_error(L, start, "unterminated block comment");
    }
    if (L->onComment) L->onComment(L->commentUd, start, (int)(e + 2 - start), t->line, t->col);
    for (const char *p = cur; p < e; p++)
      if (*p == '\n') { L->line++; L->lineStart = p + 1; }
    cur = e + 2;
    goto again;
  }
  "\n" {
    int line = L->line;
    L->line++;
    L->lineStart = cur;
    bool inParens = L->depth > 0 && L->stack[L->depth - 1] != '{';
    if (!inParens && ends_statement(L->last) && !continues_line(cur) && !header_continues(L, cur)) {
      t->line = line;
      TOK(TK_SEMI);
    }
    goto again;
  }

  "let" { TOK(TK_LET); }          "var" { TOK(TK_VAR); }
  "fn" { TOK(TK_FN); }            "return" { TOK(TK_RETURN); }
  "if" { TOK(TK_IF); }            "else" { TOK(TK_ELSE); }
  "while" { TOK(TK_WHILE); }      "for" { TOK(TK_FOR); }
  "in" { TOK(TK_IN); }            "break" { TOK(TK_BREAK); }
  "continue" { TOK(TK_CONTINUE); } "class" { TOK(TK_CLASS); }
  "self" { TOK(TK_SELF); }        "super" { TOK(TK_SUPER); }
  "true" { TOK(TK_TRUE); }        "false" { TOK(TK_FALSE); }
  "nil" { TOK(TK_NIL); }          "and" { TOK(TK_AND); }
  "or" { TOK(TK_OR); }            "not" { TOK(TK_NOT); }
  "throw" { TOK(TK_THROW); }      "try" { TOK(TK_TRY); }
  "catch" { TOK(TK_CATCH); }      "import" { TOK(TK_IMPORT); }
  "export" { TOK(TK_EXPORT); }    "as" { TOK(TK_AS); }
  "is" { TOK(TK_IS); }            "finally" { TOK(TK_FINALLY); }

  id { TOK(TK_NAME); }
  "@" id { TOK(TK_FIELD); }
  dec ("." dec)? ([eE] [+-]? dec)? { TOK(TK_NUMBER); }
  "0" [xX] [0-9a-fA-F_]+ { TOK(TK_NUMBER); }
  "0" [bB] [01_]+ { TOK(TK_NUMBER); }
  dec ("." dec)? [eE] { return lex_error(L, start, "malformed number"); }
  dec [a-zA-Z_][a-zA-Z0-9_]* { return lex_error(L, start, "malformed number"); }

  ["]["]["] { return scan_string(L, t, start, cur, 3, false); }
  ["] { return scan_string(L, t, start, cur, 1, false); }

  "(" { L->cur = cur; t->len = 1; return open_bracket(L, start, '(', TK_LPAREN); }
  "[" { L->cur = cur; t->len = 1; return open_bracket(L, start, '[', TK_LBRACKET); }
  "{" { L->cur = cur; t->len = 1; return open_bracket(L, start, '{', TK_LBRACE); }
  ")" { L->cur = cur; t->len = 1; return close_bracket(L, t, start, cur, TK_RPAREN); }
  "]" { L->cur = cur; t->len = 1; return close_bracket(L, t, start, cur, TK_RBRACKET); }
  "}" { L->cur = cur; t->len = 1; return close_bracket(L, t, start, cur, TK_RBRACE); }

  "+" { TOK(TK_PLUS); }   "-" { TOK(TK_MINUS); }  "*" { TOK(TK_STAR); }
  "**" { TOK(TK_POW); }   "?" { TOK(TK_QUESTION); } "..." { TOK(TK_ELLIPSIS); }
  "<-" { TOK(TK_SEND); } /* eventual send: a<-b is not a < -b */
  "/" { TOK(TK_SLASH); }  "%" { TOK(TK_PERCENT); }
  "==" { TOK(TK_EQ); }    "!=" { TOK(TK_NE); }
  "<" { TOK(TK_LT); }     "<=" { TOK(TK_LE); }
  ">" { TOK(TK_GT); }     ">=" { TOK(TK_GE); }
  "=" { TOK(TK_ASSIGN); } "+=" { TOK(TK_PLUSEQ); } "-=" { TOK(TK_MINUSEQ); }
  "*=" { TOK(TK_STAREQ); } "/=" { TOK(TK_SLASHEQ); } "%=" { TOK(TK_PERCENTEQ); }
  "&" { TOK(TK_BAND); }   "|" { TOK(TK_BOR); }    "^" { TOK(TK_BXOR); }
  "~" { TOK(TK_BNOT); }   "<<" { TOK(TK_SHL); }   ">>" { TOK(TK_SHR); }
  "," { TOK(TK_COMMA); }  "." { TOK(TK_DOT); }    ":" { TOK(TK_COLON); }
  ".." { TOK(TK_DOTDOT); } "..=" { TOK(TK_DOTDOTEQ); }
  ";" { TOK(TK_SEMI); }   "=>" { TOK(TK_ARROW); }
  "!" { return lex_error(L, start, "unexpected '!' (use 'not' for negation, '!=' for inequality)"); }
  [^] {
    char msg[64];
    unsigned char c = (unsigned char)*start;
    if (c >= 0x20 && c < 0x7f) snprintf(msg, sizeof msg, "unexpected character '%c'", c);
    else snprintf(msg, sizeof msg, "unexpected character (byte 0x%02x)", c);
    return lex_error(L, start, msg);
  }
  */
#undef TOK
}

int lexer_next(Lexer *L, Token *t) {
  t->quote = 0;
  if (L->atEnd) {
    if (L->depth > 0) { /* for the error at the end: the bracket left open */
      L->ctx->openWhat = L->quote[L->depth - 1] ? "\\(" : L->stack[L->depth - 1] == '(' ? "(" : L->stack[L->depth - 1] == '[' ? "[" : "{";
      L->ctx->openLine = L->openLine[L->depth - 1];
      L->ctx->openCol = L->openCol[L->depth - 1];
    }
    /* Go's rule at the end of input: a final statement needs no newline
     * (a header without its body is not one). */
    if (ends_statement(L->last) && !L->header) {
      L->last = TK_SEMI;
      t->s = L->cur; t->len = 0; t->line = L->line;
      t->col = (int)(L->cur - L->lineStart) + 1;
      return TK_SEMI;
    }
    t->s = L->cur; t->len = 0; t->line = L->line;
    t->col = (int)(L->cur - L->lineStart) + 1;
    return 0;
  }
  int tk = scan(L, t);
  if (tk == 0) return lexer_next(L, t);
  if ((tk == TK_FN || tk == TK_CLASS) && L->last != TK_DOT) { /* not `x.fn` */
    L->header = true;
    L->headerDepth = L->depth;
    L->namedFn = false;
  } else if (L->header && tk == TK_NAME && L->last == TK_FN) {
    L->namedFn = true;
  } else if (L->header && ((tk == TK_LBRACE && L->depth == L->headerDepth + 1) || tk == TK_ARROW || tk == TK_SEMI)) {
    if (tk == TK_ARROW && L->namedFn) L->ctx->arrowAfterNamedFn = true;
    L->header = false;
  }
  if (tk > 0) L->last = tk;
  return tk;
}
