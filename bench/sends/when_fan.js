// sends/when_fan twin: p.then(f), N times, on one fulfilled promise.
const t0 = performance.now();
function run(n) {
  const p = Promise.resolve(1);
  let sum = 0;
  for (let i = 0; i < n; i++) p.then((v) => { sum += v; });
  p.then((v) => {
    console.log("when_fan " + sum);
    console.error("elapsed " + (performance.now() - t0) / 1000);
  });
}
run(Number(process.argv[2]));
