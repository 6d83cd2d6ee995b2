# scenarios-java.sh - captures of Java's TLS stack (JSSE, OpenJDK 17), sourced by
# make-captures.sh.
#
# Java is the client (peers/TlsPeer.java) against openssl s_server or gnutls-serv, and the
# server against openssl s_client, in TLS 1.3 and TLS 1.2, for each failure JSSE can
# produce or meet in that role. JSSE writes no key log: where Java is the client, the
# keylog is s_server's (-keylogfile), where Java is the server, s_client's.
#
# Needs, besides what make-captures.sh needs: a JDK 17 (javac and java). On Debian:
#   apt-get install openjdk-17-jdk-headless      (or default-jdk-headless)

scenario_block 300 \
    java-client-ok-tls13 \
    java-client-ok-tls12 \
    java-client-version-mismatch-tls12 \
    java-client-version-mismatch-tls13 \
    java-client-no-shared-cipher-tls12 \
    java-client-no-shared-cipher-tls13 \
    java-client-cert-missing-tls13 \
    java-client-cert-missing-tls12 \
    java-client-cert-rejected-tls13 \
    java-client-cert-rejected-tls12 \
    java-client-cert-untrusted-tls13 \
    java-client-cert-untrusted-tls12 \
    java-client-cert-empty-ca-names-tls13 \
    java-client-cert-other-ca-tls13 \
    java-client-cert-other-ca-tls12 \
    java-client-server-cert-untrusted-tls13 \
    java-client-server-cert-untrusted-tls12 \
    java-client-server-cert-self-signed-tls13 \
    java-client-server-cert-expired-tls13 \
    java-client-server-cert-expired-tls12 \
    java-client-server-cert-wrong-name-tls13 \
    java-client-server-cert-wrong-name-tls12 \
    java-client-unknown-sni-tls13 \
    java-client-alpn-mismatch-tls13 \
    java-server-ok-tls13 \
    java-server-ok-tls12 \
    java-server-version-mismatch-tls12 \
    java-server-version-mismatch-tls13 \
    java-server-no-shared-cipher-tls12 \
    java-server-no-shared-cipher-tls13 \
    java-server-client-cert-missing-tls13 \
    java-server-client-cert-missing-tls12 \
    java-server-client-cert-rejected-tls13 \
    java-server-client-cert-rejected-tls12 \
    java-server-server-cert-rejected-tls13 \
    java-server-server-cert-rejected-tls12 \
    java-server-unknown-sni-tls13 \
    java-server-unknown-sni-tls12 \
    java-server-alpn-mismatch-tls13 \
    java-server-alpn-mismatch-tls12

# java_peer: compile TlsPeer.java once per run into $WORK/java (scenarios run in
# subshells of the same run, so the class file outlives the scenario that made it).
JAVA_OPTS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto)
java_peer() {
    if [ ! -f "$WORK/java/TlsPeer.class" ]; then
        command -v javac >/dev/null || die "javac missing (see the header of scenarios-java.sh)"
        mkdir -p "$WORK/java"
        javac -d "$WORK/java" "$OUT/peers/TlsPeer.java" || die "javac TlsPeer.java failed"
    fi
}

# java_p12 NAME: $PKI/NAME.pem and .key as a PKCS#12 keystore for JSSE,
# $WORK/java/NAME.p12 (password changeit).
java_p12() {
    local f="$WORK/java/$1.p12"
    mkdir -p "$WORK/java"
    [ -f "$f" ] || openssl pkcs12 -export -in "$PKI/$1.pem" -inkey "$PKI/$1.key" -name "$1" \
        -out "$f" -passout pass:changeit
    printf '%s' "$f"
}

# java_server_bg NAME ARGS...: TlsPeer as a server on port 443 of the server namespace
# (every address, IPv4 and IPv6), output to $WORK/NAME.log. A JVM takes a second or
# more to start: wait up to 30 s for the socket.
java_server_bg() {
    local name=$1 i
    shift
    java_peer
    bg "$NS_S" "$name" java "${JAVA_OPTS[@]}" -cp "$WORK/java" TlsPeer server -port 443 "$@"
    for i in $(seq 300); do
        in_s ss -Hltn "sport = :443" | grep -q . && return 0
        sleep 0.1
    done
    die "java server $name did not listen: $(cat "$WORK/$name.log")"
}

# java_client TARGET ARGS...: TlsPeer as a client in the client namespace, to TARGET
# (ADDR:PORT, [ADDR6]:PORT), killed after TIMEOUT seconds, output appended to
# $WORK/$SC-client.log. Never fails the script: a refused handshake is the point.
java_client() {
    local target=$1 host port
    shift
    java_peer
    host=${target%:*} port=${target##*:}
    host=${host#[} host=${host%]}
    in_c timeout "$TIMEOUT" java "${JAVA_OPTS[@]}" -cp "$WORK/java" TlsPeer client \
        -host "$host" -port "$port" "$@" >>"$WORK/$SC-client.log" 2>&1 || true
}

# java_log_has WORDS: the Java client's log must contain WORDS (JSSE's exception says
# which alert it sent or received, and why).
java_log_has() {
    grep -qF -- "$1" "$WORK/$SC-client.log" ||
        die "$SC: client log lacks \"$1\": $(grep -m2 'TlsPeer' "$WORK/$SC-client.log" || true)"
}
java_srv_log_has() {
    grep -qF -- "$2" "$WORK/$1.log" ||
        die "$SC: $1.log lacks \"$2\": $(grep -m2 'TlsPeer' "$WORK/$1.log" || true)"
}

# s_server with its key log: the only way to decrypt what a Java client does.
java_s_server() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" -keylogfile "$KEYLOG" "$@"
}

# ---------------------------------------------------------------------------------------
# Java as the client.

sc_java_client_ok_tls13() {
    java_s_server -tls1_3 -naccept 1
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -protocols TLSv1.3 -sni www.example.test -truststore "$PKI/caA.pem" \
        -verify-host -request
    cap_stop
    expect ok "TLS1.3"
    java_log_has "handshake done: TLSv1.3"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the client's Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" 1 "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_java_client_ok_tls12() {
    java_s_server -tls1_2 -naccept 1
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -protocols TLSv1.2 -sni www.example.test -truststore "$PKI/caA.pem" \
        -verify-host -request
    cap_stop
    expect ok "TLS1.2"
    java_log_has "handshake done: TLSv1.2"
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' 1
    check "$FILE" "Finished both ways (two ChangeCipherSpec)" 'tls.change_cipher_spec' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

# fatal_alert CODE NAME FROM [KEYLOG]: the capture holds one fatal alert CODE, sent by
# FROM (an address), decrypted with KEYLOG when given; and no other fatal alert.
fatal_alert() {
    local code=$1 name=$2 from=$3 keylog=${4:-}
    check "$FILE" "fatal alert $name from $from" \
        "tls.alert_message.level==2 && tls.alert_message.desc==$code && ip.src==$from" 1 "$keylog"
    no_packets "$FILE" "other fatal alerts" \
        "tls.alert_message.level==2 && !(tls.alert_message.desc==$code && ip.src==$from)" "$keylog"
}

# tls13_hidden [N]: N (1) TLS 1.3 ServerHellos, and not a single alert in the clear.
tls13_hidden() {
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' "${1:-1}"
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
}

sc_java_client_version_mismatch_tls12() {
    # Java offers TLS 1.2 only; the server speaks TLS 1.3 only.
    java_s_server -tls1_3
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -protocols TLSv1.2 -sni www.example.test -truststore "$PKI/caA.pem"
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.2"
    fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    java_log_has "protocol_version"
}

sc_java_client_version_mismatch_tls13() {
    # Java offers TLS 1.3 only; the server speaks TLS 1.2 only.
    java_s_server -tls1_2
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -protocols TLSv1.3 -sni www.example.test -truststore "$PKI/caA.pem"
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.3"
    fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    java_log_has "protocol_version"
}

sc_java_client_no_shared_cipher_tls12() {
    java_s_server -tls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -protocols TLSv1.2 -ciphers TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA \
        -sni www.example.test -truststore "$PKI/caA.pem"
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    check "$FILE" "a ClientHello offering TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA" 'tls.handshake.type==1 && tls.handshake.ciphersuite==0xc013' 1
    fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_java_client_no_shared_cipher_tls13() {
    java_s_server -tls1_3 -ciphersuites TLS_AES_256_GCM_SHA384
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -protocols TLSv1.3 -ciphers TLS_AES_128_GCM_SHA256 \
        -sni www.example.test -truststore "$PKI/caA.pem"
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_java_client_cert_missing_tls13() {
    # A TLS 1.3 server that requires a client certificate; Java has no key at all and
    # answers the CertificateRequest with an empty Certificate.
    java_s_server -tls1_3 -Verify 1 -CAfile "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -sni www.example.test -truststore "$PKI/caA.pem" -request
    cap_stop
    expect client_cert_missing "inference"
    tls13_hidden
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    check "$FILE" "an empty client Certificate (decrypted)" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1 "$KEYLOG"
    fatal_alert 116 certificate_required "$S4" "$KEYLOG"
}

sc_java_client_cert_missing_tls12() {
    java_s_server -tls1_2 -Verify 1 -CAfile "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -sni www.example.test -truststore "$PKI/caA.pem" -request
    cap_stop
    expect client_cert_missing "handshake_failure(40) CertificateRequest"
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    fatal_alert 40 handshake_failure "$S4"
}

sc_java_client_cert_rejected_tls13() {
    # Java presents a client certificate from CA A that expired in 2021: JSSE's key
    # manager picks it (it looks at the issuer, not the dates) and the server refuses it.
    java_s_server -tls1_3 -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -sni www.example.test -truststore "$PKI/caA.pem" \
        -keystore "$(java_p12 client-expired)" -request
    cap_stop
    expect client_cert_rejected "inference"
    tls13_hidden
    check "$FILE" "the client's certificate 20:03 (decrypted)" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:03" 1 "$KEYLOG"
    fatal_alert 45 certificate_expired "$S4" "$KEYLOG"
    verify_error srv.log 10
}

sc_java_client_cert_rejected_tls12() {
    java_s_server -tls1_2 -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -sni www.example.test -truststore "$PKI/caA.pem" \
        -keystore "$(java_p12 client-expired)" -request
    cap_stop
    expect client_cert_rejected "certificate_expired(45) cert.expired"
    check_client_cert_alert 20:03 45 certificate_expired
    verify_error srv.log 10
}

sc_java_client_cert_untrusted_tls13() {
    # A certificate from CA B, which the server does not trust. The server's
    # CertificateRequest names CA A and CA B (-CAfile) but it verifies against CA A only
    # (-verifyCAfile): JSSE offers only a certificate from an issuer the server names
    # (see java-client-cert-other-ca-*).
    cat "$PKI/caA.pem" "$PKI/caB.pem" >"$WORK/caAB.pem"
    java_s_server -tls1_3 -Verify 1 -CAfile "$WORK/caAB.pem" -verifyCAfile "$PKI/caA.pem" \
        -verify_return_error
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -sni www.example.test -truststore "$PKI/caA.pem" \
        -keystore "$(java_p12 client-b)" -request
    cap_stop
    expect client_cert_rejected "inference"
    tls13_hidden
    check "$FILE" "the client's certificate 20:02 (decrypted)" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:02" 1 "$KEYLOG"
    fatal_alert 48 unknown_ca "$S4" "$KEYLOG"
    verify_error srv.log 20
}

sc_java_client_cert_empty_ca_names_tls13() {
    # s_server -no_ca_names in TLS 1.3 still sends a certificate_authorities extension
    # in its CertificateRequest, with an empty list (RFC 8446 requires at least one
    # name): JSSE refuses the message as malformed before it looks for a certificate.
    java_s_server -tls1_3 -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error -no_ca_names
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -sni www.example.test -truststore "$PKI/caA.pem" \
        -keystore "$(java_p12 client)" -request
    cap_stop
    # Without keys the encrypted decode_error is one alert-sized record right after the
    # server's flight: a refusal of that flight is all a capture can say (the key log
    # gives protocol_error: tests/golden/keylog.tsv).
    expect server_cert_rejected "tls13.client_abort"
    tls13_hidden
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    no_packets "$FILE" "a client Certificate (decrypted)" "tls.handshake.type==11 && ip.src==$C4" "$KEYLOG"
    fatal_alert 50 decode_error "$C4" "$KEYLOG"
    java_log_has "Invalid certificate_authorities extension"
}

sc_java_client_cert_untrusted_tls12() {
    java_s_server -tls1_2 -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error -no_ca_names
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -sni www.example.test -truststore "$PKI/caA.pem" \
        -keystore "$(java_p12 client-b)" -request
    cap_stop
    expect client_cert_rejected "unknown_ca(48)"
    check_client_cert_alert 20:02 48 unknown_ca
    check "$FILE" "an empty list of acceptable CAs" 'tls.handshake.type==13 && tls.handshake.dnames_len==0' 1
}

sc_java_client_cert_other_ca_tls13() {
    # Java has a client certificate, but from CA B, while the server's CertificateRequest
    # names CA A only: JSSE's key manager finds no certificate from an acceptable issuer
    # and sends an empty Certificate. The client has a certificate; the wire says none.
    java_s_server -tls1_3 -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -sni www.example.test -truststore "$PKI/caA.pem" \
        -keystore "$(java_p12 client-b)" -request
    cap_stop
    expect client_cert_missing "inference"
    tls13_hidden
    check "$FILE" "CA A among the acceptable CAs (decrypted)" \
        "tls.handshake.type==13 && x509sat.uTF8String contains \"CA A\"" 1 "$KEYLOG"
    check "$FILE" "an empty client Certificate (decrypted)" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1 "$KEYLOG"
    fatal_alert 116 certificate_required "$S4" "$KEYLOG"
}

sc_java_client_cert_other_ca_tls12() {
    java_s_server -tls1_2 -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -sni www.example.test -truststore "$PKI/caA.pem" \
        -keystore "$(java_p12 client-b)" -request
    cap_stop
    expect client_cert_missing "handshake_failure(40) CertificateRequest"
    check "$FILE" "CA A among the acceptable CAs" \
        "tls.handshake.type==13 && x509sat.uTF8String contains \"CA A\"" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    fatal_alert 40 handshake_failure "$S4"
}

# java_server_cert CERT PROTOCOL [ARGS...]: Java as the client of s_server presenting
# CERT, trusting CA A (unless ARGS give another truststore) and checking the name.
java_server_cert() {
    local cert=$1 proto=$2
    shift 2
    s_server_bg srv -cert "$PKI/$cert.pem" -key "$PKI/$cert.key" -keylogfile "$KEYLOG" \
        "-tls1_${proto#TLSv1.}"
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -protocols "$proto" -sni www.example.test -verify-host \
        -truststore "$PKI/caA.pem" "$@" -request
    cap_stop
}

sc_java_client_server_cert_untrusted_tls13() {
    # The server's certificate is from CA A; Java trusts only CA B.
    java_server_cert server TLSv1.3 -truststore "$PKI/caB.pem"
    expect server_cert_rejected "inference"
    tls13_hidden
    fatal_alert 46 certificate_unknown "$C4" "$KEYLOG"
    no_packets "$FILE" "a client Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" "$KEYLOG"
}

sc_java_client_server_cert_untrusted_tls12() {
    java_server_cert server TLSv1.2 -truststore "$PKI/caB.pem"
    expect server_cert_rejected "certificate_unknown(46)"
    fatal_alert 46 certificate_unknown "$C4"
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
}

sc_java_client_server_cert_self_signed_tls13() {
    java_server_cert selfsigned TLSv1.3
    expect server_cert_rejected "inference"
    tls13_hidden
    fatal_alert 46 certificate_unknown "$C4" "$KEYLOG"
    no_packets "$FILE" "a client Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" "$KEYLOG"
}

sc_java_client_server_cert_expired_tls13() {
    java_server_cert server-expired TLSv1.3
    expect server_cert_rejected "inference"
    tls13_hidden
    check "$FILE" "the expired server certificate (decrypted)" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:04" 1 "$KEYLOG"
    # Not certificate_expired as in TLS 1.2 (java-client-server-cert-expired-tls12): the
    # TLS 1.3 path of JSSE reports this validity failure as certificate_unknown.
    fatal_alert 46 certificate_unknown "$C4" "$KEYLOG"
    java_log_has "validity check failed"
}

sc_java_client_server_cert_expired_tls12() {
    java_server_cert server-expired TLSv1.2
    expect server_cert_rejected "certificate_expired(45) cert.expired"
    fatal_alert 45 certificate_expired "$C4"
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
}

sc_java_client_server_cert_wrong_name_tls13() {
    # The certificate is for other.example.test; Java asks for www.example.test and
    # checks the name (endpoint identification HTTPS).
    java_server_cert server-other TLSv1.3
    expect server_cert_rejected "inference tls13.client_abort"
    tls13_hidden
    fatal_alert 46 certificate_unknown "$C4" "$KEYLOG"
    java_log_has "No subject alternative names matching IP address $S4"
}

sc_java_client_server_cert_wrong_name_tls12() {
    java_server_cert server-other TLSv1.2
    expect server_cert_rejected "certificate_unknown(46) www.example.test"
    fatal_alert 46 certificate_unknown "$C4"
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
    java_log_has "No subject alternative names matching IP address $S4"
}

sc_java_client_unknown_sni_tls13() {
    # s_server knows www.example.test only (-servername_fatal): any other name is refused.
    java_s_server -cert2 "$PKI/server2.pem" -key2 "$PKI/server2.key" \
        -servername www.example.test -servername_fatal
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -sni other.example.test -truststore "$PKI/caA.pem" -request
    cap_stop
    expect unknown_sni "unrecognized_name(112) other.example.test"
    fatal_alert 112 unrecognized_name "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_java_client_alpn_mismatch_tls13() {
    # gnutls-serv speaks h2 only and refuses a client that offers anything else.
    bg "$NS_S" srv env SSLKEYLOGFILE="$KEYLOG" gnutls-serv --http -p 443 \
        --x509certfile "$PKI/server.pem" --x509keyfile "$PKI/server.key" --alpn=h2 --alpn-fatal
    wait_listen "$NS_S" 443
    cap_start "$FILE"
    client_port 1
    java_client "$S4:443" -sni www.example.test -truststore "$PKI/caA.pem" -alpn http/1.1 -request
    cap_stop
    expect alpn_mismatch "no_application_protocol(120) http/1.1"
    fatal_alert 120 no_application_protocol "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

# ---------------------------------------------------------------------------------------
# Java as the server. openssl s_client writes the key log.

# java_srv ARGS...: TlsPeer serving www.example.test (CA A) on port 443.
java_srv() {
    java_server_bg srv -keystore "$(java_p12 server)" "$@"
}

# ossl_client ARGS...: s_client to the Java server, trusting CA A, aborting on a bad
# server certificate.
ossl_client() {
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error "$@"
}

sc_java_server_ok_tls13() {
    java_srv -protocols TLSv1.3
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_3
    cap_stop
    expect ok "TLS1.3"
    java_srv_log_has srv "handshake done: TLSv1.3"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_java_server_ok_tls12() {
    java_srv -protocols TLSv1.2
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_2
    cap_stop
    expect ok "TLS1.2"
    java_srv_log_has srv "handshake done: TLSv1.2"
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' 1
    check "$FILE" "Finished both ways (two ChangeCipherSpec)" 'tls.change_cipher_spec' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_java_server_version_mismatch_tls12() {
    # The Java server speaks TLS 1.3 only; the client offers TLS 1.2 only.
    java_srv -protocols TLSv1.3
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_2
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.2"
    fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_java_server_version_mismatch_tls13() {
    # The Java server speaks TLS 1.2 only; the client offers TLS 1.3 only.
    java_srv -protocols TLSv1.2
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_3
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.3"
    fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_java_server_no_shared_cipher_tls12() {
    java_srv -protocols TLSv1.2 -ciphers TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_2 -cipher AES128-SHA
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    java_srv_log_has srv "no cipher suites in common"
}

sc_java_server_no_shared_cipher_tls13() {
    java_srv -protocols TLSv1.3 -ciphers TLS_AES_256_GCM_SHA384
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    java_srv_log_has srv "no cipher suites in common"
}

sc_java_server_client_cert_missing_tls13() {
    # needClientAuth; s_client has no certificate and sends an empty Certificate.
    java_srv -protocols TLSv1.3 -need-client-auth -truststore "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_3
    cap_stop
    expect client_cert_missing "inference"
    tls13_hidden
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    check "$FILE" "an empty client Certificate (decrypted)" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1 "$KEYLOG"
    # JSSE (17) answers an empty Certificate with bad_certificate in TLS 1.3 too, not
    # with TLS 1.3's certificate_required.
    fatal_alert 42 bad_certificate "$S4" "$KEYLOG"
}

sc_java_server_client_cert_missing_tls12() {
    java_srv -protocols TLSv1.2 -need-client-auth -truststore "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_2
    cap_stop
    expect client_cert_missing "bad_certificate(42) CertificateRequest"
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    fatal_alert 42 bad_certificate "$S4"
}

sc_java_server_client_cert_rejected_tls13() {
    # Two clients: a certificate from CA B (not trusted), then an expired one from CA A.
    java_srv -protocols TLSv1.3 -need-client-auth -truststore "$PKI/caA.pem" -accept 2
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_3 -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    client_port 2
    ossl_client -tls1_3 -cert "$PKI/client-expired.pem" -key "$PKI/client-expired.key"
    cap_stop
    expect client_cert_rejected "inference"
    expect client_cert_rejected "inference"
    tls13_hidden 2
    local p1=$((40000 + 10 * SC_INDEX + 1)) p2=$((40000 + 10 * SC_INDEX + 2))
    check "$FILE" "the CA B certificate first (decrypted)" \
        "tls.handshake.type==11 && tcp.srcport==$p1 && x509af.serialNumber==20:02" 1 "$KEYLOG"
    check "$FILE" "the expired certificate second (decrypted)" \
        "tls.handshake.type==11 && tcp.srcport==$p2 && x509af.serialNumber==20:03" 1 "$KEYLOG"
    check "$FILE" "fatal certificate_unknown from the server, on both (decrypted)" \
        "tls.alert_message.level==2 && tls.alert_message.desc==46 && ip.src==$S4" 2 "$KEYLOG"
    no_packets "$FILE" "other fatal alerts" \
        "tls.alert_message.level==2 && !(tls.alert_message.desc==46 && ip.src==$S4)" "$KEYLOG"
}

sc_java_server_client_cert_rejected_tls12() {
    java_srv -protocols TLSv1.2 -need-client-auth -truststore "$PKI/caA.pem" -accept 2
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_2 -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    client_port 2
    ossl_client -tls1_2 -cert "$PKI/client-expired.pem" -key "$PKI/client-expired.key"
    cap_stop
    expect client_cert_rejected "certificate_unknown(46)"
    expect client_cert_rejected "certificate_unknown(46)"
    local p1=$((40000 + 10 * SC_INDEX + 1)) p2=$((40000 + 10 * SC_INDEX + 2))
    check "$FILE" "the CA B certificate first" \
        "tls.handshake.type==11 && tcp.srcport==$p1 && x509af.serialNumber==20:02" 1
    check "$FILE" "the expired certificate second" \
        "tls.handshake.type==11 && tcp.srcport==$p2 && x509af.serialNumber==20:03" 1
    check "$FILE" "fatal certificate_unknown from the server, on both" \
        "tls.alert_message.level==2 && tls.alert_message.desc==46 && ip.src==$S4" 2
    no_packets "$FILE" "other fatal alerts" \
        "tls.alert_message.level==2 && !(tls.alert_message.desc==46 && ip.src==$S4)"
}

sc_java_server_server_cert_rejected_tls13() {
    # The Java server presents a self-signed certificate; s_client trusts CA A only.
    java_server_bg srv -keystore "$(java_p12 selfsigned)" -protocols TLSv1.3
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_3
    cap_stop
    expect server_cert_rejected "unknown_ca(48)"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    # OpenSSL checks the certificate before it switches to its handshake keys: the
    # alert goes out in the clear.
    fatal_alert 48 unknown_ca "$C4"
    verify_error "$SC-client.log" 18
}

sc_java_server_server_cert_rejected_tls12() {
    # The Java server presents a certificate that expired in 2021.
    java_server_bg srv -keystore "$(java_p12 server-expired)" -protocols TLSv1.2
    cap_start "$FILE"
    client_port 1
    ossl_client -tls1_2
    cap_stop
    expect server_cert_rejected "certificate_expired(45) cert.expired"
    fatal_alert 45 certificate_expired "$C4"
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
    verify_error "$SC-client.log" 10
}

# java_unknown_sni PROTOCOL: the Java server knows www.example.test only (an SNIMatcher);
# a first client asks for it, a second one for other.example.test.
java_unknown_sni() {
    java_srv -protocols "$1" -sni www.example.test -accept 2
    cap_start "$FILE"
    client_port 1
    ossl_client "-tls1_${1#TLSv1.}"
    client_port 2
    s_client "$S4:443" "-tls1_${1#TLSv1.}" -servername other.example.test -CAfile "$PKI/caA.pem"
    cap_stop
    expect ok "${2}"
    expect unknown_sni "unrecognized_name(112) other.example.test"
    local p2=$((40000 + 10 * SC_INDEX + 2))
    check "$FILE" "the first connection's HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$FILE" "one ServerHello" 'tls.handshake.type==2' 1
    check "$FILE" "unrecognized_name from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==112 && ip.src==$S4 && tcp.dstport==$p2" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==112)' "$KEYLOG"
}

sc_java_server_unknown_sni_tls13() { java_unknown_sni TLSv1.3 TLS1.3; }
sc_java_server_unknown_sni_tls12() { java_unknown_sni TLSv1.2 TLS1.2; }

# java_alpn PROTOCOL: the Java server speaks h2 only; the client offers http/1.1 only.
java_alpn() {
    java_srv -protocols "$1" -alpn h2
    cap_start "$FILE"
    client_port 1
    ossl_client "-tls1_${1#TLSv1.}" -alpn http/1.1
    cap_stop
    expect alpn_mismatch "no_application_protocol(120) http/1.1"
    fatal_alert 120 no_application_protocol "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_java_server_alpn_mismatch_tls13() { java_alpn TLSv1.3; }
sc_java_server_alpn_mismatch_tls12() { java_alpn TLSv1.2; }
