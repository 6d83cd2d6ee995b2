#!/bin/sh
# live.sh - live capture at a given rate: tcpreplay replays a capture onto a veth pair
# between two network namespaces that this script creates and deletes, tlsdiag captures
# on the other end, and what each side counted is compared:
#   offered    packets tcpreplay sent (its own statistics)
#   received   packets the kernel handed to tlsdiag's socket, and those it dropped
#              (tlsdiag's "== capture:" line at SIGTERM, from libpcap's statistics)
#   attempts   connection attempts tlsdiag reported live, against those it reports
#              reading the same file offline
# for each rate in BENCH_LIVE_RATES (Mbit/s; "top" for --topspeed).
#
# Run as root (network namespaces): sudo sh bench/live.sh [CAPTURE]
# CAPTURE defaults to build/bench/live.pcap: 20 copies of bench/seed.pcap
# (bench/scale.c), 120,380 packets in 115 MB. The replayed packets carry the seed's
# 198.18.0.0/15 addresses; they go nowhere but the veth pair.
#
# Environment: BENCH_LIVE_RATES (default "100 200 400 800 top"), BENCH_TLSDIAG (the
# binary; default build/tlsdiag). Prints a table and appends nothing: bench/RESULTS.md
# keeps the runs worth keeping.
set -eu
cd "$(dirname "$0")/.."

say() { printf '%s\n' "$*" >&2; }
die() { say "live bench: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root for network namespaces: sudo sh bench/live.sh"
sh tests/install-deps.sh tcpreplay iproute2
command -v tcpreplay >/dev/null || die "tcpreplay is missing (Debian package: tcpreplay)"
TLSDIAG=${BENCH_TLSDIAG:-build/tlsdiag}
[ -x "$TLSDIAG" ] || make --no-print-directory all >&2
TLSDIAG=$(readlink -f "$TLSDIAG")
RATES=${BENCH_LIVE_RATES:-100 200 400 800 top}

OUT=build/bench
mkdir -p "$OUT/out"
CAP=${1:-$OUT/live.pcap}
if [ ! -s "$CAP" ]; then
    [ -x "$OUT/scale" ] || cc -std=c11 -D_DEFAULT_SOURCE -O2 bench/scale.c -o "$OUT/scale" -lpcap
    "$OUT/scale" -k 20 bench/seed.pcap "$CAP"
fi
CAP=$(readlink -f "$CAP")

A=tdlive-a.$$ B=tdlive-b.$$
cleanup() {
    for n in $A $B; do ip netns pids $n 2>/dev/null | xargs -r kill 2>/dev/null; done
    for n in $A $B; do ip netns del $n 2>/dev/null; done
}
trap cleanup EXIT INT TERM
ip netns add $A
ip netns add $B
ip link add veth-a netns $A type veth peer name veth-b netns $B
for n in $A $B; do ip -n $n link set lo up; done
ip -n $A link set veth-a up mtu 9000
ip -n $B link set veth-b up mtu 9000
# The seed was captured with offloads off: frames up to the MTU. Nothing answers them.
ip netns exec $B sysctl -qw net.ipv4.conf.all.rp_filter=0

expected=$("$TLSDIAG" -q --json -r "$CAP" 2>/dev/null | grep -c '"type":"connection"' || true)
say "live bench: $CAP, $expected attempts offline"

printf '%-8s %10s %10s %10s %10s %9s %9s %8s\n' rate offered "pkts/s" received dropped attempts expected missed
for rate in $RATES; do
    ip netns exec $B "$TLSDIAG" -q --json -i veth-b >"$OUT/out/live-$rate.json" 2>"$OUT/out/live-$rate.err" &
    sleep 1.5
    if [ "$rate" = top ]; then speed=--topspeed; else speed=--mbps=$rate; fi
    ip netns exec $A tcpreplay -q --intf1=veth-a "$speed" "$CAP" >"$OUT/out/tcpreplay-$rate.txt" 2>&1 || true
    # The last attempts are decided when their flows end or time out: a few seconds.
    sleep 3
    pid=$(ip netns pids $B | head -n 1)
    kill -TERM "$pid" 2>/dev/null || true
    wait 2>/dev/null || true
    offered=$(sed -n 's/.*Actual: \([0-9]*\) packets.*/\1/p' "$OUT/out/tcpreplay-$rate.txt" | head -n 1)
    pps=$(sed -n 's/.*Rated: [0-9.]* Bps, [0-9.]* Mbps, \([0-9.]*\) pps.*/\1/p' "$OUT/out/tcpreplay-$rate.txt" | head -n 1)
    received=$(sed -n 's/.*== capture: \([0-9]*\) packets received, \([0-9]*\) dropped by the kernel.*/\1/p' "$OUT/out/live-$rate.err" | tail -n 1)
    dropped=$(sed -n 's/.*== capture: \([0-9]*\) packets received, \([0-9]*\) dropped by the kernel.*/\2/p' "$OUT/out/live-$rate.err" | tail -n 1)
    attempts=$(grep -c '"type":"connection"' "$OUT/out/live-$rate.json" || true)
    printf '%-8s %10s %10s %10s %10s %9s %9s %8s\n' "$rate" "${offered:-?}" "${pps:-?}" "${received:-?}" \
        "${dropped:-?}" "$attempts" "$expected" $((expected - attempts))
done
