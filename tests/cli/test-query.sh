#!/usr/bin/env bash
# vanban-query against an index of corpus/ (and of re-encoded copies of it): the acceptance
# queries, every field, citation commands, formats, match offsets, ranking, errors; then,
# when ../shared/corpus-real is present, mention counts checked against an independent count.
. "$(dirname "$0")/lib.sh"
# python3 may be a slow shim (pyenv): call the interpreter itself
PYTHON=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) && [ -x "$PYTHON" ] && python3() { "$PYTHON" "$@"; }

SEED=$ROOT/corpus/5287-BCD-2020.txt
db=$TMP/db
(cd "$ROOT" && $IDX --quiet --db "$db" corpus/) || fail "indexing corpus/ failed"
q() { $QRY --db "$db" "$@"; }

# fold a string the simple way: NFD, drop combining marks, đ -> d, lower case
cat > "$TMP/fold.py" <<'PY'
import re, unicodedata
def fold(s):
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFC", s))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    for d in "đĐÐð":
        s = s.replace(d, "d")
    return s.lower()
def syllables(s):
    # a run of letters or a run of digits: "hội20" (a footnote glued on) is "hội", "20"
    return re.findall(r"[^\W\d_]+|\d+", fold(s))
def bad_match(t, s, e, want):
    """None when bytes t[s:e] are a mention of the syllables want: the same syllables once
    folded, only punctuation between them, starting and ending on whole syllables."""
    try:
        got = t[s:e].decode("utf-8")
        before, after = t[:s].decode("utf-8")[-1:], t[e:].decode("utf-8")[:1]
    except UnicodeDecodeError:
        return "not on a character boundary: %r" % t[s:e]
    if (syllables(got) != want or not got[:1].isalnum() or not got[-1:].isalnum()
            or before.isalnum() or after.isalnum()):
        return got
    return None
PY

# sorted clause paths of `--format json --all ARGS` on index $1
spaths() {
    local d=$1; shift
    $QRY --db "$d" --format json --all "$@" > "$TMP/sp.json" 2>/dev/null
    sorted_paths_of "$TMP/sp.json" 2>/dev/null
}
opaths() {   # on the corpus index, in result order
    $QRY --db "$db" --format json --all "$@" > "$TMP/op.json" 2>/dev/null
    paths_of "$TMP/op.json" 2>/dev/null
}

# ---------------------------------------------------------------- the acceptance query
TDD=4,5.2,p2
for query in 'tín dụng đen' 'tin dung den' 'TÍN DỤNG ĐEN'; do
    expect_eq "[$query] paths" "$(spaths "$db" "$query")" "$TDD"
    expect_eq "[$query] --count" "$(q --count "$query")" "3 clauses, 3 mentions"
done
expect_eq "quoted phrase" "$(spaths "$db" '"tin dung den"')" "$TDD"
expect_status "expression with a word that is nowhere: no match" 1 q 'tín dụng AND xyzzy'

# ---------------------------------------------------------------- abbreviations, both ways
qcount() { $QRY --db "$db" --count "$@" 2>/dev/null; }
expect_eq "BCĐ 799 = ban chỉ đạo 799" "$(qcount 'BCĐ 799')" "$(qcount 'ban chỉ đạo 799')"
# typed with Đ it binds (the seed also writes "BCD 799" once); typed without, every spelling
expect_eq "BCĐ 799: the spelling typed" "$(qcount 'BCĐ 799')" "5 clauses, 6 mentions"
expect_eq "BCD 799 finds both spellings" "$(qcount 'BCD 799')" "6 clauses, 7 mentions"
expect_eq "--fold BCĐ 799 finds both spellings" "$(qcount --fold 'BCĐ 799')" "6 clauses, 7 mentions"
expect_eq "UBND = ủy ban nhân dân" "$(qcount 'UBND')" "$(qcount 'ủy ban nhân dân')"
n_long=$(qcount '"ủy ban nhân dân"' | cut -d' ' -f3); n_abbr=$($QRY --db "$db" --format json --all 'UBND' | python3 -c 'import json,sys
d = json.load(sys.stdin)
print(sum(1 for r in d["results"] for a, b in r["matches"] if r["text"].encode()[a:b].decode().upper() == "UBND"))')
[ "$n_abbr" -ge 1 ] && ok || fail "UBND written as such is among the mentions ($n_abbr)"
[ "$n_long" -gt "$n_abbr" ] && ok || fail "mentions of the long form and the abbreviation add up ($n_long vs $n_abbr)"
# short codes inside document symbols are not taken for words: chính phủ does not match NĐ-CP
want=$(grep -o '[Cc]hính phủ' "$SEED" | wc -l)
expect_eq "chính phủ is not the CP of 138/CP" "$(qcount 'chính phủ' | cut -d' ' -f3)" "$want"

# ---------------------------------------------------------------- encodings and spellings
cat > "$TMP/tone.py" <<'PY'
# swap the tone placement of open syllables oa/oe/uy (hòa <-> hoà, ủy <-> uỷ), not after q
import re, sys, unicodedata
T = "\u0300\u0301\u0303\u0309\u0323"
END = r"(?![\w\u0300-\u036f])"
pat = re.compile(r"(?<![qQ])([oO])([" + T + r"])([aAeE])" + END + "|" +
                 r"(?<![qQ])([uU])([" + T + r"])([yY])" + END + "|" +
                 r"(?<![qQ])([oO])([aAeE])([" + T + r"])" + END + "|" +
                 r"(?<![qQ])([uU])([yY])([" + T + r"])" + END)
def swap(m):
    a = [g for g in m.groups() if g is not None]
    return a[0] + a[2] + a[1]
s = unicodedata.normalize("NFD", sys.stdin.read())
sys.stdout.write(unicodedata.normalize("NFC", pat.sub(swap, s)))
PY
mkcopy() {   # mkcopy NAME: writes $TMP/enc/NAME/seed.txt
    mkdir -p "$TMP/enc/$1"
    local out=$TMP/enc/$1/seed.txt
    case $1 in
        nfd) python3 -c 'import sys,unicodedata; sys.stdout.write(unicodedata.normalize("NFD", sys.stdin.read()))' < "$SEED" > "$out" ;;
        tcvn3) iconv -f UTF-8 -t TCVN5712-1//TRANSLIT < "$SEED" > "$out" ;;
        vni) python3 "$ROOT/tests/cli/vni.py" < "$SEED" > "$out" ;;
        cp1258) iconv -f UTF-8 -t CP1258//TRANSLIT < "$SEED" > "$out" ;;
        viscii) iconv -f UTF-8 -t VISCII//TRANSLIT < "$SEED" > "$out" ;;
        tone) python3 "$TMP/tone.py" < "$SEED" > "$out" ;;
    esac
}
$IDX --dump "$SEED" > "$TMP/seed.json"
for enc in nfd tcvn3 vni cp1258 viscii tone; do
    mkcopy $enc || { fail "$enc: cannot make the copy"; continue; }
    case $enc in nfd|tone) want_enc=utf-8 ;; *) want_enc=$enc ;; esac
    # the copy really differs from the seed
    cmp -s "$SEED" "$TMP/enc/$enc/seed.txt" && fail "$enc copy equals the seed" || ok
    $IDX --dump "$TMP/enc/$enc/seed.txt" > "$TMP/enc/$enc.json" 2>"$TMP/err"
    got_enc=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["encoding"])' "$TMP/enc/$enc.json" 2>/dev/null)
    expect_eq "$enc: --dump encoding" "$got_enc" "$want_enc"
    if [ $enc != tone ]; then
        # the decoded clauses are the seed's, letter for letter (quotes may be transliterated)
        same=$(python3 - "$TMP/seed.json" "$TMP/enc/$enc.json" <<'PY'
import json, sys
q = lambda s: s.replace("\u201c", '"').replace("\u201d", '"').replace("?", '"')
a, b = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:3])
ta = [(c["path"], q(c["text"])) for c in a["clauses"]]
tb = [(c["path"], q(c["text"])) for c in b["clauses"]]
print("same" if ta == tb else "differ: %r" % (next(((x, y) for x, y in zip(ta, tb) if x != y), (len(ta), len(tb))),))
PY
)
        expect_eq "$enc: --dump clauses equal the seed's" "${same:0:300}" "same"
    fi
    $IDX --quiet --db "$TMP/enc/$enc.db" "$TMP/enc/$enc" 2>"$TMP/err" || fail "$enc: indexing failed: $(head -c 300 "$TMP/err")"
    for query in 'tín dụng đen' 'tin dung den' 'TÍN DỤNG ĐEN'; do
        expect_eq "$enc: [$query] paths" "$(spaths "$TMP/enc/$enc.db" "$query")" "$TDD"
    done
    expect_eq "$enc: --count" "$($QRY --db "$TMP/enc/$enc.db" --count 'tín dụng đen')" "3 clauses, 3 mentions"
    # old and new tone placement are one spelling, even with --exact
    for query in 'tòa án' 'toà án'; do
        expect_eq "$enc: --exact [$query]" "$(spaths "$TMP/enc/$enc.db" --exact "$query")" "4,5.4"
    done
    expect_eq "$enc: --exact [ma tuý]" "$(spaths "$TMP/enc/$enc.db" --exact 'ma tuý')" "4,5.2,p4"
    expect_eq "$enc: so:5287/BCĐ" "$($QRY --db "$TMP/enc/$enc.db" --count 'so:5287/BCĐ')" "24 clauses, 0 mentions"
done
grep -q 'hoá' "$TMP/enc/tone/seed.txt" && grep -q 'HÒA' "$TMP/enc/tone/seed.txt" && ok || fail "tone copy did not swap hóa/HOÀ"

# ---------------------------------------------------------------- fields
for query in 'ref:10/CT-TTg' 'ref:10/ct-ttg' 'ref:10/CT-TTG' 'trichdan:10/CT-TTg'; do
    expect_eq "[$query]" "$(opaths "$query")" "3"
done
expect_eq "--cites 10/CT-TTg" "$(opaths --cites 10/CT-TTg)" "3"
expect_eq "--cites 48-ct/tw" "$(opaths --cites 48-ct/tw)" "5.1"
expect_status "ref: of an uncited number: no match" 1 q 'ref:99/CT-TTg'
expect_eq "giao: in clause order" "$(opaths 'giao:"công an thành phố"')" "5,5.1,5.2,5.3,5.4"
expect_eq "assignee: is giao:" "$(opaths 'assignee:"cong an thanh pho"')" "5,5.1,5.2,5.3,5.4"
# gửi:/to: is the addressee (Kính gửi), not the assignee: every clause of the letter
expect_eq "to: is not giao:" "$(opaths 'to:"cong an thanh pho"')" ""
expect_eq "gửi: the addressees of 5287/BCĐ" "$(opaths 'gửi:"Ủy ban nhân dân các quận, huyện"' | tr ',' '\n' | wc -l)" \
    "$(opaths 'so:5287/BCĐ' | tr ',' '\n' | wc -l)"
expect_eq "giao: with an expression" "$(opaths 'tín dụng đen giao:"công an thành phố"')" "5.2"

all_paths=$(python3 -c 'import json,sys; print(",".join(c["path"] for c in json.load(open(sys.argv[1]))["clauses"]))' "$TMP/seed.json")
sorted_all=$(echo "$all_paths" | tr ',' '\n' | python3 -c 'import sys; print(",".join(sorted(sys.stdin.read().split())))')
expect_eq "the seed has 24 clauses" "$(echo "$all_paths" | tr ',' '\n' | wc -l)" 24
q --format json --all 'coquan:"hải phòng" loai:"công văn" nam:2020' > "$TMP/r.json"
expect_eq "coquan/loai/nam: every clause of 5287/BCĐ" \
    "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["results"]), d["total_clauses"], sorted({r["doc"]["number"] for r in d["results"]}))' "$TMP/r.json")" \
    "24 24 ['5287/BCĐ']"
expect_eq "coquan/loai/nam: the same clauses as --dump" "$(sorted_paths_of "$TMP/r.json")" "$sorted_all"
expect_status "loai:\"chỉ thị\" matches nothing here" 1 q 'loai:"chỉ thị"'
expect_status "coquan:\"Đà Nẵng\" matches nothing" 1 q 'coquan:"Đà Nẵng"'
expect_status "nam:2019 matches nothing" 1 q 'nam:2019'
for query in 'so:5287/BCĐ' 'so:5287/bcd' 'so:5287/BCD' 'so:5287/bcđ' 'number:"5287/BCĐ"'; do
    expect_eq "[$query]" "$(q --count "$query")" "24 clauses, 0 mentions"
done
expect_status "so:5288/BCĐ: no match" 1 q 'so:5288/BCĐ'
expect_eq "nguoiky:" "$(q --count 'nguoiky:"lê khắc nam"')" "24 clauses, 0 mentions"
expect_eq "signer: without diacritics" "$(q --count 'signer:"le khac nam"')" "24 clauses, 0 mentions"
expect_status "nguoiky: someone else" 1 q 'nguoiky:"Nguyễn Văn A"'
expect_eq "ngay: a range" "$(q --count 'ngay:2020-08-01..2020-08-31')" "24 clauses, 0 mentions"
expect_eq "ngay: the day" "$(q --count 'ngay:21/8/2020')" "24 clauses, 0 mentions"
expect_eq "date: open end" "$(q --count 'date:2020-08-21..')" "24 clauses, 0 mentions"
expect_status "ngay:..2019-12-31: no match, exit 1" 1 q 'ngay:..2019-12-31'
expect_status "ngay:2020-08-22..: no match" 1 q 'ngay:2020-08-22..'
expect_eq "nam: minus the expression" "$(q --count 'nam:2020 -"tín dụng đen"')" "21 clauses, 0 mentions"
expect_eq "nam: minus the expression, paths" "$(spaths "$db" 'nam:2020 -"tín dụng đen"')" \
    "$(echo "$all_paths" | tr ',' '\n' | grep -vxE '4|5\.2|p2' | python3 -c 'import sys; print(",".join(sorted(sys.stdin.read().split())))')"
expect_eq "chude: through the thesaurus" "$(cd "$ROOT" && spaths "$db" 'chude:"cho vay nặng lãi"')" "$TDD"
expect_eq "topic: from elsewhere with VANBAN_THESAURUS" \
    "$(cd "$TMP" && VANBAN_THESAURUS=$ROOT/corpus/thesaurus.tsv spaths "$db" 'topic:"tín dụng trái phép"')" "$TDD"
expect_eq "chude: with --thesaurus" "$(cd "$TMP" && spaths "$db" --thesaurus "$ROOT/corpus/thesaurus.tsv" 'chude:"cho vay lai nang"')" "$TDD"
expect_status "--thesaurus that cannot be read: exit 2" 2 q --thesaurus "$TMP/no-such-thesaurus.tsv" 'chude:"cho vay nặng lãi"'

# ---------------------------------------------------------------- citation commands
q --refs 5287/BCĐ > "$TMP/refs.txt"; rc=$?
expect_eq "--refs exit" "$rc" 0
expect_eq "--refs lists the three" "$(grep -v '^# ' "$TMP/refs.txt" | cut -f1 | sort | tr '\n' ' ')" "10/CT-TTg 21/CT-TTg 48-CT/TW "
expect_eq "--refs: the document first" "$(head -1 "$TMP/refs.txt" | cut -f1,2)" "$(printf '# 5287/BCĐ\tCông văn')"
expect_contains "--refs: clause and line of 10/CT-TTg" "$(grep '^10/CT-TTg' "$TMP/refs.txt")" "	3	54	"
q --refs 5287/bcd --format json > "$TMP/refs.json"
valid_json "--refs json" "$TMP/refs.json"
expect_eq "--refs json citations" \
    "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted((c["number"], c["clause"]) for c in d["citations"]), d["document"]["number"])' "$TMP/refs.json")" \
    "[('10/CT-TTg', '3'), ('21/CT-TTg', '5.3'), ('48-CT/TW', '5.1')] 5287/BCĐ"
expect_status "--refs of an unknown document: exit 1" 1 q --refs 1/XYZ
q --show 5287/BCĐ --format json > "$TMP/show.json"
valid_json "--show json" "$TMP/show.json"
expect_eq "--show: every clause path, in order" \
    "$(python3 -c 'import json,sys; print(",".join(c["clause"]["path"] for c in json.load(open(sys.argv[1]))["clauses"]))' "$TMP/show.json")" "$all_paths"
expect_eq "--show text: every path in order" "$(q --show 5287/BCĐ | sed -n 's/^\[\([^]]*\)\].*/\1/p' | paste -sd,)" "$all_paths"
expect_status "--show of an unknown document: exit 1" 1 q --show 1/XYZ
expect_eq "--top-cited" "$(q --top-cited | cut -f1-4 | sort)" "$(printf '1\t1\t10/CT-TTg\tChỉ thị\n1\t1\t21/CT-TTg\tChỉ thị\n1\t1\t48-CT/TW\tChỉ thị')"
expect_eq "--top-cited 1" "$(q --top-cited 1 | wc -l)" 1
q --top-cited --format json > "$TMP/top.json"
valid_json "--top-cited json" "$TMP/top.json"

# ---------------------------------------------------------------- exact diacritics
expect_eq "--exact 'tín dụng đen'" "$(spaths "$db" --exact 'tín dụng đen')" "$TDD"
expect_status "--exact 'tin dung den': no match" 1 q --exact 'tin dung den'

# ---------------------------------------------------------------- facets, paging, formats
q --format json --facets issuer,type,year,ref 'tín dụng đen' > "$TMP/f.json"
valid_json "facets json" "$TMP/f.json"
expect_eq "facets counts" "$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["facets"]; print(f["issuer"], f["type"], f["year"], f["ref"])' "$TMP/f.json")" \
    "[['Ủy ban nhân dân thành phố Hải Phòng', 3]] [['Công văn', 3]] [['2020', 3]] []"
q --format json --count --facets ref 'so:5287/BCĐ' > "$TMP/f2.json"
expect_eq "facets ref over a document" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted(d["facets"]["ref"]), "results" in d)' "$TMP/f2.json")" \
    "[['10/CT-TTg', 1], ['21/CT-TTg', 1], ['48-CT/TW', 1]] False"

q --format json 'so:5287/BCĐ' > "$TMP/r.json"
expect_eq "default limit 20" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["results"]), d["total_clauses"])' "$TMP/r.json")" "20 24"
# ranked: scores never increase down the page
q --format json --limit 50 'tội phạm' > "$TMP/rk.json"
expect_eq "results in descending score order" "$(python3 -c 'import json,sys; s=[r["score"] for r in json.load(open(sys.argv[1]))["results"]]; print(len(s) > 10 and s == sorted(s, reverse=True))' "$TMP/rk.json")" True
full=$(q --format json 'tín dụng đen' | python3 -c 'import json,sys; print(",".join(r["clause"]["path"] for r in json.load(sys.stdin)["results"]))')
page() { q --format json "$@" 'tín dụng đen' | python3 -c 'import json,sys; d=json.load(sys.stdin); print(",".join(r["clause"]["path"] for r in d["results"]), d["total_clauses"])'; }
expect_eq "--limit 1" "$(page --limit 1)" "$(echo "$full" | cut -d, -f1) 3"
expect_eq "--offset 1 --limit 1 is the second result" "$(page --offset 1 --limit 1)" "$(echo "$full" | cut -d, -f2) 3"
expect_eq "--offset 2 --limit 5" "$(page --offset 2 --limit 5)" "$(echo "$full" | cut -d, -f3) 3"
expect_eq "--all shows every clause" "$(opaths 'so:5287/BCĐ' | tr ',' '\n' | wc -l)" 24

q 'tín dụng đen' > "$TMP/t.txt" 2>/dev/null; rc=$?
expect_eq "text exit" "$rc" 0
expect_eq "text: one document line per result, with its subject" "$(grep -c '^5287/BCĐ · Công văn · Ban Chỉ đạo 799 (Ủy ban nhân dân thành phố Hải Phòng) · 2020-08-21 — tăng cường công tác phòng, chống tội phạm 6 tháng cuối năm 2020$' "$TMP/t.txt")" 3
expect_contains "text: label, file:line, assignee" "$(cat "$TMP/t.txt")" "mục 5, ý 2  corpus/5287-BCD-2020.txt:66  → Công an thành phố"
q --format json 'tín dụng đen' > "$TMP/j.json"; valid_json "json" "$TMP/j.json"
expect_eq "json top-level" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["format_version"], d["query"], d["total_clauses"], d["total_mentions"], sorted(d["results"][0]), sorted(d["results"][0]["doc"]), sorted(d["results"][0]["clause"]))' "$TMP/j.json")" \
    "1 tín dụng đen 3 3 ['clause', 'doc', 'matches', 'score', 'snippet', 'text'] ['date', 'effective', 'file', 'issuer', 'issuers', 'number', 'subject', 'type'] ['assignee', 'assignees', 'label', 'line', 'match_line', 'path']"
expect_eq "json 5.2 result" "$(python3 -c 'import json,sys; r=[r for r in json.load(open(sys.argv[1]))["results"] if r["clause"]["path"]=="5.2"][0]; print(r["clause"]["label"], r["clause"]["line"], r["clause"]["assignee"], r["doc"]["file"])' "$TMP/j.json")" \
    "mục 5, ý 2 66 Công an thành phố corpus/5287-BCD-2020.txt"
q --format jsonl --all 'so:5287/BCĐ' > "$TMP/j.jsonl"; valid_jsonl "jsonl" "$TMP/j.jsonl"
expect_eq "jsonl: one result per line" "$(wc -l < "$TMP/j.jsonl")" 24
expect_eq "jsonl lines are results" "$(python3 -c 'import json,sys; print({tuple(sorted(json.loads(l))) for l in open(sys.argv[1])})' "$TMP/j.jsonl")" \
    "{('clause', 'doc', 'matches', 'score', 'snippet', 'text')}"
q --format json --count 'tín dụng đen' > "$TMP/c.json"; valid_json "json --count" "$TMP/c.json"
expect_eq "json --count has no results" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("results" in d, d["total_clauses"], d["total_mentions"])' "$TMP/c.json")" "False 3 3"
q --format json 'zzzqqq' > "$TMP/none.json"; valid_json "json of no match" "$TMP/none.json"
q --format json --cites 10/CT-TTg > "$TMP/cites.json"; valid_json "--cites json" "$TMP/cites.json"
q --format tsv --all 'tín dụng đen' > "$TMP/r.tsv"
expect_eq "tsv: a header and 3 lines of 12 columns" "$(awk -F'\t' '{print NF}' "$TMP/r.tsv" | sort -u | paste -sd,) $(wc -l < "$TMP/r.tsv")" "12 4"
expect_eq "tsv: the header row names the columns" "$(head -1 "$TMP/r.tsv")" \
    "$(printf 'number\ttype\tissuer\tdate\tfile\tpath\tlabel\tline\tassignee\tscore\tsnippet\tmatch_line')"
expect_eq "tsv --count: a header and the labelled values" "$(q --format tsv --count 'tín dụng đen')" "$(printf 'clauses\tmentions\n3\t3')"
expect_eq "tsv --facets: a # block after the rows" "$(q --format tsv --facets year 'tín dụng đen' | tail -2)" \
    "$(printf '# facet\tcount\tvalue\n# year\t3\t2020')"
expect_eq "tsv of no match: the header alone" "$(q --format tsv zzzqqq | wc -l)" 1
expect_eq "tsv --top-cited: header" "$(q --format tsv --top-cited 1 | head -1)" "$(printf 'documents\tclauses\tref\ttype\ttitle\tarchived')"
expect_eq "tsv --refs: header" "$(q --format tsv --refs 5287/BCĐ | head -1)" "$(printf 'file\tnumber\ttype\tdate\tpinpoint\tclause\tline\tin_archive\tarchived\trole\taffects\tfrom\tstatus')"
expect_eq "tsv --show: header, one row per clause" "$(q --format tsv --show 5287/BCĐ | awk -F'\t' 'NR==1{print $1,$3} END{print NR}')" "$(printf 'number path\n25')"
# a query error in JSON: an error object on stdout too; nothing found by a citation command: status 1
expect_eq "json: a bad query is an error object" "$(q --format json 'tín "dụng' 2>/dev/null)" \
    '{"format_version":1,"query":"tín \"dụng","error":{"status":2,"reason":"query syntax error","message":"unbalanced quote opened at column 5","column":5}}'
expect_eq "jsonl: a bad query is an error line" "$(q --format jsonl 'loia:x' 2>/dev/null)" \
    '{"format_version":1,"error":{"status":2,"reason":"query syntax error","message":"unknown field '"'"'loia:'"'"' at column 1; did you mean loai:?","column":1}}'
for cmd in "--refs 999/XYZ" "--show 999/XYZ" "--cites 999/XYZ"; do
    for fmt in json jsonl; do
        # shellcheck disable=SC2086
        got=$(q --format $fmt $cmd 2>"$TMP/err"); rc=$?
        expect_eq "$cmd --format $fmt: exit 1" "$rc" 1
        expect_contains "$cmd --format $fmt: not found" "$got" '"error":{"status":1,"reason":"not found","message":"'
    done
    # shellcheck disable=SC2086
    q $cmd >"$TMP/out" 2>"$TMP/err"; rc=$?
    expect_eq "$cmd text: exit 1, nothing on stdout" "$rc $(wc -c < "$TMP/out")" "1 0"
    expect_contains "$cmd text: says so on stderr" "$(cat "$TMP/err")" "999/XYZ"
done
expect_eq "json: no index is an error object" "$($QRY --db "$TMP/no-such-db" --format json x 2>/dev/null | python3 -c 'import json,sys; e=json.load(sys.stdin)["error"]; print(e["status"], e["message"][:8])')" "2 no index"
expect_eq "tsv columns: number type issuer (the unit with its parent) date file path label line assignee" \
    "$(grep -P '\t5\.2\t' "$TMP/r.tsv" | cut -f1-9)" \
    "$(printf '5287/BCĐ\tCông văn\tBan Chỉ đạo 799 (Ủy ban nhân dân thành phố Hải Phòng)\t2020-08-21\tcorpus/5287-BCD-2020.txt\t5.2\tmục 5, ý 2\t66\tCông an thành phố')"
expect_eq "tsv: score is a number, snippet has the mention" \
    "$(awk -F'\t' '$10 ~ /^[0-9]+(\.[0-9]+)?$/ && tolower($11) ~ /tín dụng đen/' "$TMP/r.tsv" | wc -l)" 3
expect_status "unknown --format: exit 2" 2 q --format xml 'tín dụng đen'

# colour: ANSI around the mention only when asked (or on a terminal)
ESC=$'\033'
out=$(q --color=always --limit 1 'tín dụng đen' 2>/dev/null)
expect_contains "--color=always highlights the mention" "$out" "${ESC}[1;31mtín dụng đen${ESC}[0m"
out=$(q --color always --limit 1 'tin dung den' 2>/dev/null)
expect_contains "--color always (separate arg), folded query" "$out" "${ESC}[1;31mtín dụng đen${ESC}[0m"
out=$(q --color=never --limit 1 'tín dụng đen' 2>/dev/null)
expect_not_contains "--color=never: no escape" "$out" "$ESC"
expect_contains "--color=never: still the mention" "$out" "tín dụng đen"
out=$(q --limit 3 'tín dụng đen' 2>/dev/null | cat)
expect_not_contains "piped: no escape" "$out" "$ESC"
expect_contains "piped: still the text" "$out" "tín dụng đen"
if command -v script >/dev/null; then
    out=$(script -qec "$BUILD/bin/vanban-query --db '$db' --limit 1 'tín dụng đen'" /dev/null 2>/dev/null)
    expect_contains "on a terminal: highlighted" "$out" "${ESC}[1;31mtín dụng đen"
fi
expect_status "--color=sometimes: exit 2" 2 q --color=sometimes 'tín dụng đen'

# index location: --db, else $VANBAN_DB, else ./vanban.db
expect_eq "VANBAN_DB" "$(cd "$TMP" && VANBAN_DB=$db $QRY --count 'tín dụng đen')" "3 clauses, 3 mentions"
mkdir -p "$TMP/cwd" && cp -r "$db" "$TMP/cwd/vanban.db"
expect_eq "./vanban.db" "$(cd "$TMP/cwd" && env -u VANBAN_DB $QRY --count 'tín dụng đen')" "3 clauses, 3 mentions"
expect_eq "--db beats VANBAN_DB" "$(VANBAN_DB=$TMP/nowhere $QRY --db "$db" --count 'tín dụng đen')" "3 clauses, 3 mentions"

# ---------------------------------------------------------------- match offsets
for query in 'tín dụng đen' 'tin dung den' 'TÍN DỤNG ĐEN' 'công an' 'phòng chống tội phạm' \
             'mua bán người' 'ma túy' 'xã hội đen' 'Công an thành phố'; do
    q --format json --all "$query" > "$TMP/m.json" 2>/dev/null
    res=$(python3 -c '
import json, sys
exec(open(sys.argv[3]).read())
d = json.load(open(sys.argv[1], encoding="utf-8"))
want = syllables(sys.argv[2])
bad, n = [], 0
for r in d["results"]:
    t = r["text"].encode("utf-8")
    for s, e in r["matches"]:
        n += 1
        got = bad_match(t, s, e, want)
        if got is not None:
            bad.append((r["clause"]["path"], s, e, got))
if n != d["total_mentions"]:
    bad.append(("mentions", n, d["total_mentions"]))
if n == 0:
    bad.append("no matches at all")
print("ok" if not bad else bad[:3])' "$TMP/m.json" "$query" "$TMP/fold.py")
    expect_eq "matches of [$query] fold to the query" "$res" ok
done

# ---------------------------------------------------------------- ranking and --exact
mkdir -p "$TMP/rank"
cat > "$TMP/rank/rank.txt" <<'DOC'
ỦY BAN NHÂN DÂN
TỈNH THỬ NGHIỆM

Số: 7/KH-UBND

Thử Nghiệm, ngày 3 tháng 2 năm 2021

KẾ HOẠCH
Về giao thông

1. Trồng dương xỉ trong vườn ươm.

2. Làm mới con đường liên xã.
DOC
$IDX --quiet --db "$TMP/rank.db" "$TMP/rank" || fail "indexing the ranking fixture"
rq() { $QRY --db "$TMP/rank.db" --format json "$@" 2>/dev/null | python3 -c 'import json,sys; print(",".join(r["clause"]["path"] for r in json.load(sys.stdin)["results"]))' 2>/dev/null; }
expect_eq "đường: the spelling typed only" "$(rq 'đường')" "2"
expect_eq "dương: the spelling typed only" "$(rq 'dương')" "1"
expect_eq "--fold đường: the exact spelling first" "$(rq --fold 'đường')" "2,1"
expect_eq "--fold dương: the exact spelling first" "$(rq --fold 'dương')" "1,2"
expect_eq "duong: both" "$(rq 'duong' | tr ',' '\n' | sort | paste -sd,)" "1,2"
expect_eq "--exact đường: only it" "$(rq --exact 'đường')" "2"
expect_eq "--exact dương: only it" "$(rq --exact 'dương')" "1"
expect_status "--exact duong: no match" 1 $QRY --db "$TMP/rank.db" --exact duong

# ---------------------------------------------------------------- errors
# bad_query NAME QUERY COLUMN
bad_query() {
    q "$2" >"$TMP/out" 2>"$TMP/err"; local rc=$?
    expect_eq "$1: exit" "$rc" 2
    expect_contains "$1: stderr names the column" "$(cat "$TMP/err")" "column $3"
    expect_eq "$1: nothing on stdout (text)" "$(wc -c < "$TMP/out")" 0
    q --format json "$2" >"$TMP/out" 2>"$TMP/err"; rc=$?
    expect_eq "$1: exit (json)" "$rc" 2
    if [ -s "$TMP/out" ]; then valid_json "$1: stdout in json mode" "$TMP/out"; else ok; fi
}
bad_query "unbalanced quote" 'tín "dụng đen' 5
bad_query "unbalanced parenthesis" 'tín (dụng đen' 5
bad_query "unmatched )" 'tín dụng) đen' 9
bad_query "unknown field" 'tín xyz:abc' 5
expect_contains "unknown field named" "$(cat "$TMP/err")" "unknown field 'xyz:'"
bad_query "so: without value" 'tín so:' 5
expect_contains "so: named" "$(cat "$TMP/err")" "empty value for field 'so:'"
bad_query "bad date" 'ngay:2020-13-01' 6
expect_contains "bad date quoted" "$(cat "$TMP/err")" "invalid date '2020-13-01'"
bad_query "only exclusions" '-"tín dụng đen"' 1

expect_status "missing index: exit 2" 2 $QRY --db "$TMP/no-such.db" 'tín dụng đen'
expect_contains "missing index: says how to build one" "$(cat "$TMP/err")" "vanban-index --db $TMP/no-such.db"
expect_eq "missing index: nothing on stdout" "$(wc -c < "$TMP/out")" 0
expect_status "missing index, json: exit 2" 2 $QRY --db "$TMP/no-such.db" --format json 'tín dụng đen'
if [ -s "$TMP/out" ]; then valid_json "missing index: stdout in json mode" "$TMP/out"; else ok; fi
for args in "--limit -1" "--limit abc" "--offset -2" "--frobnicate"; do
    expect_status "[$args]: exit 2" 2 q $args 'tín dụng đen'
    expect_contains "[$args]: usage hint on stderr" "$(cat "$TMP/err")" "vanban-query --help"
done
expect_status "no query: exit 2" 2 q
expect_status "--help: exit 0" 0 q --help
expect_contains "--help on stdout" "$(cat "$TMP/out")" "Usage: vanban-query"
expect_eq "--help: nothing on stderr" "$(wc -c < "$TMP/err")" 0
expect_status "no match: exit 1" 1 q 'zzzqqq'
expect_eq "no match: nothing on stdout" "$(wc -c < "$TMP/out")" 0

# ---------------------------------------------------------------- the real corpus
if ! have_real; then
    skip "real-corpus checks: $REAL is absent"
elif [ "${VALGRIND:-0}" = 1 ]; then
    skip "real-corpus checks under VALGRIND=1 (800 files: far too slow)"
else
    cp -r "$REAL/docs" "$TMP/real"
    $IDX --quiet --db "$TMP/real.db" "$TMP/real" 2>"$TMP/err"; rc=$?
    expect_eq "real corpus indexed" "$rc" 0
    $IDX --dump "$TMP/real"/*.txt > "$TMP/real.json" 2>/dev/null
    cat > "$TMP/phrases.txt" <<'EOF'
người lao động
ủy ban nhân dân
bảo hiểm xã hội
thủ tục hành chính
hợp đồng lao động
đơn vị sự nghiệp công lập
chuyển đổi số
ma túy
trẻ em
hộ kinh doanh
người khuyết tật
thuế giá trị gia tăng
doanh nghiệp nhỏ và vừa
an ninh, trật tự
bình đẳng giới
xâm hại tình dục
phòng, chống tham nhũng
mua bán người
lừa đảo
bạo lực gia đình
EOF
    # the independent count: clause texts from --dump, folded, split into syllables
    python3 - "$TMP/real.json" "$TMP/phrases.txt" "$TMP/fold.py" > "$TMP/want.tsv" <<'PY'
import json, sys
exec(open(sys.argv[3]).read())
docs = json.load(open(sys.argv[1], encoding="utf-8"))
phrases = [l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
# a phrase with a common abbreviation is also mentioned by the abbreviation (docs/query-syntax.md)
ABBR = {"uy ban nhan dan": "ubnd", "bao hiem xa hoi": "bhxh", "an ninh trat tu": "antt"}
pats = [[syllables(p)] + ([[ABBR[" ".join(syllables(p))]]] if " ".join(syllables(p)) in ABBR else [])
        for p in phrases]
clauses = [0] * len(pats)
mentions = [0] * len(pats)
for d in docs:
    for c in d["clauses"]:
        t = syllables(c["text"])
        joined = " " + " ".join(t) + " "
        for i, forms in enumerate(pats):
            n = 0
            for p in forms:
                if " " + " ".join(p) + " " not in joined:
                    continue
                n += sum(1 for k in range(len(t) - len(p) + 1) if t[k:k + len(p)] == p)
            if n:
                mentions[i] += n
                clauses[i] += 1
for ph, c, m in zip(phrases, clauses, mentions):
    print(f"{ph}\t{c} clauses, {m} mentions")
PY
    expect_eq "independent count covers 20 phrases" "$(wc -l < "$TMP/want.tsv")" 20
    while IFS=$'\t' read -r phrase want; do
        # --fold: the counter above folds every spelling (test-diacritics.sh counts as typed)
        got=$($QRY --db "$TMP/real.db" --all --count --fold "$phrase" 2>/dev/null)
        expect_eq "real corpus: [$phrase]" "$got" "$want"
    done < "$TMP/want.tsv"
    # mentions split by a line wrap are found, grep on the raw files misses them
    ours=$($QRY --db "$TMP/real.db" --all --count 'mua bán người' | sed -n 's/.*clauses, \([0-9]*\) mentions/\1/p')
    greps=$(cat "$TMP/real"/*.txt | grep -a -o -i 'mua bán người' | wc -l)
    [ -n "$ours" ] && [ "$ours" -gt "$greps" ] && ok || fail "mua bán người: ours $ours not > grep's $greps"
    # every match offset in the real corpus is a mention of the phrase
    for phrase in 'mua bán người' 'bạo lực gia đình' 'phòng, chống tham nhũng' 'ma túy'; do
        $QRY --db "$TMP/real.db" --all --fold --format jsonl "$phrase" > "$TMP/m.jsonl" 2>/dev/null
        valid_jsonl "real corpus jsonl [$phrase]" "$TMP/m.jsonl"
        res=$(python3 -c '
import json, sys
exec(open(sys.argv[3]).read())
want = syllables(sys.argv[2])
bad, n = [], 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    t = r["text"].encode("utf-8")
    for s, e in r["matches"]:
        n += 1
        got = bad_match(t, s, e, want)
        if got is not None:
            bad.append((r["doc"]["file"], r["clause"]["path"], got))
print("ok %d" % n if not bad else bad[:3])' "$TMP/m.jsonl" "$phrase" "$TMP/fold.py")
        expect_eq "real corpus: match offsets of [$phrase]" "$res" \
            "ok $(grep -F "$phrase"$'\t' "$TMP/want.tsv" | sed -n 's/.*clauses, \([0-9]*\) mentions/\1/p')"
        # match_line (from the record's line table, schema.h VB_RCL_LINES) is the source
        # line that holds the first match's first syllable; a clause's lines run from
        # "line" on. Reading the source files is this check's own way to the answer.
        res=$(python3 -c '
import json, sys
exec(open(sys.argv[3]).read())
first = syllables(sys.argv[2])[0]
bad, n, later, cache = [], 0, 0, {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    f, ml, cl = r["doc"]["file"], r["clause"]["match_line"], r["clause"]["line"]
    if f not in cache:
        raw = open(f, "rb").read().decode("utf-8", "replace")
        cache[f] = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    src = cache[f]
    n += 1
    later += ml > cl
    if not (cl <= ml <= len(src)) or first not in syllables(src[ml - 1]):
        bad.append((f, r["clause"]["path"], cl, ml))
print("ok" if not bad and n and later else (n, later, bad[:3]))' "$TMP/m.jsonl" "$phrase" "$TMP/fold.py")
        expect_eq "real corpus: match_line of [$phrase] holds its first syllable" "$res" "ok"
    done
fi

finish
