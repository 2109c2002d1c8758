# Shared helpers for the CLI tests. Each test script sources this file, calls
# `ok`/`fail` through the assertion helpers, and ends with `finish`.
set -u
BUILD=${BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REAL=$ROOT/../shared/corpus-real
if [ "${VALGRIND:-0}" = 1 ]; then
    VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
else
    VG=""
fi
# a command that takes N seconds natively takes up to ~50 N under valgrind, and
# several N in the sanitizer build (make check SANITIZE=1) on a busy machine (the
# 100,000 files of test-hostile: 30 s natively, over 300 s under ASan while other
# work ran): `timeout $((20 * TSCALE))` keeps a hang check without failing on slowness
if [ -n "$VG" ]; then TSCALE=10
elif nm -D "$BUILD/bin/vanban-index" 2>/dev/null | grep -q __asan_init; then TSCALE=4
else TSCALE=1; fi
IDX="$VG $BUILD/bin/vanban-index"
QRY="$VG $BUILD/bin/vanban-query"
export LC_ALL=C.UTF-8
# resolve python3 once: a version-manager shim can take half a second per start
PY=$(command -v python3 >/dev/null && python3 -c 'import sys; print(sys.executable)')
python3() { "${PY:-/usr/bin/python3}" "$@"; }
passed=0
failed=0
TMP=$(mktemp -d /tmp/vanban-cli.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# expect_eq NAME GOT WANT
expect_eq() {
    if [ "$2" == "$3" ]; then ok; else fail "$1: got [$2], want [$3]"; fi
}
# expect_contains NAME HAYSTACK NEEDLE
expect_contains() {
    case "$2" in *"$3"*) ok ;; *) fail "$1: [$3] not in output: ${2:0:400}" ;; esac
}
expect_not_contains() {
    case "$2" in *"$3"*) fail "$1: [$3] unexpectedly in output" ;; *) ok ;; esac
}
# expect_status NAME WANT CMD... : run CMD, compare its exit status
expect_status() {
    local name=$1 want=$2
    shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" = "$want" ]; then ok; else fail "$name: exit $got, want $want; stderr: $(head -c 400 "$TMP/err")"; fi
}
# valid_json NAME FILE : a real JSON parser must accept it
valid_json() {
    if python3 -m json.tool "$2" >/dev/null 2>"$TMP/jerr"; then ok; else fail "$1: invalid JSON: $(head -c 300 "$TMP/jerr")"; fi
}
valid_jsonl() {
    if python3 -c 'import json,sys
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)' "$2" 2>"$TMP/jerr"; then ok; else fail "$1: invalid JSON lines: $(head -c 300 "$TMP/jerr")"; fi
}
have_real() { [ -f "$REAL/metadata.tsv" ]; }
skip() { echo "SKIP: $*"; }

# paths of the clauses in a json result, comma-separated, in result order
paths_of() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); print(",".join(r["clause"]["path"] for r in d["results"]))' "$1"
}
sorted_paths_of() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); print(",".join(sorted(r["clause"]["path"] for r in d["results"])))' "$1"
}

finish() {
    echo "$(basename "$0"): $passed passed, $failed failed"
    [ "$failed" = 0 ]
}

# check_json_dir DIR N [empty-ok]: the outputs DIR/I.json and DIR/I.jsonl
# (I = 1..N; DIR/I.name says what each was) are checked by one JSON parser:
# a .json file holds one JSON value (with empty-ok, or nothing), a .jsonl
# file one JSON value per line. One `ok` per good output, one `fail` per bad one.
check_json_dir() {
    local res g
    res=$(python3 - "$1" "$2" "${3:-}" <<'PY2'
import json, os, sys
d, n, empty_ok = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "empty-ok"
good = 0
for i in range(1, n + 1):
    for fmt in ("json", "jsonl"):
        p = os.path.join(d, "%d.%s" % (i, fmt))
        if not os.path.exists(p):
            continue
        name = open(os.path.join(d, "%d.name" % i), encoding="utf-8", errors="replace").read().strip()
        try:
            data = open(p, "rb").read().decode("utf-8")
            if fmt == "json":
                if data.strip() or not empty_ok:
                    json.loads(data)
            else:
                for line in data.splitlines():
                    json.loads(line)
            good += 1
        except Exception as e:
            print("BAD [%s] --format %s: invalid JSON: %s: %r" % (name, fmt, str(e)[:100], data[:80]))
print("GOOD %d" % good)
PY2
)
    g=$(echo "$res" | sed -n 's/^GOOD //p')
    passed=$((passed + ${g:-0}))
    while IFS= read -r line; do fail "${line#BAD }"; done < <(echo "$res" | grep '^BAD ')
    [ -n "$g" ] || fail "check_json_dir did not run: $res"
}
# start_serve DB THREADS : vanban-serve on a free loopback port it picks and prints (at
# most 20 s, more under valgrind); sets srv_pid, and port ("" when it did not start: its
# stderr is in $TMP/srv.err)
start_serve() {
    $VG "$BUILD/bin/vanban-serve" --db "$1" --listen 127.0.0.1:0 --threads "$2" >"$TMP/srv.out" 2>"$TMP/srv.err" &
    srv_pid=$!
    port=""
    for _ in $(seq 1 $((200 * TSCALE))); do
        port=$(sed -n 's|^vanban-serve: listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/$|\1|p' "$TMP/srv.out" 2>/dev/null)
        [ -n "$port" ] && break
        kill -0 "$srv_pid" 2>/dev/null || break
        sleep 0.1
    done
}
# stop_serve SIGNAL : send it to $srv_pid and wait at most 20 s; srv_rc is its exit status,
# or "" when it did not stop (it is then killed)
stop_serve() {
    kill -"$1" "$srv_pid"
    srv_rc=""
    for _ in $(seq 1 $((200 * TSCALE))); do
        kill -0 "$srv_pid" 2>/dev/null || { wait "$srv_pid"; srv_rc=$?; break; }
        sleep 0.1
    done
    [ -n "$srv_rc" ] || kill -KILL "$srv_pid" 2>/dev/null
}
