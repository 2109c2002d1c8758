#!/usr/bin/env bash
# vanban-serve: the JSON API answers what vanban-query --format json answers,
# byte for byte, with the right HTTP status; nothing but the page and the API
# is served; limits on the request; each request reads the index as last
# committed; SIGTERM stops it with exit 0. Only 127.0.0.1; every wait bounded.
. "$(dirname "$0")/lib.sh"

SRV_BIN=$BUILD/bin/vanban-serve
if [ ! -x "$SRV_BIN" ]; then
    skip "test-serve-web: $SRV_BIN not built (libmicrohttpd-dev missing: apt-get install libmicrohttpd-dev)"
    finish
    exit $?
fi
SRV="$VG $SRV_BIN"

db=$TMP/db
mkdir -p "$TMP/c"
cp "$ROOT/corpus/5287-BCD-2020.txt" "$ROOT/tests/cli/fixtures/hostile-directive.txt" "$TMP/c/"
$IDX --quiet --db "$db" "$TMP/c"

# get PATH [curl options…]: the body into $TMP/body, the status code printed
# ("000" when there was no answer), the headers into $TMP/headers
if command -v curl >/dev/null; then
    get() {
        local path=$1
        shift
        curl -s --path-as-is --max-time $((20 * TSCALE)) -D "$TMP/headers" -o "$TMP/body" -w '%{http_code}' \
            "$@" "http://127.0.0.1:$port$path"
    }
else
    get() {   # python3: GET only
        python3 - "http://127.0.0.1:$port$1" "$TMP" <<'PY'
import sys, urllib.request, urllib.error
url, tmp = sys.argv[1], sys.argv[2]
try:
    r = urllib.request.urlopen(url, timeout=20)
    code, body, hdr = r.status, r.read(), r.headers
except urllib.error.HTTPError as e:
    code, body, hdr = e.code, e.read(), e.headers
except Exception:
    code, body, hdr = 0, b"", {}
open(tmp + "/body", "wb").write(body)
open(tmp + "/headers", "w").write("".join("%s: %s\r\n" % kv for kv in hdr.items()))
print("%03d" % code, end="")
PY
    }
fi

# usage and start-up failures
expect_status "--help" 0 $SRV --help
expect_contains "--help names the API" "$(cat "$TMP/out")" "/api/search"
expect_status "--listen without a port" 2 $SRV --db "$db" --listen 127.0.0.1
expect_status "--listen not an address" 2 $SRV --db "$db" --listen nowhere:80
expect_status "--threads 0" 2 $SRV --db "$db" --threads 0
expect_status "no index" 2 $SRV --db "$TMP/none" --listen 127.0.0.1:0
expect_contains "no index: says so" "$(cat "$TMP/err")" "no index at"

# start it on a free port it picks and prints (lib.sh)
start_server() { start_serve "$db" 3; }
start_server
if [ -z "$port" ]; then
    fail "vanban-serve did not start: $(head -c 400 "$TMP/srv.err")"
    finish
    exit 1
fi
ok

# a port already taken: exit 2 with a message
expect_status "port in use" 2 $SRV --db "$db" --listen "127.0.0.1:$port"
expect_contains "port in use: says so" "$(cat "$TMP/err")" "cannot listen"

# same API_PATH QUERY-ARGS… : 200 and the body equals vanban-query --format json ARGS… byte for byte
same() {
    local name=$1 path=$2 code
    shift 2
    code=$(get "$path")
    $QRY --db "$db" --format json "$@" >"$TMP/want" 2>/dev/null
    if cmp -s "$TMP/body" "$TMP/want"; then ok; else fail "$name: body differs from vanban-query --format json $*:
  got:  $(head -c 300 "$TMP/body")
  want: $(head -c 300 "$TMP/want")"; fi
    printf '%s' "$code"
}

expect_eq "search tin dung den: 200" "$(same "search" '/api/search?q=tin%20dung%20den' 'tin dung den')" 200
expect_contains "search: JSON content type" "$(cat "$TMP/headers")" "Content-Type: application/json; charset=utf-8"
expect_contains "search: nosniff" "$(cat "$TMP/headers")" "X-Content-Type-Options: nosniff"
expect_eq "search: three clauses" "$(paths_of "$TMP/body")" "$(paths_of "$TMP/want")"
expect_eq "search with options" \
    "$(same "options" '/api/search?q=t%E1%BB%99i%20ph%E1%BA%A1m&limit=3&offset=1&facets=issuer,type,year' \
        --limit 3 --offset 1 --facets issuer,type,year 'tội phạm')" 200
expect_eq "search --docs --sort -date" "$(same "docs" '/api/search?q=th%C3%A0nh%20ph%E1%BB%91&docs=1&sort=-date' \
    --docs --sort -date 'thành phố')" 200
expect_eq "search exact" "$(same "exact" '/api/search?q=tin%20dung%20den&exact=1' --exact 'tin dung den')" 200
expect_eq "search fold" "$(same "fold" '/api/search?q=t%C3%ADn%20d%E1%BB%A5ng&fold=1' --fold 'tín dụng')" 200
expect_eq "search, no match: 200" "$(same "no match" '/api/search?q=zzqqxxw' 'zzqqxxw')" 200
expect_eq "search, hostile text" "$(same "hostile" '/api/search?q=script%20alert' 'script alert')" 200
expect_contains "hostile text comes back as JSON text" "$(cat "$TMP/body")" '<script>alert(1)</script>'
valid_json "hostile answer is valid JSON" "$TMP/body"
expect_eq "doc" "$(same "doc" '/api/doc/5287%2FBC%C4%90' --show 5287/BCĐ)" 200
expect_eq "doc with pinpoint" "$(same "doc pin" '/api/doc/5287%2FBC%C4%90/5.2' --show 5287/BCĐ 5.2)" 200
expect_eq "doc, slash as is" "$(same "doc raw" '/api/doc/5287/BC%C4%90/5' --show 5287/BCĐ 5)" 200
expect_eq "refs" "$(same "refs" '/api/refs/77%2FCT-UBND' --refs 77/CT-UBND)" 200
expect_contains "refs: in_archive of 5287/BCĐ" "$(cat "$TMP/body")" '"number":"5287/BCĐ","date":"2020-08-21"'
expect_eq "cites" "$(same "cites" '/api/cites/10%2FCT-TTg' --cites 10/CT-TTg)" 200
expect_eq "top-cited" "$(same "top" '/api/top-cited' --top-cited)" 200
# --status: the same answer; an unknown instrument is an answer (200, "unknown"), not a missing page
expect_eq "status" "$(same "status" '/api/status/5287%2FBC%C4%90' --status 5287/BCĐ)" 200
expect_contains "status: in force as far as the archive knows, cited by 77/CT-UBND" "$(cat "$TMP/body")" '"status":"in_force"'
expect_contains "status: the citing document" "$(cat "$TMP/body")" '"number":"77/CT-UBND"'
expect_eq "status of an article, slash as is" "$(same "status pin" '/api/status/5287/BC%C4%90/d5' --status 5287/BCĐ d5)" 200
expect_contains "status of an article: the pinpoint" "$(cat "$TMP/body")" '"pinpoint":"d5"'
expect_eq "status ?pin=" "$(same "status ?pin" '/api/status/5287%2FBC%C4%90?pin=5.2' --status 5287/BCĐ 5.2)" 200
expect_eq "status unknown: 200" "$(same "status unknown" '/api/status/999%2FXYZ' --status 999/XYZ)" 200
expect_contains "status unknown: says so" "$(cat "$TMP/body")" '"status":"unknown","scope":"archive","instruments":[]'
expect_eq "status, no number: 400" "$(get '/api/status/')" 400

# errors: the error object of vanban-query, with the HTTP status
expect_eq "bad query: 400" "$(same "bad query" '/api/search?q=%22t%C3%ADn' '"tín')" 400
expect_contains "bad query: column" "$(cat "$TMP/body")" '"column":1'
expect_eq "doc not in the archive: 404" "$(same "doc 404" '/api/doc/999%2FXYZ' --show 999/XYZ)" 404
expect_eq "clause not in the doc: 404" "$(same "pin 404" '/api/doc/5287%2FBC%C4%90/d99' --show 5287/BCĐ d99)" 404
expect_eq "refs not in the archive: 404" "$(same "refs 404" '/api/refs/999%2FXYZ' --refs 999/XYZ)" 404
expect_eq "cites nothing: 404" "$(same "cites 404" '/api/cites/999%2FXYZ' --cites 999/XYZ)" 404
expect_eq "blank query: 400" "$(same "blank" '/api/search?q=%20%20' '  ')" 400
expect_eq "invalid UTF-8: 400" "$(same "bad utf-8" '/api/search?q=%FF%FE' $'\xff\xfe')" 400
expect_eq "a topic (the same thesaurus)" "$(same "topic" '/api/search?q=chude:%22cho%20vay%20n%E1%BA%B7ng%20l%C3%A3i%22' \
    'chude:"cho vay nặng lãi"')" 200
for bad in '/api/search' '/api/search?q=' '/api/search?q=x&limit=abc' '/api/search?q=x&limit=0' \
           '/api/search?q=x&offset=-1' '/api/search?q=x&exact=1&fold=1' '/api/search?q=x&sort=size' \
           '/api/search?q=x&facets=color' '/api/top-cited?n=0'; do
    expect_eq "400 for $bad" "$(get "$bad")" 400
    valid_json "400 for $bad: JSON" "$TMP/body"
    expect_contains "400 for $bad: error object" "$(cat "$TMP/body")" '"error":{"status":2,"reason":"invalid argument"'
done
long_q=$(head -c 1100 /dev/zero | tr '\0' a)
expect_eq "query over 1 KB: 400" "$(get "/api/search?q=$long_q")" 400
long_url=$(head -c 9000 /dev/zero | tr '\0' a)
expect_eq "URL over 8 KB: 414" "$(get "/api/search?q=x&pad=$long_url")" 414
huge_url=$(head -c 70000 /dev/zero | tr '\0' a)
code=$(get "/api/search?q=$huge_url")
case $code in 414|431|413) ok ;; *) fail "URL of 70 KB: $code, want 414 (or 431)" ;; esac

# nothing but the page and the API
for p in /etc/passwd /../../etc/passwd /api /api/ /api/nope /api/search/x /www/index.html /src/cli/vanban-serve.c \
         /index.html/x '/%2e%2e/%2e%2e/etc/passwd' /vanban.db /.git/config; do
    expect_eq "404 for $p" "$(get "$p")" 404
done
if command -v curl >/dev/null; then
    expect_eq "POST: 405" "$(get /api/search?q=x -X POST -d 'q=x')" 405
    expect_eq "DELETE: 405" "$(get / -X DELETE)" 405
fi

# the page
expect_eq "/: 200" "$(get /)" 200
expect_contains "/: HTML" "$(cat "$TMP/headers")" "Content-Type: text/html; charset=utf-8"
expect_contains "/: a content security policy" "$(cat "$TMP/headers")" "Content-Security-Policy: default-src 'none'; script-src 'self'"
expect_contains "/: the page in Vietnamese" "$(cat "$TMP/body")" 'lang="vi"'
expect_contains "/: viewport for phones" "$(cat "$TMP/body")" 'name="viewport"'
cmp -s "$TMP/body" "$ROOT/src/serve/www/index.html" && ok || fail "/ is not src/serve/www/index.html"
for f in app.js style.css; do
    expect_eq "/$f: 200" "$(get "/$f")" 200
    cmp -s "$TMP/body" "$ROOT/src/serve/www/$f" && ok || fail "/$f is not src/serve/www/$f"
done
expect_not_contains "no outside scripts or fonts" "$(cat "$ROOT"/src/serve/www/*)" "https://"
command -v curl >/dev/null && expect_eq "HEAD /: 200" "$(get / -I)" 200

# many requests at once (3 worker threads): every answer right
if command -v curl >/dev/null; then
for i in $(seq 1 12); do
    curl -s --max-time $((30 * TSCALE)) -o "$TMP/par$i" "http://127.0.0.1:$port/api/search?q=tin%20dung%20den" &
done
wait_ok=1
for job in $(jobs -p); do [ "$job" = "$srv_pid" ] || wait "$job" || wait_ok=0; done
$QRY --db "$db" --format json 'tin dung den' >"$TMP/want"
same_all=1
for i in $(seq 1 12); do cmp -s "$TMP/par$i" "$TMP/want" || same_all=0; done
expect_eq "12 requests at once: all answered" "$wait_ok" 1
expect_eq "12 requests at once: all equal" "$same_all" 1
else
    skip "test-serve-web: no curl: concurrent requests, POST and HEAD not tried"
fi

# each request reads the index as last committed
sed -e 's|5287/BCĐ|5288/BCĐ|' -e 's|tín dụng đen|tín dụng đen mới|' "$ROOT/corpus/5287-BCD-2020.txt" >"$TMP/c/new.txt"
$IDX --quiet --db "$db" "$TMP/c"
expect_eq "after an update: 200" "$(same "after update" '/api/search?q=tin%20dung%20den%20moi' 'tin dung den moi')" 200
expect_contains "after an update: the new document" "$(cat "$TMP/body")" '5288/BCĐ'

# SIGTERM: exit 0 within 20 s
stop_serve TERM
if [ -z "$srv_rc" ]; then fail "SIGTERM did not stop vanban-serve"; else expect_eq "SIGTERM: exit 0" "$srv_rc" 0; fi
expect_not_contains "no sanitizer report" "$(cat "$TMP/srv.err")" "ERROR: "

# SIGINT too
start_server
if [ -n "$port" ]; then
    expect_eq "second start: answers" "$(get /api/top-cited)" 200
    stop_serve INT
    if [ -z "$srv_rc" ]; then fail "SIGINT did not stop vanban-serve"; else expect_eq "SIGINT: exit 0" "$srv_rc" 0; fi
else
    fail "second start failed: $(head -c 300 "$TMP/srv.err")"
fi
finish
