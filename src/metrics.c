/*
 * metrics.c — the Prometheus endpoint of live capture (metrics.h).
 *
 * Label values are bounded: the first BOUND_METRICS_LABELS servers and SNI values seen get
 * a series of their own, the rest are counted under "other" (a client chooses its SNI:
 * an unbounded label would let it grow the registry and the scrape without end). SNI
 * values are made safe as the summary makes them (triage_key: valid UTF-8, no control
 * characters), then escaped as the text format asks (backslash, double quote).
 */
#include "metrics.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bounds.h"
#include "classes.h"
#include "options.h"
#include "report.h"
#include "tls_wire.h"
#include "triage.h"

/* Handshake durations, seconds: 1 ms to 10 s. */
static const double buckets[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
#define N_BUCKETS (sizeof buckets / sizeof buckets[0])

/* A request line and headers are read up to this; a longer one is refused. */
#define REQUEST_MAX 2048
/* A scraper that takes longer than this to send its request or read the answer is dropped. */
#define CONNECTION_SECONDS 10.0

struct label_series {
	char value[BOUND_METRICS_LABEL_LEN];
	uint64_t by_class[CLASS__COUNT];
};

/* The first BOUND_METRICS_LABELS values of a label, then "other". */
struct label_set {
	struct label_series series[BOUND_METRICS_LABELS + 1];
	size_t n;
	uint64_t overflow;           /* attempts counted under "other" */
};

struct scraper {
	int fd;                      /* -1: free */
	double opened;
	char request[REQUEST_MAX];
	size_t request_len;
	char *answer;                /* being written, or NULL while the request is read */
	size_t answer_len, answer_sent;
};

struct metrics {
	int listen_fd;
	double start_time;
	uint64_t attempts[CLASS__COUNT];
	uint64_t outcomes[3];
	struct label_set servers, snis;
	uint64_t duration_buckets[N_BUCKETS];
	uint64_t duration_count;
	double duration_sum;
	struct metrics_capture capture;
	uint64_t scrapes, refused_scrapers;
	struct scraper scrapers[BOUND_METRICS_CONNECTIONS];
};

/* ---- the address ---- */

static bool parse_address(const char *spec, struct sockaddr_storage *ss, socklen_t *len, char *err, size_t err_len)
{
	const char *colon = strrchr(spec, ':');
	if (colon == NULL || colon[1] == '\0') {
		snprintf(err, err_len, "expected ADDRESS:PORT, [IPv6]:PORT or :PORT, got \"%s\"", spec);
		return false;
	}
	char *end;
	errno = 0;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || errno != 0 || port == 0 || port > 65535) {
		snprintf(err, err_len, "\"%s\" is not a port number", colon + 1);
		return false;
	}
	char host[64];
	size_t hl = (size_t)(colon - spec);
	if (hl >= sizeof host) {
		snprintf(err, err_len, "address too long: \"%s\"", spec);
		return false;
	}
	memcpy(host, spec, hl);
	host[hl] = '\0';
	memset(ss, 0, sizeof *ss);
	if (hl == 0) {
		/* Every address, IPv6 and IPv4 alike. */
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_any;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof *s6;
		return true;
	}
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1) {
			snprintf(err, err_len, "\"%s\" is not an IPv6 address", host + 1);
			return false;
		}
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof *s6;
		return true;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	if (inet_pton(AF_INET, host, &s4->sin_addr) != 1) {
		snprintf(err, err_len, "\"%s\" is not an IPv4 address (IPv6: [ADDRESS]:PORT)", host);
		return false;
	}
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	*len = sizeof *s4;
	return true;
}

bool metrics_parse_address(const char *spec, char *err, size_t err_len)
{
	struct sockaddr_storage ss;
	socklen_t len;
	return parse_address(spec, &ss, &len, err, err_len);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct metrics *metrics_open(const char *spec, char *err, size_t err_len)
{
	struct sockaddr_storage ss;
	socklen_t len;
	if (!parse_address(spec, &ss, &len, err, err_len))
		return NULL;
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, err_len, "--metrics %s: socket: %s", spec, strerror(errno));
		return NULL;
	}
	int one = 1, zero = 0;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, BOUND_METRICS_CONNECTIONS) != 0) {
		snprintf(err, err_len, "--metrics %s: %s", spec, strerror(errno));
		close(fd);
		return NULL;
	}
	struct metrics *m = calloc(1, sizeof *m);
	if (m == NULL) {
		snprintf(err, err_len, "out of memory");
		close(fd);
		return NULL;
	}
	m->listen_fd = fd;
	m->start_time = now_seconds();
	for (size_t i = 0; i < BOUND_METRICS_CONNECTIONS; i++)
		m->scrapers[i].fd = -1;
	return m;
}

/* ---- the registry ---- */

static struct label_series *series_of(struct label_set *set, const char *value)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->series[i].value, value) == 0)
			return &set->series[i];
	if (set->n < BOUND_METRICS_LABELS) {
		struct label_series *s = &set->series[set->n++];
		snprintf(s->value, sizeof s->value, "%s", value);
		return s;
	}
	set->overflow++;
	struct label_series *other = &set->series[BOUND_METRICS_LABELS];
	if (other->value[0] == '\0')
		snprintf(other->value, sizeof other->value, "other");
	return other;
}

/* When a successful handshake was seen complete: once both sides had sent protected
 * records (TLS 1.2: the server's Finished after the client's; TLS 1.3: the client's
 * Finished after the server's flight; QUIC: both sides' Handshake packets); < 0 unknown. */
static double handshake_end(const struct facts *f)
{
	double first[2] = { -1, -1 };
	for (unsigned i = 0; i < f->n_steps; i++) {
		const struct step *s = &f->steps[i];
		bool protected = (s->kind == STEP_RECORD && !(s->flags & STEP_EARLY)) || s->kind == STEP_APPDATA ||
				 (s->kind == STEP_MESSAGE && s->detail == TLS_HS_FINISHED) ||
				 (s->kind == STEP_QUIC_PACKET && s->detail == QUIC_KIND_HANDSHAKE);
		if (protected && first[s->from] < 0)
			first[s->from] = s->t;
	}
	if (first[0] < 0 || first[1] < 0)
		return -1;
	return first[0] > first[1] ? first[0] : first[1];
}

void metrics_attempt(struct metrics *m, const struct facts *f, const struct verdict *v)
{
	if (m == NULL || v->cls >= CLASS__COUNT)
		return;
	m->attempts[v->cls]++;
	enum class_outcome outcome = class_outcome(v->cls);
	if ((unsigned)outcome < 3)
		m->outcomes[outcome]++;
	char server[64];
	report_endpoint(&f->server, server, sizeof server);
	series_of(&m->servers, server)->by_class[v->cls]++;
	char sni[BOUND_METRICS_LABEL_LEN];
	if (f->ch.has_sni)
		triage_key(f->ch.sni, f->ch.sni_len, sni, sizeof sni);
	else
		snprintf(sni, sizeof sni, "none");
	series_of(&m->snis, sni)->by_class[v->cls]++;
	double end = outcome == CLASS_OUTCOME_OK ? handshake_end(f) : -1;
	if (f->t_client_hello >= 0 && end >= f->t_client_hello) {
		double d = end - f->t_client_hello;
		for (size_t i = 0; i < N_BUCKETS; i++)
			if (d <= buckets[i])
				m->duration_buckets[i]++;
		m->duration_count++;
		m->duration_sum += d;
	}
}

void metrics_set_capture(struct metrics *m, const struct metrics_capture *c)
{
	if (m != NULL)
		m->capture = *c;
}

/* ---- the text format ---- */

/* A label value as the format writes it: backslash, double quote and newline escaped. */
static void escaped(const char *s, char *out, size_t out_len)
{
	size_t k = 0;
	for (; *s != '\0' && k + 3 < out_len; s++) {
		if (*s == '\\' || *s == '"') {
			out[k++] = '\\';
			out[k++] = *s;
		} else if (*s == '\n') {
			out[k++] = '\\';
			out[k++] = 'n';
		} else {
			out[k++] = *s;
		}
	}
	out[k] = '\0';
}

static void head(FILE *t, const char *name, const char *type, const char *help)
{
	fprintf(t, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void label_counter(FILE *t, const char *name, const char *label, const char *help,
			  const struct label_set *set)
{
	head(t, name, "counter", help);
	for (size_t i = 0; i <= BOUND_METRICS_LABELS; i++) {
		const struct label_series *s = &set->series[i];
		if (i >= set->n && i < BOUND_METRICS_LABELS)
			continue;
		if (s->value[0] == '\0')
			continue;
		char value[2 * BOUND_METRICS_LABEL_LEN];
		escaped(s->value, value, sizeof value);
		for (int c = 0; c < CLASS__COUNT; c++)
			if (s->by_class[c] > 0)
				fprintf(t, "%s{%s=\"%s\",class=\"%s\"} %llu\n", name, label, value, class_name((enum tls_class)c),
				    (unsigned long long)s->by_class[c]);
	}
}

static void gauge(FILE *t, const char *name, const char *help, double v)
{
	head(t, name, "gauge", help);
	fprintf(t, "%s %.17g\n", name, v);
}

static void counter(FILE *t, const char *name, const char *help, uint64_t v)
{
	head(t, name, "counter", help);
	fprintf(t, "%s %llu\n", name, (unsigned long long)v);
}

char *metrics_render(const struct metrics *m, size_t *len)
{
	char *text = NULL;
	FILE *t = open_memstream(&text, len);
	if (t == NULL)
		return NULL;
	head(t, "tlsdiag_build_info", "gauge", "tlsdiag's version.");
	fprintf(t, "tlsdiag_build_info{version=\"%s\"} 1\n", TLSDIAG_VERSION);
	gauge(t, "tlsdiag_start_time_seconds", "When the capture started, seconds since the epoch.", m->start_time);
	head(t, "tlsdiag_attempts_total", "counter", "TLS connection attempts decided, by class (tlsdiag(1), CLASSES).");
	for (int c = 0; c < CLASS__COUNT; c++)
		fprintf(t, "tlsdiag_attempts_total{class=\"%s\"} %llu\n", class_name((enum tls_class)c),
		    (unsigned long long)m->attempts[c]);
	static const char *const outcomes[3] = { "ok", "failed", "incomplete" };
	head(t, "tlsdiag_outcomes_total", "counter", "TLS connection attempts decided, by outcome.");
	for (int o = 0; o < 3; o++)
		fprintf(t, "tlsdiag_outcomes_total{outcome=\"%s\"} %llu\n", outcomes[o], (unsigned long long)m->outcomes[o]);
	label_counter(t, "tlsdiag_server_attempts_total", "server",
		      "Attempts by server and class (the first servers seen; the rest under server=\"other\").", &m->servers);
	label_counter(t, "tlsdiag_sni_attempts_total", "sni",
		      "Attempts by SNI and class (the first names seen; the rest under sni=\"other\"; none: no SNI).",
		      &m->snis);
	head(t, "tlsdiag_label_overflow_total", "counter", "Attempts counted under \"other\" because the label's values reached their bound.");
	fprintf(t, "tlsdiag_label_overflow_total{label=\"server\"} %llu\n", (unsigned long long)m->servers.overflow);
	fprintf(t, "tlsdiag_label_overflow_total{label=\"sni\"} %llu\n", (unsigned long long)m->snis.overflow);
	gauge(t, "tlsdiag_label_values_max", "Distinct values a label gets before \"other\".", BOUND_METRICS_LABELS);
	head(t, "tlsdiag_handshake_duration_seconds", "histogram",
	     "Successful handshakes: from the whole ClientHello until both sides had sent protected records.");
	for (size_t i = 0; i < N_BUCKETS; i++)
		fprintf(t, "tlsdiag_handshake_duration_seconds_bucket{le=\"%g\"} %llu\n", buckets[i],
		    (unsigned long long)m->duration_buckets[i]);
	fprintf(t, "tlsdiag_handshake_duration_seconds_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)m->duration_count);
	fprintf(t, "tlsdiag_handshake_duration_seconds_sum %.9g\n", m->duration_sum);
	fprintf(t, "tlsdiag_handshake_duration_seconds_count %llu\n", (unsigned long long)m->duration_count);
	const struct metrics_capture *c = &m->capture;
	counter(t, "tlsdiag_packets_received_total", "Packets the capture received.", c->received);
	head(t, "tlsdiag_packets_dropped_total", "counter", "Packets dropped before tlsdiag read them.");
	fprintf(t, "tlsdiag_packets_dropped_total{by=\"kernel\"} %llu\n", (unsigned long long)c->dropped_kernel);
	fprintf(t, "tlsdiag_packets_dropped_total{by=\"interface\"} %llu\n", (unsigned long long)c->dropped_iface);
	counter(t, "tlsdiag_frames_undecodable_total", "Frames that could not be decoded.", c->undecodable);
	gauge(t, "tlsdiag_flows", "Connections tracked now.", (double)c->flows_open);
	gauge(t, "tlsdiag_flows_max", "The bound on connections tracked (--max-flows).", (double)c->max_flows);
	counter(t, "tlsdiag_flows_total", "Connections tracked since the start.", c->flows_total);
	gauge(t, "tlsdiag_flow_memory_bytes", "Memory of connection state now.", (double)c->memory);
	gauge(t, "tlsdiag_flow_memory_max_bytes", "The bound on connection state (--max-memory; 0: none).",
	      (double)c->max_memory);
	head(t, "tlsdiag_evictions_total", "counter", "Attempts decided early to stay within a bound.");
	fprintf(t, "tlsdiag_evictions_total{reason=\"max_flows\"} %llu\n", (unsigned long long)c->evicted_flows);
	fprintf(t, "tlsdiag_evictions_total{reason=\"max_memory\"} %llu\n", (unsigned long long)c->evicted_memory);
	counter(t, "tlsdiag_held_overflow_total",
		"Failures decided before their server's history was complete because too many waited.", c->held_overflow);
	counter(t, "tlsdiag_scrapes_total", "Scrapes of this endpoint answered.", m->scrapes);
	counter(t, "tlsdiag_scrapers_refused_total", "Scrapers turned away: too many connected at once.",
		m->refused_scrapers);
	bool failed = ferror(t) != 0;
	if (fclose(t) != 0 || failed) {
		free(text);
		return NULL;
	}
	return text;
}

/* ---- serving ---- */

static void drop(struct scraper *s)
{
	close(s->fd);
	free(s->answer);
	memset(s, 0, sizeof *s);
	s->fd = -1;
}

static char *answer(int status, const char *reason, const char *type, const char *body, size_t body_len, size_t *len)
{
	char header[256];
	int n = snprintf(header, sizeof header,
			 "HTTP/1.0 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", status,
			 reason, type, body_len);
	char *a = malloc((size_t)n + body_len);
	if (a == NULL)
		return NULL;
	memcpy(a, header, (size_t)n);
	memcpy(a + n, body, body_len);
	*len = (size_t)n + body_len;
	return a;
}

/* The request read whole: the answer to write. */
static void respond(struct metrics *m, struct scraper *s)
{
	static const char text_plain[] = "text/plain; charset=utf-8";
	char method[8] = "", path[64] = "";
	/* "GET /metrics HTTP/1.1": the method and the path, the query left out. */
	if (sscanf(s->request, "%7s %63s", method, path) != 2) {
		static const char bad[] = "bad request\n";
		s->answer = answer(400, "Bad Request", text_plain, bad, sizeof bad - 1, &s->answer_len);
		return;
	}
	char *q = strchr(path, '?');
	if (q != NULL)
		*q = '\0';
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		static const char no[] = "only GET\n";
		s->answer = answer(405, "Method Not Allowed", text_plain, no, sizeof no - 1, &s->answer_len);
	} else if (strcmp(path, "/metrics") == 0) {
		size_t len = 0;
		m->scrapes++;
		char *body = metrics_render(m, &len);
		if (body != NULL) {
			s->answer = answer(200, "OK", "text/plain; version=0.0.4; charset=utf-8", body,
					   strcmp(method, "HEAD") == 0 ? 0 : len, &s->answer_len);
			free(body);
		}
	} else if (strcmp(path, "/") == 0) {
		static const char hint[] = "tlsdiag: the metrics are at /metrics\n";
		s->answer = answer(200, "OK", text_plain, hint, sizeof hint - 1, &s->answer_len);
	} else {
		static const char none[] = "not found: the metrics are at /metrics\n";
		s->answer = answer(404, "Not Found", text_plain, none, sizeof none - 1, &s->answer_len);
	}
	if (s->answer == NULL)
		s->answer_len = 0;
}

static void take_new(struct metrics *m, double now)
{
	for (;;) {
		int fd = accept(m->listen_fd, NULL, NULL);
		if (fd < 0)
			return; /* EAGAIN: nobody waits (or an error, tried again next tick) */
		/* An accepted socket does not inherit O_NONBLOCK (accept(2)). */
		int flags = fcntl(fd, F_GETFL);
		if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
			close(fd);
			continue;
		}
		struct scraper *free_one = NULL;
		for (size_t i = 0; i < BOUND_METRICS_CONNECTIONS && free_one == NULL; i++)
			if (m->scrapers[i].fd < 0)
				free_one = &m->scrapers[i];
		if (free_one == NULL) {
			m->refused_scrapers++;
			close(fd);
			continue;
		}
		free_one->fd = fd;
		free_one->opened = now;
	}
}

/* Reads what the scraper sent; true once the request's head is whole. */
static bool read_request(struct scraper *s)
{
	while (s->request_len + 1 < sizeof s->request) {
		ssize_t n = recv(s->fd, s->request + s->request_len, sizeof s->request - 1 - s->request_len, 0);
		if (n <= 0)
			return n == 0; /* closed early: answered with what came; EAGAIN: not yet */
		s->request_len += (size_t)n;
		s->request[s->request_len] = '\0';
		if (strstr(s->request, "\r\n\r\n") != NULL || strstr(s->request, "\n\n") != NULL)
			return true;
	}
	return true; /* the bound: answered with what came */
}

void metrics_serve(struct metrics *m, double now)
{
	if (m == NULL)
		return;
	take_new(m, now);
	for (size_t i = 0; i < BOUND_METRICS_CONNECTIONS; i++) {
		struct scraper *s = &m->scrapers[i];
		if (s->fd < 0)
			continue;
		if (now - s->opened > CONNECTION_SECONDS) {
			drop(s); /* a scraper that does not send or does not read */
			continue;
		}
		if (s->answer == NULL) {
			if (!read_request(s))
				continue;
			respond(m, s);
			if (s->answer == NULL) {
				drop(s);
				continue;
			}
		}
		while (s->answer_sent < s->answer_len) {
			ssize_t n = send(s->fd, s->answer + s->answer_sent, s->answer_len - s->answer_sent, MSG_NOSIGNAL);
			if (n <= 0)
				break; /* EAGAIN: the rest at the next tick; an error: dropped below */
			s->answer_sent += (size_t)n;
		}
		if (s->answer_sent == s->answer_len || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
			drop(s);
	}
}

void metrics_close(struct metrics *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < BOUND_METRICS_CONNECTIONS; i++)
		if (m->scrapers[i].fd >= 0)
			drop(&m->scrapers[i]);
	close(m->listen_fd);
	free(m);
}
