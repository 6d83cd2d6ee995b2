#!/bin/sh
# Golden tests over the captures in pcaps/, made by real TLS software (pcaps/README.md).
#  1. pcaps/expected.tsv: for each connection, the class, and words that the evidence,
#     summary or rule of its JSON record must contain (every word, case-insensitive).
#  2. tests/golden/<capture>.txt: the exact text output of `tlsdiag -a -r <capture>`.
#  3. tests/golden/keylog.tsv: connections read without and with the client's key log
#     (pcaps/<name>.keylog): class, confidence, "decrypted", and words as in 1; and
#     tests/golden/keylog/<capture>.txt, the text output with --keylog.
#  4. key logs that do not fit (another connection's, secrets altered, a log of garbage):
#     never fatal, a note in the evidence, the attempt classified as without keys.
# A capture read with options of its own has them in pcaps/NAME.options beside it (words,
# e.g. "--vxlan-ports 4790"): every run above adds them, for the capture and its other end.
# A capture split over several files (the two directions of a mirror, pcaps/split/NAME.*)
# is named split/NAME in expected.tsv and read with --merge; its text output is
# tests/golden/split/NAME.txt.
# Usage: tests/golden/run.sh TLSDIAG [--update]   (--update rewrites the .txt files for review)
set -u
export TZ=UTC
bin=$1
update=${2:-}
dir=$(dirname "$0")
fail=0
checked=0
tab=$(printf '\t')
# options_of FILE: the words of pcaps/NAME.options for the capture FILE, or nothing.
options_of() {
	base=$(basename "$1")
	base=${base%.*}
	base=${base%.at-server}
	base=${base%.at-client}
	[ -f "pcaps/$base.options" ] && cat "pcaps/$base.options"
}
# inputs NAME: the arguments that read capture NAME of expected.tsv: pcaps/NAME, or for
# split/NAME the files pcaps/split/NAME.* as one capture.
inputs() {
	if [ -f "pcaps/$1" ]; then
		echo "-r pcaps/$1"
		return
	fi
	args=--merge
	for part in pcaps/"$1".*; do
		[ -f "$part" ] && args="$args -r $part"
	done
	echo "$args"
}
# text_check CAPTURE WANT GOT: GOT is the text output expected in file WANT.
text_check() {
	if [ "$update" = "--update" ]; then
		mkdir -p "$(dirname "$2")"
		printf '%s\n' "$3" > "$2"
	elif [ ! -f "$2" ]; then
		echo "$1: no expected text ($2); run tests/golden/run.sh $bin --update and review"
		fail=1
	elif [ "$(cat "$2")" != "$3" ]; then
		echo "$1: text output differs from $2:"
		printf '%s\n' "$3" | diff "$2" - | head -20
		fail=1
	fi
}
while IFS="$tab" read -r file client server class words; do
	[ "$file" = "file" ] && continue
	[ -z "$file" ] && continue
	# shellcheck disable=SC2046 # the options and inputs are words
	rec=$("$bin" --json -q $(options_of "$file") $(inputs "$file") | jq -c --arg c "$client" --arg s "$server" 'select(.client == $c and .server == $s)')
	if [ -z "$rec" ]; then
		echo "$file $client -> $server: not reported"
		fail=1
		continue
	fi
	got=$(echo "$rec" | jq -r .class)
	if [ "$got" != "$class" ]; then
		echo "$file $client -> $server: class $got, expected $class ($(echo "$rec" | jq -r .rule): $(echo "$rec" | jq -r .summary))"
		fail=1
		continue
	fi
	text=$(echo "$rec" | jq -r '[.rule, .summary, (.evidence | join(" ")), (.tls.alerts | map(.description) | join(" "))] | join(" ")')
	for w in $words; do
		if ! echo "$text" | grep -qiF -- "$w"; then
			echo "$file $client -> $server: evidence lacks \"$w\": $text"
			fail=1
		fi
	done
	checked=$((checked + 1))
done < pcaps/expected.tsv
for cap in pcaps/*.pcap pcaps/*.pcapng; do
	[ -f "$cap" ] || continue
	# shellcheck disable=SC2046 # the options are words
	text_check "$cap" "$dir/$(basename "$cap").txt" "$("$bin" -a $(options_of "$cap") -r "$cap" 2>&1)"
done
for name in $(for part in pcaps/split/*; do [ -f "$part" ] && basename "$part"; done | sed 's/\.[^.]*\.[^.]*$//' | sort -u); do
	# shellcheck disable=SC2046 # inputs gives words
	text_check "split/$name" "$dir/split/$name.txt" "$("$bin" -a $(inputs "split/$name") 2>&1)"
done
while IFS="$tab" read -r file client server keys class confidence words; do
	[ "$file" = "file" ] && continue
	[ -z "$file" ] && continue
	# Both ends' captures of a scenario share its key log (pcaps/NAME.keylog).
	base=${file%.*}
	base=${base%.at-server}
	keylog="pcaps/${base%.at-client}.keylog"
	# shellcheck disable=SC2046
	if [ "$keys" = yes ]; then
		rec=$("$bin" --json -q $(options_of "$file") --keylog "$keylog" -r "pcaps/$file")
	else
		rec=$("$bin" --json -q $(options_of "$file") -r "pcaps/$file")
	fi
	rec=$(echo "$rec" | jq -c --arg c "$client" --arg s "$server" 'select(.client == $c and .server == $s)')
	what="$file $client -> $server (key log: $keys)"
	if [ -z "$rec" ]; then
		echo "$what: not reported"
		fail=1
		continue
	fi
	got=$(echo "$rec" | jq -r '"\(.class) \(.confidence) \(.decrypted)"')
	want="$class $confidence $([ "$keys" = yes ] && echo true || echo false)"
	if [ "$got" != "$want" ]; then
		echo "$what: class, confidence, decrypted: $got, expected $want ($(echo "$rec" | jq -r .rule): $(echo "$rec" | jq -r .summary))"
		fail=1
		continue
	fi
	text=$(echo "$rec" | jq -r '[.rule, .summary, (.evidence | join(" ")), .fix, (.tls.alerts | map("\(.description)(\(.code))") | join(" ")), .tls.cipher] | join(" ")')
	for w in $words; do
		if ! echo "$text" | grep -qiF -- "$w"; then
			echo "$what: evidence lacks \"$w\": $text"
			fail=1
		fi
	done
	checked=$((checked + 1))
done < "$dir/keylog.tsv"
for cap in pcaps/*.pcap; do
	base=${cap%.pcap}
	base=${base%.at-server}
	keylog=${base%.at-client}.keylog
	[ -f "$keylog" ] || continue
	want="$dir/keylog/$(basename "$cap").txt"
	# shellcheck disable=SC2046
	got=$("$bin" -a $(options_of "$cap") --keylog "$keylog" -r "$cap" 2>&1)
	if [ "$update" = "--update" ]; then
		mkdir -p "$dir/keylog"
		printf '%s\n' "$got" > "$want"
	elif [ ! -f "$want" ]; then
		echo "$cap: no expected text with its key log ($want); run tests/golden/run.sh $bin --update and review"
		fail=1
	elif [ "$(cat "$want")" != "$got" ]; then
		echo "$cap --keylog $keylog: text output differs from $want:"
		printf '%s\n' "$got" | diff "$want" - | head -20
		fail=1
	fi
done
# 4. Key logs that do not fit.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# misfit NAME CAPTURE KEYLOG WORD...: exit 0, the class and confidence of the run without
# keys, "decrypted" false, and each WORD in the evidence.
misfit() {
	name=$1 cap=$2 keylog=$3
	shift 3
	plain=$("$bin" --json -q -r "$cap" | jq -r 'select(.type == "connection") | "\(.class) \(.confidence)"' | head -n 1)
	rec=$("$bin" --json -q --keylog "$keylog" -r "$cap")
	rc=$?
	got=$(echo "$rec" | jq -r 'select(.type == "connection") | "\(.class) \(.confidence) \(.decrypted)"' | head -n 1)
	text=$(echo "$rec" | jq -r 'select(.type == "connection") | .evidence | join(" ")' | head -n 1)
	if [ "$rc" != 0 ] || [ "$got" != "$plain false" ]; then
		echo "key log $name: exit $rc, got $got, expected $plain false"
		fail=1
		return
	fi
	for w in "$@"; do
		if ! echo "$text" | grep -qiF -- "$w"; then
			echo "key log $name: evidence lacks \"$w\": $text"
			fail=1
		fi
	done
	checked=$((checked + 1))
}
misfit "of another connection" pcaps/client-cert-missing-tls13.pcap pcaps/ok-tls13.keylog "no secrets for this connection"
sed 's/^\(SERVER_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]* \)../\100/; s/^\(CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]* \)../\100/' \
	pcaps/client-cert-missing-tls13.keylog >"$tmp/altered13.keylog"
misfit "with altered TLS 1.3 secrets" pcaps/client-cert-missing-tls13.pcap "$tmp/altered13.keylog" "did not decrypt" "authentication failed"
sed 's/^\(CLIENT_RANDOM [0-9a-f]* \)../\100/' pcaps/client-cert-rejected-reset.keylog >"$tmp/altered12.keylog"
misfit "with an altered master secret" pcaps/client-cert-rejected-reset.pcap "$tmp/altered12.keylog" "did not decrypt"
printf 'not a key log line\n\001\002 garbage\n' >"$tmp/garbage.keylog"
misfit "of garbage" pcaps/client-cert-missing-tls13.pcap "$tmp/garbage.keylog" "no secrets for this connection"
echo "golden: $checked connections checked"
[ $checked -gt 0 ] || fail=1
exit $fail
