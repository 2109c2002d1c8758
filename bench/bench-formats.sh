#!/usr/bin/env bash
# Per-format indexing throughput beside omindex on the same files (make bench):
# MB/s for DOCX, ODT, DOC and HTML, pages/s for PDF (text layer) and for OCR
# (scanned pages). The files are real-corpus documents converted by
# LibreOffice (bench/formats-corpus.sh's cache, $FMT_DIR; the first N
# documents that have every format, default 40); the scan is the seed's
# fixture (tests/fixtures/formats). One job, best of ROUNDS (default 3).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
OUT=${FMT_DIR:-/tmp/vanban-formats}
N=${N:-40}
ROUNDS=${ROUNDS:-3}
REAL=$ROOT/../shared/corpus-real/docs
[ -d "$REAL" ] || { echo "bench-formats: SKIP: $REAL not found"; exit 0; }
command -v soffice >/dev/null || { echo "bench-formats: SKIP: LibreOffice not installed"; exit 0; }
names=()
for f in "$REAL"/*.txt; do
    n=$(basename "$f" .txt)
    names+=("$n")
    [ ${#names[@]} -ge "$N" ] && break
done
bash "$ROOT/tests/fixtures/formats/convert-corpus.sh" "$OUT" $(for n in "${names[@]}"; do echo "$REAL/$n.txt"; done) || exit $?
FX=$ROOT/tests/fixtures/formats/out
bash "$ROOT/tests/fixtures/formats/make-fixtures.sh" "$FX" || exit $?
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
best() {   # best wall seconds of ROUNDS runs of the command
    local b=""
    for ((r = 0; r < ROUNDS; r++)); do
        local s=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        local e=$(date +%s.%N)
        b=$(python3 -c "import sys; a=float(sys.argv[2])-float(sys.argv[1]); b=sys.argv[3]; print(min(a, float(b)) if b else a)" "$s" "$e" "$b")
    done
    echo "$b"
}
have_omindex=0
command -v omindex >/dev/null && have_omindex=1
printf '%-6s %6s %9s %8s | %-28s | %-28s\n' format files MB pages "vanban-index (1 job)" "omindex"
for x in txt docx odt doc html pdf ocr; do
    d=$W/$x
    mkdir -p "$d"
    if [ $x = ocr ]; then cp "$FX/seed-scan.pdf" "$d/"
    elif [ $x = txt ]; then for n in "${names[@]}"; do cp "$REAL/$n.txt" "$d/"; done
    elif [ $x = html ]; then for n in "${names[@]}"; do cp "$OUT/html/$n.html" "$d/" 2>/dev/null; done
    else for n in "${names[@]}"; do cp "$OUT/$x/$n.$x" "$d/" 2>/dev/null; done; fi
    files=$(ls "$d" | wc -l)
    bytes=$(cat "$d"/* | wc -c)
    pages=0
    if [ $x = pdf ] || [ $x = ocr ]; then
        for f in "$d"/*; do pages=$((pages + $(pdfinfo "$f" | sed -n 's/^Pages: *//p'))); done
    fi
    tv=$(best "$BUILD/bin/vanban-index" --db "$W/db-$x" --rebuild --jobs 1 --quiet "$d")
    to=""
    if [ $have_omindex = 1 ] && [ $x != ocr ]; then
        to=$(best bash -c "rm -rf '$W/om-$x'; omindex --db '$W/om-$x' --url / '$d'")
    fi
    rate() {   # rate SECONDS
        [ -n "$1" ] || { echo "-"; return; }
        python3 -c "import sys
t = float(sys.argv[1]); b = int(sys.argv[2]); p = int(sys.argv[3])
print('%.2f s, %.2f MB/s%s' % (t, b / t / 1e6, ', %.1f pages/s' % (p / t) if p else ''))" "$1" "$bytes" "$pages"
    }
    printf '%-6s %6d %9.2f %8s | %-28s | %-28s\n' $x "$files" "$(python3 -c "print($bytes/1e6)")" "${pages:-0}" "$(rate "$tv")" "$(rate "$to")"
done
