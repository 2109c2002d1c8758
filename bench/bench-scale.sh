#!/usr/bin/env bash
# make bench-scale: issue 19's targets in one run, on the corpus xSCALE (bench/scale-corpus.py),
# printed as ONE Markdown table (target, measured, ratio, goal, pass/fail) and written to
# bench/results-scale.json.
#
#   BUILD=build bash bench/bench-scale.sh            (SCALE=10 ROUNDS=3 by default)
#   QUICK=1 BUILD=build bash bench/bench-scale.sh    (the real corpus x1 only; no flatness row;
#                                                     results in build/bench/scale/results-quick.json)
#
# 1. top 20, a fresh process per query, over the queries of bench/queries.txt that FTS5 can
#    express: `vanban-query --db IDX --limit 20 --format json Q` against `fts5_bench one DB Q`
#    (bench/fts5_bench.c: open, top 20 by bm25 with the text fetched, exit); median and p95;
# 2. in-process vb_search limit 20 (bench/query_bench.c), "page" (no totals) and "json"
#    (VB_SEARCH_TOTALS) modes: p95;
# 3. flatness: p50 of the process per query at xSCALE over p50 at x1, all queries of queries.txt;
# 4. 3 shards (`vanban-index --shard k/3`: 1 local, 2 behind xapian-tcpsrv on loopback, a stub
#    database file) against one local index of the same files: median of the per-query medians
#    (after one full round, no new round starts past SHARD_BUDGET seconds, 240 by default);
# 5. build: `vanban-index --rebuild` (default --jobs) against `fts5_bench build` (wall time,
#    /usr/bin/time), index size (du -sb) against FTS5's database, peak RSS of vanban's build;
# 6. `vanban-query --all --count` of frequent phrases against `rg -c -i -F` over the same files.
# Every part runs ROUNDS times, the tools alternating. The xSCALE corpus and its clauses for FTS5
# (`vanban-index --dump`) are cached under build/bench/scale/ (made again when
# bench/scale-corpus.py is newer); the vanban indexes are ALWAYS rebuilt (the schema changes).
set -euo pipefail
cd "$(dirname "$0")/.."
real=../shared/corpus-real/docs
[ -d "$real" ] || { echo "bench-scale: $real is absent; nothing to measure"; exit 0; }
BUILD=${BUILD:-build}
ROUNDS=${ROUNDS:-3}
SCALE=${SCALE:-10}
QUICK=${QUICK:-0}
case "$SCALE" in ''|*[!0-9]*|0) echo "bench-scale: SCALE must be a whole number >= 1"; exit 2 ;; esac
case "$ROUNDS" in ''|*[!0-9]*|0) echo "bench-scale: ROUNDS must be a whole number >= 1"; exit 2 ;; esac
[ "$QUICK" = 1 ] && SCALE=1
export LC_NUMERIC=C
OUT=$BUILD/bench/scale
if [ "$QUICK" = 1 ]; then JOUT=$OUT/results-quick.json; else JOUT=${JOUT:-bench/results-scale.json}; fi
VI=$BUILD/bin/vanban-index
VQ=$BUILD/bin/vanban-query
[ -x "$VI" ] && [ -x "$VQ" ] || { echo "bench-scale: build the tools first (make build-all)"; exit 2; }

# ------------------------------------------------------------------ tools
missing=()
command -v rg >/dev/null || missing+=(ripgrep)
command -v xapian-tcpsrv >/dev/null || missing+=(xapian-tools)
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
{ pkg-config --exists sqlite3 2>/dev/null || [ -f /usr/include/sqlite3.h ]; } || missing+=(libsqlite3-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench-scale: installing ${missing[*]}"
    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bench-scale: missing tools; run as root: apt-get install -y ${missing[*]}"; exit 2
  fi
fi

mkdir -p "$OUT"
cc -O2 bench/fts5_bench.c -lsqlite3 -o "$OUT/fts5_bench"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude bench/query_bench.c "$BUILD/libvanban.a" \
   $(cat "$BUILD/link.flags" 2>/dev/null || echo "$(pkg-config --libs xapian-core libutf8proc) -lstdc++ -lm -lpthread") -o "$OUT/query_bench"
FB=$OUT/fts5_bench
QB=$OUT/query_bench

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# ------------------------------------------------------------------ corpus and clauses (cached)
S=$SCALE
W=$OUT/x$S
mkdir -p "$W"
if [ "$S" -gt 1 ]; then
  DOCS=$OUT/docs-x$S
  if [ ! -f "$DOCS.stamp" ] || [ bench/scale-corpus.py -nt "$DOCS.stamp" ]; then
    echo "bench-scale: generating the corpus x$S in $DOCS"
    rm -rf "$DOCS" "$DOCS.stamp"
    python3 bench/scale-corpus.py "$real" "$DOCS" "$S" && touch "$DOCS.stamp"
  fi
  stamp=$DOCS.stamp
else
  DOCS=$real
  stamp=$real
fi
text_bytes=$(find "$DOCS" -type f -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
nfiles=$(find "$DOCS" -type f -name '*.txt' | wc -l)
# FTS5's rows: the clauses of `vanban-index --dump`, one directory at a time, one TSV
if [ ! -s "$W/clauses.tsv" ] || [ "$stamp" -nt "$W/clauses.tsv" ]; then
  echo "bench-scale: vanban-index --dump over $DOCS (the clauses for FTS5)"
  : > "$W/clauses.tmp"
  while IFS= read -r dir; do
    mapfile -t dfiles < <(find "$dir" -maxdepth 1 -type f -name '*.txt' | sort)
    [ ${#dfiles[@]} -gt 0 ] || continue
    "$VI" --dump "${dfiles[@]}" > "$W/dump.json" 2>> "$W/dump.log"
    python3 - "$W/dump.json" "$W/clauses.tmp" <<'EOF'
import json, sys
docs = json.load(open(sys.argv[1], encoding="utf-8"))
with open(sys.argv[2], "a", encoding="utf-8") as f:
    for d in docs:
        for c in d["clauses"]:
            t = c["text"].replace("\t", " ").replace("\n", " ").replace("\r", " ")
            f.write(f'{d["file"]}\t{c["path"]}\t{t}\n')
EOF
  done < <(find "$DOCS" -type d | sort)
  rm -f "$W/dump.json" "$W/fts5.db"
  mv "$W/clauses.tmp" "$W/clauses.tsv"
fi

load_start=$(uptime)
echo "bench-scale: x$S: $nfiles files, $text_bytes bytes; $(nproc) CPUs; ROUNDS=$ROUNDS; load at start: $load_start"
RAW=$W/raw.txt
: > "$RAW"

# ------------------------------------------------------------------ 5. build (always rebuilt)
# time_run NAME ROUND DB CMD...: wall seconds, peak RSS (KB), size (bytes) into RAW
time_run() {
  local name=$1 round=$2 db=$3; shift 3
  rm -rf "$db"
  /usr/bin/time -f "%e %M" -o "$W/time.txt" "$@" > "$W/$name.log" 2>&1 || {
    echo "bench-scale: $name failed:"; tail -5 "$W/$name.log"; exit 2; }
  read -r secs rss < "$W/time.txt"
  echo "build $name $round $secs $rss $(du -sb "$db" | cut -f1)" >> "$RAW"
  echo "  round $round $name: ${secs}s, $((rss / 1024)) MB"
}
DB=$W/vanban.db
echo "bench-scale: build, $ROUNDS rounds of vanban-index --rebuild and fts5_bench build"
for ((r = 1; r <= ROUNDS; r++)); do
  time_run vanban "$r" "$DB" "$VI" --quiet --rebuild --db "$DB" "$DOCS"
  time_run fts5 "$r" "$W/fts5.db" "$FB" build "$W/fts5.db" "$W/clauses.tsv"
done
if [ "$S" -gt 1 ]; then
  DB1=$OUT/x1/vanban.db
  mkdir -p "$OUT/x1"
  echo "bench-scale: indexing the corpus x1 (for the flatness row)"
  "$VI" --quiet --rebuild --db "$DB1" "$real"
fi

# ------------------------------------------------------------------ 1-3. latency
mapfile -t VQS < <(grep -v '^#' bench/queries.txt | grep -v '^$' | cut -f1)
mapfile -t FQS < <(grep -v '^#' bench/queries.txt | grep -v '^$' | awk -F'\t' '{print ($2 == "" ? "-" : $2)}')
echo "bench-scale: latency, ${#VQS[@]} queries x $ROUNDS rounds (alternating vanban-query x$S, fts5_bench one$([ "$S" -gt 1 ] && echo ", vanban-query x1"); in-process)"
for ((r = 0; r < ROUNDS; r++)); do
  for i in "${!VQS[@]}"; do
    t0=$EPOCHREALTIME
    "$VQ" --db "$DB" --limit 20 --format json "${VQS[$i]}" > /dev/null 2>&1 || true
    t1=$EPOCHREALTIME
    echo "proc v $r $((i + 1)) $t0 $t1" >> "$RAW"
    if [ "${FQS[$i]}" != "-" ]; then
      t0=$EPOCHREALTIME
      "$FB" one "$W/fts5.db" "${FQS[$i]}" > /dev/null 2>&1 || true
      t1=$EPOCHREALTIME
      echo "proc f $r $((i + 1)) $t0 $t1" >> "$RAW"
    fi
    if [ "$S" -gt 1 ]; then
      t0=$EPOCHREALTIME
      "$VQ" --db "$DB1" --limit 20 --format json "${VQS[$i]}" > /dev/null 2>&1 || true
      t1=$EPOCHREALTIME
      echo "proc v1 $r $((i + 1)) $t0 $t1" >> "$RAW"
    fi
  done
  "$QB" "$DB" bench/queries.txt 1 2>/dev/null | sed -n "s/^lat \([a-z]*\) 0 /inproc \1 $r /p" >> "$RAW"
done

# ------------------------------------------------------------------ 4. shards
echo "bench-scale: 3 shards (vanban-index --shard k/3), 2 behind xapian-tcpsrv on loopback"
for k in 0 1 2; do "$VI" --quiet --rebuild --shard $k/3 --db "$W/s$k" "$DOCS"; done
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
p1=$(port); p2=$(port)
setsid xapian-tcpsrv --port "$p1" --interface 127.0.0.1 "$W/s1" > /dev/null 2>&1 & pids+=($!)
setsid xapian-tcpsrv --port "$p2" --interface 127.0.0.1 "$W/s2" > /dev/null 2>&1 & pids+=($!)
python3 - "$p1" "$p2" <<'EOF'
import socket, sys, time
for p in sys.argv[1:]:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", int(p)), 0.2).close(); break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit(f"bench-scale: xapian-tcpsrv on port {p} does not answer")
EOF
printf 'auto s0\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$p1" "$p2" > "$W/stub"
# page servers beside the remote shards (docs/scaling.md): the stub the target is measured on
. bench/page-servers.sh
page_servers "$W" "$p1" "$p2"
[ -n "$pstub" ] || echo "  vanban-serve not built or not started: shards without page servers only"
# the remote shards are slow today (one round trip per candidate): after the first full round,
# no new round starts once SHARD_BUDGET seconds are spent (the rounds done are reported)
SHARD_BUDGET=${SHARD_BUDGET:-240}
shard_t0=$SECONDS
for ((r = 0; r < ROUNDS; r++)); do
  if [ "$r" -gt 0 ] && [ $((SECONDS - shard_t0)) -gt "$SHARD_BUDGET" ]; then
    echo "  SHARD_BUDGET=${SHARD_BUDGET}s spent: $r of $ROUNDS rounds"; break
  fi
  for i in "${!VQS[@]}"; do
    t0=$EPOCHREALTIME
    "$VQ" --db "$DB" --limit 20 --format json "${VQS[$i]}" > "$W/one.json" 2>&1 || true
    t1=$EPOCHREALTIME
    timeout 300 "$VQ" --db "$W/stub" --limit 20 --format json "${VQS[$i]}" > "$W/stub.json" 2>&1 || true
    t2=$EPOCHREALTIME
    echo "shard one $r $((i + 1)) $t0 $t1" >> "$RAW"
    echo "shard stub $r $((i + 1)) $t1 $t2" >> "$RAW"
    if [ -n "$pstub" ]; then
      timeout 300 "$VQ" --db "$pstub" --limit 20 --format json "${VQS[$i]}" > "$W/pstub.json" 2>&1 || true
      t3=$EPOCHREALTIME
      echo "shard pages $r $((i + 1)) $t2 $t3" >> "$RAW"
    fi
  done
  echo "  round $((r + 1)) done"
done
cleanup; pids=()
# the last query's answers, for a sanity check of the stub: the same page (the totals of
# a bounded page are estimates, made differently over remote shards)
python3 - "$W/one.json" "$W/stub.json" ${pstub:+"$W/pstub.json"} >> "$RAW" <<'EOF' || true
import json, sys
def page(p):
    try: return [(r["doc"]["file"], r["clause"]["path"], round(r["score"], 4)) for r in json.load(open(p, encoding="utf-8"))["results"]]
    except Exception: return None
a, b = page(sys.argv[1]), page(sys.argv[2])
print("shardcheck", len(a or []), "same" if a is not None and a == b else "differ")
if len(sys.argv) > 3:
    c = page(sys.argv[3])
    print("pagecheck", len(a or []), "same" if a is not None and a == c else "differ")
EOF

# ------------------------------------------------------------------ 6. --all --count against rg -c
PHRASES=("người lao động" "bảo hiểm xã hội" "doanh nghiệp")
echo "bench-scale: --all --count of ${#PHRASES[@]} phrases x $ROUNDS (alternating vanban-query, rg -c)"
for ((r = 0; r < ROUNDS; r++)); do
  for i in "${!PHRASES[@]}"; do
    p=${PHRASES[$i]}
    t0=$EPOCHREALTIME
    v=$("$VQ" --db "$DB" --all --count --format json "$p" 2>/dev/null | tr -d '\n' || true)
    t1=$EPOCHREALTIME
    c=$(rg -c -i -F -- "$p" "$DOCS" | awk -F: '{s += $NF} END {print s + 0}')
    t2=$EPOCHREALTIME
    echo "count vanban $r $i $t0 $t1 $v" >> "$RAW"
    echo "count rg $r $i $t1 $t2 $c" >> "$RAW"
  done
done
load_end=$(uptime)

# ------------------------------------------------------------------ the table
python3 - "$RAW" "$JOUT" "$S" "$ROUNDS" "$(nproc)" "$load_start" "$load_end" "$text_bytes" "$nfiles" \
  bench/queries.txt "${PHRASES[@]}" <<'EOF'
import json, re, statistics, sys
from collections import defaultdict
raw, jout, S, rounds, ncpu, ls, le, text_bytes, nfiles, qfile = sys.argv[1:11]
phrases = sys.argv[11:]
S = int(S)

def pct(xs, p):
    xs = sorted(xs)
    if not xs: return None
    k = (len(xs) - 1) * p / 100.0
    f = int(k); c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)

def load(s):
    m = re.search(r"load average: ([\d.]+), ([\d.]+), ([\d.]+)", s)
    return [float(x) for x in m.groups()] if m else None

queries = []
for line in open(qfile, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"): continue
    v, f = (line.split("\t", 1) + ["-"])[:2]
    queries.append((v, f.strip() or "-"))
expressible = {n for n, (_, f) in enumerate(queries, 1) if f != "-"}

proc = defaultdict(lambda: defaultdict(list))    # series -> qno -> [ms]
inproc = defaultdict(list)
shard = defaultdict(lambda: defaultdict(list))
build = defaultdict(list)
count = defaultdict(lambda: defaultdict(list))   # phrase idx -> tool -> [(ms, value)]
shardcheck = pagecheck = None
for line in open(raw, encoding="utf-8"):
    w = line.split()
    if not w: continue
    if w[0] == "proc":
        proc[w[1]][int(w[3])].append((float(w[5]) - float(w[4])) * 1e3)
    elif w[0] == "inproc":
        inproc[w[1]].append(float(w[4]))
    elif w[0] == "shard":
        shard[w[1]][int(w[3])].append((float(w[5]) - float(w[4])) * 1e3)
    elif w[0] == "build":
        build[w[1]].append((float(w[3]), int(w[4]), int(w[5])))
    elif w[0] == "count":
        rest = line.split(None, 6)[6].strip() if len(w) > 6 else ""
        count[int(w[3])][w[1]].append(((float(w[5]) - float(w[4])) * 1e3, rest))
    elif w[0] == "shardcheck":
        shardcheck = w[1:]
    elif w[0] == "pagecheck":
        pagecheck = w[1:]

def pooled(series, only=None):
    return [x for q, xs in proc[series].items() if only is None or q in only for x in xs]

rows = []   # (id, target, measured, value, goal, ok)
res = {"scale": S, "rounds": int(rounds), "files": int(nfiles), "text_bytes": int(text_bytes),
       "machine": {"nproc": int(ncpu), "load_start": load(ls), "load_end": load(le),
                   "uptime_start": ls.strip(), "uptime_end": le.strip()}, "targets": []}

def add(tid, target, measured, value, goal, limit, unit="×"):
    ok = value is not None and value <= limit
    rows.append((tid, target, measured, f"{value:.2f}{unit}" if unit == "×" else f"{value:.1f} {unit}", goal,
                 "pass" if ok else "**FAIL**"))
    res["targets"].append({"id": tid, "target": target, "measured": measured, "value": value,
                           "unit": unit, "limit": limit, "pass": ok})

# 1. process per query against FTS5's process
v = pooled("v", expressible); f = pooled("f", expressible)
nq = len(expressible)
for p, lim, name in ((50, 1.0, "median"), (95, 2.0, "p95")):
    a, b = pct(v, p), pct(f, p)
    add(f"1 {name}", f"top 20, process per query, {name} ({nq} FTS5 queries × {rounds})",
        f"vanban {a:.1f} ms, FTS5 {b:.1f} ms", a / b, f"≤ {lim:.1f}×", lim)
# 2. in-process
for mode, what in (("page", "no totals"), ("json", "with totals")):
    xs = inproc[mode]
    add(f"2 {mode}", f"in-process vb_search limit 20, {what}, p95 ({len(queries)} queries × {rounds})",
        f"p50 {pct(xs, 50):.2f} ms, p95 {pct(xs, 95):.2f} ms", pct(xs, 95), "≤ 10 ms", 10.0, "ms")
# 3. flatness
if S > 1:
    a, b = pct(pooled("v"), 50), pct(pooled("v1"), 50)
    add("3", f"flatness: x{S} p50 / x1 p50, process per query ({len(queries)} queries × {rounds})",
        f"x{S} {a:.1f} ms, x1 {b:.1f} ms", a / b, "≤ 2.0×", 2.0)
# 4. shards
one = [statistics.median(xs) for _, xs in sorted(shard["one"].items())]
for kind, label, tid in (("stub", "3 shards (2 remote, loopback), no page servers", "4 plain"),
                         ("pages", "3 shards (2 remote, loopback) with page servers", "4")):
    stub = [statistics.median(xs) for _, xs in sorted(shard[kind].items())]
    if not (one and stub):
        continue
    a, b = statistics.median(stub), statistics.median(one)
    worst = max(range(len(one)), key=lambda k: stub[k] / one[k])
    nr = min(len(xs) for xs in shard[kind].values())
    add(tid, f"{label} / one index, median of {len(one)} per-query medians ({nr} of {rounds} rounds)",
        f"shards {a:.1f} ms, one {b:.1f} ms (worst: `{queries[worst][0]}` {stub[worst]:.0f} / {one[worst]:.0f} ms)",
        a / b, "≤ 1.5×", 1.5)
# 5. build
vb, fb = build["vanban"], build["fts5"]
tv, tf = statistics.median(x[0] for x in vb), statistics.median(x[0] for x in fb)
add("5 time", f"build: vanban-index --rebuild / FTS5 build (median of {len(vb)})",
    f"vanban {tv:.1f} s, FTS5 {tf:.1f} s", tv / tf, "≤ 1.5× (moonshot 1.0×)", 1.5)
sv, sf = vb[-1][2], fb[-1][2]
add("5 size", "build: index size / FTS5 database (du -sb)", f"vanban {sv / 1e6:.1f} MB, FTS5 {sf / 1e6:.1f} MB",
    sv / sf, "≤ 0.5×", 0.5)
rss = max(x[1] for x in vb) / 1024
add("5 RSS", f"build: peak RSS of vanban-index (max of {len(vb)})", f"FTS5 {max(x[1] for x in fb) / 1024:.0f} MB",
    rss, "≤ 300 MB", 300.0, "MB")
# 6. --count against rg -c
res["count"] = []
for i, p in enumerate(phrases):
    c = count[i]
    tv = statistics.median(x[0] for x in c["vanban"]); tr = statistics.median(x[0] for x in c["rg"])
    try:
        j = json.loads(c["vanban"][0][1]); cl, me = j.get("total_clauses"), j.get("total_mentions")
    except Exception:
        cl = me = None
    lines = c["rg"][0][1]
    res["count"].append({"phrase": p, "vanban_ms": tv, "rg_ms": tr, "clauses": cl, "mentions": me, "rg_lines": lines})
    add(f"6 {i + 1}", f"`--all --count \"{p}\"` / `rg -c` (median of {len(c['vanban'])})",
        f"vanban {tv:.0f} ms ({cl} clauses, {me} mentions), rg {tr:.0f} ms ({lines} lines)", tv / tr, "≤ 0.2×", 0.2)

res["latency_ms"] = {k: {"n": len(xs), "p50": pct(xs, 50), "p95": pct(xs, 95)} for k, xs in
                     (("proc_vanban", pooled("v")), ("proc_vanban_fts5_queries", v), ("proc_fts5", f),
                      ("proc_vanban_x1", pooled("v1")), ("inproc_page", inproc["page"]), ("inproc_json", inproc["json"]))}
res["per_query_median_ms"] = [
    {"n": n, "vanban": q, "fts5": None if fq == "-" else fq,
     **{k: (statistics.median(proc[s][n]) if proc[s].get(n) else None) for k, s in
        (("process_vanban", "v"), ("process_fts5", "f"), ("process_vanban_x1", "v1"))},
     "shards_one": statistics.median(shard["one"][n]) if shard["one"].get(n) else None,
     "shards_stub": statistics.median(shard["stub"][n]) if shard["stub"].get(n) else None}
    for n, (q, fq) in enumerate(queries, 1)]
res["build"] = {k: [{"s": a, "rss_kb": b, "bytes": c} for a, b, c in xs] for k, xs in build.items()}
res["shard_check_total_clauses"] = shardcheck
res["page_server_check"] = pagecheck

def lavg(s): return s.split("load average:")[-1].strip()
print()
print(f"### Issue 19 targets, corpus x{S} ({nfiles} files, {int(text_bytes) / 1e6:.0f} MB; {ncpu} CPUs; "
      f"ROUNDS={rounds}; load {lavg(ls)} -> {lavg(le)})")
print()
print("| # | target | measured | ratio / value | goal | result |")
print("| --- | --- | --- | ---: | --- | --- |")
for r in rows:
    print("| " + " | ".join(r) + " |")
if shardcheck and shardcheck[1] != "same":
    print(f"\nwarning: the last query's page differs between one index and the shards ({shardcheck[0]} results)")
if pagecheck and pagecheck[1] != "same":
    print(f"\nwarning: the last query's page differs between one index and the page servers ({pagecheck[0]} results)")
json.dump(res, open(jout, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print()
print(f"wrote {jout}")
EOF
