// sends/pingpong twin: an eventual send written the usual way in JavaScript,
// Promise.resolve().then(() => obj.m(args)): the call runs in a later
// microtask and the expression is a promise of its result, as `obj <- m(args)`.
// Prints the seconds from the script's start to the last call on stderr.
class Player {
  constructor(name) {
    this.name = name;
    this.other = null;
  }
  setOther(o) { this.other = o; }
  ping(n) {
    if (n === 0) {
      console.log("pingpong done at " + this.name);
      console.error("elapsed " + (performance.now() - t0) / 1000);
      return 0;
    }
    const other = this.other;
    Promise.resolve().then(() => other.pong(n - 1));
    return n;
  }
  pong(n) {
    if (n === 0) {
      console.log("pingpong done at " + this.name);
      console.error("elapsed " + (performance.now() - t0) / 1000);
      return 0;
    }
    const other = this.other;
    Promise.resolve().then(() => other.ping(n - 1));
    return n;
  }
}

const t0 = performance.now();
const n = Number(process.argv[2]);
const a = new Player("a");
const b = new Player("b");
a.setOther(b);
b.setOther(a);
Promise.resolve().then(() => b.ping(n));
