/*
 * triage.c — the batch view, built from rows (triage.h).
 *
 * Everything is counted in string-keyed tallies and printed sorted by count, then by
 * key, so the view is the same whatever order the rows came in (files analysed in
 * parallel, JSON records merged from many machines).
 */
#include "triage.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classes.h"
#include "escape.h"
#include "fingerprint.h"
#include "json.h"
#include "table.h"
#include "report.h"
#include "tls_names.h"
#include "upgrade.h"

/* ---- string-keyed tallies ---- */

struct tally_entry {
	char *key;
	unsigned long n;
	void *more;                 /* what a tally of this kind keeps per key */
};

struct tally {
	struct table entries;       /* of struct tally_entry, by key (a zeroed table is empty) */
};

/* Distinct keys counted. */
static size_t tally_count(const struct tally *t)
{
	return t->entries.n_entries;
}

static bool same_key(const void *entry, const void *key)
{
	return strcmp(((const struct tally_entry *)entry)->key, key) == 0;
}

/* The entry of key, made when missing (NULL when out of memory or past the bound: then
 * known keys still count, new ones are not kept). */
static struct tally_entry *tally_at(struct tally *t, const char *key)
{
	uint64_t hash = hash_string(key);
	struct tally_entry *e = table_find(&t->entries, hash, same_key, key);
	if (e != NULL || t->entries.n_entries >= BOUND_TRIAGE_KEYS)
		return e;
	if ((e = calloc(1, sizeof *e)) == NULL || (e->key = strdup(key)) == NULL || !table_add(&t->entries, hash, e)) {
		if (e != NULL)
			free(e->key);
		free(e);
		return NULL;
	}
	return e;
}

static struct tally_entry *tally_add(struct tally *t, const char *key, unsigned long n)
{
	struct tally_entry *e = tally_at(t, key);
	if (e != NULL)
		e->n += n;
	return e;
}

static int cmp_entries(const void *a, const void *b)
{
	const struct tally_entry *x = *(struct tally_entry *const *)a, *y = *(struct tally_entry *const *)b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* The entries, most counted first; free the array. */
static struct tally_entry **tally_sorted(const struct tally *t, size_t *n)
{
	size_t count = t->entries.n_entries;
	struct tally_entry **v = calloc(count ? count : 1, sizeof *v); // NOLINT(bugprone-sizeof-expression): an array of pointers
	*n = 0;
	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < t->entries.n_slots; i++)
		if (t->entries.slots[i].entry != NULL)
			v[(*n)++] = t->entries.slots[i].entry;
	qsort(v, *n, sizeof *v, cmp_entries); // NOLINT(bugprone-sizeof-expression): an array of pointers
	return v;
}

static void tally_free(struct tally *t, void (*free_more)(void *))
{
	for (size_t i = 0; i < t->entries.n_slots; i++) {
		struct tally_entry *e = t->entries.slots[i].entry;
		if (e == NULL)
			continue;
		free(e->key);
		if (free_more != NULL && e->more != NULL)
			free_more(e->more);
		free(e);
	}
	table_free(&t->entries);
}

/* ---- the view ---- */

/* Failures of one kind against one server: a class and the highest version the clients
 * offered; their clients and the fingerprints (JA4) of their hellos. */
struct failure_group {
	struct tally clients;
	struct tally ja4;
};

struct server_view {
	unsigned long attempts;
	unsigned long by_class[CLASS__COUNT];
	struct tally versions, ciphers, groups, alpn, names_ok; /* from its completed handshakes */
	unsigned long cert_requested;
	struct tally ca_names;
	struct tally failures;             /* "class\tmax_offered" → struct failure_group */
	struct tally names_failed;
};

struct triage {
	bool full;                       /* text: every entry of every list (--full) */
	unsigned long attempts;
	unsigned long by_class[CLASS__COUNT];
	int64_t first_us, last_us;
	bool any_ts;
	unsigned long files_read, files_error, files_skipped;
	struct tally file_attempts, file_failed;
	struct tally by_server[CLASS__COUNT], by_sni[CLASS__COUNT], by_client[CLASS__COUNT];
	struct tally servers;               /* "ip:port" → struct server_view */
};

struct triage *triage_new(void)
{
	return calloc(1, sizeof(struct triage));
}

static void free_group(void *p)
{
	struct failure_group *g = p;
	tally_free(&g->clients, NULL);
	tally_free(&g->ja4, NULL);
	free(g);
}

static void free_server(void *p)
{
	struct server_view *s = p;
	tally_free(&s->versions, NULL);
	tally_free(&s->ciphers, NULL);
	tally_free(&s->groups, NULL);
	tally_free(&s->alpn, NULL);
	tally_free(&s->names_ok, NULL);
	tally_free(&s->ca_names, NULL);
	tally_free(&s->failures, free_group);
	tally_free(&s->names_failed, NULL);
	free(s);
}

void triage_free(struct triage *t)
{
	if (t == NULL)
		return;

	tally_free(&t->file_attempts, NULL);
	tally_free(&t->file_failed, NULL);
	for (int c = 0; c < CLASS__COUNT; c++) {
		tally_free(&t->by_server[c], NULL);
		tally_free(&t->by_sni[c], NULL);
		tally_free(&t->by_client[c], NULL);
	}
	tally_free(&t->servers, free_server);
	free(t);
}

/* Attempts of by_class (counts per class) whose class has outcome o. */
static unsigned long by_outcome(const unsigned long by_class[CLASS__COUNT], enum class_outcome o)
{
	unsigned long n = 0;
	for (int c = 0; c < CLASS__COUNT; c++)
		if (class_outcome((enum tls_class)c) == o)
			n += by_class[c];
	return n;
}

unsigned long triage_attempts(const struct triage *t)
{
	return t->attempts;
}

unsigned long triage_failed(const struct triage *t)
{
	return by_outcome(t->by_class, CLASS_OUTCOME_FAILED);
}

/* Counted, not named: the same name may be read twice (given twice, or two members of
 * one bundle with one name). */
void triage_file_read(struct triage *t, const char *file)
{
	(void)file;
	t->files_read++;
}

void triage_file_error(struct triage *t, const char *file)
{
	(void)file;
	t->files_error++;
}

void triage_file_skipped(struct triage *t, const char *file)
{
	(void)file;
	t->files_skipped++;
}

void triage_add(struct triage *t, const struct triage_row *r)
{
	enum tls_class c = r->cls < CLASS__COUNT ? r->cls : CLASS_UNKNOWN_FAILURE;
	bool failed = class_failed(c);
	t->attempts++;
	t->by_class[c]++;
	if (!t->any_ts || r->ts_us < t->first_us)
		t->first_us = r->ts_us;
	if (!t->any_ts || r->ts_us > t->last_us)
		t->last_us = r->ts_us;
	t->any_ts = true;
	if (r->file != NULL) {
		tally_add(&t->file_attempts, r->file, 1);
		if (failed)
			tally_add(&t->file_failed, r->file, 1);
	}
	const char *sni = r->has_sni ? r->sni : "(no SNI)";
	if (failed) {
		tally_add(&t->by_server[c], r->server, 1);
		tally_add(&t->by_sni[c], sni, 1);
		tally_add(&t->by_client[c], r->client, 1);
	}
	struct tally_entry *se = tally_at(&t->servers, r->server);
	if (se == NULL)
		return;
	if (se->more == NULL && (se->more = calloc(1, sizeof(struct server_view))) == NULL)
		return;
	struct server_view *s = se->more;
	s->attempts++;
	s->by_class[c]++;
	if (r->cert_requested) {
		s->cert_requested++;
		for (unsigned i = 0; i < r->n_ca_names; i++)
			tally_add(&s->ca_names, r->ca_names[i], 1);
	}
	if (class_outcome(c) == CLASS_OUTCOME_OK) {
		if (r->version[0])
			tally_add(&s->versions, r->version, 1);
		if (r->cipher[0])
			tally_add(&s->ciphers, r->cipher, 1);
		if (r->group[0])
			tally_add(&s->groups, r->group, 1);
		if (r->alpn[0])
			tally_add(&s->alpn, r->alpn, 1);
		tally_add(&s->names_ok, sni, 1);
	} else if (failed) {
		char key[64];
		snprintf(key, sizeof key, "%s\t%s", class_name(c), r->max_offered);
		struct tally_entry *g = tally_add(&s->failures, key, 1);
		if (g != NULL && g->more == NULL)
			g->more = calloc(1, sizeof(struct failure_group));
		if (g != NULL && g->more != NULL) {
			struct failure_group *fg = g->more;
			tally_add(&fg->clients, r->client, 1);
			tally_add(&fg->ja4, r->ja4[0] ? r->ja4 : "(none)", 1);
		}
		tally_add(&s->names_failed, sni, 1);
	}
}

/* ---- rows ---- */

void triage_key(const char *s, size_t n, char *out, size_t out_len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		size_t l = escape_utf8_len(p + i, n - i);
		if (l == 0) {
			/* The record escapes the byte as \u00XX; a reader gets that code point. */
			if (k + 3 > out_len)
				break;
			out[k++] = (char)(0xc0 | (p[i] >> 6));
			out[k++] = (char)(0x80 | (p[i] & 0x3f));
			i++;
		} else if (l == 1 && (p[i] < 0x20 || p[i] == 0x7f)) {
			if (k + 2 > out_len)
				break;
			out[k++] = '?';
			i++;
		} else {
			if (k + l + 1 > out_len)
				break;
			memcpy(out + k, p + i, l);
			k += l;
			i += l;
		}
	}
	if (out_len > 0)
		out[k < out_len ? k : out_len - 1] = '\0';
}

int triage_version_rank(const char *name)
{
	static const char *const order[] = { "SSL2", "SSL3", "TLS1.0", "TLS1.1", "TLS1.2", "TLS1.3" };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (strcmp(name, order[i]) == 0)
			return (int)i + 1;
	return 0;
}

static void endpoint_address(const struct endpoint *e, char *out, size_t len)
{
	char buf[80];
	report_endpoint(e, buf, sizeof buf);
	/* "ip:port" or "[ip]:port" without the port. */
	char *colon = strrchr(buf, ':');
	if (colon != NULL)
		*colon = '\0';
	snprintf(out, len, "%s", buf[0] == '[' ? buf + 1 : buf);
	size_t l = strlen(out);
	if (l > 0 && out[l - 1] == ']')
		out[l - 1] = '\0';
}

void triage_server_key(const char *server, const char *target, char *out, size_t out_len)
{
	if (target == NULL || target[0] == '\0') {
		snprintf(out, out_len, "%s", server);
		return;
	}
	char safe[96];
	triage_key(target, strlen(target), safe, sizeof safe);
	snprintf(out, out_len, "%s via %s", safe, server);
}

void triage_row_from_attempt(struct triage_row *r, const char *file, const struct facts *f, const struct verdict *v)
{
	memset(r, 0, sizeof *r);
	if (file != NULL) {
		triage_key(file, strlen(file), r->file_buf, sizeof r->file_buf);
		r->file = r->file_buf;
	}
	r->ts_us = report_ts_us(f->t_first);
	endpoint_address(&f->client, r->client, sizeof r->client);
	char server[80];
	report_endpoint(&f->server, server, sizeof server);
	bool proxied = upgrade_kind_is_proxy((enum upgrade_kind)f->upgrade.kind) && f->upgrade.requested;
	triage_server_key(server, proxied ? f->upgrade.target : NULL, r->server, sizeof r->server);
	r->cls = v->cls;
	r->has_sni = f->ch.has_sni;
	if (f->ch.has_sni)
		triage_key(f->ch.sni, f->ch.sni_len, r->sni, sizeof r->sni);
	char vb[24];
	int best = 0;
	uint16_t offered[BOUND_VERSIONS + 1];
	size_t n_offered = report_client_versions(f, offered, sizeof offered / sizeof offered[0]);
	for (size_t i = 0; i < n_offered; i++) {
		const char *name = tls_version_name(offered[i], vb, sizeof vb);
		int rank = triage_version_rank(name);
		if (rank > best) {
			best = rank;
			snprintf(r->max_offered, sizeof r->max_offered, "%s", name);
		}
	}
	if (f->version)
		snprintf(r->version, sizeof r->version, "%s", tls_version_name(f->version, vb, sizeof vb));
	char cb[64];
	if (f->server_hello_seen && !f->sslv2_handshake)
		snprintf(r->cipher, sizeof r->cipher, "%s", tls_cipher_name(f->sh.cipher, cb, sizeof cb));
	if (facts_server_group(f) != 0)
		snprintf(r->group, sizeof r->group, "%s", report_group_name(facts_server_group(f), cb, sizeof cb));
	if (f->sh.has_alpn)
		triage_key(f->sh.alpn, f->sh.alpn_len, r->alpn, sizeof r->alpn);
	r->cert_requested = f->cert_request_seen;
	for (unsigned i = 0; i < f->n_ca_names && r->n_ca_names < BOUND_CA_NAMES; i++)
		triage_key(f->ca_names[i], strlen(f->ca_names[i]), r->ca_names[r->n_ca_names++], BOUND_DN);
	char fp[80];
	if (f->client_hello_seen && fp_ja4_over(&f->ch, fp_ja4_transport(f->transport), fp, sizeof fp))
		snprintf(r->ja4, sizeof r->ja4, "%s", fp);
}

/* ---- printing ---- */

static void format_us(int64_t us, char *buf, size_t len, bool for_text)
{
	time_t sec = (time_t)(us / 1000000);
	long frac = (long)(us % 1000000);
	if (frac < 0) {
		frac += 1000000;
		sec--;
	}
	struct tm tm;
	gmtime_r(&sec, &tm);
	char base[32];
	strftime(base, sizeof base, for_text ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%dT%H:%M:%S", &tm);
	if (for_text)
		snprintf(buf, len, "%s", base);
	else
		snprintf(buf, len, "%s.%06ldZ", base, frac);
}

static unsigned long server_failed(const struct server_view *s)
{
	return by_outcome(s->by_class, CLASS_OUTCOME_FAILED);
}

/* How many entries of a list the text shows: max, or all with --full. */
static _Thread_local bool show_all;
static size_t shown(size_t max)
{
	return show_all ? SIZE_MAX : max;
}

/* "a (3), b (1)" for the first max entries of a tally. */
static void put_top(FILE *out, const struct tally *t, size_t max)
{
	max = shown(max);
	size_t n;
	struct tally_entry **v = tally_sorted(t, &n);
	for (size_t i = 0; v != NULL && i < n && i < max; i++) {
		if (i > 0)
			fputs(", ", out);
		escape_put_text(out, v[i]->key);
		fprintf(out, " (%lu)", v[i]->n);
	}
	if (n > max)
		fprintf(out, ", %zu more (--full)", n - max);
	free(v);
}

static int cmp_servers(const void *a, const void *b)
{
	const struct tally_entry *x = *(struct tally_entry *const *)a, *y = *(struct tally_entry *const *)b;
	unsigned long fx = server_failed(x->more), fy = server_failed(y->more);
	if (fx != fy)
		return fx > fy ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Servers with failures, most failures first. */
static struct tally_entry **failing_servers(const struct triage *t, size_t *n)
{
	// NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers
	struct tally_entry **v = calloc(tally_count(&t->servers) ? tally_count(&t->servers) : 1, sizeof *v);
	*n = 0;
	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < t->servers.entries.n_slots; i++) {
		struct tally_entry *e = t->servers.entries.slots[i].entry;
		if (e != NULL && e->more != NULL && server_failed(e->more) > 0)
			v[(*n)++] = e;
	}
	qsort(v, *n, sizeof *v, cmp_servers); // NOLINT(bugprone-sizeof-expression): an array of pointers
	return v;
}

/* Splits a failure key "class\tmax_offered". */
static void split_failure(const char *key, char *cls, size_t cl, char *maxv, size_t ml)
{
	const char *a = strchr(key, '\t');
	if (a == NULL) {
		snprintf(cls, cl, "%s", key);
		maxv[0] = '\0';
		return;
	}
	snprintf(cls, cl, "%.*s", (int)(a - key), key);
	snprintf(maxv, ml, "%s", a + 1);
}

/* The lowest and highest versions of a tally of version names (ranks; 0 when none). */
static void version_span(const struct tally *t, int *lo, int *hi)
{
	*lo = *hi = 0;
	for (size_t i = 0; i < t->entries.n_slots; i++) {
		const struct tally_entry *e = t->entries.slots[i].entry;
		if (e == NULL)
			continue;
		int r = triage_version_rank(e->key);
		if (r == 0)
			continue;
		if (*lo == 0 || r < *lo)
			*lo = r;
		if (r > *hi)
			*hi = r;
	}
}

static const char *rank_name(int r)
{
	static const char *const order[] = { "?", "SSL2", "SSL3", "TLS1.0", "TLS1.1", "TLS1.2", "TLS1.3" };
	return r >= 0 && r < 7 ? order[r] : "?";
}

/*
 * One line that reads the server's policy against the failures of one class, from what
 * the server accepted in its own handshakes. A version mismatch is read against the
 * versions it accepted; every other class in the words of the class table.
 */
static void reading(const struct server_view *s, enum tls_class c, unsigned long n_clients, const char *max_offered,
		    char *out, size_t len)
{
	const struct class_info *ci = class_info(c);
	if (c != CLASS_VERSION_MISMATCH) {
		snprintf(out, len, "%s%lu client(s)%s", ci->reading_before, n_clients, ci->reading_after);
		return;
	}
	int lo, hi;
	version_span(&s->versions, &lo, &hi);
	int offered = triage_version_rank(max_offered);
	if (lo > 0 && offered > 0 && offered < lo)
		snprintf(out, len, "accepts %s%s only; %lu client(s) offering at most %s failed", lo == hi ? "" : "from ",
			 rank_name(lo), n_clients, rank_name(offered));
	else if (lo > 0 && offered > hi)
		snprintf(out, len, "accepts up to %s; %lu client(s) offering %s and nothing it accepts failed", rank_name(hi),
			 n_clients, rank_name(offered));
	else
		snprintf(out, len, "%s%lu client(s) offering at most %s%s", ci->reading_before, n_clients,
			 offered ? rank_name(offered) : "?", ci->reading_after);
}

static void put_accepted(FILE *out, const char *label, const struct tally *t)
{
	if (tally_count(t) == 0)
		return;
	fprintf(out, "      %-9s ", label);
	put_top(out, t, 6);
	fputc('\n', out);
}

void triage_show_all(struct triage *t, bool all)
{
	t->full = all;
}

void triage_print_text(const struct triage *t, FILE *out)
{
	show_all = t->full;
	unsigned long failed = triage_failed(t);
	unsigned long n_files = t->files_read;
	fprintf(out, "== %lu attempt(s): %lu ok, %lu failed, %lu incomplete", t->attempts, by_outcome(t->by_class, CLASS_OUTCOME_OK),
		failed, by_outcome(t->by_class, CLASS_OUTCOME_INCOMPLETE));
	if (n_files > 1 || t->files_error > 0)
		fprintf(out, "; %lu capture(s) read, %lu unreadable", n_files, t->files_error);
	if (t->files_skipped > 0)
		fprintf(out, ", %lu file(s) skipped (not captures)", t->files_skipped);
	fputc('\n', out);
	if (t->any_ts) {
		char a[48], b[48];
		format_us(t->first_us, a, sizeof a, true);
		format_us(t->last_us, b, sizeof b, true);
		if (strcmp(a, b) == 0)
			fprintf(out, "   at %s UTC\n", a);
		else
			fprintf(out, "   from %s to %s UTC\n", a, b);
	}
	for (int c = 0; c < CLASS__COUNT; c++)
		if (t->by_class[c])
			fprintf(out, "   %-22s %6lu  %5.1f%%\n", class_name((enum tls_class)c), t->by_class[c],
				100.0 * (double)t->by_class[c] / (double)t->attempts);
	if (failed == 0)
		return;

	/* Where failures of a class cluster; one failure is told by its own report. */
	bool where = false;
	for (int c = 0; c < CLASS__COUNT; c++) {
		if (!class_failed((enum tls_class)c) || t->by_class[c] < 2)
			continue;
		if (!where)
			fprintf(out, "== where the failures are\n");
		where = true;
		fprintf(out, "   %s (%lu)\n      servers   ", class_name((enum tls_class)c), t->by_class[c]);
		put_top(out, &t->by_server[c], 5);
		fprintf(out, "\n      names     ");
		put_top(out, &t->by_sni[c], 5);
		fprintf(out, "\n      clients   ");
		put_top(out, &t->by_client[c], 5);
		fputc('\n', out);
	}

	if (tally_count(&t->file_attempts) > 1) {
		size_t n;
		struct tally_entry **v = tally_sorted(&t->file_failed, &n);
		fprintf(out, "== captures with failures (%zu)\n", n);
		for (size_t i = 0; v != NULL && i < n && i < shown(10); i++) {
			struct tally_entry *all = tally_at((struct tally *)&t->file_attempts, v[i]->key);
			fprintf(out, "   %6lu of %-6lu ", v[i]->n, all ? all->n : v[i]->n);
			escape_put_text(out, v[i]->key);
			fputc('\n', out);
		}
		if (n > shown(10))
			fprintf(out, "   ... %zu more (--full shows them all)\n", n - 10);
		free(v);
	}

	size_t n_servers;
	struct tally_entry **sv = failing_servers(t, &n_servers);
	fprintf(out, "== servers with failures (%zu), with the policy their handshakes show\n", n_servers);
	for (size_t i = 0; sv != NULL && i < n_servers && i < shown(20); i++) {
		const struct server_view *s = sv[i]->more;
		fputs("   ", out);
		escape_put_text(out, sv[i]->key);
		fprintf(out, "  %lu of %lu failed:", server_failed(s), s->attempts);
		for (int c = 0; c < CLASS__COUNT; c++)
			if (class_failed((enum tls_class)c) && s->by_class[c])
				fprintf(out, " %s=%lu", class_name((enum tls_class)c), s->by_class[c]);
		fputc('\n', out);
		if (by_outcome(s->by_class, CLASS_OUTCOME_OK) == 0)
			fprintf(out, "      accepted  nothing: no handshake with it completed\n");
		put_accepted(out, "versions", &s->versions);
		put_accepted(out, "ciphers", &s->ciphers);
		put_accepted(out, "groups", &s->groups);
		put_accepted(out, "alpn", &s->alpn);
		put_accepted(out, "names", &s->names_ok);
		if (s->cert_requested > 0) {
			fprintf(out, "      asks for a client certificate (%lu handshake(s))", s->cert_requested);
			if (tally_count(&s->ca_names) > 0) {
				fputs("; CA names: ", out);
				put_top(out, &s->ca_names, 4);
			}
			fputc('\n', out);
		}
		size_t n_groups;
		struct tally_entry **g = tally_sorted(&s->failures, &n_groups);
		for (size_t k = 0; g != NULL && k < n_groups && k < shown(6); k++) {
			char cls[32], maxv[16], line[256];
			split_failure(g[k]->key, cls, sizeof cls, maxv, sizeof maxv);
			const struct failure_group *fg = g[k]->more;
			unsigned long n_clients = fg ? tally_count(&fg->clients) : 0;
			reading(s, class_from_name(cls), n_clients, maxv, line, sizeof line);
			fprintf(out, "      failing   %s x%lu: %s\n", cls, g[k]->n, line);
			if (fg != NULL && tally_count(&fg->ja4) > 0) {
				fprintf(out, "                JA4 ");
				put_top(out, &fg->ja4, 2);
				fputc('\n', out);
			}
		}
		if (n_groups > shown(6))
			fprintf(out, "      failing   ... %zu more kinds (--full)\n", n_groups - 6);
		free(g);
	}
	if (n_servers > shown(20))
		fprintf(out, "   ... %zu more servers (--full or --json has them all)\n", n_servers - 20);
	free(sv);
}

/* What put_top writes, into a heap string ("" when out of memory). */
static char *top_text(const struct tally *t, size_t max)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (mem == NULL)
		return NULL;
	if (tally_count(t) > 0)
		put_top(mem, t, max);
	fclose(mem);
	return text;
}

void triage_each_failing_server(const struct triage *t, size_t max, triage_server_fn fn, void *ctx)
{
	show_all = t->full;
	size_t n_servers;
	struct tally_entry **sv = failing_servers(t, &n_servers);
	for (size_t i = 0; sv != NULL && i < n_servers && (max == 0 || i < max); i++) {
		const struct server_view *s = sv[i]->more;
		struct triage_server_policy p = { .server = sv[i]->key, .attempts = s->attempts, .failed = server_failed(s),
						  .by_class = s->by_class, .cert_requested = s->cert_requested };
		const struct tally *acc[5] = { &s->versions, &s->ciphers, &s->groups, &s->alpn, &s->names_ok };
		char *texts[5];
		for (int k = 0; k < 5; k++)
			p.accepted[k] = texts[k] = top_text(acc[k], 6);
		size_t n_groups;
		struct tally_entry **g = tally_sorted(&s->failures, &n_groups);
		char lines[8][300];
		for (size_t k = 0; g != NULL && k < n_groups && k < 8; k++) {
			char cls[32], maxv[16], line[256];
			split_failure(g[k]->key, cls, sizeof cls, maxv, sizeof maxv);
			const struct failure_group *fg = g[k]->more;
			reading(s, class_from_name(cls), fg ? tally_count(&fg->clients) : 0, maxv, line, sizeof line);
			snprintf(lines[k], sizeof lines[k], "%s x%lu: %s", cls, g[k]->n, line);
			p.failing[p.n_failing++] = lines[k];
		}
		free(g);
		fn(ctx, &p);
		for (int k = 0; k < 5; k++)
			free(texts[k]);
	}
	free(sv);
}

static void json_tally(struct json *j, const struct tally *t, const char *key_name, size_t max)
{
	size_t n;
	struct tally_entry **v = tally_sorted(t, &n);
	json_begin_array(j);
	for (size_t i = 0; v != NULL && i < n && i < max; i++) {
		json_begin_object(j);
		json_key(j, key_name);
		json_string(j, v[i]->key);
		json_key(j, "count");
		json_int(j, (long long)v[i]->n);
		json_end_object(j);
	}
	json_end_array(j);
	free(v);
}

void triage_print_json(const struct triage *t, FILE *out)
{
	struct json jw = { out, false };
	struct json *j = &jw;
	char a[48];
	json_begin_object(j);
	json_key(j, "type"); json_string(j, "summary");
	json_key(j, "attempts"); json_int(j, (long long)t->attempts);
	json_key(j, "ok"); json_int(j, (long long)by_outcome(t->by_class, CLASS_OUTCOME_OK));
	json_key(j, "failed"); json_int(j, (long long)triage_failed(t));
	json_key(j, "incomplete"); json_int(j, (long long)by_outcome(t->by_class, CLASS_OUTCOME_INCOMPLETE));
	json_key(j, "by_class");
	json_begin_object(j);
	for (int c = 0; c < CLASS__COUNT; c++) {
		if (t->by_class[c]) {
			json_key(j, class_name((enum tls_class)c));
			json_int(j, (long long)t->by_class[c]);
		}
	}
	json_end_object(j);
	json_key(j, "span");
	json_begin_object(j);
	json_key(j, "first");
	if (t->any_ts) { format_us(t->first_us, a, sizeof a, false); json_string(j, a); } else json_null(j);
	json_key(j, "last");
	if (t->any_ts) { format_us(t->last_us, a, sizeof a, false); json_string(j, a); } else json_null(j);
	json_end_object(j);
	json_key(j, "files");
	json_begin_object(j);
	json_key(j, "read"); json_int(j, (long long)t->files_read);
	json_key(j, "unreadable"); json_int(j, (long long)t->files_error);
	json_key(j, "not_captures"); json_int(j, (long long)t->files_skipped);
	json_key(j, "with_failures");
	json_tally(j, &t->file_failed, "file", (size_t)-1);
	json_end_object(j);
	json_key(j, "classes");
	json_begin_array(j);
	for (int c = 0; c < CLASS__COUNT; c++) {
		if (!class_failed((enum tls_class)c) || t->by_class[c] == 0)
			continue;
		json_begin_object(j);
		json_key(j, "class"); json_string(j, class_name((enum tls_class)c));
		json_key(j, "count"); json_int(j, (long long)t->by_class[c]);
		json_key(j, "servers"); json_tally(j, &t->by_server[c], "server", 10);
		json_key(j, "snis"); json_tally(j, &t->by_sni[c], "sni", 10);
		json_key(j, "clients"); json_tally(j, &t->by_client[c], "client", 10);
		json_end_object(j);
	}
	json_end_array(j);
	size_t n_servers;
	struct tally_entry **sv = failing_servers(t, &n_servers);
	json_key(j, "servers");
	json_begin_array(j);
	for (size_t i = 0; sv != NULL && i < n_servers; i++) {
		const struct server_view *s = sv[i]->more;
		json_begin_object(j);
		json_key(j, "server"); json_string(j, sv[i]->key);
		json_key(j, "attempts"); json_int(j, (long long)s->attempts);
		json_key(j, "failed"); json_int(j, (long long)server_failed(s));
		json_key(j, "by_class");
		json_begin_object(j);
		for (int c = 0; c < CLASS__COUNT; c++) {
			if (s->by_class[c]) {
				json_key(j, class_name((enum tls_class)c));
				json_int(j, (long long)s->by_class[c]);
			}
		}
		json_end_object(j);
		json_key(j, "accepted");
		json_begin_object(j);
		json_key(j, "versions"); json_tally(j, &s->versions, "version", 16);
		json_key(j, "ciphers"); json_tally(j, &s->ciphers, "cipher", 32);
		json_key(j, "groups"); json_tally(j, &s->groups, "group", 16);
		json_key(j, "alpn"); json_tally(j, &s->alpn, "alpn", 16);
		json_key(j, "snis"); json_tally(j, &s->names_ok, "sni", 32);
		json_end_object(j);
		json_key(j, "client_cert_requested"); json_int(j, (long long)s->cert_requested);
		json_key(j, "ca_names"); json_tally(j, &s->ca_names, "name", 16);
		json_key(j, "failures");
		json_begin_array(j);
		size_t n_groups;
		struct tally_entry **g = tally_sorted(&s->failures, &n_groups);
		for (size_t k = 0; g != NULL && k < n_groups; k++) {
			char cls[32], maxv[16], line[256];
			split_failure(g[k]->key, cls, sizeof cls, maxv, sizeof maxv);
			const struct failure_group *fg = g[k]->more;
			unsigned long n_clients = fg ? tally_count(&fg->clients) : 0;
			reading(s, class_from_name(cls), n_clients, maxv, line, sizeof line);
			json_begin_object(j);
			json_key(j, "class"); json_string(j, cls);
			json_key(j, "count"); json_int(j, (long long)g[k]->n);
			json_key(j, "clients"); json_int(j, (long long)n_clients);
			json_key(j, "max_offered_version");
			if (maxv[0]) json_string(j, maxv); else json_null(j);
			json_key(j, "ja4");
			if (fg != NULL) json_tally(j, &fg->ja4, "ja4", 10); else json_null(j);
			json_key(j, "reading"); json_string(j, line);
			json_end_object(j);
		}
		free(g);
		json_end_array(j);
		json_end_object(j);
	}
	free(sv);
	json_end_array(j);
	json_end_object(j);
	fputc('\n', out);
}
