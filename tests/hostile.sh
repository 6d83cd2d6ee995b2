#!/bin/sh
# hostile.sh — feeds tlsdiag captures that are empty, not captures, truncated, lying
# about their lengths, or full of garbage and impossible TLS, and checks the contract of
# ../shared/SPEC.md for bad input: no crash, no hang, no sanitizer report; a message on
# standard error naming the file (and the packet) that could not be read; exit status 1
# when input could not be read; everything readable still analysed and reported; and
# classes that make sense for each hostile connection.
#
# The captures are written by tests/hostile/gen.c (built here with cc), which also cuts
# up and reorders the ClientHello of a real sample capture, and by
# tests/hostile/pcap-edit.c, which changes one TLS detail of real captures of pcaps/ (a
# handshake length that lies, heartbeat and tls12_cid records inside a handshake).
#
# Usage: sh tests/hostile.sh TLSDIAG [SAMPLE.pcap]
#   TLSDIAG  the binary to test, normally the ASan+UBSan build (build/asan/tlsdiag)
#   SAMPLE   a classic pcap with a real connection (default pcaps/ok-tls13.pcap, else the
#            first pcaps/*.pcap)
# Prints one PASS/FAIL line per check; exits 1 when any check failed. Needs cc and jq.
set -u

bin=${1:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "usage: sh tests/hostile.sh TLSDIAG [SAMPLE.pcap]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
sample=${2:-$root/pcaps/ok-tls13.pcap}
if [ ! -f "$sample" ]; then
	sample=
	for f in "$root"/pcaps/*.pcap; do
		[ -f "$f" ] && { sample=$f; break; }
	done
fi
if [ -z "$sample" ]; then
	echo "hostile: no sample capture in $root/pcaps" >&2
	exit 2
fi
command -v jq >/dev/null 2>&1 || { echo "hostile: jq is needed" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hostile.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
caps=$tmp/caps
mkdir "$caps"

# Sanitizers stop at the first report, so a report cannot scroll past unnoticed.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

passed=0
failed=0

pass() {
	passed=$((passed + 1))
	echo "PASS $1"
}

# fail NAME DETAIL: the detail (what was seen) is printed indented under the line.
fail() {
	failed=$((failed + 1))
	echo "FAIL $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 12 | sed 's/^/    /'
	return 0
}

if ! cc -std=c11 -O1 -Wall -Wextra -o "$tmp/gen" "$here/hostile/gen.c" 2>"$tmp/cc.err"; then
	fail "build tests/hostile/gen.c" "$(cat "$tmp/cc.err")"
	exit 1
fi
if ! "$tmp/gen" "$caps" "$sample" 2>"$tmp/gen.err"; then
	fail "generate hostile captures from $sample" "$(cat "$tmp/gen.err")"
	exit 1
fi
pass "generate hostile captures from $(basename "$sample")"
# A link type nothing decodes: the sample with its file header's link type set to 147
# (LINKTYPE_USER0, private use: what a custom capture tool may write).
cp "$sample" "$caps/unknown-linktype.pcap" && chmod u+w "$caps/unknown-linktype.pcap"
printf '\223\000\000\000' | dd of="$caps/unknown-linktype.pcap" bs=1 seek=20 conv=notrunc 2>/dev/null

# A fact gen.c wrote for us: expect KEY
expect() {
	sed -n "s/^$1 //p" "$caps/expect.txt"
}

# run TAG ARGS...: runs tlsdiag with a 20 s limit; keeps TAG.out, TAG.err, TAG.rc.
if command -v timeout >/dev/null 2>&1; then
	limit="timeout 20"
else
	limit=
fi
run() {
	tag=$1
	shift
	$limit "$bin" "$@" >"$tmp/$tag.out" 2>"$tmp/$tag.err" </dev/null
	echo $? >"$tmp/$tag.rc"
}
rc() { cat "$tmp/$1.rc"; }

# Connections of a JSON run, one "client server class sni" line each, sorted.
table() {
	jq -r 'select(.type == "connection") | [.client, .server, .class, (.tls.sni // "-")] | @tsv' "$tmp/$1.out" \
		2>/dev/null | sort
}

# JSON records of a run whose client port is PORT.
conn() {
	jq -c --arg p ":$2" 'select(.type == "connection" and (.client | endswith($p)))' "$tmp/$1.out" 2>/dev/null
}

# check_sane TAG NAME: no crash, hang or sanitizer report, and a documented exit status.
check_sane() {
	r=$(rc "$1")
	if grep -Eq 'ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|runtime error|Segmentation fault' \
		"$tmp/$1.err"; then
		fail "$2: sanitizer report" "$(grep -E 'Sanitizer|runtime error|    #[0-9]' "$tmp/$1.err")"
	elif [ "$r" = 124 ]; then
		fail "$2: no hang (killed after 20 s)"
	elif [ "$r" != 0 ] && [ "$r" != 1 ] && [ "$r" != 3 ]; then
		fail "$2: exit status $r (crash?)" "$(tail -n 12 "$tmp/$1.err")"
	else
		pass "$2: no crash, hang or sanitizer report (exit $r)"
	fi
}

check_rc() {
	if [ "$(rc "$1")" = "$2" ]; then
		pass "$3: exit status $2"
	else
		fail "$3: exit status $2 expected, got $(rc "$1")" "$(cat "$tmp/$1.err")"
	fi
}

# check_stderr TAG NAME ERE WHAT: standard error matches ERE.
check_stderr() {
	if grep -Eq -- "$3" "$tmp/$1.err"; then
		pass "$2: standard error $4"
	else
		fail "$2: standard error $4" "stderr: $(cat "$tmp/$1.err")"
	fi
}

# check_same TAG REF NAME: the same connections, classes and names as REF.
check_same() {
	table "$1" >"$tmp/$1.table"
	table "$2" >"$tmp/$2.table"
	if [ ! -s "$tmp/$2.table" ]; then
		fail "$3: reference $2 reports no connection"
	elif cmp -s "$tmp/$1.table" "$tmp/$2.table"; then
		pass "$3: same connections, classes and SNI as $2 ($(wc -l <"$tmp/$2.table" | tr -d ' '))"
	else
		fail "$3: same connections, classes and SNI as $2" \
			"expected: $(cat "$tmp/$2.table")
got:      $(cat "$tmp/$1.table")"
	fi
}

check_no_connections() {
	n=$(table "$1" | wc -l | tr -d ' ')
	if [ "$n" = 0 ]; then
		pass "$2: reports no connection"
	else
		fail "$2: reports no connection" "$(table "$1")"
	fi
}

# check_class TAG PORT NAME CLASSES [JQ-CONDITION WHAT]: the connection from client port
# PORT has one of CLASSES ("a|b"), and optionally satisfies a jq condition.
check_class() {
	rec=$(conn "$1" "$2")
	got=$(printf '%s' "$rec" | jq -r '.class' 2>/dev/null | head -n 1)
	n=$(printf '%s' "$rec" | grep -c . )
	if [ "$n" != 1 ]; then
		fail "$3: one report for client port $2" "got $n: $(cat "$tmp/$1.out")"
		return
	fi
	case "|$4|" in
	*"|$got|"*) pass "$3: class $got (expected $4)" ;;
	*) fail "$3: class $4 expected, got $got" \
		"$(printf '%s' "$rec" | jq -r '"rule: \(.rule)\nsummary: \(.summary)\nevidence: \(.evidence | join(" / "))"')" ;;
	esac
	if [ $# -ge 6 ]; then
		if [ "$(printf '%s' "$rec" | jq -r "$5" 2>/dev/null)" = true ]; then
			pass "$3: $6"
		else
			fail "$3: $6" "$(printf '%s' "$rec" | jq -r '"summary: \(.summary)\nevidence: \(.evidence | join(" / "))\ntls.sni: \(.tls.sni)  tcp: \(.tcp)"')"
		fi
	fi
}

# ---- the sample itself: the reference for what must survive next to bad data ----

run sample --json -r "$sample"
check_sane sample "sample $(basename "$sample")"
check_rc sample 0 "sample"
if [ "$(table sample | wc -l)" -gt 0 ]; then
	pass "sample: reports its connection(s)"
else
	fail "sample: reports its connection(s)" "$(cat "$tmp/sample.err")"
fi

# ---- files that cannot be (fully) read: exit 1, the file named, the rest analysed ----

for name in empty text truncated-header truncated-packet huge-caplen bad-lengths unknown-linktype; do
	run "$name" --json -r "$caps/$name.pcap"
	check_sane "$name" "$name.pcap"
	check_rc "$name" 1 "$name.pcap"
	check_stderr "$name" "$name.pcap" "$name\\.pcap" "names the file"
done
for name in empty text truncated-header huge-caplen unknown-linktype; do
	check_no_connections "$name" "$name.pcap"
done
check_stderr unknown-linktype unknown-linktype.pcap "link type 147" "names the link type"
run batch-linktype --json -r "$caps/unknown-linktype.pcap" -r "$sample"
check_rc batch-linktype 1 "-r unknown-linktype.pcap -r sample"
check_same batch-linktype sample "-r unknown-linktype.pcap -r sample"
k=$(expect truncated-packet.packet)
check_stderr truncated-packet truncated-packet.pcap "packet $k([^0-9]|\$)" "names packet $k"
run sample-minus-last --json -r "$caps/sample-minus-last.pcap"
check_rc sample-minus-last 0 "sample-minus-last.pcap (the sample without its last record)"
check_same truncated-packet sample-minus-last "truncated-packet.pcap"
k=$(expect huge-caplen.packet)
check_stderr huge-caplen huge-caplen.pcap "packet $k([^0-9]|\$)" "names packet $k"
k=$(expect bad-lengths.first_bad_packet)
check_stderr bad-lengths bad-lengths.pcap "packet $k([^0-9]|\$)" "names packet $k (the first bad frame)"
k=$(expect bad-lengths.bad_frames)
check_stderr bad-lengths bad-lengths.pcap "(^|[^0-9])$k packet" "counts $k undecodable frames"
check_same bad-lengths sample "bad-lengths.pcap"

# The same truncated file through standard input.
$limit "$bin" --json -r - <"$caps/truncated-packet.pcap" >"$tmp/stdin.out" 2>"$tmp/stdin.err"
echo $? >"$tmp/stdin.rc"
check_sane stdin "truncated-packet.pcap on standard input"
check_rc stdin 1 "truncated-packet.pcap on standard input"
check_same stdin sample-minus-last "truncated-packet.pcap on standard input"

# ---- a bad file never stops a batch ----

run batch1 --json -r "$caps/empty.pcap" -r "$sample"
check_sane batch1 "-r empty.pcap -r sample"
check_rc batch1 1 "-r empty.pcap -r sample"
check_stderr batch1 "-r empty.pcap -r sample" "empty\\.pcap" "names empty.pcap"
check_same batch1 sample "-r empty.pcap -r sample"
run batch2 --json -r "$sample" -r "$caps/text.pcap" -r "$caps/truncated-header.pcap"
check_sane batch2 "-r sample -r text.pcap -r truncated-header.pcap"
check_rc batch2 1 "-r sample -r text.pcap -r truncated-header.pcap"
check_same batch2 sample "-r sample -r text.pcap -r truncated-header.pcap"

# ---- hostile TLS over well-formed TCP: the file reads fine (exit 0), the class fits ----

for name in garbage-443 record-16mb hello-16mb-full record-too-long hello-lies many-extensions \
	overlap-conflict seq-wrap snaplen-cut in-order-hello out-of-order-hello; do
	run "$name" --json -r "$caps/$name.pcap"
	check_sane "$name" "$name.pcap"
	check_rc "$name" 0 "$name.pcap"
done

# Pseudo-random bytes to port 443: plaintext to a TLS port (or, at a stretch, bad TLS).
check_class garbage-443 41000 garbage-443.pcap "not_tls|protocol_error"

# A ClientHello claiming 16 MB in a record that never completes / in a whole record: no
# verdict can be reached on the hello, or the analyzer calls it malformed.
check_class record-16mb 41100 record-16mb.pcap "protocol_error|incomplete"
check_class hello-16mb-full 41150 hello-16mb-full.pcap "protocol_error|incomplete"

# Record length 65535 > 2^14 + 2048: the analyzer finds the record malformed and says why.
for port in $(expect record-too-long.connections); do
	check_class record-too-long "$port" "record-too-long.pcap client port $port" protocol_error \
		'[.evidence[] | test("record length|65535")] | any' "evidence mentions the record length"
done

# Lengths that run past their block: malformed, with the byte offset.
for port in $(expect hello-lies.connections); do
	check_class hello-lies "$port" "hello-lies.pcap client port $port" protocol_error \
		'[.evidence[] | test("malformed at byte")] | any' "evidence says \"malformed at byte\""
done

# Thousands of extensions still parse; the server's reset (TTL and timing of the server)
# is the server's own.
sni=$(expect many-extensions.sni)
check_class many-extensions 41400 "many-extensions.pcap ($(expect many-extensions.count) empty extensions)" \
	server_reset ".tls.sni == \"$sni\"" "the ClientHello was parsed (SNI $sni)"
check_class many-extensions 41400 "many-extensions.pcap" server_reset \
	'.tcp.close == "rst" and .tcp.close_by == "server" and ([.summary, .evidence[]] | map(test("reset")) | any)' \
	"the close is reported as the server's reset"

# A conflicting retransmission: no crash, the first copy kept (reasm.h), the alert read.
sni=$(expect overlap-conflict.first_sni)
check_class overlap-conflict 41500 overlap-conflict.pcap no_shared_cipher ".tls.sni == \"$sni\"" \
	"the first copy of the conflicting bytes wins (SNI $sni)"

# Sequence numbers wrapping through 2^32 in the middle of an out-of-order hello.
sni=$(expect seq-wrap.sni)
check_class seq-wrap 41600 seq-wrap.pcap no_shared_cipher ".tls.sni == \"$sni\"" "hello reassembled (SNI $sni)"

# A hello cut by the snap length: the capture cannot tell, and says which packet was cut.
check_class snaplen-cut 41700 snaplen-cut.pcap incomplete
k=$(expect snaplen-cut.packet)
check_stderr snaplen-cut snaplen-cut.pcap "snaplen-cut\\.pcap.*packet $k([^0-9]|\$)" "names the file and the cut packet $k"

# The reordered hello must give the same analysis as the hello in order.
check_same out-of-order-hello in-order-hello "out-of-order-hello.pcap"
if [ "$(expect hello.source)" = sample ]; then
	check_same in-order-hello sample "in-order-hello.pcap (the sample rewritten)"
	check_same out-of-order-hello sample "out-of-order-hello.pcap vs the sample"
fi

# ---- real handshakes with one TLS detail changed by hand ----
# Hand-made: tests/hostile/pcap-edit.c edits real captures of pcaps/ (gnutls-serv and
# gnutls-cli over TLS 1.2 in ok-tls12-ipv6.pcap, OpenSSL over TLS 1.3 in ok-tls13.pcap).
# No real TLS stack sends a handshake message whose length lies, nor heartbeats or
# tls12_cid records in the middle of its handshake, so these cannot be captured; the
# packets around the change are the real ones. TCP checksums are recomputed all the same.

tls12=$root/pcaps/ok-tls12-ipv6.pcap
tls13=$root/pcaps/ok-tls13.pcap
if cc -std=c11 -O1 -Wall -Wextra -o "$tmp/pcap-edit" "$here/hostile/pcap-edit.c" 2>"$tmp/cc-edit.err"; then
	pass "build tests/hostile/pcap-edit.c"
else
	fail "build tests/hostile/pcap-edit.c" "$(cat "$tmp/cc-edit.err")"
fi
# edit NAME IN EDIT...: writes $caps/NAME.pcap and runs tlsdiag on it (tag NAME).
edit() {
	name=$1
	in=$2
	shift 2
	if [ ! -f "$in" ]; then
		fail "$name.pcap: $(basename "$in") is missing"
		return
	fi
	if "$tmp/pcap-edit" "$in" "$caps/$name.pcap" "$@" >"$tmp/$name.edit" 2>&1; then
		run "$name" --json -r "$caps/$name.pcap"
		check_sane "$name" "$name.pcap"
		check_rc "$name" 0 "$name.pcap"
	else
		fail "$name.pcap: pcap-edit $*" "$(cat "$tmp/$name.edit")"
	fi
}
run tls12 --json -r "$tls12"

# The server's Certificate (895 bytes, in a record of its own) claims 1200: read as
# claimed, it would swallow the ServerKeyExchange, CertificateRequest and
# ServerHelloDone records and end inside them. Its certificate list (892 bytes) gives
# the lie away at the record's end; the records after it are read as sent, and the
# ChangeCipherSpec and Finished both ways complete the handshake.
edit cert-length-lie "$tls12" hs-length server 11 1200
check_class cert-length-lie 40021 "cert-length-lie.pcap (Certificate claims 1200 bytes)" ok \
	'.rule == "handshake.complete" and ([.evidence[] | test("Certificate claims 1200 bytes; its certificate list claims 892")] | any)' \
	"the lying length is in the evidence, the handshake complete"
check_class cert-length-lie 40021 "cert-length-lie.pcap" ok \
	'.tls.client_cert_requested and .tls.stage == "after the server'"'"'s ChangeCipherSpec"' \
	"the CertificateRequest after the lie and both ChangeCipherSpecs were read"

# The ServerKeyExchange (329 bytes) claims 3000: nothing inside it tells, so it swallows
# the handshake records that follow until the server's ChangeCipherSpec arrives in the
# middle of it (RFC 8446 5.1, RFC 5246 6.2.1). Dropped there; the CCS and the encrypted
# Finished are still counted.
edit ske-length-lie "$tls12" hs-length server 12 3000
check_class ske-length-lie 40021 "ske-length-lie.pcap (ServerKeyExchange claims 3000 bytes)" ok \
	'.rule == "handshake.complete" and ([.evidence[] | test("ServerKeyExchange claims 3000 bytes; [0-9]+ arrived before a ChangeCipherSpec record")] | any)' \
	"the message cut by a ChangeCipherSpec is in the evidence, the handshake complete"
check_class ske-length-lie 40021 "ske-length-lie.pcap" ok \
	'.tls.stage == "after the server'"'"'s ChangeCipherSpec"' "the server's ChangeCipherSpec and Finished were read"

# Two HeartbeatRequests (RFC 6520) from the server after its first flight, one record
# of content type 25 (tls12_cid, RFC 9146) from the client after its ClientHello, three
# heartbeats from a TLS 1.3 client: counted and noted, and the verdict is the one of the
# real handshake.
edit heartbeat-tls12 "$tls12" insert server 24 2
check_same heartbeat-tls12 tls12 "heartbeat-tls12.pcap"
check_class heartbeat-tls12 40021 "heartbeat-tls12.pcap" ok \
	'.tls.heartbeat_records.server == 2 and ([.evidence[] | test("note: the server sent 2 Heartbeat records \\(content type 24\\) during the handshake")] | any)' \
	"the server's heartbeats are counted and noted"
edit cid-record-tls12 "$tls12" insert client 25 1
check_same cid-record-tls12 tls12 "cid-record-tls12.pcap"
check_class cid-record-tls12 40021 "cid-record-tls12.pcap" ok \
	'.tls.other_records.client == 1 and ([.evidence[] | test("content type 25 \\(tls12_cid\\)")] | any)' \
	"the client's tls12_cid record is counted and noted"
run tls13 --json -r "$tls13"
edit heartbeat-tls13 "$tls13" insert client 24 3
check_same heartbeat-tls13 tls13 "heartbeat-tls13.pcap"
check_class heartbeat-tls13 40011 "heartbeat-tls13.pcap" ok \
	'.tls.heartbeat_records.client == 3' "the client's heartbeats are counted"

# ---- pcapng: a broken block after good packets keeps the packets before it ----

# tlsdiag reads pcapng itself (src/pcapng.c). Each of these is a real pcapng of pcaps/
# (little-endian, as dumpcap writes on x86) with one damaged block appended after its
# last packet; the connections before the damage must all be reported, the damage named
# (block and byte offset) on standard error, and the exit status 1.
ng=$root/pcaps/ok-tls13.pcapng
if [ -f "$ng" ]; then
	run ng-ref --json -r "$ng"
	size=$(wc -c <"$ng" | tr -d ' ')
	# le32 N: four bytes, little-endian.
	le32() { printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"; }
	for damage in caplen zero huge truncated interface magic garbage; do
		f=$caps/ng-$damage.pcapng
		cp "$ng" "$f" && chmod u+w "$f"
		case $damage in
		caplen) # an Enhanced Packet Block whose captured length (200) runs past its 32 bytes
			{ le32 6; le32 32; le32 0; le32 0; le32 0; le32 200; le32 200; le32 32; } >>"$f"
			want="Enhanced Packet Block at byte $size: captured length 200 exceeds the block" ;;
		zero) # a block of length 0
			{ le32 6; le32 0; } >>"$f"
			want="Enhanced Packet Block at byte $size: block length 0 is too small" ;;
		huge) # a packet block of 4 GB
			{ le32 6; le32 4294967292; le32 0; } >>"$f"
			want="Enhanced Packet Block at byte $size: block length 4294967292 is past the bound" ;;
		truncated) # a block of 1000 bytes of which the file holds 16
			{ le32 6; le32 1000; le32 0; le32 0; } >>"$f"
			want="Enhanced Packet Block at byte $size: the file ends inside the block" ;;
		interface) # a packet of interface 7, which no Interface Description Block described
			{ le32 6; le32 32; le32 7; le32 0; le32 0; le32 0; le32 0; le32 32; } >>"$f"
			want="Enhanced Packet Block at byte $size: interface 7 was not described" ;;
		magic) # a second Section Header Block whose byte-order magic is neither order
			{ le32 168627466; le32 28; le32 305419896; le32 1; le32 4294967295; le32 4294967295; le32 28; } >>"$f"
			want="Section Header Block at byte $size: byte-order magic" ;;
		garbage) # text where the next block should be
			printf 'this is not a pcapng block at all\n' >>"$f"
			want="at byte $size" ;;
		esac
		run "ng-$damage" --json -r "$f"
		check_sane "ng-$damage" "ng-$damage.pcapng"
		check_rc "ng-$damage" 1 "ng-$damage.pcapng"
		check_stderr "ng-$damage" "ng-$damage.pcapng" "$want" "names the block and its offset"
		check_same "ng-$damage" ng-ref "ng-$damage.pcapng (the packets before the damage)"
	done
	# Cut inside a packet block of a capture with two interfaces: the packets before it.
	two=$root/pcaps/mixed-linktypes.pcapng
	if [ -f "$two" ]; then
		head -c $(($(wc -c <"$two") - 100)) "$two" >"$caps/ng-two-cut.pcapng"
		run ng-two-cut --json -r "$caps/ng-two-cut.pcapng"
		check_sane ng-two-cut "ng-two-cut.pcapng"
		check_rc ng-two-cut 1 "ng-two-cut.pcapng"
		check_stderr ng-two-cut "ng-two-cut.pcapng" "packet [0-9]+: .*Block at byte [0-9]+" "names the packet and block"
		n=$(table ng-two-cut | wc -l | tr -d ' ')
		if [ "$n" = 2 ]; then
			pass "ng-two-cut.pcapng: both connections still reported"
		else
			fail "ng-two-cut.pcapng: both connections still reported" "$(table ng-two-cut)"
		fi
	fi
fi

# ---- text output and a directory walk over everything ----

for f in "$caps"/*.pcap "$caps"/*.pcapng; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	name=${name%.*}
	run "text-$name" -a -r "$f"
	check_sane "text-$name" "$(basename "$f") (text output)"
done

expected=0
for f in "$caps"/*.pcap "$caps"/*.pcapng; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	name=${name%.*}
	[ -f "$tmp/$name.out" ] || run "$name" --json -r "$f"
	expected=$((expected + $(table "$name" | wc -l)))
done
run dir --json -r "$caps"
check_sane dir "-r DIRECTORY of all hostile captures"
check_rc dir 1 "-r DIRECTORY of all hostile captures"
got=$(table dir | wc -l | tr -d ' ')
if [ "$got" = "$expected" ]; then
	pass "-r DIRECTORY: reports the $expected connections the files give one by one"
else
	fail "-r DIRECTORY: reports the $expected connections the files give one by one" "got $got"
fi

echo "hostile: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
