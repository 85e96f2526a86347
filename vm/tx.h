/* Transactional turns: a turn that fails leaves every object that existed
 * before it exactly as it was.
 *
 * How: every object carries the epoch of the transaction that made it or
 * last logged it (Obj.epoch). Before the first write to an object in a
 * transaction, tx_write copies what the write could change into the log
 * (for lists, maps and modules the object gets a copy of its arrays and
 * the log keeps the originals, so putting them back never allocates:
 * a turn that ran out of memory can still be undone). A transaction that
 * commits frees what the log kept; one that fails puts it back, newest
 * entry first. An object made in the running transaction carries its
 * epoch, so writing it costs a comparison and nothing else; a turn that
 * writes nothing pays nothing.
 *
 * Every write to a list, map, instance field, upvalue, module slot,
 * promise or frozen flag goes through tx_write first (the root rules'
 * companion: tests/vats checks each kind). What lives outside the heap
 * (a host's C data, the OS) cannot be undone: docs/capabilities.md. */
#ifndef WRIT_TX_H
#define WRIT_TX_H

#include "vm/vm.h"

/* An instance of at most this many fields is copied into its log entry
 * (no allocation): most objects a turn writes are small. */
#define TX_SMALL_FIELDS 4

typedef struct TxEntry {
  Obj *o;
  uint8_t frozen;
  union {
    struct {
      Value *items;
      uint32_t count, cap;
    } list;
    struct {
      MapEntry *entries;
      uint32_t *index;
      uint32_t count, used, ecap, icap, version;
    } map;
    struct {
      Value *fields; /* a copy, nfields long; NULL: in small */
      Value small[TX_SMALL_FIELDS];
    } inst;
    struct {
      Value *vars; /* the block of the three slot arrays */
      int32_t nvars, varcap;
      ObjMap *varIndex, *exports;
      uint8_t state;
    } mod;
    Value upval;
    struct {
      Value value;
      struct ObjMessage *waiter;
      ObjList *waiters;
      uint8_t state, handled, resolved;
    } promise;
  } u;
} TxEntry;

/* One running transaction (on the C stack of whoever runs it). */
typedef struct TxMark {
  struct TxMark *prev;
  uint32_t logStart, stagedStart;
  uint16_t savedEpoch, epoch;
} TxMark;

void tx_log(WVM *vm, Obj *o);

/* Whether writing o now would log it first (fast paths that cannot log
 * take their ordinary path instead). */
static inline bool tx_needed(const WVM *vm, const Obj *o) { return vm->txTop && o->epoch != vm->epoch; }

/* Call before writing o (or its frozen flag). May allocate and raise
 * (before anything is written). */
static inline void tx_write(WVM *vm, Obj *o) {
  if (vm->txTop && o->epoch != vm->epoch) tx_log(vm, o);
}

/* Starts a transaction, nested in the running one if there is one. */
void tx_begin(WVM *vm, TxMark *m);
/* Keeps what it wrote and the sends it queued. Never raises or allocates. */
void tx_commit(WVM *vm, TxMark *m);
/* Puts back every object it wrote and takes its sends off the queue (a
 * turn runs with nothing taken off the queue, so they are its tail).
 * Never raises or allocates. */
void tx_rollback(WVM *vm, TxMark *m);
/* The collector's part: the objects logged and what the log kept. */
void tx_mark(WVM *vm);
/* Frees the log (the VM is going away). */
void tx_free(WVM *vm);

#endif
