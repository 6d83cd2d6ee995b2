#!/usr/bin/env bash
# make-captures.sh - build the test captures in this directory with real TLS software.
#
# Every capture is made by real clients and servers (OpenSSL, GnuTLS, nginx, curl)
# talking across three Linux network namespaces:
#
#   client ns  eth0 198.18.0.2/24 2001:db8:0::2/64
#        |          15 ms each way (WAN_MS)
#   router ns  c0   198.18.0.1/24 2001:db8:0::1/64   (IP forwarding on: TTL and hop
#              s0   198.18.1.1/24 2001:db8:1::1/64    limit drop by one on the way)
#        |          2 ms each way (LAN_MS)
#   server ns  eth0 198.18.1.2/24 2001:db8:1::2/64
#
# The links are delayline.py's: pairs of TAP devices with a fixed latency, so that
# the round trip is a real one and the capture point shows in the TCP handshake.
# Only the benchmarking range 198.18.0.0/15 and the documentation prefix 2001:db8::/32
# are used; the namespaces have routes for nothing else, so no packet can leave them.
# tcpdump runs on the client's interface, i.e. where a user debugging a failing client
# would capture (a few scenarios, *-server-side, capture on the server's instead), and
# at the same time on the server's: NAME.at-server.pcap holds the same connections as
# seen at the other end (see cap_start).
#
# Usage (as root):
#   ./make-captures.sh                 build every capture
#   ./make-captures.sh NAME [NAME...]  rebuild only these (names as in `--list`)
#   ./make-captures.sh --list          list the scenario names
#
# Each scenario is a function sc_NAME below (dashes become underscores): it starts
# its servers, captures while its clients run, declares the class expected for each
# connection and checks with tshark that the capture shows what it claims.
#
# KEEP_WORK=1 keeps the temporary directory (keys, certificates, server and client logs)
# for a look at what happened.
#
# Output: NAME.pcap (a few also .pcapng), NAME.keylog (SSLKEYLOGFILE of the client
# where it could write one) and expected.tsv, which lists every TCP connection attempt
# with the class the analyzer must give it. Rebuilding some scenarios keeps the rows of
# the others.
#
# Needs: iproute2, iptables, ethtool, tcpdump, tshark (dumpcap), openssl, gnutls-bin,
# nginx-light with libnginx-mod-stream, curl, socat, python3, clang for the VLAN
# capture, and miredo and miredo-server for the Teredo one. On Debian:
#   apt-get install iproute2 iptables ethtool tcpdump tshark openssl gnutls-bin \
#       nginx-light libnginx-mod-stream curl socat python3 clang miredo miredo-server

set -euo pipefail

OUT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Scenario names, in the order the rows of expected.tsv follow. The position also fixes
# the client ports of a scenario (see client_port), so a capture rebuilt alone gets the
# same ports as in a full run.
SCENARIOS=(
    ok-tls13
    ok-tls12-ipv6
    ok-tls13-hrr
    ok-tls12-resumed
    ok-mtls-tls12
    ok-tls12-psk
    ok-sni-proxy
    ok-any-sll2
    ok-vlan
    ok-ipv4-options
    version-mismatch-tls12-client
    version-mismatch-tls13-client
    no-shared-cipher
    missing-sni
    unknown-sni
    unknown-sni-close
    client-cert-missing-tls12
    client-cert-missing-tls13
    client-cert-rejected
    client-cert-rejected-tls13
    server-cert-rejected
    server-cert-rejected-curl
    server-cert-rejected-tls13
    server-cert-rejected-tls13-openssl
    middlebox-reset
    middlebox-reset-ipv6
    server-reset
    server-close-upstream-down
    no-server-response
    no-server-response-bighello
    alpn-mismatch
    not-tls-http
    not-tls-plaintext-to-tls
    protocol-error
    unknown-failure
    incomplete-cut
    tcp-refused
    tcp-no-synack
    tcp-no-hello
    client-cert-rejected-reset
    ok-lost-serverhello
    version-mismatch-old-server
    client-cert-untrusted-ca
    client-cert-expired
    client-cert-rsa1024
    client-cert-sha1
    client-cert-serverauth-only
    client-cert-mixed
    server-cert-expired
    server-cert-wrong-name
    server-cert-self-signed
    server-cert-missing-intermediate
    ok-chain-intermediate
    ok-server-cert-expired-noverify
    client-cert-expired-tls13
    client-cert-serverauth-only-tls13
    tcp-syn-unwatched
    client-cert-missing-tls13-dsb
    client-cert-missing-tls13-curl
    ok-tls13-chacha
    client-cert-rejected-tls13-server-side
    version-mismatch-client-no-version
    protocol-error-not-hello
    missing-sni-reject-handshake
    client-cert-missing-gnutls
    no-server-response-idle-close
)

# The position of each scenario (see client_port): the list above counts from 1; the
# scenario files of other TLS stacks (scenarios-*.sh) count from a base of their own,
# so that adding to one list moves no other scenario's ports.
declare -A SC_INDEX_OF=()
for i in "${!SCENARIOS[@]}"; do
    SC_INDEX_OF[${SCENARIOS[$i]}]=$((i + 1))
done

# scenario_block BASE NAME...: scenarios of another file, at positions BASE, BASE+1, ...
# (BASE a multiple of 100 above 100; at most 99 names; ports stay below 50000).
scenario_block() {
    local base=$1 name
    shift
    for name in "$@"; do
        [ -z "${SC_INDEX_OF[$name]:-}" ] || die "scenario $name listed twice"
        SC_INDEX_OF[$name]=$base
        SCENARIOS+=("$name")
        base=$((base + 1))
    done
}

# Fixed namespace and address plan.
# NS_PREFIX lets two runs (in two checkouts) build captures at the same time.
NS_C=${NS_PREFIX:-tlsdiag}-client
NS_R=${NS_PREFIX:-tlsdiag}-router
NS_S=${NS_PREFIX:-tlsdiag}-server
C4=198.18.0.2  R4C=198.18.0.1  R4S=198.18.1.1  S4=198.18.1.2
C6=2001:db8:0::2  R6C=2001:db8:0::1  R6S=2001:db8:1::1  S6=2001:db8:1::2
SNAP=262144
# One-way latency of the client's link to the router and of the router's to the server
# (milliseconds): a client far away, a server in the data centre.
WAN_MS=15
LAN_MS=2
WIRE_PID=""
# All captures keep TCP only: ARP, neighbour discovery and MLD chatter would make the
# files differ from run to run without adding anything the analyzer needs.
CAP_FILTER="tcp"
# tshark options of the current scenario for rows and check: a decode-as for what tshark
# does not recognise by itself (VXLAN on another port: -d udp.port==4790,vxlan).
TSHARK_OPTS=()

WORK=$(mktemp -d /tmp/tlsdiag-captures.XXXXXX)
BG_PIDS=()          # servers and helpers started by the current scenario
CAP_PIDS=()         # capture processes of the current scenario
EXP=()              # expected rows of the current scenario: "class<TAB>evidence"
EXP_OTHER=()        # the same at the other end, where it differs (else empty)
OTHER_FILE=""       # the capture at the other end, when the scenario has one
NEW_ROWS="$WORK/rows.tsv"
: >"$NEW_ROWS"
BUILT=()
FAILED=()

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------
# Clean-up: whatever happens, no namespace or process of ours is left behind.

kill_bg() {
    local pid
    for pid in "${CAP_PIDS[@]}" "${BG_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${CAP_PIDS[@]}" "${BG_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    CAP_PIDS=()
    BG_PIDS=()
}

net_down() {
    local ns
    kill_bg
    if [ -n "${WIRE_PID:-}" ]; then
        kill "$WIRE_PID" 2>/dev/null || true
        wait "$WIRE_PID" 2>/dev/null || true
        WIRE_PID=""
    fi
    for ns in "$NS_C" "$NS_R" "$NS_S"; do
        ip netns del "$ns" 2>/dev/null || true
    done
}

cleanup() {
    net_down
    if [ -n "${KEEP_WORK:-}" ]; then
        log "work files kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------
# Tools.

need() {
    local missing=() t
    for t in ip iptables ip6tables ethtool tc tcpdump tshark dumpcap capinfos openssl \
        gnutls-serv gnutls-cli nginx curl socat timeout ss editcap mergecap python3; do
        command -v "$t" >/dev/null || missing+=("$t")
    done
    [ -e /usr/lib/nginx/modules/ngx_stream_module.so ] || missing+=("libnginx-mod-stream")
    [ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]} (see the header of $0)"
    [ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces)"
}

in_c() { ip netns exec "$NS_C" "$@"; }
in_r() { ip netns exec "$NS_R" "$@"; }
in_s() { ip netns exec "$NS_S" "$@"; }

# bg NS NAME CMD...: start a server in namespace NS, output to $WORK/NAME.log.
bg() {
    local ns=$1 name=$2
    shift 2
    ip netns exec "$ns" "$@" </dev/null >"$WORK/$name.log" 2>&1 &
    BG_PIDS+=($!)
}

# wait_listen NS PORT: servers take a moment to bind; never start a client before.
wait_listen() {
    local ns=$1 port=$2 i
    for i in $(seq 100); do
        if ip netns exec "$ns" ss -Hltn "sport = :$port" | grep -q .; then
            return 0
        fi
        sleep 0.05
    done
    die "nothing listens on port $port in $ns"
}

# ---------------------------------------------------------------------------------------
# Network.

# mkns NAME: a namespace without IPv6 duplicate address detection (addresses usable at
# once) and without router solicitations.
mkns() {
    ip netns add "$1"
    ip netns exec "$1" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
        net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_ra=0 \
        net.ipv6.conf.default.router_solicitations=0
    ip -n "$1" link set lo up
}

# quiet_offloads NS DEV: no checksum, segmentation or receive offload, so the capture
# holds what a real wire carries: correct checksums and MTU-sized segments (a ClientHello
# bigger than the MTU shows up as several segments, not as one 2 KB packet).
quiet_offloads() {
    ip netns exec "$1" ethtool -K "$2" tx off rx off tso off gso off gro off \
        >/dev/null 2>&1 || true
}

net_up() {
    net_down
    mkns "$NS_C"
    mkns "$NS_R"
    mkns "$NS_S"
    # The links have a real latency (delayline.py): WAN_MS each way between client and
    # router, LAN_MS between router and server.
    python3 "$OUT/delayline.py" "$NS_C:eth0:$NS_R:c0:$WAN_MS" "$NS_R:s0:$NS_S:eth0:$LAN_MS" \
        >"$WORK/delayline.log" 2>&1 &
    WIRE_PID=$!
    local i
    for i in $(seq 100); do
        grep -q ready "$WORK/delayline.log" 2>/dev/null && break
        kill -0 "$WIRE_PID" 2>/dev/null || die "delayline.py: $(cat "$WORK/delayline.log")"
        sleep 0.05
    done
    grep -q ready "$WORK/delayline.log" || die "delayline.py did not start"
    # Fixed MAC addresses: the link-layer headers are the same on every run.
    ip -n "$NS_C" link set eth0 address 02:00:00:00:00:02
    ip -n "$NS_R" link set c0 address 02:00:00:00:00:01
    ip -n "$NS_R" link set s0 address 02:00:00:00:01:01
    ip -n "$NS_S" link set eth0 address 02:00:00:00:01:02
    quiet_offloads "$NS_C" eth0
    quiet_offloads "$NS_R" c0
    quiet_offloads "$NS_R" s0
    quiet_offloads "$NS_S" eth0

    ip -n "$NS_C" addr add "$C4/24" dev eth0
    ip -n "$NS_C" addr add "$C6/64" dev eth0 nodad
    ip -n "$NS_R" addr add "$R4C/24" dev c0
    ip -n "$NS_R" addr add "$R6C/64" dev c0 nodad
    ip -n "$NS_R" addr add "$R4S/24" dev s0
    ip -n "$NS_R" addr add "$R6S/64" dev s0 nodad
    ip -n "$NS_S" addr add "$S4/24" dev eth0
    ip -n "$NS_S" addr add "$S6/64" dev eth0 nodad
    ip -n "$NS_C" link set eth0 up
    ip -n "$NS_R" link set c0 up
    ip -n "$NS_R" link set s0 up
    ip -n "$NS_S" link set eth0 up

    # Routes only for the test ranges: anything else has nowhere to go.
    ip -n "$NS_C" route add 198.18.0.0/15 via "$R4C"
    ip -n "$NS_C" -6 route add 2001:db8::/32 via "$R6C"
    ip -n "$NS_S" route add 198.18.0.0/15 via "$R4S"
    ip -n "$NS_S" -6 route add 2001:db8::/32 via "$R6S"
    in_r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# ---------------------------------------------------------------------------------------
# Certificates, made once per run in $WORK/pki.

PKI=$WORK/pki

# mkca NAME CN
mkca() {
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
        -keyout "$PKI/$1.key" -out "$PKI/$1.pem" -subj "/O=tlsdiag test/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

# mkca_sub NAME CN PARENT SERIAL: an intermediate CA, signed by the CA PARENT.
mkca_sub() {
    openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/$1.key" -out "$PKI/$1.csr" \
        -subj "/O=tlsdiag test/CN=$2" 2>/dev/null
    printf '%s\n' "basicConstraints=critical,CA:TRUE,pathlen:0" \
        "keyUsage=critical,keyCertSign,cRLSign" "subjectKeyIdentifier=hash" \
        "authorityKeyIdentifier=keyid" >"$PKI/$1.ext"
    openssl x509 -req -sha256 -days 3650 -in "$PKI/$1.csr" -CA "$PKI/$3.pem" \
        -CAkey "$PKI/$3.key" -set_serial "$4" -extfile "$PKI/$1.ext" \
        -out "$PKI/$1.pem" 2>/dev/null
}

# mkcert NAME CA CN SAN EKU [KEYALG] [SERIAL] [OPTION...]
# OPTIONs: md=DIGEST signs with DIGEST instead of SHA-256; ou=UNIT puts an
# organizationalUnitName in the subject; valid=START:END (YYYYMMDDHHMMSSZ) replaces
# "825 days from now" (OpenSSL 3.0's `openssl x509` cannot set the dates, so such a
# certificate is signed with `openssl ca` and a throw-away database in $PKI/cadb).
mkcert() {
    local name=$1 ca=$2 cn=$3 san=$4 eku=$5 alg=${6:-rsa:2048} serial=${7:-0x1000}
    local md=sha256 subj="/O=tlsdiag test" valid="" opt
    shift $(($# < 7 ? $# : 7))
    for opt in "$@"; do
        case $opt in
        md=*) md=${opt#md=} ;;
        ou=*) subj+="/OU=${opt#ou=}" ;;
        valid=*) valid=${opt#valid=} ;;
        *) die "mkcert $name: unknown option $opt" ;;
        esac
    done
    subj+="/CN=$cn"
    local newkey=(-newkey "$alg")
    [ "${alg%%:*}" = ec ] && newkey=(-newkey ec -pkeyopt "ec_paramgen_curve:${alg#ec:}")
    openssl req -new "${newkey[@]}" -nodes -keyout "$PKI/$name.key" \
        -out "$PKI/$name.csr" -subj "$subj" 2>/dev/null
    {
        echo "basicConstraints=critical,CA:FALSE"
        echo "keyUsage=critical,digitalSignature,keyEncipherment"
        echo "extendedKeyUsage=$eku"
        [ -n "$san" ] && echo "subjectAltName=$san"
    } >"$PKI/$name.ext"
    if [ -z "$valid" ]; then
        openssl x509 -req "-$md" -days 825 -in "$PKI/$name.csr" -CA "$PKI/$ca.pem" \
            -CAkey "$PKI/$ca.key" -set_serial "$serial" -extfile "$PKI/$name.ext" \
            -out "$PKI/$name.pem" 2>/dev/null
    else
        mkdir -p "$PKI/cadb"
        : >"$PKI/cadb/index.txt"
        printf '%s\n' "${serial#0x}" >"$PKI/cadb/serial"
        printf '%s\n' "[ca]" "default_ca = tlsdiag" "[tlsdiag]" \
            "database = $PKI/cadb/index.txt" "new_certs_dir = $PKI/cadb" \
            "serial = $PKI/cadb/serial" "policy = any" "unique_subject = no" \
            "[any]" "organizationName = optional" "organizationalUnitName = optional" \
            "commonName = supplied" >"$PKI/cadb/ca.cnf"
        openssl ca -batch -notext -preserveDN -config "$PKI/cadb/ca.cnf" \
            -cert "$PKI/$ca.pem" -keyfile "$PKI/$ca.key" -md "$md" \
            -startdate "${valid%%:*}" -enddate "${valid#*:}" -extfile "$PKI/$name.ext" \
            -in "$PKI/$name.csr" -out "$PKI/$name.pem" 2>/dev/null
    fi
}

make_pki() {
    mkdir -p "$PKI"
    mkca caA "tlsdiag Test CA A"
    mkca caB "tlsdiag Test CA B (not trusted by anyone)"
    mkcert server caA www.example.test "DNS:www.example.test" serverAuth rsa:2048 0x1001
    # The second certificate s_server needs for its SNI switch (-cert2).
    mkcert server2 caA www.example.test "DNS:www.example.test" serverAuth rsa:2048 0x1002
    # A small ECDSA certificate: the whole TLS 1.3 server flight fits one TCP segment,
    # which makes the packet count of incomplete-cut predictable.
    mkcert server-ec caA www.example.test "DNS:www.example.test" serverAuth ec:P-256 0x1003
    mkcert client caA "client.example.test" "" clientAuth rsa:2048 0x2001
    mkcert client-b caB "client.example.test" "" clientAuth rsa:2048 0x2002
    # Self-signed server certificate, as a forgotten test server would have.
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 \
        -keyout "$PKI/selfsigned.key" -out "$PKI/selfsigned.pem" \
        -subj "/O=tlsdiag test/CN=www.example.test" \
        -addext "subjectAltName=DNS:www.example.test" 2>/dev/null
    # Certificates with one defect each, for the client-cert-* and server-cert-*
    # scenarios; each has its own serial, by which the checks recognise it in a capture.
    local past=20200101000000Z:20210101000000Z
    mkcert client-expired caA "client.example.test" "" clientAuth rsa:2048 0x2003 valid=$past
    mkcert client-rsa1024 caA "client.example.test" "" clientAuth rsa:1024 0x2004
    mkcert client-sha1 caA "client.example.test" "" clientAuth rsa:2048 0x2005 md=sha1
    mkcert client-serverauth caA "client.example.test" "DNS:client.example.test" \
        serverAuth rsa:2048 0x2006
    mkcert client-payments caA "client.example.test" "" clientAuth rsa:2048 0x2007 ou=Payments
    mkcert server-expired caA www.example.test "DNS:www.example.test" serverAuth \
        rsa:2048 0x1004 valid=$past
    mkcert server-other caA other.example.test "DNS:other.example.test" serverAuth \
        rsa:2048 0x1005
    # An intermediate CA under CA A, and a server certificate it issued.
    mkca_sub inter "tlsdiag Test Intermediate" caA 0x3001
    mkcert server-inter inter www.example.test "DNS:www.example.test" serverAuth \
        rsa:2048 0x1006
    # A small file for the servers to send back: keeps every capture a few KB.
    mkdir -p "$WORK/www"
    printf 'hello from www.example.test\n' >"$WORK/www/hello.txt"
}

# ---------------------------------------------------------------------------------------
# Capture and expectations.

SC=""           # name of the running scenario
SC_INDEX=0      # its position in SCENARIOS
FILE=""         # its main capture file
EXTRA_FILES=()  # other captures of the same connections (another file format)

# client_port K: the K-th connection of a scenario uses source port 40000+10*index+K.
# The client namespace's ephemeral port range is narrowed to that single port, so every
# client program (s_client cannot choose its port) uses it.
client_port() {
    local p=$((40000 + 10 * SC_INDEX + $1))
    in_c sysctl -qw net.ipv4.ip_local_port_range="$p $p"
}

# cap_start FILE [tcpdump options...]: start tcpdump on the client's interface (the
# server's with CAP_NS=$NS_S) and wait until it is really capturing. When FILE is the
# scenario's main capture and no tcpdump options are given, a second tcpdump captures
# the same connections at the other end: NAME.at-server.pcap (NAME.at-client.pcap for
# a server-side scenario), checked against the same expectations unless the scenario
# says otherwise (expect_other). ONE_END=1 leaves the other end out.
cap_start() {
    local file=$1 ns=${CAP_NS:-$NS_C} other_ns
    shift
    rm -f "$file"
    # Started with ip netns exec directly (not through a shell function) so that $! is
    # tcpdump itself and cap_stop can signal it. --immediate-mode: packets still in the
    # kernel's buffer when tcpdump is stopped would be lost. -Z root: the files stay
    # owned by root instead of tcpdump's unprivileged user.
    ip netns exec "$ns" tcpdump -U --immediate-mode -Z root -i eth0 -s "$SNAP" \
        -w "$file" "$@" "$CAP_FILTER" >"$WORK/tcpdump.log" 2>&1 &
    CAP_PIDS+=($!)
    wait_capture "$WORK/tcpdump.log"
    [ "$file" = "$FILE" ] && [ $# -eq 0 ] && [ -z "${ONE_END:-}" ] || return 0
    if [ "$ns" = "$NS_C" ]; then
        other_ns=$NS_S OTHER_FILE=${file%.pcap}.at-server.pcap
    else
        other_ns=$NS_C OTHER_FILE=${file%.pcap}.at-client.pcap
    fi
    rm -f "$OTHER_FILE"
    ip netns exec "$other_ns" tcpdump -U --immediate-mode -Z root -i eth0 -s "$SNAP" \
        -w "$OTHER_FILE" "$CAP_FILTER" >"$WORK/tcpdump-other.log" 2>&1 &
    CAP_PIDS+=($!)
    wait_capture "$WORK/tcpdump-other.log"
}

wait_capture() {
    local i
    for i in $(seq 100); do
        grep -q "listening on\|Capturing on" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    die "capture did not start: $(cat "$1")"
}

# cap_stop: let the last packets arrive, then stop the capture. Always called before the
# servers are stopped, so that their shutdown does not add packets.
cap_stop() {
    local pid
    sleep 0.5
    for pid in "${CAP_PIDS[@]}"; do
        # SIGTERM: background jobs of a script ignore SIGINT.
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${CAP_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    CAP_PIDS=()
}

# expect CLASS WORDS: the next TCP connection of the scenario (in the order of their
# SYNs) must be classified CLASS; WORDS (separated by spaces) must each appear in its
# report: the rule id, the summary, the evidence or the alert names
# (tests/golden/run.sh checks them).
expect() {
    EXP+=("$1"$'\t'"$2")
    EXP_OTHER+=("")
}

# expect_other CLASS WORDS: what the capture at the other end (see cap_start) must give
# the connection of the last expect, when it differs: a capture point sees only what
# passed it (a reset forged between client and server reaches one end only). CLASS "-"
# says the other end never sees the connection.
expect_other() { EXP_OTHER[${#EXP_OTHER[@]} - 1]="$1"$'\t'"${2:-}"; }

# rows FILE [other]: pair the connections found in FILE with the expectations (with
# "other", those for the other end's capture), taking the addresses and ports from the
# capture itself.
# A scenario over UDP sets ROWS_UDP to a display filter matching each attempt's first
# datagram (QUIC: the client's Initial; DTLS: its ClientHello): its attempts are then the
# UDP conversations, in the order of those datagrams.
rows() {
    local file=$1 base n=0 s4 s6 sp d4 d6 dp client server want=() i
    # ROWS_NAME: what the rows call a capture that is no single file (split/NAME, the
    # files pcaps/split/NAME.*.pcap read together with --merge).
    base=${ROWS_NAME:-$(basename "$file")}
    for i in "${!EXP[@]}"; do
        if [ "${2:-}" = other ] && [ -n "${EXP_OTHER[$i]}" ]; then
            [ "${EXP_OTHER[$i]%%$'\t'*}" = "-" ] || want+=("${EXP_OTHER[$i]}")
        else
            want+=("${EXP[$i]}")
        fi
    done
    # Comma-separated: with tabs, read would merge the empty IPv4 (or IPv6) fields.
    # A packet carried in a tunnel (scenarios-tunnels.sh) has two IP headers: the
    # connection is the inner one, the last IP header (occurrence=l), IPv4 or IPv6 as
    # the last of them in frame.protocols says.
    while IFS=, read -r client server; do
        [ "$n" -lt "${#want[@]}" ] || die "$base: more connections than expected"
        printf '%s\t%s\t%s\t%s\n' "$base" "$client" "$server" "${want[$n]}" >>"$WORK/rows-$SC.tsv"
        n=$((n + 1))
    done < <(if [ -n "${ROWS_UDP:-}" ]; then
        # UDP attempts (QUIC, DTLS): the first datagram of each UDP conversation that
        # matches ROWS_UDP (a display filter: the client's first Initial, ClientHello).
        # ROWS_UDP may match TCP SYNs too (a client falling back from QUIC to TCP): a
        # row per UDP conversation and per TCP connection then, in the order of time.
        tshark -r "$file" "${TSHARK_OPTS[@]}" -Y "$ROWS_UDP" -T fields \
            -E separator=, -E occurrence=l -e udp.stream -e tcp.stream -e ip.src -e ipv6.src \
            -e udp.srcport -e tcp.srcport -e ip.dst -e ipv6.dst -e udp.dstport -e tcp.dstport \
            -e frame.protocols 2>/dev/null |
            awk -F, -v OFS=, '{ print ($1 != "" ? "u" $1 : "t" $2), $3, $4, $5 $6, $7, $8, $9 $10, $11 }'
    else
        tshark -r "$file" "${TSHARK_OPTS[@]}" -Y 'tcp.flags.syn==1 && tcp.flags.ack==0' -T fields \
            -E separator=, -E occurrence=l -e tcp.stream -e ip.src -e ipv6.src -e tcp.srcport \
            -e ip.dst -e ipv6.dst -e tcp.dstport -e frame.protocols 2>/dev/null
    fi | awk -F, '
        !seen[$1]++ {
            v6 = 0
            n = split($8, p, ":")
            for (i = 1; i <= n; i++)
                if (p[i] == "ip" || p[i] == "ipv6") v6 = p[i] == "ipv6"
            if (v6) print "[" $3 "]:" $4 ",[" $6 "]:" $7
            else print $2 ":" $4 "," $5 ":" $7
        }')
    [ "$n" -eq "${#want[@]}" ] || die "$base: $n connections, ${#want[@]} expected"
}

# check FILE WHAT FILTER [COUNT] [KEYLOG]: the capture must contain packets matching the
# display filter (exactly COUNT of them when COUNT is given, otherwise at least one);
# with KEYLOG, tshark decrypts first. A capture that does not show what its scenario
# claims is an error, not a silent bad test case.
check() {
    local file=$1 what=$2 filter=$3 count=${4:-} keylog=${5:-} n
    # HTTP/1.0 answers end with the connection: do not wait for a body end that
    # tshark cannot see.
    local opts=(-o http.desegment_body:FALSE "${TSHARK_OPTS[@]}")
    [ -n "$keylog" ] && opts+=(-o "tls.keylog_file:$keylog")
    n=$(tshark -r "$file" "${opts[@]}" -Y "$filter" 2>/dev/null | wc -l)
    if { [ -n "$count" ] && [ "$n" -ne "$count" ]; } || { [ -z "$count" ] && [ "$n" -eq 0 ]; }; then
        die "$(basename "$file"): expected $what ($filter: ${count:-1+} packets, got $n)"
    fi
}

# no_packets FILE WHAT FILTER: nothing may match.
no_packets() { check "$1" "no $2" "$3" 0 "${4:-}"; }

# ---------------------------------------------------------------------------------------
# Client and server helpers.

REQ=$'GET /hello.txt HTTP/1.0\r\nHost: www.example.test\r\n\r\n'
KEYLOG=""

# s_server_at NAME ADDR:PORT ARGS...: openssl s_server in the server namespace. -WWW
# serves the small hello.txt from $WORK/www and closes after the answer.
s_server_at() {
    local name=$1 accept=$2
    shift 2
    bg "$NS_S" "$name" sh -c 'cd "$0" && exec "$@"' "$WORK/www" \
        openssl s_server -accept "$accept" -WWW "$@"
    wait_listen "$NS_S" "${accept##*:}"
}

# s_server_bg NAME ARGS...: the same on port 443, IPv4 and IPv6.
s_server_bg() {
    local name=$1
    shift
    # A bare port makes s_server listen on one dual-stack socket (IPv4 and IPv6).
    s_server_at "$name" 443 "$@"
}

# s_client TARGET ARGS...: openssl s_client sending one HTTP request; it waits for the
# server to close (-ign_eof) and is killed after TIMEOUT seconds at most.
TIMEOUT=10
s_client() {
    local target=$1
    shift
    printf '%s' "$REQ" | in_c timeout "$TIMEOUT" openssl s_client -connect "$target" \
        -ign_eof -keylogfile "$KEYLOG" "$@" >>"$WORK/$SC-client.log" 2>&1 || true
}

# curl_c ARGS...: curl in the client namespace, writing its TLS secrets to the keylog.
curl_c() {
    in_c env SSLKEYLOGFILE="$KEYLOG" timeout "$TIMEOUT" curl -sS -o /dev/null \
        --connect-timeout 5 "$@" >>"$WORK/$SC-client.log" 2>&1 || true
}

# nginx_bg NAME: run nginx with $WORK/NAME.conf in the server namespace, in the
# foreground of its own process (so it can be stopped by its PID).
nginx_bg() {
    mkdir -p "$WORK/nginx-$1"
    bg "$NS_S" "nginx-$1" nginx -p "$WORK/nginx-$1" -c "$WORK/$1.conf" -e stderr
    wait_listen "$NS_S" 443
}

nginx_head() {
    cat <<EOF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
daemon off;
master_process off;
error_log stderr info;
pid $WORK/nginx-$1.pid;
events { worker_connections 64; }
EOF
}

# An SNI router as load balancers do it: nginx reads the ClientHello (ssl_preread),
# looks the server name up in a map and passes the connection on without terminating
# TLS. The map has no default: a hello without SNI, or with a name not listed, gives an
# empty upstream and nginx closes the connection without sending a TLS byte.
nginx_sni_conf() {
    nginx_head "$1"
    cat <<EOF
stream {
    map \$ssl_preread_server_name \$sni_upstream {
        www.example.test 127.0.0.1:8443;
    }
    server {
        listen $S4:443;
        listen [$S6]:443;
        ssl_preread on;
        proxy_pass \$sni_upstream;
    }
}
EOF
}

# ---------------------------------------------------------------------------------------
# Scenarios. Each one sets up the servers, starts the capture, runs the clients, and
# says what the analyzer must find (expect) and what tshark must see (check).

sc_ok_tls13() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    cap_start "$FILE"
    # dumpcap writes pcapng natively: the same packets, in the other file format.
    ip netns exec "$NS_C" dumpcap -q -i eth0 -s "$SNAP" -f "$CAP_FILTER" -w "$OUT/ok-tls13.pcapng" \
        >"$WORK/dumpcap.log" 2>&1 &
    CAP_PIDS+=($!)
    wait_capture "$WORK/dumpcap.log"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    cap_stop
    expect ok "tls13.complete TLS1.3"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    EXTRA_FILES=("$OUT/ok-tls13.pcapng")
}

sc_ok_tls12_ipv6() {
    bg "$NS_S" srv gnutls-serv --http -p 443 --x509certfile "$PKI/server.pem" \
        --x509keyfile "$PKI/server.key"
    wait_listen "$NS_S" 443
    cap_start "$FILE"
    client_port 1
    # gnutls-cli ends the session (close_notify) when its input ends: keep the input
    # open for a second so the answer arrives first.
    { printf '%s' "$REQ"; sleep 1; } | in_c env SSLKEYLOGFILE="$KEYLOG" timeout "$TIMEOUT" \
        gnutls-cli --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2' --x509cafile "$PKI/caA.pem" \
        --sni-hostname www.example.test --verify-hostname www.example.test \
        -p 443 "$S6" >>"$WORK/$SC-client.log" 2>&1 || true
    cap_stop
    expect ok "handshake.complete TLS1.2"
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' 1
    check "$FILE" "Finished both ways (two ChangeCipherSpec)" 'tls.change_cipher_spec' 2
    no_packets "$FILE" "plain alerts" 'tls.alert_message.level==2'
}

sc_ok_tls13_hrr() {
    # The server accepts only P-256 while the client's first key share is X25519: the
    # server answers with a HelloRetryRequest and the client sends a second ClientHello.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -groups P-256 -naccept 1
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -groups X25519:P-256 -servername www.example.test \
        -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect ok "tls13.complete HelloRetryRequest"
    check "$FILE" "two ClientHellos" 'tls.handshake.type==1' 2
    check "$FILE" "a HelloRetryRequest asking for secp256r1" 'tls.handshake.extensions_key_share_selected_group==23' 1
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_ok_tls12_resumed() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 2
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -sess_out "$WORK/session.pem"
    client_port 2
    s_client "$S4:443" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -sess_in "$WORK/session.pem"
    cap_stop
    expect ok "handshake.complete TLS1.2"
    expect ok "handshake.complete resumed"
    check "$FILE" "one full handshake (one Certificate)" 'tls.handshake.type==11' 1
    check "$FILE" "two ServerHellos" 'tls.handshake.type==2' 2
    check "$FILE" "four ChangeCipherSpec" 'tls.change_cipher_spec' 4
}

sc_ok_mtls_tls12() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -naccept 1
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -cert "$PKI/client.pem" -key "$PKI/client.key"
    cap_stop
    expect ok "handshake.complete TLS1.2"
    check "$FILE" "a CertificateRequest" 'tls.handshake.type==13' 1
    check "$FILE" "two Certificate messages" 'tls.handshake.type==11' 2
    check "$FILE" "a CertificateVerify" 'tls.handshake.type==15' 1
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_ok_tls12_psk() {
    # TLS 1.2 with a pre-shared key: a complete handshake without any certificate.
    s_server_bg srv -nocert -psk 0123456789abcdef0123456789abcdef -psk_identity alice \
        -tls1_2 -cipher PSK-AES128-CBC-SHA -naccept 1
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -psk 0123456789abcdef0123456789abcdef -psk_identity alice -tls1_2 \
        -cipher PSK-AES128-CBC-SHA
    cap_stop
    expect ok "handshake.complete TLS_PSK_WITH_AES_128_CBC_SHA"
    no_packets "$FILE" "a Certificate" 'tls.handshake.type==11'
    check "$FILE" "two ChangeCipherSpec" 'tls.change_cipher_spec' 2
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_ok_sni_proxy() {
    s_server_at upstream 127.0.0.1:8443 -cert "$PKI/server.pem" -key "$PKI/server.key"
    nginx_sni_conf sni >"$WORK/sni.conf"
    nginx_bg sni
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect ok "tls13.complete TLS1.3"
    check "$FILE" "the HTTP answer through the proxy" 'http.response.code==200' 1 "$KEYLOG"
}

sc_ok_any_sll2() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    # -i any gives Linux "cooked" headers; -y picks version 2 (SLL2), which also records
    # the interface index.
    rm -f "$FILE"
    ip netns exec "$NS_C" tcpdump -U --immediate-mode -Z root -i any -y LINUX_SLL2 \
        -s "$SNAP" -w "$FILE" "$CAP_FILTER" >"$WORK/tcpdump.log" 2>&1 &
    CAP_PIDS+=($!)
    wait_capture "$WORK/tcpdump.log"
    client_port 1
    s_client "$S4:443" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    cap_stop
    expect ok "handshake.complete TLS1.2"
    [ "$(capinfos -T -E "$FILE" | tail -n1 | cut -f2)" = "linux-sll2" ] ||
        die "$SC: not an SLL2 capture"
    check "$FILE" "two ChangeCipherSpec" 'tls.change_cipher_spec' 2
}

# The kernel of the machine these captures were made on has no 802.1Q driver (no
# CONFIG_VLAN_8021Q), so there is no VLAN subinterface to create. The tags are put on
# and taken off by the kernel's own VLAN helpers from a tc eBPF program instead, on
# both ends of the client<->router link; on the wire (and in the capture) the frames
# are the same as with eth0.10 interfaces.
VLAN_ID=10
vlan_bpf() {
    cat >"$WORK/vlan.c" <<EOF
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
static long (*skb_vlan_push)(struct __sk_buff *, __be16, __u16) = (void *)BPF_FUNC_skb_vlan_push;
static long (*skb_vlan_pop)(struct __sk_buff *) = (void *)BPF_FUNC_skb_vlan_pop;
/* egress: tag every frame with VLAN $VLAN_ID */
__attribute__((section("tc_push"), used)) int push(struct __sk_buff *skb)
{
    return skb_vlan_push(skb, __builtin_bswap16(ETH_P_8021Q), $VLAN_ID) < 0 ? TC_ACT_SHOT : TC_ACT_OK;
}
/* ingress: accept only frames of VLAN $VLAN_ID, untagged from here on */
__attribute__((section("tc_pop"), used)) int pop(struct __sk_buff *skb)
{
    if (!skb->vlan_present || (skb->vlan_tci & 0x0fff) != $VLAN_ID)
        return TC_ACT_SHOT;
    return skb_vlan_pop(skb) < 0 ? TC_ACT_SHOT : TC_ACT_OK;
}
char _license[] __attribute__((section("license"), used)) = "GPL";
EOF
    clang -O2 -target bpf -I"/usr/include/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)" \
        -c "$WORK/vlan.c" -o "$WORK/vlan.o"
}

vlan_link() {
    local ns=$1 dev=$2
    ip netns exec "$ns" tc qdisc add dev "$dev" clsact
    ip netns exec "$ns" tc filter add dev "$dev" egress bpf da obj "$WORK/vlan.o" sec tc_push
    ip netns exec "$ns" tc filter add dev "$dev" ingress bpf da obj "$WORK/vlan.o" sec tc_pop
}

sc_ok_vlan() {
    command -v clang >/dev/null || die "$SC needs clang"
    vlan_bpf
    vlan_link "$NS_C" eth0
    vlan_link "$NS_R" c0
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    ONE_END=1 CAP_FILTER="vlan and tcp" cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect ok "tls13.complete TLS1.3"
    check "$FILE" "every packet tagged" "vlan.id==$VLAN_ID" "$(tshark -r "$FILE" 2>/dev/null | wc -l)"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_ok_ipv4_options() {
    # Linux lets a program put IP options on a TCP socket (IP_OPTIONS); socat exposes
    # it. A socat relay in the client namespace carries s_client's bytes to the server
    # with a 4-byte option block (NOP NOP NOP EOL), so the client's packets have a
    # 24-byte IPv4 header.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    bg "$NS_C" relay socat TCP-LISTEN:8443,bind=127.0.0.1,reuseaddr \
        "TCP:$S4:443,ip-options=x01010100"
    wait_listen "$NS_C" 8443
    cap_start "$FILE"
    client_port 1
    s_client 127.0.0.1:8443 -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    cap_stop
    expect ok "tls13.complete TLS1.3"
    check "$FILE" "client packets with IP options" "ip.src==$C4 && ip.hdr_len==24"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_version_mismatch_tls12_client() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_3
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -servername www.example.test
    cap_stop
    expect version_mismatch "alert.protocol_version protocol_version(70) TLS1.2"
    check "$FILE" "alert protocol_version from the server" "tls.alert_message.desc==70 && ip.src==$S4" 1
}

sc_version_mismatch_tls13_client() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_2
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test
    cap_stop
    expect version_mismatch "alert.protocol_version protocol_version(70) only TLS1.3"
    check "$FILE" "alert protocol_version from the server" "tls.alert_message.desc==70 && ip.src==$S4" 1
}

sc_no_shared_cipher() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_2 \
        -cipher ECDHE-RSA-AES256-GCM-SHA384
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -cipher AES128-SHA -servername www.example.test
    cap_stop
    expect no_shared_cipher "alert.handshake_failure handshake_failure(40) legacy"
    check "$FILE" "alert handshake_failure from the server" "tls.alert_message.desc==40 && ip.src==$S4" 1
    no_packets "$FILE" "ServerHello" 'tls.handshake.type==2'
}

sc_missing_sni() {
    s_server_at upstream 127.0.0.1:8443 -cert "$PKI/server.pem" -key "$PKI/server.key"
    nginx_sni_conf sni >"$WORK/sni.conf"
    nginx_bg sni
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -noservername
    cap_stop
    expect missing_sni "close.missing_sni server_name closed"
    no_packets "$FILE" "server_name" 'tls.handshake.extensions_server_name'
    no_packets "$FILE" "TLS from the server" "tls && ip.src==$S4"
    check "$FILE" "FIN from the server" "tcp.flags.fin==1 && ip.src==$S4" 1
}

sc_unknown_sni() {
    # s_server switches to the -cert2 context for the -servername name; any other name
    # gets the fatal unrecognized_name alert (-servername_fatal).
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" \
        -cert2 "$PKI/server2.pem" -key2 "$PKI/server2.key" \
        -servername www.example.test -servername_fatal
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername other.example.test
    cap_stop
    expect unknown_sni "alert.unrecognized_name unrecognized_name(112) other.example.test"
    check "$FILE" "alert unrecognized_name from the server" "tls.alert_message.desc==112 && ip.src==$S4" 1
}

sc_unknown_sni_close() {
    s_server_at upstream 127.0.0.1:8443 -cert "$PKI/server.pem" -key "$PKI/server.key"
    nginx_sni_conf sni >"$WORK/sni.conf"
    nginx_bg sni
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error
    client_port 2
    s_client "$S4:443" -servername nope.example.test
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect unknown_sni "close.unknown_sni nope.example.test other names"
    check "$FILE" "the first connection's HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$FILE" "one ServerHello" 'tls.handshake.type==2' 1
    check "$FILE" "FIN from the server on the second connection" "tcp.flags.fin==1 && ip.src==$S4 && tcp.dstport==$((40000 + 10 * SC_INDEX + 2))" 1
}

sc_client_cert_missing_tls12() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -tls1_2
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test
    cap_stop
    expect client_cert_missing "alert.client_cert_missing handshake_failure(40) CertificateRequest empty"
    check "$FILE" "a CertificateRequest" 'tls.handshake.type==13' 1
    check "$FILE" "an empty client Certificate" "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    check "$FILE" "alert handshake_failure from the server" "tls.alert_message.desc==40 && ip.src==$S4" 1
}

sc_client_cert_missing_tls13() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -tls1_3
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test
    cap_stop
    expect client_cert_missing "tls13.server_abort_empty_cert inference 25-byte"
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    check "$FILE" "the CertificateRequest (decrypted)" 'tls.handshake.type==13' 1 "$KEYLOG"
    check "$FILE" "alert certificate_required (decrypted)" "tls.alert_message.desc==116 && ip.src==$S4" 1 "$KEYLOG"
}

sc_client_cert_missing_tls13_dsb() {
    # The same failure, its key log carried inside the capture: editcap (Wireshark)
    # --inject-secrets writes it into a pcapng Decryption Secrets Block, which a customer
    # can send as one file.
    local raw="$WORK/$SC.pcap"
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -tls1_3
    cap_start "$raw"
    client_port 1
    s_client "$S4:443" -servername www.example.test
    cap_stop
    FILE="$OUT/$SC.pcapng"
    editcap --inject-secrets tls,"$KEYLOG" "$raw" "$FILE"
    expect client_cert_missing "alert.client_cert_missing certificate_required(116) decrypted"
    check "$FILE" "alert certificate_required (decrypted by tshark with the embedded secrets)" \
        "tls.alert_message.desc==116 && ip.src==$S4" 1
}

sc_client_cert_missing_tls13_curl() {
    # curl (OpenSSL) without a client certificate against a TLS 1.3 server that requires
    # one: the server's certificate_required alert is encrypted; curl writes its key log.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -tls1_3
    cap_start "$FILE"
    client_port 1
    curl_c --tlsv1.3 --cacert "$PKI/caA.pem" --resolve "www.example.test:443:$S4" https://www.example.test/hello.txt
    cap_stop
    expect client_cert_missing "tls13.server_abort_empty_cert inference"
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    check "$FILE" "alert certificate_required (decrypted)" "tls.alert_message.desc==116 && ip.src==$S4" 1 "$KEYLOG"
}

sc_ok_tls13_chacha() {
    # TLS 1.3 with ChaCha20-Poly1305 (what clients without AES hardware prefer).
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_3
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256 -servername www.example.test \
        -CAfile "$PKI/caA.pem"
    cap_stop
    expect ok "tls13.complete TLS_CHACHA20_POLY1305_SHA256"
    check "$FILE" "the ServerHello choosing ChaCha20-Poly1305" 'tls.handshake.type==2 && tls.handshake.ciphersuite==0x1303' 1
    check "$FILE" "the client's Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" 1 "$KEYLOG"
}

sc_client_cert_rejected() {
    # s_server only reports verification errors unless -verify_return_error is given.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -verify_return_error -tls1_2
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    cap_stop
    expect client_cert_rejected "alert.client_cert_rejected unknown_ca(48) CA B"
    check "$FILE" "a CertificateRequest" 'tls.handshake.type==13' 1
    check "$FILE" "alert unknown_ca from the server" "tls.alert_message.desc==48 && ip.src==$S4" 1
}

sc_client_cert_rejected_tls13() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -verify_return_error -tls1_3
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    cap_stop
    expect client_cert_rejected "tls13.server_abort_client_cert inference certificate"
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    check "$FILE" "the client's Certificate (decrypted)" "tls.handshake.type==11 && ip.src==$C4" 1 "$KEYLOG"
    check "$FILE" "alert unknown_ca (decrypted)" "tls.alert_message.desc==48 && ip.src==$S4" 1 "$KEYLOG"
}

sc_client_cert_rejected_tls13_server_side() {
    # The refused client certificate of client-cert-rejected-tls13, captured on the
    # server's interface, where the client's Finished and what follows it arrive before
    # the server's encrypted alert: curl sends its request behind its Finished and closes
    # after the alert, before the server's FIN; openssl s_client without -ign_eof sends
    # its request, its close_notify and its FIN before the alert reaches it.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -verify_return_error -tls1_3 -www
    CAP_NS=$NS_S cap_start "$FILE"
    client_port 1
    curl_c --tlsv1.3 --cacert "$PKI/caA.pem" --cert "$PKI/client-b.pem" --key "$PKI/client-b.key" \
        --resolve "www.example.test:443:$S4" https://www.example.test/
    client_port 2
    printf '%s' "$REQ" | in_c timeout "$TIMEOUT" openssl s_client -connect "$S4:443" -servername www.example.test \
        -CAfile "$PKI/caA.pem" -cert "$PKI/client-b.pem" -key "$PKI/client-b.key" -keylogfile "$KEYLOG" \
        >>"$WORK/$SC-client.log" 2>&1 || true
    cap_stop
    expect client_cert_rejected "tls13.server_abort_client_cert inference certificate"
    expect client_cert_rejected "tls13.server_abort_client_cert inference certificate"
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    check "$FILE" "alert unknown_ca (decrypted)" "tls.alert_message.desc==48 && ip.src==$S4" 2 "$KEYLOG"
}

sc_server_cert_rejected() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_2
    cap_start "$FILE"
    client_port 1
    # The client trusts only CA B; the server's certificate comes from CA A.
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caB.pem" \
        -verify 5 -verify_return_error
    cap_stop
    expect server_cert_rejected "alert.server_cert_rejected unknown_ca(48)"
    check "$FILE" "alert unknown_ca from the client" "tls.alert_message.desc==48 && ip.src==$C4" 1
    no_packets "$FILE" "a client key exchange" 'tls.handshake.type==16'
}

sc_server_cert_rejected_curl() {
    s_server_bg srv -cert "$PKI/selfsigned.pem" -key "$PKI/selfsigned.key"
    cap_start "$FILE"
    client_port 1
    curl_c --tls-max 1.2 --resolve "www.example.test:443:$S4" https://www.example.test/hello.txt
    cap_stop
    expect server_cert_rejected "alert.server_cert_rejected self-signed"
    check "$FILE" "a fatal alert from the client" "tls.alert_message.level==2 && ip.src==$C4" 1
}

sc_server_cert_rejected_tls13() {
    # GnuTLS installs its handshake keys before it checks the server's certificate, so
    # its alert is encrypted (only a keylog shows bad_certificate); it follows the alert
    # with a reset.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_3
    cap_start "$FILE"
    client_port 1
    { printf '%s' "$REQ"; sleep 1; } | in_c env SSLKEYLOGFILE="$KEYLOG" timeout "$TIMEOUT" \
        gnutls-cli --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.3' --x509cafile "$PKI/caB.pem" \
        --sni-hostname www.example.test --verify-hostname www.example.test \
        -p 443 "$S4" >>"$WORK/$SC-client.log" 2>&1 || true
    cap_stop
    expect server_cert_rejected "tls13.client_abort inference 19-byte"
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    no_packets "$FILE" "a client Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" "$KEYLOG"
    check "$FILE" "alert bad_certificate from the client (decrypted)" "tls.alert_message.desc==42 && ip.src==$C4" 1 "$KEYLOG"
}

sc_server_cert_rejected_tls13_openssl() {
    # OpenSSL 3.0 as a TLS 1.3 client checks the server's certificate before it switches
    # its own sending side to the handshake keys: its unknown_ca alert goes out in
    # plaintext even though the server's flight was encrypted.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_3
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caB.pem" \
        -verify 5 -verify_return_error
    cap_stop
    expect server_cert_rejected "alert.server_cert_rejected unknown_ca(48)"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    check "$FILE" "plain alert unknown_ca from the client" "tls.alert_message.desc==48 && ip.src==$C4" 1
}

# middlebox_reset FAMILY: a filtering router. iptables in the router namespace resets
# connections whose ClientHello names blocked.example.test; the reset is forged by the
# router, so its TTL / hop limit is one more than that of the server's packets.
middlebox_reset() {
    local fam=$1 ipt=iptables url_host=$S4
    [ "$fam" = 6 ] && ipt=ip6tables url_host="[$S6]"
    in_r "$ipt" -A FORWARD -p tcp --dport 443 -m string --string blocked.example.test \
        --algo bm -j REJECT --reject-with tcp-reset
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    curl_c --cacert "$PKI/caA.pem" --resolve "www.example.test:443:$url_host" \
        https://www.example.test/hello.txt
    client_port 2
    curl_c --cacert "$PKI/caA.pem" --resolve "blocked.example.test:443:$url_host" \
        https://blocked.example.test/hello.txt
    cap_stop
    local ttl=ttl
    [ "$fam" = 6 ] && ttl="hop limit"
    expect ok "tls13.complete TLS1.3"
    expect middlebox_reset "rst.middlebox 64 63 blocked.example.test"
    # The router drops the hello and resets only the client: the server sees a client
    # that connected and said nothing.
    expect_other incomplete "tcp.no_client_hello dropped"
}

sc_middlebox_reset() {
    middlebox_reset 4
    check "$FILE" "the server's SYN-ACKs at TTL 63" "tcp.flags.syn==1 && tcp.flags.ack==1 && ip.ttl==63" 2
    check "$FILE" "a RST at TTL 64" "tcp.flags.reset==1 && ip.src==$S4 && ip.ttl==64" 1
}

sc_middlebox_reset_ipv6() {
    middlebox_reset 6
    check "$FILE" "the server's SYN-ACKs at hop limit 63" "tcp.flags.syn==1 && tcp.flags.ack==1 && ipv6.hlim==63" 2
    check "$FILE" "a RST at hop limit 64" "tcp.flags.reset==1 && ipv6.src==$S6 && ipv6.hlim==64" 1
}

sc_server_reset() {
    # A host firewall on the server itself: the reset comes from the server's own stack
    # and crosses the router like any server packet (same TTL as its SYN-ACK).
    in_s iptables -A INPUT -p tcp --dport 443 -m string --string www.example.test \
        --algo bm -j REJECT --reject-with tcp-reset
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test
    cap_stop
    expect server_reset "close.server reset 63"
    expect_other server_reset "close.server reset 64"
    check "$FILE" "a RST from the server at TTL 63" "tcp.flags.reset==1 && ip.src==$S4 && ip.ttl==63" 1
    no_packets "$FILE" "TLS from the server" "tls && ip.src==$S4"
}

sc_server_close_upstream_down() {
    # The SNI router knows the name, but its upstream is not running (connection
    # refused): nginx closes the client's connection after reading the ClientHello.
    nginx_sni_conf sni >"$WORK/sni.conf"
    nginx_bg sni
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test
    cap_stop
    expect server_reset "close.server closed www.example.test"
    check "$FILE" "a ClientHello with SNI" 'tls.handshake.extensions_server_name=="www.example.test"' 1
    no_packets "$FILE" "TLS from the server" "tls && ip.src==$S4"
    check "$FILE" "FIN from the server" "tcp.flags.fin==1 && ip.src==$S4" 1
}

sc_no_server_response() {
    # A server that accepts connections and then never writes (hung application):
    # the kernel acknowledges the ClientHello, nothing else comes back.
    bg "$NS_S" srv socat TCP-LISTEN:443,reuseaddr,fork EXEC:"sleep 60"
    wait_listen "$NS_S" 443
    cap_start "$FILE"
    client_port 1
    TIMEOUT=5 s_client "$S4:443" -servername www.example.test
    cap_stop
    expect no_server_response "silence.no_server_response acknowledged"
    no_packets "$FILE" "TLS from the server" "tls && ip.src==$S4"
    check "$FILE" "the ClientHello" 'tls.handshake.type==1' 1
}

sc_no_server_response_bighello() {
    # A path that silently drops big packets (broken PMTU discovery, a bad firewall
    # rule) against a ClientHello bigger than the MTU: ten ~200-byte ALPN names make
    # it about 2.3 KB, so the first segment is full-sized and never arrives.
    in_r iptables -A FORWARD -p tcp --dport 443 -m length --length 1000:65535 -j DROP
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    local alpn="" i
    for i in 0 1 2 3 4 5 6 7 8 9; do
        alpn+="${alpn:+,}x-long-protocol-name-$i-$(printf 'a%.0s' $(seq 175))"
    done
    cap_start "$FILE"
    client_port 1
    TIMEOUT=5 s_client "$S4:443" -servername www.example.test -alpn "$alpn"
    cap_stop
    # The client is killed after 5 s, but its FIN waits behind the unacknowledged data:
    # the capture ends with retransmissions and no close.
    expect no_server_response "silence.no_server_response spanned segments"
    # The server gets only the hello's second segment, and never acknowledges the hole.
    expect_other no_server_response "tcp.hello_lost_on_path lost"
    no_packets "$FILE" "TLS from the server" "tcp.len>0 && ip.src==$S4"
    check "$FILE" "a ClientHello over two segments" 'tls.handshake.type==1 && tcp.reassembled.length>1500' 1
    check "$FILE" "retransmissions of the first hello segment" 'tcp.analysis.retransmission'
}

sc_alpn_mismatch() {
    bg "$NS_S" srv gnutls-serv --http -p 443 --x509certfile "$PKI/server.pem" \
        --x509keyfile "$PKI/server.key" --alpn=h2 --alpn-fatal
    wait_listen "$NS_S" 443
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -alpn http/1.1
    cap_stop
    expect alpn_mismatch "alert.no_application_protocol no_application_protocol(120) http/1.1"
    check "$FILE" "alert no_application_protocol from the server" "tls.alert_message.desc==120 && ip.src==$S4" 1
}

sc_not_tls_http() {
    nginx_head http >"$WORK/http.conf"
    cat >>"$WORK/http.conf" <<EOF
http {
    access_log off;
    client_body_temp_path $WORK/nginx-http/body;
    proxy_temp_path $WORK/nginx-http/proxy;
    fastcgi_temp_path $WORK/nginx-http/fastcgi;
    uwsgi_temp_path $WORK/nginx-http/uwsgi;
    scgi_temp_path $WORK/nginx-http/scgi;
    server {
        # plain HTTP on the HTTPS port: a misconfigured listener
        listen $S4:443;
        location / { return 200 "hello\n"; }
    }
}
EOF
    nginx_bg http
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test
    cap_stop
    expect not_tls "server.plaintext_answer HTTP/1.1 400"
    check "$FILE" "an HTTP 400 from the server" 'http.response.code==400' 1
}

sc_not_tls_plaintext_to_tls() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    curl_c "http://$S4:443/hello.txt"
    cap_stop
    expect not_tls "plaintext.to_tls_port GET"
    check "$FILE" "the plaintext request" "http.request.method==\"GET\" && ip.src==$C4" 1
}

sc_protocol_error() {
    # Both sides use PSK with the same identity but different keys: the server cannot
    # decrypt (or verify) the client's Finished.
    s_server_bg srv -nocert -psk 0123456789abcdef0123456789abcdef -tls1_2 \
        -cipher PSK-AES128-CBC-SHA
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -psk fedcba9876543210fedcba9876543210 -tls1_2 \
        -cipher PSK-AES128-CBC-SHA
    cap_stop
    expect protocol_error "alert.protocol bad_record_mac(20) keys"
    check "$FILE" "alert bad_record_mac from the server" "tls.alert_message.desc==20 && ip.src==$S4" 1
}

sc_unknown_failure() {
    # OCSP stapling configured with a corrupt response file: when a client asks for
    # the certificate status, s_server's status callback fails and OpenSSL aborts the
    # handshake with internal_error(80), an alert that names no cause.
    printf 'not a DER OCSP response\n' >"$WORK/ocsp-corrupt.der"
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_2 \
        -status_file "$WORK/ocsp-corrupt.der"
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -servername www.example.test -status
    cap_stop
    expect unknown_failure "alert.other internal_error(80)"
    check "$FILE" "a ClientHello asking for OCSP status" 'tls.handshake.extension.type==5' 1
    check "$FILE" "alert internal_error from the server" "tls.alert_message.desc==80 && ip.src==$S4" 1
}

sc_incomplete_cut() {
    # tcpdump stops by itself after 6 packets: SYN, SYN-ACK, ACK, ClientHello, the
    # server's ACK of it, and the server's whole TLS 1.3 flight (one segment thanks to
    # the small ECDSA certificate). The client's Finished is not in the file.
    s_server_bg srv -cert "$PKI/server-ec.pem" -key "$PKI/server-ec.key" -naccept 1
    cap_start "$FILE" -c 6
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem"
    cap_stop
    expect incomplete "capture.ended ServerHello"
    check "$FILE" "6 packets" 'frame' 6
    check "$FILE" "the server flight as the last packet" "frame.number==6 && ip.src==$S4 && tls.handshake.type==2" 1
}

sc_tcp_refused() {
    # Nothing listens on port 443: the server's kernel answers the SYN with a reset.
    cap_start "$FILE"
    client_port 1
    curl_c --resolve www.example.test:443:"$S4" https://www.example.test/hello.txt
    cap_stop
    expect server_reset "tcp.refused nothing listens"
    check "$FILE" "a RST from the server" "tcp.flags.reset==1 && ip.src==$S4" 1
    no_packets "$FILE" "a SYN-ACK" "tcp.flags.syn==1 && tcp.flags.ack==1"
}

sc_tcp_no_synack() {
    # A firewall on the path drops the SYNs silently: curl retries, then gives up.
    in_r iptables -A FORWARD -p tcp --dport 443 --syn -j DROP
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    TIMEOUT=6 curl_c --connect-timeout 3 --resolve www.example.test:443:"$S4" https://www.example.test/hello.txt
    cap_stop
    expect no_server_response "tcp.no_synack SYN-ACK"
    expect_other -
    check "$FILE" "SYNs from the client" "tcp.flags.syn==1 && tcp.flags.ack==0 && ip.src==$C4"
    no_packets "$FILE" "packets from the server" "ip.src==$S4"
}

sc_tcp_syn_unwatched() {
    # The capture stops right after the first SYN (tcpdump -c 1), as when a capture is
    # cut short or the analyzer stops following a connection: unanswered so far, but not
    # watched long enough to call the server silent.
    in_r iptables -A FORWARD -p tcp --dport 443 --syn -j DROP
    cap_start "$FILE" -c 1
    client_port 1
    TIMEOUT=4 curl_c --connect-timeout 2 --resolve www.example.test:443:"$S4" https://www.example.test/hello.txt
    cap_stop
    expect incomplete "tcp.syn_unwatched SYN"
    check "$FILE" "one packet" 'frame' 1
    check "$FILE" "the client's SYN" "tcp.flags.syn==1 && tcp.flags.ack==0 && ip.src==$C4" 1
}

sc_tcp_no_hello() {
    # A TCP-level health check (or port scan): connect to the TLS port, send nothing,
    # close. Not a TLS failure, and no verdict about TLS can be drawn from it.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    in_c timeout 5 socat -u /dev/null TCP:"$S4":443 >>"$WORK/$SC-client.log" 2>&1 || true
    cap_stop
    expect incomplete "tcp.no_client_hello"
    check "$FILE" "a SYN-ACK" "tcp.flags.syn==1 && tcp.flags.ack==1 && ip.src==$S4" 1
    # s_server answers the early end of the stream with an alert of its own.
    no_packets "$FILE" "a ClientHello" "tls.handshake.type==1"
}

sc_client_cert_rejected_reset() {
    # Some servers (Windows SChannel/IIS among them) drop the connection instead of
    # sending an alert when they refuse a client certificate. OpenSSL always alerts, so
    # that behaviour is reproduced with the server host's own firewall: it resets the
    # connection when the client's Certificate (issued by CA B) arrives. The reset comes
    # from the server host, with the server's TTL.
    in_s iptables -A INPUT -p tcp --dport 443 -m string --string "not trusted by anyone" \
        --algo bm -j REJECT --reject-with tcp-reset
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -tls1_2
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    cap_stop
    expect client_cert_rejected "tls12.encrypted_abort_client_cert reset certificate(s)"
    check "$FILE" "a CertificateRequest" 'tls.handshake.type==13' 1
    check "$FILE" "the client's Certificate" "tls.handshake.type==11 && ip.src==$C4" 1
    check "$FILE" "a RST from the server at TTL 63" "tcp.flags.reset==1 && ip.src==$S4 && ip.ttl==63"
    no_packets "$FILE" "an alert" "tls.record.content_type==21"
}

sc_ok_lost_serverhello() {
    # A capture that lost one packet: a successful TLS 1.3 handshake, then the packet
    # carrying the ServerHello and the server's encrypted flight is deleted from the file
    # with editcap, as a busy capture point drops packets. The client acknowledged the
    # lost bytes, so the analysis knows they existed.
    local full="$WORK/full.pcap" n
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    cap_start "$full"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem"
    cap_stop
    n=$(tshark -r "$full" -Y 'tls.handshake.type==2' -T fields -e frame.number 2>/dev/null | head -1)
    [ -n "$n" ] || die "no ServerHello in the full capture"
    editcap "$full" "$FILE" "$n"
    expect ok "inferred.complete ServerHello missing"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    check "$FILE" "a ClientHello" 'tls.handshake.type==1' 1
}

sc_version_mismatch_old_server() {
    # An old server that speaks at most TLS 1.1 (OpenSSL needs security level 0 for it)
    # and a client that requires TLS 1.2: the server picks TLS 1.1, the client refuses.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -servername www.example.test
    cap_stop
    expect version_mismatch "alert.protocol_version protocol_version(70) TLS1.1 client"
    check "$FILE" "a TLS 1.1 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0302' 1
    check "$FILE" "protocol_version from the client" "tls.alert_message.desc==70 && ip.src==$C4" 1
}

# Certificate checks. The mutual-TLS server of the client-cert-* scenarios requires a
# client certificate that chains to CA A and aborts on any verification error
# (-verify_return_error); each client presents one flawed certificate (see make_pki),
# recognised in the capture by its serial number.

# mtls_server VERSION: s_server asking for a client certificate, TLS 1.2 or 1.3 only.
mtls_server() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -verify_return_error "-$1"
}

# mtls_client CERT [ARGS...]: s_client presenting the client certificate CERT.
mtls_client() {
    local cert=$1
    shift
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" \
        -cert "$PKI/$cert.pem" -key "$PKI/$cert.key" "$@"
}

# verify_error LOG NUM: OpenSSL's log LOG (srv.log, or the scenario's client log) must
# report the X.509 verification error NUM ("verify error:num=NUM:..."). An alert such
# as bad_certificate covers several causes; the log says which one it was.
verify_error() {
    grep -q "verify error:num=$2:" "$WORK/$1" ||
        die "$SC: $1 does not report verify error $2 ($(grep -m1 'verify error' "$WORK/$1" || echo none))"
}

# check_client_cert_alert SERIAL CODE NAME: TLS 1.2 - the client sent the certificate
# with SERIAL (aa:bb) after a CertificateRequest, the server answered with the fatal
# alert CODE instead of its ChangeCipherSpec, and the client sent no alert.
check_client_cert_alert() {
    local serial=$1 code=$2 name=$3
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' 1
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "the client's certificate $serial" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==$serial" 1
    check "$FILE" "alert $name from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==$code && ip.src==$S4" 1
    no_packets "$FILE" "other alerts" "tls.alert_message && !(tls.alert_message.desc==$code && ip.src==$S4)"
    no_packets "$FILE" "a ChangeCipherSpec from the server" "tls.change_cipher_spec && ip.src==$S4"
}

# check_client_cert_alert13 SERIAL CODE NAME: the same in TLS 1.3, where the client's
# certificate and the server's alert are only visible with the keylog.
check_client_cert_alert13() {
    local serial=$1 code=$2 name=$3
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    no_packets "$FILE" "a certificate in the clear" 'tls.handshake.type==11'
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    check "$FILE" "the client's certificate $serial (decrypted)" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==$serial" 1 "$KEYLOG"
    check "$FILE" "alert $name from the server (decrypted)" \
        "tls.alert_message.level==2 && tls.alert_message.desc==$code && ip.src==$S4" 1 "$KEYLOG"
    no_packets "$FILE" "an HTTP answer (decrypted)" 'http.response' "$KEYLOG"
}

sc_client_cert_untrusted_ca() {
    # The client's certificate comes from CA B, which the server does not trust (the
    # case of client-cert-rejected, with the mutual-TLS server used by the scenarios
    # below).
    mtls_server tls1_2
    cap_start "$FILE"
    client_port 1
    mtls_client client-b
    cap_stop
    expect client_cert_rejected "client_cert_rejected unknown_ca(48) cert.issuer_not_accepted issuer"
    check_client_cert_alert 20:02 48 unknown_ca
    verify_error srv.log 20
}

sc_client_cert_expired() {
    # A client certificate from CA A whose validity ended on 2021-01-01.
    mtls_server tls1_2
    cap_start "$FILE"
    client_port 1
    mtls_client client-expired
    cap_stop
    expect client_cert_rejected "certificate_expired(45) cert.expired"
    check_client_cert_alert 20:03 45 certificate_expired
    verify_error srv.log 10
}

sc_client_cert_rsa1024() {
    # An RSA-1024 client certificate from CA A. Debian's OpenSSL runs at security level 2
    # (keys of 112 bits of strength at least): the server's chain check fails with "EE
    # certificate key too weak". The client must lower its own level to 1 to agree to
    # use such a key at all.
    mtls_server tls1_2
    cap_start "$FILE"
    client_port 1
    mtls_client client-rsa1024 -cipher 'DEFAULT:@SECLEVEL=1'
    cap_stop
    expect client_cert_rejected "bad_certificate(42) cert.weak_key 1024"
    check_client_cert_alert 20:04 42 bad_certificate
    verify_error srv.log 66
}

sc_client_cert_sha1() {
    # A client certificate signed by CA A with SHA-1: the server's chain check fails
    # with "CA signature digest algorithm too weak". OpenSSL 3.0 refuses SHA-1
    # signatures from security level 1 on, so the client runs at level 0.
    mtls_server tls1_2
    cap_start "$FILE"
    client_port 1
    mtls_client client-sha1 -cipher 'DEFAULT:@SECLEVEL=0'
    cap_stop
    expect client_cert_rejected "bad_certificate(42) cert.weak_signature sha1"
    check_client_cert_alert 20:05 42 bad_certificate
    verify_error srv.log 68
}

sc_client_cert_serverauth_only() {
    # A certificate from CA A whose extendedKeyUsage allows serverAuth only (a server
    # certificate reused as a client certificate): wrong purpose for a TLS client.
    mtls_server tls1_2
    cap_start "$FILE"
    client_port 1
    mtls_client client-serverauth
    cap_stop
    expect client_cert_rejected "unsupported_certificate(43) cert.no_client_auth clientAuth"
    check_client_cert_alert 20:06 43 unsupported_certificate
    verify_error srv.log 26
}

sc_client_cert_mixed() {
    # Two clients of the same server: the first presents a good certificate (CA A,
    # OU=Payments), the second one issued by CA B (and without the OU).
    mtls_server tls1_2
    cap_start "$FILE"
    client_port 1
    mtls_client client-payments
    client_port 2
    mtls_client client-b
    cap_stop
    expect ok "handshake.complete TLS1.2"
    expect client_cert_rejected "client_cert_rejected unknown_ca(48) cert.issuer_not_accepted issuer cert.differs_from_accepted OU=Payments"
    local p1=$((40000 + 10 * SC_INDEX + 1)) p2=$((40000 + 10 * SC_INDEX + 2))
    check "$FILE" "two CertificateRequests" "tls.handshake.type==13 && ip.src==$S4" 2
    check "$FILE" "the accepted certificate (OU=Payments) first" \
        "tls.handshake.type==11 && tcp.srcport==$p1 && x509af.serialNumber==20:07 && x509sat.uTF8String==\"Payments\"" 1
    check "$FILE" "the CA B certificate second" \
        "tls.handshake.type==11 && tcp.srcport==$p2 && x509af.serialNumber==20:02" 1
    check "$FILE" "the HTTP answer on the first connection" "http.response.code==200 && tcp.dstport==$p1" 1 "$KEYLOG"
    check "$FILE" "unknown_ca from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==48 && ip.src==$S4 && tcp.dstport==$p2" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==48)' "$KEYLOG"
    verify_error srv.log 20
}

# server_cert_client [ARGS...]: s_client as in the server-cert-* scenarios: TLS 1.2,
# trusts CA A only and aborts on a verification error.
server_cert_client() {
    s_client "$S4:443" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error "$@"
}

# check_server_cert_alert CODE NAME: the client answered the server's Certificate with
# the fatal alert CODE, before any key exchange of its own.
check_server_cert_alert() {
    local code=$1 name=$2
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' 1
    check "$FILE" "alert $name from the client" \
        "tls.alert_message.level==2 && tls.alert_message.desc==$code && ip.src==$C4" 1
    no_packets "$FILE" "other alerts" "tls.alert_message && !(tls.alert_message.desc==$code && ip.src==$C4)"
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
}

sc_server_cert_expired() {
    # The server's certificate (CA A) expired on 2021-01-01.
    s_server_bg srv -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key"
    cap_start "$FILE"
    client_port 1
    server_cert_client
    cap_stop
    expect server_cert_rejected "certificate_expired(45) cert.expired"
    check "$FILE" "the expired server certificate" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:04 && x509af.utcTime contains \"2021-01-01\"" 1
    check_server_cert_alert 45 certificate_expired
    verify_error "$SC-client.log" 10
}

sc_server_cert_wrong_name() {
    # The server's certificate (CA A) is for other.example.test only; the client asks
    # for www.example.test and checks the name.
    s_server_bg srv -cert "$PKI/server-other.pem" -key "$PKI/server-other.key"
    cap_start "$FILE"
    client_port 1
    server_cert_client -verify_hostname www.example.test
    cap_stop
    expect server_cert_rejected "bad_certificate(42) cert.name_mismatch other.example.test"
    check "$FILE" "a ClientHello for www.example.test" 'tls.handshake.extensions_server_name=="www.example.test"' 1
    check "$FILE" "the certificate for other.example.test" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:05 && x509ce.dNSName==\"other.example.test\"" 1
    check_server_cert_alert 42 bad_certificate
    verify_error "$SC-client.log" 62
}

sc_server_cert_self_signed() {
    # The server presents the self-signed certificate; the client trusts CA A.
    s_server_bg srv -cert "$PKI/selfsigned.pem" -key "$PKI/selfsigned.key"
    cap_start "$FILE"
    client_port 1
    server_cert_client
    cap_stop
    expect server_cert_rejected "unknown_ca(48) cert.self_signed self-signed"
    check "$FILE" "one certificate from the server" \
        "tls.handshake.type==11 && ip.src==$S4 && count(tls.handshake.certificate)==1" 1
    no_packets "$FILE" "CA A in the server's certificate" \
        "tls.handshake.type==11 && ip.src==$S4 && x509sat.uTF8String contains \"CA A\""
    check_server_cert_alert 48 unknown_ca
    verify_error "$SC-client.log" 18
}

sc_server_cert_missing_intermediate() {
    # The server's certificate was issued by "tlsdiag Test Intermediate" (itself issued
    # by CA A), but the server sends its certificate alone: the client, which trusts CA
    # A only, cannot build the chain ("unable to get local issuer certificate").
    s_server_bg srv -cert "$PKI/server-inter.pem" -key "$PKI/server-inter.key"
    cap_start "$FILE"
    client_port 1
    server_cert_client
    cap_stop
    expect server_cert_rejected "unknown_ca(48) cert.chain_incomplete intermediate"
    check "$FILE" "the leaf alone from the server" \
        "tls.handshake.type==11 && ip.src==$S4 && count(tls.handshake.certificate)==1 && x509af.serialNumber==10:06" 1
    check_server_cert_alert 48 unknown_ca
    verify_error "$SC-client.log" 20
}

sc_ok_chain_intermediate() {
    # The same server certificate, sent with its intermediate (-cert_chain): the client
    # builds the chain up to CA A.
    s_server_bg srv -cert "$PKI/server-inter.pem" -key "$PKI/server-inter.key" \
        -cert_chain "$PKI/inter.pem"
    cap_start "$FILE"
    client_port 1
    server_cert_client
    cap_stop
    expect ok "handshake.complete TLS1.2"
    check "$FILE" "leaf and intermediate from the server" \
        "tls.handshake.type==11 && ip.src==$S4 && count(tls.handshake.certificate)==2 && x509af.serialNumber==10:06 && x509af.serialNumber==30:01" 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_ok_server_cert_expired_noverify() {
    # The expired server certificate again, but the client does not enforce the
    # verification (s_client without -verify_return_error only reports the error): the
    # handshake completes.
    s_server_bg srv -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key"
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem"
    cap_stop
    expect ok "handshake.complete cert.expired"
    # s_client saw the expired certificate, reported it, and went on.
    verify_error "$SC-client.log" 10
    check "$FILE" "the expired server certificate" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:04 && x509af.utcTime contains \"2021-01-01\"" 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_client_cert_expired_tls13() {
    # client-cert-expired in TLS 1.3: certificate_expired is sent encrypted.
    mtls_server tls1_3
    cap_start "$FILE"
    client_port 1
    mtls_client client-expired
    cap_stop
    expect client_cert_rejected "tls13.server_abort_client_cert inference certificate"
    check_client_cert_alert13 20:03 45 certificate_expired
    verify_error srv.log 10
}

sc_client_cert_serverauth_only_tls13() {
    # client-cert-serverauth-only in TLS 1.3: unsupported_certificate, encrypted.
    mtls_server tls1_3
    cap_start "$FILE"
    client_port 1
    mtls_client client-serverauth
    cap_stop
    expect client_cert_rejected "tls13.server_abort_client_cert inference certificate"
    check_client_cert_alert13 20:06 43 unsupported_certificate
    verify_error srv.log 26
}

sc_version_mismatch_client_no_version() {
    # The client's own settings leave it no version: OpenSSL sends a protocol_version
    # alert instead of a ClientHello ("no protocols available"); GnuTLS with every
    # version disabled connects and closes without a byte.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -min_protocol TLSv1.3 -max_protocol TLSv1.2
    client_port 2
    in_c timeout "$TIMEOUT" gnutls-cli --priority 'NORMAL:-VERS-ALL' -p 443 "$S4" \
        </dev/null >>"$WORK/$SC-client.log" 2>&1 || true
    cap_stop
    expect version_mismatch "alert.protocol_version protocol_version(70) refused to start"
    expect incomplete "tcp.no_client_hello"
    check "$FILE" "a protocol_version alert from the client" "tls.alert_message.desc==70 && ip.src==$C4" 1
    no_packets "$FILE" "a ClientHello" 'tls.handshake.type==1'
}

sc_protocol_error_not_hello() {
    # Real servers answering bytes that real clients do not send (written by printf,
    # the only hand-made part): a handshake that opens with an empty Certificate
    # message instead of a ClientHello, to OpenSSL and to GnuTLS, and a ClientHello
    # too short for its own fields, to OpenSSL.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    bg "$NS_S" gnutls gnutls-serv -p 4443 --x509certfile "$PKI/server.pem" \
        --x509keyfile "$PKI/server.key"
    wait_listen "$NS_S" 4443
    local cert_first='\x16\x03\x01\x00\x07\x0b\x00\x00\x03\x00\x00\x00'
    local short_hello='\x16\x03\x01\x00\x08\x01\x00\x00\x04\x03\x03\x00\x00'
    cap_start "$FILE"
    client_port 1
    { printf "$cert_first"; sleep 1; } | in_c timeout 5 socat -t 2 - "TCP:$S4:443" >/dev/null 2>&1 || true
    client_port 2
    { printf "$cert_first"; sleep 1; } | in_c timeout 5 socat -t 2 - "TCP:$S4:4443" >/dev/null 2>&1 || true
    client_port 3
    { printf "$short_hello"; sleep 1; } | in_c timeout 5 socat -t 2 - "TCP:$S4:443" >/dev/null 2>&1 || true
    cap_stop
    expect protocol_error "handshake.not_client_hello Certificate unexpected_message"
    expect protocol_error "handshake.not_client_hello Certificate"
    expect protocol_error "decode_error"
    check "$FILE" "unexpected_message from OpenSSL" "tls.alert_message.desc==10 && ip.src==$S4 && tcp.srcport==443" 1
    check "$FILE" "an alert from GnuTLS" "tls.alert_message && ip.src==$S4 && tcp.srcport==4443" 1
    check "$FILE" "decode_error from OpenSSL" "tls.alert_message.desc==50 && ip.src==$S4" 1
}

sc_missing_sni_reject_handshake() {
    # nginx with "ssl_reject_handshake on" in its default server: a hello without SNI
    # (or with a name no server block has) gets a fatal unrecognized_name alert, the
    # configured name a normal handshake.
    nginx_head reject >"$WORK/reject.conf"
    cat >>"$WORK/reject.conf" <<EOF
http {
    access_log off;
    server {
        listen $S4:443 ssl default_server;
        ssl_reject_handshake on;
    }
    server {
        listen $S4:443 ssl;
        server_name www.example.test;
        ssl_certificate $PKI/server.pem;
        ssl_certificate_key $PKI/server.key;
        root $WORK/www;
    }
}
EOF
    nginx_bg reject
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -noservername
    client_port 2
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error
    client_port 3
    s_client "$S4:443" -servername nope.example.test
    cap_stop
    expect missing_sni "alert.unrecognized_name_no_sni unrecognized_name(112) server_name"
    expect ok "handshake.complete TLS1.2"
    expect unknown_sni "alert.unrecognized_name unrecognized_name(112) nope.example.test"
    check "$FILE" "unrecognized_name alerts from nginx" "tls.alert_message.desc==112 && ip.src==$S4" 2
}

sc_client_cert_missing_gnutls() {
    # gnutls-serv requiring a client certificate, s_client without one, TLS 1.2 then
    # TLS 1.3.
    bg "$NS_S" srv gnutls-serv --http -p 443 --x509certfile "$PKI/server.pem" \
        --x509keyfile "$PKI/server.key" --x509cafile "$PKI/caA.pem" --require-client-cert
    wait_listen "$NS_S" 443
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -tls1_2
    client_port 2
    s_client "$S4:443" -servername www.example.test -tls1_3
    cap_stop
    # GnuTLS answers the empty list with decode_error in TLS 1.2, certificate_required
    # in TLS 1.3.
    expect client_cert_missing "alert.client_cert_missing CertificateRequest empty decode_error(50)"
    expect client_cert_missing "tls13.server_abort_empty_cert"
    check "$FILE" "CertificateRequest in TLS 1.2" 'tls.handshake.type==13' 1
    check "$FILE" "an empty client Certificate in TLS 1.2" "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    check "$FILE" "decode_error from GnuTLS in TLS 1.2" "tls.alert_message.desc==50 && ip.src==$S4" 1
    check "$FILE" "certificate_required from GnuTLS, decrypted" "tls.alert_message.desc==116 && ip.src==$S4" 1 "$KEYLOG"
}

sc_no_server_response_idle_close() {
    # Not a TLS server: something on port 443 that reads what comes and closes after
    # 3 s without a byte (an idle timeout), to a hello without SNI.
    bg "$NS_S" idle socat -T 3 TCP-LISTEN:443,reuseaddr,fork SYSTEM:'cat >/dev/null'
    wait_listen "$NS_S" 443
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -noservername
    cap_stop
    expect no_server_response "silence.no_server_response idle"
    no_packets "$FILE" "bytes from the server" "tcp.len>0 && ip.src==$S4"
    check "$FILE" "the server's FIN" "tcp.flags.fin==1 && ip.src==$S4" 1
}

# Scenarios of the other TLS stacks, one file each.
for f in "$OUT"/scenarios-*.sh; do
    [ -e "$f" ] || continue
    # shellcheck source=/dev/null
    . "$f"
done

# ---------------------------------------------------------------------------------------
# Driver.

run_scenario() {
    local name=$1 fn i f
    fn="sc_${name//-/_}"
    declare -F "$fn" >/dev/null || die "unknown scenario: $name (see --list)"
    SC=$name
    SC_INDEX=${SC_INDEX_OF[$name]}
    FILE="$OUT/$name.pcap"
    EXTRA_FILES=()
    ROWS_NAME=""
    KEYLOG="$OUT/$name.keylog"
    EXP=()
    EXP_OTHER=()
    OTHER_FILE=""
    rm -f "$KEYLOG" "$WORK/rows-$name.tsv" "$OUT/$name.at-server.pcap" "$OUT/$name.at-client.pcap"
    : >"$KEYLOG"
    log "== $name"
    net_up
    "$fn"
    [ -n "$(tshark -r "$FILE" -c 1 2>/dev/null)" ] || die "$name: empty capture"
    for f in "$FILE" "${EXTRA_FILES[@]}"; do
        rows "$f"
    done
    [ -z "$OTHER_FILE" ] || rows "$OTHER_FILE" other
    net_down
    # OpenSSL writes a comment line even when no secret was made: keep only real keylogs.
    grep -q '^[A-Z]' "$KEYLOG" 2>/dev/null || rm -f "$KEYLOG"
    chmod 644 "$OUT/$name".* 2>/dev/null || true
    cat "$WORK/rows-$name.tsv" >>"$NEW_ROWS"
}

# merge_rows: expected.tsv gets the new rows of the scenarios built now and keeps the
# rows of the others, in the order of SCENARIOS.
merge_rows() {
    local tsv=$OUT/expected.tsv tmp=$WORK/merged.tsv name
    local own='($1 == n ".pcap" || $1 == n ".pcapng" || $1 == n ".at-server.pcap" || $1 == n ".at-client.pcap" || $1 == "split/" n)'
    {
        printf 'file\tclient\tserver\tclass\tevidence\n'
        for name in "${SCENARIOS[@]}"; do
            # A scenario run now (built or failed) loses its old rows.
            if printf '%s\n' "${BUILT[@]}" "${FAILED[@]}" | grep -x -- "$name" >/dev/null; then
                awk -F'\t' -v n="$name" "$own" "$NEW_ROWS"
            elif [ -f "$tsv" ]; then
                awk -F'\t' -v n="$name" "NR > 1 && $own" "$tsv"
            fi
        done
    } >"$tmp"
    cp "$tmp" "$tsv"
    chmod 644 "$tsv"
}

main() {
    if [ "${1:-}" = "--list" ]; then
        printf '%s\n' "${SCENARIOS[@]}"
        exit 0
    fi
    need
    local names=("$@") start=$SECONDS name
    [ ${#names[@]} -gt 0 ] || names=("${SCENARIOS[@]}")
    for name in "${names[@]}"; do
        declare -F "sc_${name//-/_}" >/dev/null || die "unknown scenario: $name (see --list)"
    done
    make_pki
    for name in "${names[@]}"; do
        # Each scenario runs in a subshell: a failure (die, or any failing command under
        # set -e) ends that scenario only, its own EXIT trap tears its network down, and
        # the run goes on with the next one. errexit must be off around the subshell
        # (not "|| ...") or bash would ignore set -e inside it.
        set +e
        (
            set -e
            trap net_down EXIT
            trap 'exit 130' INT TERM
            run_scenario "$name"
        )
        local rc=$?
        set -e
        if [ "$rc" -eq 0 ]; then
            BUILT+=("$name")
        else
            # No capture is better than one that does not show what it claims.
            FAILED+=("$name")
            rm -f "$OUT/$name.pcap" "$OUT/$name.pcapng" "$OUT/$name.keylog" \
                "$OUT/$name.at-server.pcap" "$OUT/$name.at-client.pcap" "$OUT/split/$name".*.pcap
        fi
    done
    merge_rows
    log "built ${#BUILT[@]} capture(s) in $((SECONDS - start)) s"
    if [ ${#FAILED[@]} -gt 0 ]; then
        log "FAILED: ${FAILED[*]} (rerun with KEEP_WORK=1 to see the logs)"
        exit 1
    fi
}

main "$@"
