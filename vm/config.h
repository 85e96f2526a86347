/* Writ's limits and build switches: the one place each number lives.
 * Every limit says what it protects. Hitting one is an ordinary Writ error
 * (catchable) unless noted; nothing here ever aborts the host. */
#ifndef WRIT_CONFIG_H
#define WRIT_CONFIG_H

/* Writ-to-Writ call depth. Calls do not recurse on the C stack, so this only
 * bounds memory (a frame is ~48 bytes plus its registers); 200k is deep
 * enough for honest recursive algorithms and errors well before RAM runs out. */
#define WRIT_MAX_CALL_DEPTH 200000

/* Value-stack slots for all frames together (8 bytes each): 64 MiB. */
#define WRIT_MAX_STACK_SLOTS (8 * 1024 * 1024)

/* Nesting of native -> Writ -> native calls (sort comparators, toString
 * called by print, json of instances). These do recurse on the C stack, so
 * the bound is small, like Lua's LUAI_MAXCCALLS. */
#define WRIT_MAX_NATIVE_DEPTH 200

/* Registers (locals + temporaries) per function: operands are 8 bits. */
#define WRIT_MAX_REGISTERS 250
/* Named locals live in one function at once (Lua's limit). */
#define WRIT_MAX_LOCALS 200
/* Upvalues one closure can capture: the upvalue index is 8 bits. */
#define WRIT_MAX_UPVALUES 255
/* Constants per function: LOADK's index is 16 bits. */
#define WRIT_MAX_CONSTANTS 65535
/* Parameters per function and arguments per call: a count in 8 bits, and
 * every argument needs a register. */
#define WRIT_MAX_ARGS 200
/* Top-level variables per module: GETMOD's index is 16 bits. */
#define WRIT_MAX_MODULE_VARS 65535
/* Fields per class, counting inherited ones: GETFIELD's index is 8 bits. */
#define WRIT_MAX_FIELDS 255
/* Jumps are 24-bit signed offsets; a function body longer than this many
 * instructions cannot be compiled. */
#define WRIT_MAX_JUMP ((1 << 23) - 1)

/* Proxies (cap module) wrapped directly around one another. C code steps
 * through such chains recursively, so they stay short. */
#define WRIT_MAX_PROXY_DEPTH 100

/* Brackets, parentheses and braces open at once in the lexer. The parser
 * and compiler recurse per level, so this bounds their C stack use. */
#define WRIT_MAX_NESTING 256
/* Lemon parser stack entries: covers WRIT_MAX_NESTING levels of every kind
 * of construct (each level pushes a few entries). Overflow is an error. */
#define WRIT_PARSER_STACK 4096
/* Entries of the smaller parser every compile starts with (32 bytes each):
 * a parser with the whole WRIT_PARSER_STACK is 128 KiB, too much to make for
 * every eval. The deepest test, example or benchmark file needs 32 outside
 * the nesting-limit tests; a source that needs more than this is parsed
 * again from the start with the full stack (lang/parse.c). */
#define WRIT_PARSER_STACK_FIRST 64
/* Function literals nested inside each other. Each level keeps a compiler
 * state (~6 KiB) on the C stack while its body compiles. */
#define WRIT_MAX_FUNCTION_NESTING 100
/* Recursion depth of the compiler over one expression/statement tree
 * (long left-associative chains like 1+1+...+1 grow the tree without
 * brackets). */
#define WRIT_MAX_COMPILE_DEPTH 1000

/* Largest source text accepted for one module/eval, in bytes: it bounds
 * what compiling one source may cost. It is public (include/writ.h,
 * WRIT_MAX_SOURCE_BYTES), since a host reading source must stop there
 * too; this is where the VM takes it from. */
#include "include/writ.h"
/* A REPL session keeps the text of its inputs, for carets inside functions
 * typed earlier, up to this many bytes; then it starts again from the
 * latest input (older lines are shown without their text). */
#define WRIT_MAX_KEPT_REPL_SOURCE (256u * 1024)
/* Largest string, in bytes; also bounds every string-building operation,
 * checked before allocating. */
#define WRIT_MAX_STRING_BYTES (1u << 30)
/* Strings up to this many bytes are interned (one object per content,
 * hashed once at creation): names, keys, short pieces. Longer ones (built
 * by +, join, reads...) are not: interning them cost a hash and a probe of
 * a big table per string made, most of them never used as keys. Lua's
 * LUAI_MAXSHORTLEN is the same. */
#define WRIT_SHORT_STRING_BYTES 40u
/* Largest list or map, in elements. */
#define WRIT_MAX_LIST_COUNT (1u << 28)

/* The re module (stdlib/re*.c). Matching is linear in the input for
 * every pattern; these bound what compiling one pattern may cost.
 * Longest pattern, in bytes: bounds the parse and its syntax tree. */
#define WRIT_RE_MAX_PATTERN (64u * 1024)
/* Instructions in one compiled pattern (12 bytes each). {n,m} copies its
 * operand, so a short pattern can ask for a huge program: (a{1000}){1000}
 * is refused before anything is built. Matching costs up to the input's
 * length times this per run, so it also bounds the cost of a character. */
#define WRIT_RE_MAX_PROGRAM 100000
/* Largest count in {n} {n,} {n,m}: RE2's limit. */
#define WRIT_RE_MAX_REPEAT 1000
/* Groups open inside one another: the parser and the compiler recurse per
 * level (a few small C frames each), like the bracket limit. */
#define WRIT_RE_MAX_NESTING 256

/* Nesting depth when printing, comparing or serialising data in C (print of
 * a list of lists ..., json). Recurses on the C stack. */
#define WRIT_MAX_DATA_DEPTH 1000

/* Frames shown in a traceback: the innermost and outermost this many, with
 * a "... N more" line between, so a stack overflow's trace stays readable. */
#define WRIT_TRACE_FRAMES 12

/* First garbage collection after this many bytes; then the threshold is the
 * live size times WRIT_GC_GROWTH, never below this. 256 KB rather than 1 MB:
 * small scripts' peak RSS drops by about 0.6 MB (AWFY Queens, List, Bounce)
 * for a 0.1-0.4% rise in instructions on the allocation-heavy benchmarks. */
#define WRIT_GC_INITIAL (256 * 1024)
#define WRIT_GC_GROWTH 2

/* Small objects (up to WRIT_SMALL_CLASSES * 16 + 8 bytes) freed by a
 * collection are kept on per-size free lists (object.c) for the next
 * allocation of their size class, up to WRIT_FREE_RETAIN bytes in all; the
 * rest go back to the allocator. Not under AddressSanitizer, which must see
 * every free. The limit is about a cache's size: with 4 MB, AWFY's Havlak
 * (a 20 MB heap) ran 1.8x slower than with none, its new objects handed
 * out from all over the heap; with 1 MB it runs as fast as with none, and
 * binary_trees keeps most of the gain (0.3 s against 0.6-1.0 without). */
#define WRIT_SMALL_CLASSES 8
#define WRIT_FREE_RETAIN ((size_t)1 << 20)

/* Build switches (set with -D by the Makefile):
 * WRIT_GC_STRESS  collect before every allocation (make test-gc)
 * WRIT_NO_COMPUTED_GOTO  use the portable switch dispatch */
#if !defined(WRIT_NO_COMPUTED_GOTO) && (defined(__GNUC__) || defined(__clang__))
#define WRIT_COMPUTED_GOTO 1
#else
#define WRIT_COMPUTED_GOTO 0
#endif

#endif
