#!/usr/bin/env bash
# Input formats (issue 16): the seed converted by LibreOffice to DOCX, ODT,
# DOC, PDF and HTML must give the same document as its text (header fields,
# clause paths, citations, folded tokens); a scan of it must be read by OCR
# (number, date, every "tín dụng đen", character error rate); Word and ODT
# list numbering, tables, footnotes and page headers; a portal page's main
# content only; results that point at a PDF's page; --no-ocr; hostile files
# of every format (each named with its reason, exit 1, nothing else lost);
# a DOC extractor that hangs is killed at its time limit.
# Fixtures are generated once (tests/fixtures/formats/make-fixtures.sh).
. "$(dirname "$0")/lib.sh"

built=$($BUILD/bin/vanban-index --help | sed -n 's/^Formats this build reads: //p')
has() { case " $built " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
FX=${VB_FORMAT_FIXTURES:-$ROOT/tests/fixtures/formats/out}
bash "$ROOT/tests/fixtures/formats/make-fixtures.sh" "$FX"
rc=$?
if [ $rc = 3 ]; then
    skip "test-formats: LibreOffice or poppler-utils missing: format fixtures cannot be made"
    echo "test-formats: 0 passed, 0 failed"
    exit 0
fi
expect_eq "fixtures made" "$rc" 0
cp "$ROOT/corpus/5287-BCD-2020.txt" "$TMP/seed.txt"
$IDX --dump --tokens "$TMP/seed.txt" > "$TMP/seed.txt.json"

# compare FORMAT: header, paths, citations, folded tokens against the text
compare() { python3 "$ROOT/tests/fixtures/formats/compare.py" "$TMP/seed.txt.json" "$1"; }

for x in docx odt doc pdf html; do
    if ! has $x; then skip "test-formats: $x is not read by this build"; continue; fi
    $IDX --dump --tokens "$FX/seed.$x" > "$TMP/seed.$x.json" 2>"$TMP/err.$x"
    expect_eq "$x: dump exit" "$?" 0
    expect_eq "$x: the same document as the text" "$(compare "$TMP/seed.$x.json")" "same"
    expect_eq "$x: format" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["format"])' "$TMP/seed.$x.json")" "$x"
done

# ---------------------------------------------------------------- numbering, tables, notes, page headers
for x in docx odt; do
    has $x || continue
    $IDX --dump "$FX/numbered.$x" > "$TMP/n.$x.json"
    got=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(" ".join(c["path"] for c in d["clauses"]))
print(d["doc"]["number"], d["doc"]["date"], "|".join(d["doc"]["issuer"]), d["doc"]["signer"]["name"])
print([c.get("assignee") for c in d["clauses"] if c["path"] == "1.b"][0])
print(" ".join(c["text"] for c in d["clauses"]))' "$TMP/n.$x.json")
    expect_eq "$x: list labels from the numbering definitions" "$(sed -n 1p <<<"$got")" "h p1 1 1.a 1.b 2 2.a 3 f"
    expect_eq "$x: header from the table" "$(sed -n 2p <<<"$got")" "17/CT-UBND 2025-03-12 Ủy ban nhân dân tỉnh Quảng Trị Võ Văn Hưng"
    expect_eq "$x: assignee inherited by a numbered sub-item" "$(sed -n 3p <<<"$got")" "Công an tỉnh"
    expect_not_contains "$x: page header left out" "$got" "RUNNINGHEAD"
done
if has docx; then expect_contains "docx: footnote kept" "$(cat "$TMP/n.docx.json")" "Theo số liệu của Công an tỉnh"; fi

# ---------------------------------------------------------------- a portal page: the main content only
if has html; then
    $IDX --dump "$FX/portal.html" > "$TMP/portal.json"
    got=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(" ".join(c["path"] for c in d["clauses"]))
print(" ".join(c["text"] for c in d["clauses"]))' "$TMP/portal.json")
    expect_eq "html: clauses of the document" "$(sed -n 1p <<<"$got")" "h p1 1 1.a 1.b 2 2.a 3 f"
    for junk in "Trang chủ" "Tìm kiếm" "tracking" "QUẢNG CÁO" "Bản quyền" "100/2019/NĐ-CP" "TÍN DỤNG ĐEN trong CSS" "var menu"; do
        expect_not_contains "html: no '$junk' (menus, scripts, styles, hidden, sidebar, footer)" "$got" "$junk"
    done
fi

# ---------------------------------------------------------------- OCR: a scan and an image
if [ -n "$VG" ]; then
    skip "test-formats: OCR not run under valgrind (Tesseract takes minutes a page there)"
elif has image && has pdf; then
    pages=$(cat "$FX/seed-scan.pages")
    for p in $pages; do pdftotext -layout -f $p -l $p "$FX/seed.pdf" - ; done > "$TMP/scan-truth.txt"
    $IDX --dump --tokens "$FX/seed-scan.pdf" > "$TMP/scan.json" 2>"$TMP/scan.err"
    expect_eq "ocr: dump exit" "$?" 0
    res=$(PYTHONPATH="$ROOT/tests/fixtures/formats" python3 - "$TMP/scan.json" "$TMP/scan-truth.txt" <<'PY'
import json, sys
from cer import errors, norm, dump_text
d = json.load(open(sys.argv[1], encoding='utf-8'))
truth = open(sys.argv[2], encoding='utf-8').read()
text = '\n'.join(c['text'] for c in d['clauses'])
err, chars = errors(truth, dump_text(d))   # the character error rate (cer.py)
pages = d.get('pages', [])
print('pages', len(pages), all(p['ocr'] for p in pages), all(p.get('confidence', -1) >= 0 for p in pages))
print('doc', d['doc']['number'], d['doc']['date'])
print('tdd', norm(truth).count('tín dụng đen'), norm(text).count('tín dụng đen'))
print('cer %.4f' % (err / max(chars, 1)))
PY
)
    npages=$(wc -w <<<"$pages")
    expect_eq "ocr: every page read by OCR, with its confidence" "$(sed -n 1p <<<"$res")" "pages $npages True True"
    expect_eq "ocr: number and date" "$(sed -n 2p <<<"$res")" "doc 5287/BCĐ 2020-08-21"
    tdd=$(sed -n 3p <<<"$res")
    set -- $tdd
    if [ "$2" -ge 1 ] && [ "$2" = "$3" ]; then ok; else fail "ocr: every 'tín dụng đen' found: $tdd"; fi
    cer=$(sed -n 4p <<<"$res" | cut -d' ' -f2)
    if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= 0.02 else 1)" "$cer"; then ok; else fail "ocr: character error rate $cer > 0.02"; fi
    echo "test-formats: OCR of $npages scanned pages: character error rate $cer"
    # --no-ocr leaves the scanned pages unread
    $IDX --dump --no-ocr "$FX/seed-scan.pdf" > "$TMP/noocr.json"
    expect_eq "ocr: --no-ocr reads no text" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(c["text"]) for c in d["clauses"]), [p["ocr"] for p in d["pages"]].count(True))' "$TMP/noocr.json")" "0 0"
    $IDX --dump "$FX/seed-p1.png" > "$TMP/png.json"
    expect_eq "ocr: an image" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["format"], d["doc"]["number"], d["doc"]["date"])' "$TMP/png.json")" "image 5287/BCĐ 2020-08-21"
    # each page read by OCR is told (a 500-page scan shows where it is); --quiet tells nothing
    $IDX --db "$TMP/pngdb" "$FX/seed-p1.png" 2>"$TMP/png.err" >/dev/null
    expect_eq "ocr: indexing an image, exit" "$?" 0
    expect_eq "ocr: its page told as read" "$(grep -c 'seed-p1.png: OCR page 1/1 (confidence [0-9]* %)' "$TMP/png.err")" 1
fi

# ---------------------------------------------------------------- the index: every format, pages in results
mkdir -p "$TMP/tree/sub"
cp "$TMP/seed.txt" "$TMP/tree/"
for x in docx odt doc pdf html; do has $x && cp "$FX/seed.$x" "$TMP/tree/sub/"; done
has pdf && cp "$FX/seed.pdf" "$TMP/tree/sub/no-extension"   # told by content
$IDX --db "$TMP/db" --quiet "$TMP/tree" 2>"$TMP/err"
expect_eq "index: every format, exit" "$?" 0
n=$($QRY --db "$TMP/db" --docs --count 'tín dụng đen' | grep -o '^[0-9]*' | head -1)
want=$(( 1 + $(for x in docx odt doc pdf html; do has $x && echo $x; done | wc -l) + $(has pdf && echo 1 || echo 0) ))
expect_eq "index: the seed found in each file" "$n" "$want"
if has pdf; then
    out=$($QRY --db "$TMP/db" --all 'so:5287/BCĐ tín dụng đen')
    expect_contains "results point at the PDF's page" "$out" "seed.pdf#page="
    $QRY --db "$TMP/db" --all --format json 'tín dụng đen' > "$TMP/r.json"
    expect_eq "json: page and location of a PDF result" "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
r = [x for x in d["results"] if x["doc"]["file"].endswith("seed.pdf")][0]["clause"]
print(r["page"] >= 1, r["location"] == r["location"].split("#")[0] + "#page=%d" % r["page"])
t = [x for x in d["results"] if x["doc"]["file"].endswith("seed.txt")][0]["clause"]
print("page" in t)' "$TMP/r.json")" "True True
False"
fi

# ---------------------------------------------------------------- hostile files of every format
H=$TMP/hostile
mkdir -p "$H"
cp "$FX"/hostile/* "$H/"
has pdf && cp "$FX/encrypted.pdf" "$H/"
printf 'Số: 9/CT-UBND\nGiao Sở Tư pháp kiểm tra hostilemarker.\n' > "$H/good.txt"
$IDX --db "$TMP/hdb" --quiet "$H" 2>"$TMP/herr"
expect_eq "hostile: exit 1" "$?" 1
declare -A why=(
    [truncated.docx]="corrupt zip" [bomb.docx]="zip bomb" [nobody.docx]="no word/document.xml"
    [notxml.docx]="not well-formed XML" [broken.odt]="not well-formed XML" [headeronly.pdf]="not a readable PDF"
    [junk.pdf]="not a readable PDF" [bad.png]="damaged PNG" [notword.doc]="could not read it"
    [encrypted.pdf]="encrypted PDF")
for f in "${!why[@]}"; do
    [ -f "$H/$f" ] || continue
    case $f in *.docx|*.odt) has docx || continue ;; *.pdf) has pdf || continue ;; *.png) has image || continue ;; *.doc) has doc || continue ;; esac
    expect_eq "hostile: $f named once with its reason" "$(grep -c "^vanban-index: $H/$f: .*${why[$f]}" "$TMP/herr")" 1
done
expect_eq "hostile: nothing else on stderr" "$(grep -vc "^vanban-index: $H/" "$TMP/herr")" 0
expect_eq "hostile: the good file indexed" "$($QRY --db "$TMP/hdb" --count hostilemarker | grep -o '^[0-9]*' | head -1)" 1

# a DOC extractor that hangs is killed at its time limit, and so is what it started
if has doc; then
    printf '#!/bin/sh\nsleep 300 &\nwait\n' > "$TMP/hang.sh"
    chmod +x "$TMP/hang.sh"
    start=$(date +%s)
    VANBAN_DOC_EXTRACTOR=$TMP/hang.sh VANBAN_EXTRACTOR_SECONDS=2 $IDX --dump "$FX/hostile/notword.doc" >/dev/null 2>"$TMP/hang.err"
    expect_eq "hang: exit 1" "$?" 1
    expect_contains "hang: named, killed" "$(cat "$TMP/hang.err")" "did not finish in 2 s: killed"
    if [ $(( $(date +%s) - start )) -lt $((60 * TSCALE)) ]; then ok; else fail "hang: the extractor was not stopped"; fi
    sleep 0.5
    expect_eq "hang: no extractor left running" "$(pgrep -f "$TMP/hang.sh" | wc -l)" 0
fi
finish
