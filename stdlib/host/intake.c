/* Outside bytes in, paid for before they are read (see intake.h). */
#include "stdlib/host/intake.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "stdlib/host/host.h"

bool intake_room(WritCall *call, Intake *in, size_t n) {
  if (n <= in->cap - in->len) return true; /* paid for when it grew */
  if (n > HOST_MAX_TEXT - in->len) {
    host_too_long(call);
    return false;
  }
  size_t want = in->len + n, ncap = in->cap ? in->cap : INTAKE_CHUNK;
  while (ncap < want) ncap = ncap <= HOST_MAX_TEXT / 2 ? ncap * 2 : HOST_MAX_TEXT;
  if (ncap > HOST_MAX_TEXT) ncap = HOST_MAX_TEXT;
  /* The string made from it will hold what the buffer holds: ask the
   * memory budget for it all before reading more. */
  if (!writ_charge(call, (double)((ncap - in->cap) / 8 + 1)) || !writ_reserve(call, ncap)) return false;
  char *p = realloc(in->data, ncap + 1); /* + 1: room for a terminator */
  if (!p) {
    writ_return_error(call, "out of memory");
    return false;
  }
  in->data = p;
  in->cap = ncap;
  return true;
}

bool intake_add(WritCall *call, Intake *in, const char *s, size_t n) {
  if (!intake_room(call, in, n)) return false;
  if (n) memcpy(in->data + in->len, s, n);
  in->len += n;
  return true;
}

void intake_free(Intake *in) {
  free(in->data);
  in->data = NULL;
  in->len = in->cap = 0;
}

int intake_read_fd(WritCall *call, int fd, size_t hint, Intake *in) {
  for (;;) {
    /* The file's size first (it may still grow: then chunk by chunk). */
    size_t want = in->len < hint ? hint - in->len : INTAKE_CHUNK;
    if (want > INTAKE_CHUNK) want = INTAKE_CHUNK;
    if (!intake_room(call, in, want)) return -1;
    ssize_t n = read(fd, in->data + in->len, in->cap - in->len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return 0;
    in->len += (size_t)n;
  }
}
