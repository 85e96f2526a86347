/* Value representation: NaN boxing. A Value is 64 bits; any double that is
 * not one of our tagged quiet NaNs is a number. Tagged values set all of
 * QNAN; objects also set the sign bit and keep a 48-bit pointer. */
#ifndef WRIT_VALUE_H
#define WRIT_VALUE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef uint64_t Value;
typedef struct Obj Obj;

#define SIGN_BIT ((uint64_t)0x8000000000000000)
#define QNAN ((uint64_t)0x7ffc000000000000)

#define TAG_NIL 1
#define TAG_FALSE 2
#define TAG_TRUE 3
#define TAG_UNDEF 4 /* a module variable used before its definition ran */
#define TAG_EMPTY 5 /* an unused map slot; never visible to scripts */

#define NIL_VAL ((Value)(QNAN | TAG_NIL))
#define FALSE_VAL ((Value)(QNAN | TAG_FALSE))
#define TRUE_VAL ((Value)(QNAN | TAG_TRUE))
#define UNDEF_VAL ((Value)(QNAN | TAG_UNDEF))
#define EMPTY_VAL ((Value)(QNAN | TAG_EMPTY))
#define BOOL_VAL(b) ((b) ? TRUE_VAL : FALSE_VAL)
#define OBJ_VAL(o) ((Value)(SIGN_BIT | QNAN | (uint64_t)(uintptr_t)(o)))

#define IS_NUMBER(v) (((v) & QNAN) != QNAN)
#define IS_NIL(v) ((v) == NIL_VAL)
#define IS_BOOL(v) (((v) | 1) == TRUE_VAL)
#define IS_OBJ(v) (((v) & (QNAN | SIGN_BIT)) == (QNAN | SIGN_BIT))
#define IS_FALSY(v) ((v) == NIL_VAL || (v) == FALSE_VAL)

#define AS_BOOL(v) ((v) == TRUE_VAL)
#define AS_OBJ(v) ((Obj *)(uintptr_t)((v) & ~(SIGN_BIT | QNAN)))

static inline double AS_NUMBER(Value v) {
  double d;
  memcpy(&d, &v, sizeof d);
  return d;
}
static inline Value NUMBER_VAL(double d) {
  Value v;
  memcpy(&v, &d, sizeof v);
  return v;
}

/* --- values as text, their type, equality (value.c) --- */
typedef struct WVM WVM;
struct ObjString;
struct ObjBuffer;
const char *value_type_name(WVM *vm, Value v); /* what type() answers */
/* `==`: numbers by value, strings by content, the rest by identity. Never
 * raises (see str_equal). */
bool values_equal(WVM *vm, Value a, Value b);
/* str(): strings raw; quoted=true: strings quoted (inside containers, REPL). */
struct ObjString *value_to_string(WVM *vm, Value v, bool quoted);
void value_append(WVM *vm, struct ObjBuffer *b, Value v, bool quoted, int depth);
/* A short preview of v into out (cap bytes, always terminated): numbers,
 * strings (quoted), lists and maps a few levels and items deep, "<P
 * instance>" for instances. Never allocates and never runs Writ code, so
 * it can describe a value when neither is allowed (an uncaught throw). */
void value_peek(Value v, char *out, size_t cap);
/* Number formatting: integers without .0, else shortest round-trip. */
int number_format(double d, char *out, size_t cap);
/* The length number_format gives d (with room), without writing it. */
int number_format_len(double d);

#endif
