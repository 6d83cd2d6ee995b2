# scenarios-go.sh - captures of Go's TLS stack (crypto/tls, Go 1.19), sourced by
# make-captures.sh.
#
# Go is the client (peers/tlspeer.go) against openssl s_server, gnutls-serv or nginx,
# and the server against openssl s_client, in TLS 1.3 and TLS 1.2, for each failure
# crypto/tls can produce or meet in that role. Where Go is the client it writes the key
# log itself (tls.Config.KeyLogWriter, tlspeer -keylog); where Go is the server,
# s_client writes it (-keylogfile).
#
# What Go 1.19 sends (see crypto/tls/handshake_*.go), as these captures show:
#   - as a client, bad_certificate(42) for every server certificate it refuses (unknown
#     issuer, self-signed, expired, wrong name alike); in TLS 1.3 encrypted, after the
#     server's flight and before its own Finished;
#   - as a client, an empty Certificate when its only certificate's issuer is not among
#     the CertificateRequest's acceptable CAs (Certificate selection, SupportsCertificate);
#   - as a server, protocol_version(70), handshake_failure(40) (no common suite or
#     group), no_application_protocol(120) (ALPN offered, none in common; but an h2-only server
#     lets an http/1.1-only client in without ALPN), bad_certificate
#     (42) for a client certificate it cannot verify and for an empty one, in TLS 1.3
#     too (later Go releases send certificate_required(116) there); unrecognized_name
#     (112) when GetCertificate finds no certificate for the name (or for a hello without
#     one), internal_error(80) when GetCertificate returns an error.
#
# Needs, besides what make-captures.sh needs: Go (1.19 or later). On Debian:
#   apt-get install golang-go

scenario_block 200 \
    go-client-ok-tls13 \
    go-client-ok-tls12 \
    go-client-ok-mtls-tls13 \
    go-client-version-mismatch-tls12 \
    go-client-version-mismatch-tls13 \
    go-client-no-shared-cipher-tls12 \
    go-client-no-shared-group-tls12 \
    go-client-no-shared-group-tls13 \
    go-client-cert-missing-tls13 \
    go-client-cert-missing-tls12 \
    go-client-cert-other-ca-tls13 \
    go-client-cert-other-ca-tls12 \
    go-client-cert-rejected-tls13 \
    go-client-cert-rejected-tls12 \
    go-client-cert-untrusted-tls13 \
    go-client-cert-untrusted-tls12 \
    go-client-server-cert-untrusted-tls13 \
    go-client-server-cert-untrusted-tls12 \
    go-client-server-cert-self-signed-tls13 \
    go-client-server-cert-self-signed-tls12 \
    go-client-server-cert-expired-tls13 \
    go-client-server-cert-expired-tls12 \
    go-client-server-cert-wrong-name-tls13 \
    go-client-server-cert-wrong-name-tls12 \
    go-client-unknown-sni-tls13 \
    go-client-unknown-sni-tls12 \
    go-client-missing-sni-tls13 \
    go-client-alpn-mismatch-tls13 \
    go-client-alpn-mismatch-tls12 \
    go-server-ok-tls13 \
    go-server-ok-tls12 \
    go-server-ok-mtls-tls13 \
    go-server-version-mismatch-tls12 \
    go-server-version-mismatch-tls13 \
    go-server-no-shared-cipher-tls12 \
    go-server-no-shared-cipher-tls13 \
    go-server-no-shared-group-tls12 \
    go-server-no-shared-group-tls13 \
    go-server-client-cert-missing-tls13 \
    go-server-client-cert-missing-tls12 \
    go-server-client-cert-rejected-tls13 \
    go-server-client-cert-rejected-tls12 \
    go-server-server-cert-rejected-tls13 \
    go-server-server-cert-rejected-tls12 \
    go-server-unknown-sni-tls13 \
    go-server-unknown-sni-tls12 \
    go-server-unknown-sni-error-tls13 \
    go-server-missing-sni-tls13 \
    go-server-missing-sni-tls12 \
    go-server-alpn-mismatch-tls13 \
    go-server-alpn-mismatch-tls12

# go_build: build peers/tlspeer.go once per run into $WORK/go (scenarios run in
# subshells of the same run, so the binary outlives the scenario that built it). The
# Go build cache and HOME stay in $WORK: nothing is written outside it.
GO_PEER=""
go_build() {
    GO_PEER="$WORK/go/tlspeer"
    [ -x "$GO_PEER" ] && return 0
    command -v go >/dev/null || die "go missing (see the header of scenarios-go.sh)"
    mkdir -p "$WORK/go"
    env HOME="$WORK/go" GOCACHE="$WORK/go/cache" GOPATH="$WORK/go/path" \
        GO111MODULE=off CGO_ENABLED=0 go build -o "$GO_PEER.tmp" "$OUT/peers/tlspeer.go" \
        >"$WORK/go/build.log" 2>&1 || die "go build tlspeer.go failed: $(cat "$WORK/go/build.log")"
    mv "$GO_PEER.tmp" "$GO_PEER"
}

# go_server_bg NAME ARGS...: tlspeer as a server on port 443 of the server namespace
# (every address, IPv4 and IPv6), output to $WORK/NAME.log.
go_server_bg() {
    local name=$1
    shift
    go_build
    bg "$NS_S" "$name" "$GO_PEER" -mode server -addr :443 "$@"
    wait_listen "$NS_S" 443
}

# go_client TARGET ARGS...: tlspeer as a client in the client namespace, to TARGET
# (ADDR:PORT, [ADDR6]:PORT), writing its secrets to the scenario's key log, killed after
# TIMEOUT seconds, output appended to $WORK/$SC-client.log. Never fails the script: a
# refused handshake is the point.
go_client() {
    local target=$1
    shift
    go_build
    in_c timeout "$TIMEOUT" "$GO_PEER" -mode client -addr "$target" -keylog "$KEYLOG" "$@" \
        >>"$WORK/$SC-client.log" 2>&1 || true
}

# go_log_has WORDS / go_srv_log_has NAME WORDS: the Go client's (server's) log must
# contain WORDS: crypto/tls's error says which alert it sent or received, and why.
go_log_has() {
    grep -qF -- "$1" "$WORK/$SC-client.log" ||
        die "$SC: client log lacks \"$1\": $(grep -m2 'error' "$WORK/$SC-client.log" || true)"
}
go_srv_log_has() {
    grep -qF -- "$2" "$WORK/$1.log" ||
        die "$SC: $1.log lacks \"$2\": $(grep -m2 'error' "$WORK/$1.log" || true)"
}

# go_fatal_alert CODE NAME FROM [KEYLOG]: the capture holds one fatal alert CODE, sent by
# FROM (an address), decrypted with KEYLOG when given; and no other fatal alert.
go_fatal_alert() {
    local code=$1 name=$2 from=$3 keylog=${4:-}
    check "$FILE" "fatal alert $name from $from" \
        "tls.alert_message.level==2 && tls.alert_message.desc==$code && ip.src==$from" 1 "$keylog"
    no_packets "$FILE" "other fatal alerts" \
        "tls.alert_message.level==2 && !(tls.alert_message.desc==$code && ip.src==$from)" "$keylog"
}

# go_tls13_hidden [N]: N (1) TLS 1.3 ServerHellos, and not a single alert in the clear.
go_tls13_hidden() {
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' "${1:-1}"
    no_packets "$FILE" "a plain alert" 'tls.alert_message'
}

go_tls12_hello() {
    check "$FILE" "a TLS 1.2 ServerHello" 'tls.handshake.type==2 && tls.handshake.version==0x0303' "${1:-1}"
}

# The K-th client port of the running scenario.
go_port() { printf '%s' $((40000 + 10 * SC_INDEX + $1)); }

# ---------------------------------------------------------------------------------------
# Go as the client.

# go_s_server ARGS...: s_server with the www.example.test certificate of CA A (Go writes
# the key log).
go_s_server() {
    s_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" "$@"
}

# go_c VERSION ARGS...: the Go client to the server's port 443, TLS 1.VERSION only,
# asking for and verifying www.example.test, trusting CA A (later ARGS may override).
go_c() {
    local v=$1
    shift
    go_client "$S4:443" -min "1.$v" -max "1.$v" -sni www.example.test -ca "$PKI/caA.pem" "$@"
}

sc_go_client_ok_tls13() {
    go_s_server -tls1_3 -naccept 1
    cap_start "$FILE"
    client_port 1
    go_c 3 -request
    cap_stop
    expect ok "TLS1.3"
    go_log_has "handshake done: TLS1.3"
    go_log_has "answer: HTTP/1.0 200 ok"
    go_tls13_hidden
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the client's Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" 1 "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_go_client_ok_tls12() {
    go_s_server -tls1_2 -naccept 1
    cap_start "$FILE"
    client_port 1
    go_c 2 -request
    cap_stop
    expect ok "TLS1.2"
    go_log_has "handshake done: TLS1.2"
    go_tls12_hello
    check "$FILE" "Finished both ways (two ChangeCipherSpec)" 'tls.change_cipher_spec' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_go_client_ok_mtls_tls13() {
    # A server requiring a client certificate from CA A; Go presents one.
    go_s_server -tls1_3 -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error -naccept 1
    cap_start "$FILE"
    client_port 1
    go_c 3 -cert "$PKI/client.pem" -key "$PKI/client.key" -request
    cap_stop
    expect ok "TLS1.3"
    go_log_has "answer: HTTP/1.0 200 ok"
    go_tls13_hidden
    check "$FILE" "the client's certificate 20:01 (decrypted)" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:01" 1 "$KEYLOG"
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_go_client_version_mismatch_tls12() {
    # Go offers TLS 1.2 only; the server speaks TLS 1.3 only.
    go_s_server -tls1_3
    cap_start "$FILE"
    client_port 1
    go_c 2
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.2"
    go_fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    go_log_has "protocol version not supported"
}

sc_go_client_version_mismatch_tls13() {
    # Go offers TLS 1.3 only; the server speaks TLS 1.2 only.
    go_s_server -tls1_2
    cap_start "$FILE"
    client_port 1
    go_c 3
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.3"
    go_fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    go_log_has "protocol version not supported"
}

sc_go_client_no_shared_cipher_tls12() {
    go_s_server -tls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384
    cap_start "$FILE"
    client_port 1
    go_c 2 -ciphers TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    check "$FILE" "a ClientHello offering TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA only" \
        'tls.handshake.type==1 && tls.handshake.ciphersuite==0xc013 && tls.handshake.cipher_suites_length==2' 1
    go_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_go_client_no_shared_group_tls12() {
    # Suites in common, but all of them ECDHE and no curve in common: Go offers P-384
    # only, the server accepts X25519 only.
    go_s_server -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -groups X25519
    cap_start "$FILE"
    client_port 1
    go_c 2 -ciphers TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -curves P-384
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    check "$FILE" "a ClientHello offering secp384r1 only" \
        'tls.handshake.type==1 && tls.handshake.extensions_supported_group==24 && tls.handshake.extensions_supported_groups_length==2' 1
    go_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_go_client_no_shared_group_tls13() {
    # TLS 1.3, Go offers (and sends a key share for) P-384 only; the server accepts
    # X25519 only: no HelloRetryRequest can help.
    go_s_server -tls1_3 -groups X25519
    cap_start "$FILE"
    client_port 1
    go_c 3 -curves P-384
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    check "$FILE" "a key share for secp384r1" 'tls.handshake.type==1 && tls.handshake.extensions_key_share_group==24' 1
    go_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
}

sc_go_client_cert_missing_tls13() {
    # The server requires a client certificate; Go has none and answers the
    # CertificateRequest with an empty Certificate.
    go_s_server -tls1_3 -Verify 1 -CAfile "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    go_c 3 -request
    cap_stop
    expect client_cert_missing "inference"
    go_tls13_hidden
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    check "$FILE" "an empty client Certificate (decrypted)" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1 "$KEYLOG"
    go_fatal_alert 116 certificate_required "$S4" "$KEYLOG"
    go_log_has "certificate required"
}

sc_go_client_cert_missing_tls12() {
    go_s_server -tls1_2 -Verify 1 -CAfile "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    go_c 2 -request
    cap_stop
    expect client_cert_missing "handshake_failure(40) CertificateRequest"
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    go_fatal_alert 40 handshake_failure "$S4"
}

# go_other_ca VERSION: Go has a client certificate, but from CA B, while the server's
# CertificateRequest names CA A only: crypto/tls offers a certificate only to a server
# that names its issuer (CertificateRequestInfo.SupportsCertificate) and sends an empty
# Certificate. The client has a certificate; the wire says none.
go_other_ca() {
    go_s_server "-tls1_$1" -Verify 1 -CAfile "$PKI/caA.pem" -verify_return_error
    cap_start "$FILE"
    client_port 1
    go_c "$1" -cert "$PKI/client-b.pem" -key "$PKI/client-b.key" -request
    cap_stop
}

sc_go_client_cert_other_ca_tls13() {
    go_other_ca 3
    expect client_cert_missing "inference"
    go_tls13_hidden
    check "$FILE" "CA A among the acceptable CAs (decrypted)" \
        "tls.handshake.type==13 && x509sat.uTF8String contains \"CA A\"" 1 "$KEYLOG"
    check "$FILE" "an empty client Certificate (decrypted)" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1 "$KEYLOG"
    go_fatal_alert 116 certificate_required "$S4" "$KEYLOG"
}

sc_go_client_cert_other_ca_tls12() {
    go_other_ca 2
    expect client_cert_missing "handshake_failure(40) CertificateRequest"
    check "$FILE" "CA A among the acceptable CAs" \
        "tls.handshake.type==13 && x509sat.uTF8String contains \"CA A\"" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    go_fatal_alert 40 handshake_failure "$S4"
}

# go_client_cert CERT VERSION [SERVER ARGS...]: Go presents the client certificate CERT
# to s_server, which requires one from CA A and aborts on any verification error.
go_client_cert() {
    local cert=$1 v=$2
    shift 2
    go_s_server "-tls1_$v" -Verify 1 -verify_return_error "$@"
    cap_start "$FILE"
    client_port 1
    go_c "$v" -cert "$PKI/$cert.pem" -key "$PKI/$cert.key" -request
    cap_stop
}

sc_go_client_cert_rejected_tls13() {
    # A client certificate from CA A that expired in 2021: crypto/tls does not look at
    # the dates when it picks it, the server refuses it.
    go_client_cert client-expired 3 -CAfile "$PKI/caA.pem"
    expect client_cert_rejected "inference"
    check_client_cert_alert13 20:03 45 certificate_expired
    verify_error srv.log 10
    go_log_has "expired certificate"
}

sc_go_client_cert_rejected_tls12() {
    go_client_cert client-expired 2 -CAfile "$PKI/caA.pem"
    expect client_cert_rejected "certificate_expired(45) cert.expired"
    check_client_cert_alert 20:03 45 certificate_expired
    verify_error srv.log 10
}

# A certificate from CA B, which the server does not trust. Its CertificateRequest names
# CA A and CA B (-CAfile) but it verifies against CA A only (-verifyCAfile): Go offers
# only a certificate whose issuer the server names (see go-client-cert-other-ca-*).
go_untrusted() {
    cat "$PKI/caA.pem" "$PKI/caB.pem" >"$WORK/caAB.pem"
    go_client_cert client-b "$1" -CAfile "$WORK/caAB.pem" -verifyCAfile "$PKI/caA.pem"
}

sc_go_client_cert_untrusted_tls13() {
    go_untrusted 3
    expect client_cert_rejected "inference"
    check_client_cert_alert13 20:02 48 unknown_ca
    verify_error srv.log 20
    go_log_has "unknown certificate authority"
}

sc_go_client_cert_untrusted_tls12() {
    go_untrusted 2
    expect client_cert_rejected "unknown_ca(48)"
    check_client_cert_alert 20:02 48 unknown_ca
    verify_error srv.log 20
}

# go_server_cert CERT VERSION [ARGS...]: Go as the client of s_server presenting CERT,
# trusting CA A (unless ARGS give another -ca) and checking the name www.example.test.
go_server_cert() {
    local cert=$1 v=$2
    shift 2
    s_server_bg srv -cert "$PKI/$cert.pem" -key "$PKI/$cert.key" "-tls1_$v"
    cap_start "$FILE"
    client_port 1
    go_c "$v" "$@" -request
    cap_stop
}

# go_server_cert_alert13: TLS 1.3 - Go refused the server's certificate with an
# encrypted bad_certificate, instead of its Finished.
go_server_cert_alert13() {
    go_tls13_hidden
    go_fatal_alert 42 bad_certificate "$C4" "$KEYLOG"
    no_packets "$FILE" "a client Finished (decrypted)" "tls.handshake.type==20 && ip.src==$C4" "$KEYLOG"
}

# go_server_cert_alert12: TLS 1.2 - Go answered the server's Certificate with
# bad_certificate, before any key exchange of its own.
go_server_cert_alert12() {
    check_server_cert_alert 42 bad_certificate
}

sc_go_client_server_cert_untrusted_tls13() {
    # The server's certificate is from CA A; Go trusts only CA B.
    go_server_cert server 3 -ca "$PKI/caB.pem"
    expect server_cert_rejected "inference"
    go_server_cert_alert13
    go_log_has "certificate signed by unknown authority"
}

sc_go_client_server_cert_untrusted_tls12() {
    go_server_cert server 2 -ca "$PKI/caB.pem"
    expect server_cert_rejected "bad_certificate(42)"
    go_server_cert_alert12
    go_log_has "certificate signed by unknown authority"
}

sc_go_client_server_cert_self_signed_tls13() {
    go_server_cert selfsigned 3
    expect server_cert_rejected "inference"
    go_server_cert_alert13
    go_log_has "certificate signed by unknown authority"
}

sc_go_client_server_cert_self_signed_tls12() {
    go_server_cert selfsigned 2
    expect server_cert_rejected "bad_certificate(42) self-signed"
    go_server_cert_alert12
    go_log_has "certificate signed by unknown authority"
}

sc_go_client_server_cert_expired_tls13() {
    go_server_cert server-expired 3
    expect server_cert_rejected "inference"
    go_server_cert_alert13
    check "$FILE" "the expired server certificate (decrypted)" \
        "tls.handshake.type==11 && ip.src==$S4 && x509af.serialNumber==10:04" 1 "$KEYLOG"
    go_log_has "certificate has expired"
}

sc_go_client_server_cert_expired_tls12() {
    go_server_cert server-expired 2
    expect server_cert_rejected "bad_certificate(42) cert.expired"
    go_server_cert_alert12
    go_log_has "certificate has expired"
}

sc_go_client_server_cert_wrong_name_tls13() {
    # The certificate is for other.example.test; Go asks for www.example.test.
    go_server_cert server-other 3
    expect server_cert_rejected "inference"
    go_server_cert_alert13
    go_log_has "certificate is valid for other.example.test, not www.example.test"
}

sc_go_client_server_cert_wrong_name_tls12() {
    go_server_cert server-other 2
    expect server_cert_rejected "bad_certificate(42) cert.name_mismatch other.example.test"
    go_server_cert_alert12
    go_log_has "certificate is valid for other.example.test, not www.example.test"
}

# go_client_unknown_sni VERSION: s_server knows www.example.test only
# (-servername_fatal); Go asks for other.example.test.
go_client_unknown_sni() {
    go_s_server "-tls1_$1" -cert2 "$PKI/server2.pem" -key2 "$PKI/server2.key" \
        -servername www.example.test -servername_fatal
    cap_start "$FILE"
    client_port 1
    go_c "$1" -sni other.example.test -request
    cap_stop
    expect unknown_sni "unrecognized_name(112) other.example.test"
    go_fatal_alert 112 unrecognized_name "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    go_log_has "unrecognized name"
}

sc_go_client_unknown_sni_tls13() { go_client_unknown_sni 3; }
sc_go_client_unknown_sni_tls12() { go_client_unknown_sni 2; }

sc_go_client_missing_sni_tls13() {
    # An SNI router (nginx ssl_preread, see nginx_sni_conf) in front of s_server: Go
    # sends no server_name (-no-sni) and nginx closes without a TLS byte.
    s_server_at upstream 127.0.0.1:8443 -cert "$PKI/server.pem" -key "$PKI/server.key"
    nginx_sni_conf sni >"$WORK/sni.conf"
    nginx_bg sni
    cap_start "$FILE"
    client_port 1
    go_c 3 -no-sni -request
    cap_stop
    expect missing_sni "close.missing_sni server_name"
    no_packets "$FILE" "server_name" 'tls.handshake.extensions_server_name'
    check "$FILE" "a ClientHello" 'tls.handshake.type==1' 1
    no_packets "$FILE" "TLS from the server" "tls && ip.src==$S4"
    check "$FILE" "FIN from the server" "tcp.flags.fin==1 && ip.src==$S4" 1
}

# go_client_alpn VERSION: gnutls-serv speaks h2 only and refuses a client that offers
# anything else; Go offers http/1.1.
go_client_alpn() {
    bg "$NS_S" srv gnutls-serv --http -p 443 --x509certfile "$PKI/server.pem" \
        --x509keyfile "$PKI/server.key" --alpn=h2 --alpn-fatal
    wait_listen "$NS_S" 443
    cap_start "$FILE"
    client_port 1
    go_c "$1" -alpn http/1.1 -request
    cap_stop
    expect alpn_mismatch "no_application_protocol(120) http/1.1"
    go_fatal_alert 120 no_application_protocol "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    go_log_has "no application protocol"
}

sc_go_client_alpn_mismatch_tls13() { go_client_alpn 3; }
sc_go_client_alpn_mismatch_tls12() { go_client_alpn 2; }

# ---------------------------------------------------------------------------------------
# Go as the server. openssl s_client writes the key log.

# go_srv ARGS...: tlspeer serving www.example.test (CA A) on port 443.
go_srv() {
    go_server_bg srv -cert "$PKI/server.pem" -key "$PKI/server.key" "$@"
}

# go_ossl VERSION ARGS...: s_client to the Go server, TLS 1.VERSION only, trusting CA A,
# aborting on a bad server certificate.
go_ossl() {
    local v=$1
    shift
    s_client "$S4:443" "-tls1_$v" -servername www.example.test -CAfile "$PKI/caA.pem" \
        -verify_return_error "$@"
}

sc_go_server_ok_tls13() {
    go_srv -min 1.3 -accept 1
    cap_start "$FILE"
    client_port 1
    go_ossl 3
    cap_stop
    expect ok "TLS1.3"
    go_srv_log_has srv "handshake done: TLS1.3"
    go_tls13_hidden
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_go_server_ok_tls12() {
    go_srv -max 1.2 -accept 1
    cap_start "$FILE"
    client_port 1
    go_ossl 2
    cap_stop
    expect ok "TLS1.2"
    go_srv_log_has srv "handshake done: TLS1.2"
    go_tls12_hello
    check "$FILE" "Finished both ways (two ChangeCipherSpec)" 'tls.change_cipher_spec' 2
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_go_server_ok_mtls_tls13() {
    go_srv -min 1.3 -client-auth verify -client-ca "$PKI/caA.pem" -accept 1
    cap_start "$FILE"
    client_port 1
    go_ossl 3 -cert "$PKI/client.pem" -key "$PKI/client.key"
    cap_stop
    expect ok "TLS1.3"
    go_srv_log_has srv "handshake done: TLS1.3"
    go_tls13_hidden
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    check "$FILE" "the client's certificate 20:01 (decrypted)" \
        "tls.handshake.type==11 && ip.src==$C4 && x509af.serialNumber==20:01" 1 "$KEYLOG"
    no_packets "$FILE" "fatal alerts" 'tls.alert_message.level==2' "$KEYLOG"
    check "$FILE" "the HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
}

sc_go_server_version_mismatch_tls12() {
    # The Go server speaks TLS 1.3 only; the client offers TLS 1.2 only.
    go_srv -min 1.3
    cap_start "$FILE"
    client_port 1
    go_ossl 2
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.2"
    go_fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    go_srv_log_has srv "unsupported versions"
}

sc_go_server_version_mismatch_tls13() {
    # The Go server speaks TLS 1.2 only; the client offers TLS 1.3 only.
    go_srv -max 1.2
    cap_start "$FILE"
    client_port 1
    go_ossl 3
    cap_stop
    expect version_mismatch "protocol_version(70) TLS1.3"
    go_fatal_alert 70 protocol_version "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    go_srv_log_has srv "unsupported versions"
}

sc_go_server_no_shared_cipher_tls12() {
    go_srv -max 1.2 -ciphers TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
    cap_start "$FILE"
    client_port 1
    go_ossl 2 -cipher AES128-SHA
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    go_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    go_srv_log_has srv "no cipher suite supported by both client and server"
}

sc_go_server_no_shared_cipher_tls13() {
    # crypto/tls has three TLS 1.3 suites, always on, and none of them is
    # TLS_AES_128_CCM_SHA256, the only one the client offers.
    go_srv -min 1.3
    cap_start "$FILE"
    client_port 1
    go_ossl 3 -ciphersuites TLS_AES_128_CCM_SHA256
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    check "$FILE" "a ClientHello offering TLS_AES_128_CCM_SHA256" \
        'tls.handshake.type==1 && tls.handshake.ciphersuite==0x1304' 1
    go_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    go_srv_log_has srv "no cipher suite supported by both client and server"
}

sc_go_server_no_shared_group_tls12() {
    # The Go server has ECDHE suites only and the curve P-384 only; the client offers
    # X25519 only: no suite is usable.
    go_srv -max 1.2 -ciphers TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -curves P-384
    cap_start "$FILE"
    client_port 1
    go_ossl 2 -groups X25519
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    go_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    go_srv_log_has srv "no cipher suite supported by both client and server"
}

sc_go_server_no_shared_group_tls13() {
    go_srv -min 1.3 -curves P-384
    cap_start "$FILE"
    client_port 1
    go_ossl 3 -groups X25519
    cap_stop
    expect no_shared_cipher "handshake_failure(40)"
    go_fatal_alert 40 handshake_failure "$S4"
    no_packets "$FILE" "a ServerHello" 'tls.handshake.type==2'
    go_srv_log_has srv "no ECDHE curve supported by both client and server"
}

sc_go_server_client_cert_missing_tls13() {
    # RequireAndVerifyClientCert; s_client has no certificate and sends an empty one.
    go_srv -min 1.3 -client-auth verify -client-ca "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    go_ossl 3
    cap_stop
    expect client_cert_missing "inference"
    go_tls13_hidden
    check "$FILE" "the CertificateRequest (decrypted)" "tls.handshake.type==13 && ip.src==$S4" 1 "$KEYLOG"
    check "$FILE" "an empty client Certificate (decrypted)" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1 "$KEYLOG"
    # Go 1.19 answers an empty Certificate with bad_certificate in TLS 1.3 too, not with
    # TLS 1.3's certificate_required (later Go releases send that).
    go_fatal_alert 42 bad_certificate "$S4" "$KEYLOG"
    go_srv_log_has srv "client didn't provide a certificate"
}

sc_go_server_client_cert_missing_tls12() {
    go_srv -max 1.2 -client-auth verify -client-ca "$PKI/caA.pem"
    cap_start "$FILE"
    client_port 1
    go_ossl 2
    cap_stop
    expect client_cert_missing "bad_certificate(42) CertificateRequest"
    check "$FILE" "a CertificateRequest" "tls.handshake.type==13 && ip.src==$S4" 1
    check "$FILE" "an empty client Certificate" \
        "tls.handshake.type==11 && tls.handshake.certificates_length==0 && ip.src==$C4" 1
    go_fatal_alert 42 bad_certificate "$S4"
    go_srv_log_has srv "client didn't provide a certificate"
}

# go_server_client_cert VERSION: two clients of a Go server that requires and verifies
# a certificate from CA A: a certificate from CA B (not trusted), then an expired one
# from CA A.
go_server_client_cert() {
    go_srv "-min" "1.$1" -max "1.$1" -client-auth verify -client-ca "$PKI/caA.pem" -accept 2
    cap_start "$FILE"
    client_port 1
    go_ossl "$1" -cert "$PKI/client-b.pem" -key "$PKI/client-b.key"
    client_port 2
    go_ossl "$1" -cert "$PKI/client-expired.pem" -key "$PKI/client-expired.key"
    cap_stop
    go_srv_log_has srv "failed to verify client certificate: x509: certificate signed by unknown authority"
    go_srv_log_has srv "failed to verify client certificate: x509: certificate has expired"
}

sc_go_server_client_cert_rejected_tls13() {
    go_server_client_cert 3
    expect client_cert_rejected "inference"
    expect client_cert_rejected "inference"
    go_tls13_hidden 2
    local p1 p2
    p1=$(go_port 1) p2=$(go_port 2)
    check "$FILE" "the CA B certificate first (decrypted)" \
        "tls.handshake.type==11 && tcp.srcport==$p1 && x509af.serialNumber==20:02" 1 "$KEYLOG"
    check "$FILE" "the expired certificate second (decrypted)" \
        "tls.handshake.type==11 && tcp.srcport==$p2 && x509af.serialNumber==20:03" 1 "$KEYLOG"
    check "$FILE" "fatal bad_certificate from the server, on both (decrypted)" \
        "tls.alert_message.level==2 && tls.alert_message.desc==42 && ip.src==$S4" 2 "$KEYLOG"
    no_packets "$FILE" "other fatal alerts" \
        "tls.alert_message.level==2 && !(tls.alert_message.desc==42 && ip.src==$S4)" "$KEYLOG"
}

sc_go_server_client_cert_rejected_tls12() {
    go_server_client_cert 2
    expect client_cert_rejected "bad_certificate(42)"
    expect client_cert_rejected "bad_certificate(42) cert.expired"
    go_tls12_hello 2
    local p1 p2
    p1=$(go_port 1) p2=$(go_port 2)
    check "$FILE" "the CA B certificate first" \
        "tls.handshake.type==11 && tcp.srcport==$p1 && x509af.serialNumber==20:02" 1
    check "$FILE" "the expired certificate second" \
        "tls.handshake.type==11 && tcp.srcport==$p2 && x509af.serialNumber==20:03" 1
    check "$FILE" "fatal bad_certificate from the server, on both" \
        "tls.alert_message.level==2 && tls.alert_message.desc==42 && ip.src==$S4" 2
    no_packets "$FILE" "other fatal alerts" \
        "tls.alert_message.level==2 && !(tls.alert_message.desc==42 && ip.src==$S4)"
    no_packets "$FILE" "a ChangeCipherSpec from the server" "tls.change_cipher_spec && ip.src==$S4"
}

sc_go_server_server_cert_rejected_tls13() {
    # The Go server presents the self-signed certificate; s_client trusts CA A only.
    go_server_bg srv -cert "$PKI/selfsigned.pem" -key "$PKI/selfsigned.key" -min 1.3
    cap_start "$FILE"
    client_port 1
    go_ossl 3
    cap_stop
    expect server_cert_rejected "unknown_ca(48)"
    check "$FILE" "a TLS 1.3 ServerHello" 'tls.handshake.type==2 && tls.handshake.extensions.supported_version==0x0304' 1
    # OpenSSL checks the certificate before it switches to its handshake keys: the
    # alert goes out in the clear.
    check "$FILE" "plain fatal unknown_ca from the client" \
        "tls.alert_message.level==2 && tls.alert_message.desc==48 && ip.src==$C4" 1
    verify_error "$SC-client.log" 18
    # crypto/tls, which already reads with the client's handshake keys, takes the plain
    # alert record for an encrypted one that fails to decrypt: it answers with its own
    # bad_record_mac (its log says so) and never learns why the client left. A Go TLS 1.3
    # server sends its NewSessionTicket before it reads the client's second flight, so
    # the alert follows that ticket, both under the application keys, which s_client
    # never derived (not in the key log): one 24-byte record, the size of an alert.
    check "$FILE" "an alert-sized record from the server" \
        "ip.src==$S4 && tls.record.opaque_type==23 && tls.record.length==19" 1
    go_srv_log_has srv "local error: tls: bad record MAC"
}

sc_go_server_server_cert_rejected_tls12() {
    # The Go server presents a certificate that expired in 2021.
    go_server_bg srv -cert "$PKI/server-expired.pem" -key "$PKI/server-expired.key" -max 1.2
    cap_start "$FILE"
    client_port 1
    go_ossl 2
    cap_stop
    expect server_cert_rejected "certificate_expired(45) cert.expired"
    go_fatal_alert 45 certificate_expired "$C4"
    no_packets "$FILE" "a ClientKeyExchange" 'tls.handshake.type==16'
    verify_error "$SC-client.log" 10
    go_srv_log_has srv "expired certificate"
}

# go_server_sni VERSION HOW: the Go server knows www.example.test only (GetCertificate,
# -names); a first client asks for it, a second one for other.example.test, which is
# refused as HOW says (-sni-refuse).
go_server_sni() {
    go_srv -min "1.$1" -max "1.$1" -names www.example.test -sni-refuse "$2" -accept 2
    cap_start "$FILE"
    client_port 1
    go_ossl "$1"
    client_port 2
    s_client "$S4:443" "-tls1_$1" -servername other.example.test -CAfile "$PKI/caA.pem"
    cap_stop
    check "$FILE" "the first connection's HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$FILE" "one ServerHello" 'tls.handshake.type==2' 1
    go_srv_log_has srv 'refusing server name "other.example.test"'
}

sc_go_server_unknown_sni_tls13() {
    go_server_sni 3 alert
    expect ok "TLS1.3"
    expect unknown_sni "unrecognized_name(112) other.example.test"
    check "$FILE" "unrecognized_name from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==112 && ip.src==$S4 && tcp.dstport==$(go_port 2)" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==112)' "$KEYLOG"
}

sc_go_server_unknown_sni_tls12() {
    go_server_sni 2 alert
    expect ok "TLS1.2"
    expect unknown_sni "unrecognized_name(112) other.example.test"
    check "$FILE" "unrecognized_name from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==112 && ip.src==$S4 && tcp.dstport==$(go_port 2)" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==112)' "$KEYLOG"
}

sc_go_server_unknown_sni_error_tls13() {
    # GetCertificate returns an error for the unknown name: crypto/tls sends
    # internal_error, not unrecognized_name. The name is still the only difference
    # between the two hellos, the first of which the same server accepted.
    go_server_sni 3 error
    expect ok "TLS1.3"
    expect unknown_sni "internal_error(80) other.example.test"
    check "$FILE" "internal_error from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==80 && ip.src==$S4 && tcp.dstport==$(go_port 2)" 1
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==80)' "$KEYLOG"
    go_srv_log_has srv 'unknown server name "other.example.test"'
}

# go_server_no_sni VERSION: the same server, a first client asking for www.example.test,
# a second one sending no server_name at all: GetCertificate has no certificate for the
# empty name and crypto/tls answers unrecognized_name.
go_server_no_sni() {
    go_srv -min "1.$1" -max "1.$1" -names www.example.test -accept 2
    cap_start "$FILE"
    client_port 1
    go_ossl "$1"
    client_port 2
    s_client "$S4:443" "-tls1_$1" -noservername -CAfile "$PKI/caA.pem"
    cap_stop
    expect ok "TLS1.$1"
    expect missing_sni "unrecognized_name(112) server_name"
    check "$FILE" "the first connection's HTTP answer" 'http.response.code==200' 1 "$KEYLOG"
    check "$FILE" "one ServerHello" 'tls.handshake.type==2' 1
    check "$FILE" "one server_name" 'tls.handshake.extensions_server_name' 1
    check "$FILE" "unrecognized_name from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==112 && ip.src==$S4 && tcp.dstport==$(go_port 2)" 1
    go_srv_log_has srv 'refusing server name ""'
}

sc_go_server_missing_sni_tls13() { go_server_no_sni 3; }
sc_go_server_missing_sni_tls12() { go_server_no_sni 2; }

# go_server_alpn VERSION: the Go server speaks h2 only (NextProtos). A first client offers
# http/1.1 only: crypto/tls lets it in without ALPN (a special case for HTTP servers
# configured with h2 alone, Go issue 46310). A second one offers imap only: since Go
# 1.17 crypto/tls refuses a hello without a protocol in common. In TLS 1.2 the alert
# comes instead of a ServerHello; in TLS 1.3 crypto/tls picks the protocol only when it
# writes its EncryptedExtensions, after the ServerHello: the alert is encrypted, the
# only record after ServerHello and ChangeCipherSpec.
go_server_alpn() {
    local keys=""
    [ "$1" = 3 ] && keys=$KEYLOG
    go_srv -min "1.$1" -max "1.$1" -alpn h2
    cap_start "$FILE"
    client_port 1
    go_ossl "$1" -alpn http/1.1
    client_port 2
    go_ossl "$1" -alpn imap
    cap_stop
    expect ok "TLS1.$1"
    no_packets "$FILE" "a ServerHello with ALPN" 'tls.handshake.type==2 && tls.handshake.extensions_alpn_str' "$keys"
    no_packets "$FILE" "EncryptedExtensions with ALPN (decrypted)" "tls.handshake.extensions_alpn_str && ip.src==$S4" "$KEYLOG"
    check "$FILE" "the first connection's HTTP answer" "http.response.code==200 && tcp.dstport==$(go_port 1)" 1 "$KEYLOG"
    check "$FILE" "no_application_protocol from the server on the second connection" \
        "tls.alert_message.level==2 && tls.alert_message.desc==120 && ip.src==$S4 && tcp.dstport==$(go_port 2)" 1 "$keys"
    no_packets "$FILE" "other fatal alerts" 'tls.alert_message.level==2 && !(tls.alert_message.desc==120)' "$KEYLOG"
    go_srv_log_has srv "client requested unsupported application protocols ([imap])"
}

sc_go_server_alpn_mismatch_tls12() {
    go_server_alpn 2
    expect alpn_mismatch "no_application_protocol(120) imap"
    check "$FILE" "one ServerHello" 'tls.handshake.type==2' 1
}

sc_go_server_alpn_mismatch_tls13() {
    go_server_alpn 3
    expect alpn_mismatch "imap"
    go_tls13_hidden 2
    check "$FILE" "the second connection's alert-sized record right after the ServerHello" \
        "ip.src==$S4 && tcp.dstport==$(go_port 2) && tls.record.opaque_type==23 && tls.record.length==19" 1
    no_packets "$FILE" "a Certificate on the second connection (decrypted)" \
        "tls.handshake.type==11 && tcp.dstport==$(go_port 2)" "$KEYLOG"
}
