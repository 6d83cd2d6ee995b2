#!/bin/sh
# Golden tests over the captures in pcaps/, made by real TLS software (pcaps/README.md).
#  1. pcaps/expected.tsv: for each connection, the class, and words that the evidence,
#     summary or rule of its JSON record must contain (every word, case-insensitive).
#  2. tests/golden/<capture>.txt: the exact text output of `tlsdiag -a -r <capture>`.
#  3. tests/golden/keylog.tsv: connections read without and with the client's key log
#     (pcaps/<name>.keylog): class, confidence, "decrypted", and words as in 1; and
#     tests/golden/keylog/<capture>.txt, the text output with --keylog.
# Usage: tests/golden/run.sh TLSDIAG [--update]   (--update rewrites the .txt files for review)
set -u
bin=$1
update=${2:-}
dir=$(dirname "$0")
fail=0
checked=0
tab=$(printf '\t')
while IFS="$tab" read -r file client server class words; do
	[ "$file" = "file" ] && continue
	[ -z "$file" ] && continue
	rec=$("$bin" --json -q -r "pcaps/$file" | jq -c --arg c "$client" --arg s "$server" 'select(.client == $c and .server == $s)')
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
	want="$dir/$(basename "$cap").txt"
	got=$("$bin" -a -r "$cap" 2>&1)
	if [ "$update" = "--update" ]; then
		printf '%s\n' "$got" > "$want"
	elif [ ! -f "$want" ]; then
		echo "$cap: no expected text ($want); run tests/golden/run.sh $bin --update and review"
		fail=1
	elif [ "$(cat "$want")" != "$got" ]; then
		echo "$cap: text output differs from $want:"
		printf '%s\n' "$got" | diff "$want" - | head -20
		fail=1
	fi
done
while IFS="$tab" read -r file client server keys class confidence words; do
	[ "$file" = "file" ] && continue
	[ -z "$file" ] && continue
	keylog="pcaps/${file%.*}.keylog"
	if [ "$keys" = yes ]; then
		rec=$("$bin" --json -q --keylog "$keylog" -r "pcaps/$file")
	else
		rec=$("$bin" --json -q -r "pcaps/$file")
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
for keylog in pcaps/*.keylog; do
	cap=${keylog%.keylog}.pcap
	[ -f "$cap" ] || continue
	want="$dir/keylog/$(basename "$cap").txt"
	got=$("$bin" -a --keylog "$keylog" -r "$cap" 2>&1)
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
echo "golden: $checked connections checked"
[ $checked -gt 0 ] || fail=1
exit $fail
