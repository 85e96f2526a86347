/* Small helpers the host capabilities (sys.c, dir.c) share. They are built
 * on the public API only (include/writ.h), like any embedder's code. */
#ifndef WRIT_HOST_H
#define WRIT_HOST_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../../include/writ.h"

/* The longest string the VM makes (its WRIT_MAX_STRING_BYTES): longer
 * text read from the OS fails the way the VM's own strings do. */
#define HOST_MAX_TEXT (1u << 30)

static inline void host_too_long(WritCall *call) {
  writ_return_error(call, "string too long (limit %u bytes)", (unsigned)HOST_MAX_TEXT);
}

/* Whether s[0..len) is UTF-8 as Writ strings must be: shortest forms, no
 * surrogates, nothing above U+10FFFF. */
static inline bool host_utf8_valid(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    int n;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return false;
    if (i + (size_t)n > len) return false;
    for (int k = 1; k < n; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += (size_t)n;
  }
  return true;
}

/* Argument i of the host function `name` as a whole number (|d| <= 2^53)
 * into *out; else the call's error, as the built-ins word it, and false. */
static inline bool host_arg_int(WritCall *call, int i, const char *name, double *out) {
  if (writ_arg_type(call, i) != WRIT_TYPE_NUMBER) {
    writ_arg_number(call, i); /* records "bad argument #i to 'name' (number expected, got ...)" */
    return false;
  }
  double d = writ_arg_number(call, i);
  if (!(d == floor(d)) || fabs(d) > 9007199254740992.0) {
    writ_return_error(call, "bad argument #%d to '%s' (whole number expected, got %s)", i, name,
                      d != d ? "nan" : "a fraction");
    return false;
  }
  *out = d;
  return true;
}

#endif
