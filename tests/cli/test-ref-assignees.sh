#!/usr/bin/env bash
# Assignees against the hand-read reference tests/ref/assignees.tsv (issue 12):
# per (clause line, body) precision and recall, and the role of the matched pairs.
# Every document named by a `# doc FILE` line is dumped; every assignee vanban gives in
# it counts for precision, every reference row for recall.
. "$(dirname "$0")/lib.sh"

MIN_PRECISION=95   # per cent
MIN_RECALL=90
MIN_ROLE=90

REF="$ROOT/tests/ref/assignees.tsv"

if ! have_real; then
    skip "test-ref-assignees: $REAL absent (the reference is over the real corpus)"
    finish
    exit $?
fi

res=$(python3 - "$REF" "$REAL/docs" "$ROOT" "$BUILD/bin/vanban-index" "$MIN_PRECISION" "$MIN_RECALL" "$MIN_ROLE" <<'PY'
import json, os, re, subprocess, sys, unicodedata

ref_path, docs, root, idx = sys.argv[1:5]
min_p, min_r, min_role = (float(x) for x in sys.argv[5:8])

TITLES = ("bộ trưởng", "thủ trưởng", "giám đốc", "chủ tịch", "chánh văn phòng",
          "tổng cục trưởng", "cục trưởng", "trưởng ban")

def norm(s):
    s = unicodedata.normalize("NFC", s or "").strip()
    s = s.replace("Uỷ", "Ủy").replace("uỷ", "ủy").replace("UỶ", "ỦY")
    s = re.sub(r"\s+", " ", s).lower()
    s = re.sub(r"\bubnd\b", "ủy ban nhân dân", s)
    s = re.sub(r"[\s.,;:!?/\-–—…)(\"'“”]+$", "", s)
    if s.startswith("các "):
        s = s[4:]
    return s

def strip_title(s):
    for t in TITLES:
        if s.startswith(t + " "):
            r = s[len(t) + 1:]
            return r[4:] if r.startswith("các ") else r
    return None

def same(a, b):
    if a == b:
        return True
    return strip_title(a) == b or strip_title(b) == a

def path_of(f):
    return os.path.join(root, f) if f.startswith("corpus/") else os.path.join(docs, f)

ref = {}      # file -> list of (line, body, role)
order = []
for raw in open(ref_path, encoding="utf-8"):
    raw = raw.rstrip("\n")
    if raw.startswith("# doc "):
        f = raw[6:].strip()
        if f not in ref:
            ref[f] = []
            order.append(f)
        continue
    if not raw.strip() or raw.startswith("#") or raw.startswith("file\t"):
        continue
    cols = raw.split("\t")
    f, line, body, role = cols[0], int(cols[1]), cols[2], cols[3]
    if f not in ref:
        print("BAD reference row for a file without a `# doc` line: %s" % raw)
        continue
    ref[f].append((line, body, role))

tp = fp = fn = role_ok = 0
report = []
for f in order:
    p = path_of(f)
    try:
        out = subprocess.run([idx, "--dump", p], capture_output=True, timeout=60)
        d = json.loads(out.stdout.decode("utf-8"))
    except Exception as e:
        print("BAD %s: --dump failed: %s" % (f, str(e)[:200]))
        fn += len(ref[f])
        continue
    got = []   # (line, body, role)
    for c in d.get("clauses", []):
        line = c.get("line")
        al = c.get("assignees")
        if al is None:
            a = c.get("assignee")
            al = [{"body": a, "role": "chu_tri"}] if a else []
        for a in al:
            if a.get("body"):
                got.append((line, a["body"], a.get("role", "")))
    want = list(ref[f])
    text = open(p, encoding="utf-8", errors="replace").read().split("\n")
    for (line, body, role) in want:
        if not (1 <= line <= len(text)) or not text[line - 1].strip():
            print("BAD reference %s:%d [%s]: no clause can start on that line" % (f, line, body))
        if role not in ("chu_tri", "phoi_hop"):
            print("BAD reference %s:%d [%s]: role %r" % (f, line, body, role))
    used = [False] * len(got)
    for (line, body, role) in want:
        nb = norm(body)
        hit = None
        for i, (gl, gb, gr) in enumerate(got):
            if not used[i] and gl == line and same(nb, norm(gb)):
                hit = i
                break
        if hit is None:
            fn += 1
            report.append("FN %s:%d expected [%s] %s" % (f, line, body, role))
        else:
            used[hit] = True
            tp += 1
            if got[hit][2] == role:
                role_ok += 1
            else:
                report.append("ROLE %s:%d [%s] expected %s got %s" % (f, line, body, role, got[hit][2]))
    for i, (gl, gb, gr) in enumerate(got):
        if not used[i]:
            fp += 1
            report.append("FP %s:%s got [%s] %s" % (f, gl, gb, gr))

prec = 100.0 * tp / (tp + fp) if tp + fp else 0.0
rec = 100.0 * tp / (tp + fn) if tp + fn else 0.0
rol = 100.0 * role_ok / tp if tp else 0.0
for r in report:
    print(r)
print("documents %d, reference pairs %d, vanban pairs %d, matched %d" % (len(order), tp + fn, tp + fp, tp))
print("precision %.1f %% (min %g), recall %.1f %% (min %g), role %.1f %% (min %g)"
      % (prec, min_p, rec, min_r, rol, min_role))
print("RESULT %s %s %s" % ("ok" if prec >= min_p else "low",
                           "ok" if rec >= min_r else "low",
                           "ok" if rol >= min_role else "low"))
PY
)
echo "$res" | grep -v '^RESULT '
[ -n "$(echo "$res" | grep '^RESULT ')" ] || fail "the checker did not run: $(echo "$res" | tail -3)"
while IFS= read -r line; do fail "${line#BAD }"; done < <(echo "$res" | grep '^BAD ')
set -- $(echo "$res" | sed -n 's/^RESULT //p')
if [ "${1:-}" = ok ]; then ok; else fail "assignee precision under $MIN_PRECISION %"; fi
if [ "${2:-}" = ok ]; then ok; else fail "assignee recall under $MIN_RECALL %"; fi
if [ "${3:-}" = ok ]; then ok; else fail "assignee role accuracy under $MIN_ROLE %"; fi
finish
