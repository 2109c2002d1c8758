#!/usr/bin/env bash
# vanban-query --serve: one query per line in, one JSON line out, from one
# process. Each answer must be the one a separate `--format json` run gives;
# a bad line gets an error line and the process goes on; each query reads the
# index as last committed, through serial updates, a parallel build's swap
# and a rebuild.
. "$(dirname "$0")/lib.sh"

db=$TMP/db
mkdir -p "$TMP/c"
# 70 files: a change of all of them goes through the parallel build (64 files or more)
for i in $(seq 1 70); do
    sed -e "s|5287/BCĐ|$((7000 + i))/BCĐ|" -e "s|tín dụng đen|tín dụng đen số $i|" \
        "$ROOT/corpus/5287-BCD-2020.txt" > "$TMP/c/doc$i.txt"
done
$IDX --quiet --db "$db" "$TMP/c"

# usage
expect_status "--serve with a QUERY" 2 $QRY --db "$db" --serve 'thuế'
expect_contains "--serve with a QUERY: says why" "$(cat "$TMP/err")" "standard input"
expect_status "--serve --format text" 2 $QRY --db "$db" --serve --format text
expect_status "--serve --show" 2 $QRY --db "$db" --serve --show 7001/BCĐ
expect_status "--serve without an index" 2 $QRY --db "$TMP/none" --serve </dev/null
expect_contains "--serve without an index: says so" "$(cat "$TMP/err")" "no index at"
expect_contains "--help names --serve" "$($QRY --help)" "--serve"
expect_status "--serve, nothing to read" 0 $QRY --db "$db" --serve </dev/null
expect_eq "--serve, nothing to read: prints nothing" "$(cat "$TMP/out")" ""

# the server, kept running through the whole script
coproc SRV { exec $QRY --db "$db" --serve --limit 5 --facets issuer,year 2>"$TMP/srv.err"; }
srv_in=${SRV[1]}
srv_out=${SRV[0]}
srv_pid=$SRV_PID
# ask LINE: send one line, print the answer's line (or nothing after a timeout)
ask() {
    printf '%s\n' "$1" >&"$srv_in"
    local line=""
    IFS= read -r -t $((30 * TSCALE)) line <&"$srv_out"
    printf '%s' "$line"
}
# same_as NAME QUERY : the served answer equals a separate run's
same_as() {
    local got want
    got=$(ask "$2")
    want=$($QRY --db "$db" --format json --limit 5 --facets issuer,year "$2" 2>/dev/null)
    expect_eq "$1" "$got" "$want"
    printf '%s\n' "$got" >>"$TMP/answers.jsonl"
}

: >"$TMP/answers.jsonl"
same_as "a phrase" '"tín dụng đen"'
same_as "without diacritics" 'tin dung den'
same_as "fields" 'giao:"công an thành phố" ref:10/CT-TTg'
same_as "no match" 'zzqqxxw'
same_as "a number" 'so:7012/BCĐ'

# bad lines: an error line each, and the server goes on
got=$(ask '"tín dụng')
printf '%s\n' "$got" >>"$TMP/answers.jsonl"
col=$($QRY --db "$db" --format json '"tín dụng' 2>&1 >/dev/null | sed -n 's/.*at column \([0-9]*\).*/\1/p')
expect_contains "a bad query: an error line" "$got" '"error":{"status":2,"reason":"query syntax error"'
expect_contains "a bad query: the column a separate run gives" "$got" "\"column\":$col}"
got=$(ask '')
printf '%s\n' "$got" >>"$TMP/answers.jsonl"
expect_contains "an empty line: an error line" "$got" '"message":"empty query line"'
printf 'thu\303\xff\n' >&"$srv_in"   # invalid UTF-8
IFS= read -r -t $((30 * TSCALE)) got <&"$srv_out"
printf '%s\n' "$got" >>"$TMP/answers.jsonl"
expect_contains "invalid UTF-8: an answer line" "$got" '"format_version":1'
same_as "after the bad lines" '"tín dụng đen"'

# each query reads the index as last committed
count_of() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])["total_clauses"])' "$1"; }
before=$(count_of "$(ask 'nam:1900..2100')")
last_ino=$(stat -c %i "$db")
for round in serial parallel rebuild; do
    case $round in
    serial)   # two files more: written in place
        for i in 71 72; do
            sed -e "s|5287/BCĐ|$((7000 + i))/BCĐ|" "$ROOT/corpus/5287-BCD-2020.txt" > "$TMP/c/doc$i.txt"
        done
        $IDX --quiet --jobs 1 --db "$db" "$TMP/c" ;;
    parallel) # every file changed: parts, compaction, a new directory swapped in
        for f in "$TMP"/c/doc*.txt; do echo "Bổ sung: giao Sở Tư pháp theo dõi." >> "$f"; done
        $IDX --quiet --jobs 2 --db "$db" "$TMP/c" ;;
    rebuild)  $IDX --quiet --rebuild --db "$db" "$TMP/c" ;;
    esac
    if [ "$round" != serial ]; then   # the parallel build and the rebuild swap in a new directory
        ino=$(stat -c %i "$db")
        [ "$ino" != "${last_ino:-}" ] && ok || fail "after a $round update: the index directory was not swapped"
    fi
    last_ino=$(stat -c %i "$db")
    got=$(ask 'nam:1900..2100')
    printf '%s\n' "$got" >>"$TMP/answers.jsonl"
    want=$($QRY --db "$db" --format json --limit 5 --facets issuer,year 'nam:1900..2100' 2>/dev/null)
    expect_eq "after a $round update: the answer of a separate run" "$(count_of "$got")" "$(count_of "$want")"
    same_as "after a $round update: a phrase" '"giao Sở Tư pháp"'
done
after=$(count_of "$(ask 'nam:1900..2100')")
[ "$after" -gt "$before" ] && ok || fail "the served answers never saw the new files ($before clauses, then $after)"

valid_jsonl "every served line" "$TMP/answers.jsonl"
expect_eq "one line per query" "$(grep -c . "$TMP/answers.jsonl")" 15

# end of input: exit 0
exec {srv_in}>&-
wait "$srv_pid"
expect_eq "end of input: exit status" "$?" 0
expect_eq "the server wrote nothing to stderr" "$(cat "$TMP/srv.err")" ""

# a reader that goes away: the next answer cannot be written, exit 2 with a message
coproc SRV2 { exec $QRY --db "$db" --serve 2>"$TMP/srv2.err"; }
in2=${SRV2[1]}
out2=${SRV2[0]}
pid2=$SRV2_PID
printf '%s\n' 'tín dụng đen' >&"$in2"
IFS= read -r -t $((30 * TSCALE)) got <&"$out2"
expect_contains "a second server answers" "$got" '"total_clauses"'
exec {out2}<&-
printf '%s\n' 'tín dụng đen' >&"$in2"
exec {in2}>&-
wait "$pid2"
expect_eq "the reader gone: exit status" "$?" 2
expect_contains "the reader gone: a message" "$(cat "$TMP/srv2.err")" "writing output"
finish
