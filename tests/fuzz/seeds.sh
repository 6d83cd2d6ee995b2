#!/bin/sh
# Seed corpora of the libFuzzer harnesses, made from the captures in pcaps/:
#   BUILD/fuzz/seeds/<harness>/...
# (libFuzzer reads them and writes what it finds to BUILD/fuzz/corpus/<harness>/; seeds
# are remade from scratch, the corpus is kept.) Inputs saved under
# tests/fuzz/regressions/<harness>-<name> are added to their harness's seeds, so every
# run replays them first.
#
# Usage: tests/fuzz/seeds.sh BUILD   (needs BUILD/tlsdiag and BUILD/fuzz/seeds)
# Tools missing here (openssl, gzip, zip, ...) only leave their seeds out. Lists of files
# are split on white space: the names in pcaps/ have none.
# shellcheck disable=SC2086,SC2046,SC2012
set -eu
build=${1:-build}
out=$build/fuzz/seeds
work=$build/fuzz/seed-work
extract=$build/fuzz/seeds-extract
tlsdiag=$build/tlsdiag

have() { command -v "$1" >/dev/null 2>&1; }

rm -rf "$out" "$work"
for h in capture decode reasm tls udp cert summarize input keylog; do
	mkdir -p "$out/$h"
done
mkdir -p "$work/packed" "$work/pem" "$work/der"

captures=$(ls pcaps/*.pcap pcaps/*.pcapng 2>/dev/null)

# capture: the captures themselves.
cp $captures "$out/capture/"

# decode, tls, reasm: frames, streams and segments cut out of the captures.
"$extract" "$out" $captures

# input: the captures, and copies compressed and bundled (small ones: the harness's
# -max_len), each behind the harness's mode byte (bit 0 named, bit 1 through a pipe).
small=$(ls -S $captures | tail -n 6)
p=$work/packed
for f in $small; do
	b=$(basename "$f")
	have gzip && gzip -c "$f" >"$p/$b.gz"
	have bzip2 && bzip2 -c "$f" >"$p/$b.bz2"
	have xz && xz -c "$f" >"$p/$b.xz"
	have zstd && zstd -q -c "$f" >"$p/$b.zst"
done
set -- $small
(cd "$(dirname "$1")" && tar -cf - $(for f in "$@"; do basename "$f"; done)) >"$p/bundle.tar"
have gzip && gzip -c "$p/bundle.tar" >"$p/bundle.tar.gz"
if have zip; then
	zip -q -j "$p/bundle.zip" "$@"
	# A bundle inside a bundle, holding a compressed capture.
	[ -f "$p/$(basename "$1").gz" ] && zip -q -j "$p/nested.zip" "$p/$(basename "$1").gz" "$p/bundle.tar"
fi
# Damaged data: a compressed capture cut short, and something that is not a capture.
[ -f "$p/$(basename "$1").gz" ] && head -c 200 "$p/$(basename "$1").gz" >"$p/cut.pcap.gz"
cp pcaps/README.md "$p/readme.txt"
mode=0
for f in $captures "$p"/*; do
	b=$(basename "$f")
	{ printf '%b' "\\00$mode"; cat "$f"; } >"$out/input/$b-m$mode"
	mode=$(((mode + 1) % 4))
done

# cert: certificates made here with openssl (the kinds the checks judge: EC, explicit
# curve, RSA 2048 and 1024, SHA-1, Ed25519, SANs, key usages), those of the captures,
# and their names as DER.
if have openssl; then
	gen() {
		name=$1
		shift
		openssl req -x509 -nodes -days 30 -keyout /dev/null -out "$work/pem/$name.pem" "$@" >/dev/null 2>&1 ||
			echo "seeds: openssl could not make $name, left out" >&2
	}
	gen ec -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj /CN=x
	gen ec-san -newkey ec -pkeyopt ec_paramgen_curve:P-384 -subj "/C=DE/O=Example/OU=Ops/CN=www.example.test" \
		-addext "subjectAltName=DNS:www.example.test,DNS:*.example.test,IP:192.0.2.1,IP:2001:db8::1" \
		-addext "extendedKeyUsage=serverAuth,clientAuth" -addext "keyUsage=digitalSignature,keyCertSign"
	gen ec-explicit -newkey ec -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:explicit -subj /CN=explicit
	gen rsa2048 -newkey rsa:2048 -subj "/O=Example CA/CN=Example Root" -addext "basicConstraints=critical,CA:TRUE"
	gen rsa1024-sha1 -newkey rsa:1024 -sha1 -subj /CN=client -addext "extendedKeyUsage=emailProtection" \
		-addext "keyUsage=keyEncipherment"
	gen ed25519 -newkey ed25519 -subj "/DC=test/DC=example/CN=ed"
	rm -rf "$work/certs"
	"$tlsdiag" -q --extract-certs "$work/certs" -r pcaps/ >/dev/null 2>&1 || true
	cp "$work/certs"/*.pem "$work/pem/" 2>/dev/null || true
	for f in "$work/pem"/*.pem; do
		[ -s "$f" ] || continue
		b=$(basename "$f" .pem)
		openssl x509 -in "$f" -outform DER -out "$work/der/$b.der" 2>/dev/null || continue
		cp "$work/der/$b.der" "$out/cert/$b.der"
	done
	ls "$work/der"/*.der >/dev/null 2>&1 && "$extract" --names "$out/cert" "$work/der"/*.der
fi

# summarize: the NDJSON of tlsdiag runs over the captures and over the packed copies
# (bundle member names, errors, skipped files), one record per seed and in groups.
"$tlsdiag" --json -r pcaps/ -r "$p" >"$work/all.ndjson" 2>/dev/null || true
split -l 1 -a 4 "$work/all.ndjson" "$out/summarize/line-"
split -l 20 -a 3 "$work/all.ndjson" "$out/summarize/lines-"

# keylog: the key logs of the captures, and copies cut at odd places (inside the label,
# the random, the secret, just before the last line end): a log read while its writer
# was still appending.
for f in pcaps/*.keylog; do
	[ -f "$f" ] || continue
	b=$(basename "$f" .keylog)
	cp "$f" "$out/keylog/$b.keylog"
	size=$(wc -c <"$f")
	for cut in 5 30 100 $((size / 2)) $((size - 2)) $((size - 1)); do
		[ "$cut" -gt 0 ] && [ "$cut" -lt "$size" ] || continue
		head -c "$cut" "$f" >"$out/keylog/$b-cut$cut.keylog"
	done
done
# The same secrets with CRLF line ends (logs written or edited on Windows).
set -- pcaps/*.keylog
if [ -f "$1" ]; then
	sed 's/$/\r/' "$1" >"$out/keylog/crlf.keylog"
	head -c "$(($(wc -c <"$out/keylog/crlf.keylog") - 1))" "$out/keylog/crlf.keylog" >"$out/keylog/crlf-cut-before-lf.keylog"
fi

# Saved inputs that once broke a harness.
for f in tests/fuzz/regressions/*; do
	[ -f "$f" ] || continue
	h=${f##*/}
	h=${h%%-*}
	[ -d "$out/$h" ] && cp "$f" "$out/$h/"
done

for h in capture decode reasm tls udp cert summarize input keylog; do
	printf '  seeds   %-10s %5d\n' "$h" "$(ls "$out/$h" | wc -l)"
done
