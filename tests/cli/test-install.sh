#!/usr/bin/env bash
# make install: binaries, library, header, pkg-config file and man pages land under
# DESTDIR/PREFIX, and a program linking libvanban through pkg-config works.
. "$(dirname "$0")/lib.sh"

dest=$TMP/dest
make -s -C "$ROOT" install PREFIX=/opt/vb DESTDIR="$dest" >"$TMP/out" 2>&1 && ok || fail "make install: $(tail -5 "$TMP/out")"
for f in bin/vanban-index bin/vanban-query lib/libvanban.a lib/libvanban.so.0 include/vanban.h \
         lib/pkgconfig/vanban.pc share/man/man1/vanban-index.1 share/man/man1/vanban-query.1 \
         share/man/man1/vanban-serve.1 share/vanban/thesaurus.tsv; do
    [ -e "$dest/opt/vb/$f" ] && ok || fail "not installed: $f"
done
# vanban-serve when it was built (libmicrohttpd)
if [ -x "$ROOT/build/bin/vanban-serve" ]; then [ -x "$dest/opt/vb/bin/vanban-serve" ] && ok || fail "not installed: bin/vanban-serve"; fi
expect_contains "pkg-config file names the prefix" "$(cat "$dest/opt/vb/lib/pkgconfig/vanban.pc")" "prefix=/opt/vb"
if command -v man >/dev/null; then
    for page in vanban-query vanban-serve; do
        man --warnings -l -Tutf8 "$dest/opt/vb/share/man/man1/$page.1" >/dev/null 2>"$TMP/manerr" && [ ! -s "$TMP/manerr" ] && ok || fail "$page.1: man page warnings: $(head -3 "$TMP/manerr")"
    done
fi

# the installed query tool finds the installed thesaurus, wherever it runs from
$IDX --quiet --db "$TMP/db" "$ROOT/corpus"
(cd "$TMP" && env -u VANBAN_THESAURUS "$dest/opt/vb/bin/vanban-query" --db "$TMP/db" --count 'chude:"cho vay nặng lãi"' >"$TMP/out" 2>"$TMP/err")
expect_eq "installed thesaurus used outside the project" "$(cat "$TMP/out")" "3 clauses, 3 mentions"

# a program of the user's, against the installed library
cat > "$TMP/user.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <vanban.h>
int main(void)
{
    char buf[64];
    vb_term_fold("Tín dụng đen", strlen("Tín dụng đen"), buf, sizeof buf);
    printf("%s|%s\n", buf, vb_status_to_string(VB_ERR_DB_LOCKED));
    return 0;
}
C
flags=$(PKG_CONFIG_PATH="$dest/opt/vb/lib/pkgconfig" pkg-config --define-variable=prefix="$dest/opt/vb" --cflags --libs vanban)
# a library built with SANITIZE=1 needs the sanitizer runtime in the program too
san=""
nm -D "$dest/opt/vb/lib/libvanban.so.0" 2>/dev/null | grep -q __asan && san="-fsanitize=address,undefined"
cc -std=c11 $san "$TMP/user.c" -o "$TMP/user" $flags 2>"$TMP/cc" && ok || fail "cc against the installed libvanban: $(head -5 "$TMP/cc")"
export LD_LIBRARY_PATH="$dest/opt/vb/lib"
expect_eq "a user program links libvanban" "$("$TMP/user" 2>&1)" "tin dung den|index is locked by another writer"
finish
