/* The formatter's first half: the source's tokens and comments from the
 * real lexer, what each token is (a map's brace or a block's, a prefix
 * minus, a conditional's colon), and where lines break. format_out.c lays
 * them out. The rules are in docs/formatting.md. */
#include "lang/format.h"
#include <stdio.h>
#include <string.h>
#include "grammar.h"
#include "lang/format_out.h"
#include "lang/lexer.h"
#include "lang/parse.h"
#include "vm/config.h"

bool format_grow(Fmt *f, void **p, size_t elem, int *cap, int need) {
  if (need <= *cap) return true;
  int ncap = *cap ? *cap : 64;
  while (ncap < need) ncap *= 2;
  void *np = f->allocFn(f->ud, *p, (size_t)*cap * elem, (size_t)ncap * elem);
  if (!np) {
    f->oom = true;
    return false;
  }
  *p = np;
  *cap = ncap;
  return true;
}

static int newlines(const char *s, int len) {
  int n = 0;
  for (int i = 0; i < len; i++) n += s[i] == '\n';
  return n;
}

static FTok *push(Fmt *f, const char *s, int len, int tk, int line) {
  if (!format_grow(f, (void **)&f->t, sizeof *f->t, &f->cap, f->n + 1)) return NULL;
  FTok *t = &f->t[f->n++];
  memset(t, 0, sizeof *t);
  t->s = s;
  t->len = len;
  t->tk = tk;
  t->line = line;
  t->endLine = line + newlines(s, len);
  t->match = -1;
  return t;
}

static void on_comment(void *ud, const char *s, int len, int line, int col) {
  Fmt *f = ud;
  (void)col;
  if (f->interp > 0) return; /* inside a string kept whole */
  FTok *t = push(f, s, len, 0, line);
  if (t) t->comment = true;
}

/* Inside an interpolated string: the tokens up to its end become part of
 * the one token that started it. */
static void extend_interp(Fmt *f, int tk, const Token *t) {
  if (tk == TK_STRBEGIN) {
    f->interp++;
  } else if (tk == TK_STREND && --f->interp == 0) {
    FTok *x = &f->t[f->interpTok];
    x->len = (int)(t->s + t->len - x->s);
    x->endLine = x->line + newlines(x->s, x->len);
  }
}

/* The tokens and comments of text (which has parsed) into f->t. */
static bool collect(Fmt *f, const char *text, ParseCtx *ctx) {
  Lexer L;
  lexer_init(&L, text, ctx);
  L.onComment = on_comment;
  L.commentUd = f;
  f->n = 0;
  f->interp = 0;
  f->semi = true;
  int last = -1;
  Token t;
  for (;;) {
    int tk = lexer_next(&L, &t);
    if (tk < 0 || f->oom) return false;
    if (tk == 0) break;
    if (f->interp > 0) {
      extend_interp(f, tk, &t);
      continue;
    }
    if (tk == TK_SEMI && (t.len == 0 || t.s[0] == '\n')) { /* a newline or the end ended a statement */
      f->semi = true;
      continue;
    }
    bool word = (t.s[0] >= 'a' && t.s[0] <= 'z') || (t.s[0] >= 'A' && t.s[0] <= 'Z') || t.s[0] == '_';
    if (last >= 0 && f->t[last].tk == TK_DOT && word) tk = TK_NAME; /* sys.in: a member's name */
    FTok *x = push(f, t.s, t.len, tk == TK_STRBEGIN ? TK_STRING : tk, t.line);
    if (!x) return false;
    x->semiBefore = f->semi;
    f->semi = tk == TK_SEMI;
    last = f->n - 1;
    if (tk == TK_STRBEGIN) {
      f->interp = 1;
      f->interpTok = last;
    }
  }
  return !f->oom;
}

static bool operand_end(int tk) {
  switch (tk) {
  case TK_NAME: case TK_NUMBER: case TK_STRING: case TK_FIELD: case TK_TRUE: case TK_FALSE:
  case TK_NIL: case TK_SELF: case TK_RPAREN: case TK_RBRACKET: case TK_RBRACE:
    return true;
  default:
    return false;
  }
}

/* A '{' opens a block after an operand (if c {, fn f() {, class A {) or
 * else/try/finally/catch; anywhere else an expression starts: a map. */
static bool opens_map(const FTok *prev, const FTok *t) {
  if (!prev || t->semiBefore) return true;
  if (operand_end(prev->tk)) return false;
  return !(prev->tk == TK_ELSE || prev->tk == TK_TRY || prev->tk == TK_FINALLY || prev->tk == TK_CATCH);
}

typedef struct {
  int open[WRIT_MAX_NESTING + 2];
  int pending[WRIT_MAX_NESTING + 2]; /* '?' waiting for their ':' */
  int depth;                          /* open[0]: the top level (-1) */
} Brackets;

static void classify_one(Fmt *f, Brackets *b, int i, const FTok *prev) {
  FTok *t = &f->t[i];
  int top = b->open[b->depth];
  switch (t->tk) {
  case TK_MINUS: case TK_BNOT: t->unary = !prev || t->semiBefore || !operand_end(prev->tk); break;
  case TK_ELLIPSIS: t->unary = true; break;
  case TK_QUESTION: b->pending[b->depth]++; break;
  case TK_COLON:
    if (b->pending[b->depth] > 0) { t->condColon = true; b->pending[b->depth]--; }
    break;
  case TK_SEMI: t->drop = top < 0 || (f->t[top].tk == TK_LBRACE && !f->t[top].map); break;
  case TK_LBRACE: case TK_LPAREN: case TK_LBRACKET:
    if (t->tk == TK_LBRACE) t->map = opens_map(prev, t);
    b->open[++b->depth] = i;
    b->pending[b->depth] = 0;
    break;
  case TK_RBRACE: case TK_RPAREN: case TK_RBRACKET:
    if (top >= 0) {
      t->match = top;
      f->t[top].match = i;
      t->map = f->t[top].map;
      b->depth--;
    }
    break;
  default: break;
  }
}

/* Which token is what, and the source's line breaks. */
static void classify(Fmt *f) {
  Brackets b;
  b.depth = 0;
  b.open[0] = -1;
  b.pending[0] = 0;
  const FTok *prev = NULL;
  for (int i = 0; i < f->n; i++) {
    FTok *t = &f->t[i];
    t->nl = i > 0 && t->line > f->t[i - 1].endLine;
    if (t->comment) continue;
    classify_one(f, &b, i, prev);
    prev = t;
  }
}

/* A ';' between statements becomes a line break (not before a comment on
 * its line, nor before the block's '}'). */
static void split_statements(Fmt *f) {
  for (int i = 0; i < f->n; i++) {
    if (!f->t[i].drop) continue;
    int j = i + 1;
    while (j < f->n && f->t[j].drop) j++;
    if (j >= f->n) continue;
    FTok *t = &f->t[j];
    bool sameLineComment = t->comment && t->line == f->t[i].endLine;
    if (!sameLineComment && t->tk != TK_RBRACE) t->nl = true;
  }
}

/* A block whose statements take more than one line starts them on the
 * line after its '{' and ends with its '}' on a line of its own. Inner
 * blocks close first, so one pass settles the outer ones too. */
static void open_blocks(Fmt *f) {
  int open[WRIT_MAX_NESTING + 2];
  bool any[WRIT_MAX_NESTING + 2];
  int depth = 0;
  any[0] = false;
  for (int i = 0; i < f->n; i++) {
    FTok *t = &f->t[i];
    if (t->drop || t->comment || (t->tk != TK_RBRACE && t->tk != TK_RPAREN && t->tk != TK_RBRACKET)) {
      if (t->nl) any[depth] = true;
    }
    if ((t->tk == TK_LBRACE || t->tk == TK_LPAREN || t->tk == TK_LBRACKET) && !t->comment && t->match > i) {
      open[++depth] = i;
      any[depth] = false;
    } else if (!t->comment && t->match >= 0 && t->match < i && depth > 0) {
      int o = open[depth--];
      bool inner = any[depth + 1] || t->nl;
      if (t->tk == TK_RBRACE && !t->map && inner) {
        int k = o + 1;
        if (k < i && !(f->t[k].comment && f->t[k].line == f->t[o].line)) f->t[k].nl = true;
        t->nl = true;
      }
      if (inner || t->nl) any[depth] = true;
    }
  }
}

/* Blank lines: at most one, none at the start, none just inside brackets. */
static void mark_blanks(Fmt *f) {
  int prev = -1;
  for (int i = 0; i < f->n; i++) {
    FTok *t = &f->t[i];
    if (t->drop) continue;
    if (prev >= 0 && t->nl && t->line > f->t[i - 1].endLine + 1) {
      const FTok *p = &f->t[prev];
      bool afterOpen = !p->comment && (p->tk == TK_LBRACE || p->tk == TK_LPAREN || p->tk == TK_LBRACKET);
      bool beforeClose = !t->comment && (t->tk == TK_RBRACE || t->tk == TK_RPAREN || t->tk == TK_RBRACKET);
      t->blank = !afterOpen && !beforeClose;
    }
    prev = i;
  }
}

/* The output lexes to the same tokens and comments, less the ';' it
 * dropped, and parses. */
static bool same_program(Fmt *orig, Fmt *again) {
  int j = 0;
  for (int i = 0; i < orig->n; i++) {
    const FTok *a = &orig->t[i];
    if (a->drop) continue;
    if (j >= again->n) return false;
    const FTok *b = &again->t[j++];
    if (a->tk != b->tk || a->comment != b->comment || a->len != b->len || memcmp(a->s, b->s, (size_t)a->len))
      return false;
    /* The same statements: a newline ends one where a ';' or a newline
     * did (a '}' on a line of its own is the one difference allowed). */
    if (a->semiBefore != b->semiBefore && a->tk != TK_RBRACE) return false;
  }
  return j == again->n;
}

typedef struct {
  Arena arena;
  ParseCtx ctx;
} Parse;

static bool parse_text(Parse *p, FormatAllocFn allocFn, void *ud, const char *src, size_t len) {
  arena_init(&p->arena, allocFn, ud, NULL, 0);
  memset(&p->ctx, 0, sizeof p->ctx);
  p->ctx.arena = &p->arena;
  return parse_source(&p->ctx, src, len);
}

/* Lexes the parsed source again (parse_source's NUL-terminated copy is
 * not kept, so make one). */
static bool collect_source(Fmt *f, Parse *p, const char *src, size_t len) {
  char *text = arena_alloc_raw(&p->arena, len + 1);
  if (!text) {
    f->oom = true;
    return false;
  }
  memcpy(text, src, len);
  text[len] = '\0';
  return collect(f, text, &p->ctx);
}

static FormatStatus check_output(Fmt *f) {
  Parse p;
  Fmt again;
  memset(&again, 0, sizeof again);
  again.allocFn = f->allocFn;
  again.ud = f->ud;
  FormatStatus st = FORMAT_INTERNAL;
  if (parse_text(&p, f->allocFn, f->ud, f->out, f->outLen) && collect_source(&again, &p, f->out, f->outLen))
    st = same_program(f, &again) ? FORMAT_OK : FORMAT_INTERNAL;
  if (again.oom || p.arena.failed) st = FORMAT_MEMORY;
  f->allocFn(f->ud, again.t, (size_t)again.cap * sizeof *again.t, 0);
  arena_free(&p.arena);
  return st;
}

static FormatStatus format_parsed(Fmt *f, Parse *p, const char *src, size_t len) {
  if (!collect_source(f, p, src, len)) return f->oom ? FORMAT_MEMORY : FORMAT_INTERNAL;
  classify(f);
  split_statements(f);
  open_blocks(f);
  mark_blanks(f);
  for (int round = 0;; round++) { /* breaking a list may open a block, which moves lines */
    if (!format_render(f)) return FORMAT_MEMORY;
    if (round > f->n || !format_break_long(f)) break;
    open_blocks(f);
  }
  if (!format_join(f)) return FORMAT_MEMORY;
  return check_output(f);
}

FormatStatus format_source(const char *src, size_t len, FormatAllocFn allocFn, void *ud, char **out,
                           size_t *outLen, char *err, size_t errCap) {
  *out = NULL;
  *outLen = 0;
  if (errCap) err[0] = '\0';
  Parse p;
  if (!parse_text(&p, allocFn, ud, src, len)) {
    FormatStatus st = p.arena.failed ? FORMAT_MEMORY : FORMAT_SYNTAX;
    if (errCap) snprintf(err, errCap, "%d:%d: %s", p.ctx.eline, p.ctx.ecol, p.ctx.msg);
    arena_free(&p.arena);
    return st;
  }
  Fmt f;
  memset(&f, 0, sizeof f);
  f.allocFn = allocFn;
  f.ud = ud;
  FormatStatus st = format_parsed(&f, &p, src, len);
  arena_free(&p.arena);
  allocFn(ud, f.t, (size_t)f.cap * sizeof *f.t, 0);
  allocFn(ud, f.lines, (size_t)f.lcap * sizeof *f.lines, 0);
  if (st == FORMAT_OK) {
    *out = f.out;
    *outLen = f.outLen;
  } else {
    allocFn(ud, f.out, f.outCap, 0);
  }
  return st;
}
