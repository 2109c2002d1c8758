#!/usr/bin/env bash
# --status on the real corpus (issue 18, docs/status.md): what the archive's own
# documents say of an instrument, and of one article. The cases were found by
# reading the corpus:
#   amended          12/2022/TT-BLĐTBXH: Điều 8 of 12/2024/TT-BLĐTBXH amends its Điều 5 and
#                    khoản 1 Điều 6; 09/2022/TT-BLĐTBXH: 02/2023/TT-BLĐTBXH amends its Điều 1,
#                    and 1676/VBHN-BLĐTBXH consolidates it
#   replaced         19/2022/TT-BKHĐT: khoản 1 Điều 7 of 03/2025/TT-BKHĐT ("có hiệu lực thi hành
#                    kể từ ngày 01 tháng 4 năm 2025 và thay thế Thông tư số 19/2022/TT-BKHĐT")
#   partly repealed  07/2023/TT-BLĐTBXH: khoản 1 Điều 2 of 10/2024/TT-BLĐTBXH ("Bãi bỏ Điều 17,
#                    Điều 18, Điều 19 và khoản 1 Điều 20 Thông tư số 07/2023/TT-BLĐTBXH")
#   repealed         32/2023/QĐ-UBND (not archived): 2828/QĐ-UBND of Hồ Chí Minh City repeals it
#   expired          29/2021/TT-BLĐTBXH: khoản 2 Điều 6 of 03/2025/TT-BLĐTBXH ("hết hiệu lực kể từ
#                    ngày Thông tư này có hiệu lực", 1/4/2025)
#   unknown          146/2020/NĐ-CP: neither archived nor cited (checked first with ref:)
#   one number, two  97/2025/QĐ-UBND: Quảng Ninh (20/11/2025) and Nghệ An (25/11/2025);
#   documents        2828/QĐ-UBND: Hồ Chí Minh City and Quảng Trị
# VANBAN_STATUS_DB=PATH uses an index of the real corpus already built.
. "$(dirname "$0")/lib.sh"

# ---- two small decisions of tests/cli/fixtures: 30/2025/QĐ-UBND amends khoản 2 Điều 2 of
# 12/2024/QĐ-UBND, repeals its Điều 3 and replaces 05/2020/QĐ-UBND (not in the archive)
fdb=$TMP/fdb
(cd "$ROOT" && $IDX --quiet --db "$fdb" tests/cli/fixtures/status-goc.txt tests/cli/fixtures/status-sua.txt) ||
    fail "indexing the fixtures"
fst() { $QRY --db "$fdb" --format json --status "$@" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["status"])'; }
expect_eq "fixture: partly repealed" "$(fst 12/2024/QĐ-UBND)" partly_repealed
expect_eq "fixture: khoản 2 Điều 2 amended" "$(fst 12/2024/QĐ-UBND d2.2)" amended
expect_eq "fixture: Điều 2 amended in part" "$(fst 12/2024/QĐ-UBND d2)" amended
expect_eq "fixture: khoản 1 Điều 2 is the text" "$(fst 12/2024/QĐ-UBND d2.1)" in_force
expect_eq "fixture: Điều 3 repealed" "$(fst 12/2024/QĐ-UBND 'Điều 3')" repealed
expect_eq "fixture: Điều 1 is the text" "$(fst 12/2024/QĐ-UBND d1)" in_force
expect_eq "fixture: the amending decision itself" "$(fst 30/2025/QĐ-UBND)" in_force
expect_eq "fixture: replaced, not archived" "$($QRY --db "$fdb" --format json --status 05/2020/QĐ-UBND |
    python3 -c 'import json,sys; d=json.load(sys.stdin); i=d["instruments"][0]; print(d["status"], i["in_archive"], i["since"], i["issuer"])')" \
    "replaced False 2025-06-20 Ủy ban nhân dân tỉnh Bình Định"
expect_eq "fixture: the evidence of the repeal" "$($QRY --db "$fdb" --format json --status 12/2024/QĐ-UBND d3 |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print([(r["document"]["number"], r["clause"], r["line"], r["from"]) for r in d["instruments"][0]["relations"] if r["role"] == "bai_bo"])')" \
    "[('30/2025/QĐ-UBND', 'd1.2', 24, '2025-06-20')]"
expect_status "fixture: unknown, exit 1" 1 $QRY --db "$fdb" --status 05/2021/QĐ-UBND

if ! have_real; then
    skip "real corpus absent ($REAL): --status is not checked on real documents"
    finish
    exit $?
fi

# indexed from the project directory, as docs/status.md shows the files
db=${VANBAN_STATUS_DB:-}
if [ -z "$db" ]; then
    db=$TMP/db
    (cd "$ROOT" && $IDX --quiet --db "$db" ../shared/corpus-real/docs) || fail "indexing the real corpus"
fi
q() { $QRY --db "$db" "$@"; }
# js FILE EXPR : a Python expression over the JSON answer d
js() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
# one instrument's status and its changing relations, as "role number affects from" lines
changes() {
    python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
for i in d["instruments"]:
    for r in i["relations"]:
        if r["role"] in ("sua_doi","thay_the","bai_bo","het_hieu_luc"):
            print(r["role"], r["document"]["number"], ",".join(r["affects"] or ["-"]), r["from"] or "-")' "$1"
}

# ---- amended
q --format json --status 12/2022/TT-BLĐTBXH >"$TMP/a.json"
expect_eq "amended: status" "$(js "$TMP/a.json" 'd["status"]')" amended
expect_eq "amended: archived, one instrument" "$(js "$TMP/a.json" '[i["in_archive"] for i in d["instruments"]]')" "[True]"
expect_contains "amended: by 12/2024/TT-BLĐTBXH, Điều 5 among the parts" "$(changes "$TMP/a.json")" "sua_doi 12/2024/TT-BLĐTBXH d5"
ev=$(js "$TMP/a.json" '[(r["clause"], r["label"], r["line"] > 0, r["document"]["file"].endswith("12-2024-tt-bldtbxh.txt")) for r in d["instruments"][0]["relations"] if r["role"] == "sua_doi"][0]')
expect_eq "amended: the evidence is Điều 8 of the amending document" "$ev" "('d8', 'Điều 8', True, True)"
expect_eq "amended: from its entry into force" "$(js "$TMP/a.json" '[r["from"] for r in d["instruments"][0]["relations"] if r["role"] == "sua_doi"][0]')" \
    "$(q --format json --show 12/2024/TT-BLĐTBXH h | python3 -c 'import json,sys; print(json.load(sys.stdin)["clauses"][0]["doc"]["effective"])')"
expect_status "amended: exit 0" 0 q --status 12/2022/TT-BLĐTBXH
# per article: Điều 5 amended, khoản 1 Điều 6 amended (and Điều 6 in part), Điều 2 untouched
for pin in d5 d6.1 d6; do
    expect_eq "amended: $pin" "$(q --format json --status 12/2022/TT-BLĐTBXH $pin | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" amended
done
expect_eq "amended: d2 is the text" "$(q --format json --status 12/2022/TT-BLĐTBXH d2 | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" in_force
expect_eq "one argument as two" "$(q --format json --status '12/2022/TT-BLĐTBXH d5')" "$(q --format json --status 12/2022/TT-BLĐTBXH d5)"
expect_eq "'Điều 5' as d5" "$(q --format json --status 12/2022/TT-BLĐTBXH 'Điều 5' | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["pinpoint"], d["status"])')" "d5 amended"

# amended, consolidated, then ended: 169/QĐ-BLĐTBXH publishes it among the instruments that
# have ceased to have effect ("Danh mục văn bản quy phạm pháp luật hết hiệu lực")
q --format json --status 09/2022/TT-BLĐTBXH >"$TMP/a2.json"
expect_contains "amended 2: its Điều 1, by 02/2023/TT-BLĐTBXH" "$(changes "$TMP/a2.json")" "sua_doi 02/2023/TT-BLĐTBXH d1"
expect_contains "amended 2: consolidated in 1676/VBHN-BLĐTBXH" \
    "$(js "$TMP/a2.json" '[r["document"]["number"] for r in d["instruments"][0]["relations"] if r["role"] == "hop_nhat"]')" "1676/VBHN-BLĐTBXH"
expect_eq "amended 2: then ended, by the list of 169/QĐ-BLĐTBXH" \
    "$(js "$TMP/a2.json" '(d["status"] in ("expired", "repealed"), [r["document"]["number"] for r in d["instruments"][0]["relations"] if r["role"] in ("het_hieu_luc", "bai_bo")])')" \
    "(True, ['169/QĐ-BLĐTBXH'])"
expect_eq "amended 2: the end covers Điều 2" "$(q --format json --status 09/2022/TT-BLĐTBXH d2 | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" \
    "$(js "$TMP/a2.json" 'd["status"]')"

# ---- replaced
q --format json --status 19/2022/TT-BKHĐT >"$TMP/r.json"
expect_eq "replaced: status and since" "$(js "$TMP/r.json" '(d["status"], d["instruments"][0]["since"])')" "('replaced', '2025-04-01')"
expect_contains "replaced: by 03/2025/TT-BKHĐT" "$(changes "$TMP/r.json")" "thay_the 03/2025/TT-BKHĐT - 2025-04-01"
expect_eq "replaced: the evidence clause" "$(js "$TMP/r.json" '[(r["clause"], r["label"]) for r in d["instruments"][0]["relations"] if r["role"] == "thay_the"][0]')" "('d7.1', 'khoản 1 Điều 7')"
expect_eq "replaced: every article with it" "$(q --format json --status 19/2022/TT-BKHĐT d3 | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" replaced
env LC_ALL=vi_VN.UTF-8 $QRY --db "$db" --status 19/2022/TT-BKHĐT >"$TMP/r.txt" 2>/dev/null
expect_contains "replaced: Vietnamese text" "$(cat "$TMP/r.txt")" "tình trạng: đã bị thay thế từ 1/4/2025"
expect_contains "replaced: Vietnamese text names the replacing document" "$(cat "$TMP/r.txt")" "bị thay thế bởi 03/2025/TT-BKHĐT"
expect_contains "replaced: says what it cannot know" "$(cat "$TMP/r.txt")" "chỉ theo các văn bản trong kho này"

# ---- partly repealed
q --format json --status 07/2023/TT-BLĐTBXH >"$TMP/p.json"
expect_eq "partly repealed: status" "$(js "$TMP/p.json" 'd["status"]')" partly_repealed
expect_contains "partly repealed: Điều 17-19 and khoản 1 Điều 20 by 10/2024/TT-BLĐTBXH, one relation" "$(changes "$TMP/p.json")" \
    "bai_bo 10/2024/TT-BLĐTBXH d17,d18,d19,d20.1 2024-12-10"
for pin in d17 d18 d19 d20.1; do
    expect_eq "partly repealed: $pin repealed" "$(q --format json --status 07/2023/TT-BLĐTBXH $pin | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" repealed
done
expect_eq "partly repealed: d20.2 not repealed" "$(q --format json --status 07/2023/TT-BLĐTBXH d20.2 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["status"] != "repealed")')" True
expect_eq "partly repealed: d3 not repealed" "$(q --format json --status 07/2023/TT-BLĐTBXH d3 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["status"] in ("in_force", "amended"))')" True

# ---- repealed whole, by a document whose number another document shares
q --format json --status 32/2023/QĐ-UBND >"$TMP/x.json"
expect_eq "repealed: status" "$(js "$TMP/x.json" 'd["status"]')" repealed
expect_eq "repealed: not archived, as cited" "$(js "$TMP/x.json" 'd["instruments"][0]["in_archive"]')" False
expect_eq "repealed: by the Hồ Chí Minh City 2828/QĐ-UBND" \
    "$(js "$TMP/x.json" '[(r["document"]["number"], "Hồ Chí Minh" in (r["document"]["issuer"] or "")) for r in d["instruments"][0]["relations"] if r["role"] == "bai_bo"][0]')" \
    "('2828/QĐ-UBND', True)"
# the same status beside the citation in --refs of the repealing document
q --format json --refs 2828/QĐ-UBND >"$TMP/refs.json"
expect_contains "--refs: the cited instrument's status" \
    "$(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
docs=[d]+d.get("same_number",[])
print([c["status"] for x in docs for c in x["citations"] if c["number"]=="32/2023/QĐ-UBND"])' "$TMP/refs.json")" "'repealed'"
# --cites: each group of citing clauses says what became of the instrument
expect_eq "--cites: the group tells the status" "$(q --cites 19/2022/TT-BKHĐT | grep '^== ' | sed 's/.*: //')" \
    "../shared/corpus-real/docs/0388_19-2022-tt-bkhdt.txt — replaced from 2025-04-01"
# a law cited by name without its year (158/2025/NĐ-CP: "quy định chi tiết … Luật Bảo hiểm xã
# hội"): a name that two laws bear, cited by this very document, is never "unknown"
q --format json --refs 158/2025/NĐ-CP >"$TMP/refs158.json"
expect_eq "--refs: a law by name without year is not unknown" "$(python3 -c '
import json,sys
d = json.load(open(sys.argv[1])); docs = [d] + d.get("same_number", [])
s = sorted(set(c["status"] for x in docs for c in x["citations"] if c.get("name") == "Luật Bảo hiểm xã hội" and not c.get("date")))
print(len(s) > 0, "unknown" in s)' "$TMP/refs158.json")" "True False"
expect_contains "--refs tsv: a status column" "$(q --format tsv --refs 2828/QĐ-UBND | head -1)" "$(printf '\tstatus')"
# and in results where a clause cites it
q --format json --limit 50 'ref:"32/2023/QĐ-UBND"' >"$TMP/res.json"
expect_contains "results: the cited instrument's status" \
    "$(js "$TMP/res.json" '[c.get("status") for r in d["results"] for c in r["clause"].get("cites", []) if c["ref"] == "32/2023/QĐ-UBND"]')" "'repealed'"

# ---- cases of the hand-read reference (tests/ref/README.md, "For the status tests")
st_of() { q --format json --status "$@" | python3 -c 'import json,sys; d=json.load(sys.stdin); i=(d["instruments"] or [{}])[0]; print(d["status"], i.get("since"))'; }
expect_eq "ref: 295/2016/TT-BTC replaced from 2026-03-27" "$(st_of 295/2016/TT-BTC)" "replaced 2026-03-27"
expect_contains "ref: by 11/2026/TT-BTC" "$(q --format json --status 295/2016/TT-BTC >"$TMP/f.json"; changes "$TMP/f.json")" "thay_the 11/2026/TT-BTC"
expect_eq "ref: 72/2011/TTLT-BTC-BGTVT repealed whole from 2026-02-20" "$(st_of 72/2011/TTLT-BTC-BGTVT)" "repealed 2026-02-20"
expect_eq "ref: 58/2020/NĐ-CP khoản 2 Điều 4 repealed" "$(st_of 58/2020/NĐ-CP d4.2)" "repealed 2025-07-01"
expect_eq "ref: 58/2020/NĐ-CP khoản 1 Điều 4 amended" "$(st_of 58/2020/NĐ-CP d4.1)" "amended None"
expect_eq "ref: 58/2020/NĐ-CP partly repealed" "$(st_of 58/2020/NĐ-CP)" "partly_repealed None"
# the same digits under another symbol are another instrument
q --format json --status 10/2022/NĐ-CP >"$TMP/n.json"
expect_contains "ref: 10/2022/NĐ-CP amended by 51/2025/NĐ-CP (d8.5.c)" "$(changes "$TMP/n.json")" "sua_doi 51/2025/NĐ-CP d8.5.c 2025-03-01"
expect_eq "ref: none of 10/2022/TT-BKHĐT's relations" \
    "$(js "$TMP/n.json" '[r["document"]["number"] for i in d["instruments"] for r in i["relations"] if "BKHĐT" in (r["document"]["number"] or "")]')" "[]"
expect_eq "ref: and not the other way" \
    "$(q --format json --status 10/2022/TT-BKHĐT | python3 -c 'import json,sys; d=json.load(sys.stdin); print([r["document"]["number"] for i in d["instruments"] for r in i["relations"] if r["document"]["number"] == "51/2025/NĐ-CP"])')" "[]"

# ---- a law by name: with its year the laws of that year (2025 has two of that name, 65/2025/QH15
# and 72/2025/QH15); without it, the laws of 2015 and 2025 are both cited: which, the text does not say
expect_eq "name and year: only instruments of that year" \
    "$(q --format json --status 'Luật Tổ chức chính quyền địa phương 2025' | python3 -c 'import json,sys; d=json.load(sys.stdin); i=d["instruments"]; print(len(i) > 0 and all((x["date"] or "").startswith("2025") or "/2025/" in (x["number"] or "") for x in i))')" True
expect_eq "name without a year: ambiguous, not unknown" \
    "$(q --format json --status 'Luật Tổ chức chính quyền địa phương' | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["status"], d["ambiguous_citations"] > 0)')" "ambiguous True"
expect_status "name without a year: exit 0" 0 q --status 'Luật Tổ chức chính quyền địa phương'

# ---- expired
q --format json --status 29/2021/TT-BLĐTBXH >"$TMP/e.json"
expect_eq "expired: status and since" "$(js "$TMP/e.json" '(d["status"], d["instruments"][0]["since"])')" "('expired', '2025-04-01')"
expect_contains "expired: by 03/2025/TT-BLĐTBXH" "$(changes "$TMP/e.json")" "het_hieu_luc 03/2025/TT-BLĐTBXH"

# ---- unknown: never mentioned, not archived; never "in force"
expect_eq "unknown: nothing cites it" "$(q --count 'ref:146/2020/NĐ-CP')" "0 clauses, 0 mentions"
expect_status "unknown: exit 1" 1 q --status 146/2020/NĐ-CP
q --format json --status 146/2020/NĐ-CP >"$TMP/u.json"
expect_eq "unknown: status" "$(js "$TMP/u.json" '(d["status"], d["instruments"])')" "('unknown', [])"
expect_contains "unknown: the text says so" "$(q --status 146/2020/NĐ-CP)" "unknown"
expect_not_contains "unknown: not in force" "$(q --status 146/2020/NĐ-CP)" "in force"

# ---- one number, two documents: each its own instrument
q --format json --status 97/2025/QĐ-UBND >"$TMP/s.json"
expect_eq "shared number: ambiguous as a whole" "$(js "$TMP/s.json" 'd["status"]')" ambiguous
expect_eq "shared number: told apart by issuer and date" \
    "$(js "$TMP/s.json" 'sorted(("Quảng Ninh" in i["issuer"], "Nghệ An" in i["issuer"], i["date"]) for i in d["instruments"])')" \
    "[(False, True, '2025-11-25'), (True, False, '2025-11-20')]"
expect_eq "shared number: two files" "$(js "$TMP/s.json" 'len({i["file"] for i in d["instruments"]})')" 2
q --format json --status 2828/QĐ-UBND >"$TMP/s2.json"
expect_eq "shared number 2: two instruments" "$(js "$TMP/s2.json" 'sorted(("Hồ Chí Minh" in i["issuer"]) for i in d["instruments"])')" "[False, True]"

# ---- formats
q --format tsv --status 19/2022/TT-BKHĐT >"$TMP/r.tsv"
expect_eq "tsv: header" "$(head -1 "$TMP/r.tsv")" \
    "$(printf 'number\tissuer\tdate\tfile\tstatus\tsince\trole\tby_number\tby_issuer\tby_date\tby_file\tclause\tlabel\tline\taffects\tfrom')"
expect_contains "tsv: the replacement row" "$(grep -P '\tthay_the\t' "$TMP/r.tsv")" "$(printf 'replaced\t2025-04-01\tthay_the\t03/2025/TT-BKHĐT')"
q --format jsonl --status 19/2022/TT-BKHĐT >"$TMP/r.jsonl"
expect_eq "jsonl: one line, the json answer" "$(wc -l <"$TMP/r.jsonl")" 1
expect_eq "jsonl: same object as json" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])) == json.loads(open(sys.argv[2]).read()))' "$TMP/r.json" "$TMP/r.jsonl")" True
expect_status "usage: --status with --refs" 2 q --status 1/X --refs 1/X

# ---- the hand-read reference (tests/ref/relations.tsv): every relation that changes or
# consolidates an instrument shows in --status under that instrument, from the document
# the reference names, with its date; at least 95 % of them (the roles are read from text)
python3 - "$ROOT/tests/ref/relations.tsv" "$BUILD/bin/vanban-query" "$db" >"$TMP/refeval" <<'PY'
import json, subprocess, sys
rows, cache, hit, dated, dated_ok = [], {}, 0, 0, 0
for line in open(sys.argv[1], encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if line.startswith("#") or f[0] == "file" or len(f) < 6: continue
    if f[2] in ("sua_doi", "thay_the", "bai_bo", "het_hieu_luc", "hop_nhat"): rows.append(f)
for file, cited, role, affects, frm in (r[:5] for r in rows):
    if cited not in cache:
        out = subprocess.run([sys.argv[2], "--db", sys.argv[3], "--format", "json", "--status", cited],
                             capture_output=True, text=True).stdout
        cache[cited] = json.loads(out) if out else {"instruments": []}
    rel = [r for i in cache[cited]["instruments"] for r in i["relations"]
           if r["role"] == role and (r["document"]["file"] or "").endswith("/" + file)]
    hit += bool(rel)
    if rel and frm:
        dated += 1
        dated_ok += any(r["from"] == frm for r in rel)
print(len(rows), hit, dated, dated_ok)
PY
read -r nref nhit ndated ndok <"$TMP/refeval"
echo "reference relations shown by --status: $nhit of $nref; dates right: $ndok of $ndated"
[ "${nref:-0}" -ge 40 ] && ok || fail "reference: only ${nref:-0} changing relations read"
[ $((nhit * 100)) -ge $((${nref:-1} * 95)) ] && ok || fail "reference: --status shows $nhit of $nref relations (want 95 %)"
[ $((ndok * 100)) -ge $((${ndated:-1} * 95)) ] && ok || fail "reference: dates right $ndok of $ndated (want 95 %)"

# ---- the status a result shows for a cited instrument (--refs, search results) is read
# from the documents that change it only (vb_index_legal_changes): it must be what
# --status, which reads every citing document, says. Every citation in twenty-five documents
# that change others: a number that is one instrument (no citation of it agreeing with
# several archived documents), and a law cited by name (with its year when the citation
# gives one) that names one instrument.
q --docs --limit 0 --format tsv 'vaitro:sua_doi OR vaitro:thay_the OR vaitro:bai_bo OR vaitro:het_hieu_luc' 2>/dev/null |
    tail -n +2 | cut -f1 | sort -u | head -25 >"$TMP/changers.txt"
mkdir -p "$TMP/refs" "$TMP/st"
i=0
while read -r n; do i=$((i + 1)); q --format json --refs "$n" >"$TMP/refs/$i.json" 2>/dev/null; done <"$TMP/changers.txt"
# the --status question of a citation, as the results ask it
cat >"$TMP/asked.py" <<'PY'
def asked(c):
    if c.get("number"):
        return c["number"]
    if c.get("name"):
        return c["name"] + (" " + c["date"][:4] if c.get("date") and len(c["date"]) >= 4 else "")
    return None
PY
PYTHONPATH="$TMP" python3 - "$TMP/refs" >"$TMP/cited.txt" <<'PY'
import json, sys, glob
from asked import asked
seen = set()
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    for c in json.load(open(f)).get("citations", []):
        a = asked(c)
        if a and a not in seen:
            seen.add(a); print(a)
PY
while read -r n; do q --format json --status "$n" >"$TMP/st/$(printf '%s' "$n" | md5sum | cut -c1-12).json" 2>/dev/null; done <"$TMP/cited.txt"
res=$(PYTHONPATH="$TMP" python3 - "$TMP/refs" "$TMP/st" <<'PY'
import json, sys, glob, hashlib
from asked import asked
numbers, names, changed, bad = 0, 0, 0, []
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    d = json.load(open(f))
    for c in d.get("citations", []):
        a = asked(c)
        if not a:
            continue
        s = json.load(open(sys.argv[2] + "/" + hashlib.md5(a.encode()).hexdigest()[:12] + ".json"))
        if len(s.get("instruments", [])) != 1 or (c.get("number") and s.get("ambiguous_citations")):
            continue
        if c.get("number"): numbers += 1
        else: names += 1
        changed += c["status"] not in ("in_force", "unknown")
        if c["status"] != s["instruments"][0]["status"]:
            bad.append(f'{d["document"]["number"]} line {c["line"]}: {a} {c["status"]} / --status {s["instruments"][0]["status"]}')
print(numbers, names, changed, len(bad))
for b in bad[:5]: print(b)
PY
)
read -r nnum nname nchanged nbad <<<"$(head -1 <<<"$res")"
[ "${nnum:-0}" -ge 300 ] && [ "${nname:-0}" -ge 30 ] && [ "${nchanged:-0}" -ge 50 ] && ok ||
    fail "status of cited instruments: only ${nnum:-0} numbers, ${nname:-0} names compared, ${nchanged:-0} changed"
expect_eq "status of cited instruments in --refs = --status ($nnum numbers, $nname names, $nchanged changed)" "${nbad:-?}" 0
[ "${nbad:-0}" = 0 ] || echo "$res" | tail -n +2 >&2

# ---- the answers do not depend on the order of the build: a parallel build numbers the
# files in the order its workers took them, and the first citation to give an instrument's
# issuer, type or date gave it, the first documents of a number came first. Two builds of
# the files that cite a few instruments, named in opposite orders (so numbered in
# opposite orders), on the instruments whose --status differed between two builds of the
# whole corpus (48 of 800 compared), and numbers of several documents for --refs and --show
sub=$(cd "$REAL/docs" && grep -l -E '02/2017/TT-VPCP|187/2025/NĐ-CP|17/2021/TT-BTC|34/2018/TT-BLĐTBXH|75/2021/NĐ-CP|43/2013/QH13|16/CT-TTg|2828/QĐ-UBND|78/2025/QĐ-UBND|97/2025/QĐ-UBND' ./*.txt)
(cd "$REAL/docs" && $IDX --quiet --jobs 1 --db "$TMP/fwd" $(printf '%s\n' $sub | sort) &&
    $IDX --quiet --jobs 1 --db "$TMP/rev" $(printf '%s\n' $sub | sort -r)) 2>/dev/null || fail "indexing the files both ways"
same=0 total=0
while IFS= read -r n; do
    total=$((total + 1))
    a=$($QRY --db "$TMP/fwd" --format json --status "$n" 2>&1); b=$($QRY --db "$TMP/rev" --format json --status "$n" 2>&1)
    [ "$a" = "$b" ] && same=$((same + 1)) || fail "--status $n differs between two builds of the same files"
done <<'LIST'
02/2017/TT-VPCP
187/2025/NĐ-CP
03/2025/TT-VPCP
Luật Bảo hiểm xã hội
Luật Hải quan
Luật Đấu thầu
79/2025/NĐ-CP
Luật Hợp tác xã
Luật Giao dịch điện tử
39/2018/TT-BTC
59/2020/QH14
27/2016/TT-BLĐTBXH
22/2023/QH15
26/2016/TT-BLĐTBXH
Luật Thống kê
17/2021/TT-BTC
34/2018/TT-BLĐTBXH
75/2021/NĐ-CP
43/2013/QH13
Luật Trật tự, an toàn giao thông đường bộ
74/2014/QH13
Luật Địa chất và khoáng sản
02/2025/NĐ-CP
54/2024/QH15
50/2005/QH11
41/2019/TT-BLĐTBXH
08/2022/TT-BKHĐT
Luật Sở hữu trí tuệ
23/2005/TTLT-BLĐTBXH-BTC
Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế
Bộ luật Hàng hải Việt Nam
Luật Thanh tra
113/2015/NĐ-CP
Luật Du lịch
Luật Nghĩa vụ quân sự
21/2020/TT-BLĐTBXH
Luật Xây dựng
17/2023/QH15
04/2017/QH14
72/2020/NĐ-CP
96/2015/TT-BTC
Luật Lưu trữ
24/2020/TT-BLĐTBXH
62/2020/QH14
Luật Đấu giá tài sản
102/2018/TT-BTC
16/CT-TTg
39/2019/QH14
LIST
expect_eq "--status the same whatever the build's order ($total instruments)" "$same" "$total"
for n in 2828/QĐ-UBND 78/2025/QĐ-UBND 97/2025/QĐ-UBND; do
    for cmd in --refs --show; do
        a=$($QRY --db "$TMP/fwd" --format json $cmd "$n" 2>&1); b=$($QRY --db "$TMP/rev" --format json $cmd "$n" 2>&1)
        expect_eq "$cmd $n the same whatever the build's order" "$(printf '%s' "$b" | md5sum)" "$(printf '%s' "$a" | md5sum)"
    done
done

# ---- docs/status.md: every `$ ` example prints exactly the lines under it
mkdir -p "$TMP/bin" "$TMP/ex"
printf '#!/usr/bin/env bash\nexec %s "$@"\n' "$BUILD/bin/vanban-query" >"$TMP/bin/vanban-query"
chmod +x "$TMP/bin/vanban-query"
n=$(python3 - "$ROOT/docs/status.md" "$TMP/ex" <<'PY'
import sys
n, fence, cur = 0, False, None
def flush():
    if cur:
        open(f"{sys.argv[2]}/{n}.cmd", "w").write(cur[0])
        open(f"{sys.argv[2]}/{n}.want", "w").write("".join(l + "\n" for l in cur[1]))
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if line.lstrip().startswith("```"):
        flush(); cur = None; fence = not fence; continue
    if fence and line.startswith("$ "):
        flush(); n += 1; cur = (line[2:], [])
    elif fence and cur:
        cur[1].append(line)
print(n)
PY
)
[ "${n:-0}" -ge 3 ] && ok || fail "docs/status.md: only ${n:-0} examples"
for i in $(seq 1 "${n:-0}"); do
    (cd "$ROOT" && PATH="$TMP/bin:$PATH" VANBAN_DB="$db" bash -c "$(cat "$TMP/ex/$i.cmd")" >"$TMP/ex/$i.got" 2>/dev/null)
    if cmp -s "$TMP/ex/$i.got" "$TMP/ex/$i.want"; then ok; else
        fail "docs/status.md: \$ $(cat "$TMP/ex/$i.cmd")
$(diff "$TMP/ex/$i.want" "$TMP/ex/$i.got" | head -10)"; fi
done

finish
