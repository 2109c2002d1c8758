#!/usr/bin/env bash
# make bench-index: build time, size and memory of vanban-index beside omindex (Xapian's
# own indexer, xapian-omega) and SQLite FTS5 on the real corpus, in one run.
#
#   BUILD=build bash bench/bench-index.sh           (RUNS=3 by default)
#   SCALE=10 BUILD=build bash bench/bench-index.sh  (the corpus x10: bench/scale-corpus.py)
#
# RUNS rounds, alternating within each round:
#   vanban-index --rebuild                (default --jobs = CPUs)
#   vanban-index --rebuild --jobs 1
#   omindex --db DIR --url / DOCS         (fresh database each time)
#   fts5_bench build                      (one FTS5 row per clause of `vanban-index --dump`,
#                                          dumped once beforehand; the dump is not timed in)
# on a private copy of the corpus (so that the incremental step can change files).
# Reports the median wall time, MB/s of source text, index size (du -sb; vanban also after
# xapian-compact), size / text size and peak RSS (/usr/bin/time -f %M). Then the
# incremental re-index: append a line to 8 files (1%) and time vanban's second run
# (and omindex's, and a run with nothing changed).
# Prints a Markdown table and writes bench/results-index.json.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus-real/docs
[ -d "$corpus" ] || { echo "bench-index: $corpus is absent; nothing to measure"; exit 0; }
BUILD=${BUILD:-build}
RUNS=${RUNS:-3}
SCALE=${SCALE:-1}
case "$SCALE" in ''|*[!0-9]*|0) echo "bench-index: SCALE must be a whole number >= 1"; exit 2 ;; esac
export LC_NUMERIC=C
if [ "$SCALE" -gt 1 ]; then OUT=$BUILD/bench/index-x$SCALE; JOUT=bench/results-index-x$SCALE.json
else OUT=$BUILD/bench/index; JOUT=bench/results-index.json; fi
VI=$BUILD/bin/vanban-index
[ -x "$VI" ] || { echo "bench-index: build the tools first (make build-all)"; exit 2; }

# ------------------------------------------------------------------ tools
missing=()
command -v omindex >/dev/null || missing+=(xapian-omega)
command -v xapian-compact >/dev/null || missing+=(xapian-tools)
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
{ pkg-config --exists sqlite3 2>/dev/null || [ -f /usr/include/sqlite3.h ]; } || missing+=(libsqlite3-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench-index: installing ${missing[*]}"
    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bench-index: missing tools; run as root: apt-get install -y ${missing[*]}"; exit 2
  fi
fi

rm -rf "$OUT"
mkdir -p "$OUT"
cc -O2 bench/fts5_bench.c -lsqlite3 -o "$OUT/fts5_bench"
FB=$OUT/fts5_bench
DOCS=$OUT/docs
if [ "$SCALE" -gt 1 ]; then
  python3 bench/scale-corpus.py "$corpus" "$DOCS" "$SCALE"   # each copy a distinct document
else
  cp -a "$corpus" "$DOCS"
fi
text_bytes=$(find "$DOCS" -type f -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
nfiles=$(find "$DOCS" -type f -name '*.txt' | wc -l)

load_start=$(uptime)
echo "bench-index: $nfiles files, $text_bytes bytes of text; $(nproc) CPUs; load at start: $load_start"

# The clauses for FTS5, dumped once (timed apart; not part of FTS5's build time).
t0=$EPOCHREALTIME
: > "$OUT/clauses.tsv"
# one directory at a time (the x10 corpus has ten), appended to one TSV
while IFS= read -r dir; do
  mapfile -t dfiles < <(find "$dir" -maxdepth 1 -type f -name '*.txt' | sort)
  [ ${#dfiles[@]} -gt 0 ] || continue
  "$VI" --dump "${dfiles[@]}" > "$OUT/dump.json"
  python3 - "$OUT/dump.json" "$OUT/clauses.tsv" <<'EOF'
import json, sys
docs = json.load(open(sys.argv[1], encoding="utf-8"))
with open(sys.argv[2], "a", encoding="utf-8") as f:
    for d in docs:
        for c in d["clauses"]:
            t = c["text"].replace("\t", " ").replace("\n", " ").replace("\r", " ")
            f.write(f'{d["file"]}\t{c["path"]}\t{t}\n')
EOF
done < <(find "$DOCS" -type d | sort)
t1=$EPOCHREALTIME
rm -f "$OUT/dump.json"
RAW=$OUT/raw.txt
echo "dump - $t0 $t1 0" > "$RAW"

# time_run NAME ROUND DBDIR CMD...: wall seconds and peak RSS (KB) into RAW
time_run() {
  local name=$1 round=$2 db=$3; shift 3
  rm -rf "$db"
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" > "$OUT/$name.log" 2>&1 || {
    echo "bench-index: $name failed:"; tail -5 "$OUT/$name.log"; exit 2; }
  read -r secs rss < "$OUT/time.txt"
  echo "run $name $round $secs $rss $(du -sb "$db" | cut -f1)" >> "$RAW"
  echo "  round $round $name: ${secs}s, ${rss} KB"
}

echo "bench-index: $RUNS rounds of vanban (jobs $(nproc)), vanban (jobs 1), omindex, FTS5"
for ((r = 1; r <= RUNS; r++)); do
  time_run vanban "$r" "$OUT/vanban.db" "$VI" --quiet --rebuild --db "$OUT/vanban.db" "$DOCS"
  time_run vanban-j1 "$r" "$OUT/vanban-j1.db" "$VI" --quiet --rebuild --jobs 1 --db "$OUT/vanban-j1.db" "$DOCS"
  time_run omindex "$r" "$OUT/omindex.db" omindex --db "$OUT/omindex.db" --url / "$DOCS"
  time_run fts5 "$r" "$OUT/fts5.db" "$FB" build "$OUT/fts5.db" "$OUT/clauses.tsv"
done

# Compacted sizes (xapian-compact writes a new database; the original is left alone).
for n in vanban vanban-j1 omindex; do
  rm -rf "$OUT/$n.compact"
  t0=$EPOCHREALTIME
  xapian-compact "$OUT/$n.db" "$OUT/$n.compact" > /dev/null
  t1=$EPOCHREALTIME
  echo "compact $n $t0 $t1 $(du -sb "$OUT/$n.compact" | cut -f1)" >> "$RAW"
  for f in "$OUT/$n.compact"/*.glass; do
    echo "table $n $(basename "$f" .glass) $(stat -c %s "$f")" >> "$RAW"
  done
  rm -rf "$OUT/$n.compact"
done

# Incremental: nothing changed, then 1% of the files changed, RUNS times (other files each time).
NCH=$(( nfiles / 100 )); [ "$NCH" -ge 1 ] || NCH=1
echo "bench-index: incremental re-index ($NCH of $nfiles files changed)"
mapfile -t FILES < <(find "$DOCS" -type f -name '*.txt' | sort)
step=$(( ${#FILES[@]} / NCH ))
for ((r = 1; r <= RUNS; r++)); do
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$VI" --quiet --db "$OUT/vanban.db" "$DOCS"
  read -r secs rss < "$OUT/time.txt"; echo "incr vanban-nochange $r $secs $rss" >> "$RAW"
  for ((k = 0; k < NCH; k++)); do
    f=${FILES[$(( (k * step + r * 7) % ${#FILES[@]} ))]}
    printf '\nDòng thêm cho phép đo lập chỉ mục lại, lần %d.\n' "$r" >> "$f"
  done
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$VI" --quiet --db "$OUT/vanban.db" "$DOCS"
  read -r secs rss < "$OUT/time.txt"; echo "incr vanban $r $secs $rss" >> "$RAW"
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$VI" --quiet --jobs 1 --db "$OUT/vanban-j1.db" "$DOCS"
  read -r secs rss < "$OUT/time.txt"; echo "incr vanban-j1 $r $secs $rss" >> "$RAW"
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" omindex --db "$OUT/omindex.db" --url / "$DOCS" > /dev/null 2>&1
  read -r secs rss < "$OUT/time.txt"; echo "incr omindex $r $secs $rss" >> "$RAW"
  echo "  round $r: $(grep "^incr [a-z0-9-]* $r " "$RAW" | awk '{printf "%s %ss  ", $2, $4}')"
done
echo "size vanban-after-incr $(du -sb "$OUT/vanban.db" | cut -f1)" >> "$RAW"
load_end=$(uptime)

python3 - "$RAW" "$JOUT" "$text_bytes" "$nfiles" "$(nproc)" "$load_start" "$load_end" "$NCH" "$SCALE" <<'EOF'
import json, re, statistics, sys
from collections import defaultdict
raw, jout, text_bytes, nfiles, ncpu, ls, le, nch, scale = sys.argv[1:10]
text_bytes = int(text_bytes)
def load(s):
    m = re.search(r"load average: ([\d.]+), ([\d.]+), ([\d.]+)", s)
    return [float(x) for x in m.groups()] if m else None
runs = defaultdict(list); compact = {}; tables = defaultdict(dict); incr = defaultdict(list); extra = {}
for line in open(raw):
    w = line.split()
    if w[0] == "run": runs[w[1]].append((float(w[3]), int(w[4]), int(w[5])))
    elif w[0] == "compact": compact[w[1]] = (float(w[3]) - float(w[2]), int(w[4]))
    elif w[0] == "table": tables[w[1]][w[2]] = int(w[3])
    elif w[0] == "incr": incr[w[1]].append((float(w[3]), int(w[4])))
    elif w[0] == "dump": extra["dump_s"] = float(w[3]) - float(w[2])
    elif w[0] == "size": extra["vanban_size_after_incr"] = int(w[2])
labels = {"vanban": f"vanban-index (--jobs {min(int(ncpu), 8)})", "vanban-j1": "vanban-index --jobs 1",
          "omindex": "omindex (xapian-omega)", "fts5": "SQLite FTS5 (clauses of --dump)"}
res = {"machine": {"nproc": int(ncpu), "load_start": load(ls), "load_end": load(le),
                   "uptime_start": ls.strip(), "uptime_end": le.strip()},
       "text_bytes": text_bytes, "files": int(nfiles), "scale": int(scale), "runs": {}, "dump_s": extra.get("dump_s")}
mb = text_bytes / 1e6
print()
print(f"### Index build{' (corpus x' + scale + ')' if scale != '1' else ''} ({nfiles} files, {mb:.1f} MB of text; median of {len(runs['vanban'])} alternating runs; "
      f"load {ls.split('load average:')[-1].strip()} -> {le.split('load average:')[-1].strip()})")
print()
print("| indexer | time s (median) | runs s | MB/s | size MB | × text | compacted MB | × text | peak RSS MB |")
print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for k in ("vanban", "vanban-j1", "omindex", "fts5"):
    rs = runs[k]
    if not rs: continue
    t = statistics.median(x[0] for x in rs)
    size = rs[-1][2]
    rss = statistics.median(x[1] for x in rs) / 1024
    c = compact.get(k)
    res["runs"][k] = {"label": labels[k], "times_s": [x[0] for x in rs], "median_s": t, "mb_per_s": mb / t,
                      "size_bytes": size, "size_x_text": size / text_bytes,
                      "compacted_bytes": c[1] if c else None, "compacted_x_text": c[1] / text_bytes if c else None,
                      "compact_s": c[0] if c else None, "peak_rss_kb": [x[1] for x in rs],
                      "tables_compacted": tables.get(k)}
    cs = f"{c[1] / 1e6:.1f} | {c[1] / text_bytes:.2f}" if c else "– | –"
    print(f"| {labels[k]} | {t:.2f} | {', '.join(f'{x[0]:.1f}' for x in rs)} | {mb / t:.2f} | {size / 1e6:.1f} | "
          f"{size / text_bytes:.2f} | {cs} | {rss:.0f} |")
print()
print("FTS5 stores the clause text uncompressed in the table, as vanban stores it (compressed) in its records; "
      "omindex stores only a short sample of each file. FTS5's rows come from `vanban-index --dump` "
      f"({extra.get('dump_s', 0):.1f} s, not counted).")
print()
print("Compacted table sizes (MB):")
print()
names = sorted({t for d in tables.values() for t in d})
print("| index | " + " | ".join(names) + " |")
print("| --- |" + " ---: |" * len(names))
for k, d in tables.items():
    print(f"| {labels[k]} | " + " | ".join(f"{d.get(n, 0) / 1e6:.1f}" for n in names) + " |")
print()
print(f"### Incremental re-index ({nch} of {nfiles} files changed: a line appended; median of {len(incr['vanban'])})")
print()
print("| run | time s (median) | runs s | peak RSS MB |")
print("| --- | ---: | --- | ---: |")
res["incremental"] = {}
for k, label in (("vanban-nochange", "vanban-index, nothing changed"), ("vanban", f"vanban-index, {nch} files changed"),
                 ("vanban-j1", f"vanban-index --jobs 1, {nch} files changed"), ("omindex", f"omindex, {nch} files changed")):
    xs = incr.get(k)
    if not xs: continue
    t = statistics.median(x[0] for x in xs)
    res["incremental"][k] = {"times_s": [x[0] for x in xs], "median_s": t, "peak_rss_kb": [x[1] for x in xs]}
    print(f"| {label} | {t:.2f} | {', '.join(f'{x[0]:.2f}' for x in xs)} | {statistics.median(x[1] for x in xs) / 1024:.0f} |")
if "vanban_size_after_incr" in extra:
    res["vanban_size_after_incr_bytes"] = extra["vanban_size_after_incr"]
    print()
    print(f"vanban index after the incremental runs: {extra['vanban_size_after_incr'] / 1e6:.1f} MB")
json.dump(res, open(jout, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print()
print(f"wrote {jout}")
EOF
rm -rf "$DOCS" "$OUT/clauses.tsv"
