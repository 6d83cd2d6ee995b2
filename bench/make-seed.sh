#!/usr/bin/env bash
# make-seed.sh - record bench/seed.pcap, the capture the benchmark is scaled up from.
#
# Real TLS software (nginx, openssl s_server/s_client, GnuTLS, curl) talks across two
# network namespaces joined by one veth pair; tcpdump records the client's side:
#
#   tlsbench-c  eth0 198.18.0.2/24  2001:db8::2/64
#       |
#   tlsbench-s  eth0 198.18.0.1/24  2001:db8::1/64   and 198.18.0.3-15: one address per
#                                                     server, every server on port 443
#
# Only 198.18.0.0/15 (benchmarking) and 2001:db8::/32 (documentation) are used, and the
# namespaces have no route to anything else. Both namespaces, their firewall rules and
# every process started here are removed on exit, whatever happens.
#
# Every server listens on port 443 of its own address so that every tool under test
# decodes every connection as TLS without port hints.
#
# Content: 37 handshakes that work (TLS 1.2 and 1.3, RSA and ECDSA, HTTP/1.1 and
# HTTP/2, resumption, HelloRetryRequest, client certificates, IPv6), five of them bulk
# transfers (downloads of 2 MB, 1 MB, 1 MB, 0.5 MB, an upload of 0.5 MB), and 18 that
# fail: protocol version mismatch, no shared cipher, client certificate missing,
# server certificate refused by the client, a reset after the ClientHello, a refused
# connection, a server that accepts and never answers, a firewall dropping the hello.
#
# Usage (as root):  bash bench/make-seed.sh [-f]
#   Without -f an existing bench/seed.pcap is kept. `make bench` never runs this.
# Needs: iproute2 iptables ethtool tcpdump tshark openssl nginx gnutls-bin curl socat.

set -euo pipefail

OUT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SEED=$OUT_DIR/seed.pcap

if [ "${1:-}" != "-f" ] && [ -s "$SEED" ]; then
    echo "make-seed: $SEED exists (give -f to record it again)"
    exit 0
fi

NS_C=tlsbench-c
NS_S=tlsbench-s
C4=198.18.0.2
C6=2001:db8::2
S6=2001:db8::1
# One address per server (all on port 443).
A_NGINX=198.18.0.1        # nginx, RSA, TLS 1.2+1.3, HTTP/2 (also on $S6)
A_NGINX_EC=198.18.0.3     # nginx, ECDSA, P-256/P-384 only (X25519 key shares get an HRR)
A_NGINX_12=198.18.0.4     # nginx, TLS 1.2 only
A_NGINX_SELF=198.18.0.5   # nginx with a self-signed certificate
A_WWW=198.18.0.6          # openssl s_server -WWW (files)
A_13ONLY=198.18.0.7       # openssl s_server, TLS 1.3 only
A_CIPHER=198.18.0.8       # openssl s_server, TLS 1.2 with one cipher suite
A_MTLS=198.18.0.9         # openssl s_server requiring a client certificate
A_SINK=198.18.0.10        # openssl s_server reading an upload
A_RESET=198.18.0.11       # firewall resets connections naming reset.example.test
A_SILENT=198.18.0.12      # accepts TCP connections and never answers
A_DROP=198.18.0.13        # firewall drops every segment carrying data
A_CLOSED=198.18.0.14      # nothing listens: the kernel refuses the connection
A_GNUTLS=198.18.0.15      # gnutls-serv --http
SERVER_ADDRS="$A_NGINX $A_NGINX_EC $A_NGINX_12 $A_NGINX_SELF $A_WWW $A_13ONLY $A_CIPHER
    $A_MTLS $A_SINK $A_RESET $A_SILENT $A_DROP $A_CLOSED $A_GNUTLS"

WORK=$(mktemp -d /tmp/tlsbench-seed.XXXXXX)
PKI=$WORK/pki
WWW=$WORK/www
BG_PIDS=()
CAP_PID=""
TIMEOUT=10
REQ=$'GET /hello.txt HTTP/1.0\r\nHost: www.example.test\r\n\r\n'

log() { printf 'make-seed: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
    local pid
    if [ -n "$CAP_PID" ]; then kill -TERM "$CAP_PID" 2>/dev/null || true; fi
    # A server started under setsid leads its own process group: the group goes with it
    # (socat's children, still waiting for their silent connections).
    for pid in "${BG_PIDS[@]}"; do
        kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    done
    for pid in "${BG_PIDS[@]}" $CAP_PID; do wait "$pid" 2>/dev/null || true; done
    ip netns del "$NS_C" 2>/dev/null || true
    ip netns del "$NS_S" 2>/dev/null || true
    if [ -n "${KEEP_WORK:-}" ]; then log "work files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces)"
for t in ip iptables ethtool ss tcpdump tshark capinfos openssl nginx gnutls-serv \
    gnutls-cli curl socat timeout; do
    command -v "$t" >/dev/null || die "missing tool: $t (see the header of $0)"
done

in_c() { ip netns exec "$NS_C" "$@"; }
in_s() { ip netns exec "$NS_S" "$@"; }

# bg NAME CMD...: a server in the server namespace, its output in $WORK/NAME.log.
bg() {
    local name=$1
    shift
    ip netns exec "$NS_S" "$@" </dev/null >"$WORK/$name.log" 2>&1 &
    BG_PIDS+=($!)
}

# wait_listen ADDR [PORT]: servers take a moment to bind; no client starts before.
wait_listen() {
    local _
    for _ in $(seq 100); do
        in_s ss -Hltn | grep -qF "$1:${2:-443} " && return 0
        sleep 0.05
    done
    die "nothing listens on $1:${2:-443}"
}

# ---------------------------------------------------------------------------------------
# Network: two namespaces, one veth pair, no offloads (the capture then holds MTU-sized
# segments with correct checksums, as on a real wire, not 64 KB GSO super-packets).

net_up() {
    local ns a
    for ns in "$NS_C" "$NS_S"; do
        ip netns del "$ns" 2>/dev/null || true
        ip netns add "$ns"
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
            net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_ra=0
        ip -n "$ns" link set lo up
    done
    ip link add eth0 address 02:00:00:00:00:02 netns "$NS_C" type veth \
        peer name eth0 address 02:00:00:00:00:01 netns "$NS_S"
    for ns in "$NS_C" "$NS_S"; do
        ip netns exec "$ns" ethtool -K eth0 tx off rx off tso off gso off gro off \
            >/dev/null 2>&1 || true
    done
    ip -n "$NS_C" addr add "$C4/24" dev eth0
    ip -n "$NS_C" addr add "$C6/64" dev eth0 nodad
    for a in $SERVER_ADDRS; do
        ip -n "$NS_S" addr add "$a/24" dev eth0
    done
    ip -n "$NS_S" addr add "$S6/64" dev eth0 nodad
    ip -n "$NS_C" link set eth0 up
    ip -n "$NS_S" link set eth0 up
}

# ---------------------------------------------------------------------------------------
# Certificates and files.

# issue NAME KEYOPTS EKU SAN: a leaf certificate signed by the bench CA.
issue() {
    local name=$1 eku=$3 san=$4
    # shellcheck disable=SC2086
    openssl req -new $2 -nodes -keyout "$PKI/$name.key" -out "$PKI/$name.csr" \
        -subj "/O=tlsdiag bench/CN=${san#DNS:}" 2>/dev/null
    printf '%s\n' "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=$eku" "subjectAltName=$san" >"$PKI/$name.ext"
    openssl x509 -req -sha256 -days 825 -in "$PKI/$name.csr" -CA "$PKI/ca.pem" \
        -CAkey "$PKI/ca.key" -CAcreateserial -extfile "$PKI/$name.ext" \
        -out "$PKI/$name.pem" 2>/dev/null
}

make_pki() {
    mkdir -p "$PKI" "$WWW"
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout "$PKI/ca.key" \
        -out "$PKI/ca.pem" -subj "/O=tlsdiag bench/CN=tlsdiag Bench CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    issue server "-newkey rsa:2048" serverAuth "DNS:*.example.test"
    issue server-ec "-newkey ec -pkeyopt ec_paramgen_curve:P-256" serverAuth "DNS:*.example.test"
    issue client "-newkey rsa:2048" clientAuth "DNS:client.example.test"
    # The forgotten test server: a self-signed certificate no client trusts.
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 \
        -keyout "$PKI/self.key" -out "$PKI/self.pem" \
        -subj "/O=tlsdiag bench/CN=self.example.test" \
        -addext "subjectAltName=DNS:self.example.test" 2>/dev/null
    printf 'hello from www.example.test\n' >"$WWW/hello.txt"
    # Random bytes: incompressible, whatever the server or client negotiates.
    head -c 2000000 /dev/urandom >"$WWW/bulk-2m.bin"
    head -c 1000000 /dev/urandom >"$WWW/bulk-1m.bin"
    head -c 500000 /dev/urandom >"$WWW/bulk-500k.bin"
    head -c 500000 /dev/urandom >"$WORK/upload.bin"
}

nginx_conf() {
    local p=$WORK/nginx
    mkdir -p "$p"
    cat <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $p/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $p/body;
    proxy_temp_path $p/proxy;
    fastcgi_temp_path $p/fastcgi;
    uwsgi_temp_path $p/uwsgi;
    scgi_temp_path $p/scgi;
    types { text/plain txt; application/octet-stream bin; }
    root $WWW;
    ssl_session_cache shared:bench:1m;
    server {
        listen $A_NGINX:443 ssl http2;
        listen [$S6]:443 ssl http2;
        ssl_certificate $PKI/server.pem;
        ssl_certificate_key $PKI/server.key;
        ssl_protocols TLSv1.2 TLSv1.3;
    }
    server {
        listen $A_NGINX_EC:443 ssl http2;
        ssl_certificate $PKI/server-ec.pem;
        ssl_certificate_key $PKI/server-ec.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_ecdh_curve prime256v1:secp384r1;
    }
    server {
        listen $A_NGINX_12:443 ssl;
        ssl_certificate $PKI/server.pem;
        ssl_certificate_key $PKI/server.key;
        ssl_protocols TLSv1.2;
    }
    server {
        listen $A_NGINX_SELF:443 ssl;
        ssl_certificate $PKI/self.pem;
        ssl_certificate_key $PKI/self.key;
        ssl_protocols TLSv1.2 TLSv1.3;
    }
}
EOF
}

# s_server ADDR NAME ARGS...: openssl s_server on ADDR:443, in the files directory.
s_server() {
    local addr=$1 name=$2
    shift 2
    # shellcheck disable=SC2016 # $0 and $@ are the inner shell's
    bg "$name" sh -c 'cd "$0" && exec "$@"' "$WWW" openssl s_server -accept "$addr:443" \
        -cert "$PKI/server.pem" -key "$PKI/server.key" "$@"
    wait_listen "$addr"
}

servers_up() {
    nginx_conf >"$WORK/nginx.conf"
    bg nginx nginx -p "$WORK/nginx" -c "$WORK/nginx.conf" -e stderr
    wait_listen "$A_NGINX"
    s_server "$A_WWW" www -WWW -http_server_binmode
    s_server "$A_13ONLY" tls13only -WWW -tls1_3
    s_server "$A_CIPHER" cipher -WWW -tls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384
    s_server "$A_MTLS" mtls -WWW -Verify 1 -CAfile "$PKI/ca.pem" -verify_return_error
    # Without -WWW, s_server sends its standard input to the client and ends the
    # connection when that input ends: a FIFO this script holds open never ends.
    mkfifo "$WORK/hold"
    exec 9<>"$WORK/hold"
    ip netns exec "$NS_S" openssl s_server -accept "$A_SINK:443" -cert "$PKI/server.pem" \
        -key "$PKI/server.key" -quiet <"$WORK/hold" >/dev/null 2>"$WORK/sink.log" &
    BG_PIDS+=($!)
    wait_listen "$A_SINK"
    s_server "$A_RESET" reset -WWW
    s_server "$A_DROP" drop -WWW
    bg silent setsid socat "TCP-LISTEN:443,bind=$A_SILENT,reuseaddr,fork" EXEC:"sleep 60"
    wait_listen "$A_SILENT"
    # gnutls-serv cannot bind one address: it listens on every address of port 4443,
    # and the firewall sends it what reaches its own address on port 443.
    bg gnutls gnutls-serv --http -p 4443 --x509certfile "$PKI/server.pem" \
        --x509keyfile "$PKI/server.key"
    wait_listen "0.0.0.0" 4443
    in_s iptables -t nat -A PREROUTING -d "$A_GNUTLS" -p tcp --dport 443 \
        -j REDIRECT --to-ports 4443
    # A host firewall that resets connections whose ClientHello names a blocked host.
    in_s iptables -A INPUT -d "$A_RESET" -p tcp --dport 443 -m string \
        --string reset.example.test --algo bm -j REJECT --reject-with tcp-reset
    # A path that loses every segment with data: the TCP handshake works, the
    # ClientHello never arrives (SYN and pure ACKs are under 100 bytes).
    in_s iptables -A INPUT -d "$A_DROP" -p tcp --dport 443 -m length --length 100:65535 -j DROP
}

# ---------------------------------------------------------------------------------------
# Clients. Each is bounded by a timeout; their failures are the point, not errors.

# curl_to ADDR NAME PATH ARGS...: curl https://NAME/PATH at ADDR, trusting the bench CA.
curl_to() {
    local addr=$1 name=$2 path=$3 host=$1
    shift 3
    case $addr in *:*) host="[$addr]" ;; esac
    in_c timeout "$TIMEOUT" curl -sS -o /dev/null --connect-timeout 5 --cacert "$PKI/ca.pem" \
        --resolve "$name:443:$host" "$@" "https://$name/$path" >>"$WORK/clients.log" 2>&1 || true
}

# s_client_to ADDR NAME ARGS...: one HTTP/1.0 request, then wait for the server to close.
s_client_to() {
    local addr=$1 name=$2
    shift 2
    printf '%s' "${REQ_OVERRIDE:-$REQ}" | in_c timeout "$TIMEOUT" openssl s_client \
        -connect "$addr:443" -servername "$name" -ign_eof -nocommands "$@" \
        >>"$WORK/clients.log" 2>&1 || true
}

# gnutls_to ADDR NAME PRIORITY [CAFILE]: gnutls-cli ends the session when its input
# ends, so the input stays open long enough for the answer.
gnutls_to() {
    local addr=$1 name=$2 prio=$3 ca=${4:-$PKI/ca.pem}
    { printf '%s' "${REQ_OVERRIDE:-$REQ}"; sleep 0.5; } | in_c timeout "$TIMEOUT" gnutls-cli \
        --priority "$prio" --x509cafile "$ca" --sni-hostname "$name" \
        --verify-hostname "$name" -p 443 "$addr" >/dev/null 2>>"$WORK/clients.log" || true
}

run_clients() {
    local v
    # --- handshakes that work ---------------------------------------------------------
    for v in 1.3 1.2; do
        curl_to "$A_NGINX" www.example.test hello.txt --http2 --tlsv$v --tls-max $v
        curl_to "$A_NGINX" www.example.test hello.txt --http1.1 --tlsv$v --tls-max $v
        curl_to "$S6" www.example.test hello.txt --tlsv$v --tls-max $v
        curl_to "$A_NGINX_EC" api.example.test hello.txt --tlsv$v --tls-max $v
        s_client_to "$A_WWW" files.example.test -tls${v/./_} -CAfile "$PKI/ca.pem"
        gnutls_to "$A_NGINX" www.example.test "NORMAL:-VERS-ALL:+VERS-TLS$v"
        gnutls_to "$A_GNUTLS" www.example.test "NORMAL:-VERS-ALL:+VERS-TLS$v"
        s_client_to "$A_MTLS" mtls.example.test -tls${v/./_} -CAfile "$PKI/ca.pem" \
            -cert "$PKI/client.pem" -key "$PKI/client.key"
    done
    curl_to "$A_NGINX" www.example.test hello.txt --tls-max 1.2 --ciphers ECDHE-RSA-CHACHA20-POLY1305
    curl_to "$A_NGINX" www.example.test hello.txt --tls-max 1.2 --ciphers ECDHE-RSA-AES256-GCM-SHA384
    curl_to "$A_NGINX_EC" api.example.test hello.txt --tls-max 1.2 --ciphers ECDHE-ECDSA-AES128-GCM-SHA256
    curl_to "$A_NGINX" www.example.test hello.txt --tlsv1.3 --curves P-384
    curl_to "$A_GNUTLS" www.example.test hello.txt
    for v in 1 2 3; do
        curl_to "$A_NGINX" www.example.test hello.txt --http2
        curl_to "$A_NGINX_EC" api.example.test hello.txt --http1.1 --tls-max 1.2
    done
    # Resumption: TLS 1.2 session ID/ticket and TLS 1.3 PSK.
    for v in 1_2 1_3; do
        s_client_to "$A_NGINX" www.example.test -tls$v -CAfile "$PKI/ca.pem" \
            -sess_out "$WORK/sess-$v.pem"
        s_client_to "$A_NGINX" www.example.test -tls$v -CAfile "$PKI/ca.pem" \
            -sess_in "$WORK/sess-$v.pem"
    done
    # A HelloRetryRequest: s_client offers an X25519 key share, the server wants P-256.
    s_client_to "$A_NGINX_EC" api.example.test -tls1_3 -groups X25519:P-256 -CAfile "$PKI/ca.pem"
    # Bulk transfers.
    curl_to "$A_NGINX" www.example.test bulk-2m.bin --http2 --tlsv1.3
    curl_to "$A_NGINX_EC" api.example.test bulk-1m.bin --http1.1 --tlsv1.2 --tls-max 1.2
    REQ_OVERRIDE=$'GET /bulk-1m.bin HTTP/1.0\r\n\r\n' \
        s_client_to "$A_WWW" files.example.test -tls1_3 -CAfile "$PKI/ca.pem"
    REQ_OVERRIDE=$'GET /bulk-500k.bin HTTP/1.0\r\nHost: www.example.test\r\n\r\n' \
        gnutls_to "$A_NGINX" www.example.test "NORMAL:-VERS-ALL:+VERS-TLS1.3"
    # The upload: s_client sends the file and closes (close_notify) at its end.
    in_c timeout "$TIMEOUT" openssl s_client -connect "$A_SINK:443" -servername \
        sink.example.test -tls1_2 -nocommands -CAfile "$PKI/ca.pem" <"$WORK/upload.bin" \
        >/dev/null 2>>"$WORK/clients.log" || true

    # --- handshakes that fail ---------------------------------------------------------
    # Protocol version: TLS 1.2 clients against a TLS 1.3-only server, and back.
    s_client_to "$A_13ONLY" tls13.example.test -tls1_2
    curl_to "$A_13ONLY" tls13.example.test hello.txt --tls-max 1.2
    curl_to "$A_NGINX_12" legacy.example.test hello.txt --tlsv1.3
    gnutls_to "$A_NGINX_12" legacy.example.test "NORMAL:-VERS-ALL:+VERS-TLS1.3"
    # No cipher suite in common.
    s_client_to "$A_CIPHER" cipher.example.test -tls1_2 -cipher AES128-SHA
    curl_to "$A_CIPHER" cipher.example.test hello.txt --tls-max 1.2 --ciphers AES128-SHA256
    # The server asks for a client certificate and gets none.
    s_client_to "$A_MTLS" mtls.example.test -tls1_2 -CAfile "$PKI/ca.pem"
    s_client_to "$A_MTLS" mtls.example.test -tls1_3 -CAfile "$PKI/ca.pem"
    # The client refuses the server's self-signed certificate.
    curl_to "$A_NGINX_SELF" self.example.test hello.txt --tlsv1.3
    curl_to "$A_NGINX_SELF" self.example.test hello.txt --tls-max 1.2
    s_client_to "$A_NGINX_SELF" self.example.test -tls1_2 -CAfile "$PKI/ca.pem" \
        -verify 5 -verify_return_error
    gnutls_to "$A_NGINX_SELF" self.example.test "NORMAL:-VERS-ALL:+VERS-TLS1.2"
    # Reset right after the ClientHello; a refused connection (no ClientHello at all).
    curl_to "$A_RESET" reset.example.test hello.txt
    s_client_to "$A_RESET" reset.example.test -tls1_2
    curl_to "$A_CLOSED" closed.example.test hello.txt
    # Silence: a server that never answers, a path that loses the hello.
    TIMEOUT=3 s_client_to "$A_SILENT" silent.example.test
    TIMEOUT=3 curl_to "$A_SILENT" silent.example.test hello.txt
    TIMEOUT=3 curl_to "$A_DROP" drop.example.test hello.txt
}

# ---------------------------------------------------------------------------------------

log "work directory $WORK"
make_pki
net_up
servers_up
TMP=$WORK/seed.pcap
# Started with ip netns exec itself (not through a shell function), so that $! is
# tcpdump and the capture really stops when it is told to.
ip netns exec "$NS_C" tcpdump -U --immediate-mode -Z root -i eth0 -s 262144 -w "$TMP" tcp \
    >"$WORK/tcpdump.log" 2>&1 &
CAP_PID=$!
for _ in $(seq 100); do
    grep -q "listening on" "$WORK/tcpdump.log" 2>/dev/null && break
    sleep 0.05
done
grep -q "listening on" "$WORK/tcpdump.log" || die "tcpdump did not start: $(cat "$WORK/tcpdump.log")"
run_clients
# Let the last packets arrive; stop the capture before the servers, so their shutdown
# adds nothing.
sleep 0.5
kill -TERM "$CAP_PID"
wait "$CAP_PID" 2>/dev/null || true
CAP_PID=""

# A seed that does not show what it claims is an error, not a weaker benchmark.
count() { tshark -r "$TMP" -Y "$1" 2>/dev/null | wc -l; }
hellos=$(count 'tls.handshake.type==1')
alerts=$(count 'tls.alert_message.level==2')
resets=$(count 'tcp.flags.reset==1')
badsum=$(tshark -r "$TMP" -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE \
    -Y 'tcp.checksum.status==0 || ip.checksum.status==0' 2>/dev/null | wc -l)
[ "$hellos" -ge 45 ] || die "only $hellos ClientHellos"
[ "$alerts" -ge 8 ] || die "only $alerts fatal alerts in clear"
[ "$resets" -ge 2 ] || die "only $resets resets"
[ "$badsum" -eq 0 ] || die "$badsum packets with bad checksums (offloads still on?)"
mv "$TMP" "$SEED"
chmod 644 "$SEED"
log "wrote $SEED: $(stat -c %s "$SEED") bytes, $(tshark -r "$SEED" 2>/dev/null | wc -l) packets, $hellos ClientHellos, $alerts fatal alerts in clear, $resets resets"
