# scenarios-fragments.sh - TLS handshakes whose IP datagrams crossed a link in fragments,
# and TLS carried in Teredo; sourced by make-captures.sh.
#
# ip-fragments: IPv4 fragmentation on the way, by the router. The client sends without
# Don't Fragment (net.ipv4.ip_no_pmtu_disc=1 in its namespace) and the router's link to
# the server has an MTU of 576 while the server's own interface keeps 1500: the server
# announces an MSS of 1460, the client sends segments of that size, and the router cuts
# each one it forwards into fragments (RFC 791 3.2). The main capture is the server's,
# where the fragments are; NAME.at-client.pcap holds the same connections whole.
#
# ip6-fragments: IPv6 fragmentation at the source, by a tunnel end. GRE over IPv6
# (tunnelend.py's ip6gre, as in the tunnel-ip6gre scenario) with an inner MTU of 1500 on
# an underlay of 1500: an inner packet of 1500 bytes becomes an outer datagram of 1544,
# which the kernel's IPv6 stack sends in two fragments (RFC 8200 4.5; IPv6 routers
# never fragment). The kernel's VXLAN over IPv6 does not do this: it drops the
# oversized inner packet and lowers the inner route's MTU instead (the inner TCP then
# retransmits smaller), so no fragment is ever sent. The inner connection is IPv4
# (198.19.0.2 to 198.19.0.3, the tunnel scenarios' addresses; both ends send without
# DF, so the inner packets stay full size), captured on the client's eth0 where the
# outer headers are; the capture filter keeps the GRE datagrams and their fragments.
#
# In each, two connections: one that completes and one refused (a client certificate
# from a CA the server does not know; the server certificate expired), so both an "ok"
# and a failure are read from reassembled datagrams.

scenario_block 850 \
    ip-fragments \
    ip6-fragments \
    teredo

sc_ip_fragments() {
    in_c sysctl -qw net.ipv4.ip_no_pmtu_disc=1
    ip -n "$NS_R" link set s0 mtu 576
    # TLS 1.2, so that the client's certificate and the server's refusal are in clear.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -verify_return_error -tls1_2
    CAP_NS=$NS_S cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error -cert "$PKI/client.pem" -key "$PKI/client.key"
    client_port 2
    s_client "$S4:443" -servername www.example.test -cert "$PKI/client-b.pem" \
        -key "$PKI/client-b.key"
    cap_stop
    expect ok "handshake.complete TLS1.2"
    expect client_cert_rejected "alert.client_cert_rejected unknown_ca(48) CA B"
    check "$FILE" "IPv4 fragments from the client (cut by the router)" \
        "ip.src==$C4 && ip.flags.mf==1"
    check "$FILE" "the client's last fragments" "ip.src==$C4 && ip.flags.mf==0 && ip.frag_offset>0"
    check "$FILE" "two client Certificate messages (reassembled)" \
        "ip.src==$C4 && tls.handshake.type==11" 2
    check "$FILE" "alert unknown_ca from the server" "tls.alert_message.desc==48 && ip.src==$S4" 1
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    # At the client the same segments are whole, without DF.
    no_packets "$OTHER_FILE" "fragments at the client" "ip.flags.mf==1 || ip.frag_offset>0"
    check "$OTHER_FILE" "full-size segments without DF" "ip.src==$C4 && ip.flags.df==0 && ip.len>576"
}

sc_ip6_fragments() {
    local ns
    for ns in "$NS_C" "$NS_S"; do
        ip netns exec "$ns" sysctl -qw net.ipv4.ip_no_pmtu_disc=1
    done
    # tunnel_user, tunnel_inner and wait_exit are scenarios-tunnels.sh's; the inner MTU
    # is as large as the underlay's.
    tunnel_user g6 ip6gre 0 "$C6" "$S6"
    T_MTU=1500 tunnel_ends_inet g6
    CAP_FILTER="ip6 and (ip6[6] == 47 or ip6[6] == 44)" ONE_END=1 cap_start "$FILE"
    s_server_bg ok -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    client_port 1
    s_client "$T4S:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    wait_exit
    # The expired certificate sent with its CA: the server's flight is larger than one
    # packet, so the refused handshake is read from reassembled datagrams too.
    s_server_bg expired -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key" \
        -cert_chain "$PKI/caA.pem" -naccept 1
    client_port 2
    s_client "$T4S:443" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect server_cert_rejected "certificate_expired(45) cert.expired"
    check "$FILE" "a TLS 1.3 ServerHello" \
        "tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304" 1
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$FILE" "the expired server certificate" \
        "tls.handshake.type==11 && x509af.serialNumber==10:04" 1
    check "$FILE" "certificate_expired from the client" \
        "tls.alert_message.level==2 && tls.alert_message.desc==45 && ip.src==$T4C" 1
    check "$FILE" "IPv6 fragments from the server's tunnel end" "ipv6.src==$S6 && ipv6.fraghdr.more==1"
    local k
    for k in 1 2; do
        check "$FILE" "a reassembled datagram in connection $k" \
            "ipv6.fragments && tcp.dstport==$((40000 + 10 * SC_INDEX + k))"
    done
    local total
    total=$(tshark -r "$FILE" 2>/dev/null | wc -l)
    check "$FILE" "every packet in the tunnel or a fragment of it" \
        "ipv6.src in {$C6, $S6} && (gre.proto==0x0800 || ipv6.fraghdr)" "$total"
}

# Teredo (RFC 4380) with Debian's miredo: a Teredo server (miredo-server) in the server
# namespace on S4 and the next address, 198.18.1.3 (a Teredo server needs two
# consecutive IPv4 addresses), and two Teredo clients (miredo): the TLS client in the
# client namespace, the TLS server's host in the router namespace (bound to R4S). miredo
# takes 198.18.0.0/15 for global unicast (it refuses only private, loopback, link-local
# and multicast ranges); the Teredo prefix is set to 2001:db8::/32 (the default,
# 2001::/32, is outside the documentation prefix), so every Teredo address is
# 2001:db8:c612:102::/64 (the server's address in hex, then the client's flags, port and
# address, obfuscated). The clients qualify with the server (a Router Solicitation with
# an authentication header, an Advertisement with an origin indication), then talk to
# each other directly over UDP after the bubbles (RFC 4380 5.2.6). The clients bind
# port 3544 too (real ones pick any port): their direct datagrams are then on Teredo's
# well-known port, where tlsdiag (and Wireshark) look for Teredo. The capture on the
# client's eth0 keeps UDP port 3544. Two connections: TLS 1.3 completed, and a TLS 1.2
# client refusing an expired server certificate.
TEREDO_S2=198.18.1.3

teredo_client() {
    local ns=$1 name=$2 bind=$3
    printf '%s\n' "RelayType client" "InterfaceName teredo" "ServerAddress $S4" \
        "BindAddress $bind" "BindPort 3544" >"$WORK/$name.conf"
    bg "$ns" "$name" miredo -f -c "$WORK/$name.conf" -p "$WORK/$name.pid"
}

# teredo_address NS: the Teredo address of the client in NS, once it has qualified.
teredo_address() {
    local ns=$1 addr=""
    for _ in $(seq 200); do
        addr=$(ip -n "$ns" -6 -o addr show dev teredo scope global 2>/dev/null |
            awk '{ sub("/.*", "", $4); print $4; exit }')
        [ -n "$addr" ] && break
        sleep 0.05
    done
    [ -n "$addr" ] || die "the Teredo client in $ns did not qualify: $(cat "$WORK"/teredo-*.log)"
    echo "$addr"
}

sc_teredo() {
    command -v miredo >/dev/null && command -v miredo-server >/dev/null ||
        die "$SC needs miredo and miredo-server (apt-get install miredo miredo-server)"
    ip -n "$NS_S" addr add "$TEREDO_S2/24" dev eth0
    printf '%s\n' "ServerBindAddress $S4" "ServerBindAddress2 $TEREDO_S2" "Prefix 2001:db8::" \
        >"$WORK/teredo-server.conf"
    bg "$NS_S" teredo-server miredo-server -f -c "$WORK/teredo-server.conf" \
        -p "$WORK/teredo-server.pid"
    for _ in $(seq 100); do
        in_s ss -Hlun "sport = :3544" | grep -q . && break
        sleep 0.05
    done
    CAP_FILTER="udp port 3544" ONE_END=1 cap_start "$FILE"
    teredo_client "$NS_C" teredo-c "$C4"
    teredo_client "$NS_R" teredo-r "$R4S"
    local tc tr
    tc=$(teredo_address "$NS_C")
    tr=$(teredo_address "$NS_R")
    teredo_server_tls ok -cert "$PKI/server.pem" -key "$PKI/server.key"
    client_port 1
    s_client "[$tr]:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    wait_exit
    teredo_server_tls expired -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key"
    client_port 2
    s_client "[$tr]:443" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    cap_stop
    expect ok "tls13.complete TLS1.3 teredo"
    expect server_cert_rejected "certificate_expired(45) cert.expired teredo"
    check "$FILE" "the client's Router Solicitation with an authentication header" \
        "teredo.auth && icmpv6.type==133 && ip.src==$C4"
    check "$FILE" "the server's Router Advertisement with an origin indication" \
        "teredo.auth && teredo.orig && icmpv6.type==134 && ip.src==$S4"
    check "$FILE" "bubbles (IPv6 without a next header)" "teredo && ipv6.nxt==59"
    check "$FILE" "a TLS 1.3 ServerHello" \
        "tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304" 1
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$FILE" "certificate_expired from the client" \
        "tls.alert_message.level==2 && tls.alert_message.desc==45 && ipv6.src==$tc" 1
    local total
    total=$(tshark -r "$FILE" -Y tcp 2>/dev/null | wc -l)
    check "$FILE" "every TCP segment in Teredo, directly between the clients" \
        "tcp && teredo && ip.src in {$C4, $R4S} && ip.dst in {$C4, $R4S}" "$total"
}

# teredo_server_tls NAME ARGS...: s_server on the Teredo address of the router
# namespace's client, for one connection.
teredo_server_tls() {
    local name=$1 tr
    shift
    tr=$(teredo_address "$NS_R")
    bg "$NS_R" "$name" sh -c 'cd "$0" && exec "$@"' "$WORK/www" \
        openssl s_server -accept "[$tr]:443" -WWW -naccept 1 "$@"
    wait_listen "$NS_R" 443
}
