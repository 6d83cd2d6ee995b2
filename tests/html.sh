#!/bin/sh
# --html: the report of pcaps/ opened in a real headless Chromium (Debian's chromium and
# chromium-driver, driven through WebDriver by tests/html/check.py): it renders with no
# console error and fetches nothing, has a card with a ladder for every failed and
# incomplete attempt (the counts taken from the JSON records of the same input), a
# failing step in each failed card, and its class filter and SNI search work; a
# screenshot is kept in build/test-output/html/. Also: the file holds no reference to
# anything outside it, a write error is said, and -j gives the same file as -j 1.
# Usage: tests/html.sh TLSDIAG
set -u
bin=$1
out=build/test-output/html
mkdir -p "$out"
passed=0
failed=0
check() { if [ "$1" = ok ]; then passed=$((passed + 1)); echo "PASS html: $2"; else failed=$((failed + 1)); echo "FAIL html: $2"; fi; }
"$bin" -q -r pcaps --html "$out/report.html" >/dev/null 2>&1
[ -s "$out/report.html" ] && check ok "report written ($(wc -c <"$out/report.html") bytes)" || check fail "no report written"
# Nothing to load: no src or href attribute, no stylesheet link, no url() in the styles.
if grep -Eq '<(link|img|iframe|object|embed)\b|\b(src|href)=|url\([^#]' "$out/report.html"; then
	check fail "the report refers to something outside it: $(grep -Eo '<(link|img|iframe)[^>]*|(src|href)=[^ >]*|url\([^)]*' "$out/report.html" | head -3)"
else
	check ok "the report refers to nothing outside it"
fi
# The policy table: a row for each server the text summary lists with failures.
want=$("$bin" -q -r pcaps 2>/dev/null | sed -n 's/^== servers with failures (\([0-9]*\)).*/\1/p')
rows=$(sed -n '/<table id="policy">/,/<\/table>/p' "$out/report.html" | grep -c '^<tr><th>')
[ -n "$want" ] && [ "$rows" -eq "$want" ] && check ok "policy table: $rows servers with failures, as the summary says" ||
	check fail "policy table: $rows rows, the summary says ${want:-?}"
grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$out/report.html" && check ok "a policy that forbids requests" ||
	check fail "no content security policy"
"$bin" -q -j 2 -r pcaps --html "$out/report-j2.html" >/dev/null 2>&1
cmp -s "$out/report.html" "$out/report-j2.html" && check ok "-j 2 writes the same file as -j 1" || check fail "-j 2 writes another file"
"$bin" -q -r pcaps/alpn-mismatch.pcap --html /dev/full >/dev/null 2>"$out/full.err"
rc=$?
[ $rc -eq 1 ] && grep -q "No space left" "$out/full.err" && check ok "a write error is said (exit 1)" ||
	check fail "write error: exit $rc, $(cat "$out/full.err")"
# What the browser must find, from the JSON records of the same input.
"$bin" -q --json -r pcaps 2>/dev/null | jq -s '[.[] | select(.type == "connection")] |
	{cards: map(select(.outcome != "ok")) | length,
	 failed: map(select(.outcome == "failed")) | length,
	 class: ["server_cert_rejected", (map(select(.class == "server_cert_rejected")) | length)],
	 sni: ["blocked", (map(select(.outcome != "ok" and ((.tls.sni // "") | contains("blocked")))) | length)]}' \
	>"$out/expected.json"
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
	python3 tests/html/check.py "$out/report.html" "$out/report.png" "$out/expected.json" >"$out/browser.txt" 2>&1
	grep -v '^[0-9]* passed' "$out/browser.txt"
	p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$out/browser.txt")
	f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$out/browser.txt")
	[ -n "$p" ] || { f=1; p=0; tail -5 "$out/browser.txt"; }
	passed=$((passed + p))
	failed=$((failed + f))
else
	check fail "chromium, chromium-driver and python3 are needed (make check installs them)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
