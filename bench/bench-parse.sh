#!/usr/bin/env bash
# Parse-only throughput of vb_doc_parse over the real corpus (documents/s, MB/s).
# Files are decoded first; only vb_doc_parse is timed.
#   BUILD=build bash bench/bench-parse.sh [DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
DIR=${1:-../shared/corpus-real/docs}
ROUNDS=${2:-3}
if [ ! -d "$DIR" ]; then
  echo "bench-parse: $DIR not found; skipping" >&2
  exit 0
fi
[ -f "$BUILD/libvanban.a" ] || make "$BUILD/libvanban.a" >/dev/null
BIN="$BUILD/bench/parse_bench"
mkdir -p "$BUILD/bench"
cc -O2 -Iinclude bench/parse_bench.c "$BUILD/libvanban.a" \
  $(cat "$BUILD/link.flags" 2>/dev/null || echo "$(pkg-config --libs xapian-core libutf8proc) -lstdc++ -lm -lpthread") -o "$BIN"
"$BIN" "$DIR" "$ROUNDS"
