#!/usr/bin/env bash
# vanban-query --docs, --sort, --show NUMBER PINPOINT and results that point at
# their match (clause.match_line, the spans of ref: and giao:), on corpus/ and,
# when ../shared/corpus-real is present, on the real archive. Every expected
# value is computed here from other output (--all, --show, --dump, the source
# files), never written in.
. "$(dirname "$0")/lib.sh"

db=$TMP/db
(cd "$ROOT" && $IDX --quiet --db "$db" corpus/) || fail "indexing corpus/ failed"
q() { (cd "$ROOT" && $QRY --db "$1" "${@:2}"); }

# ---- --docs: totals and per-document counts against --all grouped by file
# docs_check NAME DB QUERY: --docs --count and --docs --format json agree with
# the clauses of --all --format jsonl grouped by file
docs_check() {
    local name=$1 dbp=$2 query=$3
    q "$dbp" --all --format jsonl "$query" > "$TMP/all.jsonl" 2>/dev/null
    q "$dbp" --docs --limit 100000 --format json "$query" > "$TMP/docs.json" 2>/dev/null
    q "$dbp" --docs --count "$query" > "$TMP/count.txt" 2>/dev/null
    local res
    res=$(python3 - "$TMP/all.jsonl" "$TMP/docs.json" "$TMP/count.txt" <<'PY'
import json, sys, collections
clauses = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
by = collections.defaultdict(list)
for r in clauses:
    by[r["doc"]["file"]].append(r)
d = json.load(open(sys.argv[2], encoding="utf-8"))
count = open(sys.argv[3], encoding="utf-8").read().strip()
want = "%d documents, %d clauses, " % (len(by), len(clauses))
errs = []
if not count.startswith(want): errs.append("count %r, want %r…" % (count, want))
if d["total_documents"] != len(by): errs.append("total_documents %d, want %d" % (d["total_documents"], len(by)))
if d["total_clauses"] != len(clauses): errs.append("total_clauses %d, want %d" % (d["total_clauses"], len(clauses)))
if len(d["results"]) != len(by): errs.append("%d results, want %d" % (len(d["results"]), len(by)))
prev = None
for r in d["results"]:
    f = r["doc"]["file"]
    mine = by.get(f, [])
    if r["clauses"] != len(mine): errs.append("%s: %d clauses, want %d" % (f, r["clauses"], len(mine)))
    best = max((c["score"] for c in mine), default=None)
    if best is None or abs(r["score"] - best) > 1e-4 or abs(r["best"]["score"] - best) > 1e-4:
        errs.append("%s: score %s, best clause %s" % (f, r["score"], best))
    if r["best"]["clause"]["path"] not in [c["clause"]["path"] for c in mine]:
        errs.append("%s: best clause %s does not match" % (f, r["best"]["clause"]["path"]))
    if prev is not None and r["score"] > prev + 1e-9: errs.append("documents not ranked by score")
    prev = r["score"]
print("; ".join(errs[:5]) or "ok %d %d" % (len(by), len(clauses)))
PY
)
    case "$res" in ok*) ok ;; *) fail "$name: ${res:0:600}" ;; esac
    echo "$res" > "$TMP/res"
}
docs_check "--docs tín dụng đen" "$db" 'tín dụng đen'
expect_eq "--docs tín dụng đen: one document, its three clauses" "$(cat "$TMP/res")" "ok 1 3"
docs_check "--docs so:" "$db" 'so:5287/BCĐ'
docs_check "--docs words" "$db" 'phòng chống tội phạm'

# every format carries the document, its counts and its best clause
n_tsv=$(q "$db" --docs --format tsv 'tín dụng đen' | awk -F'\t' '{print NF}' | sort -u)
expect_eq "--docs tsv: 13 columns" "$n_tsv" 13
subject=$(q "$db" --docs --format json 'tín dụng đen' | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["doc"]["subject"])')
expect_eq "--docs tsv: subject, clauses, mentions" "$(q "$db" --docs --format tsv 'tín dụng đen' | sed 1d | cut -f5,7,8)" "$subject	3	3"
expect_contains "--docs text" "$(q "$db" --docs 'tín dụng đen')" "3 clauses, 3 mentions; best:"
expect_contains "--docs text: subject" "$(q "$db" --docs 'tín dụng đen')" "  $subject"
expect_eq "--docs jsonl: one line" "$(q "$db" --docs --format jsonl 'tín dụng đen' | wc -l)" 1
expect_eq "--docs tsv --count" "$(q "$db" --docs --format tsv --count 'tín dụng đen')" "$(printf 'documents\tclauses\tmentions\n1\t3\t3')"
expect_eq "--docs --all: one per document" "$(q "$db" --docs --all --format jsonl 'so:5287/BCĐ' | wc -l)" 1
expect_status "--docs no match: exit 1" 1 q "$db" --docs 'xyzzy'

# ---- --sort
expect_status "--sort bad value" 2 q "$db" --sort newest 'tín dụng đen'
expect_status "--sort date with --all" 2 q "$db" --sort date --all 'tín dụng đen'
# one document: date order is the archive's order (file, clause), the same both ways
fixed=$(q "$db" --format tsv --limit 100 'so:5287/BCĐ' | cut -f8 | paste -sd,)
expect_eq "--sort date: ties in clause order" "$(q "$db" --format tsv --limit 100 --sort date 'phòng chống tội phạm' | cut -f8 | paste -sd,)" \
    "$(q "$db" --all --format tsv 'phòng chống tội phạm' | cut -f8 | paste -sd,)"
expect_eq "--sort -date: ties in clause order" "$(q "$db" --format tsv --limit 100 --sort -date 'so:5287/BCĐ' | cut -f8 | paste -sd,)" "$fixed"

# ---- results point at their first match: the source line at match_line holds
# the first word of the first match, and the snippet holds the match
# match_check NAME DB QUERY [ROOT]: every result of --all
match_check() {
    local name=$1 dbp=$2 query=$3
    q "$dbp" --all --format jsonl "$query" > "$TMP/m.jsonl" 2>/dev/null
    local res
    res=$(python3 - "$TMP/m.jsonl" "$ROOT" <<'PY'
import json, os, sys, unicodedata
nfc = lambda s: unicodedata.normalize("NFC", s).lower()
lines = {}
errs, n, later, checked = [], 0, 0, 0
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l); n += 1
    c = r["clause"]; t = r["text"].encode()
    if c["match_line"] < c["line"]: errs.append("%s: match_line %d < line %d" % (c["path"], c["match_line"], c["line"]))
    if not r["matches"]:
        if c["match_line"] != c["line"]: errs.append("%s: no match but match_line %d" % (c["path"], c["match_line"]))
        continue
    a, b = r["matches"][0]
    first = t[a:b].decode().split()[0]
    if first not in r["snippet"]: errs.append("%s: snippet lacks %r" % (c["path"], first))
    f = r["doc"]["file"]
    if f not in lines:
        try: lines[f] = open(os.path.join(sys.argv[2], f), encoding="utf-8").read().split("\n")
        except (UnicodeDecodeError, OSError): lines[f] = None
    src = lines[f]
    if src is None: continue
    checked += 1
    if nfc(first) not in nfc(src[c["match_line"] - 1]):
        errs.append("%s %s: line %d lacks %r" % (f, c["path"], c["match_line"], first))
    later += c["match_line"] > c["line"]
print("; ".join(errs[:5]) or "ok %d %d %d" % (n, checked, later))
PY
)
    case "$res" in ok*) ok ;; *) fail "$name: ${res:0:600}" ;; esac
    echo "$res" > "$TMP/res"
}
match_check "match_line: phòng chống tội phạm" "$db" 'phòng chống tội phạm'
r=$(cat "$TMP/res")
case "$r" in "ok "*) later=$(echo "$r" | awk '{print $4}') ;; *) later=0 ;; esac
[ "$later" -gt 0 ] && ok || fail "match_line: no match after its clause's first line ($r)"
match_check "match_line: Covid-19" "$db" 'Covid-19'

# ---- field spans: ref: points at the citation text (--dump says which), giao: at the name
(cd "$ROOT" && $IDX --dump corpus/5287-BCD-2020.txt) > "$TMP/dump.json"
q "$db" --format json 'ref:10/CT-TTg' > "$TMP/ref.json"
res=$(python3 - "$TMP/dump.json" "$TMP/ref.json" <<'PY'
import json, sys
dump = json.load(open(sys.argv[1], encoding="utf-8"))
d = json.load(open(sys.argv[2], encoding="utf-8"))
want = {(c["clause"], c["text"]) for c in dump["citations"] if c["number"].lower() == "10/ct-ttg"}
got = set()
for r in d["results"]:
    t = r["text"].encode()
    for a, b in r["matches"]:
        got.add((r["clause"]["path"], t[a:b].decode()))
print("ok" if want and got == want else "got %r, want %r" % (sorted(got), sorted(want)))
PY
)
expect_eq "ref: spans are the citations' text" "$res" ok
res=$(q "$db" --format json 'giao:"công an thành phố"' | python3 -c '
import json, sys, unicodedata
fold = lambda s: "".join(ch for ch in unicodedata.normalize("NFD", s) if unicodedata.category(ch) != "Mn").replace("đ", "d").replace("Đ", "D").lower()
d = json.load(sys.stdin)
spans = [fold(r["text"].encode()[a:b].decode()) for r in d["results"] for a, b in r["matches"]]
holds = sum("cong an thanh pho" in fold(r["text"]) for r in d["results"])
print("ok" if spans and set(spans) == {"cong an thanh pho"} and len(spans) >= holds else "spans %r, clauses holding the name %d" % (spans, holds))')
expect_eq "giao: spans are the assignee's name" "$res" ok
expect_eq "field spans are not mentions" "$(q "$db" --count 'ref:10/CT-TTg')" "1 clauses, 0 mentions"

# ---- --show NUMBER PINPOINT: the subtree of --show NUMBER
q "$db" --show 5287/BCĐ --format jsonl > "$TMP/show.jsonl"
want=$(python3 -c '
import json, sys
print(",".join(c["clause"]["path"] for c in map(json.loads, open(sys.argv[1], encoding="utf-8")) if c["clause"]["path"] == "5" or c["clause"]["path"].startswith("5.")))' "$TMP/show.jsonl")
[ -n "$want" ] && ok || fail "--show: no clause 5 in 5287/BCĐ"
subtree() { q "$db" --format jsonl "$@" | python3 -c 'import json,sys; print(",".join(json.loads(l)["clause"]["path"] for l in sys.stdin))'; }
expect_eq "--show 'NUMBER 5'" "$(subtree --show '5287/BCĐ 5')" "$want"
expect_eq "--show NUMBER 5" "$(subtree --show 5287/BCĐ 5)" "$want"
expect_eq "--show 'NUMBER 5.2'" "$(subtree --show '5287/bcd 5.2')" "5.2"
expect_status "--show no clause: exit 1" 1 q "$db" --show '5287/BCĐ d28'
expect_contains "--show no clause: message" "$(cat "$TMP/err")" "no clause d28 in 5287/BCĐ"
expect_status "--show no document: exit 1" 1 q "$db" --show 'NOPE/XX 5'
expect_contains "--show no document: message" "$(cat "$TMP/err")" "no document NOPE/XX"
res=$(q "$db" --show '5287/BCĐ d28' --format json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("clauses", []), d["error"]["status"], d["error"]["reason"], "d28" in d["error"]["message"])')
expect_eq "--show no clause: json error" "$res" "[] 1 not found True"

# ---- an index of the previous record layout (schema 3: no line tables) is refused with
# the way out, not misread
if command -v xapian-metadata >/dev/null; then
    cp -r "$db" "$TMP/old.db"
    xapian-metadata set "$TMP/old.db" vanban.schema 3
    expect_status "old index: exit 2" 2 q "$TMP/old.db" 'tín dụng đen'
    cur=$(sed -n 's/^#define VB_SCHEMA_VERSION "\([0-9]*\)".*/\1/p' "$ROOT/src/lib/store/schema.h")
    expect_contains "old index: says rebuild" "$(cat "$TMP/err")" "index schema 3, this vanban reads schema $cur: rebuild it"
else
    skip "no xapian-metadata: the old-schema check did not run"
fi

# ---- the real archive
if have_real; then
    rdb=$TMP/real.db
    $IDX --quiet --db "$rdb" "$REAL/docs" 2>/dev/null || fail "indexing the real corpus failed"
    docs_check "real: --docs nguoiky:Thủ tướng" "$rdb" 'nguoiky:"Thủ tướng"'
    # --docs --count against the clauses of --all grouped by file, counted here
    want=$(q "$rdb" --all --format jsonl 'nguoiky:"Thủ tướng"' | python3 -c '
import json, sys
files, n = set(), 0
for l in sys.stdin:
    files.add(json.loads(l)["doc"]["file"]); n += 1
print("%d documents, %d clauses, 0 mentions" % (len(files), n))')
    expect_eq "real: --docs --count nguoiky:Thủ tướng" "$(q "$rdb" --docs --count 'nguoiky:"Thủ tướng"')" "$want"
    docs_check "real: --docs tín dụng" "$rdb" 'tín dụng'
    # dates in order, undated documents last, the same documents as by score
    for order in date -date; do
        res=$(q "$rdb" --docs --limit 100000 --sort "$order" --format json 'nguoiky:"Thủ tướng"' | python3 -c '
import json, sys
d = json.load(sys.stdin); rev = sys.argv[1] == "-date"
dates = [r["doc"]["date"] for r in d["results"]]
dated = [x for x in dates if x]
ok = dated == sorted(dated, reverse=rev) and all(dates[i] for i in range(len(dated)))
print("ok %d" % len(dates) if ok else "out of order: %r" % dates[:20])' "$order")
        expect_eq "real: --docs --sort $order" "$res" "ok $(q "$rdb" --docs --count 'nguoiky:"Thủ tướng"' | cut -d' ' -f1)"
    done
    res=$(q "$rdb" --limit 100000 --sort -date --format json 'tín dụng' | python3 -c '
import json, sys
d = json.load(sys.stdin)
dates = [r["doc"]["date"] or "" for r in d["results"]]
dated = [x for x in dates if x]
print("ok" if dated == sorted(dated, reverse=True) and len(d["results"]) == d["total_clauses"] else "out of order")')
    expect_eq "real: clauses --sort -date" "$res" ok
    match_check "real: match_line tín dụng" "$rdb" 'tín dụng'
    r=$(cat "$TMP/res")
    case "$r" in "ok "*) set -- $r ;; *) set -- x 0 0 0 ;; esac
    [ "$3" -gt 0 ] && [ "$4" -gt 0 ] && ok || fail "real: match_line: nothing checked or no later line ($r)"
    # ref: spans hold the cited number as written in the citation
    res=$(q "$rdb" --all --format jsonl 'ref:"145/2020/NĐ-CP"' | python3 -c '
import json, sys
n = bad = 0
for l in sys.stdin:
    r = json.loads(l); n += 1; t = r["text"].encode()
    spans = [t[a:b].decode() for a, b in r["matches"]]
    if not any("145/2020" in s for s in spans): bad += 1
print("ok" if n and bad * 10 <= n else "%d of %d results without the citation" % (bad, n))')
    expect_eq "real: ref: spans" "$res" ok
    # --show with a pinpoint on a decree, spelt both ways
    q "$rdb" --show '145/2020/NĐ-CP' --format jsonl > "$TMP/rshow.jsonl"
    want=$(python3 -c '
import json, sys
print(",".join(c["clause"]["path"] for c in map(json.loads, open(sys.argv[1], encoding="utf-8")) if c["clause"]["path"] == "d28" or c["clause"]["path"].startswith("d28.")))' "$TMP/rshow.jsonl")
    [ -n "$want" ] && ok || fail "real: 145/2020/NĐ-CP has no Điều 28"
    expect_eq "real: --show 'NUMBER d28'" "$(q "$rdb" --format jsonl --show '145/2020/NĐ-CP d28' | python3 -c 'import json,sys; print(",".join(json.loads(l)["clause"]["path"] for l in sys.stdin))')" "$want"
    expect_eq "real: --show NUMBER 'Điều 28'" "$(q "$rdb" --format jsonl --show '145/2020/NĐ-CP' 'Điều 28' | python3 -c 'import json,sys; print(",".join(json.loads(l)["clause"]["path"] for l in sys.stdin))')" "$want"
    expect_status "real: --show no clause" 1 q "$rdb" --show '145/2020/NĐ-CP d999'
else
    skip "no real corpus at $REAL (../shared/corpus-real): the real-archive checks of --docs, --sort, match_line and --show did not run"
fi

finish
