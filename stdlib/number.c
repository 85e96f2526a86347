/* Methods of the primordial number class (n.fixed(2), n.toString(16)) and
 * num(text, base): the conversions between numbers and text that str() and
 * num(text) do not cover. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/state.h"
#include "vm/wstring.h"

#define RECV(args) AS_NUMBER((args)[0])

enum { MAX_FIXED_DIGITS = 100 };

/* n.fixed(d): d decimals (0 to 100), rounded as the exact binary value
 * rounds (so 2.675.fixed(2) is "2.67", as in Python and C). */
static Value n_fixed(WVM *vm, int argc, Value *args) {
  double x = RECV(args);
  double d = argc >= 1 ? arg_int(vm, args, 1, "fixed") : 0;
  if (!(d >= 0 && d <= MAX_FIXED_DIGITS))
    vm_raise(vm, "bad argument #1 to 'fixed' (digits must be 0 to %d)", MAX_FIXED_DIGITS);
  char buf[512];
  if (!isfinite(x)) return OBJ_VAL(str_cstr(vm, isnan(x) ? "nan" : x > 0 ? "inf" : "-inf"));
  if (fabs(x) >= 1e21) { /* beyond that, digits are noise: as str() */
    number_format(x, buf, sizeof buf);
    return OBJ_VAL(str_cstr(vm, buf));
  }
  snprintf(buf, sizeof buf, "%.*f", (int)d, x);
  return OBJ_VAL(str_cstr(vm, buf));
}

/* Whole |x| in base b (2 to 36) into out, backwards from its end; returns
 * the first digit's position. Exact for every whole double: x / b is
 * rounded, but floor(x / b) and x - q * b are exact for b <= 36 and x < 2^1024. */
static size_t digits_in_base(double x, int b, char *out, size_t end) {
  static const char dig[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  do {
    double q = floor(x / b);
    double r = x - q * b;
    if (r < 0) { q -= 1; r += b; } /* the division rounded up */
    if (r >= b) { q += 1; r -= b; }
    out[--end] = dig[(int)r];
    x = q;
  } while (x > 0 && end > 1);
  return end;
}

static Value n_to_string(WVM *vm, int argc, Value *args) {
  double x = RECV(args);
  double base = argc >= 1 && !IS_NIL(args[1]) ? arg_int(vm, args, 1, "toString") : 10;
  if (!(base >= 2 && base <= 36)) vm_raise(vm, "bad argument #1 to 'toString' (base must be 2 to 36)");
  char buf[1200];
  if (base == 10 || !isfinite(x)) {
    number_format(x, buf, sizeof buf);
    return OBJ_VAL(str_cstr(vm, buf));
  }
  if (x != floor(x)) vm_raise(vm, "toString(%.0f) needs a whole number", base);
  size_t at = digits_in_base(fabs(x), (int)base, buf, sizeof buf - 1);
  buf[sizeof buf - 1] = '\0';
  if (x < 0) buf[--at] = '-';
  return OBJ_VAL(str_cstr(vm, buf + at));
}

const NativeReg number_methods[] = {
    {"fixed", n_fixed, 0, 1},
    {"toString", n_to_string, 0, 1},
    {NULL, NULL, 0, 0},
};

static int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

/* num(text, base): a whole number written in base 2 to 36 (an optional
 * sign, then digits; 0x, 0o or 0b may lead when they name the base;
 * blanks around are allowed), or nil. */
Value num_in_base(WVM *vm, ObjString *s, double base) {
  if (!(base >= 2 && base <= 36 && base == floor(base)))
    vm_raise(vm, "bad argument #2 to 'num' (base must be a whole number from 2 to 36)");
  int b = (int)base;
  vm_charge(vm, s->len / 8 + 1);
  const char *p = s->chars, *end = s->chars + s->len;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r')) end--;
  bool neg = false;
  if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
  if (end - p > 2 && p[0] == '0') {
    char k = (char)(p[1] | 0x20);
    if ((k == 'x' && b == 16) || (k == 'o' && b == 8) || (k == 'b' && b == 2)) p += 2;
  }
  if (p == end) return NIL_VAL;
  double v = 0;
  for (; p < end; p++) {
    int d = digit_value(*p);
    if (d >= b) return NIL_VAL;
    v = v * b + d;
  }
  return NUMBER_VAL(neg ? -v : v);
}
