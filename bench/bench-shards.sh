#!/usr/bin/env bash
# make bench-shards: query latency over 3 shards (1 local, 2 behind xapian-tcpsrv on
# loopback), without and with page servers (vanban-serve beside each remote shard,
# docs/scaling.md), against one local index of the same files: medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
DOCS=${1:-../shared/corpus-real/docs}
ROUNDS=${ROUNDS:-3}
[ -d "$DOCS" ] || { echo "bench-shards: $DOCS is absent; nothing to measure"; exit 0; }
command -v xapian-tcpsrv >/dev/null || {
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq xapian-tools >/dev/null; else echo "bench-shards: install xapian-tools"; exit 0; fi; }
IDX=$BUILD/bin/vanban-index; QRY=$BUILD/bin/vanban-query
W=$(mktemp -d /tmp/vanban-bench-shards.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$W"; }
trap cleanup EXIT
$IDX --quiet --db "$W/one" "$DOCS"
for k in 0 1 2; do $IDX --quiet --shard $k/3 --db "$W/s$k" "$DOCS"; done
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
p1=$(port); p2=$(port)
setsid xapian-tcpsrv --port "$p1" --interface 127.0.0.1 "$W/s1" >/dev/null 2>&1 & pids+=($!)
setsid xapian-tcpsrv --port "$p2" --interface 127.0.0.1 "$W/s2" >/dev/null 2>&1 & pids+=($!)
sleep 1
printf 'auto s0\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$p1" "$p2" > "$W/stub"
. bench/page-servers.sh
page_servers "$W" "$p1" "$p2"
pages=${pstub:+1}
queries=('thuế' 'bảo hiểm xã hội' 'mua bán người' 'ma túy' 'coquan:"Bộ Tài chính" thuế'
         'ref:"158/2025/NĐ-CP"' 'giao:"sở tư pháp"' 'loai:"nghị định" nam:2025' 'nguoi su dung lao dong' 'thất nghiệp')
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
echo "| query | one index (ms) | 3 shards, 2 remote (ms) | ratio | with page servers (ms) | ratio |"
echo "| --- | --- | --- | --- | --- | --- |"
all_one=(); all_stub=(); all_pg=()
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }'; }
for q in "${queries[@]}"; do
    a=(); b=(); c=()
    for r in $(seq "$ROUNDS"); do
        a+=("$(ms "$QRY" --db "$W/one" --limit 20 --format json "$q")")
        b+=("$(ms "$QRY" --db "$W/stub" --limit 20 --format json "$q")")
        [ -n "$pages" ] && c+=("$(ms "$QRY" --db "$pstub" --limit 20 --format json "$q")")
    done
    ma=$(printf '%s\n' "${a[@]}" | median); mb=$(printf '%s\n' "${b[@]}" | median)
    mc=-; [ -n "$pages" ] && mc=$(printf '%s\n' "${c[@]}" | median)
    all_one+=("$ma"); all_stub+=("$mb"); all_pg+=("$mc")
    echo "| \`$q\` | $ma | $mb | $(ratio "$ma" "$mb") | $mc | $([ -n "$pages" ] && ratio "$ma" "$mc" || echo -) |"
done
mo=$(printf '%s\n' "${all_one[@]}" | median); msd=$(printf '%s\n' "${all_stub[@]}" | median)
mpg=-; [ -n "$pages" ] && mpg=$(printf '%s\n' "${all_pg[@]}" | median)
echo "| **median** | **$mo** | **$msd** | **$(ratio "$mo" "$msd")** | **$mpg** | **$([ -n "$pages" ] && ratio "$mo" "$mpg" || echo -)** |"
[ -n "$pages" ] || echo "(vanban-serve not built: no page servers)"
echo
echo "$(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg); process start to exit, median of $ROUNDS rounds"
