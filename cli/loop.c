/* The event loop after the main script (the script was the first turn):
 * deliver queued messages, each a turn; while timers (sys.clock.after) or
 * line reads (sys.in.readLineAsync) wait, sleep in poll() on standard
 * input until the next timer is due or a line comes, settle what is
 * ready, and deliver again; until nothing is queued or waiting, or
 * sys.exit, or Ctrl-C. Then report rejections nothing watched, as node
 * does, with status 1.
 *
 * The loop is the host's (WritSysOptions.after and .read_line_async hand
 * it resolvers): the VM never waits. Lines are read with read(2) into the
 * loop's own buffer, never through stdio, so a read returns what is there
 * and a half-typed line blocks no timer. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli/cli.h"

/* Pending timers and reads are bounded: a script that makes them in a
 * loop gets an error, not a host that swaps. */
enum { MAX_TIMERS = 1 << 20, MAX_READS = 1 << 16 };
/* The longest line readLineAsync gives (the VM's longest string is more,
 * but a line this long from a pipe is a runaway producer). */
#define MAX_LINE ((size_t)64 << 20)

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void cli_loop_init(CliLoop *l, WritVM *vm, volatile sig_atomic_t *interrupted) {
  memset(l, 0, sizeof *l);
  l->vm = vm;
  l->interrupted = interrupted;
}

void cli_loop_free(CliLoop *l) {
  /* Unsettled: the run has ended (sys.exit, an error, Ctrl-C). */
  for (size_t i = 0; i < l->ntimers; i++) writ_release(l->timers[i].resolver);
  for (size_t i = 0; i < l->nreads; i++) writ_release(l->reads[(l->readHead + i) % l->readCap]);
  free(l->timers);
  free(l->reads);
  free(l->buf);
  memset(l, 0, sizeof *l);
}

/* ---- timers: a binary heap ordered by due time, then by the order made
 * (two timers for the same moment fire in the order they were asked) ---- */

static bool timer_before(const CliTimer *a, const CliTimer *b) {
  return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void heap_swap(CliTimer *h, size_t i, size_t j) {
  CliTimer t = h[i];
  h[i] = h[j];
  h[j] = t;
}

static const char *loop_after(void *ud, double seconds, WritHandle *resolver) {
  CliLoop *l = ud;
  if (l->ntimers >= MAX_TIMERS) return "too many timers pending (limit 1048576)";
  if (l->ntimers == l->timerCap) {
    size_t nc = l->timerCap ? l->timerCap * 2 : 8;
    CliTimer *nt = realloc(l->timers, nc * sizeof *nt);
    if (!nt) return "out of memory";
    l->timers = nt;
    l->timerCap = nc;
  }
  size_t i = l->ntimers++;
  l->timers[i] = (CliTimer){now_seconds() + seconds, l->timerSeq++, resolver};
  for (; i > 0 && timer_before(&l->timers[i], &l->timers[(i - 1) / 2]); i = (i - 1) / 2)
    heap_swap(l->timers, i, (i - 1) / 2);
  return NULL;
}

static WritHandle *timer_pop(CliLoop *l) {
  WritHandle *r = l->timers[0].resolver;
  l->timers[0] = l->timers[--l->ntimers];
  for (size_t i = 0;;) {
    size_t a = 2 * i + 1, b = a + 1, m = i;
    if (a < l->ntimers && timer_before(&l->timers[a], &l->timers[m])) m = a;
    if (b < l->ntimers && timer_before(&l->timers[b], &l->timers[m])) m = b;
    if (m == i) break;
    heap_swap(l->timers, i, m);
    i = m;
  }
  return r;
}

/* Fulfils, with nil, every timer due by `by` (seconds); returns how many. */
static size_t fire_due(CliLoop *l, double by) {
  size_t n = 0;
  while (l->ntimers > 0 && l->timers[0].due <= by) {
    WritHandle *r = timer_pop(l);
    writ_resolve(r, NULL);
    writ_release(r);
    n++;
  }
  return n;
}

/* ---- line reads: resolvers in a ring, oldest first ---- */

static const char *loop_read_line(void *ud, WritHandle *resolver) {
  CliLoop *l = ud;
  if (l->readsRefused) return l->readsRefused;
  if (l->nreads >= MAX_READS) return "too many line reads pending (limit 65536)";
  if (l->nreads == l->readCap) {
    size_t nc = l->readCap ? l->readCap * 2 : 8;
    WritHandle **nr = malloc(nc * sizeof *nr);
    if (!nr) return "out of memory";
    for (size_t i = 0; i < l->nreads; i++) nr[i] = l->reads[(l->readHead + i) % l->readCap];
    free(l->reads);
    l->reads = nr;
    l->readCap = nc;
    l->readHead = 0;
  }
  l->reads[(l->readHead + l->nreads++) % l->readCap] = resolver;
  return NULL;
}

static WritHandle *read_pop(CliLoop *l) {
  WritHandle *r = l->reads[l->readHead];
  l->readHead = (l->readHead + 1) % l->readCap;
  l->nreads--;
  return r;
}

/* Settles the oldest read with a string (text), nil (text NULL) or a
 * rejection with the message. */
static void settle_read(CliLoop *l, const char *text, size_t n, const char *error) {
  WritHandle *r = read_pop(l), *v = NULL;
  if (error) {
    v = writ_new_string(l->vm, error, strlen(error));
    writ_reject(r, v);
  } else if (text && !writ_utf8_valid(text, n)) {
    v = writ_new_string(l->vm, "input is not valid UTF-8", 24);
    writ_reject(r, v);
  } else {
    v = text ? writ_new_string(l->vm, text, n) : NULL;
    writ_resolve(r, v);
  }
  writ_release(v);
  writ_release(r);
}

/* Gives the buffered lines to the waiting reads (at the end of input, the
 * rest without a newline, then nil to each); returns how many. */
static size_t deliver_lines(CliLoop *l) {
  size_t n = 0;
  if (l->skipLine) { /* the rest of a line too long to give */
    char *nl = l->len ? memchr(l->buf, '\n', l->len) : NULL;
    size_t drop = nl ? (size_t)(nl - l->buf) + 1 : l->len;
    memmove(l->buf, l->buf + drop, l->len - drop);
    l->len -= drop;
    l->skipLine = !nl && !l->eof;
  }
  while (l->nreads > 0 && !l->skipLine) {
    char *nl = l->len ? memchr(l->buf, '\n', l->len) : NULL;
    if (nl) {
      size_t k = (size_t)(nl - l->buf), take = k;
      if (take && l->buf[take - 1] == '\r') take--;
      settle_read(l, l->buf, take, NULL);
      memmove(l->buf, nl + 1, l->len - k - 1);
      l->len -= k + 1;
    } else if (l->len > MAX_LINE) {
      settle_read(l, NULL, 0, "line too long (limit 64 MiB)");
      l->len = 0;
      l->skipLine = true; /* the next read gets the line after it */
    } else if (l->readError) {
      settle_read(l, NULL, 0, l->readError);
    } else if (l->eof && l->len) {
      settle_read(l, l->buf, l->len, NULL);
      l->len = 0;
    } else if (l->eof) {
      settle_read(l, NULL, 0, NULL);
    } else {
      break;
    }
    n++;
  }
  return n;
}

/* What standard input has now (poll said it is readable). */
static void read_input(CliLoop *l) {
  if (l->cap - l->len < 4096) {
    size_t nc = l->cap ? l->cap * 2 : 8192;
    char *nb = realloc(l->buf, nc);
    if (!nb) {
      l->readError = "out of memory";
      return;
    }
    l->buf = nb;
    l->cap = nc;
  }
  ssize_t got = read(0, l->buf + l->len, l->cap - l->len);
  if (got > 0) l->len += (size_t)got;
  else if (got == 0) l->eof = true;
  else if (errno != EINTR && errno != EAGAIN) l->readError = "cannot read standard input";
}

/* Settles what is ready without waiting: the timers due by `by`,
 * buffered lines. Returns how many promises it settled. */
static size_t settle_ready(CliLoop *l, double by) { return fire_due(l, by) + deliver_lines(l); }

bool cli_loop_waiting(const CliLoop *l) { return l->ntimers > 0 || l->nreads > 0; }

/* Waits until a timer is due or input can be read, then settles what is
 * ready. false: interrupted (Ctrl-C). SIGINT is blocked from the check of
 * the flag until ppoll, which lets it in: a Ctrl-C just before the wait
 * cannot be missed (and a wait for a distant timer go on). */
static bool wait_and_settle(CliLoop *l) {
  struct timespec ts, *timeout = NULL;
  if (l->ntimers > 0) {
    double s = l->timers[0].due - now_seconds();
    s = s <= 0 ? 0 : s > 1e9 ? 1e9 : s;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    timeout = &ts;
  }
  bool wantInput = l->nreads > 0 && !l->eof && !l->readError;
  struct pollfd fd = {0, POLLIN, 0};
  sigset_t sigint, old;
  sigemptyset(&sigint);
  sigaddset(&sigint, SIGINT);
  sigprocmask(SIG_BLOCK, &sigint, &old);
  int r = *l->interrupted ? -1 : ppoll(&fd, wantInput ? 1 : 0, timeout, &old);
  int err = *l->interrupted ? EINTR : errno;
  sigprocmask(SIG_SETMASK, &old, NULL);
  if (r < 0 && err == EINTR && *l->interrupted) return false;
  if (r > 0 && (fd.revents & (POLLIN | POLLHUP))) read_input(l);
  else if (r > 0 && (fd.revents & (POLLERR | POLLNVAL))) l->readError = "cannot read standard input";
  settle_ready(l, now_seconds());
  return true;
}

/* REPL: what is queued and the timers due when it starts, never waiting.
 * A timer made meanwhile waits for the next input, even after(0): one
 * that sets itself again at once moves a step per input instead of
 * keeping the prompt away. A Ctrl-C between two runs is seen by
 * stopped(), as the VM sees one during a run. */
WritStatus cli_loop_run_ready(CliLoop *l, bool (*stopped)(void)) {
  WritStatus st;
  double start = now_seconds();
  do {
    st = writ_run_turns(l->vm, -1, NULL, NULL);
    if (st == WRIT_OK && stopped()) {
      fflush(stdout);
      fputs("writ: interrupted between turns: what is left waits (:pending)\n", stderr);
      return WRIT_ERR_INTERRUPTED;
    }
  } while (st == WRIT_OK && settle_ready(l, start) > 0);
  return st;
}

WritStatus cli_event_loop(CliLoop *l, WritStatus st) {
  if (st != WRIT_OK) return st; /* a failed or exited script runs no turns */
  for (;;) {
    st = writ_run_turns(l->vm, -1, NULL, NULL);
    if (st != WRIT_OK) return st;
    if (settle_ready(l, now_seconds()) > 0) continue; /* their reactions are queued */
    if (!cli_loop_waiting(l)) break;
    if (*l->interrupted || !wait_and_settle(l)) {
      fflush(stdout);
      fputs("writ: interrupted while waiting for a timer or input\n", stderr);
      return WRIT_ERR_INTERRUPTED;
    }
  }
  return writ_report_unhandled(l->vm) > 0 ? WRIT_ERR_RUNTIME : WRIT_OK;
}

void cli_loop_grant(CliLoop *l, WritSysOptions *o) {
  o->after = loop_after;
  o->read_line_async = loop_read_line;
  o->loop_ud = l;
}
