#!/usr/bin/env bash
# Issue 16's OCR acceptance (make check-ocr; minutes, run by hand): 20 real
# documents (every 40th of ../shared/corpus-real), their PDF (made by
# bench/formats-corpus.sh's conversion, in $FMT_DIR) rendered at 300 dpi,
# dusted and wrapped back into a PDF without text (the first PAGES pages,
# default 2), read by OCR: the character error rate against the text layer of
# the same pages must be <= 2 %, and the number and date read as from the .txt.
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
    last=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
    [ "$last" -gt "$PAGES" ] && last=$PAGES
    rm -f "$OUT/ocr/$n"-*.pgm
    pdftoppm -r 300 -gray -f 1 -l "$last" "$pdf" "$OUT/ocr/$n"
    python3 "$ROOT/tests/fixtures/formats/pgm2pdf.py" "$OUT/ocr/$n-scan.pdf" 300 0.001 "$OUT/ocr/$n"-*.pgm
    rm -f "$OUT/ocr/$n"-*.pgm
    pdftotext -layout -f 1 -l "$last" "$pdf" "$OUT/ocr/$n.truth.txt"
    "$BUILD/bin/vanban-index" --dump --tokens "$OUT/ocr/$n-scan.pdf" > "$OUT/ocr/$n.ocr.json"
    "$BUILD/bin/vanban-index" --dump "$f" > "$OUT/ocr/$n.txt.json"
    npages=$((npages + last))
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
