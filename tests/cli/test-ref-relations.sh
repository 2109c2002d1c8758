#!/usr/bin/env bash
# The hand-read reference of citation roles and entry-into-force dates (issue 18),
# tests/ref/relations.tsv and tests/ref/effective.tsv (see tests/ref/README.md, section
# "relations.tsv and effective.tsv"), against `vanban-index --dump`: per role, recall of the
# reference rows and precision of vanban's (instrument, role) pairs; the articles a sua_doi or
# bai_bo concerns ("affects"); the date a relation takes effect ("from"); the document's own
# entry into force ("effective"). Needs the real corpus (../shared/corpus-real).
#
# The JSON contract: every element of "citations" has "role" (dan_chieu, can_cu, huong_dan,
# sua_doi, thay_the, bai_bo, het_hieu_luc, hop_nhat), "affects" (string or null) and "from"
# (string or null); "doc" has "effective" (ISO string or null). A dump without them fails.
. "$(dirname "$0")/lib.sh"

MIN_RECALL=${MIN_RECALL:-90}       # % of the reference rows of a role that vanban finds
MIN_PRECISION=${MIN_PRECISION:-95} # % of vanban's (instrument, role) pairs that are in the reference
MIN_EFFECTIVE=${MIN_EFFECTIVE:-95} # % of documents whose entry into force agrees
MIN_AFFECTS=${MIN_AFFECTS:-0}      # % of matched sua_doi/bai_bo rows whose articles agree (0: shown, not gated)
MIN_ROWS_GATED=${MIN_ROWS_GATED:-5} # a role with fewer reference rows is shown, not gated
REL="$ROOT/tests/ref/relations.tsv"
EFF="$ROOT/tests/ref/effective.tsv"

if ! have_real; then
    skip "real corpus absent ($REAL): the relation reference is not checked"
    finish
    exit $?
fi
[ -f "$REL" ] || { fail "no reference $REL"; finish; exit 1; }
[ -f "$EFF" ] || { fail "no reference $EFF"; finish; exit 1; }

# one dump per referenced document
mkdir -p "$TMP/dump"
while read -r f; do
    if [ ! -f "$REAL/docs/$f" ]; then fail "reference names $f, not in $REAL/docs"; continue; fi
    $IDX --dump "$REAL/docs/$f" > "$TMP/dump/$f.json" 2>"$TMP/dump/$f.err" ||
        fail "$f: vanban-index --dump failed: $(head -c 300 "$TMP/dump/$f.err")"
done < <({ sed -n 's/^# doc \([^ \t]*\).*/\1/p' "$REL"; grep -v '^#' "$EFF" | tail -n +2 | cut -f1; } | sort -u)

res=$(python3 - "$REL" "$EFF" "$TMP/dump" "$MIN_RECALL" "$MIN_PRECISION" "$MIN_EFFECTIVE" "$MIN_AFFECTS" "$MIN_ROWS_GATED" <<'PY'
import json, os, re, sys, unicodedata
rel_path, eff_path, dump_dir = sys.argv[1:4]
min_rec, min_prec, min_eff, min_aff = (float(x) for x in sys.argv[4:8])
min_rows = int(sys.argv[8])
ROLES = ["dan_chieu", "can_cu", "huong_dan", "sua_doi", "thay_the", "bai_bo", "het_hieu_luc", "hop_nhat"]
PART_ROLES = ("sua_doi", "bai_bo")

def strip_marks(s):
    s = unicodedata.normalize("NFC", s or "").replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    return re.sub(r"[\u2010-\u2015]", "-", s.lower())

def fold(s):            # a number: lower case, no diacritics, đ -> d, dashes unified, no spaces
    return re.sub(r"\s+", "", strip_marks(s))

def fold_name(s):       # a name: the same, spaces collapsed
    return " ".join(strip_marks(s).split())

def paths(s):           # "d5,d7.3" -> {"d5", "d7.3"}; "đ" and "d" as in the citation reference
    return frozenset(p.strip() for p in (s or "").split(",") if p.strip())

out, bad = [], []

# ---- the reference
mode = {}               # file -> "all" | "partial"
rows = []
with open(rel_path, encoding="utf-8") as fh:
    header = None
    for no, raw in enumerate(fh, 1):
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        m = re.match(r"#\s*doc\s+(\S+)\s+(all|partial)\s*$", line)
        if m:
            mode[m.group(1)] = m.group(2)
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
            continue
        cols += [""] * (7 - len(cols))
        f, cited, role, affects, frm, ln = cols[:6]
        if role not in ROLES or not cited or not ln.isdigit():
            bad.append("relations.tsv:%d: malformed row" % no)
            continue
        if f not in mode:
            bad.append("relations.tsv:%d: %s has no '# doc' line" % (no, f))
            continue
        by_name = " " in cited.strip()     # a number has no space once written as the text joins it
        rows.append(dict(file=f, cited=cited, role=role, by_name=by_name,
                         key=fold_name(cited) if by_name else fold(cited),
                         affects=paths(affects), frm=frm.strip(), line=int(ln), found=None))
effs = []
with open(eff_path, encoding="utf-8") as fh:
    header = None
    for no, raw in enumerate(fh, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
            continue
        cols += [""] * (4 - len(cols))
        if not re.match(r"^(\d{4}-\d\d-\d\d|-)$", cols[1]):
            bad.append("effective.tsv:%d: malformed date %r" % (no, cols[1]))
            continue
        effs.append(dict(file=cols[0], effective=None if cols[1] == "-" else cols[1], line=cols[2]))

# ---- vanban's citations, as (file, role, instrument) units
dumps, contract = {}, []
for f in sorted(set(mode) | set(e["file"] for e in effs)):
    try:
        dumps[f] = json.load(open(os.path.join(dump_dir, f + ".json"), encoding="utf-8"))
    except Exception as e:
        bad.append("%s: no dump (%s)" % (f, str(e)[:80]))
for f, d in dumps.items():
    cites = d.get("citations") or []
    missing = [k for k in ("role", "affects", "from") if cites and any(k not in c for c in cites)]
    if missing:
        contract.append("%s: citations without %s" % (f, ", ".join('"%s"' % k for k in missing)))
    if "effective" not in (d.get("doc") or {}):
        contract.append('%s: doc without "effective"' % f)
    for c in cites:
        if "role" in c and c["role"] not in ROLES:
            contract.append("%s:%s: unknown role %r" % (f, c.get("line"), c["role"]))
if contract:
    out.append("CONTRACT the dump does not carry the issue-18 fields (%d problems), first: %s"
               % (len(contract), "; ".join(contract[:3])))
    out.append("FAILED --dump has no citation roles / effective date yet: relations not measurable")
    print("\n".join(out))
    sys.exit(0)

units = {}              # (file, role, ukey) -> {"num": key, "names": set, "affects": set, "from": set, "lines": []}
for f, d in dumps.items():
    if f not in mode:
        continue
    for c in d.get("citations") or []:
        num, name = fold(c.get("number") or ""), fold_name(c.get("name") or "")
        if not num and not name:
            continue
        u = units.setdefault((f, c["role"], num or "name:" + name),
                             dict(file=f, role=c["role"], num=num, names=set(), affects=set(), frm=set(),
                                  lines=[], used=False))
        if name:
            u["names"].add(name)
        u["affects"] |= paths(c.get("affects"))
        if c.get("from"):
            u["frm"].add(c["from"])
        u["lines"].append(c.get("line") or 0)

def matches(r, u):
    if u["file"] != r["file"] or u["role"] != r["role"]:
        return False
    return r["key"] in u["names"] if r["by_name"] else u["num"] == r["key"]

for r in rows:
    hit = [u for u in units.values() if matches(r, u)]
    if hit:
        r["found"] = hit
        for u in hit:
            u["used"] = True

def pct(a, b):
    return 100.0 * a / b if b else 100.0

# ---- figures per role
files_all = {f for f, m in mode.items() if m == "all"}
out.append("INFO reference: %d rows from %d documents (%d with every dan_chieu listed), %d entry-into-force rows"
           % (len(rows), len(mode), len(files_all), len(effs)))
gates = []
for role in ROLES:
    rr = [r for r in rows if r["role"] == role]
    # precision: vanban's units of this role; dan_chieu only where the reference lists them all
    uu = [u for u in units.values() if u["role"] == role and (role != "dan_chieu" or u["file"] in files_all)]
    found = sum(1 for r in rr if r["found"])
    good = sum(1 for u in uu if u["used"])
    rec, prec = pct(found, len(rr)), pct(good, len(uu))
    gated = len(rr) >= min_rows
    out.append("INFO %-12s reference %4d  found %4d  recall %5.1f %%  precision %5.1f %% (%d/%d)%s"
               % (role, len(rr), found, rec, prec, good, len(uu), "" if gated else "  [not gated: < %d rows]" % min_rows))
    if gated:
        gates.append(("recall %s %.1f %% (want >= %g %%)" % (role, rec, min_rec), rec >= min_rec))
        gates.append(("precision %s %.1f %% (want >= %g %%)" % (role, prec, min_prec), prec >= min_prec))

# ---- affects: matched sua_doi/bai_bo rows whose set of paths agrees (empty = the whole instrument)
aff = [r for r in rows if r["found"] and r["role"] in PART_ROLES]
aff_ok = [r for r in aff if frozenset().union(*(u["affects"] for u in r["found"])) == r["affects"]]
out.append("INFO affects of matched sua_doi/bai_bo rows: %.1f %% (%d/%d)" % (pct(len(aff_ok), len(aff)), len(aff_ok), len(aff)))
if min_aff > 0:
    gates.append(("affects %.1f %% (want >= %g %%)" % (pct(len(aff_ok), len(aff)), min_aff), pct(len(aff_ok), len(aff)) >= min_aff))
# ---- from: matched rows whose reference gives a date
frm = [r for r in rows if r["found"] and r["frm"]]
frm_ok = [r for r in frm if any(r["frm"] in u["frm"] for u in r["found"])]
out.append("INFO from of matched rows that give one: %.1f %% (%d/%d)" % (pct(len(frm_ok), len(frm)), len(frm_ok), len(frm)))
# ---- effective
eff_ok = []
for e in effs:
    d = dumps.get(e["file"])
    got = (d.get("doc") or {}).get("effective") if d else None
    e["got"] = got
    if got == e["effective"]:
        eff_ok.append(e)
effp = pct(len(eff_ok), len(effs))
out.append("INFO effective: %.1f %% (%d/%d)" % (effp, len(eff_ok), len(effs)))
gates.append(("effective %.1f %% (want >= %g %%)" % (effp, min_eff), effp >= min_eff))

# ---- details
for r in sorted(rows, key=lambda r: (r["file"], r["line"])):
    if not r["found"]:
        out.append("MISS %s:%d %s %s" % (r["file"], r["line"], r["role"], r["cited"]))
for u in sorted(units.values(), key=lambda u: (u["file"], min(u["lines"]))):
    if not u["used"] and (u["role"] != "dan_chieu" or u["file"] in files_all):
        out.append("FP   %s:%d %s %s" % (u["file"], min(u["lines"]), u["role"], u["num"] or sorted(u["names"])[0]))
for r in aff:
    if r not in aff_ok:
        got = frozenset().union(*(u["affects"] for u in r["found"]))
        out.append("AFFECTS %s:%d %s %s expected [%s] got [%s]" % (r["file"], r["line"], r["role"], r["cited"],
                   ",".join(sorted(r["affects"])), ",".join(sorted(got))))
for r in frm:
    if r not in frm_ok:
        out.append("FROM %s:%d %s %s expected %s got %s" % (r["file"], r["line"], r["role"], r["cited"], r["frm"],
                   ",".join(sorted(set().union(*(u["frm"] for u in r["found"])))) or "-"))
for e in effs:
    if e not in eff_ok:
        out.append("EFFECTIVE %s:%s expected %s got %s" % (e["file"], e["line"], e["effective"] or "-", e["got"] or "-"))

for b in bad:
    out.append("BAD reference: " + b)
present = {r["role"] for r in rows}
size_ok = len(mode) >= 40 and present >= set(ROLES)
out.append(("OK" if size_ok else "FAILED") + " reference size: %d documents, roles present %d/%d (want >= 40 documents, every role)"
           % (len(mode), len(present & set(ROLES)), len(ROLES)))
for text, good in gates:
    out.append(("OK " if good else "FAILED ") + text)
print("\n".join(out))
PY
)
echo "$res" | grep -E '^(INFO|MISS|FP|AFFECTS|FROM|EFFECTIVE|CONTRACT) '
while IFS= read -r l; do
    case $l in
        OK*) ok ;;
        FAILED*) fail "${l#FAILED }" ;;
        BAD*) fail "${l#BAD }" ;;
    esac
done <<< "$res"
echo "$res" | grep -q '^OK \|^FAILED ' || fail "checker did not run: ${res:0:400}"
finish
