/* writ_format: the formatter of `writ fmt` (lang/format.c) for hosts. It
 * needs no VM; its memory comes from malloc, as its result's does. */
#include "api/api.h"
#include <stdio.h>
#include <stdlib.h>
#include "lang/format.h"
#include "vm/state.h"

WritStatus writ_format(const char *source, size_t len, char **out, size_t *out_len, char *err, size_t err_cap) {
  if (out) *out = NULL;
  if (out_len) *out_len = 0;
  if (err && err_cap) err[0] = '\0';
  if (!out || !out_len || (!source && len) || (!err && err_cap)) return WRIT_ERR_USAGE;
  char none[1];
  FormatStatus st = format_source(source ? source : "", len, vm_default_alloc, NULL, out, out_len,
                                  err ? err : none, err ? err_cap : sizeof none);
  switch (st) {
  case FORMAT_OK: return WRIT_OK;
  case FORMAT_SYNTAX: return WRIT_ERR_SYNTAX;
  case FORMAT_MEMORY: return WRIT_ERR_MEMORY;
  default:
    if (err && err_cap) snprintf(err, err_cap, "the formatter would have changed the program (a bug in it)");
    return WRIT_ERR_RUNTIME;
  }
}
