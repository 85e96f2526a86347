/* Forwarders: how the VM treats the cap module's proxies when a script
 * calls, indexes, iterates or reads a member of one. */
#ifndef WRIT_FORWARD_H
#define WRIT_FORWARD_H

#include "vm/vm.h"

/* A checked step through forwarder v: raises if it was revoked, is a sealed
 * box, or is a facet that does not forward `name` (NULL: not a method call,
 * which no facet forwards). */
ObjForwarder *forward_open(WVM *vm, Value v, ObjString *name);
/* For a call (name NULL) or a method call: replaces *recvp by what the
 * revocable/facet forwarders in front of it lead to. Returns true if it
 * stopped at a membrane forwarder (call forward_membrane then). */
bool forward_unwrap_for_call(WVM *vm, Value *recvp, ObjString *name);
/* Calls (name NULL) or invokes a method on the membrane forwarder in
 * base[0] with base[1..argc] (on the VM stack): arguments are wrapped on
 * the way in, the result (or a thrown value) on the way out. */
Value forward_membrane(WVM *vm, Value *base, int argc, ObjString *name);
/* Wraps v for crossing f's membrane: inward (toward its target) or outward
 * (toward its holder). Plain data that cannot carry authority passes. */
Value forward_cross(WVM *vm, ObjForwarder *f, Value v, bool inward);
bool forward_is_membrane(ObjForwarder *f);
/* New forwarder of kind to target (checks the nesting limit). */
ObjForwarder *forward_new(WVM *vm, int kind, Value target, ObjGate *gate);

#endif
