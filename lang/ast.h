/* The syntax tree the parser builds and the compiler walks. Nodes live in
 * an arena owned by one parse; nothing here is garbage collected. */
#ifndef WRIT_AST_H
#define WRIT_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
  /* expressions */
  N_NUMBER, N_STRING, N_NIL, N_TRUE, N_FALSE, N_NAME, N_SELF, N_FIELD,
  N_LIST, N_MAP, N_MAPENTRY, N_RANGE, N_BINARY, N_AND, N_OR, N_NOT, N_NEG,
  N_BNOT, N_CALL, N_MEMBER, N_INDEX, N_FUNC, N_SUPER, N_COND, N_SPREAD, N_INTERP,
  /* statements */
  N_LET, N_VAR, N_DESTRUCT, N_ASSIGN, N_EXPR, N_IF, N_WHILE, N_FOR,
  N_BREAK, N_CONTINUE, N_RETURN, N_THROW, N_TRY, N_BLOCK, N_FNDECL,
  N_CLASS, N_IMPORT, N_EXPORT, N_CATCH
} NodeKind;

typedef struct Node Node;

typedef struct NodeList {
  Node *head, *tail;
  int count;
} NodeList;

/* One node shape for all kinds; which fields mean what is listed in ast.c
 * next to each builder. */
struct Node {
  uint8_t kind;
  int op;           /* operator token (TK_*), or a per-kind flag */
  int line, col;
  Node *a, *b, *c;
  Node *next;       /* sibling in a NodeList */
  NodeList *list;
  const char *str;  /* names and decoded string literals (arena copy) */
  uint32_t len;
  const char *str2; /* import alias / second loop variable */
  uint32_t len2;
  double num;
};

/* Token as the lexer hands it to lemon: a slice of the source. */
typedef struct Token {
  const char *s;
  int len;
  int line, col;
  int quote; /* string parts: 1 for "...", 3 for """...""" */
} Token;

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
  ArenaBlock *head;
  void *(*allocFn)(void *ud, void *ptr, size_t oldSize, size_t newSize);
  void *ud;
  bool failed;
  size_t nextBlock; /* size of the next block: doubles up to a maximum */
  ArenaBlock *borrowed; /* the caller's first block: never freed here */
} Arena;

/* A point to go back to with arena_release: what was allocated after it
 * is given back. */
typedef struct {
  ArenaBlock *head;
  size_t used;
} ArenaMark;

/* first, if not NULL, is firstSize bytes of the caller's memory (aligned
 * for max_align_t, e.g. on its stack) used as the first block. */
void arena_init(Arena *a, void *(*allocFn)(void *ud, void *ptr, size_t oldSize, size_t newSize), void *ud,
                void *first, size_t firstSize);
void *arena_alloc(Arena *a, size_t n);
/* The same without zeroing, for memory that is written before it is read
 * (the source copy, the parser, whose init sets what it reads). */
void *arena_alloc_raw(Arena *a, size_t n);
ArenaMark arena_mark(const Arena *a);
void arena_release(Arena *a, ArenaMark m);
void arena_free(Arena *a);

/* Parser state shared by the lexer driver, lemon actions and builders. */
typedef struct ParseCtx {
  Arena *arena;
  Node *root;
  bool error, incomplete;
  bool overflow; /* the first parser's stack was too small (parse.c) */
  int eline, ecol;
  int tline, tcol; /* the token being fed, for errors lemon reports bare */
  int prevTk[2];   /* the two tokens before it (TK_*; 0: none), newest first */
  int openLine, openCol; /* at the end of input: the innermost bracket still */
  const char *openWhat;  /* open (NULL: none), for "'{' opened here is never closed" */
  /* The last '//' comment that followed an operand on its line (7 // 2):
   * a syntax error on that line, or while a bracket open at it is still
   * open, gets a note that '//' is a comment. slashLine 0: none. */
  int slashLine, slashDepth;
  bool slashOpen;
  /* The innermost bracket open at the token being fed (innerLine 0: none),
   * for "the '(' opened on line 3 is still open" after an unexpected token. */
  int innerLine;
  const char *innerWhat;
  bool arrowAfterNamedFn; /* `fn f(x) => ...`: a named function has a block */
  int lineBase;     /* lines before this text (earlier REPL inputs): its first
                      line is lineBase + 1 */
  char msg[256];
} ParseCtx;

void ast_error(ParseCtx *p, int line, int col, const char *fmt, ...);
/* Adds the '//' note (see slashLine) to an error just reported, if it applies. */
void ast_note_comment(ParseCtx *p);
/* Adds which bracket is still open, when it opened on an earlier line. */
void ast_note_open_bracket(ParseCtx *p);

Node *ast_node(ParseCtx *p, NodeKind kind, Token at);
Node *ast_name(ParseCtx *p, NodeKind kind, Token t); /* NAME / FIELD */
Node *ast_number(ParseCtx *p, Token t);
Node *ast_string(ParseCtx *p, Token t);
/* A string part after an interpolation, kept raw for ast_interp. */
Node *ast_raw_text(ParseCtx *p, Token t);
Node *ast_interp(ParseCtx *p, Token begin, Node *first, NodeList *middle, Token close);
Node *ast_unary(ParseCtx *p, NodeKind kind, Token op, Node *a);
Node *ast_binary(ParseCtx *p, Token op, int tk, Node *a, Node *b);
Node *ast_logic(ParseCtx *p, NodeKind kind, Token op, Node *a, Node *b);
Node *ast_range(ParseCtx *p, Token op, Node *a, Node *b, bool inclusive);
/* c ? a : b (N_COND: a the condition, b then, c else). */
Node *ast_cond(ParseCtx *p, Token op, Node *cond, Node *then, Node *otherwise);
Node *ast_call(ParseCtx *p, Token at, Node *callee, NodeList *args);
Node *ast_send(ParseCtx *p, Token at, Node *target, const Token *name, NodeList *args);
Node *ast_member(ParseCtx *p, Token name, Node *obj);
Node *ast_index(ParseCtx *p, Token at, Node *obj, Node *idx);
Node *ast_collection(ParseCtx *p, NodeKind kind, Token at, NodeList *items);
Node *ast_entry(ParseCtx *p, Node *key, Node *value);
Node *ast_func(ParseCtx *p, Token at, Token *name, NodeList *params, Node *body, bool exprBody);
/* A parameter (N_NAME): a = its default or NULL; op = 1 for ...rest. */
Node *ast_param(ParseCtx *p, Token name, Node *dflt, bool rest);
Node *ast_decl(ParseCtx *p, NodeKind kind, Token name, Node *init);
Node *ast_destruct(ParseCtx *p, Token at, bool isVar, NodeList *names, Node *init);
Node *ast_assign(ParseCtx *p, Token op, int tk, Node *target, Node *value);
Node *ast_stmt(ParseCtx *p, NodeKind kind, Token at, Node *a, Node *b, Node *c);
Node *ast_for(ParseCtx *p, Token at, Token v1, Token *v2, Node *iter, Node *body);
Node *ast_try(ParseCtx *p, Token at, Node *body, NodeList *catches, Node *finally);
Node *ast_catch(ParseCtx *p, Token at, Token *var, Node *klass, Node *handler);
Node *ast_class(ParseCtx *p, Token at, Token name, Node *super, NodeList *methods);
Node *ast_import(ParseCtx *p, Token at, Token what, bool isPath, Token *alias);
Node *ast_export(ParseCtx *p, Token at, Node *decl);
Node *ast_block(ParseCtx *p, Token at, NodeList *stmts);
Node *ast_wrap(ParseCtx *p, NodeKind kind, Node *a);

NodeList *ast_list(ParseCtx *p);
NodeList *ast_append(ParseCtx *p, NodeList *l, Node *n);

#endif
