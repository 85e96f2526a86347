/* The re module: re.compile(pattern) gives a Pattern (frozen, shareable:
 * its program is an immutable buffer) with match, search, fullMatch,
 * findAll, replace and split; re.match(p, s) and the others take a Pattern
 * or a pattern string. A Match holds the subject and the byte spans of
 * its groups; what it shows counts code points. The engine is re_compile.c
 * and re_match.c. */
#include "stdlib/wstdlib.h"
#include "stdlib/re.h"

#include <stdio.h>
#include <string.h>

#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/module.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/wstring.h"

/* A Pattern's fields: its text, its program (ObjBuffer), its group names
 * (a frozen map name -> number). A Match's: the subject, the Pattern, and
 * an ObjBuffer of int32: the nslots byte offsets, then the code point
 * index of the match's start. Scripts cannot reach the fields: the classes
 * are built-in and frozen. */
enum { P_SOURCE, P_PROG, P_NAMES, P_FIELDS };
enum { M_SUBJECT, M_PATTERN, M_SPANS, M_FIELDS };
enum { K_PATTERN, K_MATCH };

/* The Pattern and Match classes: every native of the module and of both
 * classes has the frozen list [Pattern, Match] as its data (re_open). */
static ObjClass *re_class(WVM *vm, int which) {
  return AS_CLASS(AS_LIST(vm->currentNative->data)->items[which]);
}

static const ReProg *prog_of(ObjInstance *pat) {
  return (const ReProg *)(void *)((ObjBuffer *)AS_OBJ(pat->fields[P_PROG]))->data;
}

static Value sub_string(WVM *vm, ObjString *s, int32_t a, int32_t b) {
  vm_charge(vm, (size_t)(b - a) / 8 + 1);
  return OBJ_VAL(str_copy(vm, s->chars + a, (size_t)(b - a)));
}

/* Code points in s between bytes a and b (a <= b). */
static double cp_count(WVM *vm, ObjString *s, int32_t a, int32_t b) {
  if (s->cplen == s->len) return b - a;
  vm_charge(vm, (size_t)(b - a) / 8 + 1);
  return utf8_count(s->chars + a, (size_t)(b - a));
}

/* ---------------------------------------------------------------------
 * Patterns
 * ------------------------------------------------------------------- */

static ObjInstance *compile_pattern(WVM *vm, ObjString *src) {
  ObjMap *names = map_new(vm);
  vm_push_root(vm, OBJ_VAL(names));
  ObjBuffer *prog = re_compile(vm, src, names);
  vm_push_root(vm, OBJ_VAL(prog));
  names->obj.frozen = 1;
  ObjInstance *p = instance_new(vm, re_class(vm, K_PATTERN));
  p->fields[P_SOURCE] = OBJ_VAL(src);
  p->fields[P_PROG] = OBJ_VAL(prog);
  p->fields[P_NAMES] = OBJ_VAL(names);
  p->obj.frozen = 1;
  vm_pop_roots(vm, 2);
  return p;
}

static bool is_pattern(WVM *vm, Value v) {
  return IS_INSTANCE(v) && AS_INSTANCE(v)->klass == re_class(vm, K_PATTERN);
}

/* The pattern argument of a module function: a Pattern, or a string to
 * compile. Pushed as a root: the caller pops it. */
static ObjInstance *pattern_arg(WVM *vm, Value *args, const char *fn) {
  Value v = args[1];
  if (IS_STRING(v)) v = OBJ_VAL(compile_pattern(vm, AS_STRING(v)));
  else if (!is_pattern(vm, v)) arg_error(vm, 1, fn, "Pattern or string", v);
  vm_push_root(vm, v);
  return AS_INSTANCE(v);
}

static ObjInstance *self_pattern(WVM *vm, Value *args, const char *fn) {
  if (!is_pattern(vm, args[0])) vm_raise(vm, "%s: the receiver is not a Pattern", fn);
  return AS_INSTANCE(args[0]);
}

/* ---------------------------------------------------------------------
 * Matches
 * ------------------------------------------------------------------- */

static Value new_match(WVM *vm, ObjInstance *pat, ObjString *s, const int32_t *caps, double startCp) {
  int32_t nslots = (int32_t)RE_NSLOTS(prog_of(pat));
  uint32_t bytes = (uint32_t)(nslots + 1) * (uint32_t)sizeof(int32_t);
  vm_charge(vm, (size_t)nslots / 8 + 1);
  ObjBuffer *spans = buffer_new(vm, bytes);
  vm_push_root(vm, OBJ_VAL(spans));
  memcpy(spans->data, caps, bytes - sizeof(int32_t));
  ((int32_t *)(void *)spans->data)[nslots] = (int32_t)startCp;
  spans->len = bytes;
  ObjInstance *m = instance_new(vm, re_class(vm, K_MATCH));
  m->fields[M_SUBJECT] = OBJ_VAL(s);
  m->fields[M_PATTERN] = OBJ_VAL(pat);
  m->fields[M_SPANS] = OBJ_VAL(spans);
  m->obj.frozen = 1;
  vm_pop_root(vm);
  return OBJ_VAL(m);
}

/* One run over s: a Match or nil. */
static Value run_once(WVM *vm, ObjInstance *pat, ObjString *s, int mode) {
  const ReProg *prog = prog_of(pat);
  ReMatcher m;
  re_matcher_init(vm, &m, prog, s->chars, (int32_t)s->len);
  int32_t *caps = re_scratch(vm, &m, RE_NSLOTS(prog) * sizeof(int32_t));
  Value r = NIL_VAL;
  if (re_matcher_run(vm, &m, 0, mode, false, caps))
    r = new_match(vm, pat, s, caps, cp_count(vm, s, 0, caps[0]));
  re_matcher_done(vm, &m);
  return r;
}

/* Successive matches over a subject, Python's way: after an empty match
 * the next one may not be empty at the same place; after any match the
 * search goes on from its end. */
typedef struct {
  ReMatcher m;
  int32_t *caps;
  int32_t pos, cpPos, cpByte; /* where the next search begins; a known code point index */
  bool notEmpty, done;
} Iter;

static void iter_init(WVM *vm, Iter *it, ObjInstance *pat, ObjString *s) {
  re_matcher_init(vm, &it->m, prog_of(pat), s->chars, (int32_t)s->len);
  it->caps = re_scratch(vm, &it->m, RE_NSLOTS(prog_of(pat)) * sizeof(int32_t));
  it->pos = it->cpPos = it->cpByte = 0;
  it->notEmpty = it->done = false;
}

static bool iter_next(WVM *vm, Iter *it) {
  if (it->done) return false;
  vm_charge(vm, 1);
  if (!re_matcher_run(vm, &it->m, it->pos, RE_SEARCH, it->notEmpty, it->caps)) {
    it->done = true;
    return false;
  }
  it->notEmpty = it->caps[0] == it->caps[1];
  it->pos = it->caps[1];
  return true;
}

/* The code point index of the current match's start: counted on from the
 * last one, so iterating over a long subject stays linear. */
static double iter_start_cp(WVM *vm, Iter *it, ObjString *s) {
  it->cpPos += (int32_t)cp_count(vm, s, it->cpByte, it->caps[0]);
  it->cpByte = it->caps[0];
  return it->cpPos;
}

/* Group k's text of a match (caps), or dflt when it did not take part. */
static Value group_text(WVM *vm, ObjString *s, const int32_t *caps, uint32_t k, Value dflt) {
  if (caps[2 * k] < 0) return dflt;
  return sub_string(vm, s, caps[2 * k], caps[2 * k + 1]);
}

/* ---------------------------------------------------------------------
 * findAll, split, replace
 * ------------------------------------------------------------------- */

/* Python's findall: the matched texts; with one group, that group's;
 * with more, a list of them per match (an unmatched group gives ""). */
static Value find_all(WVM *vm, ObjInstance *pat, ObjString *s) {
  uint32_t ngroups = prog_of(pat)->ngroups;
  ObjList *out = list_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(out));
  Value empty = OBJ_VAL(str_copy(vm, "", 0));
  vm_push_root(vm, empty);
  Iter it;
  iter_init(vm, &it, pat, s);
  while (iter_next(vm, &it)) {
    if (ngroups <= 1) {
      list_push(vm, out, group_text(vm, s, it.caps, ngroups, empty));
      continue;
    }
    ObjList *g = list_new(vm, ngroups);
    list_push(vm, out, OBJ_VAL(g));
    for (uint32_t k = 1; k <= ngroups; k++) list_push(vm, g, group_text(vm, s, it.caps, k, empty));
  }
  re_matcher_done(vm, &it.m);
  vm_pop_roots(vm, 2);
  return OBJ_VAL(out);
}

/* Python's split: the text between matches, each match's groups after
 * the text before it (nil for one that did not take part). */
static Value split(WVM *vm, ObjInstance *pat, ObjString *s) {
  uint32_t ngroups = prog_of(pat)->ngroups;
  ObjList *out = list_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(out));
  Iter it;
  iter_init(vm, &it, pat, s);
  int32_t last = 0;
  while (iter_next(vm, &it)) {
    list_push(vm, out, sub_string(vm, s, last, it.caps[0]));
    for (uint32_t k = 1; k <= ngroups; k++) list_push(vm, out, group_text(vm, s, it.caps, k, NIL_VAL));
    last = it.caps[1];
  }
  list_push(vm, out, sub_string(vm, s, last, (int32_t)s->len));
  re_matcher_done(vm, &it.m);
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* A group reference of a replacement: its number, checked. */
static uint32_t template_group(WVM *vm, double k, const ReProg *prog) {
  if (k > prog->ngroups)
    vm_raise(vm, "replace: the replacement refers to group %.0f, but the pattern has %u", k, prog->ngroups);
  return (uint32_t)k;
}

/* \g<n> or \g<name>, at t[*i] just after the g. */
static uint32_t template_named(WVM *vm, ObjString *t, uint32_t *i, ObjInstance *pat) {
  const char *p = t->chars + *i, *end = t->chars + t->len;
  const char *close = *p == '<' ? memchr(p, '>', (size_t)(end - p)) : NULL;
  if (!close || close == p + 1) vm_raise(vm, "replace: malformed \\g<...> in the replacement");
  *i += (uint32_t)(close - p) + 1;
  size_t n = (size_t)(close - p) - 1;
  if (is_digit(p[1])) {
    double k = 0;
    for (size_t j = 1; j <= n; j++) {
      if (!is_digit(p[j])) vm_raise(vm, "replace: malformed \\g<...> in the replacement");
      if (k < 1e9) k = k * 10 + (p[j] - '0');
    }
    return template_group(vm, k, prog_of(pat));
  }
  Value v;
  if (!map_get_bytes(vm, AS_MAP(pat->fields[P_NAMES]), p + 1, n, &v))
    vm_raise(vm, "replace: the replacement names no group of the pattern: '%.*s'", (int)(n > 40 ? 40 : n), p + 1);
  return (uint32_t)AS_NUMBER(v);
}

/* After a backslash at t[*i]: a group number, or -1 with the text to put
 * in lit/litLen. As in Python: \1..\99 and \g<...> are groups, \n \t and
 * the like characters, another escaped letter is an error, any other
 * escaped character stays as it is. */
static int64_t template_item(WVM *vm, ObjString *t, uint32_t *i, ObjInstance *pat, char *lit, int *litLen) {
  if (*i >= t->len) vm_raise(vm, "replace: the replacement ends with a backslash");
  char c = t->chars[(*i)++];
  if (c >= '1' && c <= '9') {
    double k = c - '0';
    if (*i < t->len && is_digit(t->chars[*i])) k = k * 10 + (t->chars[(*i)++] - '0');
    return template_group(vm, k, prog_of(pat));
  }
  if (c == 'g') return template_named(vm, t, i, pat);
  static const char simple[] = "n\nt\tr\ra\af\fv\vb\b\\\\";
  *litLen = 1;
  if (c == '0') return lit[0] = '\0', -1;
  for (int k = 0; simple[k]; k += 2)
    if (c == simple[k]) return lit[0] = simple[k + 1], -1;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
    vm_raise(vm, "replace: bad escape \\%c in the replacement", c);
  (*i)--; /* the character itself is copied with the text after it */
  lit[0] = '\\';
  return -1;
}

/* Appends the replacement t for the match caps to out; with out NULL,
 * only checks t (before any match, so a bad one fails even when nothing
 * matches, as in Python). */
static void expand(WVM *vm, ObjBuffer *out, ObjString *t, ObjInstance *pat, ObjString *s, const int32_t *caps) {
  vm_charge(vm, t->len / 8 + 1);
  for (uint32_t i = 0; i < t->len;) {
    const char *bs = memchr(t->chars + i, '\\', t->len - i);
    uint32_t run = bs ? (uint32_t)(bs - t->chars) - i : t->len - i;
    if (out) buffer_append(vm, out, t->chars + i, run);
    i += run;
    if (i >= t->len) break;
    i++;
    char lit[2];
    int litLen = 0;
    int64_t k = template_item(vm, t, &i, pat, lit, &litLen);
    if (!out) continue;
    if (k < 0) {
      buffer_append(vm, out, lit, (size_t)litLen);
    } else if (caps[2 * k] >= 0) {
      vm_charge(vm, (size_t)(caps[2 * k + 1] - caps[2 * k]) / 8);
      buffer_append(vm, out, s->chars + caps[2 * k], (size_t)(caps[2 * k + 1] - caps[2 * k]));
    }
  }
}

static void append_part(WVM *vm, ObjBuffer *out, ObjString *s, int32_t a, int32_t b) {
  vm_charge(vm, (size_t)(b - a) / 8 + 1);
  buffer_append(vm, out, s->chars + a, (size_t)(b - a));
}

/* What repl (a function) gives for the current match: a string. */
static void call_repl(WVM *vm, ObjBuffer *out, Value repl, ObjInstance *pat, ObjString *s, Iter *it) {
  Value m = new_match(vm, pat, s, it->caps, iter_start_cp(vm, it, s));
  vm_push_root(vm, m);
  Value r = vm_call(vm, repl, 1, &m);
  vm_pop_root(vm);
  if (!IS_STRING(r))
    vm_raise(vm, "replace: the function must return a string, not %s", value_type_name(vm, r));
  vm_push_root(vm, r);
  append_part(vm, out, AS_STRING(r), 0, (int32_t)AS_STRING(r)->len);
  vm_pop_root(vm);
}

/* Every match replaced by repl: a template string or a function given the
 * Match. args[r] is repl; args is not read after a call into Writ. */
static Value replace(WVM *vm, ObjInstance *pat, ObjString *s, Value *args, int r) {
  Value repl = args[r];
  bool fn = !IS_STRING(repl);
  if (fn) arg_callable(vm, args, r, "replace");
  else expand(vm, NULL, AS_STRING(repl), pat, s, NULL);
  ObjBuffer *out = buffer_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(out));
  Iter it;
  iter_init(vm, &it, pat, s);
  int32_t last = 0;
  bool any = false;
  while (iter_next(vm, &it)) {
    any = true;
    append_part(vm, out, s, last, it.caps[0]);
    if (fn) call_repl(vm, out, repl, pat, s, &it);
    else expand(vm, out, AS_STRING(repl), pat, s, it.caps);
    last = it.caps[1];
  }
  append_part(vm, out, s, last, (int32_t)s->len);
  Value res = any ? OBJ_VAL(str_from_buffer(vm, out)) : OBJ_VAL(s);
  re_matcher_done(vm, &it.m);
  vm_pop_root(vm);
  return res;
}

/* ---------------------------------------------------------------------
 * The natives: each operation as a module function (the pattern first)
 * and as a Pattern method.
 * ------------------------------------------------------------------- */

enum { OP_MATCH, OP_SEARCH, OP_FULL, OP_FINDALL, OP_REPLACE, OP_SPLIT };
static const char *const OP_NAMES[] = {"match", "search", "fullMatch", "findAll", "replace", "split"};

/* args[i] is the subject, args[i + 1] a replacement. */
static Value apply(WVM *vm, ObjInstance *pat, Value *args, int i, int op) {
  ObjString *s = arg_string(vm, args, i, OP_NAMES[op]);
  switch (op) {
  case OP_MATCH: return run_once(vm, pat, s, RE_PREFIX);
  case OP_SEARCH: return run_once(vm, pat, s, RE_SEARCH);
  case OP_FULL: return run_once(vm, pat, s, RE_FULL);
  case OP_FINDALL: return find_all(vm, pat, s);
  case OP_SPLIT: return split(vm, pat, s);
  default: return replace(vm, pat, s, args, i + 1);
  }
}

static Value module_op(WVM *vm, Value *args, int op) {
  ObjInstance *pat = pattern_arg(vm, args, OP_NAMES[op]);
  Value r = apply(vm, pat, args, 2, op);
  vm_pop_root(vm);
  return r;
}

static Value method_op(WVM *vm, Value *args, int op) {
  return apply(vm, self_pattern(vm, args, OP_NAMES[op]), args, 1, op);
}

#define OP_NATIVES(op, mod, meth)                                                    \
  static Value mod(WVM *vm, int argc, Value *args) { (void)argc; return module_op(vm, args, op); } \
  static Value meth(WVM *vm, int argc, Value *args) { (void)argc; return method_op(vm, args, op); }
OP_NATIVES(OP_MATCH, re_match, p_match)
OP_NATIVES(OP_SEARCH, re_search, p_search)
OP_NATIVES(OP_FULL, re_full_match, p_full_match)
OP_NATIVES(OP_FINDALL, re_find_all, p_find_all)
OP_NATIVES(OP_REPLACE, re_replace, p_replace)
OP_NATIVES(OP_SPLIT, re_split, p_split)
#undef OP_NATIVES

static Value re_compile_fn(WVM *vm, int argc, Value *args) {
  (void)argc;
  return OBJ_VAL(compile_pattern(vm, arg_string(vm, args, 1, "compile")));
}

/* The text with every ASCII character but letters, digits and _ escaped,
 * so that it matches itself. */
static Value re_escape(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *s = arg_string(vm, args, 1, "escape");
  vm_charge(vm, s->len / 4 + 1);
  ObjBuffer *b = buffer_new(vm, s->len + 16);
  vm_push_root(vm, OBJ_VAL(b));
  uint32_t run = 0;
  for (uint32_t i = 0; i < s->len; i++) {
    unsigned char c = (unsigned char)s->chars[i];
    if (c >= 0x80 || is_digit((char)c) || c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) continue;
    buffer_append(vm, b, s->chars + run, i - run);
    buffer_append(vm, b, "\\", 1);
    run = i;
  }
  buffer_append(vm, b, s->chars + run, s->len - run);
  ObjString *r = str_from_buffer(vm, b);
  vm_pop_root(vm);
  return OBJ_VAL(r);
}

static Value p_to_string(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjInstance *pat = self_pattern(vm, args, "toString");
  ObjBuffer *b = buffer_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(b));
  buffer_append(vm, b, "<Pattern ", 9);
  value_append(vm, b, pat->fields[P_SOURCE], true, 0);
  buffer_append(vm, b, ">", 1);
  ObjString *r = str_from_buffer(vm, b);
  vm_pop_root(vm);
  return OBJ_VAL(r);
}

/* ---------------------------------------------------------------------
 * Match methods
 * ------------------------------------------------------------------- */

static ObjInstance *self_match(WVM *vm, Value *args, const char *fn) {
  if (!IS_INSTANCE(args[0]) || AS_INSTANCE(args[0])->klass != re_class(vm, K_MATCH))
    vm_raise(vm, "%s: the receiver is not a Match", fn);
  return AS_INSTANCE(args[0]);
}

static const int32_t *spans_of(ObjInstance *m) {
  return (const int32_t *)(void *)((ObjBuffer *)AS_OBJ(m->fields[M_SPANS]))->data;
}

static ObjInstance *pattern_of(ObjInstance *m) { return AS_INSTANCE(m->fields[M_PATTERN]); }

/* The group an argument names: a number from 0 or a group's name; absent
 * or nil: 0, the whole match. */
static uint32_t group_arg(WVM *vm, ObjInstance *m, int argc, Value *args, const char *fn) {
  if (argc < 1 || IS_NIL(args[1])) return 0;
  ObjInstance *pat = pattern_of(m);
  uint32_t ngroups = prog_of(pat)->ngroups;
  Value v;
  if (IS_STRING(args[1])) {
    if (!map_get(vm, AS_MAP(pat->fields[P_NAMES]), args[1], &v))
      vm_raise(vm, "%s: the pattern has no group named '%.40s'", fn, AS_CSTRING(args[1]));
    return (uint32_t)AS_NUMBER(v);
  }
  if (!IS_NUMBER(args[1])) arg_error(vm, 1, fn, "group number or name", args[1]);
  double k = arg_int(vm, args, 1, fn);
  if (k < 0 || k > ngroups) vm_raise(vm, "%s: no group %.0f (the pattern has %u)", fn, k, ngroups);
  return (uint32_t)k;
}

static Value m_group(WVM *vm, int argc, Value *args) {
  ObjInstance *m = self_match(vm, args, "group");
  uint32_t k = group_arg(vm, m, argc, args, "group");
  return group_text(vm, AS_STRING(m->fields[M_SUBJECT]), spans_of(m), k, NIL_VAL);
}

static Value m_groups(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjInstance *m = self_match(vm, args, "groups");
  uint32_t ngroups = prog_of(pattern_of(m))->ngroups;
  vm_charge(vm, ngroups + 1);
  ObjList *out = list_new(vm, ngroups);
  vm_push_root(vm, OBJ_VAL(out));
  for (uint32_t k = 1; k <= ngroups; k++)
    list_push(vm, out, group_text(vm, AS_STRING(m->fields[M_SUBJECT]), spans_of(m), k, NIL_VAL));
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

/* Where group k begins (end: 1) or ends, in code points; -1 if it did not
 * take part. */
static double group_edge(WVM *vm, ObjInstance *m, uint32_t k, int end) {
  const int32_t *sp = spans_of(m);
  if (sp[2 * k] < 0) return -1;
  int32_t nslots = (int32_t)RE_NSLOTS(prog_of(pattern_of(m)));
  return sp[nslots] + cp_count(vm, AS_STRING(m->fields[M_SUBJECT]), sp[0], sp[2 * k + end]);
}

static Value m_start(WVM *vm, int argc, Value *args) {
  ObjInstance *m = self_match(vm, args, "start");
  return NUMBER_VAL(group_edge(vm, m, group_arg(vm, m, argc, args, "start"), 0));
}

static Value m_end(WVM *vm, int argc, Value *args) {
  ObjInstance *m = self_match(vm, args, "end");
  return NUMBER_VAL(group_edge(vm, m, group_arg(vm, m, argc, args, "end"), 1));
}

static Value m_named(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjInstance *m = self_match(vm, args, "named");
  ObjMap *names = AS_MAP(pattern_of(m)->fields[P_NAMES]);
  vm_charge(vm, map_walk_cost(names));
  ObjMap *out = map_new(vm);
  vm_push_root(vm, OBJ_VAL(out));
  uint32_t pos = 0;
  Value k, v;
  while (map_next(names, &pos, &k, &v)) {
    Value text = group_text(vm, AS_STRING(m->fields[M_SUBJECT]), spans_of(m), (uint32_t)AS_NUMBER(v), NIL_VAL);
    vm_push_root(vm, text);
    map_set(vm, out, k, text);
    vm_pop_root(vm);
  }
  vm_pop_root(vm);
  return OBJ_VAL(out);
}

static Value m_to_string(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjInstance *m = self_match(vm, args, "toString");
  const int32_t *sp = spans_of(m);
  ObjString *s = AS_STRING(m->fields[M_SUBJECT]);
  Value text = sub_string(vm, s, sp[0], sp[1]);
  vm_push_root(vm, text);
  ObjBuffer *b = buffer_new(vm, 0);
  vm_push_root(vm, OBJ_VAL(b));
  buffer_append(vm, b, "<Match ", 7);
  value_append(vm, b, text, true, 0);
  char tail[64];
  int n = snprintf(tail, sizeof tail, " at %.0f..%.0f>", group_edge(vm, m, 0, 0), group_edge(vm, m, 0, 1));
  buffer_append(vm, b, tail, (size_t)n);
  ObjString *r = str_from_buffer(vm, b);
  vm_pop_roots(vm, 2);
  return OBJ_VAL(r);
}

/* ---------------------------------------------------------------------
 * Registration
 * ------------------------------------------------------------------- */

static const NativeReg re_functions[] = {
    {"compile", re_compile_fn, 1, 1},
    {"match", re_match, 2, 2},
    {"search", re_search, 2, 2},
    {"fullMatch", re_full_match, 2, 2},
    {"findAll", re_find_all, 2, 2},
    {"replace", re_replace, 3, 3},
    {"split", re_split, 2, 2},
    {"escape", re_escape, 1, 1},
    {NULL, NULL, 0, 0},
};

static const NativeReg pattern_methods[] = {
    {"match", p_match, 1, 1},
    {"search", p_search, 1, 1},
    {"fullMatch", p_full_match, 1, 1},
    {"findAll", p_find_all, 1, 1},
    {"replace", p_replace, 2, 2},
    {"split", p_split, 1, 1},
    {"toString", p_to_string, 0, 0},
    {NULL, NULL, 0, 0},
};

static const NativeReg match_methods[] = {
    {"group", m_group, 0, 1},
    {"groups", m_groups, 0, 0},
    {"start", m_start, 0, 1},
    {"end", m_end, 0, 1},
    {"named", m_named, 0, 0},
    {"toString", m_to_string, 0, 0},
    {NULL, NULL, 0, 0},
};

/* Every native of the map gets the classes list as its data. */
static void give_classes(ObjMap *natives, Value classes) {
  uint32_t pos = 0;
  Value k, v;
  while (map_next(natives, &pos, &k, &v))
    if (IS_NATIVE(v)) AS_NATIVE(v)->data = classes;
}

/* A built-in class (scripts cannot call or subclass it) with its
 * methods, frozen; added to the list. */
static ObjClass *re_new_class(WVM *vm, ObjList *classes, const char *name, int nfields, const NativeReg *methods) {
  ObjString *s = str_cstr(vm, name);
  vm_push_root(vm, OBJ_VAL(s));
  ObjClass *k = class_new(vm, s, NULL, nfields);
  vm_pop_root(vm);
  list_push(vm, classes, OBJ_VAL(k));
  k->builtin = 1;
  vm_define_methods(vm, k, methods);
  k->obj.frozen = 1;
  k->methods->obj.frozen = 1;
  return k;
}

void re_open(WVM *vm) {
  ObjModule *mod = vm_native_module(vm, "re", re_functions);
  ObjList *classes = list_new(vm, 2);
  vm_push_root(vm, OBJ_VAL(classes));
  ObjClass *pk = re_new_class(vm, classes, "Pattern", P_FIELDS, pattern_methods);
  ObjClass *mk = re_new_class(vm, classes, "Match", M_FIELDS, match_methods);
  classes->obj.frozen = 1;
  give_classes(pk->methods, OBJ_VAL(classes));
  give_classes(mk->methods, OBJ_VAL(classes));
  give_classes(module_exports(vm, mod), OBJ_VAL(classes));
  module_export(vm, mod, "Pattern", OBJ_VAL(pk));
  module_export(vm, mod, "Match", OBJ_VAL(mk));
  vm_pop_root(vm);
}
