/* What values are called, how they compare, and how they print. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "vm/value.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/table.h"
#include "vm/wstring.h"

bool values_equal(WVM *vm, Value a, Value b) {
  if (IS_NUMBER(a) && IS_NUMBER(b)) return AS_NUMBER(a) == AS_NUMBER(b);
  if (a == b) return true; /* short strings are interned; the rest but strings is identity */
  return IS_STRING(a) && IS_STRING(b) && str_equal(vm, AS_STRING(a), AS_STRING(b));
}

static const char *promise_state_name(const ObjPromise *p) {
  return p->state == PROMISE_FULFILLED ? "fulfilled" : p->state == PROMISE_REJECTED ? "rejected" : "pending";
}

const char *value_type_name(WVM *vm, Value v) {
  (void)vm;
  if (IS_NUMBER(v)) return "number";
  if (IS_NIL(v)) return "nil";
  if (IS_BOOL(v)) return "bool";
  if (!IS_OBJ(v)) return "nil";
  switch ((ObjType)OBJ_TYPE(v)) {
  case OBJ_STRING: return "string";
  case OBJ_LIST: return "list";
  case OBJ_MAP: return "map";
  case OBJ_RANGE: return "range";
  case OBJ_CLOSURE: case OBJ_NATIVE: case OBJ_BOUND: return "function";
  case OBJ_CLASS: return "class";
  case OBJ_INSTANCE: return AS_INSTANCE(v)->klass->name->chars;
  case OBJ_MODULE: return "module";
  case OBJ_WORKSPACE: return "workspace";
  case OBJ_FOREIGN: return AS_FOREIGN(v)->klass->name->chars;
  case OBJ_FORWARDER: return FWD_KIND(AS_FORWARDER(v)) == FWD_SEALED ? "sealed" : "proxy";
  case OBJ_PROMISE: return "promise";
  case OBJ_RESOLVER: return "resolver";
  case OBJ_FAR: return "far reference";
  case OBJ_VAT: return "vat";
  default: return "internal";
  }
}

/* The decimal digits of u > 0: log10 from the bit length, corrected by
 * one comparison. */
static inline int decimal_digits(uint64_t u) {
  static const uint64_t pow10[20] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
                                     10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
                                     100000000000ULL, 1000000000000ULL, 10000000000000ULL,
                                     100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
                                     100000000000000000ULL, 1000000000000000000ULL,
                                     10000000000000000000ULL};
  int t = ((64 - __builtin_clzll(u)) * 1233) >> 12;
  return t + 1 - (u < pow10[t]);
}

static inline bool small_whole(double d) { return d > -1e16 && d < 1e16 && (double)(int64_t)d == d; }

int number_format_len(double d) {
  if (small_whole(d) && d != 0) {
    int64_t v = (int64_t)d;
    return decimal_digits(v < 0 ? -(uint64_t)v : (uint64_t)v) + (v < 0);
  }
  char tmp[64];
  return number_format(d, tmp, sizeof tmp);
}

/* Integers print without ".0"; other numbers use the shortest form that
 * reads back to the same double (what JavaScript and Python print). */
int number_format(double d, char *out, size_t cap) {
  /* Whole numbers are common (loop counters, ids, str(i) in a loop): no
   * floor, no printf; the digits counted first, then written two at a
   * time from the right, straight into out. */
  if (small_whole(d)) {
    if (d == 0) return snprintf(out, cap, signbit(d) ? "-0" : "0");
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                "8081828384858687888990919293949596979899";
    int64_t v = (int64_t)d;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    int len = decimal_digits(u) + (v < 0);
    if ((size_t)len >= cap) return snprintf(out, cap, "%.0f", d);
    char *e = out + len;
    *e = '\0';
    for (; u >= 100; u /= 100) {
      e -= 2;
      memcpy(e, pairs + 2 * (u % 100), 2);
    }
    if (u >= 10) {
      e -= 2;
      memcpy(e, pairs + 2 * u, 2);
    } else {
      *--e = (char)('0' + u);
    }
    if (v < 0) *--e = '-';
    return len;
  }
  if (isnan(d)) return snprintf(out, cap, "nan");
  if (isinf(d)) return snprintf(out, cap, d > 0 ? "inf" : "-inf");
  /* More digits never stop a form from reading back, so binary-search the
   * fewest that do (1 to 17). */
  int lo = 1, hi = 17;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    snprintf(out, cap, "%.*g", mid, d);
    if (strtod(out, NULL) == d) hi = mid;
    else lo = mid + 1;
  }
  return snprintf(out, cap, "%.*g", lo, d);
}

/* --- value_peek: a bounded preview with no allocation and no calls --- */

static const char *fn_name(Value v);

typedef struct {
  char *out;
  size_t cap, len; /* len may pass cap: the text was cut */
} Peek;

static void peek_put(Peek *p, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++, p->len++)
    if (p->len + 1 < p->cap) p->out[p->len] = s[i];
}

static void peek_str(Peek *p, const char *s) { peek_put(p, s, strlen(s)); }

static void peek_value(Peek *p, Value v, int depth);

static void peek_string(Peek *p, ObjString *s) {
  peek_str(p, "\"");
  for (uint32_t i = 0; i < s->len && p->len < p->cap; i++) {
    char c = s->chars[i];
    if (c == '"' || c == '\\') peek_put(p, "\\", 1);
    if (c == '\n') peek_str(p, "\\n");
    else peek_put(p, &c, 1);
  }
  peek_str(p, "\"");
}

/* Lists and maps: eight items, three levels. */
static void peek_container(Peek *p, Value v, int depth) {
  bool isList = IS_LIST(v);
  uint32_t count = isList ? AS_LIST(v)->count : AS_MAP(v)->count;
  if (depth >= 3) { peek_str(p, count == 0 ? (isList ? "[]" : "{}") : (isList ? "[...]" : "{...}")); return; }
  peek_str(p, isList ? "[" : "{");
  uint32_t shown = 0, n = isList ? count : AS_MAP(v)->used;
  for (uint32_t i = 0; i < n && p->len < p->cap; i++) {
    if (!isList && AS_MAP(v)->entries[i].key == EMPTY_VAL) continue;
    if (shown) peek_str(p, ", ");
    if (shown++ == 8) { peek_str(p, "..."); break; }
    if (isList) {
      peek_value(p, AS_LIST(v)->items[i], depth + 1);
    } else {
      peek_value(p, AS_MAP(v)->entries[i].key, depth + 1);
      peek_str(p, ": ");
      peek_value(p, AS_MAP(v)->entries[i].value, depth + 1);
    }
  }
  peek_str(p, isList ? "]" : "}");
}

static void peek_value(Peek *p, Value v, int depth) {
  char tmp[64];
  if (p->len >= p->cap) return;
  if (IS_NUMBER(v)) { number_format(AS_NUMBER(v), tmp, sizeof tmp); peek_str(p, tmp); return; }
  if (IS_BOOL(v)) { peek_str(p, AS_BOOL(v) ? "true" : "false"); return; }
  if (!IS_OBJ(v)) { peek_str(p, "nil"); return; }
  switch ((ObjType)OBJ_TYPE(v)) {
  case OBJ_STRING: peek_string(p, AS_STRING(v)); return;
  case OBJ_LIST: case OBJ_MAP: peek_container(p, v, depth); return;
  case OBJ_INSTANCE:
    snprintf(tmp, sizeof tmp, "<%.40s instance>", AS_INSTANCE(v)->klass->name->chars);
    break;
  case OBJ_CLASS: snprintf(tmp, sizeof tmp, "<class %.40s>", AS_CLASS(v)->name->chars); break;
  case OBJ_RANGE:
    number_format(AS_RANGE(v)->from, tmp, sizeof tmp);
    peek_str(p, tmp);
    peek_str(p, AS_RANGE(v)->inclusive ? "..=" : "..");
    number_format(AS_RANGE(v)->to, tmp, sizeof tmp);
    break;
  case OBJ_CLOSURE: case OBJ_NATIVE: case OBJ_BOUND: snprintf(tmp, sizeof tmp, "<fn %.40s>", fn_name(v)); break;
  case OBJ_PROMISE: snprintf(tmp, sizeof tmp, "<promise %s>", promise_state_name(AS_PROMISE(v))); break;
  case OBJ_FAR: snprintf(tmp, sizeof tmp, "<far reference>"); break;
  default: snprintf(tmp, sizeof tmp, "<value>"); break;
  }
  peek_str(p, tmp);
}

void value_peek(Value v, char *out, size_t cap) {
  if (cap == 0) return;
  Peek p = {out, cap, 0};
  peek_value(&p, v, 0);
  if (p.len >= cap && cap > 4) memcpy(out + cap - 4, "...", 3), p.len = cap - 1;
  out[p.len < cap ? p.len : cap - 1] = '\0';
}

static void append_str(WVM *vm, ObjBuffer *b, const char *s) { buffer_append(vm, b, s, strlen(s)); }

/* Strings, quoted or raw, pay for their bytes before they are copied (and
 * each escape as it is written). */
static void append_quoted(WVM *vm, ObjBuffer *b, ObjString *s) {
  vm_charge(vm, s->len / 8);
  buffer_append(vm, b, "\"", 1);
  const char *p = s->chars, *end = s->chars + s->len, *run = p;
  for (; p < end; p++) {
    unsigned char c = (unsigned char)*p;
    const char *esc = NULL;
    char hex[12];
    switch (c) {
    case '"': esc = "\\\""; break;
    case '\\': esc = "\\\\"; break;
    case '\n': esc = "\\n"; break;
    case '\t': esc = "\\t"; break;
    case '\r': esc = "\\r"; break;
    default:
      if (c < 0x20 || c == 0x7f) {
        snprintf(hex, sizeof hex, "\\u{%x}", c);
        esc = hex;
      }
    }
    if (esc) {
      vm_charge(vm, 1);
      buffer_append(vm, b, run, (size_t)(p - run));
      append_str(vm, b, esc);
      run = p + 1;
    }
  }
  buffer_append(vm, b, run, (size_t)(p - run));
  buffer_append(vm, b, "\"", 1);
}

static void append_number(WVM *vm, ObjBuffer *b, double d) {
  char tmp[64];
  int n = number_format(d, tmp, sizeof tmp);
  buffer_append(vm, b, tmp, (size_t)n);
}

/* The containers being printed, innermost first, on the C stack: a
 * container met again inside itself prints as [...] or {...}. */
typedef struct Seen {
  Obj *o;
  const struct Seen *prev;
} Seen;

static void append_value(WVM *vm, ObjBuffer *b, Value v, bool quoted, int depth, const Seen *seen);

static void append_container(WVM *vm, ObjBuffer *b, Value v, int depth, const Seen *seen) {
  Obj *o = AS_OBJ(v);
  bool isList = o->type == OBJ_LIST;
  vm_charge(vm, (size_t)depth / 8); /* the walk over the enclosing containers (at most depth) */
  for (const Seen *s = seen; s; s = s->prev)
    if (s->o == o) {
      append_str(vm, b, isList ? "[...]" : "{...}");
      return;
    }
  Seen me = {o, seen};
  vm_charge(vm, isList ? ((ObjList *)o)->count + 1 : map_walk_cost((ObjMap *)o)); /* items, or slots with holes */
  if (isList) {
    ObjList *l = (ObjList *)o;
    buffer_append(vm, b, "[", 1);
    for (uint32_t i = 0; i < l->count; i++) {
      if (i) buffer_append(vm, b, ", ", 2);
      append_value(vm, b, l->items[i], true, depth + 1, &me);
    }
    buffer_append(vm, b, "]", 1);
  } else {
    ObjMap *m = (ObjMap *)o;
    buffer_append(vm, b, "{", 1);
    uint32_t pos = 0;
    Value k, val;
    bool first = true;
    while (map_next(m, &pos, &k, &val)) {
      if (!first) buffer_append(vm, b, ", ", 2);
      first = false;
      append_value(vm, b, k, true, depth + 1, &me);
      buffer_append(vm, b, ": ", 2);
      append_value(vm, b, val, true, depth + 1, &me);
    }
    buffer_append(vm, b, "}", 1);
  }
}

static void append_instance(WVM *vm, ObjBuffer *b, Value v) {
  bool found;
  vm_push_root(vm, v);
  Value s = vm_invoke(vm, v, vm->sToString, 0, NULL, &found);
  vm_pop_root(vm);
  if (!found) {
    append_str(vm, b, "<");
    append_str(vm, b, AS_INSTANCE(v)->klass->name->chars);
    append_str(vm, b, " instance>");
    return;
  }
  if (!IS_STRING(s))
    vm_raise(vm, "%s.toString() must return a string, not %s", AS_INSTANCE(v)->klass->name->chars,
             value_type_name(vm, s));
  vm_charge(vm, AS_STRING(s)->len / 8);
  vm_push_root(vm, s); /* growing the buffer may collect */
  buffer_append(vm, b, AS_STRING(s)->chars, AS_STRING(s)->len);
  vm_pop_root(vm);
}

static const char *fn_name(Value v) {
  if (IS_CLOSURE(v)) {
    ObjString *n = AS_CLOSURE(v)->proto->name;
    return n ? n->chars : "<anonymous>";
  }
  if (IS_NATIVE(v)) return AS_NATIVE(v)->name->chars;
  return fn_name(AS_BOUND(v)->method);
}

void value_append(WVM *vm, ObjBuffer *b, Value v, bool quoted, int depth) {
  append_value(vm, b, v, quoted, depth, NULL);
}

static void append_value(WVM *vm, ObjBuffer *b, Value v, bool quoted, int depth, const Seen *seen) {
  if (depth > WRIT_MAX_DATA_DEPTH) vm_raise(vm, "structure too deeply nested to print (limit %d)", WRIT_MAX_DATA_DEPTH);
  if (IS_NUMBER(v)) { append_number(vm, b, AS_NUMBER(v)); return; }
  if (IS_NIL(v)) { append_str(vm, b, "nil"); return; }
  if (IS_BOOL(v)) { append_str(vm, b, AS_BOOL(v) ? "true" : "false"); return; }
  if (!IS_OBJ(v)) { append_str(vm, b, "nil"); return; }
  char tmp[160];
  switch ((ObjType)OBJ_TYPE(v)) {
  case OBJ_STRING:
    if (quoted) {
      append_quoted(vm, b, AS_STRING(v));
    } else {
      vm_charge(vm, AS_STRING(v)->len / 8);
      buffer_append(vm, b, AS_STRING(v)->chars, AS_STRING(v)->len);
    }
    return;
  case OBJ_LIST: case OBJ_MAP: append_container(vm, b, v, depth, seen); return;
  case OBJ_RANGE: {
    ObjRange *r = AS_RANGE(v);
    append_number(vm, b, r->from);
    append_str(vm, b, r->inclusive ? "..=" : "..");
    append_number(vm, b, r->to);
    return;
  }
  case OBJ_CLOSURE: case OBJ_NATIVE: case OBJ_BOUND:
    snprintf(tmp, sizeof tmp, "<fn %s>", fn_name(v));
    break;
  case OBJ_CLASS: snprintf(tmp, sizeof tmp, "<class %s>", AS_CLASS(v)->name->chars); break;
  case OBJ_INSTANCE: append_instance(vm, b, v); return;
  case OBJ_MODULE: snprintf(tmp, sizeof tmp, "<module %s>", AS_MODULE(v)->name->chars); break;
  case OBJ_WORKSPACE: snprintf(tmp, sizeof tmp, "<workspace>"); break;
  case OBJ_FOREIGN: snprintf(tmp, sizeof tmp, "<%s>", AS_FOREIGN(v)->klass->name->chars); break;
  case OBJ_FORWARDER: /* shows nothing of what it forwards to */
    snprintf(tmp, sizeof tmp, FWD_KIND(AS_FORWARDER(v)) == FWD_SEALED ? "<sealed>" : "<proxy>");
    break;
  /* A promise shows its state, nothing of its value; a far reference
   * nothing of its object. */
  case OBJ_PROMISE: snprintf(tmp, sizeof tmp, "<promise %s>", promise_state_name(AS_PROMISE(v))); break;
  case OBJ_RESOLVER: snprintf(tmp, sizeof tmp, "<resolver>"); break;
  case OBJ_FAR: snprintf(tmp, sizeof tmp, "<far reference>"); break;
  case OBJ_VAT: snprintf(tmp, sizeof tmp, "<vat>"); break;
  default: snprintf(tmp, sizeof tmp, "<internal>"); break;
  }
  append_str(vm, b, tmp);
}

ObjString *value_to_string(WVM *vm, Value v, bool quoted) {
  if (IS_STRING(v) && !quoted) return AS_STRING(v);
  if (IS_NUMBER(v)) { /* str(n), the common case: no buffer object, one string */
    char tmp[64];
    int n = number_format(AS_NUMBER(v), tmp, sizeof tmp);
    vm_charge(vm, (size_t)n / 8); /* as the buffer's copy below */
    return str_copy_n(vm, tmp, (size_t)n, (uint32_t)n); /* ASCII */
  }
  ObjBuffer *b = buffer_new(vm, 32);
  vm_push_root(vm, OBJ_VAL(b));
  value_append(vm, b, v, quoted, 0);
  vm_charge(vm, b->len / 8); /* the copy into a string */
  ObjString *s = str_from_buffer(vm, b);
  vm_pop_root(vm);
  return s;
}
