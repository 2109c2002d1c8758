#!/usr/bin/env bash
# Run every tests/cli/test-*.sh; print one closing line "N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
total_p=0
total_f=0
status=0
for t in tests/cli/test-*.sh; do
    out=$(bash "$t" 2>&1)
    rc=$?
    echo "$out" | grep -v '^$' | sed 's/^/  /'
    line=$(echo "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -1)
    p=$(echo "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    [ -n "$line" ] || { p=0; f=1; echo "  $t: no result line (crashed?)"; }
    total_p=$((total_p + p))
    total_f=$((total_f + f))
    [ $rc = 0 ] || status=1
done
echo "cli: $total_p passed, $total_f failed"
[ $status = 0 ] && [ $total_f = 0 ]
