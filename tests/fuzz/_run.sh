# make fuzz: runs each harness named on the command line (default: all
# four) for FUZZ_SECONDS (default 60) seconds, one after another, one job
# each, with its seeds (and, for the eval harnesses, the dictionary), after
# make fuzz-build has built them. Exits 1 if any found a crash, a timeout
# or ran out of memory, naming the reproducer and how to replay it.
#   bash tests/fuzz/_run.sh [fuzz_eval|fuzz_eval_gc|fuzz_json|fuzz_api ...]
# FUZZ_ARGS adds libFuzzer options (e.g. FUZZ_ARGS=-seed=1).
# Per harness, under build/fuzz/: corpus/H/ (the corpus, kept and grown from
# run to run), crashes/H/ (reproducers), logs/H.log (libFuzzer's output).
# Named with a leading '_' so the test runner does not take it for a test.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
secs=${FUZZ_SECONDS:-60}
[ $# -gt 0 ] || set -- fuzz_eval fuzz_eval_gc fuzz_json fuzz_api
# UBSan's reports carry a stack, and both sanitizers stop at the first error.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}

out=build/fuzz
failed=""
for h in "$@"; do
  dict="-dict=$out/writ.dict"
  case $h in
  fuzz_eval) bin=$out/fuzz_eval seeds=$out/seeds/eval opts="-max_len=4096 $dict" ;;
  fuzz_eval_gc) bin=build/fuzz-gc/fuzz_eval_gc seeds=$out/seeds/eval opts="-max_len=4096 $dict" ;;
  fuzz_json) bin=$out/fuzz_json seeds=$out/seeds/json opts="-max_len=8192" ;;
  fuzz_api) bin=$out/fuzz_api seeds=$out/seeds/api opts="-max_len=2048" ;;
  *) echo "_run.sh: no harness named $h" >&2; exit 2 ;;
  esac
  [ -x "$bin" ] || { echo "_run.sh: $bin is missing: run make fuzz-build" >&2; exit 2; }
  corpus=$out/corpus/$h crashes=$out/crashes/$h log=$out/logs/$h.log
  mkdir -p "$corpus" "$crashes" "$seeds" "$out/logs"
  echo "== $h: ${secs}s (log: $log)"
  # shellcheck disable=SC2086 # opts and FUZZ_ARGS are lists of options
  "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 $opts -print_final_stats=1 \
    -artifact_prefix="$crashes/" ${FUZZ_ARGS:-} "$corpus" "$seeds" >"$log" 2>&1
  rc=$?
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  echo "   ${last:-no progress line}"
  echo "   corpus: $(find "$corpus" -type f | wc -l) inputs in $corpus"
  if [ $rc -ne 0 ]; then
    failed="$failed $h"
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    echo "   FAILED (exit $rc):"
    grep -E '^(==[0-9]+==ERROR|SUMMARY:)|runtime error:|fuzz_[a-z]+(\.c:[0-9]+)?: ' "$log" | head -n 5 | sed 's/^/     /'
    grep -E '^    #[0-9]+ ' "$log" | grep -vE 'in (fuzzer::|__|main |LLVMFuzzerTestOneInput|abort|raise)' |
      grep -vE '/(compiler-rt|libc)' | head -n 6 | sed 's/^/     /'
    if [ -n "$artifact" ]; then
      echo "   reproducer: $artifact"
      echo "   replay:     $bin $artifact"
      echo "   minimize:   $bin -minimize_crash=1 -runs=10000 -artifact_prefix=$crashes/min- $artifact"
    fi
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: crashes found by:$failed (see above and build/fuzz/logs/)"
  exit 1
fi
echo "fuzz: no crash in $secs s per harness ($*)"
