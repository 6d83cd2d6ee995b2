#!/bin/sh
# batch.sh — batch triage of the kind of archive customers send: a directory tree with
# nested folders, plain and compressed captures, zip and tar bundles (one inside
# another), a capture with a misleading name, text files, corrupt captures, a symbolic
# link loop and an empty file. Checks, against the captures in pcaps/:
#   - every capture placed anywhere in the archive is reported under its name
#     (DIR/a/x.pcap, DIR/a/x.pcap.gz, DIR/b.zip:inner/y.pcap, DIR/c.tar.gz:d.zip:z.pcap)
#     with the same (client, server, class) as the original file;
#   - per-file records, error records for what could not be read, one summary at the end;
#   - notes for files that are not captures, errors for corrupt ones, exit status 1 with
#     them and 0 without them, no endless walk through the link loop;
#   - -j 1, -j 2 and -j 4 print the same bytes (text and JSON);
#   - the summary agrees with the records, and --summarize rebuilds it from the records
#     of runs over single files (GNU parallel), from one or several NDJSON files;
#   - a progress line only when standard error is a terminal, and not with -q;
#   - -w across the batch: one output per link type, holding every failed attempt;
#   - a compressed capture on standard input; a path that does not exist.
# The archive is built in a temporary directory (removed on exit) from pcaps/*.pcap and
# pcaps/ok-tls13.pcapng.
#
# Usage: sh tests/batch.sh TLSDIAG
# Prints "ok - CHECK" or "FAIL - CHECK: REASON" per check, then "N passed, M failed";
# exits 1 when a check failed, 2 when it cannot run at all.
# Needs gzip, zstd, xz, bzip2, zip, tar, jq, GNU parallel, util-linux script, coreutils.
# "check && pass || fail" is used throughout: pass always succeeds.
# shellcheck disable=SC2015
set -u

bin=${1:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "usage: sh tests/batch.sh TLSDIAG" >&2
	exit 2
fi
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
pcaps=$(dirname "$here")/pcaps
for tool in gzip zstd xz bzip2 zip tar jq od awk timeout; do
	command -v "$tool" >/dev/null 2>&1 || { echo "batch: $tool is needed (make deps-test installs it)" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/batch.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# A hang (a walk through the link loop, a stream read that never ends) fails the check
# that met it instead of the whole test.
limit=30

passed=0
failed=0
tab=$(printf '\t')

pass() {
	passed=$((passed + 1))
	echo "ok - $1"
	return 0
}

# fail CHECK REASON [DETAIL]: the detail (what was seen) is printed indented below.
fail() {
	failed=$((failed + 1))
	echo "FAIL - $1: $2"
	[ -n "${3:-}" ] && printf '%s\n' "$3" | head -n 8 | sed 's/^/    /'
	return 0
}

# Names as the report prints them are long temporary paths; messages show them shorter.
short() {
	printf '%s\n' "$1" | sed "s|$tmp/||g"
}

# run OUT ERR ARGS...: runs the binary with a time limit; the exit status is in $rc.
run() {
	_out=$1
	_err=$2
	shift 2
	timeout "$limit" "$bin" "$@" >"$_out" 2>"$_err"
	rc=$?
}

# Quoted for a shell command line (script -c).
shq() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# ---- fixture building ----

# le32 FILE OFFSET: the little-endian 32-bit value there (pcap headers are little-endian
# here, whatever the machine's byte order)
le32() {
	od -An -v -tu1 -j "$2" -N 4 "$1" | awk '{ n = 0; for (i = NF; i >= 1; i--) n = n * 256 + $i; printf "%d", n }'
}

# out_linktype FILE: the link type of a -w output (pcapng: its first interface's, after
# the section header, whose length is at offset 4).
out_linktype() {
	shb=$(le32 "$1" 4)
	echo $(($(le32 "$1" $((shb + 8))) & 65535))
}

# Rewrites a classic little-endian Ethernet pcap as Linux cooked v2 (SLL2, what
# `tcpdump -i any` writes): each frame's 14-byte Ethernet header becomes a 20-byte SLL2
# header with the same protocol and source address; packets from the first packet's
# sender are marked outgoing. Gives a failed attempt in a second link type.
ether_to_sll2() {
	od -An -v -tu1 "$1" | awk '
	function le32(o) { return b[o] + b[o + 1] * 256 + b[o + 2] * 65536 + b[o + 3] * 16777216 }
	function put(v) { printf "\\%03o", v }
	function put32(v) { put(v % 256); put(int(v / 256) % 256); put(int(v / 65536) % 256); put(int(v / 16777216) % 256) }
	{ for (i = 1; i <= NF; i++) b[n++] = $i }
	END {
		if (n < 24 || b[0] != 212 || b[1] != 195 || b[2] != 178 || b[3] != 161 || le32(20) != 1)
			exit 1
		for (i = 0; i < 20; i++)
			put(b[i])
		put32(276)
		o = 24
		first = -1
		while (o + 16 <= n) {
			incl = le32(o + 8)
			orig = le32(o + 12)
			d = o + 16
			if (incl < 14 || d + incl > n)
				exit 1
			if (first < 0)
				first = d
			out = 1
			for (i = 6; i < 12; i++)
				if (b[d + i] != b[first + i])
					out = 0
			for (i = 0; i < 8; i++)
				put(b[o + i])
			put32(incl + 6)
			put32(orig + 6)
			put(b[d + 12]); put(b[d + 13]); put(0); put(0)  # protocol, reserved
			put(0); put(0); put(0); put(2)                   # interface index
			put(0); put(1); put(out ? 4 : 0); put(6)         # ARPHRD_ETHER, direction, address length
			for (i = 6; i < 12; i++)
				put(b[d + i])
			put(0); put(0)
			for (i = 14; i < incl; i++)
				put(b[d + i])
			o = d + incl
		}
		if (o != n)
			exit 1
	}' >"$tmp/sll2.esc" || return 1
	# The escapes are the format: printf turns each \ooo into its byte.
	# shellcheck disable=SC2059
	printf "$(cat "$tmp/sll2.esc")" >"$2"
}

# A capture cut in the middle of its second packet.
make_truncated() {
	len1=$(le32 "$1" 32)
	head -c $((24 + 16 + len1 + 16 + 10)) "$1" >"$2"
}

# A valid file header, then a packet header whose lengths are garbage (2 GB, and a
# captured length larger than the original one).
make_garbage_lengths() {
	head -c 24 "$1" >"$2"
	printf '\001\000\000\000\002\000\000\000\360\377\377\177\020\000\000\000' >>"$2"
	printf 'not a packet at all, just bytes after a lying header\n' >>"$2"
}

# A gzip header, then a deflate block of the reserved type 3, then bytes.
make_corrupt_gz() {
	printf '\037\213\010\000\000\000\000\000\000\003\007\377\376' >"$1"
	head -c 300 "$pcaps/tcp-refused.pcap" >>"$1" 2>/dev/null
}

# place DIR NAME ORIGINAL KIND: NAME (as the report must name it) holds the capture
# ORIGINAL; the list is DIR.placed.
place() {
	printf '%s\t%s\t%s\n' "$2" "$3" "$4" >>"$1.placed"
}

# tar_bundle STAGE TOP OUT COMPRESSOR: the tree STAGE/TOP as a tar, through COMPRESSOR
# (cat for none). Members in name order so the bundle is the same on every run.
tar_bundle() {
	tar --sort=name -C "$1" -cf - "$2" | $4 >"$3"
}

# build_archive DIR WITH_CORRUPT: the archive; WITH_CORRUPT=0 leaves out the corrupt
# captures (and nothing else).
build_archive() {
	d=$1
	s=$tmp/stage.$(basename "$d")
	: >"$d.placed"
	: >"$d.notes"
	: >"$d.corrupt"
	mkdir -p "$d/customer-a/2024-05-01/edge1/deeper" "$d/customer-a/2024-05-01/edge2" \
		"$d/customer-a/2024-05-02" "$d/bundles" "$s" || return 1

	printf 'Captures from the edge proxies, May 2024.\nTicket 4711: handshakes fail since the upgrade.\n' >"$d/README.txt"
	echo "$d/README.txt" >>"$d.notes"
	: >"$d/empty"
	echo "$d/empty" >>"$d.notes"

	e1=$d/customer-a/2024-05-01/edge1
	cp "$pcaps/alpn-mismatch.pcap" "$e1/" && place "$d" "$e1/alpn-mismatch.pcap" "$pcaps/alpn-mismatch.pcap" pcap
	# capture data under a text file's name: found by its content
	cp "$pcaps/no-shared-cipher.pcap" "$e1/notes.txt" && place "$d" "$e1/notes.txt" "$pcaps/no-shared-cipher.pcap" "pcap named .txt"
	cp "$pcaps/tcp-no-hello.pcap" "$e1/deeper/" && place "$d" "$e1/deeper/tcp-no-hello.pcap" "$pcaps/tcp-no-hello.pcap" "pcap, 4 levels down"
	ln -s .. "$e1/loop" || return 1

	e2=$d/customer-a/2024-05-01/edge2
	cp "$pcaps/ok-tls13.pcapng" "$e2/" && place "$d" "$e2/ok-tls13.pcapng" "$pcaps/ok-tls13.pcapng" pcapng
	gzip -c "$pcaps/middlebox-reset.pcap" >"$e2/middlebox-reset.pcap.gz" &&
		place "$d" "$e2/middlebox-reset.pcap.gz" "$pcaps/middlebox-reset.pcap" gzip

	d2=$d/customer-a/2024-05-02
	zstd -q -c "$pcaps/client-cert-mixed.pcap" >"$d2/client-cert-mixed.pcap.zst" &&
		place "$d" "$d2/client-cert-mixed.pcap.zst" "$pcaps/client-cert-mixed.pcap" zstd
	xz -c "$pcaps/middlebox-reset-ipv6.pcap" >"$d2/middlebox-reset-ipv6.pcap.xz" &&
		place "$d" "$d2/middlebox-reset-ipv6.pcap.xz" "$pcaps/middlebox-reset-ipv6.pcap" xz
	bzip2 -c "$pcaps/unknown-sni-close.pcap" >"$d2/unknown-sni-close.pcap.bz2" &&
		place "$d" "$d2/unknown-sni-close.pcap.bz2" "$pcaps/unknown-sni-close.pcap" bzip2
	if [ "$2" = 1 ]; then
		mkdir -p "$d2/broken"
		make_truncated "$pcaps/version-mismatch-old-server.pcap" "$d2/broken/cut-mid-packet.pcap" &&
			echo "$d2/broken/cut-mid-packet.pcap" >>"$d.corrupt"
		make_garbage_lengths "$pcaps/server-reset.pcap" "$d2/broken/garbage-lengths.pcap" &&
			echo "$d2/broken/garbage-lengths.pcap" >>"$d.corrupt"
		make_corrupt_gz "$d2/broken/corrupt.pcap.gz" && echo "$d2/broken/corrupt.pcap.gz" >>"$d.corrupt"
	fi

	b=$d/bundles
	# zip: deflated members in subfolders, a compressed capture, a text file, and a
	# member added later without compression.
	mkdir -p "$s/zip/inner/a" "$s/zip/inner/b/deep" "$s/zip/inner/c" "$s/zip0/inner/stored"
	cp "$pcaps/version-mismatch-tls12-client.pcap" "$s/zip/inner/a/"
	cp "$pcaps/ok-tls12-resumed.pcap" "$s/zip/inner/b/deep/"
	gzip -c "$pcaps/server-cert-expired.pcap" >"$s/zip/inner/c/server-cert-expired.pcap.gz"
	printf 'exported with the support tool\n' >"$s/zip/inner/README.txt"
	cp "$pcaps/ok-chain-intermediate.pcap" "$s/zip0/inner/stored/"
	(cd "$s/zip" && zip -q -X -r "$b/logs.zip" inner) || return 1
	(cd "$s/zip0" && zip -q -X -0 "$b/logs.zip" inner/stored/ok-chain-intermediate.pcap) || return 1
	place "$d" "$b/logs.zip:inner/a/version-mismatch-tls12-client.pcap" "$pcaps/version-mismatch-tls12-client.pcap" "zip member"
	place "$d" "$b/logs.zip:inner/b/deep/ok-tls12-resumed.pcap" "$pcaps/ok-tls12-resumed.pcap" "zip member, 3 levels"
	place "$d" "$b/logs.zip:inner/c/server-cert-expired.pcap.gz" "$pcaps/server-cert-expired.pcap" "gzip inside zip"
	place "$d" "$b/logs.zip:inner/stored/ok-chain-intermediate.pcap" "$pcaps/ok-chain-intermediate.pcap" "stored zip member"
	echo "$b/logs.zip:inner/README.txt" >>"$d.notes"

	mkdir -p "$s/day1/sub"
	cp "$pcaps/tcp-refused.pcap" "$s/day1/"
	cp "$pcaps/ok-vlan.pcap" "$s/day1/sub/"
	tar_bundle "$s" day1 "$b/day1.tar" cat || return 1
	place "$d" "$b/day1.tar:day1/tcp-refused.pcap" "$pcaps/tcp-refused.pcap" "tar member"
	place "$d" "$b/day1.tar:day1/sub/ok-vlan.pcap" "$pcaps/ok-vlan.pcap" "tar member"

	# tar.gz holding a zip written to a pipe (sizes after the data, as streaming zip
	# writers do): a bundle inside a bundle.
	mkdir -p "$s/day2/x/y" "$s/inzip/z"
	cp "$pcaps/protocol-error.pcap" "$s/day2/"
	cp "$pcaps/server-reset.pcap" "$s/day2/x/y/"
	printf '# day 2\nserver restarted at 10:14\n' >"$s/day2/notes.md"
	cp "$pcaps/unknown-failure.pcap" "$s/inzip/z/"
	(cd "$s/inzip" && zip -q -X -D -r - z) | cat >"$s/day2/inner.zip" || return 1
	tar_bundle "$s" day2 "$b/day2.tar.gz" "gzip -c" || return 1
	place "$d" "$b/day2.tar.gz:day2/protocol-error.pcap" "$pcaps/protocol-error.pcap" "tar.gz member"
	place "$d" "$b/day2.tar.gz:day2/x/y/server-reset.pcap" "$pcaps/server-reset.pcap" "tar.gz member"
	place "$d" "$b/day2.tar.gz:day2/inner.zip:z/unknown-failure.pcap" "$pcaps/unknown-failure.pcap" "zip inside tar.gz"
	echo "$b/day2.tar.gz:day2/notes.md" >>"$d.notes"

	mkdir -p "$s/day3"
	cp "$pcaps/ok-any-sll2.pcap" "$s/day3/"
	cp "$pcaps/ok-lost-serverhello.pcap" "$s/day3/"
	tar_bundle "$s" day3 "$b/day3.tar.zst" "zstd -q -c" || return 1
	place "$d" "$b/day3.tar.zst:day3/ok-any-sll2.pcap" "$pcaps/ok-any-sll2.pcap" "tar.zst member, SLL2"
	place "$d" "$b/day3.tar.zst:day3/ok-lost-serverhello.pcap" "$pcaps/ok-lost-serverhello.pcap" "tar.zst member, pcapng"

	mkdir -p "$s/day4/deep/er"
	cp "$pcaps/server-cert-wrong-name.pcap" "$s/day4/"
	cp "$pcaps/not-tls-http.pcap" "$s/day4/deep/er/"
	tar_bundle "$s" day4 "$b/day4.tar.xz" "xz -c" || return 1
	place "$d" "$b/day4.tar.xz:day4/server-cert-wrong-name.pcap" "$pcaps/server-cert-wrong-name.pcap" "tar.xz member"
	place "$d" "$b/day4.tar.xz:day4/deep/er/not-tls-http.pcap" "$pcaps/not-tls-http.pcap" "tar.xz member, 3 levels"
}

# The batch for -w: failed attempts in Ethernet captures (the first one met is Ethernet)
# and in Linux cooked v2 captures, plain, compressed and in a bundle; successes too.
# DIR.placed lists the originals, the converted ones kept in $tmp/src.
build_wbatch() {
	d=$1
	s=$tmp/stage.w
	src=$tmp/src
	: >"$d.placed"
	mkdir -p "$d" "$s/w" "$src" || return 1
	ether_to_sll2 "$pcaps/no-shared-cipher.pcap" "$src/no-shared-cipher-sll2.pcap" || return 1
	ether_to_sll2 "$pcaps/missing-sni.pcap" "$src/missing-sni-sll2.pcap" || return 1
	cp "$pcaps/alpn-mismatch.pcap" "$d/a-alpn-mismatch.pcap" &&
		place "$d" "$d/a-alpn-mismatch.pcap" "$pcaps/alpn-mismatch.pcap" "Ethernet"
	cp "$pcaps/ok-any-sll2.pcap" "$d/b-ok-any-sll2.pcap" &&
		place "$d" "$d/b-ok-any-sll2.pcap" "$pcaps/ok-any-sll2.pcap" "SLL2"
	cp "$src/no-shared-cipher-sll2.pcap" "$d/c-no-shared-cipher-sll2.pcap" &&
		place "$d" "$d/c-no-shared-cipher-sll2.pcap" "$src/no-shared-cipher-sll2.pcap" "SLL2"
	cp "$pcaps/ok-tls13.pcapng" "$d/d-ok-tls13.pcapng" &&
		place "$d" "$d/d-ok-tls13.pcapng" "$pcaps/ok-tls13.pcapng" "pcapng"
	gzip -c "$pcaps/version-mismatch-tls13-client.pcap" >"$d/e-version-mismatch.pcap.gz" &&
		place "$d" "$d/e-version-mismatch.pcap.gz" "$pcaps/version-mismatch-tls13-client.pcap" "gzip"
	cp "$pcaps/server-reset.pcap" "$s/w/"
	cp "$src/missing-sni-sll2.pcap" "$s/w/"
	tar_bundle "$s" w "$d/f-bundle.tar.gz" "gzip -c" || return 1
	place "$d" "$d/f-bundle.tar.gz:w/missing-sni-sll2.pcap" "$src/missing-sni-sll2.pcap" "SLL2 in tar.gz"
	place "$d" "$d/f-bundle.tar.gz:w/server-reset.pcap" "$pcaps/server-reset.pcap" "Ethernet in tar.gz"
}

# ---- helpers over NDJSON ----

# conn_tsv NDJSON: file, client, server, class of every connection record
conn_tsv() {
	jq -r 'select(.type == "connection") | [.file, .client, .server, .class] | @tsv' "$1"
}

# expected ORIGINAL: sorted client, server, class of the original capture, as the binary
# under test reports it on its own (computed once per original)
expected() {
	key=$(printf '%s' "$1" | tr '/' '_')
	if [ ! -f "$tmp/expect/$key" ]; then
		mkdir -p "$tmp/expect"
		timeout "$limit" "$bin" --json -q -r "$1" 2>/dev/null |
			jq -r 'select(.type == "connection") | [.client, .server, .class] | @tsv' | sort >"$tmp/expect/$key"
	fi
	cat "$tmp/expect/$key"
}

# failed_count ORIGINAL: failed attempts of the original capture on its own
failed_count() {
	timeout "$limit" "$bin" --json -q -r "$1" 2>/dev/null | jq -r 'select(.type == "connection" and .outcome == "failed") | .file' | wc -l
}

# placed_count DIR PREFIX: attempts of the originals placed in DIR under names starting
# with PREFIX
placed_count() {
	_n=0
	while IFS="$tab" read -r _name _orig _kind; do
		case $_name in
		"$2"*) _n=$((_n + $(expected "$_orig" | wc -l))) ;;
		esac
	done <"$1.placed"
	echo $_n
}

# has_error NDJSON NAME: some {"type":"error"} record names NAME
has_error() {
	jq -e -s --arg f "$2" 'any(.[]; .type == "error" and .file == $f)' "$1" >/dev/null 2>&1
}

# is_ndjson FILE: every line is a JSON object
is_ndjson() {
	[ -s "$1" ] && jq -e -s 'all(.[]; type == "object")' "$1" >/dev/null 2>&1
}

# The parts of a summary that follow from the records, whichever run made it:
# attempts, failed, by_class (zero counts dropped), servers, ok and incomplete when the
# record has them, and the number of files with records (a "files" object's "read", or
# its size).
summary_core='
def nfiles: if type == "object" then (.read // length) elif type == "array" then length else . end;
{attempts, failed,
 by_class: ((.by_class // null) | if type == "object" then with_entries(select(.value != 0)) else . end),
 servers, ok, incomplete, files: (.files | nfiles)}'
# The whole record, less the keys that describe a run (time taken, workers, version)
# rather than the records; "files" as above.
summary_all='
def nfiles: if type == "object" then (.read // length) elif type == "array" then length else . end;
with_entries(select(.key | test("^(elapsed|duration|time|took|wall|cpu|start|finish|end|jobs|threads|workers|version|host|command|argv|args|cwd|rate|speed|throughput)"; "i") | not))
| (if has("files") then .files |= nfiles else . end)
| (if (.by_class | type) == "object" then .by_class |= with_entries(select(.value != 0)) else . end)'

# ---- build ----

full=$tmp/full
clean=$tmp/clean
wdir=$tmp/wbatch
# Any message from the tools while building is a failure too (a capture that could not
# be copied would otherwise just be missing).
if build_archive "$full" 1 2>"$tmp/build.err" && build_archive "$clean" 0 2>>"$tmp/build.err" &&
	build_wbatch "$wdir" 2>>"$tmp/build.err" && [ ! -s "$tmp/build.err" ]; then
	pass "build the archive ($(wc -l <"$full.placed") captures placed, $(wc -l <"$full.corrupt") corrupt, $(wc -l <"$full.notes") not captures) and the -w batch"
else
	fail "build the archive" "a fixture step failed" "$(cat "$tmp/build.err")"
	echo
	echo "$passed passed, $failed failed"
	exit 1
fi

# The fixtures are what they claim to be (checked with the standard tools, not tlsdiag).
bad=""
gzip -t "$full/customer-a/2024-05-02/broken/corrupt.pcap.gz" 2>/dev/null && bad="$bad corrupt.pcap.gz-is-valid"
zstd -q -t "$full/customer-a/2024-05-02/client-cert-mixed.pcap.zst" || bad="$bad zst"
xz -t "$full/customer-a/2024-05-02/middlebox-reset-ipv6.pcap.xz" || bad="$bad xz"
bzip2 -t "$full/customer-a/2024-05-02/unknown-sni-close.pcap.bz2" || bad="$bad bz2"
for t in day1.tar day2.tar.gz day3.tar.zst day4.tar.xz; do
	case $t in
	*.zst) zstd -q -d -c "$full/bundles/$t" | tar -tf - >/dev/null || bad="$bad $t" ;;
	*) tar -tf "$full/bundles/$t" >/dev/null || bad="$bad $t" ;;
	esac
done
[ "$(zstd -q -d -c "$full/bundles/day3.tar.zst" | tar -tf - | grep -c 'pcap$')" -eq 2 ] || bad="$bad day3-members"
tar -xOf "$full/bundles/day2.tar.gz" day2/inner.zip >"$tmp/inner.zip"
[ "$(head -c 2 "$tmp/inner.zip")" = "PK" ] || bad="$bad inner.zip"
# general purpose flag bit 3: sizes in a data descriptor after the data
[ $(($(od -An -tu1 -j 6 -N 1 "$tmp/inner.zip") & 8)) -eq 8 ] || bad="$bad inner.zip-not-streamed"
[ "$(head -c 2 "$full/bundles/logs.zip")" = "PK" ] || bad="$bad logs.zip"
if command -v unzip >/dev/null 2>&1; then
	unzip -tq "$full/bundles/logs.zip" >/dev/null 2>&1 || bad="$bad logs.zip"
	[ "$(unzip -Z1 "$full/bundles/logs.zip" | grep -c 'pcap')" -eq 4 ] || bad="$bad logs.zip-members"
fi
for f in "$tmp"/src/*-sll2.pcap; do
	[ "$(le32 "$f" 20)" = 276 ] || bad="$bad $(basename "$f")-link-type"
done
ls -d "$full/customer-a/2024-05-01/edge1/loop/edge1/loop/edge2" >/dev/null 2>&1 || bad="$bad loop"
[ -z "$bad" ] && pass "fixtures are valid where meant to be and corrupt where meant to be" ||
	fail "fixtures are valid where meant to be" "broken:$bad"
# The -w check needs failed attempts in a second link type: the Linux cooked v2 copies
# must analyse as their Ethernet originals do (a decoder matter, not a batch one).
bad=""
for c in no-shared-cipher missing-sni; do
	[ -n "$(expected "$pcaps/$c.pcap")" ] && [ "$(expected "$tmp/src/$c-sll2.pcap")" = "$(expected "$pcaps/$c.pcap")" ] ||
		bad="$bad $c"
done
[ -z "$bad" ] && pass "Linux cooked v2 copies of Ethernet captures analyse as the originals" ||
	fail "Linux cooked v2 copies of Ethernet captures analyse as the originals" "differ:$bad"

# ---- 1-3: the full archive in JSON ----

run "$tmp/full.json" "$tmp/full.err" --json -r "$full"
full_rc=$rc
if [ $full_rc -eq 124 ]; then
	fail "--json -r ARCHIVE finishes" "still running after ${limit}s (the link loop?)"
fi
if is_ndjson "$tmp/full.json"; then
	pass "--json -r ARCHIVE prints NDJSON ($(wc -l <"$tmp/full.json") records)"
else
	fail "--json -r ARCHIVE prints NDJSON" "not one JSON object per line" "$(head -c 600 "$tmp/full.json"; cat "$tmp/full.err")"
fi
conn_tsv "$tmp/full.json" >"$tmp/full.tsv" 2>/dev/null

# 2: every placed capture, as the original
while IFS="$tab" read -r name orig kind; do
	awk -F'\t' -v f="$name" '$1 == f { print $2 "\t" $3 "\t" $4 }' "$tmp/full.tsv" | sort >"$tmp/got"
	expected "$orig" >"$tmp/want"
	what="$(short "$name") ($kind) reported like $(basename "$orig")"
	if [ ! -s "$tmp/want" ]; then
		fail "$what" "the original itself gives no connection record"
	elif cmp -s "$tmp/got" "$tmp/want"; then
		pass "$what"
	elif [ ! -s "$tmp/got" ]; then
		fail "$what" "no connection record under this name" "$(short "$(grep -F "$(basename "$name")" "$tmp/full.err")")"
	else
		fail "$what" "records differ (< archive, > original)" "$(diff "$tmp/got" "$tmp/want" | grep '^[<>]')"
	fi
done <"$full.placed"

# No record under a name that was not placed (a walk through the loop, a text file, a
# member named twice), and no capture reported twice.
cut -f1 "$full.placed" | sort >"$tmp/names.placed"
cat "$full.placed" "$full.corrupt" | cut -f1 | sort >"$tmp/names.allowed"
cut -f1 "$tmp/full.tsv" | sort -u >"$tmp/names.seen"
stray=$(comm -13 "$tmp/names.allowed" "$tmp/names.seen")
loopy=$(grep -c '/loop/' "$tmp/names.seen")
if [ -z "$stray" ] && [ "$loopy" -eq 0 ]; then
	pass "no connection record under a name not placed (link loop walked at most once)"
else
	fail "no connection record under a name not placed" "$(echo "$stray" | grep -c .) unexpected name(s)" "$(short "$stray")"
fi
want_n=0
while IFS="$tab" read -r name orig kind; do
	want_n=$((want_n + $(expected "$orig" | wc -l)))
done <"$full.placed"
got_n=$(awk -F'\t' 'NR == FNR { ok[$1] = 1; next } ($1 in ok)' "$tmp/names.placed" "$tmp/full.tsv" | wc -l)
[ "$got_n" -eq "$want_n" ] && pass "each placed capture's attempts reported once ($want_n attempts)" ||
	fail "each placed capture's attempts reported once" "$got_n connection records for the placed captures, expected $want_n"

# 1: one file record per capture read, after that file's connection records; one
# summary, last.
jq -r 'select(.type == "file") | .file' "$tmp/full.json" 2>/dev/null | sort >"$tmp/files.rec"
missing=$(comm -23 "$tmp/names.placed" "$tmp/files.rec")
twice=$(uniq -d "$tmp/files.rec")
if [ -s "$tmp/files.rec" ] && [ -z "$missing" ] && [ -z "$twice" ]; then
	pass "one {\"type\":\"file\"} record per capture read"
else
	fail "one {\"type\":\"file\"} record per capture read" \
		"$(echo "$missing" | grep -c .) capture(s) without one, $(echo "$twice" | grep -c .) with several" \
		"$(short "$missing$twice")"
fi
misplaced=$(jq -r -s '
	. as $all
	| [range(0; length) as $i | $all[$i] | select(.type == "connection") | .file as $f
	   | ([$all[$i + 1:][] | select(.type == "file" or .type == "error")] | first | .file) as $next
	   | select($next != $f) | "\($f) is followed by the record of \($next)"] | unique | .[]' "$tmp/full.json" 2>/dev/null)
if [ -s "$tmp/files.rec" ] && [ -z "$misplaced" ]; then
	pass "each file's connection records come before its file record"
else
	fail "each file's connection records come before its file record" "records out of place (or no file records)" "$(short "$misplaced")"
fi
# The walk is in name order (byte order; the archive has no name where ordering each
# directory's entries and ordering whole paths disagree), each input's records together.
jq -r 'select(.type == "connection" or .type == "file" or .type == "error") | .file | split(":")[0]' \
	"$tmp/full.json" 2>/dev/null | uniq >"$tmp/order.seen"
LC_ALL=C sort -u "$tmp/order.seen" >"$tmp/order.sorted"
if [ -s "$tmp/order.seen" ] && cmp -s "$tmp/order.seen" "$tmp/order.sorted"; then
	pass "inputs reported in name order, each one's records together"
else
	fail "inputs reported in name order, each one's records together" "order differs (< reported, > name order)" \
		"$(short "$(diff "$tmp/order.seen" "$tmp/order.sorted" | grep '^[<>]')")"
fi
nsum=$(jq -r 'select(.type == "summary") | .type' "$tmp/full.json" 2>/dev/null | wc -l)
last=$(tail -n 1 "$tmp/full.json" | jq -r '.type' 2>/dev/null)
[ "$nsum" -eq 1 ] && [ "$last" = summary ] && pass "one {\"type\":\"summary\"} record, the last line" ||
	fail "one {\"type\":\"summary\"} record, the last line" "$nsum summary record(s), the last line is of type \"$last\""

# 3: notes for files that are not captures, errors for the corrupt ones, exit status 1
while read -r name; do
	if ! grep -qF "$name" "$tmp/full.err"; then
		fail "$(short "$name") (not a capture): skipped with a note" "standard error does not name it"
	elif has_error "$tmp/full.json" "$name"; then
		fail "$(short "$name") (not a capture): skipped with a note" "reported as an error record"
	else
		pass "$(short "$name") (not a capture): skipped with a note"
	fi
done <"$full.notes"
while read -r name; do
	n_err=$(jq -r --arg f "$name" 'select(.type == "error" and .file == $f and (.message | type) == "string" and .message != "") | .file' \
		"$tmp/full.json" 2>/dev/null | wc -l)
	if ! grep -qF "$name" "$tmp/full.err"; then
		fail "$(short "$name") (corrupt): message and error record" "standard error does not name it"
	elif [ "$n_err" -ne 1 ]; then
		fail "$(short "$name") (corrupt): message and error record" "$n_err {\"type\":\"error\",\"file\":NAME,\"message\":...} record(s), expected 1"
	else
		pass "$(short "$name") (corrupt): message and error record"
	fi
done <"$full.corrupt"
[ $full_rc -eq 1 ] && pass "exit status 1 with corrupt inputs" ||
	fail "exit status 1 with corrupt inputs" "exit status $full_rc" "$(short "$(cat "$tmp/full.err")")"

run "$tmp/clean.json" "$tmp/clean.err" --json -r "$clean"
if [ $rc -eq 0 ]; then
	pass "exit status 0 for the archive without the corrupt captures"
else
	fail "exit status 0 for the archive without the corrupt captures" "exit status $rc" "$(short "$(cat "$tmp/clean.err")")"
fi
conn_tsv "$tmp/clean.json" 2>/dev/null | sed "s|^$clean/||" | sort >"$tmp/clean.rel"
sed "s|^$full/||" "$tmp/full.tsv" | grep -v '^customer-a/2024-05-02/broken/' | sort >"$tmp/full.rel"
[ -s "$tmp/clean.rel" ] && cmp -s "$tmp/clean.rel" "$tmp/full.rel" &&
	pass "the corrupt captures change nothing else" ||
	fail "the corrupt captures change nothing else" "connection records differ (< without, > with)" \
		"$(diff "$tmp/clean.rel" "$tmp/full.rel" | grep '^[<>]')"

# ---- 4: -j gives the same bytes ----

for mode in text json; do
	set --
	[ $mode = json ] && set -- --json
	same=1
	detail=""
	for j in 1 2 4 4; do
		run "$tmp/j$j.$mode" "$tmp/j$j.$mode.err" "$@" -j $j -r "$full"
		[ $rc -eq 1 ] || { same=0; detail="$detail -j $j: exit status $rc;"; }
		[ -s "$tmp/j$j.$mode" ] || { same=0; detail="$detail -j $j: no output;"; }
		if [ $j != 1 ] && ! cmp -s "$tmp/j1.$mode" "$tmp/j$j.$mode"; then
			same=0
			detail="$detail -j $j differs from -j 1 at $(cmp "$tmp/j1.$mode" "$tmp/j$j.$mode" 2>&1 | sed 's/.*differ: //');"
		fi
	done
	[ $same = 1 ] && pass "-j 1, -j 2, -j 4 (twice): identical standard output ($mode)" ||
		fail "-j 1, -j 2, -j 4 (twice): identical standard output ($mode)" "${detail# }"
done

# ---- 5: the summary agrees with the records; text ends with it ----

sum_check=$(jq -r -s '
	[.[] | select(.type == "connection")] as $c
	| ([.[] | select(.type == "summary")] | last) as $s
	| if $s == null then "no summary record"
	  else
	    ($c | group_by(.class) | map({key: .[0].class, value: length}) | from_entries) as $want
	    | (($s.by_class // {}) | with_entries(select(.value != 0))) as $got
	    | [ (if $s.attempts != ($c | length) then "attempts \($s.attempts), connection records \($c | length)" else empty end),
	        (if $s.failed != ($c | map(select(.outcome == "failed")) | length)
	         then "failed \($s.failed), failed records \($c | map(select(.outcome == "failed")) | length)" else empty end),
	        (if $got != $want then "by_class \($got | tojson), records \($want | tojson)" else empty end) ]
	    | join("; ")
	  end' "$tmp/full.json" 2>&1)
[ -z "$sum_check" ] && pass "summary record: attempts, failed, by_class match the connection records" ||
	fail "summary record: attempts, failed, by_class match the connection records" "$sum_check"

run "$tmp/full.txt" "$tmp/full.txt.err" -r "$full"
text_tail=$(awk '/^== .*attempt/ { start = NR; bad = 0; next } start && !/^(== |[ \t]|$)/ { bad = 1 } END { print (start ? (bad ? "other output after the summary" : "") : "no line starting \"== \" with \"attempt\"") }' "$tmp/full.txt")
[ -z "$text_tail" ] && pass "text output ends with the summary (\"== ... attempt...\")" ||
	fail "text output ends with the summary" "$text_tail" "$(tail -n 5 "$tmp/full.txt")"

# ---- 6: --summarize, and split-and-merge with GNU parallel ----

jq -c 'select(.type == "summary")' "$tmp/full.json" 2>/dev/null | tail -n 1 >"$tmp/single.sum"
jq -c "$summary_core" "$tmp/single.sum" >"$tmp/single.core" 2>/dev/null
jq -S -c "$summary_all" "$tmp/single.sum" >"$tmp/single.all" 2>/dev/null

# summarize_check CHECK NDJSON...: --json --summarize prints exactly one summary record,
# equal to the single run's in what follows from the records.
summarize_check() {
	what=$1
	shift
	run "$tmp/sm.out" "$tmp/sm.err" --json --summarize "$@"
	nlines=$(wc -l <"$tmp/sm.out")
	if [ $rc -ne 0 ] || [ "$nlines" -ne 1 ] || [ "$(jq -r .type "$tmp/sm.out" 2>/dev/null)" != summary ]; then
		fail "$what" "exit status $rc, $nlines line(s), expected one {\"type\":\"summary\"} line" \
			"$(head -c 400 "$tmp/sm.out"; cat "$tmp/sm.err")"
	elif [ ! -s "$tmp/single.core" ]; then
		fail "$what" "the single run printed no summary record to compare with"
	else
		jq -c "$summary_core" "$tmp/sm.out" >"$tmp/sm.core"
		if ! cmp -s "$tmp/sm.core" "$tmp/single.core"; then
			fail "$what" "differs from the single run's summary (first: --summarize, second: single run)" \
				"$(jq -S -c . "$tmp/sm.core"; jq -S -c . "$tmp/single.core")"
		elif ! cmp -s "$(jq -S -c "$summary_all" "$tmp/sm.out" >"$tmp/sm.all"; echo "$tmp/sm.all")" "$tmp/single.all"; then
			fail "$what" "attempts, failed, by_class, servers, files agree; other keys differ (< --summarize, > single run)" \
				"$(diff "$tmp/sm.all" "$tmp/single.all" | grep '^[<>]' | cut -c1-400)"
		else
			pass "$what"
		fi
	fi
}

summarize_check "--summarize over the single run's own output (its summary record ignored)" "$tmp/full.json"

if ! command -v parallel >/dev/null 2>&1 || ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	fail "split-and-merge with GNU parallel" "GNU parallel is not installed (the Makefile's test dependencies install it)"
else
	# Each file on its own, as different machines would; bundles stay whole.
	find "$full" -type f | sort | timeout 120 parallel --will-cite -j 2 -k "$bin" --json -q -r {} >"$tmp/parts.ndjson" 2>"$tmp/parts.err"
	jq -r 'select(.type == "connection") | .file' "$tmp/parts.ndjson" 2>/dev/null | sort >"$tmp/parts.names"
	cut -f1 "$tmp/full.tsv" | sort >"$tmp/full.names"
	if [ -s "$tmp/parts.names" ] && cmp -s "$tmp/parts.names" "$tmp/full.names"; then
		pass "runs over single files name the records as the run over the archive"
	else
		fail "runs over single files name the records as the run over the archive" "connection records differ (< per file, > archive)" \
			"$(short "$(diff "$tmp/parts.names" "$tmp/full.names" | grep '^[<>]')")"
	fi
	summarize_check "--json --summarize parts.ndjson equals the single run's summary" "$tmp/parts.ndjson"
	half=$(($(wc -l <"$tmp/parts.ndjson") / 2))
	head -n "$half" "$tmp/parts.ndjson" >"$tmp/parts1.ndjson"
	tail -n +"$((half + 1))" "$tmp/parts.ndjson" >"$tmp/parts2.ndjson"
	summarize_check "--json --summarize parts1.ndjson parts2.ndjson (split in two) gives the same" \
		"$tmp/parts1.ndjson" "$tmp/parts2.ndjson"
	run "$tmp/smt.out" "$tmp/smt.err" --summarize "$tmp/parts.ndjson"
	first=$(head -n 1 "$tmp/smt.out")
	case $first in
	"== "*) [ $rc -eq 0 ] && pass "--summarize (text) starts with \"== \"" ||
		fail "--summarize (text) starts with \"== \"" "exit status $rc" "$(cat "$tmp/smt.err")" ;;
	*) fail "--summarize (text) starts with \"== \"" "first line: $first (exit status $rc)" "$(cat "$tmp/smt.err")" ;;
	esac
fi

# ---- 7: progress only on a terminal ----

# A progress display may wait a while before its first line, and the archive is read in
# a fraction of a second: the runs below also read a capture on standard input that
# stalls for 2 seconds after its first bytes, as a slow network share would.
stall=$tmp/stalled-feed.sh
# shellcheck disable=SC2016 # the script's own "$1"
printf '%s\n' 'head -c 100 "$1"' 'sleep 2' 'tail -c +101 "$1"' >"$stall"
feed=$pcaps/ok-tls13.pcap
# progress_cmd ARGS: the shell command line of a stalled run; standard output to $tmp/pty.out
progress_cmd() {
	printf 'sh %s %s | %s %s -r %s -r - >%s' "$(shq "$stall")" "$(shq "$feed")" "$(shq "$bin")" "$1" "$(shq "$clean")" "$(shq "$tmp/pty.out")"
}

timeout "$limit" sh -c "$(progress_cmd "")" 2>"$tmp/pty0.err" </dev/null
rc=$?
cp "$tmp/pty.out" "$tmp/pty0.out" 2>/dev/null
if [ $rc -ne 0 ]; then
	fail "no progress line when standard error is not a terminal" "exit status $rc with a stalled input" "$(short "$(cat "$tmp/pty0.err")")"
elif grep -q "$(printf '\r')" "$tmp/pty0.err" "$tmp/full.err" "$tmp/full.txt.err" "$tmp/j2.text.err" "$tmp/j4.json.err"; then
	fail "no progress line when standard error is not a terminal" "carriage return on standard error" \
		"$(grep -h "$(printf '\r')" "$tmp/pty0.err" "$tmp/full.err" | od -c | head -n 5)"
else
	pass "no progress line when standard error is not a terminal (2 s stalled input)"
fi
if ! command -v script >/dev/null 2>&1; then
	fail "progress line on a terminal" "util-linux script is not installed"
else
	# Standard output to a file, standard error to the pseudo-terminal: what the terminal
	# shows is standard error only. The same run without a terminal is the baseline for
	# the word "files" (notes could contain it).
	base=$(grep -c files "$tmp/pty0.err")
	timeout "$limit" script -qec "$(progress_cmd "")" /dev/null </dev/null >"$tmp/pty1.tty" 2>&1
	rc=$?
	seen=$(grep -c files "$tmp/pty1.tty")
	if [ $rc -ne 0 ]; then
		fail "progress line on a terminal (contains \"files\")" "exit status $rc under script" "$(short "$(head -n 5 "$tmp/pty1.tty")")"
	elif [ "$seen" -gt "$base" ]; then
		pass "progress line on a terminal (contains \"files\")"
	else
		fail "progress line on a terminal (contains \"files\")" "standard error on a terminal has no progress line" \
			"$(short "$(head -n 5 "$tmp/pty1.tty")")"
	fi
	cmp -s "$tmp/pty0.out" "$tmp/pty.out" && pass "progress on a terminal leaves standard output unchanged" ||
		fail "progress on a terminal leaves standard output unchanged" "standard output differs with standard error on a terminal"
	timeout "$limit" script -qec "$(progress_cmd -q)" /dev/null </dev/null >"$tmp/pty2.tty" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && ! grep -q files "$tmp/pty2.tty"; then
		pass "no progress line with -q on a terminal"
	else
		fail "no progress line with -q on a terminal" "exit status $rc, terminal shows:" "$(short "$(head -n 5 "$tmp/pty2.tty")")"
	fi
fi

# ---- 8: -w across the batch, one output per link type ----

w_want=0
w_sll2=0
while IFS="$tab" read -r name orig kind; do
	n=$(failed_count "$orig")
	w_want=$((w_want + n))
	[ "$(le32 "$orig" 20)" = 276 ] && w_sll2=$((w_sll2 + n))
done <"$wdir.placed"
mkdir -p "$tmp/wout"
run "$tmp/w.json" "$tmp/w.err" --json -w "$tmp/wout/OUT.pcap" -r "$wdir"
w_failed=$(jq -r 'select(.type == "connection" and .outcome == "failed") | .file' "$tmp/w.json" 2>/dev/null | wc -l)
outs=$(cd "$tmp/wout" && ls)
if [ $rc -eq 0 ] && [ "$w_failed" -eq "$w_want" ] && [ "$w_sll2" -ge 2 ]; then
	pass "-w OUT.pcap across the batch: exit 0, $w_failed failed attempts ($w_sll2 in Linux cooked v2)"
else
	fail "-w OUT.pcap across the batch" "exit status $rc, $w_failed failed attempts, the originals have $w_want ($w_sll2 in Linux cooked v2)" \
		"$(short "$(cat "$tmp/w.err")")"
fi
if [ "$(printf '%s\n' "$outs" | tr '\n' ' ')" = "OUT.LINUX_SLL2.pcap OUT.pcap " ] &&
	[ "$(out_linktype "$tmp/wout/OUT.pcap")" = 1 ] && [ "$(out_linktype "$tmp/wout/OUT.LINUX_SLL2.pcap")" = 276 ]; then
	pass "-w: OUT.pcap (Ethernet, met first) and OUT.LINUX_SLL2.pcap, nothing else"
else
	fail "-w: OUT.pcap (Ethernet, met first) and OUT.LINUX_SLL2.pcap, nothing else" "the outputs are: $(printf '%s\n' "$outs" | tr '\n' ' ')" \
		"$(for f in "$tmp"/wout/*; do [ -f "$f" ] && echo "$(basename "$f"): link type $(out_linktype "$f")"; done)"
fi
set --
per=""
for f in "$tmp"/wout/OUT*; do
	[ -f "$f" ] || continue
	set -- "$@" -r "$f"
	per="$per $(basename "$f"): $(failed_count "$f");"
done
if [ $# -eq 0 ]; then
	fail "-w outputs hold every failed attempt" "no output written"
else
	run "$tmp/wback.json" "$tmp/wback.err" --json -q "$@"
	back=$(jq -r 'select(.type == "connection" and .outcome == "failed") | .file' "$tmp/wback.json" 2>/dev/null | wc -l)
	[ $rc -eq 0 ] && [ "$back" -eq "$w_failed" ] && [ "$back" -gt 0 ] && pass "-w outputs hold every failed attempt ($back read back)" ||
		fail "-w outputs hold every failed attempt" "$back failed attempt(s) read back, $w_failed in the batch (exit status $rc):${per%;}" \
			"$(cat "$tmp/wback.err")"
fi

# ---- 9: a compressed capture on standard input ----

for z in gzip zstd; do
	case $z in
	gzip) orig=$pcaps/middlebox-reset.pcap ;;
	zstd) orig=$pcaps/client-cert-mixed.pcap ;;
	esac
	$z -c "$orig" | timeout "$limit" "$bin" --json -r - >"$tmp/stdin.json" 2>"$tmp/stdin.err"
	rc=$?
	jq -r 'select(.type == "connection") | [.client, .server, .class] | @tsv' "$tmp/stdin.json" 2>/dev/null | sort >"$tmp/got"
	expected "$orig" >"$tmp/want"
	if [ $rc -eq 0 ] && [ -s "$tmp/got" ] && cmp -s "$tmp/got" "$tmp/want"; then
		pass "$z stream on standard input (-r -) read like $(basename "$orig")"
	else
		fail "$z stream on standard input (-r -) read like $(basename "$orig")" "exit status $rc; records (< stdin, > original):" \
			"$(diff "$tmp/got" "$tmp/want" | grep '^[<>]'; cat "$tmp/stdin.err")"
	fi
done

# ---- 10: a path that does not exist, between good ones ----

nx=$tmp/no-such-dir/capture.pcap
g1=$full/customer-a/2024-05-01/edge1/alpn-mismatch.pcap
g2=$full/bundles/day1.tar
run "$tmp/nx.json" "$tmp/nx.err" --json -r "$g1" -r "$nx" -r "$g2"
n_g1=$(placed_count "$full" "$g1")
n_g2=$(placed_count "$full" "$g2:")
got_g1=$(jq -r --arg f "$g1" 'select(.type == "connection" and .file == $f) | .file' "$tmp/nx.json" 2>/dev/null | wc -l)
got_g2=$(jq -r --arg f "$g2:" 'select(.type == "connection" and (.file | startswith($f))) | .file' "$tmp/nx.json" 2>/dev/null | wc -l)
problems=""
[ $rc -eq 1 ] || problems="$problems exit status $rc;"
grep -qF "$nx" "$tmp/nx.err" || problems="$problems standard error does not name it;"
has_error "$tmp/nx.json" "$nx" || problems="$problems no error record;"
[ "$got_g1" -gt 0 ] && [ "$got_g1" -eq "$n_g1" ] && [ "$got_g2" -gt 0 ] && [ "$got_g2" -eq "$n_g2" ] ||
	problems="$problems the other inputs: $got_g1+$got_g2 attempts, expected $n_g1+$n_g2;"
[ -z "$problems" ] && pass "a path that does not exist: message, error record, exit 1, the others reported" ||
	fail "a path that does not exist: message, error record, exit 1, the others reported" "${problems# }" "$(short "$(cat "$tmp/nx.err")")"

echo
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
