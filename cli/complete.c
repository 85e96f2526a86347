/* Tab completion for the REPL, over the public API only: names in the
 * session's scope and keywords, members after a dot (a module's or
 * namespace's exports, the methods of a value's class), and the REPL's
 * commands. Nothing is evaluated to complete: `a.b.` is followed only
 * through names and exports, never by calling code. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

typedef struct {
  char **items;
  size_t n, cap;
} Words;

static void add(Words *w, const char *prefix, size_t plen, const char *text) {
  if (w->n + 2 > w->cap) {
    size_t ncap = w->cap ? w->cap * 2 : 32;
    char **ni = realloc(w->items, ncap * sizeof *ni);
    if (!ni) return;
    w->items = ni;
    w->cap = ncap;
  }
  size_t tl = strlen(text);
  char *s = malloc(plen + tl + 1);
  if (!s) return;
  memcpy(s, prefix, plen);
  memcpy(s + plen, text, tl + 1);
  w->items[w->n++] = s;
  w->items[w->n] = NULL;
}

/* The strings of a list handle that start with `start`, each after
 * prefix. Releases the list. */
static void add_matching(Words *w, WritHandle *list, const char *prefix, size_t plen, const char *start) {
  size_t sl = strlen(start), n = writ_list_len(list);
  for (size_t i = 0; i < n; i++) {
    WritHandle *h = writ_list_get(list, (long)i);
    const char *text;
    size_t len;
    if (writ_get_string(h, &text, &len) == WRIT_OK && len >= sl && !strncmp(text, start, sl))
      add(w, prefix, plen, text);
    writ_release(h);
  }
  writ_release(list);
}

static int by_text(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool is_word(const char *s, size_t n) {
  if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return false;
  for (size_t i = 1; i < n; i++)
    if (!(isalnum((unsigned char)s[i]) || s[i] == '_')) return false;
  return true;
}

/* The value `head` names: a dotted path of words through the session's
 * names and then exports or methods. NULL if any step fails. */
WritHandle *cli_resolve(CliSession *s, const char *head, size_t hl) {
  WritHandle *v = NULL;
  const char *p = head, *end = head + hl;
  while (p < end) {
    const char *dot = memchr(p, '.', (size_t)(end - p));
    size_t n = (size_t)((dot ? dot : end) - p);
    if (!is_word(p, n)) break;
    char name[256];
    if (n >= sizeof name) break;
    memcpy(name, p, n);
    name[n] = '\0';
    WritHandle *next = v ? writ_get_member(v, name) : writ_lookup(s->ws, s->module, name);
    writ_release(v);
    v = next;
    if (!v) return NULL;
    if (!dot) return v;
    p = dot + 1;
  }
  writ_release(v);
  return NULL;
}

static const char *const commands[] = {":help", ":quit", ":load ", ":caps", ":type ", ":time ", ":full ", ":doc ", NULL};

char **cli_completions(CliSession *s, const char *word, char before, bool atStart) {
  Words w = {NULL, 0, 0};
  size_t wl = strlen(word);
  const char *dot = strrchr(word, '.');
  if (atStart && word[0] == ':') {
    for (int i = 0; commands[i]; i++)
      if (!strncmp(commands[i], word, wl)) add(&w, "", 0, commands[i]);
  } else if (!dot) {
    WritHandle *names = writ_names(s->ws, s->module, WRIT_NAMES_MODULE | WRIT_NAMES_GRANTED | WRIT_NAMES_BUILTIN);
    if (names) add_matching(&w, names, "", 0, word);
    for (int i = 0; writ_keyword(i); i++)
      if (!strncmp(writ_keyword(i), word, wl)) add(&w, "", 0, writ_keyword(i));
  } else {
    size_t hl = (size_t)(dot - word);
    WritHandle *v = NULL;
    /* `"text".` and `'text'.` are strings; after `[...]` or `{...}` the
     * word starts at the dot. */
    if (hl >= 2 && (word[0] == '"' || word[0] == '\'') && word[hl - 1] == word[0]) v = writ_new_string(s->vm, "", 0);
    else if (hl > 0) v = cli_resolve(s, word, hl);
    else if (before == ']') v = writ_new_list(s->vm);
    else if (before == '}') v = writ_new_map(s->vm);
    if (v) {
      WritHandle *members = writ_member_names(v);
      if (members) add_matching(&w, members, word, hl + 1, dot + 1);
      writ_release(v);
    }
  }
  if (!w.items) return NULL;
  qsort(w.items, w.n, sizeof *w.items, by_text);
  size_t k = 0; /* a name both granted and a keyword, say, once */
  for (size_t i = 0; i < w.n; i++) {
    if (k > 0 && !strcmp(w.items[k - 1], w.items[i])) free(w.items[i]);
    else w.items[k++] = w.items[i];
  }
  w.items[k] = NULL;
  return w.items;
}

void cli_free_completions(char **c) {
  if (!c) return;
  for (char **p = c; *p; p++) free(*p);
  free(c);
}
