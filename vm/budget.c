/* Fuel and heap budgets. The counters live in the VM (vm->fuel counts down,
 * vm->heapLimit caps vm->bytesAllocated) so the dispatch loop and the
 * allocator test them with one comparison; a Budget on the C stack of the
 * setter remembers the enclosing values. */
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"
#include "vm/wstring.h"

void vm_budget_exhausted(WVM *vm, int kind) {
  vm->exhausted = (uint8_t)kind;
  /* Unwinding may allocate (it runs no Writ code): lift the heap cap until
   * budget_leave puts the enclosing one back. */
  vm->heapLimit = SIZE_MAX;
  vm->uncatchable = true;
  vm->error = vm->budgetError;
  longjmp(vm->errjmp->buf, 1);
}

void vm_fuel_out(WVM *vm) {
  if (vm->fuel < 0) vm_budget_exhausted(vm, BUDGET_FUEL);
}

void vm_heap_check(WVM *vm, size_t grow) {
  if (vm->gcRunning) return; /* never raise inside a collection */
  gc_collect(vm);
  if (vm->bytesAllocated + grow > vm->heapLimit) vm_budget_exhausted(vm, BUDGET_HEAP);
}

void budget_enter(WVM *vm, Budget *b, double fuel, double heapBytes) {
  b->savedFuel = vm->fuel;
  b->savedHeap = vm->heapLimit;
  b->fuelLimit = fuel;
  b->heapLimit = heapBytes;
  b->ownFuel = fuel >= 0 && fuel < (double)vm->fuel && fuel <= (double)WRIT_FUEL_NO_LIMIT;
  if (b->ownFuel) vm->fuel = (int64_t)fuel;
  b->startFuel = vm->fuel;
  b->ownHeap = false;
  if (heapBytes >= 0) {
    /* Measure from the live size: garbage left by the caller must not
     * become room for the limited code once it is collected. */
    if (!vm->gcRunning) gc_collect(vm);
    double cap = (double)vm->bytesAllocated + heapBytes;
    if (cap < (double)vm->heapLimit) {
      vm->heapLimit = (size_t)cap;
      b->ownHeap = true;
    }
  }
}

void budget_leave(WVM *vm, Budget *b) {
  int64_t used = vm->exhausted == BUDGET_FUEL ? b->startFuel : b->startFuel - vm->fuel;
  if (used < 0) used = 0;
  vm->fuel = b->savedFuel - used;
  vm->heapLimit = b->savedHeap;
}

void budget_settle(WVM *vm, Budget *b) {
  int kind = vm->exhausted;
  if (vm->error != vm->budgetError || kind == BUDGET_NONE) return;
  bool ours = kind == BUDGET_FUEL ? b->ownFuel : b->ownHeap;
  if (!ours) vm_budget_exhausted(vm, kind); /* the enclosing budget ran out */
  vm->exhausted = BUDGET_NONE;
  vm->uncatchable = false;
  char num[64];
  number_format(kind == BUDGET_FUEL ? b->fuelLimit : b->heapLimit, num, sizeof num);
  if (kind == BUDGET_FUEL) vm_raise(vm, "out of fuel (limit %s)", num);
  vm_raise(vm, "memory limit exceeded (limit %s bytes)", num);
}
