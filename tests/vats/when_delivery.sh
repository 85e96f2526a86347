# A when callback and f <- (args) run as one protected call (vm.c's
# vm_call_protected, one setjmp per turn instead of two): try blocks inside
# the callback, errors out of it, natives, classes and functions with the
# wrong arity as callbacks, a stack overflow, a vat out of fuel and nested
# whens behave as they did. The expected output was printed by the binary
# that ran them through vm_protect and vm_call.
. "$(dirname "$0")/_check.sh"
check q1 'fn deep(n) { if n == 0 { throw Error("deep") }; return deep(n - 1) }
when(1, fn(v) {
  try { deep(50) } catch e { print("caught", e.message()) }
  try { deep(3) } catch e { print("again", e.message()) }
  return v
})
let p = when(2, fn(v) { try { deep(2) } catch e { throw Error("rethrown " + e.message()) } })
when(p, nil, fn(e) { print("p failed:", e.message()) })
when(3, print)
class K { init(x) { print("K made with", x) } }
let pk = when(4, K)
when(pk, fn(k) { print("got", type(k)) })
let bad = when(5, fn(a, b) { return a })
when(bad, nil, fn(e) { print("arity:", e.message()) })
fn rec(n) { return rec(n + 1) }
let so = when(6, rec)
when(so, nil, fn(e) { print("overflow:", e.message()) })
let f = fn(v) { print("send to fn", v); return v }
let s = f <- (7)
when(s, fn(v) { print("send result", v) })
let vat = Vat({}, {fuel: 1000})
let far = vat.eval("fn spin(x) { while true { } }; spin")
let sp = far <- (1)
when(sp, nil, fn(e) { print("vat:", e.message()) })
let ok = vat.eval("fn twice(x) { return x * 2 }; twice")
when(ok <- (21), fn(v) { print("vat ok", v) })
when(8, fn(v) { when(v + 1, fn(w) { print("nested", w) }) })
let [pp, rr] = promise()
when(pp, fn(v) { print("never") }, fn(e) { print("err cb", e.message()); throw Error("from err cb") })
rr.reject(Error("rej"))
print("end of script")' 'end of script
caught deep
again deep
3
send to fn 7
err cb rej
p failed: rethrown deep
arity: <anonymous>() takes 2 arguments, got 1
overflow: stack overflow (call depth limit 200000)
send result 7
vat: out of fuel (limit 1000)
vat ok 42
nested 9
q1.writ:29:74: error: unhandled rejection: from err cb
  at <anonymous> (q1.writ:29:74)
error: unhandled rejection: K() takes no arguments (the class has no constructor '\''new'\''), got 1
status 1'
exit $fail
