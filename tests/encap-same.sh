#!/bin/sh
# encap-same.sh — the same connection gets the same class and rule however it is carried.
#
# Every Ethernet capture of pcaps/ is written again inside each encapsulation tlsdiag
# opens (tests/encap/wrap.c: VLAN, QinQ, MPLS with and without a pseudowire control
# word, PPPoE, GRE, gretap, ERSPAN II and III, VXLAN, Geneve, GTP-U, IP in IPv4 and in
# IPv6, Teredo (the IPv6 frames), and VLAN + VXLAN + VLAN nested), frame by frame with the same times, and each
# connection must come out with the class and rule it has bare, named with what carried
# it. The frames are made by wrap.c, not captured; the real tunnels of
# pcaps/scenarios-tunnels.sh show a few of these kinds end to end.
# Usage: sh tests/encap-same.sh TLSDIAG
# Prints "ok - KIND" or "FAIL - KIND: ..." per kind, then "N passed, M failed".
set -u
bin=${1:?usage: sh tests/encap-same.sh TLSDIAG}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/encap-same.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
cc -O2 -std=c11 -Wall -Wextra -Werror -o "$tmp/wrap" tests/encap/wrap.c || exit 2
passed=0
failed=0
# The connections of a directory of captures: file, client, server, class, rule.
verdicts() {
	"$bin" --json -q "$@" 2>/dev/null |
		jq -r 'select(.type == "connection") | [(.file | split("/") | last), .client, .server, .class, .rule] | @tsv' |
		sort
}
# Captures read with options of their own (pcaps/NAME.options) are left out: one run reads
# a whole directory with the same options.
mkdir -p "$tmp/bare"
for cap in pcaps/*.pcap; do
	base=$(basename "$cap" .pcap)
	base=${base%.at-server}
	base=${base%.at-client}
	[ -f "pcaps/$base.options" ] && continue
	"$tmp/wrap" vlan "$cap" /dev/null 2>/dev/null || continue # not Ethernet
	cp "$cap" "$tmp/bare/"
done
verdicts -r "$tmp/bare" >"$tmp/bare.tsv"
n_bare=$(wc -l <"$tmp/bare.tsv")
for kind in vlan qinq mpls mpls-pw pppoe gre gretap erspan2 erspan3 vxlan geneve gtpu ipip ip6ip teredo nested; do
	mkdir -p "$tmp/$kind"
	for cap in "$tmp"/bare/*.pcap; do
		"$tmp/wrap" "$kind" "$cap" "$tmp/$kind/$(basename "$cap")" || echo "wrap $kind $cap failed"
	done
	verdicts -r "$tmp/$kind" >"$tmp/$kind.tsv"
	if cmp -s "$tmp/bare.tsv" "$tmp/$kind.tsv"; then
		passed=$((passed + 1))
		echo "ok - $kind: $n_bare connections, the same classes and rules"
	else
		failed=$((failed + 1))
		echo "FAIL - $kind: classes or rules differ from the bare captures (bare < > $kind):"
		diff "$tmp/bare.tsv" "$tmp/$kind.tsv" | head -10
	fi
	rm -rf "${tmp:?}/$kind"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
