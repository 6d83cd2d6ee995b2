# scenarios-dtls.sh - captures of DTLS (RFC 6347) over UDP, sourced by make-captures.sh.
#
# Three DTLS stacks of Debian 12, each as client and as server: OpenSSL 3.0 (openssl
# s_server -dtls / s_client -dtls), GnuTLS 3.7 (gnutls-serv --udp / gnutls-cli --udp) and
# pion/dtls v2.2 (peers/dtlspeer.go, the DTLS library of Go WebRTC and IoT programs). The
# server listens on UDP port 4433; each attempt is one UDP conversation, a row per
# conversation taken from its first ClientHello (ROWS_UDP).
#
# DTLS 1.3 (RFC 9147) is not in any of them: OpenSSL 3.0's s_client/s_server know
# -dtls1 and -dtls1_2 only, GnuTLS 3.7.9 lists VERS-DTLS0.9, VERS-DTLS1.0 and
# VERS-DTLS1.2 (gnutls-cli --list), pion/dtls v2 speaks DTLS 1.2 only.
#
# What the servers do with a first ClientHello (and what the captures show):
#   - s_server turns on SSL_OP_COOKIE_EXCHANGE for every DTLS connection (apps/s_server.c),
#     so its first answer is a HelloVerifyRequest with a cookie; with -listen the cookie
#     exchange is the stateless DTLSv1_listen() before any connection state exists;
#   - gnutls-serv --udp answers a hello without a valid cookie with
#     gnutls_dtls_cookie_send() (src/udp-serv.c): a HelloVerifyRequest, too;
#   - pion's server sends a HelloVerifyRequest unless InsecureSkipVerifyHello is set
#     (flight0handler.go/flight2handler.go; dtlspeer -no-cookie).
# Every handshake below therefore starts ClientHello, HelloVerifyRequest, ClientHello
# with the cookie, then the server's flight, unless the scenario says otherwise.
#
# Needs, besides what make-captures.sh needs: Go and pion/dtls from Debian. On Debian:
#   apt-get install golang-go golang-github-pion-dtls.v2-dev

scenario_block 1100 \
    dtls-ok-openssl \
    dtls-ok-gnutls \
    dtls-ok-openssl-gnutls \
    dtls-ok-gnutls-openssl \
    dtls-ok-pion \
    dtls-ok-pion-openssl \
    dtls-ok-openssl-pion \
    dtls-ok-cookie \
    dtls-ok-no-cookie \
    dtls-ok-fragmented \
    dtls-ok-lost-flight \
    dtls-version-mismatch \
    dtls-no-shared-cipher \
    dtls-client-cert-missing \
    dtls-client-cert-rejected \
    dtls-server-cert-rejected \
    dtls-alpn-mismatch \
    dtls-no-server-response \
    dtls-server-down \
    dtls-unknown-sni \
    dtls-icmp-prohibited \
    dtls-client-cert-rejected-gnutls

DTLS_PORT=4433

# dtls_setup: what every DTLS scenario captures and counts. ICMP errors stay in: a
# closed port answers with ICMP port unreachable, and a datagram that errs on the path
# comes back as ICMP too (ICMPv6 errors are the types below 128; neighbour discovery,
# types 133-137, would only make the files differ from run to run). The attempts are
# the UDP conversations, each from its first ClientHello; the ClientHello quoted inside
# an ICMP error is no attempt of its own.
dtls_setup() {
    CAP_FILTER="udp or icmp or (icmp6 and ip6[40] < 128)"
    ROWS_UDP='dtls.handshake.type == 1 && !icmp && !icmpv6'
}

# dtls_wait NS PORT: servers take a moment to bind their UDP socket.
dtls_wait() {
    local ns=$1 port=$2 i
    for i in $(seq 100); do
        if ip netns exec "$ns" ss -Hlun "sport = :$port" | grep -q .; then
            return 0
        fi
        sleep 0.05
    done
    die "nothing listens on UDP port $port in $ns"
}

# dtls_stop_servers: stop the scenario's servers (not the capture), so that the next
# connection can meet another server on the same port.
dtls_stop_servers() {
    local pid
    for pid in "${BG_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${BG_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    BG_PIDS=()
}

# dtls_s_server NAME ARGS...: openssl s_server over DTLS on port 4433, IPv4 and IPv6 (a
# bare port gives one dual-stack socket). It prints what it receives and answers nothing.
# Its input is a FIFO that never ends: over UDP s_server serves one connection at a time
# from its terminal loop, and the end of its input would end it ("DONE") before any
# client came.
dtls_s_server() {
    local name=$1
    shift
    rm -f "$WORK/$name.in"
    mkfifo "$WORK/$name.in"
    bg "$NS_S" "$name" sh -c 'exec "$@" <>"$0"' "$WORK/$name.in" \
        openssl s_server -accept "$DTLS_PORT" "$@"
    dtls_wait "$NS_S" "$DTLS_PORT"
}

# dtls_s_client TARGET ARGS...: openssl s_client over DTLS, sending one line; its input
# stays open for a second, then it ends the session with close_notify. Killed after
# TIMEOUT seconds; never fails the script.
dtls_s_client() {
    local target=$1
    shift
    { printf 'hello from s_client\n'; sleep 1; } | in_c timeout "$TIMEOUT" openssl s_client \
        -connect "$target" -keylogfile "$KEYLOG" "$@" >>"$WORK/$SC-client.log" 2>&1 || true
}

# dtls_gnutls_server NAME ARGS...: gnutls-serv --udp on port 4433 (every address), echoing
# what it receives.
dtls_gnutls_server() {
    local name=$1
    shift
    bg "$NS_S" "$name" gnutls-serv --udp --echo -p "$DTLS_PORT" "$@"
    dtls_wait "$NS_S" "$DTLS_PORT"
}

# dtls_gnutls_client HOST ARGS...: gnutls-cli --udp, one line, input open for a second
# (it sends close_notify when its input ends); secrets through SSLKEYLOGFILE.
dtls_gnutls_client() {
    local host=$1
    shift
    { printf 'hello from gnutls-cli\n'; sleep 1; } | in_c env SSLKEYLOGFILE="$KEYLOG" \
        timeout "$TIMEOUT" gnutls-cli --udp -p "$DTLS_PORT" "$@" "$host" \
        >>"$WORK/$SC-client.log" 2>&1 || true
}

# dtls_peer_build: build peers/dtlspeer.go once per run into $WORK/go, offline, against
# Debian's Go packages in /usr/share/gocode (GOPATH mode). Build cache and HOME stay in
# $WORK.
DTLS_PEER=""
dtls_peer_build() {
    DTLS_PEER="$WORK/go/dtlspeer"
    [ -x "$DTLS_PEER" ] && return 0
    command -v go >/dev/null || die "go missing (see the header of scenarios-dtls.sh)"
    [ -d /usr/share/gocode/src/github.com/pion/dtls/v2 ] ||
        die "pion/dtls missing (see the header of scenarios-dtls.sh)"
    mkdir -p "$WORK/go"
    env HOME="$WORK/go" GOCACHE="$WORK/go/cache" GOPATH="$WORK/go/path:/usr/share/gocode" \
        GO111MODULE=off CGO_ENABLED=0 go build -o "$DTLS_PEER.tmp" "$OUT/peers/dtlspeer.go" \
        >"$WORK/go/dtls-build.log" 2>&1 ||
        die "go build dtlspeer.go failed: $(cat "$WORK/go/dtls-build.log")"
    mv "$DTLS_PEER.tmp" "$DTLS_PEER"
}

# dtls_pion_server NAME ARGS...: dtlspeer as a server on port 4433 (every address).
dtls_pion_server() {
    local name=$1
    shift
    dtls_peer_build
    bg "$NS_S" "$name" "$DTLS_PEER" -mode server -addr ":$DTLS_PORT" "$@"
    dtls_wait "$NS_S" "$DTLS_PORT"
}

# dtls_pion_client TARGET ARGS...: dtlspeer as a client, writing the scenario's key log.
dtls_pion_client() {
    local target=$1
    shift
    dtls_peer_build
    in_c timeout "$TIMEOUT" "$DTLS_PEER" -mode client -addr "$target" -keylog "$KEYLOG" "$@" \
        >>"$WORK/$SC-client.log" 2>&1 || true
}

# dtls_log_has FILE WORDS: a program's log must say WORDS (its own account of what happened).
dtls_log_has() {
    grep -qF -- "$2" "$WORK/$1" || die "$SC: $1 lacks \"$2\": $(tail -n 3 "$WORK/$1" || true)"
}

# dtls_complete [N] [KEYLOG]: N (1) complete DTLS 1.2 handshakes: a ServerHello for
# DTLS 1.2 and a ChangeCipherSpec each way per handshake, and no fatal alert in the clear.
dtls_complete() {
    local n=${1:-1}
    check "$FILE" "DTLS 1.2 ServerHellos" 'dtls.handshake.type==2 && dtls.handshake.version==0xfefd' "$n"
    check "$FILE" "ChangeCipherSpec both ways" 'dtls.record.content_type==20' $((2 * n))
    no_packets "$FILE" "fatal alerts in the clear" 'dtls.alert_message.level==2'
}

# dtls_cookie [N]: N (1) HelloVerifyRequests, each followed by a second ClientHello that
# carries the cookie.
dtls_cookie() {
    local n=${1:-1}
    check "$FILE" "HelloVerifyRequests" 'dtls.handshake.type==3' "$n"
    check "$FILE" "ClientHellos with a cookie" 'dtls.handshake.type==1 && dtls.handshake.cookie_length>0' "$n"
}

# dtls_alert CODE FROM [COUNT]: COUNT (1) fatal alerts CODE in the clear from address FROM.
dtls_alert() {
    local code=$1 from=$2 n=${3:-1} src=ip.src
    case $from in *:*) src=ipv6.src ;; esac
    check "$FILE" "fatal alert $code from $from" \
        "dtls.alert_message.level==2 && dtls.alert_message.desc==$code && $src==$from" "$n"
}

# dtls_gnutls_silent K: the K-th connection got one datagram from the server, the
# HelloVerifyRequest, and nothing after its ClientHello with the cookie, which it sent
# again.
dtls_gnutls_silent() {
    local port=$((40000 + 10 * SC_INDEX + $1))
    check "$FILE" "a HelloVerifyRequest alone from the server" "udp.dstport==$port" 1
    check "$FILE" "the HelloVerifyRequest" "udp.dstport==$port && dtls.handshake.type==3" 1
    check "$FILE" "the cookie ClientHello sent again" \
        "udp.srcport==$port && dtls.handshake.type==1 && dtls.handshake.cookie_length>0"
    [ "$(tshark -r "$FILE" -Y "udp.srcport==$port && dtls.handshake.cookie_length>0" 2>/dev/null | wc -l)" -ge 2 ] ||
        die "$SC: connection $1 did not retransmit its ClientHello"
}

# ---------------------------------------------------------------------------------------
# Complete handshakes.

sc_dtls_ok_openssl() {
    # OpenSSL both ends, DTLS 1.2: ClientHello, HelloVerifyRequest (s_server's cookie
    # exchange), ClientHello with the cookie, the server's flight, the client's
    # ClientKeyExchange/ChangeCipherSpec/Finished, the server's ChangeCipherSpec/Finished,
    # one line of application data, close_notify.
    dtls_setup
    dtls_s_server srv -dtls1_2 -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test \
        -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect ok "DTLS1.2 HelloVerifyRequest"
    dtls_complete
    dtls_cookie
    dtls_log_has srv.log "hello from s_client"
}

sc_dtls_ok_gnutls() {
    # GnuTLS both ends over IPv4: gnutls-serv --udp also starts with a HelloVerifyRequest
    # (udp-serv.c: gnutls_dtls_cookie_send for a hello without a valid cookie); --echo
    # sends the client's line back.
    dtls_setup
    dtls_gnutls_server srv --x509certfile "$PKI/server.pem" --x509keyfile "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_gnutls_client "$S4" --x509cafile "$PKI/caA.pem" --sni-hostname www.example.test \
        --verify-hostname www.example.test
    cap_stop
    expect ok "DTLS1.2 HelloVerifyRequest"
    dtls_complete
    dtls_cookie
    dtls_log_has "$SC-client.log" "hello from gnutls-cli"
}

sc_dtls_ok_openssl_gnutls() {
    # OpenSSL's client against GnuTLS's server, over IPv6.
    dtls_setup
    dtls_gnutls_server srv --x509certfile "$PKI/server.pem" --x509keyfile "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "[$S6]:$DTLS_PORT" -dtls1_2 -servername www.example.test \
        -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect ok "DTLS1.2 HelloVerifyRequest"
    dtls_complete
    dtls_cookie
    check "$FILE" "IPv6 only" 'ipv6' "$(tshark -r "$FILE" 2>/dev/null | wc -l)"
    dtls_log_has "$SC-client.log" "hello from s_client"
}

sc_dtls_ok_gnutls_openssl() {
    # GnuTLS's client against OpenSSL's server, over IPv4.
    dtls_setup
    dtls_s_server srv -dtls1_2 -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_gnutls_client "$S4" --x509cafile "$PKI/caA.pem" --sni-hostname www.example.test \
        --verify-hostname www.example.test
    cap_stop
    expect ok "DTLS1.2 HelloVerifyRequest"
    dtls_complete
    dtls_cookie
    dtls_log_has srv.log "hello from gnutls-cli"
}

sc_dtls_ok_pion() {
    # pion/dtls both ends, over IPv6: pion's server starts with a HelloVerifyRequest too;
    # pion's client sends its line, the server answers one line and closes (close_notify).
    dtls_setup
    dtls_pion_server srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_pion_client "[$S6]:$DTLS_PORT" -sni www.example.test -ca "$PKI/caA.pem"
    cap_stop
    expect ok "DTLS1.2 HelloVerifyRequest"
    dtls_complete
    dtls_cookie
    dtls_log_has "$SC-client.log" "answer: hello from dtlspeer"
}

sc_dtls_ok_pion_openssl() {
    # pion's client against OpenSSL's server.
    dtls_setup
    dtls_s_server srv -dtls1_2 -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_pion_client "$S4:$DTLS_PORT" -sni www.example.test -ca "$PKI/caA.pem"
    cap_stop
    expect ok "DTLS1.2 HelloVerifyRequest"
    dtls_complete
    dtls_cookie
    dtls_log_has "$SC-client.log" "handshake done"
    dtls_log_has srv.log "hello from the client"
}

sc_dtls_ok_openssl_pion() {
    # OpenSSL's client against pion's server.
    dtls_setup
    dtls_pion_server srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test \
        -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect ok "DTLS1.2 HelloVerifyRequest"
    dtls_complete
    dtls_cookie
    dtls_log_has srv.log "handshake done"
    dtls_log_has "$SC-client.log" "hello from dtlspeer"
}

sc_dtls_ok_cookie() {
    # s_server -listen: the first ClientHello is answered by DTLSv1_listen(), statelessly
    # (the cookie is an HMAC the server can check without remembering the client); only
    # the second ClientHello, with the cookie, makes a connection. Two clients, OpenSSL
    # and GnuTLS, one after the other; s_server -listen connects its socket to the first
    # client that passes the cookie check and ends with that connection, so it is
    # started again for the second.
    dtls_setup
    dtls_s_server srv -dtls1_2 -listen -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test \
        -CAfile "$PKI/caA.pem" -verify_return_error
    dtls_stop_servers
    dtls_s_server srv2 -dtls1_2 -listen -cert "$PKI/server.pem" -key "$PKI/server.key"
    client_port 2
    dtls_gnutls_client "$S4" --x509cafile "$PKI/caA.pem" --sni-hostname www.example.test \
        --verify-hostname www.example.test
    cap_stop
    expect ok "DTLS1.2 HelloVerifyRequest cookie"
    expect ok "DTLS1.2 HelloVerifyRequest cookie"
    dtls_complete 2
    dtls_cookie 2
    check "$FILE" "four ClientHellos" 'dtls.handshake.type==1' 4
}

sc_dtls_ok_no_cookie() {
    # pion's server with InsecureSkipVerifyHello (dtlspeer -no-cookie) answers the first
    # ClientHello with its flight at once: no HelloVerifyRequest, one ClientHello.
    # OpenSSL's and GnuTLS's clients.
    dtls_setup
    dtls_pion_server srv -no-cookie -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test \
        -CAfile "$PKI/caA.pem" -verify_return_error
    client_port 2
    dtls_gnutls_client "$S4" --x509cafile "$PKI/caA.pem" --sni-hostname www.example.test \
        --verify-hostname www.example.test
    cap_stop
    expect ok "DTLS1.2"
    expect ok "DTLS1.2"
    dtls_complete 2
    no_packets "$FILE" "a HelloVerifyRequest" 'dtls.handshake.type==3'
    check "$FILE" "one ClientHello per connection" 'dtls.handshake.type==1' 2
}

sc_dtls_ok_fragmented() {
    # A 300-byte MTU on both ends (s_server -mtu 300, s_client -mtu 300; DTLS_set_link_mtu
    # with SSL_OP_NO_QUERY_MTU): OpenSSL cuts each handshake message into fragments that
    # fit (dtls1_do_write), so the server's Certificate (about 1 KB) arrives in several
    # fragments, each with its fragment_offset and fragment_length. Then gnutls-cli
    # --mtu 300 against the same server: GnuTLS fragments its own flight the same way.
    dtls_setup
    dtls_s_server srv -dtls1_2 -mtu 300 -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -mtu 300 -servername www.example.test \
        -CAfile "$PKI/caA.pem" -verify_return_error
    client_port 2
    dtls_gnutls_client "$S4" --mtu 300 --x509cafile "$PKI/caA.pem" \
        --sni-hostname www.example.test --verify-hostname www.example.test
    cap_stop
    expect ok "DTLS1.2 fragment"
    expect ok "DTLS1.2 fragment"
    dtls_complete 2
    check "$FILE" "Certificate fragments after the first" \
        "dtls.handshake.type==11 && dtls.handshake.fragment_offset>0 && ip.src==$S4"
    no_packets "$FILE" "datagrams over 300 bytes" 'udp && udp.length>308'
}

sc_dtls_ok_lost_flight() {
    # The first copy of the server's big flight (ServerHello, Certificate,
    # ServerKeyExchange, ServerHelloDone: the first server datagram over 200 bytes, after
    # the small HelloVerifyRequest) is dropped in the router (iptables statistic nth:
    # the first matching packet only). The client's retransmission timer (OpenSSL: 1 s,
    # doubling) sends its ClientHello again; the server retransmits its flight with new
    # record sequence numbers, and the handshake completes.
    dtls_setup
    in_r iptables -A FORWARD -p udp --sport "$DTLS_PORT" -m length --length 200:65535 \
        -m statistic --mode nth --every 1000000 --packet 0 -j DROP
    dtls_s_server srv -dtls1_2 -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test \
        -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect ok "DTLS1.2 retransmi"
    # At the server both copies of the flight leave; at the client only the second comes.
    dtls_complete
    check "$FILE" "three ClientHellos (the one with the cookie twice)" 'dtls.handshake.type==1' 3
    check "$FILE" "one ServerHello at the client" 'dtls.handshake.type==2' 1
    check "$OTHER_FILE" "two ServerHellos at the server" 'dtls.handshake.type==2' 2
}

# ---------------------------------------------------------------------------------------
# Refused handshakes. Where several stacks can give the same failure, the scenario has
# one connection per pair, the servers started one after the other on the same port.

sc_dtls_version_mismatch() {
    # A DTLS 1.0-only client against DTLS 1.2-only servers. OpenSSL 3.0 needs security
    # level 0 to offer DTLS 1.0 at all (its SHA-1/MD5 PRF is below level 1), as an old
    # embedded client built against it would be configured. Client and server pairs:
    # s_client -dtls1 to s_server -dtls1_2 (protocol_version); gnutls-cli with only
    # VERS-DTLS1.0 to gnutls-serv with only VERS-DTLS1.2; s_client -dtls1 to pion (DTLS
    # 1.2 only; protocol_version). gnutls-serv --udp sends no alert when a handshake
    # fails: its UDP loop (src/udp-serv.c) prints the error and drops the session, so the
    # client gets the HelloVerifyRequest, then nothing, retransmits its ClientHello and is
    # killed after TIMEOUT.
    dtls_setup
    dtls_s_server srv -dtls1_2 -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1 -cipher 'DEFAULT:@SECLEVEL=0' -servername www.example.test
    dtls_stop_servers
    dtls_gnutls_server gsrv --priority 'NORMAL:-VERS-ALL:+VERS-DTLS1.2' \
        --x509certfile "$PKI/server.pem" --x509keyfile "$PKI/server.key"
    client_port 2
    dtls_gnutls_client "$S4" --priority 'NORMAL:-VERS-ALL:+VERS-DTLS1.0:%VERIFY_ALLOW_SIGN_WITH_SHA1' \
        --x509cafile "$PKI/caA.pem" --sni-hostname www.example.test
    dtls_stop_servers
    dtls_pion_server psrv -cert "$PKI/server.pem" -key "$PKI/server.key"
    client_port 3
    dtls_s_client "$S4:$DTLS_PORT" -dtls1 -cipher 'DEFAULT:@SECLEVEL=0' -servername www.example.test
    cap_stop
    expect version_mismatch "protocol_version DTLS1.0"
    expect no_server_response "HelloVerifyRequest"
    expect version_mismatch "protocol_version DTLS1.0"
    check "$FILE" "ClientHellos for DTLS 1.0" 'dtls.handshake.type==1 && dtls.handshake.version==0xfeff'
    no_packets "$FILE" "a ServerHello" 'dtls.handshake.type==2'
    dtls_alert 70 "$S4" 2
    dtls_gnutls_silent 2
}

sc_dtls_no_shared_cipher() {
    # Versions fit, cipher suites do not. s_server offering only
    # ECDHE-RSA-AES256-GCM-SHA384 to s_client offering only AES128-SHA; gnutls-serv with
    # only AES-256-GCM to gnutls-cli with only AES-128-CBC; pion, which has no RSA key
    # exchange suites at all, to s_client offering only AES128-SHA (pion answers
    # insufficient_security). gnutls-serv --udp drops the refused session without an
    # alert (see dtls-version-mismatch).
    dtls_setup
    dtls_s_server srv -dtls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384 \
        -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -cipher AES128-SHA -servername www.example.test
    dtls_stop_servers
    dtls_gnutls_server gsrv --priority 'NORMAL:-CIPHER-ALL:+AES-256-GCM' \
        --x509certfile "$PKI/server.pem" --x509keyfile "$PKI/server.key"
    client_port 2
    dtls_gnutls_client "$S4" --priority 'NORMAL:-CIPHER-ALL:+AES-128-CBC' \
        --x509cafile "$PKI/caA.pem" --sni-hostname www.example.test
    dtls_stop_servers
    dtls_pion_server psrv -cert "$PKI/server.pem" -key "$PKI/server.key"
    client_port 3
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -cipher AES128-SHA -servername www.example.test
    cap_stop
    expect no_shared_cipher "handshake_failure"
    expect no_server_response "HelloVerifyRequest"
    expect no_shared_cipher "insufficient_security"
    no_packets "$FILE" "a ServerHello" 'dtls.handshake.type==2'
    dtls_alert 40 "$S4"
    dtls_alert 71 "$S4"
    dtls_gnutls_silent 2
}

sc_dtls_client_cert_missing() {
    # Servers that require a client certificate, clients that have none: s_server
    # -Verify 1 and s_client; gnutls-serv --require-client-cert and gnutls-cli; pion with
    # RequireAndVerifyClientCert and pion's client. Each client answers the
    # CertificateRequest with an empty Certificate, and the server aborts: OpenSSL with
    # handshake_failure, pion with the old SSL 3.0 alert no_certificate(41)
    # (flight4handler.go); gnutls-serv --udp without an alert (see dtls-version-mismatch),
    # so gnutls-cli sends its last flight again and again (1, 2, 4 s) until it is killed.
    dtls_setup
    dtls_s_server srv -dtls1_2 -Verify 1 -CAfile "$PKI/caA.pem" \
        -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test -CAfile "$PKI/caA.pem"
    dtls_stop_servers
    dtls_gnutls_server gsrv --require-client-cert --x509cafile "$PKI/caA.pem" \
        --x509certfile "$PKI/server.pem" --x509keyfile "$PKI/server.key"
    client_port 2
    dtls_gnutls_client "$S4" --x509cafile "$PKI/caA.pem" --sni-hostname www.example.test \
        --verify-hostname www.example.test
    dtls_stop_servers
    dtls_pion_server psrv -client-auth verify -client-ca "$PKI/caA.pem" \
        -cert "$PKI/server.pem" -key "$PKI/server.key"
    client_port 3
    dtls_pion_client "$S4:$DTLS_PORT" -sni www.example.test -ca "$PKI/caA.pem"
    cap_stop
    expect client_cert_missing "CertificateRequest handshake_failure"
    expect client_cert_missing "CertificateRequest"
    expect client_cert_missing "CertificateRequest no_certificate"
    check "$FILE" "CertificateRequests" 'dtls.handshake.type==13'
    check "$FILE" "empty client Certificates (GnuTLS's sent four times)" \
        "dtls.handshake.type==11 && dtls.handshake.certificates_length==0 && ip.src==$C4" 6
    dtls_alert 40 "$S4"
    dtls_alert 41 "$S4"
}

sc_dtls_client_cert_rejected() {
    # The same servers, trusting CA A only, and clients offering the certificate of CA
    # B: s_server with -verify_return_error (else it would only log the error) and
    # s_client; gnutls-serv --require-client-cert and gnutls-cli (see below); pion with
    # RequireAndVerifyClientCert and s_client. Last pion's client with the same
    # certificate: like Go's crypto/tls it sends a certificate only when its issuer is
    # among the CertificateRequest's acceptable CA names (getClientCertificate,
    # certificate.go), so it answers with an empty Certificate and the server sees none.
    dtls_setup
    dtls_s_server srv -dtls1_2 -Verify 1 -verify_return_error -CAfile "$PKI/caA.pem" \
        -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    dtls_stop_servers
    dtls_gnutls_server gsrv --require-client-cert --x509cafile "$PKI/caA.pem" \
        --x509certfile "$PKI/server.pem" --x509keyfile "$PKI/server.key"
    client_port 2
    dtls_gnutls_client "$S4" --x509cafile "$PKI/caA.pem" --sni-hostname www.example.test \
        --verify-hostname www.example.test \
        --x509certfile "$PKI/client-b.pem" --x509keyfile "$PKI/client-b.key"
    dtls_stop_servers
    dtls_pion_server psrv -client-auth verify -client-ca "$PKI/caA.pem" \
        -cert "$PKI/server.pem" -key "$PKI/server.key"
    client_port 3
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    client_port 4
    dtls_pion_client "$S4:$DTLS_PORT" -sni www.example.test -ca "$PKI/caA.pem" \
        -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    cap_stop
    expect client_cert_rejected "unknown_ca CA B"
    # gnutls-serv's --require-client-cert asks for a certificate and insists on one, but
    # verifies it only with --verify-client-cert as well (gnutls-serv --help): CA B's is
    # taken, the handshake completes and data flows both ways.
    expect ok "DTLS1.2"
    expect client_cert_rejected "CA B"
    expect client_cert_missing "CertificateRequest no_certificate"
    check "$FILE" "client Certificates from CA B" \
        "dtls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:02" 3
    check "$FILE" "pion's empty Certificate" \
        "dtls.handshake.type==11 && dtls.handshake.certificates_length==0 && ip.src==$C4" 1
    dtls_alert 48 "$S4"
    dtls_alert 41 "$S4"
}

sc_dtls_server_cert_rejected() {
    # Clients that trust CA B only, servers with a certificate of CA A: s_client
    # -verify_return_error to s_server, gnutls-cli to gnutls-serv, pion's client to
    # pion's server. The client aborts after the server's flight with an alert instead
    # of its ClientKeyExchange.
    dtls_setup
    dtls_s_server srv -dtls1_2 -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test -CAfile "$PKI/caB.pem" \
        -verify_return_error
    dtls_stop_servers
    dtls_gnutls_server gsrv --x509certfile "$PKI/server.pem" --x509keyfile "$PKI/server.key"
    client_port 2
    dtls_gnutls_client "$S4" --x509cafile "$PKI/caB.pem" --sni-hostname www.example.test \
        --verify-hostname www.example.test
    dtls_stop_servers
    dtls_pion_server psrv -cert "$PKI/server.pem" -key "$PKI/server.key"
    client_port 3
    dtls_pion_client "$S4:$DTLS_PORT" -sni www.example.test -ca "$PKI/caB.pem"
    cap_stop
    expect server_cert_rejected "unknown_ca"
    expect server_cert_rejected ""
    expect server_cert_rejected ""
    no_packets "$FILE" "a ClientKeyExchange" 'dtls.handshake.type==16'
    dtls_alert 48 "$C4"
    check "$FILE" "fatal alerts from the clients" "dtls.alert_message.level==2 && ip.src==$C4" 3
}

sc_dtls_alpn_mismatch() {
    # ALPN over DTLS (RFC 7301 applies to DTLS alike; WebRTC names "webrtc" and
    # "c-webrtc", RFC 8833). gnutls-serv --alpn webrtc --alpn-fatal refuses a hello
    # whose protocols it does not support (no_application_protocol); so does pion's
    # server (SupportedProtocols set, no overlap). OpenSSL's s_server is left out: its
    # ALPN callback answers "no overlap" with SSL_TLSEXT_ERR_NOACK, i.e. it goes on
    # without ALPN (apps/s_server.c alpn_cb). gnutls-serv --udp refuses without an alert
    # (see dtls-version-mismatch): s_client retransmits its ClientHello until killed. And
    # gnutls-cli, given pion's no_application_protocol alert in answer to its second
    # ClientHello, does not stop: it sends that ClientHello again on its timer until
    # killed.
    dtls_setup
    dtls_gnutls_server gsrv --alpn webrtc --alpn-fatal \
        --x509certfile "$PKI/server.pem" --x509keyfile "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -alpn c-webrtc -servername www.example.test \
        -CAfile "$PKI/caA.pem"
    dtls_stop_servers
    dtls_pion_server psrv -alpn webrtc -cert "$PKI/server.pem" -key "$PKI/server.key"
    client_port 2
    dtls_pion_client "$S4:$DTLS_PORT" -alpn c-webrtc -sni www.example.test -ca "$PKI/caA.pem"
    client_port 3
    dtls_gnutls_client "$S4" --alpn c-webrtc --x509cafile "$PKI/caA.pem" \
        --sni-hostname www.example.test --verify-hostname www.example.test
    cap_stop
    expect no_server_response "HelloVerifyRequest"
    expect alpn_mismatch "no_application_protocol c-webrtc"
    expect alpn_mismatch "no_application_protocol c-webrtc"
    dtls_alert 120 "$S4" 2
    dtls_gnutls_silent 1
    no_packets "$FILE" "a ServerHello" 'dtls.handshake.type==2'
}

sc_dtls_no_server_response() {
    # A firewall on the path drops every datagram to the server's port. OpenSSL's
    # client retransmits its ClientHello on its timer (1 s, doubling: dtls1_double_timeout)
    # until it is killed after TIMEOUT; pion's client retransmits every second
    # (FlightInterval) until its handshake deadline (dtlspeer -timeout 5s) and gives up.
    dtls_setup
    in_r iptables -A FORWARD -p udp --dport "$DTLS_PORT" -j DROP
    in_r ip6tables -A FORWARD -p udp --dport "$DTLS_PORT" -j DROP
    dtls_s_server srv -dtls1_2 -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    TIMEOUT=8 dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test
    client_port 2
    dtls_pion_client "[$S6]:$DTLS_PORT" -timeout 5s -sni www.example.test -ca "$PKI/caA.pem"
    cap_stop
    expect no_server_response "retransmi"
    expect_other -
    expect no_server_response "retransmi"
    expect_other -
    no_packets "$FILE" "datagrams from the server" "udp.srcport==$DTLS_PORT"
    check "$FILE" "OpenSSL's ClientHello, four times (0, 1, 3, 7 s)" "dtls.handshake.type==1 && ip.src==$C4" 4
    check "$FILE" "pion's ClientHello, again and again" "dtls.handshake.type==1 && ipv6.src==$C6"
    dtls_log_has "$SC-client.log" "handshake error"
}

sc_dtls_server_down() {
    # Nothing listens on the port: the server's kernel answers each datagram with ICMP
    # port unreachable (ICMPv6 type 1 code 4 over IPv6). OpenSSL's client gets the error
    # on its connected socket (ECONNREFUSED) at its next read and gives up at once.
    # GnuTLS's client, over IPv6, answers the error with a fatal internal_error alert of
    # its own (which draws one more port unreachable) and gives up.
    dtls_setup
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test
    client_port 2
    dtls_gnutls_client "$S6" --sni-hostname www.example.test
    cap_stop
    expect server_reset "port unreachable"
    expect server_reset "port unreachable"
    check "$FILE" "ICMP port unreachable" "icmp.type==3 && icmp.code==3 && ip.src==$S4"
    check "$FILE" "ICMPv6 port unreachable" "icmpv6.type==1 && icmpv6.code==4 && ipv6.src==$S6"
    no_packets "$FILE" "DTLS from the server" "udp.srcport==$DTLS_PORT"
}

sc_dtls_unknown_sni() {
    # s_server switches to its -cert2 context for the -servername name and, with
    # -servername_fatal, refuses any other name with a fatal unrecognized_name alert
    # (apps/s_server.c ssl_servername_cb): over DTLS as over TLS. First the configured
    # name, then another one.
    dtls_setup
    dtls_s_server srv -dtls1_2 -cert "$PKI/server.pem" -key "$PKI/server.key" \
        -cert2 "$PKI/server2.pem" -key2 "$PKI/server2.key" \
        -servername www.example.test -servername_fatal
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    client_port 2
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername other.example.test
    cap_stop
    expect ok "DTLS1.2"
    expect unknown_sni "unrecognized_name other.example.test"
    check "$FILE" "one ServerHello" 'dtls.handshake.type==2' 1
    dtls_alert 112 "$S4"
}

sc_dtls_icmp_prohibited() {
    # A router whose filter rejects the DTLS port instead of dropping it: iptables REJECT
    # --reject-with icmp-admin-prohibited (ICMP type 3 code 13, RFC 1812 5.2.7.1) and
    # ip6tables icmp6-adm-prohibited (ICMPv6 type 1 code 1, RFC 4443 3.1), from the
    # router's address on the client's side. s_client over IPv4, gnutls-cli over IPv6;
    # the server, running, sees nothing. Linux reports the error on the clients'
    # connected sockets (EHOSTUNREACH, EACCES for ICMPv6 code 1: icmp_err_convert,
    # icmpv6_err_convert) and each gives up at its next read, as with a port unreachable
    # (dtls-server-down): s_client at once, gnutls-cli after a fatal internal_error alert
    # of its own, which the filter rejects too.
    dtls_setup
    in_r iptables -A FORWARD -p udp --dport "$DTLS_PORT" -j REJECT --reject-with icmp-admin-prohibited
    in_r ip6tables -A FORWARD -p udp --dport "$DTLS_PORT" -j REJECT --reject-with icmp6-adm-prohibited
    dtls_s_server srv -dtls1_2 -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_s_client "$S4:$DTLS_PORT" -dtls1_2 -servername www.example.test
    client_port 2
    dtls_gnutls_client "$S6" --sni-hostname www.example.test
    cap_stop
    expect middlebox_reset "administratively prohibited"
    expect_other -
    expect middlebox_reset "administratively prohibited"
    expect_other -
    check "$FILE" "ICMP administratively prohibited from the router" \
        "icmp.type==3 && icmp.code==13 && ip.src==$R4C"
    check "$FILE" "ICMPv6 administratively prohibited from the router" \
        "icmpv6.type==1 && icmpv6.code==1 && ipv6.src==$R6C"
    no_packets "$FILE" "DTLS from the server" "udp.srcport==$DTLS_PORT"
    no_packets "$OTHER_FILE" "datagrams of the clients at the server" "udp"
}

sc_dtls_client_cert_rejected_gnutls() {
    # gnutls-serv --udp requiring a client certificate and verifying it
    # (--require-client-cert with --verify-client-cert, trusting CA A only), gnutls-cli
    # offering the certificate of CA B. Without --verify-client-cert the server takes it
    # (dtls-client-cert-rejected); with it, the verification fails after the client's
    # flight (Certificate, ClientKeyExchange, CertificateVerify, ChangeCipherSpec,
    # Finished), and GnuTLS 3.7 does not drop that session in silence as it does a
    # refused hello: it answers with a fatal access_denied(49) alert in the clear, no
    # ChangeCipherSpec or Finished of its own, and gnutls-cli stops ("Received alert
    # [49]: Access was denied"). (gnutls-serv 3.7.9 then dies of a segmentation fault in
    # these runs, after the alert is sent: the capture is complete by then.)
    dtls_setup
    dtls_gnutls_server gsrv --require-client-cert --verify-client-cert --x509cafile "$PKI/caA.pem" \
        --x509certfile "$PKI/server.pem" --x509keyfile "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    dtls_gnutls_client "$S4" --x509cafile "$PKI/caA.pem" --sni-hostname www.example.test \
        --verify-hostname www.example.test \
        --x509certfile "$PKI/client-b.pem" --x509keyfile "$PKI/client-b.key"
    cap_stop
    expect client_cert_rejected "access_denied CA B"
    dtls_cookie
    check "$FILE" "a CertificateRequest" "dtls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "the client's Certificate of CA B" \
        "dtls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:02"
    no_packets "$FILE" "a ChangeCipherSpec from the server" "dtls.record.content_type==20 && ip.src==$S4"
    dtls_alert 49 "$S4"
    dtls_log_has "$SC-client.log" "Received alert [49]"
}
