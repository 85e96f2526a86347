# A when(...) statement makes no promise for its result (vm.c's
# call_shortcut, as a send statement makes none): what a program sees --
# the callbacks' order, an unhandled rejection's report and the exit
# status, a when that is not the built-in, a bad callback's error, a when
# dropped with its failed turn -- is what it was when it made one. Each
# expected output below was printed by the binary that made the promise.
. "$(dirname "$0")/_check.sh"
check p1 'when(1, fn(v) { print("a", v) })
let k = when(2, fn(v) { print("b", v); return v * 10 })
when(k, fn(v) { print("c", v) })
when(3, fn(v) { print("d", v) })
let [p, r] = promise()
when(p, fn(v) { print("e", v) }, fn(e) { print("never") })
r.resolve("later")
print("script ends")' 'script ends
a 1
b 2
d 3
e later
c 20
status 0'
check p2 'when(1, fn(v) {
  throw Error("boom")
})
print("end")' 'end
p2.writ:2:3: error: unhandled rejection: boom
  at <anonymous> (p2.writ:2:3)
status 1'
check p3 'let [p, r] = promise()
when(p, fn(v) { print("never") })
r.reject(Error("broken"))
print("end")' 'end
p3.writ:3:3: error: unhandled rejection: broken
  at <main> (p3.writ:3:3)
status 1'
check p4 'when(5, nil, fn(e) { print("err") })
when(6)
let [p, r] = promise()
when(p, nil, fn(e) { print("caught", e.message()) })
r.reject(Error("handled"))
print("ok")' 'ok
caught handled
status 0'
check p5 'let when = fn(x, f) { print("mine", x); return 7 }
when(1, nil)
print("ok")' 'mine 1
ok
status 0'
check p6 'print("start")
when(1, 5)' 'start
p6.writ:2:5: error: bad argument #2 to '\''when'\'' (function expected, got number)
  when(1, 5)
      ^
  at <main> (p6.writ:2:5)
status 1'
check p7 'fn go() {
  when(1, fn(v) { print("dropped with its turn") })
  throw Error("turn fails")
}
when(0, fn(v) { go() })
when(0, fn(v) { print("other turn runs") })' 'other turn runs
p7.writ:3:3: error: unhandled rejection: turn fails
  at go (p7.writ:3:3)
  at <anonymous> (p7.writ:5:19)
status 1'
check p8 'fn f(x) { return x }
when(1, f, f, f)' 'p8.writ:2:5: error: when() takes 1 to 3 arguments, got 4
  when(1, f, f, f)
      ^
  at <main> (p8.writ:2:5)
status 1'
check p9 'let [p, r] = promise()
when(p, fn(v) { print("never") })
r.reject("a string reason")' 'error: unhandled rejection: "a string reason"
status 1'
exit $fail
