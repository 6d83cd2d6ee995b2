#!/bin/bash
# Remakes the captures of tests/keylog-legacy/: one TLS connection each over loopback
# (127.0.0.1, a port of its own), with a suite of the older families that --keylog
# decrypts: Camellia-CBC, ARIA-GCM, SEED (OpenSSL's legacy provider), NULL, static RSA
# key exchange, TLS 1.0 and 1.1 CBC, with openssl s_server/s_client; RC4 with GnuTLS
# (OpenSSL 3 builds leave RC4 suites out). The client writes the key log.
#
# Needs root (tcpdump on lo), openssl, gnutls-bin, tcpdump. Usage: sudo bash make.sh
# Writes NAME.pcap, NAME.keylog and cases.tsv (NAME, suite code point, version) here.
set -eu
cd "$(dirname "$0")"
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=44300

# A throwaway RSA key and self-signed certificate: the captures are about record
# protection, not about trust.
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=legacy.example.test \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1

: >cases.tsv

# wait_port PORT: until something listens on it (5 s at most).
wait_port() {
    for _ in $(seq 50); do
        ss -ltn "sport = :$1" | grep -q LISTEN && return 0
        sleep 0.1
    done
    echo "nothing listens on port $1" >&2
    return 1
}

# capture NAME: tcpdump on lo for this case's port, into NAME.pcap.
cap_start() {
    tcpdump -U --immediate-mode -Z root -i lo -s 0 -w "$1.pcap" "tcp port $PORT" >"$WORK/tcpdump.log" 2>&1 &
    CAP=$!
    for _ in $(seq 50); do grep -q "listening on" "$WORK/tcpdump.log" && break; sleep 0.1; done
}
cap_stop() {
    sleep 0.3
    kill -INT "$CAP"
    wait "$CAP" 2>/dev/null || true
}

# ossl NAME SUITE-ID VERSION-FLAG CIPHER [PROVIDER FLAGS...]: s_server -www answers an
# HTTP GET with its status page; the client sends the GET and waits for the close.
ossl() {
    local name=$1 id=$2 ver=$3 cipher=$4
    shift 4
    PORT=$((PORT + 1))
    rm -f "$name.keylog"
    openssl s_server -accept "127.0.0.1:$PORT" -naccept 1 -www -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
        "$ver" -cipher "$cipher:@SECLEVEL=0" "$@" >"$WORK/$name-server.log" 2>&1 &
    wait_port "$PORT"
    cap_start "$name"
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -ign_eof \
        "$ver" -cipher "$cipher:@SECLEVEL=0" -keylogfile "$name.keylog" "$@" >"$WORK/$name-client.log" 2>&1 || true
    cap_stop
    wait 2>/dev/null || true
    printf '%s\t%s\t%s\n' "$name" "$id" "$ver" >>cases.tsv
}

# gnutls NAME SUITE-ID PRIORITY: gnutls-serv --echo sends back what the client sends;
# gnutls-cli sends a line and ends with close_notify when its input ends.
gnutls() {
    local name=$1 id=$2 prio=$3
    PORT=$((PORT + 1))
    rm -f "$name.keylog"
    gnutls-serv --echo -p "$PORT" --x509certfile "$WORK/cert.pem" --x509keyfile "$WORK/key.pem" \
        --priority "$prio" >"$WORK/$name-server.log" 2>&1 &
    local srv=$!
    wait_port "$PORT"
    cap_start "$name"
    (printf 'hello over %s\n' "$name"; sleep 0.5) | SSLKEYLOGFILE="$PWD/$name.keylog" timeout 10 \
        gnutls-cli --insecure --priority "$prio" -p "$PORT" 127.0.0.1 >"$WORK/$name-client.log" 2>&1 || true
    cap_stop
    kill "$srv" 2>/dev/null || true
    wait 2>/dev/null || true
    printf '%s\t%s\t%s\n' "$name" "$id" "$prio" >>cases.tsv
}

LEGACY=(-provider legacy -provider default)

ossl camellia128-sha256-tls12 0x00BA -tls1_2 CAMELLIA128-SHA256
ossl ecdhe-camellia256-sha384-tls12 0xC077 -tls1_2 ECDHE-RSA-CAMELLIA256-SHA384
ossl dhe-camellia256-sha-tls10 0x0088 -tls1 DHE-RSA-CAMELLIA256-SHA
ossl camellia128-sha-tls11 0x0041 -tls1_1 CAMELLIA128-SHA
ossl aria128-gcm-tls12 0xC050 -tls1_2 ARIA128-GCM-SHA256
ossl ecdhe-aria256-gcm-tls12 0xC061 -tls1_2 ECDHE-ARIA256-GCM-SHA384
ossl seed-sha-tls12 0x0096 -tls1_2 SEED-SHA "${LEGACY[@]}"
ossl dhe-seed-sha-tls10 0x009A -tls1 DHE-RSA-SEED-SHA "${LEGACY[@]}"
ossl null-sha256-tls12 0x003B -tls1_2 NULL-SHA256
ossl null-md5-tls10 0x0001 -tls1 NULL-MD5
ossl ecdhe-null-sha-tls11 0xC010 -tls1_1 ECDHE-RSA-NULL-SHA
ossl rsa-aes256-gcm-tls12 0x009D -tls1_2 AES256-GCM-SHA384
ossl rsa-aes128-sha-tls10 0x002F -tls1 AES128-SHA

RC4='NONE:+VERS-TLS1.2:+VERS-TLS1.0:+ARCFOUR-128:+SHA1:+MD5:+COMP-NULL:+SIGN-ALL:+CURVE-ALL:%COMPAT'
gnutls rc4-sha-tls12 0x0005 "$RC4:+RSA:-VERS-TLS1.0:-MD5"
gnutls rc4-md5-tls10 0x0004 "$RC4:+RSA:-VERS-TLS1.2:-SHA1"
gnutls ecdhe-rc4-sha-tls12 0xC011 "$RC4:+ECDHE-RSA:-VERS-TLS1.0"
ls -l ./*.pcap ./*.keylog
