#!/usr/bin/env bash
# Build the libFuzzer harnesses of tests/fuzz/ and run each for a while.
#
#   FUZZ_SECONDS=N bash tests/fuzz/run-fuzz.sh [HARNESS...]
#
# HARNESS is decode, tokenize, doc, cite, query or shard (default: all six, one
# after the other). The library sources are compiled here with clang into
# build/fuzz/ (the main build is not touched): -fsanitize=fuzzer-no-link,
# address,undefined for the library, -fsanitize=fuzzer,address,undefined for
# the harnesses. Each harness fuzzes a working corpus build/fuzz/corpus/<h>/
# (created from tests/fuzz/corpus/<h>/, kept between runs; the repository
# stays clean) and replays tests/fuzz/regressions/<h>/ first. Crashes and
# invariant failures go to build/fuzz/crashes/<h>/, the libFuzzer log to
# build/fuzz/logs/<h>.log. One summary line per harness; exit 1 if any
# harness found something (or failed to build or run).
#
# Environment:
#   FUZZ_SECONDS   seconds per harness (default 30)
#   FUZZ_PARALLEL  harnesses run at the same time (default 1)
#   FUZZ_TIMEOUT   seconds one input may take before it counts as a hang (default 25)
#   FUZZ_RSS_MB    memory limit per harness in MB (default 2048)
#   FUZZ_ARGS      more libFuzzer options, e.g. "-seed=1 -only_ascii=1"
#   FUZZ_BUILD     build directory (default build/fuzz)
#   FUZZ_CC, FUZZ_CXX  compilers (default clang, clang++)
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
OUT=${FUZZ_BUILD:-$ROOT/build/fuzz}
SECS=${FUZZ_SECONDS:-30}
PAR=${FUZZ_PARALLEL:-1}
TMO=${FUZZ_TIMEOUT:-25}
RSS=${FUZZ_RSS_MB:-2048}
CC=${FUZZ_CC:-clang}
CXX=${FUZZ_CXX:-clang++}
ALL=(decode tokenize doc cite query shard)
if [ $# -gt 0 ]; then HARNESSES=("$@"); else HARNESSES=("${ALL[@]}"); fi
for h in "${HARNESSES[@]}"; do
    [ -f "tests/fuzz/fuzz_$h.c" ] || { echo "run-fuzz: no harness '$h' (one of: ${ALL[*]})" >&2; exit 2; }
done
case "$SECS" in ''|*[!0-9]*) echo "run-fuzz: FUZZ_SECONDS must be a whole number" >&2; exit 2 ;; esac

max_len() { case "$1" in query|tokenize) echo 1024 ;; *) echo 4096 ;; esac; }
dict_of() { case "$1" in query) echo tests/fuzz/query.dict ;; doc|cite|decode) echo tests/fuzz/doc.dict ;; *) echo "" ;; esac; }

command -v "$CC" >/dev/null && command -v "$CXX" >/dev/null ||
    { echo "run-fuzz: $CC/$CXX not found (apt-get install clang libclang-rt-dev)" >&2; exit 2; }
PKGS="xapian-core libutf8proc"
PKG_CFLAGS=$(pkg-config --cflags $PKGS) || { echo "run-fuzz: pkg-config $PKGS failed" >&2; exit 2; }
PKG_LIBS=$(pkg-config --libs $PKGS)
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g $SAN -Iinclude -Isrc -Isrc/lib $PKG_CFLAGS"
CXXFLAGS="-std=c++11 -O1 -g $SAN -Iinclude -Isrc $PKG_CFLAGS"

# ---------------------------------------------------------------- build
mkdir -p "$OUT/obj" "$OUT/bin" "$OUT/logs" || exit 2
HDRS=(include/*.h src/lib/*.h src/lib/*/*.h src/xapian/*.h)
newest_hdr=""
for f in "${HDRS[@]}"; do
    [ -f "$f" ] || continue
    if [ -z "$newest_hdr" ] || [ "$f" -nt "$newest_hdr" ]; then newest_hdr=$f; fi
done
stale() { # stale OBJ SRC: OBJ missing or older than SRC or any header
    [ ! -f "$1" ] || [ "$2" -nt "$1" ] || { [ -n "$newest_hdr" ] && [ "$newest_hdr" -nt "$1" ]; }
}
objs=()
built=0
for src in src/lib/*.c src/lib/*/*.c src/xapian/*.cc; do
    [ -f "$src" ] || continue
    obj=$OUT/obj/$(echo "${src#src/}" | tr / _).o
    objs+=("$obj")
    stale "$obj" "$src" || continue
    case "$src" in
        *.c)  cmd=("$CC" $CFLAGS -fsanitize=fuzzer-no-link -c "$src" -o "$obj") ;;
        *.cc) cmd=("$CXX" $CXXFLAGS -fsanitize=fuzzer-no-link -c "$src" -o "$obj") ;;
    esac
    "${cmd[@]}" || { echo "run-fuzz: compiling $src failed" >&2; exit 2; }
    built=1
done
# the table of laws by name (refkeys.c's vb_laws), generated as the Makefile does
mkdir -p "$OUT/gen" || exit 2
laws_o=$OUT/obj/gen_laws.o
objs+=("$laws_o")
if [ ! -f "$laws_o" ] || [ corpus/laws.tsv -nt "$laws_o" ] || [ src/lib/query/laws.sh -nt "$laws_o" ]; then
    sh src/lib/query/laws.sh corpus/laws.tsv > "$OUT/gen/laws.c" &&
        "$CC" $CFLAGS -fsanitize=fuzzer-no-link -c "$OUT/gen/laws.c" -o "$laws_o" ||
        { echo "run-fuzz: the table of laws failed" >&2; exit 2; }
    built=1
fi
LIB=$OUT/libvanban-fuzz.a
if [ "$built" = 1 ] || [ ! -f "$LIB" ]; then
    rm -f "$LIB"
    ar rcs "$LIB" "${objs[@]}" || exit 2
fi
for h in "${HARNESSES[@]}"; do
    bin=$OUT/bin/fuzz_$h
    src=tests/fuzz/fuzz_$h.c
    if [ ! -f "$bin" ] || [ "$src" -nt "$bin" ] || [ "$LIB" -nt "$bin" ] || [ tests/fuzz/fuzz_common.h -nt "$bin" ]; then
        # compiled as C, linked by the C++ driver: a harness that reaches the
        # Xapian binding needs UBSan's C++ runtime too
        "$CC" $CFLAGS -fsanitize=fuzzer -Itests/fuzz -c "$src" -o "$OUT/obj/fuzz_$h.o" &&
            "$CXX" $SAN -fsanitize=fuzzer "$OUT/obj/fuzz_$h.o" "$LIB" -o "$bin" $PKG_LIBS -lz -lpthread -lm ||
            { echo "run-fuzz: building $bin failed" >&2; exit 2; }
    fi
done

# ---------------------------------------------------------------- run
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

count_findings() { # files libFuzzer wrote into a crash directory
    find "$1" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) 2>/dev/null | wc -l
}

run_one() { # run_one HARNESS: fuzz, then write the summary line to logs/HARNESS.sum
    local h=$1 work=$OUT/corpus/$1 crashes=$OUT/crashes/$1 log=$OUT/logs/$1.log
    mkdir -p "$work" "$crashes"
    # working copy of the seeds (existing units are kept)
    if [ -d "tests/fuzz/corpus/$h" ]; then
        find "tests/fuzz/corpus/$h" -maxdepth 1 -type f -exec cp -n {} "$work/" \;
    fi
    local dirs=("$work")
    [ -d "tests/fuzz/regressions/$h" ] && dirs+=("tests/fuzz/regressions/$h")
    local dict; dict=$(dict_of "$h")
    local dopt=()
    [ -n "$dict" ] && [ -f "$dict" ] && dopt=(-dict="$dict")
    local before; before=$(count_findings "$crashes")
    local t0; t0=$(date +%s)
    # shellcheck disable=SC2086
    "$OUT/bin/fuzz_$h" -max_total_time="$SECS" -max_len="$(max_len "$h")" -rss_limit_mb="$RSS" \
        -timeout="$TMO" -print_final_stats=1 -artifact_prefix="$crashes/" "${dopt[@]}" ${FUZZ_ARGS:-} \
        "${dirs[@]}" >"$log" 2>&1
    local rc=$?
    local secs=$(( $(date +%s) - t0 ))
    local after; after=$(count_findings "$crashes")
    local execs cov ft corp
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | sed 's/cov: //')
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | sed 's/ft: //')
    corp=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | sed 's/corp: //')
    local found=$((after - before))
    local status="findings $found"
    if [ "$rc" != 0 ] && [ "$found" = 0 ]; then found=1; status="findings 1 (exit $rc without an artifact; see $log)"; fi
    if [ "$found" -gt 0 ] && [ "$rc" != 0 ]; then
        local art; art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        [ -n "$art" ] && status="$status: $art"
        local why; why=$(grep -m1 -E '^==[0-9]+==ERROR|runtime error:|fuzz invariant failed|ERROR: libFuzzer' "$log")
        [ -n "$why" ] && status="$status — ${why:0:160}"
    fi
    printf 'fuzz_%s: %s executions in %s s, cov %s, ft %s, corpus %s units, %s\n' "$h" "${execs:-?}" "$secs" \
        "${cov:-?}" "${ft:-?}" "${corp:-?}" "$status" >"$OUT/logs/$h.sum"
    cat "$OUT/logs/$h.sum"
    [ "$found" = 0 ]
}

fail=0
pids=()
for h in "${HARNESSES[@]}"; do
    run_one "$h" &
    pids+=($!)
    while [ "$(jobs -rp | wc -l)" -ge "$PAR" ]; do sleep 1; done
done
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || fail=1
done
[ "$fail" = 0 ] || echo "run-fuzz: findings saved under $OUT/crashes/ (logs in $OUT/logs/)"
exit $fail
