#!/usr/bin/env bash
# Citation roles and entry into force (issue 18): vaitro:/vai trò:/role: restricting to clauses
# holding a citation with that role, ref: with vaitro: in one query asking for the pair (the
# same citation, not two in one clause), hieuluc:/hiệu lực:/effective: on the document's entry
# into force like ngày:, and how --dump, --refs (text, TSV, JSON) and the JSON of results show
# them. On two small documents written here, then on chosen real documents of
# ../shared/corpus-real when present.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c"
cat > "$TMP/c/nd-sua-doi.txt" <<'TXT'
CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 51/2025/NĐ-CP Hà Nội, ngày 01 tháng 3 năm 2025

NGHỊ ĐỊNH
Sửa đổi, bổ sung một số điều của Nghị định số 10/2022/NĐ-CP ngày 15 tháng 01 năm 2022 của Chính phủ
quy định về lệ phí trước bạ

Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
Căn cứ Luật Phí và lệ phí ngày 25 tháng 11 năm 2015;

Chính phủ ban hành Nghị định sửa đổi, bổ sung một số điều của Nghị định số 10/2022/NĐ-CP.

Điều 1. Sửa đổi, bổ sung điểm c khoản 5 Điều 8 Nghị định số 10/2022/NĐ-CP như sau:
“c) Mức thu lệ phí trước bạ theo quy định tại Nghị định số 20/2019/NĐ-CP.”.

Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành kể từ ngày ký ban hành. Nghị định số 20/2019/NĐ-CP ngày 21 tháng
02 năm 2019 của Chính phủ hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành.
TXT
cat > "$TMP/c/qd-thay-the.txt" <<'TXT'
UY BAN NHAN DAN TINH CAO BANG
CONG HOA XA HOI CHU NGHIA VIET NAM

So: 56/2025/QD-UBND Cao Bang, ngay 10 thang 11 nam 2025

QUYET DINH
Ban hanh Quy dinh don gia boi thuong

Can cu Luat Dat dai so 31/2024/QH15 ngay 18 thang 01 nam 2024;

Dieu 1. Ban hanh kem theo Quyet dinh nay Quy dinh don gia boi thuong; ap dung Nghi dinh so
10/2022/ND-CP ve le phi.

Dieu 2. Quyet dinh nay co hieu luc thi hanh sau 10 ngay ke tu ngay ky va thay the Quyet dinh so
52/2024/QD-UBND ngay 30 thang 10 nam 2024 cua Uy ban nhan dan tinh.
TXT
db=$TMP/db
$IDX --quiet --db "$db" "$TMP/c" || fail "indexing failed"
q() { $QRY --db "$db" "$@"; }
files() { q --format tsv --all "$@" | tail -n +2 | cut -f5 | sed 's#.*/##' | sort -u | tr '\n' ' '; }
clauses() { q --format tsv --all "$@" | tail -n +2 | awk -F'\t' '{sub(".*/","",$5); print $5":"$6}' | sort | tr '\n' ' '; }

# ---------------------------------------------------------------- dump
$IDX --dump "$TMP/c/nd-sua-doi.txt" > "$TMP/d1.json" || fail "--dump failed"
valid_json "dump" "$TMP/d1.json"
expect_eq "dump: effective from 'kể từ ngày ký ban hành'" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["doc"]["effective"])' "$TMP/d1.json")" "2025-03-01"
expect_eq "dump: roles of the amending decree" \
    "$(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
print(sorted({(c.get("number") or c.get("name"), c["role"], c["affects"] or "", c["from"] or "") for c in d["citations"]}))' "$TMP/d1.json")" \
    "[('10/2022/NĐ-CP', 'sua_doi', 'd8.5.c', '2025-03-01'), ('20/2019/NĐ-CP', 'dan_chieu', '', ''), ('20/2019/NĐ-CP', 'het_hieu_luc', '', '2025-03-01'), ('Luật Phí và lệ phí', 'can_cu', '', ''), ('Luật Tổ chức Chính phủ', 'can_cu', '', '')]"
$IDX --dump "$TMP/c/qd-thay-the.txt" > "$TMP/d2.json"
expect_eq "dump: 'sau 10 ngày kể từ ngày ký' typed without marks" \
    "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["doc"]["effective"], [(c["number"], c["role"]) for c in d["citations"] if c["role"] == "thay_the"])' "$TMP/d2.json")" \
    "2025-11-20 [('52/2024/QD-UBND', 'thay_the')]"

# ---------------------------------------------------------------- vaitro:
expect_eq "vaitro:sua_doi" "$(clauses 'vaitro:sua_doi')" "nd-sua-doi.txt:d1 nd-sua-doi.txt:h nd-sua-doi.txt:p3 "
expect_eq "vai trò: with its Vietnamese name" "$(clauses 'vai trò:"sửa đổi"')" "$(clauses 'vaitro:sua_doi')"
expect_eq "role: in English" "$(clauses 'role:replaces')" "qd-thay-the.txt:d2 "
expect_eq "vaitro:can_cu, typed without marks too" "$(files 'vaitro:can_cu')" "nd-sua-doi.txt qd-thay-the.txt "
expect_eq "vaitro:het_hieu_luc" "$(clauses 'vaitro:het_hieu_luc')" "nd-sua-doi.txt:d2 "
expect_status "an unknown role is a bad query" 2 q 'vaitro:xoa'
expect_contains "the message names the roles" "$(q 'vaitro:xoa' 2>&1)" "known: can_cu"

# ref: with vaitro: is the pair: 10/2022 is amended by one document and only applied by the other
expect_eq "ref: alone finds both documents" "$(files 'ref:"10/2022/NĐ-CP"')" "nd-sua-doi.txt qd-thay-the.txt "
expect_eq "ref: vaitro:sua_doi finds the amending one" "$(clauses 'ref:"10/2022/NĐ-CP" vaitro:sua_doi')" \
    "nd-sua-doi.txt:d1 nd-sua-doi.txt:h nd-sua-doi.txt:p3 "
# in d1 the clause also cites 20/2019 (in the quoted wording): the pair is not "20/2019 amended"
expect_eq "ref: + vaitro: is one citation, not two in a clause" "$(clauses 'ref:"20/2019/NĐ-CP" vaitro:sua_doi')" ""
expect_eq "ref: + vaitro:het_hieu_luc" "$(clauses 'ref:"20/2019/NĐ-CP" vaitro:het_hieu_luc')" "nd-sua-doi.txt:d2 "
expect_eq "NOT vaitro: keeps the other clauses citing it" "$(clauses 'ref:"10/2022/NĐ-CP" -vaitro:sua_doi')" "qd-thay-the.txt:d1 "

# ---------------------------------------------------------------- hieuluc:
expect_eq "hieuluc:2025" "$(files 'hieuluc:2025')" "nd-sua-doi.txt qd-thay-the.txt "
expect_eq "hiệu lực: a range" "$(files 'hiệu lực:2025-11..2025-12')" "qd-thay-the.txt "
expect_eq "effective: a day" "$(files 'effective:2025-03-01')" "nd-sua-doi.txt "
expect_eq "hieuluc: with text" "$(files 'hieuluc:..2025-06 lệ phí')" "nd-sua-doi.txt "

# ---------------------------------------------------------------- --refs and results
q --refs 51/2025/NĐ-CP > "$TMP/refs.txt"
expect_contains "--refs text: role with affects and from" "$(grep '^10/2022/NĐ-CP' "$TMP/refs.txt" | head -1)" "sua_doi (d8.5.c; 2025-03-01)"
expect_eq "--refs tsv: role, affects, from columns" \
    "$(q --format tsv --refs 51/2025/NĐ-CP | awk -F'\t' 'NR > 1 && $2 == "10/2022/NĐ-CP" {print $10, $11, $12; exit}')" "sua_doi d8.5.c 2025-03-01"
q --format json --refs 51/2025/NĐ-CP > "$TMP/refs.json"
valid_json "--refs json" "$TMP/refs.json"
expect_eq "--refs json: role of each citation" \
    "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted({c["role"] for c in d["citations"]}))' "$TMP/refs.json")" \
    "['can_cu', 'dan_chieu', 'het_hieu_luc', 'sua_doi']"
q --format json 'vaitro:het_hieu_luc' > "$TMP/res.json"
valid_json "results json" "$TMP/res.json"
expect_eq "results json: the clause's cited instruments with role, doc with effective" \
    "$(python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))["results"][0]
print(r["doc"]["effective"], [(c["ref"], c["role"], c["from"]) for c in r["clause"]["cites"]])' "$TMP/res.json")" \
    "2025-03-01 [('20/2019/NĐ-CP', 'het_hieu_luc', '2025-03-01')]"

# ---------------------------------------------------------------- real documents
if have_real; then
    mkdir -p "$TMP/real"
    for f in 0002_158-2025-nd-cp.txt 0001_51-2024-qh15.txt 0040_463-vbhn-bldtbxh.txt 0311_11-2026-tt-btc.txt \
             0268_02-2021-tt-bldtbxh.txt; do
        cp "$REAL/docs/$f" "$TMP/real/"
    done
    rdb=$TMP/rdb
    $IDX --quiet --db "$rdb" "$TMP/real" || fail "indexing the real documents failed"
    rf() { $QRY --db "$rdb" --format tsv --all "$@" | tail -n +2 | cut -f5 | sed 's#.*/##' | sort -u | tr '\n' ' '; }
    expect_eq "real: 115/2015/NĐ-CP ceases by 158/2025/NĐ-CP" "$(rf 'ref:"115/2015/NĐ-CP" vaitro:het_hieu_luc')" "0002_158-2025-nd-cp.txt "
    expect_eq "real: Luật Bảo hiểm y tế amended" "$(rf 'ref:"25/2008/QH12" vaitro:sua_doi')" "0001_51-2024-qh15.txt "
    expect_eq "real: a clause of 30/2023/QH15 repealed" "$(rf 'ref:"30/2023/QH15" vaitro:bai_bo')" "0001_51-2024-qh15.txt "
    expect_eq "real: the VBHN consolidates 34/2016" "$(rf 'ref:"34/2016/TT-BLĐTBXH" vaitro:hop_nhat')" "0040_463-vbhn-bldtbxh.txt "
    expect_eq "real: 295/2016/TT-BTC replaced" "$(rf 'vaitro:thay_the ref:"295/2016/TT-BTC"')" "0311_11-2026-tt-btc.txt "
    expect_eq "real: hiệu lực 2025" "$(rf 'hieuluc:2025')" "0001_51-2024-qh15.txt 0002_158-2025-nd-cp.txt "
    expect_eq "real: 'sau 45 ngày kể từ ngày ký'" "$(rf 'hieuluc:2021-08-08')" "0268_02-2021-tt-bldtbxh.txt "
else
    skip "real corpus absent ($REAL): the real-document part is not run"
fi
finish
