/* The pure `json` module: parse (RFC 8259 text to maps, lists, strings,
 * numbers, bools and nil) and stringify (the reverse, compact or indented
 * like JavaScript's JSON.stringify(v, null, n)). Both recurse on the C
 * stack, bounded by WRIT_MAX_DATA_DEPTH. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/wstring.h"

/* =====================================================================
 * parse
 * =================================================================== */

/* Values under construction sit on `stack`, a rooted list, rather than in
 * C locals: the temporary root stack is far too small for one root per
 * nesting level. */
typedef struct {
  WVM *vm;
  const char *src, *p, *end;
  int depth;
  ObjList *stack;
  ObjBuffer *scratch; /* unescaped string bytes, number text */
} Parser;

/* Describes the character at `at` for an error: 'x', or U+000A for
 * control characters (the text is valid UTF-8, so copying a multi-byte
 * sequence keeps the message valid). */
static void describe_char(const char *at, const char *end, char *out, size_t cap) {
  unsigned char c = (unsigned char)*at;
  if (c >= 0x20 && c < 0x7f) {
    snprintf(out, cap, "'%c'", c);
  } else if (c < 0x80) {
    snprintf(out, cap, "U+%04X", c);
  } else {
    int n = utf8_seq_len(c);
    if (n < 1 || n > end - at) n = 1;
    snprintf(out, cap, "'%.*s'", n, at);
  }
}

/* Line and column (in code points, both from 1) of `at`. */
static void locate(const Parser *ps, const char *at, long *line, long *col) {
  *line = 1;
  *col = 1;
  for (const char *q = ps->src; q < at; q++) {
    if (*q == '\n') {
      (*line)++;
      *col = 1;
    } else if (((unsigned char)*q & 0xC0) != 0x80) {
      (*col)++;
    }
  }
}

WNORETURN static void fail_at(Parser *ps, const char *at, const char *what) {
  if (at >= ps->end) vm_raise(ps->vm, "json.parse: unexpected end of input");
  long line, col;
  locate(ps, at, &line, &col);
  vm_raise(ps->vm, "json.parse: %s at line %ld, column %ld", what, line, col);
}

WNORETURN static void unexpected(Parser *ps, const char *at) {
  if (at >= ps->end) fail_at(ps, at, "");
  char ch[16], what[48];
  describe_char(at, ps->end, ch, sizeof ch);
  snprintf(what, sizeof what, "unexpected character %s", ch);
  fail_at(ps, at, what);
}

/* Pushes v on the parser's stack; list_push may collect, so v is rooted
 * until it is stored. */
static void hold(Parser *ps, Value v) {
  vm_push_root(ps->vm, v);
  list_push(ps->vm, ps->stack, v);
  vm_pop_root(ps->vm);
}

static void skip_ws(Parser *ps) {
  while (ps->p < ps->end &&
         (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) {
    ps->p++;
  }
}

static bool is_digit(const Parser *ps, const char *q) {
  return q < ps->end && *q >= '0' && *q <= '9';
}

static const char *skip_digits(Parser *ps, const char *q) {
  if (!is_digit(ps, q)) unexpected(ps, q);
  while (is_digit(ps, q)) q++;
  return q;
}

/* Checks the JSON number grammar itself (strtod accepts more: hex, inf,
 * "1."), then converts a NUL-terminated copy of exactly that text. */
static void parse_number(Parser *ps) {
  const char *start = ps->p, *q = start;
  if (q < ps->end && *q == '-') q++;
  if (q < ps->end && *q == '0') {
    q++;
  } else {
    q = skip_digits(ps, q);
  }
  if (q < ps->end && *q == '.') q = skip_digits(ps, q + 1);
  if (q < ps->end && (*q == 'e' || *q == 'E')) {
    q++;
    if (q < ps->end && (*q == '+' || *q == '-')) q++;
    q = skip_digits(ps, q);
  }
  ObjBuffer *b = ps->scratch;
  b->len = 0;
  buffer_append(ps->vm, b, start, (size_t)(q - start));
  buffer_append(ps->vm, b, "", 1);
  ps->p = q;
  hold(ps, NUMBER_VAL(strtod(b->data, NULL)));
}

static uint32_t parse_hex4(Parser *ps) {
  uint32_t cp = 0;
  for (int i = 0; i < 4; i++, ps->p++) {
    if (ps->p >= ps->end) unexpected(ps, ps->p);
    char c = *ps->p;
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) unexpected(ps, ps->p);
    cp = cp * 16 + (uint32_t)d;
  }
  return cp;
}

/* \uXXXX, joining a surrogate pair; a lone surrogate has no UTF-8 form,
 * so it is an error rather than a silently replaced character. */
static uint32_t parse_unicode_escape(Parser *ps, const char *esc) {
  uint32_t cp = parse_hex4(ps);
  if (cp >= 0xDC00 && cp <= 0xDFFF) fail_at(ps, esc, "lone surrogate in \\u escape");
  if (cp < 0xD800 || cp > 0xDBFF) return cp;
  if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u') {
    fail_at(ps, esc, "lone surrogate in \\u escape");
  }
  ps->p += 2;
  uint32_t lo = parse_hex4(ps);
  if (lo < 0xDC00 || lo > 0xDFFF) fail_at(ps, esc, "lone surrogate in \\u escape");
  return 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
}

/* One escape sequence (ps->p at the backslash), appended to b. */
static void parse_escape(Parser *ps, ObjBuffer *b) {
  const char *esc = ps->p++;
  if (ps->p >= ps->end) unexpected(ps, ps->p);
  char c = *ps->p++, out[4];
  int n = 1;
  switch (c) {
    case '"': case '\\': case '/': out[0] = c; break;
    case 'b': out[0] = '\b'; break;
    case 'f': out[0] = '\f'; break;
    case 'n': out[0] = '\n'; break;
    case 'r': out[0] = '\r'; break;
    case 't': out[0] = '\t'; break;
    case 'u': n = utf8_encode(parse_unicode_escape(ps, esc), out); break;
    default: {
      char what[32];
      if (c > 0x20 && c < 0x7f) {
        snprintf(what, sizeof what, "invalid escape '\\%c'", c);
      } else {
        snprintf(what, sizeof what, "invalid escape");
      }
      fail_at(ps, esc, what);
    }
  }
  buffer_append(ps->vm, b, out, (size_t)n);
}

/* A string (ps->p at the opening quote). Raw control characters are not
 * allowed; a string without escapes is interned straight from the text. */
static ObjString *parse_string(Parser *ps) {
  ObjBuffer *b = ps->scratch;
  b->len = 0;
  ps->p++;
  for (;;) {
    const char *run = ps->p;
    while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' &&
           (unsigned char)*ps->p >= 0x20) {
      ps->p++;
    }
    if (ps->p >= ps->end) unexpected(ps, ps->p);
    if (*ps->p == '"' && b->len == 0) {
      ps->p++;
      return str_copy(ps->vm, run, (size_t)(ps->p - 1 - run));
    }
    buffer_append(ps->vm, b, run, (size_t)(ps->p - run));
    if (*ps->p == '"') {
      ps->p++;
      return str_copy(ps->vm, b->data, b->len);
    }
    if (*ps->p != '\\') unexpected(ps, ps->p);
    parse_escape(ps, b);
  }
}

static void parse_value(Parser *ps);

static void enter(Parser *ps) {
  if (++ps->depth > WRIT_MAX_DATA_DEPTH) {
    char what[48];
    snprintf(what, sizeof what, "nesting deeper than %d levels", WRIT_MAX_DATA_DEPTH);
    fail_at(ps, ps->p, what);
  }
  vm_charge(ps->vm, 1);
}

/* After an element: ',' continues (true), `close` ends (false). */
static bool next_element(Parser *ps, char close) {
  skip_ws(ps);
  if (ps->p < ps->end && *ps->p == ',') {
    ps->p++;
    return true;
  }
  if (ps->p < ps->end && *ps->p == close) {
    ps->p++;
    return false;
  }
  unexpected(ps, ps->p);
}

static void parse_array(Parser *ps) {
  enter(ps);
  ps->p++;
  ObjList *l = list_new(ps->vm, 0);
  hold(ps, OBJ_VAL(l));
  skip_ws(ps);
  if (ps->p < ps->end && *ps->p == ']') {
    ps->p++;
  } else {
    do {
      parse_value(ps);
      list_push(ps->vm, l, ps->stack->items[ps->stack->count - 1]);
      ps->stack->count--;
    } while (next_element(ps, ']'));
  }
  ps->depth--;
}

/* Keys and values stay on the stack until map_set has stored them. A
 * repeated key keeps its first position and takes the last value. */
static void parse_object(Parser *ps) {
  enter(ps);
  ps->p++;
  ObjMap *m = map_new(ps->vm);
  hold(ps, OBJ_VAL(m));
  skip_ws(ps);
  if (ps->p < ps->end && *ps->p == '}') {
    ps->p++;
  } else {
    do {
      skip_ws(ps);
      if (ps->p >= ps->end || *ps->p != '"') unexpected(ps, ps->p);
      hold(ps, OBJ_VAL(parse_string(ps)));
      skip_ws(ps);
      if (ps->p >= ps->end || *ps->p != ':') unexpected(ps, ps->p);
      ps->p++;
      parse_value(ps);
      Value *top = &ps->stack->items[ps->stack->count];
      map_set(ps->vm, m, top[-2], top[-1]);
      ps->stack->count -= 2;
    } while (next_element(ps, '}'));
  }
  ps->depth--;
}

static void parse_literal(Parser *ps, const char *word, Value v) {
  for (const char *w = word; *w; w++, ps->p++) {
    if (ps->p >= ps->end || *ps->p != *w) unexpected(ps, ps->p);
  }
  hold(ps, v);
}

static void parse_value(Parser *ps) {
  skip_ws(ps);
  if (ps->p >= ps->end) unexpected(ps, ps->p);
  switch (*ps->p) {
    case '{': parse_object(ps); break;
    case '[': parse_array(ps); break;
    case '"': hold(ps, OBJ_VAL(parse_string(ps))); break;
    case 't': parse_literal(ps, "true", TRUE_VAL); break;
    case 'f': parse_literal(ps, "false", FALSE_VAL); break;
    case 'n': parse_literal(ps, "null", NIL_VAL); break;
    default:
      if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) {
        parse_number(ps);
      } else {
        unexpected(ps, ps->p);
      }
  }
}

static Value json_parse(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *text = arg_string(vm, args, 1, "parse");
  Parser ps = {vm, text->chars, text->chars, text->chars + text->len, 0, NULL, NULL};
  ps.stack = list_new(vm, 16);
  vm_push_root(vm, OBJ_VAL(ps.stack));
  ps.scratch = buffer_new(vm, 64);
  vm_push_root(vm, OBJ_VAL(ps.scratch));
  /* Before reading a byte: the parse, and locating an error, read each
   * byte of the text a bounded number of times. */
  vm_charge(vm, text->len / 8 + 1);
  parse_value(&ps);
  skip_ws(&ps);
  if (ps.p < ps.end) unexpected(&ps, ps.p);
  Value v = ps.stack->items[0];
  vm_pop_roots(vm, 2);
  return v;
}

/* =====================================================================
 * stringify
 * =================================================================== */

/* `path` holds the containers being written, outermost first: a
 * container already on it means a cycle. */
typedef struct {
  WVM *vm;
  ObjBuffer *out;
  ObjList *path;
  int indent;
} Writer;

static void put_raw(Writer *w, const char *s, size_t n) {
  if ((size_t)w->out->len + n > WRIT_MAX_STRING_BYTES) vm_raise_too_long(w->vm);
  buffer_append(w->vm, w->out, s, n);
}

/* Every piece of output is paid for before it is written. */
static void put(Writer *w, const char *s, size_t n) {
  vm_charge(w->vm, n / 8 + 1);
  put_raw(w, s, n);
}

static void put_newline(Writer *w, uint32_t level) {
  if (w->indent == 0) return;
  put(w, "\n", 1);
  for (uint32_t i = 0; i < level * (uint32_t)w->indent; i += 8) {
    uint32_t n = level * (uint32_t)w->indent - i;
    put(w, "        ", n < 8 ? n : 8);
  }
}

/* Escapes as JavaScript does: the two-character forms where JSON has one,
 * \u00XX for other control characters, everything else raw. */
static void put_string(Writer *w, const ObjString *s) {
  size_t run = 0;
  vm_charge(w->vm, s->len / 8 + 1); /* the scan and the raw runs */
  put_raw(w, "\"", 1);
  for (size_t i = 0; i < s->len; i++) {
    unsigned char c = (unsigned char)s->chars[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    put_raw(w, s->chars + run, i - run);
    char esc[8];
    switch (c) {
      case '"': strcpy(esc, "\\\""); break;
      case '\\': strcpy(esc, "\\\\"); break;
      case '\b': strcpy(esc, "\\b"); break;
      case '\f': strcpy(esc, "\\f"); break;
      case '\n': strcpy(esc, "\\n"); break;
      case '\r': strcpy(esc, "\\r"); break;
      case '\t': strcpy(esc, "\\t"); break;
      default: snprintf(esc, sizeof esc, "\\u%04x", c);
    }
    put(w, esc, strlen(esc)); /* each escape pays as it goes */
    run = i + 1;
  }
  put_raw(w, s->chars + run, s->len - run);
  put_raw(w, "\"", 1);
}

static void put_number(Writer *w, double d) {
  if (isnan(d)) vm_raise(w->vm, "json.stringify: cannot represent nan");
  if (isinf(d)) vm_raise(w->vm, "json.stringify: cannot represent %s", d > 0 ? "inf" : "-inf");
  char buf[64];
  int n = d == 0 ? snprintf(buf, sizeof buf, "0") : number_format(d, buf, sizeof buf);
  put(w, buf, (size_t)n);
}

/* Pushes a container on the path; returns its nesting level. */
static uint32_t enter_container(Writer *w, Value v) {
  ObjList *path = w->path;
  if (path->count >= WRIT_MAX_DATA_DEPTH) goto bad;
  vm_charge(w->vm, path->count / 8 + 1); /* the cycle check walks the path */
  for (uint32_t i = 0; i < path->count; i++) {
    if (path->items[i] == v) goto bad;
  }
  list_push(w->vm, path, v);
  return path->count;
bad:
  vm_raise(w->vm, "json.stringify: structure too deep or cyclic");
}

static void put_value(Writer *w, Value v);

static void put_list(Writer *w, ObjList *l) {
  if (l->count == 0) {
    put(w, "[]", 2);
    return;
  }
  uint32_t level = enter_container(w, OBJ_VAL(l));
  put(w, "[", 1);
  for (uint32_t i = 0; i < l->count; i++) {
    if (i > 0) put(w, ",", 1);
    put_newline(w, level);
    put_value(w, l->items[i]);
  }
  put_newline(w, level - 1);
  put(w, "]", 1);
  w->path->count--;
}

static void put_map(Writer *w, ObjMap *m) {
  if (m->count == 0) {
    put(w, "{}", 2);
    return;
  }
  vm_charge(w->vm, m->used - m->count); /* the holes walked past; each value pays its own */
  uint32_t level = enter_container(w, OBJ_VAL(m));
  put(w, "{", 1);
  Value k, v;
  bool first = true;
  for (uint32_t i = 0; map_next(m, &i, &k, &v); first = false) {
    if (!IS_STRING(k)) {
      vm_raise(w->vm, "json.stringify: map keys must be strings, not %s",
               value_type_name(w->vm, k));
    }
    if (!first) put(w, ",", 1);
    put_newline(w, level);
    put_string(w, AS_STRING(k));
    put(w, w->indent ? ": " : ":", w->indent ? 2 : 1);
    put_value(w, v);
  }
  put_newline(w, level - 1);
  put(w, "}", 1);
  w->path->count--;
}

static void put_value(Writer *w, Value v) {
  if (IS_NIL(v)) {
    put(w, "null", 4);
  } else if (IS_BOOL(v)) {
    if (AS_BOOL(v)) put(w, "true", 4);
    else put(w, "false", 5);
  } else if (IS_NUMBER(v)) {
    put_number(w, AS_NUMBER(v));
  } else if (IS_STRING(v)) {
    put_string(w, AS_STRING(v));
  } else if (IS_LIST(v)) {
    put_list(w, AS_LIST(v));
  } else if (IS_MAP(v)) {
    put_map(w, AS_MAP(v));
  } else {
    vm_raise(w->vm, "json.stringify: cannot convert %s to JSON", value_type_name(w->vm, v));
  }
}

static Value json_stringify(WVM *vm, int argc, Value *args) {
  Writer w = {vm, NULL, NULL, 0};
  if (argc >= 2 && !IS_NIL(args[2])) {
    double n = arg_int(vm, args, 2, "stringify");
    if (!(n >= 0 && n <= 10)) vm_raise(vm, "bad argument #2 to 'stringify' (indent must be 0 to 10)");
    w.indent = (int)n;
  }
  w.out = buffer_new(vm, 64);
  vm_push_root(vm, OBJ_VAL(w.out));
  w.path = list_new(vm, 8);
  vm_push_root(vm, OBJ_VAL(w.path));
  put_value(&w, args[1]);
  vm_charge(vm, w.out->len / 8 + 1);
  ObjString *r = str_from_buffer(vm, w.out);
  vm_pop_roots(vm, 2);
  return OBJ_VAL(r);
}

const NativeReg json_functions[] = {
    {"parse", json_parse, 1, 1},
    {"stringify", json_stringify, 1, 2},
    {NULL, NULL, 0, 0},
};
