#!/usr/bin/env bash
# make bench-query: query speed and recall of vanban beside SQLite FTS5 and ripgrep,
# on the real corpus, in one run.
#
#   BUILD=build bash bench/bench-query.sh          (ROUNDS=5 COLD=20 by default)
#   SCALE=10 BUILD=build bash bench/bench-query.sh (the corpus x10, bench/scale-corpus.py;
#                                                   the recall part is left out there)
#
# 1. latency of the 30 queries of bench/queries.txt x ROUNDS rounds, alternating:
#    `vanban-query --db IDX --limit 20 --format json Q >/dev/null` (process start to exit),
#    the same with --format text, one `vanban-query --serve` process per round (each
#    query timed from its line written to its answer read), in-process vb_search (bench/query_bench.c; "json" mode =
#    VB_SEARCH_TOTALS as the json printer asks, "page" mode = only the 20 results) and
#    FTS5 top-20 by bm25 (bench/fts5_bench.c, its own column of queries.txt);
# 2. `--all --count` of 5 phrases, frequent to rare, beside `rg -c`, `rg -o | wc -l`
#    and FTS5's count (rows, phrase instances), alternating, median of ROUNDS;
# 3. recall of each tool against an independent mention counter over the clause texts
#    of `vanban-index --dump` (NFD, combining marks dropped, đ->d, lower case, syllables);
# 4. cold start: one `vanban-query --count x` process, median of COLD runs.
# Prints Markdown tables and writes bench/results-query.json.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus-real/docs
[ -d "$corpus" ] || { echo "bench-query: $corpus is absent; nothing to measure"; exit 0; }
BUILD=${BUILD:-build}
ROUNDS=${ROUNDS:-5}
COLD=${COLD:-20}
SCALE=${SCALE:-1}
case "$SCALE" in ''|*[!0-9]*|0) echo "bench-query: SCALE must be a whole number >= 1"; exit 2 ;; esac
export LC_NUMERIC=C
if [ "$SCALE" -gt 1 ]; then OUT=$BUILD/bench/query-x$SCALE; JOUT=bench/results-query-x$SCALE.json
else OUT=$BUILD/bench/query; JOUT=bench/results-query.json; fi
mkdir -p "$OUT"
if [ "$SCALE" -gt 1 ]; then
  # generated once, kept beside the index (each copy a distinct document)
  if [ ! -f "$OUT/docs.stamp" ] || [ bench/scale-corpus.py -nt "$OUT/docs.stamp" ]; then
    rm -rf "$OUT/docs"
    python3 bench/scale-corpus.py "$corpus" "$OUT/docs" "$SCALE" && touch "$OUT/docs.stamp"
  fi
  corpus=$OUT/docs
fi
VI=$BUILD/bin/vanban-index
VQ=$BUILD/bin/vanban-query
[ -x "$VI" ] && [ -x "$VQ" ] || { echo "bench-query: build the tools first (make build-all)"; exit 2; }

# ------------------------------------------------------------------ tools
missing=()
command -v rg >/dev/null || missing+=(ripgrep)
command -v python3 >/dev/null || missing+=(python3)
{ pkg-config --exists sqlite3 2>/dev/null || [ -f /usr/include/sqlite3.h ]; } || missing+=(libsqlite3-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench-query: installing ${missing[*]}"
    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bench-query: missing tools; run as root: apt-get install -y ${missing[*]}"; exit 2
  fi
fi

# ------------------------------------------------------------------ programs
cc -O2 bench/fts5_bench.c -lsqlite3 -o "$OUT/fts5_bench"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude bench/query_bench.c "$BUILD/libvanban.a" \
   $(cat "$BUILD/link.flags" 2>/dev/null || echo "$(pkg-config --libs xapian-core libutf8proc) -lstdc++ -lm -lpthread") -o "$OUT/query_bench"
FB=$OUT/fts5_bench
QB=$OUT/query_bench

load_start=$(uptime)
echo "bench-query: $(nproc) CPUs; load at start: $load_start"

# ------------------------------------------------------------------ index, dump, FTS5 table
# All three are rebuilt when the vanban tools are newer than them (else reused).
DB=$OUT/vanban.db
if [ ! -f "$OUT/db.stamp" ] || [ "$VI" -nt "$OUT/db.stamp" ]; then
  echo "bench-query: indexing $corpus into $DB"
  "$VI" --quiet --rebuild --db "$DB" "$corpus" && touch "$OUT/db.stamp"
else
  "$VI" --quiet --db "$DB" "$corpus"   # incremental: a no-op unless the corpus changed
fi
if [ ! -s "$OUT/clauses.tsv" ] || [ "$VI" -nt "$OUT/clauses.tsv" ] || [ "$corpus" -nt "$OUT/clauses.tsv" ]; then
  echo "bench-query: vanban-index --dump over the corpus (clauses for FTS5 and the reference counter)"
  mapfile -t cfiles < <(find "$corpus" -type f -name '*.txt' | sort)
  "$VI" --dump "${cfiles[@]}" > "$OUT/dump.json"
  python3 - "$OUT/dump.json" "$OUT/clauses.tsv" <<'EOF'
import json, sys
docs = json.load(open(sys.argv[1], encoding="utf-8"))
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for d in docs:
        for c in d["clauses"]:
            t = c["text"].replace("\t", " ").replace("\n", " ").replace("\r", " ")
            f.write(f'{d["file"]}\t{c["path"]}\t{t}\n')
EOF
  rm -f "$OUT/fts5.db"
fi
if [ ! -s "$OUT/fts5.db" ]; then
  "$FB" build "$OUT/fts5.db" "$OUT/clauses.tsv" > "$OUT/fts5-build.txt"
fi

# ------------------------------------------------------------------ 1. latency
RAW=$OUT/raw.txt
: > "$RAW"
mapfile -t VQS < <(grep -v '^#' bench/queries.txt | grep -v '^$' | cut -f1)
echo "bench-query: latency, ${#VQS[@]} queries x $ROUNDS rounds (alternating vanban-query json/text, in-process, FTS5)"
for ((r = 0; r < ROUNDS; r++)); do
  for i in "${!VQS[@]}"; do
    t0=$EPOCHREALTIME
    "$VQ" --db "$DB" --limit 20 --format json "${VQS[$i]}" > /dev/null 2>&1 || true
    t1=$EPOCHREALTIME
    "$VQ" --db "$DB" --limit 20 --format text --color never "${VQS[$i]}" > /dev/null 2>&1 || true
    t2=$EPOCHREALTIME
    echo "proc json $r $((i + 1)) $t0 $t1" >> "$RAW"
    echo "proc text $r $((i + 1)) $t1 $t2" >> "$RAW"
  done
  # one --serve process for the round: each query timed from writing its line to reading the answer's
  python3 - "$VQ" "$DB" "$r" bench/queries.txt >> "$RAW" <<'PY'
import subprocess, sys, time
vq, db, r, qfile = sys.argv[1:5]
qs = [l.rstrip("\n").split("\t")[0] for l in open(qfile, encoding="utf-8") if l.strip() and not l.startswith("#")]
p = subprocess.Popen([vq, "--db", db, "--serve", "--limit", "20"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL)
for i, q in enumerate(qs, 1):
    t0 = time.time()
    p.stdin.write(q.encode() + b"\n")
    p.stdin.flush()
    p.stdout.readline()
    t1 = time.time()
    print(f"proc serve {r} {i} {t0:.6f} {t1:.6f}")
p.stdin.close()
p.wait()
PY
  "$QB" "$DB" bench/queries.txt 1 2>/dev/null | sed "s/^lat \([a-z]*\) 0 /inproc \1 $r /;s/^open /open $r /" >> "$RAW"
  "$FB" query "$OUT/fts5.db" bench/queries.txt 1 | sed "s/^lat 0 /fts5 $r /" >> "$RAW"
done

# ------------------------------------------------------------------ 2. --all --count
PHRASES=("doanh nghiệp" "người lao động" "bảo hiểm xã hội" "ma túy" "mua bán người")
echo "bench-query: --all --count of ${#PHRASES[@]} phrases x $ROUNDS (alternating vanban, rg -c, rg -o, FTS5)"
for ((r = 0; r < ROUNDS; r++)); do
  for i in "${!PHRASES[@]}"; do
    p=${PHRASES[$i]}
    t0=$EPOCHREALTIME
    v=$("$VQ" --db "$DB" --all --count --format json "$p" 2>/dev/null || true)
    t1=$EPOCHREALTIME
    c=$(rg -c -i -F -- "$p" "$corpus" | awk -F: '{s += $NF} END {print s + 0}')
    t2=$EPOCHREALTIME
    o=$(rg --no-filename -o -i -F -- "$p" "$corpus" | wc -l)
    t3=$EPOCHREALTIME
    f=$("$FB" count "$OUT/fts5.db" "\"$p\"")
    t4=$EPOCHREALTIME
    echo "count $r $i vanban $t0 $t1 $v" >> "$RAW"
    echo "count $r $i rgc $t1 $t2 $c" >> "$RAW"
    echo "count $r $i rgo $t2 $t3 $o" >> "$RAW"
    echo "count $r $i fts5 $t3 $t4 $f" >> "$RAW"
  done
done

# ------------------------------------------------------------------ 3. recall inputs
# (and the same phrases typed without diacritics: what a user on a plain keyboard types)
FOLDED=("doanh nghiep" "nguoi lao dong" "bao hiem xa hoi" "ma tuy" "mua ban nguoi")
[ "$SCALE" -gt 1 ] || echo "bench-query: recall inputs (vanban --all jsonl, FTS5 rowids, rg per file)"
for i in "${!PHRASES[@]}"; do
  [ "$SCALE" -gt 1 ] && break   # recall is a property of the text, measured on the real corpus
  for v in d f; do
    if [ $v = d ]; then p=${PHRASES[$i]}; else p=${FOLDED[$i]}; fi
    # --fold: the counter below folds every spelling (a query typed with diacritics binds them by default)
    "$VQ" --db "$DB" --all --fold --format jsonl "$p" > "$OUT/recall-$i$v-vanban.jsonl" 2>/dev/null || true
    "$FB" rowids "$OUT/fts5.db" "\"$p\"" > "$OUT/recall-$i$v-fts5.txt"
    (cd "$corpus" && rg -o -i -F --with-filename -- "$p" . || true) | cut -d: -f1 | sort | uniq -c > "$OUT/recall-$i$v-rgo.txt"
  done
done

# ------------------------------------------------------------------ 4. cold start
echo "bench-query: cold start, $COLD x (vanban-query --count x; a query that matches nothing; /bin/true)"
for ((r = 0; r < COLD; r++)); do
  t0=$EPOCHREALTIME
  "$VQ" --db "$DB" --count x > /dev/null 2>&1 || true
  t1=$EPOCHREALTIME
  "$VQ" --db "$DB" --count zzqqxxw > /dev/null 2>&1 || true
  t2=$EPOCHREALTIME
  /bin/true
  t3=$EPOCHREALTIME
  echo "cold x $r $t0 $t1" >> "$RAW"
  echo "cold none $r $t1 $t2" >> "$RAW"
  echo "cold true $r $t2 $t3" >> "$RAW"
done
load_end=$(uptime)

# ------------------------------------------------------------------ report
BQ_CORPUS=$corpus BQ_SCALE=$SCALE python3 - "$OUT" "$RAW" bench/queries.txt "$JOUT" "$load_start" "$load_end" "$ROUNDS" "$COLD" \
  "$(nproc)" "${PHRASES[@]}" <<'EOF'
import json, os, re, statistics, sys, unicodedata
from collections import defaultdict

out, raw, qfile, jout, load_start, load_end, rounds, cold, ncpu = sys.argv[1:10]
phrases = sys.argv[10:]

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
    queries.append((v, f.strip()))

lat = defaultdict(list)          # series -> [ms]
perq = defaultdict(lambda: defaultdict(list))  # series -> qno -> [ms]
qinfo = {}
counts = defaultdict(lambda: defaultdict(list))  # phrase idx -> tool -> [(ms, value...)]
coldt = defaultdict(list)
opens = []
for line in open(raw, encoding="utf-8"):
    w = line.split()
    if w[0] == "proc":
        ms = (float(w[5]) - float(w[4])) * 1e3
        lat["proc_" + w[1]].append(ms); perq["proc_" + w[1]][int(w[3])].append(ms)
    elif w[0] == "inproc":
        ms = float(w[4]); s = "inproc_" + w[1]
        lat[s].append(ms); perq[s][int(w[3])].append(ms)
        if w[1] == "json": qinfo[int(w[3])] = (int(w[5]), int(w[6]))
    elif w[0] == "open":
        opens.append(float(w[2]))
    elif w[0] == "fts5":
        ms = float(w[3]); lat["fts5"].append(ms); perq["fts5"][int(w[2])].append(ms)
    elif w[0] == "count":
        i, tool = int(w[2]), w[3]
        ms = (float(w[5]) - float(w[4])) * 1e3
        rest = line.split(None, 6)[6] if len(w) > 6 else ""
        counts[i][tool].append((ms, rest.strip()))
    elif w[0] == "cold":
        coldt[w[1]].append((float(w[4]) - float(w[3])) * 1e3)

def stat(xs):
    return {"n": len(xs), "p50": pct(xs, 50), "p95": pct(xs, 95), "p99": pct(xs, 99), "max": max(xs) if xs else None}

res = {"machine": {"nproc": int(ncpu), "load_start": load(load_start), "load_end": load(load_end),
                   "uptime_start": load_start.strip(), "uptime_end": load_end.strip()},
       "rounds": int(rounds), "queries": len(queries)}
print()
print(f"### Query latency ({len(queries)} queries x {rounds} rounds, ms; load {load_start.split('load average:')[-1].strip()} -> {load_end.split('load average:')[-1].strip()})")
print()
print("| what | n | p50 | p95 | p99 | max |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
names = [("proc_json", "vanban-query --limit 20 --format json (process)"),
         ("proc_text", "vanban-query --limit 20 --format text (process)"),
         ("proc_serve", "vanban-query --serve --limit 20 (one process, per query line)"),
         ("inproc_json", "vb_search limit 20 + TOTALS (in-process, what json asks)"),
         ("inproc_page", "vb_search limit 20, no totals (in-process)"),
         ("fts5", f"FTS5 top-20 bm25 + text (in-process, {len(perq['fts5'])} expressible queries)")]
res["latency_ms"] = {}
for key, label in names:
    s = stat(lat[key]); res["latency_ms"][key] = s
    print(f"| {label} | {s['n']} | {s['p50']:.1f} | {s['p95']:.1f} | {s['p99']:.1f} | {s['max']:.1f} |")
if opens:
    res["inproc_open_ms_median"] = statistics.median(opens)

print()
print("Per query (median ms; clauses and mentions as vb_search with totals reports them):")
print()
print("| # | vanban query | clauses | mentions | process json | process text | --serve | in-proc json | in-proc page | FTS5 |")
print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
res["per_query"] = []
for n, (v, f) in enumerate(queries, 1):
    med = {k: (statistics.median(perq[k][n]) if perq[k].get(n) else None) for k, _ in names}
    cl, me = qinfo.get(n, (None, None))
    res["per_query"].append({"n": n, "vanban": v, "fts5": None if f == "-" else f, "clauses": cl, "mentions": me,
                             "median_ms": med})
    cell = lambda x: "–" if x is None else f"{x:.1f}"
    print(f"| {n} | `{v}` | {cl} | {me} | " + " | ".join(cell(med[k]) for k, _ in names) + " |")

# ---- counts
def fold(s):
    s = unicodedata.normalize("NFD", s.replace("Ð", "Đ"))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return s.replace("đ", "d").replace("Đ", "D").lower()
# letters and digits apart: a footnote number glued to a word ("xã hội20" in consolidated
# texts, VBHN) does not hide the word
SYL = re.compile(r"[a-z]+|[0-9]+")

SCALE = int(os.environ.get("BQ_SCALE", "1"))
res["scale"] = SCALE
# the reference counter reads the dumped clauses: the real corpus only (x10 is the same text ten times)
docs = json.load(open(os.path.join(out, "dump.json"), encoding="utf-8")) if SCALE == 1 else []
clause_syl = []   # (file basename, path, syllables)
for d in docs:
    b = os.path.basename(d["file"])
    for c in d["clauses"]:
        clause_syl.append((b, c["path"], SYL.findall(fold(c["text"]))))
tsv_keys = [(b, p) for b, p, _ in clause_syl]   # rowid-1 -> key (same order as clauses.tsv)

def ref_count(phrase):
    pat = SYL.findall(fold(phrase)); k = len(pat)
    per = defaultdict(int)
    for b, p, syl in clause_syl:
        first = pat[0]
        for j in range(len(syl) - k + 1):
            if syl[j] == first and syl[j:j + k] == pat:
                per[(b, p)] += 1
    return per

def recall(i, v, p, ref):
    rtot = sum(ref.values()); rcl = len(ref)
    van = defaultdict(int)
    for line in open(os.path.join(out, f"recall-{i}{v}-vanban.jsonl"), encoding="utf-8"):
        o = json.loads(line)
        van[(os.path.basename(o["doc"]["file"]), o["clause"]["path"])] += len(o["matches"])
    fts = defaultdict(int)
    for line in open(os.path.join(out, f"recall-{i}{v}-fts5.txt")):
        rid, n = line.split(); fts[tsv_keys[int(rid) - 1]] += int(n)
    ref_file = defaultdict(int)
    for (b, _), n in ref.items(): ref_file[b] += n
    rgo = defaultdict(int)
    for line in open(os.path.join(out, f"recall-{i}{v}-rgo.txt"), encoding="utf-8"):
        n, f = line.split(None, 1); rgo[os.path.basename(f.strip())] += int(n)
    def rec(tool, refd):
        hit = sum(min(tool.get(k, 0), n) for k, n in refd.items())
        extra = sum(max(0, n - refd.get(k, 0)) for k, n in tool.items())
        return hit, extra
    vh, vx = rec(van, ref)
    fh_cl = sum(1 for k in ref if k in fts); fx_cl = sum(1 for k in fts if k not in ref)
    fh, fx = rec(fts, ref)
    rh, rx = rec(rgo, ref_file)
    vcl_hit = sum(1 for k in ref if k in van)
    q = p if v == "d" else FOLDED[i]
    return {"phrase": p, "typed": q, "diacritics": v == "d", "reference_mentions": rtot, "reference_clauses": rcl,
        "vanban": {"mentions_found": vh, "recall": vh / rtot if rtot else None, "extra": vx,
                   "clauses_found": vcl_hit, "clause_recall": vcl_hit / rcl if rcl else None},
        "fts5": {"clauses_found": fh_cl, "clause_recall": fh_cl / rcl if rcl else None, "extra_clauses": fx_cl,
                 "mentions_found": fh, "recall": fh / rtot if rtot else None},
        "rg": {"mentions_found": rh, "recall": rh / rtot if rtot else None, "extra": rx}}

FOLDED = ["doanh nghiep", "nguoi lao dong", "bao hiem xa hoi", "ma tuy", "mua ban nguoi"]
print()
print(f"### `--all --count` of phrases (median of {rounds}, ms, process start to exit; counts: clauses/lines/rows, mentions)")
print()
print("| phrase | reference mentions (clauses) | vanban --count ms | vanban clauses, mentions | rg -c ms | rg lines | rg -o \\| wc -l ms | rg mentions | FTS5 ms (in-proc) | FTS5 rows, instances | vanban / rg -c time |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
res["count"] = []
res["recall"] = []
for i, p in enumerate(phrases):
    c = counts[i]
    med = lambda tool: statistics.median(x[0] for x in c[tool])
    vj = json.loads(c["vanban"][0][1]) if c["vanban"] and c["vanban"][0][1] else {}
    vcl, vme = vj.get("total_clauses"), vj.get("total_mentions")
    rgl = int(c["rgc"][0][1]); rgm = int(c["rgo"][0][1])
    fw = c["fts5"][0][1].split()   # "count MS ROWS MENTIONS EXPR"
    f_inproc = statistics.median(float(x[1].split()[1]) for x in c["fts5"])
    frows, fme = int(fw[2]), int(fw[3])
    ref = ref_count(p) if SCALE == 1 else {}
    rtot = sum(ref.values()); rcl = len(ref)
    row = {"phrase": p, "reference": {"mentions": rtot, "clauses": rcl},
           "vanban": {"ms": med("vanban"), "clauses": vcl, "mentions": vme},
           "rg_c": {"ms": med("rgc"), "lines": rgl}, "rg_o": {"ms": med("rgo"), "mentions": rgm},
           "fts5": {"ms_process": med("fts5"), "ms_inproc": f_inproc, "rows": frows, "instances": fme}}
    row["vanban_over_rg_c"] = med("vanban") / med("rgc")
    res["count"].append(row)
    print(f"| {p} | {f'{rtot} ({rcl})' if SCALE == 1 else '–'} | {med('vanban'):.0f} | {vcl}, {vme} | {med('rgc'):.0f} | {rgl} | {med('rgo'):.0f} | {rgm} | "
          f"{f_inproc:.1f} | {frows}, {fme} | {row['vanban_over_rg_c']:.1f}x |")

    for v in ("d", "f") if SCALE == 1 else ():
        res["recall"].append(recall(i, v, p, ref))

print()
if res["recall"]:
  print("### Recall against the independent counter (folded syllable sequences in the dumped clause texts)")
  print()
  print("rg: `rg -o -i -F` per file; FTS5: rows = clauses, instances = mentions (per clause). "
        "A tool's finds are capped per clause (per file for rg) at the reference count; 'extra' = found beyond it.")
  print()
  print("| query typed | reference mentions / clauses | vanban mentions | vanban clauses | FTS5 clauses (rows) | FTS5 instances | rg -o mentions (per file) |")
  print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
  fmt = lambda a, b: "–" if b is None else f"{a} ({100 * b:.1f}%)"
  for r in res["recall"]:
      v, f, g = r["vanban"], r["fts5"], r["rg"]
      print(f"| {r['typed']} | {r['reference_mentions']} / {r['reference_clauses']} | {fmt(v['mentions_found'], v['recall'])}"
            f"{' +' + str(v['extra']) + ' extra' if v['extra'] else ''} | {fmt(v['clauses_found'], v['clause_recall'])} | "
            f"{fmt(f['clauses_found'], f['clause_recall'])}{' +' + str(f['extra_clauses']) + ' extra' if f['extra_clauses'] else ''} | "
            f"{fmt(f['mentions_found'], f['recall'])} | {fmt(g['mentions_found'], g['recall'])}{' +' + str(g['extra']) + ' extra' if g['extra'] else ''} |")

print()
res["cold_start_ms"] = {k: {"median": statistics.median(v), "n": len(v), "min": min(v), "max": max(v)} for k, v in coldt.items()}
print(f"### Cold start (median of {cold}, ms, process start to exit)")
print()
print("| command | median | min | max |")
print("| --- | ---: | ---: | ---: |")
for k, label in (("x", "vanban-query --count x"), ("none", "vanban-query --count zzqqxxw (no match)"),
                 ("true", "/bin/true (process start floor)")):
    s = res["cold_start_ms"][k]
    print(f"| `{label}` | {s['median']:.1f} | {s['min']:.1f} | {s['max']:.1f} |")
try:
    fb = open(os.path.join(out, "fts5-build.txt")).read().split()
    res["fts5_build"] = {fb[j]: float(fb[j + 1]) for j in range(1, len(fb) - 1, 2)}
except Exception:
    pass
json.dump(res, open(jout, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print()
print(f"wrote {jout}")
EOF
