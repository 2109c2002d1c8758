#!/usr/bin/env bash
# vanban-index over a hostile tree built at run time: binary files, NUL bytes,
# invalid UTF-8, broken UTF-16, mixed encodings, a 50 MB single line, 100,000
# tiny files, empty files, awkward file names, unreadable files and
# directories, symlink loops, a FIFO, files that vanish between the walk and
# the read. The indexer must index everything indexable, name each problem
# once on stderr (`vanban-index: FILE: reason`), exit 1, lose nothing, and
# every JSON it or the query tool prints over this index must be valid.
#
# The tree lives in /dev/shm (tmpfs) when it can: on this machine's ext4
# (mounted with discard) deleting 100,000 files that reached the disk takes
# about 4 minutes, on tmpfs a second. There the tiny files are 100,000 (7 s
# to create, 20 s to index on 2 cores); without /dev/shm the tree is in $TMP
# and only 20,000. VB_HOSTILE_TINY=N sets the number.
. "$(dirname "$0")/lib.sh"

SHM=""
if [ -d /dev/shm ] && [ -w /dev/shm ] && SHM=$(mktemp -d /dev/shm/vanban-hostile.XXXXXX 2>/dev/null); then
    trap 'chmod -R u+rwx "$SHM" 2>/dev/null; rm -rf "$TMP" "$SHM"' EXIT
    trap 'exit 143' TERM INT HUP     # killed (timeout): still clean /dev/shm
    T=$SHM/h      # the hostile tree
    NTINY_DEFAULT=100000
else
    SHM=""
    T=$TMP/h
    NTINY_DEFAULT=20000
fi
db=$TMP/db
# under the sanitizers (TSCALE 4) every file costs ~13x: 20,000 tiny files, whose memory
# use ASan checks as well as 100,000 (the scale itself is the normal pass's check; the
# 100,000 took 394 s of CI's sanitizer pass)
[ "$TSCALE" = 4 ] && NTINY_DEFAULT=20000
# under valgrind (make check-valgrind) every byte costs ~50x: 2,000 tiny files, a 5 MB line
BIG_MB=50
[ "${VALGRIND:-0}" = 1 ] && { NTINY_DEFAULT=2000; BIG_MB=5; }
NTINY=${VB_HOSTILE_TINY:-$NTINY_DEFAULT}
mkdir -p "$T"

# ---------------------------------------------------------------- the tree
# a good file: one marker word that appears nowhere else
good() { printf 'Ủy ban nhân dân giao Sở Tư pháp chủ trì kiểm tra %s.\n' "$2" > "$1"; }
python3 - "$T" "$NTINY" "$BIG_MB" "$TMP/big.count" <<'PY'
import os, random, sys, unicodedata
T, ntiny, big_mb, big_count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
random.seed(20240601)
def w(name, data):
    with open(os.path.join(T, name), "wb") as f:
        f.write(data)
# random bytes (no marker: whatever is found in them, nothing else may suffer)
w("rand.txt", bytes(random.getrandbits(8) for _ in range(65536)))
# NUL bytes inside good text: turned into spaces
w("nul.txt", "Giao Sở Tư pháp\0 kiểm tra\0\0 hồ sơ hmknul.\n\0".encode())
# mostly good UTF-8 with a few invalid sequences (stray bytes, a truncated
# sequence, an encoded surrogate, an overlong form): replaced and reported
s = "Ủy ban nhân dân thành phố giao Sở Tư pháp chủ trì, phối hợp với Công an thành phố kiểm tra hồ sơ. ".encode()
w("invalid.txt", s + b"\xff\xfe \xe1\xba \xed\xa0\x80 \xc0\xaf " + s + "văn bản hmkinvalid.\n".encode())
# UTF-16 with BOM: odd length, lone surrogates (LE and BE)
w("utf16-odd.txt", b"\xff\xfe" + "Giao Sở Tư pháp kiểm tra hmkodd16.\n".encode("utf-16-le") + b"\x41")
w("utf16-surrogate.txt", b"\xff\xfe" + "Giao Sở Tư pháp hmksurr16 ".encode("utf-16-le") + b"\x00\xd8"
  + "kiểm tra.\n".encode("utf-16-le"))
w("utf16be-surrogate.txt", b"\xfe\xff" + "Giao Sở Tư pháp hmksurrbe ".encode("utf-16-be") + b"\xdc\x00"
  + "kiểm tra.\n".encode("utf-16-be"))
# one file, two encodings: a UTF-8 paragraph, then a CP1258 one (decomposed tones)
TONES = "\u0300\u0301\u0303\u0309\u0323"
def cp1258(text):
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
            out += base.encode("cp1258") + "".join(c for c in d if c in TONES).encode("cp1258")
    return out
w("mixed.txt", "Đoạn một: Ủy ban nhân dân giao Sở Tư pháp hmkmixutf.\n\n".encode()
  + cp1258("Đoạn hai: tăng cường phòng, chống tội phạm hmkmixcp.\n"))
# a 50 MB single line, the marker at its very end
line = "Ủy ban nhân dân thành phố yêu cầu các sở, ngành tăng cường phòng, chống tín dụng đen và tội phạm. ".encode()
w("big.txt", line * (big_mb * 1024 * 1024 // len(line) + 1) + b"hmkbig\n")
open(big_count, "w").write("%d\n" % (big_mb * 1024 * 1024 // len(line) + 1))   # one "tín dụng đen" each
# a word far longer than any term Xapian accepts (245 bytes), plain and with diacritics
w("longword.txt", ("Giao Sở Tư pháp " + "a" * 300 + " " + "đường" * 60 + " " + "đ" * 130
                   + " kiểm tra hmklong.\n").encode())
# the tiny files, 1000 to a directory
os.mkdir(os.path.join(T, "tiny"))
for d in range((ntiny + 999) // 1000):
    sub = os.path.join(T, "tiny", "%03d" % d)
    os.mkdir(sub)
    for i in range(d * 1000, min(ntiny, d * 1000 + 1000)):
        with open(os.path.join(sub, "t%06d.txt" % i), "w") as f:
            f.write("Mục %d. Giao Sở Tư pháp kiểm tra hồ sơ mã số tinyx%d.\n" % (i, i))
PY
cp /bin/true "$T/x.txt"                          # an ELF executable named .txt
: > "$T/empty.txt"
: > "$T/empty2.md"
good "$T/with space.txt" hmkspace
good "$T/$(printf 'new\nline.txt')" hmknewline
good "$T/$(printf 'bad\xff\xfename.txt')" hmkbadname
good "$T/-x.txt" hmkdash
good "$T/-- .txt" hmkdashdash
good "$T/vanish.txt" hmkvanish                   # removed between the walk and the read (below)
# the same file under a second name: one document. 2 MB, and the two names
# next to each other and first in the walk, so that the parallel build's two workers
# are likely to take one name each
python3 -c 'import sys; open(sys.argv[1], "w").write("Giao Sở Tư pháp kiểm tra hồ sơ lưu trữ.\n" * 50000 + "hmkalias.\n")' "$T/0dup-a.txt"
ln -s 0dup-a.txt "$T/0dup-b.txt"
ln -s . "$T/loop"                                # a directory loop
mkdir -p "$T/sub/deeper"; good "$T/sub/deeper/in.txt" hmksub; ln -s ../.. "$T/sub/deeper/up"
ln -s b "$T/a.txt"; ln -s a.txt "$T/b"            # a symlink cycle (ELOOP)
ln -s nowhere.txt "$T/gone.txt"                  # dangling
mkfifo "$T/fifo.txt"                             # must not block the walk
mkdir "$T/dir.txt"; good "$T/dir.txt/inner.txt" hmkdirtxt   # a directory named like a file
good "$T/unread.txt" hmkunread; chmod 000 "$T/unread.txt"
mkdir "$T/locked"; good "$T/locked/in.txt" hmklocked; chmod 000 "$T/locked"
ROOTUSER=0; [ "$(id -u)" = 0 ] && ROOTUSER=1

# The file that vanishes: a preloaded open() removes it just before the
# indexer opens it, after the walk listed it and stat() saw it. A real race
# (rm running beside the indexer) cannot be timed deterministically; it is
# tried on the tiny files at the end, with assertions that hold whatever the timing.
SHIM=""
if command -v cc >/dev/null; then
    cat > "$TMP/vanish.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* open(): when PATH ends with $VB_VANISH, remove the file first */
static void vanish(const char *path)
{
    const char *v = getenv("VB_VANISH");
    size_t n = v ? strlen(v) : 0, m = strlen(path);
    if (n && m >= n && strcmp(path + m - n, v) == 0) unlink(path);
}
#define WRAP(name) \
int name(const char *path, int flags, ...) \
{ \
    static int (*real)(const char *, int, ...); \
    mode_t mode = 0; \
    if (flags & (O_CREAT | O_TMPFILE)) { va_list ap; va_start(ap, flags); mode = va_arg(ap, mode_t); va_end(ap); } \
    if (!real) real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, #name); \
    vanish(path); \
    return real(path, flags, mode); \
}
WRAP(open)
WRAP(open64)
C
    cc -shared -fPIC -o "$TMP/vanish.so" "$TMP/vanish.c" -ldl 2>"$TMP/ccerr" && SHIM=$TMP/vanish.so
fi
[ -n "$SHIM" ] || { skip "test-hostile: no C compiler for the open() shim; vanish.txt is removed before the run instead"; rm "$T/vanish.txt"; }

# ---------------------------------------------------------------- helpers
# check_named ERRFILE ROOT MODE NAME... : how often "vanban-index: ROOT/NAME: " is in ERRFILE;
# MODE once = exactly 1, none = 0, atmost1 = 0 or 1. Prints one line per wrong name.
check_named() {
    python3 - "$@" <<'PY'
import os, sys
err = open(sys.argv[1], "rb").read()
root, mode = os.fsencode(sys.argv[2]), sys.argv[3]
for name in sys.argv[4:]:
    n = err.count(b"vanban-index: " + root + b"/" + os.fsencode(name) + b": ")
    if (mode == "once" and n != 1) or (mode == "none" and n != 0) or (mode == "atmost1" and n > 1):
        print("%r named %d times (want %s)" % (name, n, mode))
PY
}
expect_named() {   # NAME-OF-CHECK ERRFILE ROOT MODE NAME...
    local what=$1
    shift
    local bad
    bad=$(check_named "$@")
    if [ -z "$bad" ]; then ok; else fail "$what: $bad"; fi
}
ndocs() { xapian-delve "$1" 2>/dev/null | sed -n 's/^number of documents = //p'; }
clauses_of() { sed -n 's/^\([0-9]*\) clauses.*/\1/p' "$TMP/out"; }
# markers WANT MARKER... : each MARKER is in WANT clauses (one failure lists every miss)
markers() {
    local want=$1 m bad=""
    shift
    for m in "$@"; do
        $QRY --db "$db" --count "$m" >"$TMP/out" 2>"$TMP/err"
        [ "$(clauses_of)" = "$want" ] || bad="$bad $m:$(clauses_of)"
    done
    if [ -z "$bad" ]; then ok; else fail "markers in $want clause(s) each, got:$bad"; fi
}
# the names as the walk prints them (relative to $T)
NOTINDEXED="loop a.txt b gone.txt sub/deeper/up"       # not indexed: named, exit 1
[ -n "$SHIM" ] && NOTINDEXED="$NOTINDEXED vanish.txt"
WARNED="mixed.txt invalid.txt utf16-odd.txt utf16-surrogate.txt utf16be-surrogate.txt"  # indexed, bytes replaced
PROBLEMS="$NOTINDEXED $WARNED"
GOOD_NAMES=("nul.txt" "with space.txt" "$(printf 'new\nline.txt')" "$(printf 'bad\xff\xfename.txt')" "-x.txt" "-- .txt"
            "0dup-a.txt" "0dup-b.txt" "sub/deeper/in.txt" "dir.txt/inner.txt" "big.txt" "tiny/000/t000000.txt")
GOOD_MARKERS="hmknul hmkspace hmknewline hmkbadname hmkdash hmkdashdash hmksub hmkdirtxt hmkbig hmkinvalid hmkodd16 hmksurr16 hmksurrbe hmkmixutf hmkmixcp hmklong"
# regular *.txt/*.md files the index must hold (0dup-b.txt is 0dup-a.txt; vanish.txt vanishes)
nregular=$(find "$T" -type f \( -name '*.txt' -o -name '*.md' \) ! -name vanish.txt -print0 | tr -dc '\0' | wc -c)

# ---------------------------------------------------------------- the run
start=$(date +%s)
# the shim comes before the ASan runtime in a SANITIZE=1 build: tell ASan that is fine
ASAN_PRELOAD=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
VB_VANISH=/vanish.txt LD_PRELOAD=$SHIM ASAN_OPTIONS=$ASAN_PRELOAD timeout $((300 * TSCALE)) $IDX --db "$db" "$T" >"$TMP/idx.out" 2>"$TMP/idx.err"; rc=$?
secs=$(( $(date +%s) - start ))
echo "test-hostile: $NTINY tiny files + hostile tree ($(du -sm "$T" | cut -f1) MB) indexed in ${secs}s, exit $rc"
expect_eq "hostile tree: exit 1 (problems named, the rest indexed)" "$rc" 1
grep -q 'InvalidArgumentError\|Term too long' "$TMP/idx.err" &&
    fail "hostile tree: one file's term aborts the whole run: $(grep -m1 -o '.*Term too long.\{0,40\}' "$TMP/idx.err")"
expect_named "problems named once" "$TMP/idx.err" "$T" once $PROBLEMS
expect_named "good files not named" "$TMP/idx.err" "$T" none "${GOOD_NAMES[@]}"
expect_named "binary, empty and special files named at most once" "$TMP/idx.err" "$T" atmost1 \
    rand.txt x.txt empty.txt empty2.md fifo.txt dir.txt longword.txt
expect_contains "symlink loop reason" "$(cat "$TMP/idx.err")" "$T/loop: symbolic link loop"
expect_contains "vanished file reason" "$(cat "$TMP/idx.err")" "$T/vanish.txt: No such file or directory"
grep -aq "^vanban-index: $T/invalid.txt: [0-9]* invalid bytes replaced" "$TMP/idx.err" && ok ||
    fail "invalid bytes not reported as such: $(grep -a invalid.txt "$TMP/idx.err")"
# every stderr line is a message of the tool (or the rest of a name with a newline in it)
stray=$(grep -av '^vanban-index: \|^line.txt: ' "$TMP/idx.err" | head -3)
expect_eq "nothing but named messages on stderr" "$stray" ""
if [ "$ROOTUSER" = 1 ]; then
    # root reads files and directories whatever their mode: they are indexed, not named
    expect_named "root: chmod 000 is no obstacle" "$TMP/idx.err" "$T" none unread.txt locked locked/in.txt
    markers 1 hmkunread hmklocked
    want_docs=$nregular
else
    expect_named "unreadable file and directory named once" "$TMP/idx.err" "$T" once unread.txt locked
    expect_contains "unreadable reason" "$(cat "$TMP/idx.err")" "$T/unread.txt: Permission denied"
    want_docs=$((nregular - 2))
fi
# binary files: indexed (as text in some legacy code page) or named as not indexed
for b in rand.txt x.txt; do
    grep -aq "^vanban-index: $T/$b: " "$TMP/idx.err" && ! grep -aq "^vanban-index: $T/$b: .*invalid bytes replaced" "$TMP/idx.err" &&
        want_docs=$((want_docs - 1))
done
expect_eq "documents in the index (xapian-delve)" "$(ndocs "$db")" "$want_docs"
expect_contains "summary counts the documents" "$(cat "$TMP/idx.out")" "index $db: $want_docs documents"
markers 1 $GOOD_MARKERS
markers 1 hmkalias     # a file reached through a symlink is one document, not two
markers 0 hmkvanish    # not indexed
# every tiny file holds the word "mã" (no other file does): its term frequency.
# (A query for a phrase in 100,000 files takes 15 s of CPU, a minute under load:
# the markers below sample them through vanban-query instead.)
expect_eq "every tiny file is in the index with its words" \
    "$(xapian-delve -t 'ma:mã' "$db" 2>/dev/null | sed -n 's/.*termfreq \([0-9]*\).*/\1/p')" "$NTINY"
markers 1 tinyx0 tinyx1 tinyx999 tinyx1000 tinyx$((NTINY / 2)) tinyx$((NTINY / 3 + 7)) tinyx$((NTINY - 1))
$QRY --db "$db" --count '"tín dụng đen"' >"$TMP/out" 2>&1
expect_eq "the $BIG_MB MB line is one clause" "$(clauses_of)" 1
expect_contains "all its mentions counted" "$(cat "$TMP/out")" "1 clauses, $(cat "$TMP/big.count") mentions"
command -v xapian-check >/dev/null && { xapian-check "$db" >/dev/null 2>&1 && ok || fail "xapian-check on the hostile index"; }
[ -z "$(ls -d "$db".* 2>/dev/null)" ] && ok || fail "leftovers beside the index: $(ls -d "$db".*)"

# a second run over the same tree: the files not indexed are named once again;
# the files with replaced bytes are unchanged, so not read, so not named
good "$T/vanish.txt" hmkvanish
VB_VANISH=/vanish.txt LD_PRELOAD=$SHIM ASAN_OPTIONS=$ASAN_PRELOAD timeout $((300 * TSCALE)) $IDX --db "$db" "$T" >"$TMP/idx2.out" 2>"$TMP/idx2.err"; rc=$?
expect_eq "rerun: exit 1" "$rc" 1
expect_named "rerun: files not indexed named once" "$TMP/idx2.err" "$T" once $NOTINDEXED
expect_named "rerun: unchanged files not read again" "$TMP/idx2.err" "$T" none $WARNED
expect_contains "rerun: nothing added" "$(cat "$TMP/idx2.out")" " 0 added, 0 replaced"

# ---------------------------------------------------------------- the serial path
# (the run above took the parallel path: more than 64 files, 2 jobs). The same
# tree without the tiny files and the big line, written by one thread.
aside=$(dirname "$T")     # the same file system: a rename, not a copy
mv "$T/tiny" "$aside/tiny"; mv "$T/big.txt" "$aside/big.txt"
good "$T/vanish.txt" hmkvanish
VB_VANISH=/vanish.txt LD_PRELOAD=$SHIM ASAN_OPTIONS=$ASAN_PRELOAD timeout $((120 * TSCALE)) $IDX --jobs 1 --db "$TMP/sdb" "$T" >"$TMP/s.out" 2>"$TMP/s.err"; rc=$?
expect_eq "serial: exit 1" "$rc" 1
expect_named "serial: problems named once" "$TMP/s.err" "$T" once $PROBLEMS
expect_named "serial: good files not named" "$TMP/s.err" "$T" none "${GOOD_NAMES[@]:0:10}"
expect_eq "serial: documents" "$(ndocs "$TMP/sdb")" "$((want_docs - NTINY - 1))"
$QRY --db "$TMP/sdb" --count hmkalias >"$TMP/out" 2>&1
expect_eq "serial: a file under two names is one document" "$(clauses_of)" 1
$QRY --db "$TMP/sdb" --count hmklong >"$TMP/out" 2>&1
expect_eq "serial: the file with a 650-byte word is searchable" "$(clauses_of)" 1
mv "$aside/tiny" "$T/tiny"; mv "$aside/big.txt" "$T/big.txt"

# a leading dash: `--` or ./
( cd "$T" && $IDX --db "$TMP/ddb" -- -x.txt '-- .txt' >"$TMP/out" 2>&1 ); rc=$?
expect_eq "-- then dashed names: exit 0" "$rc" 0
expect_contains "-- then dashed names: both added" "$(cat "$TMP/out")" "2 files: 2 added"
( cd "$T" && $IDX --db "$TMP/ddb2" ./-x.txt >"$TMP/out" 2>&1 ); rc=$?
expect_eq "./-x.txt: exit 0" "$rc" 0
( cd "$T" && $IDX --db "$TMP/ddb3" -x.txt >"$TMP/out" 2>"$TMP/err" ); rc=$?
expect_eq "-x.txt without --: an unknown option (exit 2)" "$rc" 2
# the unreadable cases as an ordinary user, when root can become one
if [ "$ROOTUSER" = 1 ] && command -v setpriv >/dev/null; then
    mkdir -p "$TMP/np"; good "$TMP/np/ok.txt" hmkok; good "$TMP/np/unread.txt" x; chmod 000 "$TMP/np/unread.txt"
    mkdir "$TMP/np/locked"; good "$TMP/np/locked/in.txt" y; chmod 000 "$TMP/np/locked"
    chmod 755 "$TMP"; chmod 777 "$TMP/np"
    setpriv --reuid=65534 --regid=65534 --clear-groups $IDX --db "$TMP/np/db" "$TMP/np" >"$TMP/out" 2>"$TMP/np.err"; rc=$?
    expect_eq "as nobody: exit 1" "$rc" 1
    expect_named "as nobody: unreadable file and directory named once" "$TMP/np.err" "$TMP/np" once unread.txt locked
    expect_contains "as nobody: reason" "$(cat "$TMP/np.err")" "unread.txt: Permission denied"
    expect_contains "as nobody: the readable file indexed" "$(cat "$TMP/out")" "1 files: 1 added"
    chmod 700 "$TMP"
elif [ "$ROOTUSER" = 1 ]; then
    skip "test-hostile: running as root without setpriv; unreadable files only checked as readable"
fi

# ---------------------------------------------------------------- JSON everywhere
# Every output below is kept in $TMP/j (N.json: one JSON value, N.jsonl: JSON
# lines, N.name: what it was) and checked by one parser at the end (check_json).
mkdir -p "$TMP/j"
nj=0
keep() {   # keep FORMAT NAME : file $TMP/out as output number nj
    nj=$((nj + 1))
    mv "$TMP/out" "$TMP/j/$nj.$1"
    printf '%s\n' "$2" > "$TMP/j/$nj.name"
}
check_json() { check_json_dir "$TMP/j" "$nj"; }
# --dump of every hostile file (the 50 MB line without --tokens)
n=0
while IFS= read -r -d '' f; do
    n=$((n + 1))
    if [ "$f" = "$T/big.txt" ]; then timeout $((120 * TSCALE)) $IDX --dump "$f" >"$TMP/out" 2>/dev/null
    else timeout $((20 * TSCALE)) $IDX --dump --tokens "$f" >"$TMP/out" 2>/dev/null; fi
    rc=$?
    [ $rc -le 1 ] && ok || fail "--dump $(printf %q "$f"): exit $rc"
    keep json "--dump $(printf %q "${f#$T/}")"
done < <(find "$T" \( -name tiny -prune \) -o \( -type f -print0 \))
[ "$n" -ge 20 ] && ok || fail "--dump: only $n files tried"
# several files, some not dumpable: one valid array, the failures named once, exit 1
timeout $((20 * TSCALE)) $IDX --dump "$T/nul.txt" "$T/gone.txt" "$T/a.txt" "$T/x.txt" "$T/$(printf 'bad\xff\xfename.txt')" >"$TMP/out" 2>"$TMP/err"; rc=$?
expect_eq "--dump with bad names: exit 1" "$rc" 1
keep json "--dump with bad names: one array"
expect_named "--dump: each bad name once" "$TMP/err" "$T" once gone.txt a.txt

# queries over the hostile index. The words come from the hostile files
# themselves (their first and last tokens), so that their clauses are printed.
# queries over the hostile index. The files without a marker (random bytes, the
# ELF) are found by phrases of their own first and last three words; the others
# by their markers. Nothing here matches the 100,000 tiny files (too slow).
python3 - "$T" "$IDX" > "$TMP/words" <<'PY'
import json, subprocess, sys, os
T, idx = sys.argv[1], sys.argv[2].split()
for name in ["rand.txt", "x.txt"]:
    out = subprocess.run(idx + ["--dump", "--tokens", os.path.join(T, name)], capture_output=True).stdout
    try:
        words = [t["text"] for t in json.loads(out)["tokens"] if t["kind"] == "word" and '"' not in t["text"]]
    except Exception:
        continue
    for w in (words[:3], words[-3:]):
        if w:
            print('"' + " ".join(w) + '"')
PY
nq=0
query_json() {   # query_json ARGS... : json, jsonl and tsv answers, exit < 2
    local fmt
    nq=$((nq + 1))
    for fmt in json jsonl tsv; do
        timeout $((60 * TSCALE)) $QRY --db "$db" --format $fmt "$@" >"$TMP/out" 2>"$TMP/qerr"; rc=$?
        [ $rc -le 1 ] && ok || fail "query $fmt [$*]: exit $rc: $(head -c 200 "$TMP/qerr")"
        [ $fmt = tsv ] || keep $fmt "query $fmt [$*]"
    done
}
while IFS= read -r w; do query_json --limit 5 "$w"; done < "$TMP/words"
for m in $GOOD_MARKERS hmkalias tinyx42; do
    [ "$m" = hmkbig ] && continue
    query_json "$m"
done
# the 50 MB clause, whole, in JSON (60 MB; 10 s a format, so json only)
nq=$((nq + 1))
timeout $((120 * TSCALE)) $QRY --db "$db" --format json hmkbig >"$TMP/out" 2>"$TMP/qerr"; rc=$?
[ $rc -le 1 ] && ok || fail "query json [hmkbig]: exit $rc: $(head -c 200 "$TMP/qerr")"
keep json "query json [hmkbig]"
ors="hmknul OR hmkbadname OR hmknewline OR hmkodd16 OR hmksurr16 OR hmksurrbe OR hmkmixutf OR hmkmixcp OR hmkinvalid OR hmklong"
query_json --all "$ors"
query_json --all --offset 3 --limit 2 "$ors"
query_json --facets issuer,type,year,ref "$ors"
query_json --count "$ors"
timeout $((60 * TSCALE)) $QRY --db "$db" --format jsonl --top-cited 5 >"$TMP/out" 2>/dev/null
keep jsonl "--top-cited jsonl"
check_json
# awkward file names in the answers: kept in doc.file, one line per result in tsv
$QRY --db "$db" --format json hmkbadname >"$TMP/q.json" 2>/dev/null
python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["results"][0]["doc"]["file"]; sys.exit(0 if "name.txt" in f else 1)' "$TMP/q.json" 2>/dev/null &&
    ok || fail "non-UTF-8 file name not shown in doc.file"
$QRY --db "$db" --format json hmknewline >"$TMP/q.json" 2>/dev/null
python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["results"][0]["doc"]["file"]; sys.exit(0 if f.endswith("new\nline.txt") else 1)' "$TMP/q.json" 2>/dev/null &&
    ok || fail "file name with a newline not kept in doc.file"
expect_eq "tsv: a newline in a file name stays inside its line" "$($QRY --db "$db" --format tsv hmknewline 2>/dev/null | tail -n +2 | wc -l)" 1
rm -rf "$TMP/j"
echo "test-hostile: $n files dumped, $nq queries in json, jsonl and tsv"

# ---------------------------------------------------------------- a real race
# rm of the last directories of 20,000 small files while the indexer runs over
# them. The files go before the walk, between the walk and the read, or after:
# whatever the timing, every file still on disk or indexed is accounted for,
# none twice.
chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T" "$db" "$TMP/sdb"     # the hostile tree is done with
race=${SHM:-$TMP}/race
python3 - "$race" <<'PY'
import os, sys
for d in range(20):
    sub = os.path.join(sys.argv[1], "%03d" % d)
    os.makedirs(sub)
    for i in range(d * 1000, d * 1000 + 1000):
        with open(os.path.join(sub, "r%06d.txt" % i), "w") as f:
            f.write("Mục %d. Giao Sở Tư pháp kiểm tra hồ sơ mã số racex%d.\n" % (i, i))
PY
nrace=$(find "$race" -type f | wc -l)
timeout $((120 * TSCALE)) $IDX --db "$TMP/rdb" "$race" >"$TMP/r.out" 2>"$TMP/r.err" &
pid=$!
sleep 0.3
rm -rf "$race/019" "$race/018"
wait $pid; rc=$?
[ $rc -le 1 ] && ok || fail "race: exit $rc: $(head -c 300 "$TMP/r.err")"
got=$(ndocs "$TMP/rdb")
named=$(grep -ac '^vanban-index: .*: No such file or directory' "$TMP/r.err")
left=$(find "$race" -type f | wc -l)
[ "$got" -ge "$left" ] && [ $((got + named)) -le "$nrace" ] && ok ||
    fail "race: $got indexed + $named named vanished, $left still on disk, $nrace at the start"
[ "$named" = 0 ] || [ "$rc" = 1 ] && ok || fail "race: vanished files named but exit $rc"
dups=$(grep -a '^vanban-index: ' "$TMP/r.err" | sort | uniq -d | head -3)
expect_eq "race: no file named twice" "$dups" ""
echo "test-hostile: race over $nrace files: $got indexed, $named vanished after the walk, exit $rc"

rm -rf "$race" "$TMP/rdb"
finish
