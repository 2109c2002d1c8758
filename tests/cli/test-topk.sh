#!/usr/bin/env bash
# Bounded top-k (issue 19, docs/design.md "Bounded top-k"): a page by relevance reads
# files in the order of their score bounds and stops once no file left can enter the
# page. The page must be the exhaustive one, clause for clause, score for score and
# mention for mention; the totals are then estimates, marked as such, and exact again
# with --exact-totals, --count, --facets, --docs and --sort.
# VANBAN_TOPK_DB=PATH uses an index of the real corpus already built.
. "$(dirname "$0")/lib.sh"

# ---- the fixtures: small enough that every file is read, so nothing is estimated
sdb=$TMP/sdb
(cd "$ROOT" && $IDX --quiet --db "$sdb" corpus) || fail "indexing corpus/"
expect_eq "corpus/: every file read, totals exact" "$($QRY --db "$sdb" --format json --limit 20 'tín dụng đen' |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total_clauses_estimated"], d["total_clauses"] >= len(d["results"]) > 0)')" \
    "False True"

# ---- a file typed without diacritics, read once the page is full: its bound must take
# its every-spelling forms (it holds "tin", not "tín"). The mark of such files is a
# boolean term (wdf 0), and the tightening once asked for its wdf: the file's bound
# came out 0 and it was skipped (--limit 3 gave a.txt's weak clause 2, 2.50, in place
# of u.txt's clause 1, 4.10).
udb=$TMP/udb
$IDX --quiet --db "$udb" "$ROOT/tests/fixtures/text/unmarked-bound" || fail "indexing unmarked-bound/"
upage() { $QRY --db "$udb" --format tsv "$@" 2>/dev/null | cut -f5,6,10 | sed 's#.*/##'; }
expect_contains "unmarked file on the bounded page (tín dụng, --limit 3)" "$(upage --limit 3 'tín dụng')" \
    "$(printf 'u-unmarked.txt\t1\t')"
for q in 'tín dụng' 'tin dung' 'tín dụng đen' 'dụng' 'tín dụng OR phối hợp'; do
    for l in 1 2 3 4 5; do
        expect_eq "unmarked-bound: bounded page = exhaustive page ($q, --limit $l)" \
            "$(upage --limit $l "$q")" "$(upage --limit $l --exact-totals "$q")"
    done
done

if ! have_real; then
    skip "real corpus absent ($REAL): bounded pages are not compared on real documents"
    finish
    exit $?
fi
db=${VANBAN_TOPK_DB:-}
if [ -z "$db" ]; then
    db=$TMP/db
    (cd "$ROOT" && $IDX --quiet --db "$db" ../shared/corpus-real/docs) || fail "indexing the real corpus"
fi

# one line per result: file, clause, score, the byte spans of its matches; then the totals
page() {
    $QRY --db "$db" --format json "$@" | python3 -c '
import json,sys
d=json.load(sys.stdin)
for r in d["results"]:
    print(r["doc"]["file"], r["clause"]["path"], "%.9f" % r["score"], r["matches"])
print("TOTALS", d["total_clauses_estimated"], d["total_clauses"], d["total_mentions"], len(d["results"]))'
}

# every query of the benchmark set and a few more shapes, at several pages
queries=()
while IFS=$'\t' read -r q _; do
    case "$q" in ''|'#'*) continue ;; esac
    queries+=("$q")
done < "$ROOT/bench/queries.txt"
queries+=('tín dụng đen' 'người lao động -"người sử dụng lao động"' '"bảo hiểm y tế" OR "bảo hiểm xã hội"'
          'so:158/2025/NĐ-CP' 'ref:158/2025/NĐ-CP' 'loai:"nghị định"' 'zzqqxxw'
          # a file ranked by one word of a phrase it does not hold, among pages of
          # zero-score clauses: its tightened bound is 0, the files after it are not
          '"mua bán người" OR coquan:"Bộ Tài chính"' '"ma túy" OR loai:"nghị định"')
same=0 differ=0 cut=0 exact_ok=0 bad_est=0
for q in "${queries[@]}"; do
    for args in "--limit 1" "--limit 20" "--limit 20 --offset 7"; do
        # shellcheck disable=SC2086
        a=$(page $args "$q")
        # shellcheck disable=SC2086
        b=$(page $args --exact-totals "$q")
        if [ "$(grep -v '^TOTALS' <<<"$a")" = "$(grep -v '^TOTALS' <<<"$b")" ]; then
            same=$((same + 1))
        else
            differ=$((differ + 1))
            echo "  differs: '$q' $args"
            diff <(grep -v '^TOTALS' <<<"$a") <(grep -v '^TOTALS' <<<"$b") | head -4 | sed 's/^/    /'
        fi
        read -r _ est tc _ n <<<"$(grep '^TOTALS' <<<"$a")"
        read -r _ eb tcb _ _ <<<"$(grep '^TOTALS' <<<"$b")"
        [ "$est" = True ] && cut=$((cut + 1))
        # --exact-totals is exact; an unmarked total is the exact one
        if [ "$eb" = False ] && { [ "$est" = True ] || [ "$tc" = "$tcb" ]; }; then exact_ok=$((exact_ok + 1)); fi
        # an estimate is never below what was seen: the results given and the offset skipped
        off=0; [[ "$args" == *offset* ]] && off=7
        if [ "$est" = True ] && [ "$tc" -lt $((n + off)) ]; then bad_est=$((bad_est + 1)); fi
    done
done
pages=$(( ${#queries[@]} * 3 ))
expect_eq "bounded pages = exhaustive pages ($pages pages)" "$same/$differ" "$pages/0"
expect_eq "unmarked totals are exact, --exact-totals never estimates" "$exact_ok" "$pages"
expect_eq "an estimate covers at least the results given" "$bad_est" 0
# the bounded path must actually stop early on the real corpus, or this test proves nothing
if [ "$cut" -ge $((pages / 2)) ]; then ok
else fail "pages known before every file was read: only $cut of $pages"; fi

# ---- the estimate is near the truth: within 3x either way (reading only the top files
# and extrapolating from them overstated "phạt" twelvefold: estimate.c samples instead)
far=""
# (the last three: an OR at the top, "BHXH" beside the phrase, and fields, whose
# files are sampled from the search's own candidates; ref: was 3.1x before)
for q in 'người lao động' 'thuế' 'phạt' 'doanh nghiệp' 'hợp đồng' 'lao dong' 'an toàn lao động' \
         'bảo hiểm xã hội' 'ref:46/2014/QH13' 'giao:"Sở Lao động"'; do
    est=$($QRY --db "$db" --format json --limit 20 "$q" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total_clauses"], d["total_clauses_estimated"])')
    exact=$($QRY --db "$db" --format json --count "$q" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_clauses"])')
    read -r e flag <<<"$est"
    [ "$flag" = True ] || far="$far [$q: not estimated]"
    if [ $((e * 3)) -lt "$exact" ] || [ "$e" -gt $((exact * 3)) ]; then far="$far [$q: about $e, exactly $exact]"; fi
done
expect_eq "estimates within 3x of the exact totals" "$far" ""

# ---- the estimate is marked in every format; exact where asked
est_of() { $QRY --db "$db" --format json "$@" 'người lao động' | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_clauses_estimated"])'; }
expect_eq "json: estimated by default" "$(est_of --limit 20)" True
expect_eq "json --exact-totals: exact" "$(est_of --limit 20 --exact-totals)" False
expect_eq "json --docs: exact" "$(est_of --limit 20 --docs)" False
expect_eq "json --sort -date: exact" "$(est_of --limit 20 --sort -date)" False
expect_eq "json --facets: exact" "$(est_of --limit 20 --facets year)" False
exact=$($QRY --db "$db" --format json --count 'người lao động' | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total_clauses_estimated"], d["total_clauses"])')
full=$($QRY --db "$db" --format json --limit 20 --exact-totals 'người lao động' | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total_clauses_estimated"], d["total_clauses"])')
expect_eq "--count is exact and equals --exact-totals" "$exact" "$full"
$QRY --db "$db" --limit 5 'người lao động' >/dev/null 2>"$TMP/note"
expect_contains "text: the note says about" "$(cat "$TMP/note")" "of about "
LANG=vi_VN.UTF-8 LC_ALL=vi_VN.UTF-8 $QRY --db "$db" --limit 5 'người lao động' >/dev/null 2>"$TMP/note-vi"
if grep -q "khoảng" "$TMP/note-vi" || ! grep -q "hiển thị" "$TMP/note-vi"; then ok
else fail "text (vi): no khoảng: $(cat "$TMP/note-vi")"; fi
$QRY --db "$db" --format tsv --limit 5 'người lao động' >/dev/null 2>"$TMP/note-tsv"
expect_contains "tsv: the note says about" "$(cat "$TMP/note-tsv")" "of about "
$QRY --db "$db" --limit 5 --exact-totals 'người lao động' >/dev/null 2>"$TMP/note-exact"
expect_not_contains "text --exact-totals: no about" "$(cat "$TMP/note-exact")" "about"
# vanban-serve: the same, and exact_totals=1
start_serve "$db" 2
if [ -n "$port" ]; then
    api() { python3 -c '
import json, sys, urllib.request
d = json.load(urllib.request.urlopen(sys.argv[1], timeout=60))
print(d["total_clauses_estimated"], len(d["results"]))' \
        "http://127.0.0.1:$port/api/search?q=ng%C6%B0%E1%BB%9Di%20lao%20%C4%91%E1%BB%99ng&limit=20$1"; }
    expect_eq "serve: estimated by default" "$(api '')" "True 20"
    expect_eq "serve: exact_totals=1" "$(api '&exact_totals=1')" "False 20"
    stop_serve TERM
else
    fail "vanban-serve did not start: $(cat "$TMP/srv.err")"
fi
# the exit status does not depend on the estimate
expect_status "a match: exit 0" 0 $QRY --db "$db" --limit 1 'người lao động'
expect_status "no match: exit 1, exact" 1 $QRY --db "$db" --limit 1 'zzqqxxw'
finish
