/* Writ's grammar for lemon. Actions only call builders in ast.c; all nodes
 * live in the parse's arena, so no %destructor is needed: the arena is
 * freed whole whether the parse succeeds or fails. The parse stops at the
 * first syntax error; one at the end of input marks it *incomplete*. */

%name Parser
%token_prefix TK_
%extra_context {ParseCtx *ctx}
%token_type {Token}
%default_type {Node *}

%include {
#include <assert.h>
#include <string.h>
#include "lang/ast.h"
#include "vm/config.h"
#define YYNOERRORRECOVERY 1
#define YYMALLOCARGTYPE size_t
/* The Makefile compiles this parser twice: as is, with a stack of
 * WRIT_PARSER_STACK_FIRST entries, and with WRIT_DEEP_PARSER as ParserDeep,
 * with the full WRIT_PARSER_STACK, which parse.c uses only when the first
 * overflows. Lemon's YYSTACKDEPTH (no %stack_size) yields to these. Every
 * external name of the generated file is renamed for the second copy. */
#ifdef WRIT_DEEP_PARSER
#define YYSTACKDEPTH WRIT_PARSER_STACK
#define Parser ParserDeep
#define ParserAlloc ParserDeepAlloc
#define ParserCoverage ParserDeepCoverage
#define ParserFallback ParserDeepFallback
#define ParserFinalize ParserDeepFinalize
#define ParserFree ParserDeepFree
#define ParserInit ParserDeepInit
#define ParserStackPeak ParserDeepStackPeak
#define ParserTrace ParserDeepTrace
#define parser_size parser_deep_size
#else
#define YYSTACKDEPTH WRIT_PARSER_STACK_FIRST
#endif
size_t parser_size(void);
}

%syntax_error {
  if (!ctx->error) {
    if (yyminor.len && (yymajor == TK_SEND || ctx->prevTk[0] == TK_SEND || (ctx->prevTk[1] == TK_SEND && yymajor != TK_LPAREN))) {
      /* `a<-b` meant as a comparison, or a send without its call */
      ast_error(ctx, yyminor.line, yyminor.col, "an eventual send is written x <- m(args) or f <- (args)"
                " (to compare with a negative number, write 'a < -b', with spaces)");
    } else if (yyminor.len == 0 && ctx->openWhat) {
      /* Not incomplete when the bracket stays open because a '//' meant as
       * division hid its close: the REPL reports it instead of waiting. */
      ctx->incomplete = !ctx->slashOpen;
      ast_error(ctx, ctx->openLine, ctx->openCol, "'%s' opened here is never closed", ctx->openWhat);
    } else if (yyminor.len == 0) {
      ctx->incomplete = true;
      ast_error(ctx, yyminor.line, yyminor.col, "unexpected end of input");
    } else if (yymajor == TK_STRMID || yymajor == TK_STREND) {
      ast_error(ctx, yyminor.line, yyminor.col, "expected an expression before this ')', which ends a '\\(' interpolation");
    } else if (yyminor.s[0] == '\n') {
      ast_error(ctx, yyminor.line, yyminor.col, "unexpected end of line");
    } else if (yymajor == TK_ARROW && ctx->arrowAfterNamedFn) {
      ast_error(ctx, yyminor.line, yyminor.col, "unexpected '=>': a named function has a block body"
                " (fn f(x) { return x * 2 }), or write let f = fn(x) => x * 2");
    } else if (yymajor == TK_ARROW) {
      ast_error(ctx, yyminor.line, yyminor.col, "unexpected '=>' (a function is written with fn: fn(x) => x * 2)");
    } else {
      ast_error(ctx, yyminor.line, yyminor.col, "unexpected '%.*s'",
                yyminor.len > 40 ? 40 : yyminor.len, yyminor.s);
      /* A statement keyword where a bracket is still open: most likely the
       * bracket was never closed and swallowed the lines since. */
      switch (yymajor) {
      case TK_LET: case TK_VAR: case TK_FN: case TK_CLASS: case TK_IF: case TK_WHILE: case TK_FOR:
      case TK_RETURN: case TK_IMPORT: case TK_EXPORT: case TK_TRY: case TK_THROW: case TK_BREAK:
      case TK_CONTINUE:
        ast_note_open_bracket(ctx);
        break;
      default: break;
      }
    }
    ast_note_comment(ctx);
  }
}

%stack_overflow {
  if (YYSTACKDEPTH < WRIT_PARSER_STACK) { /* the first, small parser: parse.c starts again */
    ctx->overflow = true;
    ctx->error = true;
  } else {
    ast_error(ctx, ctx->tline, ctx->tcol, "expression nests too deeply (parser stack limit %d)", WRIT_PARSER_STACK);
  }
}

/* Every token, so the lexer sees all TK_* codes in grammar.h. */
%token LET VAR FN RETURN IF ELSE WHILE FOR IN BREAK CONTINUE CLASS SELF
       SUPER TRUE FALSE NIL AND OR NOT THROW TRY CATCH IMPORT EXPORT AS
       NAME FIELD NUMBER STRING LPAREN RPAREN LBRACKET RBRACKET LBRACE
       RBRACE PLUS MINUS STAR SLASH PERCENT EQ NE LT LE GT GE ASSIGN PLUSEQ
       MINUSEQ STAREQ SLASHEQ PERCENTEQ BAND BOR BXOR BNOT SHL SHR COMMA DOT
       COLON DOTDOT DOTDOTEQ SEMI ARROW IS FINALLY POW QUESTION ELLIPSIS
       SEND STRBEGIN STRMID STREND.

/* Precedence, lowest first. */
%right ARROW.
%right QUESTION.
%left OR.
%left AND.
%right NOT.
%nonassoc EQ NE LT LE GT GE IN IS.
%nonassoc DOTDOT DOTDOTEQ.
%left BOR.
%left BXOR.
%left BAND.
%left SHL SHR.
%left PLUS MINUS.
%left STAR SLASH PERCENT.
%right BNOT UMINUS.
%right POW.
%left DOT LPAREN LBRACKET SEND.

%type stmts {NodeList *}
%type params {NodeList *}
%type paramlist {NodeList *}
%type args {NodeList *}
%type arglist {NodeList *}
%type entries {NodeList *}
%type entrylist {NodeList *}
%type names {NodeList *}
%type members {NodeList *}
%type catches {NodeList *}
%type iparts {NodeList *}

program ::= stmts(L). { Token t = {0, 0, 1, 1, 0}; ctx->root = ast_block(ctx, t, L); }

/* A statement that ends with a block needs no separator after it
 * (`if c { return 0 } return 1`); others end at `;` or a newline. */
stmts(A) ::= . { A = ast_list(ctx); }
stmts(A) ::= stmts(A) SEMI.
stmts(A) ::= stmts(A) stmt(S) SEMI. { A = ast_append(ctx, A, S); }
stmts(A) ::= stmts(A) compound(S). { A = ast_append(ctx, A, S); }

block(A) ::= LBRACE(T) stmts(L) RBRACE. { A = ast_block(ctx, T, L); }
block(A) ::= LBRACE(T) stmts(L) stmt(S) RBRACE. { A = ast_block(ctx, T, ast_append(ctx, L, S)); }

/* ---- statements ---- */
compound(A) ::= blockdecl(D). { A = D; }
compound(A) ::= EXPORT(T) blockdecl(D). { A = ast_export(ctx, T, D); }
compound(A) ::= ifstmt(I). { A = I; }
compound(A) ::= WHILE(T) expr(C) block(B). { A = ast_stmt(ctx, N_WHILE, T, C, B, NULL); }
compound(A) ::= FOR(T) NAME(V) IN expr(I) block(B). { A = ast_for(ctx, T, V, NULL, I, B); }
compound(A) ::= FOR(T) NAME(K) COMMA NAME(V) IN expr(I) block(B). { A = ast_for(ctx, T, K, &V, I, B); }
compound(A) ::= TRY(T) block(B) catches(C). { A = ast_try(ctx, T, B, C, NULL); }
compound(A) ::= TRY(T) block(B) catches(C) FINALLY block(F). { A = ast_try(ctx, T, B, C, F); }
compound(A) ::= TRY(T) block(B) FINALLY block(F). { A = ast_try(ctx, T, B, ast_list(ctx), F); }

/* catch, catch e, catch e is Class: tried in order. */
catches(A) ::= catch(C). { A = ast_append(ctx, ast_list(ctx), C); }
catches(A) ::= catches(A) catch(C). { A = ast_append(ctx, A, C); }
catch(A) ::= CATCH(T) block(H). { A = ast_catch(ctx, T, NULL, NULL, H); }
catch(A) ::= CATCH(T) NAME(V) block(H). { A = ast_catch(ctx, T, &V, NULL, H); }
catch(A) ::= CATCH(T) NAME(V) IS expr(K) block(H). { A = ast_catch(ctx, T, &V, K, H); }

stmt(A) ::= decl(D). { A = D; }
stmt(A) ::= EXPORT(T) decl(D). { A = ast_export(ctx, T, D); }
stmt(A) ::= expr(E). { A = ast_wrap(ctx, N_EXPR, E); }
stmt(A) ::= expr(T) ASSIGN(O) expr(V). { A = ast_assign(ctx, O, TK_ASSIGN, T, V); }
stmt(A) ::= expr(T) PLUSEQ(O) expr(V). { A = ast_assign(ctx, O, TK_PLUS, T, V); }
stmt(A) ::= expr(T) MINUSEQ(O) expr(V). { A = ast_assign(ctx, O, TK_MINUS, T, V); }
stmt(A) ::= expr(T) STAREQ(O) expr(V). { A = ast_assign(ctx, O, TK_STAR, T, V); }
stmt(A) ::= expr(T) SLASHEQ(O) expr(V). { A = ast_assign(ctx, O, TK_SLASH, T, V); }
stmt(A) ::= expr(T) PERCENTEQ(O) expr(V). { A = ast_assign(ctx, O, TK_PERCENT, T, V); }
stmt(A) ::= BREAK(T). { A = ast_stmt(ctx, N_BREAK, T, NULL, NULL, NULL); }
stmt(A) ::= CONTINUE(T). { A = ast_stmt(ctx, N_CONTINUE, T, NULL, NULL, NULL); }
stmt(A) ::= RETURN(T). { A = ast_stmt(ctx, N_RETURN, T, NULL, NULL, NULL); }
stmt(A) ::= RETURN(T) expr(E). { A = ast_stmt(ctx, N_RETURN, T, E, NULL, NULL); }
stmt(A) ::= THROW(T) expr(E). { A = ast_stmt(ctx, N_THROW, T, E, NULL, NULL); }
stmt(A) ::= IMPORT(T) NAME(M). { A = ast_import(ctx, T, M, false, NULL); }
stmt(A) ::= IMPORT(T) NAME(M) AS NAME(N). { A = ast_import(ctx, T, M, false, &N); }
stmt(A) ::= IMPORT(T) STRING(M). { A = ast_import(ctx, T, M, true, NULL); }
stmt(A) ::= IMPORT(T) STRING(M) AS NAME(N). { A = ast_import(ctx, T, M, true, &N); }

ifstmt(A) ::= IF(T) expr(C) block(B). { A = ast_stmt(ctx, N_IF, T, C, B, NULL); }
ifstmt(A) ::= IF(T) expr(C) block(B) ELSE block(E). { A = ast_stmt(ctx, N_IF, T, C, B, E); }
ifstmt(A) ::= IF(T) expr(C) block(B) ELSE ifstmt(E). { A = ast_stmt(ctx, N_IF, T, C, B, E); }

decl(A) ::= LET NAME(N) ASSIGN expr(E). { A = ast_decl(ctx, N_LET, N, E); }
decl(A) ::= VAR NAME(N) ASSIGN expr(E). { A = ast_decl(ctx, N_VAR, N, E); }
decl(A) ::= VAR NAME(N). { A = ast_decl(ctx, N_VAR, N, NULL); }
decl(A) ::= LET(T) LBRACKET names(L) RBRACKET ASSIGN expr(E). { A = ast_destruct(ctx, T, false, L, E); }
decl(A) ::= VAR(T) LBRACKET names(L) RBRACKET ASSIGN expr(E). { A = ast_destruct(ctx, T, true, L, E); }
blockdecl(A) ::= FN(T) NAME(N) LPAREN params(P) RPAREN block(B).
  { A = ast_decl(ctx, N_FNDECL, N, ast_func(ctx, T, &N, P, B, false)); }
blockdecl(A) ::= CLASS(T) NAME(N) LBRACE members(M) RBRACE. { A = ast_class(ctx, T, N, NULL, M); }
blockdecl(A) ::= CLASS(T) NAME(N) LT expr(S) LBRACE members(M) RBRACE. { A = ast_class(ctx, T, N, S, M); }

names(A) ::= NAME(N). { A = ast_append(ctx, ast_list(ctx), ast_name(ctx, N_NAME, N)); }
names(A) ::= names(A) COMMA NAME(N). { A = ast_append(ctx, A, ast_name(ctx, N_NAME, N)); }

members(A) ::= . { A = ast_list(ctx); }
members(A) ::= members(A) SEMI.
members(A) ::= members(A) NAME(N) LPAREN params(P) RPAREN block(B).
  { A = ast_append(ctx, A, ast_func(ctx, N, &N, P, B, false)); }

params(A) ::= . { A = ast_list(ctx); }
params(A) ::= paramlist(L). { A = L; }
params(A) ::= paramlist(L) COMMA. { A = L; }
paramlist(A) ::= param(P). { A = ast_append(ctx, ast_list(ctx), P); }
paramlist(A) ::= paramlist(A) COMMA param(P). { A = ast_append(ctx, A, P); }
/* name, name = default (evaluated per call), ...rest (a list, last) */
param(A) ::= NAME(N). { A = ast_param(ctx, N, NULL, false); }
param(A) ::= NAME(N) ASSIGN expr(E). { A = ast_param(ctx, N, E, false); }
param(A) ::= ELLIPSIS NAME(N). { A = ast_param(ctx, N, NULL, true); }

/* ---- expressions ---- */
expr(A) ::= primary(P). { A = P; }
expr(A) ::= expr(L) OR(O) expr(R). { A = ast_logic(ctx, N_OR, O, L, R); }
expr(A) ::= expr(L) AND(O) expr(R). { A = ast_logic(ctx, N_AND, O, L, R); }
expr(A) ::= NOT(O) expr(E). { A = ast_unary(ctx, N_NOT, O, E); }
expr(A) ::= expr(L) EQ(O) expr(R). { A = ast_binary(ctx, O, TK_EQ, L, R); }
expr(A) ::= expr(L) NE(O) expr(R). { A = ast_binary(ctx, O, TK_NE, L, R); }
expr(A) ::= expr(L) LT(O) expr(R). { A = ast_binary(ctx, O, TK_LT, L, R); }
expr(A) ::= expr(L) LE(O) expr(R). { A = ast_binary(ctx, O, TK_LE, L, R); }
expr(A) ::= expr(L) GT(O) expr(R). { A = ast_binary(ctx, O, TK_GT, L, R); }
expr(A) ::= expr(L) GE(O) expr(R). { A = ast_binary(ctx, O, TK_GE, L, R); }
expr(A) ::= expr(L) IN(O) expr(R). { A = ast_binary(ctx, O, TK_IN, L, R); }
expr(A) ::= expr(L) NOT(O) IN expr(R). [IN] { A = ast_unary(ctx, N_NOT, O, ast_binary(ctx, O, TK_IN, L, R)); }
expr(A) ::= expr(L) IS(O) expr(R). { A = ast_binary(ctx, O, TK_IS, L, R); }
expr(A) ::= expr(C) QUESTION(O) expr(T) COLON expr(F). { A = ast_cond(ctx, O, C, T, F); }
expr(A) ::= expr(L) DOTDOT(O) expr(R). { A = ast_range(ctx, O, L, R, false); }
expr(A) ::= expr(L) DOTDOTEQ(O) expr(R). { A = ast_range(ctx, O, L, R, true); }
expr(A) ::= expr(L) BOR(O) expr(R). { A = ast_binary(ctx, O, TK_BOR, L, R); }
expr(A) ::= expr(L) BXOR(O) expr(R). { A = ast_binary(ctx, O, TK_BXOR, L, R); }
expr(A) ::= expr(L) BAND(O) expr(R). { A = ast_binary(ctx, O, TK_BAND, L, R); }
expr(A) ::= expr(L) SHL(O) expr(R). { A = ast_binary(ctx, O, TK_SHL, L, R); }
expr(A) ::= expr(L) SHR(O) expr(R). { A = ast_binary(ctx, O, TK_SHR, L, R); }
expr(A) ::= expr(L) PLUS(O) expr(R). { A = ast_binary(ctx, O, TK_PLUS, L, R); }
expr(A) ::= expr(L) MINUS(O) expr(R). { A = ast_binary(ctx, O, TK_MINUS, L, R); }
expr(A) ::= expr(L) STAR(O) expr(R). { A = ast_binary(ctx, O, TK_STAR, L, R); }
expr(A) ::= expr(L) SLASH(O) expr(R). { A = ast_binary(ctx, O, TK_SLASH, L, R); }
expr(A) ::= expr(L) PERCENT(O) expr(R). { A = ast_binary(ctx, O, TK_PERCENT, L, R); }
expr(A) ::= expr(L) POW(O) expr(R). { A = ast_binary(ctx, O, TK_POW, L, R); }
expr(A) ::= MINUS(O) expr(E). [UMINUS] { A = ast_unary(ctx, N_NEG, O, E); }
expr(A) ::= BNOT(O) expr(E). { A = ast_unary(ctx, N_BNOT, O, E); }
expr(A) ::= FN(T) LPAREN params(P) RPAREN ARROW expr(E). [ARROW] { A = ast_func(ctx, T, NULL, P, E, true); }

primary(A) ::= NUMBER(T). { A = ast_number(ctx, T); }
primary(A) ::= STRING(T). { A = ast_string(ctx, T); }
primary(A) ::= STRBEGIN(B) expr(E) iparts(P) STREND(Z). { A = ast_interp(ctx, B, E, P, Z); }
primary(A) ::= NIL(T). { A = ast_node(ctx, N_NIL, T); }
primary(A) ::= TRUE(T). { A = ast_node(ctx, N_TRUE, T); }
primary(A) ::= FALSE(T). { A = ast_node(ctx, N_FALSE, T); }
primary(A) ::= SELF(T). { A = ast_node(ctx, N_SELF, T); }
primary(A) ::= NAME(T). { A = ast_name(ctx, N_NAME, T); }
primary(A) ::= FIELD(T). { A = ast_name(ctx, N_FIELD, T); }
primary(A) ::= LPAREN expr(E) RPAREN. { A = E; }
primary(A) ::= LBRACKET(T) args(L) RBRACKET. { A = ast_collection(ctx, N_LIST, T, L); }
primary(A) ::= LBRACE(T) entries(L) RBRACE. { A = ast_collection(ctx, N_MAP, T, L); }
primary(A) ::= FN(T) LPAREN params(P) RPAREN block(B). { A = ast_func(ctx, T, NULL, P, B, false); }
primary(A) ::= primary(F) LPAREN(T) args(L) RPAREN. { A = ast_call(ctx, T, F, L); }
primary(A) ::= primary(O) DOT member(N). { A = ast_member(ctx, N, O); }
/* Eventual send: queues the call and is a promise of its result. */
primary(A) ::= primary(O) SEND(T) member(N) LPAREN args(L) RPAREN. { A = ast_send(ctx, T, O, &N, L); }
primary(A) ::= primary(O) SEND(T) LPAREN args(L) RPAREN. { A = ast_send(ctx, T, O, NULL, L); }

/* After a dot any word names a member, keywords included (sys.in). */
%type member {Token}
member(A) ::= NAME(N). { A = N; }
member(A) ::= LET(N). { A = N; }
member(A) ::= VAR(N). { A = N; }
member(A) ::= FN(N). { A = N; }
member(A) ::= RETURN(N). { A = N; }
member(A) ::= IF(N). { A = N; }
member(A) ::= ELSE(N). { A = N; }
member(A) ::= WHILE(N). { A = N; }
member(A) ::= FOR(N). { A = N; }
member(A) ::= IN(N). { A = N; }
member(A) ::= BREAK(N). { A = N; }
member(A) ::= CONTINUE(N). { A = N; }
member(A) ::= CLASS(N). { A = N; }
member(A) ::= SELF(N). { A = N; }
member(A) ::= SUPER(N). { A = N; }
member(A) ::= TRUE(N). { A = N; }
member(A) ::= FALSE(N). { A = N; }
member(A) ::= NIL(N). { A = N; }
member(A) ::= AND(N). { A = N; }
member(A) ::= OR(N). { A = N; }
member(A) ::= NOT(N). { A = N; }
member(A) ::= THROW(N). { A = N; }
member(A) ::= TRY(N). { A = N; }
member(A) ::= CATCH(N). { A = N; }
member(A) ::= IMPORT(N). { A = N; }
member(A) ::= EXPORT(N). { A = N; }
member(A) ::= AS(N). { A = N; }
member(A) ::= IS(N). { A = N; }
member(A) ::= FINALLY(N). { A = N; }
primary(A) ::= primary(O) LBRACKET(T) expr(I) RBRACKET. { A = ast_index(ctx, T, O, I); }
primary(A) ::= SUPER DOT NAME(N). { A = ast_name(ctx, N_SUPER, N); }

/* The middle of "a\(x) b \(y) c": each text part and the expression after it. */
iparts(A) ::= . { A = ast_list(ctx); }
iparts(A) ::= iparts(A) STRMID(M) expr(E). { A = ast_append(ctx, ast_append(ctx, A, ast_raw_text(ctx, M)), E); }

args(A) ::= . { A = ast_list(ctx); }
args(A) ::= arglist(L). { A = L; }
args(A) ::= arglist(L) COMMA. { A = L; }
arglist(A) ::= arg(E). { A = ast_append(ctx, ast_list(ctx), E); }
arglist(A) ::= arglist(A) COMMA arg(E). { A = ast_append(ctx, A, E); }
/* An argument or list item; ...xs spreads the items of xs. */
arg(A) ::= expr(E). { A = E; }
arg(A) ::= ELLIPSIS(T) expr(E). { A = ast_unary(ctx, N_SPREAD, T, E); }

entries(A) ::= . { A = ast_list(ctx); }
entries(A) ::= entrylist(L). { A = L; }
entries(A) ::= entrylist(L) COMMA. { A = L; }
entries(A) ::= entrylist(L) SEMI. { A = L; }
entrylist(A) ::= entry(E). { A = ast_append(ctx, ast_list(ctx), E); }
entrylist(A) ::= entrylist(A) COMMA entry(E). { A = ast_append(ctx, A, E); }
entry(A) ::= NAME(K) COLON expr(V). { A = ast_entry(ctx, ast_name(ctx, N_STRING, K), V); }
entry(A) ::= STRING(K) COLON expr(V). { A = ast_entry(ctx, ast_string(ctx, K), V); }
entry(A) ::= NUMBER(K) COLON expr(V). { A = ast_entry(ctx, ast_number(ctx, K), V); }
entry(A) ::= LBRACKET expr(K) RBRACKET COLON expr(V). { A = ast_entry(ctx, K, V); }

%code {
/* The parser object's size, so the driver can place it in the arena. */
size_t parser_size(void) { return sizeof(yyParser); }
}
