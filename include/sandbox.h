/*
 * sandbox.h — live capture's confinement once the interface is open: root given up for
 * an unprivileged user, then the system calls it may make restricted.
 *
 * After the interface and the -w file are open and root is given up, the parsers read
 * hostile packets; a flaw in them should not become a shell. sandbox_enter() installs
 * a seccomp filter (libseccomp) that allows only what reading packets, keeping state
 * and writing the output need: no new processes, no sockets, no writing files other
 * than those already open (except the certificates of --extract-certs), no sockets but
 * the scrapers --metrics accepts on the one it listens on, no executable
 * memory. A call outside the list stops the program with a message naming it.
 */
#ifndef TLSDIAG_SANDBOX_H
#define TLSDIAG_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

/* Installs the filter for the rest of the process's life. may_create_files: files are
 * written as the capture goes (--extract-certs). serves: scrapers are accepted on a
 * socket already listening (--metrics). Returns false with a reason in err when the
 * kernel or the build has no seccomp; the caller decides whether to go on. */
bool sandbox_enter(bool may_create_files, bool serves, char *err, size_t err_len);

/* -Z: gives up root for user (its uid, gid and groups), as tcpdump does, and checks that
 * root cannot be regained. False when that fails (said on standard error): the caller
 * stops. */
bool sandbox_drop_privileges(const char *user) __attribute__((warn_unused_result));

#endif
