/* Syntax tree builders called from grammar.y's actions, the arena they
 * allocate from, and literal decoding (numbers, string escapes). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lang/ast.h"
#include "grammar.h"
#include "vm/wstring.h"

struct ArenaBlock {
  ArenaBlock *next;
  size_t used, cap;
  max_align_t data[];
};

/* Heap blocks start small, since most compiles are short, and double up
 * to ARENA_BLOCK_MAX for long sources. A request larger than the next
 * block gets a block of its own size. */
#define ARENA_BLOCK_FIRST (8 * 1024)
#define ARENA_BLOCK_MAX (64 * 1024)

void arena_init(Arena *a, void *(*allocFn)(void *ud, void *ptr, size_t oldSize, size_t newSize), void *ud,
                void *first, size_t firstSize) {
  a->head = a->borrowed = NULL;
  a->allocFn = allocFn;
  a->ud = ud;
  a->failed = false;
  a->nextBlock = ARENA_BLOCK_FIRST;
  if (first && firstSize > sizeof(ArenaBlock)) {
    ArenaBlock *b = first;
    b->next = NULL;
    b->used = 0;
    b->cap = (firstSize - sizeof(ArenaBlock)) & ~(sizeof(max_align_t) - 1);
    a->head = a->borrowed = b;
  }
}

void *arena_alloc(Arena *a, size_t n) {
  void *p = arena_alloc_raw(a, n);
  if (p) memset(p, 0, n);
  return p;
}

void *arena_alloc_raw(Arena *a, size_t n) {
  n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
  ArenaBlock *b = a->head;
  if (!b || b->used + n > b->cap) {
    size_t cap = n > a->nextBlock ? n : a->nextBlock;
    b = a->allocFn(a->ud, NULL, 0, sizeof(ArenaBlock) + cap);
    if (!b) {
      a->failed = true;
      return NULL;
    }
    b->next = a->head;
    b->used = 0;
    b->cap = cap;
    a->head = b;
    if (a->nextBlock < ARENA_BLOCK_MAX) a->nextBlock *= 2;
  }
  void *p = (char *)b->data + b->used;
  b->used += n;
  return p;
}

ArenaMark arena_mark(const Arena *a) {
  ArenaMark m = {a->head, a->head ? a->head->used : 0};
  return m;
}

void arena_release(Arena *a, ArenaMark m) {
  while (a->head != m.head && a->head != a->borrowed) {
    ArenaBlock *b = a->head;
    a->head = b->next;
    a->allocFn(a->ud, b, sizeof(ArenaBlock) + b->cap, 0);
  }
  if (a->head) a->head->used = m.used;
}

void arena_free(Arena *a) {
  ArenaBlock *b = a->head;
  while (b && b != a->borrowed) { /* the borrowed block is always the last */
    ArenaBlock *next = b->next;
    a->allocFn(a->ud, b, sizeof(ArenaBlock) + b->cap, 0);
    b = next;
  }
  a->head = NULL;
}

void ast_error(ParseCtx *p, int line, int col, const char *fmt, ...) {
  if (p->error) return; /* keep the first error */
  p->error = true;
  p->eline = line;
  p->ecol = col;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p->msg, sizeof p->msg, fmt, ap);
  va_end(ap);
}

void ast_note_comment(ParseCtx *p) {
  if (!p->error || p->slashLine == 0) return;
  if (p->eline != p->slashLine && !p->slashOpen) return;
  size_t n = strlen(p->msg);
  snprintf(p->msg + n, sizeof p->msg - n,
           " (note: '//' on line %d starts a comment; to divide and round down, write math.floor(a / b))",
           p->slashLine);
}

void ast_note_open_bracket(ParseCtx *p) {
  if (!p->error || p->innerLine == 0 || p->innerLine >= p->eline) return;
  size_t n = strlen(p->msg);
  snprintf(p->msg + n, sizeof p->msg - n, " (the '%s' opened on line %d is still open)", p->innerWhat,
           p->innerLine);
}

/* On allocation failure the error is recorded and NULL returned; the
 * driver stops feeding tokens at the first error, so no tree with a NULL
 * hole ever reaches the compiler. */
static Node *node(ParseCtx *p, NodeKind kind, int line, int col) {
  Node *n = arena_alloc(p->arena, sizeof(Node));
  if (!n) {
    ast_error(p, line, col, "out of memory while parsing");
    return NULL;
  }
  n->kind = (uint8_t)kind;
  n->line = line;
  n->col = col;
  return n;
}

Node *ast_node(ParseCtx *p, NodeKind kind, Token at) {
  return node(p, kind, at.line, at.col);
}

Node *ast_wrap(ParseCtx *p, NodeKind kind, Node *a) {
  Node *n = node(p, kind, a ? a->line : 0, a ? a->col : 0);
  if (n) n->a = a;
  return n;
}

static char *copy_text(ParseCtx *p, const char *s, size_t len) {
  char *c = arena_alloc(p->arena, len + 1);
  if (!c) {
    ast_error(p, 0, 0, "out of memory while parsing");
    return NULL;
  }
  memcpy(c, s, len);
  c[len] = '\0';
  return c;
}

Node *ast_name(ParseCtx *p, NodeKind kind, Token t) {
  Node *n = node(p, kind, t.line, t.col);
  if (!n) return NULL;
  const char *s = t.s;
  int len = t.len;
  if (kind == N_FIELD) { s++; len--; } /* drop the @ */
  n->str = copy_text(p, s, (size_t)len);
  n->len = (uint32_t)len;
  return n;
}

Node *ast_number(ParseCtx *p, Token t) {
  Node *n = node(p, N_NUMBER, t.line, t.col);
  if (!n) return NULL;
  char buf[128];
  int k = 0;
  for (int i = 0; i < t.len; i++) {
    if (t.s[i] == '_') continue;
    if (k >= (int)sizeof buf - 1) {
      ast_error(p, t.line, t.col, "number literal too long");
      return n;
    }
    buf[k++] = t.s[i];
  }
  buf[k] = '\0';
  if (k > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X' || buf[1] == 'b' || buf[1] == 'B')) {
    int base = (buf[1] == 'x' || buf[1] == 'X') ? 16 : 2;
    double v = 0;
    for (int i = 2; i < k; i++) {
      int d = buf[i] <= '9' ? buf[i] - '0' : (buf[i] | 0x20) - 'a' + 10;
      v = v * base + d;
    }
    n->num = v;
  } else if (k <= 15 && strspn(buf, "0123456789") == (size_t)k) {
    /* Plain integers, the usual case, need no strtod: up to 15 digits
     * the sum is exact, so the value is the same. */
    double v = 0;
    for (int i = 0; i < k; i++) v = v * 10 + (buf[i] - '0');
    n->num = v;
  } else {
    n->num = strtod(buf, NULL);
  }
  return n;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* \u{...}: 1-6 hex digits naming a Unicode scalar value. */
static int unicode_escape(ParseCtx *p, Token t, const char *s, const char *end, char *out, int *used) {
  const char *q = s + 2; /* past \u */
  int col = t.col + (int)(s - t.s);
  if (q >= end || *q != '{') {
    ast_error(p, t.line, col, "invalid escape: \\u needs braces, as in \\u{e9}");
    return -1;
  }
  q++;
  unsigned long cp = 0;
  int digits = 0;
  while (q < end && *q != '}' && digits <= 6) {
    int h = hexval(*q++);
    if (h < 0) { digits = 99; break; }
    cp = cp * 16 + (unsigned long)h;
    digits++;
  }
  if (q >= end || *q != '}' || digits == 0 || digits > 6 || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    ast_error(p, t.line, col, "invalid unicode escape");
    return -1;
  }
  *used = (int)(q + 1 - s);
  return utf8_encode((uint32_t)cp, out);
}

/* Where byte at of token t is (tokens of multi-line strings span lines). */
static void token_pos(Token t, const char *at, int *line, int *col) {
  *line = t.line;
  *col = t.col;
  for (const char *q = t.s; q < at; q++) {
    if (*q == '\n') {
      (*line)++;
      *col = 1;
    } else {
      (*col)++;
    }
  }
}

static void text_error(ParseCtx *p, Token t, const char *at, const char *msg) {
  int line, col;
  token_pos(t, at, &line, &col);
  ast_error(p, line, col, "%s", msg);
}

/* One escape at s (a backslash) into out; its length in the source into
 * *used. -1 after an error. */
static int escape(ParseCtx *p, Token t, const char *s, const char *end, char *out, int *used) {
  *used = 2;
  switch (s[1]) {
  case 'n': *out = '\n'; return 1;
  case 't': *out = '\t'; return 1;
  case 'r': *out = '\r'; return 1;
  case 'b': *out = '\b'; return 1;
  case 'f': *out = '\f'; return 1;
  case 'v': *out = '\v'; return 1;
  case '0': *out = '\0'; return 1;
  case '\\': *out = '\\'; return 1;
  case '"': *out = '"'; return 1;
  case '\'': *out = '\''; return 1;
  case 'x': { /* \xHH: exactly two hex digits, U+0000 to U+00FF (as UTF-8) */
    int hi = s + 2 < end ? hexval(s[2]) : -1, lo = s + 3 < end ? hexval(s[3]) : -1;
    if (hi < 0 || lo < 0) {
      text_error(p, t, s, "invalid escape: \\x needs two hex digits, as in \\x41");
      return -1;
    }
    *used = 4;
    return utf8_encode((uint32_t)(hi * 16 + lo), out);
  }
  case 'u': {
    int line, col;
    token_pos(t, s, &line, &col);
    Token at = {s, (int)(end - s), line, col, 0};
    return unicode_escape(p, at, s, end, out, used);
  }
  default: {
    char msg[64];
    snprintf(msg, sizeof msg, "invalid escape sequence '\\%c'", s[1]);
    text_error(p, t, s, msg);
    return -1;
  }
  }
}

/* How a multi-line string's lines are cut: the closing quotes' indent,
 * removed from the start of every line. */
typedef struct {
  const char *indent;
  size_t len;
} Indent;

/* Decodes text s..end of token t (escapes; for a multi-line string, the
 * indent off the start of each line: lineStart says s starts one) onto
 * out + *k. false after an error. */
static bool decode_text(ParseCtx *p, Token t, const char *s, const char *end, const Indent *in, bool lineStart,
                        char *out, size_t *k) {
  while (s < end) {
    if (in && lineStart) {
      const char *e = s;
      while (e < end && (*e == ' ' || *e == '\t')) e++;
      if (e < end && *e == '\n') { /* a blank line: its spaces go */
        s = e;
      } else if ((size_t)(e - s) >= in->len && memcmp(s, in->indent, in->len) == 0) {
        s += in->len;
      } else {
        text_error(p, t, s, "this line of a multi-line string is indented less than its closing \"\"\"");
        return false;
      }
      lineStart = false;
      continue;
    }
    if (*s == '\n') {
      out[(*k)++] = *s++;
      lineStart = true;
      continue;
    }
    if (*s != '\\') {
      out[(*k)++] = *s++;
      continue;
    }
    if (in && s + 1 < end && s[1] == '\n') { /* a backslash ends a line without a newline */
      s += 2;
      lineStart = true;
      continue;
    }
    int used, w = escape(p, t, s, end, out + *k, &used);
    if (w < 0) return false;
    *k += (size_t)w;
    s += used;
  }
  return true;
}

/* The text between a string token's delimiters: after " or \"\"\" and its
 * line break (first parts) or after ')' (parts that follow an
 * interpolation); up to "\(" (parts an interpolation follows) or the
 * closing quotes, and for a multi-line string up to the line break before
 * them. The closing line's indent goes into *in. */
static bool text_bounds(ParseCtx *p, Token t, bool first, bool last, const char **s, const char **end, Indent *in) {
  *s = t.s + 1;
  if (first && t.quote == 3) {
    *s = t.s + 3;
    while (**s != '\n') (*s)++; /* the lexer checked the line holds nothing else */
    (*s)++;
  }
  *end = t.s + t.len - (last ? t.quote : 2);
  if (!last || t.quote != 3) return true;
  const char *nl = *end;
  while (nl > t.s && nl[-1] != '\n') nl--;
  for (const char *q = nl; q < *end; q++)
    if (*q != ' ' && *q != '\t') {
      text_error(p, t, *end, "the closing \"\"\" of a multi-line string must be on a line of its own");
      return false;
    }
  in->indent = nl;
  in->len = (size_t)(*end - nl);
  /* The line break before the closing line is not part of the text. */
  *end = nl > *s ? nl - 1 : *s;
  return true;
}

Node *ast_string(ParseCtx *p, Token t) {
  Node *n = node(p, N_STRING, t.line, t.col);
  if (!n) return NULL;
  char *out = arena_alloc(p->arena, (size_t)t.len + 1);
  if (!out) { ast_error(p, t.line, t.col, "out of memory while parsing"); return n; }
  const char *s, *end;
  Indent in = {NULL, 0};
  size_t k = 0;
  if (text_bounds(p, t, true, true, &s, &end, &in) &&
      decode_text(p, t, s, end, t.quote == 3 ? &in : NULL, t.quote == 3, out, &k)) {
    out[k] = '\0';
    n->str = out;
    n->len = (uint32_t)k;
  }
  return n;
}

Node *ast_raw_text(ParseCtx *p, Token t) {
  Node *n = node(p, N_STRING, t.line, t.col);
  if (!n) return NULL;
  n->str = t.s; /* decoded by ast_interp, once the closing part gives the indent */
  n->len = (uint32_t)t.len;
  n->op = t.quote;
  return n;
}

/* One text part of an interpolated string, decoded: a node for parts. */
static Node *interp_text(ParseCtx *p, Token t, bool first, bool last, const Indent *indent) {
  const char *s, *end;
  Indent ignored;
  char *out = arena_alloc(p->arena, (size_t)t.len + 1);
  Node *text = node(p, N_STRING, t.line, t.col);
  if (!out || !text) {
    ast_error(p, t.line, t.col, "out of memory while parsing");
    return NULL;
  }
  size_t k = 0;
  if (!text_bounds(p, t, first, last, &s, &end, &ignored) ||
      !decode_text(p, t, s, end, indent, first && indent, out, &k))
    return NULL;
  out[k] = '\0';
  text->str = out;
  text->len = (uint32_t)k;
  return text;
}

/* "a\(x)b\(y)c": N_INTERP, list = the parts in order: the decoded text
 * parts (N_STRING, maybe empty) and the expressions between them. middle
 * holds, after the first expression, each raw text part (ast_raw_text)
 * and the expression after it. */
Node *ast_interp(ParseCtx *p, Token begin, Node *first, NodeList *middle, Token close) {
  Node *n = node(p, N_INTERP, begin.line, begin.col);
  if (!n) return NULL;
  NodeList *parts = ast_list(p);
  n->list = parts;
  /* The closing part first: for a multi-line string it gives the indent. */
  Indent in = {NULL, 0};
  const char *s, *end;
  if (!text_bounds(p, close, false, true, &s, &end, &in)) return n;
  const Indent *indent = close.quote == 3 ? &in : NULL;
  Node *text = interp_text(p, begin, true, false, indent);
  if (!text) return n;
  ast_append(p, parts, text);
  ast_append(p, parts, first);
  for (Node *raw = middle->head; raw && raw->next;) {
    Node *e = raw->next, *after = e->next; /* appending relinks e */
    Token t = {raw->str, (int)raw->len, raw->line, raw->col, raw->op};
    if (!(text = interp_text(p, t, false, false, indent))) return n;
    ast_append(p, parts, text);
    ast_append(p, parts, e);
    raw = after;
  }
  if ((text = interp_text(p, close, false, true, indent))) ast_append(p, parts, text);
  return n;
}

Node *ast_cond(ParseCtx *p, Token op, Node *cond, Node *then, Node *otherwise) {
  Node *n = node(p, N_COND, op.line, op.col);
  if (n) {
    n->a = cond;
    n->b = then;
    n->c = otherwise;
  }
  return n;
}

Node *ast_unary(ParseCtx *p, NodeKind kind, Token op, Node *a) {
  Node *n = node(p, kind, op.line, op.col);
  if (n) n->a = a;
  return n;
}

Node *ast_binary(ParseCtx *p, Token op, int tk, Node *a, Node *b) {
  Node *n = node(p, N_BINARY, op.line, op.col);
  if (!n) return NULL;
  n->op = tk;
  n->a = a;
  n->b = b;
  return n;
}

Node *ast_logic(ParseCtx *p, NodeKind kind, Token op, Node *a, Node *b) {
  Node *n = node(p, kind, op.line, op.col);
  if (!n) return NULL;
  n->a = a;
  n->b = b;
  return n;
}

Node *ast_range(ParseCtx *p, Token op, Node *a, Node *b, bool inclusive) {
  Node *n = ast_logic(p, N_RANGE, op, a, b);
  if (n) n->op = inclusive;
  return n;
}

Node *ast_call(ParseCtx *p, Token at, Node *callee, NodeList *args) {
  Node *n = node(p, N_CALL, at.line, at.col);
  if (!n) return NULL;
  n->a = callee;
  n->list = args;
  return n;
}

/* target <- name(args), or target <- (args) when name is NULL: an N_CALL
 * with op TK_SEND, the target in a and the method's name in str. */
Node *ast_send(ParseCtx *p, Token at, Node *target, const Token *name, NodeList *args) {
  Node *n = ast_call(p, at, target, args);
  if (!n) return NULL;
  n->op = TK_SEND;
  if (name) {
    Node *m = ast_name(p, N_MEMBER, *name);
    if (!m) return NULL;
    n->str = m->str;
    n->len = m->len;
  }
  return n;
}

Node *ast_member(ParseCtx *p, Token name, Node *obj) {
  Node *n = ast_name(p, N_MEMBER, name);
  if (n) n->a = obj;
  return n;
}

Node *ast_index(ParseCtx *p, Token at, Node *obj, Node *idx) {
  Node *n = node(p, N_INDEX, at.line, at.col);
  if (!n) return NULL;
  n->a = obj;
  n->b = idx;
  return n;
}

Node *ast_collection(ParseCtx *p, NodeKind kind, Token at, NodeList *items) {
  Node *n = node(p, kind, at.line, at.col);
  if (n) n->list = items;
  return n;
}

Node *ast_entry(ParseCtx *p, Node *key, Node *value) {
  Node *n = node(p, N_MAPENTRY, key ? key->line : 0, key ? key->col : 0);
  if (!n) return NULL;
  n->a = key;
  n->b = value;
  return n;
}

/* N_FUNC: str = name or NULL, list = params, b = body, op = 1 for `=> expr`. */
Node *ast_func(ParseCtx *p, Token at, Token *name, NodeList *params, Node *body, bool exprBody) {
  Node *n = name ? ast_name(p, N_FUNC, *name) : node(p, N_FUNC, at.line, at.col);
  if (!n) return NULL;
  n->line = at.line;
  n->col = at.col;
  n->list = params;
  n->b = body;
  n->op = exprBody;
  return n;
}

Node *ast_param(ParseCtx *p, Token name, Node *dflt, bool rest) {
  Node *n = ast_name(p, N_NAME, name);
  if (n) {
    n->a = dflt;
    n->op = rest;
  }
  return n;
}

/* N_LET / N_VAR / N_FNDECL: str = name, a = initialiser (or function). */
Node *ast_decl(ParseCtx *p, NodeKind kind, Token name, Node *init) {
  Node *n = ast_name(p, kind, name);
  if (n) n->a = init;
  return n;
}

/* N_DESTRUCT: op = 1 for var, list = names, a = value. */
Node *ast_destruct(ParseCtx *p, Token at, bool isVar, NodeList *names, Node *init) {
  Node *n = node(p, N_DESTRUCT, at.line, at.col);
  if (!n) return NULL;
  n->op = isVar;
  n->list = names;
  n->a = init;
  return n;
}

/* N_ASSIGN: op = TK_ASSIGN or the arithmetic operator of `op=`. */
Node *ast_assign(ParseCtx *p, Token op, int tk, Node *target, Node *value) {
  Node *n = node(p, N_ASSIGN, op.line, op.col);
  if (!n) return NULL;
  n->op = tk;
  n->a = target;
  n->b = value;
  if (target && target->kind != N_NAME && target->kind != N_FIELD && target->kind != N_INDEX) {
    if (target->kind == N_MEMBER)
      ast_error(p, op.line, op.col,
                "cannot assign to '.%s': members are read-only from outside "
                "(an object's fields are private: use @%s in its class's methods)",
                target->str, target->str);
    else
      ast_error(p, op.line, op.col, "invalid assignment target");
  }
  return n;
}

Node *ast_stmt(ParseCtx *p, NodeKind kind, Token at, Node *a, Node *b, Node *c) {
  Node *n = node(p, kind, at.line, at.col);
  if (!n) return NULL;
  n->a = a;
  n->b = b;
  n->c = c;
  return n;
}

/* N_FOR: str = first variable, str2 = second (k, v form) or NULL,
 * a = iterable, b = body. */
Node *ast_for(ParseCtx *p, Token at, Token v1, Token *v2, Node *iter, Node *body) {
  Node *n = ast_name(p, N_FOR, v1);
  if (!n) return NULL;
  n->line = at.line;
  n->col = at.col;
  if (v2) {
    n->str2 = copy_text(p, v2->s, (size_t)v2->len);
    n->len2 = (uint32_t)v2->len;
  }
  n->a = iter;
  n->b = body;
  return n;
}

/* N_TRY: a = body, list = catch clauses (N_CATCH, tried in order, maybe
 * none), c = finally block or NULL. */
Node *ast_try(ParseCtx *p, Token at, Node *body, NodeList *catches, Node *finally) {
  Node *n = node(p, N_TRY, at.line, at.col);
  if (!n) return NULL;
  n->a = body;
  n->list = catches;
  n->c = finally;
  return n;
}

/* N_CATCH: str = the variable or NULL, a = the class it must be an
 * instance of or NULL (any value), b = the handler block. */
Node *ast_catch(ParseCtx *p, Token at, Token *var, Node *klass, Node *handler) {
  Node *n = var ? ast_name(p, N_CATCH, *var) : node(p, N_CATCH, at.line, at.col);
  if (!n) return NULL;
  n->line = at.line;
  n->col = at.col;
  n->a = klass;
  n->b = handler;
  return n;
}

/* N_CLASS: str = name, a = superclass expression or NULL, list = methods. */
Node *ast_class(ParseCtx *p, Token at, Token name, Node *super, NodeList *methods) {
  Node *n = ast_name(p, N_CLASS, name);
  if (!n) return NULL;
  n->line = at.line;
  n->col = at.col;
  n->a = super;
  n->list = methods;
  return n;
}

/* N_IMPORT: str = module name or decoded path, op = 1 for a path,
 * str2 = the binding name. */
Node *ast_import(ParseCtx *p, Token at, Token what, bool isPath, Token *alias) {
  Node *n = isPath ? ast_string(p, what) : ast_name(p, N_NAME, what);
  if (!n || p->error) return n;
  n->kind = N_IMPORT;
  n->line = at.line;
  n->col = at.col;
  n->op = isPath;
  if (alias) {
    n->str2 = copy_text(p, alias->s, (size_t)alias->len);
    n->len2 = (uint32_t)alias->len;
    return n;
  }
  /* Default binding: the last path component, without an extension. */
  const char *s = n->str, *base = s;
  for (const char *q = s; *q; q++)
    if (*q == '/') base = q + 1;
  size_t len = strlen(base);
  const char *dot = strrchr(base, '.');
  if (dot && dot != base) len = (size_t)(dot - base);
  bool ok = len > 0 && !(base[0] >= '0' && base[0] <= '9');
  for (size_t i = 0; i < len && ok; i++) {
    char c = base[i];
    ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  if (!ok) {
    ast_error(p, at.line, at.col, "cannot name module \"%s\"; write: import \"%s\" as name", s, s);
    return n;
  }
  n->str2 = copy_text(p, base, len);
  n->len2 = (uint32_t)len;
  return n;
}

Node *ast_export(ParseCtx *p, Token at, Node *decl) {
  return ast_stmt(p, N_EXPORT, at, decl, NULL, NULL);
}

Node *ast_block(ParseCtx *p, Token at, NodeList *stmts) {
  Node *n = node(p, N_BLOCK, at.line, at.col);
  if (n) n->list = stmts;
  return n;
}

NodeList *ast_list(ParseCtx *p) {
  NodeList *l = arena_alloc(p->arena, sizeof(NodeList));
  if (!l) ast_error(p, 0, 0, "out of memory while parsing");
  return l;
}

NodeList *ast_append(ParseCtx *p, NodeList *l, Node *n) {
  (void)p;
  if (!l || !n) return l;
  n->next = NULL;
  if (l->tail) l->tail->next = n;
  else l->head = n;
  l->tail = n;
  l->count++;
  return l;
}
