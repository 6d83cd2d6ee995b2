/*
 * extract.c — certificates out of the capture, as files a user can check with OpenSSL.
 *
 * Pipeline position: beside the report. One file per distinct certificate,
 * DIR/<sha256>.pem, written once; DIR/index.tsv gets a row per certificate and
 * attempt: fingerprint, role, chain position, capture, time, client, server, SNI,
 * class and subject.
 */
#include "extract.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cert.h"
#include "classes.h"
#include "escape.h"
#include "report.h"

struct extract {
	char *dir;
	FILE *index;
	bool failed;
};

struct extract *extract_open(const char *dir)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return NULL;
	struct extract *x = calloc(1, sizeof *x);
	if (x == NULL)
		return NULL;
	x->dir = strdup(dir);
	size_t len = strlen(dir) + 16;
	char *path = malloc(len);
	if (x->dir == NULL || path == NULL) {
		free(path);
		free(x->dir);
		free(x);
		return NULL;
	}
	snprintf(path, len, "%s/index.tsv", dir);
	bool fresh = access(path, F_OK) != 0;
	x->index = fopen(path, "a");
	free(path);
	if (x->index == NULL) {
		free(x->dir);
		free(x);
		return NULL;
	}
	if (fresh)
		fprintf(x->index, "sha256\trole\tchain_index\tfile\tts\tclient\tserver\tsni\tclass\tsubject\n");
	return x;
}

void extract_attempt(struct extract *x, const char *file, const struct facts *f, const struct verdict *v)
{
	static const char *const roles[2] = { "client", "server" };
	for (int s = 0; s < 2; s++) {
		for (unsigned i = 0; i < f->n_certs[s]; i++) {
			const struct cert_fact *c = &f->certs[s][i];
			if (!c->parsed || c->der == NULL)
				continue;
			size_t len = strlen(x->dir) + 80;
			char *path = malloc(len);
			if (path == NULL) {
				x->failed = true;
				continue;
			}
			snprintf(path, len, "%s/%s.pem", x->dir, c->sha256);
			if (access(path, F_OK) != 0) {
				FILE *out = fopen(path, "w");
				if (out == NULL || !cert_write_pem(c->der, c->der_len, out))
					x->failed = true;
				if (out != NULL && fclose(out) != 0)
					x->failed = true;
			}
			free(path);
			char client[80], server[80];
			report_endpoint(&f->client, client, sizeof client);
			report_endpoint(&f->server, server, sizeof server);
			fprintf(x->index, "%s\t%s\t%u\t", c->sha256, roles[s], i);
			escape_put_tsv_field(x->index, file ? file : "-");
			fprintf(x->index, "\t%.6f\t%s\t%s\t", f->t_first, client, server);
			char sni[BOUND_SNI];
			snprintf(sni, sizeof sni, "%s", f->ch.has_sni ? f->ch.sni : "-");
			escape_put_tsv_field(x->index, sni);
			fprintf(x->index, "\t%s\t", class_name(v->cls));
			escape_put_tsv_field(x->index, c->subject);
			fputc('\n', x->index);
		}
	}
}

bool extract_close(struct extract *x)
{
	if (x == NULL)
		return true;
	bool closed = fclose(x->index) == 0;
	bool ok = !x->failed && closed;
	free(x->dir);
	free(x);
	return ok;
}
