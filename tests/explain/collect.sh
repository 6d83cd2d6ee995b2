#!/usr/bin/env bash
# collect.sh — the error messages real TLS software prints when a handshake fails, for
# tests/explain.sh to check `tlsdiag explain` on. Writes tests/explain/messages.tsv.
#
# Every run is on loopback only (127.0.0.1, ports from 20000 up), needs no root and no
# network namespace. Certificates are made here with openssl, in a temporary directory
# removed at the end. The failures, each made the way it happens in production:
#   version_mismatch      the server allows TLS 1.2 only, the client TLS 1.3 only
#   no_shared_cipher      TLS 1.2, the server allows AES128-SHA only, the client
#                         ECDHE-RSA-AES256-GCM-SHA384 only
#   unknown_ca            the server's certificate is from a CA the client does not trust
#   expired_cert          the server's certificate expired in 2021
#   wrong_name            the server's certificate names good.example; the client asks
#                         for localhost
#   client_cert_missing   the server requires a client certificate; the client has none
#   client_cert_rejected  the client's certificate is from a CA the server does not trust
#   http_to_tls           a plain HTTP request to a TLS port
#   tls_to_http           a TLS client against a plain HTTP server (400 answer)
#   server_close          the server reads the ClientHello and closes the connection
#   server_reset          the server reads the ClientHello and resets the connection
# with the stacks Debian 12 has: openssl s_client/s_server, gnutls-cli/gnutls-serv, curl,
# Python's ssl, Go's crypto/tls (tlspeer.go here), Java's JSSE (TlsPeer.java here, run as
# a single-file program), NSS's tstclnt/selfserv, BoringSSL's bssl tool (Debian's
# android-boringssl), nginx's error log, HAProxy's log and Apache httpd's mod_ssl error log.
#
# Columns of messages.tsv: stack, stack version, scenario, reporter (the side that
# printed the message), message (the line as printed, tabs as spaces), class (the
# SPEC.md class the failure is), alert (the alert code the message itself names or
# stands for, "-" when it names none), alert_from (client, server, or "-"). A message
# whose text alone cannot tell the class has it as "class?": tests/explain.sh then accepts
# it among the first two; "class!": the text cannot lead to it at all (gnutls-cli's "A TLS
# fatal alert has been received." names no alert), recorded but not checked.
#
# Usage: bash tests/explain/collect.sh [OUT.tsv]
# COLLECT_STACKS="nss apache": only those stacks' runs (to try one stack's; OUT then holds
# only theirs). COLLECT_DEBUG=1: what the peer of each run said, on stderr.
# Needs: openssl gnutls-bin curl python3 golang-go default-jdk-headless nginx-light haproxy
# apache2 libnss3-tools android-boringssl iproute2
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/messages.tsv}
tmp=$(mktemp -d /tmp/tlsdiag-explain.XXXXXX)
pids=()
port=$((20000 + RANDOM % 20000))

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# Debian's own Python (python3), not one that PATH may put first.
python=/usr/bin/python3
[ -x "$python" ] || python=python3

for tool in openssl gnutls-cli gnutls-serv curl python3 go java keytool nginx haproxy apache2 tstclnt selfserv \
	certutil pk12util bssl-tool ss timeout; do
	command -v "$tool" >/dev/null 2>&1 || { echo "collect: $tool is needed" >&2; exit 2; }
done

# ---- certificates ---------------------------------------------------------------------

# ca NAME: a self-signed CA.
ca() {
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/$1.key" -out "$tmp/$1.pem" -days 30 \
		-subj "/CN=tlsdiag explain $1" -addext basicConstraints=critical,CA:true \
		-addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}

# leaf NAME CA SAN EKU [STARTDATE ENDDATE]: a certificate signed by CA (openssl ca, which
# takes explicit dates, for the expired one).
leaf() {
	local name=$1 signer=$2 san=$3 eku=$4 start=${5:-} end=${6:-}
	openssl req -newkey rsa:2048 -nodes -keyout "$tmp/$name.key" -out "$tmp/$name.csr" -subj "/CN=$name" 2>/dev/null
	mkdir -p "$tmp/ca-$name"
	: >"$tmp/ca-$name/index.txt"
	cat >"$tmp/ca-$name/ca.cnf" <<EOF
[ca]
default_ca = d
[d]
dir = $tmp/ca-$name
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
default_md = sha256
policy = p
copy_extensions = none
x509_extensions = ext
[p]
commonName = supplied
[ext]
basicConstraints = CA:false
subjectAltName = $san
extendedKeyUsage = $eku
EOF
	openssl rand -hex 8 >"$tmp/ca-$name/serial"
	local dates=(-days 30)
	[ -n "$start" ] && dates=(-startdate "$start" -enddate "$end")
	openssl ca -batch -notext -config "$tmp/ca-$name/ca.cnf" -cert "$tmp/$signer.pem" -keyfile "$tmp/$signer.key" \
		"${dates[@]}" -in "$tmp/$name.csr" -out "$tmp/$name.pem" 2>/dev/null
}

# p12 NAME: NAME's certificate and key as a PKCS#12 keystore for Java.
p12() {
	openssl pkcs12 -export -in "$tmp/$1.pem" -inkey "$tmp/$1.key" -out "$tmp/$1.p12" -passout pass:changeit -name "$1"
}

make_pki() {
	ca ca
	ca ca2
	leaf server ca "DNS:localhost,IP:127.0.0.1" serverAuth
	leaf server-ca2 ca2 "DNS:localhost,IP:127.0.0.1" serverAuth
	leaf server-expired ca "DNS:localhost,IP:127.0.0.1" serverAuth 20200101000000Z 20210101000000Z
	leaf server-wrongname ca "DNS:good.example" serverAuth
	leaf client ca "DNS:client.example" clientAuth
	leaf client-ca2 ca2 "DNS:client.example" clientAuth
	local n
	for n in server server-ca2 server-expired server-wrongname client client-ca2; do
		p12 "$n"
	done
	keytool -importcert -noprompt -alias ca -file "$tmp/ca.pem" -keystore "$tmp/trust.p12" -storetype PKCS12 \
		-storepass changeit >/dev/null 2>&1
	# NSS's databases: the server's (ca trusted to issue client certificates, T, and the
	# server keys), the client's (ca trusted for servers, C, and the client keys), and one
	# with no key, for a client with no certificate: NSS offers any key of its database
	# whose issuer the server asks for.
	nss_db nss-server CT,, server server-ca2 server-expired server-wrongname
	nss_db nss-client C,, client client-ca2
	nss_db nss-anon C,,
}

# nss_db NAME TRUST KEY...: an NSS database in $tmp/NAME trusting ca with TRUST, holding
# each KEY's certificate and key.
nss_db() {
	local dir=$tmp/$1 trust=$2 n
	local db=sql:$dir
	shift 2
	mkdir "$dir"
	certutil -N -d "$db" --empty-password
	certutil -A -d "$db" -n ca -t "$trust" -i "$tmp/ca.pem"
	for n in "$@"; do
		pk12util -i "$tmp/$n.p12" -d "$db" -W changeit >/dev/null
	done
}

# ---- running peers --------------------------------------------------------------------

# next_port: the next port no socket uses.
next_port() {
	port=$((port + 1))
	while ss -Htan "sport = :$port or dport = :$port" | grep -q .; do
		port=$((port + 1))
	done
}

# wait_listen PORT: until something listens on 127.0.0.1:PORT (ss, so that no probe
# connection shows in a server's log).
wait_listen() {
	local i
	for i in $(seq 1 150); do
		ss -Hltn "sport = :$1" | grep -q . && return 0
		sleep 0.1
	done
	echo "collect: nothing listens on port $1" >&2
	return 0
}

# server NAME CMD...: CMD in the background, its output in $tmp/NAME.log.
server() {
	local name=$1
	shift
	"$@" >"$tmp/$name.log" 2>&1 &
	pids+=($!)
	server_pid=$!
}

stop_server() {
	kill "$server_pid" 2>/dev/null || true
	wait "$server_pid" 2>/dev/null || true
}

# client NAME CMD...: CMD in the foreground (20 s at most), its output in $tmp/NAME.log.
client() {
	local name=$1
	shift
	timeout 20 "$@" >"$tmp/$name.log" 2>&1 </dev/null || true
}

# ---- recording ------------------------------------------------------------------------

declare -A version
versions() {
	version[openssl]=$(openssl version | awk '{print $2}')
	version[gnutls]=$(gnutls-cli --version | sed -n '1s/.* //p')
	version[curl]=$(curl --version | awk 'NR == 1 {print $2 "/" $5}')
	version[python]=$("$python" -c 'import ssl, sys; print(sys.version.split()[0] + "/" + ssl.OPENSSL_VERSION.split()[1])')
	version[go]=$(go version | awk '{print $3}')
	version[java]=$(java -version 2>&1 | awk -F'"' 'NR == 1 {print $2}')
	version[nginx]=$(nginx -v 2>&1 | sed 's|.*nginx/||')
	version[haproxy]=$(haproxy -v | awk 'NR == 1 {print $3}')
	version[apache]=$(apache2 -v | sed -n 's|^Server version: Apache/\([^ ]*\).*|\1|p')
	version[boringssl]=$(dpkg-query -W -f '${Version}' android-boringssl 2>/dev/null | sed 's/^[0-9]*://; s/-.*//')
	version[nss]=$(dpkg-query -W -f '${Version}' libnss3 2>/dev/null | sed 's/^[0-9]*://; s/-.*//')
}

rows=0
missing=0

# take STACK SCENARIO REPORTER CLASS ALERT FROM LOG REGEX...: the first line of LOG that
# matches the first REGEX that matches any, as a row.
take() {
	local stack=$1 scenario=$2 reporter=$3 class=$4 alert=$5 from=$6 log=$7
	shift 7
	local re line=
	for re in "$@"; do
		line=$(grep -m1 -E -- "$re" "$tmp/$log.log" | tr '\t\r' '  ' | sed 's/ *$//') || true
		[ -n "$line" ] && break
	done
	# NSS's tools print "... returned error N:" and the error's text on the next line:
	# one message, as a user pastes it.
	if [ "$stack" = nss ] && [ "${line%:}" != "$line" ]; then
		line="$line $(grep -m1 -A1 -F -- "$line" "$tmp/$log.log" | sed -n 2p | tr '\t\r' '  ' | sed 's/ *$//')"
	fi
	# BoringSSL's tool prints "Error while connecting: REASON" and then each error of the
	# queue on a line: the whole block, as a user pastes it.
	if [ "$stack" = boringssl ]; then
		line=$(grep -E -- '^Error while connecting: |:error:[0-9a-f]{8}:' "$tmp/$log.log" | tr '\t\r' '  ' |
			sed 's/ *$//' | paste -sd ' ' -) || true
	fi
	if [ -z "$line" ]; then
		echo "collect: $stack $scenario ($reporter): no message matching $* in:" >&2
		sed 's/^/    /' "$tmp/$log.log" | head -8 >&2
		missing=$((missing + 1))
		return 0
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$stack" "${version[$stack]}" "$scenario" "$reporter" "$line" "$class" \
		"$alert" "$from" >>"$out.tmp"
	rows=$((rows + 1))
}

# ---- the clients, each told the scenario through these ----------------------------------
# C_VER: "1.2" or "1.3" (that version only) or ""; C_CIPHER: "aes256gcm" (TLS 1.2,
# ECDHE-RSA-AES256-GCM-SHA384 only) or ""; C_CERT: a client certificate's name or "";
# C_HOST: the name asked for (localhost); C_HTTP: "1" to speak plain HTTP.

reset_client() {
	C_VER= C_CIPHER= C_CERT= C_HOST=localhost
}

run_openssl_client() {
	local args=(-connect "127.0.0.1:$port" -servername "$C_HOST" -verify_hostname "$C_HOST" -verify_return_error
		-CAfile "$tmp/ca.pem" -brief)
	[ "$C_VER" = 1.2 ] && args+=(-tls1_2)
	[ "$C_VER" = 1.3 ] && args+=(-tls1_3)
	[ "$C_CIPHER" = aes256gcm ] && args+=(-tls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384)
	[ -n "$C_CERT" ] && args+=(-cert "$tmp/$C_CERT.pem" -key "$tmp/$C_CERT.key")
	# A request, as a client would send one: nginx judges a client certificate on it.
	client openssl-client sh -c '{ printf "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"; sleep 1; } |
		openssl s_client "$@"' sh "${args[@]}"
}

run_gnutls_client() {
	local prio=NORMAL
	[ "$C_VER" = 1.2 ] && prio="NORMAL:-VERS-ALL:+VERS-TLS1.2"
	[ "$C_VER" = 1.3 ] && prio="NORMAL:-VERS-ALL:+VERS-TLS1.3"
	[ "$C_CIPHER" = aes256gcm ] && prio="NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-256-GCM:-KX-ALL:+ECDHE-RSA"
	local args=(--priority "$prio" --x509cafile "$tmp/ca.pem" --port "$port" --sni-hostname "$C_HOST"
		--verify-hostname "$C_HOST")
	[ -n "$C_CERT" ] && args+=(--x509certfile "$tmp/$C_CERT.pem" --x509keyfile "$tmp/$C_CERT.key")
	client gnutls-client sh -c 'sleep 1 | gnutls-cli "$@" 127.0.0.1' sh "${args[@]}"
}

run_curl_client() {
	local args=(-sS -o /dev/null --max-time 10 --cacert "$tmp/ca.pem" --resolve "$C_HOST:$port:127.0.0.1")
	[ "$C_VER" = 1.2 ] && args+=(--tlsv1.2 --tls-max 1.2)
	[ "$C_VER" = 1.3 ] && args+=(--tlsv1.3)
	[ "$C_CIPHER" = aes256gcm ] && args+=(--tlsv1.2 --tls-max 1.2 --ciphers ECDHE-RSA-AES256-GCM-SHA384)
	[ -n "$C_CERT" ] && args+=(--cert "$tmp/$C_CERT.pem" --key "$tmp/$C_CERT.key")
	client curl-client curl "${args[@]}" "https://$C_HOST:$port/"
}

run_python_client() {
	cat >"$tmp/client.py" <<'EOF'
import socket, ssl, sys
port, host, ca, ver, cipher, cert = sys.argv[1:7]
ctx = ssl.create_default_context(cafile=ca)
if ver == "1.2" or cipher:
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
if ver == "1.3":
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
if cipher:
    ctx.set_ciphers("ECDHE-RSA-AES256-GCM-SHA384")
if cert:
    ctx.load_cert_chain(cert + ".pem", cert + ".key")
try:
    with socket.create_connection(("127.0.0.1", int(port)), timeout=10) as s:
        with ctx.wrap_socket(s, server_hostname=host) as t:
            t.recv(1)
except Exception as e:
    # As a traceback's last line shows it.
    print(f"{type(e).__module__}.{type(e).__qualname__}: {e}")
EOF
	client python-client "$python" "$tmp/client.py" "$port" "$C_HOST" "$tmp/ca.pem" "$C_VER" "$C_CIPHER" \
		"${C_CERT:+$tmp/$C_CERT}"
}

run_go_client() {
	local args=(-mode client -addr "127.0.0.1:$port" -ca "$tmp/ca.pem" -name "$C_HOST")
	[ "$C_VER" = 1.2 ] && args+=(-min 1.2 -max 1.2)
	[ "$C_VER" = 1.3 ] && args+=(-min 1.3 -max 1.3)
	[ "$C_CIPHER" = aes256gcm ] && args+=(-max 1.2 -ciphers TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)
	[ -n "$C_CERT" ] && args+=(-cert "$tmp/$C_CERT.pem" -key "$tmp/$C_CERT.key")
	client go-client "$tmp/tlspeer" "${args[@]}"
}

run_java_client() {
	local props=(-Djavax.net.ssl.trustStore="$tmp/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit)
	[ "$C_VER" = 1.2 ] && props+=(-Djdk.tls.client.protocols=TLSv1.2)
	[ "$C_VER" = 1.3 ] && props+=(-Djdk.tls.client.protocols=TLSv1.3)
	[ "$C_CIPHER" = aes256gcm ] && props+=(-Djdk.tls.client.protocols=TLSv1.2
		-Djdk.tls.client.cipherSuites=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)
	[ -n "$C_CERT" ] && props+=(-Djavax.net.ssl.keyStore="$tmp/$C_CERT.p12" -Djavax.net.ssl.keyStorePassword=changeit)
	client java-client java "${props[@]}" "$here/TlsPeer.java" client "$C_HOST" "$port"
}

# BoringSSL's tool; -root-certs makes it check the server's chain.
run_boringssl_client() {
	local args=(-connect "127.0.0.1:$port" -server-name "$C_HOST" -root-certs "$tmp/ca.pem")
	[ "$C_VER" = 1.2 ] && args+=(-min-version tls1.2 -max-version tls1.2)
	[ "$C_VER" = 1.3 ] && args+=(-min-version tls1.3 -max-version tls1.3)
	[ "$C_CIPHER" = aes256gcm ] && args+=(-max-version tls1.2 -cipher ECDHE-RSA-AES256-GCM-SHA384)
	[ -n "$C_CERT" ] && args+=(-cert "$tmp/$C_CERT.pem" -key "$tmp/$C_CERT.key")
	client boringssl-client sh -c '{ printf "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"; sleep 1; } | bssl-tool client "$@"' \
		sh "${args[@]}"
}

# NSS's test client; it checks the server's certificate against the database's ca, and
# sends what it reads from its input once connected.
run_nss_client() {
	local db=nss-anon
	[ -n "$C_CERT" ] && db=nss-client
	local args=(-h 127.0.0.1 -p "$port" -a "$C_HOST" -d "sql:$tmp/$db")
	[ "$C_VER" = 1.2 ] && args+=(-V tls1.2:tls1.2)
	[ "$C_VER" = 1.3 ] && args+=(-V tls1.3:tls1.3)
	# 0xC030 is TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384.
	[ "$C_CIPHER" = aes256gcm ] && args+=(-V tls1.2:tls1.2 -c :C030)
	[ -n "$C_CERT" ] && args+=(-n "$C_CERT")
	client nss-client sh -c '{ printf "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"; sleep 1; } | tstclnt "$@"' sh \
		"${args[@]}"
}

# ---- the servers ------------------------------------------------------------------------
# S_VER, S_CIPHER (aes128sha: TLS 1.2, AES128-SHA only), S_CERT (its certificate's name),
# S_VERIFY (1: require a client certificate from ca).

reset_server() {
	S_VER= S_CIPHER= S_CERT=server S_VERIFY=
}

start_openssl_server() {
	local args=(-accept "127.0.0.1:$port" -naccept 1 -cert "$tmp/$S_CERT.pem" -key "$tmp/$S_CERT.key" -www)
	[ "$S_VER" = 1.2 ] && args+=(-tls1_2)
	[ "$S_VER" = 1.3 ] && args+=(-tls1_3)
	[ "$S_CIPHER" = aes128sha ] && args+=(-tls1_2 -cipher AES128-SHA)
	[ -n "$S_VERIFY" ] && args+=(-Verify 1 -CAfile "$tmp/ca.pem" -verify_return_error)
	server openssl-server openssl s_server "${args[@]}"
	wait_listen "$port"
}

start_gnutls_server() {
	local prio=NORMAL
	[ "$S_VER" = 1.2 ] && prio="NORMAL:-VERS-ALL:+VERS-TLS1.2"
	[ "$S_VER" = 1.3 ] && prio="NORMAL:-VERS-ALL:+VERS-TLS1.3"
	[ "$S_CIPHER" = aes128sha ] && prio="NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA1:-KX-ALL:+RSA"
	local args=(--priority "$prio" --x509certfile "$tmp/$S_CERT.pem" --x509keyfile "$tmp/$S_CERT.key" --port "$port"
		--echo)
	[ -n "$S_VERIFY" ] && args+=(--require-client-cert --verify-client-cert --x509cafile "$tmp/ca.pem")
	server gnutls-server gnutls-serv "${args[@]}"
	wait_listen "$port"
}

start_go_server() {
	local args=(-mode server -addr "127.0.0.1:$port" -cert "$tmp/$S_CERT.pem" -key "$tmp/$S_CERT.key"
		-ca "$tmp/ca.pem")
	[ "$S_VER" = 1.2 ] && args+=(-min 1.2 -max 1.2)
	[ "$S_VER" = 1.3 ] && args+=(-min 1.3 -max 1.3)
	[ "$S_CIPHER" = aes128sha ] && args+=(-max 1.2 -ciphers TLS_RSA_WITH_AES_128_CBC_SHA)
	[ -n "$S_VERIFY" ] && args+=(-require-client-cert)
	server go-server "$tmp/tlspeer" "${args[@]}"
	wait_listen "$port"
}

start_java_server() {
	local props=(-Djavax.net.ssl.keyStore="$tmp/$S_CERT.p12" -Djavax.net.ssl.keyStorePassword=changeit
		-Djavax.net.ssl.trustStore="$tmp/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit)
	[ "$S_VER" = 1.2 ] && props+=(-Djdk.tls.server.protocols=TLSv1.2)
	[ "$S_VER" = 1.3 ] && props+=(-Djdk.tls.server.protocols=TLSv1.3)
	[ "$S_CIPHER" = aes128sha ] && props+=(-Djdk.tls.server.protocols=TLSv1.2
		-Djdk.tls.server.cipherSuites=TLS_RSA_WITH_AES_128_CBC_SHA)
	[ -n "$S_VERIFY" ] && props+=(-Dpeer.needClientAuth=true)
	server java-server java "${props[@]}" "$here/TlsPeer.java" server "$port"
	wait_listen "$port"
}

start_python_server() {
	cat >"$tmp/server.py" <<'EOF'
import socket, ssl, sys
port, cert, ca, ver, cipher, verify = sys.argv[1:7]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert + ".pem", cert + ".key")
if ver == "1.2" or cipher:
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
if ver == "1.3":
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
if cipher:
    ctx.set_ciphers("AES128-SHA")
if verify:
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(ca)
with socket.create_server(("127.0.0.1", int(port))) as ls:
    conn, _ = ls.accept()
    try:
        with ctx.wrap_socket(conn, server_side=True) as t:
            t.recv(1)
    except Exception as e:
        print(f"{type(e).__module__}.{type(e).__qualname__}: {e}", flush=True)
EOF
	server python-server "$python" "$tmp/server.py" "$port" "$tmp/$S_CERT" "$tmp/ca.pem" "$S_VER" "$S_CIPHER" "$S_VERIFY"
	wait_listen "$port"
}

# nginx with its own prefix; its error log at info level, where handshake failures go.
start_nginx_server() {
	local dir=$tmp/nginx-$port
	mkdir -p "$dir/logs"
	local protocols="TLSv1.2 TLSv1.3" ciphers=DEFAULT verify=
	[ "$S_VER" = 1.2 ] && protocols=TLSv1.2
	[ "$S_VER" = 1.3 ] && protocols=TLSv1.3
	[ "$S_CIPHER" = aes128sha ] && protocols=TLSv1.2 ciphers=AES128-SHA
	[ -n "$S_VERIFY" ] && verify="ssl_verify_client on; ssl_client_certificate $tmp/ca.pem;"
	local user=
	[ "$(id -u)" = 0 ] && user="user root;"
	cat >"$dir/nginx.conf" <<EOF
$user
daemon off;
master_process off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log info;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $dir/body;
	proxy_temp_path $dir/proxy;
	fastcgi_temp_path $dir/fastcgi;
	uwsgi_temp_path $dir/uwsgi;
	scgi_temp_path $dir/scgi;
	server {
		listen 127.0.0.1:$port ssl;
		ssl_certificate $tmp/$S_CERT.pem;
		ssl_certificate_key $tmp/$S_CERT.key;
		ssl_protocols $protocols;
		ssl_ciphers $ciphers;
		$verify
		location / { return 200 "ok\n"; }
	}
}
EOF
	server nginx-server nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log"
	wait_listen "$port"
	nginx_log=$dir/logs/error.log
}

# HAProxy terminating TLS, its log on standard output (log stdout, HAProxy 2.x).
start_haproxy_server() {
	local vers="ssl-min-ver TLSv1.2" ciphers= verify=
	[ "$S_VER" = 1.2 ] && vers="ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.2"
	[ "$S_VER" = 1.3 ] && vers="ssl-min-ver TLSv1.3"
	[ "$S_CIPHER" = aes128sha ] && vers="ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.2" ciphers="ciphers AES128-SHA"
	[ -n "$S_VERIFY" ] && verify="verify required ca-file $tmp/ca.pem"
	cat "$tmp/$S_CERT.pem" "$tmp/$S_CERT.key" >"$tmp/$S_CERT.haproxy.pem"
	cat >"$tmp/haproxy-$port.cfg" <<EOF
global
	log stdout format raw local0 info
defaults
	mode http
	log global
	option httplog
	timeout connect 2s
	timeout client 2s
	timeout server 2s
frontend fe
	bind 127.0.0.1:$port ssl crt $tmp/$S_CERT.haproxy.pem $vers $ciphers $verify
	http-request return status 200
EOF
	server haproxy-server haproxy -f "$tmp/haproxy-$port.cfg" -db
	wait_listen "$port"
}

# NSS's test server (it listens on every address: the runs reach it on 127.0.0.1).
start_nss_server() {
	local args=(-d "sql:$tmp/nss-server" -n "$S_CERT" -p "$port")
	[ "$S_VER" = 1.2 ] && args+=(-V tls1.2:tls1.2)
	[ "$S_VER" = 1.3 ] && args+=(-V tls1.3:tls1.3)
	# 0x002F is TLS_RSA_WITH_AES_128_CBC_SHA.
	[ "$S_CIPHER" = aes128sha ] && args+=(-V tls1.2:tls1.2 -c :002F)
	# -r twice: a client certificate requested and required in the first handshake.
	[ -n "$S_VERIFY" ] && args+=(-r -r)
	server nss-server selfserv "${args[@]}"
	wait_listen "$port"
}

# BoringSSL's tool as a server, for one connection (it listens on every address). It can
# require a client certificate but not check it against a CA: no client_cert_rejected.
start_boringssl_server() {
	local args=(-accept "$port" -cert "$tmp/$S_CERT.pem" -key "$tmp/$S_CERT.key" -www)
	[ "$S_VER" = 1.2 ] && args+=(-min-version tls1.2 -max-version tls1.2)
	[ "$S_VER" = 1.3 ] && args+=(-min-version tls1.3 -max-version tls1.3)
	[ "$S_CIPHER" = aes128sha ] && args+=(-max-version tls1.2 -cipher AES128-SHA)
	[ -n "$S_VERIFY" ] && args+=(-require-any-client-cert)
	server boringssl-server bssl-tool server "${args[@]}"
	wait_listen "$port"
}

# Apache httpd with mod_ssl, from a configuration of its own (no /etc/apache2), one
# process in the foreground (-X); its error log at info level, where mod_ssl logs each
# failed handshake.
start_apache_server() {
	local dir=$tmp/apache-$port modules=/usr/lib/apache2/modules
	mkdir -p "$dir"
	local protocols="-all +TLSv1.2 +TLSv1.3" ciphers= verify=
	[ "$S_VER" = 1.2 ] && protocols="-all +TLSv1.2"
	[ "$S_VER" = 1.3 ] && protocols="-all +TLSv1.3"
	[ "$S_CIPHER" = aes128sha ] && protocols="-all +TLSv1.2" ciphers="SSLCipherSuite AES128-SHA"
	[ -n "$S_VERIFY" ] && verify="SSLVerifyClient require
	SSLCACertificateFile $tmp/ca.pem"
	local user=
	[ "$(id -u)" = 0 ] && user="User nobody
Group nogroup"
	cat >"$dir/httpd.conf" <<EOF
ServerRoot $dir
ServerName localhost
LoadModule mpm_prefork_module $modules/mod_mpm_prefork.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule ssl_module $modules/mod_ssl.so
$user
Listen 127.0.0.1:$port
PidFile $dir/httpd.pid
ErrorLog $dir/error.log
LogLevel info
DocumentRoot $dir
<VirtualHost 127.0.0.1:$port>
	SSLEngine on
	SSLCertificateFile $tmp/$S_CERT.pem
	SSLCertificateKeyFile $tmp/$S_CERT.key
	SSLProtocol $protocols
	$ciphers
	$verify
</VirtualHost>
EOF
	server apache-server apache2 -X -f "$dir/httpd.conf"
	wait_listen "$port"
	apache_log=$dir/error.log
}

# A TCP server that reads the ClientHello and then closes (FIN) or resets (SO_LINGER 0):
# what a crashed or overloaded TLS terminator, or a server refusing without an alert, does.
start_closing_server() {
	cat >"$tmp/closing.py" <<'EOF'
import socket, struct, sys
port, how = int(sys.argv[1]), sys.argv[2]
with socket.create_server(("127.0.0.1", port)) as ls:
    while True:
        conn, _ = ls.accept()
        conn.recv(16384)
        if how == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
EOF
	server closing-server "$python" "$tmp/closing.py" "$port" "$1"
	wait_listen "$port"
}

# A plain HTTP server answering 400 to anything (what a port 80 service says to a hello).
start_http_server() {
	cat >"$tmp/http.py" <<'EOF'
import socket, sys
with socket.create_server(("127.0.0.1", int(sys.argv[1]))) as ls:
    while True:
        conn, _ = ls.accept()
        conn.recv(16384)
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        conn.close()
EOF
	server http-server "$python" "$tmp/http.py" "$port"
	wait_listen "$port"
}

# ---- the scenarios ----------------------------------------------------------------------

declare -A client_re=(
	[openssl]='error:[0-9A-F]{8}:|:errno='
	[gnutls]='\*\*\* Received alert \[|\*\*\* Fatal error|\*\*\* [Hh]andshake has failed'
	[curl]='^curl: \('
	[python]='Error'
	[go]='.'
	[java]='Exception'
	[nss]='^tstclnt: '
	[boringssl]='^Error while connecting: |:error:[0-9a-f]{8}:'
)
# Apache: mod_ssl's client certificate verdict (AH02276, AH02039), or the OpenSSL error it logs after
# "AH02008: SSL library error 1 in handshake" (that line itself says nothing of why).
declare -A server_re=(
	[openssl]='error:[0-9A-F]{8}:'
	[gnutls]='Error in handshake'
	[go]='http: TLS handshake error'
	[java]='Exception'
	[python]='Error'
	[nginx]='\[(info|notice|warn|error|crit)\].*([Ss][Ss][Ll]|client sent|peer closed)'
	[haproxy]='SSL|ssl'
	[nss]='^selfserv: .*error'
	[boringssl]='^Error while connecting: |:error:[0-9a-f]{8}:'
	[apache]='AH02039: |AH02276: |SSL Library Error: |AH01996: |AH02261: '
)

# COLLECT_DEBUG=1: what the peer said of each run (the alert it received), on stderr.
debug_peer() {
	[ -n "${COLLECT_DEBUG:-}" ] || return 0
	local log=$tmp/$2.log
	[ "$2" = openssl_server ] && log=$tmp/openssl-server.log
	[ -f "$log" ] || return 0
	echo "peer of $1: $(grep -m1 -E 'error:|errno|alert' "$log" | cut -c1-200)" >&2
}

# wanted STACK: whether STACK's runs are made (COLLECT_STACKS="nss apache" makes only
# theirs, to try a change to one stack's runs without the others').
wanted() {
	[ -z "${COLLECT_STACKS:-}" ] && return 0
	case " $COLLECT_STACKS " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# client_side SCENARIO START "STACK CLASS ALERT FROM [REGEX]"...: each client STACK against
# a fresh server started by the function START; its message recorded.
client_side() {
	local scenario=$1 start=$2 spec stack class alert from re
	shift 2
	for spec in "$@"; do
		read -r stack class alert from re <<<"$spec"
		wanted "$stack" || continue
		next_port
		"$start"
		"run_${stack}_client"
		sleep 0.3
		stop_server
		debug_peer "$scenario $stack client" "${start#start_}"
		if [ -n "$re" ]; then
			take "$stack" "$scenario" client "$class" "$alert" "$from" "$stack-client" "$re" "${client_re[$stack]}"
		else
			take "$stack" "$scenario" client "$class" "$alert" "$from" "$stack-client" "${client_re[$stack]}"
		fi
	done
}

# server_side SCENARIO CLIENT "STACK CLASS ALERT FROM"...: each server STACK against the
# client run by the function CLIENT; the server's message recorded.
server_side() {
	local scenario=$1 run=$2 spec stack class alert from
	shift 2
	for spec in "$@"; do
		read -r stack class alert from <<<"$spec"
		wanted "$stack" || continue
		next_port
		"start_${stack}_server"
		"$run"
		sleep 0.3
		stop_server
		[ "$stack" = nginx ] && cp "$nginx_log" "$tmp/nginx-server.log"
		[ "$stack" = apache ] && cp "$apache_log" "$tmp/apache-server.log"
		debug_peer "$scenario $stack server" openssl-client
		take "$stack" "$scenario" server "$class" "$alert" "$from" "$stack-server" "${server_re[$stack]}"
	done
}

# The openssl client as the peer of each server stack.
openssl_peer() {
	run_openssl_client
}
curl_http_peer() {
	client http-client curl -sS -o /dev/null --max-time 5 "http://127.0.0.1:$port/"
}

# The alerts below are those each stack was seen to send here (the peer's log of the same
# run names the alert it received: COLLECT_DEBUG=1 prints it), not guesses.
scenarios() {
	# HAProxy 2.6 logs "SSL handshake failure" for every refusal but an untrusted client
	# certificate: its rows say what the text can and cannot tell.
	#
	# -- version_mismatch: the server TLS 1.2 only, the client TLS 1.3 only. OpenSSL, Go,
	# Java, Python and nginx servers refuse with protocol_version(70) (RFC 8446 section
	# 4.2.1); GnuTLS finds no TLS 1.2 suite in a TLS 1.3-only hello and sends 40.
	reset_server; reset_client
	S_VER=1.2 C_VER=1.3
	client_side version_mismatch start_openssl_server \
		"openssl version_mismatch 70 server" "gnutls version_mismatch? - -" "curl version_mismatch 70 server" \
		"python version_mismatch 70 server" "go version_mismatch 70 server" "java version_mismatch 70 server" \
		"nss version_mismatch 70 server" "boringssl version_mismatch 70 server"
	server_side version_mismatch openssl_peer \
		"openssl version_mismatch 70 server" "gnutls version_mismatch? 40 server" "go version_mismatch 70 server" \
		"java version_mismatch 70 server" "python version_mismatch 70 server" "nginx version_mismatch 70 server" \
		"haproxy version_mismatch? - -" \
		"nss version_mismatch 70 server" "apache version_mismatch 70 server" "boringssl version_mismatch 70 server"

	# -- no_shared_cipher: TLS 1.2, no suite in common; every server sends
	# handshake_failure(40).
	reset_server; reset_client
	S_CIPHER=aes128sha C_CIPHER=aes256gcm
	client_side no_shared_cipher start_openssl_server \
		"openssl no_shared_cipher 40 server" "gnutls no_shared_cipher - -" "curl no_shared_cipher 40 server" \
		"python no_shared_cipher 40 server" "go no_shared_cipher 40 server" "java no_shared_cipher 40 server" \
		"nss no_shared_cipher 40 server" "boringssl no_shared_cipher 40 server"
	server_side no_shared_cipher openssl_peer \
		"openssl no_shared_cipher 40 server" "gnutls no_shared_cipher 40 server" "go no_shared_cipher 40 server" \
		"java no_shared_cipher 40 server" "python no_shared_cipher 40 server" "nginx no_shared_cipher 40 server" \
		"haproxy no_shared_cipher - -" \
		"nss no_shared_cipher 40 server" "apache no_shared_cipher 40 server" "boringssl no_shared_cipher 40 server"

	# -- unknown_ca: the server's certificate is from ca2, which the client does not trust.
	# Clients send unknown_ca(48) (OpenSSL, curl, Python), bad_certificate(42) (Go 1.19,
	# GnuTLS) or certificate_unknown(46) (Java). The OpenSSL client's alert goes out in
	# plain text (it has no handshake keys yet): GnuTLS, Go and Java servers report a
	# record they cannot decrypt.
	reset_server; reset_client
	S_CERT=server-ca2
	client_side unknown_ca start_openssl_server \
		"openssl server_cert_rejected - -" "openssl server_cert_rejected 48 client verify error:" \
		"gnutls server_cert_rejected - -" "gnutls server_cert_rejected - - Status:" \
		"curl server_cert_rejected 48 client" "python server_cert_rejected 48 client" \
		"go server_cert_rejected 42 client" "java server_cert_rejected 46 client" \
		"nss server_cert_rejected 48 client" "boringssl server_cert_rejected - -"
	server_side unknown_ca openssl_peer \
		"openssl server_cert_rejected 48 client" "gnutls server_cert_rejected? - -" \
		"go server_cert_rejected? 20 server" "java server_cert_rejected? - -" \
		"python server_cert_rejected 48 client" "nginx server_cert_rejected 48 client" \
		"haproxy server_cert_rejected! - -" \
		"nss server_cert_rejected? 10 server" "apache server_cert_rejected 48 client" \
		"boringssl server_cert_rejected? 20 server"

	# -- expired_cert: the server's certificate expired in 2021: certificate_expired(45)
	# from OpenSSL, curl, Python; 42 from Go and GnuTLS, 46 from Java.
	reset_server; reset_client
	S_CERT=server-expired
	client_side expired_cert start_openssl_server \
		"openssl server_cert_rejected - -" "openssl server_cert_rejected 45 client verify error:" \
		"gnutls server_cert_rejected - -" "gnutls server_cert_rejected - - Status:" \
		"curl server_cert_rejected 45 client" "python server_cert_rejected 45 client" \
		"go server_cert_rejected 42 client" "java server_cert_rejected 46 client" \
		"nss server_cert_rejected 45 client" "boringssl server_cert_rejected - -"
	server_side expired_cert openssl_peer \
		"openssl server_cert_rejected 45 client" "gnutls server_cert_rejected? - -" \
		"go server_cert_rejected? 20 server" "java server_cert_rejected? - -" \
		"python server_cert_rejected 45 client" "nginx server_cert_rejected 45 client" \
		"haproxy server_cert_rejected! - -" \
		"nss server_cert_rejected? 10 server" "apache server_cert_rejected 45 client" \
		"boringssl server_cert_rejected? 20 server"

	# -- wrong_name: the certificate names good.example; the client asks for localhost.
	# OpenSSL and Python send bad_certificate(42) for a host name mismatch, Java 46; curl
	# checks the name itself after the handshake and closes without an alert. BoringSSL's
	# tool checks no name (the handshake succeeds): no run.
	reset_server; reset_client
	S_CERT=server-wrongname
	client_side wrong_name start_openssl_server \
		"openssl server_cert_rejected - -" "openssl server_cert_rejected 42 client verify error:" \
		"gnutls server_cert_rejected - -" "gnutls server_cert_rejected - - Status:" \
		"curl server_cert_rejected - -" "python server_cert_rejected 42 client" \
		"go server_cert_rejected 42 client" "java server_cert_rejected 46 client" \
		"nss server_cert_rejected 42 client"
	server_side wrong_name openssl_peer \
		"openssl server_cert_rejected 42 client" "gnutls server_cert_rejected? - -" \
		"go server_cert_rejected? 20 server" "java server_cert_rejected? - -" \
		"python server_cert_rejected 42 client" "nginx server_cert_rejected 42 client" \
		"haproxy server_cert_rejected! - -" \
		"nss server_cert_rejected? 10 server" "apache server_cert_rejected 42 client" \
		"boringssl server_cert_rejected? 20 server"

	# -- client_cert_missing: the server requires a client certificate, the client has
	# none. TLS 1.3: OpenSSL, GnuTLS and Python servers send certificate_required(116); Go
	# 1.19 and Java 17 send bad_certificate(42); nginx completes the handshake and answers
	# HTTP 400. gnutls-cli names no alert ("A TLS fatal alert has been received.").
	reset_server; reset_client
	S_VERIFY=1
	client_side client_cert_missing start_openssl_server \
		"openssl client_cert_missing 116 server" "gnutls client_cert_missing! - -" \
		"curl client_cert_missing 116 server" "python client_cert_missing 116 server" \
		"go client_cert_missing 116 server" "java client_cert_missing 116 server" \
		"nss client_cert_missing 116 server" "boringssl client_cert_missing 116 server"
	server_side client_cert_missing openssl_peer \
		"openssl client_cert_missing 116 server" "gnutls client_cert_missing 116 server" \
		"go client_cert_missing 42 server" "java client_cert_missing 42 server" \
		"python client_cert_missing 116 server" "nginx client_cert_missing - -" \
		"haproxy client_cert_missing! - -" \
		"nss client_cert_missing 116 server" "apache client_cert_missing 116 server" \
		"boringssl client_cert_missing 116 server"

	# -- client_cert_rejected: the client's certificate is from ca2, which the server does
	# not trust. Go and Java clients offer only a certificate whose issuer is among the
	# CertificateRequest's CA names: they send none, and the server's 116 says so
	# (client_cert_missing). Servers: 48 from OpenSSL and Python, 42 from Go, 46 from
	# Java, 49 from GnuTLS; nginx answers HTTP 400 after the handshake.
	reset_server; reset_client
	S_VERIFY=1 C_CERT=client-ca2
	client_side client_cert_rejected start_openssl_server \
		"openssl client_cert_rejected 48 server" "gnutls client_cert_rejected! - -" \
		"curl client_cert_rejected 48 server" "python client_cert_rejected 48 server" \
		"go client_cert_missing 116 server" "java client_cert_missing 116 server" \
		"nss client_cert_rejected 48 server" "boringssl client_cert_rejected 48 server"
	server_side client_cert_rejected openssl_peer \
		"openssl client_cert_rejected - -" "gnutls client_cert_rejected - -" \
		"go client_cert_rejected 42 server" "java client_cert_rejected 46 server" \
		"python client_cert_rejected 48 server" "nginx client_cert_rejected - -" \
		"haproxy client_cert_rejected - -" \
		"nss client_cert_rejected 48 server" "apache client_cert_rejected 48 server"

	# -- http_to_tls: curl http:// to each TLS server (Go's net/http answers 400 itself
	# and logs nothing; NSS's selfserv waits for the rest of the 8 KB "record" that
	# "GET / H" announces, and logs nothing when curl gives up).
	reset_server; reset_client
	server_side http_to_tls curl_http_peer \
		"openssl not_tls - -" "gnutls not_tls? - -" "java not_tls - -" "python not_tls - -" "nginx not_tls - -" \
		"haproxy not_tls! - -" "apache not_tls - -" "boringssl not_tls - -"

	# -- tls_to_http: each TLS client against a plain HTTP server answering 400.
	reset_server; reset_client
	client_side tls_to_http start_http_server \
		"openssl not_tls - -" "gnutls not_tls? - -" "curl not_tls - -" "python not_tls - -" "go not_tls - -" \
		"java not_tls - -" \
		"nss not_tls - -" "boringssl not_tls - -"

	# -- server_close / server_reset: the server reads the ClientHello and closes (FIN) or
	# resets, without an alert. A reset reads as a middlebox's first: only the capture's
	# TTLs and timing tell them apart.
	reset_server; reset_client
	client_side server_close start_closing_fin \
		"openssl server_reset - -" "gnutls server_reset - -" "curl server_reset - -" "python server_reset - -" \
		"go server_reset - -" "java server_reset - -" \
		"nss server_reset - -" "boringssl server_reset - -"
	client_side server_reset start_closing_rst \
		"openssl server_reset? - -" "gnutls server_reset? - -" "curl server_reset? - -" "python server_reset? - -" \
		"go server_reset? - -" "java server_reset? - -" \
		"nss server_reset? - -" "boringssl server_reset? - -"
}

start_closing_fin() {
	start_closing_server close
}
start_closing_rst() {
	start_closing_server reset
}

echo "collect: building tests/explain/tlspeer.go" >&2
GOCACHE=$tmp/gocache GOPATH=$tmp/gopath GO111MODULE=off go build -o "$tmp/tlspeer" "$here/tlspeer.go"
echo "collect: certificates" >&2
make_pki
versions
: >"$out.tmp"
scenarios
{
	printf 'stack\tstack_version\tscenario\treporter\tmessage\tclass\talert\talert_from\n'
	cat "$out.tmp"
} >"$out"
rm -f "$out.tmp"
echo "collect: $rows messages written to $out; $missing runs printed no message" >&2
