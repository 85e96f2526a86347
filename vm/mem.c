/* All VM memory goes through the embedder's allocator hook here, so heap
 * accounting (and later the heap budget) sees every byte. */
#include <stdlib.h>
#include "vm/mem.h"
#include "vm/budget.h"
#include "vm/error.h"
#include "vm/gc.h"

void mem_grow_checks(WVM *vm, size_t grow) {
  if (vm->bytesAllocated + grow > vm->heapLimit) vm_heap_check(vm, grow);
#ifdef WRIT_GC_STRESS
  if (!vm->gcRunning) gc_collect(vm);
#else
  if (vm->bytesAllocated + grow > vm->nextGC && !vm->gcRunning) gc_collect(vm);
#endif
}

void *mem_realloc(WVM *vm, void *ptr, size_t oldSize, size_t newSize) {
  if (newSize > oldSize) mem_will_grow(vm, newSize - oldSize);
  void *p = vm->allocFn(vm->allocUd, ptr, oldSize, newSize);
  if (newSize > 0 && !p) {
    gc_collect(vm); /* one more try after freeing what we can */
    p = vm->allocFn(vm->allocUd, ptr, oldSize, newSize);
    if (!p) vm_raise_oom(vm);
  }
  vm->bytesAllocated += newSize - oldSize; /* wraps correctly when shrinking */
  return p;
}

void *mem_scratch(WVM *vm, void *ptr, size_t oldSize, size_t newSize) {
  void *p = mem_realloc(vm, ptr, oldSize, newSize);
  if (newSize >= oldSize) {
    vm->scratchBytes += newSize - oldSize;
    return p;
  }
  size_t freed = oldSize - newSize;
  vm->scratchBytes -= freed;
  size_t back = freed < vm->scratchCounted ? freed : vm->scratchCounted;
  vm->scratchCounted -= back;
  vm->nextGC = vm->nextGC > WRIT_GC_INITIAL + back ? vm->nextGC - back : WRIT_GC_INITIAL;
  return p;
}

void *mem_shrink(WVM *vm, void *ptr, size_t oldSize, size_t newSize, bool *ok) {
  *ok = false;
  if (!ptr || newSize >= oldSize) return ptr;
  void *p = vm->allocFn(vm->allocUd, ptr, oldSize, newSize);
  if (!p && newSize > 0) return ptr;
  vm->bytesAllocated -= oldSize - newSize;
  *ok = true;
  return p;
}
