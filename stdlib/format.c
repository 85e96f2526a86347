/* s.format(...): Python's str.format and its format-spec mini-language.
 *
 *   "{} and {}"  "{0} {1} {0}"  "{name}" (an entry of a map given as the
 *   last argument)  "{{ }}" (literal braces)  "{!r}" (quoted, as in a list)
 *   "{:[[fill]align][sign][#][0][width][,|_][.precision][type]}"
 *   "{:>{}}" (one level of nested fields inside a spec)
 *
 * Types: d x X o b (whole numbers), f F e E g G % (numbers), s (any
 * value, through str()); none: str() for anything, 'g' for a number with a
 * precision. Numbers align right by default, everything else left. Width
 * and precision count code points. Every error names the field at fault.
 *
 * Work is charged before it is done (the format string, each field, each
 * piece of output), and output goes through a rooted buffer, so neither a
 * huge width nor a long string escapes the budgets. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/wstring.h"

/* The longest body a number can format to: 'f' of 1.8e308 at the largest
 * precision is 309 digits, a point and MAX_PRECISION more; binary of a
 * whole double is at most 1024 digits. */
#define MAX_PRECISION 1000
#define NUMBUF (1100 + MAX_PRECISION)

typedef struct {
  char fill[4];
  int fillLen;
  char align; /* 0 (the default for the value), '<' '>' '^' '=' */
  char sign;  /* 0, '+', '-', ' ' */
  bool alt;   /* '#' */
  char group; /* 0, ',' or '_' */
  double width;     /* -1: none */
  int precision;    /* -1: none */
  char type;        /* 0 or the type letter */
} Spec;

/* The state of one format() call. */
typedef struct {
  WVM *vm;
  Value *args; /* args[0] is the format string, args[1..] the values */
  int nargs;   /* values given */
  int autoNext; /* the next {} */
  int numbering; /* 0 unknown, 1 automatic, 2 manual */
  const char *field; /* the field being formatted, for errors */
  int fieldLen;
} Fmt;

WNORETURN static void fmt_error(Fmt *f, const char *what) {
  if (f->field)
    vm_raise(f->vm, "format '%.*s': %s", f->fieldLen > 60 ? 60 : f->fieldLen, f->field, what);
  vm_raise(f->vm, "format: %s", what);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* ---------------------------------------------------------------------
 * Choosing the value of a field
 * ------------------------------------------------------------------- */

static Value arg_at(Fmt *f, double i) {
  if (i >= f->nargs) {
    char msg[120];
    snprintf(msg, sizeof msg, "there is no argument %.0f (%d given; they count from 0)", i,
             f->nargs);
    fmt_error(f, msg);
  }
  return f->args[1 + (int)i];
}

/* The value a field name (empty, a number or a name) refers to. */
static Value field_value(Fmt *f, const char *name, size_t n) {
  if (n == 0) {
    if (f->numbering == 2)
      fmt_error(f, "cannot switch from numbered fields like {0} to automatic ones like {}");
    f->numbering = 1;
    return arg_at(f, f->autoNext++);
  }
  if (is_digit(name[0])) {
    double i = 0;
    for (size_t k = 0; k < n; k++) {
      if (!is_digit(name[k])) fmt_error(f, "a field name is a number or a name");
      i = i * 10 + (name[k] - '0');
    }
    if (f->numbering == 1)
      fmt_error(f, "cannot switch from automatic fields like {} to numbered ones like {0}");
    f->numbering = 2;
    return arg_at(f, i);
  }
  if (!is_name_start(name[0])) fmt_error(f, "a field name is a number or a name");
  for (size_t k = 1; k < n; k++)
    if (!is_name_start(name[k]) && !is_digit(name[k]))
      fmt_error(f, "a field name is a number or a name");
  Value last = f->nargs > 0 ? f->args[f->nargs] : NIL_VAL;
  if (!IS_MAP(last)) fmt_error(f, "a named field needs a map as the last argument");
  Value v;
  if (!map_get_bytes(f->vm, AS_MAP(last), name, n, &v)) {
    char msg[120];
    snprintf(msg, sizeof msg, "the map has no key \"%.*s\"", n > 40 ? 40 : (int)n, name);
    fmt_error(f, msg);
  }
  return v;
}

/* ---------------------------------------------------------------------
 * Parsing a spec
 * ------------------------------------------------------------------- */

static bool is_align(char c) { return c == '<' || c == '>' || c == '^' || c == '='; }

static void parse_spec(Fmt *f, const char *s, size_t n, Spec *sp) {
  memset(sp, 0, sizeof *sp);
  sp->fill[0] = ' ';
  sp->fillLen = 1;
  sp->width = -1;
  sp->precision = -1;
  size_t i = 0;
  /* [[fill]align]: the fill is any one code point. */
  int cl = n > 0 ? utf8_seq_len((unsigned char)s[0]) : 0;
  if (cl > 0 && (size_t)cl < n && is_align(s[cl])) {
    memcpy(sp->fill, s, (size_t)cl);
    sp->fillLen = cl;
    sp->align = s[cl];
    i = (size_t)cl + 1;
  } else if (n > 0 && is_align(s[0])) {
    sp->align = s[0];
    i = 1;
  }
  if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) sp->sign = s[i++];
  if (i < n && s[i] == '#') { sp->alt = true; i++; }
  if (i < n && s[i] == '0') {
    /* Zero padding: '0' fill between the sign and the digits, unless an
     * alignment was given. */
    if (!sp->align) { sp->fill[0] = '0'; sp->fillLen = 1; sp->align = '='; }
    i++;
  }
  if (i < n && is_digit(s[i])) {
    double w = 0;
    while (i < n && is_digit(s[i])) {
      w = w * 10 + (s[i++] - '0');
      if (w > WRIT_MAX_STRING_BYTES) vm_raise_too_long(f->vm);
    }
    sp->width = w;
  }
  if (i < n && (s[i] == ',' || s[i] == '_')) sp->group = s[i++];
  if (i < n && s[i] == '.') {
    i++;
    if (i >= n || !is_digit(s[i])) fmt_error(f, "'.' must be followed by a precision");
    double p = 0;
    while (i < n && is_digit(s[i])) {
      p = p * 10 + (s[i++] - '0');
      if (p > WRIT_MAX_STRING_BYTES) vm_raise_too_long(f->vm);
    }
    sp->precision = p > INT32_MAX ? INT32_MAX : (int)p;
  }
  if (i < n) {
    char t = s[i++];
    if (!strchr("dxXobfFeEgGs%", t) || t == 0) {
      char msg[80];
      snprintf(msg, sizeof msg, "unknown code '%c' (expected one of d x X o b f F e E g G %% s)",
               (unsigned char)t < 0x80 && t >= 0x20 ? t : '?');
      fmt_error(f, msg);
    }
    sp->type = t;
  }
  if (i < n) fmt_error(f, "unexpected text after the code (the spec is [[fill]align][sign][#][0][width][,][.precision][type])");
}

/* ---------------------------------------------------------------------
 * Formatting a number
 * ------------------------------------------------------------------- */

/* Inserts a separator every `every` digits into the leading run of digits
 * of body[0..len), in place (body has room). minDigits > 0 first pads the
 * run with zeros to that many digits (zero padding that is grouped too). */
static int group_digits(char *body, int len, char sep, int every, int minDigits) {
  int run = 0;
  while (run < len && is_digit(body[run])) run++;
  int pad = minDigits > run ? minDigits - run : 0;
  int digits = run + pad;
  int seps = digits > 0 ? (digits - 1) / every : 0;
  int newLen = len + pad + seps;
  /* Move the tail, then write the grouped run from its end. */
  memmove(body + pad + run + seps, body + run, (size_t)(len - run));
  int w = run + pad + seps - 1, r = run - 1, count = 0;
  for (int d = 0; d < digits; d++) {
    if (count == every) { body[w--] = sep; count = 0; }
    body[w--] = r >= 0 ? body[r--] : '0';
    count++;
  }
  return newLen;
}

/* The body of number x (no sign, no padding) per the spec; sets *neg and
 * the prefix ("0x" and the like). Returns the body's length. */
static int number_body(Fmt *f, double x, const Spec *sp, char *out, bool *neg,
                       const char **prefix) {
  char t = sp->type;
  *prefix = "";
  if (t == 'd' || t == 'x' || t == 'X' || t == 'o' || t == 'b') {
    if (!isfinite(x) || x != floor(x)) {
      char msg[120], num[40];
      number_format(x, num, sizeof num);
      snprintf(msg, sizeof msg, "code '%c' needs a whole number, not %s", t, num);
      fmt_error(f, msg);
    }
    if (sp->precision >= 0) fmt_error(f, "a whole-number code takes no precision");
    if (sp->group == ',' && t != 'd') fmt_error(f, "',' groups decimal digits only (use '_')");
    *neg = x < 0;
    double m = fabs(x);
    if (t == 'd') return snprintf(out, NUMBUF, "%.0f", m);
    if (sp->alt) *prefix = t == 'x' ? "0x" : t == 'X' ? "0X" : t == 'o' ? "0o" : "0b";
    return number_in_base(m, t == 'o' ? 8 : t == 'b' ? 2 : 16, t == 'X', out);
  }
  if (sp->precision > MAX_PRECISION) {
    char msg[80];
    snprintf(msg, sizeof msg, "precision %d is more than %d", sp->precision, MAX_PRECISION);
    fmt_error(f, msg);
  }
  if (t == 0 && sp->precision < 0) {
    /* What str() shows. */
    int n = number_format(x, out, NUMBUF);
    *neg = out[0] == '-';
    if (*neg) { memmove(out, out + 1, (size_t)n); n--; }
    return n;
  }
  *neg = signbit(x) && !isnan(x);
  double m = fabs(x);
  bool upper = t == 'F' || t == 'E' || t == 'G';
  if (!isfinite(m)) return snprintf(out, NUMBUF, "%s%s", isnan(m) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"), t == '%' ? "%" : "");
  int prec = sp->precision < 0 ? 6 : sp->precision;
  char conv = t == 0 ? 'g' : t == '%' ? 'f' : t;
  if (t == '%') m *= 100;
  char cfmt[8];
  snprintf(cfmt, sizeof cfmt, "%%%s.*%c", sp->alt ? "#" : "", conv);
  int n = snprintf(out, NUMBUF - 2, cfmt, prec, m);
  if (t == '%') out[n++] = '%', out[n] = '\0';
  return n;
}

/* ---------------------------------------------------------------------
 * Padding and output
 * ------------------------------------------------------------------- */

static void put_fill(Fmt *f, ObjBuffer *out, const Spec *sp, double count) {
  if (count <= 0) return;
  if ((double)out->len + count * sp->fillLen > WRIT_MAX_STRING_BYTES) vm_raise_too_long(f->vm);
  vm_charge(f->vm, (size_t)(count * sp->fillLen) / 8 + 1);
  char block[256]; /* whole fills, appended a block at a time */
  size_t per = sizeof block / (size_t)sp->fillLen, inBlock = 0;
  for (; inBlock < per && inBlock < count; inBlock++)
    memcpy(block + inBlock * (size_t)sp->fillLen, sp->fill, (size_t)sp->fillLen);
  for (double left = count; left > 0; left -= (double)inBlock) {
    size_t k = left < (double)inBlock ? (size_t)left : inBlock;
    buffer_append(f->vm, out, block, k * (size_t)sp->fillLen);
  }
}

/* Writes pre + body (cp code points in all) padded to the width. '='
 * puts the padding between pre (sign and prefix) and body. */
static void put_padded(Fmt *f, ObjBuffer *out, const Spec *sp, char align, const char *pre,
                       size_t preLen, const char *body, size_t bodyLen, double cp) {
  double pad = sp->width > cp ? sp->width - cp : 0;
  double left = align == '>' ? pad : align == '^' ? floor(pad / 2) : 0;
  double right = align == '<' ? pad : align == '^' ? pad - floor(pad / 2) : 0;
  vm_charge(f->vm, (preLen + bodyLen) / 8 + 1);
  if (align == '=') {
    buffer_append(f->vm, out, pre, preLen);
    put_fill(f, out, sp, pad);
  } else {
    put_fill(f, out, sp, left);
    buffer_append(f->vm, out, pre, preLen);
  }
  buffer_append(f->vm, out, body, bodyLen);
  put_fill(f, out, sp, right);
}

static void format_number(Fmt *f, ObjBuffer *out, double x, const Spec *sp) {
  char body[NUMBUF + 1000]; /* room for group separators and grouped zero padding */
  bool neg;
  const char *prefix;
  int n = number_body(f, x, sp, body, &neg, &prefix);
  char pre[8];
  int preLen = 0;
  if (neg) pre[preLen++] = '-';
  else if (sp->sign == '+') pre[preLen++] = '+';
  else if (sp->sign == ' ') pre[preLen++] = ' ';
  for (const char *p = prefix; *p; p++) pre[preLen++] = *p;
  char align = sp->align ? sp->align : '>';
  if (sp->group) {
    int every = (sp->type == 'x' || sp->type == 'X' || sp->type == 'o' || sp->type == 'b') ? 4 : 3;
    int minDigits = 0;
    /* Python groups zero padding too: "{:010,}" of 1234 is "00,001,234". */
    if (align == '=' && sp->fill[0] == '0' && sp->fillLen == 1 && sp->width > 0) {
      int run = 0;
      while (run < n && is_digit(body[run])) run++;
      int rest = n - run;
      double target = sp->width - preLen - rest;
      if (target > 600) target = 600; /* beyond the body's room: plain zero fill after */
      while (minDigits < run) minDigits = run;
      while (minDigits + (minDigits - 1) / every < target) minDigits++;
    }
    n = group_digits(body, n, sp->group, every, minDigits);
  }
  put_padded(f, out, sp, align, pre, (size_t)preLen, body, (size_t)n, (double)(preLen + n));
}

static bool is_number_code(char t) { return t != 0 && t != 's'; }

static void format_value(Fmt *f, ObjBuffer *out, ObjBuffer *scratch, Value v, char conv,
                         const Spec *sp) {
  if (IS_NUMBER(v) && conv == 0 && sp->type != 's') {
    format_number(f, out, AS_NUMBER(v), sp);
    return;
  }
  const char *kind = conv ? "a !r or !s conversion" : IS_STRING(v) ? "a string" : "this value";
  char msg[120];
  if (is_number_code(sp->type)) {
    snprintf(msg, sizeof msg, "code '%c' is for numbers, not %s", sp->type, kind);
    fmt_error(f, msg);
  }
  if (sp->sign) { snprintf(msg, sizeof msg, "a sign is for numbers, not %s", kind); fmt_error(f, msg); }
  if (sp->alt) { snprintf(msg, sizeof msg, "'#' is for numbers, not %s", kind); fmt_error(f, msg); }
  if (sp->group) { snprintf(msg, sizeof msg, "'%c' is for numbers, not %s", sp->group, kind); fmt_error(f, msg); }
  if (sp->align == '=') { snprintf(msg, sizeof msg, "'=' alignment is for numbers, not %s", kind); fmt_error(f, msg); }
  const char *s;
  size_t len;
  if (IS_STRING(v) && conv != 'r') {
    s = AS_STRING(v)->chars;
    len = AS_STRING(v)->len;
  } else {
    scratch->len = 0;
    value_append(f->vm, scratch, v, conv == 'r', 0);
    s = scratch->data;
    len = scratch->len;
  }
  vm_charge(f->vm, len / 8 + 1); /* counting and cutting walk it */
  double cp = utf8_count(s, len);
  if (sp->precision >= 0 && cp > sp->precision) {
    /* Cut to precision code points. */
    size_t k = 0;
    for (int c = 0; c < sp->precision; c++) k += (size_t)utf8_seq_len((unsigned char)s[k]);
    len = k;
    cp = sp->precision;
  }
  put_padded(f, out, sp, sp->align ? sp->align : '<', "", 0, s, len, cp);
}

/* ---------------------------------------------------------------------
 * The format string
 * ------------------------------------------------------------------- */

/* Index of the '}' closing the field that starts after the '{' at i, with
 * one level of nested {} inside its spec; errors if there is none. */
static size_t field_end(Fmt *f, const char *s, size_t n, size_t i) {
  int depth = 1;
  for (size_t k = i; k < n; k++) {
    if (s[k] == '{') {
      if (++depth > 2) fmt_error(f, "fields nest only one level deep ({:{}} is the most)");
    } else if (s[k] == '}') {
      if (--depth == 0) return k;
    }
  }
  fmt_error(f, "'{' is never closed by '}' (write '{{' for a literal brace)");
}

/* The spec text with its nested fields replaced by str() of their values,
 * into spec (a rooted buffer). */
static void expand_spec(Fmt *f, ObjBuffer *spec, const char *s, size_t n) {
  spec->len = 0;
  for (size_t k = 0; k < n;) {
    if (s[k] != '{') { buffer_append(f->vm, spec, s + k, 1); k++; continue; }
    size_t e = k + 1;
    while (e < n && s[e] != '}') e++;
    Value v = field_value(f, s + k + 1, e - k - 1);
    if (IS_STRING(v)) buffer_append(f->vm, spec, AS_STRING(v)->chars, AS_STRING(v)->len);
    else value_append(f->vm, spec, v, false, 0);
    k = e + 1;
  }
}

/* Formats the field s[open..close] (the braces included) into out. */
static void format_field(Fmt *f, ObjBuffer *out, ObjBuffer *scratch, ObjBuffer *specBuf,
                         const char *s, size_t open, size_t close) {
  WVM *vm = f->vm;
  f->field = s + open;
  f->fieldLen = (int)(close - open + 1);
  vm_charge(vm, 1);
  /* name [!conv] [:spec] */
  size_t k = open + 1;
  while (k < close && s[k] != '!' && s[k] != ':') k++;
  const char *name = s + open + 1;
  size_t nameLen = k - (open + 1);
  char conv = 0;
  if (k < close && s[k] == '!') {
    if (k + 1 >= close || (s[k + 1] != 'r' && s[k + 1] != 's') ||
        (k + 2 < close && s[k + 2] != ':'))
      fmt_error(f, "a conversion is !r (quoted) or !s (str)");
    conv = s[k + 1];
    k += 2;
  }
  Value v = field_value(f, name, nameLen);
  vm_push_root(vm, v);
  Spec sp;
  const char *spec = "";
  size_t specLen = 0;
  if (k < close && s[k] == ':') {
    spec = s + k + 1;
    specLen = close - (k + 1);
    if (memchr(spec, '{', specLen)) {
      expand_spec(f, specBuf, spec, specLen);
      spec = specBuf->data;
      specLen = specBuf->len;
    }
  }
  parse_spec(f, spec, specLen, &sp);
  format_value(f, out, scratch, v, conv, &sp);
  vm_pop_root(vm);
  f->field = NULL;
}

Value string_format(WVM *vm, int argc, Value *args) {
  ObjString *fs = AS_STRING(args[0]);
  Fmt f = {vm, args, argc, 0, 0, NULL, 0};
  vm_charge(vm, fs->len / 8 + 1);
  /* Three rooted buffers: the result, str() of a field, an expanded spec. */
  ObjBuffer *out = buffer_new(vm, fs->len < 64 ? 64 : fs->len);
  vm_push_root(vm, OBJ_VAL(out));
  ObjBuffer *scratch = buffer_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(scratch));
  ObjBuffer *specBuf = buffer_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(specBuf));
  const char *s = fs->chars;
  size_t n = fs->len, i = 0;
  while (i < n) {
    /* Literal text up to the next brace. */
    size_t j = i;
    while (j < n && s[j] != '{' && s[j] != '}') j++;
    buffer_append(vm, out, s + i, j - i);
    if (j == n) break;
    if (j + 1 < n && s[j + 1] == s[j]) { /* {{ or }} */
      buffer_append(vm, out, s + j, 1);
      i = j + 2;
      continue;
    }
    if (s[j] == '}') fmt_error(&f, "a single '}' (write '}}' for a literal brace)");
    size_t end = field_end(&f, s, n, j + 1);
    format_field(&f, out, scratch, specBuf, s, j, end);
    i = end + 1;
  }
  ObjString *r = str_from_buffer(vm, out);
  vm_pop_root(vm);
  vm_pop_root(vm);
  vm_pop_root(vm);
  return OBJ_VAL(r);
}
