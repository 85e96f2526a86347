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

int number_in_base(double m, int b, bool upper, char *out) {
  const char *dig = upper ? "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" : "0123456789abcdefghijklmnopqrstuvwxyz";
  char tmp[NUMBER_BASE_DIGITS];
  int n = 0;
  /* Exact for every whole double: m / b is rounded, but floor(m / b) and
   * m - q * b are exact for b <= 36 and m < 2^1024; a rounded-up quotient
   * is put right. */
  do {
    double q = floor(m / b);
    double r = m - q * b;
    if (r < 0) { q -= 1; r += b; }
    if (r >= b) { q += 1; r -= b; }
    tmp[n++] = dig[(int)r];
    m = q;
  } while (m > 0 && n < NUMBER_BASE_DIGITS);
  for (int k = 0; k < n; k++) out[k] = tmp[n - 1 - k];
  return n;
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
  buf[0] = '-';
  int n = number_in_base(fabs(x), (int)base, false, buf + 1);
  return OBJ_VAL(str_copy(vm, x < 0 ? buf : buf + 1, (size_t)n + (x < 0)));
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
