/* Small helpers the host capabilities (sys.c, dir.c) share. They are built
 * on the public API only (include/writ.h), like any embedder's code. */
#ifndef WRIT_HOST_H
#define WRIT_HOST_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include "include/writ.h"

/* The longest string the VM makes (its WRIT_MAX_STRING_BYTES): longer
 * text read from the OS fails the way the VM's own strings do. */
#define HOST_MAX_TEXT (1u << 30)

static inline void host_too_long(WritCall *call) {
  writ_return_error(call, "string too long (limit %u bytes)", (unsigned)HOST_MAX_TEXT);
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
                      d != d ? "nan" : d != floor(d) ? "a fraction" : "a number beyond 2^53");
    return false;
  }
  *out = d;
  return true;
}

#endif
