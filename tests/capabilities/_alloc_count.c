/* Counts allocator calls that grow memory while a script runs, through the
 * public allocator hook. Usage: _alloc_count 'source' -> prints the count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "writ.h"

static long grows;

static void *counting_alloc(void *ud, void *ptr, size_t old_size, size_t new_size) {
  (void)ud;
  if (new_size == 0) {
    free(ptr);
    return NULL;
  }
  if (new_size > old_size) grows++;
  return realloc(ptr, new_size);
}

static void on_error(void *ud, const WritDiagnostic *d) {
  (void)ud;
  fprintf(stderr, "error: %s\n", d->message);
}

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  WritConfig c;
  writ_config_init(&c);
  c.alloc = counting_alloc;
  c.error = on_error;
  WritVM *vm = writ_vm_new(&c);
  WritWorkspace *ws = writ_workspace_new(vm);
  /* argv[1] sets up; only argv[2] is counted. */
  if (writ_eval(ws, "setup", argv[1], strlen(argv[1]), WRIT_EVAL_REPL) != WRIT_OK) return 1;
  grows = 0;
  if (writ_eval(ws, "setup", argv[2], strlen(argv[2]), WRIT_EVAL_REPL) != WRIT_OK) return 1;
  printf("%ld\n", grows);
  writ_vm_free(vm);
  return 0;
}
