#!/usr/bin/env bash
# The search page in a real browser: Debian's chromium, headless, driven by
# playwright-core (npm, installed under $BUILD/node) through tests/cli/browser.mjs.
# Skipped, with the reason, when vanban-serve, chromium, node or npm are absent.
# SHOTS=DIR writes DIR/results.png, DIR/document.png and DIR/relations.png (make screenshots).
# status-goc.txt and status-sua.txt (a decision and the one amending it) give a
# document page its relation diagram.
. "$(dirname "$0")/lib.sh"

CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}
if [ ! -x "$BUILD/bin/vanban-serve" ]; then skip "test-browser: vanban-serve not built (libmicrohttpd-dev)"; finish; exit $?; fi
if [ -z "$CHROMIUM" ]; then skip "test-browser: no chromium (apt-get install chromium)"; finish; exit $?; fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then skip "test-browser: no node/npm"; finish; exit $?; fi
PW=$BUILD/node/node_modules/playwright-core
if [ ! -f "$PW/package.json" ]; then
    mkdir -p "$BUILD/node"
    if ! (cd "$BUILD/node" && timeout 300 npm install --no-audit --no-fund --silent playwright-core@1 >"$TMP/npm.log" 2>&1); then
        skip "test-browser: npm install playwright-core failed: $(tail -c 200 "$TMP/npm.log")"
        finish
        exit $?
    fi
fi

db=$TMP/db
# paths relative to the project, as a user would index them (they show in the document view)
(cd "$ROOT" && $IDX --quiet --db "$db" corpus/5287-BCD-2020.txt tests/cli/fixtures/hostile-directive.txt \
    tests/cli/fixtures/status-goc.txt tests/cli/fixtures/status-sua.txt)
start_serve "$db" 2
if [ -z "$port" ]; then fail "vanban-serve did not start: $(head -c 300 "$TMP/srv.err")"; finish; exit 1; fi

[ -n "${SHOTS:-}" ] && mkdir -p "$SHOTS"
BASE="http://127.0.0.1:$port" PW="$PW" CHROMIUM="$CHROMIUM" SHOTS="${SHOTS:-}" \
    timeout $((180 * TSCALE)) node "$ROOT/tests/cli/browser.mjs" >"$TMP/browser.out" 2>"$TMP/browser.err"
rc=$?
while IFS= read -r line; do
    case $line in
        "ok "*) ok ;;
        "FAIL "*) fail "${line#FAIL }" ;;
    esac
done <"$TMP/browser.out"
[ "$rc" = 0 ] || grep -q '^FAIL ' "$TMP/browser.out" || fail "browser run: exit $rc: $(tail -c 400 "$TMP/browser.err")"
[ "$(grep -c '^ok ' "$TMP/browser.out")" -ge 20 ] && ok || fail "browser run: fewer checks than expected: $(tail -c 400 "$TMP/browser.err")"

stop_serve TERM
expect_eq "vanban-serve stops with exit 0" "${srv_rc:-killed}" 0
finish
