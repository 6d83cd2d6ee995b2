# scenarios-forward-proxies.sh - TLS handshakes made through forward proxies (HTTP
# CONNECT: squid 5.7, tinyproxy 1.11; SOCKS 4 and 5: Dante 1.4), the proxies' refusals,
# and TLS interception by squid's ssl-bump; sourced by make-captures.sh.
#
# The proxy runs in the router namespace and listens on its client-side addresses
# ($R4C and [$R6C]): squid on port 3128, tinyproxy on 8080, Dante on 1080 (ports
# tshark decodes as HTTP and SOCKS without being told). The client (curl with --proxy,
# --proxy-user, --socks4, --socks4a, --socks5, --socks5-hostname, or openssl s_client
# -proxy) talks to the proxy; the proxy opens its own connection from $R4S to the TLS
# server (openssl s_server) in the server namespace. The capture at the client holds
# the client's connections to the proxy: the CONNECT request or the SOCKS exchange in
# the clear, then the TLS handshake inside the tunnel, or the proxy's refusal and no
# ClientHello at all. The capture at the server (NAME.at-server.pcap) holds the
# proxy's connections to the server, where there are any: there the handshake is a
# plain one from $R4S. For the same port on every run, the router's ephemeral range is
# narrowed with the client's (fp_port): the proxy's connection for the client's port
# P leaves from port P as well.
#
# Names: the client resolves www.example.test itself (curl --resolve) where the
# protocol carries an address (SOCKS4, SOCKS5 without -hostname); otherwise the proxy
# resolves it. squid reads a hosts file of its own (hosts_file in its configuration);
# tinyproxy and Dante ask the system resolver, so they run in a private mount
# namespace (unshare -m) with $WORK/fp-hosts bound over /etc/hosts (fp_hosts_bg).
# The only name server /etc/resolv.conf may name has no route here; squid is told to
# use 127.0.0.1, so nothing is sent anywhere.
#
# What the proxies send, as these captures show:
#   - squid: "HTTP/1.1 200 Connection established" to a CONNECT it allows; 407 with
#     Proxy-Authenticate: Basic without credentials or with wrong ones
#     (basic_ncsa_auth); 403 for a port not in its SSL_ports or a name it denies; 503
#     when the server's port refuses the connection (squid's own connection gets a
#     reset at the server). With ssl-bump it answers the CONNECT with 200 and then
#     completes the TLS handshake itself, with a certificate for the CONNECT's name
#     signed by its own CA ("Example Corp Inspection CA", made here; the Certificate
#     message holds the leaf and that CA twice), and opens a TLS connection of its own
#     to the server (TLS 1.3) for the client's request.
#   - tinyproxy: "HTTP/1.0 200 Connection established"; "403 Access violation" for a
#     port not in ConnectPort.
#   - Dante: SOCKS5 method 0x00 then reply 0x00 (succeeded); reply 0x02 (not allowed
#     by ruleset) for a destination a "socks block" rule names, 0x05 (connection
#     refused) when the server's port refuses; method 0xff when it requires username
#     authentication and the client offers none. SOCKS4: reply 90 (granted) or 91
#     (rejected or failed) for both refusals. Dante has no SOCKS4a: a 4a request
#     (address 0.0.0.1 and the name) is taken for one to 0.0.0.1 and gets 91.
#
# Needs, besides what make-captures.sh needs: the proxies. On Debian:
#   apt-get install squid-openssl tinyproxy dante-server

scenario_block 930 \
    proxy-connect-squid-ok \
    proxy-connect-auth-required \
    proxy-connect-forbidden \
    proxy-connect-tinyproxy \
    proxy-socks5-ok \
    proxy-socks4-ok \
    proxy-socks5-refused \
    proxy-socks4-refused \
    proxy-socks5-auth-refused \
    proxy-connect-server-cert-expired \
    proxy-intercept-untrusted \
    proxy-intercept-trusted

# fp_need TOOL...: the proxies are not in make-captures.sh's own list of tools.
fp_need() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null || die "$t missing (see the header of scenarios-forward-proxies.sh)"
    done
}

# fp_port K: like client_port K, and the proxy's own connection for it leaves the
# router from the same port.
fp_port() {
    local p=$((40000 + 10 * SC_INDEX + $1))
    client_port "$1"
    in_r sysctl -qw net.ipv4.ip_local_port_range="$p $p"
}

# fp_hosts: the name the proxies resolve, for squid's hosts_file and fp_hosts_bg.
fp_hosts() {
    printf '127.0.0.1 localhost\n%s www.example.test\n%s blocked.example.test\n' \
        "$S4" "$S4" >"$WORK/fp-hosts"
}

# fp_hosts_bg NAME CMD...: bg in the router namespace, with $WORK/fp-hosts as
# /etc/hosts in a mount namespace of the process's own (nothing outside changes).
fp_hosts_bg() {
    local name=$1
    shift
    fp_hosts
    bg "$NS_R" "$name" unshare -m sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' \
        "$WORK/fp-hosts" "$@"
}

# fp_curl PROXY-ARGS...: curl through a proxy to https://www.example.test/hello.txt,
# TLS 1.3, trusting CA A; the name resolves to the server for the client's own look-up.
fp_curl() {
    curl_c --tlsv1.3 --cacert "$PKI/caA.pem" --resolve "www.example.test:443:$S4" "$@" \
        https://www.example.test/hello.txt
}

# ---------------------------------------------------------------------------------------
# squid

# fp_squid_conf NAME: the common part of squid's configuration, $WORK/squid-NAME/squid.conf.
# squid drops its privileges to the user proxy, whose helpers must read their files:
# the directory belongs to proxy and $WORK may be passed through (not read).
fp_squid_conf() {
    local d=$WORK/squid-$1
    mkdir -p "$d"
    chmod 711 "$WORK"
    fp_hosts
    cp "$WORK/fp-hosts" "$d/hosts"
    cat >"$d/squid.conf" <<EOF
http_port $R4C:3128
http_port [$R6C]:3128
visible_hostname proxy.example.test
cache_effective_user proxy
pid_filename $d/squid.pid
cache_log stdio:$d/cache.log
access_log stdio:$d/access.log
cache_store_log none
coredump_dir $d
netdb_filename none
pinger_enable off
shutdown_lifetime 0 seconds
hosts_file $d/hosts
dns_nameservers 127.0.0.1
cache deny all
acl clients src 198.18.0.0/24 2001:db8:0::/64
acl SSL_ports port 443
acl CONNECT method CONNECT
acl blocked dstdomain blocked.example.test
EOF
}

# fp_squid_bg NAME: run squid with $WORK/squid-NAME/squid.conf in the router namespace
# in the foreground (-N), logging to its log in $WORK as well (-d 1).
fp_squid_bg() {
    local d=$WORK/squid-$1
    fp_need squid
    chown -R proxy:proxy "$d"
    bg "$NS_R" "squid-$1" squid -N -d 1 -f "$d/squid.conf"
    wait_listen "$NS_R" 3128
}

sc_proxy_connect_squid_ok() {
    # The plain forward proxy: CONNECT www.example.test:443, 200, then the TLS 1.3
    # handshake with the server inside the tunnel. curl over IPv4, then openssl
    # s_client -proxy to the proxy's IPv6 address.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    fp_squid_conf ok
    cat >>"$WORK/squid-ok/squid.conf" <<EOF
http_access deny CONNECT !SSL_ports
http_access allow clients
http_access deny all
EOF
    fp_squid_bg ok
    cap_start "$FILE"
    fp_port 1
    fp_curl --proxy "http://$R4C:3128"
    fp_port 2
    s_client www.example.test:443 -proxy "[$R6C]:3128" -tls1_3 -servername www.example.test \
        -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect ok "HTTP CONNECT"
    expect_other ok "tls13.complete TLS1.3"
    expect ok "HTTP CONNECT"
    expect_other ok "tls13.complete TLS1.3"
    check "$FILE" "the CONNECT requests" 'http.request.method=="CONNECT" && http.request.uri=="www.example.test:443"' 2
    check "$FILE" "the proxy's 200" "http.response.code==200 && tcp.srcport==3128" 2
    check "$FILE" "two ClientHellos inside the tunnels" 'tls.handshake.type==1' 2
    check "$FILE" "two TLS 1.3 ServerHellos" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 2
    check "$OTHER_FILE" "the proxy's connections to the server" "tcp.flags.syn==1 && tcp.flags.ack==0 && ip.src==$R4S" 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
}

sc_proxy_connect_auth_required() {
    # squid asks for Basic credentials (basic_ncsa_auth, an htpasswd-style file with an
    # APR1 hash): a CONNECT without Proxy-Authorization gets 407, so does one with a
    # wrong password; the right password gets 200 and the handshake.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    fp_squid_conf auth
    local d=$WORK/squid-auth
    printf 'alice:%s\n' "$(openssl passwd -apr1 -salt tlsdiag0 'correct horse')" >"$d/passwd"
    cat >>"$d/squid.conf" <<EOF
auth_param basic program /usr/lib/squid/basic_ncsa_auth $d/passwd
auth_param basic children 1 startup=1 idle=1
auth_param basic realm Example Corp proxy
acl authenticated proxy_auth REQUIRED
http_access deny CONNECT !SSL_ports
http_access deny !authenticated
http_access allow clients
http_access deny all
EOF
    fp_squid_bg auth
    cap_start "$FILE"
    fp_port 1
    fp_curl --proxy "http://$R4C:3128"
    fp_port 2
    fp_curl --proxy "http://$R4C:3128" --proxy-user 'alice:wrong password'
    fp_port 3
    fp_curl --proxy "http://$R4C:3128" --proxy-user 'alice:correct horse'
    cap_stop
    expect not_tls "proxy.refused 407"
    expect_other -
    expect not_tls "proxy.refused 407"
    expect_other -
    expect ok "HTTP CONNECT"
    expect_other ok "tls13.complete TLS1.3"
    check "$FILE" "three CONNECT requests" 'http.request.method=="CONNECT"' 3
    check "$FILE" "two with credentials" 'http.request.method=="CONNECT" && http.proxy_authorization' 2
    check "$FILE" "two 407 answers asking for Basic" \
        'http.response.code==407 && http.proxy_authenticate contains "Basic"' 2
    check "$FILE" "one 200" "http.response.code==200 && tcp.srcport==3128" 1
    check "$FILE" "one ClientHello, after the 200" 'tls.handshake.type==1' 1
    check "$FILE" "its TLS 1.3 ServerHello" \
        'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
}

sc_proxy_connect_forbidden() {
    # squid refuses what its rules deny with 403: a port not in SSL_ports, a name in a
    # dstdomain ACL; a port its rules allow but where nothing listens gets 503 (squid's
    # own connection is refused by the server).
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    fp_squid_conf forbidden
    cat >>"$WORK/squid-forbidden/squid.conf" <<EOF
acl SSL_ports port 4433
http_access deny CONNECT !SSL_ports
http_access deny blocked
http_access allow clients
http_access deny all
EOF
    fp_squid_bg forbidden
    cap_start "$FILE"
    fp_port 1
    curl_c --cacert "$PKI/caA.pem" --proxy "http://$R4C:3128" https://www.example.test:8443/hello.txt
    fp_port 2
    curl_c --cacert "$PKI/caA.pem" --proxy "http://$R4C:3128" https://blocked.example.test/hello.txt
    fp_port 3
    curl_c --cacert "$PKI/caA.pem" --proxy "http://$R4C:3128" https://www.example.test:4433/hello.txt
    cap_stop
    expect not_tls "proxy.refused 403"
    expect_other -
    expect not_tls "proxy.refused 403"
    expect_other -
    expect not_tls "proxy.refused 503"
    expect_other server_reset "tcp.refused nothing listens"
    check "$FILE" "the CONNECT requests" 'http.request.method=="CONNECT"' 3
    check "$FILE" "two 403 answers" "http.response.code==403 && tcp.srcport==3128" 2
    check "$FILE" "one 503 answer" "http.response.code==503 && tcp.srcport==3128" 1
    no_packets "$FILE" "a ClientHello" 'tls.handshake.type==1'
    check "$OTHER_FILE" "the server refusing squid's connection to 4433" \
        "tcp.flags.reset==1 && ip.src==$S4 && tcp.srcport==4433" 1
    no_packets "$OTHER_FILE" "other connections to the server" "tcp.flags.syn==1 && tcp.dstport!=4433"
}

# ---------------------------------------------------------------------------------------
# tinyproxy

sc_proxy_connect_tinyproxy() {
    # tinyproxy, in the foreground (-d), lets CONNECT through to port 443 only
    # (ConnectPort): 200 and the handshake, then 403 for port 8443.
    fp_need tinyproxy
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    cat >"$WORK/tinyproxy.conf" <<EOF
User nobody
Group nogroup
Port 8080
Listen $R4C
Timeout 30
LogLevel Info
MaxClients 10
Allow 198.18.0.0/24
ConnectPort 443
DisableViaHeader Yes
EOF
    fp_hosts_bg tinyproxy tinyproxy -d -c "$WORK/tinyproxy.conf"
    wait_listen "$NS_R" 8080
    cap_start "$FILE"
    fp_port 1
    fp_curl --proxy "http://$R4C:8080"
    fp_port 2
    curl_c --cacert "$PKI/caA.pem" --proxy "http://$R4C:8080" https://www.example.test:8443/hello.txt
    cap_stop
    expect ok "HTTP CONNECT"
    expect_other ok "tls13.complete TLS1.3"
    expect not_tls "proxy.refused 403"
    expect_other -
    check "$FILE" "two CONNECT requests" 'http.request.method=="CONNECT"' 2
    check "$FILE" "tinyproxy's 200" "http.response.code==200 && tcp.srcport==8080" 1
    check "$FILE" "tinyproxy's 403" "http.response.code==403 && tcp.srcport==8080" 1
    check "$FILE" "one ClientHello" 'tls.handshake.type==1' 1
    check "$FILE" "its TLS 1.3 ServerHello" \
        'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
}

# ---------------------------------------------------------------------------------------
# Dante (danted), SOCKS 4 and 5

# fp_dante_bg NAME METHOD: run danted with $WORK/NAME.conf in the router namespace, in
# the foreground (without -D), requiring the SOCKS5 method METHOD (none or username).
# Port 8443 of the server is blocked by a rule; any other address, or a name (resolved
# through fp-hosts), is let through (the namespaces have routes for the test ranges
# only).
fp_dante_bg() {
    local name=$1 method=$2
    fp_need danted
    cat >"$WORK/$name.conf" <<EOF
logoutput: stderr
internal: $R4C port = 1080
internal: $R6C port = 1080
external: $R4S
clientmethod: none
socksmethod: $method
user.privileged: root
user.unprivileged: nobody
client pass {
    from: 198.18.0.0/24 to: 0.0.0.0/0
    log: error connect disconnect
}
client pass {
    from: 2001:db8:0::/64 to: ::/0
    log: error connect disconnect
}
socks block {
    from: 0/0 to: $S4/32 port = 8443
    log: error connect
}
socks pass {
    from: 0/0 to: 0/0
    log: error connect disconnect
}
EOF
    fp_hosts_bg "$name" danted -f "$WORK/$name.conf"
    wait_listen "$NS_R" 1080
}

sc_proxy_socks5_ok() {
    # SOCKS5 without authentication: curl --socks5 (the client resolves the name and
    # sends the address), then curl --socks5-hostname to the proxy's IPv6 address (the
    # proxy resolves it).
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    fp_dante_bg dante-s5 none
    cap_start "$FILE"
    fp_port 1
    fp_curl --socks5 "$R4C:1080"
    fp_port 2
    fp_curl --socks5-hostname "[$R6C]:1080"
    cap_stop
    expect ok "SOCKS5"
    expect_other ok "tls13.complete TLS1.3"
    expect ok "SOCKS5"
    expect_other ok "tls13.complete TLS1.3"
    check "$FILE" "the method choice 'none'" "tcp.srcport==1080 && tcp.len==2 && tcp.payload==05:00" 2
    check "$FILE" "a CONNECT to an IPv4 address" "tcp.dstport==1080 && tcp.payload[0:4]==05:01:00:01" 1
    check "$FILE" "a CONNECT to a name" "tcp.dstport==1080 && tcp.payload[0:4]==05:01:00:03" 1
    check "$FILE" "the replies 'succeeded'" "tcp.srcport==1080 && tcp.len>=10 && tcp.payload[0:2]==05:00" 2
    check "$FILE" "two ClientHellos" 'tls.handshake.type==1' 2
    check "$FILE" "two TLS 1.3 ServerHellos" \
        'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
}

sc_proxy_socks4_ok() {
    # SOCKS4 (curl --socks4: the client resolves the name and sends the address), to
    # the proxy's IPv4 address, then to its IPv6 address (SOCKS4 itself carries IPv4
    # destinations only).
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    fp_dante_bg dante-s4 none
    cap_start "$FILE"
    fp_port 1
    fp_curl --socks4 "$R4C:1080"
    fp_port 2
    fp_curl --socks4 "[$R6C]:1080"
    cap_stop
    expect ok "SOCKS4"
    expect_other ok "tls13.complete TLS1.3"
    expect ok "SOCKS4"
    expect_other ok "tls13.complete TLS1.3"
    check "$FILE" "the SOCKS4 CONNECT requests" "tcp.dstport==1080 && tcp.payload[0:2]==04:01" 2
    check "$FILE" "the replies 'granted' (90)" "tcp.srcport==1080 && tcp.len==8 && tcp.payload[0:2]==00:5a" 2
    check "$FILE" "two ClientHellos" 'tls.handshake.type==1' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
}

sc_proxy_socks5_refused() {
    # Dante refuses a destination its rules block (reply 2, "connection not allowed by
    # ruleset") and passes on the server's refusal of a port where nothing listens
    # (reply 5, "connection refused").
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    fp_dante_bg dante-s5r none
    cap_start "$FILE"
    fp_port 1
    curl_c --cacert "$PKI/caA.pem" --resolve "www.example.test:8443:$S4" --socks5 "$R4C:1080" \
        https://www.example.test:8443/hello.txt
    fp_port 2
    curl_c --cacert "$PKI/caA.pem" --resolve "www.example.test:4433:$S4" --socks5 "$R4C:1080" \
        https://www.example.test:4433/hello.txt
    cap_stop
    expect not_tls "proxy.refused 2"
    expect_other -
    expect not_tls "proxy.refused 5"
    expect_other server_reset "tcp.refused nothing listens"
    check "$FILE" "the reply 'not allowed' (2)" "tcp.srcport==1080 && tcp.len>=10 && tcp.payload[0:2]==05:02" 1
    check "$FILE" "the reply 'connection refused' (5)" "tcp.srcport==1080 && tcp.len>=10 && tcp.payload[0:2]==05:05" 1
    no_packets "$FILE" "a ClientHello" 'tls.handshake.type==1'
    check "$OTHER_FILE" "the server refusing Dante's connection to 4433" \
        "tcp.flags.reset==1 && ip.src==$S4 && tcp.srcport==4433" 1
    no_packets "$OTHER_FILE" "other connections to the server" "tcp.flags.syn==1 && tcp.dstport!=4433"
}

sc_proxy_socks4_refused() {
    # The same two destinations through SOCKS4: both get reply 91 ("request rejected or
    # failed"), SOCKS4 has no other. Then SOCKS4a (curl --socks4a, the name sent to the
    # proxy with the address 0.0.0.1): Dante does not implement 4a, tries to connect to
    # 0.0.0.1, which has no route, and answers 91 too.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    fp_dante_bg dante-s4r none
    cap_start "$FILE"
    fp_port 1
    curl_c --cacert "$PKI/caA.pem" --resolve "www.example.test:8443:$S4" --socks4 "$R4C:1080" \
        https://www.example.test:8443/hello.txt
    fp_port 2
    curl_c --cacert "$PKI/caA.pem" --resolve "www.example.test:4433:$S4" --socks4 "$R4C:1080" \
        https://www.example.test:4433/hello.txt
    fp_port 3
    fp_curl --socks4a "$R4C:1080"
    cap_stop
    expect not_tls "proxy.refused 91"
    expect_other -
    expect not_tls "proxy.refused 91"
    expect_other server_reset "tcp.refused nothing listens"
    expect not_tls "proxy.refused 91"
    expect_other -
    check "$FILE" "a SOCKS4a request for www.example.test" \
        "tcp.dstport==1080 && tcp.payload[0:8]==04:01:01:bb:00:00:00:01 && tcp.payload contains \"www.example.test\"" 1
    check "$FILE" "the replies 'rejected' (91)" "tcp.srcport==1080 && tcp.len==8 && tcp.payload[0:2]==00:5b" 3
    grep -q 'connect(2) to 0\.0\.0\.1\.443 .*failed' "$WORK/dante-s4r.log" ||
        die "$SC: Dante's log does not show the connection to 0.0.0.1 failing"
    no_packets "$FILE" "a ClientHello" 'tls.handshake.type==1'
    check "$OTHER_FILE" "the server refusing Dante's connection to 4433" \
        "tcp.flags.reset==1 && ip.src==$S4 && tcp.srcport==4433" 1
}

sc_proxy_socks5_auth_refused() {
    # Dante requires username/password authentication (socksmethod: username); curl
    # without credentials offers "no authentication" and GSS-API (methods 0 and 1),
    # not username/password (2): the proxy answers method 0xff (no acceptable method)
    # and closes.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    fp_dante_bg dante-s5a username
    cap_start "$FILE"
    fp_port 1
    fp_curl --socks5 "$R4C:1080"
    cap_stop
    expect not_tls "proxy.refused 255"
    expect_other -
    check "$FILE" "the client's offer: methods 0 and 1" "tcp.dstport==1080 && tcp.payload==05:02:00:01" 1
    check "$FILE" "the method choice 0xff" "tcp.srcport==1080 && tcp.len==2 && tcp.payload==05:ff" 1
    no_packets "$FILE" "a ClientHello" 'tls.handshake.type==1'
}

# ---------------------------------------------------------------------------------------
# A TLS failure behind a working proxy

sc_proxy_connect_server_cert_expired() {
    # squid lets the CONNECT through; the server's certificate (CA A) expired on
    # 2021-01-01 and the client (s_client -proxy, TLS 1.2) refuses it with
    # certificate_expired(45), in the clear inside the tunnel.
    s_server_bg srv -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key"
    fp_squid_conf expired
    cat >>"$WORK/squid-expired/squid.conf" <<EOF
http_access deny CONNECT !SSL_ports
http_access allow clients
http_access deny all
EOF
    fp_squid_bg expired
    cap_start "$FILE"
    fp_port 1
    s_client www.example.test:443 -proxy "$R4C:3128" -tls1_2 -servername www.example.test \
        -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect server_cert_rejected "certificate_expired(45) cert.expired HTTP CONNECT"
    expect_other server_cert_rejected "certificate_expired(45) cert.expired"
    check "$FILE" "the CONNECT request" 'http.request.method=="CONNECT" && http.request.uri=="www.example.test:443"' 1
    check "$FILE" "the proxy's 200" "http.response.code==200 && tcp.srcport==3128" 1
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' 1
    check "$FILE" "the expired server certificate" \
        "tls.handshake.type==11 && x509af.serialNumber==10:04 && x509af.utcTime contains \"2021-01-01\"" 1
    check "$FILE" "alert certificate_expired from the client" \
        "tls.alert_message.level==2 && tls.alert_message.desc==45 && ip.src==$C4" 1
    check "$OTHER_FILE" "the same alert at the server, from squid's address" \
        "tls.alert_message.level==2 && tls.alert_message.desc==45 && ip.src==$R4S" 1
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
    verify_error "$SC-client.log" 10
}

# ---------------------------------------------------------------------------------------
# Interception: squid's ssl-bump

# fp_bump_squid NAME: squid answering CONNECT with 200 and then bumping the connection
# (ssl_bump bump all, "client-first": it completes the TLS handshake with the client
# before it connects to the server), with a certificate for the CONNECT's name that it
# makes and signs on the spot (generate-host-certificates, security_file_certgen and
# its database made with -c) with its own CA, "Example Corp Inspection CA", as a
# company's inspection proxy does. Towards the server it is a TLS client trusting CA A.
fp_bump_squid() {
    local d=$WORK/squid-$1
    fp_squid_conf "$1"
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
        -keyout "$d/bump-ca.key" -out "$d/bump-ca.pem" \
        -subj "/O=Example Corp/CN=Example Corp Inspection CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    /usr/lib/squid/security_file_certgen -c -s "$d/ssl_db" -M 4MB >"$WORK/certgen.log" 2>&1
    # The client-facing http_port of fp_squid_conf gives way to the bumping one.
    sed -i "/^http_port /d" "$d/squid.conf"
    cat >>"$d/squid.conf" <<EOF
http_port $R4C:3128 ssl-bump tls-cert=$d/bump-ca.pem tls-key=$d/bump-ca.key generate-host-certificates=on dynamic_cert_mem_cache_size=4MB
sslcrtd_program /usr/lib/squid/security_file_certgen -s $d/ssl_db -M 4MB
sslcrtd_children 1 startup=1 idle=1
tls_outgoing_options cafile=$PKI/caA.pem
ssl_bump bump all
http_access deny CONNECT !SSL_ports
http_access allow clients
http_access deny all
EOF
    fp_squid_bg "$1"
}

# fp_bump_checks TRUSTED-COUNT: what both interception captures show: the direct
# connection gets the server's certificate (CA A), the connection through the proxy
# one for the same name from the inspection CA.
fp_bump_checks() {
    check "$FILE" "the CONNECT request" 'http.request.method=="CONNECT" && http.request.uri=="www.example.test:443"' 1
    check "$FILE" "the proxy's 200" "http.response.code==200 && tcp.srcport==3128" 1
    check "$FILE" "two ClientHellos for www.example.test" 'tls.handshake.extensions_server_name=="www.example.test"' 2
    check "$FILE" "the server's own certificate, directly" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:01" 1
    check "$FILE" "a certificate from the inspection CA, through the proxy" \
        "tls.handshake.type==11 && ip.src==$R4C && x509sat.uTF8String==\"Example Corp Inspection CA\"" 1
    check "$FILE" "the proxy's certificate for www.example.test" \
        "tls.handshake.type==11 && ip.src==$R4C && x509sat.uTF8String==\"www.example.test\"" 1
}

sc_proxy_intercept_untrusted() {
    # One capture, two connections of the same client (curl, TLS 1.2 so that the
    # certificates are in the clear): directly to www.example.test, which completes
    # with the server's certificate from CA A, then through the bumping proxy, whose
    # certificate the client cannot verify. squid sends its CA after the certificate it
    # made, so OpenSSL's complaint is "self-signed certificate in certificate chain",
    # and the alert unknown_ca(48). The proxy never connects to the server for it.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    fp_bump_squid bump-untrusted
    cap_start "$FILE"
    fp_port 1
    curl_c --tlsv1.2 --tls-max 1.2 --cacert "$PKI/caA.pem" --resolve "www.example.test:443:$S4" \
        https://www.example.test/hello.txt
    fp_port 2
    curl_c --tlsv1.2 --tls-max 1.2 --cacert "$PKI/caA.pem" --proxy "http://$R4C:3128" \
        https://www.example.test/hello.txt
    cap_stop
    expect ok "handshake.complete TLS1.2"
    expect server_cert_rejected "interception"
    expect_other -
    fp_bump_checks
    check "$FILE" "alert unknown_ca from the client, to the proxy" \
        "tls.alert_message.level==2 && tls.alert_message.desc==48 && ip.src==$C4 && tcp.dstport==3128" 1
    no_packets "$FILE" "other alerts" "tls.alert_message.level==2 && !(tls.alert_message.desc==48)"
    check "$OTHER_FILE" "only the direct connection at the server" 'tcp.flags.syn==1 && tcp.flags.ack==0' 1
    grep -q 'self-signed certificate in certificate chain' "$WORK/$SC-client.log" ||
        die "$SC: curl did not report the proxy's CA as unknown"
}

sc_proxy_intercept_trusted() {
    # The same two connections, the client now trusting the inspection CA as well as
    # CA A (a bundle of both, as a managed workstation has): both complete. Only the
    # certificate's issuer tells the bumped connection from the direct one. squid
    # makes its own TLS connection to the server for the request.
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key"
    fp_bump_squid bump-trusted
    cat "$PKI/caA.pem" "$WORK/squid-bump-trusted/bump-ca.pem" >"$WORK/fp-trusted.pem"
    cap_start "$FILE"
    fp_port 1
    curl_c --tlsv1.2 --tls-max 1.2 --cacert "$WORK/fp-trusted.pem" \
        --resolve "www.example.test:443:$S4" https://www.example.test/hello.txt
    fp_port 2
    curl_c --tlsv1.2 --tls-max 1.2 --cacert "$WORK/fp-trusted.pem" --proxy "http://$R4C:3128" \
        https://www.example.test/hello.txt
    cap_stop
    expect ok "handshake.complete TLS1.2"
    expect ok "interception"
    expect_other ok "tls13.complete TLS1.3"
    fp_bump_checks
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the answer through the proxy (decrypted)" \
        "http.response.code==200 && tcp.srcport==3128 && tls" 1 "$KEYLOG"
    check "$OTHER_FILE" "squid's own connection to the server" \
        "tcp.flags.syn==1 && tcp.flags.ack==0 && ip.src==$R4S" 1
}
