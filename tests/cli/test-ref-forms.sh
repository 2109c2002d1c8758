#!/usr/bin/env bash
# ref: as people type it (docs/query-syntax.md, "ref:"): every form finds the
# clauses that cite the instrument and no others; a number shared by two
# documents (--show, --refs, --cites, ref:); --top-cited. Fixtures:
# tests/cli/fixtures/refs (a Công văn and a Báo cáo citing in every form, two
# decisions 97/2025/QĐ-UBND of two provinces, a law found by its name). Then,
# when ../shared/corpus-real is present, the plain-text form on real text and
# corpus/laws.tsv checked against the lines it cites.
. "$(dirname "$0")/lib.sh"

FX=$ROOT/tests/cli/fixtures/refs
db=$TMP/db
(cd "$ROOT" && $IDX --quiet --db "$db" tests/cli/fixtures/refs) || fail "indexing the fixtures failed"
q() { $QRY --db "$db" "$@"; }
# the clauses a query finds, as "file:path" (file without its directory), sorted, space-separated
found() { q --format tsv --all "$@" 2>/dev/null | awk -F'\t' 'NR > 1 { n = split($5, p, "/"); print p[n] ":" $6 }' | sort | tr '\n' ' ' | sed 's/ $//'; }
cv() { local out="" c; for c in "$@"; do out="$out so-cong-van.txt:$c"; done; echo "${out# }"; }

# ---- numbers, whole and in part
expect_eq "ref: the whole number" "$(found 'ref:145/2020/NĐ-CP')" "$(cv 16 3)"
expect_eq "ref: with its type words" "$(found 'ref:"Nghị định 145/2020/NĐ-CP"')" "$(cv 16 3)"
expect_eq "ref: with 'số'" "$(found 'ref:"Nghị định số 145/2020/NĐ-CP"')" "$(cv 16 3)"
expect_eq "ref: folded and lower case" "$(found 'ref:145/2020/nd-cp')" "$(cv 16 3)"
expect_eq "ref: type code + number/year (not the QĐ-TTg of that number)" "$(found 'ref:"NĐ 145/2020"')" "$(cv 16 3)"
expect_eq "ref: type words + number/year" "$(found 'ref:"Nghị định 145/2020"')" "$(cv 16 3)"
expect_eq "ref: number/year, every code" "$(found 'ref:"145/2020"')" "$(cv 16 3 5)"
expect_eq "ref: number without year: every year" "$(found 'ref:145/NĐ-CP')" "$(cv 16 3 4)"
expect_eq "ref: number without year, with type words" "$(found 'ref:"Nghị định 145/NĐ-CP"')" "$(cv 16 3 4)"
expect_eq "ref: another code of that number" "$(found 'ref:145/QĐ-TTg')" "$(cv 5)"
expect_eq "--cites of a number without year: the instruments of every year, listed" \
    "$(q --cites 145/NĐ-CP | grep '^== ' | cut -d, -f1 | tr '\n' ' ')" "== 145/2020/NĐ-CP == 145/2017/NĐ-CP "
expect_eq "--facets ref: the instruments a form matched" "$(q --count --facets ref 'ref:"145/2020"' | grep '^ref' | cut -f3 | tr '\n' ' ')" \
    "145/2020/NĐ-CP 145/2020/QĐ-TTg "
expect_status "ref: a year no citation has: exit 1" 1 q 'ref:"145/2019"'
expect_status "ref: a code no citation has: exit 1" 1 q 'ref:"NĐ 145/2021"'

# ---- pinpoints, in words (before or after the number) or as a path; a point matches its sub-points
expect_eq "ref: pinpoint in words first" "$(found 'ref:"khoản 3 Điều 27 Nghị định 140/2025/NĐ-CP"')" "$(cv 6 7)"
expect_eq "ref: pinpoint in words first, 'của'" "$(found 'ref:"điểm a khoản 3 Điều 27 của Nghị định số 140/2025/NĐ-CP"')" "$(cv 7)"
expect_eq "ref: pinpoint as a path" "$(found 'ref:"140/2025/NĐ-CP d27.3"')" "$(cv 6 7)"
expect_eq "ref: an article matches its clauses and points (not d270)" "$(found 'ref:"140/2025/NĐ-CP d27"')" "$(cv 6 7)"
expect_eq "ref: pinpoint in words after" "$(found 'ref:"Nghị định 140/2025/NĐ-CP Điều 5"')" "$(cv 8)"
expect_eq "ref: pinpoint with a number in part" "$(found 'ref:"khoản 3 Điều 27 Nghị định 140/NĐ-CP"')" "$(cv 6 7)"
expect_eq "ref: no pinpoint: every citation" "$(found 'ref:140/2025/NĐ-CP')" "$(cv 6 7 8 9)"
expect_status "ref: a pinpoint nothing cites: exit 1" 1 q 'ref:"Điều 28 Nghị định 140/2025/NĐ-CP"'

# ---- names: resolved to numbers by corpus/laws.tsv or by the archive; the year picks the version
expect_eq "ref: a name (corpus/laws.tsv: 41/2024/QH15 and 58/2014/QH13)" "$(found 'ref:"Luật Bảo hiểm xã hội"')" "$(cv 10 11)"
expect_eq "ref: a name and a year" "$(found 'ref:"Luật Bảo hiểm xã hội 2024"')" "$(cv 10)"
expect_eq "ref: Luật Đất đai 2024" "$(found 'ref:"Luật Đất đai 2024"')" "$(cv 12)"
expect_eq "ref: Luật Đất đai năm 2013" "$(found 'ref:"Luật Đất đai năm 2013"')" "$(cv 13)"
expect_eq "ref: Luật Đất đai, every version" "$(found 'ref:"Luật Đất đai"')" "$(cv 12 13)"
expect_eq "ref: a name typed without diacritics" "$(found 'ref:"luat dat dai 2024"')" "$(cv 12)"
expect_eq "ref: a name the archive gives a number (LUẬT LƯU TRỮ, 33/2024/QH15)" "$(found 'ref:"Luật Lưu trữ"')" "$(cv 14)"
expect_status "ref: a name nobody cites: exit 1" 1 q 'ref:"Luật Không Có"'
expect_status "ref: a name in a year it has no version: exit 1" 1 q 'ref:"Luật Đất đai 2003"'
# the citation is what is shown: its text is the match
q --format json 'ref:"Luật Đất đai 2024"' >"$TMP/name.json"
expect_eq "ref: by name: the citation is the match" "$(python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))["results"][0]
t = r["text"].encode()
print(" | ".join(t[s:e].decode() for s, e in r["matches"]))' "$TMP/name.json")" "Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024"

# ---- plain text: a symbol among words matches wherever it stands ("số" or not)
expect_eq "text: Nghị định 145/2020/NĐ-CP (written with and without 'số')" "$(found 'Nghị định 145/2020/NĐ-CP')" "$(cv 16 3)"
expect_eq "text: Nghị định số 145/2020/NĐ-CP" "$(found 'Nghị định số 145/2020/NĐ-CP')" "$(cv 3)"
expect_eq "text: a quoted phrase with a symbol" "$(found '"Quyết định 145/2020/QĐ-TTg"')" "$(cv 5)"
expect_status "text: the words must be there too" 1 q 'Thông tư 145/2020/NĐ-CP'

# ---- one number, two documents
two="na-97-2025.txt:h qn-97-2025.txt:h"
q --show 97/2025/QĐ-UBND >"$TMP/show.txt"
expect_eq "--show: both documents, each with its header" "$(grep -c '^97/2025/QĐ-UBND$' "$TMP/show.txt")" 2
expect_contains "--show: Quảng Ninh's" "$(cat "$TMP/show.txt")" "Ủy ban nhân dân tỉnh Quảng Ninh"
expect_contains "--show: Nghệ An's" "$(cat "$TMP/show.txt")" "Ủy ban nhân dân tỉnh Nghệ An"
expect_contains "--show: their files" "$(cat "$TMP/show.txt")" "qn-97-2025.txt"
q --refs 97/2025/QĐ-UBND >"$TMP/refs.txt"
expect_eq "--refs: a header line per document" "$(grep '^# ' "$TMP/refs.txt" | cut -f3,5 | sed 's|tests/cli/fixtures/refs/||' | tr '\t\n' ',;')" \
    "Ủy ban nhân dân tỉnh Nghệ An,na-97-2025.txt;Ủy ban nhân dân tỉnh Quảng Ninh,qn-97-2025.txt;"
expect_eq "--refs: each document's own citations" "$(grep -v '^# ' "$TMP/refs.txt" | cut -f1 | tr '\n' ' ')" "16/2023/QH15 18/2017/QH14 "
q --refs 97/2025/QĐ-UBND --format json >"$TMP/refs.json"
valid_json "--refs json, two documents" "$TMP/refs.json"
expect_eq "--refs json: document, then same_number" "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(d["document"]["issuer"], [c["number"] for c in d["citations"]], [(o["document"]["issuer"], [c["number"] for c in o["citations"]]) for o in d["same_number"]])' "$TMP/refs.json")" \
    "Ủy ban nhân dân tỉnh Nghệ An ['16/2023/QH15'] [('Ủy ban nhân dân tỉnh Quảng Ninh', ['18/2017/QH14'])]"
# a citation is "in archive" only when the document agrees with its issuer or date
q --refs 4321/STC-QLG --format tsv >"$TMP/cv.tsv"
link() { awk -F'\t' -v c="$1" '$6 == c { print $8 " > " $9 }' "$TMP/cv.tsv" | sed 's|tests/cli/fixtures/refs/||g'; }
expect_eq "--refs: cited with Nghệ An's date and name: Nghệ An's" "$(link 1)" "in archive > na-97-2025.txt (Ủy ban nhân dân tỉnh Nghệ An, 2025-11-25)"
expect_eq "--refs: cited with Quảng Ninh's: Quảng Ninh's" "$(link 15)" "in archive > qn-97-2025.txt (Ủy ban nhân dân tỉnh Quảng Ninh, 2025-11-20)"
expect_eq "--refs: a law by number, archived" "$(link 14)" "in archive > luat-luu-tru.txt (Quốc hội, 2024-06-21)"
expect_eq "--refs: not archived" "$(link 3)" "not in archive > -"
expect_eq "--refs tsv: header" "$(head -1 "$TMP/cv.tsv")" "$(printf 'file\tnumber\ttype\tdate\tpinpoint\tclause\tline\tin_archive\tarchived\trole\taffects\tfrom\tstatus')"
q --refs 88/BC-UBND --format json >"$TMP/bc.json"
expect_eq "--refs: cited bare, the number names two: ambiguous, with the candidates" "$(python3 -c 'import json,sys
c = json.load(open(sys.argv[1]))["citations"][0]
print(c["link"], c["in_archive"], sorted(a["issuer"] for a in c["archived"]))' "$TMP/bc.json")" \
    "ambiguous False ['Ủy ban nhân dân tỉnh Nghệ An', 'Ủy ban nhân dân tỉnh Quảng Ninh']"
expect_eq "ref: the shared number: every clause citing either" "$(found 'ref:97/2025/QĐ-UBND')" "bao-cao.txt:1 $(cv 1 15 2)"
q --cites 97/2025/QĐ-UBND >"$TMP/cites.txt"
expect_eq "--cites: grouped by the instrument cited" "$(grep '^== ' "$TMP/cites.txt" | sed 's|tests/cli/fixtures/refs/||g')" \
"$(printf '%s\n' "== 97/2025/QĐ-UBND: ambiguous: na-97-2025.txt, qn-97-2025.txt" \
    "== 97/2025/QĐ-UBND, Ủy ban nhân dân tỉnh Nghệ An, 2025-11-25: in archive: na-97-2025.txt — in force" \
    "== 97/2025/QĐ-UBND, Ủy ban nhân dân tỉnh Quảng Ninh, 2025-11-20: in archive: qn-97-2025.txt — in force")"
expect_eq "--cites: each clause under its instrument" "$(awk '/^== /{ g = $0 ~ /Quảng Ninh/ ? "QN" : $0 ~ /ambiguous/ ? "?" : "NA" } /^  [0-9]+\. /{ print g, $1 }' "$TMP/cites.txt" | tr '\n' ' ')" \
    "? 1. NA 1. NA 2. QN 15. "

# ---- --top-cited: documents and clauses, the number as written, type, title when archived
q --top-cited 2 >"$TMP/top.txt"
expect_eq "--top-cited: by citing documents, then clauses" "$(cut -f1-4 "$TMP/top.txt")" \
    "$(printf '2\t4\t97/2025/QĐ-UBND\tQuyết định\n1\t4\t140/2025/NĐ-CP\tNghị định')"
expect_eq "--top-cited: no title for a number that names two documents" "$(head -1 "$TMP/top.txt" | cut -f5)" "-"
expect_eq "--top-cited: the title of the archived document" "$(q --top-cited 100 | awk -F'\t' '$3 == "33/2024/QH15" { print $5 }')" "Lưu trữ"
q --top-cited 3 --format json >"$TMP/top.json"
valid_json "--top-cited json" "$TMP/top.json"
expect_eq "--top-cited json" "$(python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["top_cited"][:2]: print(c["ref"], c["key"], c["type"], c["archived"], c["documents"], c["clauses"])' "$TMP/top.json")" \
    "$(printf '97/2025/QĐ-UBND 97/2025/qd-ubnd Quyết định 2 2 4\n140/2025/NĐ-CP 140/2025/nd-cp Nghị định 0 1 4')"
expect_eq "--top-cited tsv: header" "$(q --top-cited 1 --format tsv | head -1)" "$(printf 'documents\tclauses\tref\ttype\ttitle\tarchived')"

# ---- on real text
if have_real; then
    rdb=$TMP/real
    $IDX --quiet --db "$rdb" "$REAL/docs" 2>/dev/null
    rq() { $QRY --db "$rdb" --format tsv --all "$@" 2>/dev/null | awk -F'\t' 'NR > 1 { print $5 ":" $6 }' | sort; }
    rq 'Nghị định số 145/2020/NĐ-CP' >"$TMP/with"
    rq 'Nghị định 145/2020/NĐ-CP' >"$TMP/without"
    expect_eq "real: 'Nghị định số 145/2020/NĐ-CP' finds clauses" "$([ -s "$TMP/with" ] && echo yes)" yes
    expect_eq "real: without 'số' finds every clause found with it" "$(comm -23 "$TMP/with" "$TMP/without" | wc -l)" 0
    expect_eq "real: ref: with type words = the bare number" "$(rq 'ref:"Nghị định 145/2020/NĐ-CP"' | md5sum)" "$(rq 'ref:145/2020/NĐ-CP' | md5sum)"
    # every row of corpus/laws.tsv: the line it gives states that name and number
    bad=$(python3 - "$ROOT/corpus/laws.tsv" "$ROOT/../shared" <<'PY'
import re, sys, unicodedata
for row in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]:
    if row.startswith("#"):
        continue
    name, year, number, date, src = row.split("\t")
    f, line = src.rsplit(":", 1)
    lines = open(sys.argv[2] + "/" + f, encoding="utf-8", errors="replace").read().split("\n")
    k = int(line) - 1
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", " ".join(lines[max(k - 1, 0):k + 2])))
    if name + " số " + number not in text:
        print(name, number, src, "not stated there")
    if "/" + year + "/" not in number:
        print(name, number, "year", year)
    if date and not re.search(r"số %s ngày 0?%d tháng 0?%d năm %s" % (re.escape(number), int(date[8:]), int(date[5:7]), date[:4]), text):
        print(name, number, "date", date, "not stated there")
PY
)
    expect_eq "corpus/laws.tsv: every row stated by the text it cites" "$bad" ""
    expect_eq "corpus/laws.tsv: 30 to 60 rows" "$(awk -F'\t' 'NR > 1 && !/^#/' "$ROOT/corpus/laws.tsv" | wc -l | awk '$1 >= 30 && $1 <= 60 { print "ok" }')" ok
else
    skip "../shared/corpus-real not present: plain text and corpus/laws.tsv on real text not checked"
fi

echo "test-ref-forms.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
