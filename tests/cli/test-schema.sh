#!/usr/bin/env bash
# Every JSON output of vanban-query and vanban-index --dump validates against
# docs/vanban-output.schema.json: searches (json, jsonl, --count, --facets,
# --all, no match, bad queries), --serve, --cites, --refs, --show, --top-cited, --status
# (found and not found), no index, --dump; on corpus/ and, when present, on the
# real corpus (../shared/corpus-real/docs). The validator is python3-jsonschema
# when installed, and always a small one written here for the subset of JSON
# Schema the file uses (type, properties, required, items, enum,
# additionalProperties, anyOf/oneOf, $ref to $defs, minItems/maxItems,
# minimum), so the test needs nothing installed. Both must reject broken
# documents.
. "$(dirname "$0")/lib.sh"

SCHEMA=$ROOT/docs/vanban-output.schema.json
db=$TMP/db
(cd "$ROOT" && $IDX --quiet --db "$db" corpus/) || fail "indexing corpus/ failed"
realdb=
if have_real && [ -d "$REAL/docs" ]; then
    realdb=$TMP/real.db
    $IDX --quiet --db "$realdb" "$REAL/docs" || { fail "indexing the real corpus failed"; realdb=; }
else
    skip "real corpus not found at $REAL/docs: only corpus/ is checked"
fi

res=$(cd "$ROOT" && REAL_DOCS="$REAL/docs" python3 - "$SCHEMA" "$db" "$realdb" "$QRY" "$IDX" <<'PY'
import json, shlex, subprocess, sys, copy

schema_path, db, realdb, qry, idx = sys.argv[1:6]
schema = json.load(open(schema_path, encoding="utf-8"))
QRY, IDX = shlex.split(qry), shlex.split(idx)

# ---- a small validator for the subset of JSON Schema the file uses
def resolve(ref):
    assert ref.startswith("#/$defs/"), ref
    return schema["$defs"][ref[len("#/$defs/"):]]

def is_type(v, t):
    if t == "object": return isinstance(v, dict)
    if t == "array": return isinstance(v, list)
    if t == "string": return isinstance(v, str)
    if t == "integer": return isinstance(v, int) and not isinstance(v, bool)
    if t == "number": return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "boolean": return isinstance(v, bool)
    if t == "null": return v is None
    raise ValueError("unknown type " + t)

KNOWN = {"$schema", "$id", "title", "description", "$defs", "$ref", "type", "properties", "required",
         "items", "enum", "additionalProperties", "anyOf", "oneOf", "minItems", "maxItems", "minimum"}

def errors(v, s, path="$"):
    unknown = set(s) - KNOWN
    if unknown: raise ValueError("the small validator does not know " + ", ".join(sorted(unknown)))
    if "$ref" in s:
        yield from errors(v, resolve(s["$ref"]), path)
    if "type" in s:
        ts = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(is_type(v, t) for t in ts):
            yield f"{path}: {json.dumps(v)[:60]} is not {'/'.join(ts)}"
            return
    if "enum" in s and not any(v == e and type(v) == type(e) for e in s["enum"]):
        yield f"{path}: {json.dumps(v)[:60]} not in {s['enum']}"
    if "minimum" in s and is_type(v, "number") and v < s["minimum"]:
        yield f"{path}: {v} < {s['minimum']}"
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v: yield f"{path}: '{k}' is required"
        props = s.get("properties", {})
        for k, x in v.items():
            if k in props: yield from errors(x, props[k], f"{path}.{k}")
            elif s.get("additionalProperties") is False: yield f"{path}: '{k}' is not allowed"
            elif isinstance(s.get("additionalProperties"), dict):
                yield from errors(x, s["additionalProperties"], f"{path}.{k}")
    if isinstance(v, list):
        if "minItems" in s and len(v) < s["minItems"]: yield f"{path}: fewer than {s['minItems']} items"
        if "maxItems" in s and len(v) > s["maxItems"]: yield f"{path}: more than {s['maxItems']} items"
        if "items" in s:
            for i, x in enumerate(v): yield from errors(x, s["items"], f"{path}[{i}]")
    if "anyOf" in s:
        subs = [list(errors(v, x, path)) for x in s["anyOf"]]
        if all(subs): yield f"{path}: matches none of anyOf (" + min(subs, key=len)[0] + ")"
    if "oneOf" in s:
        n = sum(1 for x in s["oneOf"] if not list(errors(v, x, path)))
        if n != 1: yield f"{path}: matches {n} of oneOf"

try:
    import jsonschema
    JS = jsonschema.validators.validator_for(schema)(schema)
except Exception:
    JS = None

def check(v, defs):
    """Problems of V against any of the $defs named in DEFS (and against the root)."""
    sub = {"anyOf": [{"$ref": "#/$defs/" + d} for d in defs]}
    probs = list(errors(v, sub)) + list(errors(v, schema))
    if JS is not None:
        full = dict(schema); full.update(sub)
        full = {k: x for k, x in full.items() if k != "$id"}
        probs += ["jsonschema: " + e.message[:200] for e in
                  jsonschema.validators.validator_for(full)(full).iter_errors(v)]
    return probs

n = 0
def out(ok, what):
    print(("OK " if ok else "FAIL ") + what)

def run(name, cmd, defs, jsonl=False, stdin=None, want_rc=None, cwd=None):
    global n
    n += 1
    p = subprocess.run(cmd, capture_output=True, input=stdin, cwd=cwd)
    if want_rc is not None and p.returncode != want_rc:
        out(False, f"{name}: exit {p.returncode}, want {want_rc}: {p.stderr[:200]!r}")
        return []
    text = p.stdout.decode("utf-8")
    try:
        docs = [json.loads(l) for l in text.splitlines() if l] if jsonl else [json.loads(text)]
    except ValueError as e:
        out(False, f"{name}: not JSON: {e}")
        return []
    if not docs and not (jsonl and p.returncode == 1):   # jsonl of no match: no line
        out(False, f"{name}: no output")
    for i, d in enumerate(docs):
        probs = check(d, defs)
        out(not probs, f"{name} #{i}: " + "; ".join(probs[:3]))
    return docs

SEARCH = ["searchAnswer"]
ERR = ["errorAnswer"]
LINES = ["result", "jsonlTotals", "errorAnswer"]

def queries(dbp, label, words):
    q = QRY + ["--db", dbp]
    cases = [
        ([w], 0) for w in words] + [
        (["--count", words[0]], 0), (["--facets", "issuer,type,year,ref", words[0]], 0),
        (["--all", words[0]], 0), (["--limit", "1", "--offset", "1", words[0]], None),
        (["--exact", words[0]], None), (["zzzqqqxyz"], 1), (["coquan:\"Hải Phòng\""], None),
        (["cơ quan:\"Hải Phòng\" năm:2020", words[0]], None), (["ref:10/CT-TTg"], None),
    ]
    for args, rc in cases:
        run(f"{label} json {args}", q + ["--format", "json"] + args, SEARCH, want_rc=rc)
        run(f"{label} jsonl {args}", q + ["--format", "jsonl"] + args, LINES, jsonl=True, want_rc=rc) \
            if rc != 1 else None
    for bad in ['tín "dụng', "loia:x", "coquan:Hải Phòng", "(a", "-x", "ngay:2020-13-01"]:
        run(f"{label} json bad {bad}", q + ["--format", "json", bad], ERR, want_rc=2)
        run(f"{label} jsonl bad {bad}", q + ["--format", "jsonl", bad], ERR, jsonl=True, want_rc=2)
    run(f"{label} serve", q + ["--serve", "--facets", "year"], SEARCH + ERR, jsonl=True, want_rc=0,
        stdin="\n".join(words + ['tín "dụng', "", "loia:x", "zzzqqq", "nam:2020"]).encode() + b"\n")
    top = run(f"{label} --top-cited json", q + ["--format", "json", "--top-cited", "10"], ["topCitedAnswer"], want_rc=0)
    run(f"{label} --top-cited jsonl", q + ["--format", "jsonl", "--top-cited", "10"], ["cited"], jsonl=True, want_rc=0)
    for num in (["10/CT-TTg"] + [t["ref"] for t in (top[0]["top_cited"][:2] if top else [])]):
        run(f"{label} --cites {num} json", q + ["--format", "json", "--cites", num], SEARCH + ERR)
        run(f"{label} --cites {num} jsonl", q + ["--format", "jsonl", "--cites", num], LINES, jsonl=True)
    docs = run(f"{label} docs", q + ["--format", "json", "--limit", "5", words[0]], SEARCH)
    nums = sorted({r["doc"]["number"] for d in docs for r in d.get("results", []) if r["doc"]["number"]})
    for num in nums[:3]:
        run(f"{label} --refs {num} json", q + ["--format", "json", "--refs", num], ["refsAnswer"] + ERR)
        run(f"{label} --refs {num} jsonl", q + ["--format", "jsonl", "--refs", num], ["citation"], jsonl=True)
        run(f"{label} --show {num} json", q + ["--format", "json", "--show", num], ["showAnswer"], want_rc=0)
        run(f"{label} --show {num} jsonl", q + ["--format", "jsonl", "--show", num], ["clause"], jsonl=True, want_rc=0)
        run(f"{label} --status {num} json", q + ["--format", "json", "--status", num], ["statusAnswer"], want_rc=0)
        run(f"{label} --status {num} jsonl", q + ["--format", "jsonl", "--status", num], ["statusAnswer"], jsonl=True,
            want_rc=0)
    for num in [t["ref"] for t in (top[0]["top_cited"][:3] if top else [])]:
        run(f"{label} --status {num} d1 json", q + ["--format", "json", "--status", num, "d1"], ["statusAnswer"],
            want_rc=0)
    run(f"{label} --status unknown json", q + ["--format", "json", "--status", "999/XYZ"], ["statusAnswer"], want_rc=1)
    for cmd in (["--refs", "999/XYZ"], ["--show", "999/XYZ"], ["--cites", "999/XYZ"]):
        run(f"{label} {cmd} json", q + ["--format", "json"] + cmd, ERR, want_rc=1)
        run(f"{label} {cmd} jsonl", q + ["--format", "jsonl"] + cmd, ERR, jsonl=True, want_rc=1)

queries(db, "corpus", ["tín dụng đen", "công an"])
run("no index: json", QRY + ["--db", "/nonexistent/vanban.db", "--format", "json", "x"], ERR, want_rc=2)
run("no index: jsonl --refs", QRY + ["--db", "/nonexistent/vanban.db", "--format", "jsonl", "--refs", "1/X"], ERR,
    jsonl=True, want_rc=2)
run("--dump", IDX + ["--dump", "corpus/5287-BCD-2020.txt"], ["dump"], want_rc=0)
run("--dump --tokens", IDX + ["--dump", "--tokens", "corpus/5287-BCD-2020.txt"], ["dump"], want_rc=0)
run("--dump two files", IDX + ["--dump", "corpus/5287-BCD-2020.txt", "corpus/5287-BCD-2020.txt"], ["dumpList"], want_rc=0)

if realdb:
    import glob, os
    queries(realdb, "real", ["ngân sách nhà nước", "phòng, chống tội phạm", "tín dụng"])
    files = sorted(glob.glob(os.environ.get("REAL_DOCS", "") + "/*"))[:40]
    if files:
        run("real --dump 40 files", IDX + ["--dump"] + files, ["dumpList"])

# ---- the validators must be able to fail
good = json.loads(subprocess.run(QRY + ["--db", db, "--format", "json", "tín dụng đen"], capture_output=True).stdout)
broken = []
b = copy.deepcopy(good); del b["format_version"]; broken.append(("no format_version", b))
b = copy.deepcopy(good); b["format_version"] = 2; broken.append(("format_version 2", b))
b = copy.deepcopy(good); b["results"][0]["matches"] = "12-30"; broken.append(("matches a string", b))
b = copy.deepcopy(good); b["results"][0]["matches"][0] = [1, 2, 3]; broken.append(("a match of 3", b))
b = copy.deepcopy(good); del b["results"][0]["doc"]["file"]; broken.append(("doc without file", b))
b = copy.deepcopy(good); b["total_clauses"] = "3"; broken.append(("total a string", b))
b = copy.deepcopy(good); b["results"][0]["clause"]["line"] = True; broken.append(("line a boolean", b))
broken.append(("error status a string", {"format_version": 1, "error": {"status": "query syntax error",
              "message": "x"}}))
broken.append(("error with an unknown key", {"format_version": 1, "error": {"status": 2, "reason": "r",
              "message": "x", "col": 3}}))
for what, d in broken:
    mine = list(errors(d, {"anyOf": [{"$ref": "#/$defs/searchAnswer"}, {"$ref": "#/$defs/errorAnswer"}]}))
    out(bool(mine), f"the small validator rejects a broken answer ({what})")
    if JS is not None:
        full = {k: x for k, x in schema.items() if k != "$id"}
        full["anyOf"] = [{"$ref": "#/$defs/searchAnswer"}, {"$ref": "#/$defs/errorAnswer"}]
        js = list(jsonschema.validators.validator_for(full)(full).iter_errors(d))
        out(bool(js), f"jsonschema rejects a broken answer ({what})")
print("INFO %d commands validated%s" % (n, " (jsonschema and the small validator)" if JS else
      " (the small validator; python3-jsonschema is not installed)"))
PY
)
while IFS= read -r line; do
    case "$line" in
        "OK "*) ok ;;
        "FAIL "*) fail "${line#FAIL }" ;;
        "INFO "*) echo "test-schema: ${line#INFO }" ;;
        *) fail "validator: $line" ;;
    esac
done <<< "$res"
[ -n "$res" ] || fail "the validator printed nothing"
finish
