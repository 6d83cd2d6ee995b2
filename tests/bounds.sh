#!/bin/sh
# bounds.sh — measures tlsdiag's peak memory and time on large hostile captures that
# attack its bounds (include/bounds.h): SYN floods, records that never complete,
# conflicting retransmissions, huge ClientHellos, one-byte records, certificate bombs,
# floods of small records. Each capture is written by tests/bounds/gen_bounds.c (built
# here with cc) at a scale N and at 2N, and tlsdiag is run on each as
#   TLSDIAG -q --json -r CAPTURE > /dev/null
# under /usr/bin/time -f "%e %M %U %S" (or, without it, with VmHWM polled from /proc).
#
# Prints one line per capture and size (capture size; elapsed, user and system seconds;
# peak RSS; attempts reported; exit status), then per capture the ratios 2N/N of time
# and memory, then the checks:
#   - no crash: exit status 0 or 1 (never >= 128), no sanitizer report, no hang;
#   - every attempt reported (one JSON "connection" record per attempt the generator
#     made; a SYN to port 443 is an attempt even without TLS);
#   - time linear: time(2N) < 3 x time(N) + 0.5 s.
#   - memory bounded: every run is given --max-memory BOUNDS_MAX_MEMORY (default 64M)
#     and its peak must stay under that plus BOUNDS_OVERHEAD MiB (default 64: the
#     program and its libraries, I/O buffers, and the batch summary's tallies, which
#     have bounds of their own; 192 for an ASan build); in the release build also flat: peak(2N) < 1.25 x
#     peak(N) + 4 MiB (the ASan build keeps freed memory in quarantine).
# Memory is expected to stay flat from N to 2N: connections that end are freed, and
# where the capture holds them open on purpose (syn-flood, hanging-records) the oldest
# are decided early once their state reaches the bound (or the flow cap, BOUND_FLOWS);
# at scale 1 both of their sizes are past the bound. The system seconds are mostly the
# kernel zeroing the pages of that memory: on a virtual machine whose memory was never
# touched they can grow faster than the memory does, so a time ratio that fails through
# them (user seconds linear) points at the memory, not at the analysis.
#
# Usage: sh tests/bounds.sh TLSDIAG [SCALE]
#   TLSDIAG  the binary to measure (release build, or the ASan build with a small SCALE)
#   SCALE    factor on every N (default 1, or $BOUNDS_SCALE); an ASan build is several
#            times slower and needs more memory: use 0.1. Its peaks include the
#            allocator's quarantine of freed blocks (256 MB by default), so memory
#            that is freed still grows from N to 2N there; ASAN_OPTIONS with
#            quarantine_size_mb=0 gives peaks closer to the release build's.
# Environment: BOUNDS_SCALE (as SCALE), BOUNDS_RUNS (runs per measurement, the fastest
# kept and the largest peak; default 1), BOUNDS_TIMEOUT (seconds before a run counts as
# a hang; default 300), BOUNDS_METER=proc (poll /proc even where /usr/bin/time exists).
# Exits 1 when any check failed. Needs cc and awk.
set -u

bin=${1:-}
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "usage: sh tests/bounds.sh TLSDIAG [SCALE]" >&2
	exit 2
fi
scale=${2:-${BOUNDS_SCALE:-1}}
max_memory=${BOUNDS_MAX_MEMORY:-64M}
overhead_mib=${BOUNDS_OVERHEAD:-64}
# The bound in MiB, for the checks.
bound_mib=$(echo "$max_memory" | awk '{ v = $0 + 0; u = toupper(substr($0, length($0))); \
	print (u == "G" ? v * 1024 : u == "M" ? v : u == "K" ? v / 1024 : v / 1048576) }')
asan_build=false
if command -v nm >/dev/null 2>&1 && nm "$bin" 2>/dev/null | grep -q __asan_init; then
	asan_build=true
	# ASan's shadow memory, redzones and quarantine add to every allocation: its peaks
	# say that memory is bounded, not how tightly.
	overhead_mib=${BOUNDS_OVERHEAD:-192}
fi
runs=${BOUNDS_RUNS:-1}
limit=${BOUNDS_TIMEOUT:-300}
if ! awk -v s="$scale" 'BEGIN { exit !(s + 0 > 0) }'; then
	echo "bounds: SCALE must be a positive number, not $scale" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bounds.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Sanitizers stop at the first report, so a report cannot scroll past unnoticed.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

if ! cc -std=c11 -O2 -Wall -Wextra -o "$tmp/gen_bounds" "$here/bounds/gen_bounds.c" 2>"$tmp/cc.err"; then
	echo "FAIL build tests/bounds/gen_bounds.c"
	sed 's/^/    /' "$tmp/cc.err" | head -n 20
	echo "bounds: 0 passed, 1 failed"
	exit 1
fi

# How peak memory is measured: GNU time's %M (the largest RSS of the process tree it
# waited for), else VmHWM read from /proc while the process runs (a peak reached in the
# last 50 ms before exit may be missed).
if [ "${BOUNDS_METER:-}" != proc ] && [ -x /usr/bin/time ] && /usr/bin/time -f "%e %M" -o "$tmp/probe" true 2>/dev/null &&
	[ -n "$(tail -n 1 "$tmp/probe")" ]; then
	meter=gnu-time
else
	meter=proc
fi
have_timeout=false
command -v timeout >/dev/null 2>&1 && have_timeout=true

now() {
	t=$(date +%s.%N 2>/dev/null)
	case $t in *N*|"") t=$(date +%s) ;; esac
	echo "$t"
}

# run_once CAPTURE: runs tlsdiag once; sets r_secs, r_user, r_sys, r_kb, r_rc; output in
# $tmp/out, $tmp/err.
run_once() {
	if [ "$meter" = gnu-time ]; then
		if $have_timeout; then
			/usr/bin/time -f "%e %M %U %S" -o "$tmp/time" timeout -k 10 "$limit" \
				"$bin" -q --json --max-memory "$max_memory" -r "$1" >"$tmp/out" 2>"$tmp/err" </dev/null
		else
			/usr/bin/time -f "%e %M %U %S" -o "$tmp/time" \
				"$bin" -q --json --max-memory "$max_memory" -r "$1" >"$tmp/out" 2>"$tmp/err" </dev/null
		fi
		r_rc=$?
		# time writes "Command exited with non-zero status N" (or "terminated by
		# signal") before the format line.
		read -r r_secs r_kb r_user r_sys <<-EOF
		$(tail -n 1 "$tmp/time")
		EOF
		case "$r_secs$r_kb$r_user$r_sys" in ''|*[!0-9.]*) r_secs=0 r_kb=0 r_user=- r_sys=- ;; esac
		return
	fi
	r_user=-
	r_sys=-
	t0=$(now)
	"$bin" -q --json --max-memory "$max_memory" -r "$1" >"$tmp/out" 2>"$tmp/err" </dev/null &
	pid=$!
	r_kb=0
	while kill -0 "$pid" 2>/dev/null; do
		hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
		[ -n "$hwm" ] && [ "$hwm" -gt "$r_kb" ] && r_kb=$hwm
		if awk -v a="$t0" -v b="$(now)" -v l="$limit" 'BEGIN { exit !(b - a > l) }'; then
			kill -KILL "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			r_rc=124
			r_secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
			return
		fi
		sleep 0.05 2>/dev/null || sleep 1
	done
	wait "$pid"
	r_rc=$?
	r_secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
}

# measure CAPTURE: BOUNDS_RUNS runs; the fastest time, the largest peak; a run that
# crashed, hung or drew a sanitizer report ends the series and its status is kept. Sets
# m_secs (m_user, m_sys: CPU seconds of that run), m_kb, m_rc, m_attempts; the standard
# error kept is $tmp/err.kept.
measure() {
	m_secs=
	m_kb=0
	i=0
	while [ "$i" -lt "$runs" ]; do
		i=$((i + 1))
		run_once "$1"
		if [ -z "$m_secs" ] || awk -v a="$r_secs" -v b="$m_secs" 'BEGIN { exit !(a < b) }'; then
			m_secs=$r_secs
			m_user=$r_user
			m_sys=$r_sys
		fi
		[ "$r_kb" -gt "$m_kb" ] && m_kb=$r_kb
		m_attempts=$(grep -c '"type":"connection"' "$tmp/out")
		m_rc=$r_rc
		cp "$tmp/err" "$tmp/err.kept"
		if sanitizer_report "$tmp/err" >/dev/null || { [ "$r_rc" != 0 ] && [ "$r_rc" != 1 ]; }; then
			break
		fi
	done
}

sanitizer_report() {
	grep -E 'ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer|runtime error|Segmentation fault' "$1"
}

passed=0
failed=0
checks=$tmp/checks
: >"$checks"
pass() {
	passed=$((passed + 1))
	echo "PASS $1" >>"$checks"
}
# fail NAME [DETAIL]: the detail is printed indented under the line.
fail() {
	failed=$((failed + 1))
	echo "FAIL $1" >>"$checks"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 12 | sed 's/^/    /' >>"$checks"
	return 0
}

# The captures, their N at scale 1 (each run takes a few seconds at most on one core of
# a 2020s machine at 2N), and what their memory should do from N to 2N.
captures='syn-flood 250000 capped
hanging-records 250000 capped
conflicting-overlaps 500000 flat
huge-hello 2000 flat
tiny-records 50 flat
cert-bomb 1000 flat
many-alerts 2000000 flat'

ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
echo "bounds: $bin --max-memory $max_memory, scale $scale, $runs run(s) each, peak memory from $([ "$meter" = gnu-time ] && echo "/usr/bin/time %M" || echo "/proc VmHWM polling"), $ncpu CPU(s)"
printf '%-22s %9s %9s %8s %7s %7s %9s %9s %9s %5s\n' capture N file-MiB seconds user sys peak-MiB attempts \
	expected exit

results=$tmp/results
: >"$results"
echo "$captures" | while read -r name base memory; do
	n1=$(awk -v b="$base" -v s="$scale" 'BEGIN { n = int(b * s + 0.5); print (n < 1 ? 1 : n) }')
	for n in "$n1" $((n1 * 2)); do
		if ! "$tmp/gen_bounds" "$tmp" "$name" "$n" >"$tmp/gen.out" 2>"$tmp/gen.err"; then
			printf '%-22s %9s  generator failed: %s\n' "$name" "$n" "$(head -n 1 "$tmp/gen.err")"
			cp "$tmp/gen.err" "$tmp/gen.err.$name.$n"
			echo "$name $n - - - - - gen" >>"$results"
			continue
		fi
		# "NAME N FILE attempts K packets P"
		read -r _ _ file _ expected _ <"$tmp/gen.out"
		mib_in=$(awk -v s="$(wc -c <"$file")" 'BEGIN { printf "%.1f", s / 1048576 }')
		measure "$file"
		mib=$(awk -v k="$m_kb" 'BEGIN { printf "%.1f", k / 1024 }')
		printf '%-22s %9s %9s %8s %7s %7s %9s %9s %9s %5s\n' "$name" "$n" "$mib_in" "$m_secs" "$m_user" "$m_sys" \
			"$mib" "$m_attempts" "$expected" "$m_rc"
		echo "$name $n $mib_in $m_secs $mib $m_attempts $expected $m_rc $memory" >>"$results"
		cp "$tmp/err.kept" "$tmp/err.$name.$n"
		rm -f "$file"
	done
done

echo "== ratios 2N/N"
printf '%-22s %7s %7s %12s  %s\n' capture time memory peak/file "memory expected"
p_name=
p_rc=
while read -r name n mib_in secs mib attempts expected rc memory; do
	# Checks of each run.
	what="$name N=$n"
	if [ "$rc" = gen ]; then
		fail "$what: generate the capture" "$(cat "$tmp/gen.err.$name.$n" 2>/dev/null)"
		p_name=$name
		p_rc=gen
		continue
	fi
	err=$tmp/err.$name.$n
	if sanitizer_report "$err" >/dev/null; then
		fail "$what: sanitizer report (exit $rc)" "$(grep -E 'Sanitizer|runtime error|    #[0-9]' "$err")"
	elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		fail "$what: no hang (killed after ${limit} s)"
	elif [ "$rc" = 0 ] || [ "$rc" = 1 ]; then
		pass "$what: no crash (exit $rc)"
	else
		fail "$what: exit status $rc (crash?)" "$(tail -n 12 "$err")"
	fi
	if awk -v m="$mib" -v b="$bound_mib" -v o="$overhead_mib" 'BEGIN { exit !(m < b + o) }'; then
		pass "$what: peak $mib MiB < $bound_mib MiB (--max-memory) + $overhead_mib MiB"
	else
		fail "$what: peak $mib MiB >= $bound_mib MiB (--max-memory) + $overhead_mib MiB"
	fi
	if [ "$attempts" = "$expected" ]; then
		pass "$what: all $expected attempts reported"
	else
		fail "$what: $expected attempts expected, $attempts reported" "$(tail -n 5 "$err")"
	fi
	# Ratios, once both sizes of a capture are in.
	if [ "$p_name" = "$name" ] && [ "$p_rc" != gen ]; then
		ratios=$(awk -v a="$p_secs" -v b="$secs" -v ma="$p_mib" -v mb="$mib" -v f="$mib_in" 'BEGIN {
			printf "%7s %7s %12s", (a > 0 ? sprintf("%.2f", b / a) : "-"), (ma > 0 ? sprintf("%.2f", mb / ma) : "-"),
				(f > 0 ? sprintf("%.1f", mb / f) : "-") }')
		case $memory in
		capped) expect="open flows: the oldest decided early at the bound, flat" ;;
		*) expect="flat: connections end and their state is freed" ;;
		esac
		printf '%-22s %s  %s\n' "$name" "$ratios" "$expect"
		if awk -v a="$p_secs" -v b="$secs" 'BEGIN { exit !(b < 3 * a + 0.5) }'; then
			pass "$name: time linear, $secs s at N=$n < 3 x $p_secs s + 0.5 s"
		else
			fail "$name: time linear, $secs s at N=$n >= 3 x $p_secs s + 0.5 s"
		fi
		if ! $asan_build; then
			if awk -v a="$p_mib" -v b="$mib" 'BEGIN { exit !(b < 1.25 * a + 4) }'; then
				pass "$name: memory flat, $mib MiB at N=$n < 1.25 x $p_mib MiB + 4 MiB"
			else
				fail "$name: memory flat, $mib MiB at N=$n >= 1.25 x $p_mib MiB + 4 MiB"
			fi
		fi
	fi
	p_name=$name
	p_secs=$secs
	p_mib=$mib
	p_rc=$rc
done <"$results"

echo "== checks"
cat "$checks"
echo "bounds: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
