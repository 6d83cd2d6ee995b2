#!/bin/sh
# run.sh - the benchmark behind `make bench`.
#
# Scales bench/seed.pcap (real handshakes, see bench/make-seed.sh) up to a capture of at
# least 1 GiB and 10,000 ClientHellos (bench/scale.c), puts it in the page cache, and
# times on that same file:
#   cat        reading the file and nothing else
#   floor -d   bench/floor.c through stdio's default buffer, as libpcap programs read
#   floor      bench/floor.c through a 1 MiB buffer: the least a libpcap reader spends
#   tlsdiag    tlsdiag --json, and the same with -j 2
# in alternating rounds (one run of each per round), then one after the other
#   tshark     one pass, a display filter for ClientHellos and alerts, a few fields
#   tshark -2  the same in two passes
#   ssldump    ssldump -n
# then tlsdiag on half of the copies (its memory must not grow with the file) and on the
# two halves as two files with -j 1 and -j 2, and the floor and tlsdiag on udp.pcap: the
# QUIC and DTLS captures of pcaps/ scaled to 100 MB (the UDP path).
#
# Each command runs BENCH_RUNS times (default 5); the median wall time is kept, and the
# largest peak RSS (/usr/bin/time -f %M). Outputs of the tools go to build/bench/out/,
# the report to the terminal and to build/bench/results.txt.
#
# Environment: BENCH_RUNS (default 5), BENCH_TIMEOUT seconds per command (default 3600),
# BENCH_SKIP="tshark2 ssldump" leaves out rows (names: floor (cat and both floors),
# tlsdiag (both -j), tshark tshark2 ssldump half jobs udp), BENCH_TLSDIAG=PATH times that
# tlsdiag binary instead of building build/tlsdiag (another build, another commit).
set -eu
cd "$(dirname "$0")/.."

SEED=bench/seed.pcap
OUT=build/bench
RUNS=${BENCH_RUNS:-5}
TIMEOUT=${BENCH_TIMEOUT:-3600}
SKIP=" ${BENCH_SKIP:-} "
MIN_BYTES=1073741824
MIN_HELLOS=10000
CFLAGS_BENCH="-std=c11 -D_DEFAULT_SOURCE -O2 -g -Wall -Wextra -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes -Wconversion -Wsign-conversion"

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

[ -s "$SEED" ] || die "$SEED is missing; record it with: sudo bash bench/make-seed.sh"

# --- tools -------------------------------------------------------------------------
sh tests/install-deps.sh tshark ssldump time
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package: time)"
mkdir -p "$OUT/out"
if [ -n "${BENCH_TLSDIAG:-}" ]; then
    [ -x "$BENCH_TLSDIAG" ] || die "BENCH_TLSDIAG=$BENCH_TLSDIAG is not an executable"
    SOURCE="$BENCH_TLSDIAG"
else
    make --no-print-directory all >&2
    SOURCE=build/tlsdiag
fi
# A private copy: a rebuild of build/tlsdiag during the run must not mix two binaries
# into one table.
cp "$SOURCE" "$OUT/tlsdiag"
TLSDIAG=$OUT/tlsdiag

# newer A B: whether file A exists and was modified after file B.
newer() { [ -e "$1" ] && [ -e "$2" ] && [ -n "$(find "$1" -prune -newer "$2")" ]; }

# build NAME: compile bench/NAME.c when the binary is missing or older than its source.
build() {
    if [ ! -x "$OUT/$1" ] || newer "bench/$1.c" "$OUT/$1"; then
        say "  CC      bench/$1.c"
        # shellcheck disable=SC2086,SC2046
        ${CC:-cc} $CFLAGS_BENCH "bench/$1.c" -o "$OUT/$1" \
            $(pkg-config --libs libpcap 2>/dev/null || echo -lpcap)
    fi
}
build floor
build scale

# --- captures ----------------------------------------------------------------------
PLAN=$("$OUT/scale" -p -B "$MIN_BYTES" -H "$MIN_HELLOS" "$SEED")
copies="" delta_us="" seed_packets="" seed_hellos=""
for kv in $PLAN; do
    case $kv in
    copies=*[!0-9]* | delta_us=*[!0-9]* | seed_packets=*[!0-9]* | seed_hellos=*[!0-9]*)
        die "unexpected plan: $PLAN" ;;
    copies=*) copies=${kv#*=} ;;
    delta_us=*) delta_us=${kv#*=} ;;
    seed_packets=*) seed_packets=${kv#*=} ;;
    seed_hellos=*) seed_hellos=${kv#*=} ;;
    esac
done
if [ -z "$copies" ] || [ -z "$delta_us" ] || [ -z "$seed_packets" ] || [ -z "$seed_hellos" ]; then
    die "unexpected plan: $PLAN"
fi
half=$((copies / 2))

# make_capture FILE FIRST COUNT: copies FIRST..FIRST+COUNT-1, all with the same time
# shift between copies, so the halves are as dense in flows as the whole.
make_capture() {
    if [ -s "$1" ] && newer "$1" "$SEED" && newer "$1" "$OUT/scale"; then
        return 0
    fi
    "$OUT/scale" -f "$2" -k "$3" -d "$delta_us" "$SEED" "$1"
}
BIG=$OUT/big.pcap
HALF=$OUT/half.pcap
HALF2=$OUT/half2.pcap
make_capture "$BIG" 0 "$copies"
make_capture "$HALF" 0 "$half"
make_capture "$HALF2" "$half" $((copies - half))
# Every run below reads from memory, not from the disk.
cat "$BIG" "$HALF" "$HALF2" >/dev/null

size() { stat -c %s "$1"; }
big_bytes=$(size "$BIG")
half_bytes=$(size "$HALF")
pair_bytes=$(($(size "$HALF") + $(size "$HALF2")))

# --- measuring ---------------------------------------------------------------------
# run_once ID OUTFILE CMD...: runs CMD once with its output in OUTFILE; appends its wall
# time (ns) to out/ID.times and its peak RSS (KiB) to out/ID.rsses; sets rc.
# /usr/bin/time is outermost: the peak RSS it reports covers timeout's child too.
run_once() {
    id=$1 outfile=$2
    shift 2
    t0=$(date +%s%N)
    rc=0
    /usr/bin/time -f '%M' -o "$OUT/out/$id.rss" timeout "$TIMEOUT" "$@" \
        >"$outfile" 2>"$OUT/out/$id.err" || rc=$?
    t1=$(date +%s%N)
    kb=$(tail -n 1 "$OUT/out/$id.rss")
    case $kb in '' | *[!0-9]*) kb=0 ;; esac
    echo $((t1 - t0)) >>"$OUT/out/$id.times"
    echo "$kb" >>"$OUT/out/$id.rsses"
    [ "$rc" -eq 0 ] || echo "$rc" >"$OUT/out/$id.rc"
    status=""
    [ "$rc" -eq 0 ] || status=" (exit $rc)"
    say "  $id: $(awk -v n=$((t1 - t0)) 'BEGIN { printf "%.3f", n / 1e9 }') s, $((kb / 1024)) MiB$status"
}

# settle ID: sets SECS (median wall time of the runs of ID), RSS_KB (largest peak RSS)
# and RC (last non-zero exit status, 124: timeout).
settle() {
    SECS=$(sort -n "$OUT/out/$1.times" | awk '{ t[NR] = $1 } END {
        if (NR == 0) { print "0"; exit }
        m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
        printf "%.3f", m / 1e9 }')
    RSS_KB=$(sort -n "$OUT/out/$1.rsses" | tail -n 1)
    RC=$(cat "$OUT/out/$1.rc" 2>/dev/null || echo 0)
}

# fresh ID...: forgets earlier runs of these IDs.
fresh() {
    for id in "$@"; do rm -f "$OUT/out/$id.times" "$OUT/out/$id.rsses" "$OUT/out/$id.rc"; done
}

# measure ID OUTFILE CMD...: runs CMD RUNS times in a row (a tool timed on its own);
# then settle.
measure() {
    fresh "$1"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        run_once "$@"
        [ "$rc" -eq 124 ] && break
        i=$((i + 1))
    done
    settle "$1"
}

# Rows of the table, one per line: id label input bytes packets hellos secs rss_kb rc
ROWS=$OUT/out/rows.tsv
: >"$ROWS"
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS"; }
skip() { case $SKIP in *" $1 "*) return 0 ;; esac; return 1; }

big_packets=$((copies * seed_packets))
big_hellos=$((copies * seed_hellos))
half_packets=$((half * seed_packets))
half_hellos=$((half * seed_hellos))
NOTES=""
note() { NOTES="$NOTES$*
"; }

say "bench: timing (median of $RUNS runs each)"
TSHARK_FIELDS="-e frame.number -e ip.src -e ipv6.src -e tcp.srcport -e ip.dst -e ipv6.dst
    -e tcp.dstport -e tls.handshake.type -e tls.handshake.extensions_server_name
    -e tls.alert_message.desc"
TSHARK_FILTER='tls.handshake.type==1 || tls.alert_message'
# ClientHellos in tshark's output: the frames whose handshake type list holds a 1.
count_tshark_hellos() {
    awk -F'\t' '{ n = split($8, t, ","); for (i = 1; i <= n; i++) if (t[i] == 1) c++ } END { print c + 0 }' "$1"
}
count_attempts() { grep -c '"type":"connection"' "$1" || true; }

# The rows the targets are about, in alternating rounds (one run of each per round), so
# that a machine whose speed drifts during the benchmark moves them all alike:
#   cat         reading the file and nothing else
#   floor -d    the libpcap loop through stdio's default 4 KiB buffer (most tools)
#   floor       the libpcap loop through a 1 MiB buffer (the floor of issue targets)
#   tlsdiag     tlsdiag --json (-j 1)
#   tlsdiag -j2 the same one file with -j 2
CORE=""
for id in cat floor4k floor tlsdiag tlsdiag_j2; do
    case $id in
    cat | floor4k | floor) skip floor || CORE="$CORE $id" ;;
    tlsdiag | tlsdiag_j2) skip tlsdiag || CORE="$CORE $id" ;;
    esac
done
if [ -n "$CORE" ]; then
    # shellcheck disable=SC2086
    fresh $CORE
    round=0
    while [ "$round" -lt "$RUNS" ]; do
        round=$((round + 1))
        say "  round $round of $RUNS"
        for id in $CORE; do
            case $id in
            cat) run_once cat /dev/null cat "$BIG" ;;
            floor4k) run_once floor4k "$OUT/out/floor4k.txt" "$OUT/floor" -d "$BIG" ;;
            floor) run_once floor "$OUT/out/floor.txt" "$OUT/floor" "$BIG" ;;
            tlsdiag) run_once tlsdiag "$OUT/out/tlsdiag.json" "$TLSDIAG" --json -r "$BIG" ;;
            tlsdiag_j2) run_once tlsdiag_j2 "$OUT/out/tlsdiag-j2.json" "$TLSDIAG" --json -j 2 -r "$BIG" ;;
            esac
        done
    done
    for id in $CORE; do
        settle "$id"
        case $id in
        cat) row cat "cat" big.pcap "$big_bytes" "$big_packets" "$big_hellos" "$SECS" "$RSS_KB" "$RC" ;;
        floor4k) row floor4k "floor -d (4 KiB stdio)" big.pcap "$big_bytes" "$big_packets" "$big_hellos" "$SECS" "$RSS_KB" "$RC" ;;
        floor) row floor "floor (libpcap, 1 MiB)" big.pcap "$big_bytes" "$big_packets" "$big_hellos" "$SECS" "$RSS_KB" "$RC" ;;
        tlsdiag) row tlsdiag "tlsdiag --json" big.pcap "$big_bytes" "$big_packets" "$big_hellos" "$SECS" "$RSS_KB" "$RC" ;;
        tlsdiag_j2) row tlsdiag_j2 "tlsdiag --json -j 2" big.pcap "$big_bytes" "$big_packets" "$big_hellos" "$SECS" "$RSS_KB" "$RC" ;;
        esac
    done
    case $CORE in *floor*)
        counted=$(awk '{ print $2 }' "$OUT/out/floor.txt")
        [ "$counted" = "$big_packets" ] || note "floor counted $counted packets, $big_packets expected" ;;
    esac
    case $CORE in *tlsdiag*)
        note "tlsdiag reported $(count_attempts "$OUT/out/tlsdiag.json") connection attempts in big.pcap"
        if [ -s "$OUT/out/tlsdiag-j2.json" ]; then
            if cmp -s "$OUT/out/tlsdiag.json" "$OUT/out/tlsdiag-j2.json"; then
                note "tlsdiag -j 2 wrote the same bytes as -j 1 on big.pcap"
            else
                note "tlsdiag -j 2 wrote OTHER bytes than -j 1 on big.pcap"
            fi
        fi ;;
    esac
fi
if ! skip tshark; then
    # shellcheck disable=SC2086
    measure tshark "$OUT/out/tshark.txt" tshark -r "$BIG" -Y "$TSHARK_FILTER" -T fields $TSHARK_FIELDS
    row tshark "tshark -Y -T fields" big.pcap "$big_bytes" "$big_packets" "$big_hellos" "$SECS" "$RSS_KB" "$RC"
    note "tshark found $(count_tshark_hellos "$OUT/out/tshark.txt") ClientHellos in big.pcap"
fi
if ! skip tshark2; then
    # shellcheck disable=SC2086
    measure tshark2 "$OUT/out/tshark2.txt" tshark -2 -r "$BIG" -Y "$TSHARK_FILTER" -T fields $TSHARK_FIELDS
    row tshark2 "tshark -2 (two-pass)" big.pcap "$big_bytes" "$big_packets" "$big_hellos" "$SECS" "$RSS_KB" "$RC"
    note "tshark -2 found $(count_tshark_hellos "$OUT/out/tshark2.txt") ClientHellos in big.pcap"
fi
if ! skip ssldump; then
    measure ssldump "$OUT/out/ssldump.txt" ssldump -n -r "$BIG"
    row ssldump "ssldump -n" big.pcap "$big_bytes" "$big_packets" "$big_hellos" "$SECS" "$RSS_KB" "$RC"
    note "ssldump printed $(grep -c 'ClientHello' "$OUT/out/ssldump.txt" || true) ClientHellos for big.pcap, and $(wc -l <"$OUT/out/ssldump.err") lines of errors"
fi
if ! skip half; then
    measure half "$OUT/out/half.json" "$TLSDIAG" --json -r "$HALF"
    row half "tlsdiag --json (half)" half.pcap "$half_bytes" "$half_packets" "$half_hellos" "$SECS" "$RSS_KB" "$RC"
fi
if ! skip jobs; then
    if "$TLSDIAG" -j 1 --list-rules >/dev/null 2>&1; then
        measure j1 "$OUT/out/j1.json" "$TLSDIAG" --json -j 1 -r "$HALF" -r "$HALF2"
        row j1 "tlsdiag -j 1 (2 files)" "half+half2" "$pair_bytes" "$big_packets" "$big_hellos" "$SECS" "$RSS_KB" "$RC"
        measure j2 "$OUT/out/j2.json" "$TLSDIAG" --json -j 2 -r "$HALF" -r "$HALF2"
        row j2 "tlsdiag -j 2 (2 files)" "half+half2" "$pair_bytes" "$big_packets" "$big_hellos" "$SECS" "$RSS_KB" "$RC"
        note "tlsdiag -j 1 / -j 2 reported $(count_attempts "$OUT/out/j1.json") / $(count_attempts "$OUT/out/j2.json") attempts in half.pcap + half2.pcap"
    else
        note "tlsdiag has no -j option: the -j rows are left out"
    fi
fi

# The UDP path: the QUIC and DTLS captures of pcaps/ (client side) merged into one seed
# and scaled to 100 MB the same way: every packet of it is a handshake's (QUIC and DTLS
# captures hold no bulk transfer), so it measures the cost of QUIC's Initial decryption
# and DTLS's reassembly per attempt. Its handshakes column counts the attempts reported.
if ! skip udp; then
    UDP_SEED=$OUT/udp-seed.pcap
    UDP_BIG=$OUT/udp.pcap
    # shellcheck disable=SC2046
    mergecap -F pcap -w "$UDP_SEED" $(ls pcaps/quic-*.pcap pcaps/dtls-*.pcap | grep -v 'at-server\|at-client')
    UDP_PLAN=$("$OUT/scale" -p -B 104857600 -H 0 "$UDP_SEED")
    udp_copies=$(echo "$UDP_PLAN" | tr ' ' '\n' | sed -n 's/^copies=//p')
    udp_delta=$(echo "$UDP_PLAN" | tr ' ' '\n' | sed -n 's/^delta_us=//p')
    udp_seed_packets=$(echo "$UDP_PLAN" | tr ' ' '\n' | sed -n 's/^seed_packets=//p')
    "$OUT/scale" -k "$udp_copies" -d "$udp_delta" "$UDP_SEED" "$UDP_BIG" 2>/dev/null
    cat "$UDP_BIG" >/dev/null
    udp_bytes=$(size "$UDP_BIG")
    udp_packets=$((udp_copies * udp_seed_packets))
    measure floor_udp "$OUT/out/floor-udp.txt" "$OUT/floor" "$UDP_BIG"
    row floor_udp "floor (libpcap loop)" udp.pcap "$udp_bytes" "$udp_packets" 0 "$SECS" "$RSS_KB" "$RC"
    measure tlsdiag_udp "$OUT/out/tlsdiag-udp.json" "$TLSDIAG" --json -r "$UDP_BIG"
    udp_attempts=$(count_attempts "$OUT/out/tlsdiag-udp.json")
    row tlsdiag_udp "tlsdiag --json (UDP)" udp.pcap "$udp_bytes" "$udp_packets" "$udp_attempts" "$SECS" "$RSS_KB" "$RC"
    note "udp.pcap: $udp_copies copies of the QUIC and DTLS captures of pcaps/ ($udp_seed_packets packets); tlsdiag reported $udp_attempts attempts ($(jq -r 'select(.type == "connection") | .transport' "$OUT/out/tlsdiag-udp.json" 2>/dev/null | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }'))"
fi

# --- report ------------------------------------------------------------------------
mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
if [ -n "${BENCH_TLSDIAG:-}" ]; then
    commit="binary $BENCH_TLSDIAG"
else
    commit="commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    git diff --quiet HEAD -- src include 2>/dev/null ||
        commit="$commit (with uncommitted changes in src/ or include/)"
fi
floor_secs=$(awk -F'\t' '$1 == "floor" { print $7 }' "$ROWS")
tshark_secs=$(awk -F'\t' '$1 == "tshark" { print $7 }' "$ROWS")

{
    echo "tlsdiag benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $((mem_kb / 1024)) MiB RAM, Linux $(uname -r)"
    echo "tlsdiag: $("$TLSDIAG" --version 2>&1 | head -n 1), $commit"
    echo "others:  $(tshark --version 2>/dev/null | head -n 1 | sed 's/\.$//'); $(ssldump -v 2>&1 | head -n 1); $(pcap-config --version 2>/dev/null | sed 's/^/libpcap /' || echo libpcap)"
    echo "input:   big.pcap $big_bytes bytes, $big_packets packets, $big_hellos ClientHellos,"
    echo "         $copies copies of bench/seed.pcap ($seed_packets packets, $seed_hellos ClientHellos) ${delta_us} us apart;"
    echo "         half.pcap and half2.pcap: copies 0-$((half - 1)) and $half-$((copies - 1)), page-cached;"
    echo "         median of $RUNS runs (cat, floors and tlsdiag on big.pcap in alternating rounds)"
    echo
    # Ratios are of throughput (bytes per second), so the rows on other inputs compare too:
    # x floor = floor's throughput / the tool's; vs tshark = the tool's / tshark's.
    awk -F'\t' -v floor="$floor_secs" -v tshark="$tshark_secs" -v big="$big_bytes" '
    BEGIN {
        printf "%-24s %-10s %8s %8s %10s %12s %8s %8s %10s\n", "tool", "input", "seconds",
            "MB/s", "packets/s", "handshakes/s", "RSS MiB", "x floor", "vs tshark"
    }
    {
        secs = $7 + 0
        if (secs <= 0) secs = 1e-9
        tp = $4 / secs
        printf "%-24s %-10s %8.2f %8.1f %10.0f %12.0f %8.1f", $2, $3, secs, tp / 1e6,
            $5 / secs, $6 / secs, $8 / 1024
        if (floor != "") printf " %8.1f", (big / floor) / tp; else printf " %8s", "-"
        if (tshark != "") printf " %10.1f", tp / (big / tshark); else printf " %10s", "-"
        if ($9 != 0) printf "  (exit %s%s)", $9, $9 == 124 ? ": timed out" : ""
        printf "\n"
    }' "$ROWS"
    echo
    echo "MB/s: 10^6 bytes of capture file per second. handshakes/s: ClientHellos in the input"
    echo "per second. x floor: the floor's throughput over the tool's (1.0: as fast as reading the"
    echo "file). vs tshark: the tool's throughput over tshark's (above 1: faster than tshark)."
    # Memory against input size, and -j 2 against -j 1, from the rows above.
    awk -F'\t' '
    { secs[$1] = $7; rss[$1] = $8 / 1024; bytes[$1] = $4 }
    END {
        if (("half" in rss) && ("tlsdiag" in rss) && rss["half"] > 0)
            printf "tlsdiag peak RSS: %.1f MiB on half.pcap, %.1f MiB on big.pcap (x%.2f for x%.2f the input)\n",
                rss["half"], rss["tlsdiag"], rss["tlsdiag"] / rss["half"], bytes["tlsdiag"] / bytes["half"]
        if (("floor" in secs) && ("tlsdiag" in secs) && secs["floor"] > 0)
            printf "target -j 1 within 1.5 x floor: %.2f x (%s)\n", secs["tlsdiag"] / secs["floor"],
                secs["tlsdiag"] / secs["floor"] <= 1.5 ? "met" : "not met"
        if (("floor" in secs) && ("tlsdiag_j2" in secs) && secs["floor"] > 0)
            printf "target -j 2 within 1.0 x floor: %.2f x (%s)\n", secs["tlsdiag_j2"] / secs["floor"],
                secs["tlsdiag_j2"] / secs["floor"] <= 1.0 ? "met" : "not met"
        if (("j1" in secs) && ("j2" in secs) && secs["j2"] > 0)
            printf "tlsdiag on two files: -j 2 %.2f s, -j 1 %.2f s (x%.2f)\n", secs["j2"], secs["j1"],
                secs["j1"] / secs["j2"]
    }' "$ROWS"
    printf '%s' "$NOTES"
} >"$OUT/results.tmp"
mv "$OUT/results.tmp" "$OUT/results.txt"
cat "$OUT/results.txt"
