#!/bin/sh
# make-deb.sh BUILD VERSION: a Debian package of tlsdiag, BUILD/tlsdiag_VERSION_ARCH.deb,
# from `make install` into a staging directory (no debian/ tree: dpkg-deb packs it). Its
# Depends are the packages holding the libraries the binary links (its NEEDED entries).
set -eu
build=$1
version=$2
stage=$build/deb
rm -rf "$stage"
make --no-print-directory -s install DESTDIR="$(pwd)/$stage" PREFIX=/usr
arch=$(dpkg --print-architecture)
deps=""
for soname in $(objdump -p "$build/tlsdiag" | awk '$1 == "NEEDED" { print $2 }'); do
	path=$(ldconfig -p | awk -v s="$soname" '$1 == s { print $NF; exit }')
	[ -n "$path" ] || { echo "make-deb: $soname: not found by ldconfig" >&2; exit 1; }
	real=$(readlink -f "$path")
	pkg=$(dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null || dpkg -S "$path" 2>/dev/null) ||
		{ echo "make-deb: $real: no package owns it" >&2; exit 1; }
	pkg=${pkg%%:*}
	case " $deps " in *" $pkg "*) ;; *) deps="$deps $pkg" ;; esac
done
deps=$(echo "$deps" | sed 's/^ //; s/ /, /g')
size=$(du -sk "$stage" | cut -f1)
mkdir -p "$stage/DEBIAN"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: tlsdiag
Version: $version
Architecture: $arch
Maintainer: tlsdiag <tlsdiag@example.invalid>
Installed-Size: $size
Depends: $deps
Section: net
Priority: optional
Description: passive TLS handshake analyzer
 Reads packet captures (or sniffs live) and says, for every TLS connection
 attempt, whether the handshake worked and, when it failed, why, with the
 evidence and the fix.
CONTROL
deb=$build/tlsdiag_${version}_$arch.deb
dpkg-deb --root-owner-group --build "$stage" "$deb" >/dev/null
echo "$deb"
