# scenarios-mirror.sh - captures as SPAN ports and cloud traffic mirrors deliver them,
# sourced by make-captures.sh.
#
# A mirror often hands the two directions of a link over on two interfaces: what the
# client received on one (m-in), what it sent on the other (m-out). Here the client's
# eth0 is mirrored with tc in the client namespace: a clsact qdisc on eth0, its ingress
# mirrored (`action mirred egress mirror`) onto the veth m-in, its egress onto the veth
# m-out (the veths' other ends, m-in-p and m-out-p, stay in the namespace, up, and drop
# what they get). The kernel of the machines these captures are made on has no
# matchall classifier: the filters are u32 ones matching every packet. The capture runs
# on m-in and m-out only, never on eth0, so each packet is in it once, in one direction.
#
#   mirror-split-pcapng  dumpcap -i m-in -i m-out: one pcapng with two interfaces, each
#                        holding one direction of every connection.
#   mirror-split-files   one tcpdump per mirror interface: split/mirror-split-files.in.pcap
#                        (server to client) and split/mirror-split-files.out.pcap (client to
#                        server), which only read together (tlsdiag --merge) show whole
#                        connections. Its rows in expected.tsv name split/mirror-split-files,
#                        which tests/golden/run.sh reads as those two files with --merge.
#   mixed-linktypes      dumpcap -i eth0 -f "tcp port 443" -i any -f "tcp port 8443": one
#                        pcapng with an Ethernet interface and a Linux cooked one, each
#                        connection on one of them. libpcap reads such a file only up to
#                        the first packet of the second link type.
#
# In each, two connections one after the other: a TLS 1.3 handshake that completes (with
# its HTTP answer), and a TLS 1.2 client refused by a server that speaks TLS 1.3 only
# (protocol_version, in clear).

scenario_block 960 \
    mirror-split-pcapng \
    mirror-split-files \
    mixed-linktypes

# mirror_up: m-in and m-out receive copies of what eth0 receives and sends.
mirror_up() {
    local dir dev
    for dir in in out; do
        dev=m-$dir
        ip -n "$NS_C" link add "$dev" type veth peer name "$dev-p"
        in_c sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1" "net.ipv6.conf.$dev-p.disable_ipv6=1"
        quiet_offloads "$NS_C" "$dev"
        ip -n "$NS_C" link set "$dev" up
        ip -n "$NS_C" link set "$dev-p" up
    done
    in_c tc qdisc add dev eth0 clsact
    in_c tc filter add dev eth0 ingress protocol all u32 match u32 0 0 \
        action mirred egress mirror dev m-in
    in_c tc filter add dev eth0 egress protocol all u32 match u32 0 0 \
        action mirred egress mirror dev m-out
}

# mirror_clients TARGET_OK TARGET_REFUSED: the two connections.
mirror_clients() {
    client_port 1
    s_client "$1" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    client_port 2
    s_client "$2" -tls1_2 -servername www.example.test
}

mirror_servers() {
    s_server_bg ok -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    s_server_at tls13only "${1:-8443}" -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_3 \
        -naccept 1
}

mirror_expect() {
    expect ok "tls13.complete TLS1.3"
    expect version_mismatch "alert.protocol_version protocol_version(70) TLS1.2"
}

# mirror_checks FILE: what every capture here must show of the two connections.
mirror_checks() {
    check "$1" "two ClientHellos" 'tls.handshake.type==1' 2
    check "$1" "a TLS 1.3 ServerHello" \
        'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    check "$1" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$1" "protocol_version from the server" "tls.alert_message.desc==70 && ip.src==$S4" 1
}

sc_mirror_split_pcapng() {
    mirror_up
    mirror_servers 8443
    FILE="$OUT/$SC.pcapng"
    rm -f "$FILE"
    # dumpcap's -f and -s apply to the -i before them.
    in_c dumpcap -q -i m-in -f "$CAP_FILTER" -s "$SNAP" -i m-out -f "$CAP_FILTER" -s "$SNAP" \
        -w "$FILE" >"$WORK/dumpcap.log" 2>&1 &
    CAP_PIDS+=($!)
    wait_capture "$WORK/dumpcap.log"
    mirror_clients "$S4:443" "$S4:8443"
    cap_stop
    mirror_expect
    # dumpcap writes each interface's packets in batches as the kernel hands them over:
    # with traffic this light, all of m-in's, then all of m-out's. The file is kept as
    # written (tlsdiag puts it back in time order, reorder.h); tshark, which reads in
    # file order, checks a copy sorted by reordercap.
    reordercap "$FILE" "$WORK/$SC.sorted.pcapng" >/dev/null
    mirror_checks "$WORK/$SC.sorted.pcapng"
    # Interface 0 is m-in (what the client received), 1 is m-out (what it sent).
    check "$FILE" "packets on m-out" 'frame.interface_id==1'
    no_packets "$FILE" "packets from the client on m-in" "frame.interface_id==0 && ip.src==$C4"
    no_packets "$FILE" "packets from the server on m-out" "frame.interface_id==1 && ip.src==$S4"
    no_packets "$FILE" "anything but TCP" 'not tcp'
}

sc_mirror_split_files() {
    mirror_up
    mirror_servers 8443
    mkdir -p "$OUT/split"
    local in=$OUT/split/$SC.in.pcap out=$OUT/split/$SC.out.pcap dir
    rm -f "$in" "$out"
    for dir in in out; do
        in_c tcpdump -U --immediate-mode -Z root -i "m-$dir" -s "$SNAP" \
            -w "$OUT/split/$SC.$dir.pcap" "$CAP_FILTER" >"$WORK/tcpdump-$dir.log" 2>&1 &
        CAP_PIDS+=($!)
        wait_capture "$WORK/tcpdump-$dir.log"
    done
    mirror_clients "$S4:443" "$S4:8443"
    cap_stop
    mirror_expect
    check "$in" "ServerHello on the way in" 'tls.handshake.type==2' 1
    no_packets "$in" "packets from the client" "ip.src==$C4"
    check "$out" "two ClientHellos on the way out" 'tls.handshake.type==1' 2
    no_packets "$out" "packets from the server" "ip.src==$S4"
    # The two files as one, for the checks and the rows: named after the pair.
    mergecap -w "$WORK/$SC.merged.pcap" "$in" "$out"
    mirror_checks "$WORK/$SC.merged.pcap"
    FILE="$WORK/$SC.merged.pcap"
    ROWS_NAME="split/$SC"
    chmod 644 "$in" "$out"
}

sc_mixed_linktypes() {
    mirror_servers 8443
    FILE="$OUT/$SC.pcapng"
    rm -f "$FILE"
    # Each interface with its own capture filter: a connection is in the file once.
    in_c dumpcap -q -i eth0 -f "tcp port 443" -s "$SNAP" -i any -f "tcp port 8443" -s "$SNAP" \
        -w "$FILE" >"$WORK/dumpcap.log" 2>&1 &
    CAP_PIDS+=($!)
    wait_capture "$WORK/dumpcap.log"
    mirror_clients "$S4:443" "$S4:8443"
    cap_stop
    mirror_expect
    mirror_checks "$FILE"
    local encaps
    encaps=$(capinfos "$FILE" | grep 'Encapsulation = ' | tr -d ' \n')
    case $encaps in
    *Ethernet*Linuxcooked* | *Linuxcooked*Ethernet*) ;;
    *) die "$SC: not an Ethernet and a Linux cooked interface: $encaps" ;;
    esac
    check "$FILE" "port 443 on the Ethernet interface" 'frame.interface_id==0 && tcp.port==443 && eth'
    check "$FILE" "port 8443 on the cooked interface" 'frame.interface_id==1 && tcp.port==8443 && sll'
}
