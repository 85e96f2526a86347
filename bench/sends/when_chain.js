// sends/when_chain twin: q = q.then(f), N times, on a pending promise.
const t0 = performance.now();
const n = Number(process.argv[2]);
let resolve;
const p = new Promise((res) => { resolve = res; });
let q = p;
for (let i = 0; i < n; i++) q = q.then((v) => v + 1);
q.then((v) => {
  console.log("when_chain " + v);
  console.error("elapsed " + (performance.now() - t0) / 1000);
});
resolve(0);
