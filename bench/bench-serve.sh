#!/usr/bin/env bash
# make bench-serve: vanban-serve under load. wrk sends a mix of the queries of
# bench/queries.txt to /api/search?limit=20 for DURATION seconds (default 30) over CONNS
# connections (default 16), on an index of the real corpus; prints requests/s, latency
# percentiles and the count of non-2xx answers and socket errors (both must be 0 for the
# queries that match; a query that matches nothing answers 200 with no results).
# Loopback only; the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
DOCS=${1:-../shared/corpus-real/docs}
DURATION=${DURATION:-30}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
[ -d "$DOCS" ] || { echo "bench-serve: $DOCS is absent; nothing to measure"; exit 0; }
[ -x "$BUILD/bin/vanban-serve" ] || { echo "bench-serve: vanban-serve was not built (libmicrohttpd-dev)"; exit 0; }
command -v wrk >/dev/null || {
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else echo "bench-serve: install wrk"; exit 0; fi; }
W=$(mktemp -d /tmp/vanban-bench-serve.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
"$BUILD/bin/vanban-index" --quiet --db "$W/db" "$DOCS"
"$BUILD/bin/vanban-serve" --db "$W/db" --listen 127.0.0.1:0 --threads "$THREADS" > "$W/out" 2> "$W/err" &
pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$W/out" && break; sleep 0.05; done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$W/out" | head -1)
[ -n "$url" ] || { echo "bench-serve: the server did not start: $(cat "$W/err")"; exit 2; }
# the queries, URL-encoded, as a Lua table: each request takes the next one
python3 - bench/queries.txt > "$W/mix.lua" <<'PY'
import sys, urllib.parse
qs = [l.split("\t")[0] for l in open(sys.argv[1], encoding="utf-8") if l.strip() and not l.startswith("#")]
print("local qs = {")
for q in qs:
    print('  "/api/search?limit=20&q=%s",' % urllib.parse.quote(q, safe=""))
print("}")
print("""local i = 0
request = function() i = i % #qs + 1; return wrk.format("GET", qs[i]) end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors: connect %d read %d write %d timeout %d, status>=300 %d\\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("p%d %.2f ms\\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("requests/s %.1f\\n", summary.requests / (summary.duration / 1e6)))
end""")
PY
echo "bench-serve: wrk -t2 -c$CONNS -d${DURATION}s, $(grep -c '/api/search' "$W/mix.lua") queries in turn, server --threads $THREADS"
wrk -t2 -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency -s "$W/mix.lua" "$url" | tail -6
