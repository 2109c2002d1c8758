#!/usr/bin/env bash
# vanban-index: first run, incremental runs, touch/modify, --prune, clause counts, errors.
. "$(dirname "$0")/lib.sh"

db=$TMP/db
cp -r "$ROOT/corpus" "$TMP/corpus"
# a second document of the house style, so that pruning has something to remove
cat > "$TMP/corpus/extra.txt" <<'DOC'
ỦY BAN NHÂN DÂN
TỈNH THỬ NGHIỆM

Số: 12/CT-UBND

Thử Nghiệm, ngày 3 tháng 2 năm 2021

CHỈ THỊ
Về tăng cường phòng, chống tín dụng đen

1. Công an tỉnh chủ trì đấu tranh với hoạt động tín dụng đen.

2. Sở Tư pháp thực hiện Chỉ thị số 10/CT-TTg ngày 22/4/2019 của Thủ tướng Chính phủ.
DOC

# counts from --dump: the clause total the index must hold
dump_clauses() {
    local n=0
    for f in "$@"; do
        c=$($IDX --dump "$f" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["clauses"]))')
        n=$((n + c))
    done
    echo $n
}
want=$(dump_clauses "$TMP/corpus/5287-BCD-2020.txt" "$TMP/corpus/extra.txt")
[ "$want" -gt 10 ] && ok || fail "dump gives too few clauses: $want"

out=$($IDX --db "$db" "$TMP/corpus" 2>&1); rc=$?
expect_eq "first run exit" "$rc" 0
expect_contains "first run adds both files" "$out" "2 files: 2 added, 0 replaced, 0 unchanged"
expect_contains "clause count equals the dump" "$out" "2 documents, $want clauses"
command -v xapian-check >/dev/null && { xapian-check "$db" >/dev/null 2>&1 && ok || fail "xapian-check after first run"; }

rev() { xapian-delve "$db" 2>/dev/null | sed -n 's/^Revision: \?//p; s/^revision: \?//p'; }
rev1=$(ls -l --time-style=+%s.%N "$db" | md5sum)
out=$($IDX --db "$db" "$TMP/corpus" 2>&1); rc=$?
expect_eq "second run exit" "$rc" 0
expect_contains "second run: all unchanged" "$out" "0 added, 0 replaced, 2 unchanged"
expect_contains "second run does not write" "$out" "(not modified)"

touch -d '2001-01-01' "$TMP/corpus/extra.txt"
out=$($IDX --db "$db" "$TMP/corpus" 2>&1)
expect_contains "touch: same content only re-stamped" "$out" "0 added, 0 replaced, 1 unchanged, 1 touched"

echo "3. Sở Tài chính bố trí kinh phí." >> "$TMP/corpus/extra.txt"
out=$($IDX --db "$db" "$TMP/corpus" 2>&1)
expect_contains "modified file replaced, only it" "$out" "0 added, 1 replaced, 1 unchanged"
want2=$(dump_clauses "$TMP/corpus/5287-BCD-2020.txt" "$TMP/corpus/extra.txt")
expect_contains "clauses after replace" "$out" "$want2 clauses"

seed_clauses=$(dump_clauses "$TMP/corpus/5287-BCD-2020.txt")
rm "$TMP/corpus/extra.txt"
out=$($IDX --db "$db" "$TMP/corpus" 2>&1)
expect_contains "without --prune nothing is removed" "$out" "0 pruned"
out=$($IDX --db "$db" --prune "$TMP/corpus" 2>&1)
expect_contains "--prune removes exactly the vanished file" "$out" "1 pruned; index $db: 1 documents, $seed_clauses clauses"

out=$($IDX --db "$db" --rebuild "$TMP/corpus" 2>&1)
expect_contains "--rebuild starts over" "$out" "1 added, 0 replaced"

# bad input: named on stderr, the rest indexed, exit 1
mkdir -p "$TMP/bad"
cp "$ROOT/corpus/5287-BCD-2020.txt" "$TMP/bad/good.txt"
printf '' > "$TMP/bad/empty.txt"
printf 'Ti\xe1\xba\xbfp t\xff\xfec\n' > "$TMP/bad/invalid.txt"
printf 'a\0b\0c' > "$TMP/bad/nul.txt"
echo "x" > "$TMP/bad/unreadable.txt"; chmod 000 "$TMP/bad/unreadable.txt"
ln -s . "$TMP/bad/loop"
$IDX --db "$TMP/db2" "$TMP/bad" >"$TMP/out" 2>"$TMP/err"; rc=$?
err=$(cat "$TMP/err"); out=$(cat "$TMP/out")
if [ "$(id -u)" = 0 ]; then
    expect_eq "bad tree exit (root reads everything)" "$rc" 1   # the symlink loop
else
    expect_eq "bad tree exit" "$rc" 1
    expect_contains "unreadable file named" "$err" "unreadable.txt: Permission denied"
fi
expect_contains "symlink loop named" "$err" "loop: symbolic link loop"
expect_contains "invalid bytes reported" "$err" "invalid.txt: 2 invalid bytes replaced"
expect_contains "everything indexable indexed" "$out" "added"
chmod 644 "$TMP/bad/unreadable.txt"

expect_status "missing path: exit 1" 1 $IDX --db "$TMP/db3" "$TMP/nope"
expect_contains "missing path named" "$(cat "$TMP/err")" "nope: No such file or directory"
expect_status "no PATH: usage exit 2" 2 $IDX --db "$TMP/db3"
expect_status "unknown option: exit 2" 2 $IDX --frobnicate x
expect_status "--help exit 0" 0 $IDX --help
expect_contains "--help on stdout" "$(cat "$TMP/out")" "Usage: vanban-index"
expect_status "bad encoding name: exit 2" 2 $IDX --encoding klingon x

# a locked index: the second writer refuses cleanly
python3 - "$TMP/db" <<'PY' &
import fcntl, os, sys, time
fd = os.open(os.path.join(sys.argv[1], "flintlock"), os.O_RDWR | os.O_CREAT)
fcntl.lockf(fd, fcntl.LOCK_EX)
open(sys.argv[1] + ".locked", "w").close()
time.sleep(5)
PY
for i in $(seq 50); do [ -e "$TMP/db.locked" ] && break; sleep 0.1; done
expect_status "locked index: exit 2" 2 $IDX --db "$TMP/db" "$TMP/corpus"
expect_contains "locked index named" "$(cat "$TMP/err")" "locked"
kill %1 2>/dev/null; wait 2>/dev/null

# --dump is valid JSON whatever the bytes
$IDX --dump --tokens "$TMP/bad/invalid.txt" "$TMP/bad/nul.txt" "$TMP/bad/empty.txt" > "$TMP/dump.json" 2>/dev/null
valid_json "dump of hostile files is valid JSON" "$TMP/dump.json"

# ---- the real corpus (a temporary copy): first run, no-op rerun, touch, change, prune
if have_real && [ -z "$VG" ]; then   # under valgrind: ~3 min a build of the real corpus
    cp -r "$REAL/docs" "$TMP/real"
    rdb=$TMP/realdb
    nfiles=$(ls "$TMP/real" | wc -l)
    want=$($IDX --dump "$TMP"/real/*.txt 2>/dev/null | python3 -c 'import json,sys; print(sum(len(d["clauses"]) for d in json.load(sys.stdin)))')
    out=$($IDX --db "$rdb" "$TMP/real" 2>"$TMP/err"); rc=$?
    expect_eq "real: first run exit" "$rc" 0
    expect_contains "real: every file added" "$out" "$nfiles files: $nfiles added"
    expect_contains "real: clause count equals the dumps' sum" "$out" "$nfiles documents, $want clauses"
    out=$($IDX --db "$rdb" "$TMP/real" 2>&1)
    expect_contains "real: rerun changes nothing" "$out" "0 added, 0 replaced, $nfiles unchanged, 0 touched; 0 pruned"
    expect_contains "real: rerun does not write" "$out" "(not modified)"
    first=$(ls "$TMP/real" | head -1); second=$(ls "$TMP/real" | sed -n 2p)
    touch "$TMP/real/$first"
    echo "Điều bổ sung. Giao Sở Tư pháp theo dõi." >> "$TMP/real/$second"
    out=$($IDX --db "$rdb" "$TMP/real" 2>&1)
    expect_contains "real: touch and change one each" "$out" "0 added, 1 replaced, $((nfiles - 2)) unchanged, 1 touched"
    gone=$(ls "$TMP/real" | sed -n 5p)
    gone_clauses=$($IDX --dump "$TMP/real/$gone" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["clauses"]))')
    before=$($IDX --db "$rdb" "$TMP/real" 2>&1 | sed -n 's/.* documents, \([0-9]*\) clauses.*/\1/p')
    rm "$TMP/real/$gone"
    out=$($IDX --db "$rdb" --prune "$TMP/real" 2>&1)
    expect_contains "real: prune one file" "$out" "1 pruned"
    expect_contains "real: exactly its clauses removed" "$out" "$((nfiles - 1)) documents, $((before - gone_clauses)) clauses"
else
    skip "test-index: real-corpus runs not done ($REAL absent, or under valgrind)"
fi

# --all streams file by file in path order, whatever the document ids: b.txt is indexed first
mkdir -p "$TMP/ord"
cp "$ROOT/corpus/5287-BCD-2020.txt" "$TMP/ord/b.txt"
sed 's|5287/BCĐ|5288/BCĐ|' "$ROOT/corpus/5287-BCD-2020.txt" > "$TMP/ord/a.txt"
$IDX --quiet --db "$TMP/ord.db" "$TMP/ord/b.txt"
$IDX --quiet --db "$TMP/ord.db" "$TMP/ord/a.txt"
order=$($QRY --db "$TMP/ord.db" --all --format tsv 'tín dụng đen' | tail -n +2 | cut -f5 | uniq | sed 's|.*/||' | tr '\n' ' ')
expect_eq "--all in path order, not in indexing order" "$order" "a.txt b.txt "
finish
