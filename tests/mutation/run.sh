#!/usr/bin/env bash
# Mutation run (memory-safety issue, point 8): does the suite notice when
# the code that keeps Writ's promises is broken? See tests/mutation/README.md.
#
#   tests/mutation/run.sh [MUTANTS_FILE] [ID...]
#
# Copies the working tree (tracked and untracked files, not build/) to
# build/mutation/src, builds it once and runs the suite there once (the
# baseline: a test that fails there, and again alone, is left out of
# every mutant's run, and said so). Then, for each mutant of MUTANTS_FILE
# (default tests/mutation/mutants.txt; only the IDs named, if any): puts
# the original file back, makes the mutant's one literal replacement,
# rebuilds incrementally and runs the suite fail-fast (a failing test is
# run again alone before it counts: see below). Prints one line per
# mutant and a summary line; exits 1 if fewer than MUTATION_MIN_KILL (90)
# percent of the non-equivalent mutants were killed, 2 if a mutant did
# not apply (its text is missing or ambiguous: the code drifted), 3 if the
# unmutated tree does not build. The repository's own files are never
# touched: everything happens in the copy.
#
# Environment:
#   MUTATION_JOBS (2)       make and test-runner jobs
#   MUTATION_CFLAGS (-Wno-error)  extra compiler flags for every build
#   MUTATION_TIMEOUT (600)  seconds one mutant may take, build and suite
#   MUTATION_MIN_KILL (90)  the kill rate, in percent, the run must reach
#   MUTATION_BASELINE=0     skip the baseline suite run (the build stays)
#   MUTATION_FILTER=TEXT    run only the tests whose path contains TEXT (the
#                           runner's FILTER: to try a new test against its
#                           mutant quickly; a real run leaves it unset)
#   MUTATION_WORK (build/mutation)  where the copy, logs and results go (a
#                           second run at the same time needs another)
#   MUTATION_ROOT           the tree to copy (default: this script's)
#   MUTATION_CHECK_ONLY=1   only check that every mutant applies to the
#                           working tree (no copy, no build: seconds)
#
# The test runner finds this file too (tests/**/*.sh are tests): run so,
# with $WRIT set and no arguments, it only checks the mutants file's
# format and ends.
set -u
# The whole script is one function, read before it runs: editing this file
# during a run (which takes an hour) cannot change what the run does.
main() {
here=$(cd "$(dirname "$0")" && pwd)
root=${MUTATION_ROOT:-$(cd "$here/../.." && pwd)}
[ -n "${MUTATION_ROOT:-}" ] && here=$root/tests/mutation

if [ $# -eq 0 ] && [ -n "${WRIT:-}" ] && [ -z "${MUTATION_FORCE:-}" ]; then
  # Run by tests/runner.c as part of the suite: no mutation run (it takes
  # an hour), only the mutants file's shape: every block has an id, a
  # file that exists, a non-empty from and a to, and no id is used twice.
  awk -v root="$root" '
    function done_block() {
      if (id == "") return
      if (seen[id]++) { print "duplicate mutant id: " id; bad = 1 }
      if (file == "" || !hasfrom || !hasto || from == "") { print "mutant " id ": needs file, from and to"; bad = 1 }
      else if ((getline line < (root "/" file)) < 0) { print "mutant " id ": no file " file; bad = 1 }
      else close(root "/" file)
    }
    /^== / { done_block(); id = $2; sub(/:$/, "", id); file = ""; from = ""; hasfrom = hasto = 0; n++; next }
    /^file:/ { file = $2 }
    /^from:/ { hasfrom = 1; from = substr($0, 6); sub(/^[ \t]+/, "", from) }
    /^to:/ { hasto = 1 }
    END { done_block(); if (n < 40) { print "only " n " mutants (at least 40 wanted)"; bad = 1 }; exit bad }
  ' "$here/mutants.txt"
  exit $?
fi

mutants=${1:-$here/mutants.txt}
[ $# -gt 0 ] && shift
[ -f "$mutants" ] || { [ -f "$root/$mutants" ] && mutants=$root/$mutants; }
[ -f "$mutants" ] || { echo "run.sh: no mutants file $mutants" >&2; exit 2; }
mutants=$(cd "$(dirname "$mutants")" && pwd)/$(basename "$mutants")
want_ids=("$@")
jobs=${MUTATION_JOBS:-2}
limit=${MUTATION_TIMEOUT:-600}
min_kill=${MUTATION_MIN_KILL:-90}
cflags=${MUTATION_CFLAGS:--Wno-error}
filter=${MUTATION_FILTER:-}
work=${MUTATION_WORK:-$root/build/mutation}
case "$work" in /*) ;; *) work=$root/$work ;; esac
src=$work/src
targets="all build/release/writ build/release/libwrit.a build/release/test-runner build/release/plugin-host"

# ---- the mutants file: blocks of
#   == ID: what the mutant breaks
#   file: PATH            (relative to the repository)
#   from: TEXT            (must occur exactly once in PATH)
#   to:   TEXT            (what replaces it; may be empty)
#   equivalent: REASON    (optional: the mutant cannot change behaviour)
# Lines starting with '#' and blank lines are ignored. Spaces after the
# colon are not part of TEXT (nor are trailing spaces).
ids=() files=() froms=() tos=() equivs=() descs=()
parse() {
  local line key val id=""
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      '#'*|'') continue ;;
      '== '*)
        id=${line#== }; descs+=("${id#*: }"); id=${id%%:*}
        ids+=("$id"); files+=(""); froms+=(""); tos+=(""); equivs+=("")
        continue ;;
    esac
    [ -n "$id" ] || { echo "run.sh: $mutants: text before the first '== ID:' line: $line" >&2; exit 2; }
    key=${line%%:*}
    val=${line#*:}
    val=${val#"${val%%[![:space:]]*}"}   # leading blanks
    val=${val%"${val##*[![:space:]]}"}   # trailing blanks
    local i=$((${#ids[@]} - 1))
    case "$key" in
      file) files[$i]=$val ;;
      from) froms[$i]=$val ;;
      to) tos[$i]=$val ;;
      equivalent) equivs[$i]=$val ;;
      *) echo "run.sh: $mutants: mutant $id: unknown line: $line" >&2; exit 2 ;;
    esac
  done < "$mutants"
}
parse

# apply FILE FROM TO: replaces the one occurrence of FROM in FILE by TO
# (literally: the texts go through the environment, not awk's -v, which
# would read their backslashes). Exit 3 if FROM is missing, 4 if it occurs
# more than once.
apply() {
  MUT_FROM=$2 MUT_TO=$3 awk '
    { text = text $0 "\n" }
    END {
      from = ENVIRON["MUT_FROM"]; to = ENVIRON["MUT_TO"]
      if (from == "") exit 3
      rest = text; n = 0
      while ((i = index(rest, from)) > 0) { n++; rest = substr(rest, i + length(from)) }
      if (n == 0) exit 3
      if (n > 1) exit 4
      i = index(text, from)
      printf "%s%s%s", substr(text, 1, i - 1), to, substr(text, i + length(from))
    }' "$1" > "$1.mut" || { local s=$?; rm -f "$1.mut"; return $s; }
  mv "$1.mut" "$1"
}

selected() {
  [ ${#want_ids[@]} -eq 0 ] && return 0
  local w
  for w in "${want_ids[@]}"; do [ "$w" = "$1" ] && return 0; done
  return 1
}

for w in "${want_ids[@]}"; do
  found=0
  for id in "${ids[@]}"; do [ "$id" = "$w" ] && found=1; done
  [ $found = 1 ] || { echo "run.sh: no mutant $w in $mutants" >&2; exit 2; }
done

if [ "${MUTATION_CHECK_ONLY:-}" = 1 ]; then
  bad=0
  chk=$(mktemp)
  for i in "${!ids[@]}"; do
    selected "${ids[$i]}" || continue
    if [ ! -f "$root/${files[$i]}" ]; then echo "ERROR     ${ids[$i]}: no file ${files[$i]}"; bad=1; continue; fi
    cp "$root/${files[$i]}" "$chk"
    apply "$chk" "${froms[$i]}" "${tos[$i]}"
    case $? in
      0) echo "ok        ${ids[$i]}" ;;
      3) echo "ERROR     ${ids[$i]}: 'from' text not found in ${files[$i]}"; bad=1 ;;
      *) echo "ERROR     ${ids[$i]}: 'from' text occurs more than once in ${files[$i]}"; bad=1 ;;
    esac
  done
  rm -f "$chk"
  exit $((bad * 2))
fi

# ---- the copy
start_all=$(date +%s)
echo "copying the working tree to ${src#$root/}"
rm -rf "$src" "$work/orig" "$work/logs"
mkdir -p "$src" "$work/orig" "$work/logs"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z -c -o --exclude-standard | grep -zv '^build/' |
    tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -C "$src" -xf -
else
  (cd "$root" && tar --exclude=./build --exclude=./.git -cf - .) | tar -C "$src" -xf -
fi

mutated=""   # the file the copy holds mutated, if any
restore() {
  if [ -n "$mutated" ]; then
    cp "$work/orig/$mutated" "$src/$mutated" # a new mtime: make rebuilds it
    mutated=""
  fi
}
trap 'restore' EXIT
trap 'restore; exit 130' INT TERM

# Warnings stay warnings: a mutant that leaves a variable unused is not
# "killed" by -Werror, only by a test (or a real compile error).
build() {
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
    timeout "$1" make -C "$src" -j"$jobs" CFLAGS="$cflags" $targets
}

echo "building the copy (make -j$jobs CFLAGS=$cflags $targets)"
t0=$(date +%s)
if ! build 1800 > "$work/logs/_build.log" 2>&1; then
  tail -n 30 "$work/logs/_build.log"
  echo "run.sh: the unmutated copy does not build (${work#$root/}/logs/_build.log)"
  exit 3
fi
echo "built in $(( $(date +%s) - t0 )) s"

skip=$work/skip.txt
: > "$skip"
if [ "${MUTATION_BASELINE:-1}" != 0 ]; then
  echo "baseline: the suite on the unmutated copy"
  t0=$(date +%s)
  (cd "$src" && WRIT_TEST_JOBS=$jobs build/release/test-runner build/release/writ tests $filter) > "$work/logs/_baseline.log" 2>&1
  # A test that fails here but passes alone was only slow once: kept.
  for t in $(sed -n 's/^FAIL //p' "$work/logs/_baseline.log"); do
    (cd "$src" && WRIT_TEST_JOBS=1 build/release/test-runner build/release/writ tests "$t") > /dev/null 2>&1 ||
      echo "$t" >> "$skip"
  done
  echo "baseline: $(tail -n 1 "$work/logs/_baseline.log") in $(( $(date +%s) - t0 )) s"
  if [ -s "$skip" ]; then
    echo "WARNING: these tests fail without any mutant; every mutant's run leaves them out:"
    sed 's/^/  /' "$skip"
  fi
fi

# ---- the mutants
killed=0 survived=0 equiv=0 errors=0
results=$work/results.txt
: > "$results"
report() { # STATUS ID DETAIL
  printf '%-10s %-34s %s\n' "$1" "$2" "$3" | tee -a "$results"
}
for i in "${!ids[@]}"; do
  id=${ids[$i]} file=${files[$i]}
  selected "$id" || continue
  restore
  if [ ! -f "$src/$file" ]; then
    report ERROR "$id" "no file $file"; errors=$((errors + 1)); continue
  fi
  [ -f "$work/orig/$file" ] || { mkdir -p "$(dirname "$work/orig/$file")"; cp -p "$src/$file" "$work/orig/$file"; }
  mutated=$file
  apply "$src/$file" "${froms[$i]}" "${tos[$i]}"
  case $? in
    0) ;;
    3) restore; report ERROR "$id" "'from' text not found in $file"; errors=$((errors + 1)); continue ;;
    *) restore; report ERROR "$id" "'from' text occurs more than once in $file"; errors=$((errors + 1)); continue ;;
  esac
  if [ -n "${equivs[$i]}" ]; then
    restore
    report EQUIVALENT "$id" "(${equivs[$i]})"
    equiv=$((equiv + 1))
    continue
  fi
  log=$work/logs/$id.log
  t0=$(date +%s)
  if ! build "$limit" > "$log" 2>&1; then
    report KILLED "$id" "build failed [$(( $(date +%s) - t0 ))s]"
    killed=$((killed + 1))
    continue
  fi
  # The suite, fail-fast. A failing test is run again alone: on a
  # machine shared with other work a timing-sensitive test can fail once
  # (a timeout, a signal that came late); if it passes alone it did not
  # kill the mutant, and the suite runs again without it (twice at most).
  mskip=$work/skip-mutant.txt
  cp "$skip" "$mskip"
  flaky="" unsure=0
  for attempt in 1 2 3; do
    left=$(( limit - ($(date +%s) - t0) ))
    [ $left -lt 60 ] && left=60
    (cd "$src" && WRIT_TEST_FAILFAST=1 WRIT_TEST_JOBS=$jobs WRIT_TEST_SKIP=$mskip \
      timeout "$left" build/release/test-runner build/release/writ tests $filter) > "$work/suite.out" 2>&1
    st=$?
    cat "$work/suite.out" >> "$log"
    first=$(sed -n 's/^FAIL //p' "$work/suite.out" | head -n 1)
    [ $st = 0 ] || [ -z "$first" ] && break
    echo "--- $first again, alone" >> "$log"
    if ! (cd "$src" && WRIT_TEST_JOBS=1 timeout 300 build/release/test-runner build/release/writ tests "$first") >> "$log" 2>&1; then
      break
    fi
    flaky="$flaky $first"
    echo "$first" >> "$mskip"
    [ $attempt = 3 ] && unsure=1
  done
  secs=$(( $(date +%s) - t0 ))
  note=${flaky:+ (failed once, passed alone:$flaky)}
  if [ $unsure = 1 ]; then
    report ERROR "$id" "three tests failed once and then passed alone:$flaky [${secs}s]"
    errors=$((errors + 1))
  elif [ $st = 0 ]; then
    report SURVIVED "$id" "[${secs}s]$note"
    survived=$((survived + 1))
  elif [ $st = 124 ]; then
    report KILLED "$id" "suite timed out after ${left}s${first:+, first failure $first} [${secs}s]$note"
    killed=$((killed + 1))
  else
    report KILLED "$id" "${first:-the runner failed (status $st)} [${secs}s]$note"
    killed=$((killed + 1))
  fi
done
restore

counted=$((killed + survived))
pct=100
[ $counted -gt 0 ] && pct=$(( killed * 100 / counted ))
pct_text=$(awk -v k=$killed -v c=$counted 'BEGIN { printf "%.1f", c ? 100 * k / c : 100 }')
echo "total time: $(( $(date +%s) - start_all )) s; logs in ${work#$root/}/logs/"
[ $errors -gt 0 ] && echo "$errors mutant(s) did not apply (not counted): see the ERROR lines"
echo "$((counted + equiv)) mutants: $killed killed, $survived survived, $equiv equivalent ($pct_text% killed)"
[ $pct -lt "$min_kill" ] && exit 1
[ $errors -gt 0 ] && exit 2
exit 0
}
main "$@"
exit $?
