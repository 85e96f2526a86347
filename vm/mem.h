/* All VM memory through the embedder's allocator hook (mem.c). */
#ifndef WRIT_MEM_H
#define WRIT_MEM_H

#include "vm/vm.h"

/* --- memory (mem.c) --- */
void *mem_realloc(WVM *vm, void *ptr, size_t oldSize, size_t newSize);
/* What mem_realloc does before the heap grows by grow bytes: the heap
 * limit (raises when it is reached) and the next collection (may run one).
 * Also for memory that does not come from the allocator (object.c's free
 * lists). The test is inline, the work (mem_grow_checks) is not. */
void mem_grow_checks(WVM *vm, size_t grow);
static inline void mem_will_grow(WVM *vm, size_t grow) {
#ifdef WRIT_GC_STRESS
  mem_grow_checks(vm, grow);
#else
  if (vm->bytesAllocated + grow > vm->nextGC || vm->bytesAllocated + grow > vm->heapLimit) mem_grow_checks(vm, grow);
#endif
}
#define MEM_ALLOC(vm, type, n) ((type *)mem_realloc(vm, NULL, 0, sizeof(type) * (n)))
#define MEM_FREE(vm, type, ptr, n) mem_realloc(vm, ptr, sizeof(type) * (n), 0)
#define MEM_GROW(vm, type, ptr, oldn, newn) \
  ((type *)mem_realloc(vm, ptr, sizeof(type) * (oldn), sizeof(type) * (newn)))
/* mem_realloc for scratch memory, a compilation's arena: a collection does
 * not count it as live data when it sets the next threshold (it adds it
 * once, not times the growth factor), and freeing it takes its share back
 * out of the threshold. Without this, a collection while a large script
 * was parsed (its syntax tree in the arena) doubled the tree too, and the
 * heap grew to that threshold after the tree was gone: AWFY's Bounce
 * peaked at 440 KB of heap, where 270 would do. */
void *mem_scratch(WVM *vm, void *ptr, size_t oldSize, size_t newSize);
/* Cuts a block down to newSize (0 frees it) and returns it. Never collects
 * or raises: when the allocator cannot shrink the block it is returned as
 * it was (a failed realloc leaves it valid) and *ok is false. */
void *mem_shrink(WVM *vm, void *ptr, size_t oldSize, size_t newSize, bool *ok);
/* Trims array ptr of cap elements to n, setting cap to n if it worked. */
#define MEM_TRIM(vm, type, ptr, cap, n)                                                              \
  do {                                                                                           \
    bool trimmed_;                                                                               \
    (ptr) = (type *)mem_shrink(vm, ptr, sizeof(type) * (size_t)(cap), sizeof(type) * (size_t)(n), \
                               &trimmed_);                                                       \
    if (trimmed_) (cap) = (n);                                                                   \
  } while (0)

#endif
