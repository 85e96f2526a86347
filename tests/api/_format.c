/* writ_format through include/writ.h only: a formatted text (strings and
 * comments kept), a syntax error with its position, and the misuses
 * (NULL out, NULL source with a length, NULL err with a capacity). Prints
 * what it checks; format.sh compares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "writ.h"

int main(void) {
  static const char src[] = "let x=[1,2]   // the list\nif x.len()>1 {print( \"a  \\(x[0])\" );print(2)}\n";
  char *out, err[128];
  size_t len;
  WritStatus st = writ_format(src, strlen(src), &out, &len, err, sizeof err);
  printf("ok: %s %d\n%s", writ_status_string(st), (int)(len == strlen(out)), out);
  free(out);
  st = writ_format("let = 1\n", 8, &out, &len, err, sizeof err);
  printf("bad: %s %s %d\n", writ_status_string(st), err, out == NULL);
  st = writ_format("", 0, &out, &len, NULL, 0);
  printf("empty: %s %d\n", writ_status_string(st), (int)len);
  free(out);
  printf("null out: %s\n", writ_status_string(writ_format("x", 1, NULL, &len, NULL, 0)));
  printf("null source: %s\n", writ_status_string(writ_format(NULL, 3, &out, &len, NULL, 0)));
  printf("null err: %s\n", writ_status_string(writ_format("x", 1, &out, &len, NULL, 8)));
  return 0;
}
