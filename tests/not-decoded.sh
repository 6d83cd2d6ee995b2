#!/bin/sh
# Frames the decoder leaves out are counted and named, once per capture: on standard
# error in text mode, in the file record's "packets_not_decoded" with --json. The
# capture is made by hand (tests/not-decoded/make.py), not captured: TCP SYNs bare and
# in GRE and VXLAN tunnels (decoded), then an unknown ethertype, IPv4 fragments (a SYN
# in two, reassembled; a first fragment alone, left out), UDP, ARP and IPsec ESP (a
# tunnel that cannot be opened).
# Usage: tests/not-decoded.sh [path/to/tlsdiag]
set -u
bin=${1:-build/tlsdiag}
cap=tests/not-decoded/handmade.pcap
fail=0
err=$("$bin" -q -r "$cap" 2>&1 >/dev/null)
want="tlsdiag: $cap: 7 of 13 packet(s) not analysed: 4 not IP (3 ethertype 0x88b5, 1 ARP), 1 in tunnels (not decoded: 1 IPsec ESP), 1 IP fragments (never completed or not carrying TCP: 1 IPv4), 1 not TCP (1 UDP)"
if [ "$err" != "$want" ]; then
	printf 'text mode, standard error:\n  got:  %s\n  want: %s\n' "$err" "$want"
	fail=1
fi
rec=$("$bin" --json -r "$cap" 2>/dev/null | jq -c 'select(.type == "file") | .packets_not_decoded | del(.summary)')
want='{"total":7,"not_ip":4,"tunnel":1,"fragment":1,"not_tcp":1}'
if [ "$rec" != "$want" ]; then
	printf 'JSON packets_not_decoded:\n  got:  %s\n  want: %s\n' "$rec" "$want"
	fail=1
fi
if [ -n "$("$bin" --json -r "$cap" 2>&1 >/dev/null)" ]; then
	echo "JSON mode wrote to standard error"
	fail=1
fi
# The tunnels were opened: the SYNs inside are attempts, named with what carried them.
encaps=$("$bin" -q --json -r "$cap" 2>/dev/null | jq -r 'select(.type == "connection") | .encap | join("+")' | sort | tr '\n' ' ')
# The fragmented SYN, reassembled, is an attempt of its own (carried in nothing).
if [ "$encaps" != "  gre gre vxlan " ]; then
	printf 'attempts inside tunnels:\n  got:  "%s"\n  want: "  gre gre vxlan "\n' "$encaps"
	fail=1
fi
frag=$("$bin" --json -r "$cap" 2>/dev/null | jq -c 'select(.type == "file") | .ip_fragments')
if [ "$frag" != '{"datagrams":1,"fragments":2,"dropped":1,"overlaps":0}' ]; then
	printf 'JSON ip_fragments:\n  got:  %s\n' "$frag"
	fail=1
fi
# A capture whose every frame is decoded says nothing, and counts 0.
ok=pcaps/ok-tls13.pcap
if [ -n "$("$bin" -q -r "$ok" 2>&1 >/dev/null)" ] ||
	[ "$("$bin" --json -r "$ok" | jq -c 'select(.type == "file") | .packets_not_decoded')" != '{"total":0,"summary":""}' ]; then
	echo "$ok: expected no frame left out"
	fail=1
fi
[ $fail -eq 0 ] && echo "not-decoded: counted and named"
exit $fail
