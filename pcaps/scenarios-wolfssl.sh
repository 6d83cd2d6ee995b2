# scenarios-wolfssl.sh - captures of wolfSSL (Debian 12's libwolfssl 5.5.4), sourced by
# make-captures.sh.
#
# wolfSSL is the client (peers/wolfpeer.c) against openssl s_server, gnutls-serv or
# nginx, and the server against openssl s_client, in TLS 1.3 and TLS 1.2, for each
# failure wolfSSL can produce or meet in that role. Debian's build has no
# HAVE_SECRET_CALLBACK (no key-log or TLS 1.3 secret callback): the key log of every
# scenario is written by the OpenSSL end (s_server -keylogfile where wolfSSL is the
# client, s_client -keylogfile where it is the server). wolfpeer writes TLS 1.2
# CLIENT_RANDOM lines itself (wolfpeer -keylog), checked against OpenSSL's in
# wolfssl-client-ok-tls12.
#
# What wolfSSL 5.5.4 sends, as these captures show (the section wolfSSL of each class in
# man/tls-stacks.md has the table):
#   - as a client, unknown_ca(48) for a server certificate from an unknown issuer,
#     bad_certificate(42) for a self-signed one and for a wrong name, and
#     certificate_expired(45) for an expired one; in TLS 1.3 encrypted, without a
#     ChangeCipherSpec, as soon as the server's Certificate record is in (often before
#     its Finished has arrived), then a RST;
#   - as a client, its certificate whatever CAs the CertificateRequest names (unlike Go);
#     WOLFSSL_ALPN_FAILED_ON_MISMATCH does not refuse a server that answers without ALPN;
#   - as a server, protocol_version(70) to a TLS 1.2 hello when it speaks TLS 1.3 only,
#     but handshake_failure(40) to a TLS 1.3-only hello when it speaks TLS 1.2 at most
#     (no cipher suite of the hello is usable), handshake_failure(40) for no common
#     suite; with no common group in TLS 1.3 a HelloRetryRequest that names no group
#     (no key_share), which the client refuses with illegal_parameter(47);
#     certificate_required(116) for a missing client certificate in TLS 1.3 but *no
#     alert at all* in TLS 1.2 (a RST); unknown_ca(48) / certificate_expired(45)
#     for a refused client certificate; unrecognized_name(112) for a name it does not
#     serve (wolfSSL_CTX_UseSNI, abort on mismatch, the default), handshake_failure(40)
#     for a hello without server_name (WOLFSSL_SNI_ABORT_ON_ABSENCE);
#     no_application_protocol(120) with WOLFSSL_ALPN_FAILED_ON_MISMATCH; in TLS 1.3,
#     unexpected_message(10), encrypted, when the client's plaintext alert (OpenSSL's)
#     arrives where it expects the client's encrypted flight.
#
# Needs, besides what make-captures.sh needs: gcc and wolfSSL's headers. On Debian:
#   apt-get install gcc libwolfssl-dev

scenario_block 500 \
    wolfssl-client-ok-tls13 \
    wolfssl-client-ok-tls12 \
    wolfssl-client-ok-mtls-tls13 \
    wolfssl-client-ok-mtls-tls12 \
    wolfssl-client-version-mismatch-tls12 \
    wolfssl-client-version-mismatch-tls13 \
    wolfssl-client-no-shared-cipher-tls12 \
    wolfssl-client-no-shared-group-tls13 \
    wolfssl-client-cert-missing-tls13 \
    wolfssl-client-cert-missing-tls12 \
    wolfssl-client-cert-rejected-tls13 \
    wolfssl-client-cert-rejected-tls12 \
    wolfssl-client-server-cert-untrusted-tls13 \
    wolfssl-client-server-cert-untrusted-tls12 \
    wolfssl-client-server-cert-self-signed-tls13 \
    wolfssl-client-server-cert-self-signed-tls12 \
    wolfssl-client-server-cert-expired-tls13 \
    wolfssl-client-server-cert-expired-tls12 \
    wolfssl-client-server-cert-wrong-name-tls13 \
    wolfssl-client-server-cert-wrong-name-tls12 \
    wolfssl-client-unknown-sni-tls13 \
    wolfssl-client-unknown-sni-tls12 \
    wolfssl-client-missing-sni-tls13 \
    wolfssl-client-alpn-mismatch-tls13 \
    wolfssl-client-alpn-mismatch-tls12 \
    wolfssl-client-alpn-fail-ignored-tls13 \
    wolfssl-server-ok-tls13 \
    wolfssl-server-ok-tls12 \
    wolfssl-server-ok-mtls-tls13 \
    wolfssl-server-ok-mtls-tls12 \
    wolfssl-server-version-mismatch-tls12 \
    wolfssl-server-version-mismatch-tls13 \
    wolfssl-server-no-shared-cipher-tls12 \
    wolfssl-server-no-shared-cipher-tls13 \
    wolfssl-server-no-shared-group-tls13 \
    wolfssl-server-client-cert-missing-tls13 \
    wolfssl-server-client-cert-missing-tls12 \
    wolfssl-server-client-cert-rejected-tls13 \
    wolfssl-server-client-cert-rejected-tls12 \
    wolfssl-server-server-cert-rejected-tls13 \
    wolfssl-server-server-cert-rejected-tls12 \
    wolfssl-server-unknown-sni-tls13 \
    wolfssl-server-unknown-sni-tls12 \
    wolfssl-server-missing-sni-tls13 \
    wolfssl-server-missing-sni-tls12 \
    wolfssl-server-alpn-mismatch-tls13 \
    wolfssl-server-alpn-mismatch-tls12

# wolf_build: build peers/wolfpeer.c once per run into $WORK/wolf (scenarios run in
# subshells of the same run, so the binary outlives the scenario that built it).
WOLF_PEER=""
wolf_build() {
    WOLF_PEER="$WORK/wolf/wolfpeer"
    [ -x "$WOLF_PEER" ] && return 0
    command -v gcc >/dev/null || die "gcc missing (see the header of scenarios-wolfssl.sh)"
    [ -e /usr/include/wolfssl/ssl.h ] || die "wolfSSL headers missing (see the header of scenarios-wolfssl.sh)"
    mkdir -p "$WORK/wolf"
    gcc -O2 -Wall -o "$WOLF_PEER.tmp" "$OUT/peers/wolfpeer.c" -lwolfssl \
        >"$WORK/wolf/build.log" 2>&1 || die "gcc wolfpeer.c failed: $(cat "$WORK/wolf/build.log")"
    mv "$WOLF_PEER.tmp" "$WOLF_PEER"
}

# wolf_server_bg NAME ARGS...: wolfpeer as a server on port 443 of the server namespace
# (every address, IPv4 and IPv6), output to $WORK/NAME.log.
wolf_server_bg() {
    local name=$1
    shift
    wolf_build
    bg "$NS_S" "$name" "$WOLF_PEER" -mode server -addr :443 "$@"
    wait_listen "$NS_S" 443
}

# wolf_client TARGET ARGS...: wolfpeer as a client in the client namespace, to TARGET,
# its own TLS 1.2 key log in $WORK/$SC-wolf.keylog, killed after TIMEOUT seconds, output
# appended to $WORK/$SC-client.log. Never fails the script: a refused handshake is the
# point.
wolf_client() {
    local target=$1
    shift
    wolf_build
    in_c timeout "$TIMEOUT" "$WOLF_PEER" -mode client -addr "$target" \
        -keylog "$WORK/$SC-wolf.keylog" "$@" >>"$WORK/$SC-client.log" 2>&1 || true
}

# wolf_log_has WORDS / wolf_srv_log_has NAME WORDS: the wolfSSL client's (server's) log
# must contain WORDS: wolfpeer prints wolfSSL's error code and text and the alerts it
# sent and received.
wolf_log_has() {
    grep -qF -- "$1" "$WORK/$SC-client.log" ||
        die "$SC: client log lacks \"$1\": $(grep -m2 'error' "$WORK/$SC-client.log" || true)"
}
wolf_srv_log_has() {
    grep -qF -- "$2" "$WORK/$1.log" ||
        die "$SC: $1.log lacks \"$2\": $(grep -m2 'error' "$WORK/$1.log" || true)"
}

# wolf_fatal_alert CODE NAME FROM [KEYLOG]: the capture holds one fatal alert CODE, sent
# by FROM (an address), decrypted with KEYLOG when given; and no other fatal alert.
wolf_fatal_alert() {
    local code=$1 name=$2 from=$3 keylog=${4:-}
    check "$FILE" "fatal alert $name from $from" \
        "tls.alert_message.level==2 && tls.alert_message.desc==$code && ip.src==$from" 1 "$keylog"
    no_packets "$FILE" "other fatal alerts" \
        "tls.alert_message.level==2 && !(tls.alert_message.desc==$code && ip.src==$from)" "$keylog"
}

# wolf_tls13_hidden [N]: N (1) TLS 1.3 ServerHellos, and not a single alert in the clear.
wolf_tls13_hidden() {
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' "${1:-1}"
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
}

wolf_tls12_hello() {
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' "${1:-1}"
}

# The K-th client port of the running scenario.
wolf_port() { printf '%s' $((40000 + 10 * SC_INDEX + $1)); }

# ---------------------------------------------------------------------------------------
# wolfSSL as the client. s_server writes the key log (-keylogfile).

# wolf_s_server CERT ARGS...: s_server presenting CERT (server: www.example.test of CA A).
wolf_s_server() {
    local cert=$1
    shift
    s_server_bg srv -cert "$PKI/$cert.pem" -key "$PKI/$cert.key" -keylogfile "$KEYLOG" "$@"
}

# wolf_c VERSION ARGS...: the wolfSSL client to the server's port 443, TLS 1.VERSION
# only, asking for and checking www.example.test, trusting CA A (later ARGS override).
wolf_c() {
    local v=$1
    shift
    wolf_client "$S4:443" -min "1.$v" -max "1.$v" -sni www.example.test -ca "$PKI/caA.pem" "$@"
}

sc_wolfssl_client_ok_tls13() {
    wolf_s_server server -tls1_3 -naccept 1
    cap_start "$FILE"
    client_port 1
    wolf_c 3 -request
    cap_stop
    expect ok "TLS1.3"
    wolf_log_has "handshake done: TLS1.3"
    wolf_log_has "answer: HTTP/1.0 200 ok"
    wolf_tls13_hidden
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the client's Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" 1 "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_wolfssl_client_ok_tls12() {
    wolf_s_server server -tls1_2 -naccept 1
    cap_start "$FILE"
    client_port 1
    wolf_c 2 -request
    cap_stop
    expect ok "TLS1.2"
    wolf_log_has "handshake done: TLS1.2"
    wolf_tls12_hello
    check "$FILE" "Finished both ways (two ChangeCipherSpec)" 'tls.change_cipher_spec' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    # wolfpeer's own key log (TLS 1.2: CLIENT_RANDOM) is the one OpenSSL wrote.
    grep '^CLIENT_RANDOM' "$KEYLOG" | cmp -s - "$WORK/$SC-wolf.keylog" ||
        die "$SC: wolfpeer's key log differs from s_server's"
    check "$FILE" "the HTTP answer, decrypted with wolfpeer's key log" 'http.response.code==200' 1 \
        "$WORK/$SC-wolf.keylog"
}

# wolf_ok_mtls VERSION: a server requiring a client certificate from CA A; wolfSSL
# presents one.
wolf_ok_mtls() {
    wolf_s_server server "-tls1_$1" -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error -naccept 1
    cap_start "$FILE"
    client_port 1
    wolf_c "$1" -cert "$PKI/client.pem" -key "$PKI/client.key" -request
    cap_stop
    expect ok "TLS1.$1"
    wolf_log_has "answer: HTTP/1.0 200 ok"
    check "$FILE" "the client's certificate 20:01 (decrypted)" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:01" 1 "$KEYLOG"
    check "$FILE" "a CertificateVerify (decrypted)" "tls.handshake.type==15 && ip.src==$C4" 1 "$KEYLOG"
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_wolfssl_client_ok_mtls_tls13() {
    wolf_ok_mtls 3
    wolf_tls13_hidden
}

sc_wolfssl_client_ok_mtls_tls12() {
    wolf_ok_mtls 2
    wolf_tls12_hello
}

sc_wolfssl_client_version_mismatch_tls12() {
    # wolfSSL offers TLS 1.2 only; the server speaks TLS 1.3 only.
    wolf_s_server server -tls1_3
    cap_start "$FILE"
    client_port 1
    wolf_c 2
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.2"
    wolf_fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    no_packets "$FILE" "a supported_versions extension" 'tls.handshake.extensions.supported_version'
    wolf_log_has "alert received: fatal protocol_version(70)"
}

sc_wolfssl_client_version_mismatch_tls13() {
    # wolfSSL offers TLS 1.3 only; the server speaks TLS 1.2 only.
    wolf_s_server server -tls1_2
    cap_start "$FILE"
    client_port 1
    wolf_c 3
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.3"
    check "$FILE" "a ClientHello offering TLS 1.3 only" \
        'tls.handshake.type==1 && tls.handshake.extensions.supported_version==0x0304 && !(tls.handshake.extensions.supported_version==0x0303)' 1
    wolf_fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    wolf_log_has "alert received: fatal protocol_version(70)"
}

sc_wolfssl_client_no_shared_cipher_tls12() {
    wolf_s_server server -tls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384
    cap_start "$FILE"
    client_port 1
    wolf_c 2 -ciphers ECDHE-RSA-AES128-GCM-SHA256
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    check "$FILE" "a ClientHello offering TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" \
        'tls.handshake.type==1 && tls.handshake.ciphersuite==0xc02f && !(tls.handshake.ciphersuite==0xc030)' 1
    wolf_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    wolf_log_has "alert received: fatal handshake_failure(40)"
}

sc_wolfssl_client_no_shared_group_tls13() {
    # TLS 1.3, wolfSSL offers (and sends a key share for) P-384 only; the server accepts
    # X25519 only: no HelloRetryRequest can help.
    wolf_s_server server -tls1_3 -groups X25519
    cap_start "$FILE"
    client_port 1
    wolf_c 3 -groups P-384
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    check "$FILE" "a key share for secp384r1" 'tls.handshake.type==1 && tls.handshake.extensions_key_share_group==24' 1
    check "$FILE" "secp384r1 alone in supported_groups" \
        'tls.handshake.type==1 && tls.handshake.extensions_supported_group==24 && tls.handshake.extensions_supported_groups_length==2' 1
    wolf_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_wolfssl_client_cert_missing_tls13() {
    # The server requires a client certificate; wolfSSL has none and answers the
    # CertificateRequest with an empty Certificate.
    wolf_s_server server -tls1_3 -Verify 1 -CAfile "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    wolf_c 3 -request
    cap_stop
    expect client_cert_missing "inference"
    wolf_tls13_hidden
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    check "$FILE" "an empty client Certificate (decrypted)" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1 "$KEYLOG"
    wolf_fatal_alert 116 certificate_required "$S4" "$KEYLOG"
    wolf_log_has "alert received: fatal unnamed(116)"
}

sc_wolfssl_client_cert_missing_tls12() {
    wolf_s_server server -tls1_2 -Verify 1 -CAfile "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    wolf_c 2 -request
    cap_stop
    expect client_cert_missing "handshake_failure(40) CertificateRequest"
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    wolf_fatal_alert 40 handshake_failure "$S4"
    wolf_log_has "alert received: fatal handshake_failure(40)"
}

# wolf_client_cert_rejected VERSION: wolfSSL presents a client certificate from CA B to
# a server that trusts CA A only: unlike Go, wolfSSL sends its certificate whatever CAs
# the CertificateRequest names.
wolf_client_cert_rejected() {
    wolf_s_server server "-tls1_$1" -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error
    cap_start "$FILE"
    client_port 1
    wolf_c "$1" -cert "$PKI/client-b.pem" -key "$PKI/client-b.key" -request
    cap_stop
    verify_error srv.log 20
    wolf_log_has "alert received: fatal unknown_ca(48)"
}

sc_wolfssl_client_cert_rejected_tls13() {
    wolf_client_cert_rejected 3
    expect client_cert_rejected "inference"
    check_client_cert_alert13 20:02 48 unknown_ca
    no_packets "$FILE" "an alert from the client (decrypted)" "tls.alert_message && ip.src==$C4" "$KEYLOG"
}

sc_wolfssl_client_cert_rejected_tls12() {
    wolf_client_cert_rejected 2
    expect client_cert_rejected "unknown_ca(48)"
    check_client_cert_alert 20:02 48 unknown_ca
}

# wolf_server_cert CERT VERSION [ARGS...]: wolfSSL as the client of s_server presenting
# CERT, trusting CA A (unless ARGS give another -ca) and checking www.example.test.
wolf_server_cert() {
    local cert=$1 v=$2
    shift 2
    wolf_s_server "$cert" "-tls1_$v"
    cap_start "$FILE"
    client_port 1
    wolf_c "$v" "$@" -request
    cap_stop
}

# wolf_server_cert_alert13 CODE NAME: TLS 1.3 - wolfSSL refused the server's
# certificate with the alert CODE after the server's flight, instead of its Finished.
wolf_server_cert_alert13() {
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    wolf_fatal_alert "$1" "$2" "$C4" "$KEYLOG"
    no_packets "$FILE" "a client Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" "$KEYLOG"
}

sc_wolfssl_client_server_cert_untrusted_tls13() {
    # The server's certificate is from CA A; wolfSSL trusts only CA B.
    wolf_server_cert server 3 -ca "$PKI/caB.pem"
    expect server_cert_rejected "inference"
    wolf_server_cert_alert13 48 unknown_ca
    wolf_log_has "alert sent: fatal unknown_ca(48)"
}

sc_wolfssl_client_server_cert_untrusted_tls12() {
    wolf_server_cert server 2 -ca "$PKI/caB.pem"
    expect server_cert_rejected "unknown_ca(48)"
    check_server_cert_alert 48 unknown_ca
    wolf_log_has "alert sent: fatal unknown_ca(48)"
}

sc_wolfssl_client_server_cert_self_signed_tls13() {
    wolf_server_cert selfsigned 3
    expect server_cert_rejected "inference"
    wolf_server_cert_alert13 42 bad_certificate
    wolf_log_has "ASN self-signed certificate error"
}

sc_wolfssl_client_server_cert_self_signed_tls12() {
    wolf_server_cert selfsigned 2
    expect server_cert_rejected "bad_certificate(42) self-signed"
    check_server_cert_alert 42 bad_certificate
    wolf_log_has "ASN self-signed certificate error"
}

sc_wolfssl_client_server_cert_expired_tls13() {
    wolf_server_cert server-expired 3
    expect server_cert_rejected "inference"
    wolf_server_cert_alert13 45 certificate_expired
    check "$FILE" "the expired server certificate (decrypted)" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:04" 1 "$KEYLOG"
    wolf_log_has "ASN date error, current date after"
}

sc_wolfssl_client_server_cert_expired_tls12() {
    wolf_server_cert server-expired 2
    expect server_cert_rejected "certificate_expired(45) cert.expired"
    check_server_cert_alert 45 certificate_expired
    wolf_log_has "ASN date error, current date after"
}

sc_wolfssl_client_server_cert_wrong_name_tls13() {
    # The certificate is for other.example.test; wolfSSL asks for www.example.test
    # (wolfSSL_check_domain_name).
    wolf_server_cert server-other 3
    expect server_cert_rejected "inference"
    wolf_server_cert_alert13 42 bad_certificate
    wolf_log_has "peer subject name mismatch"
}

sc_wolfssl_client_server_cert_wrong_name_tls12() {
    wolf_server_cert server-other 2
    expect server_cert_rejected "bad_certificate(42) cert.name_mismatch other.example.test"
    check_server_cert_alert 42 bad_certificate
    wolf_log_has "peer subject name mismatch"
}

# wolf_client_unknown_sni VERSION: s_server knows www.example.test only
# (-servername_fatal); wolfSSL asks for other.example.test.
wolf_client_unknown_sni() {
    wolf_s_server server "-tls1_$1" -cert2 "$PKI/server2.pem" -key2 "$PKI/server2.key" \
        -servername www.example.test -servername_fatal
    cap_start "$FILE"
    client_port 1
    wolf_c "$1" -sni other.example.test -request
    cap_stop
    expect unknown_sni "unrecognized_name(112) other.example.test"
    wolf_fatal_alert 112 unrecognized_name "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    wolf_log_has "alert received: fatal unrecognized_name(112)"
}

sc_wolfssl_client_unknown_sni_tls13() { wolf_client_unknown_sni 3; }
sc_wolfssl_client_unknown_sni_tls12() { wolf_client_unknown_sni 2; }

sc_wolfssl_client_missing_sni_tls13() {
    # An SNI router (nginx ssl_preread, see nginx_sni_conf) in front of s_server: wolfSSL
    # without wolfSSL_UseSNI sends no server_name and nginx closes without a TLS byte.
    s_server_at upstream 127.0.0.1:8443 -cert "$PKI/server.pem" -key "$PKI/server.key"
    nginx_sni_conf sni >"$WORK/sni.conf"
    nginx_bg sni
    cap_start "$FILE"
    client_port 1
    wolf_client "$S4:443" -min 1.3 -max 1.3 -ca "$PKI/caA.pem" -request
    cap_stop
    expect missing_sni "close.missing_sni server_name"
    no_packets "$FILE" "server_name" 'tls.handshake.extensions_server_name'
    check "$FILE" "a ClientHello" 'tls.handshake.type==1' 1
    no_packets "$FILE" "TLS from the server" "tls && ip.src==$S4"
    check "$FILE" "FIN from the server" "tcp.flags.fin==1 && ip.src==$S4" 1
}

# wolf_client_alpn VERSION: gnutls-serv speaks h2 only and refuses a client that offers
# anything else; wolfSSL offers http/1.1.
wolf_client_alpn() {
    bg "$NS_S" srv gnutls-serv --http -p 443 --x509certfile "$PKI/server.pem" \
        --x509keyfile "$PKI/server.key" --alpn=h2 --alpn-fatal
    wait_listen "$NS_S" 443
    cap_start "$FILE"
    client_port 1
    wolf_c "$1" -alpn http/1.1 -request
    cap_stop
    expect alpn_mismatch "no_application_protocol(120) http/1.1"
    wolf_fatal_alert 120 no_application_protocol "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    wolf_log_has "alert received: fatal no_application_protocol(120)"
}

sc_wolfssl_client_alpn_mismatch_tls13() { wolf_client_alpn 3; }
sc_wolfssl_client_alpn_mismatch_tls12() { wolf_client_alpn 2; }

sc_wolfssl_client_alpn_fail_ignored_tls13() {
    # WOLFSSL_ALPN_FAILED_ON_MISMATCH on the client side: gnutls-serv speaks h2 but
    # ignores a client without it (no --alpn-fatal) and answers without ALPN; the
    # wolfSSL client, which offered http/1.1 only and asked to fail on a mismatch, goes
    # on: the option only checks a protocol the server did choose.
    bg "$NS_S" srv gnutls-serv --http -p 443 --x509certfile "$PKI/server.pem" \
        --x509keyfile "$PKI/server.key" --alpn=h2
    wait_listen "$NS_S" 443
    cap_start "$FILE"
    client_port 1
    wolf_c 3 -alpn http/1.1 -alpn-fail -request
    cap_stop
    expect ok "TLS1.3"
    check "$FILE" "ClientHellos offering http/1.1" 'tls.handshake.type==1 && tls.handshake.extensions_alpn_str=="http/1.1"'
    no_packets "$FILE" "a ServerHello with ALPN" 'tls.handshake.type==2 && tls.handshake.extensions_alpn_str'
    wolf_log_has "handshake done: TLS1.3"
    wolf_log_has "answer: HTTP/1.0 200 OK"
}

# ---------------------------------------------------------------------------------------
# wolfSSL as the server. openssl s_client writes the key log.

# wolf_srv ARGS...: wolfpeer serving www.example.test (CA A) on port 443.
wolf_srv() {
    wolf_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" "$@"
}

# wolf_ossl VERSION ARGS...: s_client to the wolfSSL server, TLS 1.VERSION only,
# trusting CA A, aborting on a bad server certificate.
wolf_ossl() {
    local v=$1
    shift
    s_client "$S4:443" "-tls1_$v" -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error "$@"
}

sc_wolfssl_server_ok_tls13() {
    wolf_srv -min 1.3 -accept 1
    cap_start "$FILE"
    client_port 1
    wolf_ossl 3
    cap_stop
    expect ok "TLS1.3"
    wolf_srv_log_has srv "handshake done: TLS1.3"
    wolf_tls13_hidden
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_wolfssl_server_ok_tls12() {
    wolf_srv -max 1.2 -accept 1
    cap_start "$FILE"
    client_port 1
    wolf_ossl 2
    cap_stop
    expect ok "TLS1.2"
    wolf_srv_log_has srv "handshake done: TLS1.2"
    wolf_tls12_hello
    check "$FILE" "Finished both ways (two ChangeCipherSpec)" 'tls.change_cipher_spec' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

# wolf_server_ok_mtls VERSION: the wolfSSL server requires a certificate from CA A
# (-verify); s_client presents one.
wolf_server_ok_mtls() {
    wolf_srv -min "1.$1" -max "1.$1" -ca "$PKI/caA.pem" -verify -accept 1
    cap_start "$FILE"
    client_port 1
    wolf_ossl "$1" -cert "$PKI/client.pem" -key "$PKI/client.key"
    cap_stop
    expect ok "TLS1.$1"
    wolf_srv_log_has srv "handshake done: TLS1.$1"
    wolf_srv_log_has srv "peer client.example.test"
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    check "$FILE" "the client's certificate 20:01 (decrypted)" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:01" 1 "$KEYLOG"
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_wolfssl_server_ok_mtls_tls13() {
    wolf_server_ok_mtls 3
    wolf_tls13_hidden
}

sc_wolfssl_server_ok_mtls_tls12() {
    wolf_server_ok_mtls 2
    wolf_tls12_hello
}

sc_wolfssl_server_version_mismatch_tls12() {
    # The wolfSSL server speaks TLS 1.3 only; the client offers TLS 1.2 only.
    wolf_srv -min 1.3
    cap_start "$FILE"
    client_port 1
    wolf_ossl 2
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.2"
    wolf_fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    wolf_srv_log_has srv "alert sent: fatal protocol_version(70)"
}

sc_wolfssl_server_version_mismatch_tls13() {
    # The wolfSSL server speaks TLS 1.2 at most; a first client offers TLS 1.2 and
    # completes, a second one offers TLS 1.3 only. wolfSSL does not answer it with
    # protocol_version: it finds none of the hello's (TLS 1.3) suites usable and sends
    # handshake_failure, the alert of a cipher mismatch; only the first connection shows
    # that the server speaks TLS 1.2 at most.
    wolf_srv -max 1.2 -accept 2
    cap_start "$FILE"
    client_port 1
    wolf_ossl 2
    client_port 2
    wolf_ossl 3
    cap_stop
    expect ok "TLS1.2"
    expect version_mismatch "handshake_failure(40) TLS1.3 TLS1.2"
    wolf_tls12_hello 1
    check "$FILE" "the first connection's HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$FILE" "handshake_failure from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==40 && ip.src==$S4 && tcp.dstport==$(wolf_port 2)" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==40)' "$KEYLOG"
    wolf_srv_log_has srv "(can't match cipher suite); alert sent: fatal handshake_failure(40)"
}

sc_wolfssl_server_no_shared_cipher_tls12() {
    wolf_srv -max 1.2 -ciphers ECDHE-RSA-AES256-GCM-SHA384
    cap_start "$FILE"
    client_port 1
    wolf_ossl 2 -cipher ECDHE-RSA-AES128-GCM-SHA256
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    wolf_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    wolf_srv_log_has srv "can't match cipher suite"
}

sc_wolfssl_server_no_shared_cipher_tls13() {
    # TLS 1.3 suites: the server has TLS13-AES256-GCM-SHA384 only, the client offers
    # TLS_AES_128_GCM_SHA256 only.
    wolf_srv -min 1.3 -ciphers TLS13-AES256-GCM-SHA384
    cap_start "$FILE"
    client_port 1
    wolf_ossl 3 -ciphersuites TLS_AES_128_GCM_SHA256
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    wolf_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    wolf_srv_log_has srv "can't match cipher suite"
}

sc_wolfssl_server_no_shared_group_tls13() {
    # The wolfSSL server accepts P-384 only (wolfSSL_CTX_set1_groups_list); the client
    # offers X25519 only. wolfSSL answers with a HelloRetryRequest that asks for no
    # group at all (no key_share extension, no cookie: only supported_versions), and
    # the client refuses a retry that would change nothing in its hello with
    # illegal_parameter (RFC 8446 4.1.4).
    wolf_srv -min 1.3 -groups P-384
    cap_start "$FILE"
    client_port 1
    wolf_ossl 3 -groups X25519
    cap_stop
    expect no_shared_cipher "HelloRetryRequest illegal_parameter(47)"
    check "$FILE" "x25519 alone in the client's supported_groups" \
        'tls.handshake.type==1 && tls.handshake.extensions_supported_group==29 && tls.handshake.extensions_supported_groups_length==2' 1
    check "$FILE" "a HelloRetryRequest without a key_share" \
        "ip.src==$S4 && tls.handshake.type==2 && tls.handshake.random==cf:21:ad:74:e5:9a:61:11:be:1d:8c:02:1e:65:b8:91:c2:a2:11:16:7a:bb:8c:5e:07:9e:09:e2:c8:a8:33:9c && !(tls.handshake.extension.type==51)" 1
    check "$FILE" "one ClientHello" 'tls.handshake.type==1' 1
    wolf_fatal_alert 47 illegal_parameter "$C4"
    wolf_srv_log_has srv "alert received: fatal illegal_parameter(47)"
}

sc_wolfssl_server_client_cert_missing_tls13() {
    # The wolfSSL server requires a certificate (-verify); s_client has none and sends
    # an empty one.
    wolf_srv -min 1.3 -ca "$PKI/caA.pem" -verify
    cap_start "$FILE"
    client_port 1
    wolf_ossl 3
    cap_stop
    expect client_cert_missing "inference"
    wolf_tls13_hidden
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    check "$FILE" "an empty client Certificate (decrypted)" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1 "$KEYLOG"
    wolf_fatal_alert 116 certificate_required "$S4" "$KEYLOG"
    wolf_srv_log_has srv "peer did not return a certificate"
}

sc_wolfssl_server_client_cert_missing_tls12() {
    # The same in TLS 1.2: wolfSSL sends no alert at all. It closes the socket with the
    # client's Certificate, ClientKeyExchange, ChangeCipherSpec and Finished in the
    # receive buffer (it stops reading at the empty Certificate), so the kernel answers
    # with a RST instead of a FIN.
    wolf_srv -max 1.2 -ca "$PKI/caA.pem" -verify
    cap_start "$FILE"
    client_port 1
    wolf_ossl 2
    cap_stop
    expect client_cert_missing "CertificateRequest"
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    no_packets "$FILE" "an alert from the server" "tls.alert_message && ip.src==$S4"
    no_packets "$FILE" "a ChangeCipherSpec from the server" "tls.change_cipher_spec && ip.src==$S4"
    check "$FILE" "a reset from the server, with the client's flight unread" \
        "tcp.flags.reset==1 && ip.src==$S4" 1
    wolf_srv_log_has srv "peer did not return a certificate); alert sent: none"
}

# wolf_server_client_cert VERSION: two clients of a wolfSSL server that requires and
# verifies a certificate from CA A: a certificate from CA B (not trusted), then an
# expired one from CA A.
wolf_server_client_cert() {
    wolf_srv -min "1.$1" -max "1.$1" -ca "$PKI/caA.pem" -verify -accept 2
    cap_start "$FILE"
    client_port 1
    wolf_ossl "$1" -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    client_port 2
    wolf_ossl "$1" -cert "$PKI/client-expired.pem" -key "$PKI/client-expired.key"
    cap_stop
    wolf_srv_log_has srv "(certificate verify failed); alert sent: fatal unknown_ca(48)"
    wolf_srv_log_has srv "(ASN date error, current date after); alert sent: fatal certificate_expired(45)"
}

# wolf_server_client_cert_alerts [KEYLOG]: unknown_ca on the first connection,
# certificate_expired on the second, both from the server, and no other fatal alert.
wolf_server_client_cert_alerts() {
    local keys=${1:-} p1 p2
    p1=$(wolf_port 1) p2=$(wolf_port 2)
    check "$FILE" "the CA B certificate first" \
        "tls.handshake.type==11 && tcp.srcport==$p1 && x509af.serialNumber==20:02" 1 "$keys"
    check "$FILE" "the expired certificate second" \
        "tls.handshake.type==11 && tcp.srcport==$p2 && x509af.serialNumber==20:03" 1 "$keys"
    check "$FILE" "unknown_ca from the server on the first" \
        "tls.alert_message.level==2 && tls.alert_message.desc==48 && ip.src==$S4 && tcp.dstport==$p1" 1 "$keys"
    check "$FILE" "certificate_expired from the server on the second" \
        "tls.alert_message.level==2 && tls.alert_message.desc==45 && ip.src==$S4 && tcp.dstport==$p2" 1 "$keys"
    no_packets "$FILE" "other fatal alerts" \
        "tls.alert_message.level==2 && !(tls.alert_message.desc==48 || tls.alert_message.desc==45)" "$keys"
}

sc_wolfssl_server_client_cert_rejected_tls13() {
    wolf_server_client_cert 3
    expect client_cert_rejected "inference"
    expect client_cert_rejected "inference"
    wolf_tls13_hidden 2
    wolf_server_client_cert_alerts "$KEYLOG"
}

sc_wolfssl_server_client_cert_rejected_tls12() {
    wolf_server_client_cert 2
    expect client_cert_rejected "unknown_ca(48)"
    expect client_cert_rejected "certificate_expired(45) cert.expired"
    wolf_tls12_hello 2
    wolf_server_client_cert_alerts
    no_packets "$FILE" "a ChangeCipherSpec from the server" "tls.change_cipher_spec && ip.src==$S4"
}

sc_wolfssl_server_server_cert_rejected_tls13() {
    # The wolfSSL server presents the self-signed certificate; s_client trusts CA A only.
    wolf_server_bg srv -cert "$PKI/selfsigned.pem" -key "$PKI/selfsigned.key" -min 1.3
    cap_start "$FILE"
    client_port 1
    wolf_ossl 3
    cap_stop
    expect server_cert_rejected "unknown_ca(48)"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    # OpenSSL checks the certificate before it switches to its handshake keys: the
    # alert goes out in the clear.
    check "$FILE" "plain fatal unknown_ca from the client" \
        "tls.alert_message.level==2 && tls.alert_message.desc==48 && ip.src==$C4" 1
    verify_error "$SC-client.log" 18
    # wolfSSL, which already reads with the client's handshake keys, cannot parse the
    # plain alert record and never learns why the client left: its log has a record
    # error, and its own unexpected_message alert.
    wolf_srv_log_has srv "alert sent: fatal unexpected_message(10)"
}

sc_wolfssl_server_server_cert_rejected_tls12() {
    # The wolfSSL server presents a certificate that expired in 2021.
    wolf_server_bg srv -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key" -max 1.2
    cap_start "$FILE"
    client_port 1
    wolf_ossl 2
    cap_stop
    expect server_cert_rejected "certificate_expired(45) cert.expired"
    wolf_fatal_alert 45 certificate_expired "$C4"
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
    verify_error "$SC-client.log" 10
    wolf_srv_log_has srv "alert received: fatal certificate_expired(45)"
}

# wolf_server_sni VERSION: the wolfSSL server serves www.example.test only
# (wolfSSL_CTX_UseSNI; a mismatch aborts, wolfSSL's default); a first client asks for
# it, a second one for other.example.test.
wolf_server_sni() {
    wolf_srv -min "1.$1" -max "1.$1" -sni www.example.test -accept 2
    cap_start "$FILE"
    client_port 1
    wolf_ossl "$1"
    client_port 2
    s_client "$S4:443" "-tls1_$1" -servername other.example.test -CAfile "$PKI/caA.pem"
    cap_stop
    expect ok "TLS1.$1"
    expect unknown_sni "unrecognized_name(112) other.example.test"
    check "$FILE" "the first connection's HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$FILE" "one ServerHello" 'tls.handshake.type==2' 1
    check "$FILE" "unrecognized_name from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==112 && ip.src==$S4 && tcp.dstport==$(wolf_port 2)" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==112)' "$KEYLOG"
    wolf_srv_log_has srv "(Unrecognized host name Error); alert sent: fatal unrecognized_name(112)"
}

sc_wolfssl_server_unknown_sni_tls13() { wolf_server_sni 3; }
sc_wolfssl_server_unknown_sni_tls12() { wolf_server_sni 2; }

# wolf_server_no_sni VERSION: the same server, told to abort on a hello without SNI too
# (WOLFSSL_SNI_ABORT_ON_ABSENCE); a first client asks for www.example.test, a second one
# sends no server_name at all: wolfSSL answers handshake_failure, not unrecognized_name.
wolf_server_no_sni() {
    wolf_srv -min "1.$1" -max "1.$1" -sni www.example.test -sni-options absent -accept 2
    cap_start "$FILE"
    client_port 1
    wolf_ossl "$1"
    client_port 2
    s_client "$S4:443" "-tls1_$1" -noservername -CAfile "$PKI/caA.pem"
    cap_stop
    expect ok "TLS1.$1"
    expect missing_sni "handshake_failure(40) server_name"
    check "$FILE" "the first connection's HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$FILE" "one ServerHello" 'tls.handshake.type==2' 1
    check "$FILE" "one server_name" 'tls.handshake.extensions_server_name' 1
    check "$FILE" "handshake_failure from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==40 && ip.src==$S4 && tcp.dstport==$(wolf_port 2)" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==40)' "$KEYLOG"
    wolf_srv_log_has srv "(No Server Name Indication extension Error); alert sent: fatal handshake_failure(40)"
}

sc_wolfssl_server_missing_sni_tls13() { wolf_server_no_sni 3; }
sc_wolfssl_server_missing_sni_tls12() { wolf_server_no_sni 2; }

# wolf_server_alpn VERSION: the wolfSSL server speaks h2 only and fails on a mismatch
# (WOLFSSL_ALPN_FAILED_ON_MISMATCH). A first client offers h2, a second imap only.
wolf_server_alpn() {
    wolf_srv -min "1.$1" -max "1.$1" -alpn h2 -alpn-fail -accept 2
    cap_start "$FILE"
    client_port 1
    wolf_ossl "$1" -alpn h2
    client_port 2
    wolf_ossl "$1" -alpn imap
    cap_stop
    expect ok "TLS1.$1"
    expect alpn_mismatch "no_application_protocol(120) imap"
    check "$FILE" "h2 chosen on the first connection (decrypted)" \
        "ip.src==$S4 && tls.handshake.extensions_alpn_str==\"h2\"" 1 "$KEYLOG"
    check "$FILE" "one ServerHello" 'tls.handshake.type==2' 1
    check "$FILE" "no_application_protocol from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==120 && ip.src==$S4 && tcp.dstport==$(wolf_port 2)" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==120)' "$KEYLOG"
    wolf_srv_log_has srv "(Unrecognized protocol name Error); alert sent: fatal no_application_protocol(120)"
}

sc_wolfssl_server_alpn_mismatch_tls13() { wolf_server_alpn 3; }
sc_wolfssl_server_alpn_mismatch_tls12() { wolf_server_alpn 2; }
