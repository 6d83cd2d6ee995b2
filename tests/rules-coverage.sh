#!/bin/sh
# Every row of the rule table must fire on at least one capture (pcaps/ and the public
# corpus when present): a rule that never fires is either dead or untested.
set -u
bin=$1
fired=$( (for f in pcaps/*.pcap pcaps/*.pcapng tests/hostile/*.pcap ../shared/corpus/pcaps/*; do
	[ -f "$f" ] && "$bin" --json -q -r "$f" 2>/dev/null
done) | jq -r .rule | sort -u)
missing=0
for id in $("$bin" --list-rules | awk '{print $1}'); do
	if ! echo "$fired" | grep -qxF "$id"; then
		echo "rule $id never fires"
		missing=1
	fi
done
exit $missing
