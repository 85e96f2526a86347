/* The formatter's second half (format.c is the first): from tokens marked
 * with where lines break, the text, with indentation, lists too wide for
 * FORMAT_WIDTH broken one item per line, and trailing comments aligned. */
#ifndef WRIT_FORMAT_OUT_H
#define WRIT_FORMAT_OUT_H

#include "lang/format.h"

/* One token of the source (a whole interpolated string is one TK_STRING;
 * a comment has tk 0), and what the layout decided about it. */
typedef struct {
  const char *s;
  int len, tk, line, endLine;
  int match;       /* the index of the matching bracket, or -1 */
  bool comment;    /* a // or block comment */
  bool semiBefore; /* a statement ended between the code token before and this one */
  bool nl, blank;  /* starts a line; with a blank line before it */
  bool drop;       /* a ';' between statements: a line break replaces it */
  bool map;        /* a '{' or '}' of a map (else of a block) */
  bool unary;      /* a prefix - ~ or ... */
  bool condColon;  /* the ':' of c ? a : b (else of a map entry) */
} FTok;

/* A line of the output being built: its code's bytes in Fmt.out, and a
 * trailing comment (a token) kept apart for alignment. */
typedef struct {
  size_t start, len;
  int first, last;  /* its tokens */
  int comment;      /* the trailing comment's token, or -1 */
  int width;        /* of its code, indentation included */
  int indent;
  bool blankBefore, multiline;
} FLine;

typedef struct {
  FTok *t;
  int n, cap;
  FLine *lines;
  int nlines, lcap;
  char *out;
  size_t outLen, outCap;
  FormatAllocFn allocFn;
  void *ud;
  bool oom;
  int interp, interpTok; /* collecting an interpolated string */
  bool semi;
} Fmt;

/* Grows *p (of *cap elements of elem bytes) to hold need; false when out
 * of memory (f->oom). */
bool format_grow(Fmt *f, void **p, size_t elem, int *cap, int need);
/* Lays the tokens out, line by line, into f->lines and f->out (each
 * line's code, indentation included); false when out of memory. */
bool format_render(Fmt *f);
/* Marks line breaks in each list on a line wider than FORMAT_WIDTH (the
 * first bracket on it that holds a top-level comma and closes on it);
 * true if it marked any. */
bool format_break_long(Fmt *f);
/* Joins the rendered lines into the final text in f->out (NUL-terminated),
 * with blank lines and the trailing comments aligned; false when out of memory. */
bool format_join(Fmt *f);

#endif
