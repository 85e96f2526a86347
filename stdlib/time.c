/* The pure `time` module: UTC calendar arithmetic on numbers of seconds
 * since 1970-01-01T00:00:00Z. It reads no clock, which is the capability
 * sys.clock, and calls nothing outside itself: no C library time function
 * (they read TZ files or the locale). The calendar is proleptic Gregorian
 * with astronomical years (year 0 is 1 BC), years -9999 to 9999, by Howard
 * Hinnant's days_from_civil / civil_from_days; names are English. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "stdlib/wstdlib.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/state.h"
#include "vm/table.h"
#include "vm/wstring.h"

/* The years a time may fall in: four digits either side of year 0, so
 * that %Y always reads and writes four digits (and a sign). */
#define MIN_YEAR (-9999)
#define MAX_YEAR 9999
#define DAY 86400

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
/* Monday first: weekday 0 is Monday, as Python's date.weekday(). */
static const char *const weekday_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday"};

/* ---------------------------------------------------------------------
 * The calendar (Hinnant, http://howardhinnant.github.io/date_algorithms.html)
 * ------------------------------------------------------------------- */

static bool is_leap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

static int days_in_month(int64_t y, int m) {
  static const int8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of the date y-m-d (m 1-12, d 1-31). */
static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;                                   /* [0, 399] */
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* The first second of MIN_YEAR and the first second after MAX_YEAR. */
static int64_t first_second(void) { return days_from_civil(MIN_YEAR, 1, 1) * DAY; }
static int64_t end_second(void) { return days_from_civil(MAX_YEAR + 1, 1, 1) * DAY; }

/* A time broken down. The fraction is rounded to the microsecond (what
 * %f shows), half to even, carrying into the whole seconds. */
typedef struct {
  int64_t whole; /* floor of the seconds after rounding */
  int64_t year;
  int month, day, hour, minute, second, micro, weekday, yday;
} Civil;

static double round_half_even(double x) {
  double r = floor(x + 0.5);
  if (r - x == 0.5 && fmod(r, 2) != 0) r -= 1;
  return r;
}

static void to_civil(WVM *vm, const char *fn, double s, Civil *c) {
  char num[40];
  if (!isfinite(s)) {
    number_format(s, num, sizeof num);
    vm_raise(vm, "time.%s: %s is not a finite number of seconds", fn, num);
  }
  double whole = floor(s);
  double micro = round_half_even((s - whole) * 1e6);
  if (micro >= 1e6) { whole += 1; micro = 0; }
  if (whole < (double)first_second() || whole >= (double)end_second()) {
    number_format(s, num, sizeof num);
    vm_raise(vm, "time.%s: %s seconds is out of range (years %d to %d)", fn, num, MIN_YEAR,
             MAX_YEAR);
  }
  c->whole = (int64_t)whole;
  c->micro = (int)micro;
  int64_t days = c->whole >= 0 ? c->whole / DAY : -((-c->whole + DAY - 1) / DAY);
  int64_t rem = c->whole - days * DAY;
  c->hour = (int)(rem / 3600);
  c->minute = (int)(rem / 60 % 60);
  c->second = (int)(rem % 60);
  civil_from_days(days, &c->year, &c->month, &c->day);
  c->weekday = (int)(((days + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
  c->yday = (int)(days - days_from_civil(c->year, 1, 1) + 1);
}

/* ---------------------------------------------------------------------
 * time.utc and time.seconds
 * ------------------------------------------------------------------- */

static void put_number(WVM *vm, ObjMap *m, const char *key, double v) {
  ObjString *k = str_cstr(vm, key);
  vm_push_root(vm, OBJ_VAL(k));
  map_set(vm, m, OBJ_VAL(k), NUMBER_VAL(v));
  vm_pop_root(vm);
}

static Value t_utc(WVM *vm, int argc, Value *args) {
  (void)argc;
  Civil c;
  to_civil(vm, "utc", arg_number(vm, args, 1, "utc"), &c);
  ObjMap *m = map_new(vm);
  vm_push_root(vm, OBJ_VAL(m));
  put_number(vm, m, "year", (double)c.year);
  put_number(vm, m, "month", c.month);
  put_number(vm, m, "day", c.day);
  put_number(vm, m, "hour", c.hour);
  put_number(vm, m, "minute", c.minute);
  put_number(vm, m, "second", c.second + c.micro / 1e6);
  put_number(vm, m, "weekday", c.weekday);
  put_number(vm, m, "yearDay", c.yday);
  vm_pop_root(vm);
  return OBJ_VAL(m);
}

/* Field `name` of m, a number in [lo, hi] (whole unless `fraction`); a
 * missing or nil field is `def`, or an error when def is nan. hi < 0
 * means "less than -hi" (the second). */
static double map_field(WVM *vm, ObjMap *m, const char *name, double def, double lo, double hi,
                        bool fraction) {
  Value v = NIL_VAL;
  map_get_bytes(vm, m, name, strlen(name), &v);
  if (IS_NIL(v)) {
    if (isnan(def)) vm_raise(vm, "time.seconds: the map has no \"%s\"", name);
    return def;
  }
  if (!IS_NUMBER(v))
    vm_raise(vm, "time.seconds: %s must be a number, not %s", name, value_type_name(vm, v));
  double x = AS_NUMBER(v);
  char num[40];
  number_format(x, num, sizeof num);
  if (!fraction && x != floor(x)) vm_raise(vm, "time.seconds: %s %s is not a whole number", name, num);
  if (hi < 0 && !(x >= lo && x < -hi))
    vm_raise(vm, "time.seconds: %s %s is out of range (%g to less than %g)", name, num, lo, -hi);
  if (hi >= 0 && !(x >= lo && x <= hi))
    vm_raise(vm, "time.seconds: %s %s is out of range (%g%s%g)", name, num, lo, lo < 0 ? " to " : "-", hi);
  return x;
}

/* Seconds since the epoch of a valid date and time of day. */
static double civil_seconds(int64_t y, int m, int d, int64_t secOfDay) {
  return (double)(days_from_civil(y, m, d) * DAY + secOfDay);
}

static Value t_seconds(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjMap *m = arg_map(vm, args, 1, "seconds");
  vm_charge(vm, 8);
  int64_t y = (int64_t)map_field(vm, m, "year", NAN, MIN_YEAR, MAX_YEAR, false);
  int mo = (int)map_field(vm, m, "month", NAN, 1, 12, false);
  int d = (int)map_field(vm, m, "day", NAN, 1, 31, false);
  int dim = days_in_month(y, mo);
  if (d > dim)
    vm_raise(vm, "time.seconds: day %d is out of range for %s %lld (1-%d)", d,
             month_names[mo - 1], (long long)y, dim);
  int h = (int)map_field(vm, m, "hour", 0, 0, 23, false);
  int mi = (int)map_field(vm, m, "minute", 0, 0, 59, false);
  double s = map_field(vm, m, "second", 0, 0, -60, true);
  double whole = floor(s);
  return NUMBER_VAL(civil_seconds(y, mo, d, h * 3600 + mi * 60 + (int64_t)whole) + (s - whole));
}

/* ---------------------------------------------------------------------
 * time.format and time.isoformat
 * ------------------------------------------------------------------- */

/* %Y: at least four digits, a '-' before a year before year 0. */
static int format_year(char *out, int64_t y) {
  return snprintf(out, 32, y < 0 ? "-%04lld" : "%04lld", (long long)(y < 0 ? -y : y));
}

/* The text of directive d for time c into out (room for 32 bytes); its
 * length, or -1 for an unknown directive. */
static int directive_text(const Civil *c, char d, char *out) {
  int h12 = c->hour % 12 == 0 ? 12 : c->hour % 12;
  switch (d) {
  case 'Y': return format_year(out, c->year);
  case 'y': return snprintf(out, 32, "%02d", (int)((c->year % 100 + 100) % 100));
  case 'm': return snprintf(out, 32, "%02d", c->month);
  case 'd': return snprintf(out, 32, "%02d", c->day);
  case 'e': return snprintf(out, 32, "%2d", c->day);
  case 'H': return snprintf(out, 32, "%02d", c->hour);
  case 'I': return snprintf(out, 32, "%02d", h12);
  case 'M': return snprintf(out, 32, "%02d", c->minute);
  case 'S': return snprintf(out, 32, "%02d", c->second);
  case 'f': return snprintf(out, 32, "%06d", c->micro);
  case 'j': return snprintf(out, 32, "%03d", c->yday);
  case 's': return snprintf(out, 32, "%lld", (long long)c->whole);
  case 'p': return snprintf(out, 32, "%s", c->hour < 12 ? "AM" : "PM");
  case 'a': return snprintf(out, 32, "%.3s", weekday_names[c->weekday]);
  case 'A': return snprintf(out, 32, "%s", weekday_names[c->weekday]);
  case 'b': return snprintf(out, 32, "%.3s", month_names[c->month - 1]);
  case 'B': return snprintf(out, 32, "%s", month_names[c->month - 1]);
  case 'Z': return snprintf(out, 32, "UTC");
  case 'z': return snprintf(out, 32, "+0000");
  case '%': return snprintf(out, 32, "%%");
  default: return -1;
  }
}

/* "unknown directive %Q" for the directive at fmt[i] (just after the
 * '%'), the whole character when it is not ASCII. */
WNORETURN static void unknown_directive(WVM *vm, const char *fn, const char *fmt, size_t n,
                                        size_t i) {
  if (i >= n)
    vm_raise(vm, "time.%s: the format ends with a lone '%%' (write %%%% for a percent sign)", fn);
  size_t len = (size_t)utf8_seq_len((unsigned char)fmt[i]);
  if (len == 0 || i + len > n) len = 1;
  vm_raise(vm, "time.%s: unknown directive %%%.*s in the format", fn, (int)len, fmt + i);
}

static Value t_format(WVM *vm, int argc, Value *args) {
  (void)argc;
  double s = arg_number(vm, args, 1, "format");
  ObjString *fs = arg_string(vm, args, 2, "format");
  Civil c;
  to_civil(vm, "format", s, &c);
  vm_charge(vm, fs->len / 8 + 1);
  ObjBuffer *out = buffer_new(vm, fs->len < 64 ? 64 : fs->len);
  vm_push_root(vm, OBJ_VAL(out));
  const char *f = fs->chars;
  size_t n = fs->len, i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && f[j] != '%') j++;
    vm_charge(vm, (j - i) / 8 + 1);
    buffer_append(vm, out, f + i, j - i);
    if (j == n) break;
    char piece[32];
    int len = j + 1 < n ? directive_text(&c, f[j + 1], piece) : -1;
    if (len < 0) unknown_directive(vm, "format", f, n, j + 1);
    vm_charge(vm, (size_t)len / 8 + 1);
    buffer_append(vm, out, piece, (size_t)len);
    i = j + 2;
  }
  ObjString *r = str_from_buffer(vm, out);
  vm_pop_root(vm);
  return OBJ_VAL(r);
}

/* RFC 3339 in UTC: 2024-03-05T14:07:09Z, with .ffffff only when the
 * microseconds are not zero. */
static Value t_isoformat(WVM *vm, int argc, Value *args) {
  (void)argc;
  Civil c;
  to_civil(vm, "isoformat", arg_number(vm, args, 1, "isoformat"), &c);
  vm_charge(vm, 1);
  char buf[64], frac[16] = "";
  int n = format_year(buf, c.year);
  if (c.micro) snprintf(frac, sizeof frac, ".%06d", c.micro);
  snprintf(buf + n, sizeof buf - (size_t)n, "-%02d-%02dT%02d:%02d:%02d%sZ", c.month, c.day, c.hour,
           c.minute, c.second, frac);
  return OBJ_VAL(str_cstr(vm, buf));
}

/* ---------------------------------------------------------------------
 * time.parse and time.fromIso
 * ------------------------------------------------------------------- */

/* The state of one parse: the text, where it is, and the fields read so
 * far (a field not in the format keeps its default: 1970-01-01 00:00:00). */
typedef struct {
  WVM *vm;
  const char *fn; /* "parse" or "fromIso", for errors */
  const char *text;
  size_t len, pos;
  int64_t year, epoch;
  int month, day, hour, minute, second, yday, weekday, hour12, pm, offset;
  double fraction;
  bool hasDate, hasEpoch;
} Parse;

static void parse_init(Parse *p, WVM *vm, const char *fn, ObjString *text) {
  memset(p, 0, sizeof *p);
  p->vm = vm;
  p->fn = fn;
  p->text = text->chars;
  p->len = text->len;
  p->year = 1970;
  p->month = p->day = 1;
  p->weekday = p->hour12 = p->pm = -1;
}

/* Raises "time.parse: <what> at position N of "<text>"" (N counts bytes
 * from 0), or "<what> in "<text>"" for pos NO_POS (a date that does not
 * exist); a long text is cut at 60 bytes, on a character boundary. */
#define NO_POS ((size_t)-1)
WNORETURN static void parse_fail_at(Parse *p, size_t pos, const char *what) {
  size_t shown = p->len;
  const char *more = "";
  if (shown > 60) {
    shown = 60;
    while (shown > 0 && ((unsigned char)p->text[shown] & 0xC0) == 0x80) shown--;
    more = "...";
  }
  if (pos == NO_POS)
    vm_raise(p->vm, "time.%s: %s in \"%.*s%s\"", p->fn, what, (int)shown, p->text, more);
  vm_raise(p->vm, "time.%s: %s at position %zu of \"%.*s%s\"", p->fn, what, pos, (int)shown,
           p->text, more);
}

WNORETURN static void parse_fail(Parse *p, const char *what) { parse_fail_at(p, p->pos, what); }

static bool at_digit(const Parse *p) {
  return p->pos < p->len && p->text[p->pos] >= '0' && p->text[p->pos] <= '9';
}

/* A number of minDigits to maxDigits digits in [lo, hi], for `label`. */
static int64_t read_number(Parse *p, int minDigits, int maxDigits, int64_t lo, int64_t hi,
                           const char *label) {
  size_t start = p->pos;
  int64_t v = 0;
  int k = 0;
  for (; k < maxDigits && at_digit(p); k++) v = v * 10 + (p->text[p->pos++] - '0');
  char msg[120];
  if (k < minDigits) {
    p->pos = start;
    if (minDigits == maxDigits) snprintf(msg, sizeof msg, "expected %d digits for %s", minDigits, label);
    else snprintf(msg, sizeof msg, "expected %d %s %d digits for %s", minDigits,
                  maxDigits == minDigits + 1 ? "or" : "to", maxDigits, label);
    parse_fail(p, msg);
  }
  if (v < lo || v > hi) {
    snprintf(msg, sizeof msg, "%s %lld is out of range (%lld-%lld)", label, (long long)v,
             (long long)lo, (long long)hi);
    parse_fail_at(p, start, msg);
  }
  return v;
}

static bool take(Parse *p, char c) {
  if (p->pos < p->len && p->text[p->pos] == c) { p->pos++; return true; }
  return false;
}

static void expect(Parse *p, char c) {
  if (take(p, c)) return;
  char msg[32];
  snprintf(msg, sizeof msg, "expected \"%c\"", c);
  parse_fail(p, msg);
}

/* Four digits after an optional sign. */
static int64_t read_year(Parse *p, const char *label) {
  int sign = 1;
  if (take(p, '-')) sign = -1;
  else take(p, '+');
  return sign * read_number(p, 4, 4, 0, MAX_YEAR, label);
}

/* One of the names (a full one, or its first three letters), any case. */
static int read_name(Parse *p, const char *const *names, int count, const char *what) {
  const char *t = p->text + p->pos;
  size_t left = p->len - p->pos;
  for (int abbr = 0; abbr < 2; abbr++) {
    for (int i = 0; i < count; i++) {
      size_t n = abbr ? 3 : strlen(names[i]);
      if (n > left) continue;
      size_t k = 0;
      while (k < n && (t[k] | 0x20) == (names[i][k] | 0x20)) k++;
      if (k == n) { p->pos += n; return i; }
    }
  }
  parse_fail(p, what);
}

/* An offset from UTC: Z, or +HHMM, +HH:MM (or -), into p->offset. */
static void read_offset(Parse *p, const char *label) {
  if (take(p, 'Z') || take(p, 'z')) { p->offset = 0; return; }
  int sign = take(p, '+') ? 1 : take(p, '-') ? -1 : 0;
  if (sign == 0) {
    char msg[80];
    snprintf(msg, sizeof msg, "expected an offset like +0100, -05:00 or Z for %s", label);
    parse_fail(p, msg);
  }
  char hours[40], minutes[40];
  snprintf(hours, sizeof hours, "%s hours", label);
  snprintf(minutes, sizeof minutes, "%s minutes", label);
  int h = (int)read_number(p, 2, 2, 0, 23, hours);
  take(p, ':');
  int m = (int)read_number(p, 2, 2, 0, 59, minutes);
  p->offset = sign * (h * 3600 + m * 60);
}

/* Digits after a decimal point: the first nine count, the rest must be
 * digits too. %f takes 1 to 6 (as Python's strptime), fromIso any. */
static void read_fraction(Parse *p, int maxDigits, const char *label) {
  size_t start = p->pos;
  int64_t v = 0, scale = 1;
  while (at_digit(p) && (int)(p->pos - start) < maxDigits) {
    if (scale < 1000000000) {
      v = v * 10 + (p->text[p->pos] - '0');
      scale *= 10;
    }
    p->pos++;
  }
  if (p->pos == start) {
    char msg[80];
    snprintf(msg, sizeof msg, "expected digits for %s", label);
    parse_fail(p, msg);
  }
  p->fraction = (double)v / (double)scale;
}

/* A name (%a %A %b %B %p %Z) at p; false if d is not one of them. */
static bool read_named(Parse *p, char d) {
  static const char *const ampm[2] = {"AM", "PM"};
  static const char *const zones[3] = {"UTC", "GMT", "Z"};
  switch (d) {
  case 'a': case 'A':
    p->weekday = read_name(p, weekday_names, 7, d == 'a' ? "expected a weekday name for %a" : "expected a weekday name for %A");
    return true;
  case 'b': case 'B':
    p->month = 1 + read_name(p, month_names, 12, d == 'b' ? "expected a month name for %b" : "expected a month name for %B");
    p->hasDate = true;
    return true;
  case 'p':
    for (int i = 0; i < 2; i++) {
      const char *t = p->text + p->pos;
      if (p->len - p->pos >= 2 && (t[0] | 0x20) == (ampm[i][0] | 0x20) && (t[1] | 0x20) == 'm') {
        p->pm = i;
        p->pos += 2;
        return true;
      }
    }
    parse_fail(p, "expected AM or PM for %p");
  case 'Z':
    for (int i = 0; i < 3; i++) {
      size_t n = strlen(zones[i]);
      if (p->len - p->pos >= n && !memcmp(p->text + p->pos, zones[i], n)) { p->pos += n; return true; }
    }
    parse_fail(p, "expected UTC, GMT or Z for %Z");
  default: return false;
  }
}

/* Reads what directive d stands for; false if d is not a directive. */
static bool read_directive(Parse *p, char d) {
  char label[3] = {'%', d, '\0'};
  switch (d) {
  case 'Y': p->year = read_year(p, label); return true;
  case 'y': { int y = (int)read_number(p, 2, 2, 0, 99, label); p->year = y < 69 ? 2000 + y : 1900 + y; return true; }
  case 'm': p->month = (int)read_number(p, 2, 2, 1, 12, label); break;
  case 'd': p->day = (int)read_number(p, 2, 2, 1, 31, label); break;
  case 'e': take(p, ' '); p->day = (int)read_number(p, 1, 2, 1, 31, label); break;
  case 'H': p->hour = (int)read_number(p, 2, 2, 0, 23, label); return true;
  case 'I': p->hour12 = (int)read_number(p, 2, 2, 1, 12, label); return true;
  case 'M': p->minute = (int)read_number(p, 2, 2, 0, 59, label); return true;
  case 'S': p->second = (int)read_number(p, 2, 2, 0, 59, label); return true;
  case 'f': read_fraction(p, 6, label); return true;
  case 'j': p->yday = (int)read_number(p, 3, 3, 1, 366, label); return true;
  case 'z': read_offset(p, label); return true;
  case 's': {
    bool neg = take(p, '-');
    p->epoch = read_number(p, 1, 12, 0, 999999999999, label) * (neg ? -1 : 1);
    p->hasEpoch = true;
    return true;
  }
  case '%': expect(p, '%'); return true;
  default: return read_named(p, d);
  }
  p->hasDate = true;
  return true;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Walks the format over the text; a run of white space in the format
 * matches one or more white space characters. */
static void parse_with(Parse *p, ObjString *fs) {
  const char *f = fs->chars;
  size_t n = fs->len;
  for (size_t i = 0; i < n; i++) {
    if (f[i] == '%') {
      if (i + 1 >= n || !read_directive(p, f[i + 1])) unknown_directive(p->vm, "parse", f, n, i + 1);
      i++;
    } else if (is_space(f[i])) {
      while (i + 1 < n && is_space(f[i + 1])) i++;
      if (p->pos >= p->len || !is_space(p->text[p->pos])) parse_fail(p, "expected white space");
      while (p->pos < p->len && is_space(p->text[p->pos])) p->pos++;
    } else {
      size_t k = (size_t)utf8_seq_len((unsigned char)f[i]);
      if (k == 0 || i + k > n) k = 1;
      if (p->len - p->pos < k || memcmp(p->text + p->pos, f + i, k)) {
        char msg[32];
        snprintf(msg, sizeof msg, "expected \"%.*s\"", (int)k, f + i);
        parse_fail(p, msg);
      }
      p->pos += k;
      i += k - 1;
    }
  }
  if (p->pos < p->len) parse_fail(p, "unexpected text (the format ends here)");
}

/* The day number of the parsed date, checked: the day fits the month, a
 * %j fits the year (and the date, if one was given too), a weekday name
 * names the date's weekday. */
static int64_t parsed_days(Parse *p) {
  char msg[120];
  int64_t days;
  bool leap = is_leap(p->year);
  if (p->yday && !p->hasDate) {
    if (p->yday > 365 + leap) {
      snprintf(msg, sizeof msg, "day of the year %d is out of range for %lld (1-%d)", p->yday, (long long)p->year, 365 + leap);
      parse_fail_at(p, NO_POS, msg);
    }
    days = days_from_civil(p->year, 1, 1) + p->yday - 1;
  } else {
    int dim = days_in_month(p->year, p->month);
    if (p->day > dim) {
      snprintf(msg, sizeof msg, "day %d is out of range for %s %lld (1-%d)", p->day, month_names[p->month - 1], (long long)p->year, dim);
      parse_fail_at(p, NO_POS, msg);
    }
    days = days_from_civil(p->year, p->month, p->day);
    if (p->yday && days - days_from_civil(p->year, 1, 1) + 1 != p->yday) {
      snprintf(msg, sizeof msg, "day of the year %d does not match %s %d", p->yday, month_names[p->month - 1], p->day);
      parse_fail_at(p, NO_POS, msg);
    }
  }
  int wd = (int)(((days + 3) % 7 + 7) % 7);
  if (p->weekday >= 0 && p->weekday != wd) {
    char y[32];
    format_year(y, p->year);
    snprintf(msg, sizeof msg, "%s-%02d-%02d is a %s, not a %s", y, p->month, p->day,
             weekday_names[wd], weekday_names[p->weekday]);
    parse_fail_at(p, NO_POS, msg);
  }
  return days;
}

/* The seconds the parsed fields stand for, in range. */
static double parsed_seconds(Parse *p) {
  int64_t whole;
  if (p->hasEpoch) {
    whole = p->epoch;
  } else {
    int hour = p->hour12 >= 0 ? p->hour12 % 12 + (p->pm == 1 ? 12 : 0) : p->hour;
    whole = parsed_days(p) * DAY + hour * 3600 + p->minute * 60 + p->second - p->offset;
  }
  if (whole < first_second() || whole >= end_second()) {
    char msg[80];
    snprintf(msg, sizeof msg, "the time is out of range (years %d to %d)", MIN_YEAR, MAX_YEAR);
    parse_fail_at(p, NO_POS, msg);
  }
  return (double)whole + p->fraction;
}

static Value t_parse(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *text = arg_string(vm, args, 1, "parse");
  ObjString *fs = arg_string(vm, args, 2, "parse");
  vm_charge(vm, (text->len + fs->len) / 8 + 1);
  Parse p;
  parse_init(&p, vm, "parse", text);
  parse_with(&p, fs);
  return NUMBER_VAL(parsed_seconds(&p));
}

/* RFC 3339: a date, or a date, 'T' (or 't' or a space) and a time
 * HH:MM[:SS[.fraction]] with an optional offset (UTC without one). */
static Value t_from_iso(WVM *vm, int argc, Value *args) {
  (void)argc;
  ObjString *text = arg_string(vm, args, 1, "fromIso");
  vm_charge(vm, text->len / 8 + 1);
  Parse p;
  parse_init(&p, vm, "fromIso", text);
  p.hasDate = true;
  p.year = read_year(&p, "the year");
  expect(&p, '-');
  p.month = (int)read_number(&p, 2, 2, 1, 12, "the month");
  expect(&p, '-');
  p.day = (int)read_number(&p, 2, 2, 1, 31, "the day");
  if (p.pos < p.len) {
    if (!take(&p, 'T') && !take(&p, 't') && !take(&p, ' ')) parse_fail(&p, "expected \"T\"");
    p.hour = (int)read_number(&p, 2, 2, 0, 23, "the hour");
    expect(&p, ':');
    p.minute = (int)read_number(&p, 2, 2, 0, 59, "the minute");
    if (take(&p, ':')) {
      p.second = (int)read_number(&p, 2, 2, 0, 59, "the second");
      if (take(&p, '.')) read_fraction(&p, (int)p.len, "the fraction");
    }
    if (p.pos < p.len) read_offset(&p, "the offset");
  }
  if (p.pos < p.len) parse_fail(&p, "unexpected text");
  return NUMBER_VAL(parsed_seconds(&p));
}

const NativeReg time_functions[] = {
    {"utc", t_utc, 1, 1},
    {"seconds", t_seconds, 1, 1},
    {"format", t_format, 2, 2},
    {"isoformat", t_isoformat, 1, 1},
    {"parse", t_parse, 2, 2},
    {"fromIso", t_from_iso, 1, 1},
    {NULL, NULL, 0, 0},
};
