#!/bin/sh
# cli.sh — the command line as tcpdump, jq and shell users use it (tlsdiag(1), OPTIONS):
#   - options after the filter expression; a bad filter is one usage error (exit 2)
#     before anything is read, even over a directory;
#   - -n accepted; -c N stops after N attempts shown, also on a stream that goes on;
#   - a capture named without -r is read; a missing one is a usage error that says so;
#   - -w - writes the packets to standard output (tcpdump reads them back) and the
#     report to standard error; -w writes every IP fragment of a reassembled segment;
#   - -r - and FIFOs report each attempt as soon as its outcome is known: while the
#     feeding pipe stalls, and a silent server after --handshake-timeout;
#   - --class, --since, --until, --server, --sni select attempts (text and JSON, the
#     summary counting only those); --oneline;
#   - exit status: 1 unreadable input, 3 failures with --fail-on-failures, 4 both;
#     a directory without a capture is an error;
#   - text times in local time with their zone, -u for UTC;
#   - the progress line: not when standard output is a pipe (a pager), --progress forces;
#   - --merge reads the -r inputs as one capture, whatever their order and form.
# Captures come from pcaps/ (real software); the streams are those captures fed through
# pipes that stall.
#
# Usage: sh tests/cli.sh TLSDIAG
# Prints "ok - CHECK" or "FAIL - CHECK: REASON" per check, then "N passed, M failed".
# "check && pass || fail" is used throughout: pass always succeeds.
# shellcheck disable=SC2015
set -u

bin=${1:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "usage: sh tests/cli.sh TLSDIAG" >&2
	exit 2
fi
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
pcaps=$(dirname "$here")/pcaps
for tool in jq od awk timeout mkfifo tcpdump script; do
	command -v "$tool" >/dev/null 2>&1 || { echo "cli: $tool is needed (make deps-test installs it)" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
cd "$tmp" || exit 2
export TZ=UTC

passed=0
failed=0
pass() {
	passed=$((passed + 1))
	echo "ok - $1"
	return 0
}
fail() {
	failed=$((failed + 1))
	echo "FAIL - $1: $2"
	return 0
}
# Seconds since the epoch, with decimals.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

expired=$pcaps/server-cert-expired.pcap     # one failed attempt (server_cert_rejected)
okcap=$pcaps/ok-tls13.pcap                  # one successful handshake
silent=$pcaps/no-server-response.pcap       # a server that never answers

# pcap_prefix FILE K: bytes of a classic pcap's file header and first K packet records.
pcap_prefix() {
	od -An -v -tu1 "$1" | awk -v k="$2" '
		{ for (i = 1; i <= NF; i++) b[n++] = $i }
		END {
			off = 24
			for (r = 0; r < k && off + 16 <= n; r++)
				off += 16 + b[off + 8] + 256 * b[off + 9] + 65536 * b[off + 10]
			print off
		}'
}

# ---- 1: options after the filter; one usage error for a bad filter ----
out=$("$bin" -r "$expired" port 443 --json 2>err.txt)
rc=$?
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | jq -r 'select(.type == "connection") | .class')" = server_cert_rejected ] &&
	pass "options after the filter expression (-r X port 443 --json)" ||
	fail "options after the filter expression" "exit $rc: $(head -c 300 err.txt)"
"$bin" -r "$pcaps" 'port 44x3' >out.txt 2>err.txt
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <err.txt)" -eq 1 ] && [ ! -s out.txt ] && grep -q "can't parse filter" err.txt &&
	pass "a bad filter over a directory: one message, exit 2, nothing read" ||
	fail "a bad filter over a directory" "exit $rc, $(wc -l <err.txt) line(s) on stderr, $(wc -c <out.txt) byte(s) out"
"$bin" -r "$expired" 'vlan and tcp' >/dev/null 2>err.txt &&
	pass "a filter valid for some link types is not refused" ||
	fail "a filter valid for some link types" "$(cat err.txt)"

help=$("$bin" --help)
missing=""
for heading in "Input:" "Which attempts:" "Output:" "Live capture (-i):" "Limits:" "Exit status:"; do
	printf '%s\n' "$help" | grep -q "^$heading" || missing="$missing \"$heading\""
done
[ -z "$missing" ] && pass "--help groups the options under headings" || fail "--help headings" "missing:$missing"

# ---- 2: -n, -c, a capture without -r ----
"$bin" -n -r "$expired" >/dev/null 2>err.txt && pass "-n is accepted" || fail "-n is accepted" "$(head -c 200 err.txt)"
n=$("$bin" -q -c 2 --oneline -r "$pcaps" | grep -c ' -> ')
[ "$n" -eq 2 ] && pass "-c 2 shows 2 attempts of a directory" || fail "-c 2 over a directory" "$n attempts shown"
n=$("$bin" -q -c 1 --json -r "$pcaps" | jq -c 'select(.type == "connection")' | wc -l)
[ "$n" -eq 1 ] && pass "-c 1 --json writes one attempt" || fail "-c 1 --json" "$n attempts written"
# A stream that goes on for a minute: -c 1 ends the run after its first attempt.
mkfifo fifo1
(cat "$expired"; exec sleep 60) >fifo1 &
feeder=$!
start=$(now)
timeout 30 "$bin" -q -c 1 --oneline -r fifo1 >out.txt 2>err.txt
rc=$?
took=$(elapsed "$start" "$(now)")
kill "$feeder" 2>/dev/null
[ $rc -eq 0 ] && grep -q server_cert_rejected out.txt && awk -v t="$took" 'BEGIN { exit !(t < 10) }' &&
	pass "-c 1 on a stream that goes on ends after its first attempt (${took} s)" ||
	fail "-c 1 on a stream that goes on" "exit $rc after ${took} s: $(head -c 200 out.txt err.txt)"
"$bin" "$expired" --oneline >out.txt 2>err.txt && grep -q server_cert_rejected out.txt &&
	pass "a capture named without -r is read" || fail "a capture named without -r" "$(head -c 200 err.txt)"
"$bin" missing.pcap >out.txt 2>err.txt
rc=$?
[ $rc -eq 2 ] && grep -q 'missing.pcap: No such file' err.txt && grep -q -- '-r' err.txt && [ "$(wc -l <err.txt)" -eq 1 ] &&
	pass "a missing capture named without -r: one line saying so, exit 2" ||
	fail "a missing capture named without -r" "exit $rc: $(head -c 300 err.txt)"

# ---- 3: -w - ----
"$bin" -w - -r "$expired" >w.pcap 2>err.txt
rc=$?
if [ $rc -ne 0 ]; then
	fail "-w - writes the packets to standard output" "exit $rc: $(head -c 200 err.txt)"
else
	[ "$(od -An -tx1 -N4 w.pcap | tr -d ' ')" = 0a0d0d0a ] && grep -q server_cert_rejected err.txt &&
		pass "-w -: a pcapng on standard output, the report on standard error" ||
		fail "-w -" "standard output does not start with a pcapng header, or the report is not on stderr"
	got=$("$bin" --json -r - <w.pcap 2>/dev/null | jq -r 'select(.type == "connection") | .class')
	[ "$got" = server_cert_rejected ] && pass "-w - read back through a pipe tells the same story" ||
		fail "-w - read back" "class \"$got\""
	n=$("$bin" -w - -r "$expired" 2>/dev/null | tcpdump -nr - 2>/dev/null | wc -l)
	[ "$n" -gt 5 ] && pass "tlsdiag -w - -r X | tcpdump -r - ($n packets)" || fail "tlsdiag -w - | tcpdump -r -" "$n packets"
fi
# A refused handshake whose segments came in IP fragments: -w writes every fragment, so
# the file read back reassembles the same datagrams and tells the same story.
"$bin" -q -w w-frag.pcap -r "$pcaps/ip-fragments.pcap" >/dev/null 2>&1
back=$("$bin" --json -r w-frag.pcap 2>/dev/null | jq -r 'select(.type == "connection" and .outcome == "failed") | .class')
frags=$("$bin" --json -r w-frag.pcap 2>/dev/null | jq -c 'select(.type == "file") | .ip_fragments | [.datagrams > 0, .dropped]')
[ "$back" = client_cert_rejected ] && [ "$frags" = '[true,0]' ] &&
	pass "-w keeps every IP fragment of a reassembled segment (read back: $back)" ||
	fail "-w with IP fragments" "read back: \"$back\", ip_fragments $frags"

# ---- 4: streams report as they go ----
# stalled FILE BYTES FIFO: FILE's first BYTES into FIFO, then a pause longer than any
# check waits, in the background; $feeder is the pausing process (the FIFO's writer).
stalled() {
	(head -c "$2" "$1"; exec sleep 60) >"$3" &
	feeder=$!
}
# first_line FIFO ARGS...: seconds until tlsdiag ARGS -r FIFO writes its first line
# (which is kept in first.txt); the writer of FIFO is then stopped, which ends the run.
first_line() {
	fifo=$1
	shift
	start=$(now)
	timeout 20 "$bin" "$@" -r "$fifo" 2>/dev/null | {
		IFS= read -r line
		printf '%s\n' "$line" >first.txt
		elapsed "$start" "$(now)"
		kill "$feeder" 2>/dev/null
		cat >/dev/null
	}
}
size=$(wc -c <"$expired")
mkfifo fifo2 fifo3
stalled "$expired" "$size" fifo2
t=$(first_line fifo2 -q --oneline)
awk -v t="$t" 'BEGIN { exit !(t != "" && t < 5) }' && grep -q server_cert_rejected first.txt &&
	pass "a FIFO: an attempt is shown while its writer stalls (after ${t} s)" ||
	fail "a FIFO streams" "first line after \"${t}\" s: $(cat first.txt)"
n4=$(pcap_prefix "$silent" 4)
stalled "$silent" "$n4" fifo3
t=$(first_line fifo3 -q --oneline --handshake-timeout 1)
awk -v t="$t" 'BEGIN { exit !(t != "" && t < 5) }' && grep -q no_server_response first.txt &&
	pass "a silent server is decided after --handshake-timeout while the FIFO stalls (${t} s)" ||
	fail "a silent server on a stalled FIFO" "first line after \"${t}\" s: $(cat first.txt)"
# Standard input, as from tcpdump -U -w - or ssh: the same, read from a pipe. The pipe's
# writer ends with the test; the check reads the first line only.
start=$(now)
t=$( { cat "$expired"; sleep 5; } | { timeout 20 "$bin" -q --oneline -r - 2>/dev/null | {
	IFS= read -r line; printf '%s\n' "$line" >first.txt; elapsed "$start" "$(now)"; cat >/dev/null; }; })
awk -v t="$t" 'BEGIN { exit !(t != "" && t < 4) }' && grep -q server_cert_rejected first.txt &&
	pass "-r -: an attempt is shown while the pipe stalls (after ${t} s of 5)" ||
	fail "-r - streams" "first line after \"${t}\" s of 5: $(cat first.txt)"

# ---- 5: selection and --oneline ----
total=$("$bin" -q --json -r "$pcaps" | jq -c 'select(.type == "connection")' | wc -l)
sel=$("$bin" -q --json --class alpn_mismatch,missing_sni -r "$pcaps" | jq -r 'select(.type == "connection") | .class' | sort -u | tr '\n' ' ')
[ "$sel" = "alpn_mismatch missing_sni " ] && pass "--class LIST selects those classes (JSON)" ||
	fail "--class LIST (JSON)" "classes \"$sel\""
n=$("$bin" -q --class failed --oneline -a -r "$pcaps" | grep -c ' ok (')
[ "$n" -eq 0 ] && pass "--class failed leaves out ok, even with -a" || fail "--class failed" "$n ok line(s)"
"$bin" --class nonsense -r "$expired" >/dev/null 2>err.txt
[ $? -eq 2 ] && grep -q nonsense err.txt && pass "--class with an unknown class is a usage error" ||
	fail "--class nonsense" "$(cat err.txt)"
summary=$("$bin" -q --class server_cert_rejected -r "$pcaps" | grep '^== [0-9]* attempt')
n=$("$bin" -q --json --class server_cert_rejected -r "$pcaps" | jq -c 'select(.type == "connection")' | wc -l)
case $summary in
"== $n attempt(s): 0 ok, $n failed, 0 incomplete"*) pass "the summary counts the selected attempts only ($n of $total)" ;;
*) fail "the summary of a selection" "\"$summary\" for $n selected" ;;
esac
ts=$("$bin" --json -r "$expired" | jq -r 'select(.type == "connection") | .ts')
n_at=$("$bin" -q --json --since "$ts" --until 2099-01-01 -r "$expired" | jq -c 'select(.type == "connection")' | wc -l)
n_after=$("$bin" -q --json --since 2099-01-01T00:00:00Z -r "$expired" | jq -c 'select(.type == "connection")' | wc -l)
n_before=$("$bin" -q --json --until "$ts" -r "$expired" | jq -c 'select(.type == "connection")' | wc -l)
[ "$n_at" -eq 1 ] && [ "$n_after" -eq 0 ] && [ "$n_before" -eq 0 ] &&
	pass "--since is inclusive, --until exclusive, at the record's own ts" ||
	fail "--since/--until" "at ts: $n_at, after: $n_after, before: $n_before"
for t in 1700000000 2026-12-02 "2026-12-02 20:58" 2026-12-02T20:58:15Z 2026-12-02T21:58:15+01:00; do
	"$bin" -q --since "$t" -r "$expired" >/dev/null 2>err.txt || { fail "--since \"$t\"" "$(cat err.txt)"; continue; }
done
pass "--since takes epoch seconds, dates, times and zones"
"$bin" --since yesterday -r "$expired" >/dev/null 2>&1
[ $? -eq 2 ] && pass "--since with a word is a usage error" || fail "--since yesterday" "accepted"
a=$("$bin" -q --json --server '198.18.1.*' -r "$expired" | jq -c 'select(.type == "connection")' | wc -l)
b=$("$bin" -q --json --server '*:8443' -r "$expired" | jq -c 'select(.type == "connection")' | wc -l)
c=$("$bin" -q --json --server '198.18.1.2:443' -r "$expired" | jq -c 'select(.type == "connection")' | wc -l)
[ "$a" -eq 1 ] && [ "$b" -eq 0 ] && [ "$c" -eq 1 ] && pass "--server matches the address with or without its port" ||
	fail "--server GLOB" "198.18.1.*: $a, *:8443: $b, 198.18.1.2:443: $c"
a=$("$bin" -q --json --sni '*.EXAMPLE.test' -r "$expired" | jq -c 'select(.type == "connection")' | wc -l)
b=$("$bin" -q --json --sni 'other.*' -r "$expired" | jq -c 'select(.type == "connection")' | wc -l)
c=$("$bin" -q --json --sni '' -r "$pcaps/missing-sni.pcap" | jq -c 'select(.type == "connection")' | wc -l)
[ "$a" -eq 1 ] && [ "$b" -eq 0 ] && [ "$c" -ge 1 ] && pass "--sni matches case-insensitively; '' selects hellos without SNI" ||
	fail "--sni GLOB" "*.EXAMPLE.test: $a, other.*: $b, '' on missing-sni: $c"
line=$("$bin" --oneline -r "$expired" | head -n 1)
case $line in
"2026-12-02 20:58:15.314205 UTC  198.18.0.2:40491 -> 198.18.1.2:443  sni=www.example.test  server_cert_rejected (high)  client refused"*)
	pass "--oneline: time, client, server, SNI, class, confidence, summary" ;;
*) fail "--oneline" "$line" ;;
esac
n=$("$bin" --oneline -a -r "$pcaps/ok-tls13.pcap" -r "$expired" | grep -c ' -> .*\]$')
[ "$n" -eq 2 ] && pass "--oneline over several captures names the file on each line" ||
	fail "--oneline over several captures" "$n line(s) end with the file's name"

# ---- 6: exit status ----
"$bin" -q -r "$okcap" -r missing.pcap --fail-on-failures >/dev/null 2>&1
r1=$?
"$bin" -q -r "$expired" --fail-on-failures >/dev/null 2>&1
r3=$?
"$bin" -q -r "$expired" -r missing.pcap --fail-on-failures >/dev/null 2>&1
r4=$?
"$bin" -q -r "$expired" -r missing.pcap >/dev/null 2>&1
r1b=$?
[ $r1 -eq 1 ] && [ $r3 -eq 3 ] && [ $r4 -eq 4 ] && [ $r1b -eq 1 ] &&
	pass "exit 1 unreadable, 3 failed, 4 both (with --fail-on-failures)" ||
	fail "exit status" "unreadable $r1, failed $r3, both $r4, both without --fail-on-failures $r1b"
mkdir empty notcaps
echo hello >notcaps/readme.txt
"$bin" -r empty >out.txt 2>err.txt
rc=$?
[ $rc -eq 1 ] && grep -q 'no capture found under empty' err.txt && pass "an empty directory: \"no capture found\", exit 1" ||
	fail "an empty directory" "exit $rc: $(cat err.txt)"
"$bin" -r notcaps >out.txt 2>err.txt
rc=$?
[ $rc -eq 1 ] && grep -q 'no capture found under notcaps' err.txt &&
	pass "a directory of files that are not captures: exit 1" || fail "a directory without captures" "exit $rc: $(cat err.txt)"

# ---- 7: times ----
line=$(TZ=XYZ-1 "$bin" -r "$expired" | grep -m1 ' -> ')
case $line in
"2026-12-02 21:58:15.314205 XYZ "*) pass "text times in local time with the zone (TZ=XYZ-1)" ;;
*) fail "text times in local time" "$line" ;;
esac
line=$(TZ=XYZ-1 "$bin" -u -r "$expired" | grep -m1 ' -> ')
case $line in
"2026-12-02 20:58:15.314205 UTC "*) pass "-u: text times in UTC" ;;
*) fail "-u" "$line" ;;
esac
first=$("$bin" -r "$expired" | head -n 1)
[ "$first" = "== $expired" ] && pass "a single capture's text output names the file" || fail "the file named" "$first"

# ---- 7b: what is cut for a terminal, and --full ----
try=$("$bin" -r "$expired" | grep '^  try: ')
full=$("$bin" --full -r "$expired" | grep '^  try: ')
json=$("$bin" --json -r "$expired" | jq -r 'select(.type == "connection") | .try')
case $try in
*"...'  # +"*" suites: --full") [ ${#try} -lt 200 ] && [ "  try:      $json" = "$full" ] &&
	pass "try: cut to a few suites (${#try} of ${#full} characters), whole with --full and in JSON" ||
	fail "try: cut" "${#try} characters, --full differs from JSON .try" ;;
*) fail "try: cut" "$try" ;;
esac
n_cut=$("$bin" -q -r "$pcaps" | grep -c 'more (--full')
n_full=$("$bin" -q --full -r "$pcaps" | grep -c 'more (--full')
[ "$n_cut" -gt 0 ] && [ "$n_full" -eq 0 ] && pass "--full: summary lists whole ($n_cut cut without it)" ||
	fail "--full" "$n_cut cut lists without, $n_full with"

# ---- 8: progress ----
{
	# Standard error on a terminal, standard output a pipe (as to less): no progress line.
	timeout 60 script -qec "$(printf "sh -c 'cat %s; sleep 2' | %s -r - -r %s | cat >/dev/null" "$okcap" "$bin" "$pcaps")" \
		/dev/null </dev/null >pty1.tty 2>&1
	timeout 60 script -qec "$(printf "sh -c 'cat %s; sleep 2' | %s --progress -r - -r %s | cat >/dev/null" "$okcap" "$bin" "$pcaps")" \
		/dev/null </dev/null >pty2.tty 2>&1
	if grep -q 'files,' pty1.tty; then
		fail "no progress line when standard output is a pipe" "$(grep -m1 'files,' pty1.tty | od -c | head -n 2)"
	else
		pass "no progress line when standard output is a pipe (a pager)"
	fi
	grep -q 'files,' pty2.tty && pass "--progress shows it anyway" || fail "--progress" "no progress line"
}

# ---- 9: JSON that joins other tools ----
"$bin" -q --json -r "$pcaps" >all.json 2>/dev/null
shapes=$(jq -c 'select(.type == "connection") | [keys, (.tls | keys), (.tcp | keys), (.certs | keys)]' all.json | sort -u | wc -l)
[ "$shapes" -eq 1 ] && pass "every connection record has every key (null when unknown)" ||
	fail "every key on every record" "$shapes different key sets"
bad=$(jq -c 'select(.type == "connection") | . as $r | select(
	($r.ts | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) != ($r.ts_epoch | floor)
	or $r.client != (if ($r.src_ip | contains(":")) then "[" + $r.src_ip + "]" else $r.src_ip end) + ":" + ($r.src_port | tostring)
	or ($r.server | endswith(":" + ($r.dest_port | tostring)) | not)
	or $r.frames.first > $r.frames.last) | .client' all.json 2>&1 | wc -l)
good=$(jq -c 'select(.type == "connection")' all.json | wc -l)
[ "$bad" -eq 0 ] && [ "$good" -gt 100 ] && pass "ts_epoch, src_ip/src_port, dest_ip/dest_port and frames agree with ts, client, server ($good records)" ||
	fail "ts_epoch, src/dest, frames" "$bad line(s) of disagreement or error"
n=$(jq -r 'select(.type == "connection") | select(.ja4s == null and .tls.server_version != null and .tls.server_version != "SSL2") | .server' all.json | wc -l)
[ "$n" -eq 0 ] && pass "JA4S and JA3S on every attempt with a ServerHello" || fail "JA4S" "$n attempt(s) with a ServerHello lack it"
two=$pcaps/ok-tls12-resumed.pcap   # two connections: the second starts at packet 18
a=$("$bin" --json -r "$two" | jq -c 'select(.type == "connection") | .frames' | tail -n 1)
port=$("$bin" --json -r "$two" | jq -r 'select(.type == "connection") | .src_port' | tail -n 1)
b=$("$bin" --json -r "$two" "tcp port $port" | jq -c 'select(.type == "connection") | .frames')
[ -n "$a" ] && [ "$a" = "$b" ] && pass "frame numbers are the file's, whatever the filter leaves out ($a)" ||
	fail "frame numbers under a filter" "unfiltered $a, filtered $b"

# ---- 10: key logs where the captures are ----
rej=$pcaps/client-cert-rejected-tls13     # TLS 1.3: low confidence without keys, high with
conf() { jq -r 'select(.type == "connection") | .class + " " + .confidence' | head -n 1; }
mkdir -p keys/a keys/b
cp "$rej.pcap" keys/a/
cp "$rej.keylog" keys/a/session.txt        # found by its lines, not its name
cp "$rej.pcap" keys/b/
got=$("$bin" --json -r keys 2>err.txt | jq -r 'select(.type == "connection") | .file + " " + .confidence' | sort | tr '\n' ' ')
[ "$got" = "keys/a/client-cert-rejected-tls13.pcap high keys/b/client-cert-rejected-tls13.pcap low " ] &&
	grep -q 'keys/a: 1 key log(s) beside the captures' err.txt && ! grep -q 'session.txt.*not a capture' err.txt &&
	pass "a key log in a walked directory is used for the captures beside it, and said" ||
	fail "a key log beside the captures" "$got / $(head -c 300 err.txt)"
"$bin" --json -r "$rej.pcap" -r keys/a/session.txt 2>err.txt >out.json
[ "$(conf <out.json)" = "client_cert_rejected high" ] && grep -q 'used for every capture' err.txt &&
	pass "a key log named with -r is used for every capture" || fail "-r KEYLOG" "$(conf <out.json): $(head -c 200 err.txt)"
[ "$("$bin" --json --keylog keys/a -r "$rej.pcap" 2>/dev/null | conf)" = "client_cert_rejected high" ] &&
	pass "--keylog DIR reads every key log in it" || fail "--keylog DIR" "not decrypted"
(cd keys/a && zip -q ../after.zip client-cert-rejected-tls13.pcap session.txt && zip -q ../before.zip session.txt client-cert-rejected-tls13.pcap)
[ "$("$bin" --json -r keys/after.zip 2>/dev/null | conf)" = "client_cert_rejected high" ] &&
	pass "a bundle's key log is used for its captures, also those before it" || fail "bundle key log after the capture" "not decrypted"
[ "$("$bin" --json -r - <keys/before.zip 2>/dev/null | conf)" = "client_cert_rejected high" ] &&
	pass "a streamed bundle's key log is used for the captures after it" || fail "streamed bundle, key log first" "not decrypted"
"$bin" --json -r - <keys/after.zip 2>err.txt >out.json
[ "$(conf <out.json)" = "client_cert_rejected low" ] && grep -q 'those before it were read without it' err.txt &&
	pass "a streamed bundle's key log after its capture: said, not silently lost" ||
	fail "streamed bundle, key log last" "$(conf <out.json): $(head -c 200 err.txt)"
# -w: pcapng with each failure's verdict as a packet comment and its secrets in a
# Decryption Secrets Block: read back without --keylog, the story is the same.
"$bin" -q -w keyed.pcapng --keylog "$rej.keylog" -r "$rej.pcap" >/dev/null 2>&1
back=$("$bin" --json -r keyed.pcapng 2>/dev/null | conf)
comment=$(grep -a -c 'tlsdiag: client_cert_rejected (high) alert.client_cert_rejected' keyed.pcapng)
[ "$(od -An -tx1 -N4 keyed.pcapng | tr -d ' ')" = 0a0d0d0a ] && [ "$back" = "client_cert_rejected high" ] && [ "$comment" -ge 1 ] &&
	pass "-w writes pcapng: the verdict as a packet comment, the secrets inside (read back: $back)" ||
	fail "-w pcapng with comments and secrets" "read back: $back, comment found: $comment"
# A key log without the traffic secrets opens the handshake, not the alert after it: never ok.
for c in client-cert-rejected-tls13 client-cert-missing-tls13; do
	grep -v 'TRAFFIC_SECRET_0' "$pcaps/$c.keylog" >partial.keylog
	got=$("$bin" --json --keylog partial.keylog -r "$pcaps/$c.pcap" 2>/dev/null | conf)
	case $got in
	ok*) fail "a key log without traffic secrets: $c" "$got" ;;
	*) pass "a key log without traffic secrets is no evidence of a quiet close ($c: $got)" ;;
	esac
done

# ---- 11: the build names missing packages ----
out=$(sh "$here/install-deps.sh" --check libtlsdiag-no-such-package-dev 2>&1)
rc=$?
case $out in
*"missing Debian packages: libtlsdiag-no-such-package-dev"*"make deps"*) [ $rc -eq 1 ] &&
	pass "the build's package check names what is missing and the command" ||
	fail "the build's package check" "exit $rc" ;;
*) fail "the build's package check" "$out" ;;
esac

# ---- 12: --merge: the two directions of a mirror, one file each, read as one ----
split=$pcaps/split/mirror-split-files
classes() { jq -r 'select(.type == "connection") | .client + " " + .class' | sort | tr '\n' ' '; }
want="198.18.0.2:49611 ok 198.18.0.2:49612 version_mismatch "
got=$("$bin" --json --merge -r "$split.in.pcap" -r "$split.out.pcap" 2>/dev/null | classes)
[ "$got" = "$want" ] && pass "--merge joins the two directions into one connection each ($got)" ||
	fail "--merge joins the two directions" "got: $got"
got=$("$bin" --json --merge -r "$split.out.pcap" -r "$split.in.pcap" 2>/dev/null | classes)
[ "$got" = "$want" ] && pass "--merge: the order of the -r inputs does not matter" ||
	fail "--merge, inputs the other way round" "got: $got"
gzip -c "$split.in.pcap" >in.pcap.gz
got=$("$bin" --json --merge -r in.pcap.gz -r - <"$split.out.pcap" 2>/dev/null | classes)
[ "$got" = "$want" ] && pass "--merge: a compressed input and standard input" ||
	fail "--merge of a compressed input and standard input" "got: $got"
got=$("$bin" --json -j 2 --merge -r "$split.in.pcap" -r "$split.out.pcap" 2>/dev/null | classes)
[ "$got" = "$want" ] && pass "--merge with -j 2" || fail "--merge with -j 2" "got: $got"
got=$("$bin" --json -r "$split.in.pcap" -r "$split.out.pcap" 2>/dev/null | jq -r 'select(.type == "connection") | .class' | grep -c .)
[ "$got" = 4 ] && pass "without --merge each file is its own capture (4 one-sided attempts)" ||
	fail "without --merge" "got $got attempts"
got=$(timeout 20 "$bin" --json -c 1 --merge -r "$split.in.pcap" -r "$split.out.pcap" 2>/dev/null | jq -r 'select(.type == "connection") | .class' | grep -c .)
[ "$got" = 1 ] && pass "--merge -c 1 stops after one attempt" || fail "--merge -c 1" "got $got"
"$bin" --merge -i lo >/dev/null 2>err.txt
rc=$?
[ $rc -eq 2 ] && grep -q -- "--merge" err.txt && pass "--merge with -i is a usage error" ||
	fail "--merge -i" "exit $rc: $(cat err.txt)"
"$bin" --merge -r "$split.in.pcap" -r no-such-file.pcap >/dev/null 2>err.txt
rc=$?
[ $rc -eq 1 ] && grep -q "no-such-file.pcap" err.txt && pass "--merge: an unreadable input is said, exit 1" ||
	fail "--merge with a missing input" "exit $rc: $(cat err.txt)"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
