/*
 * sandbox.c — root given up, then a seccomp allow-list, for live capture (sandbox.h).
 *
 * The list is what the live loop was seen to call (strace of tests/live.sh), with the
 * variants other libc versions and architectures use for the same thing, and what
 * libraries do lazily on first use (OpenSSL reads its configuration, libc reads the
 * time zone: both done here beforehand, and read-only opens stay allowed for what
 * else a library may read late). Refused: execve, fork/clone, socket and connect,
 * ptrace, opening files for writing (unless --extract-certs), mapping memory
 * executable, and everything else not listed.
 */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <seccomp.h>

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_UNDER_ASAN 1
#endif
#endif

#ifndef SANDBOX_UNDER_ASAN
/* A refused call: say which, and stop (the handler may only use async-signal-safe
 * calls: write and _exit). */
static void on_sigsys(int sig, siginfo_t *info, void *uctx)
{
	(void)sig;
	(void)uctx;
	char msg[160] = "tlsdiag: sandbox: system call ";
	size_t n = strlen(msg);
	char digits[16];
	size_t d = 0;
	unsigned v = (unsigned)info->si_syscall;
	do {
		digits[d++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && d < sizeof digits);
	while (d > 0)
		msg[n++] = digits[--d];
	static const char tail[] = " refused; this is a bug of tlsdiag: please report it (--no-sandbox runs without)\n";
	memcpy(msg + n, tail, sizeof tail - 1);
	n += sizeof tail - 1;
	ssize_t w = write(STDERR_FILENO, msg, n);
	(void)w;
	_exit(1);
}

/* Calls allowed without conditions. */
static const int allowed[] = {
	/* Reading packets (poll, then the PACKET_MMAP ring or recvfrom) and the kernel's
	 * statistics. */
	SCMP_SYS(poll), SCMP_SYS(ppoll), SCMP_SYS(select), SCMP_SYS(pselect6),
	SCMP_SYS(recvfrom), SCMP_SYS(recvmsg), SCMP_SYS(getsockopt),
	/* Output and the files already open. */
	SCMP_SYS(read), SCMP_SYS(readv), SCMP_SYS(pread64), SCMP_SYS(write), SCMP_SYS(writev),
	SCMP_SYS(pwrite64), SCMP_SYS(lseek), SCMP_SYS(close), SCMP_SYS(fstat), SCMP_SYS(newfstatat),
	SCMP_SYS(statx), SCMP_SYS(fcntl), SCMP_SYS(fsync), SCMP_SYS(fdatasync),
	/* Memory (mmap and mprotect below, without PROT_EXEC). */
	SCMP_SYS(brk), SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise),
	/* Time, randomness, locks, signals, the end. */
	SCMP_SYS(clock_gettime), SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep), SCMP_SYS(gettimeofday),
	SCMP_SYS(time), SCMP_SYS(getrandom), SCMP_SYS(futex), SCMP_SYS(sched_yield),
	SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(tgkill), SCMP_SYS(rt_sigaction),
	SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigreturn), SCMP_SYS(sigaltstack), SCMP_SYS(restart_syscall),
	SCMP_SYS(exit), SCMP_SYS(exit_group),
	/* The C library's qsort asks the memory size (sysinfo) before sorting more than a
	 * few entries, as the summary's lists of servers and clients are: read-only. */
	SCMP_SYS(sysinfo),
};

/* --metrics: a scraper accepted on the listening socket, its request read, the answer
 * sent without SIGPIPE (send is sendto), the socket closed. */
static const int serving[] = {
	SCMP_SYS(accept4), SCMP_SYS(accept), SCMP_SYS(sendto), SCMP_SYS(shutdown),
};

/* --extract-certs: a certificate file is created when first seen. */
static const int file_creation[] = {
	SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(faccessat2),
};

#endif

bool sandbox_enter(bool may_create_files, bool serves, char *err, size_t err_len)
{
#ifdef SANDBOX_UNDER_ASAN
	/* The sanitizers' runtime (leak checking at exit) needs calls the list refuses. */
	(void)may_create_files;
	(void)serves;
	snprintf(err, err_len, "not with a sanitizer build");
	return false;
#else
	/* What libraries would otherwise open late, done while files may still be opened. */
	OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, NULL);
	tzset();

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) != 0) {
		snprintf(err, err_len, "sigaction: %s", strerror(errno));
		return false;
	}
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRAP);
	if (ctx == NULL) {
		snprintf(err, err_len, "seccomp_init failed");
		return false;
	}
	int rc = 0;
	/* A name libseccomp knows but this architecture lacks (poll on arm64) resolves to
	 * a negative pseudo-number: skipped. */
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0] && rc == 0; i++)
		if (allowed[i] >= 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0);
	/* Memory never becomes executable after start-up. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	for (size_t i = 0; serves && i < sizeof serving / sizeof serving[0] && rc == 0; i++)
		if (serving[i] >= 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, serving[i], 0);
	if (may_create_files) {
		for (size_t i = 0; i < sizeof file_creation / sizeof file_creation[0] && rc == 0; i++)
			if (file_creation[i] >= 0)
				rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, file_creation[i], 0);
	} else if (rc == 0) {
		/* Opening for reading only: a library reading its data late. */
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_TRUNC, O_RDONLY));
		if (rc == 0 && SCMP_SYS(open) >= 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(open), 1,
					      SCMP_A1(SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_TRUNC, O_RDONLY));
	}
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		snprintf(err, err_len, "seccomp: %s", strerror(-rc));
		return false;
	}
	return true;
#endif
}

bool sandbox_drop_privileges(const char *user)
{
	struct passwd *pw = getpwnam(user);
	if (pw == NULL) {
		fprintf(stderr, "tlsdiag: -Z %s: no such user\n", user);
		return false;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
		fprintf(stderr, "tlsdiag: -Z %s: cannot switch user: %s\n", user, strerror(errno));
		return false;
	}
	if (setuid(0) == 0) {
		fprintf(stderr, "tlsdiag: -Z %s: root could be regained; stopping\n", user);
		return false;
	}
	return true;
}
