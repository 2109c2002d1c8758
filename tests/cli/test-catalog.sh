#!/usr/bin/env bash
# Documents without a header: the number from the file name (marked as inferred,
# a warning in --dump) and the optional catalogue (vanban-index --catalog), which
# fills in what the text lacks and never overrides what it says.
. "$(dirname "$0")/lib.sh"

d="$TMP/docs"
mkdir -p "$d"
# a body-only extract, named by its number (as the real archive's files are)
printf 'Căn cứ Luật Quản lý thuế ngày 13 tháng 6 năm 2019;\nCục Thuế hướng dẫn về thuế giá trị gia tăng như sau.\n' \
    >"$d/0761_5526-ct-cs.txt"
# the same, named by a slug only: nothing to infer
cp "$d/0761_5526-ct-cs.txt" "$d/huong-dan-thue-gia-tri-gia-tang.txt"
# a document with its header: the text wins over the catalogue
cp "$ROOT/corpus/5287-BCD-2020.txt" "$d/5287-BCD-2020.txt"

# --dump: the inferred number, marked, and a warning
$IDX --dump "$d/0761_5526-ct-cs.txt" >"$TMP/dump.json" 2>"$TMP/dump.err"
expect_eq "dump exit" "$?" 0
expect_eq "inferred number" "$(jq -r '.doc.number' "$TMP/dump.json")" "5526/CT-CS"
expect_eq "marked as inferred" "$(jq -r '.doc.number_inferred' "$TMP/dump.json")" "true"
expect_contains "warning in the dump" "$(jq -r '.warnings[]' "$TMP/dump.json")" "inferred from the file name"
expect_contains "warning on stderr" "$(cat "$TMP/dump.err")" "number 5526/CT-CS inferred from the file name"
$IDX --dump "$d/huong-dan-thue-gia-tri-gia-tang.txt" >"$TMP/slug.json" 2>/dev/null
expect_eq "a slug gives no number" "$(jq -r '.doc.number' "$TMP/slug.json")" "null"
expect_eq "a slug: not inferred" "$(jq -r '.doc.number_inferred' "$TMP/slug.json")" "false"
$IDX --dump "$d/5287-BCD-2020.txt" >"$TMP/seed.json" 2>/dev/null
expect_eq "a header's number is not inferred" "$(jq -r '.doc.number_inferred' "$TMP/seed.json")" "false"

# indexing without a catalogue: the inferred number is searchable
$IDX --quiet --db "$TMP/db1" "$d" 2>"$TMP/ix1.err"
expect_eq "index exit" "$?" 0
expect_eq "so: finds the inferred number" "$($QRY --db "$TMP/db1" --docs --format tsv --limit 0 'so:5526/CT-CS' | awk -F'\t' 'NR>1{print $6}' | xargs -n1 basename | sort -u)" "0761_5526-ct-cs.txt"

# the catalogue: fills in, never overrides
cat >"$TMP/cat.tsv" <<'TSV'
file	number	type	issuer	date	subject
0761_5526-ct-cs.txt	5526/CT-CS	Công văn	Bộ Tài chính	2025-12-01	Chính sách thuế giá trị gia tăng
docs/huong-dan-thue-gia-tri-gia-tang.txt	9999/CT-CS	Công văn	UBND tỉnh Bắc Ninh	2025-10-02	Hướng dẫn thuế
5287-BCD-2020.txt	1/XX	Chỉ thị	Bộ Y tế	1999-01-01	Không phải trích yếu này
TSV
$IDX --quiet --db "$TMP/db2" --catalog "$TMP/cat.tsv" "$d" 2>"$TMP/ix2.err"
expect_eq "index with catalogue exit" "$?" 0
row() { $QRY --db "$TMP/db2" --docs --format tsv --limit 0 "$1" | awk -F'\t' -v OFS='|' 'NR==1{next}{print $1,$2,$3,$4,$5}'; }
expect_eq "catalogue fills a headerless document" "$(row 'so:5526/CT-CS')" \
    "5526/CT-CS|Công văn|Bộ Tài chính|2025-12-01|Chính sách thuế giá trị gia tăng"
expect_eq "catalogue's issuer in its canonical spelling; file matched by base name" "$(row 'so:9999/CT-CS')" \
    "9999/CT-CS|Công văn|Ủy ban nhân dân tỉnh Bắc Ninh|2025-10-02|Hướng dẫn thuế"
expect_eq "the text wins" "$(row 'so:5287/BCĐ' | cut -d'|' -f1-4)" \
    "5287/BCĐ|Công văn|Ủy ban nhân dân thành phố Hải Phòng|2020-08-21"
expect_eq "no catalogue value overrides the text" "$($QRY --db "$TMP/db2" --count 'so:1/XX' | tail -1)" \
    "0 clauses, 0 mentions"
expect_eq "coquan: abbreviation finds the catalogue's issuer" "$($QRY --db "$TMP/db2" --docs --count 'coquan:"UBND tỉnh Bắc Ninh"' | tail -1 | cut -d' ' -f1)" "1"

# bad catalogues: a clear message naming the file and the line, exit 2
printf 'file\tnumber\tdate\nx.txt\t1/A\t2025-13-40\n' >"$TMP/bad1.tsv"
expect_status "bad date" 2 $IDX --quiet --db "$TMP/db3" --catalog "$TMP/bad1.tsv" "$d"
expect_contains "bad date names file and line" "$(cat "$TMP/err")" "bad1.tsv:2: date '2025-13-40' is not YYYY-MM-DD"
printf 'file\tnumber\tdate\nx.txt\t1/A\n' >"$TMP/bad2.tsv"
expect_status "short row" 2 $IDX --quiet --db "$TMP/db3" --catalog "$TMP/bad2.tsv" "$d"
expect_contains "short row names file and line" "$(cat "$TMP/err")" "bad2.tsv:2: 2 columns, the header row has 3"
printf 'name\tnumber\nx.txt\t1/A\n' >"$TMP/bad3.tsv"
expect_status "no file column" 2 $IDX --quiet --db "$TMP/db3" --catalog "$TMP/bad3.tsv" "$d"
expect_contains "no file column named" "$(cat "$TMP/err")" "bad3.tsv:1: the header row has no 'file' column"
expect_status "missing catalogue" 2 $IDX --quiet --db "$TMP/db3" --catalog "$TMP/none.tsv" "$d"
expect_contains "missing catalogue named" "$(cat "$TMP/err")" "none.tsv: No such file or directory"
expect_status "--catalog with --dump" 2 $IDX --dump --catalog "$TMP/cat.tsv" "$d/0761_5526-ct-cs.txt"

finish
