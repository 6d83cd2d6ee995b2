#!/bin/sh
# same-verdict.sh — the same packets get the same class however they are read.
#
#   live = offline   every capture of pcaps/ (alone, and with its key log) read with
#                    --replay — the live decision path (attempts decided as soon as
#                    their outcome is known, silent ones at the handshake timeout, the
#                    decision timers ticked every 100 ms) driven by the capture's own
#                    clock — gives each connection the class the offline reading gives.
#                    --replay runs the pipeline live capture runs, fed from the file
#                    instead of the interface, so that the comparison is exact and
#                    needs no root; the kernel capture path itself is tests/live.sh's.
#   -w round trip    the -w file written from each capture (offline and --replay),
#                    read back, gives every failed attempt the class it had; where the
#                    class compared the attempt with other handshakes of its server
#                    (unknown_sni: "it accepts other names"), the file carries one of
#                    them (decide.h's context).
#   standard input   a capture piped on standard input reads as the file does.
# The public corpus (../shared/corpus/pcaps) is compared the same way when present.
#
# Usage: sh tests/same-verdict.sh TLSDIAG
# Prints "ok - CHECK" or "FAIL - CHECK: REASON" per check, then "N passed, M failed".
# shellcheck disable=SC2015
set -u

bin=${1:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "usage: sh tests/same-verdict.sh TLSDIAG" >&2
	exit 2
fi
command -v jq >/dev/null 2>&1 || { echo "same-verdict: jq is needed (make deps-test installs it)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/same-verdict.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; return 0; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; return 0; }

# "client server class" per connection of NDJSON on standard input, sorted; $1 = all or
# failed (only failed attempts).
classes() {
	jq -r --arg which "$1" 'select(.type == "connection" and ($which == "all" or .outcome == "failed"))
		| "\(.client) \(.server) \(.class)"' | sort
}

# compare NAME EXPECTED GOT: one check.
compare() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1: $(printf '%s\n' "$2" >"$tmp/want"; printf '%s\n' "$3" >"$tmp/got"; diff "$tmp/want" "$tmp/got" | sed -n '2,7p' | tr '\n' ';')"
	fi
}

# check CAPTURE [KEYLOG]: every comparison for one capture.
check() {
	cap=$1
	key=${2:-}
	name=${cap#"$root"/}
	set -- -q --json
	label=$name
	if [ -n "$key" ]; then
		set -- "$@" --keylog "$key"
		label="$name with its key log"
	fi
	offline=$("$bin" "$@" -r "$cap" 2>/dev/null | classes all)
	if [ -z "$offline" ]; then
		return 0 # no attempt in it: nothing to compare
	fi
	replay=$("$bin" "$@" --replay -r "$cap" 2>/dev/null | classes all)
	compare "live = offline: $label" "$offline" "$replay"
	for mode in offline replay; do
		rm -f "$tmp"/w*.pcap
		flag=
		[ $mode = replay ] && flag=--replay
		before=$("$bin" "$@" $flag -w "$tmp/w.pcap" -r "$cap" 2>/dev/null | classes failed)
		[ -n "$before" ] || continue
		after=$(for w in "$tmp"/w*.pcap; do "$bin" "$@" -r "$w" 2>/dev/null; done | classes failed)
		compare "-w round trip ($mode): $label" "$before" "$after"
	done
}

for cap in "$root"/pcaps/*.pcap "$root"/pcaps/*.pcapng; do
	[ -f "$cap" ] || continue
	check "$cap"
	[ -f "${cap%.*}.keylog" ] && check "$cap" "${cap%.*}.keylog"
done

# Standard input is one more source of frames for the same pipeline.
cap=$root/pcaps/client-cert-rejected-tls13.pcap
want=$("$bin" -q --json -r "$cap" | classes all)
got=$("$bin" -q --json -r - <"$cap" | classes all)
compare "standard input = file: ${cap#"$root"/}" "$want" "$got"

corpus=$root/../shared/corpus/pcaps
if [ -d "$corpus" ]; then
	for cap in "$corpus"/*; do
		[ -f "$cap" ] && check "$cap"
	done
else
	echo "SKIP corpus: $corpus not found"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
