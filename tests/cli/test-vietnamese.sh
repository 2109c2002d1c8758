#!/usr/bin/env bash
# Text for people in Vietnamese when the locale is (LC_ALL, LC_MESSAGES, LANG: the first set;
# "vi…"), English otherwise; machine formats never change with the locale. Clause labels are in
# legal order whatever the locale: "điểm a khoản 2 Điều 1".
. "$(dirname "$0")/lib.sh"

$IDX --quiet --db "$TMP/db" "$ROOT/corpus" || fail "indexing corpus/"
vi() { env -u LC_ALL -u LC_MESSAGES LANG=vi_VN.UTF-8 $QRY --db "$TMP/db" "$@"; }
en() { env -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 $QRY --db "$TMP/db" "$@"; }

expect_eq "vi: --count" "$(vi --count 'tín dụng đen')" "3 đoạn, 3 lần xuất hiện"
expect_eq "en: --count" "$(en --count 'tín dụng đen')" "3 clauses, 3 mentions"
expect_eq "LC_ALL wins over LANG" "$(env LC_ALL=vi_VN.UTF-8 LANG=C $QRY --db "$TMP/db" --count 'tín dụng đen')" "3 đoạn, 3 lần xuất hiện"
expect_eq "LC_MESSAGES wins over LANG" "$(env -u LC_ALL LC_MESSAGES=en_US.UTF-8 LANG=vi_VN.UTF-8 $QRY --db "$TMP/db" --count 'tín dụng đen')" "3 clauses, 3 mentions"
expect_eq "vi: --docs --count" "$(vi --docs --count 'tín dụng đen')" "1 văn bản, 3 đoạn, 3 lần xuất hiện"
# the document line: the date as Vietnamese write it, and the subject (trích yếu)
expect_eq "vi: the document line" "$(vi --limit 1 'tín dụng đen' 2>/dev/null | head -1)" \
    "5287/BCĐ · Công văn · Ban Chỉ đạo 799 (Ủy ban nhân dân thành phố Hải Phòng) · 21/8/2020 — tăng cường công tác phòng, chống tội phạm 6 tháng cuối năm 2020"
expect_eq "en: the document line keeps the ISO date" "$(en --limit 1 'tín dụng đen' 2>/dev/null | head -1 | sed 's/ — .*//')" \
    "5287/BCĐ · Công văn · Ban Chỉ đạo 799 (Ủy ban nhân dân thành phố Hải Phòng) · 2020-08-21"
vi --limit 1 'tín dụng đen' >/dev/null 2>"$TMP/err"
expect_eq "vi: the note on stderr" "$(cat "$TMP/err")" "vanban-query: hiển thị 1 trên 3 đoạn khớp (--limit, --all)"
expect_contains "vi: --refs says whether a cited instrument is archived" "$(vi --refs 5287/BCĐ)" "không có trong kho"
expect_contains "vi: --show names the fields in Vietnamese" "$(vi --show 5287/BCĐ)" "trích yếu:    tăng cường công tác"
expect_contains "vi: --show dates" "$(vi --show 5287/BCĐ)" "ngày:         21/8/2020"
for fmt in json jsonl tsv; do
    expect_eq "$fmt does not change with the locale" "$(vi --format $fmt --limit 2 'tín dụng đen' 2>/dev/null | md5sum)" \
        "$(en --format $fmt --limit 2 'tín dụng đen' 2>/dev/null | md5sum)"
done

# ---------------------------------------------------------------- labels in legal order
mkdir -p "$TMP/nd"
cat > "$TMP/nd/nd.txt" <<'DOC'
CHÍNH PHỦ

Số: 99/2024/NĐ-CP

Hà Nội, ngày 1 tháng 7 năm 2024

NGHỊ ĐỊNH
Quy định thử nghiệm

Điều 1. Phạm vi điều chỉnh
1. Nghị định này quy định việc thử nghiệm.
2. Các trường hợp sau đây:
a) Trường hợp thứ nhất;
b) Trường hợp thứ hai.
Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày ký.
DOC
$IDX --quiet --db "$TMP/nd.db" "$TMP/nd"
labels=$(env -u LC_ALL LANG=vi_VN.UTF-8 $QRY --db "$TMP/nd.db" --format tsv --show 99/2024/NĐ-CP | awk -F'\t' 'NR > 1 && $3 ~ /^d/ {print $3 "=" $4}' | paste -sd'|')
expect_eq "labels in legal order" "$labels" "d1=Điều 1|d1.1=khoản 1 Điều 1|d1.2=khoản 2 Điều 1|d1.2.a=điểm a khoản 2 Điều 1|d1.2.b=điểm b khoản 2 Điều 1|d2=Điều 2"
expect_eq "the seed's items keep their order: mục 5, ý 2" \
    "$($QRY --db "$TMP/db" --format json --show '5287/BCĐ 5.2' | python3 -c 'import json,sys; print(json.load(sys.stdin)["clauses"][0]["clause"]["label"])')" "mục 5, ý 2"
finish
