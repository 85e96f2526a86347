/* tests/api/m_catch_after_limit.sh: a run stopped by the host's limits
 * (fuel, memory) or by writ_interrupt cannot be caught by the script it
 * stops, but that is over when it returns: the next run's errors are
 * ordinary ones again, which try catches. */
#include <stdio.h>
#include <string.h>
#include "writ.h"

static WritVM *vm;
static void on_write(void *ud, const char *s, size_t n) { (void)ud; fwrite(s, 1, n, stdout); }
static void on_error(void *ud, const WritDiagnostic *d) { (void)ud; printf("error: %s\n", d->message); }
static void stop(WritCall *c) { (void)c; writ_interrupt(vm); }

static const char *catching = "var got = \"not caught\"\n"
                              "try { throw \"ordinary\" } catch e { got = e }\n"
                              "try { [1].map(fn(x) { throw \"through a built-in\" }) } catch e { got = got + \", \" + e }\n"
                              "print(got)\n";

static void after(WritWorkspace *ws, const char *what) {
  printf("after %s: status %d\n", what, (int)writ_eval(ws, "main", catching, strlen(catching), WRIT_EVAL_MAIN));
}

int main(void) {
  WritConfig cfg;
  writ_config_init(&cfg);
  cfg.write = on_write;
  cfg.error = on_error;
  vm = writ_vm_new(&cfg);
  WritWorkspace *ws = writ_workspace_new(vm);
  WritSysOptions so;
  memset(&so, 0, sizeof so);
  WritHandle *s = writ_new_function(vm, "stop", stop, 0, 0);
  if (!ws || !s || writ_grant_sys(ws, &so) != WRIT_OK || writ_grant(ws, "stop", s, 0) != WRIT_OK) {
    puts("setup failed");
    return 1;
  }
  writ_release(s);
  WritLimits lim;
  writ_limits_init(&lim);
  lim.fuel = 10000;
  const char *spin = "try { while true {} } catch e { print(\"caught the limit\") }";
  printf("fuel: status %d\n", (int)writ_eval_limited(ws, "main", spin, strlen(spin), WRIT_EVAL_MAIN, &lim));
  after(ws, "fuel");
  writ_limits_init(&lim);
  lim.memory = 100000;
  const char *hog = "var l = []\ntry { while true { l.push([1, 2, 3]) } } catch e { print(\"caught the limit\") }";
  printf("memory: status %d\n", (int)writ_eval_limited(ws, "main", hog, strlen(hog), WRIT_EVAL_MAIN, &lim));
  after(ws, "memory");
  const char *stopped = "try { stop(); while true {} } catch e { print(\"caught the interrupt\") }";
  printf("interrupt: status %d\n", (int)writ_eval(ws, "main", stopped, strlen(stopped), WRIT_EVAL_MAIN));
  after(ws, "interrupt");
  writ_vm_free(vm);
  return 0;
}
