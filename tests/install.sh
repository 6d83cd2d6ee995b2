#!/bin/sh
# install.sh — make install / uninstall with PREFIX and DESTDIR (binary, man page, bash
# completion), and make deb: the package's contents and dependencies, then the package
# installed (dpkg -i, as root; else unpacked with dpkg -x) and run on a capture.
#
# Usage: sh tests/install.sh BUILD   (run from the top of the tree, after make)
# Prints "ok - CHECK" or "FAIL - CHECK: REASON" per check, then "N passed, M failed".
# shellcheck disable=SC2015
set -u
build=${1:-build}
[ -x "$build/tlsdiag" ] || { echo "usage: sh tests/install.sh BUILD (after make)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/install.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1: $2"; }
capture=pcaps/server-cert-expired.pcap
version=$("$build/tlsdiag" --version)

dest=$tmp/root
make -s --no-print-directory install BUILD="$build" DESTDIR="$dest" PREFIX=/opt/td >"$tmp/log" 2>&1 ||
	fail "make install" "$(tail -n 3 "$tmp/log")"
for f in bin/tlsdiag share/man/man1/tlsdiag.1 share/bash-completion/completions/tlsdiag; do
	[ -f "$dest/opt/td/$f" ] && pass "make install DESTDIR PREFIX=/opt/td: $f" || fail "make install" "no $f"
done
[ "$("$dest/opt/td/bin/tlsdiag" --version 2>&1)" = "$version" ] &&
	"$dest/opt/td/bin/tlsdiag" -r "$capture" | grep -q server_cert_rejected &&
	pass "the installed binary runs" || fail "the installed binary" "does not run"
got=$(bash -c ". '$dest/opt/td/share/bash-completion/completions/tlsdiag'; COMP_WORDS=(tlsdiag --cla); COMP_CWORD=1; _tlsdiag; echo \"\${COMPREPLY[*]}\"" 2>&1)
[ "$got" = "--class" ] && pass "bash completion completes options" || fail "bash completion" "\"$got\""
got=$(bash -c ". '$dest/opt/td/share/bash-completion/completions/tlsdiag'; COMP_WORDS=(tlsdiag --class ok,alpn); COMP_CWORD=2; _tlsdiag; echo \"\${COMPREPLY[*]}\"" 2>&1)
[ "$got" = "ok,alpn_mismatch" ] && pass "bash completion completes class lists" || fail "bash completion of --class" "\"$got\""
make -s --no-print-directory uninstall BUILD="$build" DESTDIR="$dest" PREFIX=/opt/td >"$tmp/log" 2>&1
left=$(find "$dest" -type f | wc -l)
[ "$left" -eq 0 ] && pass "make uninstall removes what make install put" || fail "make uninstall" "$left file(s) left"

deb=$(make -s --no-print-directory deb BUILD="$build" 2>"$tmp/log" | tail -n 1)
if [ ! -f "$deb" ]; then
	fail "make deb" "no package: $(tail -n 3 "$tmp/log")"
else
	info=$(dpkg-deb --info "$deb")
	contents=$(dpkg-deb --contents "$deb")
	case $info in
	*"Package: tlsdiag"*"Depends:"*libpcap*libssl*) pass "make deb: $(basename "$deb"), depends on libpcap and libssl" ;;
	*) fail "make deb: control" "$info" ;;
	esac
	for f in ./usr/bin/tlsdiag ./usr/share/man/man1/tlsdiag.1 ./usr/share/bash-completion/completions/tlsdiag; do
		echo "$contents" | grep -q " $f\$" && pass "the package holds $f" || fail "the package" "no $f"
	done
	if [ "$(id -u)" -eq 0 ] && ! dpkg-query -W tlsdiag >/dev/null 2>&1; then
		if dpkg -i "$deb" >"$tmp/log" 2>&1; then
			[ "$(/usr/bin/tlsdiag --version)" = "$version" ] && /usr/bin/tlsdiag -r "$capture" | grep -q server_cert_rejected &&
				pass "dpkg -i: the installed package runs" || fail "dpkg -i" "the installed tlsdiag does not run"
			dpkg -r tlsdiag >/dev/null 2>&1 && [ ! -e /usr/bin/tlsdiag ] && pass "dpkg -r removes it" || fail "dpkg -r" "left behind"
		else
			fail "dpkg -i" "$(tail -n 3 "$tmp/log")"
		fi
	else
		dpkg -x "$deb" "$tmp/x" && "$tmp/x/usr/bin/tlsdiag" -r "$capture" | grep -q server_cert_rejected &&
			pass "the package unpacked (dpkg -x; not root, or tlsdiag already installed) runs" ||
			fail "dpkg -x" "the unpacked tlsdiag does not run"
	fi
fi
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
