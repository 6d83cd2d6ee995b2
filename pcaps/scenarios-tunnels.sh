# scenarios-tunnels.sh - TLS handshakes carried inside tunnels, captured on the underlay,
# sourced by make-captures.sh.
#
# A tunnel joins the client namespace and the server namespace across the router: its
# ends are the underlay addresses C4 and S4 (S6 and C6 for ip6gre), and the packets
# between them are routed (the router decrements the outer TTL). Inside, the two ends
# have addresses of their own, 198.19.0.2 (client) and 198.19.0.3 (server), or
# 2001:db8:f::2 and 2001:db8:f::3, on an inner device with an MTU of 1400 so that the
# encapsulated packets fit the underlay's 1500 bytes. The capture is taken on the
# client's eth0, where the outer headers are, and keeps only the tunnel's packets;
# there is one capture file per scenario (ONE_END). The connections the analyzer must
# find are the inner ones: the rows of expected.tsv have the inner addresses.
#
# In each tunnel two connections, one after the other: a TLS 1.3 handshake that
# completes (HTTP answer and all), and one that fails - the server's certificate expired
# (TLS 1.2, the client's certificate_expired alert in clear) or a server that speaks
# TLS 1.3 only refusing a TLS 1.2 client with protocol_version.
#
# The kernel of the machines the captures are made on has VXLAN but no other tunnel
# driver (no Geneve, GRE, ERSPAN, IPIP, SIT, IPv6 GRE, ip6tnl, GTP or MPLS): the VXLAN
# tunnel is the kernel's (`ip link add ... type vxlan`), the others are tunnelend.py's,
# a user-space tunnel end writing the headers the Linux drivers write (see its header)
# over the kernel's UDP and raw IP sockets, or for MPLS a packet socket on the client's
# eth0 and the router's c0: labels switch hop by hop, so the MPLS link ends at the
# router, which routes the inner packets on to the server (tunnel_ends_router).
#
# There is no 8021q driver either: the tags of tunnel-qinq (802.1ad over 802.1Q, on
# the client's link to the router) and of tunnel-nested (VLAN 20 under the VXLAN, VLAN
# 30 inside it) are pushed and popped by tc BPF programs (tag_bpf), as for ok-vlan.
# tunnel-qinq carries the underlay's own connection (C4 to S4).
#
# The rows of the captures added last (tunnel-qinq and after) also hold the words of
# the analyzer's "carried in ..." evidence.
#
# Inner neighbours are static (no ARP or neighbour discovery inside the tunnel) and the
# inner devices of IPv4 tunnels have IPv6 off, so the captures hold the TLS connections
# and nothing else.

scenario_block 800 \
    tunnel-vxlan \
    tunnel-geneve \
    tunnel-gretap \
    tunnel-gre \
    tunnel-erspan-type2 \
    tunnel-erspan-type3 \
    tunnel-ipip \
    tunnel-sit \
    tunnel-ip6gre \
    tunnel-qinq \
    tunnel-gtpu \
    tunnel-mpls \
    tunnel-4in6 \
    tunnel-nested

T4C=198.19.0.2  T4S=198.19.0.3  T4R=198.19.0.1
T6C=2001:db8:f::2  T6S=2001:db8:f::3
T_MAC_C=02:00:00:00:f0:02  T_MAC_S=02:00:00:00:f0:03
T_MTU=1400

# tunnel_inner NS DEV ADDR PEER [MAC PEER_MAC]: the inner device of one end, with
# ADDR (IPv4 or IPv6, /24 or /64) and a permanent neighbour entry for PEER (with MACs:
# an inner Ethernet).
tunnel_inner() {
    local ns=$1 dev=$2 addr=$3 peer=$4 mac=${5:-} peer_mac=${6:-} plen=24
    case $addr in *:*) plen=64 ;; esac
    ip -n "$ns" link set "$dev" mtu "$T_MTU"
    [ -z "$mac" ] || ip -n "$ns" link set "$dev" address "$mac"
    [ "$plen" -eq 64 ] || ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1"
    quiet_offloads "$ns" "$dev"
    if [ "$plen" -eq 64 ]; then
        ip -n "$ns" addr add "$addr/$plen" dev "$dev" nodad
    else
        ip -n "$ns" addr add "$addr/$plen" dev "$dev"
    fi
    ip -n "$ns" link set "$dev" up
    if [ -n "$peer_mac" ]; then
        ip -n "$ns" neigh replace "$peer" lladdr "$peer_mac" dev "$dev" nud permanent
    fi
}

# tunnel_end NS DEV KIND HERE THERE KEY: one end of a tunnelend.py tunnel in NS, started
# and ready.
tunnel_end() {
    local ns=$1 dev=$2 kind=$3 here=$4 there=$5 key=$6 log=$WORK/tunnel-$1.log
    python3 "$OUT/tunnelend.py" "$ns" "$dev" "$kind" "$here" "$there" "$key" >"$log" 2>&1 &
    BG_PIDS+=($!)
    for _ in $(seq 100); do
        grep -q ready "$log" 2>/dev/null && break
        sleep 0.05
    done
    grep -q ready "$log" || die "tunnelend.py: $(cat "$log")"
}

# tunnel_user DEV KIND KEY [LOCAL_C REMOTE_C]: both ends of a tunnelend.py tunnel of
# KIND (the underlay addresses C4 and S4 unless given) with inner devices DEV.
tunnel_user() {
    local dev=$1 kind=$2 key=$3 lc=${4:-$C4} ls=${5:-$S4}
    tunnel_end "$NS_C" "$dev" "$kind" "$lc" "$ls" "$key"
    tunnel_end "$NS_S" "$dev" "$kind" "$ls" "$lc" "$key"
}

# tunnel_ends_router DEV: a tunnel ends at the router, the provider edge: the inner
# device DEV of the client has T4C, the router's T4R, and the router routes T4S, an
# address of the server's loopback, across the underlay to the server (whose route to
# 198.18.0.0/15 covers T4C).
tunnel_ends_router() {
    tunnel_inner "$NS_C" "$1" "$T4C" "$T4S"
    tunnel_inner "$NS_R" "$1" "$T4R" "$T4C"
    ip -n "$NS_R" route add "$T4S/32" via "$S4"
    ip -n "$NS_S" addr add "$T4S/32" dev lo
}

# tunnel_ends_inet DEV [ETHERNET] / tunnel_ends_inet6 DEV: the inner addresses of both
# ends (IPv4 or IPv6), with fixed MACs for an inner Ethernet.
tunnel_ends_inet() {
    if [ -n "${2:-}" ]; then
        tunnel_inner "$NS_C" "$1" "$T4C" "$T4S" "$T_MAC_C" "$T_MAC_S"
        tunnel_inner "$NS_S" "$1" "$T4S" "$T4C" "$T_MAC_S" "$T_MAC_C"
    else
        tunnel_inner "$NS_C" "$1" "$T4C" "$T4S"
        tunnel_inner "$NS_S" "$1" "$T4S" "$T4C"
    fi
}

tunnel_ends_inet6() {
    tunnel_inner "$NS_C" "$1" "$T6C" "$T6S"
    tunnel_inner "$NS_S" "$1" "$T6S" "$T6C"
}

# wait_exit: the last server started (s_server -naccept 1) must be gone before the
# next one binds port 443.
wait_exit() {
    local pid=${BG_PIDS[${#BG_PIDS[@]} - 1]}
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.05
    done
    die "the server did not exit after its connection"
}

# tunnel_tls SERVER CLIENT_ADDR FAILURE [CARRIED]: the two connections through the tunnel
# to the inner address SERVER (CLIENT_ADDR the client's inner address, for the checks);
# the first completes, the second fails by FAILURE: "expired" or "version". CARRIED, the
# words of the analyzer's "carried in ..." evidence, is added to both rows. Captures with
# CAP_FILTER (the tunnel's outer protocol) and checks that every packet of the capture
# matches OUTER.
tunnel_tls() {
    local server=$1 caddr=$2 failure=$3 carried=${4:+ $4} target=$1:443 total
    case $server in *:*) target="[$server]:443" ;; esac
    ONE_END=1 cap_start "$FILE"
    s_server_bg ok -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    client_port 1
    s_client "$target" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    wait_exit
    case $failure in
    expired)
        s_server_bg expired -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key" \
            -naccept 1
        client_port 2
        s_client "$target" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem" \
            -verify_return_error
        ;;
    version)
        s_server_bg tls13only -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_3 -naccept 1
        client_port 2
        s_client "$target" -tls1_2 -servername www.example.test
        ;;
    esac
    cap_stop
    expect ok "tls13.complete TLS1.3$carried"
    check "$FILE" "two ClientHellos inside the tunnel" "$OUTER && tls.handshake.type==1" 2
    check "$FILE" "a TLS 1.3 ServerHello" \
        "tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304" 1
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    case $failure in
    expired)
        expect server_cert_rejected "certificate_expired(45) cert.expired$carried"
        check "$FILE" "the expired server certificate" \
            "tls.handshake.type==11 && x509af.serialNumber==10:04" 1
        check "$FILE" "certificate_expired from the client" \
            "tls.alert_message.level==2 && tls.alert_message.desc==45 && $(ip_src "$caddr")" 1
        verify_error "$SC-client.log" 10
        ;;
    version)
        expect version_mismatch "alert.protocol_version protocol_version(70) TLS1.2$carried"
        check "$FILE" "protocol_version from the server" \
            "tls.alert_message.desc==70 && $(ip_src "$server")" 1
        ;;
    esac
    total=$(tshark -r "$FILE" 2>/dev/null | wc -l)
    check "$FILE" "every packet in the tunnel ($OUTER)" "$OUTER" "$total"
}

# ip_src ADDR: the display filter for packets from ADDR.
ip_src() {
    case $1 in
    *:*) echo "ipv6.src==$1" ;;
    *) echo "ip.src==$1" ;;
    esac
}

sc_tunnel_vxlan() {
    # VXLAN (RFC 7348), the kernel's: UDP to port 4789, VNI 42, an inner Ethernet frame.
    # The outer source port is fixed (srcport 49152 49153: one port) instead of the
    # kernel's per-flow hash, so that a rebuilt capture has the same outer headers.
    local ns here there
    for ns in "$NS_C" "$NS_S"; do
        if [ "$ns" = "$NS_C" ]; then here=$C4 there=$S4; else here=$S4 there=$C4; fi
        ip -n "$ns" link add vx0 type vxlan id 42 remote "$there" local "$here" \
            dstport 4789 srcport 49152 49153
    done
    tunnel_ends_inet vx0 ethernet
    OUTER="vxlan.vni==42 && ip.src in {$C4, $S4} && eth.dst in {$T_MAC_C, $T_MAC_S}"
    CAP_FILTER="udp port 4789" tunnel_tls "$T4S" "$T4C" expired
}

sc_tunnel_geneve() {
    # Geneve (RFC 8926): UDP to port 6081, VNI 42, no options, an inner Ethernet frame.
    tunnel_user gn0 geneve 42
    tunnel_ends_inet gn0 ethernet
    OUTER="geneve.vni==42 && geneve.proto_type==0x6558 && eth.dst in {$T_MAC_C, $T_MAC_S}"
    CAP_FILTER="udp port 6081" tunnel_tls "$T4S" "$T4C" version
}

sc_tunnel_gretap() {
    # GRE (RFC 2890) with key 7 carrying Ethernet (Transparent Ethernet Bridging), as
    # `ip link add gt0 type gretap key 7` makes it.
    tunnel_user gt0 gretap 7
    tunnel_ends_inet gt0 ethernet
    OUTER="gre.key==7 && gre.proto==0x6558 && eth.dst in {$T_MAC_C, $T_MAC_S}"
    CAP_FILTER="ip proto 47" tunnel_tls "$T4S" "$T4C" expired
}

sc_tunnel_gre() {
    # Plain GRE with key 7: the inner IP packet right after the GRE header, no inner
    # Ethernet (`type gre`).
    tunnel_user gr0 gre 7
    tunnel_ends_inet gr0
    OUTER="gre.key==7 && gre.proto==0x0800 && ip.src in {$T4C, $T4S}"
    CAP_FILTER="ip proto 47" tunnel_tls "$T4S" "$T4C" version
}

sc_tunnel_erspan_type2() {
    # ERSPAN type II (erspan_ver 1): GRE with a sequence number, protocol 0x88BE, an
    # 8-byte ERSPAN header with session ID 30, then the mirrored Ethernet frame.
    tunnel_user er0 erspan1 30
    tunnel_ends_inet er0 ethernet
    OUTER="gre.proto==0x88be && erspan.version==1 && erspan.spanid==30 && eth.dst in {$T_MAC_C, $T_MAC_S}"
    CAP_FILTER="ip proto 47" tunnel_tls "$T4S" "$T4C" expired
}

sc_tunnel_erspan_type3() {
    # ERSPAN type III (erspan_ver 2): GRE protocol 0x22EB, a 12-byte ERSPAN header with
    # session ID 30 and a timestamp, then the Ethernet frame.
    tunnel_user er0 erspan2 30
    tunnel_ends_inet er0 ethernet
    OUTER="gre.proto==0x22eb && erspan.version==2 && erspan.spanid==30 && eth.dst in {$T_MAC_C, $T_MAC_S}"
    CAP_FILTER="ip proto 47" tunnel_tls "$T4S" "$T4C" version
}

sc_tunnel_ipip() {
    # IPv4 in IPv4 (RFC 2003, `type ipip`): protocol 4, no header between the two.
    tunnel_user ip0 ipip 0
    tunnel_ends_inet ip0
    OUTER="ip.proto==4 && ip.src in {$T4C, $T4S}"
    CAP_FILTER="ip proto 4" tunnel_tls "$T4S" "$T4C" version
}

sc_tunnel_sit() {
    # IPv6 in IPv4 (RFC 4213, `type sit`): protocol 41; the inner connection is IPv6.
    tunnel_user sit1 sit 0
    tunnel_ends_inet6 sit1
    OUTER="ip.proto==41 && ipv6.src in {$T6C, $T6S}"
    CAP_FILTER="ip proto 41" tunnel_tls "$T6S" "$T6C" expired
}

sc_tunnel_ip6gre() {
    # GRE over IPv6 (`type ip6gre`): an IPv6 underlay (C6 to S6), next header 47, the
    # inner IPv4 packet right after a 4-byte GRE header.
    tunnel_user g6 ip6gre 0 "$C6" "$S6"
    tunnel_ends_inet g6
    OUTER="ipv6.nxt==47 && gre.proto==0x0800 && ip.src in {$T4C, $T4S}"
    CAP_FILTER="ip6 proto 47" tunnel_tls "$T4S" "$T4C" version
}

# tag_bpf NAME TPID ID [INNER_ID]: $WORK/NAME.o, a tc program that tags every frame
# leaving a device with VLAN ID (TPID 0x8100 or 0x88a8), over a customer tag INNER_ID
# (0x8100) when given, and on the way in accepts only frames so tagged, untagged. The
# kernel here has no 8021q driver (no `type vlan` devices); ok-vlan does the same with
# one tag (vlan_bpf).
tag_bpf() {
    local name=$1 tpid=$2 id=$3 inner=${4:-0}
    cat >"$WORK/$name.c" <<EOF
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
static long (*skb_vlan_push)(struct __sk_buff *, __be16, __u16) = (void *)BPF_FUNC_skb_vlan_push;
static long (*skb_vlan_pop)(struct __sk_buff *) = (void *)BPF_FUNC_skb_vlan_pop;
/* egress: the customer tag first (it ends up inside), then the outer one */
__attribute__((section("tc_push"), used)) int push(struct __sk_buff *skb)
{
    if ($inner != 0 && skb_vlan_push(skb, __builtin_bswap16(ETH_P_8021Q), $inner) < 0)
        return TC_ACT_SHOT;
    return skb_vlan_push(skb, __builtin_bswap16($tpid), $id) < 0 ? TC_ACT_SHOT : TC_ACT_OK;
}
/* ingress: the outer tag, then the customer tag (popping one brings the next out) */
__attribute__((section("tc_pop"), used)) int pop(struct __sk_buff *skb)
{
    if (!skb->vlan_present || skb->vlan_proto != __builtin_bswap16($tpid) ||
        (skb->vlan_tci & 0x0fff) != $id || skb_vlan_pop(skb) < 0)
        return TC_ACT_SHOT;
    if ($inner == 0)
        return TC_ACT_OK;
    if (!skb->vlan_present || (skb->vlan_tci & 0x0fff) != $inner || skb_vlan_pop(skb) < 0)
        return TC_ACT_SHOT;
    return TC_ACT_OK;
}
char _license[] __attribute__((section("license"), used)) = "GPL";
EOF
    clang -O2 -target bpf -I"/usr/include/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)" \
        -c "$WORK/$name.c" -o "$WORK/$name.o"
}

# tag_link NS DEV NAME: the program of tag_bpf NAME on DEV, both ways.
tag_link() {
    local ns=$1 dev=$2 name=$3
    ip netns exec "$ns" tc qdisc add dev "$dev" clsact
    ip netns exec "$ns" tc filter add dev "$dev" egress bpf da obj "$WORK/$name.o" sec tc_push
    ip netns exec "$ns" tc filter add dev "$dev" ingress bpf da obj "$WORK/$name.o" sec tc_pop
}

sc_tunnel_qinq() {
    # 802.1Q in 802.1ad (QinQ), what `type vlan proto 802.1ad id 100` with a `type vlan
    # id 10` on top writes: the service tag 100 (TPID 0x88A8) outside, the customer tag
    # 10 (0x8100) inside, then IP. Tags do not cross the router: the tagged link is the
    # client's to the router, and the connection is the underlay's own, C4 to S4.
    command -v clang >/dev/null || die "$SC needs clang"
    tag_bpf qinq 0x88a8 100 10
    tag_link "$NS_C" eth0 qinq
    tag_link "$NS_R" c0 qinq
    OUTER="ieee8021ad.id==100 && vlan.id==10 && ip.src in {$C4, $S4}"
    CAP_FILTER="vlan 100 and vlan 10 and tcp" tunnel_tls "$S4" "$C4" expired "carried vlan"
}

sc_tunnel_gtpu() {
    # GTP-U (3GPP TS 29.281), as between an eNodeB and a gateway: UDP port 2152 both
    # ways, G-PDUs (version 1, message type 0xff) with TEID 0x1234, the user's IPv4
    # packet right after the 8-byte header.
    tunnel_user gtp0 gtpu 0x1234
    tunnel_ends_inet gtp0
    OUTER="gtp.message==0xff && gtp.teid==0x1234 && ip.src in {$T4C, $T4S}"
    CAP_FILTER="udp port 2152" tunnel_tls "$T4S" "$T4C" version "carried gtp-u"
}

sc_tunnel_mpls() {
    # MPLS over Ethernet (RFC 3032), a two-label stack: transport label 16, then label
    # 100 with bottom of stack, each with the inner packet's TTL, then IPv4 (no control
    # word). Labels are switched hop by hop: the labelled link is the client's to the
    # router, which routes on to the server as plain IP (tunnel_ends_router).
    tunnel_end "$NS_C" mp0 mpls eth0 02:00:00:00:00:01 16/100
    tunnel_end "$NS_R" mp0 mpls c0 02:00:00:00:00:02 16/100
    tunnel_ends_router mp0
    OUTER="eth.type==0x8847 && mpls.label==16 && mpls.label==100 && mpls.bottom==1 && ip.src in {$T4C, $T4S}"
    CAP_FILTER="mpls" tunnel_tls "$T4S" "$T4C" expired "carried mpls"
}

sc_tunnel_4in6() {
    # IPv4 in IPv6 (RFC 2473, `ip -6 tunnel add ... mode ipip6`): the IPv6 underlay (C6
    # to S6), next header 4, the inner IPv4 packet right after the IPv6 header.
    tunnel_user t46 ipip6 0 "$C6" "$S6"
    tunnel_ends_inet t46
    OUTER="ipv6.nxt==4 && ip.src in {$T4C, $T4S}"
    CAP_FILTER="ip6 proto 4" tunnel_tls "$T4S" "$T4C" version "carried ip-in-ip"
}

sc_tunnel_nested() {
    # Tags and a tunnel nested: the client's link to the router is VLAN 20 (802.1Q);
    # over it the kernel's VXLAN (VNI 42) from C4 to S4; inside, an Ethernet frame
    # tagged with VLAN 30, then IP. So: VLAN, VXLAN, VLAN (the tags by tag_bpf).
    local ns here there
    command -v clang >/dev/null || die "$SC needs clang"
    tag_bpf under 0x8100 20
    tag_bpf inner 0x8100 30
    tag_link "$NS_C" eth0 under
    tag_link "$NS_R" c0 under
    for ns in "$NS_C" "$NS_S"; do
        if [ "$ns" = "$NS_C" ]; then here=$C4 there=$S4; else here=$S4 there=$C4; fi
        ip -n "$ns" link add vx0 type vxlan id 42 remote "$there" local "$here" \
            dstport 4789 srcport 49152 49153
    done
    tunnel_ends_inet vx0 ethernet
    tag_link "$NS_C" vx0 inner
    tag_link "$NS_S" vx0 inner
    OUTER="vlan.id==20 && vxlan.vni==42 && vlan.id==30 && ip.src in {$T4C, $T4S}"
    CAP_FILTER="vlan 20 and udp port 4789" tunnel_tls "$T4S" "$T4C" expired \
        "carried vlan vxlan"
}
