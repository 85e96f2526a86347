/* The formatter's second half: tokens to lines, with indentation and
 * canonical spaces; lists too wide broken one item per line; trailing
 * comments aligned (docs/formatting.md). */
#include "lang/format_out.h"
#include <string.h>
#include "grammar.h"
#include "vm/config.h"

static bool emit(Fmt *f, const char *s, size_t n) {
  if (f->outLen + n + 1 > f->outCap) {
    size_t cap = f->outCap ? f->outCap : 4096;
    while (cap < f->outLen + n + 1) cap *= 2;
    char *p = f->allocFn(f->ud, f->out, f->outCap, cap);
    if (!p) {
      f->oom = true;
      return false;
    }
    f->out = p;
    f->outCap = cap;
  }
  memcpy(f->out + f->outLen, s, n);
  f->outLen += n;
  f->out[f->outLen] = '\0';
  return true;
}

static bool emit_spaces(Fmt *f, int n) {
  static const char sp[] = "                                ";
  for (; n > 0; n -= 32)
    if (!emit(f, sp, (size_t)(n < 32 ? n : 32))) return false;
  return true;
}

static bool is_open(const FTok *t) {
  return !t->comment && (t->tk == TK_LPAREN || t->tk == TK_LBRACKET || t->tk == TK_LBRACE);
}

static bool is_close(const FTok *t) {
  return !t->comment && (t->tk == TK_RPAREN || t->tk == TK_RBRACKET || t->tk == TK_RBRACE);
}

static bool is_block(const FTok *t) { return !t->comment && (t->tk == TK_LBRACE || t->tk == TK_RBRACE) && !t->map; }

static bool operand_end(int tk) {
  switch (tk) {
  case TK_NAME: case TK_NUMBER: case TK_STRING: case TK_FIELD: case TK_TRUE: case TK_FALSE:
  case TK_NIL: case TK_SELF: case TK_RPAREN: case TK_RBRACKET: case TK_RBRACE:
    return true;
  default:
    return false;
  }
}

/* Whether one space goes between p and t on a line. */
static bool space_between(const FTok *p, const FTok *t) {
  if (t->comment || p->comment) return true;
  if (is_open(p) && !is_block(p)) return false;     /* ( [ and a map's { */
  if (is_block(p) && p->tk == TK_LBRACE) return t->tk != TK_RBRACE; /* { x }, {} */
  if (t->tk == TK_RPAREN || t->tk == TK_RBRACKET) return false;
  if (t->tk == TK_RBRACE) return is_block(t);
  if (t->tk == TK_COMMA || t->tk == TK_SEMI || t->tk == TK_DOT || p->tk == TK_DOT) return false;
  if (p->unary) return false;
  if (t->tk == TK_DOTDOT || t->tk == TK_DOTDOTEQ || p->tk == TK_DOTDOT || p->tk == TK_DOTDOTEQ) return false;
  if (t->tk == TK_COLON) return t->condColon;
  if (t->tk == TK_LPAREN) return !(operand_end(p->tk) || p->tk == TK_FN); /* f(x), fn(x) */
  if (t->tk == TK_LBRACKET) return !operand_end(p->tk);                   /* a[i], = [1] */
  return true;
}

typedef struct {
  int indent[WRIT_MAX_NESTING + 2]; /* each open bracket: its line's indentation */
  bool block[WRIT_MAX_NESTING + 2];
  int depth;
} Indents;

/* The indentation of a line that starts with token i: two spaces for each
 * line that left a bracket open, two more for a statement's continuation
 * (or, inside brackets, a line that starts with '.', '?' or ':'). */
static int line_indent(const Fmt *f, const Indents *in, int i, int prevCode) {
  const FTok *t = &f->t[i];
  if (is_close(t)) return in->indent[in->depth];
  int base = in->depth ? in->indent[in->depth] + 2 : 0;
  if (t->comment || prevCode < 0) return base;
  const FTok *p = &f->t[prevCode];
  if (in->depth == 0 || in->block[in->depth]) {
    bool cont = !t->semiBefore && !(is_block(p) && p->tk == TK_LBRACE) && t->tk != TK_ELSE &&
                t->tk != TK_CATCH && t->tk != TK_FINALLY;
    return base + (cont ? 2 : 0);
  }
  return base + (t->tk == TK_DOT || t->tk == TK_QUESTION || t->condColon ? 2 : 0);
}

static FLine *new_line(Fmt *f, int i, int indent) {
  if (!format_grow(f, (void **)&f->lines, sizeof *f->lines, &f->lcap, f->nlines + 1)) return NULL;
  FLine *l = &f->lines[f->nlines++];
  memset(l, 0, sizeof *l);
  l->start = f->outLen;
  l->first = l->last = i;
  l->comment = -1;
  l->blankBefore = f->t[i].blank;
  l->indent = indent;
  return emit_spaces(f, indent) ? l : NULL;
}

static void end_line(Fmt *f, FLine *l) {
  if (!l) return;
  l->len = f->outLen - l->start;
  l->width = (int)l->len;
}

static bool render_token(Fmt *f, Indents *in, FLine **line, int i, int *prev, int *prevCode) {
  FTok *t = &f->t[i];
  if (*prev < 0 || t->nl) {
    end_line(f, *line);
    if (!(*line = new_line(f, i, line_indent(f, in, i, *prevCode)))) return false;
  } else if (t->comment && t->s[1] == '/' && (*line)->first != i) {
    (*line)->comment = i; /* a trailing comment: placed by format_join */
    (*line)->last = i;
    *prev = i;
    return true;
  } else if (space_between(&f->t[*prev], t) && !emit(f, " ", 1)) {
    return false;
  }
  FLine *l = *line;
  l->last = i;
  l->multiline |= t->endLine > t->line;
  if (!emit(f, t->s, (size_t)t->len)) return false;
  if (is_close(t) && in->depth > 0) in->depth--;
  if (is_open(t) && in->depth <= WRIT_MAX_NESTING) {
    in->depth++;
    in->indent[in->depth] = l->indent;
    in->block[in->depth] = is_block(t);
  }
  *prev = i;
  if (!t->comment) *prevCode = i;
  return true;
}

bool format_render(Fmt *f) {
  f->outLen = 0;
  f->nlines = 0;
  Indents in;
  in.depth = 0;
  in.indent[0] = 0;
  in.block[0] = true;
  FLine *line = NULL;
  int prev = -1, prevCode = -1;
  for (int i = 0; i < f->n; i++) {
    if (f->t[i].drop) continue;
    if (!render_token(f, &in, &line, i, &prev, &prevCode)) return false;
  }
  end_line(f, line);
  return !f->oom;
}

/* The first bracket of line l that closes on it and holds a comma of its
 * own, or -1. */
static int list_to_break(const Fmt *f, const FLine *l) {
  for (int k = l->first; k <= l->last; k++) {
    const FTok *t = &f->t[k];
    if (!is_open(t) || is_block(t) || t->match < 0 || t->match > l->last) continue;
    int depth = 0;
    for (int j = k + 1; j < t->match; j++) {
      const FTok *u = &f->t[j];
      if (is_open(u)) depth++;
      else if (is_close(u)) depth--;
      else if (depth == 0 && !u->comment && u->tk == TK_COMMA) return k;
    }
  }
  return -1;
}

bool format_break_long(Fmt *f) {
  bool any = false;
  for (int li = 0; li < f->nlines; li++) {
    FLine *l = &f->lines[li];
    if (l->width <= FORMAT_WIDTH || l->multiline) continue;
    int k = list_to_break(f, l);
    if (k < 0) continue;
    int close = f->t[k].match, depth = 0;
    f->t[k + 1].nl = true;
    for (int j = k + 1; j < close; j++) {
      const FTok *u = &f->t[j];
      if (is_open(u)) depth++;
      else if (is_close(u)) depth--;
      else if (depth == 0 && !u->comment && u->tk == TK_COMMA && j + 1 < close) f->t[j + 1].nl = true;
    }
    f->t[close].nl = true;
    any = true;
  }
  return any;
}

/* Where the trailing comments of lines [from, to) start: one space after
 * the longest code among them. */
static int comment_column(const Fmt *f, int from, int to) {
  int col = 0;
  for (int i = from; i < to; i++)
    if (f->lines[i].width > col) col = f->lines[i].width;
  return col + 1;
}

/* A run of lines whose comments align: each has code and a trailing
 * comment, no blank line or multi-line token between. */
static int run_end(const Fmt *f, int from) {
  int i = from + 1;
  while (i < f->nlines && f->lines[i].comment >= 0 && !f->lines[i].blankBefore && !f->lines[i].multiline &&
         !f->lines[i - 1].multiline)
    i++;
  return i;
}

bool format_join(Fmt *f) {
  Fmt o = *f; /* the text goes to a new buffer; the code stays in f->out */
  o.out = NULL;
  o.outLen = o.outCap = 0;
  int col = 0, runTo = 0;
  bool ok = true;
  for (int i = 0; i < f->nlines && ok; i++) {
    const FLine *l = &f->lines[i];
    if (l->blankBefore && i > 0) ok = emit(&o, "\n", 1);
    ok = ok && emit(&o, f->out + l->start, l->len);
    if (l->comment >= 0) {
      if (i >= runTo) {
        runTo = run_end(f, i);
        col = comment_column(f, i, runTo);
      }
      const FTok *c = &f->t[l->comment];
      ok = ok && emit_spaces(&o, col - l->width) && emit(&o, c->s, (size_t)c->len);
    }
    ok = ok && emit(&o, "\n", 1);
  }
  if (!ok) {
    f->oom = true;
    f->allocFn(f->ud, o.out, o.outCap, 0);
    return false;
  }
  f->allocFn(f->ud, f->out, f->outCap, 0);
  f->out = o.out;
  f->outLen = o.outLen;
  f->outCap = o.outCap;
  if (!f->out) return emit(f, "", 0);
  return true;
}
