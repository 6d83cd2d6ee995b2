#!/bin/sh
# Live capture, end to end: tlsdiag -i watches the client's interface while real OpenSSL
# clients and servers, a silent server and an iptables router that forges resets make
# attempts between network namespaces this script creates (198.18.0.0/15 only) and
# deletes. Checks that each attempt is reported with the right class within one second of
# its outcome (silent server: within the handshake timeout plus one second), that
# SIGTERM leaves a summary, and then, under load, that no handshake is missed and memory
# stays bounded. A TLS 1.3 client-certificate failure is also watched from the server's
# interface, and its live classes compared with its -w file read back. Over UDP, under
# the sandbox: a DTLS handshake, and a QUIC Initial refused with ICMP port unreachable.
# Usage: tests/live.sh TLSDIAG        (needs root; skips with a message otherwise)
set -u
bin=$(readlink -f "$1")
skip() { echo "SKIP live tests: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "not root (network namespaces need it)"
for t in ip iptables openssl socat timeout; do
	command -v $t >/dev/null 2>&1 || skip "$t is not installed"
done
C=tlsdiag-live-c R=tlsdiag-live-r S=tlsdiag-live-s
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	# The servers run under "ip netns exec" in a subshell: killing the subshell leaves
	# them; whatever still runs in the namespaces is stopped before they are deleted.
	for n in $C $R $S; do ip netns pids $n 2>/dev/null | xargs -r kill 2>/dev/null; done
	wait 2>/dev/null
	for n in $C $R $S; do ip netns del $n 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ip netns add $C 2>/dev/null || skip "cannot create network namespaces here"
ip netns add $R && ip netns add $S || skip "cannot create network namespaces here"
in_c() { ip netns exec $C "$@"; }
in_r() { ip netns exec $R "$@"; }
in_s() { ip netns exec $S "$@"; }
ip link add eth0 netns $C type veth peer name c0 netns $R
ip link add s0 netns $R type veth peer name eth0 netns $S
in_c ip addr add 198.18.0.2/24 dev eth0
in_r ip addr add 198.18.0.1/24 dev c0
in_r ip addr add 198.18.1.1/24 dev s0
in_s ip addr add 198.18.1.2/24 dev eth0
for n in $C $R $S; do ip -n $n link set lo up; done
in_c ip link set eth0 up; in_r ip link set c0 up; in_r ip link set s0 up; in_s ip link set eth0 up
in_c ip route add 198.18.0.0/15 via 198.18.0.1
in_s ip route add 198.18.0.0/15 via 198.18.1.1
in_r sysctl -qw net.ipv4.ip_forward=1
# The router forges a reset for one name, as SNI filters do.
in_r iptables -A FORWARD -p tcp --dport 443 -m string --string blocked.example.test --algo bm \
	-j REJECT --reject-with tcp-reset

root=$(pwd)
cd "$tmp"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=live CA" \
	-addext basicConstraints=critical,CA:TRUE 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj "/CN=www.example.test" 2>/dev/null
printf 'subjectAltName=DNS:www.example.test,DNS:blocked.example.test\n' >ext
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -set_serial 7 -days 2 -extfile ext -out srv.pem 2>/dev/null
n_bg=0
bg() {
	n_bg=$((n_bg + 1))
	"$@" >"$tmp/server-$n_bg.log" 2>&1 &
	pids="$pids $!"
}
# s_server serves one connection at a time: the one whose hello the router eats would
# block it, so the filtered name has a server of its own (443); the others have theirs.
bg in_s openssl s_server -quiet -accept 443 -cert srv.pem -key srv.key -www
bg in_s openssl s_server -quiet -accept 4433 -cert srv.pem -key srv.key -www
bg in_s openssl s_server -quiet -accept 4430 -cert srv.pem -key srv.key -tls1_3 -www
bg in_s openssl s_server -quiet -accept 8443 -cert srv.pem -key srv.key -Verify 1 -CAfile ca.pem -tls1_2 -www
bg in_s openssl s_server -quiet -accept 8444 -cert srv.pem -key srv.key -Verify 1 -CAfile ca.pem -tls1_3 -www
bg in_s socat TCP-LISTEN:9443,reuseaddr,fork EXEC:"sleep 30"
for port in 443 4433 4430 8443 8444 9443; do
	i=0
	while ! in_s ss -Hltn "sport = :$port" | grep -q . && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
done

fail=0
check() { if [ "$1" = ok ]; then echo "PASS $2"; else echo "FAIL $2"; fail=1; fi; }
now() { date +%s.%N; }

# Reports, each line stamped with the time it came out.
chmod 755 "$tmp"
# The key log is written by a client while tlsdiag runs (as SSLKEYLOGFILE is by a browser).
: >"$tmp/live.keylog"
chmod 644 "$tmp/live.keylog"
in_c "$bin" -i eth0 --json --handshake-timeout 2 -w "$tmp/failed.pcap" --extract-certs "$tmp/certs" --html "$tmp/live.html" \
	--keylog "$tmp/live.keylog" -Z nobody tcp 2>"$tmp/live.err" |
	while IFS= read -r line; do printf '%s %s\n' "$(now)" "$line"; done >"$tmp/live.out" &
live_pipe=$!
sleep 1.5
lpid=$(pgrep -n -f "$bin -i eth0 --json")
uid=$(awk '/^Uid:/ { print $2 }' /proc/"$lpid"/status)
[ "$uid" = "$(id -u nobody)" ] && check ok "live: -Z nobody dropped root (uid $uid)" || check fail "live: -Z nobody dropped root (uid ${uid:-?})"
# The system call sandbox: a seccomp filter (mode 2), no new privileges. Everything
# below (reports, -w, --extract-certs, SIGUSR1, SIGTERM) runs under it: a refused call
# would end the process with a message.
sandbox=$(awk '/^Seccomp:/ { s = $2 } /^NoNewPrivs:/ { n = $2 } END { print s "/" n }' /proc/"$lpid"/status)
[ "$sandbox" = "2/1" ] && check ok "live: seccomp filter installed (Seccomp/NoNewPrivs $sandbox)" ||
	check fail "live: seccomp filter installed (Seccomp/NoNewPrivs $sandbox, 2/1 expected)"

# Without -Z, root is given up for nobody as well (as tcpdump does); -Z root keeps it.
in_c "$bin" -q -i eth0 --no-sandbox tcp port 1 >/dev/null 2>&1 &
sleep 1
dpid=$(pgrep -n -f "$bin -q -i eth0 --no-sandbox tcp port 1")
duid=$(awk '/^Uid:/ { print $2 }' /proc/"$dpid"/status 2>/dev/null)
dsec=$(awk '/^Seccomp:/ { print $2 }' /proc/"$dpid"/status 2>/dev/null)
[ "$dsec" = 0 ] && check ok "live: --no-sandbox installs no filter" || check fail "live: --no-sandbox installs no filter (Seccomp ${dsec:-?})"
kill "$dpid" 2>/dev/null
[ "$duid" = "$(id -u nobody)" ] && check ok "live: root given up for nobody by default (uid $duid)" ||
	check fail "live: root given up for nobody by default (uid ${duid:-?})"

run() { # NAME CLIENT-ARGS...: run a client, note when it ended
	name=$1
	shift
	printf 'GET / HTTP/1.0\r\n\r\n' | in_c timeout 8 openssl s_client "$@" >/dev/null 2>&1
	echo "$name $(now)" >>"$tmp/ended"
	sleep 0.5
}
run ok -connect 198.18.1.2:4433 -servername www.example.test -CAfile ca.pem
run version_mismatch -connect 198.18.1.2:4430 -servername www.example.test -tls1_2
run client_cert_missing -connect 198.18.1.2:8443 -servername www.example.test -CAfile ca.pem
run middlebox_reset -connect 198.18.1.2:443 -servername blocked.example.test
# TLS 1.3: the alert is encrypted; the client appends its secrets to the key log tlsdiag
# follows, a moment after tlsdiag saw its ServerHello.
printf 'GET / HTTP/1.0\r\n\r\n' | in_c timeout 8 openssl s_client -connect 198.18.1.2:8444 -servername www.example.test \
	-CAfile ca.pem -keylogfile "$tmp/live.keylog" >/dev/null 2>&1
sleep 0.5
# The silent server: the client waits; tlsdiag decides after its 2 s handshake timeout.
start=$(now)
printf 'x' | in_c timeout 6 openssl s_client -connect 198.18.1.2:9443 -servername www.example.test >/dev/null 2>&1 &
cpid=$!
sleep 4.5
silent_report=$(grep '"server":"198.18.1.2:9443"' "$tmp/live.out" | head -1)
wait $cpid 2>/dev/null
sleep 1

for name in ok version_mismatch client_cert_missing middlebox_reset; do
	ended=$(awk -v n=$name '$1 == n { print $2 }' "$tmp/ended")
	line=$(grep "\"class\":\"$name\"" "$tmp/live.out" | head -1)
	if [ -z "$line" ]; then
		check fail "live: $name reported"
		echo "    reports seen:"
		cut -d' ' -f2- "$tmp/live.out" | sed 's/"evidence".*//; s/^/    /'
		tail -n 5 "$tmp"/server-*.log | sed 's/^/    /'
		continue
	fi
	at=$(echo "$line" | cut -d' ' -f1)
	# The client ends at the outcome (or a little after): the report must come within 1 s.
	lat=$(awk -v a="$at" -v e="$ended" 'BEGIN { d = a - e; printf "%.3f", d }')
	awk -v d="$lat" 'BEGIN { exit !(d < 1.0) }' && check ok "live: $name reported ${lat}s after the client ended" ||
		check fail "live: $name reported ${lat}s after the client ended (more than 1 s)"
done
tls13=$(grep '"server":"198.18.1.2:8444"' "$tmp/live.out" | head -1 | cut -d' ' -f2- |
	jq -r '"\(.class) \(.confidence) \(.decrypted) \(.rule)"' 2>/dev/null)
[ "$tls13" = "client_cert_missing high true alert.client_cert_missing" ] &&
	check ok "live: TLS 1.3 failure decrypted with the key log the client wrote meanwhile ($tls13)" ||
	check fail "live: TLS 1.3 failure decrypted with the key log the client wrote meanwhile (got: $tls13)"
if echo "$silent_report" | grep -q '"class":"no_server_response"'; then
	at=$(echo "$silent_report" | cut -d' ' -f1)
	lat=$(awk -v a="$at" -v s="$start" 'BEGIN { printf "%.3f", a - s }')
	awk -v d="$lat" 'BEGIN { exit !(d < 3.5) }' && check ok "live: silent server reported ${lat}s after the hello (timeout 2 s)" ||
		check fail "live: silent server reported ${lat}s after the hello (timeout 2 s + 1 s allowed)"
else
	check fail "live: silent server reported as no_server_response within 4.5 s"
fi

# SIGTERM: pending attempts decided, the summary printed, exit 0.
kill -TERM "$lpid"
wait $live_pipe
grep -q "attempt(s):" "$tmp/live.err" && check ok "live: SIGTERM prints the summary" || check fail "live: SIGTERM prints the summary"
cards=$(grep -c '<section class="card' "$tmp/live.html" 2>/dev/null)
[ "${cards:-0}" -ge 4 ] && grep -q '</html>' "$tmp/live.html" && check ok "live: --html written at the stop under the sandbox ($cards cards)" ||
	check fail "live: --html written at the stop (cards: ${cards:-none})"
grep -q "packets received" "$tmp/live.err" && check ok "live: SIGTERM prints capture statistics" ||
	check fail "live: SIGTERM prints capture statistics"
summary=$(cut -d' ' -f2- "$tmp/live.out" | jq -c 'select(.type == "summary") | [.attempts, .failed]' 2>/dev/null | tail -n 1)
case $summary in
\[[5-9],* | \[[1-9][0-9]*,*) check ok "live: --json ends with the summary record on standard output ($summary)" ;;
*) check fail "live: --json ends with the summary record on standard output (got: ${summary:-none})" ;;
esac
# The steps of live attempts: the forged reset's histories.
hist=$(grep '"class":"middlebox_reset"' "$tmp/live.out" | head -1 | cut -d' ' -f2- | jq -r '"\(.tls.history) \(.tcp.history)"' 2>/dev/null)
case $hist in
"C ShAD"*r*) check ok "live: histories of the forged reset ($hist)" ;;
*) check fail "live: histories of the forged reset (got: ${hist:-none})" ;;
esac
# one_attempt OUT ARGS...: tlsdiag -c 1 with ARGS on port 4433 while one client makes a
# handshake there; its output in OUT. True when it ended by itself within 5 s.
one_attempt() {
	out=$1
	shift
	in_c "$bin" -q -i eth0 "$@" -c 1 tcp port 4433 >"$out" 2>&1 &
	opid=$!
	sleep 1
	printf 'GET / HTTP/1.0\r\n\r\n' | in_c timeout 8 openssl s_client -connect 198.18.1.2:4433 -servername www.example.test \
		-CAfile ca.pem >/dev/null 2>&1
	n=0
	while kill -0 "$opid" 2>/dev/null && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	if kill -0 "$opid" 2>/dev/null; then
		kill "$opid" 2>/dev/null
		return 1
	fi
	return 0
}
# --ladder live, under the sandbox: an ok handshake drawn as it is reported (-a).
one_attempt "$tmp/ladder.out" -a --ladder --color=never
if grep -q '^  ladder ' "$tmp/ladder.out" && grep -q -- '--- ClientHello -' "$tmp/ladder.out" && grep -q 'ServerHello ---|' "$tmp/ladder.out"; then
	check ok "live: --ladder draws the attempt under the sandbox"
else
	check fail "live: --ladder draws the attempt under the sandbox (got: $(head -c 400 "$tmp/ladder.out"))"
fi
# -c 1: the run ends by itself after the first attempt shown.
if ! one_attempt "$tmp/count.out" --json --no-sandbox; then
	check fail "live: -c 1 ends the capture after the first attempt (still running 5 s later)"
else
	got=$(jq -r 'select(.type == "connection") | .class' "$tmp/count.out" 2>/dev/null | tr '\n' ' ')
	[ "$got" = "ok " ] && check ok "live: -c 1 ends the capture after the first attempt" ||
		check fail "live: -c 1 ends the capture after the first attempt (attempts: $got)"
fi
# UDP, live and under the sandbox: a DTLS handshake that completes (OpenSSL at both
# ends), and a QUIC client Initial (the real first datagram of pcaps/quic-ok-ngtcp2.pcap,
# sent again) to a port where nothing listens: the server's ICMP port unreachable.
bg in_s openssl s_server -quiet -dtls -accept 4434 -cert srv.pem -key srv.key
i=0
while ! in_s ss -Hlun "sport = :4434" | grep -q . && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
in_c "$bin" -i eth0 --json --handshake-timeout 2 udp or icmp 2>"$tmp/udp.err" >"$tmp/udp.out" &
upid=$!
sleep 1.5
printf 'hello\n' | in_c timeout 5 openssl s_client -quiet -dtls -connect 198.18.1.2:4434 -servername www.example.test \
	-CAfile ca.pem >/dev/null 2>&1
# The first frame's UDP payload: after the file header (24), the record header (16) and
# Ethernet, IPv4 and UDP headers (42); its captured length is at offset 32.
src=$root/pcaps/quic-ok-ngtcp2.pcap
if [ -f "$src" ]; then
	len=$(od -A n -t u4 -j 32 -N 4 "$src" | tr -d ' ')
	dd if="$src" of="$tmp/initial.bin" bs=1 skip=82 count=$((len - 42)) 2>/dev/null
	in_c socat -u "OPEN:$tmp/initial.bin" UDP:198.18.1.2:443,sourceport=51999 2>/dev/null
fi
sleep 3.5
kill -TERM "$upid"
wait "$upid" 2>/dev/null
dtls=$(jq -r 'select(.type == "connection" and .server == "198.18.1.2:4434") | "\(.transport) \(.class) \(.tls.server_version)"' "$tmp/udp.out" 2>/dev/null | head -1)
[ "$dtls" = "dtls ok DTLS1.2" ] && check ok "live: a DTLS handshake reported under the sandbox ($dtls)" ||
	check fail "live: a DTLS handshake reported under the sandbox (got: ${dtls:-nothing}; $(head -c 300 "$tmp/udp.err"))"
if [ -f "$src" ]; then
	quic=$(jq -r 'select(.type == "connection" and .server == "198.18.1.2:443") | "\(.transport) \(.class) \(.tls.sni) \(.rule)"' "$tmp/udp.out" 2>/dev/null | head -1)
	[ "$quic" = "quic server_reset localhost udp.port_unreachable" ] &&
		check ok "live: a QUIC Initial opened and its ICMP refusal read under the sandbox ($quic)" ||
		check fail "live: a QUIC Initial opened and its ICMP refusal read under the sandbox (got: ${quic:-nothing}; $(head -c 300 "$tmp/udp.err"))"
fi
grep -q "refused" "$tmp/udp.err" && check fail "live: UDP under the sandbox: $(grep refused "$tmp/udp.err")"

# -w: the packets of the failed attempts, and only those, in a capture that reads back.
# Read back with the key log: the TLS 1.3 failure is then judged on its decrypted alert,
# not on a record shape the last frames kept may or may not show.
written=$("$bin" -q --json --keylog "$tmp/live.keylog" -r "$tmp/failed.pcap" 2>/dev/null | jq -r 'select(.type == "connection") | .class' | sort | tr '\n' ' ')
# (The silent attempt reads back as incomplete: the file ends right after its hello.)
[ "$written" = "client_cert_missing client_cert_missing incomplete middlebox_reset version_mismatch " ] &&
	check ok "live: -w wrote the failed attempts ($written)" || check fail "live: -w wrote: $written"
# --extract-certs: the certificates, written as nobody under the sandbox, and their index.
pems=$(ls "$tmp/certs"/*.pem 2>/dev/null | wc -l)
rows=$(($(wc -l <"$tmp/certs/index.tsv" 2>/dev/null || echo 1) - 1))
[ "$pems" -ge 1 ] && [ "$rows" -ge 1 ] && ! grep -q "sandbox" "$tmp/live.err" &&
	check ok "live: --extract-certs wrote $pems certificate(s), $rows index row(s)" ||
	check fail "live: --extract-certs wrote $pems certificate(s), $rows index row(s): $(grep sandbox "$tmp/live.err")"

# Server side: a TLS 1.3 server refusing the client's certificate, watched from the
# server's interface, where the client's Finished and the request it sends right behind
# it arrive before the server's encrypted alert. Live capture must give the class that
# reading the same packets (its -w file) gives, and never ok.
openssl req -x509 -newkey rsa:2048 -nodes -keyout cab.key -out cab.pem -days 2 -subj "/CN=another CA" \
	-addext basicConstraints=critical,CA:TRUE 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout cli.key -out cli.csr -subj "/CN=client.example.test" 2>/dev/null
openssl x509 -req -in cli.csr -CA cab.pem -CAkey cab.key -set_serial 9 -days 2 -out cli.pem 2>/dev/null
bg in_s openssl s_server -quiet -accept 8445 -cert srv.pem -key srv.key -Verify 1 -verify_return_error \
	-CAfile ca.pem -tls1_3 -www
i=0
while ! in_s ss -Hltn "sport = :8445" | grep -q . && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
in_s "$bin" -q -i eth0 --json -w "$tmp/server-side.pcap" tcp port 8445 >"$tmp/server-side.out" 2>"$tmp/server-side.err" &
sleep 1.5
spid=$(pgrep -n -f "$bin -q -i eth0 --json -w $tmp/server-side.pcap")
for k in 1 2 3; do
	printf 'GET / HTTP/1.1\r\nHost: www.example.test\r\n\r\n' | in_c timeout 5 openssl s_client -connect 198.18.1.2:8445 \
		-servername www.example.test -CAfile ca.pem -cert cli.pem -key cli.key >/dev/null 2>&1
done
sleep 0.5
kill -TERM "$spid"
wait "$spid" 2>/dev/null
live_classes=$(jq -r 'select(.type == "connection") | "\(.client) \(.class)"' "$tmp/server-side.out" | sort)
read_classes=$("$bin" -q --json -r "$tmp/server-side.pcap" 2>/dev/null | jq -r 'select(.type == "connection") | "\(.client) \(.class)"' | sort)
n_rejected=$(echo "$live_classes" | grep -c ' client_cert_rejected$')
[ "$n_rejected" -eq 3 ] && check ok "live, server side: TLS 1.3 client certificate refused, 3 of 3 client_cert_rejected" ||
	check fail "live, server side: TLS 1.3 client certificate refused: $(echo "$live_classes" | tr '\n' ';')"
[ -n "$live_classes" ] && [ "$live_classes" = "$read_classes" ] && check ok "live, server side: the -w file read back gives the live classes" ||
	check fail "live, server side: live $(echo "$live_classes" | tr '\n' ';') but read back $(echo "$read_classes" | tr '\n' ';')"

# Load: many full handshakes (openssl s_time) and a share of failures, all counted.
in_c "$bin" -i eth0 --json tcp 2>"$tmp/load.err" >"$tmp/load.out" &
sleep 1.5
lpid=$(pgrep -n -f "$bin -i eth0 --json tcp")
# Memory at rest is mostly the kernel's capture ring mapped into the process (32 MB asked).
idle=$(awk '/VmRSS/ { print $2 }' /proc/"$lpid"/status)
in_c openssl s_time -connect 198.18.1.2:4433 -new -time 12 -www / >"$tmp/stime.out" 2>&1 &
st=$!
failures=0
while kill -0 $st 2>/dev/null && [ $failures -lt 300 ]; do
	in_c timeout 3 openssl s_client -connect 198.18.1.2:4430 -tls1_2 </dev/null >/dev/null 2>&1
	failures=$((failures + 1))
done
wait $st
sleep 1
peak=$(awk '/VmHWM/ { print $2 }' /proc/"$lpid"/status)
kill -TERM "$lpid"
wait "$lpid" 2>/dev/null
sleep 0.5
# Attempts only: the summary record at the end names classes too.
oks=$(grep '"type":"connection"' "$tmp/load.out" | grep -c '"class":"ok"')
vms=$(grep '"type":"connection"' "$tmp/load.out" | grep -c '"class":"version_mismatch"')
conns=$(awk '/connections in/ && /real seconds/ { print $1; exit }' "$tmp/stime.out")
echo "load: s_time made ${conns:-?} connections, $failures failing clients; tlsdiag: $oks ok, $vms version_mismatch; RSS at rest ${idle:-?} KB, peak ${peak:-?} KB"
[ -n "$conns" ] && [ $((conns + failures)) -ge 2000 ] && check ok "load: at least 2000 handshakes driven" ||
	check fail "load: at least 2000 handshakes driven (${conns:-?} + $failures)"
[ -n "$conns" ] && [ "$oks" -ge "$conns" ] && check ok "load: every successful handshake reported ($oks >= $conns)" ||
	check fail "load: every successful handshake reported ($oks, s_time $conns)"
[ "$vms" -eq "$failures" ] && check ok "load: every failure reported ($vms = $failures)" ||
	check fail "load: every failure reported ($vms of $failures)"
growth=$(( ${peak:-0} - ${idle:-0} ))
[ -n "$peak" ] && [ "$growth" -lt 32768 ] && check ok "load: memory grew by ${growth} KB under load (< 32 MB over the capture ring)" ||
	check fail "load: memory grew by ${growth} KB under load (bound 32 MB)"

# Replayed at tcpreplay's top speed onto a veth pair of its own: twenty copies of the
# benchmark's seed (real handshakes of 160 servers) captured with no packet dropped,
# and a summary of more than 128 servers printed under the sandbox at SIGTERM (the C
# library's qsort asks sysinfo for those; a refused call would kill the sensor).
if command -v tcpreplay >/dev/null 2>&1 && [ -s "$root/bench/seed.pcap" ] &&
	cc -std=c11 -D_DEFAULT_SOURCE -O2 "$root/bench/scale.c" -o "$tmp/scale" -lpcap 2>/dev/null &&
	"$tmp/scale" -k 20 "$root/bench/seed.pcap" "$tmp/replay.pcap" 2>/dev/null; then
	ip link add rp0 netns $C type veth peer name rp1 netns $S
	in_c ip link set rp0 up mtu 9000
	in_s ip link set rp1 up mtu 9000
	expected=$("$bin" -q --json -r "$tmp/replay.pcap" 2>/dev/null | grep -c '"type":"connection"')
	in_s "$bin" --json -i rp1 >"$tmp/replay.out" 2>"$tmp/replay.err" &
	rjob=$!
	sleep 1.5
	rpid=$(pgrep -n -f "$bin --json -i rp1")
	in_c tcpreplay -q --intf1=rp0 --topspeed "$tmp/replay.pcap" >"$tmp/tcpreplay.out" 2>&1
	sleep 3
	kill -TERM "$rpid"
	rrc=0
	wait "$rjob" 2>/dev/null || rrc=$?
	got=$(grep -c '"type":"connection"' "$tmp/replay.out")
	servers=$(tail -n 1 "$tmp/replay.out" | jq -r 'select(.type == "summary") | .servers | length' 2>/dev/null)
	dropped=$(sed -n 's/.*packets received, \([0-9]*\) dropped by the kernel.*/\1/p' "$tmp/replay.err" | tail -n 1)
	pps=$(sed -n 's/.*Mbps, \([0-9.]*\) pps.*/\1/p' "$tmp/tcpreplay.out" | head -n 1)
	[ "$got" = "$expected" ] && [ "${dropped:-x}" = 0 ] &&
		check ok "replay: $got of $expected attempts at ${pps:-?} packets/s, none dropped" ||
		check fail "replay: $got of $expected attempts at ${pps:-?} packets/s, ${dropped:-?} dropped"
	[ "$rrc" = 0 ] && ! grep -q refused "$tmp/replay.err" && [ "${servers:-0}" -gt 128 ] &&
		check ok "replay: summary of $servers servers at SIGTERM under the sandbox, exit 0" ||
		check fail "replay: summary at SIGTERM under the sandbox (exit $rrc, ${servers:-no} servers; $(grep refused "$tmp/replay.err"))"
else
	echo "replay: skipped (tcpreplay or bench/seed.pcap missing)"
fi
exit $fail
