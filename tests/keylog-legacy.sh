#!/bin/sh
# --keylog decryption of the older suite families, over the real captures of
# tests/keylog-legacy/ (made by its make.sh with openssl s_server/s_client and GnuTLS on
# loopback; cases.tsv lists them with their suite): each connection is decrypted
# ("decrypted": true, the Finished of both sides read from the decrypted records),
# classified ok, with the suite the capture negotiated. Without the legacy provider
# (OPENSSL_MODULES pointing nowhere) a SEED connection is not decrypted and says why.
# Usage: tests/keylog-legacy.sh [path/to/tlsdiag]
set -u
bin=${1:-build/tlsdiag}
dir=tests/keylog-legacy
fail=0
n=0
while IFS='	' read -r name id _; do
	n=$((n + 1))
	rec=$("$bin" --json -q --keylog "$dir/$name.keylog" -r "$dir/$name.pcap" | jq -c 'select(.type == "connection")')
	got=$(echo "$rec" | jq -r '"\(.class) \(.decrypted)"')
	ev=$(echo "$rec" | jq -r '.evidence[]')
	if [ "$got" != "ok true" ]; then
		echo "$name ($id): class, decrypted: $got, expected ok true"
		echo "$ev" | sed 's/^/    /'
		fail=1
		continue
	fi
	# The Finished of each side was read from a decrypted record: the handshake's end
	# is seen both ways and at least one record of each side decrypted.
	if ! echo "$ev" | grep -q '^ChangeCipherSpec and Finished both ways$' ||
		! echo "$ev" | grep -Eq '^decrypted with the key log: [1-9][0-9]* record\(s\) from the client, [1-9][0-9]* from the server$'; then
		echo "$name ($id): no Finished read from decrypted records in both directions:"
		echo "$ev" | sed 's/^/    /'
		fail=1
	fi
done <"$dir/cases.tsv"
[ "$n" -ge 16 ] || { echo "only $n cases in $dir/cases.tsv"; fail=1; }

# Without OpenSSL's legacy provider, SEED is not decrypted, and the evidence says why.
rec=$(OPENSSL_MODULES=/nonexistent "$bin" --json -q --keylog "$dir/seed-sha-tls12.keylog" \
	-r "$dir/seed-sha-tls12.pcap" | jq -c 'select(.type == "connection")')
if [ "$(echo "$rec" | jq -r .decrypted)" != false ] ||
	! echo "$rec" | jq -r '.evidence[]' | grep -q "legacy provider, which could not be loaded"; then
	echo "seed-sha-tls12 without the legacy provider: expected not decrypted, with a note: $rec"
	fail=1
fi
[ $fail -eq 0 ] && echo "keylog-legacy: $n captures decrypted"
exit $fail
