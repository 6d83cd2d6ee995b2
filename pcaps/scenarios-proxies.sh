# scenarios-proxies.sh - captures of the TLS-terminating servers and proxies that sit in
# front of applications (HAProxy 2.6, Apache httpd 2.4 with mod_ssl, stunnel 5.68), and
# of Python's ssl module as a client, sourced by make-captures.sh.
#
# All of them use OpenSSL 3.0 underneath, but their configuration decides what goes on
# the wire: which versions, suites and client certificates they accept, whether a name
# without a certificate is refused, and what happens when the application behind them is
# down. Each server runs in the server namespace with a configuration file written into
# $WORK, in the foreground of its own process (stopped by its PID at the end of the
# scenario, as nginx_bg's servers are), in front of a small HTTP server on
# 127.0.0.1:8080 (Python's http.server serving $WORK/www), and answers openssl s_client,
# curl, gnutls-cli or peers/pyclient.py, which write the key log. stunnel is also the
# client (client = yes) of openssl s_server, which writes the key log there.
#
# What they send (live), as these captures show:
#   - HAProxy: protocol_version(70) (ssl-min-ver, ssl-max-ver), handshake_failure(40)
#     (ciphers, ciphersuites), OpenSSL's alerts for a missing or refused client
#     certificate (verify required, ca-file: 40 in TLS 1.2, 116 in TLS 1.3, 48 for an
#     unknown issuer), unrecognized_name(112) with strict-sni for a missing and an
#     unknown name alike; "alpn h2" lets a client without h2 in (no ALPN in the answer);
#     with no server up it completes the handshake and answers HTTP 503 (after its
#     connection retries, 3 s); in TCP mode routing on req_ssl_sni, a name without a
#     backend gets a FIN right after the ClientHello, no TLS byte.
#   - Apache mod_ssl: the same OpenSSL alerts for SSLProtocol, SSLCipherSuite and
#     SSLVerifyClient require; SSLStrictSNIVHostCheck sends no alert at all: the
#     handshake completes, a hello without SNI gets HTTP 403, a name no virtual host has
#     is served by the first one; a dead backend behind ProxyPass is HTTP 503.
#   - stunnel: the same OpenSSL alerts for sslVersionMin/Max, ciphers, ciphersuites and
#     verifyChain, followed by a reset (not a FIN) after the client-certificate alerts;
#     with the service behind it down, it completes the handshake and then resets the
#     connection without close_notify and without a byte of data; as a client with
#     verifyChain, it refuses s_server's expired certificate with certificate_expired
#     (45), in the clear in TLS 1.3 too, then resets.
#   - Python (ssl.create_default_context): bad_certificate(42) for a certificate that
#     does not name the host, in the clear in TLS 1.3 too, then a reset.
#
# Needs, besides what make-captures.sh needs: the servers. On Debian:
#   apt-get install haproxy apache2 stunnel4

scenario_block 700 \
    haproxy-ok \
    haproxy-version-mismatch \
    haproxy-no-shared-cipher \
    haproxy-client-cert-missing \
    haproxy-client-cert-rejected \
    haproxy-strict-sni \
    haproxy-alpn-h2 \
    haproxy-backend-down \
    haproxy-sni-route-no-backend \
    apache-ok \
    apache-version-mismatch \
    apache-no-shared-cipher \
    apache-client-cert-missing \
    apache-client-cert-rejected \
    apache-strict-sni \
    apache-backend-down \
    stunnel-ok \
    stunnel-version-mismatch \
    stunnel-no-shared-cipher \
    stunnel-client-cert-missing \
    stunnel-client-cert-rejected \
    stunnel-backend-down \
    stunnel-client-server-cert-rejected \
    apache-python-server-cert-wrong-name

# px_need TOOL...: the servers are not in make-captures.sh's own list of tools.
px_need() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null || die "$t missing (see the header of scenarios-proxies.sh)"
    done
}

# http_backend: the application behind the proxies, plain HTTP on 127.0.0.1:8080 of the
# server namespace, serving hello.txt.
http_backend() {
    bg "$NS_S" web python3 -m http.server 8080 --bind 127.0.0.1 --directory "$WORK/www"
    wait_listen "$NS_S" 8080
}

# px_curl NAME ARGS...: curl to https://NAME/hello.txt, NAME resolved to the server,
# trusting CA A.
px_curl() {
    local name=$1
    shift
    curl_c --cacert "$PKI/caA.pem" --resolve "$name:443:$S4" "$@" "https://$name/hello.txt"
}

# px_gnutls PRIORITY ARGS...: gnutls-cli to the server's port 443 asking for
# www.example.test, writing the key log, sending one HTTP request (input kept open for a
# second so the answer arrives first).
px_gnutls() {
    local prio=$1
    shift
    { printf '%s' "$REQ"; sleep 1; } | in_c env SSLKEYLOGFILE="$KEYLOG" timeout "$TIMEOUT" \
        gnutls-cli --priority "$prio" --x509cafile "$PKI/caA.pem" \
        --sni-hostname www.example.test --verify-hostname www.example.test -p 443 "$@" "$S4" >>"$WORK/$SC-client.log" 2>&1 || true
}
TLS12_ONLY='NORMAL:-VERS-ALL:+VERS-TLS1.2'

# both WHAT FILTER [COUNT] [KEYLOG]: check at both ends: an alert seen only where it was
# sent would be a capture of a lost packet, not of the server's behaviour.
both() {
    check "$FILE" "$1" "$2" "${3:-}" "${4:-}"
    check "$OTHER_FILE" "$1" "$2" "${3:-}" "${4:-}"
}

# fatal_from CODE NAME FROM COUNT [KEYLOG]: COUNT fatal alerts CODE sent by FROM, at both
# ends, and no other fatal alert from that side.
fatal_from() {
    local code=$1 name=$2 from=$3 count=$4 keylog=${5:-}
    both "fatal alert $name from $from" \
        "tls.alert_message.level==2 && tls.alert_message.desc==$code && ip.src==$from" "$count" "$keylog"
    no_packets "$FILE" "other fatal alerts from $from" \
        "tls.alert_message.level==2 && tls.alert_message.desc!=$code && ip.src==$from" "$keylog"
}

# log_has NAME WORDS: the server's log ($WORK/NAME.log) says why it refused.
log_has() {
    grep -qF -- "$2" "$WORK/$1.log" ||
        die "$SC: $1.log lacks \"$2\": $(tail -n 3 "$WORK/$1.log" || true)"
}

# ---------------------------------------------------------------------------------------
# HAProxy 2.6, TLS-terminating (mode http) unless said otherwise.

# haproxy_conf NAME: the global and defaults sections; NAME's frontends follow. Logs go
# to standard error (its log in $WORK), no chroot, no user switch, no stats socket:
# nothing is written outside $WORK. "option httplog" without "dontlognull" logs every
# refused handshake too.
haproxy_conf() {
    mkdir -p "$WORK/haproxy"
    cat "$PKI/server.pem" "$PKI/server.key" >"$WORK/haproxy/server.pem"
    cat >"$WORK/$1.cfg" <<EOF
global
    log stderr format raw local0 info
    nbthread 1
defaults
    mode http
    log global
    option httplog
    timeout connect 2s
    timeout client 5s
    timeout server 5s
backend web
    server web 127.0.0.1:8080
EOF
}

# haproxy_bind ADDR:PORT OPTIONS...: a TLS frontend in front of the backend "web".
haproxy_bind() {
    local at=$1 cfg=$2
    shift 2
    cat >>"$cfg" <<EOF
frontend fe-${at##*:}
    bind $at ssl crt $WORK/haproxy/server.pem $*
    default_backend web
EOF
}

# haproxy_bg NAME [PORT...]: run haproxy with $WORK/NAME.cfg in the server namespace
# (-db: foreground, no daemon), waiting for port 443 and the PORTs given.
haproxy_bg() {
    local name=$1 port
    shift
    px_need haproxy
    bg "$NS_S" "haproxy-$name" haproxy -db -f "$WORK/$name.cfg"
    for port in 443 "$@"; do
        wait_listen "$NS_S" "$port"
    done
}

sc_haproxy_ok() {
    # The plain setup: HAProxy terminates TLS and passes the request to the backend,
    # TLS 1.3 (s_client) and TLS 1.2 (curl).
    http_backend
    haproxy_conf ok
    haproxy_bind "$S4:443" "$WORK/ok.cfg"
    haproxy_bg ok
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    client_port 2
    px_curl www.example.test --tlsv1.2 --tls-max 1.2
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect ok "handshake.complete TLS1.2"
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    both "the HTTP answers through HAProxy" 'http.response.code==200' 2 "$KEYLOG"
}

sc_haproxy_version_mismatch() {
    # ssl-min-ver TLSv1.3 refuses a TLS 1.2 client (curl), ssl-max-ver TLSv1.2 a TLS 1.3
    # client (s_client): protocol_version(70) before any ServerHello.
    haproxy_conf vm
    haproxy_bind "$S4:443" "$WORK/vm.cfg" ssl-min-ver TLSv1.3
    haproxy_bind "$S4:4443" "$WORK/vm.cfg" ssl-max-ver TLSv1.2
    haproxy_bg vm 4443
    cap_start "$FILE"
    client_port 1
    px_curl www.example.test --tlsv1.2 --tls-max 1.2
    client_port 2
    s_client "$S4:4443" -tls1_3 -servername www.example.test
    cap_stop
    expect version_mismatch "alert.protocol_version protocol_version(70) TLS1.2"
    expect version_mismatch "alert.protocol_version protocol_version(70) only TLS1.3"
    fatal_from 70 protocol_version "$S4" 2
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_haproxy_no_shared_cipher() {
    # "ciphers" (TLS 1.2) and "ciphersuites" (TLS 1.3) leave nothing the client offers:
    # handshake_failure(40) before any ServerHello.
    haproxy_conf nsc
    haproxy_bind "$S4:443" "$WORK/nsc.cfg" ssl-max-ver TLSv1.2 ciphers ECDHE-RSA-AES256-GCM-SHA384
    haproxy_bind "$S4:4443" "$WORK/nsc.cfg" ssl-min-ver TLSv1.3 ciphersuites TLS_AES_256_GCM_SHA384
    haproxy_bg nsc 4443
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -servername www.example.test
    client_port 2
    s_client "$S4:4443" -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256 -servername www.example.test
    cap_stop
    expect no_shared_cipher "alert.handshake_failure handshake_failure(40)"
    expect no_shared_cipher "alert.handshake_failure handshake_failure(40)"
    fatal_from 40 handshake_failure "$S4" 2
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_haproxy_client_cert_missing() {
    # "verify required ca-file": a client without a certificate, TLS 1.3 (s_client) and
    # TLS 1.2 (curl).
    haproxy_conf ccm
    haproxy_bind "$S4:443" "$WORK/ccm.cfg" verify required ca-file "$PKI/caA.pem"
    haproxy_bg ccm
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test
    client_port 2
    px_curl www.example.test --tlsv1.2 --tls-max 1.2
    cap_stop
    expect client_cert_missing "tls13.server_abort_empty_cert inference"
    expect client_cert_missing "alert.client_cert_missing handshake_failure(40) CertificateRequest empty"
    both "CertificateRequest in TLS 1.2" 'tls.handshake.type==13' 1
    both "the empty client Certificate in TLS 1.2" "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    fatal_from 40 handshake_failure "$S4" 1
    both "certificate_required from HAProxy, decrypted" "tls.alert_message.desc==116 && ip.src==$S4" 1 "$KEYLOG"
}

sc_haproxy_client_cert_rejected() {
    # The same listener, a client certificate from CA B: TLS 1.3 (s_client) and
    # TLS 1.2 (gnutls-cli).
    haproxy_conf ccr
    haproxy_bind "$S4:443" "$WORK/ccr.cfg" verify required ca-file "$PKI/caA.pem"
    haproxy_bg ccr
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -cert "$PKI/client-b.pem" \
        -key "$PKI/client-b.key"
    client_port 2
    px_gnutls "$TLS12_ONLY" --x509certfile "$PKI/client-b.pem" --x509keyfile "$PKI/client-b.key"
    cap_stop
    expect client_cert_rejected "tls13.server_abort_client_cert inference certificate"
    expect client_cert_rejected "alert.client_cert_rejected unknown_ca(48) CA B"
    fatal_from 48 unknown_ca "$S4" 2 "$KEYLOG"
    both "a client Certificate in TLS 1.2" "tls.handshake.type==11 && tls.handshake.certificates_length>0 && ip.src==$C4" 1
}

sc_haproxy_strict_sni() {
    # strict-sni: no certificate for the name, no handshake. A hello without SNI and
    # one naming another host (TLS 1.3 and TLS 1.2), then the configured name.
    http_backend
    haproxy_conf sni
    haproxy_bind "$S4:443" "$WORK/sni.cfg" strict-sni
    haproxy_bg sni
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -noservername
    client_port 2
    s_client "$S4:443" -tls1_3 -servername nope.example.test
    client_port 3
    px_curl nope.example.test --tlsv1.2 --tls-max 1.2 -k
    client_port 4
    s_client "$S4:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    cap_stop
    expect missing_sni "alert.unrecognized_name_no_sni unrecognized_name(112) server_name"
    expect unknown_sni "alert.unrecognized_name unrecognized_name(112) nope.example.test"
    expect unknown_sni "alert.unrecognized_name unrecognized_name(112) nope.example.test"
    expect ok "tls13.complete TLS1.3"
    fatal_from 112 unrecognized_name "$S4" 3
    both "one ServerHello" 'tls.handshake.type==2' 1
    both "the HTTP answer to the configured name" 'http.response.code==200' 1 "$KEYLOG"
}

sc_haproxy_alpn_h2() {
    # "alpn h2" and clients offering only http/1.1 (s_client TLS 1.3, curl --http1.1
    # TLS 1.2): HAProxy ignores the mismatch, sends no ALPN back and serves HTTP/1.
    http_backend
    haproxy_conf alpn
    haproxy_bind "$S4:443" "$WORK/alpn.cfg" alpn h2
    haproxy_bg alpn
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -alpn http/1.1
    client_port 2
    px_curl www.example.test --tlsv1.2 --tls-max 1.2 --http1.1
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect ok "handshake.complete TLS1.2"
    both "two ClientHellos offering ALPN http/1.1" 'tls.handshake.type==1 && tls.handshake.extensions_alpn_str=="http/1.1"' 2
    no_packets "$FILE" "an ALPN answer" 'tls.handshake.type==2 && tls.handshake.extensions_alpn_str' "$KEYLOG"
    no_packets "$FILE" "an ALPN answer (TLS 1.3 EncryptedExtensions)" 'tls.handshake.type==8 && tls.handshake.extensions_alpn_str' "$KEYLOG"
    no_packets "$FILE" "alerts" 'tls.alert_message.level==2' "$KEYLOG"
    both "the HTTP answers" 'http.response.code==200' 2 "$KEYLOG"
}

sc_haproxy_backend_down() {
    # The backend's only server is down (nothing listens on 8080): HAProxy completes
    # the handshake, reads the request and answers HTTP 503 itself. ok at the TLS level.
    haproxy_conf down
    haproxy_bind "$S4:443" "$WORK/down.cfg"
    haproxy_bg down
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test
    client_port 2
    px_curl www.example.test --tlsv1.2 --tls-max 1.2
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect ok "handshake.complete TLS1.2"
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    both "HTTP 503 from HAProxy" 'http.response.code==503' 2 "$KEYLOG"
}

sc_haproxy_sni_route_no_backend() {
    # HAProxy in TCP mode routing by the ClientHello's name (req_ssl_sni) to s_server on
    # 127.0.0.1:8443, with no default backend: the routed name, another name, no name.
    s_server_at upstream 127.0.0.1:8443 -cert "$PKI/server.pem" -key "$PKI/server.key"
    haproxy_conf route
    cat >>"$WORK/route.cfg" <<EOF
frontend route
    mode tcp
    option tcplog
    bind $S4:443
    tcp-request inspect-delay 5s
    tcp-request content accept if { req_ssl_hello_type 1 }
    use_backend upstream if { req_ssl_sni -i www.example.test }
backend upstream
    mode tcp
    server upstream 127.0.0.1:8443
EOF
    haproxy_bg route
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    client_port 2
    s_client "$S4:443" -tls1_3 -servername nope.example.test
    client_port 3
    s_client "$S4:443" -tls1_2 -noservername
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect unknown_sni "close.unknown_sni nope.example.test other names"
    expect missing_sni "close.missing_sni server_name closed"
    both "one ServerHello (through the route)" 'tls.handshake.type==2' 1
    both "the HTTP answer through the route" 'http.response.code==200' 1 "$KEYLOG"
    no_packets "$FILE" "alerts from the proxy" "tls.alert_message && ip.src==$S4"
    both "a FIN from the proxy after each unrouted hello" "tcp.flags.fin==1 && ip.src==$S4" 3
}

# ---------------------------------------------------------------------------------------
# Apache httpd 2.4 with mod_ssl, a reverse proxy (ProxyPass) in front of the backend.

# apache_conf NAME: the server part of $WORK/NAME.conf; its virtual hosts follow. The
# children run as www-data (Apache refuses root) and need no file: the keys are read and
# the logs opened by the parent, which stays root. Runtime files (pid, mutexes) in $WORK.
apache_conf() {
    local d="$WORK/apache-$1" m=/usr/lib/apache2/modules
    mkdir -p "$d"
    cat >"$WORK/$1.conf" <<EOF
ServerRoot $d
DefaultRuntimeDir $d
PidFile $d/httpd.pid
Mutex file:$d default
ServerName www.example.test
User www-data
Group www-data
LoadModule mpm_event_module $m/mod_mpm_event.so
LoadModule authz_core_module $m/mod_authz_core.so
LoadModule proxy_module $m/mod_proxy.so
LoadModule proxy_http_module $m/mod_proxy_http.so
LoadModule ssl_module $m/mod_ssl.so
ErrorLog /dev/stderr
LogLevel info ssl:info
LogFormat "%h %{SSL_PROTOCOL}x %{SSL_TLS_SNI}x \"%r\" %>s" tls
CustomLog /dev/stderr tls
EOF
}

# apache_vhost CONF PORT NAME DIRECTIVES...: a TLS virtual host for NAME on the server's
# address, proxying to the backend; each DIRECTIVE one line. Its certificate is
# $PKI/server.pem, or $PKI/$APACHE_CERT.pem.
apache_vhost() {
    local conf=$1 port=$2 name=$3 line cert=${APACHE_CERT:-server}
    shift 3
    grep -qx "Listen $S4:$port" "$conf" || echo "Listen $S4:$port" >>"$conf"
    {
        echo "<VirtualHost $S4:$port>"
        echo "    ServerName $name"
        echo "    SSLEngine on"
        echo "    SSLCertificateFile $PKI/$cert.pem"
        echo "    SSLCertificateKeyFile $PKI/$cert.key"
        echo "    ProxyPass / http://127.0.0.1:8080/"
        for line in "$@"; do
            echo "    $line"
        done
        echo "</VirtualHost>"
    } >>"$conf"
}

# apache_bg NAME [PORT...]: apache2 -DFOREGROUND with $WORK/NAME.conf in the server
# namespace, waiting for port 443 and the PORTs given.
apache_bg() {
    local name=$1 port
    shift
    px_need apache2
    bg "$NS_S" "apache-$name" apache2 -DFOREGROUND -f "$WORK/$name.conf"
    for port in 443 "$@"; do
        wait_listen "$NS_S" "$port"
    done
}

sc_apache_ok() {
    # Apache terminating TLS in front of the backend, TLS 1.3 (s_client) and TLS 1.2
    # (gnutls-cli).
    http_backend
    apache_conf ok
    apache_vhost "$WORK/ok.conf" 443 www.example.test
    apache_bg ok
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    client_port 2
    px_gnutls "$TLS12_ONLY"
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect ok "handshake.complete TLS1.2"
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    both "the HTTP answers through Apache" 'http.response.code==200' 2 "$KEYLOG"
}

sc_apache_version_mismatch() {
    # SSLProtocol TLSv1.3 only refuses a TLS 1.2 client (curl), TLSv1.2 only a TLS 1.3
    # client (s_client).
    apache_conf vm
    apache_vhost "$WORK/vm.conf" 443 www.example.test "SSLProtocol -all +TLSv1.3"
    apache_vhost "$WORK/vm.conf" 4443 www.example.test "SSLProtocol -all +TLSv1.2"
    apache_bg vm 4443
    cap_start "$FILE"
    client_port 1
    px_curl www.example.test --tlsv1.2 --tls-max 1.2
    client_port 2
    s_client "$S4:4443" -tls1_3 -servername www.example.test
    cap_stop
    expect version_mismatch "alert.protocol_version protocol_version(70) TLS1.2"
    expect version_mismatch "alert.protocol_version protocol_version(70) only TLS1.3"
    fatal_from 70 protocol_version "$S4" 2
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_apache_no_shared_cipher() {
    # SSLCipherSuite for TLS 1.2 and for TLS 1.3 ("SSLCipherSuite TLSv1.3 ...") leaving
    # nothing the client offers.
    apache_conf nsc
    apache_vhost "$WORK/nsc.conf" 443 www.example.test "SSLProtocol -all +TLSv1.2" \
        "SSLCipherSuite ECDHE-RSA-AES256-GCM-SHA384"
    apache_vhost "$WORK/nsc.conf" 4443 www.example.test "SSLProtocol -all +TLSv1.3" \
        "SSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384"
    apache_bg nsc 4443
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -servername www.example.test
    client_port 2
    s_client "$S4:4443" -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256 -servername www.example.test
    cap_stop
    expect no_shared_cipher "alert.handshake_failure handshake_failure(40)"
    expect no_shared_cipher "alert.handshake_failure handshake_failure(40)"
    fatal_from 40 handshake_failure "$S4" 2
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    log_has apache-nsc "no shared cipher"
}

# The client-certificate virtual host: SSLVerifyClient require for the whole host (so
# that the certificate is asked for in the handshake, not by a renegotiation or a TLS 1.3
# post-handshake request for one directory).
apache_mtls() {
    printf '%s\n' "SSLVerifyClient require" "SSLVerifyDepth 2" "SSLCACertificateFile $PKI/caA.pem"
}

sc_apache_client_cert_missing() {
    # No client certificate, TLS 1.3 (s_client) and TLS 1.2 (curl).
    local mtls
    mapfile -t mtls < <(apache_mtls)
    apache_conf ccm
    apache_vhost "$WORK/ccm.conf" 443 www.example.test "${mtls[@]}"
    apache_bg ccm
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test
    client_port 2
    px_curl www.example.test --tlsv1.2 --tls-max 1.2
    cap_stop
    expect client_cert_missing "tls13.server_abort_empty_cert inference"
    expect client_cert_missing "alert.client_cert_missing handshake_failure(40) CertificateRequest empty"
    both "the empty client Certificate in TLS 1.2" "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    fatal_from 40 handshake_failure "$S4" 1
    both "certificate_required from Apache, decrypted" "tls.alert_message.desc==116 && ip.src==$S4" 1 "$KEYLOG"
}

sc_apache_client_cert_rejected() {
    # A client certificate from CA B, TLS 1.3 (s_client) and TLS 1.2 (gnutls-cli).
    local mtls
    mapfile -t mtls < <(apache_mtls)
    apache_conf ccr
    apache_vhost "$WORK/ccr.conf" 443 www.example.test "${mtls[@]}"
    apache_bg ccr
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -cert "$PKI/client-b.pem" \
        -key "$PKI/client-b.key"
    client_port 2
    px_gnutls "$TLS12_ONLY" --x509certfile "$PKI/client-b.pem" --x509keyfile "$PKI/client-b.key"
    cap_stop
    expect client_cert_rejected "tls13.server_abort_client_cert inference certificate"
    expect client_cert_rejected "alert.client_cert_rejected unknown_ca(48) CA B"
    fatal_from 48 unknown_ca "$S4" 2 "$KEYLOG"
    both "a client Certificate in TLS 1.2" "tls.handshake.type==11 && tls.handshake.certificates_length>0 && ip.src==$C4" 1
}

sc_apache_strict_sni() {
    # SSLStrictSNIVHostCheck on, two name-based virtual hosts, a hello without SNI, one
    # naming a host not configured (TLS 1.3 and TLS 1.2), then the configured name.
    # mod_ssl sends no alert for either: the handshake completes with the first host's
    # certificate; the hello without SNI gets HTTP 403 (the only thing the directive
    # refuses), the unknown name is served by the first host (200). ok at the TLS level.
    http_backend
    apache_conf sni
    echo "SSLStrictSNIVHostCheck on" >>"$WORK/sni.conf"
    apache_vhost "$WORK/sni.conf" 443 www.example.test
    apache_vhost "$WORK/sni.conf" 443 other.example.test
    apache_bg sni
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -noservername
    client_port 2
    REQ=$'GET /hello.txt HTTP/1.0\r\nHost: nope.example.test\r\n\r\n' \
        s_client "$S4:443" -tls1_3 -servername nope.example.test
    client_port 3
    px_curl nope.example.test --tlsv1.2 --tls-max 1.2 -k
    client_port 4
    s_client "$S4:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect ok "tls13.complete TLS1.3"
    expect ok "handshake.complete TLS1.2"
    expect ok "tls13.complete TLS1.3"
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    no_packets "$FILE" "unrecognized_name warnings" 'tls.alert_message.desc==112' "$KEYLOG"
    both "four ServerHellos" 'tls.handshake.type==2' 4
    both "HTTP 403 to the hello without SNI" 'http.response.code==403' 1 "$KEYLOG"
    both "HTTP 200 to the others" 'http.response.code==200' 3 "$KEYLOG"
    log_has apache-sni "AH02033: No hostname was provided via SNI"
}

sc_apache_backend_down() {
    # ProxyPass to a backend that is not running: the handshake completes and Apache
    # answers HTTP 503. ok at the TLS level.
    apache_conf down
    apache_vhost "$WORK/down.conf" 443 www.example.test
    apache_bg down
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test
    client_port 2
    px_curl www.example.test --tlsv1.2 --tls-max 1.2
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect ok "handshake.complete TLS1.2"
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    both "HTTP 503 from Apache" 'http.response.code==503' 2 "$KEYLOG"
}

# py_client PORT VERSION: pcaps/peers/pyclient.py (Python's ssl module) in the client
# namespace, to the server's PORT, asking for www.example.test, trusting CA A, writing
# the key log.
py_client() {
    in_c timeout "$TIMEOUT" python3 "$OUT/peers/pyclient.py" "$S4" "$1" www.example.test \
        "$PKI/caA.pem" "$KEYLOG" "$2" >>"$WORK/$SC-client.log" 2>&1 || true
}

sc_apache_python_server_cert_wrong_name() {
    # A Python application (ssl.create_default_context) to an Apache host whose
    # certificate is for other.example.test, TLS 1.3 and TLS 1.2; then to a host with
    # the right certificate. OpenSSL's host name check fails in the client, which sends
    # its alert in the clear in TLS 1.3 too (before it switches its write keys).
    http_backend
    apache_conf py
    APACHE_CERT=server-other apache_vhost "$WORK/py.conf" 443 www.example.test
    apache_vhost "$WORK/py.conf" 4443 www.example.test
    apache_bg py 4443
    cap_start "$FILE"
    client_port 1
    py_client 443 TLSv1_3
    client_port 2
    py_client 443 TLSv1_2
    client_port 3
    py_client 4443 TLSv1_3
    cap_stop
    # The certificate is encrypted in TLS 1.3: the name mismatch shows with the key log.
    expect server_cert_rejected "alert.server_cert_rejected bad_certificate(42)"
    expect server_cert_rejected "alert.server_cert_rejected bad_certificate(42) cert.name_mismatch other.example.test"
    expect ok "tls13.complete TLS1.3"
    fatal_from 42 bad_certificate "$C4" 2
    no_packets "$FILE" "fatal alerts from the server" "tls.alert_message.level==2 && ip.src==$S4" "$KEYLOG"
    both "the HTTP answer to the Python client" 'http.response.code==200' 1 "$KEYLOG"
    grep -q "Hostname mismatch" "$WORK/$SC-client.log" ||
        die "$SC: the Python client did not fail on the host name: $(head -n 2 "$WORK/$SC-client.log")"
}

# ---------------------------------------------------------------------------------------
# stunnel 5.68, TLS in front of the backend (server mode) and as a client.

# stunnel_conf NAME: the global part of $WORK/NAME.stunnel; its services follow.
# Foreground, logging to standard error only, no pid file: nothing outside $WORK.
stunnel_conf() {
    printf '%s\n' "foreground = yes" "syslog = no" "pid =" "debug = info" >"$WORK/$1.stunnel"
}

# stunnel_service CONF NAME ACCEPT CONNECT OPTIONS...: a server-mode service NAME
# taking TLS on ACCEPT and passing the plaintext to CONNECT; each OPTION one
# "key = value" line.
stunnel_service() {
    local conf=$1 name=$2 accept=$3 connect=$4 line
    shift 4
    {
        echo "[$name]"
        echo "accept = $accept"
        echo "connect = $connect"
        echo "cert = $PKI/server.pem"
        echo "key = $PKI/server.key"
        for line in "$@"; do
            echo "$line"
        done
    } >>"$conf"
}

# stunnel_bg NS NAME [PORT...]: stunnel with $WORK/NAME.stunnel in namespace NS,
# waiting for the PORTs given.
stunnel_bg() {
    local ns=$1 name=$2 port
    shift 2
    px_need stunnel
    bg "$ns" "stunnel-$name" stunnel "$WORK/$name.stunnel"
    for port in "$@"; do
        wait_listen "$ns" "$port"
    done
}

sc_stunnel_ok() {
    # stunnel in front of the backend, TLS 1.3 (s_client) and TLS 1.2 (curl).
    http_backend
    stunnel_conf ok
    stunnel_service "$WORK/ok.stunnel" https "$S4:443" 127.0.0.1:8080
    stunnel_bg "$NS_S" ok 443
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error
    client_port 2
    px_curl www.example.test --tlsv1.2 --tls-max 1.2
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect ok "handshake.complete TLS1.2"
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    both "the HTTP answers through stunnel" 'http.response.code==200' 2 "$KEYLOG"
}

sc_stunnel_version_mismatch() {
    # sslVersionMin = TLSv1.3 refuses a TLS 1.2 client (curl), sslVersionMax = TLSv1.2
    # a TLS 1.3 client (s_client).
    stunnel_conf vm
    stunnel_service "$WORK/vm.stunnel" v13 "$S4:443" 127.0.0.1:8080 "sslVersionMin = TLSv1.3"
    stunnel_service "$WORK/vm.stunnel" v12 "$S4:4443" 127.0.0.1:8080 "sslVersionMax = TLSv1.2"
    stunnel_bg "$NS_S" vm 443 4443
    cap_start "$FILE"
    client_port 1
    px_curl www.example.test --tlsv1.2 --tls-max 1.2
    client_port 2
    s_client "$S4:4443" -tls1_3 -servername www.example.test
    cap_stop
    expect version_mismatch "alert.protocol_version protocol_version(70) TLS1.2"
    expect version_mismatch "alert.protocol_version protocol_version(70) only TLS1.3"
    fatal_from 70 protocol_version "$S4" 2
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_stunnel_no_shared_cipher() {
    # ciphers (TLS 1.2) and ciphersuites (TLS 1.3) leaving nothing the client offers.
    stunnel_conf nsc
    stunnel_service "$WORK/nsc.stunnel" c12 "$S4:443" 127.0.0.1:8080 \
        "sslVersionMax = TLSv1.2" "ciphers = ECDHE-RSA-AES256-GCM-SHA384"
    stunnel_service "$WORK/nsc.stunnel" c13 "$S4:4443" 127.0.0.1:8080 \
        "sslVersionMin = TLSv1.3" "ciphersuites = TLS_AES_256_GCM_SHA384"
    stunnel_bg "$NS_S" nsc 443 4443
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -servername www.example.test
    client_port 2
    s_client "$S4:4443" -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256 -servername www.example.test
    cap_stop
    expect no_shared_cipher "alert.handshake_failure handshake_failure(40)"
    expect no_shared_cipher "alert.handshake_failure handshake_failure(40)"
    fatal_from 40 handshake_failure "$S4" 2
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_stunnel_client_cert_missing() {
    # verifyChain (which implies requireCert) against CA A, and a client without a
    # certificate, TLS 1.3 (s_client) and TLS 1.2 (curl).
    stunnel_conf ccm
    stunnel_service "$WORK/ccm.stunnel" mtls "$S4:443" 127.0.0.1:8080 "verifyChain = yes" \
        "CAfile = $PKI/caA.pem"
    stunnel_bg "$NS_S" ccm 443
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test
    client_port 2
    px_curl www.example.test --tlsv1.2 --tls-max 1.2
    cap_stop
    expect client_cert_missing "tls13.server_abort_empty_cert inference"
    expect client_cert_missing "alert.client_cert_missing handshake_failure(40) CertificateRequest empty"
    both "the empty client Certificate in TLS 1.2" "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    fatal_from 40 handshake_failure "$S4" 1
    both "certificate_required from stunnel, decrypted" "tls.alert_message.desc==116 && ip.src==$S4" 1 "$KEYLOG"
}

sc_stunnel_client_cert_rejected() {
    # A client certificate from CA B, TLS 1.3 (s_client) and TLS 1.2 (gnutls-cli).
    stunnel_conf ccr
    stunnel_service "$WORK/ccr.stunnel" mtls "$S4:443" 127.0.0.1:8080 "verifyChain = yes" \
        "CAfile = $PKI/caA.pem"
    stunnel_bg "$NS_S" ccr 443
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -cert "$PKI/client-b.pem" \
        -key "$PKI/client-b.key"
    client_port 2
    px_gnutls "$TLS12_ONLY" --x509certfile "$PKI/client-b.pem" --x509keyfile "$PKI/client-b.key"
    cap_stop
    expect client_cert_rejected "tls13.server_abort_client_cert inference certificate"
    expect client_cert_rejected "alert.client_cert_rejected unknown_ca(48) CA B"
    fatal_from 48 unknown_ca "$S4" 2 "$KEYLOG"
    both "a client Certificate in TLS 1.2" "tls.handshake.type==11 && tls.handshake.certificates_length>0 && ip.src==$C4" 1
}

sc_stunnel_backend_down() {
    # The service behind stunnel is not running: stunnel completes the handshake
    # before it connects to the backend, and when that connection is refused it closes
    # the client's socket without close_notify; the client's request is still unread,
    # so the kernel sends a reset. ok at the TLS level: the failure is behind it.
    stunnel_conf down
    stunnel_service "$WORK/down.stunnel" https "$S4:443" 127.0.0.1:8080
    stunnel_bg "$NS_S" down 443
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test
    client_port 2
    px_curl www.example.test --tlsv1.2 --tls-max 1.2
    cap_stop
    expect ok "tls13.complete TLS1.3"
    expect ok "handshake.complete TLS1.2"
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    no_packets "$FILE" "an HTTP answer" 'http.response' "$KEYLOG"
    no_packets "$FILE" "close_notify" 'tls.alert_message' "$KEYLOG"
    both "resets from stunnel" "tcp.flags.reset==1 && ip.src==$S4"
    log_has stunnel-down "Connection refused"
}

sc_stunnel_client_server_cert_rejected() {
    # stunnel as the client (client = yes, verifyChain, checkHost) of s_server, whose
    # certificate has expired, TLS 1.3 and TLS 1.2 (two services; socat in the client
    # namespace connects to each, over the loopback interface, which is not captured).
    s_server_bg srv -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key" -keylogfile "$KEYLOG"
    stunnel_conf cli
    local v port=8443
    for v in TLSv1.3 TLSv1.2; do
        printf '%s\n' "[out-$v]" "client = yes" "accept = 127.0.0.1:$port" \
            "connect = $S4:443" "sni = www.example.test" "verifyChain = yes" \
            "checkHost = www.example.test" "CAfile = $PKI/caA.pem" \
            "sslVersion = $v" >>"$WORK/cli.stunnel"
        port=$((port + 1))
    done
    stunnel_bg "$NS_C" cli 8443 8444
    cap_start "$FILE"
    for port in 8443 8444; do
        client_port $((port - 8442))
        { printf '%s' "$REQ"; sleep 1; } | in_c timeout 5 socat -t 2 - "TCP:127.0.0.1:$port" \
            >>"$WORK/$SC-client.log" 2>&1 || true
    done
    cap_stop
    expect server_cert_rejected "alert.server_cert_rejected certificate_expired(45) expired"
    expect server_cert_rejected "alert.server_cert_rejected certificate_expired(45) expired"
    fatal_from 45 certificate_expired "$C4" 2
    no_packets "$FILE" "fatal alerts from the server" "tls.alert_message.level==2 && ip.src==$S4" "$KEYLOG"
    log_has stunnel-cli "certificate has expired"
}
