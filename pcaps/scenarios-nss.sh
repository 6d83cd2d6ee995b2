# scenarios-nss.sh - captures of Mozilla's TLS stack (NSS 3.87), sourced by
# make-captures.sh.
#
# NSS's own test tools: tstclnt as the client of openssl s_server, selfserv as the server
# of openssl s_client, TLS 1.3 and TLS 1.2. NSS writes a key log only when built with
# NSS_ALLOW_SSLKEYLOGFILE, which Debian's libnss3 is not (tstclnt ignores SSLKEYLOGFILE
# there; it is still set, for builds that have it): the key log is s_server's
# (-keylogfile) where tstclnt is the client, s_client's where selfserv is the server.
#
# Needs, besides what make-captures.sh needs: NSS's tools. On Debian:
#   apt-get install libnss3-tools

scenario_block 400 \
    nss-client-ok-tls13 \
    nss-client-ok-tls12 \
    nss-client-server-cert-untrusted-tls13 \
    nss-client-server-cert-untrusted-tls12 \
    nss-client-server-cert-expired-tls12 \
    nss-client-version-mismatch-tls13 \
    nss-server-ok-tls13 \
    nss-server-ok-tls12 \
    nss-server-client-cert-missing-tls13 \
    nss-server-client-cert-missing-tls12 \
    nss-server-client-cert-rejected-tls13 \
    nss-server-client-cert-rejected-tls12 \
    nss-server-version-mismatch-tls12 \
    nss-server-no-shared-cipher-tls12

# nss_db NAME CA... : an NSS database $WORK/nss/NAME (no password) trusting the CAs
# given (for servers and clients alike: "CT,C,C"); made once per run.
nss_db() {
    local name=$1 ca d
    shift
    d="$WORK/nss/$name"
    if [ ! -d "$d" ]; then
        command -v certutil >/dev/null || die "certutil missing (see the header of scenarios-nss.sh)"
        mkdir -p "$d"
        certutil -N -d "sql:$d" --empty-password
        for ca in "$@"; do
            certutil -A -d "sql:$d" -n "$ca" -t "CT,C,C" -i "$PKI/$ca.pem"
        done
    fi
    printf 'sql:%s' "$d"
}

# nss_key DB NAME: import $PKI/NAME.pem and .key into DB (nickname NAME).
nss_key() {
    local db=$1 name=$2 p12="$WORK/nss/$2.p12"
    certutil -L -d "$db" -n "$name" >/dev/null 2>&1 && return 0
    openssl pkcs12 -export -in "$PKI/$name.pem" -inkey "$PKI/$name.key" -name "$name" \
        -out "$p12" -passout pass:nss
    pk12util -i "$p12" -d "$db" -W nss -K "" >/dev/null
}

# tstclnt_c ARGS...: tstclnt in the client namespace, to the server's port 443, asking
# for www.example.test, sending one HTTP request (the input stays open for a second so
# the answer arrives before tstclnt ends); never fails the script. SSLKEYLOGFILE points
# to a file of its own: a build of NSS that honours it must not write into s_server's
# key log at the same time.
tstclnt_c() {
    { printf '%s' "$REQ"; sleep 1; } | in_c env SSLKEYLOGFILE="$WORK/$SC-nss.keylog" timeout "$TIMEOUT" \
        tstclnt -h "$S4" -p 443 -a www.example.test "$@" >>"$WORK/$SC-client.log" 2>&1 || true
}

# nss_s_server ARGS...: s_server for tstclnt, writing the key log.
nss_s_server() { s_server_bg srv -keylogfile "$KEYLOG" "$@"; }

# selfserv_bg ARGS...: selfserv on port 443 with the server certificate of CA A, its
# database trusting CA A (for client certificates).
selfserv_bg() {
    local db
    db=$(nss_db server caA)
    nss_key "$db" server
    bg "$NS_S" srv selfserv -d "$db" -n server -p 443 "$@"
    wait_listen "$NS_S" 443
}

# nss_log_has LOG WORDS: NSS's tools print the NSPR/NSS error name of a failure.
nss_log_has() {
    grep -qF -- "$2" "$WORK/$1" ||
        die "$SC: $1 lacks \"$2\": $(grep -m2 -i 'error\|fail' "$WORK/$1" || true)"
}

# ---------------------------------------------------------------------------------------
# tstclnt as the client.

sc_nss_client_ok_tls13() {
    nss_s_server -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.3:tls1.3
    cap_stop
    expect ok "TLS1.3"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the client's Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" 1 "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_nss_client_ok_tls12() {
    nss_s_server -cert "$PKI/server.pem" -key "$PKI/server.key" -naccept 1
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.2:tls1.2
    cap_stop
    expect ok "TLS1.2"
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' 1
    check "$FILE" "Finished both ways (two ChangeCipherSpec)" 'tls.change_cipher_spec' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_nss_client_server_cert_untrusted_tls13() {
    # The server's certificate is from CA A; tstclnt's database trusts CA B only.
    nss_s_server -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caB caB)" -V tls1.3:tls1.3
    cap_stop
    expect server_cert_rejected "inference"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    check "$FILE" "fatal unknown_ca from the client (decrypted)" \
        "tls.alert_message.level==2 && tls.alert_message.desc==48 && ip.src==$C4" 1 "$KEYLOG"
    no_packets "$FILE" "a client Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" "$KEYLOG"
    nss_log_has "$SC-client.log" SEC_ERROR_UNKNOWN_ISSUER
}

# nss_late_alert CODE NAME: NSS as a TLS 1.2 client checks the server's certificate
# only after it has sent its ClientKeyExchange, ChangeCipherSpec and Finished: its alert
# CODE follows them, encrypted, before the server's ChangeCipherSpec; the server's
# CCS and Finished then meet a closed socket (resets).
nss_late_alert() {
    local code=$1 name=$2
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' 1
    check "$FILE" "the client's ClientKeyExchange" "tls.handshake.type==16 && ip.src==$C4" 1
    check "$FILE" "an encrypted alert record from the client" \
        "tls.record.content_type==21 && ip.src==$C4 && !tls.alert_message.desc" 1
    check "$FILE" "fatal $name from the client (decrypted)" \
        "tls.alert_message.level==2 && tls.alert_message.desc==$code && ip.src==$C4" 1 "$KEYLOG"
    no_packets "$FILE" "other alerts (decrypted)" \
        "tls.alert_message && !(tls.alert_message.desc==$code && ip.src==$C4)" "$KEYLOG"
    no_packets "$FILE" "application data (decrypted)" 'http' "$KEYLOG"
    check "$FILE" "resets from the client" "tcp.flags.reset==1 && ip.src==$C4"
}

sc_nss_client_server_cert_untrusted_tls12() {
    nss_s_server -cert "$PKI/server.pem" -key "$PKI/server.key"
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caB caB)" -V tls1.2:tls1.2
    cap_stop
    expect server_cert_rejected "tls12.client_abort_after_finished"
    nss_late_alert 48 unknown_ca
    nss_log_has "$SC-client.log" SEC_ERROR_UNKNOWN_ISSUER
}

sc_nss_client_server_cert_expired_tls12() {
    nss_s_server -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key"
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.2:tls1.2
    cap_stop
    expect server_cert_rejected "tls12.client_abort_after_finished cert.expired"
    nss_late_alert 45 certificate_expired
    nss_log_has "$SC-client.log" SEC_ERROR_EXPIRED_CERTIFICATE
}

sc_nss_client_version_mismatch_tls13() {
    # tstclnt offers TLS 1.3 only; s_server speaks TLS 1.2 only.
    nss_s_server -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_2
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.3:tls1.3
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.3"
    check "$FILE" "alert protocol_version from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==70 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

# ---------------------------------------------------------------------------------------
# selfserv as the server.

sc_nss_server_ok_tls13() {
    selfserv_bg -V tls1.3:tls1.3
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect ok "TLS1.3"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response' 1 "$KEYLOG"
}

sc_nss_server_ok_tls12() {
    selfserv_bg -V tls1.2:tls1.2
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect ok "TLS1.2"
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' 1
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response' 1 "$KEYLOG"
}

sc_nss_server_client_cert_missing_tls13() {
    # selfserv -r -r: requires a client certificate; s_client has none.
    selfserv_bg -V tls1.3:tls1.3 -r -r
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect client_cert_missing "inference"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    check "$FILE" "an empty client Certificate (decrypted)" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1 "$KEYLOG"
    check "$FILE" "fatal certificate_required from the server (decrypted)" \
        "tls.alert_message.level==2 && tls.alert_message.desc==116 && ip.src==$S4" 1 "$KEYLOG"
}

sc_nss_server_client_cert_missing_tls12() {
    selfserv_bg -V tls1.2:tls1.2 -r -r
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error
    cap_stop
    expect client_cert_missing "bad_certificate(42) CertificateRequest"
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    check "$FILE" "fatal bad_certificate from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==42 && ip.src==$S4" 1
}

sc_nss_server_client_cert_rejected_tls13() {
    # A client certificate from CA B, which selfserv's database does not trust.
    selfserv_bg -V tls1.3:tls1.3 -r -r
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error \
        -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    cap_stop
    expect client_cert_rejected "inference"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    check "$FILE" "the client's certificate 20:02 (decrypted)" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:02" 1 "$KEYLOG"
    check "$FILE" "fatal unknown_ca from the server (decrypted)" \
        "tls.alert_message.level==2 && tls.alert_message.desc==48 && ip.src==$S4" 1 "$KEYLOG"
}

sc_nss_server_client_cert_rejected_tls12() {
    selfserv_bg -V tls1.2:tls1.2 -r -r
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caA.pem" -verify_return_error \
        -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    cap_stop
    expect client_cert_rejected "unknown_ca(48)"
    check_client_cert_alert 20:02 48 unknown_ca
}

sc_nss_server_version_mismatch_tls12() {
    # selfserv speaks TLS 1.3 only; s_client offers TLS 1.2 only.
    selfserv_bg -V tls1.3:tls1.3
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -servername www.example.test -CAfile "$PKI/caA.pem"
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.2"
    check "$FILE" "alert protocol_version from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==70 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_nss_server_no_shared_cipher_tls12() {
    # selfserv allows TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 only; s_client offers
    # TLS_RSA_WITH_AES_128_CBC_SHA only.
    selfserv_bg -V tls1.2:tls1.2 -c :C030
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_2 -cipher AES128-SHA -servername www.example.test -CAfile "$PKI/caA.pem"
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    check "$FILE" "alert handshake_failure from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==40 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}
