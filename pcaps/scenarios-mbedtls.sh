# scenarios-mbedtls.sh - captures of Arm's mbedTLS (Debian 12's libmbedtls 2.28.3),
# sourced by make-captures.sh.
#
# mbedTLS is the client (peers/mbedpeer.c) against openssl s_server or gnutls-serv, and
# the server against openssl s_client, for each failure mbedTLS can produce or meet in
# that role. TLS 1.2 only: Debian builds 2.28 without MBEDTLS_SSL_PROTO_TLS1_3_EXPERIMENTAL
# (see /usr/include/mbedtls/config.h), so the library speaks TLS 1.0 to 1.2 and a TLS
# 1.3-only peer meets it as a version mismatch. Where mbedTLS is the client it writes the
# key log itself (mbedtls_ssl_conf_export_keys_ext_cb, mbedpeer -keylog); where it is the
# server, s_client writes it (-keylogfile).
#
# mbedpeer is built at run time into $WORK with gcc, linked against the system's
# libmbedtls, libmbedx509 and libmbedcrypto.
#
# What mbedTLS 2.28.3 sends, as these captures show (library/ssl_cli.c, ssl_srv.c and
# ssl_tls.c of 2.28 send each alert where the error is found; there is no pending-alert
# mechanism as in 3.x):
#   - as a client, unknown_ca(48) for a server certificate from an untrusted or no CA,
#     certificate_expired(45), bad_certificate(42) for a wrong name, in place of its
#     ClientKeyExchange; protocol_version(70) for a ServerHello below its minimum;
#   - as a server, handshake_failure(40) when no suite is usable (no suite in common, no
#     certificate for a hello without server_name, and a TLS 1.3-only hello, whose TLS
#     1.3 suites it does not know), protocol_version(70) for a hello below its minimum,
#     unrecognized_name(112) when the SNI callback fails, no_application_protocol(120)
#     when no ALPN protocol is in common, unknown_ca(48) and certificate_expired(45) for
#     client certificates; and NO alert at all, only a close, for an empty client
#     Certificate and for no curve in common (found after its Certificate is out).
#   - after any refusal a FIN, then a RST for the peer's bytes it never read.
#
# Needs, besides what make-captures.sh needs: gcc and mbedTLS's headers and libraries.
# On Debian:
#   apt-get install gcc libmbedtls-dev

scenario_block 600 \
    mbedtls-client-ok-tls12 \
    mbedtls-client-ok-mtls-tls12 \
    mbedtls-client-version-mismatch-tls12 \
    mbedtls-client-version-mismatch-tls11-server \
    mbedtls-client-no-shared-cipher-tls12 \
    mbedtls-client-cert-missing-tls12 \
    mbedtls-client-cert-untrusted-tls12 \
    mbedtls-client-cert-expired-tls12 \
    mbedtls-client-server-cert-untrusted-tls12 \
    mbedtls-client-server-cert-self-signed-tls12 \
    mbedtls-client-server-cert-expired-tls12 \
    mbedtls-client-server-cert-wrong-name-tls12 \
    mbedtls-client-unknown-sni-tls12 \
    mbedtls-client-alpn-mismatch-tls12 \
    mbedtls-server-ok-tls12 \
    mbedtls-server-ok-mtls-tls12 \
    mbedtls-server-version-mismatch-tls13 \
    mbedtls-server-version-mismatch-tls11 \
    mbedtls-server-no-shared-cipher-tls12 \
    mbedtls-server-no-shared-group-tls12 \
    mbedtls-server-client-cert-missing-tls12 \
    mbedtls-server-client-cert-rejected-tls12 \
    mbedtls-server-server-cert-rejected-tls12 \
    mbedtls-server-unknown-sni-tls12 \
    mbedtls-server-missing-sni-tls12 \
    mbedtls-server-alpn-mismatch-tls12

# mbed_build: build peers/mbedpeer.c once per run into $WORK/mbed (scenarios run in
# subshells of the same run, so the binary outlives the scenario that built it).
MBED_PEER=""
mbed_build() {
    MBED_PEER="$WORK/mbed/mbedpeer"
    [ -x "$MBED_PEER" ] && return 0
    command -v gcc >/dev/null || die "gcc missing (see the header of scenarios-mbedtls.sh)"
    [ -e /usr/include/mbedtls/ssl.h ] || die "mbedTLS headers missing (see the header of scenarios-mbedtls.sh)"
    mkdir -p "$WORK/mbed"
    gcc -O2 -Wall -o "$MBED_PEER.tmp" "$OUT/peers/mbedpeer.c" -lmbedtls -lmbedx509 -lmbedcrypto \
        >"$WORK/mbed/build.log" 2>&1 || die "gcc mbedpeer.c failed: $(cat "$WORK/mbed/build.log")"
    mv "$MBED_PEER.tmp" "$MBED_PEER"
}

# mbed_server_bg NAME ARGS...: mbedpeer as a server on port 443 of the server namespace,
# output to $WORK/NAME.log.
mbed_server_bg() {
    local name=$1
    shift
    mbed_build
    bg "$NS_S" "$name" "$MBED_PEER" -mode server -addr :443 "$@"
    wait_listen "$NS_S" 443
}

# mbed_client TARGET ARGS...: mbedpeer as a client in the client namespace, to TARGET,
# writing its secrets to the scenario's key log, killed after TIMEOUT seconds, output
# appended to $WORK/$SC-client.log. Never fails the script: a refused handshake is the
# point.
mbed_client() {
    local target=$1
    shift
    mbed_build
    in_c timeout "$TIMEOUT" "$MBED_PEER" -mode client -addr "$target" -keylog "$KEYLOG" "$@" \
        >>"$WORK/$SC-client.log" 2>&1 || true
}

# mbed_log_has WORDS / mbed_srv_log_has NAME WORDS: the mbedTLS client's (server's) log
# must contain WORDS: mbedpeer prints mbedTLS's error code and text, the verification
# flags in words and the code of an alert received.
mbed_log_has() {
    grep -qF -- "$1" "$WORK/$SC-client.log" ||
        die "$SC: client log lacks \"$1\": $(grep -m2 'error' "$WORK/$SC-client.log" || true)"
}
mbed_srv_log_has() {
    grep -qF -- "$2" "$WORK/$1.log" ||
        die "$SC: $1.log lacks \"$2\": $(grep -m2 'error' "$WORK/$1.log" || true)"
}

# mbed_fatal_alert CODE NAME FROM [KEYLOG]: the capture holds one fatal alert CODE, sent
# by FROM (an address), decrypted with KEYLOG when given; and no other alert.
mbed_fatal_alert() {
    local code=$1 name=$2 from=$3 keylog=${4:-}
    check "$FILE" "fatal alert $name from $from" \
        "tls.alert_message.level==2 && tls.alert_message.desc==$code && ip.src==$from" 1 "$keylog"
    no_packets "$FILE" "other alerts" \
        "tls.alert_message && !(tls.alert_message.desc==$code && ip.src==$from)" "$keylog"
}

mbed_tls12_hello() {
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' "${1:-1}"
}

# The K-th client port of the running scenario.
mbed_port() { printf '%s' $((40000 + 10 * SC_INDEX + $1)); }

# ---------------------------------------------------------------------------------------
# mbedTLS as the client.

# mbed_s_server ARGS...: s_server with the www.example.test certificate of CA A
# (mbedTLS writes the key log).
mbed_s_server() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" "$@"
}

# mbed_c ARGS...: the mbedTLS client to the server's port 443, TLS 1.2 only, asking for
# and verifying www.example.test, trusting CA A (later ARGS may override).
mbed_c() {
    mbed_client "$S4:443" -min 1.2 -max 1.2 -sni www.example.test -ca "$PKI/caA.pem" "$@"
}

sc_mbedtls_client_ok_tls12() {
    mbed_s_server -naccept 1
    cap_start "$FILE"
    client_port 1
    mbed_c -request
    cap_stop
    expect ok "TLS1.2"
    mbed_log_has "handshake done: TLSv1.2"
    mbed_log_has "answer: HTTP/1.0 200 ok"
    mbed_tls12_hello
    check "$FILE" "Finished both ways (two ChangeCipherSpec)" 'tls.change_cipher_spec' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    # The key log is mbedTLS's own (CLIENT_RANDOM with the master secret).
    check "$FILE" "the client's Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" 1 "$KEYLOG"
    check "$FILE" "the HTTP answer (decrypted)" 'http.response.code==200' 1 "$KEYLOG"
}

sc_mbedtls_client_ok_mtls_tls12() {
    # A server requiring a client certificate from CA A; mbedTLS presents one.
    mbed_s_server -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error -naccept 1
    cap_start "$FILE"
    client_port 1
    mbed_c -cert "$PKI/client.pem" -key "$PKI/client.key" -request
    cap_stop
    expect ok "TLS1.2"
    mbed_log_has "answer: HTTP/1.0 200 ok"
    mbed_tls12_hello
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "the client's certificate 20:01" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:01" 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer (decrypted)" 'http.response.code==200' 1 "$KEYLOG"
}

sc_mbedtls_client_version_mismatch_tls12() {
    # mbedTLS 2.28 offers TLS 1.2 at most; the server speaks TLS 1.3 only.
    mbed_s_server -tls1_3
    cap_start "$FILE"
    client_port 1
    mbed_c
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.2"
    mbed_fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    mbed_log_has "alert received: level 2 code 70"
}

sc_mbedtls_client_version_mismatch_tls11_server() {
    # An old server that speaks TLS 1.1 at most (OpenSSL at security level 0, without
    # which it would not sign with SHA-1): it answers mbedTLS's TLS 1.2 hello with a
    # TLS 1.1 ServerHello, below the client's minimum. Here the client refuses.
    mbed_s_server -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'
    cap_start "$FILE"
    client_port 1
    mbed_c
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.1"
    check "$FILE" "a TLS 1.1 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0302' 1
    mbed_fatal_alert 70 protocol_version "$C4"
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
    mbed_log_has "handshake error: -0x"
}

sc_mbedtls_client_no_shared_cipher_tls12() {
    mbed_s_server -tls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384
    cap_start "$FILE"
    client_port 1
    mbed_c -ciphers TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    # mbedTLS adds the renegotiation SCSV to its one suite: two suites in all.
    check "$FILE" "a ClientHello offering TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" \
        'tls.handshake.type==1 && tls.handshake.ciphersuite==0xc02f' 1
    no_packets "$FILE" "a ClientHello offering TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" \
        'tls.handshake.type==1 && tls.handshake.ciphersuite==0xc030'
    mbed_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    mbed_log_has "alert received: level 2 code 40"
}

sc_mbedtls_client_cert_missing_tls12() {
    # The server requires a client certificate; mbedTLS has none and answers the
    # CertificateRequest with an empty Certificate.
    mbed_s_server -tls1_2 -Verify 1 -CAfile "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    mbed_c -request
    cap_stop
    expect client_cert_missing "handshake_failure(40) CertificateRequest"
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    mbed_fatal_alert 40 handshake_failure "$S4"
    mbed_log_has "alert received: level 2 code 40"
}

# mbed_client_cert CERT [SERVER ARGS...]: mbedTLS presents the client certificate CERT
# to s_server, which requires one from CA A and aborts on any verification error.
# mbedTLS 2.28 does not look at the CertificateRequest's CA names: it sends the one
# certificate it has.
mbed_client_cert() {
    local cert=$1
    shift
    mbed_s_server -tls1_2 -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error "$@"
    cap_start "$FILE"
    client_port 1
    mbed_c -cert "$PKI/$cert.pem" -key "$PKI/$cert.key" -request
    cap_stop
}

sc_mbedtls_client_cert_untrusted_tls12() {
    # A client certificate from CA B, which the server does not trust.
    mbed_client_cert client-b
    expect client_cert_rejected "unknown_ca(48)"
    check_client_cert_alert 20:02 48 unknown_ca
    verify_error srv.log 20
    mbed_log_has "alert received: level 2 code 48"
}

sc_mbedtls_client_cert_expired_tls12() {
    # A client certificate from CA A that expired in 2021: mbedTLS does not look at its
    # own certificate's dates, the server refuses it.
    mbed_client_cert client-expired
    expect client_cert_rejected "certificate_expired(45) cert.expired"
    check_client_cert_alert 20:03 45 certificate_expired
    verify_error srv.log 10
    mbed_log_has "alert received: level 2 code 45"
}

# mbed_server_cert CERT [ARGS...]: mbedTLS as the client of s_server presenting CERT,
# trusting CA A (unless ARGS give another -ca) and checking the name www.example.test.
mbed_server_cert() {
    local cert=$1
    shift
    s_server_bg srv -cert "$PKI/$cert.pem" -key "$PKI/$cert.key" -tls1_2
    cap_start "$FILE"
    client_port 1
    mbed_c "$@" -request
    cap_stop
}

# mbed_server_cert_alert CODE NAME: mbedTLS verifies the server's certificate as soon
# as it has parsed it (ssl_parse_certificate) and sends the alert CODE in place of its
# ClientKeyExchange.
mbed_server_cert_alert() {
    check_server_cert_alert "$1" "$2"
    mbed_log_has "handshake error: -0x2700"
}

sc_mbedtls_client_server_cert_untrusted_tls12() {
    # The server's certificate is from CA A; mbedTLS trusts only CA B.
    mbed_server_cert server -ca "$PKI/caB.pem"
    expect server_cert_rejected "unknown_ca(48)"
    mbed_server_cert_alert 48 unknown_ca
    mbed_log_has "verify: The certificate is not correctly signed by the trusted CA"
}

sc_mbedtls_client_server_cert_self_signed_tls12() {
    mbed_server_cert selfsigned
    expect server_cert_rejected "unknown_ca(48) self-signed"
    mbed_server_cert_alert 48 unknown_ca
    mbed_log_has "verify: The certificate is not correctly signed by the trusted CA"
}

sc_mbedtls_client_server_cert_expired_tls12() {
    mbed_server_cert server-expired
    expect server_cert_rejected "certificate_expired(45) cert.expired"
    mbed_server_cert_alert 45 certificate_expired
    mbed_log_has "verify: The certificate validity has expired"
}

sc_mbedtls_client_server_cert_wrong_name_tls12() {
    # The certificate is for other.example.test; mbedTLS asks for www.example.test.
    mbed_server_cert server-other
    expect server_cert_rejected "bad_certificate(42) cert.name_mismatch other.example.test"
    mbed_server_cert_alert 42 bad_certificate
    mbed_log_has "verify: The certificate Common Name (CN) does not match with the expected CN"
}

sc_mbedtls_client_unknown_sni_tls12() {
    # s_server knows www.example.test only (-servername_fatal); mbedTLS asks for
    # other.example.test.
    mbed_s_server -tls1_2 -cert2 "$PKI/server2.pem" -key2 "$PKI/server2.key" \
        -servername www.example.test -servername_fatal
    cap_start "$FILE"
    client_port 1
    mbed_c -sni other.example.test -request
    cap_stop
    expect unknown_sni "unrecognized_name(112) other.example.test"
    mbed_fatal_alert 112 unrecognized_name "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    mbed_log_has "alert received: level 2 code 112"
}

sc_mbedtls_client_alpn_mismatch_tls12() {
    # gnutls-serv speaks h2 only and refuses a client that offers anything else;
    # mbedTLS offers http/1.1.
    bg "$NS_S" srv gnutls-serv --http -p 443 --x509certfile "$PKI/server.pem" \
        --x509keyfile "$PKI/server.key" --alpn=h2 --alpn-fatal
    wait_listen "$NS_S" 443
    cap_start "$FILE"
    client_port 1
    mbed_c -alpn http/1.1 -request
    cap_stop
    expect alpn_mismatch "no_application_protocol(120) http/1.1"
    mbed_fatal_alert 120 no_application_protocol "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    mbed_log_has "alert received: level 2 code 120"
}

# ---------------------------------------------------------------------------------------
# mbedTLS as the server. openssl s_client writes the key log.

# mbed_srv ARGS...: mbedpeer serving www.example.test (CA A) on port 443.
mbed_srv() {
    mbed_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" "$@"
}

# mbed_ossl ARGS...: s_client to the mbedTLS server, trusting CA A, aborting on a bad
# server certificate. Without a version option it offers TLS 1.3 and 1.2, as a current
# client does, and settles for TLS 1.2.
mbed_ossl() {
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error "$@"
}

sc_mbedtls_server_ok_tls12() {
    mbed_srv -accept 1
    cap_start "$FILE"
    client_port 1
    mbed_ossl
    cap_stop
    expect ok "TLS1.2"
    mbed_srv_log_has srv "handshake done: TLSv1.2"
    check "$FILE" "a ClientHello offering TLS 1.3" 'tls.handshake.type==1 && tls.handshake.extensions.supported_version==0x0304' 1
    mbed_tls12_hello
    check "$FILE" "Finished both ways (two ChangeCipherSpec)" 'tls.change_cipher_spec' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer (decrypted)" 'http.response.code==200' 1 "$KEYLOG"
}

sc_mbedtls_server_ok_mtls_tls12() {
    mbed_srv -verify -ca "$PKI/caA.pem" -accept 1
    cap_start "$FILE"
    client_port 1
    mbed_ossl -cert "$PKI/client.pem" -key "$PKI/client.key"
    cap_stop
    expect ok "TLS1.2"
    mbed_srv_log_has srv "handshake done: TLSv1.2"
    mbed_tls12_hello
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "the client's certificate 20:01" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:01" 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer (decrypted)" 'http.response.code==200' 1 "$KEYLOG"
}

sc_mbedtls_server_version_mismatch_tls13() {
    # A first client offers TLS 1.3 and 1.2 and gets TLS 1.2; a second one offers TLS
    # 1.3 only. mbedTLS 2.28 knows no supported_versions extension: it reads the
    # hello's legacy version 0x0303 as TLS 1.2, finds none of the TLS 1.3 suites offered
    # among its own, and refuses the hello as it would a hello without a suite in
    # common. The first connection shows that the server does not speak TLS 1.3.
    mbed_srv -accept 2
    cap_start "$FILE"
    client_port 1
    mbed_ossl
    client_port 2
    mbed_ossl -tls1_3
    cap_stop
    expect ok "TLS1.2"
    expect version_mismatch "alert.handshake_failure_tls13_only handshake_failure(40) TLS1.3"
    check "$FILE" "two ClientHellos offering TLS 1.3" 'tls.handshake.type==1 && tls.handshake.extensions.supported_version==0x0304' 2
    check "$FILE" "one ClientHello offering TLS 1.3 only" \
        "tls.handshake.type==1 && !(tls.handshake.extensions.supported_version==0x0303) && tcp.srcport==$(mbed_port 2)" 1
    check "$FILE" "one TLS 1.2 ServerHello, on the first connection" \
        "tls.handshake.type==2 && tls.handshake.version==0x0303 && tcp.dstport==$(mbed_port 1)" 1
    check "$FILE" "the first connection's HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$FILE" "handshake_failure from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==40 && ip.src==$S4 && tcp.dstport==$(mbed_port 2)" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==40)' "$KEYLOG"
    mbed_srv_log_has srv "handshake error: -0x7380"
}

sc_mbedtls_server_version_mismatch_tls11() {
    # The mbedTLS server's minimum is TLS 1.2; the client offers TLS 1.1 at most
    # (OpenSSL at security level 0, without which it would not offer TLS 1.1 at all).
    mbed_srv -min 1.2
    cap_start "$FILE"
    client_port 1
    mbed_ossl -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.1"
    check "$FILE" "a TLS 1.1 ClientHello" 'tls.handshake.type==1 && tls.handshake.version==0x0302' 1
    mbed_fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    mbed_srv_log_has srv "handshake error: -0x6e80"
}

sc_mbedtls_server_no_shared_cipher_tls12() {
    mbed_srv -ciphers TLS-ECDHE-RSA-WITH-AES-256-GCM-SHA384
    cap_start "$FILE"
    client_port 1
    mbed_ossl -tls1_2 -cipher AES128-SHA
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    mbed_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    mbed_srv_log_has srv "handshake error: -0x7380"
}

sc_mbedtls_server_no_shared_group_tls12() {
    # Suites in common, but all of them ECDHE and no curve in common: the server has
    # secp384r1 only, the client offers X25519 only. mbedTLS 2.28 checks, when it picks
    # the suite, only that the client named some curve it knows; it finds that none is
    # among its own when it writes its ServerKeyExchange ("no matching curve for ECDHE"),
    # after its ServerHello and Certificate are out, and returns
    # MBEDTLS_ERR_SSL_NO_CIPHER_CHOSEN without an alert. The client sees the server
    # close instead of its ServerKeyExchange; s_client's decode_error answers the close.
    mbed_srv -ciphers TLS-ECDHE-RSA-WITH-AES-128-GCM-SHA256 -curves secp384r1
    cap_start "$FILE"
    client_port 1
    mbed_ossl -tls1_2 -groups X25519
    cap_stop
    expect server_reset "close.server Certificate"
    check "$FILE" "a ClientHello offering x25519 only" \
        'tls.handshake.type==1 && tls.handshake.extensions_supported_group==29 && tls.handshake.extensions_supported_groups_length==2' 1
    mbed_tls12_hello
    check "$FILE" "the server's Certificate" "tls.handshake.type==11 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerKeyExchange" 'tls.handshake.type==12'
    no_packets "$FILE" "an alert from the server" "tls.alert_message && ip.src==$S4"
    check "$FILE" "the server's FIN" "tcp.flags.fin==1 && ip.src==$S4" 1
    mbed_srv_log_has srv "handshake error: -0x7380"
}

sc_mbedtls_server_client_cert_missing_tls12() {
    # The server requires a client certificate; s_client has none and sends an empty
    # one. mbedTLS 2.28 (mbedtls_ssl_parse_certificate) returns
    # MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE without sending an alert, with the rest of
    # the client's flight unread: the close that follows is all the client gets.
    mbed_srv -verify -ca "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    mbed_ossl -tls1_2
    cap_stop
    expect client_cert_missing "CertificateRequest"
    mbed_tls12_hello
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    no_packets "$FILE" "an alert from the server" "tls.alert_message && ip.src==$S4" "$KEYLOG"
    no_packets "$FILE" "a ChangeCipherSpec from the server" "tls.change_cipher_spec && ip.src==$S4"
    mbed_srv_log_has srv "handshake error: -0x7480"
}

sc_mbedtls_server_client_cert_rejected_tls12() {
    # Two clients of a server that requires a certificate from CA A: one from CA B (not
    # trusted), then an expired one from CA A.
    mbed_srv -verify -ca "$PKI/caA.pem" -accept 2
    cap_start "$FILE"
    client_port 1
    mbed_ossl -tls1_2 -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    client_port 2
    mbed_ossl -tls1_2 -cert "$PKI/client-expired.pem" -key "$PKI/client-expired.key"
    cap_stop
    expect client_cert_rejected "unknown_ca(48)"
    expect client_cert_rejected "certificate_expired(45) cert.expired"
    mbed_tls12_hello 2
    local p1 p2
    p1=$(mbed_port 1) p2=$(mbed_port 2)
    check "$FILE" "the CA B certificate first" \
        "tls.handshake.type==11 && tcp.srcport==$p1 && x509af.serialNumber==20:02" 1
    check "$FILE" "unknown_ca from the server on the first connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==48 && ip.src==$S4 && tcp.dstport==$p1" 1
    check "$FILE" "the expired certificate second" \
        "tls.handshake.type==11 && tcp.srcport==$p2 && x509af.serialNumber==20:03" 1
    check "$FILE" "certificate_expired from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==45 && ip.src==$S4 && tcp.dstport==$p2" 1
    no_packets "$FILE" "other alerts" \
        "tls.alert_message && !(ip.src==$S4 && (tls.alert_message.desc==48 || tls.alert_message.desc==45))"
    no_packets "$FILE" "a ChangeCipherSpec from the server" "tls.change_cipher_spec && ip.src==$S4"
    mbed_srv_log_has srv "verify: The certificate is not correctly signed by the trusted CA"
    mbed_srv_log_has srv "verify: The certificate validity has expired"
}

sc_mbedtls_server_server_cert_rejected_tls12() {
    # The mbedTLS server presents a certificate that expired in 2021.
    mbed_server_bg srv -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key"
    cap_start "$FILE"
    client_port 1
    mbed_ossl
    cap_stop
    expect server_cert_rejected "certificate_expired(45) cert.expired"
    mbed_tls12_hello
    mbed_fatal_alert 45 certificate_expired "$C4"
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
    verify_error "$SC-client.log" 10
    mbed_srv_log_has srv "alert received: level 2 code 45"
}

# mbed_server_sni CLIENT2 ARGS...: the mbedTLS server knows www.example.test only
# (an SNI callback, -names); a first client asks for it, a second one runs s_client
# with CLIENT2's options.
mbed_server_sni() {
    local how=$1
    shift
    mbed_srv -names www.example.test -accept 2 "$@"
    cap_start "$FILE"
    client_port 1
    mbed_ossl -tls1_2
    client_port 2
    # shellcheck disable=SC2086
    s_client "$S4:443" -tls1_2 -CAfile "$PKI/caA.pem" $how
    cap_stop
    check "$FILE" "the first connection's HTTP answer" \
        "http.response.code==200 && tcp.dstport==$(mbed_port 1)" 1 "$KEYLOG"
    check "$FILE" "one ServerHello" 'tls.handshake.type==2' 1
    mbed_srv_log_has srv 'serving server name "www.example.test"'
}

sc_mbedtls_server_unknown_sni_tls12() {
    # The SNI callback returns an error for other.example.test: mbedTLS
    # (ssl_parse_servername_ext) sends unrecognized_name.
    mbed_server_sni "-servername other.example.test"
    expect ok "TLS1.2"
    expect unknown_sni "unrecognized_name(112) other.example.test"
    check "$FILE" "unrecognized_name from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==112 && ip.src==$S4 && tcp.dstport==$(mbed_port 2)" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==112)' "$KEYLOG"
    mbed_srv_log_has srv 'refusing server name "other.example.test"'
}

sc_mbedtls_server_missing_sni_tls12() {
    # The server's only certificate comes from the SNI callback
    # (mbedtls_ssl_set_hs_own_cert), as in a virtual-hosting server without a default
    # host. A hello without server_name never reaches the callback: mbedTLS finds no
    # certificate for any suite and refuses it as having no suite in common.
    mbed_server_sni "-noservername" -no-default-cert
    expect ok "TLS1.2"
    expect missing_sni "alert.handshake_failure_no_sni handshake_failure(40) server_name"
    check "$FILE" "one server_name" 'tls.handshake.extensions_server_name' 1
    check "$FILE" "handshake_failure from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==40 && ip.src==$S4 && tcp.dstport==$(mbed_port 2)" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==40)' "$KEYLOG"
    mbed_srv_log_has srv "handshake error: -0x6980"
}

sc_mbedtls_server_alpn_mismatch_tls12() {
    # The mbedTLS server speaks h2 only. A first client offers h2 and gets it; a second
    # offers http/1.1 only: mbedTLS (ssl_parse_alpn_ext) sends no_application_protocol.
    mbed_srv -alpn h2 -accept 2
    cap_start "$FILE"
    client_port 1
    mbed_ossl -tls1_2 -alpn h2
    client_port 2
    mbed_ossl -tls1_2 -alpn http/1.1
    cap_stop
    expect ok "TLS1.2"
    expect alpn_mismatch "no_application_protocol(120) http/1.1"
    check "$FILE" "one ServerHello, with ALPN h2" 'tls.handshake.type==2 && tls.handshake.extensions_alpn_str=="h2"' 1
    check "$FILE" "no_application_protocol from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==120 && ip.src==$S4 && tcp.dstport==$(mbed_port 2)" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==120)' "$KEYLOG"
    mbed_srv_log_has srv "alpn h2"
}
