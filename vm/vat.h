/* Vats: confined workspaces with their own turns, and values crossing
 * between them (vat.c). A value of one vat reaches another only as what
 * vat_cross makes of it. */
#ifndef WRIT_VAT_H
#define WRIT_VAT_H

#include "vm/vm.h"

ObjVat *vat_new(WVM *vm, ObjMap *endowments, double fuel, double memory);
/* v as the vat `to` sees a value of the vat `from`: numbers, strings, bools
 * and nil as they are; an Error as a copy of its message; a promise as a
 * promise of `to` that follows it; a far reference into `to` as its
 * object; anything else as a far reference. */
Value vat_cross(WVM *vm, Value v, ObjVat *from, ObjVat *to);
/* v.eval(source): a turn of the vat, run now; its result crosses back. */
Value vat_eval(WVM *vm, ObjVat *v, ObjString *src);
/* ws.eval(source, {atomic: true}): all of it or nothing. */
Value atomic_eval(WVM *vm, struct ObjWorkspace *w, ObjString *src, double fuel, double memory);

#endif
