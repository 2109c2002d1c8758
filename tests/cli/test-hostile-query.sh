#!/usr/bin/env bash
# vanban-query under hostile arguments: unbalanced quotes and parentheses,
# huge queries, operators alone, unknown fields, control characters, invalid
# UTF-8, absurd --limit/--offset, empty queries, `--` tricks, deep nesting.
# Each must end in a clear message on stderr with exit 2, or in a correct
# answer; never a crash (exit >= 128), a hang (timeout 20) or invalid JSON on
# stdout in the json and jsonl formats.
. "$(dirname "$0")/lib.sh"

db=$TMP/db
cp -r "$ROOT/corpus" "$TMP/corpus"
$IDX --quiet --db "$db" "$TMP/corpus" 2>/dev/null || { fail "cannot build the test index"; finish; exit 1; }
cd "$TMP" || exit 2     # so that the default ./vanban.db does not exist
ncases=0

# run FORMAT ARGS... : vanban-query --db $db --format FORMAT ARGS, bounded; sets rc
run() {
    local fmt=$1
    shift
    timeout $((20 * TSCALE)) $QRY --db "$db" --format "$fmt" "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
}
# show ARGS : a printable form of the arguments for messages
show() { local s; s=$(printf '%q ' "$@"); echo "${s:0:120}"; }

# hq WANT ARGS... : ARGS in text, json and jsonl (errors: json and jsonl). WANT is
#   error  exit 2 and a message on stderr
#   answer exit 0 or 1
#   any    either of the above
# and always: no crash, no hang, valid JSON (or nothing) on stdout in json modes,
# a message of the tool (and nothing on stdout... in json modes) when exit 2.
hq() {
    local want=$1 fmt name
    shift
    ncases=$((ncases + 1))
    name=$(show "$@")
    local fmts="text json jsonl"
    # a refused query is refused before any output: json and jsonl are enough
    [ "$want" = error ] && fmts="json jsonl"
    for fmt in $fmts; do
        run "$fmt" "$@"
        if [ $rc -ge 124 ]; then
            fail "[$name] --format $fmt: exit $rc ($([ $rc = 124 ] && echo hang || echo crash)): $(head -c 200 "$TMP/err")"
            continue
        fi
        case "$want:$rc" in
            error:2 | answer:0 | answer:1 | any:0 | any:1 | any:2) ok ;;
            *) fail "[$name] --format $fmt: exit $rc, want $want: $(head -c 200 "$TMP/err")" ;;
        esac
        if [ $rc = 2 ]; then
            grep -q '^vanban-query: ..' "$TMP/err" && ok || fail "[$name] --format $fmt: exit 2 without a message: $(head -c 200 "$TMP/err")"
        fi
        # a lone query (one line) is asked again through --serve at the end (check_serve)
        if [ "$fmt" = json ] && [ $# = 1 ] && [ "${1:0:1}" != - ] && [[ "$1" != *[$'\n\r']* ]]; then
            printf '%s\n' "$1" >>"$TMP/serve.in"
            echo "$rc" >>"$TMP/serve.rc"
        fi
        # json and jsonl answers are kept and checked by one parser at the end (check_json)
        if [ "$fmt" != text ]; then
            [ "$fmt" = json ] && [ $rc = 0 ] && [ ! -s "$TMP/out" ] && fail "[$name] json: exit 0 and nothing printed"
            njson=$((njson + 1))
            cp "$TMP/out" "$TMP/j/$njson.$fmt"
            printf '%s\n' "$name" > "$TMP/j/$njson.name"
        fi
    done
}
njson=0
mkdir "$TMP/j"
: >"$TMP/serve.in"
: >"$TMP/serve.rc"
# check_serve: the lone hostile queries, one per line through one --serve process: one valid
# JSON line each, with "error" exactly where the separate run exited 2 (an empty line: error)
check_serve() {
    timeout $((60 * TSCALE)) $QRY --db "$db" --serve <"$TMP/serve.in" >"$TMP/serve.out" 2>"$TMP/serve.err"
    expect_eq "--serve over $(wc -l <"$TMP/serve.in") hostile lines: exit" "$?" 0
    local res
    res=$(python3 - "$TMP/serve.in" "$TMP/serve.rc" "$TMP/serve.out" <<'PY'
import json, sys
qs = open(sys.argv[1], "rb").read().split(b"\n")[:-1]
rcs = open(sys.argv[2]).read().split()
outs = open(sys.argv[3], "rb").read().split(b"\n")
bad = []
if outs[-1] != b"" or len(outs) - 1 != len(qs):
    bad.append(f"{len(outs) - 1} lines for {len(qs)} queries")
for i, (q, rc, o) in enumerate(zip(qs, rcs, outs)):
    try:
        v = json.loads(o)
    except Exception as e:
        bad.append(f"line {i + 1} ({q[:40]!r}): not JSON: {e}")
        continue
    want_error = rc == "2" or q.strip(b" \t") == b""
    if ("error" in v) != want_error:
        bad.append(f"line {i + 1} ({q[:40]!r}): error={'error' in v}, the separate run exited {rc}")
print("ok" if not bad else "; ".join(bad[:5]))
PY
)
    expect_eq "--serve: one JSON line per hostile line, errors where a separate run fails" "$res" ok
}
# every kept json file is one JSON value (or empty), every jsonl line one JSON value
check_json() { check_json_dir "$TMP/j" "$njson" empty-ok; }
# count ARGS... : "N clauses, M mentions" of --count (or the exit status)
count() { timeout $((20 * TSCALE)) $QRY --db "$db" --count "$@" 2>/dev/null || echo "exit $?"; }
# msg_has NAME NEEDLE ARGS... : exit 2, and stderr says NEEDLE
msg_has() {
    local name=$1 needle=$2
    shift 2
    run text "$@"
    expect_eq "$name: exit" "$rc" 2
    expect_contains "$name: message" "$(cat "$TMP/err")" "$needle"
}

base=$(count 'tín dụng đen')
case "$base" in *" clauses, "*) ok ;; *) fail "the plain query does not answer: $base" ;; esac

# ---- unbalanced quotes and parentheses
for q in '"tín dụng đen' 'tín dụng đen"' '"' '"""' '“tín dụng' 'tín dụng”' '((tín' 'tín)' ')(' '(' ')' \
         '(tín dụng' '("tín)' '(tín"dụng)' 'coquan:"Hải Phòng' 'so:"' '-"' '-(' 'NOT (' '("' ; do
    hq error "$q"
done
msg_has "unbalanced quote" "unbalanced quote" '"tín dụng đen'
msg_has "unbalanced parenthesis" "unbalanced parenthesis" '(tín dụng đen'
msg_has "the column is named" "column" 'tín dụng)'

# ---- operators alone, empty queries
for q in AND OR NOT 'AND OR NOT' 'NOT NOT' 'AND AND' '-' '--' '- -' '""' '()' '( )' '(())' ' ' $'\t' \
         'tín AND' 'OR tín' 'tín OR' 'tín NOT' '-tín' 'NOT tín' '-(tín OR dụng)' ',' '...' '–'; do
    hq error -- "$q"
done
hq error ''
hq error '' ''
msg_has "an empty query" "no QUERY" ''
msg_has "operators alone" "AND" 'AND OR NOT'
# operators as ordinary words where the grammar says so
hq answer 'and or not'
hq answer 'tín -NOT'

# ---- unknown fields, bad field values
for q in 'foo:bar' 'xyz:"tín dụng"' 'FOO:x' 'so:' 'so:""' 'nam:abc' 'nam:99999999999999999999' 'nam:-1' \
         'ngay:2020-13-45' 'ngay:2020-13-45..' 'ngay:..' 'ngay:x..y' 'date:2020-02-30' 'ngay:99999-01-01' \
         'ref:' 'loai:' 'coquan:' 'giao:' 'nguoiky:' 'chude:' 'a:b:c:d' ; do
    hq error "$q"
done
msg_has "an unknown field is named" "'foo:'" 'foo:bar'
# things that look like fields but are words (docs/query-syntax.md)
for q in 'V/v:' '10:30' 'Số:10' 'http://example.org' '"http://x:y"' 'chude:khôngcó' 'ngay:2020..' 'ngay:..2020' 'nam:2020'; do
    hq any "$q"
done

# ---- control characters: white space in a query
for q in $'tín\x01dụng\x02đen' $'tín\tdụng\nđen' $'\x1btín dụng\x1b đen' $'tín\x7fdụng\x1fđen' \
         $'tín\rdụng\vđen' $'tín\u2028dụng\u00a0đen' $'\ufefftín dụng đen' $'tín\u200bdụng\u3000đen'; do
    hq answer "$q"
    expect_eq "control characters are white space: $(show "$q")" "$(count "$q")" "$base"
done
hq any $'\x01\x02\x03'
hq any $'\x1b'
hq any $'"\x01"'

# ---- invalid UTF-8 in arguments
for q in $'\xff\xfe' $'t\xc3n' $'t\xc3\x28n' $'\xed\xa0\x80' $'\xc0\xaf' $'\xf4\x90\x80\x80' $'tín \xe1\xba' \
         $'"\xff"' $'so:\xff' $'coquan:"H\xe1i"' $'tín dụng đen \x80'; do
    hq any "$q"
done
msg_has "invalid UTF-8 is named" "UTF-8" $'t\xc3n'
for a in --show --refs --cites; do
    hq any "$a" $'\xff\xfe'
    hq any "$a" $'10/CT-\xc3'
done
hq any --cites '10/CT-TTg' $'\xff'
hq any --format json --facets $'issuer,\xff' 'tín'

# ---- size: the longest single argument the kernel passes (128 KiB), and 1 MB in many arguments
# (a 1 MB query cannot be one argv: Linux caps each argument at MAX_ARG_STRLEN = 128 KiB)
big1=$(python3 -c 'print(("tín dụng đen " * 10000).encode()[:131000].decode("utf-8", "ignore"))')
hq error "$big1"
msg_has "a too long query" "too long" "$big1"
mapfile -t bigs < <(python3 -c 'for i in range(8): print(("tín dụng OR " * 10000).encode()[:131000].decode("utf-8", "ignore"))')
hq error "${bigs[@]}"
at_limit=$(python3 -c 'print(("tín OR " * 10000)[:65000] + " tín")')
hq any "$at_limit"
# deep nesting, long chains, many operators
hq error "$(python3 -c 'print("(" * 50000 + "tín" + ")" * 50000)')"
hq any "$(python3 -c 'print("(" * 99 + "tín" + ")" * 99)')"
hq any "$(python3 -c 'print("NOT " * 10000 + "tín")')"
hq any "$(python3 -c 'print("-" * 60000 + "tín")')"
hq any "$(python3 -c 'print(" OR ".join(["tín"] * 5000))')"
hq any "$(python3 -c 'print(" AND ".join(["tín dụng"] * 5000))')"
hq any "$(python3 -c 'print(" ".join("w%d" % i for i in range(8000)))')"
hq any "$(python3 -c 'print("\"" + "đen " * 16000 + "\"")')"
hq any "$(python3 -c 'print("đ" * 30000)')"
hq any "$(python3 -c 'print("a" * 60000)')"
hq any "so:$(python3 -c 'print("1/" * 30000)')"
hq any "ref:\"$(python3 -c 'print("10/CT-TTg " + "d19." * 10000)')\""

# ---- absurd --limit / --offset
for v in -1 abc 1e3 '' 0x10 99999999999999999999 1000000001 18446744073709551616 ' ' '5x' '+-5'; do
    hq error --limit "$v" 'tín dụng đen'
    hq error --offset "$v" 'tín dụng đen'
done
msg_has "a negative limit" "--limit" --limit -1 tín
hq error --limit
hq error 'tín' --offset
for v in 0 1 1000000000; do
    hq answer --limit "$v" 'tín'
    hq answer --offset "$v" 'tín'
done
hq answer --limit 1000000000 --offset 1000000000 'tín'
# --limit 0 is --all; an offset past the end shows nothing but counts everything
n_all=$($QRY --db "$db" --format jsonl --all 'tín' | wc -l)
expect_eq "--limit 0 shows every clause" "$($QRY --db "$db" --format jsonl --limit 0 'tín' | wc -l)" "$n_all"
run json --offset 1000000000 'tín'
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["results"] == [] and d["total_clauses"] == int(sys.argv[2]) else 1)' \
    "$TMP/out" "$n_all" 2>/dev/null && ok || fail "--offset past the end: $(head -c 200 "$TMP/out")"
for v in -1 abc 99999999999999999999 0; do hq any --top-cited "$v"; done
hq error --top-cited=-1
hq error --top-cited=x
hq error --format xml tín
hq error --format '' tín
hq error --color sometimes tín
hq error --facets bogus tín
hq any --facets '' tín
hq any --facets ',,,' tín
hq error --timeout 0 tín
hq error --timeout 99999999999 tín

# ---- `--` and dashes
hq error --                              # no query
hq error -- --                           # the query "--": nothing positive
hq any -- --limit 5                      # the query "--limit 5": not an option
hq answer tín --                         # `--` at the end
hq answer -- tín
hq answer -- tín -x                      # -x: an exclusion
hq answer -- 'tín dụng đen' --count      # after --, "--count" is an exclusion, not an option
run text -- --db /nonexistent tín
expect_not_contains "after --, --db is not an option" "$(cat "$TMP/err")" "/nonexistent"
hq error --=x tín
hq error ---limit 5 tín
hq error "--$(printf 'x%.0s' $(seq 40))" tín
hq error --limit=
hq error --db= tín 2>/dev/null          # empty --db: ./vanban.db, absent here
hq error --db=/nonexistent tín
hq error --db /dev/null tín
hq error --db "$TMP/corpus/5287-BCD-2020.txt" tín
expect_status "-h: help" 0 $QRY -h
expect_status "--help: help, even with --format json" 0 $QRY --format json --help
hq error --count --count --count

# ---- a correct answer, not just any answer
expect_eq "a repeated word counts its mentions once (OR)" "$(count 'tín OR tín')" "$(count 'tín')"
expect_eq "a repeated word counts its mentions once (AND)" "$(count 'tín AND tín')" "$(count 'tín')"
expect_eq "unknown operator case is a word: 'and'" "$(count 'tín and')" "$(count '"tín and"')"
expect_eq "dashes alone are punctuation" "$(count 'tín - dụng – đen')" "$(count 'tín dụng đen')"

check_json
check_serve
echo "test-hostile-query: $ncases hostile argument lists, each in json and jsonl (answers also in text); $(wc -l <"$TMP/serve.in") of them also through one --serve process"
finish
