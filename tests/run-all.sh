#!/bin/sh
# Runs the tests of tlsdiag and ends with "N passed, M failed".
# Usage: tests/run-all.sh [--fast | --unit | --unit-asan] [BUILD_DIR]
#
# With no option, every test (make check):
#   unit tests (cmocka, built with ASan+UBSan)
#   static analysis of src/ (make lint): gcc and clang warnings as errors, cppcheck, clang-tidy
#   golden tests over pcaps/ (class, rule, evidence, text output) with the release and ASan builds
#   hostile inputs (empty, not a capture, truncated, garbage, huge lengths)
#   the rule table: every rule fires on some capture
#   every failed handshake in every order a capture point can see its end in: never ok
#   the ladder (--ladder), the JSON histories and the negotiation diff
#   the HTML report (--html) opened in headless Chromium
#   --keylog over captures of older suites (Camellia, ARIA, SEED, RC4, NULL, TLS 1.0/1.1)
#   frames the decoder leaves out (tunnels, fragments, not IP): counted and named
#   same packets, same verdict: live decisions (--replay) = offline, -w files read back
#   batch triage over a generated archive (compressed files, bundles, broken files)
#   hostile resource use: SYN floods, records that never complete, certificate bombs
#     (memory under --max-memory, time linear), release and ASan builds
#   tlsdiag explain on the error messages real TLS software printed (tests/explain/)
#   each libFuzzer harness for a few seconds (skipped with a message without clang)
#   --metrics scraped live and checked with promtool (root only)
#   the public corpus in ../shared/corpus (skipped with a message when absent)
# --fast, the development loop (make test), on the release build alone: its unit tests
#   (BUILD_DIR/tests/), the golden tests, hostile inputs, the rule table, the older
#   suites' decryption, the command line and explain's real messages; the sanitizers, static analysis and the slow steps are left to
#   the full run.
# --unit, --unit-asan: the unit tests alone, release build or ASan+UBSan (make unit,
#   make unit-asan).
set -u
mode=full
case "${1:-}" in
--fast | --unit | --unit-asan) mode=${1#--}; shift ;;
esac
build=${1:-build}
passed=0
failed=0
failures=""
# Text output is in local time: the expected texts are written in UTC.
export TZ=UTC
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

step() {
	name=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS $name"
	else
		failed=$((failed + 1))
		failures="$failures $name"
		echo "FAIL $name"
		echo "$out" | sed 's/^/    /' | tail -40
	fi
	[ -n "${VERBOSE:-}" ] && echo "$out" | sed 's/^/    /'
	return 0
}

# unit DIR: each unit test binary in DIR.
unit() {
	for t in "$1"/test_*; do
		[ -x "$t" ] || continue
		step "unit/$(basename "$t")" "$t"
	done
}

summary() {
	echo
	echo "$passed passed, $failed failed"
	[ $failed -eq 0 ] || { echo "failed:$failures"; exit 1; }
	exit 0
}

case $mode in
unit)
	unit "$build/tests"
	summary
	;;
unit-asan)
	unit "$build/asan/tests"
	summary
	;;
fast)
	unit "$build/tests"
	step "golden (release build)" sh tests/golden/run.sh "$build/tlsdiag"
	step "hostile inputs (release build)" sh tests/hostile.sh "$build/tlsdiag"
	step "every rule fires" sh tests/rules-coverage.sh "$build/tlsdiag"
	step "no false ok in any order a capture point can see" sh tests/sweep.sh "$build/tlsdiag"
	step "keylog: older suites and versions decrypted (release build)" sh tests/keylog-legacy.sh "$build/tlsdiag"
	step "frames not decoded: counted and named (release build)" sh tests/not-decoded.sh "$build/tlsdiag"
	step "command line: tcpdump's habits, streams, selection, exit status (release build)" sh tests/cli.sh "$build/tlsdiag"
	step "ladder, histories and the negotiation diff (release build)" sh tests/ladder.sh "$build/tlsdiag"
	step "explain: real software's error messages (release build)" sh tests/explain.sh "$build/tlsdiag"
	summary
	;;
esac

unit "$build/asan/tests"

step "static analysis: gcc and clang -Wconversion -Werror, cppcheck, clang-tidy" make --no-print-directory lint BUILD="$build"

step "golden (release build)" sh tests/golden/run.sh "$build/tlsdiag"
step "golden (ASan+UBSan build)" sh tests/golden/run.sh "$build/asan/tlsdiag"
step "hostile inputs (ASan+UBSan build)" sh tests/hostile.sh "$build/asan/tlsdiag"
step "every rule fires" sh tests/rules-coverage.sh "$build/tlsdiag"
step "no false ok in any order a capture point can see (ASan+UBSan build)" sh tests/sweep.sh "$build/asan/tlsdiag"
step "keylog: older suites and versions decrypted (ASan+UBSan build)" sh tests/keylog-legacy.sh "$build/asan/tlsdiag"
step "frames not decoded: counted and named (ASan+UBSan build)" sh tests/not-decoded.sh "$build/asan/tlsdiag"
step "same class and rule however a connection is carried: 16 encapsulations (ASan+UBSan build)" \
	sh tests/encap-same.sh "$build/asan/tlsdiag"
step "same packets, same verdict: --replay (live decisions) = offline, -w read back (ASan+UBSan build)" \
	sh tests/same-verdict.sh "$build/asan/tlsdiag"
step "command line: tcpdump's habits, streams, selection, exit status (ASan+UBSan build)" sh tests/cli.sh "$build/asan/tlsdiag"
step "ladder, histories and the negotiation diff (ASan+UBSan build)" sh tests/ladder.sh "$build/asan/tlsdiag"
step "explain: real software's error messages (ASan+UBSan build)" sh tests/explain.sh "$build/asan/tlsdiag"
step "HTML report in headless Chromium: renders, fetches nothing, filters work (release build)" sh tests/html.sh "$build/tlsdiag"
step "make install, make uninstall, make deb: installed and run" sh tests/install.sh "$build"
step "certificate extraction (ASan+UBSan build)" sh tests/extract.sh "$build/asan/tlsdiag"
step "batch triage: archives, -j, summary, --summarize, -w (release build)" sh tests/batch.sh "$build/tlsdiag"
step "batch triage (ASan+UBSan build)" sh tests/batch.sh "$build/asan/tlsdiag"
step "resource bounds: memory and time on hostile captures (release build)" sh tests/bounds.sh "$build/tlsdiag" 1
step "resource bounds (ASan+UBSan build, scale 0.1)" env ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:quarantine_size_mb=16 \
	sh tests/bounds.sh "$build/asan/tlsdiag" 0.1
fuzz_out=$(make --no-print-directory fuzz-smoke BUILD="$build" 2>&1)
fuzz_rc=$?
echo "$fuzz_out" | grep -v '^  \(FUZZ\|CC\|LD\) ' | sed 's/^/    /'
case "$fuzz_out" in
*"fuzz-smoke: skipped"*) echo "SKIP fuzz smoke: clang with libFuzzer is not installed" ;;
*) if [ $fuzz_rc -eq 0 ]; then passed=$((passed + 1)); echo "PASS fuzz smoke (each harness 10 s)"; else failed=$((failed + 1)); failures="$failures fuzz"; echo "FAIL fuzz smoke"; fi ;;
esac
# root_step NAME ID SCRIPT: a test that needs root, which says SKIP (and why) without it;
# its whole output is shown.
root_step() {
	out=$(sh "$3" "$build/tlsdiag" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/    /'
	case "$out" in
	SKIP*) echo "SKIP $1: $(echo "$out" | head -1)" ;;
	*) if [ $rc -eq 0 ]; then passed=$((passed + 1)); echo "PASS $1"; else failed=$((failed + 1)); failures="$failures $2"; echo "FAIL $1"; fi ;;
	esac
}
# Live capture between network namespaces, and --metrics scraped live.
root_step "live capture" live tests/live.sh
root_step "metrics endpoint (live, promtool)" metrics tests/metrics.sh
if [ -f ../shared/corpus/truth.tsv ]; then
	step "corpus agreement >= 98% (ASan+UBSan build)" sh tests/corpus.sh "$build/asan/tlsdiag" ../shared/corpus 98
	sh tests/corpus.sh "$build/tlsdiag" ../shared/corpus 0 | tail -n 1
else
	echo "SKIP corpus: ../shared/corpus not found"
fi

summary
