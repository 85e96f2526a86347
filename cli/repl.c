/* The REPL: reads inputs (line.c), keeps asking for more while the parser
 * says an input is incomplete, shows the value of a final expression
 * quoted, and runs the `:` commands. Every input is more code of one
 * module, so definitions persist and an error loses nothing. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "cli/cli.h"

static const char *help_text =
    "Type Writ code; an expression's value is shown, and kept in _.\n"
    "An unfinished input (an open bracket, a fn or class header) continues\n"
    "on a ... line. Tab completes names, keywords and members after a dot.\n"
    "Ctrl-C clears the line or stops running code; Ctrl-D leaves.\n"
    "\n"
    "  :help         this text\n"
    "  :quit         leave (also Ctrl-D on an empty line)\n"
    "  :load FILE    run FILE in this session (its names stay)\n"
    "  :caps         the capabilities this session holds\n"
    "  :type EXPR    the type of EXPR's value\n"
    "  :time EXPR    run EXPR and show how long it took\n"
    "  :full EXPR    EXPR's value in full (a long one is shown cut short)\n"
    "  :doc NAME     what a built-in, module member or method does\n"
    "                (:doc len, :doc math.floor, :doc xs.push, :doc math)\n"
    "  :pending      the messages queued, timers and line reads waiting\n"
    "\n"
    "After each input the queued messages (x <- m()) run, each a turn, and\n"
    "the timers due fire (sys.clock.after); later ones fire after a later\n"
    "input.\n";

typedef struct {
  CliSession s;
  bool exiting;
  int exitCode;
  WritHandle *same; /* fn(a, b) => a == b: identity, for containers */
} Repl;

static const char *paint(const Repl *r, const char *code) { return r->s.color ? code : ""; }

/* Colours by kind, as most REPLs do: strings green, numbers yellow,
 * nil and booleans magenta, functions and classes cyan. */
static const char *value_color(WritHandle *v) {
  switch (writ_type(v)) {
  case WRIT_TYPE_STRING: return "\033[32m";
  case WRIT_TYPE_NUMBER: return "\033[33m";
  case WRIT_TYPE_NIL: case WRIT_TYPE_BOOL: return "\033[35m";
  case WRIT_TYPE_FUNCTION: return "\033[36m";
  default: return "";
  }
}

/* ------------------------------------------------------------------ */
/* Showing a value                                                      */

/* A value is shown as a literal, on one line if it fits the screen's
 * width (its columns, 80 when stdout is no terminal); otherwise a list,
 * map or set breaks across lines, indented by two: one item a line, or
 * as many as fit on each line when the items are all plain values. Long
 * values are cut short, :full EXPR showing all of them (SPEC §14). */
#define SHOW_ITEMS 100   /* a container's items shown before "… N more" (node's 100) */
#define SHOW_TOTAL 1000  /* items shown in all: a screenful or a few, not a flood */
#define SHOW_DEPTH 4     /* a container inside four others shows as [… N] */
#define SHOW_STRING 1000 /* characters of a string shown before "…" */

typedef struct Node Node;
struct Node {
  char *key, *text;        /* a map entry's key ("k"); a plain value's text */
  const char *keyColor, *color;
  const char *open, *close; /* a container's brackets; text is then NULL */
  Node *kids;
  size_t n, cap;
  size_t width; /* columns of the one-line form, key included */
};

typedef struct {
  Repl *r;
  bool full, failed;
  size_t budget; /* items that may still be shown */
  size_t cols;
  WritHandle *chain[256]; /* the containers being shown, for cycles */
  int depth;
} Shower;

/* Columns of UTF-8 text: one per code point. */
static size_t text_width(const char *s, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) w++;
  return w;
}

static size_t screen_columns(void) {
  struct winsize ws;
  if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  return 80;
}

static void node_free(Node *n) {
  for (size_t i = 0; i < n->n; i++) node_free(&n->kids[i]);
  free(n->kids);
  free(n->key);
  free(n->text);
}

static Node *node_add(Shower *s, Node *parent) {
  if (parent->n == parent->cap) {
    size_t nc = parent->cap ? parent->cap * 2 : 8;
    Node *nk = realloc(parent->kids, nc * sizeof *nk);
    if (!nk) { s->failed = true; return NULL; }
    parent->kids = nk;
    parent->cap = nc;
  }
  Node *k = &parent->kids[parent->n++];
  memset(k, 0, sizeof *k);
  return k;
}

static void node_text(Node *n, char *text, const char *color) {
  n->text = text;
  n->color = color;
  n->width = text ? text_width(text, strlen(text)) : 0;
}

/* "99 997": thousands set apart by a space, as in the docs. */
static void put_count(char *out, size_t cap, size_t k) {
  char digits[32];
  int nd = snprintf(digits, sizeof digits, "%zu", k), o = 0;
  for (int i = 0; i < nd && (size_t)o + 2 < cap; i++) {
    if (i > 0 && (nd - i) % 3 == 0) out[o++] = ' ';
    out[o++] = digits[i];
  }
  out[o] = '\0';
}

static char *more_text(size_t k) {
  char num[48], *t = malloc(64);
  if (!t) return NULL;
  put_count(num, sizeof num, k);
  snprintf(t, 64, "\u2026 %s more", num);
  return t;
}

/* A plain value's text: as the REPL quotes it, a long string cut short. */
static char *leaf_text(Shower *s, WritHandle *v) {
  WritHandle *t = writ_to_string(v, 1, NULL);
  const char *txt;
  size_t n;
  if (!t || writ_get_string(t, &txt, &n) != WRIT_OK) {
    writ_release(t);
    s->failed = true; /* its toString failed: the error has been shown */
    return NULL;
  }
  size_t keep = n, chars = 0;
  bool cut = false;
  if (!s->full && writ_type(v) == WRIT_TYPE_STRING) {
    for (size_t i = 0; i < n; i++) {
      if (((unsigned char)txt[i] & 0xC0) != 0x80 && ++chars > SHOW_STRING) {
        keep = i;
        cut = true;
        break;
      }
    }
    if (cut) { /* not inside an escape: back to before its backslash */
      size_t b = keep;
      while (b > 0 && txt[b - 1] != '\\' && keep - b < 12 && txt[b - 1] != ' ') b--;
      if (b > 0 && txt[b - 1] == '\\') keep = b - 1;
    }
  }
  char *out = malloc(keep + 96);
  if (out) {
    memcpy(out, txt, keep);
    out[keep] = '\0';
    if (cut) {
      char num[48];
      put_count(num, sizeof num, text_width(txt + keep, n - keep) - 1);
      snprintf(out + keep, 96, "\u2026\" (%s more characters)", num);
    }
  } else {
    s->failed = true;
  }
  writ_release(t);
  return out;
}

static void build(Shower *s, Node *n, WritHandle *v);

/* The items of a list (or a set's, or a map's [key, value] pairs). */
static void build_items(Shower *s, Node *n, WritHandle *items, bool pairs) {
  size_t len = writ_list_len(items), shown = 0;
  for (size_t i = 0; i < len && !s->failed; i++) {
    if (!s->full && (shown == SHOW_ITEMS || s->budget == 0)) {
      Node *k = node_add(s, n);
      if (k) node_text(k, more_text(len - i), "");
      break;
    }
    WritHandle *item = writ_list_get(items, (long)i);
    Node *k = node_add(s, n);
    if (k && pairs) {
      WritHandle *key = writ_list_get(item, 0), *val = writ_list_get(item, 1);
      k->key = leaf_text(s, key);
      k->keyColor = value_color(key);
      build(s, k, val);
      writ_release(key);
      writ_release(val);
    } else if (k) {
      build(s, k, item);
    }
    writ_release(item);
    shown++;
    if (s->budget > 0) s->budget--;
  }
}

static void build(Shower *s, Node *n, WritHandle *v) {
  WritType t = writ_type(v);
  const char *tn = writ_type_name(v);
  bool isSet = t == WRIT_TYPE_OBJECT && tn && !strcmp(tn, "Set");
  if (t != WRIT_TYPE_LIST && t != WRIT_TYPE_MAP && !isSet) {
    node_text(n, leaf_text(s, v), value_color(v));
  } else {
    n->open = t == WRIT_TYPE_LIST ? "[" : t == WRIT_TYPE_MAP ? "{" : "Set([";
    n->close = t == WRIT_TYPE_LIST ? "]" : t == WRIT_TYPE_MAP ? "}" : "])";
    WritHandle *items = NULL;
    if (t == WRIT_TYPE_LIST) items = writ_copy_handle(v);
    else if (writ_call_method(v, t == WRIT_TYPE_MAP ? "items" : "iter", 0, NULL, &items, NULL) != WRIT_OK)
      s->failed = true;
    bool cycle = false;
    for (int i = 0; i < s->depth && !cycle && s->r->same; i++) {
      WritHandle *eq = NULL, *args[2] = {v, s->chain[i]};
      if (writ_call(s->r->same, 2, args, &eq, NULL) == WRIT_OK) {
        int b = 0;
        cycle = writ_get_bool(eq, &b) == WRIT_OK && b;
      }
      writ_release(eq);
    }
    size_t len = writ_list_len(items);
    if (cycle || (len > 0 && ((!s->full && s->depth >= SHOW_DEPTH) || s->depth == 256))) {
      /* A container inside itself shows as str() shows it: [...] */
      char buf[96], num[48];
      put_count(num, sizeof num, len);
      if (cycle) snprintf(buf, sizeof buf, "%s...%s", n->open, n->close);
      else snprintf(buf, sizeof buf, "%s\u2026 %s%s", n->open, num, n->close);
      n->open = n->close = NULL;
      node_text(n, strdup(buf), "");
    } else if (items) {
      s->chain[s->depth++] = v;
      build_items(s, n, items, t == WRIT_TYPE_MAP);
      s->depth--;
      n->width = strlen(n->open) + strlen(n->close) + (n->n ? 2 * (n->n - 1) : 0);
      for (size_t i = 0; i < n->n; i++) n->width += n->kids[i].width;
    }
    writ_release(items);
  }
  if (n->key) n->width += text_width(n->key, strlen(n->key)) + 2;
}

static void put_spaces(size_t k) {
  while (k--) putchar(' ');
}

static void put_flat(const Shower *s, const Node *n) {
  const Repl *r = s->r;
  if (n->key) printf("%s%s%s: ", paint(r, n->keyColor), n->key, paint(r, "\033[0m"));
  if (n->text) {
    printf("%s%s%s", paint(r, n->color), n->text, paint(r, "\033[0m"));
    return;
  }
  fputs(n->open, stdout);
  for (size_t i = 0; i < n->n; i++) {
    if (i) fputs(", ", stdout);
    put_flat(s, &n->kids[i]);
  }
  fputs(n->close, stdout);
}

/* n at column `indent` (the cursor is there), `trail` columns (a comma)
 * to follow it on its line. */
static void put_node(const Shower *s, const Node *n, size_t indent, size_t trail) {
  if (n->text || indent + n->width + trail <= s->cols) {
    put_flat(s, n);
    return;
  }
  if (n->key) printf("%s%s%s: ", paint(s->r, n->keyColor), n->key, paint(s->r, "\033[0m"));
  fputs(n->open, stdout);
  putchar('\n');
  bool plain = true;
  for (size_t i = 0; i < n->n && plain; i++) plain = n->kids[i].text && !n->kids[i].key;
  size_t in = indent + 2, col = 0;
  for (size_t i = 0; i < n->n; i++) {
    const Node *k = &n->kids[i];
    size_t comma = i + 1 < n->n ? 1 : 0;
    if (plain && col > 0 && col + 1 + k->width + comma <= s->cols) {
      putchar(' ');
      col++;
    } else {
      if (col > 0) putchar('\n');
      put_spaces(in);
      col = in;
    }
    put_node(s, k, in, comma);
    if (comma) putchar(',');
    col += k->width + comma;
    if (!plain) {
      putchar('\n');
      col = 0;
    }
  }
  if (col > 0) putchar('\n');
  put_spaces(indent);
  fputs(n->close, stdout);
}

/* Shows v (cut short unless full) and a newline. */
static void show_value(Repl *r, WritHandle *v, bool full) {
  Shower s;
  memset(&s, 0, sizeof s);
  s.r = r;
  s.full = full;
  s.budget = full ? (size_t)-1 : SHOW_TOTAL;
  s.cols = screen_columns();
  Node root;
  memset(&root, 0, sizeof root);
  build(&s, &root, v);
  if (!s.failed) {
    put_node(&s, &root, 0, 0);
    putchar('\n');
  }
  fflush(stdout);
  node_free(&root);
}

/* After an input: the turns it queued and the timers due, so a promise
 * shown next has settled if it could, and what `when` callbacks print
 * follows the input. Never waits for a timer. Rejections nothing watched
 * are reported, but the session goes on. */
static void run_queue(Repl *r) {
  WritStatus st = cli_loop_run_ready(r->s.loop, line_take_interrupt);
  line_take_interrupt(); /* a Ctrl-C has done its work by now */
  fflush(stdout);
  if (st == WRIT_EXIT) {
    r->exiting = true;
    r->exitCode = writ_exit_code(r->s.vm);
    return;
  }
  writ_report_unhandled(r->s.vm);
  writ_repl_settle_last(r->s.ws, r->s.module); /* `_` then shows the value */
}

/* :pending: the queued messages, oldest first, and the host's timers and
 * line reads still waiting. */
static void show_pending(Repl *r) {
  WritHandle *l = writ_pending_list(r->s.vm);
  size_t n = writ_list_len(l);
  for (size_t i = 0; i < n; i++) {
    WritHandle *item = writ_list_get(l, (long)i);
    const char *text;
    size_t len;
    if (writ_get_string(item, &text, &len) == WRIT_OK) printf("  %.*s\n", (int)len, text);
    writ_release(item);
  }
  writ_release(l);
  const CliLoop *loop = r->s.loop;
  printf("%zu message%s queued, %zu timer%s and %zu line read%s waiting\n", n, n == 1 ? "" : "s", loop->ntimers,
         loop->ntimers == 1 ? "" : "s", loop->nreads, loop->nreads == 1 ? "" : "s");
}

/* Runs src as more of the session's module. With `show`, a final
 * expression's value (unless nil) is printed. */
static WritStatus run(Repl *r, const char *src, size_t len, int flags, bool show, WritHandle **value) {
  WritHandle *v = NULL;
  WritStatus st = writ_eval_value(r->s.ws, r->s.module, src, len, WRIT_EVAL_MAIN | WRIT_EVAL_REPL | flags, NULL, &v);
  line_take_interrupt(); /* a Ctrl-C has done its work by now */
  if (st == WRIT_EXIT) {
    r->exiting = true;
    r->exitCode = writ_exit_code(r->s.vm);
  }
  if (st == WRIT_OK && show && writ_type(v) != WRIT_TYPE_NIL) show_value(r, v, false);
  if (value) *value = v;
  else writ_release(v);
  if (st != WRIT_EXIT && st != WRIT_ERR_INCOMPLETE) run_queue(r);
  return st;
}

static const char *skip_space(const char *s) {
  while (*s == ' ' || *s == '\t') s++;
  return s;
}

static bool is_command(const char *line, const char *name, const char **arg) {
  size_t n = strlen(name);
  if (strncmp(line, name, n) != 0 || (line[n] && line[n] != ' ' && line[n] != '\t')) return false;
  *arg = skip_space(line + n);
  return true;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void load_file(Repl *r, const char *path) {
  if (!*path) {
    fputs(":load needs a file name: :load FILE\n", stderr);
    return;
  }
  char err[512];
  size_t len;
  char *src = cli_read_file(path, &len, err, sizeof err);
  if (!src) {
    fprintf(stderr, "%s\n", err);
    return;
  }
  run(r, src, len, 0, false, NULL);
  free(src);
}

/* ------------------------------------------------------------------ */
/* :doc                                                                 */

static void doc_line(const CliDoc *d) {
  /* A method or member's owner in front, unless the signature has it. */
  size_t ol = strlen(d->owner);
  if (ol && !(strncmp(d->sig, d->owner, ol) == 0 && d->sig[ol] == '.')) printf("%s.", d->owner);
  printf("%s \u2014 %s\n", d->sig, d->text);
}

/* The entries of owner (NULL: any) named name; returns how many. */
static int doc_print(const char *owner, const char *name) {
  int found = 0;
  for (const CliDoc *d = cli_docs; d->name; d++)
    if ((!owner || !strcasecmp(d->owner, owner)) && !strcmp(d->name, name)) {
      doc_line(d);
      found++;
    }
  return found;
}

static bool doc_is_owner(const char *owner) {
  for (const CliDoc *d = cli_docs; d->name; d++)
    if (d->owner[0] && !strcasecmp(d->owner, owner)) return true;
  return false;
}

/* :doc NAME: a built-in (str), a module's member (math.floor), a type's
 * method (list.push, or xs.push through a name of the session), every
 * method of that name (push), or what a module or type has (math). */
static void doc(Repl *r, const char *arg) {
  char name[256];
  size_t n = strlen(arg);
  while (n > 0 && (arg[n - 1] == ' ' || arg[n - 1] == '\t')) n--;
  if (n == 0 || n >= sizeof name) { fputs(":doc needs a name: :doc NAME (:doc len, :doc math.floor)\n", stderr); return; }
  memcpy(name, arg, n);
  name[n] = '\0';
  char *dot = strrchr(name, '.');
  int found = 0;
  if (dot) {
    *dot = '\0';
    const char *member = dot + 1, *owner = name;
    WritHandle *v = NULL;
    if (!doc_is_owner(name)) { /* a name of the session: its module or type */
      size_t hl = strlen(name);
      if (hl >= 2 && (name[0] == '"' || name[0] == '\'') && name[hl - 1] == name[0]) owner = "string";
      else if ((v = cli_resolve(&r->s, name, hl)) != NULL && strcmp(writ_type_name(v), "module") != 0)
        owner = writ_type_name(v);
    }
    found = doc_print(owner, member);
    writ_release(v);
    *dot = '.';
  } else {
    found = doc_print("", name);
    if (!found && doc_is_owner(name)) { /* math: its members */
      printf("%s:", name);
      for (const CliDoc *d = cli_docs; d->name; d++)
        if (!strcasecmp(d->owner, name)) printf(" %s", d->name);
      putchar('\n');
      found = 1;
    }
    if (!found) found = doc_print(NULL, name);
  }
  if (!found) fprintf(stderr, "no description of %s (built-ins, module members and methods have one)\n", name);
}

static void command(Repl *r, const char *line) {
  const char *arg;
  if (is_command(line, ":help", &arg) || is_command(line, ":h", &arg)) {
    fputs(help_text, stdout);
  } else if (is_command(line, ":quit", &arg) || is_command(line, ":q", &arg)) {
    r->exiting = true;
  } else if (is_command(line, ":load", &arg)) {
    load_file(r, arg);
  } else if (is_command(line, ":caps", &arg)) {
    cli_describe_caps(&r->s);
  } else if (is_command(line, ":type", &arg)) {
    if (!*arg) { fputs(":type needs an expression: :type EXPR\n", stderr); return; }
    WritHandle *v = NULL;
    if (run(r, arg, strlen(arg), WRIT_EVAL_NO_LAST, false, &v) == WRIT_OK)
      printf("%s%s%s\n", paint(r, "\033[36m"), writ_type_name(v), paint(r, "\033[0m"));
    writ_release(v);
  } else if (is_command(line, ":time", &arg)) {
    if (!*arg) { fputs(":time needs an expression: :time EXPR\n", stderr); return; }
    double t0 = now_ms();
    WritStatus st = run(r, arg, strlen(arg), 0, true, NULL);
    double ms = now_ms() - t0;
    if (st == WRIT_OK || st == WRIT_ERR_RUNTIME || st == WRIT_ERR_INTERRUPTED)
      printf("%stime: %.3f ms%s\n", paint(r, "\033[2m"), ms, paint(r, "\033[0m"));
  } else if (is_command(line, ":full", &arg)) {
    if (!*arg) { fputs(":full needs an expression: :full EXPR\n", stderr); return; }
    WritHandle *v = NULL;
    if (run(r, arg, strlen(arg), 0, false, &v) == WRIT_OK && writ_type(v) != WRIT_TYPE_NIL) show_value(r, v, true);
    writ_release(v);
  } else if (is_command(line, ":doc", &arg)) {
    doc(r, arg);
  } else if (is_command(line, ":pending", &arg)) {
    show_pending(r);
  } else {
    fprintf(stderr, "unknown command %s (:help lists them)\n", line);
  }
  fflush(stdout);
}

static bool blank(const char *s) {
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') return false;
  return true;
}

/* An input still incomplete: the lines typed so far, each with its
 * newline. */
typedef struct {
  char *text;
  size_t len;
} Pending;

static void pending_drop(Pending *p) {
  free(p->text);
  p->text = NULL;
  p->len = 0;
}

/* false: out of memory. */
static bool pending_add(Pending *p, const char *line) {
  size_t ll = strlen(line);
  char *nb = realloc(p->text, p->len + ll + 2);
  if (!nb) return false;
  p->text = nb;
  memcpy(p->text + p->len, line, ll);
  p->len += ll;
  p->text[p->len++] = '\n';
  p->text[p->len] = '\0';
  return true;
}

/* An input has run: all its lines are one history entry, recalled whole. */
static void finish(Pending *p) {
  p->text[--p->len] = '\0'; /* its last newline */
  line_add_history(p->text);
  pending_drop(p);
}

/* One line typed at a prompt (it takes line): a command, nothing, or
 * more of an input, run once it is complete. false: leave the REPL. */
static bool on_line(Repl *r, Pending *p, char *line) {
  const char *start = skip_space(line);
  if (!p->text && (start[0] == ':' || blank(line))) {
    line_add_history(line);
    if (start[0] == ':') command(r, start);
    free(line);
    return true;
  }
  bool added = pending_add(p, line);
  free(line);
  if (!added) {
    fputs("writ: out of memory\n", stderr);
    return false;
  }
  if (run(r, p->text, p->len, WRIT_EVAL_QUIET_INCOMPLETE, true, NULL) != WRIT_ERR_INCOMPLETE) finish(p);
  return true;
}

/* ------------------------------------------------------------------ */
/* Line numbers after -i                                                */

/* After `-i script.writ` the inputs are more of the script's module, and
 * the VM numbers their lines on from the script's last. They are shown as
 * the REPL's own, <repl>:1 the first input's first line, as without a
 * script: a line of the script stays the script's. */
static struct {
  const char *module; /* the -i script's module (NULL: the REPL's own) */
  int base;           /* its lines before the first input */
  int probe;          /* >= 0 while finding base: the line seen */
} g_lines;

/* trace with "(module:L:" for L past base as "(<repl>:L-base:". malloc'd. */
static char *remap_trace(const char *trace) {
  char *out = NULL;
  size_t outLen = 0;
  FILE *f = open_memstream(&out, &outLen);
  if (!f) return NULL;
  size_t ml = strlen(g_lines.module);
  for (const char *p = trace; *p;) {
    char *end;
    if (p[0] == '(' && !strncmp(p + 1, g_lines.module, ml) && p[1 + ml] == ':') {
      long line = strtol(p + 2 + ml, &end, 10);
      if (end > p + 2 + ml && *end == ':' && line > g_lines.base) {
        fprintf(f, "(<repl>:%ld", line - g_lines.base);
        p = end;
        continue;
      }
    }
    fputc(*p++, f);
  }
  fclose(f);
  return out;
}

static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  if (g_lines.probe >= 0) {
    g_lines.probe = d->line;
    return;
  }
  WritDiagnostic c = *d;
  char *trace = NULL;
  if (g_lines.module && c.file && !strcmp(c.file, g_lines.module)) {
    if (c.line > g_lines.base) {
      c.file = "<repl>";
      c.line -= g_lines.base;
    }
  }
  if (g_lines.module && c.trace && (trace = remap_trace(c.trace)) != NULL) c.trace = trace;
  cli_print_diagnostic(&c);
  free(trace);
}

/* Where the inputs' lines start: a line that fails to parse says. */
static void number_inputs(Repl *r) {
  g_lines.module = NULL;
  g_lines.base = 0;
  g_lines.probe = -1;
  if (!strcmp(r->s.module, "<repl>")) return;
  writ_workspace_set_callbacks(r->s.ws, NULL, on_error, NULL);
  g_lines.probe = 0;
  writ_eval(r->s.ws, r->s.module, ")", 1, WRIT_EVAL_MAIN | WRIT_EVAL_REPL);
  if (g_lines.probe > 0) {
    g_lines.module = r->s.module;
    g_lines.base = g_lines.probe;
  }
  g_lines.probe = -1;
}

int cli_repl(CliLoop *loop, WritWorkspace *ws, const char *module) {
  WritVM *vm = loop->vm;
  Repl r;
  memset(&r, 0, sizeof r);
  r.s.vm = vm;
  r.s.loop = loop;
  /* The terminal's lines are the REPL's: a script's line reads would race
   * the prompt for them. */
  loop->readsRefused = "standard input belongs to the REPL";
  r.s.ws = ws;
  r.s.module = module;
  r.s.color = isatty(1) && !getenv("NO_COLOR");
  line_init(&r.s);
  /* The session's module exists from the start, so completion sees the
   * main script's names (print, sys) before anything has been typed. */
  writ_eval(ws, module, "", 0, WRIT_EVAL_MAIN | WRIT_EVAL_REPL);
  number_inputs(&r);
  writ_eval_value(ws, "<repl-show>", "return fn(a, b) => a == b", 25, 0, NULL, &r.same);
  printf("Writ %s — :help for help, Ctrl-D to leave\n", WRIT_VERSION_STRING);
  fflush(stdout);
  /* Readline wants \001..\002 around what takes no room on screen. */
#ifdef WRIT_READLINE
  const char *prompt = r.s.color ? "\001\033[1;32m\002>\001\033[0m\002 " : "> ";
  const char *more = r.s.color ? "\001\033[2m\002...\001\033[0m\002 " : "... ";
#else
  const char *prompt = "> ", *more = "... ";
#endif
  Pending p = {NULL, 0};
  while (!r.exiting) {
    char *line = NULL;
    LineStatus ls = line_read(p.text ? more : prompt, &line);
    if (ls == LINE_INTERRUPT) { /* drop what was typed, pending lines too */
      pending_drop(&p);
      continue;
    }
    if (ls == LINE_EOF) {
      if (!p.text) break;
      run(&r, p.text, p.len, 0, true, NULL); /* Ctrl-D inside an unfinished input: say what is missing */
      finish(&p);
      continue;
    }
    if (!on_line(&r, &p, line)) break;
  }
  pending_drop(&p);
  line_done();
  writ_release(r.same);
  if (g_lines.module) writ_workspace_set_callbacks(ws, NULL, NULL, NULL);
  return r.exitCode;
}
