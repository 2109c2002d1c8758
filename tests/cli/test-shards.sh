#!/usr/bin/env bash
# Three shards (one local, two behind xapian-tcpsrv on 127.0.0.1) answer every
# query exactly as one local index of the same files; a dead or silent shard
# is a clear error within the timeout, or a marked partial answer.
. "$(dirname "$0")/lib.sh"

command -v xapian-tcpsrv >/dev/null || { skip "test-shards: xapian-tcpsrv not installed (Debian xapian-tools)"; finish; exit $?; }
if have_real && [ -z "$VG" ]; then   # under valgrind: the generated corpus below
    src="$REAL/docs"
    # frequent words of these files, for the pages compared below
    PQ=('bảo hiểm xã hội' 'thuế' 'người lao động' 'hợp đồng')
else
    skip "test-shards: sharding corpus/ plus generated directives ($REAL absent, or under valgrind)"
    mkdir -p "$TMP/gen"
    cp "$ROOT/corpus/5287-BCD-2020.txt" "$TMP/gen/"
    for i in $(seq 1 90); do
        sed -e "s|5287/BCĐ|$((8000 + i))/BCĐ|; s|năm 2020|năm $((2000 + i % 25))|" \
            -e "s|10/CT-TTg|$((i % 7))/CT-TTg|" "$ROOT/corpus/5287-BCD-2020.txt" > "$TMP/gen/d$i.txt"
    done
    src="$TMP/gen"
    PQ=('tín dụng đen' 'Công an' 'người lao động' 'địa bàn')
fi

$IDX --quiet --db "$TMP/one" "$src"
for k in 0 1 2; do $IDX --quiet --shard $k/3 --db "$TMP/s$k" "$src"; done
n0=$(xapian-delve "$TMP/one" | sed -n 's/number of documents = //p')
ns=0; for k in 0 1 2; do ns=$((ns + $(xapian-delve "$TMP/s$k" | sed -n 's/number of documents = //p'))); done
expect_eq "the shards hold every file once" "$ns" "$n0"
expect_status "--shard with a bad value" 2 $IDX --shard 3/3 --db "$TMP/x" "$src"

# servers on free ports chosen now; each in its own process group (xapian-tcpsrv
# signals its whole group when it stops). A port found free can be taken by another
# process before the server binds it (other tests run beside this one): then the
# server exits at once, and it is started again on another port.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
listening() { python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 1).close()" 2>/dev/null; }
serve() {  # DB: sets srv_port and srv_pid to a running xapian-tcpsrv of DB ("" if none)
    local try i
    srv_port=""; srv_pid=""
    for try in 1 2 3 4 5; do
        local p; p=$(free_port)
        setsid xapian-tcpsrv --port "$p" --interface 127.0.0.1 "$1" >/dev/null 2>&1 &
        local pid=$!
        for i in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            listening "$p" && kill -0 "$pid" 2>/dev/null && { srv_port=$p; srv_pid=$pid; return 0; }
            sleep 0.1
        done
        kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    done
    return 1
}
serve "$TMP/s1"; p1=$srv_port; pid1=$srv_pid
serve "$TMP/s2"; p2=$srv_port; pid2=$srv_pid
trap 'kill $pid1 $pid2 2>/dev/null; rm -rf "$TMP"' EXIT
[ -n "$p1" ] && [ -n "$p2" ] && ok || fail "a xapian-tcpsrv did not start (5 tries each)"
printf '# three shards\nauto s0\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$p1" "$p2" > "$TMP/stub"

same() {  # NAME ARGS...: the same stdout and exit status from the stub and from the single index
    local name=$1; shift
    $QRY --db "$TMP/one" "$@" > "$TMP/a" 2>/dev/null; local ra=$?
    $QRY --db "$TMP/stub" "$@" > "$TMP/b" 2>/dev/null; local rb=$?
    if [ "$ra" = "$rb" ] && cmp -s "$TMP/a" "$TMP/b"; then ok; else fail "$name: stub differs (exit $rb vs $ra): $(diff "$TMP/a" "$TMP/b" | head -3)"; fi
}
while IFS= read -r q; do
    [ -z "$q" ] && continue
    same "json: $q" --format json --limit 50 --facets issuer,type,year,ref "$q"
    same "count: $q" --count "$q"
done <<'QUERIES'
tín dụng đen
tin dung den
"người lao động"
bảo hiểm xã hội
doanh nghiệp nhỏ và vừa
tội phạm -"tín dụng đen"
(ma túy OR tham nhũng) AND công an
ref:10/CT-TTg
ref:"46/2014/NĐ-CP d19"
giao:"công an thành phố"
giao:"sở tư pháp"
coquan:"hải phòng" loai:"công văn"
coquan:"bộ tài chính" nam:2025
loai:"nghị định" ngay:2025-01-01..2025-12-31
nguoiky:"lê khắc nam"
so:5287/BCĐ
chude:"ma túy"
QUERIES
# and the fixed query set of the benchmarks (bench/queries.txt, first column)
while IFS=$'\t' read -r q _; do
    case "$q" in ''|'#'*) continue ;; esac
    same "bench set: $q" --format json --limit 20 --facets issuer,type,year,ref "$q"
done < "$ROOT/bench/queries.txt"
# a page without facets or exact totals is bounded (docs/design.md): the same
# results (clauses, scores, mentions and their spans); the totals are estimates,
# which one index and the shards make differently. Over remote shards the
# positions come from the records (query/vpos.c), so a disagreement with the
# index's positions shows here.
page() { python3 -c 'import json,sys; d=json.load(sys.stdin); [print(json.dumps(r, ensure_ascii=False, sort_keys=True)) for r in d["results"]]'; }
while IFS=$'\t' read -r q _; do
    case "$q" in ''|'#'*) continue ;; esac
    $QRY --db "$TMP/one" --format json --limit 20 "$q" 2>/dev/null | page > "$TMP/a"
    $QRY --db "$TMP/stub" --format json --limit 20 "$q" 2>/dev/null | page > "$TMP/b"
    if [ -s "$TMP/a" ] && cmp -s "$TMP/a" "$TMP/b"; then ok
    elif [ ! -s "$TMP/a" ] && [ ! -s "$TMP/b" ]; then ok
    else fail "bounded page: $q: stub differs: $(diff "$TMP/a" "$TMP/b" | head -3 | cut -c1-200)"; fi
done < "$ROOT/bench/queries.txt"
# page servers (docs/scaling.md, "Page servers"): vanban-serve beside each remote
# shard finds the shard's best clauses where its data is, in the archive's terms,
# and the client reads no file to rank; the page must be the one of one index.
# Shard 1's server is reached through a proxy that logs each request, so that the
# test knows the pages came from the servers and not from the fallback.
if [ -x "$BUILD/bin/vanban-serve" ]; then
    TMP0=$TMP
    mkdir -p "$TMP/ps1" "$TMP/ps2"
    TMP=$TMP0/ps1 start_serve "$TMP0/s1" 2; ps1_pid=$srv_pid; ps1=$port
    TMP=$TMP0/ps2 start_serve "$TMP0/s2" 2; ps2_pid=$srv_pid; ps2=$port
    TMP=$TMP0
    setsid python3 - "$ps1" "$TMP/proxy.log" > "$TMP/proxy.port" 2>/dev/null <<'PY' &
import http.server, sys, urllib.request, urllib.error, urllib.parse
target, log = sys.argv[1], sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path, _, q = self.path.partition("?")
        kind = urllib.parse.parse_qs(q).get("r", [""])[0].split("\n")[0]
        with open(log, "a") as f: f.write(path + " " + kind + "\n")
        try:
            with urllib.request.urlopen("http://127.0.0.1:%s%s" % (target, self.path), timeout=60) as r:
                code, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            code, body = e.code, e.read()
        self.send_response(code); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
    proxy_pid=$!
    trap 'kill $pid1 $pid2 $ps1_pid $ps2_pid $proxy_pid 2>/dev/null; rm -rf "$TMP"' EXIT
    for _ in $(seq 100); do [ -s "$TMP/proxy.port" ] && break; sleep 0.1; done
    pp=$(cat "$TMP/proxy.port")
    if [ -n "$ps1" ] && [ -n "$ps2" ] && [ -n "$pp" ]; then ok; else fail "page servers did not start: $(cat "$TMP/ps1/srv.err" "$TMP/ps2/srv.err")"; fi
    printf 'auto s0\nremote 127.0.0.1:%s pages 127.0.0.1:%s\nremote 127.0.0.1:%s  pages\t127.0.0.1:%s\n' \
        "$p1" "$pp" "$p2" "$ps2" > "$TMP/pstub"
    : > "$TMP/proxy.log"
    nq=0
    while IFS=$'\t' read -r q _; do
        case "$q" in ''|'#'*) continue ;; esac
        for lim in "--limit 20" "--offset 7 --limit 5"; do
            # shellcheck disable=SC2086
            $QRY --db "$TMP/one" --format json $lim "$q" 2>/dev/null > "$TMP/a.json"
            # shellcheck disable=SC2086
            $QRY --db "$TMP/pstub" --format json $lim "$q" 2>"$TMP/err" > "$TMP/b.json"
            page < "$TMP/a.json" > "$TMP/a"; page < "$TMP/b.json" > "$TMP/b"
            nq=$((nq + 1))
            if cmp -s "$TMP/a" "$TMP/b"; then ok
            else fail "page servers: $q ($lim): differs from one index: $(diff "$TMP/a" "$TMP/b" | head -3 | cut -c1-200)"; fi
        done
        # totals the shards did not estimate are exact: those of --count
        est=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("total_clauses_estimated", False), d.get("total_clauses", 0))' "$TMP/b.json")
        if [ "${est%% *}" = False ]; then
            cnt=$($QRY --db "$TMP/one" --count "$q" 2>/dev/null | sed -n 's/^\([0-9]*\) clauses.*/\1/p')
            expect_eq "page servers: exact total of $q" "${est#* }" "${cnt:-0}"
        fi
    done < "$ROOT/bench/queries.txt"
    asked=$(grep -c '^/shard/page vanban-page 1$' "$TMP/proxy.log")
    # the JSON pages' statuses read the documents that change the instruments
    # they cite from the page servers, a chunk at a time
    # (the generated files change no instrument: nothing to fetch there)
    fetched=$(grep -c '^/shard/page vanban-records 1$' "$TMP/proxy.log")
    if [ "$src" != "$REAL/docs" ]; then skip "test-shards: statuses' documents from the page servers need the real corpus"
    elif [ "$fetched" -gt 0 ]; then ok
    else fail "page servers: no document of a status fetched from them"; fi
    [ "$asked" -ge "$((nq / 2))" ] && ok || fail "page servers: shard 1's server was asked $asked times for $nq pages"
    # a page of at most 64 clauses comes with its documents' records: two exchanges
    # per server and page (the query's term statistics, then the page); a deeper
    # page asks for its records afterwards
    shallow=0; deep=0
    for q in "${PQ[@]}"; do
        for lim in "--limit 20" "--offset 60 --limit 20"; do
            : > "$TMP/proxy.log"
            # shellcheck disable=SC2086
            $QRY --db "$TMP/one" --format json $lim "$q" 2>/dev/null | page > "$TMP/a"
            # shellcheck disable=SC2086
            $QRY --db "$TMP/pstub" --format json $lim "$q" 2>/dev/null | page > "$TMP/b"
            if [ -s "$TMP/a" ] && cmp -s "$TMP/a" "$TMP/b"; then ok
            else fail "page servers: $q ($lim): differs from one index: $(diff "$TMP/a" "$TMP/b" | head -3 | cut -c1-200)"; fi
            # counted in text, whose answers read no status of the instruments cited
            : > "$TMP/proxy.log"
            # shellcheck disable=SC2086
            $QRY --db "$TMP/pstub" $lim "$q" > /dev/null 2>&1
            n=$(grep -c '^/shard/page ' "$TMP/proxy.log")
            if [ "$lim" = "--limit 20" ]; then shallow=$((shallow + n)); else deep=$((deep + n)); fi
        done
    done
    expect_eq "page servers: two exchanges per shallow page" "$shallow" 8
    [ "$deep" -gt 8 ] && ok || fail "page servers: deep pages never asked for their records ($deep exchanges for 4 pages)"
    # facets and exact totals read every file: no page (nor its statistics) asked;
    # the statuses of a JSON answer's citations may fetch their documents
    : > "$TMP/proxy.log"
    same_p() { $QRY --db "$TMP/one" "$@" > "$TMP/a" 2>/dev/null; $QRY --db "$TMP/pstub" "$@" > "$TMP/b" 2>/dev/null
               cmp -s "$TMP/a" "$TMP/b" && ok || fail "page servers: $*: differs: $(diff "$TMP/a" "$TMP/b" | head -3)"; }
    same_p --count 'bảo hiểm xã hội'
    same_p --format json --limit 10 --facets issuer,type 'bảo hiểm xã hội'
    expect_eq "page servers: not asked for exact answers" "$(grep -cE 'vanban-(page|stats) 1$' "$TMP/proxy.log")" 0
    # a topic's page is never the shards' (their servers may lack the thesaurus):
    # the same page, and no statistics asked for it either
    : > "$TMP/proxy.log"
    same_p --limit 20 'chude:"ma túy"'
    same_p --limit 5 'chude:"ma túy" Công an'
    expect_eq "page servers: not asked for a topic's page" "$(grep -cE 'vanban-(page|stats) 1$' "$TMP/proxy.log")" 0
    # a stub naming one page server for both remote shards (shard 2's): its Xapian UUID
    # is not shard 1's, so the client does not take its pages for shard 1 (else shard 2's
    # clauses would come twice and shard 1's never)
    printf 'auto s0\nremote 127.0.0.1:%s pages 127.0.0.1:%s\nremote 127.0.0.1:%s pages 127.0.0.1:%s\n' \
        "$p1" "$ps2" "$p2" "$ps2" > "$TMP/xstub"
    for q in 'người lao động' 'mua bán người' "${PQ[0]}"; do
        $QRY --db "$TMP/one" --format json --limit 20 "$q" 2>/dev/null | page > "$TMP/a"
        $QRY --db "$TMP/xstub" --format json --limit 20 "$q" 2>/dev/null | page > "$TMP/b"
        [ -s "$TMP/a" ] && cmp -s "$TMP/a" "$TMP/b" && ok || fail "one page server for two shards: $q: differs: $(diff "$TMP/a" "$TMP/b" | head -3 | cut -c1-200)"
    done
    # a page server that fails (a query it cannot take, then gone): the client reads
    # the files itself and gives the same page
    python3 -c 'import sys, urllib.request, urllib.error
try: print(urllib.request.urlopen(sys.argv[1], timeout=30).status)
except urllib.error.HTTPError as e: print(e.code)' "http://127.0.0.1:$ps2/shard/page?r=garbage" > "$TMP/code" 2>/dev/null || true
    expect_eq "page server: a bad request is 400" "$(cat "$TMP/code")" 400
    kill "$ps2_pid"; wait "$ps2_pid" 2>/dev/null
    for q in 'người lao động' 'tín dụng đen' 'ref:10/CT-TTg'; do
        $QRY --db "$TMP/one" --format json --limit 20 "$q" 2>/dev/null | page > "$TMP/a"
        $QRY --db "$TMP/pstub" --format json --limit 20 "$q" 2>/dev/null | page > "$TMP/b"
        cmp -s "$TMP/a" "$TMP/b" && ok || fail "page server down: $q: differs: $(diff "$TMP/a" "$TMP/b" | head -3 | cut -c1-200)"
    done
    kill "$ps1_pid" "$proxy_pid" 2>/dev/null
else
    skip "test-shards: vanban-serve not built (libmicrohttpd): page servers not tested"
fi
same "--all jsonl" --all --format jsonl 'nam:2020'
same "--cites" --format json --cites 10/CT-TTg
same "--refs" --format json --refs 5287/BCĐ
same "--top-cited" --top-cited 15
# how a cited instrument is written is read from its first citing files by
# file id, not by docid: the shards in another order give the same names
printf 'auto s2\nauto s1\nauto s0\n' > "$TMP/rstub"
$QRY --db "$TMP/one" --top-cited 40 > "$TMP/a" 2>&1
$QRY --db "$TMP/rstub" --top-cited 40 > "$TMP/b" 2>&1
[ -s "$TMP/a" ] && cmp -s "$TMP/a" "$TMP/b" && ok || fail "--top-cited over the shards in reverse order: $(diff "$TMP/a" "$TMP/b" | head -3)"
same "--show" --format json --show 5287/BCĐ
same "no match" --count 'xyzzy quux'

# the remote shards are opened at the same time, not one after the other: a
# proxy before each server holds a connection until both have one (a client
# that waits for the first shard's greeting before it dials the second never
# gets it, and times out)
qa=$(free_port); qb=$(free_port)
setsid python3 - "$qa" "$p1" "$qb" "$p2" > /dev/null 2>&1 <<'PY' &
import socket, sys, threading, time
pairs = [(int(sys.argv[1]), int(sys.argv[2])), (int(sys.argv[3]), int(sys.argv[4]))]
both = threading.Barrier(2, timeout=120)
def pump(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d: break
            b.sendall(d)
    except OSError: pass
    for s in (a, b):
        try: s.shutdown(socket.SHUT_RDWR)
        except OSError: pass
def side(listen, target):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", listen)); s.listen(5); s.settimeout(120)
    c, _ = s.accept()
    try: both.wait()          # the other shard's connection has come too
    except threading.BrokenBarrierError: c.close(); return
    u = socket.create_connection(("127.0.0.1", target))
    threading.Thread(target=pump, args=(u, c), daemon=True).start()
    pump(c, u)
ts = [threading.Thread(target=side, args=p) for p in pairs]
for t in ts: t.start()
for t in ts: t.join(150)
PY
pidr=$!
# ready once both ports are taken (a probe connection would be one the proxy holds)
taken() { ! python3 -c "import socket; socket.socket().bind(('127.0.0.1', $1))" 2>/dev/null; }
for i in $(seq 100); do taken "$qa" && taken "$qb" && break; sleep 0.1; done
printf 'auto s0\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$qa" "$qb" > "$TMP/rvstub"
$QRY --db "$TMP/one" --count 'tội phạm' > "$TMP/a" 2>&1
$QRY --db "$TMP/rvstub" --timeout $((10 * TSCALE)) --count 'tội phạm' > "$TMP/b" 2>&1; rc=$?
[ "$rc" = 0 ] && cmp -s "$TMP/a" "$TMP/b" && ok || fail "remote shards opened one after the other (exit $rc): $(head -c 300 "$TMP/b")"
kill "$pidr" 2>/dev/null; wait "$pidr" 2>/dev/null

# a dead shard: a clear error, fast; with --partial the rest, marked
kill "$pid2"; wait "$pid2" 2>/dev/null
start=$(date +%s)
expect_status "dead shard: exit 2" 2 $QRY --db "$TMP/stub" --timeout 3 --count 'tội phạm'
expect_contains "dead shard named" "$(cat "$TMP/err")" "127.0.0.1:$p2"
$QRY --db "$TMP/stub" --partial --format json 'tội phạm' > "$TMP/p.json" 2>"$TMP/err"; rc=$?
[ $rc -le 1 ] && ok || fail "--partial: exit $rc: $(cat "$TMP/err")"
valid_json "--partial answer is JSON" "$TMP/p.json"
expect_eq "--partial marks the answer" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("partial"), len(d.get("missing_shards", [])))' "$TMP/p.json")" "True 1"

# a silent shard (accepts, never answers): the timeout, not a hang
p3=$(free_port)
setsid python3 -c "import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $p3)); s.listen(5)
conns=[]
end=time.time()+30
while time.time() < end:
    s.settimeout(end-time.time()); c,_=s.accept(); conns.append(c)" >/dev/null 2>&1 &
pid3=$!
for i in $(seq 100); do listening "$p3" && break; sleep 0.1; done
printf 'auto s0\nremote 127.0.0.1:%s\n' "$p3" > "$TMP/stub2"
start=$(date +%s)
expect_status "silent shard: exit 2" 2 $QRY --db "$TMP/stub2" --timeout 2 --count 'tội phạm'
took=$(( $(date +%s) - start ))
[ "$took" -le 8 ] && ok || fail "silent shard: took ${took}s with --timeout 2"
expect_contains "silent shard: says it timed out" "$(cat "$TMP/err")" "127.0.0.1:$p3"
kill "$pid3" 2>/dev/null
# writing through a stub is refused
expect_status "indexing through a stub" 2 $IDX --db "$TMP/stub" "$src"
expect_contains "stub refusal says why" "$(cat "$TMP/err")" "stub"
finish
