#!/bin/sh
# --metrics: live capture's Prometheus endpoint, scraped while real handshakes happen.
# tlsdiag runs live on the loopback interface of a network namespace this script makes
# and deletes (127.0.0.1 inside it), under its system call sandbox, with OpenSSL servers
# and clients: a handshake that works, a version refused, SNI values with quotes and
# backslashes, then more distinct names than the label bound. Checked: the exposition
# format (promtool check metrics, from Debian's prometheus), the counts and labels, the
# "other" bucket, 404 and the pointer at /, that scrapers which never send or never read
# hold nothing up, the Grafana dashboard in contrib/ asks only for metrics served.
# Needs root (a namespace and a capture); skipped with a message otherwise.
# Usage: tests/metrics.sh TLSDIAG
set -u
bin=$(realpath "$1")
dir=$(cd "$(dirname "$0")/.." && pwd)
# Usage errors need no root: reading files, or an address that is none.
for args in "--metrics 127.0.0.1:9793 -r $dir/pcaps/alpn-mismatch.pcap" "-i lo --metrics 127.0.0.1" \
	"-i lo --metrics 198.18.0.300:9793" "-i lo --metrics [::1]:70000"; do
	# shellcheck disable=SC2086
	"$bin" $args >/dev/null 2>&1
	[ $? -eq 2 ] || { echo "FAIL metrics: $args: not a usage error"; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "SKIP metrics: needs root (a network namespace and a live capture)"; exit 0; }
for tool in promtool curl openssl socat jq ip; do
	command -v $tool >/dev/null 2>&1 || { echo "FAIL metrics: $tool not installed (make check installs it)"; exit 1; }
done
passed=0
failed=0
check() { if [ "$1" = ok ]; then passed=$((passed + 1)); echo "PASS $2"; else failed=$((failed + 1)); echo "FAIL $2"; fi; }
ns=tlsdiag-metrics-$$
tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add "$ns" || { echo "FAIL metrics: cannot make a network namespace"; exit 1; }
inns() { ip netns exec "$ns" "$@"; }
inns ip link set lo up
url=http://127.0.0.1:9793

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
	-days 2 -subj /CN=www.example.test >/dev/null 2>&1
inns openssl s_server -quiet -accept 4433 -cert "$tmp/cert.pem" -key "$tmp/key.pem" -www >/dev/null 2>&1 &
pids="$pids $!"
inns openssl s_server -quiet -accept 4434 -tls1_3 -cert "$tmp/cert.pem" -key "$tmp/key.pem" -www >/dev/null 2>&1 &
pids="$pids $!"
inns "$bin" -q -i lo --json --handshake-timeout 2 --metrics 127.0.0.1:9793 'tcp port 4433 or tcp port 4434' \
	>"$tmp/live.out" 2>"$tmp/live.err" &
live=$!
pids="$pids $live"
i=0
while ! inns curl -sf -o /dev/null "$url/" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
hello() { # PORT SNI [OPTIONS...]
	port=$1 sni=$2
	shift 2
	echo | inns timeout 5 openssl s_client -connect 127.0.0.1:"$port" -servername "$sni" "$@" >/dev/null 2>&1
}
hello 4433 www.example.test
hello 4434 www.example.test -tls1_2
hello 4433 'quote"back\slash.example'
sleep 1
inns curl -s "$url/metrics" >"$tmp/m1.txt"
if promtool check metrics <"$tmp/m1.txt" >"$tmp/promtool.txt" 2>&1; then
	check ok "metrics: promtool check metrics accepts the scrape"
else
	check fail "metrics: promtool check metrics: $(head -5 "$tmp/promtool.txt")"
fi
value() { # FILE SERIES: the value of one series line
	awk -v s="$2" 'index($0, s " ") == 1 { print $NF }' "$1"
}
[ "$(value "$tmp/m1.txt" 'tlsdiag_attempts_total{class="ok"}')" = 2 ] && check ok "metrics: 2 ok attempts counted" ||
	check fail "metrics: ok attempts: $(grep 'class="ok"' "$tmp/m1.txt" | head -3)"
[ "$(value "$tmp/m1.txt" 'tlsdiag_attempts_total{class="version_mismatch"}')" = 1 ] &&
	check ok "metrics: the version refused counted as version_mismatch" ||
	check fail "metrics: version_mismatch: $(grep version_mismatch "$tmp/m1.txt" | head -3)"
n_classes=$(grep -c '^tlsdiag_attempts_total{class=' "$tmp/m1.txt")
[ "$n_classes" -eq 16 ] && check ok "metrics: every class has its series from the start (16)" ||
	check fail "metrics: $n_classes class series"
# shellcheck disable=SC1003
grep -qF 'tlsdiag_sni_attempts_total{sni="quote\"back\\slash.example",class="ok"} 1' "$tmp/m1.txt" &&
	check ok "metrics: a hostile SNI escaped as the format asks" ||
	check fail "metrics: hostile SNI: $(grep quote "$tmp/m1.txt")"
grep -q '^tlsdiag_server_attempts_total{server="127.0.0.1:4434",class="version_mismatch"} 1$' "$tmp/m1.txt" &&
	check ok "metrics: attempts by server and class" || check fail "metrics: by server: $(grep server_attempts "$tmp/m1.txt")"
count=$(value "$tmp/m1.txt" tlsdiag_handshake_duration_seconds_count)
inf=$(value "$tmp/m1.txt" 'tlsdiag_handshake_duration_seconds_bucket{le="+Inf"}')
[ "$count" = 2 ] && [ "$inf" = 2 ] && check ok "metrics: handshake durations of the 2 handshakes in the histogram" ||
	check fail "metrics: histogram count $count, +Inf $inf"
received=$(value "$tmp/m1.txt" tlsdiag_packets_received_total)
[ "${received:-0}" -gt 10 ] && check ok "metrics: packets received ($received)" || check fail "metrics: packets received: $received"
grep -q '^tlsdiag_flows_max 200000$' "$tmp/m1.txt" && grep -q '^tlsdiag_flow_memory_max_bytes ' "$tmp/m1.txt" &&
	check ok "metrics: flow-table bounds" || check fail "metrics: flow-table bounds missing"
code=$(inns curl -s -o /dev/null -w '%{http_code}' "$url/nope")
[ "$code" = 404 ] && check ok "metrics: other paths are 404" || check fail "metrics: /nope gave $code"
inns curl -s "$url/" | grep -q '/metrics' && check ok "metrics: / points at /metrics" || check fail "metrics: / without a pointer"

# Scrapers that never send their request, or never read the answer: the capture goes on.
inns socat -u EXEC:'sleep 30' TCP:127.0.0.1:9793 >/dev/null 2>&1 &
pids="$pids $!"
(printf 'GET /metrics HTTP/1.0\r\n\r\n'; sleep 30) | inns socat -u - TCP:127.0.0.1:9793 >/dev/null 2>&1 &
pids="$pids $!"
sleep 0.5
start=$(date +%s.%N)
hello 4433 after.example.test
i=0
while ! grep -q '"sni":"after.example.test"' "$tmp/live.out" && [ $i -lt 40 ]; do sleep 0.1; i=$((i + 1)); done
lat=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
grep -q '"sni":"after.example.test"' "$tmp/live.out" &&
	check ok "metrics: with two stuck scrapers a handshake is still reported (${lat}s)" ||
	check fail "metrics: with two stuck scrapers the handshake was not reported"
inns curl -s -m 3 "$url/metrics" | grep -q 'tlsdiag_attempts_total{class="ok"} 3' &&
	check ok "metrics: scraped beside the stuck scrapers" || check fail "metrics: no scrape beside the stuck scrapers"

# More distinct names than the bound: the first 100 get their series, the rest "other".
n=0
while [ $n -lt 110 ]; do
	hello 4433 "host$n.example.test" -sess_out /dev/null
	n=$((n + 1))
done
sleep 1
inns curl -s "$url/metrics" >"$tmp/m2.txt"
names=$(grep '^tlsdiag_sni_attempts_total{' "$tmp/m2.txt" | sed 's/,class=.*//' | sort -u | wc -l)
other=$(value "$tmp/m2.txt" 'tlsdiag_sni_attempts_total{sni="other",class="ok"}')
overflow=$(value "$tmp/m2.txt" 'tlsdiag_label_overflow_total{label="sni"}')
[ "$names" -eq 101 ] && [ "${other:-0}" -ge 10 ] && [ "$overflow" = "$other" ] &&
	check ok "metrics: SNI label bounded: 100 values and \"other\" ($other attempts)" ||
	check fail "metrics: SNI label: $names values, other $other, overflow $overflow"
promtool check metrics <"$tmp/m2.txt" >/dev/null 2>&1 && check ok "metrics: promtool accepts the bounded scrape" ||
	check fail "metrics: promtool refuses the bounded scrape"

# The dashboard asks only for what the endpoint serves.
dash="$dir/contrib/grafana-dashboard.json"
if jq -e '.panels | length > 0' "$dash" >/dev/null 2>&1; then
	check ok "metrics: contrib/grafana-dashboard.json parses, with panels"
	missing=""
	for m in $(jq -r '.. | .expr? // empty' "$dash" | grep -o 'tlsdiag_[a-z_]*' | sort -u); do
		base=$(echo "$m" | sed 's/_\(bucket\|sum\|count\)$//')
		grep -q "^# TYPE $base " "$tmp/m2.txt" || missing="$missing $m"
	done
	[ -z "$missing" ] && check ok "metrics: every metric the dashboard uses is served" ||
		check fail "metrics: the dashboard uses metrics not served:$missing"
else
	check fail "metrics: contrib/grafana-dashboard.json does not parse"
fi

# ip netns exec may run tlsdiag as its child: the signal goes to tlsdiag itself.
tpid=$(pgrep -n -f "$bin -q -i lo --json")
kill -TERM "$tpid"
wait "$live"
rc=$?
[ $rc -eq 0 ] && check ok "metrics: SIGTERM ends the capture with exit 0" || check fail "metrics: exit $rc after SIGTERM"
grep -q "refused" "$tmp/live.err" && check fail "metrics: the sandbox refused a call: $(grep refused "$tmp/live.err")" ||
	check ok "metrics: served under the sandbox without a refused call"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
