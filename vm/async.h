/* Promises, eventual sends and the queue of turns (E's model; the
 * semantics follow OCapN CapTP so that a far reference to another machine
 * can later plug in where a far reference to another vat does:
 * docs/internals.md, "Promises and vats").
 *
 * A send (`x <- m(args)`) makes a message and a promise for its result.
 * A message to a pending promise waits on it (pipelining) and goes on to
 * whatever the promise settles to, in the order sent; to a far reference
 * it goes to that vat's turn, its arguments crossing over (vat.c); to
 * anything else it is queued for the sender's own vat. The loop
 * (async_run) takes one message at a time and delivers it as a turn: a
 * transaction (tx.h) in the message's vat, under that vat's budgets.
 * Reactions to a promise (when, pipelined sends, promises following it)
 * are queued when it settles, never run at once. */
#ifndef WRIT_ASYNC_H
#define WRIT_ASYNC_H

#include "vm/vm.h"
#include "vm/vat.h"

enum { MSG_SEND, MSG_WHEN, MSG_FOLLOW };

ObjPromise *promise_new(WVM *vm, ObjVat *vat);
ObjResolver *resolver_new(WVM *vm, ObjPromise *p);
/* Resolves p with v (a value of p's vat): a promise v is followed, p
 * itself rejects; anything else fulfils. Only the first resolution of a
 * promise counts. */
void promise_resolve(WVM *vm, ObjPromise *p, Value v);
void promise_reject(WVM *vm, ObjPromise *p, Value reason);
/* p settles as q does (q may be of another vat: the outcome crosses). */
void promise_follow(WVM *vm, ObjPromise *p, ObjPromise *q);

/* `target <- name(args)` (name NULL: `target <- (args)`): the promise of
 * the result, or nil when keep is false (a send as a statement: no
 * promise is made; a failure is reported as an unhandled rejection).
 * target and args must be rooted (registers). */
Value async_send(WVM *vm, Value target, ObjString *name, int argc, const Value *args, bool keep);
/* when(p, ok, err): the promise of the callback's result. */
Value async_when(WVM *vm, Value p, Value ok, Value err);
/* The same for a when(...) statement, whose promise nobody could see: none
 * is made (as for a send statement); a failed callback or an unhandled
 * rejection passed on is reported as one that nothing watched. */
void async_when_unkept(WVM *vm, Value p, Value ok, Value err);

/* Runs fn(vm, ud) as a turn of vat: a transaction that commits if fn
 * returns and is rolled back if it raises (false; the error is in
 * vm->error). Every turn goes through here: deliveries, v.eval and
 * ws.eval's atomic runs. */
bool async_turn(WVM *vm, ObjVat *vat, void (*fn)(WVM *vm, void *ud), void *ud);
/* Delivers up to max queued messages (max < 0: until none is left),
 * adding each to *ran as it is taken off the queue. Raises only what
 * stops everything (an interrupt, an exit, the caller's own budget); a
 * failed turn rejects its promise. */
void async_run(WVM *vm, long max, long *ran);
static inline uint32_t async_pending(const WVM *vm) { return vm->queue.len; }
/* The messages waiting, oldest first (for a REPL's :pending). */
Value async_queued(WVM *vm, uint32_t i);
/* Rejected promises that nothing has watched, taken off the list; for
 * the CLI's report when the queue is empty. */
ObjList *async_take_unhandled(WVM *vm);

/* The collector's part: the queue, the unhandled list, the far references. */
void async_mark(WVM *vm);
void async_free(WVM *vm);

#endif
