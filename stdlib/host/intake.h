/* Bringing outside bytes into the VM under the call's budgets: a growing
 * C buffer whose every new chunk is paid for (fuel) and reserved against
 * the memory budget before it is read, so a huge file or an endless
 * stream stops at the budget instead of being read whole first. */
#ifndef WRIT_HOST_INTAKE_H
#define WRIT_HOST_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include "include/writ.h"

/* Bytes a buffer grows by at least: what is read, paid for and reserved
 * at a time. */
#define INTAKE_CHUNK 65536

typedef struct {
  char *data; /* malloc'd; intake_free releases it */
  size_t len, cap;
} Intake;

/* Makes room for n more bytes after data[len]: charges fuel for the new
 * capacity, reserves what the buffer will then hold, and grows it. false:
 * the call's error is set (out of fuel or memory budget, too long for a
 * string, out of memory); read no more and return. */
bool intake_room(WritCall *call, Intake *in, size_t n);
/* Appends n bytes, making room first. */
bool intake_add(WritCall *call, Intake *in, const char *s, size_t n);
void intake_free(Intake *in);
/* The whole of fd (a regular file of about hint bytes) into *in, each
 * chunk paid for before it is read. 0, or an errno; -1: the call's error
 * is set. */
int intake_read_fd(WritCall *call, int fd, size_t hint, Intake *in);

#endif
