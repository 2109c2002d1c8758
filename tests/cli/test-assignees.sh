#!/usr/bin/env bash
# Assignees: giao:/assignee: (any body a clause gives work to), chủ trì:/chutri:/lead: (only
# the leading one), gửi:/to: (the addressee, a different question), the assignee facet, and
# how dump, JSON, text and TSV show them; on the seed 5287/BCĐ and a letter addressed to
# Sở Tài chính that gives work to it in one item. With ../shared/corpus-real: the values
# over the real corpus are bodies, not sentences.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c"
cp "$ROOT/corpus/5287-BCD-2020.txt" "$TMP/c/"
cat > "$TMP/c/letter.txt" <<'TXT'
ỦY BAN NHÂN DÂN
TỈNH ĐỒNG THÁP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 250/UBND-KT Đồng Tháp, ngày 10 tháng 4 năm 2025
V/v triển khai thực hiện Chỉ thị số 05/CT-TTg

Kính gửi:
- Sở Tài chính;
- Sở Xây dựng;
- Ủy ban nhân dân các huyện, thành phố.

Thực hiện Chỉ thị số 05/CT-TTg ngày 01 tháng 3 năm 2025 của Thủ tướng Chính phủ, Ủy ban nhân
dân tỉnh có ý kiến như sau:

1. Giao Sở Nông nghiệp và Môi trường, Sở Tài chính, Sở Xây dựng rà soát các dự án;
báo cáo Ủy ban nhân dân tỉnh trước ngày 30/4/2025.

2. Công an tỉnh chủ động nắm tình hình, phối hợp với Bộ Chỉ huy Quân sự tỉnh bảo đảm an ninh.

3. Về công tác tuyên truyền:

a) Sở Văn hóa, Thể thao và Du lịch:

- Chủ trì tổ chức tuyên truyền;

- Sở Y tế phối hợp cung cấp thông tin.

Đề nghị các đơn vị khẩn trương thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Trần Văn B
TXT
db=$TMP/db
$IDX --quiet --db "$db" "$TMP/c" || fail "indexing failed"
q() { $QRY --db "$db" "$@"; }
# "file:path" of every result, in result order
fpaths() {
    q --format json --all "$@" > "$TMP/op.json" 2>/dev/null
    python3 -c 'import json,sys,os; d=json.load(open(sys.argv[1])); print(",".join(os.path.basename(r["doc"]["file"]).split("-")[0].split(".")[0]+":"+r["clause"]["path"] for r in d["results"]))' "$TMP/op.json"
}

# ---- giao: any body, chutri: the leading one, gui: the addressee
expect_eq "giao: the lead-in body and its sub-clauses" "$(fpaths 'giao:"Công an thành phố"')" \
    "5287:5,5287:5.1,5287:5.2,5287:5.3,5287:5.4"
expect_eq "giao: a body a sub-clause names itself" "$(fpaths 'giao:"Viện Kiểm sát nhân dân"')" "5287:5.4"
expect_eq "giao:\"Sở Tài chính\": only the item that gives it work, not the letter addressed to it" \
    "$(fpaths 'giao:"Sở Tài chính"')" "letter:1"
expect_eq "gửi:\"Sở Tài chính\": every clause of the letter addressed to it" \
    "$(fpaths 'gửi:"Sở Tài chính"' | tr ',' '\n' | wc -l)" "$(fpaths 'so:250/UBND-KT' | tr ',' '\n' | wc -l)"
expect_eq "giao: a cooperating body" "$(fpaths 'giao:"Bộ Chỉ huy Quân sự tỉnh"')" "letter:2"
expect_status "chutri: not a cooperating body" 1 q 'chutri:"Bộ Chỉ huy Quân sự tỉnh"'
expect_eq "chutri: the leading body" "$(fpaths 'chutri:"Công an tỉnh"')" "letter:2"
expect_eq "chủ trì: (accented, two words) and lead: are chutri:" \
    "$(fpaths 'chủ trì:"cong an tinh"') $(fpaths 'lead:"Công an tỉnh"')" "letter:2 letter:2"
expect_eq "giao: a lettered lead-in and its bullets; chutri: not the cooperating Sở Y tế" \
    "$(fpaths 'giao:"Sở Y tế"') / $(fpaths 'chutri:"Sở Văn hóa, Thể thao và Du lịch"')" \
    "letter:3.a.2 / letter:3.a,letter:3.a.1,letter:3.a.2"
expect_eq "giao: a class as written, abbreviation written out" "$(fpaths 'giao:"Ủy ban nhân dân các quận, huyện"')" \
    "5287:6,5287:c1"
expect_eq "giao: without diacritics" "$(fpaths 'giao:"uy ban nhan dan cac quan"')" "5287:6,5287:c1"
expect_eq "giao: an abbreviation matches the written-out name" "$(fpaths 'giao:"UBND các quận"')" "5287:6,5287:c1"
expect_eq "chutri: BCĐ is Ban Chỉ đạo" "$(fpaths 'chutri:"BCĐ 799"')" "5287:6,5287:c1"

# ---- the facet counts bodies, one per matching clause
q --format json --facets assignee 'so:5287/BCĐ' > "$TMP/f.json"
valid_json "facet json" "$TMP/f.json"
expect_eq "assignee facet" "$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["facets"]["assignee"]; print(dict((v,c) for v,c in f).get("Công an thành phố"), dict((v,c) for v,c in f).get("Tòa án nhân dân"), len(f))' "$TMP/f.json")" "5 1 7"
expect_contains "facet giao in text" "$(q --count --facets giao 'so:250/UBND-KT')" "assignee	3	Sở Văn hóa, Thể thao và Du lịch"
expect_status "unknown facet" 2 q --facets assigne 'tội phạm'

# ---- output: dump, json, text, tsv
$IDX --dump "$TMP/c/letter.txt" > "$TMP/d.json"
expect_eq "dump assignees with roles" \
    "$(python3 -c 'import json,sys; c=[c for c in json.load(open(sys.argv[1]))["clauses"] if c["path"]=="2"][0]; print(c["assignee"], c["assignees"])' "$TMP/d.json")" \
    "Công an tỉnh [{'body': 'Công an tỉnh', 'role': 'chu_tri'}, {'body': 'Bộ Chỉ huy Quân sự tỉnh', 'role': 'phoi_hop'}]"
q --format json 'giao:"Sở Y tế"' > "$TMP/r.json"
expect_eq "json clause.assignees" \
    "$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["results"][0]["clause"]; print([(a["body"], a["role"]) for a in c["assignees"]])' "$TMP/r.json")" \
    "[('Sở Văn hóa, Thể thao và Du lịch', 'chu_tri'), ('Sở Y tế', 'phoi_hop')]"
expect_contains "text: bodies, the cooperating one marked" "$(LANGUAGE= LANG=C.UTF-8 q --color never 'giao:"Sở Y tế"')" \
    "→ Sở Văn hóa, Thể thao và Du lịch, Sở Y tế ("
expect_eq "tsv: the assignee column lists the bodies" \
    "$(q --format tsv 'giao:"Viện Kiểm sát"' | awk -F'\t' 'NR==2 {print $9}')" \
    "Công an thành phố; Viện Kiểm sát nhân dân; Tòa án nhân dân"

# ---- the real corpus: values are bodies
if have_real; then
    ls "$REAL"/docs/* | head -400 | xargs $IDX --dump > "$TMP/real.json" 2>/dev/null
    res=$(python3 - "$TMP/real.json" <<'PY'
import json, sys
s = open(sys.argv[1], encoding="utf-8").read()
dec = json.JSONDecoder(); pos = 0; docs = []
while True:
    while pos < len(s) and s[pos].isspace(): pos += 1
    if pos >= len(s): break
    d, pos = dec.raw_decode(s, pos)
    docs += d if isinstance(d, list) else [d]
vals = [a["body"] for d in docs for c in d["clauses"] for a in c.get("assignees", [])]
clauses = sum(1 for d in docs for c in d["clauses"] if c.get("assignees"))
verbs = [v for v in vals if any(w in v.lower() for w in (" có trách nhiệm", " chịu trách nhiệm", " chủ trì", " phối hợp", " thực hiện"))]
long = [v for v in vals if len(v.split()) > 14]
hf = sum(1 for d in docs for c in d["clauses"] if c["path"] in ("h", "f") and c.get("assignees"))
print(clauses > 2000, len(verbs), len(long) * 100 < len(vals), hf)
PY
)
    expect_eq "real corpus: many clauses with assignees, no verbs kept, few long values, none in h/f" "$res" "True 0 True 0"
else
    skip "real corpus absent ($REAL): value checks skipped"
fi
finish
