#!/bin/sh
# Installs the Debian packages named as arguments when they are missing: apt-get as root,
# through sudo otherwise; when neither is possible, prints the exact command and fails.
#   --check: install nothing; name the missing ones and the command that installs them.
set -eu
check=no
if [ "${1:-}" = --check ]; then
	check=yes
	shift
	# Not Debian: the compiler will say what is missing.
	command -v dpkg-query >/dev/null 2>&1 || exit 0
fi
missing=""
for pkg in "$@"; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $pkg"
	fi
done
[ -z "$missing" ] && exit 0
if [ $check = yes ]; then
	echo "tlsdiag: missing Debian packages:$missing" >&2
	echo "  install them with:  make deps   (or, as root: apt-get install -y$missing)" >&2
	exit 1
fi
echo "tlsdiag: installing missing packages:$missing"
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" = 0 ]; then
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo -n apt-get update -qq && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
	sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
	echo "tlsdiag: cannot install packages (not root, no sudo). Run, as root:" >&2
	echo "  apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
