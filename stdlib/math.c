/* The pure `math` module: C's libm over doubles, plus pi, e and inf.
 * round() rounds half away from zero (C's round, Lua's habit), min and max
 * propagate NaN (as JavaScript's Math.min/max do). */
#include <math.h>

#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/state.h"

/* One-argument functions share a shape; the macro keeps them one line. */
#define MATH_FN1(name, expr)                                  \
  static Value m_##name(WVM *vm, int argc, Value *args) {     \
    (void)argc;                                               \
    double x = arg_number(vm, args, 1, #name);                \
    return NUMBER_VAL(expr);                                  \
  }

MATH_FN1(sqrt, sqrt(x))
MATH_FN1(floor, floor(x))
MATH_FN1(ceil, ceil(x))
MATH_FN1(round, round(x))
MATH_FN1(abs, fabs(x))
MATH_FN1(exp, exp(x))
MATH_FN1(sin, sin(x))
MATH_FN1(cos, cos(x))
MATH_FN1(tan, tan(x))
MATH_FN1(trunc, trunc(x))
MATH_FN1(sign, isnan(x) ? x : (double)((x > 0) - (x < 0)))

#undef MATH_FN1

static Value m_isnan(WVM *vm, int argc, Value *args) {
  (void)argc;
  return BOOL_VAL(isnan(arg_number(vm, args, 1, "isNaN")));
}

static Value m_pow(WVM *vm, int argc, Value *args) {
  (void)argc;
  return NUMBER_VAL(pow(arg_number(vm, args, 1, "pow"), arg_number(vm, args, 2, "pow")));
}

static Value m_atan2(WVM *vm, int argc, Value *args) {
  (void)argc;
  double y = arg_number(vm, args, 1, "atan2");
  return NUMBER_VAL(atan2(y, arg_number(vm, args, 2, "atan2")));
}

/* Bases 2 and 10 use the exact functions: log(1000, 10) must be 3, which
 * log(x) / log(10) does not give. */
static Value m_log(WVM *vm, int argc, Value *args) {
  double x = arg_number(vm, args, 1, "log");
  if (argc < 2) return NUMBER_VAL(log(x));
  double base = arg_number(vm, args, 2, "log");
  if (base == 2) return NUMBER_VAL(log2(x));
  if (base == 10) return NUMBER_VAL(log10(x));
  return NUMBER_VAL(log(x) / log(base));
}

static Value min_max(WVM *vm, int argc, Value *args, bool max, const char *fn) {
  vm_charge(vm, (size_t)argc);
  double r = arg_number(vm, args, 1, fn);
  for (int i = 2; i <= argc; i++) {
    double x = arg_number(vm, args, i, fn);
    if (isnan(x) || isnan(r)) {
      r = NAN;
    } else if (max ? x > r : x < r) {
      r = x;
    }
  }
  return NUMBER_VAL(r);
}

static Value m_min(WVM *vm, int argc, Value *args) {
  return min_max(vm, argc, args, false, "min");
}

static Value m_max(WVM *vm, int argc, Value *args) {
  return min_max(vm, argc, args, true, "max");
}

static Value m_hypot(WVM *vm, int argc, Value *args) {
  (void)argc;
  double a = arg_number(vm, args, 1, "hypot");
  return NUMBER_VAL(hypot(a, arg_number(vm, args, 2, "hypot")));
}

/* Floor division, Python's //: idiv(-7, 2) is -4. */
static Value m_idiv(WVM *vm, int argc, Value *args) {
  (void)argc;
  double a = arg_number(vm, args, 1, "idiv"), b = arg_number(vm, args, 2, "idiv");
  if (b == 0) vm_raise(vm, "math.idiv: division by zero");
  return NUMBER_VAL(floor(a / b));
}

static Value m_clamp(WVM *vm, int argc, Value *args) {
  (void)argc;
  double x = arg_number(vm, args, 1, "clamp");
  double lo = arg_number(vm, args, 2, "clamp"), hi = arg_number(vm, args, 3, "clamp");
  if (lo > hi) vm_raise(vm, "math.clamp: the low bound is above the high one");
  return NUMBER_VAL(x < lo ? lo : x > hi ? hi : x);
}

const NativeReg math_functions[] = {
    {"sqrt", m_sqrt, 1, 1},   {"floor", m_floor, 1, 1}, {"ceil", m_ceil, 1, 1},
    {"round", m_round, 1, 1}, {"abs", m_abs, 1, 1},     {"min", m_min, 1, -1},
    {"max", m_max, 1, -1},    {"pow", m_pow, 2, 2},     {"exp", m_exp, 1, 1},
    {"log", m_log, 1, 2},     {"sin", m_sin, 1, 1},     {"cos", m_cos, 1, 1},
    {"tan", m_tan, 1, 1},     {"atan2", m_atan2, 2, 2}, {"isNaN", m_isnan, 1, 1},
    {"trunc", m_trunc, 1, 1}, {"sign", m_sign, 1, 1},   {"hypot", m_hypot, 2, 2},
    {"idiv", m_idiv, 2, 2},   {"clamp", m_clamp, 3, 3},
    {NULL, NULL, 0, 0},
};

void math_open(WVM *vm, ObjModule *m) {
  module_export(vm, m, "pi", NUMBER_VAL(3.14159265358979323846));
  module_export(vm, m, "e", NUMBER_VAL(2.71828182845904523536));
  module_export(vm, m, "inf", NUMBER_VAL(INFINITY));
}
