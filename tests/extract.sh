#!/bin/sh
# --extract-certs: every distinct certificate of a capture is written once as
# DIR/<sha256>.pem, the file's name is the SHA-256 of its DER, and DIR/index.tsv has a
# row per certificate and attempt. Uses only coreutils (base64, sha256sum).
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$bin" -q --extract-certs "$tmp/certs" -r pcaps/client-cert-mixed.pcap -r pcaps/ok-chain-intermediate.pcap >/dev/null || fail=1
n_pem=$(ls "$tmp/certs"/*.pem 2>/dev/null | wc -l)
n_rows=$(tail -n +2 "$tmp/certs/index.tsv" | wc -l)
# client-cert-mixed: twice the server's leaf + CA A, the accepted client certificate + CA A,
# the refused one; ok-chain-intermediate: leaf + intermediate.
[ "$n_rows" -eq 9 ] || { echo "index.tsv: $n_rows rows, expected 9"; fail=1; }
[ "$n_pem" -ge 5 ] || { echo "$n_pem PEM files, expected at least 5"; fail=1; }
for pem in "$tmp/certs"/*.pem; do
	want=$(basename "$pem" .pem)
	got=$(sed -e '/-----/d' "$pem" | base64 -d | sha256sum | cut -d' ' -f1)
	[ "$want" = "$got" ] || { echo "$pem: SHA-256 of its DER is $got"; fail=1; }
	grep -q "^$want	" "$tmp/certs/index.tsv" || { echo "$pem: not in index.tsv"; fail=1; }
done
tail -n +2 "$tmp/certs/index.tsv" | awk -F'\t' 'NF != 10 { bad = 1 } END { exit bad }' || { echo "index.tsv: rows without 10 columns"; fail=1; }
grep -q "	client	0	pcaps/client-cert-mixed.pcap	.*client_cert_rejected	" "$tmp/certs/index.tsv" ||
	{ echo "index.tsv lacks the refused client certificate"; fail=1; }
# A directory that cannot be made is a usage error.
"$bin" -q --extract-certs /proc/no/such/dir -r pcaps/ok-tls13.pcap >/dev/null 2>&1
[ $? -eq 2 ] || { echo "an impossible --extract-certs directory should exit 2"; fail=1; }
[ $fail -eq 0 ] && echo "extract: $n_pem certificates, $n_rows index rows"
exit $fail
