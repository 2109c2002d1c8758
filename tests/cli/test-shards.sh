#!/usr/bin/env bash
# Three shards (one local, two behind xapian-tcpsrv on 127.0.0.1) answer every
# query exactly as one local index of the same files; a dead or silent shard
# is a clear error within the timeout, or a marked partial answer.
. "$(dirname "$0")/lib.sh"

command -v xapian-tcpsrv >/dev/null || { skip "test-shards: xapian-tcpsrv not installed (Debian xapian-tools)"; finish; exit $?; }
if have_real && [ -z "$VG" ]; then   # under valgrind: the generated corpus below
    src="$REAL/docs"
else
    skip "test-shards: sharding corpus/ plus generated directives ($REAL absent, or under valgrind)"
    mkdir -p "$TMP/gen"
    cp "$ROOT/corpus/5287-BCD-2020.txt" "$TMP/gen/"
    for i in $(seq 1 90); do
        sed -e "s|5287/BCĐ|$((8000 + i))/BCĐ|; s|năm 2020|năm $((2000 + i % 25))|" \
            -e "s|10/CT-TTg|$((i % 7))/CT-TTg|" "$ROOT/corpus/5287-BCD-2020.txt" > "$TMP/gen/d$i.txt"
    done
    src="$TMP/gen"
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
