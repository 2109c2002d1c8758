#!/usr/bin/env bash
# Issue 16's OCR acceptance (make check-ocr; minutes, run by hand): 20 real
# documents (every 40th of ../shared/corpus-real), their PDF (made by
# bench/formats-corpus.sh's conversion, in $FMT_DIR) rendered at 300 dpi,
# dusted and wrapped back into a PDF without text (the first PAGES pages,
# default 2, the page whose text layer gives the number the .txt gives when it
# is further on (a VBHN's authentication block) and the page after it, and the
# last page, where a
# law's adoption date stands), read by OCR: the character error rate against the
# text layer of the same pages must be <= 2 %, and the number and date read as
# from the .txt. The scan keeps the document's file name (a number inferred
# from the name must not differ by a suffix).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
REAL=$ROOT/../shared/corpus-real/docs
OUT=${FMT_DIR:-/tmp/vanban-formats}
PAGES=${PAGES:-2}
[ -d "$REAL" ] || { echo "ocr-corpus: SKIP: $REAL not found"; exit 0; }
files=$(ls "$REAL"/*.txt | awk 'NR % 40 == 1' | head -20)
bash "$ROOT/tests/fixtures/formats/convert-corpus.sh" "$OUT" $files || exit $?
mkdir -p "$OUT/ocr"
start=$(date +%s)
npages=0
for f in $files; do
    n=$(basename "$f" .txt)
    pdf=$OUT/pdf/$n.pdf
    [ -f "$pdf" ] || { echo "$n: no PDF"; continue; }
    total=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
    pages=$(seq 1 $(( total < PAGES ? total : PAGES )))
    num=$("$BUILD/bin/vanban-index" --dump "$f" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["doc"].get("number") or "")')
    if [ -n "$num" ] && [ "$total" -gt "$PAGES" ] && ! pdftotext -f 1 -l "$PAGES" "$pdf" - | grep -qF "$num"; then
        for ((p = PAGES + 1; p < total; p++)); do
            if pdftotext -f $p -l $p "$pdf" - | grep -qF "$num"; then pages="$pages $p"; [ $((p + 1)) -lt "$total" ] && pages="$pages $((p + 1))"; break; fi
        done
    fi
    [ "$total" -gt "$PAGES" ] && pages="$pages $total"
    rm -f "$OUT/ocr/$n"-*.pgm "$OUT/ocr/$n.truth.txt"
    mkdir -p "$OUT/ocr/scan"
    for p in $pages; do
        pdftoppm -r 300 -gray -f "$p" -l "$p" "$pdf" "$OUT/ocr/$n-$(printf '%04d' "$p")"
        pdftotext -layout -f "$p" -l "$p" "$pdf" - >> "$OUT/ocr/$n.truth.txt"
    done
    python3 "$ROOT/tests/fixtures/formats/pgm2pdf.py" "$OUT/ocr/scan/$n.pdf" 300 0.001 "$OUT/ocr/$n"-*.pgm
    rm -f "$OUT/ocr/$n"-*.pgm
    "$BUILD/bin/vanban-index" --dump --tokens "$OUT/ocr/scan/$n.pdf" > "$OUT/ocr/$n.ocr.json"
    "$BUILD/bin/vanban-index" --dump "$f" > "$OUT/ocr/$n.txt.json"
    npages=$((npages + $(wc -w <<<"$pages")))
done
secs=$(( $(date +%s) - start ))
PYTHONPATH="$ROOT/tests/fixtures/formats" python3 - "$OUT/ocr" $(for f in $files; do basename "$f" .txt; done) <<'PY'
import json, os, sys
from cer import errors, dump_text
d = sys.argv[1]
E = C = 0
hdr = [0, 0]
for n in sys.argv[2:]:
    p = os.path.join(d, n + '.ocr.json')
    if not os.path.exists(p):
        continue
    o = json.load(open(p, encoding='utf-8'))
    t = json.load(open(os.path.join(d, n + '.txt.json'), encoding='utf-8'))
    e, c = errors(open(os.path.join(d, n + '.truth.txt'), encoding='utf-8').read(), dump_text(o))
    E += e
    C += c
    fields = [(k, o['doc'].get(k), t['doc'].get(k)) for k in ('number', 'date')]
    okh = all(a == b for _, a, b in fields)
    hdr[0] += okh
    hdr[1] += 1
    print('%-36s cer %.4f  %s%s' % (n, e / max(c, 1), 'header ok' if okh else 'header DIFFERS',
                                    '' if okh else ' ' + str([(k, a, b) for k, a, b in fields if a != b])))
print('SUMMARY ocr: character error rate %.4f over %d characters; number and date right in %d/%d documents'
      % (E / max(C, 1), C, hdr[0], hdr[1]))
PY
echo "ocr-corpus: $npages pages in $secs s"
