#!/bin/sh
# Compares tlsdiag's classes with ../shared/corpus/truth.tsv (real captures published by
# other projects, labelled by hand). Prints every disagreement and the agreement share
# over the TCP connections and over the QUIC ones (tcp_close "n/a(udp)"), each held to
# MIN_PERCENT; "a|b" labels count as right for either.
# Usage: tests/corpus.sh TLSDIAG [CORPUS_DIR] [MIN_PERCENT]
set -u
bin=$1
corpus=${2:-../shared/corpus}
min=${3:-95}
if [ ! -f "$corpus/truth.tsv" ]; then
	echo "corpus: $corpus/truth.tsv not found; corpus comparison skipped"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$corpus"/pcaps/*; do
	name=$(basename "$f")
	# A connection in an IP-in-IP tunnel is also found under its outer addresses.
	"$bin" --json -q -r "$f" 2>>"$tmp/stderr" | jq -r --arg n "$name" \
		'select(.type == "connection") | ([$n, .client, .server, .class, .rule], if .tunnel then [$n, .tunnel.client, .tunnel.server, .class, .rule] else empty end) | @tsv' >>"$tmp/got.tsv"
done
awk -F'\t' -v min="$min" '
	FNR == NR { got[$1 "\t" $2 "\t" $3] = $4; rule[$1 "\t" $2 "\t" $3] = $5; next }
	FNR == 1 { next }
	{
		key = $1 "\t" $2 "\t" $3
		udp = $8 == "n/a(udp)"
		total[udp]++
		n = split($9, want, "|")
		g = (key in got) ? got[key] : "(not reported)"
		ok = 0
		for (i = 1; i <= n; i++) if (want[i] == g) ok = 1
		if (ok) agree[udp]++
		else printf "DISAGREE %s %s -> %s: expected %s, got %s (%s)\n", $1, $2, $3, $9, g, rule[key]
	}
	END {
		bad = 0
		for (u = 0; u < 2; u++) {
			pct = total[u] ? 100.0 * agree[u] / total[u] : 100
			printf "corpus agreement: %d of %d %s connections (%.1f%%)\n", agree[u], total[u], u ? "QUIC" : "TCP", pct
			if (pct + 1e-9 < min) bad = 1
		}
		exit bad
	}' "$tmp/got.tsv" "$corpus/truth.tsv"
