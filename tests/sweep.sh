#!/bin/sh
# Never a false ok, whatever the capture point: every failed handshake of pcaps/
# (expected.tsv: a failure class) is replayed in every order a capture point could have
# seen its end in (tests/sweep/interleave.c: the two directions merged every way, each in
# its own order, from the client's first record after the server's hello), and none of
# the orders may read as `ok`. The packets are the real ones; only their order changes.
# Usage: tests/sweep.sh TLSDIAG
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -std=c11 -Wall -Wextra -Werror -o "$tmp/interleave" tests/sweep/interleave.c || exit 1
tab=$(printf '\t')
fail=0
handshakes=0
orders=0
while IFS="$tab" read -r file client server class words; do
	case $class in ok | incomplete | class) continue ;; esac
	case $file in *.pcap) ;; *) continue ;; esac
	port=${client##*:}
	dir="$tmp/${file%.pcap}-$port"
	mkdir -p "$dir"
	n=$("$tmp/interleave" "pcaps/$file" "$port" "$dir") || { echo "$file $client: interleave failed"; fail=1; continue; }
	[ "$n" -gt 0 ] || { rmdir "$dir"; continue; }
	handshakes=$((handshakes + 1))
	orders=$((orders + n))
	bad=$("$bin" --json -q -r "$dir" | jq -r --arg c "$client" \
		'select(.type == "connection" and .client == $c and .class == "ok") | "\(.file) \(.rule)"')
	if [ -n "$bad" ]; then
		echo "$file $client ($class): read as ok in these orders:"
		echo "$bad" | sed 's/^/    /' | head -5
		fail=1
	fi
	rm -rf "$dir"
done < pcaps/expected.tsv
echo "sweep: $orders orders of $handshakes failed handshakes, at both capture points"
[ "$handshakes" -gt 0 ] || fail=1
exit $fail
