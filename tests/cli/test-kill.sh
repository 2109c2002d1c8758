#!/usr/bin/env bash
# kill -9 the indexer at random moments: the index always opens and passes
# xapian-check, and a rerun ends with the same clauses as a clean build.
. "$(dirname "$0")/lib.sh"

KILLS=${VB_KILLS:-10}
if have_real && [ -z "$VG" ]; then
    # a copy: the test touches files
    cp -r "$REAL/docs" "$TMP/real"
    src="$TMP/real"
else
    # under valgrind (make check-valgrind) the real corpus would take ~3 min a build
    [ -n "$VG" ] || skip "test-kill: $REAL is absent; killing the build of a generated corpus instead"
    mkdir -p "$TMP/gen"
    for i in $(seq 1 300); do
        sed "s|5287/BCĐ|$((7000 + i))/BCĐ|" "$ROOT/corpus/5287-BCD-2020.txt" > "$TMP/gen/d$i.txt"
    done
    src="$TMP/gen"
fi
# the documents, and the clause total the index keeps (collection frequency of Kc)
uids() { { xapian-delve -A Q -1 "$1" | sort; xapian-delve -vv -A Kc "$1"; } | md5sum; }

$IDX --quiet --db "$TMP/clean" "$src" 2>/dev/null
start=$(date +%s.%N)
$IDX --quiet --db "$TMP/timing" "$src" 2>/dev/null
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
want=$(uids "$TMP/clean")
RANDOM=${VB_KILL_SEED:-4242}
survived=0
for k in $(seq 1 "$KILLS"); do
    db="$TMP/k$k"
    jobs=$(( (k % 2) + 1 ))
    # a random moment within the build's duration; every other kill hits a second, incremental run
    at=$(awk -v r=$((RANDOM % 1000)) -v s="$secs" 'BEGIN { printf "%.3f", r / 1000 * s }')
    if [ $((k % 3)) = 0 ]; then
        $IDX --quiet --jobs "$jobs" --db "$db" "$src" 2>/dev/null   # complete, then kill an update
        find "$src" -name '*.txt' | head -40 | xargs touch
    fi
    $IDX --quiet --jobs "$jobs" --db "$db" "$src" 2>/dev/null &
    pid=$!
    sleep "$at"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    # a database exists once Xapian has written its version file (iamglass), which it writes last
    if [ -e "$db/iamglass" ]; then
        if xapian-check "$db" >/dev/null 2>&1; then ok; else fail "kill $k (at ${at}s, jobs $jobs): xapian-check fails"; continue; fi
        $QRY --db "$db" --count 'tội phạm' >/dev/null 2>&1; rc=$?
        [ $rc -le 1 ] && ok || fail "kill $k: the killed index does not answer (exit $rc)"
    fi
    $IDX --quiet --jobs "$jobs" --db "$db" "$src" 2>/dev/null
    got=$(uids "$db")
    if [ "$got" = "$want" ]; then ok; survived=$((survived + 1)); else fail "kill $k (at ${at}s, jobs $jobs): rerun differs from a clean build"; fi
    [ -z "$(ls -d "$db".* 2>/dev/null)" ] && ok || fail "kill $k: leftovers after the rerun: $(ls -d "$db".*)"
    rm -rf "$db"
done
# a rebuild is written aside: killed at any moment, the index is still the old one, whole
db="$TMP/rb"
cp -r "$TMP/clean" "$db"
for k in 1 2 3; do
    at=$(awk -v r=$((RANDOM % 1000)) -v s="$secs" 'BEGIN { printf "%.3f", r / 1000 * s }')
    $IDX --quiet --rebuild --jobs $(( (k % 2) + 1 )) --db "$db" "$src" 2>/dev/null &
    pid=$!
    sleep "$at"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    got=$(uids "$db")
    if [ "$got" = "$want" ]; then ok; else fail "rebuild killed at ${at}s: the index is not the old one"; fi
done
expect_status "a rebuild after the kills" 0 $IDX --quiet --rebuild --db "$db" "$src"
expect_eq "the rebuilt index" "$(uids "$db")" "$want"
[ -z "$(ls -d "$db".* 2>/dev/null)" ] && ok || fail "rebuild: leftovers: $(ls -d "$db".*)"
echo "test-kill: $survived of $KILLS kills survived (build takes ${secs}s)"
finish
