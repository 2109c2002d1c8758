#!/usr/bin/env bash
# A full disk, queries while the index is rewritten, two indexers at once.
#  - full disk: the indexer fails with a clear message (exit 2) and the index
#    stays at its last commit (xapian-check passes, queries answer), for the
#    serial and the parallel build; first with `ulimit -f` (EFBIG, any user),
#    then, as root when mount works, on a 2 MB tmpfs (ENOSPC).
#  - readers: queries in a loop while the indexer rewrites the index in each
#    way it can (incremental serial and parallel updates, touches, --rebuild
#    serial and parallel) always succeed with the same answer.
#  - writers: a second indexer refuses cleanly (exit 2, "locked") while the
#    first runs; two indexers in a loop never damage the index.
. "$(dirname "$0")/lib.sh"

READ_SECS=${VB_READ_SECS:-6}      # reader loop per writer mode (bounded by READS too)
READS=${VB_READS:-200}
# 300 directives in the house style (4.7 MB): the seed with its number changed
mkdir -p "$TMP/gen"
for i in $(seq 1 300); do
    sed -e "s|5287/BCĐ|$((6000 + i))/BCĐ|" -e "s|tín dụng đen|tín dụng đen số $i|" \
        "$ROOT/corpus/5287-BCD-2020.txt" > "$TMP/gen/doc$i.txt"
done
cp -r "$ROOT/corpus" "$TMP/corpus"
ndocs() { xapian-delve "$1" 2>/dev/null | sed -n 's/^number of documents = //p'; }

# ---------------------------------------------------------------- full disk
# full_disk NAME DB LIMIT_KB JOBS : index gen/ into DB (holding corpus/ only) with writes
# capped at LIMIT_KB (ulimit -f), or on a full filesystem (LIMIT_KB empty)
full_disk() {
    local name=$1 d=$2 limit=$3 jobs=$4 rc
    (
        trap '' XFSZ
        [ -n "$limit" ] && ulimit -f $((limit * 2))
        # no leak check here (valgrind, and LeakSanitizer in the SANITIZE=1 build):
        # when a write fails for want of room, Xapian 1.4.22 leaks on its error
        # path (Database::compact_() the tables it was writing; a worker's flush,
        # about 1 run in 6, a DatabaseError and its message). Those allocations
        # are libxapian's own. Memory errors are still checked.
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
            exec ${IDX/--leak-check=full/--leak-check=no} --jobs "$jobs" --db "$d" "$TMP/gen"
    ) >"$TMP/fd.out" 2>"$TMP/fd.err"
    rc=$?
    expect_eq "$name: exit 2" "$rc" 2
    if grep -q '^vanban-index: .*\(File too large\|No space left on device\)' "$TMP/fd.err"; then ok
    else fail "$name: the message does not say why: $(head -c 300 "$TMP/fd.err")"; fi
    grep -q 'Xapian error$' "$TMP/fd.err" && fail "$name: a bare 'Xapian error' message: $(cat "$TMP/fd.err")"
    xapian-check "$d" >/dev/null 2>&1 && ok || fail "$name: xapian-check fails after the failed run"
    expect_eq "$name: the index holds its last commit" "$(ndocs "$d")" 1
    $QRY --db "$d" --count '"công an thành phố"' >"$TMP/out" 2>&1
    expect_eq "$name: queries answer from the last commit" "$(cat "$TMP/out")" "$want_seed"
    grep -q ' 0 documents\| [1-9][0-9]* added.* 1 documents' "$TMP/fd.out" &&
        fail "$name: the summary claims files were added that the index does not hold: $(cat "$TMP/fd.out")"
}
$IDX --quiet --db "$TMP/ref" "$TMP/corpus" 2>/dev/null
want_seed=$($QRY --db "$TMP/ref" --count '"công an thành phố"' 2>&1)
for jobs in 1 2; do
    d=$TMP/fd$jobs
    expect_status "full disk: first small commit" 0 $IDX --db "$d" "$TMP/corpus"
    full_disk "ulimit -f 1 MB, --jobs $jobs" "$d" 1024 "$jobs"
    # room again: the next run completes and cleans up
    expect_status "after the full disk (--jobs $jobs): a rerun completes" 0 $IDX --jobs "$jobs" --db "$d" "$TMP/gen"
    expect_not_contains "after the full disk (--jobs $jobs): the summary does not say '(not modified)'" "$(cat "$TMP/out")" "(not modified)"
    expect_eq "after the full disk (--jobs $jobs): every file" "$(ndocs "$d")" 301
    [ -z "$(ls -d "$d".* 2>/dev/null)" ] && ok || fail "after the full disk (--jobs $jobs): leftovers $(ls -d "$d".*)"
done
# the parallel build fails late, in the compaction: the parts fit under 1.6 MB, the merged
# index does not (measured: between 1.1 and 2.0 MB the failure is in DB.new)
d=$TMP/fdc
$IDX --quiet --db "$d" "$TMP/corpus"
full_disk "ulimit -f 1.6 MB, --jobs 2 (fails in the compaction)" "$d" 1600 2
if [ "$(id -u)" = 0 ] && mkdir -p "$TMP/mnt" && mount -t tmpfs -o size=2m tmpfs "$TMP/mnt" 2>"$TMP/err"; then
    for jobs in 1 2; do
        d=$TMP/mnt/db$jobs
        $IDX --quiet --db "$d" "$TMP/corpus"
        full_disk "2 MB tmpfs, --jobs $jobs" "$d" "" "$jobs"
        rm -rf "$d"
    done
    umount "$TMP/mnt"
else
    skip "test-disk-concurrency: cannot mount a tmpfs (not root, or no CAP_SYS_ADMIN): only the ulimit -f variant ran"
fi

# ---------------------------------------------------------------- readers during writes
db=$TMP/db
$IDX --quiet --db "$db" "$TMP/gen" "$TMP/corpus"
want=$($QRY --db "$db" --count '"công an thành phố"' 2>&1)
want_all=$($QRY --db "$db" --format jsonl --all '"công an thành phố"' | wc -l)
# no writer mode changes doc250 or adds a citation
want_show=$($QRY --db "$db" --format json --show 6250/BCĐ 2>&1 | md5sum)
want_top=$($QRY --db "$db" --top-cited 5 2>&1 | md5sum)
want_status=$($QRY --db "$db" --format json --status 10/CT-TTg 2>&1 | md5sum)
expect_contains "readers: --status before the writes" "$($QRY --db "$db" --format json --status 10/CT-TTg 2>&1)" '"citing_documents"'
expect_contains "readers: --show before the writes" "$($QRY --db "$db" --show 6250/BCĐ 2>&1)" "6250/BCĐ"
expect_contains "readers: --top-cited before the writes" "$($QRY --db "$db" --top-cited 5 2>&1)" "10/CT-TTg"
case "$want" in "$((300 * 2 + 2)) clauses, "*) ok ;; *) fail "readers: unexpected answer before the writes: $want" ;; esac
# write_once MODE I : one rewrite of the index; the phrase's answer never changes
write_once() {
    case $1 in
    update-serial)      # 20 files changed: the serial path, transactions
        for f in "$TMP"/gen/doc{1..20}.txt; do echo "Bổ sung lần $2: giao Sở Tư pháp theo dõi." >> "$f"; done
        $IDX --quiet --jobs 1 --db "$db" "$TMP/gen" "$TMP/corpus" ;;
    update-parallel)    # 80 files changed: parts, compaction, swap
        for f in "$TMP"/gen/doc{101..180}.txt; do echo "Bổ sung lần $2: giao Sở Tư pháp theo dõi." >> "$f"; done
        $IDX --quiet --jobs 2 --db "$db" "$TMP/gen" "$TMP/corpus" ;;
    touch-parallel)     # 100 files touched: stamps only, then the swap
        touch "$TMP"/gen/doc{1..100}.txt
        $IDX --quiet --jobs 2 --db "$db" "$TMP/gen" "$TMP/corpus" ;;
    rebuild-serial)  $IDX --quiet --rebuild --jobs 1 --db "$db" "$TMP/gen" "$TMP/corpus" ;;
    rebuild-parallel) $IDX --quiet --rebuild --jobs 2 --db "$db" "$TMP/gen" "$TMP/corpus" ;;
    esac
}
total_reads=0
for mode in update-serial update-parallel touch-parallel rebuild-serial rebuild-parallel; do
    # the writer rewrites the index again and again until the readers are done
    rm -f "$TMP/readers.done"
    (
        i=0
        while [ ! -e "$TMP/readers.done" ]; do
            i=$((i + 1))
            write_once "$mode" "$i" >>"$TMP/w.err" 2>&1 || echo "write $i: exit $?" >>"$TMP/w.err"
            echo "$i" > "$TMP/writes"
        done
    ) &
    wpid=$!
    : > "$TMP/w.err"; : > "$TMP/r.bad"
    n=0
    end=$((SECONDS + READ_SECS))
    while [ $n -lt "$READS" ] && [ $SECONDS -lt $end ]; do
        n=$((n + 1))
        if [ $((n % 4)) = 0 ]; then
            # a longer reader: every matching clause, streamed
            timeout 20 $QRY --db "$db" --format jsonl --all '"công an thành phố"' >"$TMP/rout" 2>"$TMP/rerr"
            rc=$?
            got=$(wc -l < "$TMP/rout")
            [ "$got" = "$want_all" ] || echo "exit $rc: --all listed $got clauses, want $want_all $(head -c 200 "$TMP/rerr")" >>"$TMP/r.bad"
        elif [ $((n % 8)) = 2 ]; then
            # the other readers: one document whole, the most cited instruments
            got=$(timeout 20 $QRY --db "$db" --format json --show 6250/BCĐ 2>&1 | md5sum)
            [ "$got" = "$want_show" ] || echo "--show: $(timeout 20 $QRY --db "$db" --show 6250/BCĐ 2>&1 | head -c 200)" >>"$TMP/r.bad"
        elif [ $((n % 8)) = 3 ]; then
            # the legal status: every citing document read (in file id order), the
            # term lists of the read memoized (query/status.c) and dropped on a retry
            got=$(timeout 20 $QRY --db "$db" --format json --status 10/CT-TTg 2>&1 | md5sum)
            [ "$got" = "$want_status" ] || echo "--status: $(timeout 20 $QRY --db "$db" --format json --status 10/CT-TTg 2>&1 | head -c 200)" >>"$TMP/r.bad"
        elif [ $((n % 8)) = 6 ]; then
            got=$(timeout 20 $QRY --db "$db" --top-cited 5 2>&1 | md5sum)
            [ "$got" = "$want_top" ] || echo "--top-cited: $(timeout 20 $QRY --db "$db" --top-cited 5 2>&1 | head -c 200)" >>"$TMP/r.bad"
        else
            got=$(timeout 20 $QRY --db "$db" --count '"công an thành phố"' 2>&1)
            rc=$?
            [ "$rc" = 0 ] && [ "$got" = "$want" ] || echo "exit $rc: $got" >>"$TMP/r.bad"
        fi
    done
    touch "$TMP/readers.done"
    wait $wpid
    total_reads=$((total_reads + n))
    writes=$(cat "$TMP/writes" 2>/dev/null || echo 0)
    nbad=$(wc -l < "$TMP/r.bad")
    echo "test-disk-concurrency: $mode: $n reads during $writes rewrites, $nbad wrong"
    if [ "$nbad" = 0 ]; then ok; else
        fail "readers during $mode: $nbad of $n reads wrong (want '$want'); by kind: $(sed 's/block [0-9]*/block N/; s/listed [0-9]* clauses/listed K clauses/' "$TMP/r.bad" | sort | uniq -c | sort -rn | head -4 | tr '\n' ';')"
    fi
    [ "$writes" -ge 1 ] && ok || fail "readers during $mode: the writer never finished a rewrite"
    grep -q . "$TMP/w.err" && fail "writer during $mode failed: $(head -c 300 "$TMP/w.err")"
    xapian-check "$db" >/dev/null 2>&1 && ok || fail "after $mode: xapian-check fails"
    expect_eq "after $mode: the answer" "$($QRY --db "$db" --count '"công an thành phố"' 2>&1)" "$want"
done
echo "test-disk-concurrency: $total_reads reads in all"

# ---------------------------------------------------------------- the readers' lock file
# a FIFO (or a dangling link) in place of DB/vanban.readers: no hang, answers as before
d=$TMP/fifo
$IDX --quiet --db "$d" "$TMP/corpus"
rm -f "$d/vanban.readers" && mkfifo "$d/vanban.readers"
expect_eq "a FIFO as the lock file: a query" "$(timeout $((20 * TSCALE)) $QRY --db "$d" --count '"tín dụng đen"' 2>&1)" "3 clauses, 3 mentions"
for f in "$TMP"/corpus/*.txt; do echo "Bổ sung: giao Sở Tư pháp theo dõi." >> "$f"; done
expect_status "a FIFO as the lock file: an update" 0 timeout $((60 * TSCALE)) $IDX --quiet --db "$d" "$TMP/corpus"
rm -f "$d/vanban.readers" && ln -s "$TMP/nowhere" "$d/vanban.readers"
expect_eq "a dangling link as the lock file: a query" "$(timeout $((20 * TSCALE)) $QRY --db "$d" --count '"tín dụng đen"' 2>&1)" "3 clauses, 3 mentions"
for f in "$TMP"/corpus/*.txt; do echo "Bổ sung lần hai." >> "$f"; done
expect_status "a dangling link as the lock file: an update" 0 timeout $((60 * TSCALE)) $IDX --quiet --db "$d" "$TMP/corpus"
[ ! -e "$TMP/nowhere" ] && ok || fail "the indexer or a query followed the link of the lock file"

# ---------------------------------------------------------------- two indexers
# the first holds the lock for seconds (a 26 MB file); the second refuses
python3 -c 'import sys; open(sys.argv[1], "w").write("Ủy ban nhân dân thành phố yêu cầu tăng cường phòng, chống tội phạm. " * 400000)' "$TMP/big.txt"
$IDX --quiet --db "$TMP/ldb" "$TMP/big.txt" >"$TMP/l1.out" 2>&1 &
pid1=$!
for i in $(seq 50); do [ -e "$TMP/ldb/flintlock" ] && break; sleep 0.05; done
sleep 0.2
if kill -0 $pid1 2>/dev/null; then
    expect_status "a second indexer while the first runs: exit 2" 2 $IDX --db "$TMP/ldb" "$TMP/corpus"
    expect_contains "a second indexer: the message names the lock" "$(cat "$TMP/err")" "lock"
    expect_eq "a second indexer: one line on stderr" "$(wc -l < "$TMP/err")" 1
    still=0; kill -0 $pid1 2>/dev/null && still=1
    [ $still = 1 ] || skip "test-disk-concurrency: the first indexer ended before the second was refused; the refusal may have been a race"
else
    skip "test-disk-concurrency: the first indexer finished too soon; lock refusal not tried"
fi
wait $pid1; rc=$?
expect_eq "the first indexer completes" "$rc" 0
expect_eq "the first indexer's file is in" "$(ndocs "$TMP/ldb")" 1
# the window of a swap, made wide: the first indexer pauses between the rename that puts the
# merged index in place and its reopen (VANBAN_TEST_PAUSE). Xapian's own lock is then on the old
# directory only; the writer's lock file (PATH.lock) must keep a second indexer out, or the
# second takes the index and the first fails to reopen it (and deletes the second's PATH.new)
pdb=$TMP/pdb
$IDX --quiet --db "$pdb" "$TMP/gen"
touch "$TMP"/gen/doc{1..80}.txt
VANBAN_TEST_PAUSE=swap:3000 $IDX --quiet --jobs 2 --db "$pdb" "$TMP/gen" >"$TMP/p1.out" 2>"$TMP/p1.err" &
pid1=$!
for i in $(seq 400); do grep -q 'test pause at swap' "$TMP/p1.err" && break; kill -0 $pid1 2>/dev/null || break; sleep 0.05; done
if grep -q 'test pause at swap' "$TMP/p1.err"; then
    touch "$TMP"/gen/doc{81..160}.txt
    expect_status "an indexer during another's swap: exit 2" 2 $IDX --quiet --jobs 2 --db "$pdb" "$TMP/gen"
    expect_contains "an indexer during another's swap: refused for the lock" "$(cat "$TMP/err")" "lock"
    wait $pid1; rc=$?
    expect_eq "the indexer that paused in its swap completes" "$rc" 0
    expect_eq "... and says nothing but the pause" "$(grep -v 'test pause at swap' "$TMP/p1.err")" ""
    xapian-check "$pdb" >/dev/null 2>&1 && ok || fail "swap window: xapian-check fails"
    expect_eq "swap window: one document per file" "$(ndocs "$pdb")" 300
    [ -z "$(ls -d "$pdb".* 2>/dev/null)" ] && ok || fail "swap window: leftovers $(ls -d "$pdb".*)"
else
    wait $pid1
    fail "the indexer never reached its swap: $(head -c 300 "$TMP/p1.err")"
fi
# two indexers in a loop over one index, through the parallel path (touch 80 files, over a quarter of the 300: a swap
# each time): each run completes or is refused for the lock; the index stays whole
tdb=$TMP/tdb
$IDX --quiet --db "$tdb" "$TMP/gen"
for k in 1 2; do
    (
        end=$((SECONDS + 8))
        while [ $SECONDS -lt $end ]; do
            touch "$TMP"/gen/doc{1..80}.txt
            $IDX --quiet --jobs 2 --db "$tdb" "$TMP/gen" >/dev/null 2>"$TMP/t$k.err"; rc=$?
            if [ $rc = 0 ]; then echo ok
            elif [ $rc = 2 ] && grep -q 'lock' "$TMP/t$k.err"; then echo locked
            else echo "exit $rc: $(head -c 200 "$TMP/t$k.err")"; fi
        done
    ) > "$TMP/t$k.log" &
done
wait
runs=$(cat "$TMP/t1.log" "$TMP/t2.log" | wc -l)
done_ok=$(cat "$TMP/t1.log" "$TMP/t2.log" | grep -c '^ok$')
other=$(cat "$TMP/t1.log" "$TMP/t2.log" | grep -v '^ok$\|^locked$' | sort | uniq -c | head -3)
echo "test-disk-concurrency: two indexers: $runs runs, $done_ok completed, the rest refused for the lock"
expect_eq "two indexers: every run completes or is refused for the lock" "$other" ""
[ "$done_ok" -ge 2 ] && ok || fail "two indexers: only $done_ok runs completed"
xapian-check "$tdb" >/dev/null 2>&1 && ok || fail "two indexers: xapian-check fails"
expect_eq "two indexers: one document per file" "$(xapian-delve -A Q -1 "$tdb" | grep -c '^Q')" 300
expect_eq "two indexers: no duplicate" "$(ndocs "$tdb")" 300
[ -z "$(ls -d "$tdb".* 2>/dev/null)" ] && ok || fail "two indexers: leftovers $(ls -d "$tdb".*)"
finish
