/* The event loop after the main script (the script was the first turn):
 * deliver queued messages, each a turn, until none is left or sys.exit;
 * then report rejections nothing watched, as node does, with status 1. */
#include "cli/cli.h"

WritStatus cli_event_loop(WritVM *vm, WritStatus st) {
  if (st != WRIT_OK) return st; /* a failed or exited script runs no turns */
  st = writ_run_turns(vm, -1, NULL, NULL);
  if (st != WRIT_OK) return st;
  return writ_report_unhandled(vm) > 0 ? WRIT_ERR_RUNTIME : WRIT_OK;
}
