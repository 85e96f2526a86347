// sends/when_loop twin: Promise.resolve(x).then(f), one pending at a time.
const t0 = performance.now();
const n = Number(process.argv[2]);
function step(v) {
  if (v === n) {
    console.log("when_loop " + v);
    console.error("elapsed " + (performance.now() - t0) / 1000);
    return v;
  }
  Promise.resolve(v + 1).then(step);
  return v;
}
Promise.resolve(0).then(step);
