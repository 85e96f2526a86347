// sends/pingpong twin with async methods: each method first awaits (so its
// body runs in a later microtask, as a delivered message does), then calls
// the other player's async method, whose promise nothing waits on.
class Player {
  constructor(name) {
    this.name = name;
    this.other = null;
  }
  setOther(o) { this.other = o; }
  async ping(n) {
    await null;
    if (n === 0) {
      console.log("pingpong done at " + this.name);
      console.error("elapsed " + (performance.now() - t0) / 1000);
      return 0;
    }
    this.other.pong(n - 1);
    return n;
  }
  async pong(n) {
    await null;
    if (n === 0) {
      console.log("pingpong done at " + this.name);
      console.error("elapsed " + (performance.now() - t0) / 1000);
      return 0;
    }
    this.other.ping(n - 1);
    return n;
  }
}

const t0 = performance.now();
const n = Number(process.argv[2]);
const a = new Player("a");
const b = new Player("b");
a.setOther(b);
b.setOther(a);
b.ping(n);
