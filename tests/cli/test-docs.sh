#!/usr/bin/env bash
# The docs cannot drift: every `$ ` command of docs/query.md runs against an index of corpus/
# and must print exactly the lines written under it; every build/bin/vanban-… line of
# README.md's ```sh blocks must run and exit 0 or 1 (not 2).
. "$(dirname "$0")/lib.sh"
# python3 may be a slow shim (pyenv): call the interpreter itself
PYTHON=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) && [ -x "$PYTHON" ] && python3() { "$PYTHON" "$@"; }

DOC=$ROOT/docs/query.md
db=$TMP/db
(cd "$ROOT" && $IDX --quiet --db "$db" corpus/) || fail "indexing corpus/ failed"

# vanban-query / vanban-index as the docs type them: the built tools (under valgrind with
# VALGRIND=1; a valgrind error is recorded, since the examples do not all show the status)
mkwrappers() {   # mkwrappers DIR
    mkdir -p "$1"
    for tool in vanban-query vanban-index vanban-serve; do
        cat > "$1/$tool" <<WRAP
#!/usr/bin/env bash
$VG "$BUILD/bin/$tool" "\$@"
rc=\$?
[ \$rc = 99 ] && echo "$tool \$*" >> "$TMP/valgrind-errors"
exit \$rc
WRAP
        chmod +x "$1/$tool"
    done
}
mkwrappers "$TMP/bin"
: > "$TMP/valgrind-errors"

# ---------------------------------------------------------------- docs/query.md
# split the examples: $TMP/ex/N.cmd (the command) and $TMP/ex/N.want (its expected stdout)
mkdir -p "$TMP/ex"
n=$(python3 - "$DOC" "$TMP/ex" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
n, fence, cur = 0, False, None
def flush():
    if cur is not None:
        cmd, want = cur
        open(f"{sys.argv[2]}/{n}.cmd", "w", encoding="utf-8").write(cmd)
        open(f"{sys.argv[2]}/{n}.want", "w", encoding="utf-8").write("".join(l + "\n" for l in want))
for line in lines:
    if line.lstrip().startswith("```"):
        flush(); cur = None
        fence = not fence
        continue
    if not fence:
        continue
    if line.startswith("$ "):
        flush()
        n += 1
        cur = (line[2:], [])
    elif cur is not None:
        cur[1].append(line)
print(n)
PY
)
[ "${n:-0}" -ge 40 ] && ok || fail "docs/query.md: only ${n:-0} examples found"
for i in $(seq 1 "${n:-0}"); do
    cmd=$(cat "$TMP/ex/$i.cmd")
    (cd "$ROOT" && env -u VANBAN_THESAURUS PATH="$TMP/bin:$PATH" VANBAN_DB="$db" bash -c "$cmd" \
        > "$TMP/ex/$i.got" 2>"$TMP/ex/$i.err")
    if cmp -s "$TMP/ex/$i.got" "$TMP/ex/$i.want"; then
        ok
    else
        fail "docs/query.md: \$ $cmd
$(diff "$TMP/ex/$i.want" "$TMP/ex/$i.got" | head -20)"
    fi
done
# UPDATE=1 writes the outputs the tools print now into docs/query.md (review the diff!)
if [ "${UPDATE:-0}" = 1 ]; then
    python3 - "$DOC" "$TMP/ex" <<'PY'
import sys
doc, ex = sys.argv[1], sys.argv[2]
out, fence, n, skipping = [], False, 0, False
for line in open(doc, encoding="utf-8").read().split("\n"):
    if line.lstrip().startswith("```"):
        fence, skipping = not fence, False
    elif fence and line.startswith("$ "):
        n += 1
        out.append(line)
        got = open(f"{ex}/{n}.got", encoding="utf-8").read()
        out.extend(got[:-1].split("\n") if got else [])
        skipping = True
        continue
    elif skipping:
        continue
    out.append(line)
open(doc, "w", encoding="utf-8").write("\n".join(out))
PY
    echo "docs/query.md updated from the tools' output"
fi
# the guide covers what it promises: every field, the citation commands, the formats
all=$(for f in "$TMP"/ex/*.cmd; do cat "$f"; echo; done)
for needle in so: loai: coquan: giao: ref: nguoiky: nam: ngay: chude: number: type: issuer: to: \
              trichdan: signer: year: date: topic: ' AND ' ' OR ' ' NOT ' ' -"' --exact --count \
              --facets --limit --offset --all '--format json' '--format tsv' --cites --refs \
              --top-cited --show 'echo "exit $?"'; do
    expect_contains "docs/query.md has an example with [$needle]" "$all" "$needle"
done

# ---------------------------------------------------------------- README.md
# run in a scratch directory: README's commands write ./vanban.db
mkdir -p "$TMP/readme"
cp -r "$ROOT/corpus" "$TMP/readme/corpus"
mkwrappers "$TMP/readme/build/bin"
python3 - "$ROOT/README.md" > "$TMP/readme.cmds" <<'PY'
import sys
block = False
for line in open(sys.argv[1], encoding="utf-8"):
    s = line.rstrip("\n")
    if s.startswith("```"):
        block = (s.strip() == "```sh") if not block else False
        continue
    if block and s.startswith("build/bin/vanban-"):
        print(s)
PY
nr=$(wc -l < "$TMP/readme.cmds")
[ "$nr" -ge 5 ] && ok || fail "README.md: only $nr build/bin/vanban-… commands found"
while IFS= read -r cmd; do
    # a server does not exit: its line must at least name a built tool that takes its options
    # (tests/cli/test-serve-web.sh runs it)
    case $cmd in build/bin/vanban-serve*)
        [ -x "$BUILD/bin/vanban-serve" ] || { skip "README.md: vanban-serve was not built"; continue; }
        cmd="${cmd%%#*} --help"
    esac
    (cd "$TMP/readme" && env -u VANBAN_DB bash -c "$cmd" >/dev/null 2>"$TMP/readme.err" </dev/null)
    rc=$?
    case $rc in
        0|1) ok ;;
        *) fail "README.md: exit $rc: $cmd: $(head -c 300 "$TMP/readme.err")" ;;
    esac
done < "$TMP/readme.cmds"

# ---------------------------------------------------------------- man pages
for tool in vanban-index vanban-query; do
    page=$ROOT/docs/man/$tool.1
    if [ ! -f "$page" ]; then fail "$page is missing"; continue; fi
    if command -v man >/dev/null; then
        warn=$(man --warnings -l -Tutf8 "$page" 2>&1 >/dev/null)
        expect_eq "$tool.1 renders without warnings" "$warn" ""
        # (plain text: groff -P-cbou drops the overstriking and colours)
        expect_contains "$tool.1 renders" "$(groff -man -Tutf8 -k -P-cbou "$page" 2>/dev/null)" "EXIT STATUS"
    else
        skip "man is not installed: $tool.1 not rendered"
    fi
    # every option of --help is documented in the page
    for opt in $("$BUILD/bin/$tool" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
        expect_contains "$tool.1 documents $opt" "$(cat "$page")" "$(echo "$opt" | sed 's/-/\\-/g')"
    done
    for env in VANBAN_DB; do expect_contains "$tool.1 documents \$$env" "$(cat "$page")" "$env"; done
done
expect_contains "vanban-query.1 documents VANBAN_THESAURUS" "$(cat "$ROOT/docs/man/vanban-query.1")" VANBAN_THESAURUS

[ -s "$TMP/valgrind-errors" ] && fail "valgrind errors in: $(cat "$TMP/valgrind-errors")" || ok
finish
