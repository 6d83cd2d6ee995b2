#!/bin/sh
# reader-lint.sh — every byte of input through the bounded reader (include/bytes.h):
# fails when a parsing module reads input around it (p[i], data[off + 1], *(ptr + n),
# ntohs/ntohl, memcpy from a packet buffer, a reader's insides). What counts is said in
# tests/lint/reader-lint.awk; a line that reads bytes which are not input (key material,
# a hash of its own) is let through with "reader-lint: REASON" on it or alone above it.
#
# The files read are the modules that parse input:
#   capture.c input.c         capture files and their byte streams
#   dsb.c keylog.c            pcapng Decryption Secrets Blocks, key log text
#   decode.c reasm.c          frames to TCP segments, segments to streams
#   tls.c tls_hello.c tls_msgs.c   records and handshake messages
#   dtls.c                    DTLS records and handshake fragments
#   tls_crypto.c decrypt.c    protected records and their plaintext
#   cert.c                    certificate envelopes handed to libcrypto
# Not read: bytes.c (the reader itself), and the modules that see only facts and
# strings made from them (flow, facts, rules, report, fingerprint, certcheck, ...).
#
# Usage: sh tests/lint/reader-lint.sh             the files above (run by make lint)
#        sh tests/lint/reader-lint.sh FILE...     those files
#        sh tests/lint/reader-lint.sh --self-test the cases in tests/lint/reader-lint-cases.c:
#                                                 found exactly where marked "expect: finding"
set -u
here=$(dirname "$0")
awk_prog=$here/reader-lint.awk
if [ "${1:-}" = "--self-test" ]; then
	awk -v expect=1 -f "$awk_prog" "$here/reader-lint-cases.c" || { echo "reader-lint: self-test failed"; exit 1; }
	exit 0
fi
if [ $# -eq 0 ]; then
	set -- src/capture.c src/input.c src/dsb.c src/keylog.c src/decode.c src/reasm.c src/tls.c \
		src/dtls.c src/tls_hello.c src/tls_msgs.c src/tls_crypto.c src/decrypt.c src/cert.c
fi
status=0
for f in "$@"; do
	awk -f "$awk_prog" "$f" || status=1
done
[ $status -eq 0 ] || echo "reader-lint: input read around the reader (include/bytes.h); see tests/lint/reader-lint.sh"
exit $status
