# scenarios-quic.sh - captures of QUIC (RFC 9000/9001) handshakes, sourced by
# make-captures.sh.
#
# Two independent QUIC stacks, both from Debian 12:
#   - ngtcp2 0.12 on GnuTLS 3.7: its example programs gtlsclient (package ngtcp2-client)
#     and gtlsserver (ngtcp2-server), an HTTP/3 client and server. Their ALPN is fixed
#     (the client offers h3 only; the server accepts h3 and its drafts); the client does
#     not refuse a server certificate it cannot verify, and the server's --verify-client
#     asks for a client certificate without checking it (gtlsserver --help says so).
#     GnuTLS writes the client's secrets to SSLKEYLOGFILE.
#   - quic-go 0.29 with its copy of Go 1.19's crypto/tls (qtls-go1-19), through
#     peers/quicpeer.go: the side that verifies certificates, as client and as server,
#     with any ALPN and any QUIC version quic-go knows.
# Each UDP conversation is one connection attempt (ROWS_UDP: its first Initial, which
# is the client's). tshark derives the Initial keys by itself, so the checks read the
# ClientHello, ServerHello and CONNECTION_CLOSE frames of Initial packets without a key
# log; what Handshake packets carry is checked with the client's key log.
#
# A TLS alert inside QUIC is a CONNECTION_CLOSE frame of type 0x1c with the error code
# 0x100 + alert (RFC 9001, 4.8): 0x178 no_application_protocol, 0x12a bad_certificate,
# 0x174 certificate_required.
#
# Needs, besides what make-captures.sh needs: ngtcp2-client, ngtcp2-server, golang-go,
# golang-github-lucas-clemente-quic-go-dev. On Debian:
#   apt-get install ngtcp2-client ngtcp2-server golang-go \
#       golang-github-lucas-clemente-quic-go-dev

scenario_block 1000 \
    quic-ok-ngtcp2 \
    quic-ok-ngtcp2-ipv6 \
    quic-ok-go-client \
    quic-ok-go-server \
    quic-ok-keylog \
    quic-alpn-mismatch \
    quic-server-cert-rejected \
    quic-client-cert-missing \
    quic-client-cert-rejected \
    quic-version-negotiation \
    quic-v2draft-ok \
    quic-compatible-version-negotiation \
    quic-retry \
    quic-udp-blocked \
    quic-path-mtu-1250 \
    quic-server-down \
    quic-icmp-prohibited \
    quic-icmp-host-unreachable \
    quic-capture-late \
    quic-amplification-stall \
    quic-connection-refused

# quic_build: build peers/quicpeer.go once per run into $WORK/quic, offline, against
# the Debian source packages in /usr/share/gocode (GOPATH mode, no module download).
QUIC_PEER=""
quic_build() {
    QUIC_PEER="$WORK/quic/quicpeer"
    [ -x "$QUIC_PEER" ] && return 0
    command -v go >/dev/null || die "go missing (see the header of scenarios-quic.sh)"
    [ -d /usr/share/gocode/src/github.com/lucas-clemente/quic-go ] ||
        die "quic-go missing (see the header of scenarios-quic.sh)"
    mkdir -p "$WORK/quic"
    env HOME="$WORK/quic" GOCACHE="$WORK/quic/cache" GOPATH=/usr/share/gocode \
        GO111MODULE=off GOFLAGS= CGO_ENABLED=0 go build -o "$QUIC_PEER.tmp" \
        "$OUT/peers/quicpeer.go" >"$WORK/quic/build.log" 2>&1 ||
        die "go build quicpeer.go failed: $(cat "$WORK/quic/build.log")"
    mv "$QUIC_PEER.tmp" "$QUIC_PEER"
}

# quic_setup: what every QUIC scenario captures and counts. UDP only (the scenarios that
# also show TCP or ICMP widen it).
quic_setup() {
    CAP_FILTER="udp"
    ROWS_UDP='quic.long.packet_type == 0'
    command -v gtlsclient >/dev/null && command -v gtlsserver >/dev/null ||
        die "gtlsclient/gtlsserver missing (see the header of scenarios-quic.sh)"
}

# udp_listen NS PORT: wait until a UDP socket is bound to PORT in NS.
udp_listen() {
    local ns=$1 port=$2 i
    for i in $(seq 100); do
        if ip netns exec "$ns" ss -Hlun "sport = :$port" | grep -q .; then
            return 0
        fi
        sleep 0.05
    done
    die "nothing bound to UDP port $port in $ns"
}

# ngtcp2_srv NAME ARGS...: gtlsserver on UDP port QPORT (443) of every address of the server
# namespace ('*': IPv4 and IPv6), serving $WORK/www, with the certificate for
# www.example.test (CA A) unless CERT names another one of $PKI.
ngtcp2_srv() {
    local name=$1 cert=${CERT:-server} port=${QPORT:-443}
    shift
    bg "$NS_S" "$name" gtlsserver --htdocs="$WORK/www" "$@" '*' "$port" \
        "$PKI/$cert.key" "$PKI/$cert.pem"
    udp_listen "$NS_S" "$port"
}

# ngtcp2_cli HOST ARGS...: gtlsclient to HOST:QPORT (443) asking for /hello.txt, its
# secrets in the scenario's key log (GnuTLS honours SSLKEYLOGFILE); it exits when its
# request stream closes, or after its handshake timeout (5 s) or idle timeout (5 s).
# Given a numeric address, gtlsclient 0.12 sends "localhost" as the server name, its
# --sni option notwithstanding (as these captures show): the server does not care.
ngtcp2_cli() {
    local host=$1
    shift
    in_c env SSLKEYLOGFILE="$KEYLOG" timeout "$TIMEOUT" gtlsclient --sni=www.example.test \
        --exit-on-all-streams-close --handshake-timeout=5s --timeout=5s --no-quic-dump \
        "$@" "$host" "${QPORT:-443}" "https://www.example.test/hello.txt" \
        >>"$WORK/$SC-client.log" 2>&1 || true
}

# quic_srv NAME ARGS...: quicpeer as an HTTP/3 server on UDP port QPORT (443, every
# address), certificate www.example.test of CA A.
quic_srv() {
    local name=$1 port=${QPORT:-443}
    shift
    quic_build
    bg "$NS_S" "$name" "$QUIC_PEER" -mode server -addr ":$port" -cert "$PKI/server.pem" \
        -key "$PKI/server.key" "$@"
    udp_listen "$NS_S" "$port"
}

# quic_cli TARGET ARGS...: quicpeer as a client to TARGET, SNI www.example.test, trusting
# CA A, writing the key log; output appended to $WORK/$SC-client.log.
quic_cli() {
    local target=$1
    shift
    quic_build
    in_c timeout "$TIMEOUT" "$QUIC_PEER" -mode client -addr "$target" -sni www.example.test \
        -ca "$PKI/caA.pem" -keylog "$KEYLOG" "$@" >>"$WORK/$SC-client.log" 2>&1 || true
}

# quic_port K: the client's UDP port of the K-th attempt (see client_port).
quic_port() { printf '%s' $((40000 + 10 * SC_INDEX + $1)); }

# v2draft_from ADDR: a display filter for long-header packets of the v2 draft
# (0x709a50c4) from ADDR, by their bytes: tshark 4.0 does not dissect that version.
v2draft_from() {
    printf '%s' "udp.payload[0]&0x80 && udp.payload[1:4]==70:9a:50:c4 && ip.src==$1"
}

# log_has FILE WORDS: the log of a client or server must contain WORDS.
log_has() {
    grep -qF -- "$2" "$WORK/$1" ||
        die "$SC: $1 lacks \"$2\": $(tail -n3 "$WORK/$1" 2>/dev/null || true)"
}

# quic_handshake_done [K...]: a HANDSHAKE_DONE frame from the server (RFC 9000, 19.20:
# its confirmation that the handshake completed) in the K-th attempt (the 1st) and in
# each further one named, read with the key log.
quic_handshake_done() {
    [ $# -gt 0 ] || set -- 1
    each_attempt "HANDSHAKE_DONE from the server" "quic.frame_type==0x1e" "$KEYLOG" "$@"
}

sc_quic_ok_ngtcp2() {
    # ngtcp2 client and server, HTTP/3: Initial, Handshake and 1-RTT packets both ways,
    # the server's HANDSHAKE_DONE, the file in an HTTP/3 answer.
    quic_setup
    ngtcp2_srv srv
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4"
    cap_stop
    expect ok "h3"
    check "$FILE" "the client's Initial with its ClientHello" \
        "quic.long.packet_type==0 && ip.src==$C4 && tls.handshake.extensions_server_name==\"localhost\"" 1
    check "$FILE" "a ServerHello in an Initial" "quic.long.packet_type==0 && tls.handshake.type==2 && ip.src==$S4" 1
    quic_handshake_done
    no_packets "$FILE" "a CONNECTION_CLOSE with a TLS alert" "quic.frame_type==0x1c" "$KEYLOG"
}

sc_quic_ok_ngtcp2_ipv6() {
    # The same over IPv6.
    quic_setup
    ngtcp2_srv srv
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S6"
    cap_stop
    expect ok "h3"
    check "$FILE" "a ServerHello in an Initial" "quic.long.packet_type==0 && tls.handshake.type==2 && ipv6.src==$S6" 1
    quic_handshake_done
}

sc_quic_ok_go_client() {
    # quic-go's HTTP/3 client to the ngtcp2 server: GET /hello.txt.
    quic_setup
    ngtcp2_srv srv
    cap_start "$FILE"
    client_port 1
    quic_cli "$S4:443" -request
    cap_stop
    expect ok "h3"
    log_has "$SC-client.log" "handshake done: answer: HTTP/3.0 200"
    check "$FILE" "a ServerHello in an Initial" "quic.long.packet_type==0 && tls.handshake.type==2 && ip.src==$S4" 1
    quic_handshake_done
}

sc_quic_ok_go_server() {
    # The ngtcp2 client to quic-go's HTTP/3 server.
    quic_setup
    quic_srv srv
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4"
    cap_stop
    expect ok "h3"
    check "$FILE" "a ServerHello in an Initial" "quic.long.packet_type==0 && tls.handshake.type==2 && ip.src==$S4" 1
    quic_handshake_done
}

sc_quic_ok_keylog() {
    # quic-go at both ends: a handshake whose every packet tshark decrypts with the
    # client's key log (pcaps/quic-ok-keylog.keylog), the HTTP/3 answer included.
    quic_setup
    quic_srv srv
    cap_start "$FILE"
    client_port 1
    quic_cli "$S4:443" -request
    cap_stop
    expect ok "h3"
    log_has "$SC-client.log" "handshake done: answer: HTTP/3.0 200"
    check "$FILE" "the server's Certificate, decrypted" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:01" "" "$KEYLOG"
    check "$FILE" "the client's Finished, decrypted" "tls.handshake.type==20 && ip.src==$C4" "" "$KEYLOG"
    quic_handshake_done
    check "$FILE" "HTTP/3 traffic, decrypted" "http3" "" "$KEYLOG"
}

# each_attempt WHAT FILTER [KEYLOG] K...: packets matching FILTER in the K-th attempt
# (its client port) and in each further one named; one at least in each (a
# retransmission may repeat them).
each_attempt() {
    local what=$1 filter=$2 keylog=$3 k
    shift 3
    for k in "$@"; do
        check "$FILE" "$what (attempt $k)" "($filter) && udp.port==$(quic_port "$k")" "" "$keylog"
    done
}

# quic_close_in WHAT TYPE CODE FROM K...: CONNECTION_CLOSE frames (type 0x1c) with error
# code CODE, in packets of long-header type TYPE (0 Initial, 2 Handshake; "any": in
# whichever packet, 1-RTT included), sent by FROM,
# in the K-th attempt and in each further one named; read with the key log (harmless
# for Initials, needed for Handshake packets). An endpoint repeats its close for each
# packet that still arrives (RFC 9000, 10.2.1): one at least, not an exact count.
quic_close_in() {
    local what=$1 type="quic.long.packet_type==$2 && " code=$3 from=$4 src=ip.src k
    shift 4
    case $from in *:*) src=ipv6.src ;; esac
    [ "$type" != "quic.long.packet_type==any && " ] || type=""
    for k in "$@"; do
        check "$FILE" "$what (attempt $k)" \
            "${type}quic.frame_type==0x1c && quic.cc.error_code==$code && $src==$from && udp.port==$(quic_port "$k")" \
            "" "$KEYLOG"
    done
}

sc_quic_alpn_mismatch() {
    # ALPN is mandatory in QUIC (RFC 9001, 8.1): a server that has none of the client's
    # protocols ends the handshake with no_application_protocol, i.e. CONNECTION_CLOSE
    # 0x178 in its Initial packet, in the clear. quic-go's client offering only
    # hq-interop to the ngtcp2 server (which knows h3 and its drafts: GnuTLS refuses the
    # hello, GNUTLS_ALPN_MANDATORY), then the ngtcp2 client (h3) to quic-go's server set
    # to hq-interop only (crypto/tls's negotiateALPN).
    quic_setup
    ngtcp2_srv srv
    QPORT=4433 quic_srv srv2 -alpn hq-interop
    cap_start "$FILE"
    client_port 1
    quic_cli "$S4:443" -alpn hq-interop
    client_port 2
    QPORT=4433 ngtcp2_cli "$S4"
    cap_stop
    expect alpn_mismatch "no_application_protocol"
    expect alpn_mismatch "no_application_protocol"
    log_has "$SC-client.log" "handshake error"
    check "$FILE" "ALPN hq-interop offered" "quic.long.packet_type==0 && tls.handshake.extensions_alpn_str==\"hq-interop\" && ip.src==$C4" 1
    check "$FILE" "ALPN h3 offered" "quic.long.packet_type==0 && tls.handshake.extensions_alpn_str==\"h3\" && ip.src==$C4" 1
    quic_close_in "no_application_protocol from the server, in its Initials" 0 0x178 "$S4" 1 2
    no_packets "$FILE" "a ServerHello" "tls.handshake.type==2"
}

sc_quic_server_cert_rejected() {
    # quic-go's client verifies the server's certificate (crypto/tls): first against CA
    # B, which did not issue it, then the right CA but the name other.example.test,
    # which the certificate does not carry. Both times it sends bad_certificate
    # (CONNECTION_CLOSE 0x12a) in a Handshake packet, encrypted: only the key log shows
    # it. Against the ngtcp2 server, then quic-go's.
    quic_setup
    ngtcp2_srv srv
    QPORT=4433 quic_srv srv2
    cap_start "$FILE"
    client_port 1
    quic_cli "$S4:443" -ca "$PKI/caB.pem"
    client_port 2
    quic_cli "$S4:4433" -sni other.example.test
    cap_stop
    expect server_cert_rejected ""
    expect server_cert_rejected ""
    log_has "$SC-client.log" "certificate signed by unknown authority"
    log_has "$SC-client.log" "not other.example.test"
    each_attempt "a ServerHello" "quic.long.packet_type==0 && tls.handshake.type==2 && ip.src==$S4" "" 1 2
    quic_close_in "bad_certificate from the client, in Handshake packets" 2 0x12a "$C4" 1 2
    no_packets "$FILE" "HANDSHAKE_DONE" "quic.frame_type==0x1e" "$KEYLOG"
}

# quic_mtls_srv ARGS...: quic-go's server requiring a client certificate issued by CA A
# (tls.RequireAndVerifyClientCert); on UDP port 443.
quic_mtls_srv() {
    quic_srv srv -client-ca "$PKI/caA.pem" -client-auth verify "$@"
}

sc_quic_client_cert_missing() {
    # quic-go's server asks for a client certificate (CertificateRequest naming CA A);
    # the ngtcp2 client, then quic-go's, have none and send an empty Certificate.
    # crypto/tls (Go 1.19) answers an empty one with bad_certificate, CONNECTION_CLOSE
    # 0x12a from the server in a Handshake packet (quic-go may add a copy in a 1-RTT
    # one). In TLS 1.3 the client's side of the handshake is complete once it has sent
    # its Finished: quic-go's client goes on with its HTTP/3 request, which the close
    # then fails.
    quic_setup
    quic_mtls_srv
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4"
    client_port 2
    quic_cli "$S4:443" -request
    cap_stop
    expect client_cert_missing ""
    expect client_cert_missing ""
    log_has "$SC-client.log" "handshake error"
    each_attempt "a CertificateRequest, decrypted" "tls.handshake.type==13 && ip.src==$S4" "$KEYLOG" 1 2
    each_attempt "an empty client Certificate, decrypted" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" "$KEYLOG" 1 2
    quic_close_in "bad_certificate from the server" any 0x12a "$S4" 1 2
}

sc_quic_client_cert_rejected() {
    # The same server; the clients present a certificate of CA A that expired on
    # 2021-01-01: crypto/tls fails its verification and sends bad_certificate
    # (CONNECTION_CLOSE 0x12a) in a Handshake packet, as above.
    quic_setup
    quic_mtls_srv
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4" --cert="$PKI/client-expired.pem" --key="$PKI/client-expired.key"
    client_port 2
    quic_cli "$S4:443" -cert "$PKI/client-expired.pem" -key "$PKI/client-expired.key" -request
    cap_stop
    expect client_cert_rejected ""
    expect client_cert_rejected ""
    log_has "$SC-client.log" "handshake error"
    each_attempt "the expired client certificate, decrypted" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:03" "$KEYLOG" 1 2
    quic_close_in "bad_certificate from the server" any 0x12a "$S4" 1 2
}

sc_quic_version_negotiation() {
    # Clients whose versions the server does not speak, to quic-go's server limited to
    # v1: quic-go's client offering only draft-29 (0xff00001d), then only the v2 draft
    # (0x709a50c4), then the ngtcp2 client in the v2 draft, accepting no other version
    # (--preferred-versions). The server answers each first Initial with a Version
    # Negotiation packet (version 0) listing v1 and a reserved version; no client finds
    # one of its own in it, and each gives up (RFC 9000, 6.2): no second Initial.
    quic_setup
    # tshark 4.0 does not dissect the v2 draft (its packets are plain UDP to it): the
    # attempts are the UDP conversations to port 443, the checks read header bytes.
    ROWS_UDP='udp.dstport == 443'
    quic_srv srv -versions 1
    cap_start "$FILE"
    client_port 1
    quic_cli "$S4:443" -versions draft29
    client_port 2
    quic_cli "$S4:443" -versions v2draft
    client_port 3
    ngtcp2_cli "$S4" -v v2draft --preferred-versions=v2draft
    cap_stop
    expect version_mismatch "Version Negotiation"
    expect version_mismatch "Version Negotiation"
    expect version_mismatch "Version Negotiation"
    log_has "$SC-client.log" "no compatible QUIC version found (we support [draft-29]"
    log_has "$SC-client.log" "no compatible QUIC version found (we support [v2]"
    log_has "$SC-client.log" "Unable to select a version"
    check "$FILE" "a draft-29 Initial" "quic.long.packet_type==0 && quic.version==0xff00001d && ip.src==$C4" 1
    check "$FILE" "two v2-draft first datagrams" "$(v2draft_from "$C4")" 2
    check "$FILE" "Version Negotiation packets listing v1" \
        "udp.payload[1:4]==00:00:00:00 && udp.payload contains 00:00:00:01 && ip.src==$S4" 3
    check "$FILE" "a single datagram from each client" "udp && ip.src==$C4" 3
    no_packets "$FILE" "a ServerHello" "tls.handshake.type==2"
}

sc_quic_v2draft_ok() {
    # QUIC version 2 as ngtcp2 0.12 speaks it: draft-ietf-quic-v2 (0x709a50c4), the
    # version of RFC 9369 before its number (0x6b3343cf) was assigned, with the draft's
    # own Initial salt and long-header type codes. The ngtcp2 client and server, both
    # set to it, complete the handshake and the request. tshark 4.0 does not dissect
    # this version: rows and checks go by UDP and header bytes.
    quic_setup
    ROWS_UDP='udp.dstport == 443'
    ngtcp2_srv srv --preferred-versions=v2draft
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4" -v v2draft --preferred-versions=v2draft
    cap_stop
    expect ok ""
    log_has "$SC-client.log" "QUIC handshake has completed"
    log_has "$SC-client.log" "[:status: 200]"
    check "$FILE" "v2-draft packets from the client" "$(v2draft_from "$C4")"
    check "$FILE" "v2-draft packets from the server" "$(v2draft_from "$S4")"
    no_packets "$FILE" "v1 packets" "quic.version==1"
}

sc_quic_compatible_version_negotiation() {
    # Compatible version negotiation (RFC 9368): the ngtcp2 client's first Initial is
    # v1 and its version_information transport parameter says it would rather speak
    # the v2 draft; the ngtcp2 server, preferring it too, answers in the v2 draft and
    # the handshake goes on in that version, without a Version Negotiation packet.
    quic_setup
    ngtcp2_srv srv --preferred-versions=v2draft
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4" -v v1 --preferred-versions=v2draft,v1 --other-versions=v2draft,v1
    cap_stop
    expect ok ""
    log_has "$SC-client.log" "[:status: 200]"
    check "$FILE" "the client's first Initial, in v1" "quic.version==1 && ip.src==$C4 && quic.long.packet_type==0"
    check "$FILE" "v2-draft packets from the server" "$(v2draft_from "$S4")"
    no_packets "$FILE" "v1 packets from the server" "quic.version==1 && ip.src==$S4"
    no_packets "$FILE" "Version Negotiation" "udp.payload[1:4]==00:00:00:00"
}

sc_quic_retry() {
    # Address validation (RFC 9000, 8.1.2): the server answers the first Initial with a
    # Retry packet carrying a token; the client sends its Initial again, to the new
    # connection ID, with the token, and the handshake completes. The ngtcp2 server
    # (-V) with the ngtcp2 client, then quic-go's server (RequireAddressValidation) with
    # quic-go's client.
    quic_setup
    ngtcp2_srv srv -V
    QPORT=4433 quic_srv srv2 -retry
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4"
    client_port 2
    quic_cli "$S4:4433" -request
    cap_stop
    expect ok "Retry"
    expect ok "Retry"
    log_has "$SC-client.log" "handshake done: answer: HTTP/3.0 200"
    each_attempt "a Retry" "quic.long.packet_type==3 && ip.src==$S4" "" 1 2
    check "$FILE" "the ngtcp2 client's Initial with the token" \
        "quic.long.packet_type==0 && quic.token_length>0 && udp.srcport==$(quic_port 1)"
    check "$FILE" "quic-go's Initial with the token" \
        "quic.long.packet_type==0 && quic.token_length>0 && udp.srcport==$(quic_port 2)"
    quic_handshake_done 1 2
}

sc_quic_udp_blocked() {
    # A network that drops UDP to port 443 (a router's iptables rule) while TCP passes:
    # the ngtcp2 client's Initials are retransmitted (probe timeouts, doubling) until its
    # 5 s handshake timeout, nothing comes back; then, as a browser falls back from
    # HTTP/3 to TCP, openssl s_client to the same server's TCP port 443 (s_server),
    # which completes.
    quic_setup
    CAP_FILTER="udp or tcp"
    ROWS_UDP='quic.long.packet_type == 0 || (tcp.flags.syn == 1 && tcp.flags.ack == 0)'
    in_r iptables -A FORWARD -p udp --dport 443 -j DROP
    ngtcp2_srv srv
    s_server_bg tcpsrv -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4"
    client_port 2
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect no_server_response ""
    expect_other - ""
    expect ok "TLS1.3"
    check "$FILE" "several Initials from the client" "quic.long.packet_type==0 && ip.src==$C4"
    no_packets "$FILE" "UDP from the server" "udp && ip.src==$S4"
    check "$FILE" "the HTTP answer over TCP" 'http.response.code==200' 1 "$KEYLOG"
}

sc_quic_path_mtu_1250() {
    # A path that drops IP packets longer than 1250 bytes (the router's iptables length
    # match). quic-go pads its Initial datagrams to 1252 bytes of UDP payload over IPv4
    # (1280 bytes of IP: protocol.InitialPacketSizeIPv4): every one is dropped, the
    # client hears nothing and gives up after its 5 s handshake timeout. ngtcp2 sends
    # 1200-byte payloads (1228 bytes of IP, RFC 9000's minimum) through the same path and
    # completes; only its larger path MTU probes are lost.
    quic_setup
    in_r iptables -A FORWARD -p udp -m length --length 1251:65535 -j DROP
    ngtcp2_srv srv
    cap_start "$FILE"
    client_port 1
    quic_cli "$S4:443"
    client_port 2
    ngtcp2_cli "$S4"
    cap_stop
    expect no_server_response "1252"
    expect_other - ""
    expect ok ""
    log_has "$SC-client.log" "timeout"
    check "$FILE" "quic-go's 1252-byte Initials" "quic.long.packet_type==0 && udp.length==1260 && ip.src==$C4"
    check "$FILE" "ngtcp2's 1200-byte Initial" "quic.long.packet_type==0 && udp.length==1208 && ip.src==$C4"
    quic_handshake_done 2
}

sc_quic_server_down() {
    # Nothing bound to UDP port 443: the server's kernel answers each datagram with an
    # ICMP port unreachable (RFC 1122, 4.1.3.1). Neither client takes it for an answer
    # (RFC 9000 lets ICMP errors be ignored, 14.2.1): the ngtcp2 client retransmits its
    # Initial after 1 s and 2 s more, quic-go pads two datagrams per probe timeout,
    # each until its 5 s handshake timeout; every datagram gets its ICMP error back.
    quic_setup
    CAP_FILTER="udp or icmp or icmp6"
    ROWS_UDP='quic.long.packet_type == 0 && !icmp && !icmpv6'
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4"
    client_port 2
    quic_cli "$S4:443"
    cap_stop
    # UDP's reset: the same class as a TCP SYN answered by the server's RST.
    expect server_reset "port unreachable"
    expect server_reset "port unreachable"
    check "$FILE" "ICMP port unreachable from the server" "icmp.type==3 && icmp.code==3 && ip.src==$S4"
    no_packets "$FILE" "UDP from the server" "udp && !icmp && ip.src==$S4"
}

# quic_icmp_setup: QUIC attempts whose answers are ICMP errors: the capture keeps them
# (ICMPv6 errors only, types below 128, as dtls_setup), and the Initial quoted inside an
# ICMP error is no attempt of its own.
quic_icmp_setup() {
    quic_setup
    CAP_FILTER="udp or icmp or (icmp6 and ip6[40] < 128)"
    ROWS_UDP='quic.long.packet_type == 0 && !icmp && !icmpv6'
}

sc_quic_icmp_prohibited() {
    # A router whose filter rejects UDP to port 443 instead of dropping it: iptables
    # REJECT --reject-with icmp-admin-prohibited (ICMP type 3 code 13, RFC 1812 5.2.7.1),
    # ip6tables icmp6-adm-prohibited (ICMPv6 type 1 code 1, RFC 4443 3.1), sent from the
    # router's own address on the client's side. The ngtcp2 client over IPv4, then
    # quic-go's over IPv6; each Initial that reaches the router draws one error, the
    # server sees nothing. Neither client takes the error for an answer (RFC 9000 14.2.1
    # lets ICMP be ignored, since it can be forged): ngtcp2 retransmits its Initial after
    # 1 s and 2 s more, quic-go sends two padded Initials per probe timeout, each until
    # its 5 s handshake timeout, and every datagram draws its own error.
    quic_icmp_setup
    in_r iptables -A FORWARD -p udp --dport 443 -j REJECT --reject-with icmp-admin-prohibited
    in_r ip6tables -A FORWARD -p udp --dport 443 -j REJECT --reject-with icmp6-adm-prohibited
    ngtcp2_srv srv
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4"
    client_port 2
    quic_cli "[$S6]:443"
    cap_stop
    expect middlebox_reset "administratively prohibited"
    expect_other - ""
    expect middlebox_reset "administratively prohibited"
    expect_other - ""
    check "$FILE" "ICMP administratively prohibited from the router" \
        "icmp.type==3 && icmp.code==13 && ip.src==$R4C"
    check "$FILE" "ICMPv6 administratively prohibited from the router" \
        "icmpv6.type==1 && icmpv6.code==1 && ipv6.src==$R6C"
    no_packets "$FILE" "UDP from the server" "udp && !icmp && !icmpv6 && (ip.src==$S4 || ipv6.src==$S6)"
    no_packets "$OTHER_FILE" "datagrams of the client at the server" "udp"
}

sc_quic_icmp_host_unreachable() {
    # A router that answers as if the server's host were gone: iptables REJECT
    # --reject-with icmp-host-unreachable (ICMP type 3 code 1, RFC 792), and over IPv6
    # icmp6-addr-unreachable (ICMPv6 type 1 code 3, RFC 4443 3.1), what a router sends
    # when neighbour discovery finds no host at the address. The ngtcp2 client over
    # IPv4, quic-go's over IPv6; no QUIC packet comes back, the server sees nothing.
    quic_icmp_setup
    in_r iptables -A FORWARD -p udp --dport 443 -j REJECT --reject-with icmp-host-unreachable
    in_r ip6tables -A FORWARD -p udp --dport 443 -j REJECT --reject-with icmp6-addr-unreachable
    ngtcp2_srv srv
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4"
    client_port 2
    quic_cli "[$S6]:443"
    cap_stop
    expect no_server_response "host unreachable"
    expect_other - ""
    expect no_server_response "address unreachable"
    expect_other - ""
    check "$FILE" "ICMP host unreachable from the router" "icmp.type==3 && icmp.code==1 && ip.src==$R4C"
    check "$FILE" "ICMPv6 address unreachable from the router" \
        "icmpv6.type==1 && icmpv6.code==3 && ipv6.src==$R6C"
    no_packets "$FILE" "UDP from the server" "udp && !icmp && !icmpv6 && (ip.src==$S4 || ipv6.src==$S6)"
    no_packets "$OTHER_FILE" "datagrams of the client at the server" "udp"
}

sc_quic_capture_late() {
    # tcpdump started a moment after the client: the capture lacks the client's first
    # Initial (its ClientHello). The packets are those of a real handshake, the ngtcp2
    # client with the ngtcp2 server, captured at the client as usual; only the first
    # frame is then left out (editcap -r keeps frames 2 to the last). What remains begins
    # with the server's Initial (ServerHello) and Handshake packets: the handshake is
    # seen from its middle, without the hello the analyzer needs. The rows take the
    # attempt from the client's next Initial (its ACK of the server's), the first one
    # left to the port 443.
    quic_setup
    ROWS_UDP='quic.long.packet_type == 0 && udp.dstport == 443'
    ngtcp2_srv srv
    cap_start "$WORK/$SC-full.pcap"
    client_port 1
    ngtcp2_cli "$S4"
    cap_stop
    check "$WORK/$SC-full.pcap" "the client's first Initial, first in the full capture" \
        "frame.number==1 && quic.long.packet_type==0 && ip.src==$C4 && tls.handshake.type==1" 1
    rm -f "$FILE"
    # editcap 4.0 wants both ends of a range: frames 2 to the last.
    editcap -r "$WORK/$SC-full.pcap" "$FILE" \
        "2-$(tshark -r "$WORK/$SC-full.pcap" 2>/dev/null | wc -l)" >/dev/null
    expect incomplete "first Initial"
    no_packets "$FILE" "a ClientHello" "tls.handshake.type==1"
    check "$FILE" "the server's Initial, first" \
        "frame.number==1 && quic.long.packet_type==0 && ip.src==$S4" 1
    # The handshake did complete: the full capture, with the key log, shows the server's
    # HANDSHAKE_DONE and the answer. Without the client's first Initial tshark cannot
    # follow the connection, so the cut capture is checked by headers only.
    check "$WORK/$SC-full.pcap" "HANDSHAKE_DONE from the server" \
        "quic.frame_type==0x1e && ip.src==$S4" "" "$KEYLOG"
    log_has "$SC-client.log" "[:status: 200]"
}

sc_quic_amplification_stall() {
    # The anti-amplification limit (RFC 9000, 8.1): before it has validated the client's
    # address a server sends at most three times the bytes it received from it. Here the
    # router lets only the first datagram of each UDP flow to port 443 through (iptables
    # connbytes: from the second packet of the flow on, in the client's direction, DROP),
    # so the client's acknowledgements and Handshake packets, which would validate its
    # address, never arrive. quic-go's server holds a certificate chain far larger than
    # three times the ngtcp2 client's 1200-byte Initial: a chain file with the leaf and
    # eleven more certificates of this PKI (a bundle pasted whole into the chain, as
    # happens), some 10 KB. The server sends its ServerHello and the start of its
    # Certificate in three full 1252-byte datagrams and then nothing more: quic-go checks
    # the limit before each packet (ackhandler/sent_packet_handler.go: limited once
    # bytesSent >= 3 * bytesReceived), so the third one takes it to 3756 bytes for the
    # 1200 received, one datagram past the strict threefold. The client acknowledges
    # and probes with Handshake packets, which the router drops, and at its 5 s handshake
    # timeout closes (CONNECTION_CLOSE in a Handshake packet) without ever having had
    # the whole Certificate or the server's Finished. Captured at the server (the main
    # file) and at the client (NAME.at-client.pcap).
    quic_setup
    cat "$PKI/server.pem" "$PKI/server2.pem" "$PKI/server-ec.pem" "$PKI/server-other.pem" \
        "$PKI/server-expired.pem" "$PKI/server-inter.pem" "$PKI/inter.pem" "$PKI/caA.pem" \
        "$PKI/caB.pem" "$PKI/selfsigned.pem" "$PKI/client.pem" "$PKI/client-b.pem" \
        >"$WORK/bigchain.pem"
    in_r iptables -A FORWARD -p udp --dport 443 -m connbytes --connbytes 2: \
        --connbytes-dir original --connbytes-mode packets -j DROP
    quic_build
    bg "$NS_S" srv "$QUIC_PEER" -mode server -addr ":443" -cert "$WORK/bigchain.pem" \
        -key "$PKI/server.key"
    udp_listen "$NS_S" 443
    CAP_NS=$NS_S cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4"
    cap_stop
    expect no_server_response "amplification"
    # At the client: the same stall, the server's flight cut short.
    expect_other no_server_response ""
    local sent recv
    recv=$(tshark -r "$FILE" -Y "udp && ip.dst==$S4" -T fields -e udp.length 2>/dev/null |
        awk '{ n += $1 - 8 } END { print n + 0 }')
    sent=$(tshark -r "$FILE" -Y "udp && ip.src==$S4" -T fields -e udp.length 2>/dev/null |
        awk '{ n += $1 - 8 } END { print n + 0 }')
    log "$SC: the server received $recv bytes of UDP payload and sent $sent"
    check "$FILE" "a single datagram from the client at the server" "udp && ip.src==$C4" 1
    check "$FILE" "the ServerHello" "quic.long.packet_type==0 && tls.handshake.type==2 && ip.src==$S4"
    # At most one full datagram (1252 bytes) past three times what was received.
    [ "$sent" -le $((3 * recv + 1252)) ] || die "$SC: the server sent $sent bytes for $recv received"
    check "$FILE" "three datagrams from the server" "udp && ip.src==$S4" 3
    check "$OTHER_FILE" "the client's Handshake packets (acknowledgements, probes)" \
        "quic.long.packet_type==2 && ip.src==$C4"
    no_packets "$OTHER_FILE" "the server's Finished, decrypted" "tls.handshake.type==20 && ip.src==$S4" "$KEYLOG"
    check "$OTHER_FILE" "the client's CONNECTION_CLOSE at its timeout, decrypted" \
        "quic.frame_type==0x1c && ip.src==$C4" 1 "$KEYLOG"
    no_packets "$OTHER_FILE" "HANDSHAKE_DONE" "quic.frame_type==0x1e" "$KEYLOG"
}

sc_quic_connection_refused() {
    # A server whose application does not take its connections: quicpeer -no-accept,
    # quic-go's listener never asked to Accept. quic-go 0.29 completes each handshake and
    # queues the connection; once protocol.MaxAcceptQueueSize (32) are queued and still
    # open, server.go answers each new client's first Initial with a single Initial of
    # its own holding CONNECTION_CLOSE with the transport error CONNECTION_REFUSED
    # (0x02, RFC 9000, 20.1), with no ServerHello (sendConnectionRefused). 32 ngtcp2
    # clients fill the queue first, from ports outside the captured range, each waiting
    # for an answer to its request that never comes, so their connections stay open
    # until the idle timeout (10 s, the server's); they are not captured (the capture
    # filter keeps the scenario's own client ports). Then the ngtcp2 client and
    # quic-go's client each try once and are refused.
    local i n
    quic_setup
    QPORT=443 quic_srv srv -no-accept
    in_c sysctl -qw net.ipv4.ip_local_port_range="30000 30099"
    # One at a time, each started once the one before has completed its handshake
    # (gtlsclient's output, line-buffered into its log: started together, most of them
    # stalled after their first Initial).
    for i in $(seq 32); do
        bg "$NS_C" "$SC-fill$i" stdbuf -oL -eL gtlsclient --sni=www.example.test \
            --handshake-timeout=5s --timeout=20s "$S4" 443 \
            "https://www.example.test/hello.txt"
        for n in $(seq 100); do
            grep -q "QUIC handshake has completed" "$WORK/$SC-fill$i.log" && break
            sleep 0.05
        done
        log_has "$SC-fill$i.log" "QUIC handshake has completed"
    done
    # The server counts a connection once it has the client's Finished, half a round
    # trip after the client completed.
    sleep 0.5
    CAP_FILTER="udp portrange $(quic_port 1)-$(quic_port 9)"
    cap_start "$FILE"
    client_port 1
    ngtcp2_cli "$S4"
    client_port 2
    quic_cli "$S4:443"
    cap_stop
    expect server_reset "CONNECTION_REFUSED"
    expect server_reset "CONNECTION_REFUSED"
    log_has "$SC-client.log" "CONNECTION_REFUSED"
    each_attempt "CONNECTION_CLOSE CONNECTION_REFUSED in the server's Initial" \
        "quic.long.packet_type==0 && ip.src==$S4 && quic.frame_type==0x1c && quic.cc.error_code==2" "" 1 2
    no_packets "$FILE" "a ServerHello" "tls.handshake.type==2"
}
