# Sourced by bench-shards.sh and bench-scale.sh: page servers beside the two remote shards
# (docs/scaling.md, "Page servers"). page_servers W P1 P2 starts vanban-serve on W/s1 and
# W/s2 (their pids added to the caller's pids array) and writes W/pstub, the stub of W/s0
# and the shards behind xapian-tcpsrv on ports P1 and P2 with their page servers; sets
# pstub to its path, or to "" when vanban-serve is not built or does not start.
page_servers() {
    local w=$1 q1="" q2="" k
    pstub=""
    [ -x "$BUILD/bin/vanban-serve" ] || return 0
    for k in 1 2; do
        setsid "$BUILD/bin/vanban-serve" --db "$w/s$k" --listen 127.0.0.1:0 --threads 2 > "$w/serve$k.out" 2>&1 & pids+=($!)
    done
    for _ in $(seq 100); do
        q1=$(sed -n 's|.*127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$w/serve1.out")
        q2=$(sed -n 's|.*127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$w/serve2.out")
        [ -n "$q1" ] && [ -n "$q2" ] && break
        sleep 0.1
    done
    [ -n "$q1" ] && [ -n "$q2" ] || return 0
    printf 'auto s0\nremote 127.0.0.1:%s pages 127.0.0.1:%s\nremote 127.0.0.1:%s pages 127.0.0.1:%s\n' \
        "$2" "$q1" "$3" "$q2" > "$w/pstub"
    pstub="$w/pstub"
}
