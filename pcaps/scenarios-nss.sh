# scenarios-nss.sh - captures of Mozilla's TLS stack (NSS 3.87), sourced by
# make-captures.sh.
#
# NSS's own test tools: tstclnt as the client of openssl s_server, selfserv as the server
# of openssl s_client, TLS 1.3 and TLS 1.2. NSS writes a key log only when built with
# NSS_ALLOW_SSLKEYLOGFILE, which Debian's libnss3 is not (tstclnt ignores SSLKEYLOGFILE
# there; it is still set, for builds that have it): the key log is s_server's
# (-keylogfile) where tstclnt is the client, s_client's where selfserv is the server.
#
# Every failure NSS produces or meets in either role, in TLS 1.3 and 1.2: certificates
# refused both ways, missing and refused client certificates, no common version, suite or
# group, an unknown name, ALPN. What NSS 3.87 sends is in man/tls-stacks.md (its rows);
# in short:
#   - tstclnt checks the server's certificate asynchronously: in TLS 1.2 its alert comes
#     after both Finished (nss_late_alert); in TLS 1.3 it replaces its Finished, one
#     19-byte record. A self-signed certificate gets unknown_ca(48) like an unknown
#     issuer, an expired one certificate_expired(45), a wrong name bad_certificate(42).
#   - NSS writes a TLS 1.3 flight into one record and sends no ChangeCipherSpec (tstclnt
#     has -e for that): an empty Certificate and the Finished are one 61-byte record.
#   - selfserv -a NAME serves NAME with the certificate whose *nickname* is NAME and
#     refuses any other name with unrecognized_name(112).
# What NSS's tools cannot do:
#   - tstclnt has no option to offer ALPN (its hello has no ALPN extension): there is no
#     alpn_mismatch with tstclnt as the client.
#   - selfserv has no option to refuse a hello without a name (its SNI callback is only
#     called when a name was sent): no missing_sni with selfserv as the server.
#   - selfserv -Q offers http/1.1 only; no other ALPN list can be given.
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
    nss-server-no-shared-cipher-tls12 \
    nss-client-server-cert-expired-tls13 \
    nss-client-server-cert-self-signed-tls13 \
    nss-client-server-cert-self-signed-tls12 \
    nss-client-server-cert-wrong-name-tls13 \
    nss-client-server-cert-wrong-name-tls12 \
    nss-client-version-mismatch-tls12 \
    nss-client-no-shared-cipher-tls12 \
    nss-client-no-shared-cipher-tls13 \
    nss-client-client-cert-missing-tls13 \
    nss-client-client-cert-missing-tls12 \
    nss-client-client-cert-rejected-tls13 \
    nss-client-client-cert-rejected-tls12 \
    nss-client-unknown-sni-tls13 \
    nss-client-unknown-sni-tls12 \
    nss-server-no-shared-cipher-tls13 \
    nss-server-version-mismatch-tls13 \
    nss-server-server-cert-rejected-tls13 \
    nss-server-server-cert-rejected-tls12 \
    nss-server-unknown-sni-tls13 \
    nss-server-unknown-sni-tls12 \
    nss-server-alpn-mismatch-tls13 \
    nss-server-alpn-mismatch-tls12

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

# nss_key DB NAME [NICK]: import $PKI/NAME.pem and .key into DB (nickname NICK, by
# default NAME).
nss_key() {
    local db=$1 name=$2 nick=${3:-$2} p12="$WORK/nss/$2.p12"
    certutil -L -d "$db" -n "$nick" >/dev/null 2>&1 && return 0
    openssl pkcs12 -export -in "$PKI/$name.pem" -inkey "$PKI/$name.key" -name "$nick" \
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

# nss_tls13_cert_alert CODE NAME: NSS as a TLS 1.3 client refuses the server's
# certificate with the alert CODE, encrypted under its handshake keys, in place of its
# Finished; without middlebox compatibility mode (tstclnt -e) it sends no
# ChangeCipherSpec first. Then it closes (FIN).
nss_tls13_cert_alert() {
    local code=$1 name=$2
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    no_packets "$FILE" "a ChangeCipherSpec from the client" "tls.change_cipher_spec && ip.src==$C4"
    check "$FILE" "one encrypted 19-byte record from the client" \
        "tls.record.opaque_type==23 && tls.record.length==19 && ip.src==$C4" 1
    check "$FILE" "fatal $name from the client (decrypted)" \
        "tls.alert_message.level==2 && tls.alert_message.desc==$code && ip.src==$C4" 1 "$KEYLOG"
    no_packets "$FILE" "a client Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" "$KEYLOG"
    check "$FILE" "a FIN from the client" "tcp.flags.fin==1 && ip.src==$C4" 1
}

sc_nss_client_server_cert_expired_tls13() {
    # The server's certificate (CA A, trusted) expired in 2021.
    nss_s_server -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key"
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.3:tls1.3
    cap_stop
    expect server_cert_rejected "tls13.client_abort inference"
    nss_tls13_cert_alert 45 certificate_expired
    nss_log_has "$SC-client.log" SEC_ERROR_EXPIRED_CERTIFICATE
}

sc_nss_client_server_cert_self_signed_tls13() {
    # A self-signed certificate for www.example.test; tstclnt trusts CA A. NSS reports
    # SEC_ERROR_UNTRUSTED_ISSUER and alerts unknown_ca.
    nss_s_server -cert "$PKI/selfsigned.pem" -key "$PKI/selfsigned.key"
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.3:tls1.3
    cap_stop
    expect server_cert_rejected "tls13.client_abort inference"
    nss_tls13_cert_alert 48 unknown_ca
    nss_log_has "$SC-client.log" SEC_ERROR_UNTRUSTED_ISSUER
}

sc_nss_client_server_cert_self_signed_tls12() {
    # The same in TLS 1.2: the alert comes after both Finished (nss_late_alert).
    nss_s_server -cert "$PKI/selfsigned.pem" -key "$PKI/selfsigned.key"
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.2:tls1.2
    cap_stop
    expect server_cert_rejected "tls12.client_abort_after_finished cert.self_signed"
    nss_late_alert 48 unknown_ca
    nss_log_has "$SC-client.log" SEC_ERROR_UNTRUSTED_ISSUER
}

sc_nss_client_server_cert_wrong_name_tls13() {
    # The server's certificate (CA A) is for other.example.test; tstclnt asks for and
    # checks www.example.test: bad_certificate.
    nss_s_server -cert "$PKI/server-other.pem" -key "$PKI/server-other.key"
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.3:tls1.3
    cap_stop
    expect server_cert_rejected "tls13.client_abort inference"
    check "$FILE" "a ClientHello for www.example.test" 'tls.handshake.extensions_server_name=="www.example.test"' 1
    check "$FILE" "the certificate for other.example.test (decrypted)" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:05" 1 "$KEYLOG"
    nss_tls13_cert_alert 42 bad_certificate
    nss_log_has "$SC-client.log" SSL_ERROR_BAD_CERT_DOMAIN
}

sc_nss_client_server_cert_wrong_name_tls12() {
    # The wrong name in TLS 1.2: bad_certificate after both Finished.
    nss_s_server -cert "$PKI/server-other.pem" -key "$PKI/server-other.key"
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.2:tls1.2
    cap_stop
    expect server_cert_rejected "tls12.client_abort_after_finished cert.name_mismatch other.example.test"
    check "$FILE" "the certificate for other.example.test" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:05" 1
    nss_late_alert 42 bad_certificate
    nss_log_has "$SC-client.log" SSL_ERROR_BAD_CERT_DOMAIN
}

sc_nss_client_version_mismatch_tls12() {
    # tstclnt offers TLS 1.2 at most (a hello without supported_versions); s_server
    # speaks TLS 1.3 only.
    nss_s_server -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_3
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.2:tls1.2
    cap_stop
    expect version_mismatch "alert.protocol_version protocol_version(70) TLS1.2"
    check "$FILE" "a TLS 1.2 hello without supported_versions" \
        'tls.handshake.type==1 && tls.handshake.version==0x0303 && !tls.handshake.extensions.supported_version' 1
    check "$FILE" "alert protocol_version from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==70 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    nss_log_has "$SC-client.log" SSL_ERROR_PROTOCOL_VERSION_ALERT
}

sc_nss_client_no_shared_cipher_tls12() {
    # tstclnt -c: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 only; s_server allows
    # ECDHE-RSA-AES256-GCM-SHA384 only.
    nss_s_server -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_2 \
        -cipher ECDHE-RSA-AES256-GCM-SHA384
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.2:tls1.2 -c :C02F
    cap_stop
    expect no_shared_cipher "alert.handshake_failure handshake_failure(40)"
    check "$FILE" "a hello offering 0xc02f only" 'tls.handshake.type==1 && tls.handshake.cipher_suites_length==2 && tls.handshake.ciphersuite==0xc02f' 1
    check "$FILE" "alert handshake_failure from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==40 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    nss_log_has "$SC-client.log" SSL_ERROR_NO_CYPHER_OVERLAP
}

sc_nss_client_no_shared_cipher_tls13() {
    # tstclnt -I: P-384 the only group (offered and shared); s_server accepts X25519
    # only. OpenSSL has no group to ask for in a HelloRetryRequest.
    nss_s_server -cert "$PKI/server.pem" -key "$PKI/server.key" -tls1_3 -groups X25519
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.3:tls1.3 -I P384
    cap_stop
    expect no_shared_cipher "alert.handshake_failure handshake_failure(40)"
    check "$FILE" "a hello with a secp384r1 key share only" \
        'tls.handshake.type==1 && tls.handshake.extensions_key_share_group==24 && tls.handshake.extensions_supported_groups_length==2' 1
    check "$FILE" "alert handshake_failure from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==40 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    nss_log_has "$SC-client.log" SSL_ERROR_NO_CYPHER_OVERLAP
}

# nss_mtls_s_server: s_server requiring a client certificate of CA A (-Verify), for
# tstclnt.
nss_mtls_s_server() {
    nss_s_server -cert "$PKI/server.pem" -key "$PKI/server.key" -Verify 1 \
        -CAfile "$PKI/caA.pem" -verify_return_error "$@"
}

sc_nss_client_client_cert_missing_tls13() {
    # tstclnt without -n and with no key in its database answers the CertificateRequest
    # with an empty Certificate. NSS writes its whole flight (Certificate, Finished)
    # into one record: 61 bytes, not a 25-byte record of its own as OpenSSL's.
    nss_mtls_s_server -tls1_3
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.3:tls1.3
    cap_stop
    expect client_cert_missing "tls13.server_abort_empty_cert inference 61-byte"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    check "$FILE" "the client's flight in one 61-byte record" \
        "tls.record.opaque_type==23 && tls.record.length==61 && ip.src==$C4" 1
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    check "$FILE" "an empty client Certificate and the client's Finished (decrypted)" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && tls.handshake.type==20 && ip.src==$C4" 1 "$KEYLOG"
    check "$FILE" "fatal certificate_required from the server (decrypted)" \
        "tls.alert_message.level==2 && tls.alert_message.desc==116 && ip.src==$S4" 1 "$KEYLOG"
    nss_log_has "$SC-client.log" SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT
}

sc_nss_client_client_cert_missing_tls12() {
    # The empty Certificate in TLS 1.2, in the clear: s_server answers handshake_failure.
    nss_mtls_s_server -tls1_2
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.2:tls1.2
    cap_stop
    expect client_cert_missing "alert.client_cert_missing handshake_failure(40) CertificateRequest empty"
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    check "$FILE" "fatal handshake_failure from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==40 && ip.src==$S4" 1
    no_packets "$FILE" "a ChangeCipherSpec from the server" "tls.change_cipher_spec && ip.src==$S4"
    nss_log_has "$SC-client.log" SSL_ERROR_HANDSHAKE_FAILURE_ALERT
}

# nss_client_b_db: a client database trusting CA A and holding the key of client-b
# (a certificate of CA B, which s_server does not trust), nickname client-b.
nss_client_b_db() {
    local db
    db=$(nss_db client-b caA)
    nss_key "$db" client-b >&2
    printf '%s' "$db"
}

sc_nss_client_client_cert_rejected_tls13() {
    # tstclnt -n client-b; the whole flight (Certificate, CertificateVerify, Finished)
    # is one record.
    local db
    db=$(nss_client_b_db)
    nss_mtls_s_server -tls1_3
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$db" -n client-b -V tls1.3:tls1.3
    cap_stop
    expect client_cert_rejected "tls13.server_abort_client_cert inference certificate"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
    check "$FILE" "the client's certificate 20:02 (decrypted)" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:02" 1 "$KEYLOG"
    check "$FILE" "fatal unknown_ca from the server (decrypted)" \
        "tls.alert_message.level==2 && tls.alert_message.desc==48 && ip.src==$S4" 1 "$KEYLOG"
    nss_log_has "$SC-client.log" SSL_ERROR_UNKNOWN_CA_ALERT
}

sc_nss_client_client_cert_rejected_tls12() {
    # The CA B certificate in TLS 1.2, in the clear: s_server answers unknown_ca.
    local db
    db=$(nss_client_b_db)
    nss_mtls_s_server -tls1_2
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$db" -n client-b -V tls1.2:tls1.2
    cap_stop
    expect client_cert_rejected "alert.client_cert_rejected unknown_ca(48)"
    check_client_cert_alert 20:02 48 unknown_ca
    nss_log_has "$SC-client.log" SSL_ERROR_UNKNOWN_CA_ALERT
}

# nss_sni_s_server: s_server that serves other.example.test only (-cert2 for that
# name) and refuses any other name with a fatal unrecognized_name.
nss_sni_s_server() {
    nss_s_server -cert "$PKI/server.pem" -key "$PKI/server.key" \
        -cert2 "$PKI/server2.pem" -key2 "$PKI/server2.key" \
        -servername other.example.test -servername_fatal "$@"
}

sc_nss_client_unknown_sni_tls13() {
    # tstclnt asks for www.example.test.
    nss_sni_s_server -tls1_3
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.3:tls1.3
    cap_stop
    expect unknown_sni "alert.unrecognized_name unrecognized_name(112) www.example.test"
    check "$FILE" "alert unrecognized_name from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==112 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    nss_log_has "$SC-client.log" SSL_ERROR_UNRECOGNIZED_NAME_ALERT
}

sc_nss_client_unknown_sni_tls12() {
    # The same refusal of www.example.test in TLS 1.2.
    nss_sni_s_server -tls1_2
    cap_start "$FILE"
    client_port 1
    tstclnt_c -d "$(nss_db trust-caA caA)" -V tls1.2:tls1.2
    cap_stop
    expect unknown_sni "alert.unrecognized_name unrecognized_name(112) www.example.test"
    check "$FILE" "alert unrecognized_name from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==112 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    nss_log_has "$SC-client.log" SSL_ERROR_UNRECOGNIZED_NAME_ALERT
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

sc_nss_server_no_shared_cipher_tls13() {
    # selfserv -I: P-384 only; s_client offers (and shares) X25519 only. No group to
    # ask for in a HelloRetryRequest.
    selfserv_bg -V tls1.3:tls1.3 -I P384
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -groups X25519 -servername www.example.test -CAfile "$PKI/caA.pem"
    cap_stop
    expect no_shared_cipher "alert.handshake_failure handshake_failure(40)"
    check "$FILE" "a hello with an x25519 key share only" \
        'tls.handshake.type==1 && tls.handshake.extensions_key_share_group==29 && tls.handshake.extensions_supported_groups_length==2' 1
    check "$FILE" "alert handshake_failure from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==40 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello or HelloRetryRequest" 'tls.handshake.type==2'
}

sc_nss_server_version_mismatch_tls13() {
    # selfserv speaks SSL 3.0 to TLS 1.2; s_client offers TLS 1.3 only.
    selfserv_bg -V ssl3:tls1.2
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -tls1_3 -servername www.example.test -CAfile "$PKI/caA.pem"
    cap_stop
    expect version_mismatch "alert.protocol_version protocol_version(70) TLS1.3"
    check "$FILE" "a TLS 1.3-only hello" \
        'tls.handshake.type==1 && tls.handshake.extensions.supported_version==0x0304 && !(tls.handshake.extensions.supported_version==0x0303)' 1
    check "$FILE" "alert protocol_version from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==70 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

# nss_server_cert_alert: s_client (trusting CA B only) refused selfserv's chain, which
# is its certificate and CA A's root (selfserv sends the root too: OpenSSL reports
# "self-signed certificate in certificate chain"), with a plaintext unknown_ca.
nss_server_cert_alert() {
    check "$FILE" "selfserv's certificate 10:01 and CA A in its chain" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:01 && count(tls.handshake.certificate)==2" 1 "$KEYLOG"
    check "$FILE" "fatal unknown_ca from the client, plaintext" \
        "tls.alert_message.level==2 && tls.alert_message.desc==48 && ip.src==$C4" 1
    no_packets "$FILE" "alerts from the server" "tls.alert_message && ip.src==$S4" "$KEYLOG"
    verify_error "$SC-client.log" 19
}

sc_nss_server_server_cert_rejected_tls13() {
    # OpenSSL's client sends its certificate alert in plaintext even in TLS 1.3, before
    # any ChangeCipherSpec. selfserv, already past its Finished, closes with one
    # alert-sized record under its application keys, which the client never derived
    # (not in its key log).
    selfserv_bg -V tls1.3:tls1.3
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caB.pem" -verify_return_error
    cap_stop
    expect server_cert_rejected "alert.server_cert_rejected unknown_ca(48)"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    no_packets "$FILE" "a ChangeCipherSpec from the client" "tls.change_cipher_spec && ip.src==$C4"
    nss_server_cert_alert
    check "$FILE" "one 19-byte record from the server after the alert" \
        "tls.record.opaque_type==23 && tls.record.length==19 && ip.src==$S4" 1
}

sc_nss_server_server_cert_rejected_tls12() {
    # The alert replaces the client's ClientKeyExchange.
    selfserv_bg -V tls1.2:tls1.2
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -CAfile "$PKI/caB.pem" -verify_return_error
    cap_stop
    expect server_cert_rejected "alert.server_cert_rejected unknown_ca(48)"
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' 1
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
    nss_server_cert_alert
}

# nss_sni_selfserv VERSION: selfserv -a other.example.test. selfserv's SNI callback
# looks every name the client sends up as the *nickname* of a certificate in its
# database: other.example.test gets server-other (imported under that nickname), any
# other name the fatal unrecognized_name; a hello without server_name never reaches the
# callback and gets the default certificate (-n server). selfserv has no option to
# refuse such a hello. (NSS keeps one nickname per subject: the second name needs a
# certificate with a subject of its own.)
nss_sni_selfserv() {
    nss_key "$(nss_db server caA)" server-other other.example.test
    selfserv_bg -V "$1:$1" -a other.example.test
}

# nss_sni_clients: an unknown name, the second name, no name.
nss_sni_clients() {
    client_port 1
    s_client "$S4:443" -servername nope.example.test
    client_port 2
    s_client "$S4:443" -servername other.example.test -CAfile "$PKI/caA.pem" -verify_return_error
    client_port 3
    s_client "$S4:443" -noservername -CAfile "$PKI/caA.pem" -verify_return_error
}

# nss_sni_checks: the unknown name refused, the others served each with its certificate.
nss_sni_checks() {
    check "$FILE" "one alert unrecognized_name from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==112 && ip.src==$S4" 1
    check "$FILE" "two ServerHellos" 'tls.handshake.type==2' 2
    check "$FILE" "server-other (10:05) for other.example.test" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:05" 1 "$KEYLOG"
    check "$FILE" "the default certificate (10:01) for the hello without a name" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:01" 1 "$KEYLOG"
    check "$FILE" "two HTTP answers" 'http.response' 2 "$KEYLOG"
}

sc_nss_server_unknown_sni_tls13() {
    # selfserv refuses a name it has no certificate nickname for, serves its second name
    # and serves a hello without a name (which it cannot refuse), TLS 1.3.
    nss_sni_selfserv tls1.3
    cap_start "$FILE"
    nss_sni_clients
    cap_stop
    expect unknown_sni "alert.unrecognized_name unrecognized_name(112) nope.example.test"
    expect ok "tls13.complete TLS1.3"
    expect ok "tls13.complete TLS1.3"
    nss_sni_checks
}

sc_nss_server_unknown_sni_tls12() {
    # The same three hellos in TLS 1.2.
    nss_sni_selfserv tls1.2
    cap_start "$FILE"
    nss_sni_clients
    cap_stop
    expect unknown_sni "alert.unrecognized_name unrecognized_name(112) nope.example.test"
    expect ok "handshake.complete TLS1.2"
    expect ok "handshake.complete TLS1.2"
    nss_sni_checks
}

sc_nss_server_alpn_mismatch_tls13() {
    # selfserv -Q: ALPN with http/1.1 as its only protocol; s_client offers h2 only.
    selfserv_bg -V tls1.3:tls1.3 -Q
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -alpn h2
    cap_stop
    expect alpn_mismatch "alert.no_application_protocol no_application_protocol(120) h2"
    check "$FILE" "a TLS 1.3 hello offering h2 only" \
        'tls.handshake.type==1 && tls.handshake.extensions_alpn_str=="h2" && tls.handshake.extensions_alpn_len==3 && tls.handshake.extensions.supported_version==0x0304' 1
    check "$FILE" "alert no_application_protocol from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==120 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_nss_server_alpn_mismatch_tls12() {
    # The same ALPN refusal in TLS 1.2.
    selfserv_bg -V tls1.2:tls1.2 -Q
    cap_start "$FILE"
    client_port 1
    s_client "$S4:443" -servername www.example.test -alpn h2
    cap_stop
    expect alpn_mismatch "alert.no_application_protocol no_application_protocol(120) h2"
    check "$FILE" "a hello offering h2 only" \
        'tls.handshake.type==1 && tls.handshake.extensions_alpn_str=="h2" && tls.handshake.extensions_alpn_len==3' 1
    check "$FILE" "alert no_application_protocol from the server" \
        "tls.alert_message.level==2 && tls.alert_message.desc==120 && ip.src==$S4" 1
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}
