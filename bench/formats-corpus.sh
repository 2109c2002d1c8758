#!/usr/bin/env bash
# Issue 16's acceptance over the whole real corpus (make check-formats; minutes,
# not part of make check): every document of ../shared/corpus-real converted
# to DOCX, ODT, DOC and PDF by LibreOffice (cached in $FMT_DIR, default
# /tmp/vanban-formats) must give the same header fields, clause paths and
# citations as its .txt for >= 98 % of documents, folded tokens >= 99.5 %
# identical. Prints the documents that differ, with the reason.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
REAL=$ROOT/../shared/corpus-real/docs
OUT=${FMT_DIR:-/tmp/vanban-formats}
[ -d "$REAL" ] || { echo "formats-corpus: SKIP: $REAL not found"; exit 0; }
bash "$ROOT/tests/fixtures/formats/convert-corpus.sh" "$OUT" "$REAL"/*.txt || exit $?
mkdir -p "$OUT/json/txt"
for x in docx odt doc pdf; do mkdir -p "$OUT/json/$x"; done
dump() {   # dump SRC DST: --dump --tokens of SRC into DST unless DST is newer
    [ -s "$2" ] && [ "$2" -nt "$1" ] && [ "$2" -nt "$BUILD/bin/vanban-index" ] && return 0
    "$BUILD/bin/vanban-index" --dump --tokens "$1" > "$2" 2>>"$OUT/json/errors.log" || : > "$2"
}
export -f dump 2>/dev/null
start=$(date +%s)
for f in "$REAL"/*.txt; do
    n=$(basename "$f" .txt)
    dump "$f" "$OUT/json/txt/$n.json"
    for x in docx odt doc pdf; do [ -f "$OUT/$x/$n.$x" ] && dump "$OUT/$x/$n.$x" "$OUT/json/$x/$n.json"; done
done
echo "formats-corpus: dumps in $(( $(date +%s) - start )) s"
python3 "$ROOT/tests/fixtures/formats/compare.py" --batch "$OUT/json" docx odt doc pdf
