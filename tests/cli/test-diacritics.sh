#!/usr/bin/env bash
# Diacritics as typed (docs/query.md): a word typed with a mark binds that spelling, one typed
# without matches every spelling; a document typed without diacritics is matched by the folded
# form; --fold ignores what was typed, --exact binds every word. Counts on the real corpus are
# checked against an independent counter of this script (the --dump clause texts).
. "$(dirname "$0")/lib.sh"

cat > "$TMP/count.py" <<'PY'
import functools, json, re, sys, unicodedata
def nfc(s):
    s = unicodedata.normalize("NFC", s).lower()
    return s.replace("ð", "đ")
@functools.lru_cache(maxsize=None)   # syllables repeat: the vocabulary is small
def fold(s):
    s = unicodedata.normalize("NFD", nfc(s))
    return "".join(c for c in s if unicodedata.category(c) != "Mn").replace("đ", "d")
TOK = re.compile(r"[^\W\d_]+|\d+")
@functools.lru_cache(maxsize=None)
def marked_syllable(w):
    return any(c == "đ" or fold(c) != c for c in w)
def typed_without(text):
    syl = [w for w in re.findall(r"[^\W\d_]+", nfc(text)) if len(w) <= 7]
    return len(syl) >= 40 and sum(map(marked_syllable, syl)) < 0.10 * len(syl)
def clause(text):
    toks = TOK.findall(nfc(text))
    folded = [fold(t) for t in toks]
    return toks, folded, " " + " ".join(folded) + " "
def count(docs, phrase, mode):
    words = TOK.findall(nfc(phrase))
    fwords = [fold(w) for w in words]
    needle = " " + " ".join(fwords) + " "
    clauses = mentions = 0
    for d in docs:
        plain = mode == "fold" or d["without"]
        for toks, folded, joined in d["clauses"]:
            if needle not in joined:
                continue
            def ok(k, j):
                w = words[j]
                if plain and mode != "exact": return folded[k] == fwords[j]
                if mode == "exact" or marked_syllable(w): return toks[k] == w
                return folded[k] == w
            n = sum(1 for i in range(len(toks) - len(words) + 1)
                    if all(ok(i + j, j) for j in range(len(words))))
            if n:
                clauses += 1
                mentions += n
    return "%d clauses, %d mentions" % (clauses, mentions)
dump = json.load(open(sys.argv[1], encoding="utf-8"))
# every word of a document is in exactly one clause: the judgement reads them all
docs = [{"without": typed_without(" ".join(c["text"] for c in d["clauses"])),
         "clauses": [clause(c["text"]) for c in d["clauses"]]} for d in dump]
if sys.argv[2] == "--judged":
    print(" ".join("1" if d["without"] else "0" for d in docs))
    sys.exit(0)
# as-typed counts on stdout, the folded ones into the file argv[3]
for p in sys.argv[4:]:
    print(count(docs, p, sys.argv[2]))
with open(sys.argv[3], "w") as f:
    for p in sys.argv[4:]:
        print(count(docs, p, "fold"), file=f)
PY
# dump FILE... : a JSON list of the --dump objects with their text
dump() { $IDX --dump "$@" | python3 -c 'import json,sys
objs, dec, s = [], json.JSONDecoder(), sys.stdin.read()
i = 0
while i < len(s):
    if s[i].isspace(): i += 1; continue
    o, i = dec.raw_decode(s, i)
    objs.extend(o if isinstance(o, list) else [o])
print(json.dumps(objs))'; }

# ---------------------------------------------------------------- the seed, and a copy typed without diacritics
mkdir -p "$TMP/d"
cp "$ROOT/corpus/5287-BCD-2020.txt" "$TMP/d/marked.txt"
python3 -c 'import sys, unicodedata
s = open(sys.argv[1], encoding="utf-8").read()
s = unicodedata.normalize("NFD", s)
s = "".join(c for c in s if unicodedata.category(c) != "Mn").replace("đ", "d").replace("Đ", "D")
s = s.replace("5287/BCD", "5288/BCD")
open(sys.argv[2], "w", encoding="utf-8").write(s)' "$TMP/d/marked.txt" "$TMP/d/plain.txt"
# a third: marked, but "đen" mistyped as "đến" in its three mentions
sed 's/tín dụng đen/tín dụng đến/g; s|5287/BCĐ|5289/BCĐ|' "$TMP/d/marked.txt" > "$TMP/d/typo.txt"
$IDX --quiet --db "$TMP/d.db" "$TMP/d" || fail "indexing the fixture"
for f in marked plain typo; do
    $IDX --dump "$TMP/d/$f.txt" > "$TMP/$f.json" 2>/dev/null
    valid_json "--dump $f" "$TMP/$f.json"
done
without() { python3 -c 'import json,sys; d = json.load(open(sys.argv[1]))["diacritics"]; print(d["typed_without"], d["syllables"] > 500, d["marked"] * 10 > d["syllables"])' "$1"; }
expect_eq "--dump: the seed is typed with diacritics" "$(without "$TMP/marked.json")" "False True True"
expect_eq "--dump: its copy without marks is typed without" "$(without "$TMP/plain.json")" "True True False"
expect_eq "the counter judges the same" "$(dump "$TMP/d/marked.txt" "$TMP/d/plain.txt" > "$TMP/dd.json" && python3 "$TMP/count.py" "$TMP/dd.json" --judged)" "0 1"

files() { $QRY --db "$TMP/d.db" --all --format jsonl "$@" 2>/dev/null | python3 -c 'import json,sys
print(" ".join(sorted({json.loads(l)["doc"]["file"].rsplit("/", 1)[-1][:-4] for l in sys.stdin if "doc" in json.loads(l)})))'; }
expect_eq "tín dụng đen: as typed, and the document typed without" "$(files 'tín dụng đen')" "marked plain"
expect_eq "tin dung den: every spelling" "$(files 'tin dung den')" "marked plain typo"
expect_eq "--fold tín dụng đen: every spelling" "$(files --fold 'tín dụng đen')" "marked plain typo"
expect_eq "--exact tín dụng đen: only as typed" "$(files --exact 'tín dụng đen')" "marked"
expect_eq "tín dụng đến: the mistyped document (and the one typed without)" "$(files 'tín dụng đến')" "plain typo"
expect_eq "--count tín dụng đen" "$($QRY --db "$TMP/d.db" --count 'tín dụng đen')" "6 clauses, 6 mentions"
# the mentions in the document typed without diacritics are marked too
$QRY --db "$TMP/d.db" --all --format jsonl 'tín dụng đen' > "$TMP/m.jsonl"
expect_eq "mentions in the document typed without" "$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["doc"]["file"].endswith("plain.txt"):
        t = r["text"].encode()
        print(",".join(t[s:e].decode().lower() for s, e in r["matches"]))' "$TMP/m.jsonl" | sort -u)" "tin dung den"
expect_status "--exact and --fold together: a usage error" 2 $QRY --db "$TMP/d.db" --exact --fold 'x'

# ---------------------------------------------------------------- the real corpus, against the counter
real=$ROOT/../shared/corpus-real/docs
if [ ! -d "$real" ]; then
    skip "test-diacritics: $real is absent; the real-corpus counts are not checked"
else
    $IDX --quiet --db "$TMP/real.db" "$real" 2>/dev/null
    dump "$real"/*.txt > "$TMP/real.json" 2>/dev/null
    phrases=('mưa bão' 'chỉ thị' 'thuế' 'thuê' 'thue' 'mua bao' 'tín dụng' 'đường bộ')
    python3 "$TMP/count.py" "$TMP/real.json" as-typed "$TMP/want-fold.txt" "${phrases[@]}" > "$TMP/want.txt"
    expect_eq "the counter answers every phrase" "$(wc -l < "$TMP/want.txt")" "${#phrases[@]}"
    for i in "${!phrases[@]}"; do
        p=${phrases[$i]}
        expect_eq "real corpus, as typed: [$p]" "$($QRY --db "$TMP/real.db" --all --count "$p")" "$(sed -n "$((i + 1))p" "$TMP/want.txt")"
        expect_eq "real corpus, --fold: [$p]" "$($QRY --db "$TMP/real.db" --all --count --fold "$p")" "$(sed -n "$((i + 1))p" "$TMP/want-fold.txt")"
    done
    # fields as people type them (docs/query-syntax.md): accented, plain and English names
    # are one field, and a field value of several words needs its quotes
    rq() { $QRY --db "$TMP/real.db" --all --count "$@" 2>/dev/null; }
    n=$(rq 'loại:"chỉ thị"')
    [ -n "$n" ] && [ "${n%% *}" -gt 0 ] && ok || fail "real corpus: loại:\"chỉ thị\" finds nothing ($n)"
    expect_eq "real corpus: loại: = loai: = type:" "$(rq 'loai:"chi thi"') $(rq 'type:"chỉ thị"')" "$n $n"
    expect_eq "real corpus: năm: = nam: = year:" "$(rq 'năm:2025') $(rq 'year:2025')" "$(rq 'nam:2025') $(rq 'nam:2025')"
    expect_eq "real corpus: cơ quan: = coquan: = issuer:" "$(rq 'cơ quan:"Bộ Tài chính"') $(rq 'issuer:"bo tai chinh"')" \
        "$(rq 'coquan:"Bộ Tài chính"') $(rq 'coquan:"Bộ Tài chính"')"
    expect_status "real corpus: coquan:Bộ Tài chính without quotes is an error" 2 $QRY --db "$TMP/real.db" --count 'coquan:Bộ Tài chính'
    expect_contains "... that shows the quotes" "$(cat "$TMP/err")" 'coquan:"Bộ Tài chính"'
    expect_status "real corpus: an unknown field is an error" 2 $QRY --db "$TMP/real.db" --count 'loia:"chỉ thị"'
    expect_contains "... that suggests the field" "$(cat "$TMP/err")" "did you mean loai:?"
    # labels in legal order on real decrees: dN "Điều N", dN.K "khoản K Điều N" (or a dash item "ý K Điều N"),
    # dN.K.x "điểm x khoản K Điều N"
    res=$($QRY --db "$TMP/real.db" --all --format jsonl 'loai:"nghị định" nam:2025' 2>/dev/null | python3 -c '
import json, re, sys
n, bad = 0, []
for line in sys.stdin:
    c = json.loads(line)["clause"]
    m = re.fullmatch(r"d(\d+[a-z]?)(?:\.(\d+))?(?:\.([a-zđ]))?", c["path"])
    if not m: continue
    d, k, x = m.groups()
    wants = ["Điều " + d]
    # a numbered khoản, or a dash item right under the article ("ý 1 Điều 19")
    if k: wants = ["%s %s %s" % (w, k, wants[0]) for w in ("khoản", "ý")]
    if x: wants = ["điểm %s %s" % (x, w) for w in wants]
    n += 1
    if not any(c["label"].startswith(w) for w in wants): bad.append((c["path"], c["label"]))
print("ok" if n > 200 and not bad else (n, bad[:3]))')
    expect_eq "real corpus: labels in legal order (Nghị định of 2025)" "$res" ok
    # the figures docs/query.md quotes, as the counter computes them
    echo "test-diacritics: real corpus: mưa bão $(sed -n 1p "$TMP/want.txt") (folded $(sed -n 1p "$TMP/want-fold.txt")); thuế $(sed -n 3p "$TMP/want.txt") (thue $(sed -n 5p "$TMP/want.txt"))"
fi
finish
