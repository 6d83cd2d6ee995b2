#!/bin/sh
# The ladder (--ladder), the JSON histories and the negotiation diff, over pcaps/:
#  1. tests/golden/ladder/<capture>.txt: the exact --ladder output of chosen captures (one
#     or more per class, TLS 1.2 and 1.3, QUIC, DTLS, STARTTLS, ICMP, a forged reset).
#  2. every failed attempt of pcaps/ has exactly one step marked "<- failed"; no ladder
#     line is wider than 80 columns.
#  3. colour: only with --color=always, or auto on a terminal without NO_COLOR; --ladder
#     with --json or --oneline is a usage error.
#  4. tests/golden/histories.tsv: tls.history, tcp.history and quic.history of every
#     connection of pcaps/ (the letters are the man page's, HISTORIES).
#  5. the negotiation diff: a capture with successful handshakes and a refused offer to
#     the same server (two real captures read as one with --merge) shows what the server
#     accepted and what the two have in common, in text and JSON.
# Usage: tests/ladder.sh TLSDIAG [--update]
set -u
export TZ=UTC
bin=$1
update=${2:-}
dir=$(dirname "$0")
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. golden ladders
for cap in client-cert-rejected-tls13.pcap java-client-server-cert-untrusted-tls12.pcap middlebox-reset.pcap \
	no-server-response-bighello.pcap quic-server-cert-rejected.pcap dtls-icmp-prohibited.pcap dtls-ok-cookie.pcap \
	starttls-smtp-refused.pcap mbedtls-server-no-shared-group-tls12.at-server.pcap no-shared-cipher.pcap \
	go-server-version-mismatch-tls13.pcap alpn-mismatch.pcap go-client-ok-tls13.pcap server-reset.pcap; do
	want="$dir/golden/ladder/$cap.txt"
	got=$("$bin" -q -a --ladder --color=never -r "pcaps/$cap")
	if [ "$update" = "--update" ]; then
		mkdir -p "$dir/golden/ladder"
		printf '%s\n' "$got" > "$want"
		ok
	elif [ -f "$want" ] && [ "$(cat "$want")" = "$got" ]; then
		ok
	else
		bad "$cap: --ladder output differs from $want"
		printf '%s\n' "$got" | diff "$want" - 2>&1 | head -20
	fi
done

# 2. one failing step per failure; 80 columns
"$bin" -q --ladder --color=never -r pcaps > "$tmp/all.txt" 2>/dev/null
unmarked=$(awk '
	/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { if (cls != "" && cls != "incomplete" && marks != 1) print head; head = $0; cls = ""; marks = 0; next }
	/^  [a-z_]+ \((high|medium|low)\):/ && cls == "" { cls = $1 }
	/<- failed$/ { marks++ }
	END { if (cls != "" && cls != "incomplete" && marks != 1) print head }' "$tmp/all.txt")
if [ -z "$unmarked" ]; then ok; else bad "failures without exactly one marked step:"; echo "$unmarked" | head; fi
wide=$(awk '/^  ladder /{in_l=1} /^$/{in_l=0} in_l && length($0) > 80' "$tmp/all.txt" | head -3)
if [ -z "$wide" ]; then ok; else bad "ladder lines wider than 80 columns:"; echo "$wide"; fi
n_ladders=$(grep -c '^  ladder ' "$tmp/all.txt")
n_shown=$(grep -c '^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] ' "$tmp/all.txt")
if [ "$n_ladders" -eq "$n_shown" ] && [ "$n_ladders" -gt 600 ]; then ok; else bad "$n_ladders ladders for $n_shown attempts shown"; fi

# 3. colour and usage
cap=pcaps/client-cert-rejected-tls13.pcap
esc=$(printf '\033')
if "$bin" -q --ladder --color=always -r $cap | grep -q "${esc}\[1;31m.*<- failed"; then ok; else bad "--color=always: no red failing step"; fi
if "$bin" -q --ladder -r $cap | grep -q "$esc"; then bad "--color=auto into a pipe: colour written"; else ok; fi
if "$bin" -q --ladder --color=never -r $cap | grep -q "$esc"; then bad "--color=never: colour written"; else ok; fi
if command -v script >/dev/null 2>&1; then
	# script(1) gives the program a terminal: auto colours it, unless NO_COLOR is set.
	script -qec "$bin -q --ladder -r $cap" /dev/null | grep -q "$esc\[1;31m" && ok || bad "--color=auto on a terminal: no colour"
	NO_COLOR=1 script -qec "$bin -q --ladder -r $cap" /dev/null | grep -q "$esc\[" && bad "NO_COLOR: colour written" || ok
fi
for args in "--ladder --json" "--ladder --oneline" "--color=sometimes --ladder"; do
	# shellcheck disable=SC2086
	"$bin" -q $args -r $cap >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && [ -s "$tmp/err" ]; then ok; else bad "$args: exit $rc, want 2 with a message"; fi
done

# 4. histories of every connection
"$bin" -q --json -r pcaps 2>/dev/null | jq -r 'select(.type == "connection") |
	[.file, .client, .server, .tls.history, (.tcp.history // "-"), (.quic.history // "-")] | @tsv' |
	LC_ALL=C sort > "$tmp/histories.tsv"
if [ "$update" = "--update" ]; then
	cp "$tmp/histories.tsv" "$dir/golden/histories.tsv"
	ok
elif cmp -s "$tmp/histories.tsv" "$dir/golden/histories.tsv"; then
	ok
else
	bad "histories differ from $dir/golden/histories.tsv"
	diff "$dir/golden/histories.tsv" "$tmp/histories.tsv" | head -20
fi
# Zeek's spelling of a full TLS 1.2 handshake, client upper case, server lower case.
h=$("$bin" -q --json -r pcaps/go-client-ok-tls12.pcap | jq -r 'select(.type == "connection") | .tls.history + " " + .tcp.history')
if [ "$h" = "CsxknGIFif ShADdFf" ]; then ok; else bad "TLS 1.2 histories: got '$h'"; fi
h=$("$bin" -q --json -r pcaps/dtls-ok-cookie.pcap | jq -r 'select(.type == "connection") | .tls.history' | head -1)
if [ "$h" = "CvCsxknGIFtif" ]; then ok; else bad "DTLS cookie exchange history: got '$h'"; fi

# 5. the negotiation diff: Go's server accepted TLS 1.2 and 1.3 with AEAD suites; the
# client of the failure offered TLS_RSA_WITH_AES_128_CBC_SHA alone.
merged="--merge -r pcaps/go-server-ok-tls12.pcap -r pcaps/go-server-no-shared-cipher-tls12.pcap -r pcaps/go-server-ok-tls13.pcap"
# shellcheck disable=SC2086
"$bin" -q $merged > "$tmp/neg.txt"
if grep -q '^  offer:    beside what 198.18.1.2:443 chose in 2 successful handshake(s)' "$tmp/neg.txt" &&
	grep -q 'suites     offered:  TLS_RSA_WITH_AES_128_CBC_SHA$' "$tmp/neg.txt" &&
	grep -q 'accepted: TLS_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256$' "$tmp/neg.txt" &&
	grep -A2 'suites     offered' "$tmp/neg.txt" | grep -q 'common:   none'; then ok; else bad "negotiation diff (text):"; cat "$tmp/neg.txt"; fi
# shellcheck disable=SC2086
neg=$("$bin" -q --json $merged | jq -c 'select(.type == "connection" and .class == "no_shared_cipher") | .negotiation |
	[.server_handshakes, .suites.offered, .suites.accepted, .suites.common, .versions.common]')
if [ "$neg" = '[2,["TLS_RSA_WITH_AES_128_CBC_SHA"],["TLS_AES_128_GCM_SHA256","TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],[],["TLS1.2"]]' ]; then
	ok
else
	bad "negotiation diff (JSON): $neg"
fi
# A failure whose server never succeeded says so; an ok attempt has no diff.
if "$bin" -q -r pcaps/no-shared-cipher.pcap | grep -q '^  offer:    no handshake with .* had succeeded'; then ok; else bad "no history: not said"; fi
n=$("$bin" -q --json -r pcaps/go-client-ok-tls12.pcap | jq -r 'select(.type == "connection") | .negotiation')
if [ "$n" = null ]; then ok; else bad "ok attempt: negotiation $n"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
