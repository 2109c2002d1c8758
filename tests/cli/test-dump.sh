#!/usr/bin/env bash
# --dump --tokens: the seed in every encoding and spelling gives the same folded tokens.
. "$(dirname "$0")/lib.sh"

seed="$ROOT/corpus/5287-BCD-2020.txt"
v="$TMP/v"
mkdir -p "$v"
# curly quotes do not exist in TCVN3 and VISCII: compare without them everywhere
python3 - "$seed" "$v" <<'PY'
import sys, unicodedata
src, out = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read().replace("\u201c", "").replace("\u201d", "")
open(out + "/utf8.txt", "w", encoding="utf-8").write(text)
open(out + "/nfd.txt", "w", encoding="utf-8").write(unicodedata.normalize("NFD", text))
open(out + "/utf16.txt", "wb").write(text.encode("utf-16"))          # with BOM
open(out + "/crlf.txt", "wb").write(text.replace("\n", "\r\n").encode("utf-8-sig"))
# the other tone placement: hoà/thuỷ/khoẻ for hòa/thủy/khỏe (open syllables only)
import re
moves = {}
for pair, base in (("oa", "o"), ("oe", "o"), ("uy", "u")):
    for tone in "\u0300\u0301\u0309\u0303\u0323":
        for up in (False, True):
            a, b = pair
            old = unicodedata.normalize("NFC", a + tone + b)
            new = unicodedata.normalize("NFC", a + b + tone)
            if up:
                old, new = old.upper(), new.upper()
            moves[old] = new
def swap(m):
    w = m.group(0)
    for old, new in moves.items():
        if w.lower().endswith(old.lower()) and w[-2:] == old:
            return w[:-2] + new
    return w
open(out + "/newtone.txt", "w", encoding="utf-8").write(re.sub(r"\w+", swap, text))
PY
iconv -f UTF-8 -t CP1258 "$v/utf8.txt" > "$v/cp1258.txt"
iconv -f UTF-8 -t TCVN5712-1 "$v/utf8.txt" > "$v/tcvn3.txt"
iconv -f UTF-8 -t VISCII "$v/utf8.txt" > "$v/viscii.txt"
python3 "$ROOT/tests/cli/vni.py" < "$v/utf8.txt" > "$v/vni.txt"

folded() { $IDX --dump --tokens "$1" | python3 -c 'import json,sys
d = json.load(sys.stdin)
print(d["encoding"])
print(" ".join(t["folded"] for t in d["tokens"] if t["kind"] in ("word", "number")))'; }
exact() { $IDX --dump --tokens "$1" | python3 -c 'import json,sys
d = json.load(sys.stdin)
print(" ".join(t["exact"] for t in d["tokens"] if t["kind"] in ("word", "number")))'; }

ref=$(folded "$v/utf8.txt" | tail -1)
[ "$(echo "$ref" | wc -w)" -gt 2000 ] && ok || fail "too few tokens in the seed"
for f in nfd utf16 crlf cp1258 tcvn3 viscii vni newtone; do
    out=$(folded "$v/$f.txt")
    enc=$(echo "$out" | head -1)
    case $f in
        nfd|crlf|newtone) want=utf-8 ;; utf16) want=utf-16le ;; *) want=$f ;;
    esac
    expect_eq "$f: detected encoding" "$enc" "$want"
    expect_eq "$f: same folded tokens as the seed" "$(echo "$out" | tail -1 | md5sum)" "$(echo "$ref" | md5sum)"
done
# exact forms agree too, whatever the tone placement
expect_eq "new tone placement: same exact tokens" "$(exact "$v/newtone.txt" | md5sum)" "$(exact "$v/utf8.txt" | md5sum)"
grep -q 'hoà\|thuỷ\|Uỷ\|khoẻ' "$v/newtone.txt" && ok || fail "the tone variant did not move any tone"

# the dump is the document model of SPEC
$IDX --dump "$seed" > "$TMP/seed.json"
valid_json "dump is JSON" "$TMP/seed.json"
got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["format_version"], d["doc"]["number"], d["doc"]["date"], d["doc"]["type"], len(d["clauses"]), len(d["citations"]))' "$TMP/seed.json")
expect_eq "dump header" "$got" "1 5287/BCĐ 2020-08-21 Công văn 24 3"
finish
