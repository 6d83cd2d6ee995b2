#!/bin/sh
# explain.sh — `tlsdiag explain` on every message that real TLS software printed in
# tests/explain/messages.tsv (made by tests/explain/collect.sh): for each, the alert the
# message stands for, the side that sent it, the side that printed it, and the class the
# failure really was — first of the reading for the side that printed it, or among the
# first two where the row marks it "class?" (the text alone cannot tell); "class!" rows
# (the text cannot lead to the class at all) check the alert and sides only.
#
# Usage: sh tests/explain.sh TLSDIAG [MESSAGES.tsv]
# Prints "ok - ..." or "FAIL - ...: REASON" per message, then "N passed, M failed".
set -u

bin=${1:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "usage: sh tests/explain.sh TLSDIAG [MESSAGES.tsv]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
tsv=${2:-$here/explain/messages.tsv}
command -v jq >/dev/null 2>&1 || { echo "explain: jq is needed (make deps-fast installs it)" >&2; exit 2; }
[ -f "$tsv" ] || { echo "explain: $tsv not found (bash tests/explain/collect.sh makes it)" >&2; exit 2; }

passed=0
failed=0
tab=$(printf '\t')

# check STACK SCENARIO REPORTER MESSAGE CLASS ALERT FROM
check() {
	name="$1 $2 ($3)"
	json=$("$bin" explain --json -- "$4") || true
	if [ -z "$json" ]; then
		failed=$((failed + 1))
		echo "FAIL - $name: no output"
		return
	fi
	want_class=${5%[?!]}
	rank=1
	case $5 in
	*"?") rank=2 ;;
	*"!") rank=0 ;;
	esac
	got=$(printf '%s\n' "$json" | jq -r --arg rep "$3" '
		(.readings | if length == 1 then .[0] else (map(select(.reporter == $rep)) | .[0]) end) as $r |
		[(if .alert == null then "-" else (.alert.code | tostring) end),
		 ($r.reporter // "-"), ($r.sender // "-"), (($r.classes // []) | join(","))] | join("\t")')
	got_alert=$(printf '%s' "$got" | cut -f1)
	got_rep=$(printf '%s' "$got" | cut -f2)
	got_from=$(printf '%s' "$got" | cut -f3)
	got_classes=$(printf '%s' "$got" | cut -f4)
	why=
	[ "$got_alert" = "$6" ] || why="$why alert $got_alert, expected $6;"
	[ "$got_rep" = "$3" ] || why="$why printed by $got_rep, expected $3;"
	[ "$got_from" = "$7" ] || why="$why alert from $got_from, expected $7;"
	if [ $rank -gt 0 ]; then
		top=$(printf '%s' "$got_classes" | cut -d, -f1-$rank)
		case ",$top," in
		*",$want_class,"*) ;;
		*) why="$why classes $got_classes, expected $want_class $([ $rank = 2 ] && echo 'among the first two' || echo first);" ;;
		esac
	fi
	if [ -z "$why" ]; then
		passed=$((passed + 1))
		echo "ok - $name"
	else
		failed=$((failed + 1))
		echo "FAIL - $name:$why"
		echo "    message: $4"
	fi
}

while IFS="$tab" read -r stack version scenario reporter message class alert from; do
	[ "$stack" = stack ] && continue
	check "$stack" "$scenario" "$reporter" "$message" "$class" "$alert" "$from"
done <"$tsv"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
