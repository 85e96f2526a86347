/* Budgets: fuel (roughly, VM instructions) and heap growth, set by whoever
 * runs code on someone else's behalf (ws.eval, the host API). Budgets nest
 * and only shrink inwards. Running out unwinds, uncatchable, to the code
 * that set the budget, which then sees an ordinary error. */
#ifndef WRIT_BUDGET_H
#define WRIT_BUDGET_H

#include "vm/vm.h"

enum { BUDGET_NONE, BUDGET_FUEL, BUDGET_HEAP };

typedef struct Budget {
  int64_t savedFuel;  /* the enclosing counter at entry */
  int64_t startFuel;  /* our counter at entry */
  size_t savedHeap;   /* the enclosing heap cap */
  double fuelLimit, heapLimit; /* as asked for (for messages) */
  bool ownFuel, ownHeap; /* our limit is tighter than the enclosing one */
} Budget;

/* Sets the limits (a negative number: none of that kind) for code run until
 * budget_leave. */
void budget_enter(WVM *vm, Budget *b, double fuel, double heapBytes);
/* Puts the enclosing limits back, charging them what was used. */
void budget_leave(WVM *vm, Budget *b);
/* After a protected run under b failed: if the error in flight is b's own
 * exhaustion, replaces it with an ordinary, catchable Error and returns;
 * an enclosing budget's exhaustion is raised again (uncatchable) for it. */
void budget_settle(WVM *vm, Budget *b);

/* Budgets (budget.c): running out unwinds to the budget's setter. */
#define WRIT_FUEL_UNLIMITED (INT64_MAX / 4)
/* A counter above this means no fuel limit is counting (the unlimited
 * counter would take centuries to come down to it); a limit above it is
 * no limit. */
#define WRIT_FUEL_NO_LIMIT (WRIT_FUEL_UNLIMITED / 2)
WNORETURN void vm_budget_exhausted(WVM *vm, int kind);
void vm_fuel_out(WVM *vm);
/* Over the heap cap: collect, then raise if still over. */
void vm_heap_check(WVM *vm, size_t grow);
/* Charge `units` of fuel for work a native is about to do (call it before
 * the work, so one long built-in cannot outrun the budget). */
static inline void vm_charge(WVM *vm, size_t units) {
  if (units > (size_t)WRIT_FUEL_UNLIMITED) units = (size_t)WRIT_FUEL_UNLIMITED;
  vm->fuel -= (int64_t)units;
  if (vm->fuel < 0) vm_fuel_out(vm);
}

#endif
