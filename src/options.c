/*
 * options.c — the command line (options.h): getopt_long over SPEC.md's options, the
 * checks of what goes together, defaults, the usage text and --list-rules.
 */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounds.h"
#include "metrics.h"
#include "capture.h"
#include "certcheck.h"
#include "classes.h"
#include "rules.h"

/* Ports where a connection is an attempt even before any TLS byte (IANA TLS services). */
static const uint16_t default_tls_ports[] = { 443, 465, 563, 636, 853, 989, 990, 992, 993, 994, 995,
					      2376, 4433, 5061, 5223, 5671, 6514, 8443, 8883, 9443 };

static void usage(FILE *out)
{
	fprintf(out,
		"usage: tlsdiag [options] -r CAPTURE [-r CAPTURE ...] [filter expression] [options]\n"
		"       tlsdiag [options] -i INTERFACE [filter expression] [options]\n"
		"       tlsdiag [--json] --summarize RECORDS.ndjson [...]\n"
		"       tlsdiag explain [--side client|server] [--json] 'MESSAGE' (- reads it from stdin)\n"
		"\n"
		"Reads packet captures and reports, for every TLS connection attempt, whether the\n"
		"handshake worked and, when it failed, why, with the evidence and the fix.\n"
		"\n"
		"Input:\n"
		"  -r PATH              read a capture (pcap, pcapng; compressed .gz/.zst/.xz/.bz2; inside\n"
		"                       .zip/.tar bundles), a directory walked for them, or - (stdin);\n"
		"                       stdin and FIFOs are reported as they are read\n"
		"  -i IFACE             sniff on an interface (\"any\" for all); reports as outcomes happen\n"
		"  filter expression    trailing words: a BPF filter, as in tcpdump (options may follow)\n"
		"  --keylog FILE        an SSLKEYLOGFILE (repeatable): decrypt TLS 1.3 handshakes and\n"
		"                       TLS 1.2 Finished and alerts to classify on facts, not inference\n"
		"  --tls-ports LIST     ports where a non-TLS connection is still an attempt\n"
		"                       (comma-separated; default 443,465,636,853,993,995,8443,...)\n"
		"  --vxlan-ports LIST   UDP ports opened as VXLAN (comma-separated; default 4789,8472)\n"
		"  -j N                 analyse N inputs at once (default: the number of cores);\n"
		"                       the output is the same as with -j 1\n"
		"  --replay             with -r: decide attempts as live capture does (as soon as their\n"
		"                       outcome is known), on the capture's own clock\n"
		"  --merge              read all -r inputs as one capture, packets in time order (the\n"
		"                       two directions of a mirror written to two files join up)\n"
		"  -n                   accepted, as in tcpdump: tlsdiag never resolves names\n"
		"\n"
		"Which attempts:\n"
		"  --class LIST         only these classes (comma-separated; also \"failed\", \"incomplete\")\n"
		"  --since TIME         only attempts whose first packet is at or after TIME\n"
		"  --until TIME         ... before TIME (TIME: 2026-11-22, \"2026-11-22 04:12:33\",\n"
		"                       2026-11-22T04:12:33Z, +01:00, or epoch seconds; local time\n"
		"                       unless a zone is given or -u)\n"
		"  --server GLOB        only servers matching GLOB (\"198.18.1.*\", \"*:8443\", \"[2001:db8::*]:443\")\n"
		"  --sni GLOB           only SNI matching GLOB, case-insensitive (\"*.example.com\"; '' for none)\n"
		"  -c N                 stop after N attempts are shown (inputs are then read one at a time)\n"
		"\n"
		"Output:\n"
		"  --json               one JSON object per attempt (NDJSON)\n"
		"  --oneline            one line per attempt: time, client, server, SNI, class, confidence,\n"
		"                       summary (successful ones too with -a)\n"
		"  -a, --all            text: list successful handshakes too\n"
		"  -u, --utc            text: times in UTC (default: local time, with its zone)\n"
		"  --full               text: the summary's lists and try: commands whole, not cut\n"
		"                       (\"... N more\")\n"
		"  --ladder             text: each attempt shown drawn as a sequence diagram\n"
		"  --html FILE          also write a self-contained HTML report (chart, policy, timeline,\n"
		"                       each failure with its ladder; filters), to send on\n"
		"  --color WHEN         auto (a terminal, unless NO_COLOR is set), always or never\n"
		"  -w FILE              write the packets of every failed attempt to a pcapng file, each\n"
		"                       verdict a packet comment, the secrets used a Decryption Secrets\n"
		"                       Block (one more file per other link type: FILE.LINKTYPE.pcap); -w - writes\n"
		"                       them to standard output and the report to standard error\n"
		"  --extract-certs DIR  write every certificate seen as DIR/<sha256>.pem, with DIR/index.tsv\n"
		"  --summarize FILE...  the batch summary rebuilt from --json records of earlier runs\n"
		"  --fail-on-failures   exit 3 when any handshake failed\n"
		"  --progress           show the progress line on standard error (default: only when\n"
		"  --no-progress        standard error is a terminal and standard output is not a pipe)\n"
		"  -q, --quiet          no notes on standard error (errors are still printed)\n"
		"\n"
		"Live capture (-i):\n"
		"  --handshake-timeout S  decide a silent attempt after S seconds (default 5; also stdin)\n"
		"  --stats-interval S   print the running summary every S seconds (also on SIGUSR1)\n"
		"  -Z USER              drop root for USER once the interface is open (default:\n"
		"                       nobody when started as root; -Z root keeps root)\n"
		"  --no-sandbox         do not restrict system calls (seccomp) after start-up\n"
		"  --metrics ADDR:PORT  serve Prometheus metrics at http://ADDR:PORT/metrics\n"
		"                       (127.0.0.1:9793, [::1]:9793, :9793 for every address)\n"
		"\n"
		"Limits:\n"
		"  --max-flows N        connections tracked at once (default 200000); past it the least\n"
		"                       recently active is decided early and counted\n"
		"  --max-memory SIZE    memory for connection state (default 512M; K, M, G), shared by\n"
		"                       the inputs read at once; past it the same\n"
		"\n"
		"  --list-rules         print the rule table and exit\n"
		"  -h, --help           this help\n"
		"  --version            print the version\n"
		"\n"
		"Exit status: 0 all input read; 1 some input could not be read (or a directory held no\n"
		"capture); 2 usage error; 3 with --fail-on-failures when a handshake failed; 4 both 1\n"
		"and 3.\n");
}

/* The rule table, in evaluation order, then the certificate checks. */
static void list_rules(void)
{
	size_t n;
	const struct rule *r = rules_table(&n);
	for (size_t i = 0; i < n; i++) {
		printf("%-34s %-22s %-6s %s\n", r[i].id, class_name(r[i].cls), rules_confidence_name(r[i].confidence),
		       r[i].explanation);
	}
	/* The certificate checks name the failing property within the certificate classes. */
	printf("\n# certificate checks (the failing_check of client_cert_rejected / server_cert_rejected; warnings on ok)\n");
	for (int c = 0; c < CHK__COUNT; c++) {
		const struct cert_check_info *info = certcheck_info((enum cert_check)c);
		printf("%-34s %s\n", info->id, info->what);
	}
}

/* A comma-separated list of ports (1 to 65535) into ports[OPTIONS_TLS_PORTS_MAX]; false
 * when empty, malformed or too long. */
static bool parse_ports(const char *s, uint16_t *ports, size_t *n_ports)
{
	*n_ports = 0;
	char *copy = strdup(s);
	if (copy == NULL)
		return false;
	bool ok = true;
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *end;
		long v = strtol(tok, &end, 10);
		if (*end != '\0' || v <= 0 || v > 65535 || *n_ports >= OPTIONS_TLS_PORTS_MAX) {
			ok = false;
			break;
		}
		ports[(*n_ports)++] = (uint16_t)v;
	}
	free(copy);
	return ok && *n_ports > 0;
}

/* A size from an option: a number of bytes with an optional K, M or G (powers of 1024). */
static bool parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno != 0 || end == s || !(v > 0))
		return false;
	double unit = 1;
	switch (*end) {
	case 'k': case 'K': unit = 1024.0; end++; break;
	case 'm': case 'M': unit = 1024.0 * 1024; end++; break;
	case 'g': case 'G': unit = 1024.0 * 1024 * 1024; end++; break;
	default: break;
	}
	if (*end == 'i' || *end == 'B')
		end += *end == 'i' && end[1] == 'B' ? 2 : 1;
	v *= unit;
	if (*end != '\0' || v > (double)SIZE_MAX / 2)
		return false;
	*out = (size_t)v;
	return true;
}

/* A positive number from an option, or false. */
static bool parse_number(const char *s, double max, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v > 0) || v > max)
		return false;
	*out = v;
	return true;
}

enum { OPT_JSON = 256, OPT_TLS_PORTS, OPT_FAIL, OPT_LIST_RULES, OPT_VERSION, OPT_KEYLOG, OPT_EXTRACT,
       OPT_HS_TIMEOUT, OPT_MAX_FLOWS, OPT_STATS, OPT_SUMMARIZE, OPT_MAX_MEMORY, OPT_NO_SANDBOX, OPT_REPLAY,
       OPT_CLASS, OPT_SINCE, OPT_UNTIL, OPT_SERVER, OPT_SNI, OPT_ONELINE, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_FULL,
       OPT_VXLAN_PORTS, OPT_MERGE, OPT_LADDER, OPT_COLOR, OPT_METRICS, OPT_HTML };

static const struct option long_options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "all", no_argument, NULL, 'a' },
	{ "tls-ports", required_argument, NULL, OPT_TLS_PORTS },
	{ "vxlan-ports", required_argument, NULL, OPT_VXLAN_PORTS },
	{ "fail-on-failures", no_argument, NULL, OPT_FAIL },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "keylog", required_argument, NULL, OPT_KEYLOG },
	{ "extract-certs", required_argument, NULL, OPT_EXTRACT },
	{ "handshake-timeout", required_argument, NULL, OPT_HS_TIMEOUT },
	{ "max-flows", required_argument, NULL, OPT_MAX_FLOWS },
	{ "max-memory", required_argument, NULL, OPT_MAX_MEMORY },
	{ "no-sandbox", no_argument, NULL, OPT_NO_SANDBOX },
	{ "stats-interval", required_argument, NULL, OPT_STATS },
	{ "summarize", no_argument, NULL, OPT_SUMMARIZE },
	{ "replay", no_argument, NULL, OPT_REPLAY },
	{ "jobs", required_argument, NULL, 'j' },
	{ "class", required_argument, NULL, OPT_CLASS },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "sni", required_argument, NULL, OPT_SNI },
	{ "oneline", no_argument, NULL, OPT_ONELINE },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "utc", no_argument, NULL, 'u' },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "ladder", no_argument, NULL, OPT_LADDER },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "html", required_argument, NULL, OPT_HTML },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "count", required_argument, NULL, 'c' },
	{ NULL, 0, NULL, 0 },
};

/* One option with its argument into o; OPTIONS_EXIT_USAGE on a usage error (said). */
static enum options_result take_option(int c, const char *arg, const char *name, struct options *o, bool *summarize,
				       bool *replay, const char **since, const char **until)
{
	double num;
	char err[128];
	switch (c) {
	case 'n': break; /* tcpdump's "no name resolution": tlsdiag never resolves names */
	case 'u': o->utc = true; break;
	case OPT_ONELINE: o->oneline = true; break;
	case OPT_FULL: o->full = true; break;
	case OPT_PROGRESS: o->progress = 1; break;
	case OPT_NO_PROGRESS: o->progress = 0; break;
	case OPT_MERGE: o->merge = true; break;
	case OPT_LADDER: o->ladder = true; break;
	case OPT_HTML: o->html_path = arg; break;
	case OPT_METRICS:
		if (!metrics_parse_address(arg, err, sizeof err)) {
			fprintf(stderr, "tlsdiag: --metrics: %s\n", err);
			return OPTIONS_EXIT_USAGE;
		}
		o->metrics = arg;
		break;
	case OPT_COLOR:
		if (strcmp(arg, "auto") == 0)
			o->color_when = COLOR_AUTO;
		else if (strcmp(arg, "always") == 0)
			o->color_when = COLOR_ALWAYS;
		else if (strcmp(arg, "never") == 0)
			o->color_when = COLOR_NEVER;
		else {
			fprintf(stderr, "tlsdiag: --color: expected auto, always or never, got \"%s\"\n", arg);
			return OPTIONS_EXIT_USAGE;
		}
		break;
	case OPT_SERVER: o->select.server_glob = arg; break;
	case OPT_SNI: o->select.sni_glob = arg; break;
	case OPT_SINCE: *since = arg; break;
	case OPT_UNTIL: *until = arg; break;
	case OPT_CLASS:
		if (!selection_parse_classes(arg, &o->select.classes, err, sizeof err)) {
			fprintf(stderr, "tlsdiag: --class: \"%s\" is not a class (see tlsdiag(1), CLASSES; or \"failed\", \"incomplete\")\n",
				err);
			return OPTIONS_EXIT_USAGE;
		}
		break;
	case 'c':
		if (!parse_number(arg, 1e12, &num) || num != (double)(unsigned long)num) {
			fprintf(stderr, "tlsdiag: -c: expected a number of attempts, got \"%s\"\n", arg);
			return OPTIONS_EXIT_USAGE;
		}
		o->count = (unsigned long)num;
		break;
	case 'r': o->inputs[o->n_inputs++] = arg; break;
	case 'a': o->all = true; break;
	case 'q': o->quiet = true; break;
	case OPT_JSON: o->json = true; break;
	case OPT_FAIL: o->fail_on_failures = true; break;
	case OPT_EXTRACT: o->extract_dir = arg; break;
	case OPT_TLS_PORTS:
		if (!parse_ports(arg, o->tls_ports, &o->n_tls_ports)) {
			fprintf(stderr, "tlsdiag: --tls-ports: expected a comma-separated list of ports, got \"%s\"\n", arg);
			return OPTIONS_EXIT_USAGE;
		}
		break;
	case OPT_VXLAN_PORTS:
		if (!parse_ports(arg, o->vxlan_ports, &o->n_vxlan_ports)) {
			fprintf(stderr, "tlsdiag: --vxlan-ports: expected a comma-separated list of UDP ports, got \"%s\"\n",
				arg);
			return OPTIONS_EXIT_USAGE;
		}
		break;
	case OPT_LIST_RULES: list_rules(); return OPTIONS_EXIT_OK;
	case 'h': usage(stdout); return OPTIONS_EXIT_OK;
	case OPT_VERSION: printf("tlsdiag %s\n", TLSDIAG_VERSION); return OPTIONS_EXIT_OK;
	case 'j':
		if (!parse_number(arg, 1024, &num) || num != (double)(unsigned)num) {
			fprintf(stderr, "tlsdiag: -j: expected a number of parallel jobs, got \"%s\"\n", arg);
			return OPTIONS_EXIT_USAGE;
		}
		o->jobs = (unsigned)num;
		break;
	case OPT_SUMMARIZE: *summarize = true; break;
	case OPT_REPLAY: *replay = true; break;
	case OPT_NO_SANDBOX: o->no_sandbox = true; break;
	case 'i': o->iface = arg; break;
	case 'w': o->write_path = arg; break;
	case 'Z': o->user = arg; break;
	case OPT_MAX_MEMORY:
		if (!parse_size(arg, &o->max_memory) || o->max_memory < BOUND_MEMORY_MIN) {
			fprintf(stderr, "tlsdiag: --max-memory: expected a size of at least %zuM (as 512M or 2G), got \"%s\"\n",
				BOUND_MEMORY_MIN >> 20, arg);
			return OPTIONS_EXIT_USAGE;
		}
		break;
	case OPT_HS_TIMEOUT:
	case OPT_MAX_FLOWS:
	case OPT_STATS:
		if (!parse_number(arg, c == OPT_MAX_FLOWS ? 1e8 : 86400, &num)) {
			fprintf(stderr, "tlsdiag: %s: expected a positive number, got \"%s\"\n", name, arg);
			return OPTIONS_EXIT_USAGE;
		}
		if (c == OPT_HS_TIMEOUT)
			o->handshake_timeout = num;
		else if (c == OPT_MAX_FLOWS)
			o->max_flows = (size_t)num;
		else
			o->stats_interval = num;
		break;
	case OPT_KEYLOG:
		if (o->n_keylogs < OPTIONS_KEYLOGS_MAX)
			o->keylogs[o->n_keylogs++] = arg;
		break;
	default: usage(stderr); return OPTIONS_EXIT_USAGE;
	}
	return OPTIONS_RUN;
}

/* What goes together, and the mode; false on a usage error (said). */
static bool check_options(struct options *o, bool summarize, bool replay)
{
	if (o->iface != NULL && o->n_inputs > 0) {
		fprintf(stderr, "tlsdiag: -i and -r do not go together\n");
		return false;
	}
	if (o->user != NULL && o->iface == NULL) {
		fprintf(stderr, "tlsdiag: -Z applies to live capture (-i)\n");
		return false;
	}
	if (o->metrics != NULL && o->iface == NULL) {
		fprintf(stderr, "tlsdiag: --metrics serves live capture's counters (-i); reading files, the summary "
				"(--json: its summary record) has them\n");
		return false;
	}
	size_t n_stdin = 0;
	for (size_t i = 0; i < o->n_inputs; i++)
		n_stdin += strcmp(o->inputs[i], "-") == 0; // NOLINT(clang-analyzer-core.NonNullParamChecker): getopt gives -r ("r:") its argument
	if (n_stdin > 1) {
		fprintf(stderr, "tlsdiag: -r -: standard input can be read once\n");
		return false;
	}
	if (summarize && (o->iface != NULL || o->n_inputs > 0)) {
		fprintf(stderr, "tlsdiag: --summarize reads JSON records, not captures: give it NDJSON files\n");
		return false;
	}
	if (replay && (o->iface != NULL || o->n_inputs == 0)) {
		fprintf(stderr, "tlsdiag: --replay reads captures: give it -r CAPTURE\n");
		return false;
	}
	if (o->merge && (o->iface != NULL || summarize)) {
		fprintf(stderr, "tlsdiag: --merge joins captures read with -r\n");
		return false;
	}
	if (o->n_inputs == 0 && o->iface == NULL && !summarize) {
		usage(stderr);
		return false;
	}
	o->mode = summarize ? MODE_SUMMARIZE : o->iface != NULL ? MODE_LIVE : replay ? MODE_REPLAY : MODE_OFFLINE;
	return true;
}

/* Trailing words form the BPF filter, as in tcpdump. */
static bool join_filter(int argc, char **argv, int first, char **out)
{
	size_t len = 0;
	for (int i = first; i < argc; i++)
		len += strlen(argv[i]) + 1;
	*out = NULL;
	if (len == 0)
		return true;
	if ((*out = calloc(len + 1, 1)) == NULL)
		return false;
	size_t used = 0;
	for (int i = first; i < argc; i++)
		used += (size_t)snprintf(*out + used, len + 1 - used, "%s%s", argv[i], i + 1 < argc ? " " : "");
	return true;
}

/* A word that names a capture by its look: a path, or a capture's file name. */
static bool looks_like_path(const char *w)
{
	static const char *const ends[] = { ".pcap", ".pcapng", ".cap", ".gz", ".zst", ".xz", ".bz2", ".zip", ".tar" };
	if (strchr(w, '/') != NULL)
		return true;
	size_t n = strlen(w);
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		size_t k = strlen(ends[i]);
		if (n > k && strcmp(w + n - k, ends[i]) == 0)
			return true;
	}
	return false;
}

/*
 * "tlsdiag x.pcap": with neither -r nor -i, the leading words that name existing files
 * or directories are read as if given with -r (tcpdump would take them for a filter and
 * fail; nobody means a filter by a file name). Returns the index of the first word left,
 * or -1 after saying that a word meant as a capture does not exist.
 */
static int leading_inputs(int argc, char **argv, int first, struct options *o)
{
	int i = first;
	struct stat st;
	while (i < argc && stat(argv[i], &st) == 0)
		o->inputs[o->n_inputs++] = argv[i++];
	if (o->n_inputs == 0 && i < argc && looks_like_path(argv[i])) {
		fprintf(stderr, "tlsdiag: %s: %s (captures are read with -r; the trailing words are a filter)\n", argv[i],
			strerror(errno));
		return -1;
	}
	return i;
}

/* The options that depend on others, once all are read. */
static bool settle(struct options *o, const char *since, const char *until)
{
	if (since != NULL && !selection_parse_time(since, o->utc, &o->select.since)) {
		fprintf(stderr, "tlsdiag: --since: expected a time (2026-11-22, \"2026-11-22 04:12:33\", "
				"2026-11-22T04:12:33Z, epoch seconds), got \"%s\"\n", since);
		return false;
	}
	if (until != NULL && !selection_parse_time(until, o->utc, &o->select.until)) {
		fprintf(stderr, "tlsdiag: --until: expected a time (as for --since), got \"%s\"\n", until);
		return false;
	}
	o->select.has_since = since != NULL;
	o->select.has_until = until != NULL;
	if (o->oneline && o->json) {
		fprintf(stderr, "tlsdiag: --oneline and --json do not go together\n");
		return false;
	}
	o->report_to_stderr = o->write_path != NULL && strcmp(o->write_path, "-") == 0;
	if (o->ladder && (o->json || o->oneline)) {
		fprintf(stderr, "tlsdiag: --ladder draws the text report; with %s the histories of each record say it in a line\n",
			o->json ? "--json" : "--oneline");
		return false;
	}
	/* Colour only for a terminal, unless asked; NO_COLOR (no-color.org) turns auto off. */
	const char *no_color = getenv("NO_COLOR");
	o->color = o->color_when == COLOR_ALWAYS ||
		   (o->color_when == COLOR_AUTO && isatty(o->report_to_stderr ? STDERR_FILENO : STDOUT_FILENO) &&
		    (no_color == NULL || no_color[0] == '\0'));
	if (o->filter != NULL) {
		char err[512];
		if (!capture_filter_valid(o->filter, err, sizeof err)) {
			fprintf(stderr, "tlsdiag: can't parse filter expression \"%s\": %s\n", o->filter, err);
			return false;
		}
	}
	/* -c's first N attempts are those of the output order: inputs one at a time. */
	if (o->count > 0)
		o->jobs = 1;
	return true;
}

/*
 * tlsdiag explain [--side client|server] [--json] MESSAGE...: the words after the options
 * are the message (joined by spaces when it was not quoted; kept in o->filter, which
 * options_free frees), "-" for standard input.
 */
static enum options_result parse_explain(int argc, char **argv, struct options *o)
{
	int i = 2;
	/* A word with a space in it is the message, even when it starts with '-': gnutls-cli's
	 * "- Status: ..." pasted as it is. */
	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0' && strpbrk(argv[i], " \t\n") == NULL; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "--json") == 0) {
			o->json = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return OPTIONS_EXIT_OK;
		} else if (strcmp(a, "--side") == 0 || strncmp(a, "--side=", 7) == 0) {
			const char *v = a[6] == '=' ? a + 7 : i + 1 < argc ? argv[++i] : "";
			if (strcmp(v, "client") != 0 && strcmp(v, "server") != 0) {
				fprintf(stderr, "tlsdiag: explain --side: expected client or server, got \"%s\"\n", v);
				return OPTIONS_EXIT_USAGE;
			}
			o->explain_side = strcmp(v, "client") == 0 ? 1 : 2;
		} else {
			fprintf(stderr, "tlsdiag: explain: unknown option %s (usage: tlsdiag explain [--side client|server] "
					"[--json] 'MESSAGE')\n", a);
			return OPTIONS_EXIT_USAGE;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "usage: tlsdiag explain [--side client|server] [--json] 'MESSAGE' (or - for standard input)\n");
		return OPTIONS_EXIT_USAGE;
	}
	if (i + 1 == argc) {
		o->explain_message = argv[i];
	} else {
		if (!join_filter(argc, argv, i, &o->filter)) {
			fprintf(stderr, "tlsdiag: out of memory\n");
			return OPTIONS_EXIT_USAGE;
		}
		o->explain_message = o->filter;
	}
	o->mode = MODE_EXPLAIN;
	return OPTIONS_RUN;
}

enum options_result options_parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .progress = -1 };
	/* "explain" is a word no capture is named by without a path: a command of its own. */
	if (argc >= 2 && strcmp(argv[1], "explain") == 0) {
		enum options_result r = parse_explain(argc, argv, o);
		if (r != OPTIONS_RUN)
			options_free(o);
		return r;
	}
	memcpy(o->tls_ports, default_tls_ports, sizeof default_tls_ports);
	o->n_tls_ports = sizeof default_tls_ports / sizeof default_tls_ports[0];
	o->inputs = calloc((size_t)argc, sizeof *o->inputs);
	if (o->inputs == NULL)
		return OPTIONS_EXIT_USAGE;
	bool summarize = false, replay = false;
	const char *since = NULL, *until = NULL;
	int c;
	/* As tcpdump (with glibc's getopt): options may come before or after the filter's
	 * words, which getopt moves to the end. */
	while ((c = getopt_long(argc, argv, "r:i:w:j:Z:c:naquh", long_options, NULL)) != -1) {
		const char *name = argv[optind - 2 >= 0 ? optind - 2 : 0];
		enum options_result r = take_option(c, optarg, name, o, &summarize, &replay, &since, &until);
		if (r != OPTIONS_RUN) {
			options_free(o);
			return r;
		}
	}
	int first = optind;
	if (o->n_inputs == 0 && o->iface == NULL && !summarize && (first = leading_inputs(argc, argv, optind, o)) < 0) {
		options_free(o);
		return OPTIONS_EXIT_USAGE;
	}
	if (!check_options(o, summarize, replay)) {
		options_free(o);
		return OPTIONS_EXIT_USAGE;
	}
	if (o->mode == MODE_SUMMARIZE) {
		o->records = (const char *const *)argv + first;
		o->n_records = (size_t)(argc - first);
	} else if (!join_filter(argc, argv, first, &o->filter)) {
		fprintf(stderr, "tlsdiag: out of memory\n");
		options_free(o);
		return OPTIONS_EXIT_USAGE;
	}
	if (o->jobs == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		o->jobs = cores > 0 ? (unsigned)cores : 1;
	}
	if (!settle(o, since, until)) {
		options_free(o);
		return OPTIONS_EXIT_USAGE;
	}
	if (o->max_memory == 0)
		o->max_memory = BOUND_MEMORY;
	if (o->handshake_timeout == 0)
		o->handshake_timeout = 5.0;
	return OPTIONS_RUN;
}

void options_free(struct options *o)
{
	free(o->inputs);
	free(o->filter);
	o->inputs = NULL;
	o->filter = NULL;
}
