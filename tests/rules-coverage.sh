#!/bin/sh
# Every row of the rule table must fire on at least one capture: pcaps/ (real software),
# the hostile captures of tests/hostile/gen.c (malformed input real software does not
# make) and the public corpus when present. A rule that never fires is dead or untested.
# The catch-all last row is exempt: it exists so that every attempt gets a class. Rows
# that no capture shows yet are on a list below, named on every run with the capture
# they wait for.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sample=pcaps/ok-tls13.pcap
cc -std=c11 -O1 -o "$tmp/gen" tests/hostile/gen.c && "$tmp/gen" "$tmp" "$sample" >/dev/null
fired=$( (for f in pcaps/*.pcap pcaps/*.pcapng "$tmp"/*.pcap ../shared/corpus/pcaps/*; do
	[ -f "$f" ] && "$bin" --json -q -r "$f" 2>/dev/null
done
# The captures again with their key logs: the rules of decrypted handshakes.
for k in pcaps/*.keylog; do
	[ -f "${k%.keylog}.pcap" ] && "$bin" --json -q --keylog "$k" -r "${k%.keylog}.pcap" 2>/dev/null
done) | jq -r 'select(.type == "connection") | .rule' | sort | uniq -c)
echo "$fired"
missing=0
# The rule table is the first block of --list-rules (the certificate checks follow a blank
# line; they are covered by the unit tests of certcheck and the golden failing checks).
ids=$("$bin" --list-rules | awk 'NF == 0 { exit } { print $1 }')
last=$(echo "$ids" | tail -n 1)
# Rules whose only real captures are public ones from other projects (../shared/corpus):
# without that folder they cannot be shown here, and are skipped with a message.
corpus_only="tls13.server_alert_after_flight close.client_after_server_cert capture.one_sided server.malformed_answer"
# Rows that no capture shows yet, each with the capture it waits for. They are listed on
# every run, never passed over in silence; tests/unit/test_rules.c fires each on hand-made
# facts. A row that fires on a capture must leave this list (the script fails until then).
tab=$(printf '\t')
uncaptured="tcp.server_closed_before_hello${tab}a server that closes or resets right after the TCP handshake, before the client's first byte
alert.handshake_failure_ssl_only${tab}a hello offering at most SSL 3.0, refused with handshake_failure
tls13.server_abort${tab}a TLS 1.3 server aborting after a client Finished flight that carries no certificate
tls12.encrypted_abort${tab}a TLS 1.2 server answering the client's Finished with an encrypted alert, no client certificate involved
tls12.close_after_finished${tab}a TLS 1.2 server closing instead of sending its ChangeCipherSpec, no client certificate involved
quic.close_protocol${tab}two QUIC stacks that disagree on the wire (PROTOCOL_VIOLATION, TRANSPORT_PARAMETER_ERROR): ngtcp2 and quic-go interoperate
dtls.flight_unanswered_client_cert${tab}a DTLS server refusing a client certificate without an alert (GnuTLS 3.7 sends access_denied; only its refusal of an empty Certificate is silent)"
for id in $ids; do
	[ "$id" = "$last" ] && continue
	waits=$(printf '%s\n' "$uncaptured" | awk -F"$tab" -v id="$id" '$1 == id { print $2 }')
	if ! echo "$fired" | awk '{print $2}' | grep -qxF "$id"; then
		if [ ! -d ../shared/corpus/pcaps ] && echo " $corpus_only " | grep -qF " $id "; then
			echo "SKIP rule $id: it fires only on ../shared/corpus, which is absent"
			continue
		fi
		if [ -n "$waits" ]; then
			echo "UNCAPTURED rule $id: no capture yet; it waits for $waits"
			continue
		fi
		echo "rule $id never fires"
		missing=1
	elif [ -n "$waits" ]; then
		echo "rule $id fires now: take it off the uncaptured list of $0"
		missing=1
	fi
done
exit $missing
