#!/usr/bin/env bash
# Run every tests/cli/test-*.sh; print one closing line "N passed, M failed".
#
# VB_TEST_JOBS tests run at once (default: the number of CPUs, at most 4; 1 runs
# them one after another). Each test has its own TMP and picks its own free
# ports, so they are independent; the longest start first so the slots stay full.
# A test's output is printed whole when it ends, never interleaved with another's.
set -u
cd "$(dirname "$0")/../.."
jobs=${VB_TEST_JOBS:-$(n=$(nproc 2>/dev/null || echo 1); [ "$n" -gt 4 ] && n=4; echo "$n")}
case "$jobs" in '' | *[!0-9]* | 0) echo "run-all.sh: VB_TEST_JOBS must be a positive number, not '$jobs'" >&2; exit 2 ;; esac
OUT=$(mktemp -d /tmp/vanban-cli-run.XXXXXX)
# interrupted: the tests still running are stopped (each cleans up its own TMP)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$OUT"' EXIT
trap 'exit 130' INT TERM

# the longest tests first (seconds measured one by one on 2 CPUs; the rest take
# under 30 s each and run in name order after these)
long="test-kill test-formats test-shards test-disk-concurrency test-hostile
test-hostile-query test-status test-query test-topk test-diacritics"
order=()
for n in $long; do [ -f "tests/cli/$n.sh" ] && order+=("tests/cli/$n.sh"); done
for t in tests/cli/test-*.sh; do
    case " $(echo $long) " in *" $(basename "$t" .sh) "*) ;; *) order+=("$t") ;; esac
done

report() {  # NAME: print a finished test's output and add up its result line
    local name=$1 out rc line p f
    out=$(cat "$OUT/$name.out")
    rc=$(cat "$OUT/$name.rc" 2>/dev/null || echo 99)
    echo "$out" | grep -v '^$' | sed 's/^/  /'
    line=$(echo "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -1)
    p=$(echo "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    [ -n "$line" ] || { p=0; f=1; echo "  tests/cli/$name.sh: no result line (crashed?)"; }
    total_p=$((total_p + p))
    total_f=$((total_f + f))
    [ "$rc" = 0 ] || status=1
}

total_p=0
total_f=0
status=0
declare -A running=()   # pid -> test name
finish_one() {          # wait for any running test, report it
    local pid
    wait -n -p pid "${!running[@]}" 2>/dev/null
    [ -n "${pid:-}" ] || return 0
    report "${running[$pid]}"
    unset "running[$pid]"
}
for t in "${order[@]}"; do
    while [ "${#running[@]}" -ge "$jobs" ]; do finish_one; done
    name=$(basename "$t" .sh)
    ( bash "$t" >"$OUT/$name.out" 2>&1; echo $? >"$OUT/$name.rc" ) &
    running[$!]=$name
done
while [ "${#running[@]}" -gt 0 ]; do finish_one; done
echo "cli: $total_p passed, $total_f failed ($jobs at a time)"
[ $status = 0 ] && [ $total_f = 0 ]
