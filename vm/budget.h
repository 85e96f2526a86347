/* Budgets: fuel (roughly, VM instructions) and heap growth, set by whoever
 * runs code on someone else's behalf (ws.eval, the host API). Budgets nest
 * and only shrink inwards. Running out unwinds, uncatchable, to the code
 * that set the budget, which then sees an ordinary error. */
#ifndef WRIT_BUDGET_H
#define WRIT_BUDGET_H

#include "vm.h"

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

#endif
