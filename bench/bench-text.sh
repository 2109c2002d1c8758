#!/usr/bin/env bash
# make bench-text: text layer throughput on the real corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus-real/docs
[ -d "$corpus" ] || { echo "bench-text: $corpus is absent; nothing to measure"; exit 0; }
BUILD=${BUILD:-build}
mkdir -p "$BUILD/bench"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude bench/text_bench.c "$BUILD/libvanban.a" \
   $(cat "$BUILD/link.flags" 2>/dev/null || echo "$(pkg-config --libs xapian-core libutf8proc) -lstdc++ -lm -lpthread") -o "$BUILD/bench/text_bench"
"$BUILD/bench/text_bench" "$corpus" 5
