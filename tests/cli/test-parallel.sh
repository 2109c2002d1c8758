#!/usr/bin/env bash
# The parallel build (--jobs 2: worker parts merged by compaction) gives the
# same index as one writer, for a first build and for an update.
. "$(dirname "$0")/lib.sh"

# 120 directives in the house style: the seed with its number, date and a few words changed
mkdir -p "$TMP/c"
for i in $(seq 1 120); do
    sed -e "s|5287/BCĐ|$((6000 + i))/BCĐ|; s|ngày 21 tháng 8 năm 2020|ngày $((i % 28 + 1)) tháng $((i % 12 + 1)) năm $((2000 + i % 25))|" \
        -e "s|tín dụng đen|tín dụng đen số $i|" "$ROOT/corpus/5287-BCD-2020.txt" > "$TMP/c/doc$i.txt"
done

# the documents (one per file), and every clause of the archive with its text
uids() { xapian-delve -A Q -1 "$1" | grep '^Q' | sort; }
clauses() { $QRY --db "$1" --all --format json 'nam:1900..2100' | python3 -c 'import json,sys
for r in json.load(sys.stdin)["results"]: print(r["doc"]["number"], r["clause"]["path"], r["text"])' | sort; }

expect_status "serial build" 0 $IDX --jobs 1 --db "$TMP/serial" "$TMP/c"
expect_status "parallel build" 0 $IDX --jobs 2 --db "$TMP/par" "$TMP/c"
expect_contains "parallel build indexes all" "$(cat "$TMP/out")" "120 added"
expect_not_contains "a parallel build says it wrote" "$(cat "$TMP/out")" "(not modified)"
expect_eq "same clause ids" "$(uids "$TMP/par" | md5sum)" "$(uids "$TMP/serial" | md5sum)"
n=$(uids "$TMP/par" | wc -l)
expect_eq "one document per file" "$n" 120
n=$(clauses "$TMP/par" | wc -l)
[ "$n" -eq $((120 * 24)) ] && ok || fail "clauses listed: $n, want $((120 * 24))"
expect_eq "same answers" "$(clauses "$TMP/par" | md5sum)" "$(clauses "$TMP/serial" | md5sum)"
command -v xapian-check >/dev/null && { xapian-check "$TMP/par" >/dev/null 2>&1 && ok || fail "xapian-check on the merged index"; }
[ -z "$(ls -d "$TMP"/par.* 2>/dev/null)" ] && ok || fail "temporary parts left behind: $(ls -d "$TMP"/par.*)"

# an update through the parallel path: 70 files change, 10 vanish
for i in $(seq 1 70); do echo "Bổ sung: giao Sở Tư pháp thực hiện mục $i." >> "$TMP/c/doc$i.txt"; done
rm "$TMP/c"/doc11{1,2,3,4,5,6,7,8,9}.txt "$TMP/c/doc120.txt"
expect_status "parallel update" 0 $IDX --jobs 2 --prune --db "$TMP/par" "$TMP/c"
expect_contains "parallel update counts" "$(cat "$TMP/out")" "0 added, 70 replaced, 40 unchanged, 0 touched; 10 pruned"
expect_status "clean serial build of the new state" 0 $IDX --jobs 1 --db "$TMP/clean" "$TMP/c"
expect_eq "update equals a clean build" "$(uids "$TMP/par" | md5sum)" "$(uids "$TMP/clean" | md5sum)"
expect_eq "update answers equal a clean build" "$(clauses "$TMP/par" | md5sum)" "$(clauses "$TMP/clean" | md5sum)"
expect_status "the added words are found" 0 $QRY --db "$TMP/par" --count '"giao sở tư pháp thực hiện mục 70"'
expect_eq "and counted once" "$(cat "$TMP/out")" "1 clauses, 1 mentions"
finish
