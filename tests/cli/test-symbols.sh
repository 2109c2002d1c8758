#!/usr/bin/env bash
# libvanban.so exports the public API and nothing else: every function that
# include/vanban.h declares, and no internal one (vb_buf_*, vbx_* of the
# Xapian binding, the parser's d_*, docrec_*, C++ symbols).
. "$(dirname "$0")/lib.sh"

so=$BUILD/libvanban.so.0
[ -f "$so" ] || { fail "no $so"; finish; }
command -v nm >/dev/null || { skip "test-symbols: nm not found (binutils)"; finish; }
nm -D --defined-only "$so" | awk "{ print \$NF }" | sed "s/@.*//" | sort -u > "$TMP/exported"
# the header's functions, read from the preprocessed header: a name followed by
# "(" that is not a function-pointer type "(*vb_..._fn)"
printf '#include "vanban.h"\n' | ${CC:-cc} -E -P -I"$ROOT/include" - |
    grep -o '[(* ]vb_[a-z0-9_]*[ ]*(' | grep -v '^(' | sed 's/^[* ]//; s/[ (]*$//' | sort -u > "$TMP/declared"
n=$(wc -l < "$TMP/declared")
[ "$n" -ge 25 ] && ok || fail "the header's functions could not be read ($n found)"
expect_eq "exported = declared in vanban.h" "$(diff "$TMP/declared" "$TMP/exported")" ""
expect_eq "every exported symbol is vb_*" "$(grep -v '^vb_' "$TMP/exported")" ""
for internal in vb_buf_grow vb_set_error vb_index_xerr vb_rec_get vbx_db_open d_body docrec_load vb_test_pause; do
    grep -qx "$internal" "$TMP/exported" && fail "internal symbol exported: $internal" || ok
done
# and a program built against the public header links and runs on the library alone
cat > "$TMP/use.c" <<'C'
#include <stdio.h>
#include <vanban.h>
int main(void) { vb_index_t *ix = NULL; vb_status_t st = vb_index_open("/nonexistent/vanban.db", VB_INDEX_READ, &ix);
                 printf("%s\n", vb_status_to_string(st)); return st == VB_OK; }
C
# a library built with the sanitizers (make check SANITIZE=1) wants them in the program too
san=; nm -D --undefined-only "$so" | grep -q ' __asan_' && san="-fsanitize=address,undefined"
if ${CC:-cc} $san -I"$ROOT/include" "$TMP/use.c" -L"$BUILD" -lvanban -o "$TMP/use" 2>"$TMP/err"; then
    expect_eq "a program linked to libvanban.so runs" "$(LD_LIBRARY_PATH=$BUILD "$TMP/use" 2>"$TMP/err")" "no index at that path"
    [ -s "$TMP/err" ] && fail "the program linked to libvanban.so says: $(head -c 300 "$TMP/err")"
else
    fail "linking a program to libvanban.so: $(head -c 300 "$TMP/err")"
fi
finish
