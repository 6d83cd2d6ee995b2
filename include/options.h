/*
 * options.h — the command line (SPEC.md): options parsed into one struct, the usage
 * text, --list-rules. Nothing here opens a file or a device.
 */
#ifndef TLSDIAG_OPTIONS_H
#define TLSDIAG_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "select.h"

#define TLSDIAG_VERSION "0.1.0"
/* --keylog files on one command line (browsers and servers write one each). */
#define OPTIONS_KEYLOGS_MAX 64
/* --tls-ports and --vxlan-ports entries. */
#define OPTIONS_TLS_PORTS_MAX 64

enum options_mode {
	MODE_OFFLINE,                    /* -r: read captures */
	MODE_REPLAY,                     /* --replay -r: read captures as live capture sees them */
	MODE_LIVE,                       /* -i */
	MODE_SUMMARIZE,                  /* --summarize */
	MODE_EXPLAIN,                    /* explain [--side S] [--json] MESSAGE: explain.c */
};

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct options {
	enum options_mode mode;
	const char **inputs;             /* -r, in order (argv's strings) */
	size_t n_inputs;
	const char *const *records;      /* --summarize: the NDJSON files */
	size_t n_records;
	char *filter;                    /* trailing words: the BPF filter, or NULL */
	bool json;
	bool all;
	bool fail_on_failures;
	bool quiet;
	uint16_t tls_ports[OPTIONS_TLS_PORTS_MAX];
	size_t n_tls_ports;
	uint16_t vxlan_ports[OPTIONS_TLS_PORTS_MAX]; /* --vxlan-ports; n_vxlan_ports 0: the defaults */
	size_t n_vxlan_ports;
	const char *extract_dir;         /* --extract-certs */
	const char *iface;
	const char *write_path;          /* -w */
	const char *user;                /* -Z */
	double handshake_timeout;        /* live and replay: seconds */
	size_t max_flows;
	size_t max_memory;               /* bytes of connection state, all threads together */
	double stats_interval;
	unsigned jobs;
	bool no_sandbox;                 /* live: no seccomp filter */
	const char *keylogs[OPTIONS_KEYLOGS_MAX]; /* --keylog */
	unsigned n_keylogs;
	struct selection select;         /* --class, --since, --until, --server, --sni */
	unsigned long count;             /* -c: stop after this many attempts shown; 0: no limit */
	bool oneline;                    /* --oneline: one line per attempt */
	bool full;                       /* --full: summary lists and try: lines whole */
	bool utc;                        /* -u: text times in UTC, not local time */
	int progress;                    /* --progress 1, --no-progress 0, -1: when it cannot collide */
	bool report_to_stderr;           /* -w -: the packets own standard output */
	bool merge;                      /* --merge: the inputs read as one capture, by timestamp */
	bool ladder;                     /* --ladder: text attempts drawn as sequence diagrams */
	const char *metrics;             /* --metrics ADDR:PORT, or NULL */
	const char *html_path;           /* --html FILE, or NULL */
	enum color_when color_when;      /* --color */
	bool color;                      /* ...decided: the report is coloured */
	/* explain: the message (argv's, or "-" for standard input) and --side (enum
	 * explain_side: 0 unknown, 1 client, 2 server). */
	const char *explain_message;
	int explain_side;
};

enum options_result {
	OPTIONS_RUN,                     /* run with the options */
	OPTIONS_EXIT_OK,                 /* --help, --version, --list-rules: done, exit 0 */
	OPTIONS_EXIT_USAGE,              /* a usage error, said on standard error: exit 2 */
};

/* Parses argv into o (defaults filled in). On OPTIONS_RUN, free with options_free. */
enum options_result options_parse(int argc, char **argv, struct options *o) __attribute__((warn_unused_result));

void options_free(struct options *o);

#endif
