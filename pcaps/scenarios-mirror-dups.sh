# scenarios-mirror-dups.sh - captures taken where customers' captures come from besides
# the hosts themselves, sourced by make-captures.sh: a mirror port that copies every
# packet twice, a VXLAN tunnel on a port of its own, and the kernel's NFLOG.
#
# mirror-duplicates: a router's mirror of both its ports, as a SPAN session over a
#   router's ingress and egress is often set up. In the router namespace, tc (clsact, a
#   u32 filter matching everything, the mirred action) copies what enters and what
#   leaves c0 and s0 onto span0, one end of a veth pair that carries nothing else, and
#   tcpdump captures there. Every packet is in the capture twice: once as it entered the
#   router (TTL / hop limit as its sender set it, 64) and once as it left (63, other MAC
#   addresses, another IP checksum), microseconds apart. The second copy is what Wireshark
#   calls a retransmission; tlsdiag drops it and counts it (man page, TCP REASSEMBLY).
# mirror-duplicates-two-sessions: two mirror sessions over the same port, c0 (each copies
#   its ingress and egress onto span0): every frame twice, byte for byte the same.
# tunnel-vxlan-port-4790: the kernel's VXLAN as in tunnel-vxlan, on UDP port 4790, which
#   no one decodes as VXLAN by default: tshark is told with -d udp.port==4790,vxlan,
#   tlsdiag with --vxlan-ports 4790 (pcaps/tunnel-vxlan-port-4790.options, which
#   tests/golden/run.sh adds to every run over the capture).
# nflog: the client's packets logged by iptables' NFLOG target (OUTPUT and INPUT, group
#   5) and captured with tcpdump -i nflog:5: link type NFLOG (239), each packet in an
#   NFULA_PAYLOAD attribute without a link-layer header.
#
# Each capture holds two connections, one after the other: a TLS 1.3 handshake that
# completes (HTTP answer and all), and a TLS 1.2 one the client refuses because the
# server's certificate expired (its certificate_expired alert in clear). Their classes
# are those the same connections get in a plain capture. There is one capture file per
# scenario (the other end sees an ordinary capture).

scenario_block 980 \
    mirror-duplicates \
    mirror-duplicates-two-sessions \
    tunnel-vxlan-port-4790 \
    nflog

# mirror_capture DEV...: copies what enters and leaves each DEV of the router onto span0
# (SESSIONS=2: twice over, as two mirror sessions do), then captures on span0 into FILE.
mirror_capture() {
    local dev dir n actions
    ip -n "$NS_R" link add span0 type veth peer name span1
    for dev in span0 span1; do
        in_r sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1"
        quiet_offloads "$NS_R" "$dev"
        ip -n "$NS_R" link set "$dev" arp off up
    done
    for dev in "$@"; do
        in_r tc qdisc add dev "$dev" clsact
        for dir in ingress egress; do
            # One filter, one mirred action per session: the first filter that matches
            # ends the classification, its actions all run.
            actions=()
            for n in $(seq "${SESSIONS:-1}"); do
                actions+=(action mirred egress mirror dev span0)
            done
            in_r tc filter add dev "$dev" "$dir" protocol all u32 match u32 0 0 "${actions[@]}"
        done
    done
    rm -f "$FILE"
    ip netns exec "$NS_R" tcpdump -U --immediate-mode -Z root -i span0 -s "$SNAP" \
        -w "$FILE" "$CAP_FILTER" >"$WORK/tcpdump.log" 2>&1 &
    CAP_PIDS+=($!)
    wait_capture "$WORK/tcpdump.log"
}

# mirror_wait_exit: the last server started (-naccept 1) is gone before the next binds.
mirror_wait_exit() {
    local pid=${BG_PIDS[${#BG_PIDS[@]} - 1]}
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.05
    done
    die "the server did not exit after its connection"
}

# ok_then_expired TARGET: the two connections of each scenario here (see the header) and
# their expectations; the capture is stopped after them.
ok_then_expired() {
    local target=$1
    s_server_bg ok -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    client_port 1
    s_client "$target" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    mirror_wait_exit
    s_server_bg expired -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key" -naccept 1
    client_port 2
    s_client "$target" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect server_cert_rejected "certificate_expired(45) cert.expired"
    verify_error "$SC-client.log" 10
}

# ok_then_expired_checks FILE: what tshark must see in a capture of the two connections
# holding each packet once (Wireshark does not dissect a second copy it takes for a
# retransmission: the mirrors' captures are checked through a copy of each packet).
ok_then_expired_checks() {
    local file=$1
    check "$file" "the ClientHellos" 'tls.handshake.type==1' 2
    check "$file" "a TLS 1.3 ServerHello" \
        'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    check "$file" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$file" "the expired server certificate" \
        'tls.handshake.type==11 && x509af.serialNumber==10:04' 1
    check "$file" "certificate_expired from the client" \
        "tls.alert_message.level==2 && tls.alert_message.desc==45 && ip.src==$C4" 1
}

sc_mirror_duplicates() {
    mirror_capture c0 s0
    ok_then_expired "$S4:443"
    local total half
    total=$(tshark -r "$FILE" 2>/dev/null | wc -l)
    half=$((total / 2))
    [ $((half * 2)) -eq "$total" ] || die "$SC: $total packets, not every one twice"
    check "$FILE" "each packet as it entered the router" 'ip.ttl==64' "$half"
    check "$FILE" "each packet as it left the router" 'ip.ttl==63' "$half"
    check "$FILE" "copies that Wireshark takes for retransmissions" 'tcp.analysis.retransmission'
    # As they entered the router: each packet once.
    tshark -r "$FILE" -Y 'ip.ttl==64' -w "$WORK/entered.pcap" 2>/dev/null
    ok_then_expired_checks "$WORK/entered.pcap"
}

sc_mirror_duplicates_two_sessions() {
    SESSIONS=2 mirror_capture c0
    ok_then_expired "$S4:443"
    local total unique
    total=$(tshark -r "$FILE" 2>/dev/null | wc -l)
    # editcap -D 2: a frame the same (MD5) as the one before it is dropped.
    editcap -D 2 "$FILE" "$WORK/unique.pcap" >/dev/null 2>&1
    unique=$(tshark -r "$WORK/unique.pcap" 2>/dev/null | wc -l)
    [ $((unique * 2)) -eq "$total" ] || die "$SC: $total frames, $unique different: not each twice"
    ok_then_expired_checks "$WORK/unique.pcap"
}

sc_tunnel_vxlan_port_4790() {
    # The VXLAN tunnel of sc_tunnel_vxlan (scenarios-tunnels.sh) with dstport 4790.
    local ns here there
    for ns in "$NS_C" "$NS_S"; do
        if [ "$ns" = "$NS_C" ]; then here=$C4 there=$S4; else here=$S4 there=$C4; fi
        ip -n "$ns" link add vx0 type vxlan id 42 remote "$there" local "$here" \
            dstport 4790 srcport 49152 49153
    done
    tunnel_ends_inet vx0 ethernet
    TSHARK_OPTS=(-d udp.port==4790,vxlan)
    OUTER="vxlan.vni==42 && udp.dstport==4790 && eth.dst in {$T_MAC_C, $T_MAC_S}"
    CAP_FILTER="udp port 4790" tunnel_tls "$T4S" "$T4C" expired
    printf '%s\n' "--vxlan-ports 4790" >"$OUT/$SC.options"
}

sc_nflog() {
    local chain
    for chain in OUTPUT INPUT; do
        in_c iptables -A "$chain" -p tcp -j NFLOG --nflog-group 5 --nflog-threshold 1
    done
    rm -f "$FILE"
    # No filter: the iptables rules log TCP only (and libpcap cannot filter NFLOG).
    ip netns exec "$NS_C" tcpdump -U --immediate-mode -Z root -i nflog:5 -s "$SNAP" \
        -w "$FILE" >"$WORK/tcpdump.log" 2>&1 &
    CAP_PIDS+=($!)
    wait_capture "$WORK/tcpdump.log"
    ok_then_expired "$S4:443"
    [ "$(capinfos -T -E "$FILE" | tail -n1 | cut -f2)" = "nflog" ] || die "$SC: not an NFLOG capture"
    ok_then_expired_checks "$FILE"
}
