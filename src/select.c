/*
 * select.c — the attempts a run reports (select.h).
 */
#define _GNU_SOURCE /* FNM_CASEFOLD */ // NOLINT(bugprone-reserved-identifier): a feature test macro
#include "select.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classes.h"
#include "report.h"

bool selection_narrows(const struct selection *s)
{
	return s->classes != 0 || s->has_since || s->has_until || s->server_glob != NULL || s->sni_glob != NULL;
}

/* The server as "198.18.1.2:443", "198.18.1.2", "[2001:db8::2]:443" or "2001:db8::2":
 * a pattern written for any of these forms matches. */
static bool server_matches(const char *glob, const struct endpoint *e)
{
	char with_port[80], bare[80];
	return fnmatch(glob, report_endpoint(e, with_port, sizeof with_port), 0) == 0 ||
	       fnmatch(glob, report_address(e, bare, sizeof bare), 0) == 0;
}

bool selection_match(const struct selection *s, const struct facts *f, const struct verdict *v)
{
	if (s->classes != 0 && (s->classes & (1u << v->cls)) == 0)
		return false;
	if (s->has_since && f->t_first < s->since)
		return false;
	if (s->has_until && f->t_first >= s->until)
		return false;
	if (s->server_glob != NULL && !server_matches(s->server_glob, &f->server))
		return false;
	if (s->sni_glob != NULL) {
		/* A hello without server_name matches the empty pattern only. An SNI holding a
		 * NUL is matched up to it: no DNS name has one. */
		const char *sni = f->ch.has_sni ? f->ch.sni : "";
		if (fnmatch(s->sni_glob, sni, FNM_CASEFOLD) != 0)
			return false;
	}
	return true;
}

bool selection_parse_classes(const char *list, uint32_t *mask, char *err, size_t err_len)
{
	*mask = 0;
	char *copy = strdup(list);
	if (copy == NULL) {
		snprintf(err, err_len, "out of memory");
		return false;
	}
	bool ok = true;
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum tls_class c = class_from_name(tok);
		if (c != CLASS__COUNT) {
			*mask |= 1u << c;
			continue;
		}
		bool failed = strcmp(tok, "failed") == 0, incomplete = strcmp(tok, "incomplete") == 0;
		if (!failed && !incomplete) {
			snprintf(err, err_len, "%s", tok);
			ok = false;
			break;
		}
		for (int k = 0; k < CLASS__COUNT; k++) {
			if (failed ? class_failed((enum tls_class)k)
				   : class_outcome((enum tls_class)k) == CLASS_OUTCOME_INCOMPLETE)
				*mask |= 1u << k;
		}
	}
	free(copy);
	if (ok && *mask == 0) {
		snprintf(err, err_len, "%s", list);
		ok = false;
	}
	return ok;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (timegm without the environment). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* Exactly n decimal digits at *p, moved past them. */
static bool digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

/* "HH:MM" at *p, moved past it. */
static bool hours_minutes(const char **p, int *h, int *m)
{
	if (!digits(p, 2, h) || **p != ':')
		return false;
	++*p;
	return digits(p, 2, m) && *h <= 23 && *m <= 59;
}

bool selection_parse_time(const char *s, bool utc, double *out)
{
	char *end;
	double epoch = strtod(s, &end);
	if (end != s && *end == '\0' && strchr(s, '-') == NULL) {
		*out = epoch;
		return true;
	}
	int y, mo, d, h = 0, mi = 0;
	double sec = 0;
	const char *p = s;
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' || !digits(&p, 2, &d) || mo < 1 ||
	    mo > 12 || d < 1 || d > 31)
		return false;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (!hours_minutes(&p, &h, &mi))
			return false;
		if (*p == ':') {
			sec = strtod(p + 1, &end);
			if (end == p + 1 || sec < 0 || sec >= 61)
				return false;
			p = end;
		}
	}
	long offset = 0;
	bool zoned = false;
	if (*p == 'Z' || *p == 'z') {
		zoned = true;
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om;
		if (!hours_minutes(&p, &oh, &om))
			return false;
		offset = sign * (oh * 3600L + om * 60L);
		zoned = true;
	}
	if (*p != '\0')
		return false;
	double whole = (double)days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400.0 + h * 3600.0 + mi * 60.0;
	if (!zoned && !utc) {
		struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi,
				 .tm_isdst = -1 };
		time_t t = mktime(&tm);
		if (t == (time_t)-1)
			return false;
		whole = (double)t;
	}
	*out = whole + sec - (double)offset;
	return true;
}
